//! Finding and loading `catlint.toml`; a bad configuration is a miette report (exit 2).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use catlint_core::config::{CONFIG_FILE, Cap, Config};
use catlint_core::engine::Settings;
use catlint_core::model::date::{UtcOffset, parse_date};
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::boundary::{Boundary, Escape};
use miette::{LabeledSpan, NamedSource, Report};

/// A configuration and where it applies.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// The configuration (the default one when no file was found).
    pub(crate) config: Config,
    /// The file it was read from (`None` for the default).
    pub(crate) file: Option<PathBuf>,
    /// The folder `exclude` patterns are relative to.
    pub(crate) dir: PathBuf,
    /// The compiled `exclude` patterns.
    excludes: GlobSet,
}

impl Loaded {
    /// The default configuration, applying at `dir`.
    pub(crate) fn default_at(dir: PathBuf) -> Self {
        Self {
            config: Config::default(),
            file: None,
            dir,
            excludes: GlobSet::empty(),
        }
    }

    /// Whether the absolute path `abs` is excluded.
    pub(crate) fn excludes(&self, abs: &Path) -> bool {
        abs.strip_prefix(&self.dir)
            .is_ok_and(|rel| self.excludes.is_match(rel))
    }
}

/// The engine settings of the command line: the defaults, with "now" taken from `--now` /
/// `CATLINT_NOW` when given.
///
/// # Errors
/// A report when the date does not parse.
pub(crate) fn engine_settings(now: Option<&str>) -> Result<Settings, Report> {
    let mut settings = Settings::default();
    if let Some(now) = now {
        let date = parse_date(now).map_err(|e| {
            miette::miette!(
                help = "use a date such as 2025-06-01T00:00:00Z",
                "--now / CATLINT_NOW: {e}"
            )
        })?;
        settings.now = date.unix_seconds(UtcOffset(0));
    }
    Ok(settings)
}

/// The limits given on the command line: they win over `catlint.toml`, and only they may go
/// past the caps a `catlint.toml` is held to (see [`catlint_core::config::Cap`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LimitFlags {
    /// `--max-file-size`.
    pub(crate) max_file_size: Option<u64>,
    /// `--max-depth`.
    pub(crate) max_depth: Option<usize>,
    /// `--max-alias-nodes`.
    pub(crate) max_alias_nodes: Option<usize>,
    /// `--max-frontmatter-bytes`.
    pub(crate) max_frontmatter_bytes: Option<usize>,
}

impl LimitFlags {
    /// Whether the flag of `cap` was given.
    pub(crate) fn sets(&self, cap: Cap) -> bool {
        match cap {
            Cap::MaxFileSize => self.max_file_size.is_some(),
            Cap::MaxDepth => self.max_depth.is_some(),
            Cap::MaxAliasNodes => self.max_alias_nodes.is_some(),
            Cap::MaxFrontmatterBytes => self.max_frontmatter_bytes.is_some(),
        }
    }

    /// Set the parser limits given on the command line.
    pub(crate) fn apply(&self, settings: &mut Settings) {
        let limits = &mut settings.limits;
        limits.max_depth = self.max_depth.unwrap_or(limits.max_depth);
        limits.max_alias_nodes = self.max_alias_nodes.unwrap_or(limits.max_alias_nodes);
        limits.max_frontmatter_bytes = self
            .max_frontmatter_bytes
            .unwrap_or(limits.max_frontmatter_bytes);
    }
}

