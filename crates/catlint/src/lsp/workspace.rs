//! The workspace: the Hugo sites under the editor's folders, each site's index (every term
//! page and post, front matter only), and the open documents, whose text overrides the
//! disk for checking and for the index alike (a term renamed in an unsaved buffer counts).
//!
//! Checking a document mirrors `catlint check` (see `run.rs`): the page's own rules, then
//! the cross-file rules over the site's index, then suppression comments, then the
//! severities of the file's `catlint.toml`. Only the changed document is checked again; the
//! cross-file rules run once over the (in-memory) index, and other open documents of the
//! same site are republished when their result changes.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use catlint_core::diagnostic::Diagnostic;
use catlint_core::engine::suppress::{self, Suppression};
use catlint_core::engine::{self, Checker, Settings, TermFacts};
use catlint_core::frontmatter::Limits;
use catlint_core::index::{Post, SiteIndex, TermPage, read_post};
use catlint_core::site::{Taxonomy, TermLocation};
use rayon::prelude::*;

use crate::boundary::Boundary;
use crate::discover::{self, Discovery};
use crate::run::{self, Checkers, Contents};
use crate::settings::Loaded;

/// Why the workspace could not load a site (shown to the user, not fatal).
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    /// `catlint.toml` is unreadable or invalid, or a checker could not be built.
    #[error(
        "catlint could not load its configuration, so it checks nothing there (`catlint check` in the site shows where): {message}"
    )]
    Config { message: String },
}

/// An open document.
#[derive(Debug)]
pub(crate) struct Document {
    /// The URI the client knows it by.
    pub(crate) uri: lsp_types::Url,
    /// The client's version of the text.
    pub(crate) version: i32,
    /// The current text.
    pub(crate) text: String,
    /// The result of checking `text`; `None` while a change waits to be checked.
    pub(crate) checked: Option<Checked>,
}

/// A document's diagnostics, and what is needed to recombine them when only the cross-file
/// results change.
#[derive(Debug, Clone, Default)]
pub(crate) struct Checked {
    /// The page's own diagnostics (suppressions not yet applied).
    own: Vec<Diagnostic>,
    /// The final diagnostics, as published.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What a file is to the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A term page that is checked.
    Term,
    /// A term page of a taxonomy that `catlint.toml` says not to check (index only).
    UncheckedTerm,
    /// Any other content page of a site: read for its term lists.
    Post,
    /// A term page outside any site, checked on its own.
    Loose,
}

/// Where a file is: its project, its site (if any) and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    project: usize,
    site: Option<usize>,
    pub(crate) role: Role,
}

/// One discovery: the sites and loose pages found from some roots, with their checkers.
struct Project {
    /// The absolute paths discovery ran on.
    roots: Vec<PathBuf>,
    /// What may be read from disk.
    boundary: Boundary,
    configs: Vec<Loaded>,
    checkers: Checkers,
    sites: Vec<SiteState>,
    /// Term pages outside any site: taxonomy and configuration.
    loose: BTreeMap<PathBuf, (String, usize)>,
}

/// One Hugo site and its index.
struct SiteState {
    /// The folder holding the site configuration, when known.
    root: Option<PathBuf>,
    taxonomies: Vec<Taxonomy>,
    time_zone: Option<String>,
    /// The configuration (an index into `Project::configs`) of the site folder.
    settings: usize,
    unchecked: BTreeSet<String>,
    undeclared_sections: BTreeSet<String>,
    /// The keys a page may list terms under.
    keys: Vec<String>,
    limits: Limits,
    terms: BTreeMap<PathBuf, TermEntry>,
    posts: BTreeMap<PathBuf, PostEntry>,
    /// The cross-file rules' results by file, until the index changes. Most edits (the body,
    /// a description) leave what the rules read as it was: they reuse these.
    cross: Option<BTreeMap<PathBuf, Vec<Diagnostic>>>,
}

