//! Hover: a front matter key shows its field's documentation (the model's doc comment, as
//! the schema's `description`); a term in a page's `categories:` (or any taxonomy) list
//! shows that term's title, description and page.

use catlint_core::frontmatter::{self, Limits, Node, Value};
use catlint_core::rules::schema::SchemaIndex;
use catlint_core::rules::{PageFacts, Settings};
use catlint_core::site::term_key;
use catlint_core::span::Span;

use super::workspace::TermInfo;

/// Hover text (Markdown) and the bytes it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HoverText {
    pub(crate) markdown: String,
    pub(crate) span: Span,
}

/// The term list item under `offset`, if any: the taxonomy key as written, the term as
/// written, and where.
pub(crate) fn term_at(
    text: &str,
    offset: usize,
    keys: &[String],
    limits: &Limits,
) -> Option<(String, String, Span)> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let settings = Settings {
        limits: *limits,
        ..Settings::default()
    };
    let lists = PageFacts::read(text.as_bytes(), &settings, &keys, false)
        .hugo
        .lists;
    lists.into_iter().find_map(|list| {
        let key = list.key;
        list.items
            .into_iter()
            .find(|(_, span)| span.start <= offset && offset <= span.end)
            .map(|(name, span)| (key.clone(), name, span))
    })
}

/// The hover of a term: `terms` are the taxonomy's terms, `singular` its singular name.
pub(crate) fn term_hover(
    name: &str,
    span: Span,
    singular: &str,
    terms: &[TermInfo],
) -> Option<HoverText> {
    let key = term_key(name);
    let term = terms.iter().find(|t| t.key.to_lowercase() == key)?;
    let mut markdown = format!(
        "**{}** — {singular} `{}`",
        term.title.as_deref().unwrap_or(&term.key),
        term.key
    );
    if let Some(description) = &term.description {
        markdown.push_str("\n\n");
        markdown.push_str(description);
    }
    markdown.push_str(&format!("\n\n`{}`", term.path.display()));
    Some(HoverText { markdown, span })
}

/// The key path (`["headline", "title"]`) and key span under `offset`, when the front
/// matter parses.
pub(crate) fn key_at(text: &str, offset: usize, limits: &Limits) -> Option<(Vec<String>, Span)> {
    let extracted = frontmatter::extract(text.as_bytes()).ok()?;
    let content = extracted.content;
    let fm = text.get(content.start..content.end)?;
    let root = frontmatter::parse(extracted.format, fm, content.start, limits).ok()?;
    let mut path = Vec::new();
    find_key(&root, offset, &mut path).map(|span| (path, span))
}

fn find_key(node: &Node, offset: usize, path: &mut Vec<String>) -> Option<Span> {
    let contains = |s: Span| s.start <= offset && offset <= s.end;
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|e| {
            if contains(e.key.span) && !e.key.span.is_empty() {
                path.push(e.key.name.clone());
                return Some(e.key.span);
            }
            if contains(e.value.span) {
                path.push(e.key.name.clone());
                let found = find_key(&e.value, offset, path);
                if found.is_none() {
                    path.pop();
                }
                return found;
            }
            None
        }),
        Value::Seq(items) => items
            .iter()
            .filter(|i| contains(i.span))
            .find_map(|i| find_key(i, offset, path)),
        _ => None,
    }
}

/// The documentation of the field at `path` in `schema` (keys matched ignoring case, as
/// catlint and Hugo do).
pub(crate) fn field_hover(schema: &SchemaIndex, path: &[String], span: Span) -> Option<HoverText> {
    let mut ctx = schema.root_context();
    let mut canonical = Vec::with_capacity(path.len());
    for key in path {
        let name = schema.canonical_key(&ctx, key)?;
        canonical.push(name.to_owned());
        ctx = schema.property_context(&ctx, name);
    }
    let description = schema.description(&ctx)?;
    let shown = canonical.join(".");
    let mut markdown = format!("**`{shown}`**\n\n{description}");
    let written = path.join(".");
    if written != shown {
        markdown.push_str(&format!(
            "\n\n(written `{written}`: catlint and Hugo read keys ignoring case)"
        ));
    }
    Some(HoverText { markdown, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> SchemaIndex {
        SchemaIndex::new(catlint_schema::category_schema())
    }

    #[test]
    fn a_key_shows_its_field_documentation() {
        let text = "---\ntitle: Lean\nheadline:\n  Subtitle: x\n---\nbody";
        let at = text.find("Subtitle").unwrap() + 2;
        let (path, span) = key_at(text, at, &Limits::default()).unwrap();
        assert_eq!(path, ["headline", "Subtitle"]);
        assert_eq!(&text[span.start..span.end], "Subtitle");
        let hover = field_hover(&schema(), &path, span).unwrap();
        assert!(
            hover
                .markdown
                .starts_with("**`headline.subtitle`**\n\nOne line under the headline title"),
            "{}",
            hover.markdown
        );
        assert!(hover.markdown.contains("written `headline.Subtitle`"));
        let at = text.find("title").unwrap();
        let (path, span) = key_at(text, at, &Limits::default()).unwrap();
        assert!(
            field_hover(&schema(), &path, span)
                .unwrap()
                .markdown
                .contains("display name")
        );
        // Not on a key; an unknown key.
        assert!(key_at(text, text.find("body").unwrap(), &Limits::default()).is_none());
        assert!(field_hover(&schema(), &["nope".to_owned()], span).is_none());
    }

    #[test]
    fn a_term_shows_its_description() {
        let text = "---\ntitle: Post\ncategories:\n  - Kanban\n  - Nope\n---\n";
        let at = text.find("Kanban").unwrap() + 1;
        let (key, name, span) =
            term_at(text, at, &["categories".to_owned()], &Limits::default()).unwrap();
        assert_eq!((key.as_str(), name.as_str()), ("categories", "Kanban"));
        let terms = [TermInfo {
            key: "kanban".into(),
            title: Some("Kanban".into()),
            description: Some("Visualising work.".into()),
            path: "content/categories/kanban/_index.md".into(),
        }];
        let hover = term_hover(&name, span, "category", &terms).unwrap();
        assert!(
            hover
                .markdown
                .contains("**Kanban** — category `kanban`\n\nVisualising work.")
        );
        assert!(term_hover("Nope", span, "category", &terms).is_none());
    }
}
