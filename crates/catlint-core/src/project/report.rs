//! Every reported file's final diagnostics, in one order: its own → the cross-file rules'
//! → its suppression comments → the severities of its nearest `catlint.toml`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::configs::ConfigId;
use super::session::{Role, Session, Site};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{IndexedPage, SiteIndex, SiteModel};
use crate::rules::suppression::{self, Suppression};

/// The final diagnostics of one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file (absolute).
    pub path: PathBuf,
    /// Its diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The bytes of the file the report shows, when they were kept from the check (else
    /// the front end reads the file again for its snippets).
    pub source: Option<Vec<u8>>,
    /// Whether it belongs to a site (a page, a configuration file) rather than being a term
    /// page outside any site.
    pub in_site: bool,
    /// Its site and taxonomy, when the file is a term page checked with the category
    /// model's own required fields (what [`shape_hints`] counts).
    pub model_page: Option<ModelPage>,
}

/// A term page checked with the category model's own required fields: its site and
/// taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModelPage {
    /// The site folder.
    pub site: PathBuf,
    /// The taxonomy.
    pub taxonomy: String,
}

/// What a session found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every reported file with diagnostics, sorted by path.
    pub files: Vec<FileReport>,
    /// The reported files that were checked: term pages whose front matter was checked, and
    /// the other pages of a site that the cross-file rules read for them.
    pub files_checked: usize,
    /// The reported term pages checked with the category model's own required fields, per
    /// site and taxonomy.
    pub term_pages: BTreeMap<ModelPage, usize>,
}

/// Most term pages of a taxonomy lack the same required fields: the pages do not follow the
/// category model, and `catlint init` writes a `catlint.toml` that fits them. Said once in
/// the summary, not per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeHint {
    /// The site folder.
    pub site: PathBuf,
    /// The taxonomy.
    pub taxonomy: String,
    /// The term pages of the taxonomy that were checked.
    pub of: usize,
    /// The required fields more than half of them lack, each with how many lack it, in the
    /// model's order.
    pub fields: Vec<(String, usize)>,
}

impl ShapeHint {
    /// The hint in words.
    #[must_use]
    pub fn message(&self) -> String {
        let same = self.fields.windows(2).all(|w| w[0].1 == w[1].1);
        let lacking = match (same, self.fields.first()) {
            (true, Some((_, n))) => {
                let names: Vec<String> =
                    self.fields.iter().map(|(f, _)| format!("`{f}`")).collect();
                format!(
                    "{n} of {} term pages of `{}` lack {}",
                    self.of,
                    self.taxonomy,
                    names.join(", ")
                )
            }
            _ => {
                let fields: Vec<String> = self
                    .fields
                    .iter()
                    .map(|(f, n)| format!("`{f}` ({n} of {})", self.of))
                    .collect();
                format!(
                    "most term pages of `{}` lack {}",
                    self.taxonomy,
                    fields.join(", ")
                )
            }
        };
        format!(
            "{lacking}: they do not follow the category model; `catlint init` writes a \
             catlint.toml that fits them"
        )
    }
}

/// The [`ShapeHint`]s of `files` (each term page checked with the model's own required
/// fields, and its final diagnostics), when `term_pages` (per site and taxonomy) were
/// checked: one per site and taxonomy where at least two pages, and more than half of them,
/// lack the same top-level required fields.
#[must_use]
pub fn shape_hints<'a>(
    term_pages: &BTreeMap<ModelPage, usize>,
    files: impl IntoIterator<Item = (&'a ModelPage, &'a [Diagnostic])>,
) -> Vec<ShapeHint> {
    // Per site and taxonomy: how many pages lack each top-level field.
    let mut lacking: BTreeMap<&ModelPage, BTreeMap<&str, usize>> = BTreeMap::new();
    for (page, diagnostics) in files {
        let missing: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d.rule == RuleId::MissingField)
            .flat_map(|d| &d.fields)
            .filter(|f| !f.contains('.'))
            .map(String::as_str)
            .collect();
        let counts = lacking.entry(page).or_default();
        for field in missing {
            *counts.entry(field).or_default() += 1;
        }
    }
    let order = |f: &str| {
        crate::model::schema::REQUIRED_FIELDS
            .iter()
            .position(|r| *r == f)
            .unwrap_or(usize::MAX)
    };
    lacking
        .into_iter()
        .filter_map(|(page, counts)| {
            let of = term_pages.get(page).copied().unwrap_or(0);
            let mut fields: Vec<(String, usize)> = counts
                .into_iter()
                .filter(|(_, n)| *n >= 2 && n * 2 > of)
                .map(|(f, n)| (f.to_owned(), n))
                .collect();
            fields.sort_by_key(|(f, _)| (order(f), f.clone()));
            (!fields.is_empty()).then(|| ShapeHint {
                site: page.site.clone(),
                taxonomy: page.taxonomy.clone(),
                of,
                fields,
            })
        })
        .collect()
}

