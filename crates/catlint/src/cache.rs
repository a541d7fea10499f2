//! The index cache: what the cross-file rules need of each page of a site (a term page's
//! title and Instructions opening, any page's term lists), kept between runs so that checking
//! one file (the pre-commit case) does not read and parse every other page of the site.
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
//! `--cache-dir`/`CATLINT_CACHE_DIR`. The file starts with a header (format, catlint version,
//! a hash of everything else the entries depend on: the taxonomy keys and the parser limits);
//! any mismatch, or a file that does not decode, is an empty cache. Writes go through a
//! temporary file and a rename, so a reader sees the old file or the new one. Failing to read
//! or write the cache never changes a result: it only costs the time it would have saved.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use catlint_core::engine::TermFacts;
use catlint_core::index::TermList;
use catlint_core::span::Span;
use serde::{Deserialize, Serialize};

/// The cache file layout; bump it whenever [`Entry`] or [`Header`] changes.
const FORMAT: u32 = 1;
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

/// A file's metadata, as far as the cache trusts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    mtime: (i64, u32),
    ctime: (i64, u32),
    inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub(crate) fn of(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let nanos = |n: i64| u32::try_from(n).unwrap_or(0);
            Self {
                len: meta.len(),
                mtime: (meta.mtime(), nanos(meta.mtime_nsec())),
                ctime: (meta.ctime(), nanos(meta.ctime_nsec())),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let time = |t: std::io::Result<SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| {
                        (i64::try_from(d.as_secs()).unwrap_or(0), d.subsec_nanos())
                    })
            };
            Self {
                len: meta.len(),
                mtime: time(meta.modified()),
                ctime: time(meta.created()),
                inode: 0,
            }
        }
    }

    /// Whether the file was last changed at least [`SETTLE`] before `started`.
    fn settled(&self, started: SystemTime) -> bool {
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
        self.mtime < limit && self.ctime < limit
    }
}

/// What the index needs of a term page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TermEntry {
    title: Option<(String, Span)>,
    anchor: Span,
    instructions_variant: Option<(String, Span)>,
}

impl TermEntry {
    /// The cached part of a term page's facts.
    pub(crate) fn of(facts: &TermFacts) -> Self {
        Self {
            title: facts.title.clone(),
            anchor: facts.anchor,
            instructions_variant: facts.instructions_variant.clone(),
        }
    }

    /// The facts (without suppressions: only pages asked for need them, and those are read).
    pub(crate) fn facts(&self, lists: Vec<TermList>) -> TermFacts {
        TermFacts {
            title: self.title.clone(),
            anchor: self.anchor,
            suppressions: Vec::new(),
            instructions_variant: self.instructions_variant.clone(),
            lists,
            // Editors show it; the cross-file rules of `catlint check` do not read it.
            description: None,
        }
    }
}

/// One page's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The metadata of the file the entry was made from.
    pub(crate) stamp: Stamp,
    /// For a term page, what the index needs of it.
    pub(crate) term: Option<TermEntry>,
    /// The page's term lists (empty for most term pages and for posts without terms).
    pub(crate) lists: Vec<TermList>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    format: u32,
    version: String,
    context: u64,
}

/// The cache of one site: the entries read at the start, and the file to write them to.
#[derive(Debug)]
pub(crate) struct SiteCache {
    file: PathBuf,
    /// Whether the cache dir is the site's own `.catlint_cache` (made on first write).
    in_site: bool,
    header: Header,
    entries: HashMap<String, Entry>,
    started: SystemTime,
}

impl SiteCache {
    /// Open the cache of the site in the absolute folder `root`; `context` lists what the
    /// entries depend on besides the file (the taxonomy keys, the parser limits). `Ok(None)`
    /// when caching is off.
    ///
    /// # Errors
    /// Why the cache folder is refused: it is a symbolic link (a link committed as
    /// `.catlint_cache` would carry every write of the cache out of the repository).
    pub(crate) fn open(
        dir: &CacheDir,
        root: &Path,
        context: &impl Hash,
    ) -> Result<Option<Self>, String> {
        let mut hasher = std::hash::DefaultHasher::new();
        root.hash(&mut hasher);
        let name = format!("index-{:016x}.bin", hasher.finish());
        let (file, in_site) = match dir {
            CacheDir::Off => return Ok(None),
            CacheDir::InSite => (root.join(DEFAULT_DIR).join(name), true),
            CacheDir::At(dir) => (dir.join(name), false),
        };
        if let Some(folder) = file.parent()
            && is_link(folder)
        {
            return Err(format!(
                "the index cache folder {} is a symbolic link: catlint neither reads nor writes it (remove the link, or give the real folder with --cache-dir)",
                folder.display()
            ));
        }
        let mut hasher = std::hash::DefaultHasher::new();
        context.hash(&mut hasher);
        let header = Header {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            context: hasher.finish(),
        };
        let entries = read(&file, &header).unwrap_or_default();
        Ok(Some(Self {
            file,
            in_site,
            header,
            entries,
            started: SystemTime::now(),
        }))
    }

    /// The entry of the page at `key` (its path relative to the site folder), if the file's
    /// metadata still matches it.
    pub(crate) fn get(&self, key: &str, stamp: &Stamp) -> Option<&Entry> {
        self.entries.get(key).filter(|e| e.stamp == *stamp)
    }