/// A term page in the index.
struct TermEntry {
    location: TermLocation,
    config: usize,
    facts: TermFacts,
    lists: Option<Post>,
}

/// A post in the index.
struct PostEntry {
    config: usize,
    post: Option<Post>,
}

/// A term of a taxonomy, as completion and hover show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermInfo {
    /// The term's key (its folder or file name).
    pub(crate) key: String,
    /// Its title, if the page has one.
    pub(crate) title: Option<String>,
    /// Its description, if the page has one.
    pub(crate) description: Option<String>,
    /// The term page.
    pub(crate) path: PathBuf,
}

/// The workspace.
pub(crate) struct Workspace {
    roots: Vec<PathBuf>,
    config: Option<PathBuf>,
    base: Settings,
    projects: Vec<Project>,
    /// Open documents, by absolute path.
    pub(crate) docs: BTreeMap<PathBuf, Document>,
    /// Files known not to belong to any site (cleared when the file tree changes).
    outside: HashSet<PathBuf>,
    /// Problems to tell the user about (taken by the server).
    pub(crate) messages: Vec<String>,
    /// Problems told already: each is told once.
    told: HashSet<String>,
}

impl Workspace {
    /// A workspace over the folders `roots` (absolute). `config` is `--config`.
    pub(crate) fn new(roots: Vec<PathBuf>, config: Option<PathBuf>, base: Settings) -> Self {
        let mut ws = Self {
            roots,
            config,
            base,
            projects: Vec::new(),
            docs: BTreeMap::new(),
            outside: HashSet::new(),
            messages: Vec::new(),
            told: HashSet::new(),
        };
        ws.rebuild_all();
        ws
    }

    /// Discover every site under the workspace folders again and re-read the index.
    pub(crate) fn rebuild_all(&mut self) {
        self.outside.clear();
        let mut project_roots: Vec<Vec<PathBuf>> =
            self.projects.iter().map(|p| p.roots.clone()).collect();
        for root in &self.roots {
            if !project_roots
                .iter()
                .any(|r| r == std::slice::from_ref(root))
            {
                project_roots.push(vec![root.clone()]);
            }
        }
        self.projects.clear();
        for roots in project_roots {
            if let Some(project) = self.load(&roots) {
                self.projects.push(project);
            }
        }
    }

    /// The workspace folders changed: read the sites again.
    pub(crate) fn set_roots(&mut self, added: Vec<PathBuf>, removed: &[PathBuf]) {
        self.roots.retain(|r| !removed.contains(r));
        self.projects
            .retain(|p| !p.roots.iter().any(|r| removed.contains(r)));
        for root in added {
            if !self.roots.contains(&root) {
                self.roots.push(root);
            }
        }
        self.rebuild_all();
    }

    /// Discover `roots` and read the index of what they hold (open documents from their
    /// text). `None` when there is nothing there, or the configuration is broken.
    fn load(&mut self, roots: &[PathBuf]) -> Option<Project> {
        let found = match discover::discover(roots, self.config.as_deref(), &self.boundary(roots)) {
            Ok(found) => found,
            Err(report) => {
                self.tell(LoadError::Config {
                    message: format!("{report}"),
                });
                return None;
            }
        };
        if found.sites.is_empty() && found.loose_terms.is_empty() {
            return None;
        }
        let checkers =
            match Checkers::new(&found, &self.base, &crate::settings::LimitFlags::default()) {
                Ok(c) => c,
                Err(report) => {
                    self.tell(LoadError::Config {
                        message: format!("{report}"),
                    });
                    return None;
                }
            };
        Some(Project::new(roots.to_vec(), found, checkers, &self.docs))
    }

    /// What the server reads from disk for `roots`: the workspace folders; for a file opened
    /// outside them, its repository (or site, or folder), as `catlint check` would.
    fn boundary(&self, roots: &[PathBuf]) -> Boundary {
        if roots
            .iter()
            .all(|r| self.roots.iter().any(|w| r.starts_with(w)))
        {
            Boundary::of_folders(&self.roots)
        } else {
            let cwd = std::env::current_dir().unwrap_or_default();
            Boundary::for_paths(None, roots, &cwd, false)
        }
    }

