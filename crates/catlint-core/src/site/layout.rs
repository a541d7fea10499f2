//! Where a content file sits in a Hugo site, and what that makes it — as Hugo 0.168 reads
//! the content tree.
//!
//! A file's Hugo path is its path below the content folder, each element lower-cased with
//! spaces made `-` (the same function as a term's key), without the extension and a
//! language suffix; a bundle (`_index.md`, `index.md`) is the path of its folder. A language
//! suffix is one of the site's languages (`_index.fr.md`); any other (`_index.de.md` on an
//! `en`/`fr` site) is part of the name, and the file is a separate page.
//!
//! Under a taxonomy's folder, `<plural>/_index.md` is the taxonomy's list page; a branch
//! bundle `<plural>/<term>/_index.md` (at any depth: `a/b/_index.md` is the term `a/b`) is a
//! term page. The legacy single file `<plural>/<term>.md` and a leaf bundle
//! `<plural>/<term>/index.md` sit at a term's path too — Hugo links the term to them — but
//! they are ordinary pages (kind `page`), which catlint checks as term pages all the same.

use std::path::{Component, Path};

use super::config::SiteConfig;
use super::terms::term_key;
use crate::frontmatter::keys_equal;

/// How a term page is laid out on disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermLayout {
    /// `<term>/_index.md`, a branch bundle: Hugo's term page.
    #[default]
    Bundle,
    /// `<term>.md`, a single file: an ordinary page at the term's path.
    Single,
    /// `<term>/index.md`, a leaf bundle: an ordinary page at the term's path.
    Leaf,
}

/// A term page's place in its taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermLocation {
    /// The taxonomy's plural name (`categories`).
    pub taxonomy: String,
    /// The term's key: its path below the taxonomy as Hugo makes it (`customer-feedback-loops`,
    /// `a/b-testing`).
    pub key: String,
    /// The folder or file name as written on disk (`Customer Feedback Loops`).
    pub written: String,
    /// The page's language (the site's default content language unless a suffix or a
    /// language's content folder says otherwise).
    pub lang: String,
    /// Bundle, single file or leaf bundle.
    pub layout: TermLayout,
}

/// What a file in the content tree is to catlint.
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

/// Hugo's kind of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HugoKind {
    /// The home page (`_index.md` at the top).
    Home,
    /// A section's list page.
    Section,
    /// A taxonomy's list page.
    Taxonomy,
    /// A term page.
    Term,
    /// A regular page.
    Page,
}

impl HugoKind {
    /// Hugo's name of the kind, as `cascade` targets match it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            HugoKind::Home => "home",
            HugoKind::Section => "section",
            HugoKind::Taxonomy => "taxonomy",
            HugoKind::Term => "term",
            HugoKind::Page => "page",
        }
    }
}

/// Where Hugo puts a content file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PagePlace {
    /// Hugo's path of the page (`/docs/a`, `/categories/lean`, `/` for the home page).
    pub path: String,
    /// Hugo's kind of it.
    pub kind: HugoKind,
    /// Its language.
    pub lang: String,
    /// A suffix that looks like a language but is not one of the site's, on a bundle file
    /// (`de` of `_index.de.md`): Hugo reads the file as a separate page.
    pub undeclared_language: Option<String>,
}

impl PagePlace {
    /// Hugo's paths of the sections above the page, nearest first, ending with `/` (the
    /// home page): where the cascades it inherits are declared.
    pub fn ancestors(&self) -> impl Iterator<Item = &str> {
        let path = self.path.as_str();
        let mut end = if path == "/" { None } else { Some(path.len()) };
        std::iter::from_fn(move || {
            let e = end?;
            let parent = path[..e].rfind('/')?;
            if parent == 0 {
                end = None;
                Some("/")
            } else {
                end = Some(parent);
                Some(&path[..parent])
            }
        })
    }
}

const MARKDOWN: [&str; 2] = ["md", "markdown"];

/// Classify `rel`, a path relative to a content folder: what the file is to catlint, and
/// where Hugo puts it. `lang` is the language of the content folder, when the site gives
/// each language its own (`languages.fr.contentDir`).
#[must_use]
pub fn classify(
    rel: &Path,
    lang: Option<&str>,
    config: &SiteConfig,
) -> (PageKind, Option<PagePlace>) {
    let Some(owned) = components(rel) else {
        return (PageKind::Other, None);
    };
    let parts: Vec<&str> = owned.iter().map(AsRef::as_ref).collect();
    let Some(name) = markdown_name(&parts, |code, _| config.is_language(code)) else {
        return (PageKind::Other, None);
    };
    let lang = name
        .lang
        .clone()
        .or_else(|| lang.map(str::to_owned))
        .unwrap_or_else(|| config.default_language.clone());
    let folders = &parts[..parts.len() - 1];
    let place = place(folders, &name, &lang, config);
    let kind = classify_parts(&parts, &name, &lang, config).unwrap_or(PageKind::Content);
    (kind, Some(place))
}