/// Read and validate a `catlint.toml`.
pub(crate) fn load(path: &Path, abs_dir: PathBuf) -> Result<Loaded, Report> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette::miette!("could not read {}: {e}", path.display()))?;
    let config = Config::parse(&text).map_err(|e| {
        let labels: Vec<LabeledSpan> = e
            .span
            .map(|s| LabeledSpan::at(s.start..s.end, "here"))
            .into_iter()
            .collect();
        let report = miette::miette!(
            labels = labels,
            help = e.help.clone().unwrap_or_default(),
            "{}",
            e.message
        );
        report.with_source_code(NamedSource::new(path.display().to_string(), text.clone()))
    })?;
    let mut builder = GlobSetBuilder::new();
    for pattern in &config.exclude {
        let glob = Glob::new(pattern).map_err(|e| {
            miette::miette!(
                "{}: `exclude` pattern `{pattern}` is invalid: {e}",
                path.display()
            )
        })?;
        builder.add(glob);
    }
    let excludes = builder
        .build()
        .map_err(|e| miette::miette!("{}: {e}", path.display()))?;
    Ok(Loaded {
        config,
        file: Some(path.to_path_buf()),
        dir: abs_dir,
        excludes,
    })
}

/// Resolves the configuration of a folder: `--config`, else the nearest `catlint.toml` at
/// or above it, else the default. Each file is loaded once.
pub(crate) struct Resolver {
    explicit: Option<usize>,
    loaded: Vec<Loaded>,
    by_file: HashMap<PathBuf, usize>,
    by_dir: HashMap<PathBuf, usize>,
    /// Files outside it are not read (a `catlint.toml` that is a link out of the repository
    /// counts as absent).
    boundary: Boundary,
    /// The `catlint.toml` files that were not read because they lead outside the boundary.
    outside: Vec<Escape>,
}

impl Resolver {
    /// A resolver; `explicit` is the `--config` file, if given.
    pub(crate) fn new(
        explicit: Option<&Path>,
        cwd: &Path,
        boundary: Boundary,
    ) -> Result<Self, Report> {
        let mut resolver = Self {
            explicit: None,
            loaded: vec![Loaded::default_at(cwd.to_path_buf())],
            by_file: HashMap::new(),
            by_dir: HashMap::new(),
            boundary,
            outside: Vec::new(),
        };
        if let Some(path) = explicit {
            let abs = cwd.join(path);
            let dir = abs
                .parent()
                .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
            resolver.loaded.push(load(path, dir)?);
            resolver.explicit = Some(1);
        }
        Ok(resolver)
    }

    /// The index of the configuration of the absolute folder `dir`. Each folder is looked
    /// at once: the answer for a folder without a `catlint.toml` is its parent's.
    pub(crate) fn for_dir(&mut self, dir: &Path) -> Result<usize, Report> {
        if let Some(i) = self.explicit {
            return Ok(i);
        }
        let mut unresolved: Vec<&Path> = Vec::new();
        let mut index = 0;
        for d in dir.ancestors() {
            if let Some(&i) = self.by_dir.get(d) {
                index = i;
                break;
            }
            let file = d.join(CONFIG_FILE);
            if file.is_file() {
                match self.boundary.check_read(&file) {
                    Ok(()) => {
                        index = self.load_file(file, d)?;
                        break;
                    }
                    Err(escape) => self.outside.push(escape),
                }
            }
            unresolved.push(d);
        }
        for d in unresolved {
            self.by_dir.insert(d.to_path_buf(), index);
        }
        Ok(index)
    }

    /// Load the `catlint.toml` at `file` in the folder `dir`, once.
    fn load_file(&mut self, file: PathBuf, dir: &Path) -> Result<usize, Report> {
        if let Some(&i) = self.by_file.get(&file) {
            return Ok(i);
        }
        self.loaded.push(load(&file, dir.to_path_buf())?);
        let i = self.loaded.len() - 1;
        self.by_file.insert(file, i);
        self.by_dir.insert(dir.to_path_buf(), i);
        Ok(i)
    }

    /// The loaded configurations, by index; and the files not read because they lead
    /// outside the boundary.
    pub(crate) fn into_loaded(self) -> (Vec<Loaded>, Vec<Escape>) {
        (self.loaded, self.outside)
    }

    /// The configuration at `index`.
    pub(crate) fn get(&self, index: usize) -> &Loaded {
        &self.loaded[index]
    }
}
