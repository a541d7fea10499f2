//! Every reported file's final diagnostics, in one order: its own → the cross-file rules'
//! → its suppression comments → the severities of its nearest `catlint.toml`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::configs::ConfigId;
use super::session::{Session, Site};
use crate::diagnostic::Diagnostic;
use crate::rules::index::SiteIndex;
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
}

/// What a session found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every reported file with diagnostics, sorted by path.
    pub files: Vec<FileReport>,
    /// Reported term pages whose front matter was checked.
    pub files_checked: usize,
}

impl Session {
    /// The report: every reported file with diagnostics. Takes the own results (a session
    /// is reported on once; the language server asks per file with
    /// [`Session::diagnostics`]).
    pub fn report(&mut self) -> Report {
        let mut files: HashMap<PathBuf, FileReport> = HashMap::new();
        for site in &mut self.sites {
            cross_results(site, &self.options.cwd);
        }
        let mut own = std::mem::take(&mut self.own);
        // The pages: own, cross-file, suppressions, severities.
        let reported: Vec<PathBuf> = self.reported.iter().cloned().collect();
        for path in reported {
            let mine = own.remove(&path).unwrap_or_default();
            let finished = self.finish_page(&path, mine.diagnostics, &mine.suppressions);
            let source = mine.source;
            if !finished.is_empty() {
                files.insert(
                    path.clone(),
                    FileReport {
                        path,
                        diagnostics: finished,
                        source,
                    },
                );
            }
        }
        // Findings on other files (walk errors, links out, configuration files).
        for (path, diagnostic, config) in std::mem::take(&mut self.problems) {
            let report = files.entry(path.clone()).or_insert_with(|| FileReport {
                path,
                diagnostics: Vec::new(),
                source: None,
            });
            report.diagnostics.push(diagnostic);
            self.configs[config]
                .settings
                .finish(&mut report.diagnostics);
        }
        self.own = own;
        let mut files: Vec<FileReport> = files.into_values().collect();
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        Report {
            files,
            files_checked: self.files_checked,
        }
    }

    /// The final diagnostics of the file `path`, computing the cross-file results of its
    /// site when the index changed since they were last computed.
    pub fn diagnostics(&mut self, path: &Path) -> Vec<Diagnostic> {
        if let Some(site) = self.sites.iter_mut().find(|s| s.pages.contains_key(path)) {
            cross_results(site, &self.options.cwd);
        }
        let (own, suppressions) = self
            .own
            .get(path)
            .map(|o| (o.diagnostics.clone(), o.suppressions.clone()))
            .unwrap_or_default();
        self.finish_page(path, own, &suppressions)
    }

    /// `own` (a page's own diagnostics) with its cross-file ones, its suppression comments
    /// applied, then its configuration's severities. `loose` holds a loose page's
    /// suppressions (a site's page has them in its facts).
    fn finish_page(
        &self,
        path: &Path,
        mut out: Vec<Diagnostic>,
        loose: &[Suppression],
    ) -> Vec<Diagnostic> {
        let (config, suppressions): (ConfigId, &[Suppression]) = match self.site_of(path) {
            Some(site) => {
                let Some(page) = site.pages.get(path) else {
                    return out;
                };
                if let Some(cross) = site.cross.as_ref().and_then(|c| c.get(path)) {
                    out.extend(cross.iter().cloned());
                }
                (page.config, &page.facts.suppressions)
            }
            None => match self.loose.get(path) {
                Some(page) => (page.config, loose),
                None => return out,
            },
        };
        suppression::apply(&mut out, suppressions);
        self.configs[config].settings.finish(&mut out);
        out
    }
}

/// Run the cross-file rules of `site` unless their results are current; messages show paths
/// from `base`.
fn cross_results(site: &mut Site, base: &Path) {
    if site.cross.is_some() {
        return;
    }
    let index = SiteIndex::new(
        &site.hugo.config.taxonomies,
        &site.undeclared_sections,
        base,
        site.pages
            .iter()
            .filter(|(_, page)| page.readable)
            .map(|(path, page)| (path.as_path(), page.role.location(), &page.facts)),
    );
    let mut by_file: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for (path, d) in index.check() {
        by_file.entry(path).or_default().push(d);
    }
    site.cross = Some(by_file);
}
