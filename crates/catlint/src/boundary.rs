//! The boundary: the folders catlint reads from and writes to.
//!
//! catlint runs on content other people wrote (a pull request from a fork, a pre-commit hook
//! over someone's branch), and git stores symbolic links as links: a page can be a link to
//! `/etc/passwd` or to a credentials file of the CI runner. So catlint reads and writes only
//! inside a boundary, like git, which never writes through a link when it checks out:
//!
//! - the boundary is `--root` when given; else, for each path on the command line, the
//!   nearest folder above it holding `.git` (the repository), else the Hugo site around it,
//!   else the path itself (a folder) or its folder (a file). The language server uses its
//!   workspace folders;
//! - a link found while walking, a content folder of the site configuration, a configuration
//!   file or a path named on the command line that resolves outside the boundary is not read:
//!   it is reported (`link-outside`) and skipped. `--follow-links` reads such paths after all
//!   (and walks linked folders, as `rg -L` does); writes stay inside the boundary regardless;
//! - a write (`--fix`, reports and baselines written into the repository, the index cache,
//!   `catlint init`) never goes through a link whose target is outside the boundary.
//!
//! Links that stay inside the boundary are followed as before: a page that is a link to
//! another file of the repository is checked and fixed through its link.

use std::path::{Path, PathBuf};

use crate::discover::normalize;

/// Where catlint may read and write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boundary {
    /// The folders: as named (absolute, lexically normalised) and canonical (links resolved).
    roots: Vec<Root>,
    /// The working directory relative paths are read from.
    cwd: PathBuf,
    /// `--follow-links`: read what a link points to wherever it is (writes stay inside).
    follow_links: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Root {
    named: PathBuf,
    real: PathBuf,
}

/// A path that resolves outside the boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Escape {
    /// The path as found.
    pub(crate) path: PathBuf,
    /// Where it leads (canonical).
    pub(crate) target: PathBuf,
    /// The boundary folder it should have stayed in.
    pub(crate) root: PathBuf,
}

impl Boundary {
    /// The boundary of a run of `catlint check` on `paths` (relative to `cwd`): `--root`
    /// when given, else each path's repository, site or own folder.
    pub(crate) fn for_paths(
        explicit_root: Option<&Path>,
        paths: &[PathBuf],
        cwd: &Path,
        follow_links: bool,
    ) -> Self {
        let roots = match explicit_root {
            Some(root) => vec![normalize(&cwd.join(root))],
            None => paths
                .iter()
                .map(|p| default_root(&normalize(&cwd.join(p)), cwd))
                .collect(),
        };
        Self::new(roots, cwd, follow_links)
    }

    /// The boundary of the language server: its workspace folders.
    pub(crate) fn of_folders(folders: &[PathBuf]) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        Self::new(folders.to_vec(), &cwd, false)
    }

    fn new(named: Vec<PathBuf>, cwd: &Path, follow_links: bool) -> Self {
        let mut roots: Vec<Root> = named
            .into_iter()
            .map(|named| Root {
                real: canonical_or_self(&named),
                named,
            })
            .collect();
        roots.sort();
        roots.dedup();
        Self {
            roots,
            cwd: cwd.to_path_buf(),
            follow_links,
        }
    }

    /// Whether links out of the boundary are followed for reading (`--follow-links`).
    pub(crate) fn follows_links(&self) -> bool {
        self.follow_links
    }

    /// Whether the file or folder `path` may be read: `Err` when it is inside the boundary
    /// but resolves outside it (a link out), unless links are followed. A path that is
    /// outside to begin with (a `catlint.toml` above the repository) is not the boundary's
    /// to refuse; nor is one that does not resolve (missing, a dangling link, a loop):
    /// reading it fails, and that is reported as such.
    pub(crate) fn check_read(&self, path: &Path) -> Result<(), Escape> {
        if self.follow_links || !self.located_inside(path) {
            return Ok(());
        }
        self.check_resolved(path)
    }

    /// Whether `path`, a plain (not linked) entry under a folder that passed
    /// [`Boundary::check_read`], may be read: only a link needs a look.
    pub(crate) fn check_entry(&self, path: &Path, is_link: bool) -> Result<(), Escape> {
        if is_link {
            self.check_read(path)
        } else {
            Ok(())
        }
    }

    /// Whether the folder `path`, taken from a site's configuration (`contentDir`,
    /// `module.mounts`), may be read: it must resolve inside the boundary, wherever it is
    /// written (`contentDir: /etc` is refused too), unless links are followed.
    pub(crate) fn check_configured(&self, path: &Path) -> Result<(), Escape> {
        if self.follow_links {
            return Ok(());
        }
        self.check_resolved(path)
    }

    /// Whether the existing file `path` may be written: `Err` when it resolves outside the
    /// boundary, whatever `--follow-links` says.
    pub(crate) fn check_write(&self, path: &Path) -> Result<(), Escape> {
        self.check_resolved(path)
    }

    /// Whether a new file may be written at `path` (given by the user, relative to `cwd`):
    /// when `path` names a place inside the boundary, its folder must really be inside (a
    /// linked folder of the repository must not carry the write out of it), and so must a
    /// link at `path`, which is written through. A path the user names outside the boundary
    /// is theirs to choose.
    pub(crate) fn check_new_file(&self, path: &Path, cwd: &Path) -> Result<(), Escape> {
        let named = normalize(&cwd.join(path));
        if !self.located_inside(&named) {
            return Ok(());
        }
        // The deepest folder of the path that exists, resolved.
        let mut folder = named.parent();
        while let Some(dir) = folder {
            if let Ok(real) = dir.canonicalize() {
                if self.contains(&real) {
                    break;
                }
                return Err(Escape {
                    path: dir.to_path_buf(),
                    target: real,
                    root: self.root_of(&named),
                });
            }
            folder = dir.parent();
        }
        match std::fs::symlink_metadata(&named) {
            Ok(meta) if meta.file_type().is_symlink() => self.check_resolved(&named),
            _ => Ok(()),
        }
    }

    /// Whether the canonical path `real` is inside the boundary.
    fn contains(&self, real: &Path) -> bool {
        self.roots.iter().any(|r| real.starts_with(&r.real))
    }

    /// Whether `path`, as written (links not resolved), is inside the boundary.
    fn located_inside(&self, path: &Path) -> bool {
        let abs = normalize(&self.cwd.join(path));
        self.roots
            .iter()
            .any(|r| abs.starts_with(&r.named) || abs.starts_with(&r.real))
    }

    /// `Err` when `path` resolves outside the boundary.
    fn check_resolved(&self, path: &Path) -> Result<(), Escape> {
        let Ok(real) = self.cwd.join(path).canonicalize() else {
            return Ok(());
        };
        if self.contains(&real) {
            return Ok(());
        }
        Err(Escape {
            path: path.to_path_buf(),
            target: real,
            root: self.root_of(path),
        })
    }

    /// The boundary folder that `path` should be in: the one it is written under, else the
    /// first.
    fn root_of(&self, path: &Path) -> PathBuf {
        let abs = normalize(&self.cwd.join(path));
        self.roots
            .iter()
            .find(|r| abs.starts_with(&r.named) || abs.starts_with(&r.real))
            .or(self.roots.first())
            .map(|r| r.real.clone())
            .unwrap_or_default()
    }
}

