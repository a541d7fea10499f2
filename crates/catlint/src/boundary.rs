//! The boundary: the folders catlint reads from and writes to.
//!
//! catlint runs on content other people wrote (a pull request from a fork, a pre-commit hook
//! over someone's branch), and git stores symbolic links as links: a page can be a link to
//! `/etc/passwd` or to a credentials file of the CI runner. So catlint reads and writes only
//! inside a boundary, like git, which never writes through a link when it checks out:
//!
//! - the boundary is `--root` when given; else, for each path on the command line, the
//!   nearest folder above it holding `.git` (the repository), else the Hugo site around it,
//!   else the working directory when the path is in it, else the path's own folder. The
//!   language server uses the same rule for its workspace folders. The folders are found
//!   without following links: a linked folder is never a boundary;
//! - every path catlint reads — a page, a configuration file, a content folder of the site
//!   configuration, a path named on the command line — must be inside the boundary both as
//!   written and once its links are resolved. One that is not is reported (`link-outside`)
//!   and not read. A path that exists but cannot be resolved (a link to `/proc/self/fd/0`)
//!   is refused too; a link to nothing is not (reading it fails, and says so).
//!   `--follow-links` reads links out after all (and walks linked folders, as `rg -L` does);
//! - `catlint.toml` and the Hugo site are looked for only inside the boundary;
//! - a write (`--fix`, the index cache, reports and baselines into the repository, `catlint
//!   init`) never goes through a link or folder that leads out of the boundary, whatever
//!   `--follow-links` says. A file the user names outside the repository (`--report
//!   /tmp/x.sarif`) is theirs to choose.
//!
//! Links that stay inside the boundary are followed as before: a page that is a link to
//! another file of the repository is checked and fixed through its link.

use std::path::{Path, PathBuf};

use catlint_core::site::hugo::{CONFIG_NAMES, normalize};
use catlint_core::site::source::Outside;

/// Where catlint may read and write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Boundary {
    /// The folders, as named (absolute, normalised) and resolved.
    roots: Vec<Root>,
    /// The working directory relative paths are taken from.
    cwd: PathBuf,
    /// `--follow-links`: read what a link points to wherever it is (writes stay inside).
    follow_links: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Root {
    named: PathBuf,
    real: PathBuf,
}

/// Why `--root` cannot be the boundary.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RootError {
    /// `--root` names a link: the boundary would be wherever the link points.
    #[error(
        "`--root {0}` is a symbolic link: give the folder it stands for, so that the repository cannot move the boundary"
    )]
    Linked(PathBuf),
    /// `--root` names no folder.
    #[error("`--root {0}` is not a folder")]
    Missing(PathBuf),
    /// A path to check lies outside `--root`.
    #[error("`{path}` is outside `--root {root}`: catlint checks only inside the repository root")]
    PathOutside {
        /// The path.
        path: PathBuf,
        /// The root.
        root: PathBuf,
    },
}

impl Boundary {
    /// The boundary of a run of `catlint check` on `paths` (relative to `cwd`): `--root`
    /// when given, else each path's repository, site, working directory or own folder.
    ///
    /// # Errors
    /// When `--root` is a symbolic link or no folder, or a path lies outside it.
    pub(crate) fn for_paths(
        explicit_root: Option<&Path>,
        paths: &[PathBuf],
        cwd: &Path,
        follow_links: bool,
    ) -> Result<Self, RootError> {
        let roots = match explicit_root {
            Some(root) => {
                let named = normalize(&cwd.join(root));
                if is_link(&named) {
                    return Err(RootError::Linked(root.to_path_buf()));
                }
                if !named.is_dir() {
                    return Err(RootError::Missing(root.to_path_buf()));
                }
                if let Some(path) = paths
                    .iter()
                    .find(|p| !normalize(&cwd.join(p)).starts_with(&named))
                {
                    return Err(RootError::PathOutside {
                        path: path.clone(),
                        root: root.to_path_buf(),
                    });
                }
                vec![named]
            }
            None => paths
                .iter()
                .map(|p| default_root(&normalize(&cwd.join(p)), cwd))
                .collect(),
        };
        Ok(Self::new(roots, cwd, follow_links))
    }