    fn tell(&mut self, error: LoadError) {
        let text = error.to_string();
        if self.told.insert(text.clone()) {
            self.messages.push(text);
        }
    }

    /// Where `path` is, discovering its site first if it is new.
    pub(crate) fn place(&mut self, path: &Path) -> Option<Place> {
        if let Some(place) = self.locate(path) {
            return Some(place);
        }
        if self.outside.contains(path) || !is_markdown(path) {
            return None;
        }
        // A new page of a known site: read the site again.
        if let Some(i) = self.projects.iter().position(|p| {
            p.sites
                .iter()
                .any(|s| s.root.as_ref().is_some_and(|r| path.starts_with(r)))
        }) {
            let roots = self.projects[i].roots.clone();
            match self.load(&roots) {
                Some(project) => self.projects[i] = project,
                None => {
                    self.projects.remove(i);
                }
            }
        } else if let Some(project) = self.load(&[path.to_path_buf()]) {
            self.projects.push(project);
        }
        let place = self.locate(path);
        if place.is_none() {
            self.outside.insert(path.to_path_buf());
        }
        place
    }

    fn locate(&self, path: &Path) -> Option<Place> {
        for (pi, project) in self.projects.iter().enumerate() {
            for (si, site) in project.sites.iter().enumerate() {
                if let Some(term) = site.terms.get(path) {
                    let role = if site.unchecked.contains(&term.location.taxonomy) {
                        Role::UncheckedTerm
                    } else {
                        Role::Term
                    };
                    return Some(Place {
                        project: pi,
                        site: Some(si),
                        role,
                    });
                }
                if site.posts.contains_key(path) {
                    return Some(Place {
                        project: pi,
                        site: Some(si),
                        role: Role::Post,
                    });
                }
            }
            if project.loose.contains_key(path) {
                return Some(Place {
                    project: pi,
                    site: None,
                    role: Role::Loose,
                });
            }
        }
        None
    }

    /// Open a document and check it. The paths whose diagnostics changed.
    pub(crate) fn open(
        &mut self,
        path: PathBuf,
        uri: lsp_types::Url,
        version: i32,
        text: String,
    ) -> Vec<PathBuf> {
        self.docs.insert(
            path.clone(),
            Document {
                uri,
                version,
                text,
                checked: None,
            },
        );
        self.check(&path)
    }

    /// Replace a document's text (checked later, see [`Workspace::check`]).
    pub(crate) fn change(&mut self, path: &Path, version: i32, text: String) {
        if let Some(doc) = self.docs.get_mut(path) {
            doc.version = version;
            doc.text = text;
            doc.checked = None;
        }
    }

    /// Close a document: the index goes back to the file on disk. The paths whose
    /// diagnostics changed (the closed document's are cleared by the server).
    pub(crate) fn close(&mut self, path: &Path) -> Vec<PathBuf> {
        self.docs.remove(path);
        let Some(place) = self.locate(path) else {
            return Vec::new();
        };
        if place.site.is_none() {
            return Vec::new();
        }
        self.reindex_from_disk(path, place);
        self.recombine(place)
    }

    /// Check an open document's current text, update the index with it, and recombine the
    /// cross-file results of the other open documents of its site. The paths whose
    /// diagnostics changed (always including `path` itself when it is open).
    pub(crate) fn check(&mut self, path: &Path) -> Vec<PathBuf> {
        let Some(text) = self.docs.get(path).map(|d| d.text.clone()) else {
            return Vec::new();
        };
        let Some(place) = self.place(path) else {
            if let Some(doc) = self.docs.get_mut(path) {
                doc.checked = Some(Checked::default());
            }
            return vec![path.to_path_buf()];
        };
        let own = self.projects[place.project].update(path, place, text.as_bytes());
        if let Some(doc) = self.docs.get_mut(path) {
            // Forces a publish of this document even when nothing changed.
            doc.checked = Some(Checked {
                own,
                diagnostics: Vec::new(),
            });
        }
        let mut changed = self.recombine(place);
        if !changed.iter().any(|p| p == path) {
            changed.push(path.to_path_buf());
        }
        changed
    }

