//! Terms as Hugo reads them from a page: the lists under a taxonomy's key, and the key Hugo
//! makes of a term's name.

use serde::{Deserialize, Serialize};

use crate::frontmatter::{Entry, Value};
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

/// The key Hugo files a term under: the term's content path below its taxonomy
/// (`categories/<key>`), as Hugo 0.168 makes it — every character lower-cased on its own
/// (Go's `strings.ToLower`: `İ` → `i`, no final-sigma rule) and each ASCII space made a `-`.
/// Nothing else changes: punctuation, accents, dots and other whitespace are kept, nothing
/// is trimmed, and a `/` nests (`A/B Testing` → `a/b-testing`). A term page's folder (or
/// file stem) is turned into its key the same way, so `Don't Panic` is found in
/// `categories/don't-panic/`, and `R&D` is not found in `categories/rd/`.
#[must_use]
pub fn term_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        if c == ' ' {
            key.push('-');
        } else {
            key.push(go_lower(c));
        }
    }
    key
}

/// Go's `unicode.ToLower`: the simple lower-case mapping of one character. (Rust's
/// `char::to_lowercase` is the full mapping; the one character whose full mapping is longer
/// than one character, `İ`, maps to `i` alone.)
#[must_use]
pub fn go_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(one), None) => one,
        (Some(first), Some(_)) => first,
        (None, _) => c,
    }
}

/// The term list of one `key: value` entry: a term name (`categories: Lean`) or a list of
/// them. Numbers and booleans are terms too, as Hugo turns them into text (`2024`, `true`);
/// nulls, lists and mappings are left out (Hugo files nothing under them either).
#[must_use]
pub fn term_list(e: &Entry) -> TermList {
    let items = match &e.value.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| as_term(&i.value).map(|s| (s, i.span)))
            .collect(),
        value => as_term(value)
            .map(|s| vec![(s, e.value.span)])
            .unwrap_or_default(),
    };
    TermList {
        key: e.key.name.clone(),
        key_span: e.key.span,
        items,
    }
}

/// A value as Hugo's `cast.ToString` makes a term of it.
fn as_term(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{Limits, read};

    #[test]
    fn term_keys_are_hugos_content_paths() {
        let cases = [
            (
                "AI and Automation in Agility",
                "ai-and-automation-in-agility",
            ),
            ("Beta Codex", "beta-codex"),
            ("Don't Panic", "don't-panic"),
            ("R&D", "r&d"),
            ("A/B Testing", "a/b-testing"),
            ("C#", "c#"),
            ("a.b", "a.b"),
            ("a  b", "a--b"),
            (" lead", "-lead"),
            ("trail/", "trail/"),
            ("tab\there", "tab\there"),
            ("a\u{a0}b", "a\u{a0}b"),
            ("Damián Avila", "damián-avila"),
            ("İstanbul", "istanbul"),
            ("ΣΑΣ", "σασ"),
            ("ẞ", "ß"),
            ("ǅ", "ǆ"),
            ("日本語", "日本語"),
        ];
        for (name, key) in cases {
            assert_eq!(term_key(name), key, "{name:?}");
        }
    }

    #[test]
    fn term_lists_of_a_page() {
        let src = "---\ntitle: Post\nCategories:\n  - Lean\n  - \"Kanban\"\ntags: agile\nother: [x]\n---\nbody";
        let root = read(src.as_bytes(), &Limits::default()).unwrap().root;
        let lists = crate::site::HugoFields::read(&root, &["categories", "tags"]).lists;
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].key, "Categories");
        let items: Vec<&str> = lists[0].items.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(items, ["Lean", "Kanban"]);
        let (_, span) = &lists[0].items[1];
        assert_eq!(&src[span.start..span.end], "\"Kanban\"");
        assert_eq!(lists[1].items[0].0, "agile");
        let src = "---\ncategories: [2024, true, 1.5, ~, x]\ntags: 7\n---\n";
        let root = read(src.as_bytes(), &Limits::default()).unwrap().root;
        let lists = crate::site::HugoFields::read(&root, &["categories", "tags"]).lists;
        let names: Vec<&str> = lists
            .iter()
            .flat_map(|l| &l.items)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(names, ["2024", "true", "1.5", "x", "7"]);
    }
}
