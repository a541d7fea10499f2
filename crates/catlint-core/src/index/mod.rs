//! The repository index: every term page and every post's taxonomy references of one site,
//! front matter only, and the cross-file rules that read it.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::engine::schema::keys_equal;
use crate::engine::suppress::{self, Suppression};
use crate::frontmatter::{self, Limits, Node, Value};
use crate::rules;
use crate::site::{Taxonomy, TermLocation};
use crate::span::Span;

/// A term page, as the cross-file rules see it.
#[derive(Debug, Clone)]
pub struct TermPage {
    /// The file.
    pub path: PathBuf,
    /// Its taxonomy, key, language and layout.
    pub location: TermLocation,
    /// Its title and where it is written, if it has a readable one.
    pub title: Option<(String, Span)>,
    /// Where to report a problem of the whole page: the opening delimiter.
    pub anchor: Span,
    /// The name the Instructions open with, when it is the title in another number.
    pub instructions_variant: Option<(String, Span)>,
}

/// A post's list of terms of one taxonomy (`categories: [Lean, Kanban]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermList {
    /// The front matter key as written (`categories`).
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// Each term as written, and where.
    pub items: Vec<(String, Span)>,
}

/// A content page that files itself under terms.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file.
    pub path: PathBuf,
    /// Its term lists.
    pub lists: Vec<TermList>,
    /// Its suppression comments.
    pub suppressions: Vec<crate::engine::suppress::Suppression>,
}

impl TermPage {
    /// The term page at `path`, from what its check or facts found.
    #[must_use]
    pub fn new(path: PathBuf, location: TermLocation, facts: &crate::engine::TermFacts) -> Self {
        Self {
            path,
            location,
            title: facts.title.clone(),
            anchor: facts.anchor,
            instructions_variant: facts.instructions_variant.clone(),
        }
    }
}

impl Post {
    /// A page's post from its term lists and suppression comments (see [`read_post`]); a
    /// page with comments but no terms is kept, as its comments may be unused. `None` when it
    /// has neither.
    #[must_use]
    pub fn of_page(
        path: &std::path::Path,
        lists: Vec<TermList>,
        suppressions: Vec<Suppression>,
    ) -> Option<Self> {
        (!lists.is_empty() || !suppressions.is_empty()).then(|| Self {
            path: path.to_path_buf(),
            lists,
            suppressions,
        })
    }

    /// The post of a term page that lists terms itself (a category filed under concepts),
    /// taking the lists its check or facts collected (see
    /// [`crate::engine::Checker::check_term_listing`]); `None` when it lists none.
    pub fn of_term(path: &std::path::Path, facts: &mut crate::engine::TermFacts) -> Option<Self> {
        (!facts.lists.is_empty()).then(|| Self {
            path: path.to_path_buf(),
            lists: std::mem::take(&mut facts.lists),
            suppressions: facts.suppressions.clone(),
        })
    }
}

/// Everything the cross-file rules need of one site.
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    /// The site's taxonomies (declared, or Hugo's defaults).
    pub taxonomies: Vec<Taxonomy>,
    /// Every term page.
    pub terms: Vec<TermPage>,
    /// Every post with term lists.
    pub posts: Vec<Post>,
    /// Content sections laid out like a taxonomy (`concepts/<x>/_index.md`) that the site
    /// configuration does not declare.
    pub undeclared_sections: BTreeSet<String>,
}

impl SiteIndex {
    /// The terms of `taxonomy` (plural name).
    pub(crate) fn terms_of<'a>(
        &'a self,
        taxonomy: &'a str,
    ) -> impl Iterator<Item = &'a TermPage> + 'a {
        self.terms
            .iter()
            .filter(move |t| t.location.taxonomy == taxonomy)
    }

    /// Run every cross-file rule. Each diagnostic comes with the file it belongs to.
    #[must_use]
    pub fn check(&self) -> Vec<(PathBuf, Diagnostic)> {
        let mut out = Vec::new();
        let groups = self.groups();
        rules::instructions_opening::check_index(self, &mut out);
        rules::bundle_conflict::check(&groups, &mut out);
        rules::duplicate_term::check(self, &groups, &mut out);
        rules::term_path_mismatch::check(self, &mut out);
        rules::undefined_term::check(self, &mut out);
        rules::unused_term::check(self, &groups, &mut out);
        rules::undeclared_taxonomy::check(self, &mut out);
        // Some rules visit terms in no particular order: fix one.
        out.sort_by(|(a, x), (b, y)| {
            a.cmp(b)
                .then(
                    x.span
                        .map(|s| (s.start, s.end))
                        .cmp(&y.span.map(|s| (s.start, s.end))),
                )
                .then(x.rule.cmp(&y.rule))
                .then_with(|| x.message.cmp(&y.message))
        });
        out
    }
}

