//! The `catlint.toml` files of a session, as a table: each folder's nearest configuration,
//! loaded once, with the rule settings it gives.
//!
//! A file that cannot be used (it does not parse, names an unknown setting or rule, has an
//! invalid `exclude` pattern, leads outside the repository) is a finding on that file, and
//! the folders under it use the configuration above it — the defaults at the top. Only a
//! broken `--config` file stops a run: the user named it.

use std::collections::HashMap;
use std::ops::Index;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::config::{CONFIG_FILE, Cap, Config, ConfigError, LimitFlags, OverCap};
use crate::diagnostic::Diagnostic;
use crate::rules::{Settings, config_limit, invalid_config, link_outside};
use crate::site::source::{ReadError, Source, read_text};
use crate::span::Span;

/// The default `max-file-size`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

/// A configuration's row in [`Configs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConfigId(u32);

/// One configuration and what it gives.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The file it was read from (`None`: the defaults).
    pub file: Option<PathBuf>,
    /// The folder its `exclude` patterns are relative to.
    pub dir: PathBuf,
    /// What the file says.
    pub config: Config,
    /// The rules' settings under it: the command line's, then the file's, capped, then the
    /// command line's limits (which go past the caps). Without the site's time zone, which
    /// the session adds per site.
    pub settings: Settings,
    /// Files larger than this are not read.
    pub max_file_size: u64,
    /// A hash of the file's text (what facts read under it depend on).
    pub fingerprint: u64,
    /// The configuration of the folder above its own: its `exclude` patterns apply here too.
    parent: Option<ConfigId>,
    excludes: GlobSet,
}

impl LoadedConfig {
    /// Whether this file's own `exclude` patterns match the absolute path `abs`.
    fn own_excludes(&self, abs: &Path) -> bool {
        abs.strip_prefix(&self.dir)
            .is_ok_and(|rel| self.excludes.is_match(rel))
    }

    /// The limits the file sets over their caps, unless a flag decides instead.
    fn over_caps(&self, flags: &LimitFlags) -> Vec<OverCap> {
        self.config
            .over_caps()
            .into_iter()
            .filter(|over| !flags.sets(over.cap))
            .collect()
    }
}

/// The `--config` file: the user named it, so the front end reads it (with its own rules
/// for files the user names) and hands over its text.
#[derive(Debug, Clone)]
pub struct NamedConfig {
    /// The file (absolute).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Why the session could not start: the `--config` file the user named is unusable.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", .path.display(), .error.message)]
pub struct ExplicitConfigError {
    /// The file.
    pub path: PathBuf,
    /// Its text, when it could be read (for a snippet).
    pub text: Option<String>,
    /// What is wrong, and where.
    pub error: ConfigError,
}

/// Every configuration in use, and each folder's.
#[derive(Debug)]
pub struct Configs {
    rows: Vec<LoadedConfig>,
    /// `--config`: every folder's configuration.
    explicit: Option<ConfigId>,
    by_dir: HashMap<PathBuf, ConfigId>,
    by_file: HashMap<PathBuf, ConfigId>,
    /// Findings on configuration files (unusable ones, limits over their caps), with the
    /// configuration whose severities apply to them.
    findings: Vec<(PathBuf, Diagnostic)>,
    base: Settings,
    flags: LimitFlags,
}

impl Index<ConfigId> for Configs {
    type Output = LoadedConfig;

    fn index(&self, id: ConfigId) -> &LoadedConfig {
        &self.rows[id.0 as usize]
    }
}

impl Configs {
    /// The table for a session whose rules start from `base` and whose command line gives
    /// `flags`; `explicit` is `--config`, used for every folder. `root` is where the
    /// defaults' `exclude` patterns would be relative to (there are none).
    ///
    /// # Errors
    /// When the `--config` file cannot be used.
    pub fn new(
        base: Settings,
        flags: LimitFlags,
        explicit: Option<&NamedConfig>,
        root: &Path,
    ) -> Result<Self, ExplicitConfigError> {
        let mut configs = Self {
            rows: Vec::new(),
            explicit: None,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
            findings: Vec::new(),
            base,
            flags,
        };
        configs.push(None, root.to_path_buf(), Config::default());
        if let Some(named) = explicit {
            let path = &named.path;
            let dir = path.parent().unwrap_or(root).to_path_buf();
            match parse(&named.text) {
                Ok((config, excludes)) => {
                    let id = configs.push_parsed(
                        Some(path.clone()),
                        dir,
                        (config, excludes, hash(&named.text)),
                    );
                    configs.explicit = Some(id);
                    configs.note_caps(id);
                }
                Err(error) => {
                    return Err(ExplicitConfigError {
                        path: path.clone(),
                        text: Some(named.text.clone()),
                        error,
                    });
                }
            }
        }
        Ok(configs)
    }

    /// The defaults (no `catlint.toml` anywhere above).
    #[must_use]
    pub fn defaults(&self) -> ConfigId {
        ConfigId(0)
    }

