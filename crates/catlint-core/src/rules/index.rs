//! The site index: what the cross-file rules see of one site — every term page and every
//! page that lists terms, as their [`PageFacts`] — and the cross-file rules run over it.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::facts::PageFacts;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{Taxonomy, TermList, TermLocation};

/// A term page, as the cross-file rules see it.
#[derive(Debug, Clone, Copy)]
pub struct TermPage<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its taxonomy, key, language and layout.
    pub location: &'a TermLocation,
    /// What its front matter says.
    pub facts: &'a PageFacts,
}

/// A page that files itself under terms (a post, or a term page filed under another
/// taxonomy).
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    /// The file.
    pub path: &'a Path,
    /// Its term lists.
    pub lists: &'a [TermList],
}

/// Everything the cross-file rules need of one site.
#[derive(Debug, Clone)]
pub struct SiteIndex<'a> {
    /// The site's taxonomies (declared, or Hugo's defaults).
    pub taxonomies: &'a [Taxonomy],
    /// Every term page.
    pub terms: Vec<TermPage<'a>>,
    /// Every page with term lists.
    pub listings: Vec<Listing<'a>>,
    /// Content sections laid out like a taxonomy (`concepts/<x>/_index.md`) that the site
    /// configuration does not declare.
    pub undeclared_sections: &'a BTreeSet<String>,
    /// The folder paths in messages are shown from (the working directory).
    pub base: &'a Path,
}

impl<'a> SiteIndex<'a> {
    /// The index of a site's pages: `pages` gives each page's path, its term location when
    /// it is a term page, and its facts.
    pub fn new(
        taxonomies: &'a [Taxonomy],
        undeclared_sections: &'a BTreeSet<String>,
        base: &'a Path,
        pages: impl IntoIterator<Item = (&'a Path, Option<&'a TermLocation>, &'a PageFacts)>,
    ) -> Self {
        let mut index = Self {
            taxonomies,
            terms: Vec::new(),
            listings: Vec::new(),
            undeclared_sections,
            base,
        };
        for (path, location, facts) in pages {
            if let Some(location) = location {
                index.terms.push(TermPage {
                    path,
                    location,
                    facts,
                });
            }
            if !facts.lists.is_empty() {
                index.listings.push(Listing {
                    path,
                    lists: &facts.lists,
                });
            }
        }
        // Term pages in path order: where a rule names the first of several, it is always
        // the same one. (Listings come in any order: the diagnostics are sorted.)
        index.terms.sort_unstable_by(|a, b| a.path.cmp(b.path));
        index
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

    /// The term pages grouped by term (see [`TermGroups`]).
    pub(crate) fn groups(&self) -> TermGroups<'_, 'a> {
        let mut groups: TermGroups<'_, 'a> = HashMap::with_capacity(self.terms.len());
        for t in &self.terms {
            let l = t.location;
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
            group.sort_by(|a, b| a.path.cmp(b.path));
        }
        groups
    }
}

/// Term pages grouped by taxonomy, language and key (ignoring case), each group in path
/// order: the pages Hugo would treat as one term. (Groups come in no particular order:
/// [`SiteIndex::check`] sorts the diagnostics once every rule has reported.)
pub(crate) type TermGroups<'s, 'a> = HashMap<(&'a str, &'a str, String), Vec<&'s TermPage<'a>>>;
