//! The `catlint` command.

mod baseline;
mod cli;
mod discover;
mod fix;
mod report;
mod run;
mod settings;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use catlint_core::diagnostic::Severity;
use catlint_core::engine::{Checker, Settings};
use clap::Parser;

use catlint_core::model::date::{UtcOffset, parse_date};
use catlint_core::rules::RuleId;
use cli::{
    CheckArgs, Cli, ColorChoice, Command, DumpArgs, ExplainArgs, FailOn, Format, InitArgs,
    ListFormat, RulesArgs, SchemaArgs, SchemaFor, SchemaFormat,
};

/// Exit code: no error diagnostics.
const EXIT_CLEAN: u8 = 0;
/// Exit code: at least one error diagnostic.
const EXIT_ERRORS: u8 = 1;
/// Exit code: usage, configuration or I/O problem.
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Schema(args) => schema(&args),
        Command::Rules(args) => Ok(rules(&args)),
        Command::Init(args) => init(&args),
        Command::Dump(args) => dump(&args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "catlint", &mut script);
            let _ = std::io::stdout().lock().write_all(&script);
            Ok(EXIT_CLEAN)
        }
        Command::Man => man(),
        Command::Explain(args) => explain(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn check(args: &CheckArgs) -> miette::Result<u8> {
    let started = Instant::now();
    let mut settings = Settings::default();
    if let Some(now) = &args.now {
        let date = parse_date(now).map_err(|e| {
            miette::miette!(
                help = "use a date such as 2025-06-01T00:00:00Z",
                "--now / CATLINT_NOW: {e}"
            )
        })?;
        settings.now = date.unix_seconds(UtcOffset(0));
    }
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = discover::discover(&roots, args.config.as_deref())?;
    if args.verbose {
        for path in &found.skipped {
            eprintln!(
                "skipped {}: not a term page or post of a site",
                path.display()
            );
        }
    }
    let mut checkers = run::Checkers::new(&found, &settings, args.max_file_size)?;
    let mode = catlint_core::engine::fix::FixMode {
        unsafe_fixes: args.unsafe_fixes,
    };
    let mut found = found;
    if args.diff {
        let fixed = fix::compute(&found, &checkers, mode);
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(fix::diff(&fixed).as_bytes());
        return Ok(if fixed.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERRORS
        });
    }
    let mut fix_trouble = false;
    if args.fix {
        let fixed = fix::compute(&found, &checkers, mode);
        for (path, reason) in fix::write(&fixed) {
            eprintln!("{}: not fixed: {reason}", path.display());
            fix_trouble = true;
        }
        for f in &fixed {
            for rule in &f.report.not_converging {
                eprintln!(
                    "{}: the fixes of `{rule}` did not settle after {} passes",
                    f.path.display(),
                    catlint_core::engine::fix::MAX_PASSES
                );
            }
        }
        let applied = fix::applied(&fixed);
        if !args.quiet && !applied.is_empty() {
            let total: usize = applied.values().sum();
            let per_rule: Vec<String> = applied.iter().map(|(r, n)| format!("{r} {n}")).collect();
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "fixed {} in {} ({})",
                plural(total, "problem"),
                plural(fixed.len(), "file"),
                per_rule.join(", ")
            );
        }
        if !fixed.is_empty() {
            // Report on the files as they are now.
            found = discover::discover(&roots, args.config.as_deref())?;
            checkers = run::Checkers::new(&found, &settings, args.max_file_size)?;
        }
    }
    let mut outcome = run::run(&checkers, found);
    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, &outcome)?;
        eprintln!("recorded {count} findings in {}", path.display());
        return Ok(if outcome.has_trouble() {
            EXIT_TROUBLE
        } else {
            EXIT_CLEAN
        });
    }
    let baselined = match &args.baseline {
        Some(path) => baseline::filter(path, &mut outcome)?,
        None => 0,
    };

    let ctx = report::Context::new(args.root.as_deref());
    let render = |format: Format, human_extras: bool| match format {
        Format::Json => report::json::render(&outcome),
        Format::Short => report::short::render(&outcome, &ctx),
        Format::Github => report::github::render(&outcome, &ctx),
        Format::Sarif => report::sarif::render(&outcome, &ctx),
        Format::Junit => report::junit::render(&outcome, &ctx),
        Format::Human => {
            let color = human_extras && use_color(args.color);
            let mut text = report::human::render(&outcome, color);
            if human_extras && !args.quiet {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&report::human::summary(
                    &outcome,
                    started.elapsed().as_millis(),
                ));
                if baselined > 0 {
                    text.push_str(&format!(
                        "{baselined} known findings hidden by the baseline\n"
                    ));
                }
            }
            text
        }
    };
    for spec in &args.reports {
        let text = render(spec.format, false);
        write_atomically(&spec.path, text.as_bytes()).map_err(|e| {
            miette::miette!("could not write the report {}: {e}", spec.path.display())
        })?;
    }
    if args.format == Format::Github || args.reports.iter().any(|r| r.format == Format::Github) {
        // GitHub shows 10 annotations of each kind per step: the summary lists them all.
        if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
            // A line break first: an earlier command may have left the file mid-line.
            let table = format!("\n{}", report::github::step_summary(&outcome, &ctx));
            let appended = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&summary)
                .and_then(|mut f| f.write_all(table.as_bytes()));
            if let Err(e) = appended {
                eprintln!("could not write GITHUB_STEP_SUMMARY: {e}");
            }
        }
    }
    let rendered = render(args.format, true);
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`catlint check | head`) is not an error worth reporting.
    let _ = stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush());

    let failing = match args.fail_on {
        FailOn::Error => outcome.count(Severity::Error),
        FailOn::Warning => outcome.count(Severity::Error) + outcome.count(Severity::Warning),
        FailOn::Info => outcome.diagnostics().count(),
    };
    Ok(if outcome.has_trouble() || fix_trouble {
        EXIT_TROUBLE
    } else if failing > 0 && !args.exit_zero {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn man() -> miette::Result<u8> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| miette::miette!("could not render the man page: {e}"))?;
    let _ = std::io::stdout().lock().write_all(&page);
    Ok(EXIT_CLEAN)
}

