//! Reading pages: a reported page is checked whole (a term page of a checked taxonomy with
//! its category model, any other page with Hugo's page model); every other page is read
//! only as far as its front matter goes, for its facts — or its facts come from the front
//! end's cache. Pages are read in parallel; a panic on one page is that page's `internal-error`,
//! never the end of the run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::cache::{FactsCache, SiteFacts};
use super::session::{Own, Role, Session, SiteId};
use crate::diagnostic::Diagnostic;
use crate::rules::{
    PageChecker, PageFacts, Settings, file_too_large, internal_error, io_error, link_outside,
};
use crate::site::source::{Extent, FileStamp, ReadError, Source};

/// How many bytes of checked pages are kept for the report. Beyond it, a page's bytes are
/// read again when its report is written, so that memory does not grow with the size of the
/// repository (the output is the same either way).
pub const SOURCE_BUDGET: usize = 16 * 1024 * 1024;

/// Lines kept after the last span, for the report's context lines.
const CONTEXT_LINES_KEPT: usize = 3;

/// How many loose term pages are read at once (what is held at once stays bounded).
const LOOSE_CHUNK: usize = 4096;

/// How one page is to be read.
#[derive(Clone, Copy)]
pub(super) struct Job<'a> {
    pub(super) path: &'a Path,
    /// Checked whole (a reported page), and with which model?
    pub(super) check: Option<&'a PageChecker>,
    /// A term page (its facts include title, description, Instructions opening)?
    pub(super) term: bool,
    /// Reported (its suppression comments are needed; never from the cache)?
    pub(super) reported: bool,
    pub(super) settings: &'a Settings,
    /// The site's taxonomy keys; `None` for a page outside any site.
    pub(super) keys: Option<&'a [&'a str]>,
    pub(super) max_file_size: u64,
}

/// What reading one page gave.
#[derive(Debug, Default)]
pub(super) struct Read {
    pub(super) facts: PageFacts,
    pub(super) stamp: Option<FileStamp>,
    /// For a reported page with something to say.
    pub(super) own: Option<Own>,
    /// Whether its front matter was checked.
    pub(super) checked: bool,
    /// Whether it could not be read at all.
    pub(super) unreadable: bool,
}

impl Session {
    /// Read every page: check the reported term pages, take every other page's facts from
    /// `cache` or from its front matter, and give `cache` what was read.
    pub fn index(&mut self, source: &dyn Source, cache: &dyn FactsCache) {
        self.index_loose(source);
        for i in 0..self.sites.len() {
            self.index_site(source, cache, i);
        }
    }

    fn index_loose(&mut self, source: &dyn Source) {
        // A loose page feeds no index: only the reported ones are read.
        let paths: Vec<PathBuf> = self
            .loose
            .iter()
            .filter(|(_, page)| page.reported)
            .map(|(path, _)| path.clone())
            .collect();
        for chunk in paths.chunks(LOOSE_CHUNK) {
            let reads: Vec<(PathBuf, Read)> = chunk
                .par_iter()
                .map(|path| {
                    let job = self.loose_job(path, &self.loose[path]);
                    (path.clone(), self.read(source, &job))
                })
                .collect();
            for (path, read) in reads {
                self.files_checked += usize::from(read.checked);
                if let Some(page) = self.loose.get_mut(&path) {
                    page.suppressions = read.facts.suppressions;
                }
                self.set_own(&path, read.own);
            }
        }
    }

    fn index_site(&mut self, source: &dyn Source, cache: &dyn FactsCache, i: usize) {
        let site = &self.sites[i];
        let facts_cache = cache.site(&site.hugo.root, site.fingerprint, site.pages.len());
        let keys = site.key_refs();
        let reads: Vec<(PathBuf, Read)> = site
            .pages
            .par_iter()
            .map(|(path, page)| {
                let reported = self.reported.contains(path);
                let limit = self.configs[page.config].max_file_size;
                // A file now over the size limit is not read, whatever the cache kept.
                if !reported
                    && let Some((facts, stamp)) = facts_cache.get(path)
                    && stamp.len <= limit
                {
                    let read = Read {
                        facts,
                        stamp: Some(stamp),
                        ..Read::default()
                    };
                    return (path.clone(), read);
                }
                let job = self.job(site.id, path, page, &keys);
                (path.clone(), self.read(source, &job))
            })
            .collect();
        self.take_reads(i, reads, facts_cache);
    }

