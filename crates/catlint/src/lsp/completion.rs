//! Completion: front matter keys not yet present (at the top level and inside `headline`,
//! with a snippet for the whole `headline` block), and the existing terms of a taxonomy, by
//! title, in a page's `categories:` / `tags:` / … list (block `- ` items and flow `[a, b]`).
//!
//! The cursor's context is read from the text line by line, not from the parsed tree: while
//! someone types, the front matter is often not valid YAML.

use catlint_core::frontmatter::keys_equal;
use catlint_core::frontmatter::{self, ExtractError, Format};
use catlint_core::rules::schema::SchemaIndex;
use catlint_core::span::Span;

use super::workspace::TermInfo;

/// Where the cursor is, for completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Context {
    /// Typing a key of the mapping at `path` (empty: the top level).
    Key {
        format: Format,
        path: Vec<String>,
        /// The bytes typed so far (replaced by the completion).
        typed: Span,
        /// The keys the mapping already has.
        present: Vec<String>,
    },
    /// Typing an item of the term list under the top-level `key`.
    Term {
        format: Format,
        key: String,
        typed: Span,
        /// Inside `[ … ]`: a comma or bracket in a title needs quotes.
        flow: bool,
    },
}

/// The completion context at byte `offset` of `text`, if it is inside YAML or TOML front
/// matter.
pub(crate) fn context(text: &str, offset: usize) -> Option<Context> {
    let (format, content) = match frontmatter::extract(text.as_bytes()) {
        Ok(e) => (e.format, e.content),
        // Still being written: the front matter runs to the end of the text.
        Err(ExtractError::Unterminated { format, open }) => {
            (format, Span::new(open.end, text.len()))
        }
        Err(ExtractError::Missing) => return None,
    };
    if offset < content.start || offset > content.end || !text.is_char_boundary(offset) {
        return None;
    }
    let lines = Lines::new(text, content);
    match format {
        Format::Yaml => yaml_context(text, &lines, offset),
        Format::Toml => toml_context(text, &lines, offset),
        Format::Json => None,
    }
}

/// The lines of the front matter: (start, end without the line break).
struct Lines {
    lines: Vec<(usize, usize)>,
}

impl Lines {
    fn new(text: &str, content: Span) -> Self {
        let mut lines = Vec::new();
        let bytes = text.as_bytes();
        let mut start = content.start;
        let mut i = content.start;
        while i < content.end {
            match bytes[i] {
                b'\n' => {
                    lines.push((start, trim_cr(bytes, start, i)));
                    start = i + 1;
                }
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    lines.push((start, i));
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        lines.push((start, content.end.max(start)));
        Self { lines }
    }

    /// The index of the line holding `offset`.
    fn at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1)
    }

    fn text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.lines
            .get(i)
            .and_then(|&(s, e)| text.get(s..e))
            .unwrap_or_default()
    }
}

fn trim_cr(bytes: &[u8], start: usize, end: usize) -> usize {
    if end > start && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Blank lines and comment lines say nothing about structure.
fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// `key:` (with an optional value) at the start of `line`, after its indentation: the key
/// without quotes, and the byte offset (in `line`) after the colon.
fn yaml_key(line: &str) -> Option<(String, usize)> {
    let lead = indent(line);
    let rest = &line[lead..];
    if rest.starts_with(['-', '#']) {
        return None;
    }
    let (key, after) = if let Some(q) = rest.strip_prefix(['"', '\'']) {
        let quote = rest.chars().next()?;
        let close = q.find(quote)?;
        let after = lead + 1 + close + 1;
        (q[..close].to_owned(), after)
    } else {
        let colon = rest.find(':')?;
        (rest[..colon].trim_end().to_owned(), lead + colon)
    };
    let tail = line.get(after..)?;
    let tail = tail.trim_start_matches([' ', '\t']);
    let colon_at = line.len() - tail.len();
    let rest = tail.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) || key.is_empty() {
        return None;
    }
    Some((key, colon_at + 1))
}

