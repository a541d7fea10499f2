//! Finding Hugo sites and their content as Hugo lays them out, through a [`Source`].
//!
//! A file belongs to the site of its nearest ancestor folder holding a Hugo configuration
//! (`hugo.{toml,yaml,yml,json}`, `config.{…}` or `config/_default/`). The configuration is
//! merged as Hugo merges it (`config/_default/`, then `config/production/`, then the root
//! file); its content folders are `contentDir`, or the `module.mounts` with target `content`
//! (with their `excludeFiles`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::config::{SiteConfig, Taxonomy, config_format};
use super::layout::{PageKind, PagePlace, classify};
use super::source::{Listing, Outside, ReadError, Source, read_text};
use crate::frontmatter::ParseError;

/// Configuration file names, in Hugo's order of preference.
pub const CONFIG_NAMES: [&str; 8] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// The file name of a content adapter: a template that adds pages when Hugo runs.
pub const CONTENT_ADAPTER: &str = "_content.gotmpl";

/// Whether `path` is a page Hugo reads as Markdown.
#[must_use]
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

/// The site folder of a configuration file or folder (`site/hugo.yaml`,
/// `site/config/_default`), for walks that meet one.
#[must_use]
pub fn site_of_config(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    if CONFIG_NAMES.contains(&name) {
        return path.parent().map(Path::to_path_buf);
    }
    let parent = path.parent()?;
    (name == "_default" && parent.file_name()? == "config")
        .then(|| parent.parent().map(Path::to_path_buf))?
}

/// Whether the folder `dir` holds a Hugo site configuration.
pub fn has_config(source: &dyn Source, dir: &Path) -> bool {
    CONFIG_NAMES.iter().any(|n| source.is_file(&dir.join(n)))
        || source.is_dir(&dir.join("config/_default"))
}

/// Whether a change to `path` changes how sites are read: Hugo's configuration data files
/// (`hugo.*`, `config.*`, anything under a `config` folder). A page named `hugo.md` is a
/// page.
#[must_use]
pub fn is_site_configuration(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let data = path
        .extension()
        .is_some_and(|e| e == "toml" || e == "yaml" || e == "yml" || e == "json");
    data && (name.starts_with("hugo.")
        || name.starts_with("config.")
        || path.components().any(|c| c.as_os_str() == "config"))
}

/// `a/./b/../c` → `a/c`, without touching the file system.
#[must_use]
pub fn normalize(path: &Path) -> PathBuf {
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

/// `path` as seen from the folder `base`: relative to it, with `..` where needed (`path`
/// itself when they share nothing). How paths are shown to people.
#[must_use]
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path = normalize(path);
    let base: Vec<Component> = base.components().collect();
    let target: Vec<Component> = path.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path;
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

/// What `catlint.toml` changes about how a site is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides<'a> {
    /// The content folders, replacing the configuration's (relative to the site folder).
    pub content_dirs: Option<&'a [String]>,
    /// Sections to read as taxonomies although the site does not declare them.
    pub extra_taxonomies: &'a [String],
}

/// A content folder of a site, with the files its mount leaves out.
#[derive(Debug, Clone)]
pub struct ContentRoot {
    /// The folder (absolute).
    pub dir: PathBuf,
    /// Globs of files left out, relative to the folder.
    pub excludes: Option<GlobSet>,
    /// The language of its pages, when it is one language's folder
    /// (`languages.fr.contentDir`, a mount for one language).
    pub lang: Option<String>,
    /// Where below the content tree its files go (`categories` for a mount with target
    /// `content/categories`).
    pub under: PathBuf,
}

/// A Hugo site, as its configuration describes it.
#[derive(Debug)]
pub struct HugoSite {
    /// The site folder (absolute).
    pub root: PathBuf,
    /// The configuration (with the taxonomies `catlint.toml` adds).
    pub config: SiteConfig,
    /// The plural names of the taxonomies the configuration itself declares (or Hugo's
    /// defaults).
    pub declared: BTreeSet<String>,
    /// A hash of every configuration file's text: what the site's pages are read under.
    pub fingerprint: u64,
    /// Configuration files that did not parse.
    pub config_errors: Vec<(PathBuf, ParseError)>,
    /// Configuration files that could not be read.
    pub read_errors: Vec<(PathBuf, std::io::Error)>,
    /// Configuration files and content folders that lead outside what may be read.
    pub outside: Vec<Outside>,
    /// The content folders.
    pub content: Vec<ContentRoot>,
    /// The configuration's `cascade` entries, with the file each is written in.
    pub cascade: Vec<(PathBuf, super::cascade::Cascade)>,
}

