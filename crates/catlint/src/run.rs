//! Checking the discovered pages in parallel, running the cross-file rules over each site's
//! index, and collecting the results of the requested files in path order.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::engine::suppress::{self, Suppression};
use catlint_core::engine::{self, Checker, TermFacts};
use catlint_core::index::{Post, SiteIndex, TermPage, read_post};
use catlint_core::rules::RuleId;
use rayon::prelude::*;

use crate::cache::{CacheDir, Entry, SiteCache, Stamp, TermEntry};
use crate::discover::{Discovery, Site, normalize};
use crate::settings::{LimitFlags, Loaded};

/// One checker per configuration and taxonomy, built before the parallel part.
pub(crate) struct Checkers {
    /// By configuration, taxonomy and the site's time zone.
    by_key: BTreeMap<(usize, String, Option<String>), Checker>,
    /// The engine settings of each configuration (by index).
    pub(crate) settings: Vec<catlint_core::engine::Settings>,
    /// The file size limit of each configuration (by index).
    pub(crate) max_file_size: Vec<u64>,
    /// The limits given on the command line.
    pub(crate) flags: LimitFlags,
}

impl Checkers {
    /// Build the checkers `found` needs. `base` holds the command line's settings (now);
    /// `flags` the command line's limits, which win over the configuration's.
    pub(crate) fn new(
        found: &Discovery,
        base: &catlint_core::engine::Settings,
        flags: &LimitFlags,
    ) -> miette::Result<Self> {
        let settings: Vec<catlint_core::engine::Settings> = found
            .configs
            .iter()
            .map(|loaded: &Loaded| {
                let mut s = base.clone();
                loaded.config.apply(&mut s);
                flags.apply(&mut s);
                s
            })
            .collect();
        let max_sizes = found
            .configs
            .iter()
            .map(|l| {
                flags
                    .max_file_size
                    .or(l.config.max_file_size())
                    .unwrap_or(DEFAULT_MAX_FILE_SIZE)
            })
            .collect();
        let mut keys: BTreeSet<(usize, String, Option<String>)> = found
            .loose_terms
            .iter()
            .map(|(_, taxonomy, config)| (*config, taxonomy.clone(), None))
            .collect();
        for site in &found.sites {
            let zone = &site.config.time_zone;
            keys.extend(
                site.terms
                    .iter()
                    .map(|(_, l, config)| (*config, l.taxonomy.clone(), zone.clone())),
            );
        }
        let mut by_key = BTreeMap::new();
        for (config, taxonomy, zone) in keys {
            let taxonomy_config = found.configs[config]
                .config
                .taxonomies
                .get(&taxonomy)
                .cloned()
                .unwrap_or_default();
            let schema = catlint_schema::category_schema_for(&taxonomy_config);
            let mut with_zone = settings[config].clone();
            with_zone.time_zone.clone_from(&zone);
            let checker = Checker::new(schema, with_zone).map_err(|e| miette::miette!("{e}"))?;
            by_key.insert((config, taxonomy, zone), checker);
        }
        Ok(Self {
            by_key,
            settings,
            max_file_size: max_sizes,
            flags: *flags,
        })
    }

    pub(crate) fn get(
        &self,
        config: usize,
        taxonomy: &str,
        zone: Option<&String>,
    ) -> Option<&Checker> {
        self.by_key
            .get(&(config, taxonomy.to_owned(), zone.cloned()))
    }
}

/// The default `--max-file-size`.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

/// The diagnostics of one file, and its bytes when there is something to show.
#[derive(Debug)]
pub(crate) struct FileResult {
    pub(crate) path: PathBuf,
    /// The bytes the report shows, when they were kept from the check (see
    /// [`FileResult::report_source`]).
    pub(crate) source: Option<Vec<u8>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    /// The bytes the report needs for positions and snippets: those kept from the check, or,
    /// when they were not kept (over [`SOURCE_BUDGET`], or a cross-file finding), the file
    /// read again now. Empty when no diagnostic has a span or the file is gone.
    pub(crate) fn report_source(&self) -> Cow<'_, [u8]> {
        match &self.source {
            Some(bytes) => Cow::Borrowed(bytes),
            None if self.diagnostics.iter().any(|d| d.span.is_some()) => {
                Cow::Owned(std::fs::read(&self.path).unwrap_or_default())
            }
            None => Cow::Borrowed(&[]),
        }
    }
}

