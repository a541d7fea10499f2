//! Terms as Hugo reads them from a page: the lists under a taxonomy's key, and the key Hugo
//! makes of a term's name.

use serde::{Deserialize, Serialize};

use crate::frontmatter::{Node, Value, keys_equal};
use crate::span::Span;

/// A page's list of terms of one taxonomy (`categories: [Lean, Kanban]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermList {
    /// The front matter key as written (`categories`).
    pub key: String,
    /// Where the key is written.
    pub key_span: Span,
    /// Each term as written, and where.
    pub items: Vec<(String, Span)>,
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
    use crate::frontmatter::{Limits, read};

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
    fn term_lists_of_a_page() {
        let src = "---\ntitle: Post\nCategories:\n  - Lean\n  - \"Kanban\"\ntags: agile\nother: [x]\n---\nbody";
        let root = read(src.as_bytes(), &Limits::default()).unwrap().root;
        let lists = term_lists(&root, &["categories", "tags"]);
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].key, "Categories");
        let items: Vec<&str> = lists[0].items.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(items, ["Lean", "Kanban"]);
        let (_, span) = &lists[0].items[1];
        assert_eq!(&src[span.start..span.end], "\"Kanban\"");
        assert_eq!(lists[1].items[0].0, "agile");
    }
}