fn canonical_or_self(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The boundary of one path when `--root` is not given: the nearest folder at or above it
/// holding `.git`, else its Hugo site, else the working directory when the path is in it,
/// else the path itself (a folder) or its folder.
fn default_root(abs: &Path, cwd: &Path) -> PathBuf {
    let start = if abs.is_dir() {
        abs
    } else {
        abs.parent().unwrap_or(abs)
    };
    let cwd = normalize(cwd);
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .or_else(|| start.ancestors().find(|d| crate::discover::has_config(d)))
        .or_else(|| start.starts_with(&cwd).then_some(cwd.as_path()))
        .unwrap_or(start)
        .to_path_buf()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_out_of_the_repository_are_refused_and_links_inside_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("content")).unwrap();
        let secret = tmp.path().join("secret.txt");
        std::fs::write(&secret, "token").unwrap();
        std::fs::write(repo.join("content/page.md"), "---\n---\n").unwrap();
        symlink(&secret, repo.join("content/out.md")).unwrap();
        symlink(repo.join("content/page.md"), repo.join("content/in.md")).unwrap();
        symlink(tmp.path(), repo.join("content/up")).unwrap();

        let boundary = Boundary::for_paths(None, &[repo.join("content")], tmp.path(), false);
        let escape = boundary
            .check_read(&repo.join("content/out.md"))
            .unwrap_err();
        assert_eq!(escape.target, secret.canonicalize().unwrap());
        assert_eq!(escape.root, repo.canonicalize().unwrap());
        assert!(boundary.check_read(&repo.join("content/in.md")).is_ok());
        assert!(
            boundary
                .check_read(&repo.join("content/up/secret.txt"))
                .is_err()
        );
        assert!(
            boundary
                .check_entry(&repo.join("content/page.md"), false)
                .is_ok()
        );
        // Missing paths pass: reading them fails on its own.
        assert!(boundary.check_read(&repo.join("content/gone.md")).is_ok());
        // Writes: never through a link out, even with --follow-links.
        let following = Boundary::for_paths(None, &[repo.join("content")], tmp.path(), true);
        assert!(following.check_read(&repo.join("content/out.md")).is_ok());
        assert!(following.check_write(&repo.join("content/out.md")).is_err());
        assert!(following.check_write(&repo.join("content/in.md")).is_ok());
    }

    #[test]
    fn a_new_file_in_a_linked_folder_of_the_repository_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        symlink(&elsewhere, repo.join("reports")).unwrap();
        let boundary = Boundary::for_paths(None, std::slice::from_ref(&repo), &repo, false);
        assert!(
            boundary
                .check_new_file(Path::new("reports/x.sarif"), &repo)
                .is_err()
        );
        assert!(boundary.check_new_file(Path::new("x.sarif"), &repo).is_ok());
        assert!(
            boundary
                .check_new_file(Path::new("new/dir/x.sarif"), &repo)
                .is_ok()
        );
        // A place the user names outside the repository is theirs to choose.
        assert!(
            boundary
                .check_new_file(&elsewhere.join("x.sarif"), &repo)
                .is_ok()
        );
        // A file that is a link out of the repository.
        symlink(elsewhere.join("target"), repo.join("baseline.json")).unwrap();
        std::fs::write(elsewhere.join("target"), "").unwrap();
        assert!(
            boundary
                .check_new_file(Path::new("baseline.json"), &repo)
                .is_err()
        );
    }
}