/// How many bytes of checked pages are kept for the report. Beyond it, a page's bytes are
/// read again when its report is written, so that memory does not grow with the size of the
/// repository (the output is the same either way).
pub(crate) const SOURCE_BUDGET: usize = 16 * 1024 * 1024;

/// What a whole run found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Requested term pages whose front matter was checked.
    pub(crate) files_checked: usize,
    /// Every requested file with diagnostics, sorted by path.
    pub(crate) files: Vec<FileResult>,
    /// What the index cache of each site did (for `--verbose`).
    pub(crate) cache: Vec<CacheNote>,
    /// What the user must hear about even without `--verbose` (a refused cache folder).
    pub(crate) notices: Vec<String>,
}

/// What the index cache of one site did.
#[derive(Debug)]
pub(crate) struct CacheNote {
    /// The cache file.
    pub(crate) file: PathBuf,
    /// Pages of the site that were read for the index.
    pub(crate) pages: usize,
    /// Of those, the ones whose entry was reused instead.
    pub(crate) reused: usize,
    /// Whether the file was rewritten, or why it could not be.
    pub(crate) written: Result<bool, String>,
}

impl Outcome {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// Whether some path could not be read, or catlint failed on a file: exit code 2.
    pub(crate) fn has_trouble(&self) -> bool {
        self.diagnostics()
            .any(|d| matches!(d.rule, RuleId::IoError | RuleId::InternalError))
    }
}

