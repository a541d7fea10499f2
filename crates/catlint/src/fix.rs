//! `--fix` and `--diff`: compute each page's fixes with the engine, then write them safely
//! or print them as a unified diff.
//!
//! Writing never loses data: the file is re-read first and left alone if it changed since it
//! was checked; a new file is written next to the real one (through a symlink) and renamed
//! over it with the old permissions; a file with several hard links is rewritten in place so
//! every name sees the change.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use catlint_core::project::Session;
use catlint_core::project::fix::{FixMode, FixReport, MAX_PASSES, fix_until_stable};
use catlint_core::rules::RuleId;
use catlint_core::site::source::{Extent, Source};
use rayon::prelude::*;

use crate::boundary::Boundary;
use crate::disk::Disk;

/// One page's fixes.
pub(crate) struct Fixed {
    /// The file, as users read it.
    pub(crate) path: PathBuf,
    /// The file (absolute).
    pub(crate) abs: PathBuf,
    pub(crate) original: Vec<u8>,
    pub(crate) report: FixReport,
}

/// Compute the fixes of every reported term page of `session`, reading through `disk`;
/// `shown` gives each path as users read it.
pub(crate) fn compute(
    session: &Session,
    disk: &Disk,
    mode: FixMode,
    shown: &(dyn Fn(&Path) -> PathBuf + Sync),
) -> Vec<Fixed> {
    let mut fixed: Vec<Fixed> = session
        .fixable()
        .par_iter()
        .filter_map(|(path, checker, settings, limit)| {
            let original = disk.read(path, *limit, Extent::Whole).ok()?.bytes;
            // Only pages that are text throughout: an edit must never meet undecodable bytes.
            std::str::from_utf8(&original).ok()?;
            let report =
                fix_until_stable(&original, mode, |src| checker.check_alone(src, settings));
            report.changed(&original).then(|| Fixed {
                path: shown(path),
                abs: path.to_path_buf(),
                original,
                report,
            })
        })
        .collect();
    fixed.sort_by(|a, b| a.path.cmp(&b.path));
    fixed
}

/// Write the fixes and say what happened (unless `quiet`): whether some could not be
/// written, or did not settle (exit code 2).
pub(crate) fn write_and_tell(fixed: &[Fixed], boundary: &Boundary, quiet: bool) -> bool {
    let mut trouble = false;
    for (path, reason) in write(fixed, boundary) {
        eprintln!("{}: not fixed: {reason}", path.display());
        trouble = true;
    }
    for f in fixed {
        for rule in &f.report.not_converging {
            eprintln!(
                "{}: the fixes of `{rule}` did not settle after {MAX_PASSES} passes",
                f.path.display(),
            );
        }
    }
    let applied = applied(fixed);
    if !quiet && !applied.is_empty() {
        let total: usize = applied.values().sum();
        let per_rule: Vec<String> = applied.iter().map(|(r, n)| format!("{r} {n}")).collect();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "fixed {} in {} ({})",
            plural(total, "problem"),
            plural(fixed.len(), "file"),
            per_rule.join(", ")
        );
    }
    trouble
}

/// The fixes as a unified diff that `patch -p1` (or `git apply`) applies from the working
/// directory.
pub(crate) fn diff(fixed: &[Fixed]) -> String {
    let mut out = String::new();
    for f in fixed {
        let (old, new) = (
            String::from_utf8_lossy(&f.original),
            String::from_utf8_lossy(&f.report.fixed),
        );
        let path = f.path.to_string_lossy().replace('\\', "/");
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
        out.push_str(&format!("diff --git a/{path} b/{path}\n"));
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_string(),
        );
    }
    out
}

/// How many fixes were applied, per rule, over all pages.
fn applied(fixed: &[Fixed]) -> BTreeMap<RuleId, usize> {
    let mut total = BTreeMap::new();
    for f in fixed {
        for (rule, n) in &f.report.applied {
            *total.entry(*rule).or_default() += n;
        }
    }
    total
}

/// Write every fixed page; the pages that could not be written, with the reason. Nothing is
/// written outside `boundary`.
fn write(fixed: &[Fixed], boundary: &Boundary) -> Vec<(PathBuf, String)> {
    fixed
        .iter()
        .filter_map(|f| {
            write_one(&f.abs, &f.original, &f.report.fixed, boundary)
                .err()
                .map(|e| (f.path.clone(), e))
        })
        .collect()
}

fn write_one(
    path: &Path,
    original: &[u8],
    fixed: &[u8],
    boundary: &Boundary,
) -> Result<(), String> {
    // Through a symlink: the link stays a link, its target gets the new bytes — but only a
    // target inside the repository.
    boundary.check_write(path).map_err(|escape| {
        format!(
            "it leads outside the repository, to {}; it was not written",
            escape.target.display()
        )
    })?;
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let current = std::fs::read(&real).map_err(|e| e.to_string())?;
    if current != original {
        return Err("the file changed on disk since it was checked; it was not written".to_owned());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if hard_links(&meta) > 1 {
        // Renaming would split the hard links: rewrite in place so every name sees the fix.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&real)
            .map_err(|e| e.to_string())?;
        return file
            .write_all(fixed)
            .and_then(|()| file.sync_all())
            .map_err(|e| e.to_string());
    }
    let dir = real.parent().ok_or("the file has no folder")?;
    let mut temp = tempfile::Builder::new()
        .prefix(".catlint-")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    temp.write_all(fixed)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| e.to_string())?;
    std::fs::set_permissions(temp.path(), meta.permissions()).map_err(|e| e.to_string())?;
    temp.persist(&real).map_err(|e| e.error.to_string())?;
    Ok(())
}

#[cfg(unix)]
fn hard_links(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn hard_links(_: &std::fs::Metadata) -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let boundary =
            Boundary::for_paths(None, &[dir.path().to_path_buf()], dir.path(), false).unwrap();
        let err = write_one(&path, b"as checked", b"fixed", &boundary).unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile");
        write_one(&path, b"edited meanwhile", b"fixed", &boundary).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