    /// How many entries were read.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Replace the cache with `entries` (this run's pages; entries of files changed too
    /// recently are left out) when they differ from what was read.
    ///
    /// # Errors
    /// When the cache dir or file cannot be written.
    pub(crate) fn save(
        self,
        entries: impl IntoIterator<Item = (String, Entry)>,
    ) -> std::io::Result<bool> {
        let started = self.started;
        let mut fresh: Vec<(String, Entry)> = entries
            .into_iter()
            .filter(|(_, e)| e.stamp.settled(started))
            .collect();
        fresh.sort_by(|a, b| a.0.cmp(&b.0));
        fresh.dedup_by(|a, b| a.0 == b.0);
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
        bytes.extend(postcard::to_stdvec(&fresh).map_err(std::io::Error::other)?);
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(&self.file).map_err(|e| e.error)?;
        Ok(true)
    }

    /// The cache file.
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }
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

    fn entry(stamp: Stamp) -> Entry {
        Entry {
            stamp,
            term: Some(TermEntry {
                title: Some(("Lean".into(), Span::new(10, 14))),
                anchor: Span::new(0, 3),
                instructions_variant: None,
            }),
            lists: vec![TermList {
                key: "tags".into(),
                key_span: Span::new(20, 24),
                items: vec![("agile".into(), Span::new(26, 31))],
            }],
        }
    }

    fn old_stamp(len: u64) -> Stamp {
        Stamp {
            len,
            mtime: (1_000_000, 5),
            ctime: (1_000_000, 7),
            inode: 42,
        }
    }

    #[test]
    fn entries_round_trip_and_match_only_the_same_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let at = CacheDir::At(dir.path().to_path_buf());
        let root = Path::new("/site");
        let cache = SiteCache::open(&at, root, &("categories", 64))
            .unwrap()
            .unwrap();
        assert_eq!(cache.len(), 0);
        assert!(
            cache
                .save([("a.md".to_owned(), entry(old_stamp(9)))])
                .unwrap()
        );

        let cache = SiteCache::open(&at, root, &("categories", 64))
            .unwrap()
            .unwrap();
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get("a.md", &old_stamp(9)), Some(&entry(old_stamp(9))));
        assert_eq!(cache.get("a.md", &old_stamp(10)), None, "another size");
        let mut touched = old_stamp(9);
        touched.ctime.1 += 1;
        assert_eq!(cache.get("a.md", &touched), None, "another ctime");
        assert_eq!(cache.get("b.md", &old_stamp(9)), None);
        // Saving the same entries again does not rewrite the file.
        assert!(
            !cache
                .save([("a.md".to_owned(), entry(old_stamp(9)))])
                .unwrap()
        );

        // Another context (other taxonomies or limits) or another site: an empty cache.
        assert_eq!(
            SiteCache::open(&at, root, &("tags", 64))
                .unwrap()
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            SiteCache::open(&at, Path::new("/other"), &("categories", 64))
                .unwrap()
                .unwrap()
                .len(),
            0
        );
    }

    #[test]
    fn recently_changed_files_are_not_stored() {
        let dir = tempfile::tempdir().unwrap();
        let at = CacheDir::At(dir.path().to_path_buf());
        let cache = SiteCache::open(&at, Path::new("/site"), &1)
            .unwrap()
            .unwrap();
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap();
        let mut fresh = old_stamp(1);
        fresh.mtime = (i64::try_from(now.as_secs()).unwrap(), 0);
        cache
            .save([
                ("new.md".to_owned(), entry(fresh)),
                ("old.md".to_owned(), entry(old_stamp(1))),
            ])
            .unwrap();
        let cache = SiteCache::open(&at, Path::new("/site"), &1)
            .unwrap()
            .unwrap();
        assert_eq!(cache.len(), 1);
        assert!(cache.get("old.md", &old_stamp(1)).is_some());
    }

    #[test]
    fn a_damaged_cache_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let at = CacheDir::At(dir.path().to_path_buf());
        let cache = SiteCache::open(&at, Path::new("/site"), &1)
            .unwrap()
            .unwrap();
        let file = cache.file().to_path_buf();
        cache
            .save([("a.md".to_owned(), entry(old_stamp(1)))])
            .unwrap();
        let good = std::fs::read(&file).unwrap();
        for cut in [0, MAGIC.len(), MAGIC.len() + 3, good.len() - 1] {
            std::fs::write(&file, &good[..cut]).unwrap();
            assert_eq!(
                SiteCache::open(&at, Path::new("/site"), &1)
                    .unwrap()
                    .unwrap()
                    .len(),
                0
            );
        }
        let mut flipped = good.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 0xff;
        std::fs::write(&file, &flipped).unwrap();
        // Garbage decodes to nothing or to entries whose stamps match no file; never a panic.
        let _ = SiteCache::open(&at, Path::new("/site"), &1);
    }

    #[test]
    fn the_site_cache_dir_ignores_itself() {
        let site = tempfile::tempdir().unwrap();
        let cache = SiteCache::open(&CacheDir::InSite, site.path(), &1)
            .unwrap()
            .unwrap();
        cache
            .save([("a.md".to_owned(), entry(old_stamp(1)))])
            .unwrap();
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
