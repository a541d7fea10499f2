//! Checking the discovered pages in parallel and collecting the results in path order.

use std::io::Read;
use std::path::PathBuf;

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::engine::{self, Checker};
use catlint_core::rules::RuleId;
use rayon::prelude::*;

/// The diagnostics of one file, and its bytes when there is something to show.
#[derive(Debug)]
pub(crate) struct FileResult {
    pub(crate) path: PathBuf,
    /// The file's bytes, kept only when it has diagnostics with spans.
    pub(crate) source: Option<Vec<u8>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What a whole run found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Files whose front matter was checked.
    pub(crate) files_checked: usize,
    /// Every file with diagnostics, sorted by path.
    pub(crate) files: Vec<FileResult>,
}

impl Outcome {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// Whether some path could not be read, or catlint failed on a file: exit code 2.
    pub(crate) fn has_trouble(&self) -> bool {
        self.diagnostics()
            .any(|d| matches!(d.rule, RuleId::IoError | RuleId::InternalError))
    }
}

/// Check `pages`; `unreadable` are paths discovery could not read.
pub(crate) fn run(
    checker: &Checker,
    pages: &[PathBuf],
    unreadable: Vec<(PathBuf, std::io::Error)>,
    max_file_size: u64,
) -> Outcome {
    let mut files: Vec<FileResult> = pages
        .par_iter()
        .map(|path| check_file(checker, path, max_file_size))
        .collect();
    let files_checked = files.iter().filter(|f| !is_unreadable(f)).count();
    files.extend(unreadable.into_iter().map(|(path, e)| FileResult {
        path,
        source: None,
        diagnostics: vec![engine::io_error(&e)],
    }));
    files.retain(|f| !f.diagnostics.is_empty());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Outcome {
        files_checked,
        files,
    }
}

fn is_unreadable(f: &FileResult) -> bool {
    f.diagnostics.iter().any(|d| {
        matches!(
            d.rule,
            RuleId::IoError | RuleId::FileTooLarge | RuleId::InternalError
        )
    })
}

fn check_file(checker: &Checker, path: &PathBuf, max_file_size: u64) -> FileResult {
    let result = |source, diagnostics| FileResult {
        path: path.clone(),
        source,
        diagnostics,
    };
    match read_limited(path, max_file_size) {
        Err(e) => result(None, vec![engine::io_error(&e)]),
        Ok(Contents::TooLarge(size)) => {
            result(None, vec![engine::file_too_large(size, max_file_size)])
        }
        Ok(Contents::Bytes(bytes)) => {
            // A bug in one file's check must not hide the other files' results.
            let checked =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| checker.check(&bytes)));
            let diagnostics = checked.unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_owned());
                vec![engine::internal_error(&message)]
            });
            let source = diagnostics
                .iter()
                .any(|d| d.span.is_some())
                .then_some(bytes);
            result(source, diagnostics)
        }
    }
}

enum Contents {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

/// Read a file unless it is larger than `limit` (checked on the open file, and again while
/// reading, in case it grows).
fn read_limited(path: &PathBuf, limit: u64) -> std::io::Result<Contents> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if meta.len() > limit {
        return Ok(Contents::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Contents::TooLarge(bytes.len() as u64));
    }
    Ok(Contents::Bytes(bytes))
}
