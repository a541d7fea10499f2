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

use catlint_core::engine::fix::{FixMode, FixReport, fix_until_stable};
use catlint_core::rules::RuleId;
use rayon::prelude::*;

use crate::boundary::Boundary;
use crate::discover::Discovery;
use crate::run::Checkers;

/// One page's fixes.
pub(crate) struct Fixed {
    pub(crate) path: PathBuf,
    pub(crate) original: Vec<u8>,
    pub(crate) report: FixReport,
}

/// Compute the fixes of every requested term page.
pub(crate) fn compute(found: &Discovery, checkers: &Checkers, mode: FixMode) -> Vec<Fixed> {
    let mut jobs = Vec::new();
    for (path, taxonomy, config) in &found.loose_terms {
        if let Some(checker) = checkers.get(*config, taxonomy, None) {
            jobs.push((path, checker));
        }
    }
    for site in &found.sites {
        for (path, location, config) in &site.terms {
            let wanted =
                found.requested.contains(path) && !site.unchecked.contains(&location.taxonomy);
            if let Some(checker) = checkers
                .get(*config, &location.taxonomy, site.config.time_zone.as_ref())
                .filter(|_| wanted)
            {
                jobs.push((path, checker));
            }
        }
    }
    let mut fixed: Vec<Fixed> = jobs
        .par_iter()
        .filter_map(|(path, checker)| {
            let original = std::fs::read(path).ok()?;
            // Only pages that are text throughout: an edit must never meet undecodable bytes.
            std::str::from_utf8(&original).ok()?;
            let report = fix_until_stable(&original, mode, |src| checker.check(src));
            report.changed(&original).then(|| Fixed {
                path: (*path).clone(),
                original,
                report,
            })
        })
        .collect();
    fixed.sort_by(|a, b| a.path.cmp(&b.path));
    fixed
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
pub(crate) fn applied(fixed: &[Fixed]) -> BTreeMap<RuleId, usize> {
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
pub(crate) fn write(fixed: &[Fixed], boundary: &Boundary) -> Vec<(PathBuf, String)> {
    fixed
        .iter()
        .filter_map(|f| {
            write_one(&f.path, &f.original, &f.report.fixed, boundary)
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
        let boundary = Boundary::for_paths(None, &[dir.path().to_path_buf()], dir.path(), false);
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
