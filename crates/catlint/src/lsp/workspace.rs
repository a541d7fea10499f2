//! The workspace: one site session per workspace folder (and per file opened outside them),
//! read through the open documents over the disk — a buffer's text overrides its file for
//! checking and for the index alike (a term renamed in an unsaved buffer counts).
//!
//! The session does the checking, in the one order every front end gets: a page's own
//! rules, the cross-file rules over its site's index, its suppression comments, the
//! severities of its `catlint.toml`. The workspace only tells it what changed (a document
//! opened, edited, saved or closed; files changed on disk) and republishes the open
//! documents whose diagnostics changed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use catlint_core::diagnostic::Diagnostic;
use catlint_core::frontmatter::{Limits, keys_equal};
use catlint_core::project::config::CONFIG_FILE;
use catlint_core::project::{NoCache, Options, Session};
use catlint_core::rules::{PageChecker, Settings};
use catlint_core::site::hugo::{is_markdown, is_site_configuration};
use catlint_core::site::source::{EntryKind, Extent, Listing, Loaded, Outside, ReadError, Source};

use crate::boundary::Boundary;
use crate::disk::Disk;

/// An open document.
#[derive(Debug)]
pub(crate) struct Document {
    /// The URI the client knows it by.
    pub(crate) uri: lsp_types::Url,
    /// The client's version of the text.
    pub(crate) version: i32,
    /// The current text.
    pub(crate) text: String,
    /// The diagnostics of `text`, as published; `None` while a change waits to be checked.
    pub(crate) checked: Option<Vec<Diagnostic>>,
}

/// Where a file is: its project, and what it is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    project: usize,
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

/// One session and the disk it reads.
struct Project {
    /// The absolute paths the session was opened on.
    roots: Vec<PathBuf>,
    disk: Disk,
    session: Session,
}

/// The open documents over the disk: what the sessions read.
struct Overlay<'a> {
    disk: &'a Disk,
    docs: &'a BTreeMap<PathBuf, Document>,
}

impl Source for Overlay<'_> {
    fn read(&self, path: &Path, limit: u64, extent: Extent) -> Result<Loaded, ReadError> {
        match self.docs.get(path) {
            Some(doc) if doc.text.len() as u64 > limit => {
                Err(ReadError::TooLarge(doc.text.len() as u64))
            }
            Some(doc) => Ok(Loaded {
                bytes: doc.text.as_bytes().to_vec(),
                stamp: None,
            }),
            None => self.disk.read(path, limit, extent),
        }
    }

    fn kind(&self, path: &Path) -> std::io::Result<EntryKind> {
        self.disk.kind(path)
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        self.disk.list(dir)
    }

    fn walk(&self, dir: &Path) -> Listing {
        self.disk.walk(dir)
    }

    fn contains(&self, dir: &Path) -> bool {
        self.disk.contains(dir)
    }

    fn admit(&self, path: &Path) -> Result<(), Outside> {
        self.disk.admit(path)
    }

    fn check_folder(&self, dir: &Path) -> Result<(), Outside> {
        self.disk.check_folder(dir)
    }
}

/// The workspace.
pub(crate) struct Workspace {
    roots: Vec<PathBuf>,
    config: Option<PathBuf>,
    base: Settings,
    cwd: PathBuf,
    projects: Vec<Project>,
    /// Open documents, by absolute path.
    pub(crate) docs: BTreeMap<PathBuf, Document>,
    /// Files known not to belong to any site (cleared when the file tree changes).
    outside: HashSet<PathBuf>,
    /// Problems to tell the user about (taken by the server).
    pub(crate) messages: Vec<String>,
    /// Problems told already: each is told once while it lasts.
    told: HashSet<String>,
    /// While the sessions are opened again: the problems told before.
    told_before: HashSet<String>,
}

impl Workspace {
    /// A workspace over the folders `roots` (absolute). `config` is `--config`.
    pub(crate) fn new(roots: Vec<PathBuf>, config: Option<PathBuf>, base: Settings) -> Self {
        let mut ws = Self {
            roots,
            config,
            base,
            cwd: std::env::current_dir().unwrap_or_default(),
            projects: Vec::new(),
            docs: BTreeMap::new(),
            outside: HashSet::new(),
            messages: Vec::new(),
            told: HashSet::new(),
            told_before: HashSet::new(),
        };
        ws.rebuild_all();
        ws
    }

