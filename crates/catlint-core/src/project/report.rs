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
    /// The taxonomy, when the file is a term page checked with the category model.
    pub taxonomy: Option<String>,
}

/// What a session found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every reported file with diagnostics, sorted by path.
    pub files: Vec<FileReport>,
    /// The reported files that were checked: term pages whose front matter was checked, and
    /// the other pages of a site that the cross-file rules read for them.
    pub files_checked: usize,
    /// The reported term pages checked with the category model, per taxonomy.
    pub term_pages: BTreeMap<String, usize>,
}

/// Most term pages of a taxonomy lack the same required fields: the pages do not follow the
/// category model, and `catlint init` writes a `catlint.toml` that fits them. Said once in
/// the summary, not per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeHint {
    /// The taxonomy.
    pub taxonomy: String,
    /// The term pages that lack every one of `fields`.
    pub pages: usize,
    /// The term pages of the taxonomy that were checked.
    pub of: usize,
    /// The required fields those pages all lack.
    pub fields: Vec<String>,
}

impl ShapeHint {
    /// The hint in words.
    #[must_use]
    pub fn message(&self) -> String {
        let fields: Vec<String> = self.fields.iter().map(|f| format!("`{f}`")).collect();
        format!(
            "{} of {} term pages of `{}` lack {}: these pages do not follow the category model; \
             `catlint init` writes a catlint.toml that fits them",
            self.pages,
            self.of,
            self.taxonomy,
            fields.join(", ")
        )
    }
}

/// The [`ShapeHint`]s of `files` (each term page's taxonomy and its final diagnostics), when
/// `term_pages` (per taxonomy) were checked: one per taxonomy where more than half of the
/// pages (and at least two) lack the same top-level required fields.
#[must_use]
pub fn shape_hints<'a>(
    term_pages: &BTreeMap<String, usize>,
    files: impl IntoIterator<Item = (&'a str, &'a [Diagnostic])>,
) -> Vec<ShapeHint> {
    // Per taxonomy: the pages lacking top-level fields, and the fields they all lack.
    let mut lacking: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (taxonomy, diagnostics) in files {
        let missing: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d.rule == RuleId::MissingField)
            .flat_map(|d| &d.fields)
            .filter(|f| !f.contains('.'))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let entry = lacking
            .entry(taxonomy)
            .or_insert_with(|| (0, missing.clone()));
        entry.0 += 1;
        entry.1.retain(|f| missing.contains(f));
    }
    lacking
        .into_iter()
        .filter_map(|(taxonomy, (pages, fields))| {
            let of = term_pages.get(taxonomy).copied().unwrap_or(0);
            (pages >= 2 && pages * 2 > of && !fields.is_empty()).then(|| ShapeHint {
                taxonomy: taxonomy.to_owned(),
                pages,
                of,
                // In the model's order.
                fields: crate::model::schema::REQUIRED_FIELDS
                    .iter()
                    .filter(|f| fields.contains(*f))
                    .map(|f| (*f).to_owned())
                    .chain(
                        fields
                            .iter()
                            .filter(|f| !crate::model::schema::REQUIRED_FIELDS.contains(f))
                            .map(|f| (*f).to_owned()),
                    )
                    .collect(),
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
            let taxonomy = self.checked_taxonomy(path);
            if let Some(taxonomy) = &taxonomy {
                *term_pages.entry(taxonomy.clone()).or_default() += 1;
            }
            if !diagnostics.is_empty() {
                files.insert(
                    path.clone(),
                    FileReport {
                        path: path.clone(),
                        diagnostics,
                        source: mine.source,
                        in_site: !self.loose.contains_key(path),
                        taxonomy,
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
                        taxonomy: None,
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
                taxonomy: None,
            });
            report.diagnostics.push(diagnostic);
            self.configs[config]
                .settings
                .finish(&mut report.diagnostics);
        }
        let mut files: Vec<FileReport> = files.into_values().collect();
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        // Posts named (or walked) are checked too: by the cross-file rules.
        let posts = self
            .sites
            .iter()
            .flat_map(|s| &s.pages)
            .filter(|(path, page)| {
                page.role == Role::Post && page.readable && self.reported.contains(*path)
            })
            .count();
        Report {
            files,
            files_checked: self.files_checked + posts,
            term_pages,
        }
    }

    /// The taxonomy of the file `path`, when it is a term page checked with the category
    /// model.
    fn checked_taxonomy(&self, path: &Path) -> Option<String> {
        if let Some(page) = self.loose.get(path) {
            return Some(page.taxonomy.to_string());
        }
        match &self.site_of(path)?.pages.get(path)?.role {
            Role::Term(location) => Some(location.taxonomy.clone()),
            _ => None,
        }
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
