//! The site session: the sites around the paths a front end names, their configurations,
//! their pages and the index of each site, and every reported file's final diagnostics.
//!
//! `catlint check` opens a session on the paths it was given, indexes it once and takes the
//! report. The language server opens one on each workspace folder, indexes it, then tells
//! it what changed (a buffer edited, a file saved) and asks for the diagnostics of the files
//! it shows. Both get the same diagnostics for the same files: there is one pipeline.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use super::config::{CONFIG_FILE, LimitFlags};
use super::configs::{ConfigId, Configs, ExplicitConfigError, LoadedConfig};
use crate::diagnostic::Diagnostic;
use crate::rules::{PageChecker, PageFacts, Settings, io_error, link_outside, syntax};
use crate::site::hugo::{HugoSite, Overrides, SiteFinder, Walked, normalize};
use crate::site::source::{EntryKind, FileStamp, Source};
use crate::site::{PageKind, PagePlace, SiteConfig, TermLocation, classify_loose};

/// How a session is opened.
#[derive(Debug, Clone)]
pub struct Options {
    /// The rules' settings before any `catlint.toml` (the front end sets "now").
    pub settings: Settings,
    /// The limits given on the command line.
    pub flags: LimitFlags,
    /// `--config`: one configuration for every folder.
    pub config: Option<super::configs::NamedConfig>,
    /// Whether the pages under the paths named are reported on (`catlint check`), or none
    /// until asked (the language server reports on the documents it shows).
    pub report_named: bool,
    /// The working directory: where the defaults apply from.
    pub cwd: PathBuf,
}

/// A site's row in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SiteId(u32);

/// What a page is to its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A term page, checked with the category model of its taxonomy.
    Term(Box<TermLocation>),
    /// A term page of a taxonomy `catlint.toml` says not to check (`check = false`): it
    /// only feeds the index.
    UncheckedTerm(Box<TermLocation>),
    /// Any other content page: read for its term lists and suppression comments.
    Post,
}

impl Role {
    /// The page's place in its taxonomy, when it is a term page.
    #[must_use]
    pub fn location(&self) -> Option<&TermLocation> {
        match self {
            Role::Term(l) | Role::UncheckedTerm(l) => Some(l),
            Role::Post => None,
        }
    }
}

/// A page of a site, as the index holds it.
#[derive(Debug, Clone)]
pub struct Page {
    /// What it is.
    pub role: Role,
    /// Where Hugo puts it (its path, kind and language).
    pub place: Option<PagePlace>,
    /// Its nearest configuration: its rules, model and severities.
    pub config: ConfigId,
    /// What the cross-file rules need of it.
    pub facts: PageFacts,
    /// The file's version when its facts were read, when known.
    pub stamp: Option<FileStamp>,
    /// Whether it could be read (a page that could not is left out of the index).
    pub readable: bool,
    /// Whether a `catlint.toml` excludes it: it feeds the index, but is never reported on.
    pub excluded: bool,
}

/// A Hugo site of the session.
#[derive(Debug)]
pub struct Site {
    /// Its row.
    pub id: SiteId,
    /// Its configuration and content folders.
    pub hugo: HugoSite,
    /// The `catlint.toml` at or above the site folder: its taxonomies, content folders and
    /// cross-file settings apply to the whole site.
    pub config: ConfigId,
    /// Sections laid out like a taxonomy that the site does not declare.
    pub undeclared_sections: BTreeSet<String>,
    /// Folders (relative to a content folder) with a content adapter (`_content.gotmpl`).
    pub adapters: Vec<PathBuf>,
    /// The keys a page may list terms under: the taxonomies and those sections.
    pub keys: Vec<String>,
    /// Every page, by absolute path.
    pub pages: HashMap<PathBuf, Page>,
    /// What the facts of its pages depend on site-wide (see [`super::cache::FactsCache`]).
    pub fingerprint: u64,
    /// The cross-file rules' results by file, until the index changes.
    pub(super) cross: Option<HashMap<PathBuf, Vec<Diagnostic>>>,
}

impl Site {
    /// The keys a page may list terms under, borrowed.
    #[must_use]
    pub fn key_refs(&self) -> Vec<&str> {
        self.keys.iter().map(String::as_str).collect()
    }
}