fn yaml_context(text: &str, lines: &Lines, offset: usize) -> Option<Context> {
    let i = lines.at(offset);
    let (start, _) = *lines.lines.get(i)?;
    let before = text.get(start..offset)?;
    let lead = indent(before);
    let after_indent = &before[lead..];
    // A block list item: `  - Kan|`.
    if let Some(item) = after_indent.strip_prefix('-')
        && (item.is_empty() || item.starts_with([' ', '\t']))
    {
        return yaml_item_context(text, lines, i, item, offset);
    }
    // A value on the key's line: `categories: [Lean, Kan|` or `categories: Kan|`.
    if lead == 0
        && let Some((key, after)) = yaml_key(before)
    {
        return yaml_value_context(before, start, key, after, offset);
    }
    yaml_key_context(text, lines, i, lead, after_indent, offset)
}

/// The term being typed as a block list item (`  - Kan|`) on line `i`; `item` is what
/// follows the dash.
fn yaml_item_context(
    text: &str,
    lines: &Lines,
    i: usize,
    item: &str,
    offset: usize,
) -> Option<Context> {
    let typed_text = item.trim_start_matches([' ', '\t']);
    if typed_text.contains(": ") {
        return None;
    }
    // The list's key: the nearest line above that is neither an item nor blank, a
    // top-level `key:` with nothing after the colon.
    let key_line = (0..i)
        .rev()
        .map(|j| lines.text(text, j))
        .find(|l| !is_blank(l) && !l.trim_start().starts_with('-'))?;
    let key = (indent(key_line) == 0)
        .then(|| yaml_key(key_line))
        .flatten()?;
    let rest = key_line[key.1..].trim();
    if !rest.is_empty() && !rest.starts_with('#') {
        return None; // the key has a value on its own line: this is not its list
    }
    Some(Context::Term {
        format: Format::Yaml,
        key: key.0,
        typed: Span::new(offset - typed_text.len(), offset),
        flow: false,
    })
}

/// The term being typed as the value of `key` on its line (`before`, which starts at byte
/// `start`; the value after byte `after` of it).
fn yaml_value_context(
    before: &str,
    start: usize,
    key: String,
    after: usize,
    offset: usize,
) -> Option<Context> {
    let value = &before[after..];
    let value_start = start + after + (value.len() - value.trim_start().len());
    let value = value.trim_start();
    if let Some(flow) = value.strip_prefix('[') {
        if flow.contains(']') {
            return None;
        }
        let item = flow.rsplit(',').next().unwrap_or_default();
        let typed_text = item.trim_start();
        return Some(Context::Term {
            format: Format::Yaml,
            key,
            typed: Span::new(offset - typed_text.len(), offset),
            flow: true,
        });
    }
    if value.starts_with(['|', '>', '{', '&', '*', '!']) {
        return None;
    }
    Some(Context::Term {
        format: Format::Yaml,
        key,
        typed: Span::new(value_start, offset),
        flow: false,
    })
}

/// The key being typed on line `i` (indented by `lead`): only key characters so far.
fn yaml_key_context(
    text: &str,
    lines: &Lines,
    i: usize,
    lead: usize,
    after_indent: &str,
    offset: usize,
) -> Option<Context> {
    if !after_indent
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let typed = Span::new(offset - after_indent.len(), offset);
    // The parents: each nearest line above with less indentation.
    let mut path = Vec::new();
    let mut level = lead;
    let mut block_start = 0;
    for j in (0..i).rev() {
        let l = lines.text(text, j);
        if is_blank(l) || indent(l) >= level {
            continue;
        }
        let (key, after) = yaml_key(l)?;
        if !l[after..].trim().is_empty() && !l[after..].trim_start().starts_with('#') {
            return None; // a parent with a value on its line is not a mapping
        }
        if path.is_empty() {
            block_start = j + 1;
        }
        path.push(key);
        level = indent(l);
        if level == 0 {
            break;
        }
    }
    if level > 0 && lead > 0 {
        return None;
    }
    path.reverse();
    // The keys already in this mapping: lines of the same indentation in its block.
    let mut present = Vec::new();
    for j in block_start..lines.lines.len() {
        if j == i {
            continue;
        }
        let l = lines.text(text, j);
        if is_blank(l) {
            continue;
        }
        if indent(l) < lead && j > i {
            break;
        }
        if indent(l) == lead
            && let Some((key, _)) = yaml_key(l)
        {
            present.push(key);
        }
    }
    Some(Context::Key {
        format: Format::Yaml,
        path,
        typed,
        present,
    })
}

