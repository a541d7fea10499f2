//! Finding what to check: the Hugo sites around the given paths, their term pages and posts.
//!
//! A file belongs to the site of its nearest ancestor folder holding a Hugo configuration
//! (`hugo.{toml,yaml,yml,json}`, `config.{…}` or `config/_default/`). Such a site is indexed
//! whole — every term page and post under its content roots — even when only a few of its
//! files were given (pre-commit), so that the cross-file rules see every term; diagnostics
//! are reported only for the files that were asked for. A file outside any site is checked
//! on its own when it sits in a `categories/` or `tags/` folder.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use catlint_core::frontmatter::ParseError;
use catlint_core::site::{
    PageKind, SiteConfig, Taxonomy, TermLocation, classify, classify_loose, config_format,
};
use miette::Report;

use crate::boundary::{Boundary, Escape};
use crate::settings::{Loaded, Resolver};
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::WalkBuilder;

/// Configuration file names, in Hugo's order of preference.
const CONFIG_NAMES: [&str; 8] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// A Hugo site and its content.
#[derive(Debug)]
pub(crate) struct Site {
    /// The site folder (absolute).
    pub(crate) root: PathBuf,
    /// The configuration catlint read.
    pub(crate) config: SiteConfig,
    /// Configuration files that did not parse.
    pub(crate) config_errors: Vec<(PathBuf, ParseError)>,
    /// Every term page of the site, with the configuration that applies to it.
    pub(crate) terms: Vec<(PathBuf, TermLocation, usize)>,
    /// Every other content page (posts and sections), with its configuration.
    pub(crate) posts: Vec<(PathBuf, usize)>,
    /// Content sections laid out like taxonomies but not declared.
    pub(crate) undeclared_sections: BTreeSet<String>,
    /// The `catlint.toml` of the site folder (an index into [`Discovery::configs`]): its
    /// taxonomies, content folders and cross-file rule settings apply to the whole site.
    pub(crate) settings: usize,
    /// Taxonomies whose pages `catlint.toml` says not to check.
    pub(crate) unchecked: BTreeSet<String>,
}

/// What discovery found.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// The working directory the shown paths are relative to.
    pub(crate) cwd: PathBuf,
    /// The sites the given paths belong to.
    pub(crate) sites: Vec<Site>,
    /// Term pages outside any site: path, taxonomy, configuration.
    pub(crate) loose_terms: Vec<(PathBuf, String, usize)>,
    /// The configurations in use.
    pub(crate) configs: Vec<Loaded>,
    /// The files whose diagnostics are reported.
    pub(crate) requested: HashSet<PathBuf>,
    /// Paths that could not be read, with the reason.
    pub(crate) errors: Vec<(PathBuf, std::io::Error)>,
    /// Files passed by name that are not term pages.
    pub(crate) skipped: Vec<PathBuf>,
    /// Where reading stops (see [`crate::boundary`]).
    pub(crate) boundary: Boundary,
    /// Paths that resolve outside the boundary and were not read: the pages asked for, the
    /// configuration files and the content folders of the sites.
    pub(crate) outside: Vec<Escape>,
}