/// A term page outside any site: checked on its own.
#[derive(Debug, Clone)]
pub struct LoosePage {
    /// Its taxonomy (from the folder it is in).
    pub taxonomy: std::sync::Arc<str>,
    /// Whether it is reported on.
    pub reported: bool,
    /// Its nearest configuration.
    pub config: ConfigId,
    /// Its suppression comments, once it was read.
    pub suppressions: Vec<crate::rules::suppression::Suppression>,
}

/// What the session says of a reported file besides the index: its own diagnostics.
#[derive(Debug, Clone, Default)]
pub(super) struct Own {
    /// The page's own diagnostics, or why it could not be read (suppressions and
    /// severities not applied yet).
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The bytes the report shows, when kept (see [`super::reading::SOURCE_BUDGET`]).
    pub(super) source: Option<Vec<u8>>,
}

/// A session.
#[derive(Debug)]
pub struct Session {
    pub(super) options: Options,
    pub(super) configs: Configs,
    pub(super) sites: Vec<Site>,
    pub(super) loose: HashMap<PathBuf, LoosePage>,
    /// The pages of sites, and the other files, whose diagnostics are reported (a loose page
    /// says so itself).
    pub(super) reported: HashSet<PathBuf>,
    /// The own results of reported pages that have something to say.
    pub(super) own: HashMap<PathBuf, Own>,
    /// Findings on files that are not pages (walk errors, links out, configuration files),
    /// with the configuration whose severities apply.
    pub(super) problems: Vec<(PathBuf, Diagnostic, ConfigId)>,
    /// Files named that are neither a page of a site nor a term page.
    pub(super) skipped: Vec<PathBuf>,
    /// Reported term pages whose front matter was checked.
    pub(super) files_checked: usize,
    /// One checker per configuration, site (whose taxonomies are fields of term pages) and
    /// taxonomy.
    pub(super) checkers: HashMap<(ConfigId, Option<SiteId>), HashMap<String, PageChecker>>,
    /// Hugo's page model, for every page that is not a term page of a checked taxonomy
    /// (built when a site has one).
    pub(super) pages_checker: Option<PageChecker>,
    /// The rules' settings per configuration and site (the site's time zone).
    pub(super) settings: HashMap<(ConfigId, Option<SiteId>), Settings>,
    /// Bytes of pages kept for the report so far.
    pub(super) kept: AtomicUsize,
}

impl Session {
    /// Find the sites and pages of `targets` (absolute files and folders), reading through
    /// `source`.
    ///
    /// # Errors
    /// When the `--config` file cannot be used.
    pub fn open(
        source: &dyn Source,
        options: Options,
        targets: &[PathBuf],
    ) -> Result<Self, ExplicitConfigError> {
        let configs = Configs::new(
            options.settings.clone(),
            options.flags,
            options.config.as_ref(),
            &options.cwd,
        )?;
        let mut session = Self {
            options,
            configs,
            sites: Vec::new(),
            loose: HashMap::new(),
            reported: HashSet::new(),
            own: HashMap::new(),
            problems: Vec::new(),
            skipped: Vec::new(),
            files_checked: 0,
            checkers: HashMap::new(),
            pages_checker: None,
            settings: HashMap::new(),
            kept: AtomicUsize::new(0),
        };
        let (candidates, walked) = session.walk_targets(source, targets);
        let (site_roots, named_in_sites) = session.place_candidates(source, &walked, candidates);
        for root in site_roots {
            session.load_site(source, &walked, root);
        }
        // Files given by name in a site but not a page of it.
        for path in named_in_sites {
            if session.site_of(&path).is_none() {
                session.reported.remove(&path);
                session.skipped.push(path);
            }
        }
        session.adopt_config_findings(source);
        session.prepare();
        Ok(session)
    }

    /// Walk the folders among `targets`; every Markdown file found or named, with whether it
    /// was named.
    fn walk_targets(
        &mut self,
        source: &dyn Source,
        targets: &[PathBuf],
    ) -> (Vec<(PathBuf, bool)>, Walked) {
        let mut candidates = Vec::new();
        let mut walked = Walked::default();
        for target in targets {
            let target = normalize(target);
            if let Err(outside) = source.admit(&target) {
                self.problem(source, outside.path.clone(), outside_diagnostic(&outside));
                continue;
            }
            match source.kind(&target) {
                Err(e) => {
                    let d = io_error::diagnostic(&e);
                    self.problem(source, target, d);
                }
                Ok(EntryKind::Dir) => {
                    let listing = source.walk(&target);
                    for (path, e) in &listing.errors {
                        self.problem(source, path.clone(), io_error::diagnostic(e));
                    }
                    for outside in &listing.outside {
                        self.problem(source, outside.path.clone(), outside_diagnostic(outside));
                    }
                    candidates.extend(listing.pages.iter().map(|p| (p.clone(), false)));
                    walked.add(target, &listing);
                }
                Ok(_) => candidates.push((target, true)),
            }
        }
        walked.finish();
        (candidates, walked)
    }