    /// The configuration of the absolute folder `dir`: `--config`, else the nearest usable
    /// `catlint.toml` at or above it (inside what the source may read), else the defaults.
    /// Each folder is looked at once.
    pub fn for_dir(&mut self, source: &dyn Source, dir: &Path) -> ConfigId {
        if let Some(id) = self.explicit {
            return id;
        }
        let mut unresolved: Vec<&Path> = Vec::new();
        let mut found = self.defaults();
        for d in dir.ancestors() {
            if !source.contains(d) {
                break;
            }
            if let Some(&id) = self.by_dir.get(d) {
                found = id;
                break;
            }
            let file = d.join(CONFIG_FILE);
            if source.is_file(&file)
                && let Some(id) = self.load(source, file, d)
            {
                found = id;
                break;
            }
            unresolved.push(d);
        }
        for d in unresolved {
            self.by_dir.insert(d.to_path_buf(), found);
        }
        found
    }

    /// Whether the absolute path `abs`, under the configuration `id`, is excluded: by its
    /// `exclude` patterns or by those of any `catlint.toml` above it.
    #[must_use]
    pub fn excludes(&self, id: ConfigId, abs: &Path) -> bool {
        let mut next = Some(id);
        while let Some(id) = next {
            let row = &self[id];
            if row.own_excludes(abs) {
                return true;
            }
            next = row.parent;
        }
        false
    }

    /// The findings on configuration files: unusable files, limits over their caps.
    #[must_use]
    pub fn findings(&self) -> &[(PathBuf, Diagnostic)] {
        &self.findings
    }

    /// Load the `catlint.toml` at `file` in the folder `dir`, once; `None` (and a finding)
    /// when it cannot be used.
    fn load(&mut self, source: &dyn Source, file: PathBuf, dir: &Path) -> Option<ConfigId> {
        if let Some(&id) = self.by_file.get(&file) {
            return Some(id);
        }
        let parsed = match read_text(source, &file) {
            Ok(text) => parse(&text).map(|(c, e)| (c, e, hash(&text))),
            Err(ReadError::Outside(outside)) => {
                let d = link_outside::diagnostic(&outside.target, &outside.root);
                self.findings.push((file, d));
                return None;
            }
            Err(e) => Err(ConfigError {
                message: format!("could not read {CONFIG_FILE}: {e}"),
                span: None,
                help: None,
            }),
        };
        match parsed {
            Ok(parsed) => {
                let parent = dir.parent().map(|above| self.for_dir(source, above));
                let id = self.push_parsed(Some(file.clone()), dir.to_path_buf(), parsed);
                self.rows[id.0 as usize].parent = parent;
                self.by_file.insert(file, id);
                self.by_dir.insert(dir.to_path_buf(), id);
                self.note_caps(id);
                Some(id)
            }
            Err(e) => {
                let d = invalid_config::diagnostic(&e.message, e.span, e.help.as_deref());
                self.findings.push((file, d));
                None
            }
        }
    }

    fn push(&mut self, file: Option<PathBuf>, dir: PathBuf, config: Config) -> ConfigId {
        self.push_parsed(file, dir, (config, GlobSet::empty(), 0))
    }

    fn push_parsed(
        &mut self,
        file: Option<PathBuf>,
        dir: PathBuf,
        (config, excludes, fingerprint): (Config, GlobSet, u64),
    ) -> ConfigId {
        let mut settings = self.base.clone();
        config.apply(&mut settings);
        self.flags.apply(&mut settings);
        let max_file_size = self
            .flags
            .max_file_size
            .or(config.max_file_size())
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        self.rows.push(LoadedConfig {
            file,
            dir,
            config,
            settings,
            max_file_size,
            fingerprint,
            parent: None,
            excludes,
        });
        ConfigId(u32::try_from(self.rows.len() - 1).unwrap_or(u32::MAX))
    }

    /// Report the limits of the configuration `id` set over their caps.
    fn note_caps(&mut self, id: ConfigId) {
        let row = &self[id];
        let Some(file) = row.file.clone() else {
            return;
        };
        let found: Vec<Diagnostic> = row
            .over_caps(&self.flags)
            .iter()
            .map(|over| {
                let cap: Cap = over.cap;
                config_limit::diagnostic(
                    cap.setting(),
                    over.value,
                    cap.max(),
                    cap.flag(),
                    over.span,
                )
            })
            .collect();
        self.findings
            .extend(found.into_iter().map(|d| (file.clone(), d)));
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Parse a `catlint.toml` and compile its `exclude` patterns.
fn parse(text: &str) -> Result<(Config, GlobSet), ConfigError> {
    let config = Config::parse(text)?;
    let mut builder = GlobSetBuilder::new();
    for pattern in &config.exclude {
        let glob = Glob::new(pattern).map_err(|e| ConfigError {
            message: format!("the `exclude` pattern `{pattern}` is invalid: {e}"),
            span: text
                .find(pattern.as_str())
                .map(|at| Span::new(at, at + pattern.len())),
            help: Some("see https://docs.rs/globset for the pattern syntax".to_owned()),
        })?;
        builder.add(glob);
    }
    let excludes = builder.build().map_err(|e| ConfigError {
        message: e.to_string(),
        span: None,
        help: None,
    })?;
    Ok((config, excludes))
}