/// Check everything `found` lists; the index of each site comes partly from its cache in
/// `cache_dir` (see [`crate::cache`]).
pub(crate) fn run(checkers: &Checkers, found: Discovery, cache_dir: &CacheDir) -> Outcome {
    let mut results: BTreeMap<PathBuf, FileResult> = BTreeMap::new();
    let mut suppressions: HashMap<PathBuf, (Vec<Suppression>, usize)> = HashMap::new();
    let mut files_checked = 0;
    let mut cache_notes = Vec::new();
    let mut notices = Vec::new();

    // Loose term pages: checked on their own.
    let loose: Vec<Job<'_>> = found
        .loose_terms
        .iter()
        .map(|(p, t, c)| Job {
            path: p,
            checker: checkers.get(*c, t, None),
            max_size: checkers.max_file_size[*c],
            full: true,
        })
        .collect();
    let kept = AtomicUsize::new(0);
    let loose_reading = Reading {
        keys: &[],
        limits: catlint_core::frontmatter::Limits::default(),
        cache: None,
        cwd: &found.cwd,
        kept: &kept,
    };
    // In chunks, so that what is held at once does not grow with the number of pages.
    for (jobs, terms) in loose
        .chunks(LOOSE_CHUNK)
        .zip(found.loose_terms.chunks(LOOSE_CHUNK))
    {
        for (read, (_, _, config)) in check_all(jobs, &loose_reading).into_iter().zip(terms) {
            let result = read.result;
            files_checked +=
                usize::from(found.requested.contains(&result.path) && was_read(&result));
            keep(
                &mut results,
                &mut suppressions,
                result,
                read.facts.suppressions,
                *config,
            );
        }
    }

    for site in &found.sites {
        for (path, error) in &site.config_errors {
            let d = Diagnostic::new(
                RuleId::Syntax,
                format!("invalid site configuration: {}", error.message),
                Some(error.span),
            )
            .with_label("the parser stopped here");
            let result = results.entry(path.clone()).or_insert_with(|| FileResult {
                path: path.clone(),
                source: std::fs::read(path).ok(),
                diagnostics: Vec::new(),
            });
            result.diagnostics.push(d);
        }
        let max_size = checkers.max_file_size[site.settings];
        // Pages that were not asked for only feed the index: no validation for them.
        let jobs: Vec<Job<'_>> = site
            .terms
            .iter()
            .map(|(p, l, config)| Job {
                path: p,
                checker: checkers.get(*config, &l.taxonomy, site.config.time_zone.as_ref()),
                max_size: checkers.max_file_size[*config],
                full: found.requested.contains(p) && !site.unchecked.contains(&l.taxonomy),
            })
            .collect();
        let settings = &checkers.settings[site.settings];
        let keys = list_keys(site);
        let limits = settings.limits;
        let context = (
            &keys,
            limits.max_depth,
            limits.max_alias_nodes,
            limits.max_frontmatter_bytes,
        );
        let cache = match SiteCache::open(cache_dir, &site.root, &context) {
            Ok(cache) => cache,
            Err(refused) => {
                notices.push(refused);
                None
            }
        };
        let reading = Reading {
            keys: &keys,
            limits,
            cache: cache.as_ref(),
            cwd: &found.cwd,
            kept: &kept,
        };
        let checked = check_all(&jobs, &reading);
        let mut terms = Vec::with_capacity(checked.len());
        let mut posts = Vec::new();
        let mut entries = Vec::with_capacity(checked.len() + site.posts.len());
        let mut reused = 0;
        for (read, (_, location, config)) in checked.into_iter().zip(&site.terms) {
            let PageRead {
                result,
                facts,
                post,
                entry,
                cached,
            } = read;
            posts.extend(post);
            entries.extend(entry);
            reused += usize::from(cached);
            let is_checked = !site.unchecked.contains(&location.taxonomy);
            if was_read(&result) {
                files_checked += usize::from(is_checked && found.requested.contains(&result.path));
                terms.push(TermPage::new(result.path.clone(), location.clone(), &facts));
            }
            if is_checked && found.requested.contains(&result.path) {
                keep(
                    &mut results,
                    &mut suppressions,
                    result,
                    facts.suppressions,
                    *config,
                );
            }
        }
        for (read, (path, config)) in read_posts(&reading, site, &found.requested, max_size)
            .into_iter()
            .zip(&site.posts)
        {
            if let Some(post) = &read.post
                && found.requested.contains(path)
            {
                suppressions.insert(path.clone(), (post.suppressions.clone(), *config));
            }
            posts.extend(read.post);
            entries.extend(read.entry);
            reused += usize::from(read.cached);
        }
        if let Some(cache) = cache {
            let file = cache.file().to_path_buf();
            let pages = site.terms.len() + site.posts.len();
            let written = cache.save(entries).map_err(|e| e.to_string());
            cache_notes.push(CacheNote {
                file,
                pages,
                reused,
                written,
            });
        }
        let index = SiteIndex {
            taxonomies: site.config.taxonomies.clone(),
            terms,
            posts,
            undeclared_sections: site.undeclared_sections.clone(),
        };
        let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for (path, d) in index.check() {
            if found.requested.contains(&path) {
                by_file.entry(path).or_default().push(d);
            }
        }
        for (path, diagnostics) in by_file {
            let result = results.entry(path.clone()).or_insert_with(|| FileResult {
                path: path.clone(),
                source: None,
                diagnostics: Vec::new(),
            });
            result.diagnostics.extend(diagnostics);
            settings.finish(&mut result.diagnostics);
        }
    }

    // Limits of a catlint.toml over their caps, unless a flag decides instead.
    for (loaded, settings) in found.configs.iter().zip(&checkers.settings) {
        let Some(file) = &loaded.file else {
            continue;
        };
        let mut diagnostics: Vec<Diagnostic> = loaded
            .config
            .over_caps()
            .iter()
            .filter(|over| !checkers.flags.sets(over.cap))
            .map(engine::config_limit)
            .collect();
        settings.finish(&mut diagnostics);
        if !diagnostics.is_empty() {
            let path = crate::discover::shown_path(&found.cwd.join(file), &found.cwd);
            result_of(&mut results, path)
                .diagnostics
                .extend(diagnostics);
        }
    }
    for escape in found.outside {
        let d = engine::link_outside(&escape.target, &escape.root);
        result_of(&mut results, escape.path).diagnostics.push(d);
    }
    for (path, e) in found.errors {
        result_of(&mut results, path)
            .diagnostics
            .push(engine::io_error(&e));
    }
    // Suppression comments apply once every rule has reported (a page no rule reported on
    // may have unused ones); then the file's severities (those of `unused-suppression` too).
    for path in suppressions.keys() {
        result_of(&mut results, path.clone());
    }
    for (path, result) in &mut results {
        if let Some((list, config)) = suppressions.get(path) {
            suppress::apply(&mut result.diagnostics, list);
            checkers.settings[*config].finish(&mut result.diagnostics);
        }
    }
    let files = results
        .into_values()
        .filter(|f| !f.diagnostics.is_empty())
        .collect();
    Outcome {
        files_checked,
        files,
        cache: cache_notes,
        notices,
    }
}

