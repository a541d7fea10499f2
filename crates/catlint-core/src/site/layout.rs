//! Where a content file sits in a Hugo site, and what that makes it.
//!
//! Under the content root, `<plural>/<term>/_index.md` (or `_index.<lang>.md`) is a term
//! page of the taxonomy `<plural>`; so is the legacy single file `<plural>/<term>.md`.
//! `<plural>/_index.md` is the taxonomy's list page; every other Markdown file is content.

use std::path::{Component, Path};

use super::config::SiteConfig;

/// How a term page is laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermLayout {
    /// `<term>/_index.md`, a branch bundle.
    Bundle,
    /// `<term>.md`, a single file.
    Single,
}

/// A term page's place in its taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermLocation {
    /// The taxonomy's plural name (`categories`).
    pub taxonomy: String,
    /// The term's key: the folder name or file stem (`customer-feedback-loops`).
    pub key: String,
    /// The language of a `_index.<lang>.md`, if any.
    pub lang: Option<String>,
    /// Bundle or single file.
    pub layout: TermLayout,
}

/// What a file in the content tree is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A term page of a taxonomy.
    Term(TermLocation),
    /// The list page of a taxonomy (`categories/_index.md`).
    TaxonomyList,
    /// Any other Markdown page (a post, a section page, …).
    Content,
    /// Not a Markdown page.
    Other,
}

const MARKDOWN: [&str; 2] = ["md", "markdown"];

/// Classify `rel`, a path relative to the content root.
#[must_use]
pub fn classify(rel: &Path, config: &SiteConfig) -> PageKind {
    let Some(owned) = components(rel) else {
        return PageKind::Other;
    };
    let parts: Vec<&str> = owned.iter().map(AsRef::as_ref).collect();
    let Some((stem, lang)) = markdown_stem(&parts, config) else {
        return PageKind::Other;
    };
    classify_parts(&parts, stem, lang, config).unwrap_or(PageKind::Content)
}

/// Classify a file outside any known site: the nearest folder named like a taxonomy (by
/// Hugo's defaults, `categories` or `tags`) is taken as the taxonomy section.
#[must_use]
pub fn classify_loose(path: &Path, config: &SiteConfig) -> PageKind {
    let Some(owned) = components(path) else {
        return PageKind::Other;
    };
    let parts: Vec<&str> = owned.iter().map(AsRef::as_ref).collect();
    let Some((stem, lang)) = markdown_stem(&parts, config) else {
        return PageKind::Other;
    };
    let n = parts.len();
    for start in [n.saturating_sub(3), n.saturating_sub(2)] {
        if let Some(kind) = classify_parts(&parts[start..], stem, lang.clone(), config) {
            return kind;
        }
    }
    PageKind::Content
}

/// The normal components of `path` as text (a name that is not UTF-8 is read lossily: the
/// page is still checked, under a name with replacement characters).
fn components(path: &Path) -> Option<Vec<std::borrow::Cow<'_, str>>> {
    Some(
        path.components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy()),
                _ => None,
            })
            .collect(),
    )
}

/// The file name without its Markdown extension and language suffix.
fn markdown_stem<'p>(parts: &[&'p str], config: &SiteConfig) -> Option<(&'p str, Option<String>)> {
    let name = parts.last()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if !MARKDOWN.contains(&ext) {
        return None;
    }
    Some(match stem.rsplit_once('.') {
        Some((base, lang)) if is_language(lang, config, base == "_index") => {
            (base, Some(lang.to_lowercase()))
        }
        _ => (stem, None),
    })
}

/// `_index.fr.md` always names a language; `lean.fr.md` only for a configured language.
fn is_language(code: &str, config: &SiteConfig, is_index: bool) -> bool {
    let plausible = !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    plausible
        && (is_index
            || config
                .languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(code)))
}

fn classify_parts(
    parts: &[&str],
    stem: &str,
    lang: Option<String>,
    config: &SiteConfig,
) -> Option<PageKind> {
    let taxonomy = config
        .taxonomies
        .iter()
        .find(|t| Some(&t.plural.as_str()) == parts.first())?;
    let location = |key: &str, layout| {
        PageKind::Term(TermLocation {
            taxonomy: taxonomy.plural.clone(),
            key: key.to_owned(),
            lang: lang.clone(),
            layout,
        })
    };
    match parts.len() {
        2 if stem == "_index" => Some(PageKind::TaxonomyList),
        2 if !stem.starts_with('_') => Some(location(stem, TermLayout::Single)),
        3 if stem == "_index" => Some(location(parts[1], TermLayout::Bundle)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SiteConfig {
        SiteConfig {
            languages: vec!["en".into(), "fr".into()],
            ..SiteConfig::default()
        }
    }

    fn term(taxonomy: &str, key: &str, lang: Option<&str>, layout: TermLayout) -> PageKind {
        PageKind::Term(TermLocation {
            taxonomy: taxonomy.into(),
            key: key.into(),
            lang: lang.map(Into::into),
            layout,
        })
    }

    #[test]
    fn classifies_under_the_content_root() {
        let c = config();
        let k = |p: &str| classify(Path::new(p), &c);
        assert_eq!(
            k("categories/lean/_index.md"),
            term("categories", "lean", None, TermLayout::Bundle)
        );
        assert_eq!(
            k("categories/lean/_index.fr.md"),
            term("categories", "lean", Some("fr"), TermLayout::Bundle)
        );
        assert_eq!(
            k("categories/lean.md"),
            term("categories", "lean", None, TermLayout::Single)
        );
        assert_eq!(
            k("categories/lean.fr.md"),
            term("categories", "lean", Some("fr"), TermLayout::Single)
        );
        assert_eq!(
            k("tags/ai.md"),
            term("tags", "ai", None, TermLayout::Single)
        );
        assert_eq!(k("categories/_index.md"), PageKind::TaxonomyList);
        assert_eq!(k("categories/lean/notes.md"), PageKind::Content);
        assert_eq!(
            k("concepts/value/_index.md"),
            PageKind::Content,
            "not a declared taxonomy"
        );
        assert_eq!(k("blog/2020/post/index.md"), PageKind::Content);
        assert_eq!(k("categories/lean/_index.txt"), PageKind::Other);
    }

    #[test]
    fn loose_classification_finds_the_taxonomy_folder() {
        let c = SiteConfig::default();
        let k = |p: &str| classify_loose(Path::new(p), &c);
        assert_eq!(
            k("/x/site/content/categories/lean/_index.md"),
            term("categories", "lean", None, TermLayout::Bundle)
        );
        assert_eq!(
            k("fixtures/categories/lean.md"),
            term("categories", "lean", None, TermLayout::Single)
        );
        assert_eq!(k("content/categories/_index.md"), PageKind::TaxonomyList);
        assert_eq!(k("content/blog/post.md"), PageKind::Content);
    }
}
