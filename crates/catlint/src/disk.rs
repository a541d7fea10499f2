//! The disk as a source of pages: walking folders as ripgrep does (`.gitignore` and `.ignore`
//! honoured, also outside a git repository; hidden files skipped; in parallel), reading files
//! within their size limit, and nothing outside the [`Boundary`].

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock};

use catlint_core::frontmatter::extract::is_settled;
use catlint_core::site::hugo::{CONTENT_ADAPTER, is_markdown, site_of_config};
use catlint_core::site::source::{
    EntryKind, Extent, FileStamp, Listing, Loaded, Outside, ReadError, Source,
};
use ignore::WalkBuilder;

use crate::boundary::Boundary;

/// The files of the disk, inside a boundary.
#[derive(Debug)]
pub(crate) struct Disk {
    boundary: Boundary,
    /// The folders walked (each checked before it was walked): a page a walk listed needs no
    /// second look unless it has become a link since.
    walked: RwLock<Vec<PathBuf>>,
}

impl Disk {
    /// The disk, read only inside `boundary`.
    pub(crate) fn new(boundary: Boundary) -> Self {
        Self {
            boundary,
            walked: RwLock::new(Vec::new()),
        }
    }

    /// Whether reading `path` needs the boundary's look: anything but a page under a walked
    /// folder that is not a link (a walk lists no page through a linked folder, and checks
    /// the linked pages it lists).
    fn needs_check(&self, path: &Path) -> bool {
        if !is_markdown(path) {
            return true;
        }
        let walked = self.walked.read().unwrap_or_else(PoisonError::into_inner);
        !walked.iter().any(|root| path.starts_with(root))
            || std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
    }

    /// The boundary.
    pub(crate) fn boundary(&self) -> &Boundary {
        &self.boundary
    }
}

impl Source for Disk {
    fn read(&self, path: &Path, limit: u64, extent: Extent) -> Result<Loaded, ReadError> {
        if self.needs_check(path) {
            self.boundary.check_read(path).map_err(ReadError::Outside)?;
        }
        let loaded = read_file(path, limit, extent)?;
        debug_panic_hook(&loaded.bytes);
        Ok(loaded)
    }

    fn kind(&self, path: &Path) -> std::io::Result<EntryKind> {
        let meta = std::fs::metadata(path)?;
        Ok(if meta.is_dir() {
            EntryKind::Dir
        } else if meta.is_file() {
            EntryKind::File
        } else {
            EntryKind::Other
        })
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        paths
    }

    fn walk(&self, dir: &Path) -> Listing {
        if !self.boundary.follows_links() {
            self.walked
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .push(dir.to_path_buf());
        }
        walk(dir, &self.boundary)
    }

    fn contains(&self, dir: &Path) -> bool {
        self.boundary.contains(dir)
    }

    fn admit(&self, path: &Path) -> Result<(), Outside> {
        self.boundary.check_read(path)
    }

    fn check_folder(&self, dir: &Path) -> Result<(), Outside> {
        self.boundary.check_read(dir)
    }
}

/// Read a file unless it is larger than `limit` (checked on the open file, and again while
/// reading, in case it grows); only regular files (a link to a pipe or a device could hang
/// the run).
pub(crate) fn read_file(path: &Path, limit: u64, extent: Extent) -> Result<Loaded, ReadError> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a directory").into());
    }
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file").into());
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let stamp = stamp_of(&meta);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    match extent {
        Extent::Whole => {
            file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        }
        // In growing chunks, until the front matter is known to be complete, or absent, or
        // the file ends: the index never needs a body.
        Extent::FrontMatter => {
            let mut chunk = 8 * 1024;
            loop {
                let before = bytes.len();
                (&mut file).take(chunk as u64).read_to_end(&mut bytes)?;
                if bytes.len() - before < chunk || is_settled(&bytes) || bytes.len() as u64 > limit
                {
                    break;
                }
                chunk = (chunk * 2).min(1 << 20);
            }
        }
    }
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(Loaded {
        bytes,
        stamp: Some(stamp),
    })
}

/// The stamp of a file's metadata: size, modification and status-change times, inode.
pub(crate) fn stamp_of(meta: &std::fs::Metadata) -> FileStamp {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let nanos = |n: i64| u32::try_from(n).unwrap_or(0);
        FileStamp {
            len: meta.len(),
            modified: (meta.mtime(), nanos(meta.mtime_nsec())),
            changed: (meta.ctime(), nanos(meta.ctime_nsec())),
            inode: meta.ino(),
        }
    }
    #[cfg(not(unix))]
    {
        use std::time::SystemTime;
        let time = |t: std::io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| {
                    (i64::try_from(d.as_secs()).unwrap_or(0), d.subsec_nanos())
                })
        };
        FileStamp {
            len: meta.len(),
            modified: time(meta.modified()),
            changed: time(meta.created()),
            inode: 0,
        }
    }
}