    /// Open every session again and re-read the indexes (after the file tree or a
    /// configuration changed).
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
        // A problem still there is not told again; one fixed is forgotten, so that it is
        // told again if it comes back.
        self.told_before = std::mem::take(&mut self.told);
        for roots in project_roots {
            if let Some(project) = self.load(&roots) {
                self.projects.push(project);
            }
        }
        self.told_before.clear();
        for i in 0..self.projects.len() {
            self.adopt_open_docs(i);
        }
    }

    /// Report on the open documents of project `i` (a freshly opened session reports on
    /// none) and read their buffers.
    fn adopt_open_docs(&mut self, i: usize) {
        let open: Vec<PathBuf> = self
            .docs
            .keys()
            .filter(|p| self.locate(p).is_some_and(|q| q.project == i))
            .cloned()
            .collect();
        for path in open {
            self.projects[i].session.set_reported(&path, true);
            self.refresh(i, &path);
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

    /// Open a session on `roots` and index it (open documents from their text). `None` when
    /// there is nothing there, or the `--config` file is broken (told to the user).
    fn load(&mut self, roots: &[PathBuf]) -> Option<Project> {
        // The workspace folders' repositories; a file opened outside them, its own.
        let folders = if roots
            .iter()
            .all(|r| self.roots.iter().any(|w| r.starts_with(w)))
        {
            self.roots.clone()
        } else {
            roots.to_vec()
        };
        let disk = Disk::new(Boundary::of_folders(&folders, &self.cwd));
        let config = match &self.config {
            Some(path) => match crate::settings::named_config(path, &self.cwd, disk.boundary()) {
                Ok(config) => Some(config),
                Err(e) => {
                    self.tell(format!(
                        "catlint could not load its configuration, so it checks nothing there: {e}"
                    ));
                    return None;
                }
            },
            None => None,
        };
        let options = Options {
            settings: self.base.clone(),
            flags: catlint_core::project::config::LimitFlags::default(),
            config,
            report_named: false,
            cwd: self.cwd.clone(),
        };
        let overlay = Overlay {
            disk: &disk,
            docs: &self.docs,
        };
        let mut session = match Session::open(&overlay, options, roots) {
            Ok(session) => session,
            Err(e) => {
                self.tell(format!(
                    "catlint could not load its configuration, so it checks nothing there: {e}"
                ));
                return None;
            }
        };
        if session.sites().is_empty() && session.loose().is_empty() {
            return None;
        }
        session.index(&overlay, &NoCache);
        let findings: Vec<String> = session
            .config_findings()
            .iter()
            .map(|(path, d)| format!("{}: {}", path.display(), d.message))
            .collect();
        for message in findings {
            self.tell(message);
        }
        Some(Project {
            roots: roots.to_vec(),
            disk,
            session,
        })
    }

    fn tell(&mut self, text: String) {
        if self.told.insert(text.clone()) && !self.told_before.contains(&text) {
            self.messages.push(text);
        }
    }

    /// Where `path` is, opening a session for it first if it is new.
    pub(crate) fn place(&mut self, path: &Path) -> Option<Place> {
        self.place_or_load(path).map(|(place, _)| place)
    }

    /// Where `path` is, and whether a session had to be opened (again) to find it: then the
    /// diagnostics of every open page of that session may have changed.
    fn place_or_load(&mut self, path: &Path) -> Option<(Place, bool)> {
        if let Some(place) = self.locate(path) {
            return Some((place, false));
        }
        if self.outside.contains(path) || !is_markdown(path) {
            return None;
        }
        // A new page of a known site: read the site again.
        if let Some(i) = self.projects.iter().position(|p| {
            p.session
                .sites()
                .iter()
                .any(|s| path.starts_with(&s.hugo.root))
        }) {
            let roots = self.projects[i].roots.clone();
            match self.load(&roots) {
                Some(project) => {
                    self.projects[i] = project;
                    self.adopt_open_docs(i);
                }
                None => {
                    self.projects.remove(i);
                }
            }
        } else if let Some(project) = self.load(&[path.to_path_buf()]) {
            self.projects.push(project);
            self.adopt_open_docs(self.projects.len() - 1);
        }
        let place = self.locate(path);
        // A page not on disk yet (a new buffer) is looked for again once it is saved.
        if place.is_none() && path.is_file() {
            self.outside.insert(path.to_path_buf());
        }
        place.map(|p| (p, true))
    }

    fn locate(&self, path: &Path) -> Option<Place> {
        self.projects
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.session.knows(path).then_some(Place { project: i }))
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

    /// Close a document: its page goes back to the file on disk. The paths whose
    /// diagnostics changed (the closed document's are cleared by the server).
    pub(crate) fn close(&mut self, path: &Path) -> Vec<PathBuf> {
        self.docs.remove(path);
        let Some(place) = self.locate(path) else {
            return Vec::new();
        };
        self.projects[place.project]
            .session
            .set_reported(path, false);
        if self.refresh(place.project, path) {
            self.recombine(place.project, None)
        } else {
            Vec::new()
        }
    }

    /// Check an open document's current text and republish what changed: the paths whose
    /// diagnostics changed (always including `path` itself when it is open).
    pub(crate) fn check(&mut self, path: &Path) -> Vec<PathBuf> {
        if !self.docs.contains_key(path) {
            return Vec::new();
        }
        let Some((place, loaded)) = self.place_or_load(path) else {
            if let Some(doc) = self.docs.get_mut(path) {
                doc.checked = Some(Vec::new());
            }
            return vec![path.to_path_buf()];
        };
        self.projects[place.project]
            .session
            .set_reported(path, true);
        let index_changed = self.refresh(place.project, path) || loaded;
        if let Some(doc) = self.docs.get_mut(path) {
            // Forces a publish of this document even when nothing changed.
            doc.checked = None;
        }
        let mut changed = self.recombine(place.project, (!index_changed).then_some(path));
        if !changed.iter().any(|p| p == path) {
            changed.push(path.to_path_buf());
        }
        changed
    }

    /// Read `path` again into its project's session; whether the site's index changed.
    fn refresh(&mut self, project: usize, path: &Path) -> bool {
        let project = &mut self.projects[project];
        let overlay = Overlay {
            disk: &project.disk,
            docs: &self.docs,
        };
        project.session.refresh(&overlay, path)
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
    /// new or deleted pages open the sessions again; a changed page that is not open is read
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
        let mut projects = BTreeSet::new();
        for (path, _) in changes {
            if self.docs.contains_key(path) {
                continue; // the buffer wins over the disk
            }
            if let Some(place) = self.locate(path)
                && self.refresh(place.project, path)
            {
                projects.insert(place.project);
            }
        }
        let mut changed = Vec::new();
        for project in projects {
            changed.extend(self.recombine(project, None));
        }
        changed
    }

    /// Take the final diagnostics of the open documents of `project` (of `only`, when the
    /// index did not change); those whose diagnostics changed.
    fn recombine(&mut self, project: usize, only: Option<&Path>) -> Vec<PathBuf> {
        let open: Vec<PathBuf> = self
            .docs
            .keys()
            .filter(|p| only.is_none_or(|o| o == p.as_path()))
            .filter(|p| self.locate(p).is_some_and(|q| q.project == project))
            .cloned()
            .collect();
        let mut changed = Vec::new();
        for path in open {
            let diagnostics = self.projects[project].session.diagnostics(&path);
            let Some(doc) = self.docs.get_mut(&path) else {
                continue;
            };
            if doc.checked.as_ref() != Some(&diagnostics) {
                doc.checked = Some(diagnostics);
                changed.push(path);
            }
        }
        changed
    }

    /// The checker and settings of a term page (for fixes, hover and completion).
    pub(crate) fn checker(&self, place: Place, path: &Path) -> Option<(&PageChecker, &Settings)> {
        self.projects.get(place.project)?.session.checker_of(path)
    }

    /// The taxonomy keys a page of `path`'s site may list terms under.
    pub(crate) fn list_keys(&self, place: Place, path: &Path) -> Vec<String> {
        self.projects
            .get(place.project)
            .and_then(|p| p.session.site_of(path))
            .map(|s| s.keys.clone())
            .unwrap_or_default()
    }

    /// The parser limits of `path`'s configuration.
    pub(crate) fn limits(&self, place: Place, path: &Path) -> Limits {
        self.projects
            .get(place.project)
            .and_then(|p| {
                let (config, _) = p.session.config_of(path)?;
                Some(p.session.config(config).settings.limits)
            })
            .unwrap_or_default()
    }

    /// The singular name of a taxonomy of `path`'s site.
    pub(crate) fn singular(&self, place: Place, path: &Path, plural: &str) -> String {
        self.projects
            .get(place.project)
            .and_then(|p| p.session.site_of(path))
            .and_then(|s| {
                s.hugo
                    .config
                    .taxonomies
                    .iter()
                    .find(|t| keys_equal(&t.plural, plural))
            })
            .map_or_else(|| plural.to_owned(), |t| t.singular.clone())
    }

    /// The terms of `taxonomy` in `path`'s site, sorted by title.
    pub(crate) fn terms(&self, place: Place, path: &Path, taxonomy: &str) -> Vec<TermInfo> {
        let Some(site) = self
            .projects
            .get(place.project)
            .and_then(|p| p.session.site_of(path))
        else {
            return Vec::new();
        };
        let mut terms: Vec<TermInfo> = site
            .pages
            .iter()
            .filter_map(|(path, page)| {
                let location = page.role.location()?;
                keys_equal(&location.taxonomy, taxonomy).then(|| TermInfo {
                    key: location.key.clone(),
                    title: page.facts.title.as_ref().map(|(s, _)| s.clone()),
                    description: page.facts.description.clone(),
                    path: path.clone(),
                })
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
}

/// Whether a change to `path` changes which files are pages, or how they are checked:
/// `catlint.toml`, and Hugo's configuration data files.
pub(crate) fn is_configuration(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == CONFIG_FILE) || is_site_configuration(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_changes_read_the_sites_again() {
        for path in [
            "/s/catlint.toml",
            "/s/hugo.yaml",
            "/s/config/_default/x.toml",
        ] {
            assert!(is_configuration(Path::new(path)), "{path}");
        }
        for path in [
            "/s/content/posts/a.md",
            "/s/content/posts/hugo.md",
            "/s/data/x.toml",
        ] {
            assert!(!is_configuration(Path::new(path)), "{path}");
        }
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
        assert!(doc.checked.as_ref().is_some_and(Vec::is_empty));
        assert!(ws.place(&notes).is_none());
    }
}
