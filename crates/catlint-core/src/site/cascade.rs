//! `cascade`: front matter a page (or the site configuration) hands down to the pages below
//! it. Hugo 0.168 applies an entry to the page that declares it and to every page under it
//! whose path, kind and environment match the entry's `target` (`_target` is the deprecated
//! spelling; globs, matched ignoring case), filling only the keys a page lacks; the nearest
//! entry wins key by key. An entry reaches the pages of its page's own language, or those of
//! `target.sites.matrix.languages`; one in the site configuration reaches every language
//! unless it names some. (`target.lang` was removed from Hugo: a site using it does not
//! build.)

use globset::{GlobBuilder, GlobMatcher};
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
    /// `sites.matrix.languages`: the languages whose pages it reaches (globs).
    pub languages: Vec<String>,
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
}

/// A [`Target`] with its globs compiled, to test many pages against.
#[derive(Debug, Clone)]
pub struct CompiledTarget {
    path: Option<GlobMatcher>,
    kind: Option<GlobMatcher>,
    production: bool,
    languages: Vec<GlobMatcher>,
}

impl Target {
    /// The target, compiled. A glob that does not compile matches nothing (Hugo would not
    /// build the site).
    #[must_use]
    pub fn compile(&self) -> CompiledTarget {
        let never = || {
            GlobBuilder::new("")
                .build()
                .ok()
                .map(|g| g.compile_matcher())
        };
        let glob = |g: &Option<String>| g.as_deref().map(|g| matcher(g).or_else(never));
        CompiledTarget {
            path: glob(&self.path).flatten(),
            kind: glob(&self.kind).flatten(),
            production: self
                .environment
                .as_deref()
                .is_none_or(|g| matcher(g).is_some_and(|m| m.is_match("production"))),
            languages: self.languages.iter().filter_map(|g| matcher(g)).collect(),
        }
    }
}

impl CompiledTarget {
    /// Whether the entry applies to `page` (in the production environment).
    #[must_use]
    pub fn matches(&self, page: TargetPage<'_>) -> bool {
        let ok = |m: &Option<GlobMatcher>, value: &str| {
            m.as_ref().is_none_or(|m| m.is_match(value.to_lowercase()))
        };
        self.production && ok(&self.path, page.path) && ok(&self.kind, page.kind)
    }

    /// Whether an entry declared in the language `from` (`None`: in the site
    /// configuration) reaches the pages of `lang`.
    #[must_use]
    pub fn reaches(&self, from: Option<&str>, lang: &str) -> bool {
        if self.languages.is_empty() {
            from.is_none_or(|from| from == lang)
        } else {
            self.languages.iter().any(|m| m.is_match(lang))
        }
    }
}

/// A glob as Hugo matches target globs: ignoring case, `*` stays within a path element, `**`
/// crosses them.
fn matcher(glob: &str) -> Option<GlobMatcher> {
    let glob = if glob.is_empty() { "**" } else { glob };
    GlobBuilder::new(&glob.to_lowercase())
        .literal_separator(true)
        .build()
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
            let languages = t
                .iter()
                .rev()
                .find(|e| keys_equal(&e.key.name, "sites"))
                .and_then(|e| child(&e.value, "matrix"))
                .and_then(|m| child(m, "languages"))
                .map(|l| match &l.value {
                    Value::String(s) => vec![s.to_lowercase()],
                    Value::Seq(items) => items
                        .iter()
                        .filter_map(Node::as_str)
                        .map(str::to_lowercase)
                        .collect(),
                    _ => Vec::new(),
                })
                .unwrap_or_default();
            Target {
                path: get("path"),
                kind: get("kind"),
                environment: get("environment"),
                languages,
            }
        })
        .unwrap_or_default();
    Cascade {
        target,
        fields: HugoFields::read(node, keys),
        span: node.span,
    }
}

/// The value under `key` of the mapping `node` (ignoring case).
fn child<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.as_map()?
        .iter()
        .rev()
        .find(|e| keys_equal(&e.key.name, key))
        .map(|e| &e.value)
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
        TargetPage { path, kind }
    }

    #[test]
    fn a_mapping_is_one_entry_for_every_page_below() {
        let c = cascades("---\ntitle: Docs\ncascade:\n  categories: [casc]\n---\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].fields.lists[0].items[0].0, "casc");
        assert!(c[0].target.compile().matches(page("/docs/a", "page")));
    }

    #[test]
    fn targets_are_globs_on_path_and_kind() {
        let src = "---\ncascade:\n- categories: [lst]\n  target:\n    path: /guide/x*\n- params:\n    categories: [casc]\n  _target:\n    kind: section\n---\n";
        let c = cascades(src);
        assert_eq!(c.len(), 2);
        let (first, second) = (c[0].target.compile(), c[1].target.compile());
        assert!(first.matches(page("/guide/xa", "page")));
        assert!(!first.matches(page("/guide/ya", "page")));
        assert!(!first.matches(page("/guide/x/deeper", "page")));
        assert!(second.matches(page("/guide", "section")));
        assert!(!second.matches(page("/guide/xa", "page")));
        assert_eq!(c[1].fields.lists[0].items[0].0, "casc");
        let toml = "+++\n[[cascade]]\ncategories = ['a']\n[cascade.target]\npath = '/blog/**'\nenvironment = 'development'\n+++\n";
        let c = cascades(toml);
        assert!(
            !c[0].target.compile().matches(page("/blog/p", "page")),
            "not production"
        );
    }

    #[test]
    fn globs_ignore_case_and_languages_come_from_the_matrix() {
        let src = "---\ncascade:\n  categories: [x]\n  target:\n    path: /Posts/**\n    kind: Page\n    sites:\n      matrix:\n        languages: [fr]\n---\n";
        let target = cascades(src)[0].target.compile();
        assert!(target.matches(page("/posts/a", "page")));
        assert!(target.reaches(Some("en"), "fr"));
        assert!(!target.reaches(Some("en"), "en"));
        let plain = cascades("---\ncascade:\n  categories: [x]\n---\n")[0]
            .target
            .compile();
        assert!(plain.reaches(Some("en"), "en") && !plain.reaches(Some("en"), "fr"));
        assert!(
            plain.reaches(None, "fr"),
            "the site configuration's reach every language"
        );
    }
}