fn toml_context(text: &str, lines: &Lines, offset: usize) -> Option<Context> {
    let i = lines.at(offset);
    let (start, _) = *lines.lines.get(i)?;
    let before = text.get(start..offset)?;
    let trimmed = before.trim_start();
    if let Some((key, value)) = trimmed.split_once('=') {
        let flow = value.trim_start().strip_prefix('[')?;
        if flow.contains(']') {
            return None;
        }
        let item = flow.rsplit(',').next().unwrap_or_default().trim_start();
        return Some(Context::Term {
            format: Format::Toml,
            key: key.trim().trim_matches(['"', '\'']).to_owned(),
            typed: Span::new(offset - item.len(), offset),
            flow: true,
        });
    }
    if !trimmed
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    // The table the cursor is in: the nearest `[table]` above.
    let table_of = |j: usize| {
        (0..j)
            .rev()
            .map(|k| lines.text(text, k).trim())
            .find_map(|l| {
                l.strip_prefix('[')
                    .and_then(|t| t.strip_suffix(']'))
                    .map(|t| t.trim().trim_matches(['"', '\'']).to_owned())
            })
    };
    let table = table_of(i);
    let mut present = Vec::new();
    for j in 0..lines.lines.len() {
        if j == i {
            continue;
        }
        let l = lines.text(text, j).trim();
        if let Some((key, _)) = l.split_once('=')
            && !l.starts_with('#')
            && table_of(j) == table
        {
            present.push(key.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    Some(Context::Key {
        format: Format::Toml,
        path: table.into_iter().collect(),
        typed: Span::new(offset - trimmed.len(), offset),
        present,
    })
}

/// A completion, before conversion to LSP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub(crate) label: String,
    pub(crate) detail: Option<String>,
    pub(crate) documentation: Option<String>,
    /// Replaces [`Item::replace`].
    pub(crate) insert: String,
    pub(crate) replace: Span,
    pub(crate) snippet: bool,
    pub(crate) kind: ItemKind,
    /// Orders the list (keys the model requires first).
    pub(crate) sort: String,
}

/// What an item completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    Key,
    Term,
}

/// The fields a category page needs, first in the list.
const MAIN_FIELDS: [&str; 5] = catlint_core::model::schema::REQUIRED_FIELDS;

/// How the `headline` block is inserted: a snippet (when the client takes snippets) that
/// repeats the page's title and dates the headline today.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadlineBlock<'a> {
    pub(crate) snippets: bool,
    pub(crate) title: Option<&'a str>,
    pub(crate) today: &'a str,
}

/// Key completions for a mapping at `path`.
pub(crate) fn keys(
    schema: &SchemaIndex,
    format: Format,
    path: &[String],
    typed: Span,
    present: &[String],
    block: HeadlineBlock<'_>,
) -> Vec<Item> {
    let mut ctx = schema.root_context();
    for key in path {
        let Some(name) = schema.canonical_key(&ctx, key) else {
            return Vec::new();
        };
        ctx = schema.property_context(&ctx, name);
    }
    let separator = match format {
        Format::Toml => " = ",
        _ => ": ",
    };
    schema
        .known_keys(&ctx)
        .into_iter()
        .filter(|k| !present.iter().any(|p| keys_equal(p, k)))
        .map(|key| {
            let field = schema.property_context(&ctx, key);
            let documentation = schema.description(&field).map(str::to_owned);
            let rank = MAIN_FIELDS
                .iter()
                .position(|m| *m == key)
                .unwrap_or(MAIN_FIELDS.len());
            let headline = path.is_empty() && key == "headline" && format == Format::Yaml;
            let (insert, snippet) = if headline {
                headline_block(block)
            } else {
                (format!("{key}{separator}"), false)
            };
            Item {
                label: key.to_owned(),
                detail: headline.then(|| {
                    "the headline block (cards, title, subtitle, content, updated)".to_owned()
                }),
                documentation,
                insert,
                replace: typed,
                snippet,
                kind: ItemKind::Key,
                sort: format!("{rank}{}", key.to_lowercase()),
            }
        })
        .collect()
}

