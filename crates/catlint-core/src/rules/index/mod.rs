//! The site index: what the cross-file rules see of one site — every term page and every
//! page that lists terms, as their [`PageFacts`] — resolved as Hugo resolves them, and the
//! cross-file rules run over it.
//!
//! Resolving (see [`resolve`]) is done once per site, not per file: a page's terms may come
//! from an ancestor's `cascade` or the site configuration, whether it is built depends on
//! "now" and the site's `buildDrafts`/`buildFuture`/`buildExpired`, and a term is found by
//! its key in the page's own language. The rules then read [`Reference`]s (one per term a
//! page is filed under, with the list item it comes from) and [`TermPage`]s.

mod resolve;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::facts::PageFacts;
use crate::diagnostic::Diagnostic;
use crate::model::date::Zone;
use crate::rules;
use crate::site::{Cascade, PagePlace, SiteConfig, Taxonomy, TermLayout, TermList, TermLocation};
use crate::span::Span;

pub use resolve::Built;
pub(crate) use resolve::{BuildState, Unbuilt};

/// A page as the front end hands it to the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexedPage<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its taxonomy, key, language and layout, when it is a term page.
    pub location: Option<&'a TermLocation>,
    /// Where Hugo puts it (its path, kind, language).
    pub place: Option<&'a PagePlace>,
    /// What its front matter says.
    pub facts: &'a PageFacts,
}

/// What the index needs of the site besides its pages.
#[derive(Debug, Clone, Copy)]
pub struct SiteModel<'a> {
    /// The site's configuration.
    pub config: &'a SiteConfig,
    /// The configuration's `cascade` entries, with the file each is written in.
    pub cascade: &'a [(PathBuf, Cascade)],
    /// Folders (relative to a content folder) with a content adapter (`_content.gotmpl`).
    pub adapters: &'a [PathBuf],
    /// "Now", in seconds since the Unix epoch (publish and expiry dates are read against it).
    pub now: i64,
    /// The time zone dates without one are read in.
    pub zone: &'a Zone,
}

/// A term page, as the cross-file rules see it.
#[derive(Debug, Clone)]
pub struct TermPage<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its taxonomy, key, language and layout.
    pub location: &'a TermLocation,
    /// What its front matter says.
    pub facts: &'a PageFacts,
    /// Whether Hugo builds it, and whether it renders it.
    pub(crate) built: Built,
}

/// A page that files itself under terms (a post, or a term page filed under another
/// taxonomy), with its own lists as written.
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its own term lists.
    pub lists: &'a [TermList],
}

/// One term a page is filed under.
#[derive(Debug, Clone)]
pub struct Reference<'a> {
    /// The page filed under it.
    pub page: &'a Path,
    /// The page's language.
    pub lang: &'a str,
    /// Whether Hugo builds the page (an unbuilt page files nothing).
    pub page_built: bool,
    /// The taxonomy (an index into [`SiteIndex::taxonomies`]).
    pub taxonomy: usize,
    /// The term as written.
    pub name: &'a str,
    /// Its key.
    pub key: Box<str>,
    /// The file the list item is written in: the page, an ancestor with a `cascade`, or the
    /// site configuration.
    pub origin: &'a Path,
    /// Where the item is written in that file.
    pub span: Span,
    /// What it finds (see [`SiteIndex::find`]), worked out once for every rule.
    pub(crate) found: Resolution,
}

/// What a reference finds, by the index of the term page in [`SiteIndex::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// A term page Hugo builds.
    Page(u32),
    /// Term pages, none of which Hugo builds.
    Unbuilt(u32),
    /// No page: Hugo generates one.
    Nothing,
}

/// Everything the cross-file rules need of one site.
#[derive(Debug, Clone)]
pub struct SiteIndex<'a> {
    /// The site's taxonomies (declared, or Hugo's defaults).
    pub taxonomies: &'a [Taxonomy],
    /// Every term page.
    pub terms: Vec<TermPage<'a>>,
    /// Every page with term lists of its own.
    pub listings: Vec<Listing<'a>>,
    /// Every term every page is filed under (own lists, params, cascades), in page order.
    pub references: Vec<Reference<'a>>,
    /// Pages whose file name carries a suffix that is not one of the site's languages.
    pub undeclared_languages: Vec<(&'a Path, &'a PagePlace, Span)>,
    /// Content sections laid out like a taxonomy (`concepts/<x>/_index.md`) that the site
    /// configuration does not declare.
    pub undeclared_sections: &'a BTreeSet<String>,
    /// The site, when the pages belong to one.
    pub site: Option<SiteModel<'a>>,
    /// The folder paths in messages are shown from (the working directory).
    pub base: &'a Path,
    /// Term pages by the hash of (language, taxonomy, key), each list in path order.
    by_key: HashMap<u64, Vec<usize>>,
}