impl HugoSite {
    /// Read the configuration of the site in the folder `root` (absolute).
    pub fn load(source: &dyn Source, root: &Path, overrides: Overrides<'_>) -> Self {
        let mut site = Self {
            root: root.to_path_buf(),
            config: SiteConfig::default(),
            declared: BTreeSet::new(),
            fingerprint: 0,
            config_errors: Vec::new(),
            read_errors: Vec::new(),
            outside: Vec::new(),
            content: Vec::new(),
            cascade: Vec::new(),
        };
        let mut hasher = std::hash::DefaultHasher::new();
        for (path, root_key) in config_files(source, root) {
            let Some(format) = path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(config_format)
            else {
                continue;
            };
            match read_text(source, &path) {
                Ok(text) => {
                    (&path, &text).hash(&mut hasher);
                    if let Err(e) =
                        site.config
                            .merge_text(format, &text, root_key.as_deref(), &path)
                    {
                        site.config_errors.push((path, e));
                    }
                }
                Err(ReadError::Outside(outside)) => site.outside.push(outside),
                Err(ReadError::Io(e)) => site.read_errors.push((path, e)),
                Err(ReadError::TooLarge(size)) => site.read_errors.push((
                    path,
                    std::io::Error::other(format!("it is {size} bytes, too large to be read")),
                )),
            }
        }
        site.fingerprint = hasher.finish();
        site.declared = site
            .config
            .taxonomies
            .iter()
            .map(|t| t.plural.clone())
            .collect();
        for plural in overrides.extra_taxonomies {
            if !site.declared.contains(plural) {
                site.config.taxonomies.push(Taxonomy {
                    singular: plural.clone(),
                    plural: plural.clone(),
                });
            }
        }
        let keys = site.config.taxonomy_keys();
        site.cascade = site.config.cascades(&keys);
        let roots = match overrides.content_dirs {
            Some(dirs) => dirs
                .iter()
                .map(|d| ContentRoot {
                    dir: normalize(&root.join(d)),
                    excludes: None,
                    lang: None,
                    under: PathBuf::new(),
                })
                .collect(),
            None => content_roots(root, &site.config),
        };
        for content in roots {
            match source.check_folder(&content.dir) {
                Ok(()) => site.content.push(content),
                Err(outside) => site.outside.push(outside),
            }
        }
        site
    }

    /// The site's pages: every Markdown file under its content folders that Hugo reads as a
    /// page (not the files inside a leaf bundle, which are its resources), classified, and
    /// the sections laid out like a taxonomy that the configuration does not declare.
    /// `walked` holds the listings of folders already walked, reused where they cover a
    /// content folder.
    pub fn pages(&self, source: &dyn Source, walked: &Walked) -> SitePages {
        let mut out = SitePages::default();
        let mut found: Vec<(PathBuf, PageKind, Option<PagePlace>)> = Vec::new();
        for content in &self.content {
            let listed;
            let (files, adapters): (&[PathBuf], &[PathBuf]) = match walked.covering(&content.dir) {
                Some(covered) => covered,
                None => {
                    // Pages not asked for: what cannot be read, or leads outside, is left
                    // out quietly.
                    listed = source.walk(&content.dir);
                    (&listed.pages, &listed.adapters)
                }
            };
            out.adapters.extend(adapters.iter().filter_map(|a| {
                let rel = a.strip_prefix(&content.dir).ok()?;
                Some(content.under.join(rel.parent().unwrap_or(rel)))
            }));
            let leaves = leaf_bundles(files);
            for abs in files {
                let Ok(inside) = abs.strip_prefix(&content.dir) else {
                    continue;
                };
                if content
                    .excludes
                    .as_ref()
                    .is_some_and(|g| g.is_match(inside))
                {
                    continue;
                }
                let rel = &content.under.join(inside);
                let dir = abs.parent().unwrap_or(abs);
                let is_index = abs
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s == "index" || s.starts_with("index."));
                if !is_index && dir.ancestors().any(|d| leaves.contains(d)) {
                    continue;
                }
                let (kind, place) = classify(rel, content.lang.as_deref(), &self.config);
                match &kind {
                    PageKind::Term(location) if !self.declared.contains(&location.taxonomy) => {
                        out.undeclared_sections.insert(location.taxonomy.clone());
                    }
                    PageKind::Content => {
                        if let Some(section) = term_like_section(rel)
                            && !self
                                .config
                                .taxonomies
                                .iter()
                                .any(|t| crate::frontmatter::keys_equal(&t.plural, &section))
                        {
                            out.undeclared_sections.insert(section);
                        }
                    }
                    _ => {}
                }
                if matches!(
                    kind,
                    PageKind::Term(_) | PageKind::Content | PageKind::TaxonomyList
                ) {
                    found.push((abs.clone(), kind, place));
                }
            }
        }
        // A file under two content folders (one inside the other) belongs to the nearer.
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found.dedup_by(|later, first| {
            if later.0 != first.0 {
                return false;
            }
            if later.2.as_ref().map(|p| p.path.len()) < first.2.as_ref().map(|p| p.path.len()) {
                std::mem::swap(later, first);
            }
            true
        });
        out.pages = found;
        out.adapters.sort();
        out.adapters.dedup();
        out
    }
}

