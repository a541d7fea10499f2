//! Where a site's files come from. Core reads no files itself: a front end gives it a
//! [`Source`] — the disk, for `catlint check`; the editor's open buffers over the disk, for
//! the language server — and decides there what may be read (the boundary of the
//! repository, `.gitignore`, size limits).

use std::path::{Path, PathBuf};

/// How much of a page to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// The whole file (a page whose diagnostics are reported).
    Whole,
    /// As far as its front matter goes (a page that only feeds the index): a source may stop
    /// reading once [`crate::frontmatter::extract::is_settled`] says the rest is body.
    FrontMatter,
}

/// What a source knows of the version of a file it read, for caches that trust a file while
/// it is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Its size in bytes.
    pub len: u64,
    /// Its modification time (seconds, nanoseconds).
    pub modified: (i64, u32),
    /// Its status-change time (seconds, nanoseconds): tools that restore `modified` cannot
    /// set it back.
    pub changed: (i64, u32),
    /// Its inode (0 where there is none).
    pub inode: u64,
}

/// A file as read.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Its bytes (all of them, or up to the end of the front matter).
    pub bytes: Vec<u8>,
    /// Its version when it was opened, when the source knows one (an open buffer has none).
    pub stamp: Option<FileStamp>,
}

/// A path that leads outside what the source may read (a symbolic link out of the
/// repository, a content folder configured elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    /// The path as found.
    pub path: PathBuf,
    /// Where it leads.
    pub target: PathBuf,
    /// The folder it should have stayed in.
    pub root: PathBuf,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file system said no.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The file is larger than the limit (it was not read).
    #[error("the file is {0} bytes, over the limit")]
    TooLarge(u64),
    /// The path leads outside what may be read.
    #[error("the path leads outside the repository, to {}", .0.target.display())]
    Outside(Outside),
}

/// What is at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A file (or a link to one).
    File,
    /// A folder.
    Dir,
    /// Anything else (a socket, a device).
    Other,
}

/// What a walk of a folder found.
#[derive(Debug, Default)]
pub struct Listing {
    /// The Markdown files, absolute and sorted.
    pub pages: Vec<PathBuf>,
    /// The folders holding a Hugo site configuration (`hugo.toml`, `config/_default/`, …).
    pub sites: Vec<PathBuf>,
    /// Content adapters (`_content.gotmpl`), absolute and sorted: Hugo makes pages from
    /// them that catlint cannot see.
    pub adapters: Vec<PathBuf>,
    /// Paths that could not be walked.
    pub errors: Vec<(PathBuf, std::io::Error)>,
    /// Pages that lead outside what may be read (not read, not listed in `pages`).
    pub outside: Vec<Outside>,
}

/// A source of files. Every path handed to it is absolute and normalised (no `.` or `..`).
pub trait Source: Sync {
    /// Read the file at `path`, unless it is larger than `limit` bytes.
    ///
    /// # Errors
    /// Why it could not be read (see [`ReadError`]).
    fn read(&self, path: &Path, limit: u64, extent: Extent) -> Result<Loaded, ReadError>;

    /// What is at `path`.
    ///
    /// # Errors
    /// Why nothing can be said of it (it does not exist, permission denied).
    fn kind(&self, path: &Path) -> std::io::Result<EntryKind>;

    /// Whether `path` is a file.
    fn is_file(&self, path: &Path) -> bool {
        matches!(self.kind(path), Ok(EntryKind::File))
    }

    /// Whether `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool {
        matches!(self.kind(path), Ok(EntryKind::Dir))
    }

    /// The entries of the folder `dir` (not recursive), sorted; empty when it cannot be read.
    fn list(&self, dir: &Path) -> Vec<PathBuf>;

    /// Every Markdown file under the folder `dir`, as the front end walks (honouring ignore
    /// files, skipping hidden files), and the site folders on the way.
    fn walk(&self, dir: &Path) -> Listing;

    /// Whether the folder `dir` is inside what may be read, as written: `catlint.toml` files
    /// and Hugo sites are looked for in such folders only.
    fn contains(&self, dir: &Path) -> bool {
        let _ = dir;
        true
    }

    /// Whether `path`, named by the user (a path on the command line), may be read.
    ///
    /// # Errors
    /// Where it leads, when that is outside what may be read.
    fn admit(&self, path: &Path) -> Result<(), Outside>;

    /// Whether the folder `dir`, named by a site's configuration (`contentDir`,
    /// `module.mounts`), may be read.
    ///
    /// # Errors
    /// Where it leads, when that is outside what may be read.
    fn check_folder(&self, dir: &Path) -> Result<(), Outside>;
}

/// The largest configuration file read (a `hugo.toml`, a `catlint.toml`).
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// The text of a configuration file, read through `source`.
///
/// # Errors
/// Why it could not be read; a file that is not UTF-8 is an I/O error of kind `InvalidData`.
pub fn read_text(source: &dyn Source, path: &Path) -> Result<String, ReadError> {
    let loaded = source.read(path, MAX_CONFIG_BYTES, Extent::Whole)?;
    String::from_utf8(loaded.bytes).map_err(|_| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })
}