/// Discover the sites and pages of `roots` (files or directories), reading nothing outside
/// `boundary`.
///
/// # Errors
/// A report for a `catlint.toml` that cannot be read or is invalid.
pub(crate) fn discover(
    roots: &[PathBuf],
    config: Option<&Path>,
    boundary: &Boundary,
) -> Result<Discovery, Report> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut resolver = Resolver::new(config, &cwd, boundary.clone())?;
    let mut found = Discovery {
        cwd: cwd.clone(),
        boundary: boundary.clone(),
        ..Discovery::default()
    };
    let mut candidates: Vec<(PathBuf, bool)> = Vec::new(); // (path, given by name)
    let mut walked = Walked::default();
    let mut finder = SiteFinder::default();
    for root in roots {
        if let Err(escape) = boundary.check_read(root) {
            found.outside.push(escape);
            continue;
        }
        match std::fs::metadata(root) {
            Err(e) => found.errors.push((root.clone(), e)),
            Ok(meta) if meta.is_dir() => {
                let mut configs = Vec::new();
                walk(
                    root,
                    boundary,
                    &mut candidates,
                    &mut configs,
                    &mut found.errors,
                    &mut found.outside,
                );
                finder.walked(
                    normalize(&cwd.join(root)),
                    configs.iter().map(|c| normalize(&cwd.join(c))),
                );
                walked.roots.push(normalize(&cwd.join(root)));
            }
            Ok(_) => candidates.push((root.clone(), true)),
        }
    }

    let mut by_name_files = BTreeSet::new();
    let mut sites: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let loose_config = SiteConfig::default();
    for (path, by_name) in &candidates {
        let by_name = *by_name;
        let abs = normalize(&cwd.join(path));
        let dir = abs.parent().map_or_else(|| cwd.clone(), Path::to_path_buf);
        match finder.site_of(&abs) {
            Some(site_root) => {
                let config = resolver.for_dir(&site_root)?;
                let own = resolver.for_dir(&dir)?;
                if resolver.get(own).excludes(&abs) {
                    continue;
                }
                let shown = shown_path(&abs, &cwd);
                if by_name {
                    by_name_files.insert(shown.clone());
                }
                found.requested.insert(shown);
                sites.entry(site_root).or_insert(config);
            }
            None => {
                let config = resolver.for_dir(&dir)?;
                if resolver.get(config).excludes(&abs) {
                    continue;
                }
                let shown = without_cur_dir(path);
                if let PageKind::Term(location) = classify_loose(&shown, &loose_config) {
                    found.requested.insert(shown.clone());
                    found.loose_terms.push((shown, location.taxonomy, config));
                } else if by_name {
                    found.skipped.push(shown);
                }
            }
        }
    }
    // The walk's listing, for the sites whose content tree it covers (none outside a site).
    if !sites.is_empty() {
        walked.files = candidates
            .iter()
            .filter(|(_, by_name)| !by_name)
            .map(|(p, _)| normalize(&cwd.join(p)))
            .collect();
        walked.files.sort();
    }
    drop(candidates);
    for (site_root, config) in sites {
        let site = load_site(&site_root, &cwd, &mut resolver, &walked, config, &mut found)?;
        found.sites.push(site);
    }
    // Files given by name in a site but not a term page or post of it.
    let known: BTreeSet<&PathBuf> = found
        .sites
        .iter()
        .flat_map(|s| {
            s.terms
                .iter()
                .map(|(p, _, _)| p)
                .chain(s.posts.iter().map(|(p, _)| p))
        })
        .collect();
    let unknown: Vec<PathBuf> = by_name_files
        .into_iter()
        .filter(|p| !known.contains(p))
        .collect();
    found.skipped.extend(unknown);
    found.loose_terms.sort();
    found.loose_terms.dedup();
    let (configs, escapes) = resolver.into_loaded();
    found.configs = configs;
    found.outside.extend(escapes);
    for escape in &mut found.outside {
        escape.path = shown_path(&cwd.join(&escape.path), &cwd);
    }
    found.outside.sort_by(|a, b| a.path.cmp(&b.path));
    found.outside.dedup();
    Ok(found)
}