/// What a reference finds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found<'s, 'a> {
    /// A term page Hugo builds.
    Page(&'s TermPage<'a>),
    /// Term pages, none of which Hugo builds: the term is dropped from the page.
    Unbuilt(&'s TermPage<'a>),
    /// No page: Hugo generates one.
    Nothing,
}

impl<'a> SiteIndex<'a> {
    /// The index of a site's pages. `site` is `None` for pages checked without a site (they
    /// are read with Hugo's defaults).
    pub fn new(
        taxonomies: &'a [Taxonomy],
        undeclared_sections: &'a BTreeSet<String>,
        base: &'a Path,
        site: Option<SiteModel<'a>>,
        pages: impl IntoIterator<Item = IndexedPage<'a>>,
    ) -> Self {
        let pages: Vec<IndexedPage<'a>> = pages.into_iter().collect();
        let mut references = Vec::new();
        let built = resolve::resolve(taxonomies, site, &pages, &mut references);
        references.shrink_to_fit();
        let mut index = Self {
            taxonomies,
            terms: Vec::new(),
            listings: Vec::new(),
            references: Vec::new(),
            undeclared_languages: Vec::new(),
            undeclared_sections,
            site,
            base,
            by_key: HashMap::new(),
        };
        for (page, built) in pages.iter().zip(built) {
            if let Some(location) = page.location {
                index.terms.push(TermPage {
                    path: page.path,
                    location,
                    facts: page.facts,
                    built,
                });
            }
            if !page.facts.hugo.lists.is_empty() {
                index.listings.push(Listing {
                    path: page.path,
                    lists: &page.facts.hugo.lists,
                });
            }
            if let Some(place) = page.place
                && place.undeclared_language.is_some()
            {
                index
                    .undeclared_languages
                    .push((page.path, place, page.facts.anchor));
            }
        }
        // Term pages in path order: where a rule names the first of several, it is always
        // the same one. (References come in any order: the diagnostics are sorted.)
        index.terms.sort_unstable_by(|a, b| a.path.cmp(b.path));
        for (i, t) in index.terms.iter().enumerate() {
            let Some(tax) = taxonomies
                .iter()
                .position(|x| x.plural == t.location.taxonomy)
            else {
                continue;
            };
            index
                .by_key
                .entry(term_hash(&t.location.lang, tax, &t.location.key))
                .or_default()
                .push(i);
        }
        for r in &mut references {
            r.found = index.resolve(r);
        }
        index.references = references;
        index
    }

    /// Hugo files a page under the term page at the term's path in the page's language,
    /// when Hugo builds one.
    fn resolve(&self, reference: &Reference<'_>) -> Resolution {
        let mut unbuilt = None;
        for i in self.page_indices(reference.lang, reference.taxonomy, &reference.key) {
            let Ok(at) = u32::try_from(i) else {
                break;
            };
            if self.terms[i].built.is_built() {
                return Resolution::Page(at);
            }
            unbuilt.get_or_insert(at);
        }
        unbuilt.map_or(Resolution::Nothing, Resolution::Unbuilt)
    }

    /// `path` as messages show it: from [`SiteIndex::base`].
    pub(crate) fn shown(&self, path: &Path) -> PathBuf {
        crate::site::hugo::relative_to(path, self.base)
    }