impl Session {
    /// The report: every reported file with diagnostics, and the findings on the other
    /// files the session read (walk errors, links out, configuration files). It takes what
    /// the session holds (a front end reports once; the language server asks per file with
    /// [`Session::diagnostics`]).
    #[must_use]
    pub fn into_report(mut self) -> Report {
        let base = self.options.cwd.clone();
        for i in 0..self.sites.len() {
            let clock = self.clock_of(i);
            cross_results(&mut self.sites[i], &clock, &base);
        }
        let mut own = std::mem::take(&mut self.own);
        let mut files: HashMap<PathBuf, FileReport> = HashMap::new();
        let mut term_pages = BTreeMap::new();
        let loose = self
            .loose
            .iter()
            .filter(|(_, page)| page.reported)
            .map(|(path, _)| path);
        for path in self.reported.iter().chain(loose) {
            let mine = own.remove(path).unwrap_or_default();
            let diagnostics = self.finish_page(path, mine.diagnostics);
            let model_page = self.model_page(path);
            if let Some(page) = &model_page {
                *term_pages.entry(page.clone()).or_default() += 1;
            }
            if !diagnostics.is_empty() {
                files.insert(
                    path.clone(),
                    FileReport {
                        path: path.clone(),
                        diagnostics,
                        source: mine.source,
                        in_site: !self.loose.contains_key(path),
                        model_page,
                    },
                );
            }
        }
        // Cross-file findings on files that are not pages: the items of a `cascade` in the
        // site configuration, reported with the site's severities when any of its pages is.
        for site in &mut self.sites {
            let Some(cross) = site.cross.as_mut() else {
                continue;
            };
            if !site.pages.keys().any(|p| self.reported.contains(p)) {
                continue;
            }
            for (path, diagnostics) in cross.iter_mut() {
                if site.pages.contains_key(path) || diagnostics.is_empty() {
                    continue;
                }
                let mut diagnostics = std::mem::take(diagnostics);
                self.configs[site.config].settings.finish(&mut diagnostics);
                files
                    .entry(path.clone())
                    .or_insert_with(|| FileReport {
                        path: path.clone(),
                        diagnostics: Vec::new(),
                        source: None,
                        in_site: true,
                        model_page: None,
                    })
                    .diagnostics
                    .extend(diagnostics);
            }
        }
        for (path, diagnostic, config) in std::mem::take(&mut self.problems) {
            let report = files.entry(path.clone()).or_insert_with(|| FileReport {
                path,
                diagnostics: Vec::new(),
                source: None,
                in_site: true,
                model_page: None,
            });
            report.diagnostics.push(diagnostic);
            self.configs[config]
                .settings
                .finish(&mut report.diagnostics);
        }
        let mut files: Vec<FileReport> = files.into_values().collect();
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Report {
            files,
            files_checked: self.files_checked,
            term_pages,
        }
    }

    /// The site and taxonomy of the file `path`, when it is a term page of a site checked
    /// with the category model's own required fields (its `catlint.toml` sets none).
    fn model_page(&self, path: &Path) -> Option<ModelPage> {
        let site = self.site_of(path)?;
        let page = site.pages.get(path)?;
        let Role::Term(location) = &page.role else {
            return None;
        };
        let own_required = self.configs[page.config]
            .config
            .taxonomies
            .get(&location.taxonomy)
            .is_none_or(|t| t.required.is_none());
        own_required.then(|| ModelPage {
            site: site.hugo.root.clone(),
            taxonomy: location.taxonomy.clone(),
        })
    }

    /// The final diagnostics of the file `path`, computing the cross-file results of its
    /// site when the index changed since they were last computed. Nothing for a file that
    /// is not reported on (see [`Session::set_reported`]: an excluded page never is).
    pub fn diagnostics(&mut self, path: &Path) -> Vec<Diagnostic> {
        if !self.is_reported(path) {
            return Vec::new();
        }
        let base = self.options.cwd.clone();
        if let Some(i) = self.sites.iter().position(|s| s.pages.contains_key(path)) {
            let clock = self.clock_of(i);
            cross_results(&mut self.sites[i], &clock, &base);
        }
        let own = self
            .own
            .get(path)
            .map(|o| o.diagnostics.clone())
            .unwrap_or_default();
        self.finish_page(path, own)
    }