    /// Sort the candidates into sites and loose term pages; the site folders, and the files
    /// named inside a site (which must turn out to be pages of it).
    fn place_candidates(
        &mut self,
        source: &dyn Source,
        walked: &Walked,
        candidates: Vec<(PathBuf, bool)>,
    ) -> (BTreeSet<PathBuf>, Vec<PathBuf>) {
        let mut finder = SiteFinder::default();
        let mut sites = BTreeSet::new();
        let mut named_in_sites = Vec::new();
        let defaults = SiteConfig::default();
        // Each taxonomy's name once, shared by its loose pages.
        let mut names: HashMap<String, std::sync::Arc<str>> = HashMap::new();
        for (path, by_name) in candidates {
            let dir = path.parent().unwrap_or(&path).to_path_buf();
            let own = self.configs.for_dir(source, &dir);
            if self.configs.excludes(own, &path) {
                continue;
            }
            match finder.site_of(source, walked, &path) {
                Some(root) => {
                    if by_name {
                        named_in_sites.push(path.clone());
                    }
                    if self.options.report_named {
                        self.reported.insert(path);
                    }
                    sites.insert(root);
                }
                None => {
                    if let PageKind::Term(location) = classify_loose(&path, &defaults) {
                        let taxonomy = self.configs[own].config.taxonomies.get(&location.taxonomy);
                        if taxonomy.and_then(|t| t.check) == Some(false) {
                            continue; // catlint.toml says not to check this taxonomy's pages
                        }
                        let taxonomy = names
                            .entry(location.taxonomy)
                            .or_insert_with_key(|name| std::sync::Arc::from(name.as_str()))
                            .clone();
                        self.loose.insert(
                            path,
                            LoosePage {
                                taxonomy,
                                reported: self.options.report_named,
                                config: own,
                                suppressions: Vec::new(),
                            },
                        );
                    } else if by_name {
                        self.skipped.push(path);
                    }
                }
            }
        }
        (sites, named_in_sites)
    }

    /// Read the site in the folder `root` and list its pages.
    fn load_site(&mut self, source: &dyn Source, walked: &Walked, root: PathBuf) {
        let config = self.configs.for_dir(source, &root);
        let settings = &self.configs[config].config;
        let mut extra = Vec::new();
        let mut unchecked = BTreeSet::new();
        for (plural, taxonomy) in &settings.taxonomies {
            match taxonomy.check {
                Some(true) => extra.push(plural.clone()),
                Some(false) => {
                    unchecked.insert(plural.clone());
                }
                None => {}
            }
        }
        let content_dirs = settings.content_dirs.clone();
        let hugo = HugoSite::load(
            source,
            &root,
            Overrides {
                content_dirs: content_dirs.as_deref(),
                extra_taxonomies: &extra,
            },
        );
        for (path, error) in &hugo.config_errors {
            self.problem(source, path.clone(), syntax::site_config(error));
        }
        for (path, error) in &hugo.read_errors {
            self.problem(source, path.clone(), io_error::diagnostic(error));
        }
        for outside in &hugo.outside {
            self.problem(source, outside.path.clone(), outside_diagnostic(outside));
        }
        let listed = hugo.pages(source, walked);
        let mut pages = HashMap::with_capacity(listed.pages.len());
        for (path, kind, place) in listed.pages {
            let dir = path.parent().unwrap_or(&path).to_path_buf();
            let page_config = self.configs.for_dir(source, &dir);
            let role = match kind {
                PageKind::Term(location) if unchecked.contains(&location.taxonomy) => {
                    Role::UncheckedTerm(Box::new(location))
                }
                PageKind::Term(location) => Role::Term(Box::new(location)),
                _ => Role::Post,
            };
            let excluded = self.configs.excludes(page_config, &path);
            pages.insert(
                path,
                Page {
                    role,
                    place,
                    config: page_config,
                    facts: PageFacts::default(),
                    stamp: None,
                    readable: true,
                    excluded,
                },
            );
        }
        let mut keys: BTreeSet<String> = hugo
            .config
            .taxonomies
            .iter()
            .map(|t| t.plural.clone())
            .collect();
        keys.extend(listed.undeclared_sections.iter().cloned());
        let id = SiteId(u32::try_from(self.sites.len()).unwrap_or(u32::MAX));
        let mut site = Site {
            id,
            hugo,
            config,
            undeclared_sections: listed.undeclared_sections,
            adapters: listed.adapters,
            keys: keys.into_iter().collect(),
            pages,
            fingerprint: 0,
            cross: None,
        };
        site.fingerprint = self.fingerprint_of(&site);
        self.sites.push(site);
    }