    /// Put what was read into the site's index, the reported pages' results, and the cache.
    fn take_reads(
        &mut self,
        i: usize,
        reads: Vec<(PathBuf, Read)>,
        cache: Box<dyn SiteFacts + '_>,
    ) {
        let site = &mut self.sites[i];
        for (path, read) in reads {
            self.files_checked += usize::from(read.checked);
            if let Some(own) = read.own
                && !own.diagnostics.is_empty()
                && self.reported.contains(&path)
            {
                self.own.insert(path.clone(), own);
            }
            if let Some(page) = site.pages.get_mut(&path) {
                page.facts = read.facts;
                page.stamp = read.stamp;
                page.readable = !read.unreadable;
            }
        }
        site.cross = None;
        let mut entries = site
            .pages
            .iter()
            .filter_map(|(path, page)| Some((path.as_path(), page.stamp?, &page.facts)));
        cache.store(&mut entries);
    }

    /// Report on `path` from now on (a document a front end shows), or no longer. A page a
    /// `catlint.toml` excludes is never reported on.
    pub fn set_reported(&mut self, path: &Path, reported: bool) {
        let excluded = self
            .site_of(path)
            .and_then(|s| s.pages.get(path))
            .is_some_and(|p| p.excluded);
        if let Some(page) = self.loose.get_mut(path) {
            page.reported = reported;
        } else if reported && !excluded {
            self.reported.insert(path.to_path_buf());
        } else {
            self.reported.remove(path);
        }
        if !self.is_reported(path) {
            self.own.remove(path);
        }
    }

    /// Read the page `path` again (its text or its file changed): its own diagnostics when
    /// it is reported, and its facts. Whether its site's index changed, so that the
    /// cross-file results of its other pages may have changed too.
    pub fn refresh(&mut self, source: &dyn Source, path: &Path) -> bool {
        let read = if let Some(page) = self.loose.get(path) {
            let job = self.loose_job(path, page);
            let read = self.read(source, &job);
            if let Some(page) = self.loose.get_mut(path) {
                page.suppressions = read.facts.suppressions;
            }
            self.set_own(path, read.own);
            return false;
        } else if let Some(site) = self.site_of(path) {
            let Some(page) = site.pages.get(path) else {
                return false;
            };
            let keys = site.key_refs();
            let job = self.job(site.id, path, page, &keys);
            self.read(source, &job)
        } else {
            return false;
        };
        self.set_own(path, read.own);
        let Some(site) = self.sites.iter_mut().find(|s| s.pages.contains_key(path)) else {
            return false;
        };
        let Some(page) = site.pages.get_mut(path) else {
            return false;
        };
        let changed =
            !page.facts.same_for_the_index(&read.facts) || page.readable == read.unreadable;
        page.facts = read.facts;
        page.stamp = read.stamp;
        page.readable = !read.unreadable;
        if changed {
            site.cross = None;
        }
        changed
    }

    /// Keep the own results of `path` when it is reported and they say something.
    fn set_own(&mut self, path: &Path, own: Option<Own>) {
        match own {
            Some(own) if self.is_reported(path) && !own.diagnostics.is_empty() => {
                self.own.insert(path.to_path_buf(), own);
            }
            _ => {
                self.own.remove(path);
            }
        }
    }