    /// Check every open document again (after the index or the configuration changed).
    pub(crate) fn check_all_open(&mut self) -> Vec<PathBuf> {
        let paths: Vec<PathBuf> = self.docs.keys().cloned().collect();
        let mut changed = BTreeSet::new();
        for path in paths {
            changed.extend(self.check(&path));
        }
        changed.into_iter().collect()
    }

    /// Files changed on disk (`workspace/didChangeWatchedFiles`). Configuration changes and
    /// new or deleted pages read the sites again; a changed page that is not open is read
    /// again. The paths whose diagnostics changed.
    pub(crate) fn files_changed(
        &mut self,
        changes: &[(PathBuf, lsp_types::FileChangeType)],
    ) -> Vec<PathBuf> {
        let structural = changes.iter().any(|(path, kind)| {
            is_configuration(path)
                || (*kind != lsp_types::FileChangeType::CHANGED && is_markdown(path))
        });
        if structural {
            self.rebuild_all();
            return self.check_all_open();
        }
        let mut sites = BTreeSet::new();
        for (path, _) in changes {
            if self.docs.contains_key(path) {
                continue; // the buffer wins over the disk
            }
            if let Some(place) = self.locate(path)
                && place.site.is_some()
            {
                self.reindex_from_disk(path, place);
                sites.insert((place.project, place.site));
            }
        }
        let mut changed = Vec::new();
        for (project, site) in sites {
            changed.extend(self.recombine(Place {
                project,
                site,
                role: Role::Post,
            }));
        }
        changed
    }

    fn reindex_from_disk(&mut self, path: &Path, place: Place) {
        let project = &mut self.projects[place.project];
        let bytes = project.read(path, place);
        project.update(path, place, &bytes);
    }

    /// Run the cross-file rules of `place`'s site and recombine the diagnostics of its open
    /// documents; those whose diagnostics changed.
    fn recombine(&mut self, place: Place) -> Vec<PathBuf> {
        let open: Vec<PathBuf> = self
            .docs
            .iter()
            .filter(|(p, d)| {
                d.checked.is_some()
                    && self
                        .locate(p)
                        .is_some_and(|q| q.project == place.project && q.site == place.site)
            })
            .map(|(p, _)| p.clone())
            .collect();
        let mut cross: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        if let Some(site) = place
            .site
            .and_then(|s| self.projects.get_mut(place.project)?.sites.get_mut(s))
        {
            let all = site.cross.get_or_insert_with(|| {
                let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
                for (path, d) in site_index_check(
                    &site.taxonomies,
                    &site.terms,
                    &site.posts,
                    &site.undeclared_sections,
                ) {
                    by_file.entry(path).or_default().push(d);
                }
                by_file
            });
            for path in &open {
                if let Some(list) = all.get(path) {
                    cross.insert(path.clone(), list.clone());
                }
            }
        }
        let mut changed = Vec::new();
        for path in open {
            let Some(place) = self.locate(&path) else {
                continue;
            };
            let project = &self.projects[place.project];
            let Some(doc) = self.docs.get_mut(&path) else {
                continue;
            };
            let Some(checked) = doc.checked.as_mut() else {
                continue;
            };
            let diagnostics = project.finish(
                &path,
                place,
                checked.own.clone(),
                cross.remove(&path).unwrap_or_default(),
            );
            if diagnostics != checked.diagnostics {
                checked.diagnostics = diagnostics;
                changed.push(path);
            }
        }
        changed
    }

    /// The checker of a term page (for fixes, hover and completion).
    pub(crate) fn checker(&self, place: Place, path: &Path) -> Option<&Checker> {
        self.projects.get(place.project)?.checker(path, place)
    }