    /// A hash of everything site-wide the facts of `site`'s pages depend on.
    fn fingerprint_of(&self, site: &Site) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        site.hugo.fingerprint.hash(&mut hasher);
        site.keys.hash(&mut hasher);
        // The site's own catlint.toml decides which pages are term pages, even when no page
        // is under it; every page's own decides its limits.
        let mut configs: BTreeSet<ConfigId> = site.pages.values().map(|p| p.config).collect();
        configs.insert(site.config);
        for id in configs {
            let row = &self.configs[id];
            row.file.hash(&mut hasher);
            row.fingerprint.hash(&mut hasher);
            let l = row.settings.limits;
            (l.max_depth, l.max_alias_nodes, l.max_frontmatter_bytes).hash(&mut hasher);
            row.max_file_size.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Take the configuration table's findings (unusable files, limits over their caps) as
    /// problems of their files, with the severities of the folder above them.
    fn adopt_config_findings(&mut self, source: &dyn Source) {
        for (file, diagnostic) in self.configs.findings().to_vec() {
            self.problem(source, file, diagnostic);
        }
    }

    /// A finding on a file that is not a page, under the configuration of its folder.
    pub(super) fn problem(&mut self, source: &dyn Source, path: PathBuf, diagnostic: Diagnostic) {
        let mut dir = path.parent().unwrap_or(&path).to_path_buf();
        // A catlint.toml's own findings take the severities of the folder above it (its own
        // may be what is broken).
        if path.file_name().is_some_and(|n| n == CONFIG_FILE)
            && let Some(parent) = dir.parent()
        {
            dir = parent.to_path_buf();
        }
        let config = self.configs.for_dir(source, &dir);
        self.problems.push((path, diagnostic, config));
    }

    /// Build the checkers and settings the pages need, before the parallel part.
    fn prepare(&mut self) {
        let mut wanted: BTreeSet<(ConfigId, Option<SiteId>, String)> = BTreeSet::new();
        let mut settings: BTreeSet<(ConfigId, Option<SiteId>)> = BTreeSet::new();
        let mut other_pages = false;
        for site in &self.sites {
            for page in site.pages.values() {
                settings.insert((page.config, Some(site.id)));
                match &page.role {
                    Role::Term(l) => {
                        wanted.insert((page.config, Some(site.id), l.taxonomy.clone()));
                    }
                    Role::UncheckedTerm(_) | Role::Post => other_pages = true,
                }
            }
        }
        if other_pages && self.pages_checker.is_none() {
            // Hugo's page model always compiles (a test says so).
            self.pages_checker = PageChecker::for_pages().ok();
        }
        for (config, site) in settings {
            self.settings_entry(config, site);
        }
        for page in self.loose.values() {
            wanted.insert((page.config, None, page.taxonomy.to_string()));
        }
        for (config, site, taxonomy) in wanted {
            self.settings_entry(config, site);
            if self.checker(config, site, &taxonomy).is_none() {
                let options = self.configs[config]
                    .config
                    .taxonomies
                    .get(&taxonomy)
                    .cloned()
                    .unwrap_or_default();
                let fields: Vec<String> = site
                    .and_then(|s| self.sites.get(s.0 as usize))
                    .map(|s| {
                        s.hugo
                            .config
                            .taxonomies
                            .iter()
                            .map(|t| t.plural.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                // The category model always compiles; a broken schema would be a catlint bug,
                // reported on each page as an internal error.
                if let Ok(checker) = PageChecker::new(options.model_options(&fields)) {
                    self.checkers
                        .entry((config, site))
                        .or_default()
                        .insert(taxonomy, checker);
                }
            }
        }
    }

    fn settings_entry(&mut self, config: ConfigId, site: Option<SiteId>) {
        if self.settings.contains_key(&(config, site)) {
            return;
        }
        let mut settings = self.configs[config].settings.clone();
        if let Some(zone) = site
            .and_then(|s| self.sites.get(s.0 as usize))
            .and_then(|s| s.hugo.config.time_zone.as_deref())
        {
            settings.zone = crate::model::date::Zone::named(zone);
        }
        self.settings.insert((config, site), settings);
    }

    /// The checker of `taxonomy`'s pages under `config`.
    pub(super) fn checker(
        &self,
        config: ConfigId,
        site: Option<SiteId>,
        taxonomy: &str,
    ) -> Option<&PageChecker> {
        self.checkers.get(&(config, site))?.get(taxonomy)
    }

    /// The rules' settings of a page under `config` in `site`.
    pub(super) fn settings_of(&self, config: ConfigId, site: Option<SiteId>) -> &Settings {
        self.settings
            .get(&(config, site))
            .unwrap_or(&self.configs[config].settings)
    }

    /// The site `path` is a page of.
    #[must_use]
    pub fn site_of(&self, path: &Path) -> Option<&Site> {
        self.sites.iter().find(|s| s.pages.contains_key(path))
    }

    /// Every site.
    #[must_use]
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// The term pages outside any site.
    #[must_use]
    pub fn loose(&self) -> &HashMap<PathBuf, LoosePage> {
        &self.loose
    }

    /// The configuration `id`.
    #[must_use]
    pub fn config(&self, id: ConfigId) -> &LoadedConfig {
        &self.configs[id]
    }

    /// The findings on configuration files (for a front end that shows them apart).
    #[must_use]
    pub fn config_findings(&self) -> &[(PathBuf, Diagnostic)] {
        self.configs.findings()
    }

    /// Files named that are neither a page of a site nor a term page (skipped).
    #[must_use]
    pub fn skipped(&self) -> &[PathBuf] {
        &self.skipped
    }

    /// Whether `path` is a page the session knows (of a site, or a loose term page).
    #[must_use]
    pub fn knows(&self, path: &Path) -> bool {
        self.loose.contains_key(path) || self.site_of(path).is_some()
    }

    /// Whether the diagnostics of `path` are reported.
    #[must_use]
    pub fn is_reported(&self, path: &Path) -> bool {
        match self.loose.get(path) {
            Some(page) => page.reported,
            None => self.reported.contains(path),
        }
    }

    /// The configuration of the page at `path`, and its site (`None`: a loose page).
    #[must_use]
    pub fn config_of(&self, path: &Path) -> Option<(ConfigId, Option<SiteId>)> {
        match self.loose.get(path) {
            Some(page) => Some((page.config, None)),
            None => {
                let site = self.site_of(path)?;
                Some((site.pages.get(path)?.config, Some(site.id)))
            }
        }
    }

    /// The checker and settings of the page at `path` (for fixes, hover, completion): its
    /// taxonomy's category model on a checked term page, else Hugo's page model.
    #[must_use]
    pub fn checker_of(&self, path: &Path) -> Option<(&PageChecker, &Settings)> {
        let (config, site) = self.config_of(path)?;
        let taxonomy = match self.loose.get(path) {
            Some(page) => &*page.taxonomy,
            None => match &self.site_of(path)?.pages.get(path)?.role {
                Role::Term(location) => location.taxonomy.as_str(),
                Role::UncheckedTerm(_) | Role::Post => {
                    let checker = self.pages_checker.as_ref()?;
                    return Some((checker, self.settings_of(config, site)));
                }
            },
        };
        let checker = self.checker(config, site, taxonomy)?;
        Some((checker, self.settings_of(config, site)))
    }

    /// The reported pages that are checked, each with its checker, settings and size limit:
    /// what `--fix` repairs.
    #[must_use]
    pub fn fixable(&self) -> Vec<(&Path, &PageChecker, &Settings, u64)> {
        let loose = self
            .loose
            .iter()
            .filter(|(_, page)| page.reported)
            .map(|(path, _)| path);
        self.reported
            .iter()
            .chain(loose)
            .filter_map(|path| {
                let (checker, settings) = self.checker_of(path)?;
                let (config, _) = self.config_of(path)?;
                Some((
                    path.as_path(),
                    checker,
                    settings,
                    self.configs[config].max_file_size,
                ))
            })
            .collect()
    }
}

/// The `link-outside` finding of a path.
pub(super) fn outside_diagnostic(outside: &crate::site::source::Outside) -> Diagnostic {
    link_outside::diagnostic(&outside.target, &outside.root)
}