/// The `headline` block: a snippet with tab stops, or plain text for clients without
/// snippets.
fn headline_block(block: HeadlineBlock<'_>) -> (String, bool) {
    let (title, today) = (block.title.unwrap_or_default(), block.today);
    if block.snippets {
        let title = escape_snippet(title);
        (
            format!(
                "headline:\n  cards: []\n  title: ${{1:{title}}}\n  subtitle: ${{2}}\n  content: ${{3}}\n  updated: ${{4:{today}}}"
            ),
            true,
        )
    } else {
        (
            format!(
                "headline:\n  cards: []\n  title: {title}\n  subtitle: \n  content: \n  updated: {today}"
            ),
            false,
        )
    }
}

fn escape_snippet(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('$', "\\$")
        .replace('}', "\\}")
}

/// Term completions: every term of the taxonomy not yet listed, by title.
pub(crate) fn terms(
    terms: &[TermInfo],
    singular: &str,
    format: Format,
    typed: Span,
    flow: bool,
    listed: &[String],
) -> Vec<Item> {
    let listed: Vec<String> = listed
        .iter()
        .map(|n| catlint_core::site::term_key(n))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    terms
        .iter()
        .filter(|t| !listed.contains(&t.key.to_lowercase()))
        .filter_map(|t| {
            let name = t.title.clone().unwrap_or_else(|| t.key.clone());
            seen.insert(name.to_lowercase()).then_some((t, name))
        })
        .map(|(t, name)| Item {
            insert: quote(&name, format, flow),
            label: name.clone(),
            detail: Some(format!("{singular} `{}`", t.key)),
            documentation: t.description.clone(),
            replace: typed,
            snippet: false,
            kind: ItemKind::Term,
            sort: name.to_lowercase(),
        })
        .collect()
}

/// A term name as a list item: quoted where the format needs it.
fn quote(name: &str, format: Format, flow: bool) -> String {
    let double = || format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    match format {
        Format::Toml | Format::Json => double(),
        Format::Yaml if needs_quotes(name, flow) => double(),
        Format::Yaml => name.to_owned(),
    }
}

/// Whether a YAML plain scalar cannot hold `name` as text.
fn needs_quotes(name: &str, flow: bool) -> bool {
    const INDICATORS: [char; 20] = [
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ];
    if name.is_empty() || name.starts_with(INDICATORS) || name.ends_with(' ') {
        return true;
    }
    if name.contains(": ") || name.contains(" #") {
        return true;
    }
    if flow && name.contains([',', '[', ']', '{', '}']) {
        return true;
    }
    let lower = name.to_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) || name.parse::<f64>().is_ok()
}