    /// The boundary of the language server's workspace folders (the same rule as for the
    /// paths of `catlint check`, without `--root`).
    pub(crate) fn of_folders(folders: &[PathBuf], cwd: &Path) -> Self {
        let roots = folders
            .iter()
            .map(|f| default_root(&normalize(f), cwd))
            .collect();
        Self::new(roots, cwd, false)
    }

    fn new(named: Vec<PathBuf>, cwd: &Path, follow_links: bool) -> Self {
        let mut roots: Vec<Root> = named
            .into_iter()
            .map(|named| Root {
                real: named.canonicalize().unwrap_or_else(|_| named.clone()),
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

    /// Whether `path`, as written, is inside the boundary (where `catlint.toml` and Hugo
    /// sites are looked for).
    pub(crate) fn contains(&self, path: &Path) -> bool {
        self.follow_links || self.located_inside(path)
    }

    /// Whether `path` may be read: inside the boundary as written and once resolved.
    ///
    /// # Errors
    /// Where it leads, when it is outside.
    pub(crate) fn check_read(&self, path: &Path) -> Result<(), Outside> {
        if self.follow_links {
            return Ok(());
        }
        if !self.located_inside(path) {
            return Err(self.escape(path, path.to_path_buf()));
        }
        self.check_resolved(path)
    }

    /// Whether `path`, a plain (not linked) entry of a walk of a folder that passed
    /// [`Boundary::check_read`], may be read: only a link needs a look.
    pub(crate) fn check_entry(&self, path: &Path, is_link: bool) -> Result<(), Outside> {
        if is_link {
            self.check_read(path)
        } else {
            Ok(())
        }
    }

    /// Whether a file the user named (`--config`, `--baseline`) may be read: one inside the
    /// boundary as written must stay inside once resolved; one outside is theirs to choose.
    pub(crate) fn check_named(&self, path: &Path) -> Result<(), Outside> {
        if self.follow_links || !self.located_inside(path) {
            return Ok(());
        }
        self.check_resolved(path)
    }

    /// Whether the existing file `path` may be written: `Err` when it resolves outside the
    /// boundary, whatever `--follow-links` says.
    pub(crate) fn check_write(&self, path: &Path) -> Result<(), Outside> {
        self.check_resolved(path)
    }

    /// Whether a new file (or folder) may be made at `path` (relative to the working
    /// directory): when `path` names a place inside the boundary, the folder it lands in —
    /// as the operating system resolves it, `..` and links included — must be inside too,
    /// and so must a link at `path`, which is written through. A place the user names
    /// outside the boundary is theirs to choose.
    pub(crate) fn check_new_file(&self, path: &Path) -> Result<(), Outside> {
        let full = self.cwd.join(path);
        if !self.located_inside(&normalize(&full)) {
            return Ok(());
        }
        let mut folder = full.parent();
        while let Some(dir) = folder {
            if let Ok(real) = dir.canonicalize() {
                if self.contains_real(&real) {
                    break;
                }
                return Err(self.escape(dir, real));
            }
            folder = dir.parent();
        }
        if is_link(&full) {
            return self.check_resolved(&full);
        }
        Ok(())
    }

    /// Whether the canonical path `real` is inside the boundary.
    fn contains_real(&self, real: &Path) -> bool {
        self.roots.iter().any(|r| real.starts_with(&r.real))
    }

    /// Whether `path`, as written (links not resolved), is inside the boundary.
    fn located_inside(&self, path: &Path) -> bool {
        let inside = |abs: &Path| {
            self.roots
                .iter()
                .any(|r| abs.starts_with(&r.named) || abs.starts_with(&r.real))
        };
        let plain = path.is_absolute()
            && path.components().all(|c| {
                !matches!(
                    c,
                    std::path::Component::ParentDir | std::path::Component::CurDir
                )
            });
        if plain {
            inside(path)
        } else {
            inside(&normalize(&self.cwd.join(path)))
        }
    }

    /// `Err` when `path` resolves outside the boundary. A path that exists but cannot be
    /// resolved (a link to a pipe) is outside; one that does not exist is not.
    fn check_resolved(&self, path: &Path) -> Result<(), Outside> {
        let full = self.cwd.join(path);
        // A link whose own text leads out is refused without looking at its target, so
        // that a repository cannot learn what exists on the machine.
        if let Ok(text) = std::fs::read_link(&full) {
            let first_hop = normalize(&full.parent().unwrap_or(&full).join(&text));
            if !self.located_inside(&first_hop) {
                return Err(self.escape(path, text));
            }
        }
        match full.canonicalize() {
            Ok(real) if self.contains_real(&real) => Ok(()),
            Ok(real) => Err(self.escape(path, shown_target(&full, real))),
            Err(_) if std::fs::metadata(&full).is_ok() => {
                Err(self.escape(path, shown_target(&full, full.clone())))
            }
            Err(_) => Ok(()),
        }
    }

    fn escape(&self, path: &Path, target: PathBuf) -> Outside {
        Outside {
            path: path.to_path_buf(),
            target,
            root: self.root_of(path),
        }
    }

    /// The boundary folder that `path` should be in: the one it is written under, else the
    /// first.
    fn root_of(&self, path: &Path) -> PathBuf {
        let abs = normalize(&self.cwd.join(path));
        self.roots
            .iter()
            .find(|r| abs.starts_with(&r.named) || abs.starts_with(&r.real))
            .or(self.roots.first())
            .map(|r| r.named.clone())
            .unwrap_or_default()
    }
}

/// What a refused path is said to lead to: a link's own text, else the resolved path.
fn shown_target(full: &Path, real: PathBuf) -> PathBuf {
    std::fs::read_link(full).unwrap_or(real)
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Whether the folder `dir` holds a Hugo site configuration.
fn holds_site_config(dir: &Path) -> bool {
    CONFIG_NAMES.iter().any(|n| dir.join(n).is_file()) || dir.join("config/_default").is_dir()
}

/// The boundary of one path when `--root` is not given: the nearest folder at or above it
/// holding `.git`, else its Hugo site, else the working directory when the path is in it,
/// else the path itself (a folder) or its folder. Linked folders are passed over: a link in
/// the repository never becomes the boundary.
fn default_root(abs: &Path, cwd: &Path) -> PathBuf {
    let is_real_dir = std::fs::symlink_metadata(abs).is_ok_and(|m| m.is_dir());
    let start = if is_real_dir {
        abs
    } else {
        abs.parent().unwrap_or(abs)
    };
    let real_dirs = || start.ancestors().filter(|d| !is_link(d));
    let cwd = normalize(cwd);
    real_dirs()
        .find(|d| d.join(".git").exists())
        .or_else(|| real_dirs().find(|d| holds_site_config(d)))
        .or_else(|| start.starts_with(&cwd).then_some(cwd.as_path()))
        .unwrap_or(start)
        .to_path_buf()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn repo() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("content")).unwrap();
        (tmp, repo)
    }

    #[test]
    fn links_out_of_the_repository_are_refused_and_links_inside_followed() {
        let (tmp, repo) = repo();
        let secret = tmp.path().join("secret.txt");
        std::fs::write(&secret, "token").unwrap();
        std::fs::write(repo.join("content/page.md"), "---\n---\n").unwrap();
        symlink(&secret, repo.join("content/out.md")).unwrap();
        symlink(repo.join("content/page.md"), repo.join("content/in.md")).unwrap();
        symlink(tmp.path(), repo.join("content/up")).unwrap();

        let b = Boundary::for_paths(None, &[repo.join("content")], tmp.path(), false).unwrap();
        let escape = b.check_read(&repo.join("content/out.md")).unwrap_err();
        assert_eq!(escape.target, secret, "the link's own text");
        assert_eq!(escape.root, repo);
        assert!(b.check_read(&repo.join("content/in.md")).is_ok());
        assert!(b.check_read(&repo.join("content/up/secret.txt")).is_err());
        assert!(
            b.check_read(&tmp.path().join("secret.txt")).is_err(),
            "outside as written"
        );
        assert!(
            b.check_named(&tmp.path().join("secret.txt")).is_ok(),
            "named by the user"
        );
        assert!(b.check_named(&repo.join("content/out.md")).is_err());
        // Missing paths pass: reading them fails on its own.
        assert!(b.check_read(&repo.join("content/gone.md")).is_ok());
        // Writes: never through a link out, even with --follow-links.
        let following =
            Boundary::for_paths(None, &[repo.join("content")], tmp.path(), true).unwrap();
        assert!(following.check_read(&repo.join("content/out.md")).is_ok());
        assert!(following.check_write(&repo.join("content/out.md")).is_err());
        assert!(following.check_write(&repo.join("content/in.md")).is_ok());
    }

    #[test]
    fn a_linked_folder_never_becomes_the_boundary() {
        let (tmp, repo) = repo();
        let outside = tmp.path().join("outside/site");
        std::fs::create_dir_all(outside.join(".git")).unwrap();
        std::fs::write(outside.join("page.md"), "x").unwrap();
        symlink(&outside, repo.join("linked")).unwrap();
        let b = Boundary::for_paths(None, &[repo.join("linked")], &repo, false).unwrap();
        assert_eq!(
            b.roots[0].named, repo,
            "the repository, not the link's target"
        );
        assert!(b.check_read(&repo.join("linked")).is_err());
        assert!(b.check_read(&repo.join("linked/page.md")).is_err());
        assert!(Boundary::for_paths(Some(Path::new("linked")), &[], &repo, false).is_err());
    }

    #[test]
    fn a_path_that_exists_but_does_not_resolve_is_refused() {
        let (_tmp, repo) = repo();
        symlink("/proc/self/fd/0", repo.join("content/fd.md")).unwrap();
        let b = Boundary::for_paths(None, std::slice::from_ref(&repo), &repo, false).unwrap();
        assert!(b.check_read(&repo.join("content/fd.md")).is_err());
        // A dangling link inside is left to the read, which fails.
        symlink(
            repo.join("content/nowhere.md"),
            repo.join("content/dangling.md"),
        )
        .unwrap();
        assert!(b.check_read(&repo.join("content/dangling.md")).is_ok());
    }

    #[test]
    fn a_new_file_in_a_linked_folder_of_the_repository_is_refused() {
        let (tmp, repo) = repo();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        symlink(&elsewhere, repo.join("reports")).unwrap();
        let b = Boundary::for_paths(None, std::slice::from_ref(&repo), &repo, false).unwrap();
        assert!(b.check_new_file(Path::new("reports/x.sarif")).is_err());
        assert!(
            b.check_new_file(Path::new("reports/../x.sarif")).is_err(),
            "`..` as the OS reads it"
        );
        assert!(b.check_new_file(Path::new("x.sarif")).is_ok());
        assert!(b.check_new_file(Path::new("new/dir/x.sarif")).is_ok());
        // A place the user names outside the repository is theirs to choose.
        assert!(b.check_new_file(&elsewhere.join("x.sarif")).is_ok());
        // A file that is a link out of the repository.
        std::fs::write(elsewhere.join("target"), "").unwrap();
        symlink(elsewhere.join("target"), repo.join("baseline.json")).unwrap();
        assert!(b.check_new_file(Path::new("baseline.json")).is_err());
    }
}