/// The result of `path`, made empty when it has none yet.
fn result_of(results: &mut BTreeMap<PathBuf, FileResult>, path: PathBuf) -> &mut FileResult {
    results.entry(path.clone()).or_insert_with(|| FileResult {
        path,
        source: None,
        diagnostics: Vec::new(),
    })
}

/// How many loose term pages are checked at once.
const LOOSE_CHUNK: usize = 4096;

/// Keep what a checked page gave: its diagnostics and its suppression comments (a clean page
/// without comments needs no entry).
fn keep(
    results: &mut BTreeMap<PathBuf, FileResult>,
    suppressions: &mut HashMap<PathBuf, (Vec<Suppression>, usize)>,
    result: FileResult,
    list: Vec<Suppression>,
    config: usize,
) {
    if !list.is_empty() {
        suppressions.insert(result.path.clone(), (list, config));
    }
    if !result.diagnostics.is_empty() {
        results.insert(result.path.clone(), result);
    }
}

fn was_read(f: &FileResult) -> bool {
    !f.diagnostics.iter().any(|d| {
        matches!(
            d.rule,
            RuleId::IoError | RuleId::FileTooLarge | RuleId::InternalError
        )
    })
}

/// One term page to read: fully checked, or only for the index.
struct Job<'a> {
    path: &'a PathBuf,
    checker: Option<&'a Checker>,
    max_size: u64,
    full: bool,
}

/// How the pages of one site are read: the taxonomy keys whose lists a page's read also
/// collects (term pages can list terms: a category filed under concepts), so no page is read
/// twice; the parser limits; the site's index cache.
struct Reading<'a> {
    keys: &'a [&'a str],
    limits: catlint_core::frontmatter::Limits,
    cache: Option<&'a SiteCache>,
    cwd: &'a Path,
    /// Bytes of pages kept for the report so far, against [`SOURCE_BUDGET`].
    kept: &'a AtomicUsize,
}

impl Reading<'_> {
    /// The cache key of a page: its absolute path, when the cache is on and it is text.
    fn key(&self, path: &Path) -> Option<String> {
        self.cache?;
        normalize(&self.cwd.join(path)).to_str().map(str::to_owned)
    }

    /// The page's entry, if the cache has one for the file as it is now.
    fn cached(&self, key: Option<&String>, path: &Path) -> Option<&Entry> {
        let (cache, key) = (self.cache?, key?);
        let meta = std::fs::metadata(path).ok()?;
        cache.get(key, &Stamp::of(&meta))
    }
}

/// What reading one page gave.
struct PageRead {
    result: FileResult,
    facts: TermFacts,
    /// Its term lists, when it has any.
    post: Option<Post>,
    /// Its cache entry, keyed by its absolute path (made now or reused).
    entry: Option<(String, Entry)>,
    /// Whether the entry came from the cache (the file was not read).
    cached: bool,
}

impl PageRead {
    fn new(path: &Path) -> Self {
        Self {
            result: FileResult {
                path: path.to_path_buf(),
                source: None,
                diagnostics: Vec::new(),
            },
            facts: TermFacts::default(),
            post: None,
            entry: None,
            cached: false,
        }
    }
}

/// The cache entry of a term page read now.
fn term_entry(key: Option<String>, stamp: Stamp, facts: &TermFacts) -> Option<(String, Entry)> {
    key.map(|key| {
        let entry = Entry {
            stamp,
            term: Some(TermEntry::of(facts)),
            lists: facts.lists.clone(),
        };
        (key, entry)
    })
}

