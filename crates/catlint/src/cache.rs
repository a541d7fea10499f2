//! The index cache: each page's [`PageFacts`] — what the cross-file rules need of it — kept
//! between runs, so that checking one file (the pre-commit case) does not read and parse
//! every other page of the site.
//!
//! An entry is trusted only while its file's metadata is unchanged: size, modification and
//! status-change times (nanoseconds) and inode. `ctime` cannot be set back by tools that
//! restore `mtime` (`touch -d`, `rsync -t`, some checkouts), so such edits still show. As
//! with git's racily clean index entries, a file changed less than [`SETTLE`] before the run
//! started is not stored: a write within the same clock tick as the read could otherwise
//! leave the entry looking current. The pages catlint is asked to check are always read.
//!
//! One file per site, `<cache dir>/index-<hash of the site folder>.bin`; the cache dir is
//! `<site>/.catlint_cache` (holding a `.gitignore` of `*` and a `CACHEDIR.TAG`), or
//! `--cache-dir`/`CATLINT_CACHE_DIR`. The file starts with a header (format, the layout of
//! the facts, catlint version, the site's fingerprint: a hash of its Hugo configuration
//! files, of its own `catlint.toml` and those of its pages, its taxonomy keys, the parser and
//! file size limits); any mismatch, or a file that does not decode, is an empty cache, so a
//! changed setting never serves stale facts. A page now over the size limit is not taken
//! from the cache. Writes go through a temporary
//! file and a rename, so a reader sees the old file or the new one. A cache folder that is a
//! symbolic link, or lies through one outside the repository, is refused. Failing to read or
//! write the cache never changes a result: it only costs the time it would have saved.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use catlint_core::project::{FactsCache, SiteFacts};
use catlint_core::rules::PageFacts;
use catlint_core::rules::facts::FACTS_LAYOUT;
use catlint_core::site::source::FileStamp;
use serde::{Deserialize, Serialize};

use crate::boundary::Boundary;
use crate::disk::stamp_of;

/// The cache file layout; bump it whenever [`Entry`] or [`Header`] changes (a change of
/// [`PageFacts`] bumps [`FACTS_LAYOUT`], which the header carries too).
const FORMAT: u32 = 2;
/// The first bytes of a cache file.
const MAGIC: &[u8] = b"catlint index cache\n";
/// How long a file must have been left alone before its entry is stored.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);
/// The folder made in a site when no other cache dir is given.
pub(crate) const DEFAULT_DIR: &str = ".catlint_cache";
/// Cache files larger than this are not read (a cache of 100,000 pages is a few MB).
const MAX_CACHE_BYTES: u64 = 1 << 30;

/// Where the caches live, and whether to use them at all.
#[derive(Debug, Clone, Default)]
pub(crate) enum CacheDir {
    /// `.catlint_cache` in each site's folder.
    #[default]
    InSite,
    /// One folder for every site.
    At(PathBuf),
    /// No cache: every page is read.
    Off,
}

/// One page's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// The metadata of the file the facts were read from.
    stamp: FileStamp,
    facts: PageFacts,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    format: u32,
    facts: u32,
    version: String,
    fingerprint: u64,
}

/// What the index cache of one site did (for `--verbose`).
#[derive(Debug, Clone)]
pub(crate) struct CacheNote {
    /// The cache file.
    pub(crate) file: PathBuf,
    /// The pages of the site.
    pub(crate) pages: usize,
    /// Of those, the ones whose entry was reused instead of reading the page.
    pub(crate) reused: usize,
    /// Whether the file was rewritten, or why it could not be.
    pub(crate) written: Result<bool, String>,
}

/// The index caches of a run, one per site.
#[derive(Debug)]
pub(crate) struct DiskCache {
    dir: CacheDir,
    boundary: Boundary,
    started: SystemTime,
    notes: Mutex<Vec<CacheNote>>,
    /// What the user must hear about even without `--verbose` (a refused cache folder).
    notices: Mutex<Vec<String>>,
}

impl DiskCache {
    /// The caches in `dir`, written only inside `boundary`.
    pub(crate) fn new(dir: CacheDir, boundary: Boundary) -> Self {
        Self {
            dir,
            boundary,
            started: SystemTime::now(),
            notes: Mutex::new(Vec::new()),
            notices: Mutex::new(Vec::new()),
        }
    }