/// Markdown files under `root`, honouring .gitignore/.ignore, hidden files skipped; and the
/// folders holding a site configuration. Walked on every core; each list comes sorted. A
/// linked page that leads out of `boundary` goes to `outside` instead; linked folders are
/// walked only with `--follow-links`.
fn walk(root: &Path, boundary: &Boundary) -> Listing {
    let found = Mutex::new(Listing::default());
    WalkBuilder::new(root)
        .require_git(false)
        .hidden(true)
        .follow_links(boundary.follows_links())
        .build_parallel()
        .run(|| {
            let mut local = LocalListing {
                shared: &found,
                mine: Listing::default(),
            };
            Box::new(move |entry| {
                let mine = &mut local.mine;
                match entry {
                    Ok(entry) => {
                        let is_link = entry.path_is_symlink();
                        let is_file = entry
                            .file_type()
                            .is_some_and(|t| t.is_file() || t.is_symlink());
                        let path = entry.into_path();
                        if is_file && is_markdown(&path) {
                            match boundary.check_entry(&path, is_link) {
                                Ok(()) => mine.pages.push(path),
                                Err(escape) => mine.outside.push(escape),
                            }
                        } else if let Some(site) = site_of_config(&path) {
                            mine.sites.push(site);
                        } else if is_file && path.file_name().is_some_and(|n| n == CONTENT_ADAPTER)
                        {
                            mine.adapters.push(path);
                        }
                    }
                    Err(e) => {
                        let path = error_path(&e).unwrap_or_else(|| root.to_path_buf());
                        let io = e.into_io_error().unwrap_or_else(|| {
                            std::io::Error::other("the folder could not be walked")
                        });
                        mine.errors.push((path, io));
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.pages.sort();
    found.sites.sort();
    found.adapters.sort();
    found.errors.sort_by(|a, b| a.0.cmp(&b.0));
    found.outside.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// What one thread of a walk found; handed over when the thread's visitor is dropped.
struct LocalListing<'a> {
    shared: &'a Mutex<Listing>,
    mine: Listing,
}

impl Drop for LocalListing<'_> {
    fn drop(&mut self) {
        let mut all = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        all.pages.append(&mut self.mine.pages);
        all.sites.append(&mut self.mine.sites);
        all.adapters.append(&mut self.mine.adapters);
        all.errors.append(&mut self.mine.errors);
        all.outside.append(&mut self.mine.outside);
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

/// Debug builds only: panic on a page holding the text of `CATLINT_DEBUG_PANIC`, so that the
/// tests can prove one page's panic never hides the other pages' results. Release builds
/// ignore the variable.
fn debug_panic_hook(bytes: &[u8]) {
    if cfg!(debug_assertions)
        && let Some(marker) = std::env::var_os("CATLINT_DEBUG_PANIC")
    {
        let marker = marker.as_encoded_bytes();
        if !marker.is_empty() && bytes.windows(marker.len()).any(|w| w == marker) {
            panic!("CATLINT_DEBUG_PANIC marker found");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_read_only_as_far_as_its_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let body = "body line\n".repeat(100_000);
        let cases = [
            (
                "yaml.md",
                format!("---\ncategories: [Lean]\n---\n{body}"),
                true,
            ),
            (
                "toml.md",
                format!("+++\ncategories = ['Lean']\n+++\n{body}"),
                true,
            ),
            (
                "json.md",
                format!("{{\"categories\": [\"Lean\"]}}\n{body}"),
                true,
            ),
            ("none.md", format!("# no front matter\n{body}"), true),
            (
                "unclosed.md",
                format!("---\ncategories: [Lean]\n{body}"),
                false,
            ),
            ("short.md", "---\ncategories: [Lean]\n---".to_owned(), false),
        ];
        for (name, text, partial) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, &text).unwrap();
            let head = read_file(&path, 10_000_000, Extent::FrontMatter)
                .unwrap()
                .bytes;
            assert_eq!(
                head.len() < text.len(),
                partial,
                "{name}: read {} bytes",
                head.len()
            );
            assert!(text.as_bytes().starts_with(&head));
            let settings = catlint_core::rules::Settings::default();
            let keys = ["categories"];
            let facts = |b: &[u8]| catlint_core::rules::PageFacts::read(b, &settings, &keys, false);
            assert_eq!(facts(&head), facts(text.as_bytes()), "{name}");
        }
    }

    #[test]
    fn a_page_that_vanished_after_discovery_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.md");
        assert!(matches!(
            read_file(&path, 100, Extent::Whole),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
    }
}