    /// A page's `own` diagnostics with its cross-file ones, its suppression comments
    /// applied, then its configuration's severities.
    fn finish_page(&self, path: &Path, mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let (config, suppressions, checked): (ConfigId, &[Suppression], bool) =
            match self.site_of(path) {
                Some(site) => {
                    let Some(page) = site.pages.get(path) else {
                        return out;
                    };
                    if let Some(cross) = site.cross.as_ref().and_then(|c| c.get(path)) {
                        out.extend(cross.iter().cloned());
                    }
                    let checked = !matches!(page.role, Role::UncheckedTerm(_));
                    (page.config, &page.facts.suppressions, checked)
                }
                None => match self.loose.get(path) {
                    Some(page) => (page.config, &page.suppressions, true),
                    None => return out,
                },
            };
        suppression::apply(&mut out, suppressions);
        if !checked {
            // The page rules did not run on it: whether its comments suppress anything
            // cannot be told.
            out.retain(|d| d.rule != RuleId::UnusedSuppression);
        }
        self.configs[config].settings.finish(&mut out);
        out
    }
}

impl Session {
    /// "Now" and the time zone of the `i`th site, as its own `catlint.toml` settings say.
    fn clock_of(&self, i: usize) -> Clock {
        let site = &self.sites[i];
        let settings = self.settings_of(site.config, Some(site.id));
        Clock {
            now: settings.now,
            zone: settings.zone.clone(),
        }
    }
}

/// "Now" and the zone a site's dates are read in.
struct Clock {
    now: i64,
    zone: crate::model::date::Zone,
}

/// Run the cross-file rules of `site` unless their results are current; messages show paths
/// from `base`.
fn cross_results(site: &mut Site, settings: &Clock, base: &Path) {
    if site.cross.is_some() {
        return;
    }
    let model = SiteModel {
        config: &site.hugo.config,
        cascade: &site.hugo.cascade,
        adapters: &site.adapters,
        now: settings.now,
        zone: &settings.zone,
    };
    let index = SiteIndex::new(
        &site.hugo.config.taxonomies,
        &site.undeclared_sections,
        base,
        Some(model),
        site.pages
            .iter()
            .filter(|(_, page)| page.readable)
            .map(|(path, page)| IndexedPage {
                path,
                location: page.role.location(),
                place: page.place.as_ref(),
                facts: &page.facts,
            }),
    );
    let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for (path, d) in index.check() {
        by_file.entry(path).or_default().push(d);
    }
    site.cross = Some(by_file);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lacking(fields: &[&str]) -> Vec<Diagnostic> {
        let mut d = Diagnostic::new(RuleId::MissingField, "lacks", None);
        d.fields = fields.iter().map(|f| (*f).to_owned()).collect();
        vec![d]
    }

    fn page(taxonomy: &str) -> ModelPage {
        ModelPage {
            site: PathBuf::from("/site"),
            taxonomy: taxonomy.to_owned(),
        }
    }

    #[test]
    fn a_hint_lists_the_fields_most_pages_lack_even_when_one_page_lacks_others() {
        let tags = page("tags");
        let pages = [
            lacking(&["headline", "date", "Instructions"]),
            lacking(&["date", "Instructions", "headline"]),
            lacking(&["Instructions", "headline.title"]),
            lacking(&["title"]),
            vec![],
        ];
        let term_pages = BTreeMap::from([(tags.clone(), pages.len())]);
        let hints = shape_hints(&term_pages, pages.iter().map(|d| (&tags, d.as_slice())));
        assert_eq!(hints.len(), 1);
        // 3 of 5 lack Instructions; 2 of 5 lack date or headline: not most; nested fields
        // are the headline's own.
        assert_eq!(hints[0].fields, [("Instructions".to_owned(), 3)]);
        assert!(
            hints[0]
                .message()
                .starts_with("3 of 5 term pages of `tags` lack `Instructions`: "),
            "{}",
            hints[0].message()
        );
        let mixed = ShapeHint {
            fields: vec![("date".into(), 4), ("headline".into(), 3)],
            ..hints[0].clone()
        };
        assert!(
            mixed
                .message()
                .starts_with("most term pages of `tags` lack `date` (4 of 5), `headline` (3 of 5)"),
            "{}",
            mixed.message()
        );
    }

    #[test]
    fn no_hint_for_one_page_or_for_half_of_them() {
        let tags = page("tags");
        let one = [lacking(&["date"])];
        let hints = shape_hints(
            &BTreeMap::from([(tags.clone(), 1)]),
            one.iter().map(|d| (&tags, d.as_slice())),
        );
        assert!(hints.is_empty(), "one page is not a shape");
        let half = [lacking(&["date"]), lacking(&["date"]), vec![], vec![]];
        let hints = shape_hints(
            &BTreeMap::from([(tags.clone(), 4)]),
            half.iter().map(|d| (&tags, d.as_slice())),
        );
        assert!(hints.is_empty(), "half is not most");
    }
}