fn dump(args: &DumpArgs) -> miette::Result<u8> {
    let checker = Checker::new(catlint_schema::category_schema(), Settings::default())
        .map_err(|e| miette::miette!("{e}"))?;
    let mut out = serde_json::Map::new();
    for file in &args.files {
        let bytes = std::fs::read(file).map_err(|e| miette::miette!("{}: {e}", file.display()))?;
        let instance = checker.instance(&bytes).unwrap_or(serde_json::Value::Null);
        out.insert(file.display().to_string(), instance);
    }
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(EXIT_CLEAN)
}

fn init(args: &InitArgs) -> miette::Result<u8> {
    let target = args.dir.join(catlint_core::config::CONFIG_FILE);
    if target.exists() && !args.force {
        return Err(miette::miette!(
            help = "pass --force to overwrite it",
            "{} exists already",
            target.display()
        ));
    }
    let site = discover::site_config(&args.dir);
    let text = init_text(&site);
    write_atomically(&target, text.as_bytes())
        .map_err(|e| miette::miette!("could not write {}: {e}", target.display()))?;
    eprintln!("wrote {}", target.display());
    Ok(EXIT_CLEAN)
}

/// A commented starter configuration for a site with `site`'s taxonomies.
fn init_text(site: &catlint_core::site::SiteConfig) -> String {
    let mut text = String::from(
        "# catlint configuration — see `catlint schema --for config` for every setting.\n\
         \n\
         # Files never checked (globs relative to this folder).\n\
         exclude = []\n\
         \n\
         # The term pages of every taxonomy the site declares are checked with the category\n\
         # model. Per taxonomy you may turn that off, change the required fields, allow more.\n",
    );
    let source = if site.taxonomies_declared {
        "declared in the site configuration"
    } else {
        "Hugo's defaults: the site declares none"
    };
    text.push_str(&format!("# Taxonomies ({source}):\n"));
    for t in &site.taxonomies {
        let bare = t
            .plural
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let key = if bare {
            t.plural.clone()
        } else {
            format!("{:?}", t.plural)
        };
        text.push_str(&format!(
            "\n[taxonomies.{key}]\n# check = true\n# required = [\"title\", \"date\", \"description\", \"Instructions\", \"headline\"]\n# extra-fields = []\n# allow-unknown-fields = false\n"
        ));
    }
    text.push_str("\n# A rule's severity: \"error\", \"warning\", \"info\" or \"off\" (defaults shown).\n[rules]\n");
    for rule in RuleId::ALL {
        text.push_str(&format!(
            "# {} = \"{}\"\n",
            rule.as_str(),
            rule.default_severity()
        ));
    }
    text.push_str(
        "\n# Rule options:\n\
         # headline-content-words = { max-words = 50 }\n\
         # banned-phrase = { phrases = [\"best practices\"] }\n\
         # headline-stale = { stale-after-days = 365 }\n",
    );
    text
}

fn rules(args: &RulesArgs) -> u8 {
    let text = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = RuleId::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.as_str(),
                        "severity": r.default_severity().as_str(),
                        "fixable": r.fixable(),
                        "summary": r.summary(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Text => {
            let width = RuleId::ALL
                .iter()
                .map(|r| r.as_str().len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for r in RuleId::ALL {
                text.push_str(&format!(
                    "{:width$}  {:7}  {}  {}\n",
                    r.as_str(),
                    r.default_severity().as_str(),
                    if r.fixable() { "[*]" } else { "   " },
                    r.summary()
                ));
            }
            text
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    EXIT_CLEAN
}

fn explain(args: &ExplainArgs) -> miette::Result<u8> {
    let Some(rule) = RuleId::from_id(&args.rule) else {
        let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        return Err(miette::miette!(
            help = format!("known rules: {}", known.join(", ")),
            "there is no rule `{}`",
            args.rule
        ));
    };
    let text = format!(
        "{}\n\nDefault severity: {}. Fixable: {}.\n",
        rule.docs().trim_end(),
        rule.default_severity(),
        if rule.fixable() { "yes" } else { "no" }
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(EXIT_CLEAN)
}

fn schema(args: &SchemaArgs) -> miette::Result<u8> {
    let text = match (args.target, args.format) {
        (SchemaFor::Category, SchemaFormat::JsonSchema) => catlint_schema::category_schema_text(),
        (SchemaFor::Category, SchemaFormat::FrontmatterCms) => {
            catlint_schema::frontmatter_cms_text()
        }
        (SchemaFor::Config, SchemaFormat::JsonSchema) => catlint_schema::config_schema_text(),
        (SchemaFor::Config, SchemaFormat::FrontmatterCms) => {
            return Err(miette::miette!(
                "Front Matter CMS describes pages, not catlint.toml: use `--for category`"
            ));
        }
    };
    match &args.output {
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
        Some(path) => write_atomically(path, text.as_bytes())
            .map_err(|e| miette::miette!("could not write {}: {e}", path.display()))?,
    }
    Ok(EXIT_CLEAN)
}

/// Write through a temporary file in the same directory, then rename over the target.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.catlint-{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