    /// The catlint.toml taxonomy settings of a term page, for its schema.
    pub(crate) fn taxonomy_config(
        &self,
        place: Place,
        path: &Path,
    ) -> catlint_core::config::TaxonomyConfig {
        let Some(project) = self.projects.get(place.project) else {
            return Default::default();
        };
        let found = match place.site.and_then(|s| project.sites.get(s)) {
            Some(site) => site
                .terms
                .get(path)
                .map(|t| (t.config, t.location.taxonomy.clone())),
            None => project.loose.get(path).map(|(t, c)| (*c, t.clone())),
        };
        found
            .and_then(|(config, taxonomy)| {
                project
                    .configs
                    .get(config)?
                    .config
                    .taxonomies
                    .get(&taxonomy)
                    .cloned()
            })
            .unwrap_or_default()
    }

    /// The taxonomy keys a page of `place`'s site may list terms under (with each one's
    /// declared plural name, when it is a taxonomy of the site).
    pub(crate) fn list_keys(&self, place: Place) -> Vec<String> {
        self.site(place).map(|s| s.keys.clone()).unwrap_or_default()
    }

    /// The limits of the site's configuration (for parsing front matter).
    pub(crate) fn limits(&self, place: Place) -> Limits {
        self.site(place).map_or_else(Limits::default, |s| s.limits)
    }

    /// The singular name of a taxonomy of `place`'s site.
    pub(crate) fn singular(&self, place: Place, plural: &str) -> String {
        self.site(place)
            .and_then(|s| {
                s.taxonomies
                    .iter()
                    .find(|t| catlint_core::engine::schema::keys_equal(&t.plural, plural))
            })
            .map_or_else(|| plural.to_owned(), |t| t.singular.clone())
    }

    /// The terms of `taxonomy` in `place`'s site, sorted by title.
    pub(crate) fn terms(&self, place: Place, taxonomy: &str) -> Vec<TermInfo> {
        let Some(site) = self.site(place) else {
            return Vec::new();
        };
        let mut terms: Vec<TermInfo> = site
            .terms
            .iter()
            .filter(|(_, t)| {
                catlint_core::engine::schema::keys_equal(&t.location.taxonomy, taxonomy)
            })
            .map(|(path, t)| TermInfo {
                key: t.location.key.clone(),
                title: t.facts.title.as_ref().map(|(s, _)| s.clone()),
                description: t.facts.description.clone(),
                path: path.clone(),
            })
            .collect();
        terms.sort_by(|a, b| {
            let name = |t: &TermInfo| {
                t.title
                    .clone()
                    .unwrap_or_else(|| t.key.clone())
                    .to_lowercase()
            };
            name(a).cmp(&name(b)).then(a.path.cmp(&b.path))
        });
        terms
    }

    fn site(&self, place: Place) -> Option<&SiteState> {
        self.projects.get(place.project)?.sites.get(place.site?)
    }
}

