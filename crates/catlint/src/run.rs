//! Checking the discovered pages in parallel, running the cross-file rules over each site's
//! index, and collecting the results of the requested files in path order.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::engine::suppress::{self, Suppression};
use catlint_core::engine::{self, Checker, TermFacts};
use catlint_core::index::{Post, SiteIndex, TermPage, read_post};
use catlint_core::rules::RuleId;
use rayon::prelude::*;

use crate::discover::{Discovery, Site};
use crate::settings::Loaded;

/// One checker per configuration and taxonomy, built before the parallel part.
pub(crate) struct Checkers {
    /// By configuration, taxonomy and the site's time zone.
    by_key: BTreeMap<(usize, String, Option<String>), Checker>,
    /// The engine settings of each configuration (by index).
    pub(crate) settings: Vec<catlint_core::engine::Settings>,
    /// The file size limit of each configuration (by index).
    pub(crate) max_file_size: Vec<u64>,
}

impl Checkers {
    /// Build the checkers `found` needs. `base` holds the command line's settings (now);
    /// `max_file_size` the command line's limit, which wins over the configuration's.
    pub(crate) fn new(
        found: &Discovery,
        base: &catlint_core::engine::Settings,
        max_file_size: Option<u64>,
    ) -> miette::Result<Self> {
        let settings: Vec<catlint_core::engine::Settings> = found
            .configs
            .iter()
            .map(|loaded: &Loaded| {
                let mut s = base.clone();
                loaded.config.apply(&mut s);
                s
            })
            .collect();
        let max_sizes = found
            .configs
            .iter()
            .map(|l| {
                max_file_size
                    .or(l.config.max_file_size)
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
    /// The file's bytes, kept only when it has diagnostics with spans.
    pub(crate) source: Option<Vec<u8>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What a whole run found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Requested term pages whose front matter was checked.
    pub(crate) files_checked: usize,
    /// Every requested file with diagnostics, sorted by path.
    pub(crate) files: Vec<FileResult>,
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

/// Check everything `found` lists.
pub(crate) fn run(checkers: &Checkers, found: Discovery) -> Outcome {
    let mut results: BTreeMap<PathBuf, FileResult> = BTreeMap::new();
    let mut suppressions: BTreeMap<PathBuf, (Vec<Suppression>, usize)> = BTreeMap::new();
    let mut files_checked = 0;

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
    let no_lists = Lists {
        keys: &[],
        limits: catlint_core::frontmatter::Limits::default(),
    };
    for ((result, facts, _), (_, _, config)) in check_all(&loose, &no_lists)
        .into_iter()
        .zip(&found.loose_terms)
    {
        files_checked += usize::from(found.requested.contains(&result.path) && was_read(&result));
        suppressions.insert(result.path.clone(), (facts.suppressions, *config));
        results.insert(result.path.clone(), result);
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
        let lists = Lists {
            keys: &keys,
            limits: settings.limits,
        };
        let checked = check_all(&jobs, &lists);
        let mut terms = Vec::with_capacity(checked.len());
        let mut posts = Vec::new();
        for ((result, facts, post), (_, location, config)) in checked.into_iter().zip(&site.terms) {
            posts.extend(post);
            let is_checked = !site.unchecked.contains(&location.taxonomy);
            if was_read(&result) {
                files_checked += usize::from(is_checked && found.requested.contains(&result.path));
                terms.push(TermPage {
                    path: result.path.clone(),
                    location: location.clone(),
                    title: facts.title.clone(),
                    anchor: facts.anchor,
                    instructions_variant: facts.instructions_variant.clone(),
                });
            }
            if is_checked && found.requested.contains(&result.path) {
                suppressions.insert(result.path.clone(), (facts.suppressions, *config));
                results.insert(result.path.clone(), result);
            }
        }
        posts.extend(read_posts(&lists, site, max_size));
        let post_configs: BTreeMap<&PathBuf, usize> =
            site.posts.iter().map(|(p, c)| (p, *c)).collect();
        for post in &posts {
            if found.requested.contains(&post.path) {
                let config = post_configs
                    .get(&post.path)
                    .copied()
                    .unwrap_or(site.settings);
                suppressions.insert(post.path.clone(), (post.suppressions.clone(), config));
            }
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

    for (path, e) in found.errors {
        results
            .entry(path.clone())
            .or_insert_with(|| FileResult {
                path,
                source: None,
                diagnostics: Vec::new(),
            })
            .diagnostics
            .push(engine::io_error(&e));
    }
    // Suppression comments apply once every rule has reported; then the file's severities
    // (those of `unused-suppression` too).
    for (path, result) in &mut results {
        if let Some((list, config)) = suppressions.get(path) {
            suppress::apply(&mut result.diagnostics, list);
            checkers.settings[*config].finish(&mut result.diagnostics);
        }
        if result.source.is_none() && result.diagnostics.iter().any(|d| d.span.is_some()) {
            result.source = std::fs::read(path).ok();
        }
    }
    let files = results
        .into_values()
        .filter(|f| !f.diagnostics.is_empty())
        .collect();
    Outcome {
        files_checked,
        files,
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

/// The taxonomy keys whose lists a page's read also collects (term pages can list terms:
/// a category filed under concepts), so no page is read twice.
struct Lists<'a> {
    keys: &'a [&'a str],
    limits: catlint_core::frontmatter::Limits,
}

impl Lists<'_> {
    fn of(&self, path: &Path, bytes: &[u8]) -> Option<Post> {
        if self.keys.is_empty() {
            return None;
        }
        let (lists, suppressions) = read_post(bytes, self.keys, &self.limits);
        (!lists.is_empty()).then(|| Post {
            path: path.to_path_buf(),
            lists,
            suppressions,
        })
    }
}

/// Check term pages in parallel, keeping their order; with each, its term lists.
fn check_all(jobs: &[Job<'_>], lists: &Lists<'_>) -> Vec<(FileResult, TermFacts, Option<Post>)> {
    jobs.par_iter()
        .map(|job| {
            if job.full {
                check_file(job.checker, job.path, job.max_size, lists)
            } else {
                index_file(job.checker, job.path, job.max_size, lists)
            }
        })
        .collect()
}

/// What the index needs of a page that was not asked for.
fn index_file(
    checker: Option<&Checker>,
    path: &Path,
    max_file_size: u64,
    lists: &Lists<'_>,
) -> (FileResult, TermFacts, Option<Post>) {
    let result = FileResult {
        path: path.to_path_buf(),
        source: None,
        diagnostics: Vec::new(),
    };
    match (checker, read_limited(path, max_file_size)) {
        (Some(checker), Ok(Contents::Bytes(bytes))) => {
            let facts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                checker.term_facts(&bytes)
            }))
            .unwrap_or_default();
            let post = lists.of(path, &bytes);
            (result, facts, post)
        }
        _ => (result, TermFacts::default(), None),
    }
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

/// The term lists of every post of `site`, read in parallel.
fn read_posts(lists: &Lists<'_>, site: &Site, max_size: u64) -> Vec<Post> {
    site.posts
        .par_iter()
        .filter_map(|(path, _)| {
            let Ok(Contents::Bytes(bytes)) = read_limited(path, max_size) else {
                return None;
            };
            lists.of(path, &bytes)
        })
        .collect()
}

fn check_file(
    checker: Option<&Checker>,
    path: &Path,
    max_file_size: u64,
    lists: &Lists<'_>,
) -> (FileResult, TermFacts, Option<Post>) {
    let result = |source, diagnostics| FileResult {
        path: path.to_path_buf(),
        source,
        diagnostics,
    };
    match read_limited(path, max_file_size) {
        Err(e) => (
            result(None, vec![engine::io_error(&e)]),
            TermFacts::default(),
            None,
        ),
        Ok(Contents::TooLarge(size)) => (
            result(None, vec![engine::file_too_large(size, max_file_size)]),
            TermFacts::default(),
            None,
        ),
        Ok(Contents::Bytes(bytes)) => {
            let Some(checker) = checker else {
                return (result(None, Vec::new()), TermFacts::default(), None);
            };
            let post = lists.of(path, &bytes);
            // A bug in one file's check must not hide the other files' results.
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                debug_panic_hook(&bytes);
                checker.check_term(&bytes)
            }));
            let (diagnostics, facts) = checked.unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_owned());
                (vec![engine::internal_error(&message)], TermFacts::default())
            });
            let source = diagnostics
                .iter()
                .any(|d| d.span.is_some())
                .then_some(bytes);
            (result(source, diagnostics), facts, post)
        }
    }
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
    Bytes(Vec<u8>),
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
    Ok(Contents::Bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let lists = Lists {
            keys: &["categories"],
            limits: catlint_core::frontmatter::Limits::default(),
        };
        let (result, _, post) = check_file(Some(&checker), &path, DEFAULT_MAX_FILE_SIZE, &lists);
        assert!(post.is_none());
        let rules: Vec<RuleId> = result.diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [RuleId::IoError]);
        assert!(!was_read(&result));
    }
}