    /// What each site's cache did.
    pub(crate) fn notes(&self) -> Vec<CacheNote> {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What the user must hear about.
    pub(crate) fn notices(&self) -> Vec<String> {
        self.notices
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The cache file of the site in `root`, and whether its folder is the site's own.
    fn file_of(&self, root: &Path) -> Option<(PathBuf, bool)> {
        let mut hasher = std::hash::DefaultHasher::new();
        root.hash(&mut hasher);
        let name = format!("index-{:016x}.bin", hasher.finish());
        match &self.dir {
            CacheDir::Off => None,
            CacheDir::InSite => Some((root.join(DEFAULT_DIR).join(name), true)),
            CacheDir::At(dir) => Some((dir.join(name), false)),
        }
    }

    /// Why the cache folder `folder` may not be used: it is a symbolic link, or it (or a
    /// folder on its way) leads out of the repository.
    fn refusal(&self, folder: &Path) -> Option<String> {
        if is_link(folder) {
            return Some(format!(
                "the index cache folder {} is a symbolic link: catlint neither reads nor writes it (remove the link, or give the real folder with --cache-dir)",
                folder.display()
            ));
        }
        self.boundary.check_new_file(&folder.join("index.bin")).err().map(|escape| {
            format!(
                "the index cache folder {} leads outside the repository (through {}): catlint neither reads nor writes it",
                folder.display(),
                escape.path.display()
            )
        })
    }
}

impl FactsCache for DiskCache {
    fn site(&self, site: &Path, fingerprint: u64, pages: usize) -> Box<dyn SiteFacts + '_> {
        let Some((file, in_site)) = self.file_of(site) else {
            return Box::new(catlint_core::project::NoCache);
        };
        if let Some(folder) = file.parent()
            && let Some(refused) = self.refusal(folder)
        {
            self.notices
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(refused);
            return Box::new(catlint_core::project::NoCache);
        }
        let header = Header {
            format: FORMAT,
            facts: FACTS_LAYOUT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            fingerprint,
        };
        let entries = read(&file, &header).unwrap_or_default();
        Box::new(SiteCache {
            owner: self,
            file,
            in_site,
            header,
            entries,
            pages,
            reused: AtomicUsize::new(0),
        })
    }
}

/// The cache of one site: the entries read at the start, and the file to write them to.
#[derive(Debug)]
struct SiteCache<'a> {
    owner: &'a DiskCache,
    file: PathBuf,
    /// Whether the cache dir is the site's own `.catlint_cache` (made on first write).
    in_site: bool,
    header: Header,
    entries: HashMap<String, Entry>,
    pages: usize,
    reused: AtomicUsize,
}

impl SiteFacts for SiteCache<'_> {
    fn get(&self, path: &Path) -> Option<(PageFacts, FileStamp)> {
        let entry = self.entries.get(path.to_str()?)?;
        let meta = std::fs::metadata(path).ok()?;
        (stamp_of(&meta) == entry.stamp).then(|| {
            self.reused.fetch_add(1, Ordering::Relaxed);
            (entry.facts.clone(), entry.stamp)
        })
    }

    fn store(self: Box<Self>, pages: &mut dyn Iterator<Item = (&Path, FileStamp, &PageFacts)>) {
        let started = self.owner.started;
        let mut fresh: Vec<(String, Entry)> = pages
            .filter(|(_, stamp, _)| settled(stamp, started))
            .filter_map(|(path, stamp, facts)| {
                let entry = Entry {
                    stamp,
                    facts: facts.clone(),
                };
                Some((path.to_str()?.to_owned(), entry))
            })
            .collect();
        fresh.sort_by(|a, b| a.0.cmp(&b.0));
        let written = self.save(&fresh).map_err(|e| e.to_string());
        let note = CacheNote {
            file: self.file.clone(),
            pages: self.pages,
            reused: self.reused.load(Ordering::Relaxed),
            written,
        };
        self.owner
            .notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(note);
    }
}

impl SiteCache<'_> {
    /// Replace the cache with `fresh` (this run's pages) when it differs from what was read.
    fn save(&self, fresh: &[(String, Entry)]) -> std::io::Result<bool> {
        let unchanged = fresh.len() == self.entries.len()
            && fresh
                .iter()
                .all(|(k, e)| self.entries.get(k).is_some_and(|old| old == e));
        if unchanged {
            return Ok(false);
        }
        let Some(dir) = self.file.parent() else {
            return Ok(false);
        };
        if self.in_site && !dir.exists() {
            // A site folder nobody may write to (a read-only checkout, a mounted corpus) is
            // left alone, even by root.
            if let Some(site) = dir.parent()
                && std::fs::metadata(site)?.permissions().readonly()
            {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    "the site folder is read-only",
                ));
            }
            std::fs::create_dir_all(dir)?;
            std::fs::write(
                dir.join(".gitignore"),
                "# Made by catlint: its index cache. Safe to delete.\n*\n",
            )?;
            std::fs::write(
                dir.join("CACHEDIR.TAG"),
                "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by catlint.\n",
            )?;
        } else {
            std::fs::create_dir_all(dir)?;
        }
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_stdvec(&self.header).map_err(std::io::Error::other)?);
        bytes.extend(postcard::to_stdvec(fresh).map_err(std::io::Error::other)?);
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(&self.file).map_err(|e| e.error)?;
        Ok(true)
    }
}

/// Whether the file was last changed at least [`SETTLE`] before `started`.
fn settled(stamp: &FileStamp, started: SystemTime) -> bool {
    let Ok(since_epoch) = started.duration_since(SystemTime::UNIX_EPOCH) else {
        return false;
    };
    let Some(limit) = since_epoch.checked_sub(SETTLE) else {
        return false;
    };
    let limit = (
        i64::try_from(limit.as_secs()).unwrap_or(i64::MAX),
        limit.subsec_nanos(),
    );
    stamp.modified < limit && stamp.changed < limit
}