/// `2025-06-01T00:00:00Z` for the Unix time `seconds` (UTC, the day's start).
pub(crate) fn date_of(seconds: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text_with_cursor: &str) -> Option<Context> {
        let offset = text_with_cursor.find('¦').unwrap();
        let text = text_with_cursor.replacen('¦', "", 1);
        context(&text, offset)
    }

    #[test]
    fn keys_at_the_top_level_and_in_headline() {
        let c = ctx("---\ntitle: Lean\nde¦\nheadline:\n  title: x\n---\nbody").unwrap();
        let Context::Key {
            path,
            present,
            typed,
            ..
        } = c
        else {
            panic!("{c:?}")
        };
        assert!(path.is_empty());
        assert_eq!(present, ["title", "headline"]);
        assert_eq!(typed.len(), 2);
        let c = ctx("---\ntitle: Lean\nheadline:\n  title: x\n  s¦\nfoo: 1\n---\n").unwrap();
        let Context::Key { path, present, .. } = c else {
            panic!("{c:?}")
        };
        assert_eq!(path, ["headline"]);
        assert_eq!(present, ["title"]);
        // In a value, or in the body: nothing.
        assert!(ctx("---\ntitle: Le¦an\n---\n").is_some_and(|c| matches!(c, Context::Term { .. })));
        assert!(ctx("---\ntitle: x\n---\nbo¦dy").is_none());
        assert!(ctx("---\ndescription: |\n  some te¦xt\n---\n").is_none());
    }

    #[test]
    fn term_lists_block_and_flow() {
        let c = ctx("---\ntitle: P\ncategories:\n  - Lean\n  - Ka¦\ntags: [x]\n---\n").unwrap();
        assert!(
            matches!(&c, Context::Term { key, flow: false, typed, .. } if key == "categories" && typed.len() == 2),
            "{c:?}"
        );
        let c = ctx("---\ncategories:\n- ¦\n---\n").unwrap();
        assert!(
            matches!(&c, Context::Term { key, typed, .. } if key == "categories" && typed.is_empty()),
            "{c:?}"
        );
        let c = ctx("---\ntags: [Lean, Sc¦\n---\n").unwrap();
        assert!(
            matches!(&c, Context::Term { key, flow: true, typed, .. } if key == "tags" && typed.len() == 2),
            "{c:?}"
        );
        let c = ctx("+++\ntags = [\"Lean\", \"Sc¦\n+++\n").unwrap();
        assert!(
            matches!(&c, Context::Term { key, flow: true, typed, .. } if key == "tags" && typed.len() == 3),
            "{c:?}"
        );
        // An item of a nested list is not a term list at the top level.
        let c = ctx("---\nheadline:\n  cards:\n    - ¦\n---\n");
        assert!(c.is_none(), "{c:?}");
    }

    #[test]
    fn crlf_and_non_ascii_lines() {
        let c = ctx("---\r\ntitle: Ünï\r\ncategories:\r\n  - É¦\r\n---\r\n").unwrap();
        assert!(
            matches!(&c, Context::Term { key, typed, .. } if key == "categories" && typed.len() == 2),
            "{c:?}"
        );
    }

    #[test]
    fn key_items_skip_present_keys_and_offer_the_headline_snippet() {
        let schema = SchemaIndex::new(catlint_schema::category_schema());
        let items = keys(
            &schema,
            Format::Yaml,
            &[],
            Span::new(0, 0),
            &["Title".to_owned()],
            HeadlineBlock {
                snippets: true,
                title: Some("Lean"),
                today: "2026-01-01T00:00:00Z",
            },
        );
        assert!(!items.iter().any(|i| i.label == "title"));
        let headline = items.iter().find(|i| i.label == "headline").unwrap();
        assert!(headline.snippet);
        assert!(
            headline.insert.contains("title: ${1:Lean}"),
            "{}",
            headline.insert
        );
        assert!(
            headline
                .insert
                .contains("updated: ${4:2026-01-01T00:00:00Z}")
        );
        let inner = keys(
            &schema,
            Format::Yaml,
            &["headline".to_owned()],
            Span::new(0, 0),
            &["title".to_owned()],
            HeadlineBlock {
                snippets: true,
                title: None,
                today: "",
            },
        );
        let labels: Vec<&str> = inner.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["cards", "content", "subtitle", "updated"]);
    }

    #[test]
    fn term_items_are_titles_quoted_when_needed() {
        let t = |key: &str, title: &str| TermInfo {
            key: key.into(),
            title: Some(title.into()),
            description: None,
            path: "x".into(),
        };
        let all = [
            t("lean", "Lean"),
            t("a-b", "Yes"),
            t("c", "Value, Flow"),
            t("kanban", "Kanban"),
        ];
        let items = terms(
            &all,
            "category",
            Format::Yaml,
            Span::new(0, 0),
            true,
            &["kanban".to_owned()],
        );
        let inserts: Vec<&str> = items.iter().map(|i| i.insert.as_str()).collect();
        assert_eq!(inserts, ["Lean", "\"Yes\"", "\"Value, Flow\""]);
    }

    #[test]
    fn dates() {
        assert_eq!(date_of(0), "1970-01-01T00:00:00Z");
        assert_eq!(date_of(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(date_of(951_782_400), "2000-02-29T00:00:00Z");
    }
}