impl Project {
    fn new(
        roots: Vec<PathBuf>,
        found: Discovery,
        checkers: Checkers,
        docs: &BTreeMap<PathBuf, Document>,
    ) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let abs = |p: &Path| discover::normalize(&cwd.join(p));
        let loose = found
            .loose_terms
            .iter()
            .map(|(p, t, c)| (abs(p), (t.clone(), *c)))
            .collect();
        let mut sites = Vec::new();
        for site in &found.sites {
            let settings = checkers
                .settings
                .get(site.settings)
                .cloned()
                .unwrap_or_default();
            let keys: Vec<String> = run::list_keys(site)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let sample = site
                .terms
                .first()
                .map(|(p, _, _)| p)
                .or(site.posts.first().map(|(p, _)| p));
            let root = sample.and_then(|p| {
                abs(p)
                    .ancestors()
                    .skip(1)
                    .find(|d| discover::has_config(d))
                    .map(Path::to_path_buf)
            });
            let mut state = SiteState {
                root,
                taxonomies: site.config.taxonomies.clone(),
                time_zone: site.config.time_zone.clone(),
                settings: site.settings,
                unchecked: site.unchecked.clone(),
                undeclared_sections: site.undeclared_sections.clone(),
                keys,
                limits: settings.limits,
                terms: BTreeMap::new(),
                posts: BTreeMap::new(),
                cross: None,
            };
            state.terms = site
                .terms
                .par_iter()
                .map(|(p, location, config)| {
                    let path = abs(p);
                    let bytes = source(docs, &path, checkers.max_file_size.get(*config).copied());
                    let checker =
                        checkers.get(*config, &location.taxonomy, state.time_zone.as_ref());
                    let key_refs: Vec<&str> = state.keys.iter().map(String::as_str).collect();
                    let mut facts = match checker {
                        Some(c) => catch_unwind(AssertUnwindSafe(|| {
                            c.term_facts_listing(&bytes, &key_refs)
                        }))
                        .unwrap_or_default(),
                        None => TermFacts::default(),
                    };
                    let lists = Post::of_term(&path, &mut facts);
                    (
                        path,
                        TermEntry {
                            location: location.clone(),
                            config: *config,
                            facts,
                            lists,
                        },
                    )
                })
                .collect();
            state.posts = site
                .posts
                .par_iter()
                .map(|(p, config)| {
                    let path = abs(p);
                    let bytes = source(docs, &path, checkers.max_file_size.get(*config).copied());
                    let post = state.lists(&path, &bytes);
                    (
                        path,
                        PostEntry {
                            config: *config,
                            post,
                        },
                    )
                })
                .collect();
            sites.push(state);
        }
        Self {
            roots,
            boundary: found.boundary,
            configs: found.configs,
            checkers,
            sites,
            loose,
        }
    }

    fn checker(&self, path: &Path, place: Place) -> Option<&Checker> {
        match place.site.and_then(|s| self.sites.get(s)) {
            Some(site) => {
                let term = site.terms.get(path)?;
                self.checkers.get(
                    term.config,
                    &term.location.taxonomy,
                    site.time_zone.as_ref(),
                )
            }
            None => {
                let (taxonomy, config) = self.loose.get(path)?;
                self.checkers.get(*config, taxonomy, None)
            }
        }
    }

    fn config_of(&self, path: &Path, place: Place) -> Option<usize> {
        match place.site.and_then(|s| self.sites.get(s)) {
            Some(site) => site
                .terms
                .get(path)
                .map(|t| t.config)
                .or_else(|| site.posts.get(path).map(|p| p.config)),
            None => self.loose.get(path).map(|(_, c)| *c),
        }
    }

    /// The bytes of a file that is not open (empty when it cannot be read, or has become a
    /// link out of the workspace since it was found).
    fn read(&self, path: &Path, place: Place) -> Vec<u8> {
        if self.boundary.check_read(path).is_err() {
            return Vec::new();
        }
        let limit = self
            .config_of(path, place)
            .and_then(|c| self.checkers.max_file_size.get(c).copied());
        source(&BTreeMap::new(), path, limit)
    }

    /// Check the page at `path` with the text `bytes` and update the index with it. The
    /// page's own diagnostics (suppressions not yet applied).
    fn update(&mut self, path: &Path, place: Place, bytes: &[u8]) -> Vec<Diagnostic> {
        let limit = self
            .config_of(path, place)
            .and_then(|c| self.checkers.max_file_size.get(c).copied())
            .unwrap_or(run::DEFAULT_MAX_FILE_SIZE);
        let too_large = bytes.len() as u64 > limit;
        let checker = self.checker(path, place);
        // A term page's own term lists come from the same parse as its check.
        let keys: Vec<&str> = place
            .site
            .and_then(|s| self.sites.get(s))
            .map(|s| s.keys.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let (mut own, mut facts) = match (place.role, checker) {
            (Role::Term | Role::Loose, _) if too_large => (
                vec![engine::file_too_large(bytes.len() as u64, limit)],
                TermFacts::default(),
            ),
            (Role::Term | Role::Loose, Some(checker)) => check_term(checker, bytes, &keys),
            (Role::UncheckedTerm, Some(checker)) => (
                Vec::new(),
                catch_unwind(AssertUnwindSafe(|| {
                    checker.term_facts_listing(bytes, &keys)
                }))
                .unwrap_or_default(),
            ),
            _ => (Vec::new(), TermFacts::default()),
        };
        let term_lists = Post::of_term(path, &mut facts);
        let Some(site) = place.site.and_then(|s| self.sites.get_mut(s)) else {
            // A page outside any site has no cross-file results: finish it now.
            suppress::apply(&mut own, &facts.suppressions);
            if let Some(settings) = self
                .config_of(path, place)
                .and_then(|c| self.checkers.settings.get(c))
            {
                settings.finish(&mut own);
            }
            return own;
        };
        let lists = match place.role {
            Role::Post if !too_large => site.lists(path, bytes),
            Role::Post => None,
            _ => term_lists,
        };
        let same_lists = |a: &Option<Post>, b: &Option<Post>| {
            a.as_ref().map(|p| &p.lists) == b.as_ref().map(|p| &p.lists)
        };
        let index_changed = match place.role {
            Role::Term | Role::UncheckedTerm => site.terms.get_mut(path).is_none_or(|term| {
                let changed = term.facts.title != facts.title
                    || term.facts.anchor != facts.anchor
                    || term.facts.instructions_variant != facts.instructions_variant
                    || !same_lists(&term.lists, &lists);
                term.facts = facts;
                term.lists = lists;
                changed
            }),
            Role::Post => site.posts.get_mut(path).is_none_or(|post| {
                let changed = !same_lists(&post.post, &lists);
                post.post = lists;
                changed
            }),
            Role::Loose => false,
        };
        if index_changed {
            site.cross = None;
        }
        own
    }

    /// A document's final diagnostics from its own and its cross-file ones, as `run.rs`
    /// combines them: cross-file results with the site's severities, then suppression
    /// comments, then the severities of the file's own configuration.
    fn finish(
        &self,
        path: &Path,
        place: Place,
        mut out: Vec<Diagnostic>,
        cross: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let site = place.site.and_then(|s| self.sites.get(s));
        let had_cross = !cross.is_empty();
        if let Some(site) = site
            && had_cross
        {
            out.extend(cross);
            if let Some(settings) = self.checkers.settings.get(site.settings) {
                settings.finish(&mut out);
            }
        }
        let suppressions: Option<(&[Suppression], usize)> = match (place.role, site) {
            (Role::Term, Some(site)) => site
                .terms
                .get(path)
                .map(|t| (t.facts.suppressions.as_slice(), t.config)),
            (Role::Post, Some(site)) => site
                .posts
                .get(path)
                .and_then(|p| Some((p.post.as_ref()?.suppressions.as_slice(), p.config))),
            _ => None,
        };
        if let Some((list, config)) = suppressions {
            suppress::apply(&mut out, list);
            if let Some(settings) = self.checkers.settings.get(config) {
                settings.finish(&mut out);
            }
        }
        out
    }
}