/// Term pages grouped by taxonomy, language and key (ignoring case), each group in path
/// order: the pages Hugo would treat as one term. (Groups come in no particular order:
/// [`SiteIndex::check`] sorts the diagnostics once every rule has reported.)
pub(crate) type TermGroups<'a> = HashMap<(&'a str, &'a str, String), Vec<&'a TermPage>>;

impl SiteIndex {
    /// The term pages grouped by term (see [`TermGroups`]).
    pub(crate) fn groups(&self) -> TermGroups<'_> {
        let mut groups: TermGroups<'_> = HashMap::with_capacity(self.terms.len());
        for t in &self.terms {
            let l = &t.location;
            groups
                .entry((
                    l.taxonomy.as_str(),
                    l.lang.as_deref().unwrap_or_default(),
                    l.key.to_lowercase(),
                ))
                .or_default()
                .push(t);
        }
        for group in groups.values_mut() {
            group.sort_by(|a, b| a.path.cmp(&b.path));
        }
        groups
    }
}

/// The term key Hugo derives from a name, as `urlize` does: lower case, spaces to hyphens,
/// most punctuation dropped (`AI and Automation` → `ai-and-automation`).
#[must_use]
pub fn term_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_whitespace() {
            key.push('-');
        } else if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '#') {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// The term lists of a post's front matter — the top-level keys in `keys` (matched ignoring
/// case) whose value is a term name or a list of them — and its suppression comments. A page
/// whose front matter does not parse has none (its own check reports why).
#[must_use]
pub fn read_post(src: &[u8], keys: &[&str], limits: &Limits) -> (Vec<TermList>, Vec<Suppression>) {
    let Ok(extracted) = frontmatter::extract(src) else {
        return (Vec::new(), Vec::new());
    };
    let content = extracted.content;
    let Some(text) = src
        .get(content.start..content.end)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return (Vec::new(), Vec::new());
    };
    let Ok(root) = frontmatter::parse(extracted.format, text, content.start, limits) else {
        return (Vec::new(), Vec::new());
    };
    let lists = term_lists(&root, keys);
    (lists, suppress::find(src, content, &root))
}

/// The term lists of parsed front matter: the top-level keys in `keys` (matched ignoring
/// case) whose value is a term name or a list of them.
#[must_use]
pub fn term_lists(root: &Node, keys: &[&str]) -> Vec<TermList> {
    let Some(entries) = root.as_map() else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| keys.iter().any(|k| keys_equal(k, &e.key.name)))
        .map(|e| {
            let items = match &e.value.value {
                Value::String(s) => vec![(s.clone(), e.value.span)],
                Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| (s.to_owned(), i.span)))
                    .collect(),
                _ => Vec::new(),
            };
            TermList {
                key: e.key.name.clone(),
                key_span: e.key.span,
                items,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_keys_follow_hugo_urlize() {
        assert_eq!(
            term_key("AI and Automation in Agility"),
            "ai-and-automation-in-agility"
        );
        assert_eq!(term_key("Beta Codex"), "beta-codex");
        assert_eq!(term_key("BetaCodex"), "betacodex");
        assert_eq!(term_key("Scrum Master's Role!"), "scrum-masters-role");
        assert_eq!(term_key("C#"), "c#");
        assert_eq!(term_key("Évolution"), "évolution");
    }

    #[test]
    fn term_lists_of_a_post() {
        let src = "---\ntitle: Post\nCategories:\n  - Lean\n  - \"Kanban\"\ntags: agile\nother: [x]\n---\nbody";
        let (lists, _) = read_post(src.as_bytes(), &["categories", "tags"], &Limits::default());
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].key, "Categories");
        let items: Vec<&str> = lists[0].items.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(items, ["Lean", "Kanban"]);
        let (_, span) = &lists[0].items[1];
        assert_eq!(&src[span.start..span.end], "\"Kanban\"");
        assert_eq!(lists[1].items[0].0, "agile");
        assert!(
            read_post(b"no front matter", &["tags"], &Limits::default())
                .0
                .is_empty()
        );
    }
}