/// Markdown files under `root`, honouring .gitignore/.ignore, hidden files skipped; and the
/// folders holding a site configuration. Walked on every core; each list comes sorted. A
/// linked page that leads out of `boundary` goes to `outside` instead; linked folders are
/// walked only with `--follow-links`.
fn walk(
    root: &Path,
    boundary: &Boundary,
    out: &mut Vec<(PathBuf, bool)>,
    configs: &mut Vec<PathBuf>,
    errors: &mut Vec<(PathBuf, std::io::Error)>,
    outside: &mut Vec<Escape>,
) {
    let found = Mutex::new(Found::default());
    WalkBuilder::new(root)
        .require_git(false)
        .hidden(true)
        .follow_links(boundary.follows_links())
        .build_parallel()
        .run(|| {
            let mut local = LocalFound {
                shared: &found,
                mine: Found::default(),
            };
            Box::new(move |entry| {
                let mine = &mut local.mine;
                match entry {
                    Ok(entry) => {
                        let is_link = entry.path_is_symlink();
                        let is_file = entry
                            .file_type()
                            .is_some_and(|t| t.is_file() || t.is_symlink());
                        let path = entry.into_path();
                        if is_file && is_markdown(&path) {
                            match boundary.check_entry(&path, is_link) {
                                Ok(()) => mine.pages.push(path),
                                Err(escape) => mine.outside.push(escape),
                            }
                        } else if let Some(site) = config_site(&path) {
                            mine.configs.push(site);
                        }
                    }
                    Err(e) => {
                        let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                        let io = e.into_io_error().unwrap_or_else(|| {
                            std::io::Error::other("the directory could not be walked")
                        });
                        mine.errors.push((path, io));
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.pages.sort();
    found.configs.sort();
    found.errors.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(found.pages.into_iter().map(|p| (p, false)));
    configs.append(&mut found.configs);
    errors.append(&mut found.errors);
    outside.append(&mut found.outside);
}

/// What a walk found.
#[derive(Default)]
struct Found {
    pages: Vec<PathBuf>,
    configs: Vec<PathBuf>,
    errors: Vec<(PathBuf, std::io::Error)>,
    outside: Vec<Escape>,
}

/// What one thread of a walk found; handed over when the thread's visitor is dropped.
struct LocalFound<'a> {
    shared: &'a Mutex<Found>,
    mine: Found,
}

impl Drop for LocalFound<'_> {
    fn drop(&mut self) {
        let mut all = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        all.pages.append(&mut self.mine.pages);
        all.configs.append(&mut self.mine.configs);
        all.errors.append(&mut self.mine.errors);
        all.outside.append(&mut self.mine.outside);
    }
}

/// The site folder of a configuration file or folder (`site/hugo.yaml`, `site/config/_default`).
fn config_site(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    if CONFIG_NAMES.contains(&name) {
        return path.parent().map(Path::to_path_buf);
    }
    let parent = path.parent()?;
    (name == "_default" && parent.file_name()? == "config")
        .then(|| parent.parent().map(Path::to_path_buf))?
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// What the walk of the given directories listed: its roots and Markdown files (absolute,
/// sorted), so that a site's content tree inside them is not walked a second time.
#[derive(Default)]
struct Walked {
    roots: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

/// Finds the nearest ancestor folder with a Hugo configuration, caching per folder. Inside
/// walked trees the walk already saw every configuration; above them it asks the disk.
#[derive(Default)]
struct SiteFinder {
    cache: HashMap<PathBuf, Option<PathBuf>>,
    walked: Vec<PathBuf>,
    configs: HashSet<PathBuf>,
}

impl SiteFinder {
    /// `root` was walked and held configurations in `configs`.
    fn walked(&mut self, root: PathBuf, configs: impl Iterator<Item = PathBuf>) {
        self.walked.push(root);
        self.configs.extend(configs);
    }

    fn has_config(&self, dir: &Path) -> bool {
        if self.walked.iter().any(|w| dir.starts_with(w)) {
            self.configs.contains(dir)
        } else {
            has_config(dir)
        }
    }

    fn site_of(&mut self, file: &Path) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for dir in file.ancestors().skip(1) {
            if let Some(cached) = self.cache.get(dir) {
                found = cached.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            if self.has_config(dir) {
                found = Some(dir.to_path_buf());
                break;
            }
        }
        // Not the file's own folder: siblings are few, and a folder per page (the usual layout of
        // term pages) would make the cache as large as the repository.
        for dir in visited.into_iter().skip(1) {
            self.cache.insert(dir, found.clone());
        }
        found
    }
}

pub(crate) fn has_config(dir: &Path) -> bool {
    CONFIG_NAMES.iter().any(|n| dir.join(n).is_file()) || dir.join("config/_default").is_dir()
}

/// Read a site's configuration and list its content.
fn load_site(
    root: &Path,
    cwd: &Path,
    resolver: &mut Resolver,
    walked: &Walked,
    config_index: usize,
    found: &mut Discovery,
) -> Result<Site, Report> {
    let settings = resolver.get(config_index);
    let taxonomy_settings = settings.config.taxonomies.clone();
    let content_dirs = settings.config.content_dirs.clone();
    let mut config = SiteConfig::default();
    let mut config_errors = Vec::new();
    for (path, root_key) in config_files(root) {
        let Some(format) = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(config_format)
        else {
            continue;
        };
        if let Err(escape) = found.boundary.check_read(&path) {
            found.outside.push(escape);
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Err(e) = config.merge_text(format, &text, root_key.as_deref()) {
                    config_errors.push((shown_path(&path, cwd), e));
                }
            }
            Err(e) => found.errors.push((shown_path(&path, cwd), e)),
        }
    }
    let declared: BTreeSet<String> = config.taxonomies.iter().map(|t| t.plural.clone()).collect();
    // catlint.toml may have catlint check a section the site does not declare.
    let mut unchecked = BTreeSet::new();
    for (plural, taxonomy) in &taxonomy_settings {
        match taxonomy.check {
            Some(true) if !declared.contains(plural) => config.taxonomies.push(Taxonomy {
                singular: plural.clone(),
                plural: plural.clone(),
            }),
            Some(false) => {
                unchecked.insert(plural.clone());
            }
            _ => {}
        }
    }
    let mut site = Site {
        root: root.to_path_buf(),
        config,
        config_errors,
        terms: Vec::new(),
        posts: Vec::new(),
        undeclared_sections: BTreeSet::new(),
        settings: config_index,
        unchecked,
    };
    let roots = match &content_dirs {
        Some(dirs) => dirs.iter().map(|d| (root.join(d), None)).collect(),
        None => content_roots(root, &site.config),
    };
    for (content_root, excludes) in roots {
        if let Err(escape) = found.boundary.check_configured(&content_root) {
            found.outside.push(escape);
            continue;
        }
        index_content(
            &mut site,
            &content_root,
            &excludes,
            &declared,
            cwd,
            resolver,
            walked,
            &found.boundary,
        )?;
    }
    site.terms.sort();
    site.posts.sort();
    Ok(site)
}

/// The site configuration of the folder `root` (the defaults where it has none or it is
/// broken; `catlint check` reports a broken one). Files outside `boundary` are not read.
pub(crate) fn site_config(root: &Path, boundary: &Boundary) -> SiteConfig {
    let mut config = SiteConfig::default();
    for (path, root_key) in config_files(root) {
        if boundary.check_read(&path).is_err() {
            continue;
        }
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(config_format);
        if let (Some(format), Ok(text)) = (format, std::fs::read_to_string(&path)) {
            let _ = config.merge_text(format, &text, root_key.as_deref());
        }
    }
    config
}

/// The configuration files of a site, in merge order: `config/_default/`, then
/// `config/production/`, then the root file (which wins). A file of a config folder named
/// after a key (`taxonomies.toml`) holds that key only.
fn config_files(root: &Path) -> Vec<(PathBuf, Option<String>)> {
    let mut files = Vec::new();
    for env in ["_default", "production"] {
        let dir = root.join("config").join(env);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let key = (!matches!(stem, "hugo" | "config")).then(|| stem.to_owned());
            files.push((path, key));
        }
    }
    if let Some(name) = CONFIG_NAMES.iter().find(|n| root.join(n).is_file()) {
        files.push((root.join(name), None));
    }
    files
}

/// The folders mounted as content, with their exclusion globs.
fn content_roots(root: &Path, config: &SiteConfig) -> Vec<(PathBuf, Option<GlobSet>)> {
    if config.content_mounts.is_empty() {
        return vec![(root.join(&config.content_dir), None)];
    }
    config
        .content_mounts
        .iter()
        .map(|m| {
            let mut builder = GlobSetBuilder::new();
            for pattern in &m.exclude_files {
                if let Ok(glob) = Glob::new(pattern) {
                    builder.add(glob);
                }
            }
            (root.join(&m.source), builder.build().ok())
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn index_content(
    site: &mut Site,
    content_root: &Path,
    excludes: &Option<GlobSet>,
    declared: &BTreeSet<String>,
    cwd: &Path,
    resolver: &mut Resolver,
    walked: &Walked,
    boundary: &Boundary,
) -> Result<(), Report> {
    let content_abs = normalize(&cwd.join(content_root));
    // The walk of the paths given already listed this content tree: do not walk it again.
    let files: Vec<PathBuf> = if walked.roots.iter().any(|r| content_abs.starts_with(r)) {
        let first = walked.files.partition_point(|f| f < &content_abs);
        walked.files[first..]
            .iter()
            .take_while(|f| f.starts_with(&content_abs))
            .cloned()
            .collect()
    } else {
        let mut listed = Vec::new();
        // Pages not asked for: what cannot be read, or leads outside, is left out silently.
        let (mut configs, mut ignored_errors, mut ignored_outside) =
            (Vec::new(), Vec::new(), Vec::new());
        walk(
            content_root,
            boundary,
            &mut listed,
            &mut configs,
            &mut ignored_errors,
            &mut ignored_outside,
        );
        listed
            .into_iter()
            .map(|(p, _)| normalize(&cwd.join(p)))
            .collect()
    };
    for abs in files {
        let Ok(rel) = abs.strip_prefix(&content_abs) else {
            continue;
        };
        if excludes.as_ref().is_some_and(|g| g.is_match(rel)) {
            continue;
        }
        let shown = shown_path(&abs, cwd);
        // The nearest catlint.toml of the file itself: its rules and schema apply to it.
        let config = match abs.parent() {
            Some(dir) => resolver.for_dir(dir)?,
            None => site.settings,
        };
        match classify(rel, &site.config) {
            PageKind::Term(location) => {
                if !declared.contains(&location.taxonomy) {
                    site.undeclared_sections.insert(location.taxonomy.clone());
                }
                site.terms.push((shown, location, config));
            }
            PageKind::Content => {
                if let Some(section) = term_like_section(rel) {
                    site.undeclared_sections.insert(section);
                }
                site.posts.push((shown, config));
            }
            PageKind::TaxonomyList | PageKind::Other => {}
        }
    }
    Ok(())
}

/// `concepts` for `concepts/<term>/_index.md`: a section laid out like a taxonomy.
fn term_like_section(rel: &Path) -> Option<String> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    match parts.as_slice() {
        [section, _, name] if name.starts_with("_index.") => Some((*section).to_owned()),
        _ => None,
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path as users read it: relative to the working directory (with `..` where needed).
pub(crate) fn shown_path(abs: &Path, cwd: &Path) -> PathBuf {
    let abs = normalize(abs);
    let base: Vec<Component> = cwd.components().collect();
    let target: Vec<Component> = abs.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return abs;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &target[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// The path without `.` components (`./a/./b` → `a/b`), as given otherwise.
fn without_cur_dir(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_are_relative_to_the_working_directory() {
        let cwd = Path::new("/work/main");
        assert_eq!(
            shown_path(Path::new("/work/main/a/b.md"), cwd),
            PathBuf::from("a/b.md")
        );
        assert_eq!(
            shown_path(Path::new("/work/shared/c.md"), cwd),
            PathBuf::from("../shared/c.md")
        );
        assert_eq!(
            shown_path(Path::new("/work/main/./x/../y.md"), cwd),
            PathBuf::from("y.md")
        );
    }

    #[test]
    fn term_like_sections() {
        assert_eq!(
            term_like_section(Path::new("concepts/value/_index.md")),
            Some("concepts".into())
        );
        assert_eq!(term_like_section(Path::new("blog/post/index.md")), None);
    }
}
