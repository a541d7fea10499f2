//! `cascade`: front matter a page (or the site configuration) hands down to the pages below
//! it. Hugo applies an entry to the page that declares it and to every page under it in the
//! same language whose path, kind and environment match the entry's `target` (`_target` is
//! the deprecated spelling), filling only the keys a page lacks; the nearest entry wins key
//! by key.

use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

use super::fields::HugoFields;
use crate::frontmatter::{Entry, Node, Value, keys_equal};
use crate::span::Span;

/// Which pages an entry applies to: each given part is a glob that must match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The page's path (`/docs/**`).
    pub path: Option<String>,
    /// The page's kind (`page`, `section`, `term`, …).
    pub kind: Option<String>,
    /// The build environment (`production` for `hugo`).
    pub environment: Option<String>,
    /// The page's language.
    pub lang: Option<String>,
}

/// One cascade entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cascade {
    /// The pages it applies to.
    pub target: Target,
    /// What it hands down.
    pub fields: HugoFields,
    /// Where the entry is written.
    pub span: Span,
}

/// A page as a cascade target sees it.
#[derive(Debug, Clone, Copy)]
pub struct TargetPage<'a> {
    /// Hugo's path of the page (`/docs/a`).
    pub path: &'a str,
    /// Its kind.
    pub kind: &'a str,
    /// Its language.
    pub lang: &'a str,
}

impl Target {
    /// Whether the entry applies to `page` (in the production environment).
    #[must_use]
    pub fn matches(&self, page: TargetPage<'_>) -> bool {
        let ok = |glob: &Option<String>, value: &str| {
            glob.as_deref()
                .is_none_or(|g| matcher(g).is_some_and(|m| m.is_match(value)))
        };
        ok(&self.path, page.path)
            && ok(&self.kind, page.kind)
            && ok(&self.environment, "production")
            && ok(&self.lang, page.lang)
    }
}

/// A glob as Hugo matches target globs: `*` stays within a path element, `**` crosses them.
fn matcher(glob: &str) -> Option<GlobMatcher> {
    let glob = if glob.is_empty() { "**" } else { glob };
    GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .or_else(|_| Glob::new(glob))
        .ok()
        .map(|g| g.compile_matcher())
}

/// The cascade entries of a `cascade` value (a mapping, or a list of them), with term lists
/// under `keys`.
#[must_use]
pub fn read(value: &Node, keys: &[&str]) -> Vec<Cascade> {
    match &value.value {
        Value::Map(entries) => vec![entry(value, entries, keys)],
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| item.as_map().map(|entries| entry(item, entries, keys)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The cascade entries of a page's front matter (its top-level `cascade`).
#[must_use]
pub fn of_page(root: &Node, keys: &[&str]) -> Vec<Cascade> {
    root.as_map()
        .and_then(|entries| {
            entries
                .iter()
                .rev()
                .find(|e| keys_equal(&e.key.name, "cascade"))
        })
        .map(|e| read(&e.value, keys))
        .unwrap_or_default()
}

fn entry(node: &Node, entries: &[Entry], keys: &[&str]) -> Cascade {
    let target = entries
        .iter()
        .rev()
        .find(|e| keys_equal(&e.key.name, "target") || keys_equal(&e.key.name, "_target"))
        .and_then(|e| e.value.as_map())
        .map(|t| {
            let get = |name: &str| {
                t.iter()
                    .rev()
                    .find(|e| keys_equal(&e.key.name, name))
                    .and_then(|e| e.value.as_str())
                    .map(str::to_owned)
            };
            Target {
                path: get("path"),
                kind: get("kind"),
                environment: get("environment"),
                lang: get("lang"),
            }
        })
        .unwrap_or_default();
    Cascade {
        target,
        fields: HugoFields::read(node, keys),
        span: node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{Limits, read as read_front};

    fn cascades(src: &str) -> Vec<Cascade> {
        let root = read_front(src.as_bytes(), &Limits::default())
            .expect("parses")
            .root;
        of_page(&root, &["categories"])
    }

    fn page<'a>(path: &'a str, kind: &'a str) -> TargetPage<'a> {
        TargetPage {
            path,
            kind,
            lang: "en",
        }
    }

    #[test]
    fn a_mapping_is_one_entry_for_every_page_below() {
        let c = cascades("---\ntitle: Docs\ncascade:\n  categories: [casc]\n---\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].fields.lists[0].items[0].0, "casc");
        assert!(c[0].target.matches(page("/docs/a", "page")));
    }

    #[test]
    fn targets_are_globs_on_path_and_kind() {
        let src = "---\ncascade:\n- categories: [lst]\n  target:\n    path: /guide/x*\n- params:\n    categories: [casc]\n  _target:\n    kind: section\n---\n";
        let c = cascades(src);
        assert_eq!(c.len(), 2);
        assert!(c[0].target.matches(page("/guide/xa", "page")));
        assert!(!c[0].target.matches(page("/guide/ya", "page")));
        assert!(!c[0].target.matches(page("/guide/x/deeper", "page")));
        assert!(c[1].target.matches(page("/guide", "section")));
        assert!(!c[1].target.matches(page("/guide/xa", "page")));
        assert_eq!(c[1].fields.lists[0].items[0].0, "casc");
        let toml = "+++\n[[cascade]]\ncategories = ['a']\n[cascade.target]\npath = '/blog/**'\nenvironment = 'development'\n+++\n";
        let c = cascades(toml);
        assert!(
            !c[0].target.matches(page("/blog/p", "page")),
            "not production"
        );
    }
}