/// Check term pages in parallel, keeping their order; with each, its term lists.
fn check_all(jobs: &[Job<'_>], reading: &Reading<'_>) -> Vec<PageRead> {
    jobs.par_iter()
        .map(|job| {
            if job.full {
                check_file(job.checker, job.path, job.max_size, reading)
            } else {
                index_file(job.checker, job.path, job.max_size, reading)
            }
        })
        .collect()
}

/// What the index needs of a term page that was not asked for: from the cache when the file
/// is unchanged, else from a read without validation or page rules.
fn index_file(
    checker: Option<&Checker>,
    path: &Path,
    max_file_size: u64,
    reading: &Reading<'_>,
) -> PageRead {
    let mut read = PageRead::new(path);
    let key = reading.key(path);
    if let Some(entry) = reading.cached(key.as_ref(), path)
        && let (Some(term), Some(key)) = (&entry.term, &key)
    {
        read.facts = term.facts(entry.lists.clone());
        read.post = Post::of_term(path, &mut read.facts);
        read.entry = Some((key.clone(), entry.clone()));
        read.cached = true;
        return read;
    }
    if let (Some(checker), Ok(Contents::Bytes(bytes, stamp))) =
        (checker, read_front_matter(path, max_file_size))
    {
        if let Ok(facts) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            checker.term_facts_listing(&bytes, reading.keys)
        })) {
            read.entry = term_entry(key, stamp, &facts);
            read.facts = facts;
        }
        read.post = Post::of_term(path, &mut read.facts);
    }
    read
}

/// The taxonomy keys a page of `site` may list terms under: the declared taxonomies and the
/// sections laid out like one.
pub(crate) fn list_keys(site: &Site) -> Vec<&str> {
    let mut keys: BTreeSet<&str> = site
        .config
        .taxonomies
        .iter()
        .map(|t| t.plural.as_str())
        .collect();
    keys.extend(site.undeclared_sections.iter().map(String::as_str));
    keys.into_iter().collect()
}

/// The term lists of every post of `site`, in parallel: read for the posts asked for (their
/// suppression comments are needed too) and for changed files, else from the cache.
fn read_posts(
    reading: &Reading<'_>,
    site: &Site,
    requested: &HashSet<PathBuf>,
    max_size: u64,
) -> Vec<PageRead> {
    site.posts
        .par_iter()
        .map(|(path, _)| {
            let mut read = PageRead::new(path);
            let key = reading.key(path);
            let (lists, suppressions) = if !requested.contains(path)
                && let Some(entry) = reading.cached(key.as_ref(), path)
            {
                read.cached = true;
                read.entry = key.map(|k| (k, entry.clone()));
                (entry.lists.clone(), Vec::new())
            } else if !reading.keys.is_empty()
                && let Ok(Contents::Bytes(bytes, stamp)) = read_front_matter(path, max_size)
            {
                let (lists, suppressions) = read_post(&bytes, reading.keys, &reading.limits);
                read.entry = key.map(|key| {
                    let entry = Entry {
                        stamp,
                        term: None,
                        lists: lists.clone(),
                    };
                    (key, entry)
                });
                (lists, suppressions)
            } else {
                (Vec::new(), Vec::new())
            };
            read.post = Post::of_page(path, lists, suppressions);
            read
        })
        .collect()
}