impl SiteState {
    /// The term lists of a post, if it has any (or suppression comments, which may be unused).
    fn lists(&self, path: &Path, bytes: &[u8]) -> Option<Post> {
        if self.keys.is_empty() {
            return None;
        }
        let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
        let (lists, suppressions) =
            catch_unwind(AssertUnwindSafe(|| read_post(bytes, &keys, &self.limits))).ok()?;
        Post::of_page(path, lists, suppressions)
    }
}

/// Run the cross-file rules over a site's index, built as `catlint check` builds it: term
/// pages in path order, then the term lists of term pages, then those of posts.
fn site_index_check(
    taxonomies: &[Taxonomy],
    terms: &BTreeMap<PathBuf, TermEntry>,
    posts: &BTreeMap<PathBuf, PostEntry>,
    undeclared_sections: &BTreeSet<String>,
) -> Vec<(PathBuf, Diagnostic)> {
    let index = SiteIndex {
        taxonomies: taxonomies.to_vec(),
        terms: terms
            .iter()
            .map(|(path, t)| TermPage::new(path.clone(), t.location.clone(), &t.facts))
            .collect(),
        posts: terms
            .values()
            .filter_map(|t| t.lists.clone())
            .chain(posts.values().filter_map(|p| p.post.clone()))
            .collect(),
        undeclared_sections: undeclared_sections.clone(),
    };
    index.check()
}

