//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint the front matter of Hugo taxonomy pages (categories, tags, concepts).
///
/// catlint reads each category page's front matter (YAML, TOML or JSON), validates it
/// against the JSON Schema generated from its model, and points at the exact key or value
/// of every problem.
#[derive(Debug, Parser)]
#[command(
    name = "catlint",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  catlint check                        check every term page under the current directory\n  catlint check site/content/categories   check one folder (against the whole site)\n  catlint check --fix                  apply safe fixes\n  catlint check --format json site     machine-readable output\n  catlint init                         a catlint.toml that fits the site's term pages\n\nExit codes: 0 no errors (warnings allowed), 1 error diagnostics, 2 usage, configuration\nor I/O error (an unreadable path, a bad catlint.toml, an internal error)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check taxonomy term pages (categories, tags, …) and report problems.
    #[command(
        after_help = "Examples:\n  catlint check                          the current directory\n  catlint check content/categories/lean/_index.md   one page (the site is still indexed)\n  catlint check --diff                   what --fix would change\n  catlint check --format github --report sarif=catlint.sarif\n  catlint check --quiet --color never site\n\nWhich files: the Hugo site around each path is found by its configuration (hugo.*,\nconfig.*, config/_default/); the term pages of every declared taxonomy are checked,\n<content>/<taxonomy>/<term>/_index.md (or _index.<lang>.md) or <taxonomy>/<term>.md,\nand every other page is read for the terms it lists. Outside a site, pages in a\n`categories/` or `tags/` folder are checked. Directories are walked honouring\n.gitignore and .ignore; hidden files are skipped. Settings: catlint.toml (see\n`catlint init`).\n\nExit codes: 0 no errors (warnings allowed; see --fail-on), 1 error diagnostics, 2 usage,\nconfiguration or I/O error (every readable file is still checked)."
    )]
    Check(CheckArgs),
    /// Write a catlint.toml that fits the Hugo site in DIR, inferred from its term pages.
    #[command(
        long_about = "Write a catlint.toml that fits the Hugo site in DIR, inferred from its term pages.\n\nPer taxonomy (and per undeclared section laid out as term pages) it reads the term pages and decides, with a comment saying what it saw: the category model stays when most pages have all its required fields, else `required` lists what (nearly) every page has; fields the model does not know that the pages share (a theme's) become `extra-fields`, or `allow-unknown-fields = true` when they vary from page to page (never when a misspelt field would go unreported); an undeclared section laid out as term pages, whose name pages list terms under, gets `check = true`. It reads the pages `catlint check` reads, with the `exclude` and `content-dirs` of an existing catlint.toml (kept in the new file). Rules and their options are listed commented out, with their defaults.",
        after_help = "Examples:\n  catlint init              write ./catlint.toml for the site in this folder\n  catlint init --print site show what it would write for the site in site/"
    )]
    Init(InitArgs),
    /// List the rules: id, default severity, whether fixable, summary.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    #[command(after_help = "Example:\n  catlint explain unknown-field")]
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  catlint completions bash > ~/.local/share/bash-completion/completions/catlint\n  catlint completions zsh > ~/.zfunc/_catlint"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `catlint man > catlint.1`.
    Man,
    /// Run the language server over stdio (for editors): live diagnostics, quick fixes,
    /// hover and completion.
    #[command(
        after_help = "Editors start it themselves; see docs/editors.md for Neovim, Helix and VS Code.\n\nThe server finds the Hugo sites under the editor's workspace folders and their\ncatlint.toml, indexes every term page and post once, and keeps the index current from\nopen buffers and file change notifications. Diagnostics are the same as `catlint check`:\npublished at once when a page is opened or saved, and after --debounce-ms of quiet while\nit is edited."
    )]
    Lsp(LspArgs),
    /// Print the front matter of pages as the JSON that is validated (keys in canonical
    /// spelling), for checking catlint's schema with another validator.
    #[command(hide = true)]
    Dump(DumpArgs),
    /// Print the JSON Schema (draft-07) of category front matter, or of catlint.toml.
    #[command(
        after_help = "Examples:\n  catlint schema                 print to standard output\n  catlint schema --output schemas/category.schema.json\n  catlint schema --for config --output schemas/catlint.schema.json\n  catlint schema --format frontmatter-cms --output frontmatter.json"
    )]
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check [default: .]
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,

    /// Also write a report in another format to a file, e.g. `--report sarif=catlint.sarif`
    /// (repeatable; one run, several reports)
    #[arg(long = "report", value_name = "FORMAT=FILE")]
    pub(crate) reports: Vec<ReportSpec>,

    /// The repository root: paths in SARIF, GitHub and JUnit output are relative to it, and
    /// catlint reads and writes nothing outside it (links out are reported as `link-outside`)
    /// [default: for output, the nearest folder with .git above the working directory; for
    /// reading, that of each PATH, else its Hugo site, else PATH itself]
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,

    /// Read pages and folders behind symbolic links that lead outside the repository (and
    /// walk linked folders), instead of reporting them as `link-outside`; nothing is ever
    /// written outside the repository
    #[arg(long)]
    pub(crate) follow_links: bool,

    /// Print only the diagnostics: no summary line.
    #[arg(short, long)]
    pub(crate) quiet: bool,

    /// Also say which files passed by name were skipped, and why.
    #[arg(short, long, conflicts_with = "quiet")]
    pub(crate) verbose: bool,

    /// When to use colours (NO_COLOR in the environment means never, unless `always`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    /// Files larger than this many bytes are reported as `file-too-large` and not read
    /// [default: `max-file-size` of catlint.toml (at most 100000000), else 10000000]
    #[arg(long, value_name = "BYTES", help_heading = "Limits")]
    pub(crate) max_file_size: Option<u64>,

    /// Deepest nesting of mappings and lists in front matter [default: `[limits]` of
    /// catlint.toml (at most 256), else 64]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024), help_heading = "Limits")]
    pub(crate) max_depth: Option<u16>,

    /// Most values YAML aliases may expand to in one page [default: `[limits]` of
    /// catlint.toml (at most 100000), else 10000]
    #[arg(long, value_name = "N", help_heading = "Limits")]
    pub(crate) max_alias_nodes: Option<usize>,

    /// Largest front matter in bytes [default: `[limits]` of catlint.toml (at most
    /// 16777216), else 1048576]
    #[arg(long, value_name = "BYTES", help_heading = "Limits")]
    pub(crate) max_frontmatter_bytes: Option<usize>,

    /// Apply safe fixes to the files, then report what remains
    #[arg(long, conflicts_with = "diff")]
    pub(crate) fix: bool,

    /// With --fix or --diff: also apply unsafe fixes (judgement calls)
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change and write nothing (exit 1 if anything
    /// would change)
    #[arg(long)]
    pub(crate) diff: bool,

    /// Record every finding of this run in FILE (exit code 0 unless a path could not be
    /// read), for `--baseline`
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,

    /// Report only findings that are not recorded in the baseline FILE
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,

    /// Exit with 0 even when there are error diagnostics (2 still means trouble)
    #[arg(long)]
    pub(crate) exit_zero: bool,

    /// The least severity that makes the run fail with exit code 1
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub(crate) fail_on: FailOn,

    /// Keep each site's index cache in DIR instead of `<site>/.catlint_cache`
    #[arg(long, value_name = "DIR", env = "CATLINT_CACHE_DIR")]
    pub(crate) cache_dir: Option<PathBuf>,

    /// Read every page of the site instead of reusing the index cache (and write none);
    /// the results are the same either way. `CATLINT_NO_CACHE=1` (or true, yes, on) does
    /// the same
    #[arg(
        long,
        env = "CATLINT_NO_CACHE",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub(crate) no_cache: bool,

    /// Use this configuration file instead of the nearest `catlint.toml` above each site
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Take this date as "now" (e.g. 2025-06-01T00:00:00Z), for reproducible runs of
    /// time-dependent rules (`future-date`; `headline-stale` once `stale-after-days` is set)
    /// [default: the system clock]
    #[arg(long, value_name = "DATE", env = "CATLINT_NOW")]
    pub(crate) now: Option<String>,
}

