//! Finding the category pages to check.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// What discovery found.
#[derive(Debug, Default)]
pub(crate) struct Discovery {
    /// Category pages to check, sorted, without duplicates.
    pub(crate) pages: Vec<PathBuf>,
    /// Paths that could not be read, with the reason.
    pub(crate) errors: Vec<(PathBuf, std::io::Error)>,
    /// Files passed by name that are not category pages.
    pub(crate) skipped: Vec<PathBuf>,
}

/// Walk `roots` (files or directories) and collect the category pages.
pub(crate) fn discover(roots: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    for root in roots {
        match std::fs::metadata(root) {
            Err(e) => found.errors.push((root.clone(), e)),
            Ok(meta) if meta.is_dir() => walk_dir(root, &mut found),
            Ok(_) => {
                if is_category_page(root) {
                    found.pages.push(root.clone());
                } else {
                    found.skipped.push(root.clone());
                }
            }
        }
    }
    // `x` and `./x` are one file.
    for page in &mut found.pages {
        *page = without_cur_dir(page);
    }
    found.pages.sort();
    found.pages.dedup();
    found
}

/// The path without `.` components (`./a/./b` → `a/b`), as given otherwise.
fn without_cur_dir(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        cleaned
    }
}

fn walk_dir(root: &Path, found: &mut Discovery) {
    let walker = WalkBuilder::new(root)
        .require_git(false)
        .hidden(true)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry
                    .file_type()
                    .is_some_and(|t| t.is_file() || t.is_symlink());
                let path = entry.into_path();
                if is_file && is_category_page(&path) {
                    found.pages.push(path);
                }
            }
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("the directory could not be walked"));
                found.errors.push((path, io));
            }
        }
    }
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

const MARKDOWN: [&str; 2] = ["md", "markdown"];

/// Whether `path` is a category page: `…/categories/<term>/_index.md` (also
/// `_index.<lang>.md`) or the legacy `…/categories/<term>.md`, but not
/// `categories/_index.md`.
pub(crate) fn is_category_page(path: &Path) -> bool {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(name) = absolute.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !MARKDOWN.contains(&ext) {
        return false;
    }
    let dir_name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .map(str::to_owned)
    };
    let parent = absolute.parent();
    let is_index = stem == "_index" || stem.strip_prefix("_index.").is_some_and(is_language_code);
    if is_index {
        // _index.md of a term directory: the grandparent is `categories`.
        dir_name(parent.and_then(Path::parent)).as_deref() == Some("categories")
    } else {
        // A legacy single-file term: the parent is `categories`.
        !stem.starts_with('_') && dir_name(parent).as_deref() == Some("categories")
    }
}

fn is_language_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 12
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_category_pages() {
        for yes in [
            "content/categories/lean/_index.md",
            "site/content/categories/lean/_index.fr.md",
            "content/categories/lean.md",
            "/abs/content/categories/customer-feedback-loops/_index.md",
            "content/categories/lean/_index.markdown",
        ] {
            assert!(is_category_page(Path::new(yes)), "{yes}");
        }
        for no in [
            "content/categories/_index.md",
            "content/tags/lean/_index.md",
            "content/categories/lean/index.md",
            "content/categories/lean/notes.md",
            "content/categories/lean/_index.txt",
            "content/blog/post.md",
            "categories.md",
            "content/categories/_draft.md",
        ] {
            assert!(!is_category_page(Path::new(no)), "{no}");
        }
    }
}