/// Check a term page, collecting its lists under `keys`; a panic in the engine becomes an
/// `internal-error` diagnostic.
fn check_term(checker: &Checker, bytes: &[u8], keys: &[&str]) -> (Vec<Diagnostic>, TermFacts) {
    catch_unwind(AssertUnwindSafe(|| checker.check_term_listing(bytes, keys))).unwrap_or_else(
        |panic| {
            let message = super::panic_message(&*panic);
            (vec![engine::internal_error(&message)], TermFacts::default())
        },
    )
}

/// The text of an open document, else the file's bytes (empty when unreadable or larger
/// than `limit`).
fn source(docs: &BTreeMap<PathBuf, Document>, path: &Path, limit: Option<u64>) -> Vec<u8> {
    if let Some(doc) = docs.get(path) {
        return doc.text.as_bytes().to_vec();
    }
    match run::read_limited(path, limit.unwrap_or(run::DEFAULT_MAX_FILE_SIZE)) {
        Ok(Contents::Bytes(bytes, _)) => bytes,
        _ => Vec::new(),
    }
}

/// Whether catlint reads `path` as a page.
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == "markdown")
}

/// Whether a change to `path` changes which files are pages, or how they are checked:
/// `catlint.toml`, and Hugo's configuration data files (`hugo.*`, `config.*`, anything under
/// a `config` folder); a page named `hugo.md` is a page.
pub(crate) fn is_configuration(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let data = path
        .extension()
        .is_some_and(|e| e == "toml" || e == "yaml" || e == "yml" || e == "json");
    name == catlint_core::config::CONFIG_FILE
        || data
            && (name.starts_with("hugo.")
                || name.starts_with("config.")
                || path.components().any(|c| c.as_os_str() == "config"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_changes_read_the_sites_again() {
        for path in [
            "/s/catlint.toml",
            "/s/hugo.yaml",
            "/s/config.toml",
            "/s/config/_default/taxonomies.toml",
        ] {
            assert!(is_configuration(Path::new(path)), "{path}");
        }
        for path in [
            "/s/content/posts/a.md",
            "/s/hugo-notes.md",
            "/s/content/posts/hugo.md",
            "/s/content/docs/config.md",
            "/s/content/config/_index.md",
            "/s/data/x.toml",
        ] {
            assert!(!is_configuration(Path::new(path)), "{path}");
        }
        assert!(is_markdown(Path::new("a/b.markdown")));
        assert!(!is_markdown(Path::new("a/b.txt")));
    }

    #[test]
    fn a_page_outside_any_site_gets_no_diagnostics() {
        let dir = tempfile::tempdir().expect("temp dir");
        let notes = dir.path().join("notes.md");
        std::fs::write(&notes, "---\nx: 1\n---\n").expect("write");
        let mut ws = Workspace::new(vec![dir.path().to_path_buf()], None, Settings::default());
        let uri = lsp_types::Url::from_file_path(&notes).expect("uri");
        let changed = ws.open(notes.clone(), uri, 1, "---\nx: 1\n---\n".to_owned());
        assert_eq!(changed, std::slice::from_ref(&notes));
        let doc = ws.docs.get(&notes).expect("open");
        assert!(
            doc.checked
                .as_ref()
                .is_some_and(|c| c.diagnostics.is_empty())
        );
        assert!(ws.place(&notes).is_none());
    }
}