impl CheckArgs {
    /// The limits given on the command line.
    pub(crate) fn limit_flags(&self) -> catlint_core::project::config::LimitFlags {
        catlint_core::project::config::LimitFlags {
            max_file_size: self.max_file_size,
            max_depth: self.max_depth.map(usize::from),
            max_alias_nodes: self.max_alias_nodes,
            max_frontmatter_bytes: self.max_frontmatter_bytes,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct LspArgs {
    /// Use this configuration file instead of the nearest `catlint.toml` above each site
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,

    /// Check an edited document once it has been unchanged for this many milliseconds
    #[arg(long, value_name = "MS", default_value_t = crate::lsp::DEFAULT_DEBOUNCE_MS)]
    pub(crate) debounce_ms: u64,

    /// Log each check and its duration to standard error (editors show it in their LSP log)
    #[arg(short, long)]
    pub(crate) verbose: bool,

    /// Take this date as "now" for time-dependent rules [default: the system clock]
    #[arg(long, value_name = "DATE", env = "CATLINT_NOW")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct DumpArgs {
    /// Page files.
    #[arg(value_name = "FILE", required = true)]
    pub(crate) files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The site folder (where hugo.toml or hugo.yaml is)
    #[arg(value_name = "DIR", default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Overwrite an existing catlint.toml.
    #[arg(long)]
    pub(crate) force: bool,
    /// Print the file to stdout instead of writing it (an existing catlint.toml is left
    /// alone).
    #[arg(long)]
    pub(crate) print: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The rule id, e.g. `unknown-field`.
    #[arg(value_name = "RULE")]
    pub(crate) rule: String,
}

/// The least severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any diagnostic.
    Info,
}

/// How `catlint rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// An aligned table.
    Text,
    /// A JSON array.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which schema: of category front matter, or of catlint.toml.
    #[arg(long = "for", value_enum, default_value_t = SchemaFor::Category, value_name = "WHAT")]
    pub(crate) target: SchemaFor,

    /// JSON Schema (draft-07), or the content type of Front Matter CMS (category only).
    #[arg(long, value_enum, default_value_t = SchemaFormat::JsonSchema)]
    pub(crate) format: SchemaFormat,

    /// Write the schema to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// What `catlint schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaFor {
    /// The front matter of category (term) pages.
    Category,
    /// The front matter of any Hugo content page (Hugo's own fields; any other allowed).
    Page,
    /// `catlint.toml`.
    Config,
}

/// How `catlint schema` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaFormat {
    /// JSON Schema, draft-07 (editors, the YAML language server, validators).
    JsonSchema,
    /// `frontmatter.json` content type for Front Matter CMS.
    FrontmatterCms,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Annotated source snippets for people.
    Human,
    /// One JSON document (the machine contract, see README).
    Json,
    /// `path:line:col: severity[rule] message`, one line each.
    Short,
    /// GitHub Actions annotations (and a step summary when GITHUB_STEP_SUMMARY is set).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for GitLab, Jenkins and other CI systems.
    Junit,
}

/// `FORMAT=FILE` of `--report`.
#[derive(Debug, Clone)]
pub(crate) struct ReportSpec {
    pub(crate) format: Format,
    pub(crate) path: PathBuf,
}

impl std::str::FromStr for ReportSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (format, path) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not FORMAT=FILE (e.g. sarif=catlint.sarif)"))?;
        let format = <Format as ValueEnum>::from_str(format, true).map_err(|_| {
            format!("`{format}` is not a format (human, json, short, github, sarif, junit)")
        })?;
        if path.is_empty() {
            return Err("the file name is missing after `=`".to_owned());
        }
        Ok(Self {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
