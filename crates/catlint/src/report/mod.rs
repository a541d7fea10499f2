//! Renderers: one module per output format. A diagnostic is built once and rendered here.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;
pub(crate) mod short;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use catlint_core::diagnostic::{Diagnostic, Severity};
use catlint_core::project::{ModelPage, ShapeHint, shape_hints};
use catlint_core::site::hugo::normalize;
use catlint_core::span::{LineIndex, Location};

/// One file's diagnostics, as the renderers read them.
#[derive(Debug, Clone)]
pub(crate) struct FileResult {
    /// The file, as users read it (relative to the working directory).
    pub(crate) path: PathBuf,
    /// The bytes the report shows, when they were kept from the check (see
    /// [`FileResult::report_source`]).
    pub(crate) source: Option<Vec<u8>>,
    /// Its diagnostics, sorted by position.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Its site and taxonomy, when it is a term page checked with the category model's own
    /// required fields.
    pub(crate) model_page: Option<ModelPage>,
}

impl FileResult {
    /// The bytes the report needs for positions and snippets: those kept from the check, or,
    /// when they were not kept (over the budget, or a cross-file finding only), the file read
    /// again now (it was read through the boundary when it was checked). Empty when no
    /// diagnostic has a span or the file is gone.
    pub(crate) fn report_source(&self) -> Cow<'_, [u8]> {
        match &self.source {
            Some(bytes) => Cow::Borrowed(bytes),
            None if self.diagnostics.iter().any(|d| d.span.is_some()) => {
                Cow::Owned(std::fs::read(&self.path).unwrap_or_default())
            }
            None => Cow::Borrowed(&[]),
        }
    }
}

/// What every renderer reads: the files with diagnostics, and how many were checked.
pub(crate) trait Findings {
    /// Every file with diagnostics, sorted by path.
    fn files(&self) -> &[FileResult];

    /// The term pages whose front matter was checked.
    fn files_checked(&self) -> usize;

    /// Every diagnostic, file by file.
    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files().iter().flat_map(|f| &f.diagnostics)
    }

    /// How many diagnostics have `severity`.
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The reported term pages checked with the category model's own required fields, per
    /// site and taxonomy.
    fn term_pages(&self) -> &BTreeMap<ModelPage, usize>;

    /// Taxonomies whose term pages mostly lack the same fields (said once, in the summary).
    fn hints(&self) -> Vec<ShapeHint> {
        shape_hints(
            self.term_pages(),
            self.files()
                .iter()
                .filter_map(|f| Some((f.model_page.as_ref()?, f.diagnostics.as_slice()))),
        )
    }

    /// Whether some path could not be read, a configuration is broken, or catlint failed on a
    /// file: exit code 2.
    fn has_trouble(&self) -> bool {
        self.diagnostics().any(|d| d.rule.reports_trouble())
    }
}

/// Findings as plain data.
#[derive(Debug, Clone, Default)]
pub(crate) struct Results {
    /// Every file with diagnostics, sorted by path.
    pub(crate) files: Vec<FileResult>,
    /// The term pages whose front matter was checked.
    pub(crate) files_checked: usize,
    /// The reported term pages checked with the category model's own required fields, per
    /// site and taxonomy.
    pub(crate) term_pages: BTreeMap<ModelPage, usize>,
}

impl Findings for Results {
    fn files(&self) -> &[FileResult] {
        &self.files
    }

    fn files_checked(&self) -> usize {
        self.files_checked
    }

    fn term_pages(&self) -> &BTreeMap<ModelPage, usize> {
        &self.term_pages
    }
}

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
            Some(r) => normalize(&cwd.join(r)),
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
        let abs = normalize(&self.cwd.join(path));
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