/// The folders of leaf bundles among `files` (sorted): those holding an `index.md` (or
/// `index.<lang>.md`).
fn leaf_bundles(files: &[PathBuf]) -> HashSet<&Path> {
    files
        .iter()
        .filter(|f| {
            f.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s == "index" || s.starts_with("index."))
        })
        .filter_map(|f| f.parent())
        .collect()
}

/// The pages of a site (see [`HugoSite::pages`]).
#[derive(Debug, Default)]
pub struct SitePages {
    /// Each page (absolute path, sorted), what it is and where Hugo puts it.
    pub pages: Vec<(PathBuf, PageKind, Option<PagePlace>)>,
    /// The folders (relative to their content folder) holding a content adapter
    /// (`_content.gotmpl`): Hugo adds pages there that catlint cannot see.
    pub adapters: Vec<PathBuf>,
    /// Content sections laid out like a taxonomy (`concepts/<term>/_index.md`) that the
    /// configuration does not declare.
    pub undeclared_sections: BTreeSet<String>,
}

/// The configuration files of a site, in merge order: `config/_default/`, then
/// `config/production/`, then the root file (which wins). A file of a config folder named
/// after a key (`taxonomies.toml`) holds that key only.
fn config_files(source: &dyn Source, root: &Path) -> Vec<(PathBuf, Option<String>)> {
    let mut files = Vec::new();
    for env in ["_default", "production"] {
        for path in source.list(&root.join("config").join(env)) {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let key = (!matches!(stem, "hugo" | "config")).then(|| stem.to_owned());
            files.push((path, key));
        }
    }
    if let Some(name) = CONFIG_NAMES.iter().find(|n| source.is_file(&root.join(n))) {
        files.push((root.join(name), None));
    }
    files
}

/// The folders mounted as content, with their exclusion globs: the mounts with target
/// `content`, else each language's `contentDir` (the top-level one for a language without
/// its own). A folder of exactly one language gives its pages that language (a file's own
/// language suffix still wins).
fn content_roots(root: &Path, config: &SiteConfig) -> Vec<ContentRoot> {
    if config.content_mounts.is_empty() {
        let top = config.content_dir.as_str();
        let mut languages: Vec<(&str, &str)> = config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.content_dir.as_deref().unwrap_or(top)))
            .collect();
        if !languages
            .iter()
            .any(|(code, _)| *code == config.default_language)
        {
            languages.push((config.default_language.as_str(), top));
        }
        let mut roots: Vec<ContentRoot> = Vec::new();
        for (code, dir) in &languages {
            let dir = normalize(&root.join(dir));
            if roots.iter().any(|r| r.dir == dir) {
                continue;
            }
            let only = languages
                .iter()
                .filter(|(_, d)| normalize(&root.join(d)) == dir)
                .count()
                == 1;
            roots.push(ContentRoot {
                dir,
                excludes: None,
                lang: only.then(|| (*code).to_owned()),
                under: PathBuf::new(),
            });
        }
        return roots;
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
            ContentRoot {
                dir: normalize(&root.join(&m.source)),
                excludes: builder.build().ok(),
                lang: m.lang.clone(),
                under: PathBuf::from(&m.under),
            }
        })
        .collect()
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