    /// The terms of `taxonomy` (plural name).
    pub(crate) fn terms_of<'s>(
        &'s self,
        taxonomy: &'s str,
    ) -> impl Iterator<Item = &'s TermPage<'a>> + 's {
        self.terms
            .iter()
            .filter(move |t| t.location.taxonomy == taxonomy)
    }

    /// The indices of the term pages of a term in one language, in path order.
    fn page_indices<'s, 'k>(
        &'s self,
        lang: &'k str,
        taxonomy: usize,
        key: &'k str,
    ) -> impl Iterator<Item = usize> + 'k
    where
        's: 'k,
    {
        let indices: &'s [usize] = self
            .by_key
            .get(&term_hash(lang, taxonomy, key))
            .map_or(&[], Vec::as_slice);
        indices.iter().copied().filter(move |&i| {
            let l = self.terms[i].location;
            l.lang == lang && l.key == key
        })
    }

    /// What `reference` finds.
    pub(crate) fn find(&self, reference: &Reference<'_>) -> Found<'_, 'a> {
        match reference.found {
            Resolution::Page(i) => Found::Page(&self.terms[i as usize]),
            Resolution::Unbuilt(i) => Found::Unbuilt(&self.terms[i as usize]),
            Resolution::Nothing => Found::Nothing,
        }
    }

    /// Whether a content adapter may add pages Hugo files under terms (the site has one), or
    /// term pages of `taxonomy` (one sits in its folder).
    pub(crate) fn adapters_may_add(&self, taxonomy: Option<&str>) -> bool {
        let Some(site) = self.site else {
            return false;
        };
        match taxonomy {
            None => !site.adapters.is_empty(),
            Some(plural) => site
                .adapters
                .iter()
                .any(|a| a.as_os_str().is_empty() || a.starts_with(plural)),
        }
    }

    /// ` in `fr`` on a site of several languages, where a message must say which language
    /// it speaks of; nothing on a site of one.
    pub(crate) fn in_language(&self, lang: &str) -> String {
        if self.site.is_some_and(|s| s.config.languages.len() > 1) {
            format!(" in `{lang}`")
        } else {
            String::new()
        }
    }

    /// The site's default content language.
    pub(crate) fn default_language(&self) -> &str {
        self.site
            .map_or("en", |s| s.config.default_language.as_str())
    }

    /// Run every cross-file rule. Each diagnostic comes with the file it belongs to, sorted
    /// by file, then position, rule and message.
    #[must_use]
    pub fn check(&self) -> Vec<(PathBuf, Diagnostic)> {
        let mut out = Vec::new();
        let groups = self.groups();
        rules::instructions_opening::check_index(self, &mut out);
        rules::bundle_conflict::check(self, &groups, &mut out);
        rules::duplicate_term::check(self, &groups, &mut out);
        rules::term_path_mismatch::check(self, &mut out);
        rules::undefined_term::check(self, &mut out);
        rules::unbuilt_term_page::check(self, &mut out);
        rules::unrendered_term_page::check(self, &mut out);
        rules::not_a_term_page::check(self, &groups, &mut out);
        rules::term_url_collision::check(self, &mut out);
        rules::undeclared_language::check(self, &mut out);
        rules::unused_term::check(self, &groups, &mut out);
        rules::undeclared_taxonomy::check(self, &mut out);
        // Some rules visit terms in no particular order: fix one, and say each thing once
        // (a cascaded term is listed by many pages, from one item).
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
        out.dedup_by(|a, b| a.0 == b.0 && a.1.rule == b.1.rule && a.1.span == b.1.span);
        out
    }

    /// The term pages grouped by term (see [`TermGroups`]).
    pub(crate) fn groups(&self) -> TermGroups<'_, 'a> {
        let mut groups: TermGroups<'_, 'a> = HashMap::with_capacity(self.terms.len());
        for t in &self.terms {
            let l = t.location;
            groups
                .entry((l.taxonomy.as_str(), l.lang.as_str(), l.key.clone()))
                .or_default()
                .push(t);
        }
        for group in groups.values_mut() {
            group.sort_by(|a, b| a.path.cmp(b.path));
        }
        groups
    }
}

/// The hash a term is looked up by.
fn term_hash(lang: &str, taxonomy: usize, key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (lang, taxonomy, key).hash(&mut hasher);
    hasher.finish()
}

/// The page of a group Hugo uses for the term: its branch bundle when it has one (with a
/// bundle and a single file at one path, Hugo takes either, at random: `bundle-conflict`
/// says so), else the first page.
pub(crate) fn representative<'s, 'a>(group: &[&'s TermPage<'a>]) -> Option<&'s TermPage<'a>> {
    group
        .iter()
        .find(|t| t.location.layout == TermLayout::Bundle)
        .or_else(|| group.first())
        .copied()
}

/// Term pages grouped by taxonomy, language and key, each group in path order: the pages
/// Hugo would treat as one term. (Groups come in no particular order: [`SiteIndex::check`]
/// sorts the diagnostics once every rule has reported.)
pub(crate) type TermGroups<'s, 'a> = HashMap<(&'a str, &'a str, String), Vec<&'s TermPage<'a>>>;

/// Why Hugo does not build a page, for messages.
pub(crate) fn unbuilt_reason(unbuilt: Unbuilt) -> String {
    match unbuilt {
        Unbuilt::Draft => "a draft".to_owned(),
        Unbuilt::Future(date) => format!("not published until {date}"),
        Unbuilt::Expired(date) => format!("expired since {date}"),
        Unbuilt::Language(lang) => format!("in the disabled language `{lang}`"),
    }
}