/// Check a term page that was asked for (always read: never from the cache).
fn check_file(
    checker: Option<&Checker>,
    path: &Path,
    max_file_size: u64,
    reading: &Reading<'_>,
) -> PageRead {
    let mut read = PageRead::new(path);
    match read_limited(path, max_file_size) {
        Err(e) => read.result.diagnostics.push(engine::io_error(&e)),
        Ok(Contents::TooLarge(size)) => read
            .result
            .diagnostics
            .push(engine::file_too_large(size, max_file_size)),
        Ok(Contents::Bytes(bytes, stamp)) => {
            let Some(checker) = checker else {
                return read;
            };
            // A bug in one file's check must not hide the other files' results.
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                debug_panic_hook(&bytes);
                checker.check_term_listing(&bytes, reading.keys)
            }));
            let (diagnostics, mut facts) = match checked {
                Ok((diagnostics, facts)) => {
                    read.entry = term_entry(reading.key(path), stamp, &facts);
                    (diagnostics, facts)
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    (vec![engine::internal_error(&message)], TermFacts::default())
                }
            };
            read.post = Post::of_term(path, &mut facts);
            read.facts = facts;
            if diagnostics.iter().any(|d| d.span.is_some()) {
                let kept = kept_for_report(bytes, &diagnostics);
                let used = reading.kept.fetch_add(kept.len(), Ordering::Relaxed);
                if used + kept.len() <= SOURCE_BUDGET {
                    read.result.source = Some(kept);
                }
            }
            read.result.diagnostics = diagnostics;
        }
    }
    read
}

/// Lines kept after the last span, for the report's context lines.
const CONTEXT_LINES_KEPT: usize = 3;

/// The bytes of a page the report shows: up to a few lines past the last span any of its
/// diagnostics points at (spans, related spans, fix edits), so that what is kept until the
/// report is written does not grow with the size of the page bodies.
fn kept_for_report(mut bytes: Vec<u8>, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let last = diagnostics
        .iter()
        .flat_map(|d| {
            d.span
                .iter()
                .copied()
                .chain(d.related.iter().map(|(s, _)| *s))
                .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)))
        })
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    let mut end = last.min(bytes.len());
    for _ in 0..=CONTEXT_LINES_KEPT {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            Some(newline) => end += newline + 1,
            None => return bytes,
        }
    }
    bytes.truncate(end);
    bytes.shrink_to_fit();
    bytes
}

/// Debug builds only: panic on a page holding the text of `CATLINT_DEBUG_PANIC`, so that the
/// tests can prove one page's panic never hides the other pages' results. Release builds
/// ignore the variable.
fn debug_panic_hook(bytes: &[u8]) {
    if cfg!(debug_assertions)
        && let Some(marker) = std::env::var_os("CATLINT_DEBUG_PANIC")
    {
        let marker = marker.as_encoded_bytes();
        if !marker.is_empty() && bytes.windows(marker.len()).any(|w| w == marker) {
            panic!("CATLINT_DEBUG_PANIC marker found");
        }
    }
}

/// A file's bytes, or its size when it is over the limit.
pub(crate) enum Contents {
    /// The file's bytes, and its metadata when it was opened.
    Bytes(Vec<u8>, Stamp),
    TooLarge(u64),
}

/// Read a file unless it is larger than `limit` (checked on the open file, and again while
/// reading, in case it grows).
pub(crate) fn read_limited(path: &Path, limit: u64) -> std::io::Result<Contents> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if meta.len() > limit {
        return Ok(Contents::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Contents::TooLarge(bytes.len() as u64));
    }
    Ok(Contents::Bytes(bytes, Stamp::of(&meta)))
}

/// Read a page that only feeds the index (a post, a term page not asked for) as far as its
/// front matter goes: the index never needs a body. In growing
/// chunks, until the front matter is known to be complete, or absent, or the file ends.
fn read_front_matter(path: &Path, limit: u64) -> std::io::Result<Contents> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if meta.len() > limit {
        return Ok(Contents::TooLarge(meta.len()));
    }
    let stamp = Stamp::of(&meta);
    let mut bytes = Vec::new();
    let mut chunk = 8 * 1024;
    loop {
        let before = bytes.len();
        (&mut file).take(chunk as u64).read_to_end(&mut bytes)?;
        if bytes.len() - before < chunk || front_matter_complete(&bytes) {
            return Ok(Contents::Bytes(bytes, stamp));
        }
        if bytes.len() as u64 > limit {
            return Ok(Contents::TooLarge(bytes.len() as u64));
        }
        chunk = (chunk * 2).min(1 << 20);
    }
}