/// Whether `path` is a symbolic link.
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The entries of the cache file at `path`, if it is one for `header` (a link is not one: it
/// is replaced on the next write).
fn read(path: &Path, header: &Header) -> Option<HashMap<String, Entry>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_CACHE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (found, rest): (Header, &[u8]) = postcard::take_from_bytes(rest).ok()?;
    if found != *header {
        return None;
    }
    let entries: Vec<(String, Entry)> = postcard::from_bytes(rest).ok()?;
    Some(entries.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use catlint_core::site::{HugoFields, TermList};
    use catlint_core::span::Span;

    fn facts() -> PageFacts {
        PageFacts {
            anchor: Span::new(0, 3),
            title: Some(("Lean".into(), Span::new(10, 14))),
            hugo: HugoFields {
                lists: vec![TermList {
                    key: "tags".into(),
                    key_span: Span::new(20, 24),
                    items: vec![("agile".into(), Span::new(26, 31))],
                }],
                ..HugoFields::default()
            },
            ..PageFacts::default()
        }
    }

    fn old_stamp(len: u64) -> FileStamp {
        FileStamp {
            len,
            modified: (1_000_000, 5),
            changed: (1_000_000, 7),
            inode: 42,
        }
    }

    /// How many entries the cache file of `root` holds for `fingerprint`.
    fn stored(cache: &DiskCache, root: &Path, fingerprint: u64) -> usize {
        let (file, _) = cache.file_of(root).unwrap();
        let header = Header {
            format: FORMAT,
            facts: FACTS_LAYOUT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            fingerprint,
        };
        read(&file, &header).map_or(0, |e| e.len())
    }

    fn boundary(dir: &Path) -> Boundary {
        Boundary::for_paths(None, &[dir.to_path_buf()], dir, false).unwrap()
    }

    #[test]
    fn entries_round_trip_under_the_same_fingerprint_only() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.md");
        std::fs::write(&page, "---\ntitle: Lean\n---\n").unwrap();
        let stamp = stamp_of(&std::fs::metadata(&page).unwrap());
        let cache = DiskCache::new(CacheDir::At(dir.path().join("c")), boundary(dir.path()));
        let site = cache.site(dir.path(), 7, 1);
        assert!(site.get(&page).is_none());
        // Entries of files changed too recently are not stored: use an old stamp.
        let mut old = stamp;
        old.modified = (1, 0);
        old.changed = (1, 0);
        site.store(&mut [(page.as_path(), old, &facts())].into_iter());
        let site = cache.site(dir.path(), 7, 1);
        // The file's stamp differs from the stored one: not reused.
        assert!(site.get(&page).is_none());
        assert_eq!(stored(&cache, dir.path(), 7), 1);
        assert_eq!(stored(&cache, dir.path(), 8), 0, "another fingerprint");
        // The same stamp as the file's: reused.
        cache
            .site(dir.path(), 7, 1)
            .store(&mut [(page.as_path(), stamp, &facts())].into_iter());
        // (Too recent to be stored: the entry of the old stamp is gone, none replaces it.)
        assert_eq!(stored(&cache, dir.path(), 7), 0);
    }

    #[test]
    fn recently_changed_files_are_not_stored() {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap();
        let mut fresh = old_stamp(1);
        fresh.modified = (i64::try_from(now.as_secs()).unwrap(), 0);
        assert!(!settled(&fresh, SystemTime::now()));
        assert!(settled(&old_stamp(1), SystemTime::now()));
    }

    #[test]
    fn a_damaged_cache_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let at = CacheDir::At(dir.path().join("c"));
        let cache = DiskCache::new(at.clone(), boundary(dir.path()));
        let path = dir.path().join("a.md");
        cache
            .site(Path::new("/site"), 1, 1)
            .store(&mut [(path.as_path(), old_stamp(1), &facts())].into_iter());
        let file = cache.file_of(Path::new("/site")).unwrap().0;
        let good = std::fs::read(&file).unwrap();
        for cut in [0, MAGIC.len(), MAGIC.len() + 3, good.len() - 1] {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert_eq!(stored(&cache, Path::new("/site"), 1), 0);
        }
        let mut flipped = good.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0xff;
        std::fs::write(&file, &flipped).unwrap();
        // Garbage decodes to nothing or to entries whose stamps match no file; never a panic.
        let _ = cache.site(Path::new("/site"), 1, 1);
    }

    #[test]
    fn the_site_cache_dir_ignores_itself() {
        let site = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(CacheDir::InSite, boundary(site.path()));
        let path = site.path().join("a.md");
        cache
            .site(site.path(), 1, 1)
            .store(&mut [(path.as_path(), old_stamp(1), &facts())].into_iter());
        let dir = site.path().join(DEFAULT_DIR);
        assert_eq!(
            std::fs::read_to_string(dir.join(".gitignore"))
                .unwrap()
                .lines()
                .last(),
            Some("*")
        );
        assert!(
            std::fs::read_to_string(dir.join("CACHEDIR.TAG"))
                .unwrap()
                .starts_with("Signature: 8a477f597d28d172789f06886806bc55")
        );
    }
}