/// The folders walked already and what they held, so that a site's content tree inside
/// them is not walked a second time.
#[derive(Debug, Default)]
pub struct Walked {
    roots: Vec<PathBuf>,
    /// Every page of every walked folder, absolute and sorted.
    pages: Vec<PathBuf>,
    /// Every content adapter of every walked folder, absolute and sorted.
    adapters: Vec<PathBuf>,
    /// The site folders the walks met.
    sites: HashSet<PathBuf>,
}

impl Walked {
    /// Record the walk of `root`.
    pub fn add(&mut self, root: PathBuf, listing: &Listing) {
        self.roots.push(root);
        self.pages.extend(listing.pages.iter().cloned());
        self.adapters.extend(listing.adapters.iter().cloned());
        self.sites.extend(listing.sites.iter().cloned());
    }

    /// Sort what was recorded (call once every walk is added).
    pub fn finish(&mut self) {
        self.pages.sort();
        self.pages.dedup();
        self.adapters.sort();
        self.adapters.dedup();
    }

    /// The pages and content adapters under `dir`, when a walk covered it.
    fn covering(&self, dir: &Path) -> Option<(&[PathBuf], &[PathBuf])> {
        if !self.roots.iter().any(|r| dir.starts_with(r)) {
            return None;
        }
        Some((under(&self.pages, dir), under(&self.adapters, dir)))
    }

    fn is_walked(&self, dir: &Path) -> bool {
        self.roots.iter().any(|w| dir.starts_with(w))
    }
}

/// The paths of the sorted `paths` that are under `dir`.
fn under<'p>(paths: &'p [PathBuf], dir: &Path) -> &'p [PathBuf] {
    let first = paths.partition_point(|f| f.as_path() < dir);
    let len = paths[first..]
        .iter()
        .take_while(|f| f.starts_with(dir))
        .count();
    &paths[first..first + len]
}

/// Finds the nearest ancestor folder with a Hugo configuration, caching per folder. Inside
/// walked trees the walks already saw every configuration; above them it asks the source.
#[derive(Debug, Default)]
pub struct SiteFinder {
    cache: HashMap<PathBuf, Option<PathBuf>>,
}

impl SiteFinder {
    /// The site folder of the absolute `file`, if it is in a site.
    pub fn site_of(
        &mut self,
        source: &dyn Source,
        walked: &Walked,
        file: &Path,
    ) -> Option<PathBuf> {
        let mut visited = Vec::new();
        let mut found = None;
        for dir in file.ancestors().skip(1) {
            if !source.contains(dir) {
                break;
            }
            if let Some(cached) = self.cache.get(dir) {
                found = cached.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            let is_site = if walked.is_walked(dir) {
                walked.sites.contains(dir)
            } else {
                has_config(source, dir)
            };
            if is_site {
                found = Some(dir.to_path_buf());
                break;
            }
        }
        // Not the file's own folder: siblings are few, and a folder per page (the usual
        // layout of term pages) would make the cache as large as the repository.
        for dir in visited.into_iter().skip(1) {
            self.cache.insert(dir, found.clone());
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_like_sections() {
        assert_eq!(
            term_like_section(Path::new("concepts/value/_index.md")),
            Some("concepts".into())
        );
        assert_eq!(term_like_section(Path::new("blog/post/index.md")), None);
    }

    #[test]
    fn configuration_files_and_folders_name_their_site() {
        assert_eq!(
            site_of_config(Path::new("/s/hugo.yaml")),
            Some(PathBuf::from("/s"))
        );
        assert_eq!(
            site_of_config(Path::new("/s/config/_default")),
            Some(PathBuf::from("/s"))
        );
        assert_eq!(site_of_config(Path::new("/s/content/x.md")), None);
        for path in [
            "/s/hugo.yaml",
            "/s/config.toml",
            "/s/config/_default/taxonomies.toml",
        ] {
            assert!(is_site_configuration(Path::new(path)), "{path}");
        }
        for path in [
            "/s/content/posts/a.md",
            "/s/hugo-notes.md",
            "/s/content/posts/hugo.md",
            "/s/content/docs/config.md",
            "/s/data/x.toml",
        ] {
            assert!(!is_site_configuration(Path::new(path)), "{path}");
        }
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
