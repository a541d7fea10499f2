//! Facts kept between runs: a front end may keep each page's [`PageFacts`] (the CLI keeps
//! them on disk) so that checking one file of a large site does not read every other page.
//! The session asks before reading a page it was not asked to report on, and hands back what
//! it read at the end.

use std::path::Path;

use crate::rules::PageFacts;
use crate::site::source::FileStamp;

/// Facts kept between runs, per site.
pub trait FactsCache: Sync {
    /// What is kept for the site in the folder `site` (of `pages` pages), valid for pages
    /// read under `fingerprint` (a hash of everything site-wide the facts depend on: the
    /// site's configuration, its `catlint.toml` files, its taxonomy keys, the parser limits).
    fn site(&self, site: &Path, fingerprint: u64, pages: usize) -> Box<dyn SiteFacts + '_>;
}

/// The facts kept for one site.
pub trait SiteFacts: Sync {
    /// The facts of the page at `path`, and the stamp of the file they were read from, if
    /// the file has not changed since.
    fn get(&self, path: &Path) -> Option<(PageFacts, FileStamp)>;

    /// Keep `pages` (every page of the site with a known stamp) for the next run.
    fn store(self: Box<Self>, pages: &mut dyn Iterator<Item = (&Path, FileStamp, &PageFacts)>);
}

/// No cache: every page is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCache;

impl FactsCache for NoCache {
    fn site(&self, _: &Path, _: u64, _: usize) -> Box<dyn SiteFacts + '_> {
        Box::new(NoCache)
    }
}

impl SiteFacts for NoCache {
    fn get(&self, _: &Path) -> Option<(PageFacts, FileStamp)> {
        None
    }

    fn store(self: Box<Self>, _: &mut dyn Iterator<Item = (&Path, FileStamp, &PageFacts)>) {}
}