/// Whether the first bytes of a page settle its front matter: the bytes after them cannot
/// change where it ends, or that there is none.
fn front_matter_complete(head: &[u8]) -> bool {
    match catlint_core::frontmatter::extract(head) {
        // The closing delimiter's line has ended: more bytes would be body.
        Ok(extracted) => extracted.body_start < head.len(),
        Err(catlint_core::frontmatter::ExtractError::Missing) => {
            // Settled once the first thing after the BOM and blank space is readable.
            let start = usize::from(head.starts_with(catlint_core::frontmatter::extract::BOM)) * 3;
            head[start..]
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .is_some_and(|first| start + first + 3 <= head.len())
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_read_only_as_far_as_its_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let body = "body line\n".repeat(100_000);
        let cases = [
            (
                "yaml.md",
                format!("---\ncategories: [Lean]\n---\n{body}"),
                true,
            ),
            (
                "toml.md",
                format!("+++\ncategories = ['Lean']\n+++\n{body}"),
                true,
            ),
            (
                "json.md",
                format!("{{\"categories\": [\"Lean\"]}}\n{body}"),
                true,
            ),
            ("none.md", format!("# no front matter\n{body}"), true),
            (
                "unclosed.md",
                format!("---\ncategories: [Lean]\n{body}"),
                false,
            ),
            ("short.md", "---\ncategories: [Lean]\n---".to_owned(), false),
        ];
        for (name, text, partial) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &text).unwrap();
            let Ok(Contents::Bytes(head, _)) = read_front_matter(&path, DEFAULT_MAX_FILE_SIZE)
            else {
                panic!("{name}: not read");
            };
            assert_eq!(
                head.len() < text.len(),
                partial,
                "{name}: read {} bytes",
                head.len()
            );
            assert!(text.as_bytes().starts_with(&head));
            let keys = ["categories"];
            let limits = catlint_core::frontmatter::Limits::default();
            assert_eq!(
                read_post(&head, &keys, &limits).0,
                read_post(text.as_bytes(), &keys, &limits).0,
                "{name}"
            );
        }
        // A delimiter line cut by the end of a chunk is not taken for a closing one.
        assert!(!front_matter_complete(b"---\ntitle: x\n---"));
        assert!(front_matter_complete(b"---\ntitle: x\n---\nb"));
        assert!(!front_matter_complete(b"\n\n--"));
        assert!(front_matter_complete(b"\n\nabc"));
    }

    #[test]
    fn only_the_reported_part_of_a_page_is_kept() {
        let page = "---\ntitle: x\nbad: 1\n---\nl1\nl2\nl3\nl4\nl5\n"
            .as_bytes()
            .to_vec();
        let at = page.windows(3).position(|w| w == b"bad").unwrap();
        let d = Diagnostic::new(
            RuleId::UnknownField,
            "m",
            Some(catlint_core::span::Span::new(at, at + 3)),
        );
        let kept = kept_for_report(page.clone(), std::slice::from_ref(&d));
        assert_eq!(kept, b"---\ntitle: x\nbad: 1\n---\nl1\nl2\n");
        // Near the end, everything is kept.
        let near_end = Diagnostic::new(
            RuleId::Encoding,
            "m",
            Some(catlint_core::span::Span::new(
                page.len() - 3,
                page.len() - 2,
            )),
        );
        assert_eq!(kept_for_report(page.clone(), &[near_end]), page);
    }

    #[test]
    fn a_page_that_vanished_after_discovery_is_an_io_error() {
        let checker = Checker::new(
            catlint_schema::category_schema(),
            catlint_core::engine::Settings::default(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/categories/gone/_index.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "---\ntitle: x\n---\n").unwrap();
        // Listed by discovery, then deleted before it is read.
        std::fs::remove_file(&path).unwrap();
        let reading = Reading {
            keys: &["categories"],
            limits: catlint_core::frontmatter::Limits::default(),
            cache: None,
            cwd: dir.path(),
            kept: &AtomicUsize::new(0),
        };
        let read = check_file(Some(&checker), &path, DEFAULT_MAX_FILE_SIZE, &reading);
        assert!(read.post.is_none() && read.entry.is_none());
        let rules: Vec<RuleId> = read.result.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [RuleId::IoError]);
        assert!(!was_read(&read.result));
    }
}