/// Classify a file outside any known site: the nearest folder named like a taxonomy (by
/// Hugo's defaults, `categories` or `tags`) is taken as the taxonomy section, and any
/// plausible suffix of an `_index` file as a language.
#[must_use]
pub fn classify_loose(path: &Path, config: &SiteConfig) -> PageKind {
    let Some(owned) = components(path) else {
        return PageKind::Other;
    };
    let parts: Vec<&str> = owned.iter().map(AsRef::as_ref).collect();
    let Some(name) = markdown_name(&parts, |code, bundle| bundle || config.is_language(code))
    else {
        return PageKind::Other;
    };
    let lang = name
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    let n = parts.len();
    for start in [n.saturating_sub(3), n.saturating_sub(2)] {
        if let Some(kind @ (PageKind::Term(_) | PageKind::TaxonomyList)) =
            classify_parts(&parts[start..], &name, &lang, config)
        {
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

/// A Markdown file's name, read.
struct Name<'p> {
    /// Without the extension and the language suffix.
    stem: &'p str,
    /// The language suffix, lower-cased, when it is a language.
    lang: Option<String>,
    /// A suffix of a bundle file that looks like a language code but is not one.
    undeclared: Option<String>,
}

/// The file name of `parts` without its Markdown extension and language suffix;
/// `is_language(code, is_bundle_file)` says which suffixes are languages.
fn markdown_name<'p>(
    parts: &[&'p str],
    is_language: impl Fn(&str, bool) -> bool,
) -> Option<Name<'p>> {
    let name = parts.last()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if !MARKDOWN.contains(&ext) {
        return None;
    }
    let mut out = Name {
        stem,
        lang: None,
        undeclared: None,
    };
    if let Some((base, code)) = stem.rsplit_once('.') {
        let bundle = base == "_index" || base == "index";
        if plausible_code(code) && is_language(code, bundle) {
            out.stem = base;
            out.lang = Some(code.to_lowercase());
        } else if bundle && plausible_code(code) {
            out.undeclared = Some(code.to_lowercase());
        }
    }
    Some(out)
}

/// `fr`, `pt-br`, `zh-Hans`: what a language code looks like.
fn plausible_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Where Hugo puts a file of `folders` named `name`.
fn place(folders: &[&str], name: &Name<'_>, lang: &str, config: &SiteConfig) -> PagePlace {
    let mut path = String::new();
    for folder in folders {
        path.push('/');
        path.push_str(&term_key(folder));
    }
    let branch = name.stem == "_index";
    if !branch && name.stem != "index" {
        path.push('/');
        path.push_str(&term_key(name.stem));
    }
    let is_taxonomy = |folder: &str| {
        config
            .taxonomies
            .iter()
            .any(|t| keys_equal(&t.plural, folder))
    };
    let kind = match (branch, folders) {
        (true, []) => HugoKind::Home,
        (true, [plural]) if is_taxonomy(plural) => HugoKind::Taxonomy,
        (true, [plural, ..]) if is_taxonomy(plural) => HugoKind::Term,
        (true, _) => HugoKind::Section,
        (false, _) => HugoKind::Page,
    };
    if path.is_empty() {
        path.push('/');
    }
    PagePlace {
        path,
        kind,
        lang: lang.to_owned(),
        undeclared_language: name.undeclared.clone(),
    }
}

fn classify_parts(
    parts: &[&str],
    name: &Name<'_>,
    lang: &str,
    config: &SiteConfig,
) -> Option<PageKind> {
    let first = parts.first()?;
    let taxonomy = config
        .taxonomies
        .iter()
        .find(|t| keys_equal(&t.plural, first))?;
    let location = |below: &[&str], layout| {
        PageKind::Term(TermLocation {
            taxonomy: taxonomy.plural.clone(),
            key: below
                .iter()
                .map(|p| term_key(p))
                .collect::<Vec<_>>()
                .join("/"),
            written: below.join("/"),
            lang: lang.to_owned(),
            layout,
        })
    };
    let folders = &parts[1..parts.len() - 1];
    if name.undeclared.is_some() {
        return None;
    }
    match (name.stem, folders) {
        ("_index", []) => Some(PageKind::TaxonomyList),
        ("_index", below) => Some(location(below, TermLayout::Bundle)),
        ("index", below) if !below.is_empty() => Some(location(below, TermLayout::Leaf)),
        (stem, []) if !stem.starts_with('_') => Some(location(&[stem], TermLayout::Single)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::config::Language;

    fn config() -> SiteConfig {
        SiteConfig {
            languages: ["en", "fr"]
                .map(|code| Language {
                    code: code.into(),
                    content_dir: None,
                    disabled: false,
                })
                .to_vec(),
            ..SiteConfig::default()
        }
    }

    fn term(key: &str, written: &str, lang: &str, layout: TermLayout) -> PageKind {
        PageKind::Term(TermLocation {
            taxonomy: "categories".into(),
            key: key.into(),
            written: written.into(),
            lang: lang.into(),
            layout,
        })
    }

    fn kind(p: &str) -> PageKind {
        classify(Path::new(p), None, &config()).0
    }

    fn place_of(p: &str) -> PagePlace {
        classify(Path::new(p), None, &config()).1.expect("a page")
    }

    #[test]
    fn classifies_under_the_content_root() {
        use TermLayout::{Bundle, Leaf, Single};
        assert_eq!(
            kind("categories/lean/_index.md"),
            term("lean", "lean", "en", Bundle)
        );
        assert_eq!(
            kind("categories/lean/_index.fr.md"),
            term("lean", "lean", "fr", Bundle)
        );
        assert_eq!(
            kind("categories/lean/_index.FR.md"),
            term("lean", "lean", "fr", Bundle)
        );
        assert_eq!(
            kind("categories/lean.md"),
            term("lean", "lean", "en", Single)
        );
        assert_eq!(
            kind("categories/lean.fr.md"),
            term("lean", "lean", "fr", Single)
        );
        assert_eq!(
            kind("categories/a/b/_index.md"),
            term("a/b", "a/b", "en", Bundle)
        );
        assert_eq!(
            kind("categories/rust/index.md"),
            term("rust", "rust", "en", Leaf)
        );
        assert_eq!(
            kind("categories/Foo Bar/_index.md"),
            term("foo-bar", "Foo Bar", "en", Bundle)
        );
        assert_eq!(kind("categories/_index.md"), PageKind::TaxonomyList);
        assert_eq!(kind("categories/lean/notes.md"), PageKind::Content);
        assert_eq!(
            kind("categories/de/_index.de.md"),
            PageKind::Content,
            "not a language"
        );
        assert_eq!(
            kind("concepts/value/_index.md"),
            PageKind::Content,
            "not a declared taxonomy"
        );
        assert_eq!(kind("blog/2020/post/index.md"), PageKind::Content);
        assert_eq!(kind("categories/lean/_index.txt"), PageKind::Other);
    }

    #[test]
    fn places_are_hugos_paths_kinds_and_languages() {
        let p = place_of("Blog/My Post.fr.md");
        assert_eq!(
            (p.path.as_str(), p.kind, p.lang.as_str()),
            ("/blog/my-post", HugoKind::Page, "fr")
        );
        assert_eq!(place_of("_index.md").kind, HugoKind::Home);
        assert_eq!(place_of("_index.md").path, "/");
        assert_eq!(place_of("docs/_index.md").kind, HugoKind::Section);
        assert_eq!(place_of("categories/_index.md").kind, HugoKind::Taxonomy);
        assert_eq!(place_of("categories/lean/_index.md").kind, HugoKind::Term);
        assert_eq!(place_of("categories/lean.md").kind, HugoKind::Page);
        let de = place_of("categories/de/_index.de.md");
        assert_eq!(de.path, "/categories/de/_index.de");
        assert_eq!(de.undeclared_language.as_deref(), Some("de"));
        assert_eq!(de.kind, HugoKind::Page);
        let fr_dir = classify(Path::new("posts/p.md"), Some("fr"), &config())
            .1
            .expect("a page");
        assert_eq!(fr_dir.lang, "fr");
        let deep = place_of("docs/sub/c.md");
        let ancestors: Vec<&str> = deep.ancestors().collect();
        assert_eq!(ancestors, ["/docs/sub", "/docs", "/"]);
        let docs = place_of("docs/_index.md");
        assert_eq!(docs.ancestors().collect::<Vec<_>>(), ["/"]);
        assert!(place_of("_index.md").ancestors().next().is_none());
    }

    #[test]
    fn loose_classification_finds_the_taxonomy_folder() {
        let c = SiteConfig::default();
        let k = |p: &str| classify_loose(Path::new(p), &c);
        assert_eq!(
            k("/x/site/content/categories/lean/_index.md"),
            term("lean", "lean", "en", TermLayout::Bundle)
        );
        assert_eq!(
            k("fixtures/categories/lean.md"),
            term("lean", "lean", "en", TermLayout::Single)
        );
        assert_eq!(
            k("/x/categories/lean/_index.de.md"),
            term("lean", "lean", "de", TermLayout::Bundle)
        );
        assert_eq!(k("content/categories/_index.md"), PageKind::TaxonomyList);
        assert_eq!(k("content/blog/post.md"), PageKind::Content);
    }
}
