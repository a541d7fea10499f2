//! Renderers: one module per output format. A diagnostic is built once and rendered here.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod short;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use catlint_core::span::{LineIndex, Location};

use crate::run::FileResult;

/// Where the renderers of CI formats (SARIF, GitHub, JUnit) make paths relative to.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The repository root (absolute): the git root, or `--root`.
    pub(crate) root: PathBuf,
    /// The working directory (absolute): result paths are relative to it.
    pub(crate) cwd: PathBuf,
}

impl Context {
    /// `root` is `--root` if given, else the nearest folder above the working directory
    /// holding `.git`, else the working directory.
    pub(crate) fn new(root: Option<&Path>) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = match root {
            Some(r) => crate::discover::normalize(&cwd.join(r)),
            None => cwd
                .ancestors()
                .find(|d| d.join(".git").exists())
                .map_or_else(|| cwd.clone(), Path::to_path_buf),
        };
        Self { root, cwd }
    }

    /// The context of the renderers' unit tests: root `/repo`, working directory `/repo/site`.
    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        Self {
            root: PathBuf::from("/repo"),
            cwd: PathBuf::from("/repo/site"),
        }
    }

    /// A result path (relative to the working directory) as a path relative to the
    /// repository root, with `/` separators: what GitHub and SARIF expect.
    pub(crate) fn repo_path(&self, path: &Path) -> String {
        let abs = crate::discover::normalize(&self.cwd.join(path));
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Line and column positions of a file's diagnostics, computed once per file.
pub(crate) struct Positions<'a> {
    source: Cow<'a, [u8]>,
    index: LineIndex,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(file: &'a FileResult) -> Self {
        let source = file.report_source();
        let index = LineIndex::new(&source);
        Self { source, index }
    }

    pub(crate) fn location(&self, span: catlint_core::span::Span) -> Location {
        self.index.location(&self.source, span)
    }

    /// The position of byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> catlint_core::span::Position {
        self.index.position(&self.source, offset)
    }

    /// The file's bytes.
    pub(crate) fn source(&self) -> &[u8] {
        &self.source
    }
}

/// Text of `bytes` for display with every byte offset unchanged: each byte of an invalid
/// UTF-8 sequence becomes `?`.
///
/// A lone `\r` (old Mac line ending) becomes `\n`, which miette understands as a line
/// break; `\r\n` is kept.
pub(crate) fn display_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    if out.contains('\r') {
        let b = out.as_bytes();
        let lone: Vec<usize> = (0..b.len())
            .filter(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
            .collect();
        let mut bytes = out.into_bytes();
        for i in lone {
            bytes[i] = b'\n';
        }
        out = String::from_utf8(bytes).unwrap_or_default();
    }
    out
}