    /// How to read the term page `path` outside any site: checked whole when reported.
    fn loose_job<'a>(&'a self, path: &'a Path, page: &'a super::session::LoosePage) -> Job<'a> {
        Job {
            path,
            check: self.checker(page.config, None, &page.taxonomy),
            term: true,
            reported: page.reported,
            settings: self.settings_of(page.config, None),
            keys: None,
            max_file_size: self.configs[page.config].max_file_size,
        }
    }

    /// How to read the page `path` of the site `site`.
    pub(super) fn job<'a>(
        &'a self,
        site: SiteId,
        path: &'a Path,
        page: &'a super::session::Page,
        keys: &'a [&'a str],
    ) -> Job<'a> {
        let reported = self.reported.contains(path);
        let check = match &page.role {
            _ if !reported => None,
            Role::Term(l) => self.checker(page.config, Some(site), &l.taxonomy),
            Role::UncheckedTerm(_) | Role::Post => self.pages_checker.as_ref(),
        };
        Job {
            path,
            check,
            term: page.role.location().is_some(),
            reported,
            settings: self.settings_of(page.config, Some(site)),
            keys: Some(keys),
            max_file_size: self.configs[page.config].max_file_size,
        }
    }

    /// Read one page as `job` says; a panic is the page's `internal-error`.
    pub(super) fn read(&self, source: &dyn Source, job: &Job<'_>) -> Read {
        catch_unwind(AssertUnwindSafe(|| self.read_unguarded(source, job))).unwrap_or_else(
            |panic| Read {
                own: job.reported.then(|| Own {
                    diagnostics: vec![internal_error::diagnostic(&internal_error::panic_message(
                        &*panic,
                    ))],
                    ..Own::default()
                }),
                unreadable: true,
                ..Read::default()
            },
        )
    }

    fn read_unguarded(&self, source: &dyn Source, job: &Job<'_>) -> Read {
        let extent = if job.check.is_some() {
            Extent::Whole
        } else {
            Extent::FrontMatter
        };
        let loaded = match source.read(job.path, job.max_file_size, extent) {
            Ok(loaded) => loaded,
            Err(e) => {
                // Only a page that would have been checked says why it was not.
                let own = job.check.map(|_| Own {
                    diagnostics: vec![read_error(&e, job.max_file_size)],
                    ..Own::default()
                });
                return Read {
                    own,
                    unreadable: true,
                    ..Read::default()
                };
            }
        };
        let Some(checker) = job.check else {
            let facts = PageFacts::read(
                &loaded.bytes,
                job.settings,
                job.keys.unwrap_or_default(),
                job.term,
            );
            return Read {
                facts,
                stamp: loaded.stamp,
                own: job.reported.then(Own::default),
                checked: false,
                unreadable: false,
            };
        };
        let (diagnostics, facts) = checker.check(&loaded.bytes, job.settings, job.keys, job.term);
        let source = self.keep(loaded.bytes, &diagnostics, &facts);
        Read {
            facts,
            stamp: loaded.stamp,
            own: Some(Own {
                diagnostics,
                source,
            }),
            checked: true,
            unreadable: false,
        }
    }

    /// The bytes of a checked page the report shows, when it has something to show and the
    /// budget allows: up to a few lines past the last span of its own diagnostics, and of
    /// its facts (where the cross-file rules point).
    fn keep(
        &self,
        mut bytes: Vec<u8>,
        diagnostics: &[Diagnostic],
        facts: &PageFacts,
    ) -> Option<Vec<u8>> {
        if !diagnostics.iter().any(|d| d.span.is_some()) {
            return None;
        }
        let own = diagnostics.iter().flat_map(|d| {
            d.span
                .iter()
                .copied()
                .chain(d.related.iter().map(|(s, _)| *s))
                .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)))
        });
        let last = own.chain(facts.spans()).map(|s| s.end).max().unwrap_or(0);
        truncate_after_lines(&mut bytes, last, CONTEXT_LINES_KEPT);
        let used = self.kept.fetch_add(bytes.len(), Ordering::Relaxed);
        (used + bytes.len() <= SOURCE_BUDGET).then_some(bytes)
    }
}

/// Cut `bytes` a few lines past the byte `at` (everything when the file ends first).
fn truncate_after_lines(bytes: &mut Vec<u8>, at: usize, lines: usize) {
    let mut end = at.min(bytes.len());
    for _ in 0..=lines {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            Some(newline) => end += newline + 1,
            None => return,
        }
    }
    bytes.truncate(end);
    bytes.shrink_to_fit();
}

/// The diagnostic of a page that could not be read.
fn read_error(error: &ReadError, limit: u64) -> Diagnostic {
    match error {
        ReadError::Io(e) => io_error::diagnostic(e),
        ReadError::TooLarge(size) => file_too_large::diagnostic(*size, limit),
        ReadError::Outside(o) => link_outside::diagnostic(&o.target, &o.root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_reported_part_of_a_page_is_kept() {
        let mut page = b"---\ntitle: x\nbad: 1\n---\nl1\nl2\nl3\nl4\nl5\n".to_vec();
        truncate_after_lines(&mut page, 15, 3);
        assert_eq!(page, b"---\ntitle: x\nbad: 1\n---\nl1\nl2\n");
        // Near the end, everything is kept.
        let mut short = b"a\nb".to_vec();
        truncate_after_lines(&mut short, 1, 3);
        assert_eq!(short, b"a\nb");
    }
}
