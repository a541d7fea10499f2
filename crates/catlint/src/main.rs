//! The `catlint` command.

mod cli;
mod discover;
mod report;
mod run;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use catlint_core::diagnostic::Severity;
use catlint_core::engine::Checker;
use catlint_core::engine::Settings;
use clap::Parser;

use catlint_core::model::date::{UtcOffset, parse_date};
use catlint_core::rules::RuleId;
use cli::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, Format, ListFormat, RulesArgs, SchemaArgs,
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
    let checker = Checker::new(catlint_schema::category_schema(), settings)
        .map_err(|e| miette::miette!("{e}"))?;
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = discover::discover(&roots);
    if args.verbose {
        for path in &found.skipped {
            eprintln!(
                "skipped {}: not a term page or post of a site",
                path.display()
            );
        }
    }
    let outcome = run::run(&checker, found, args.max_file_size);

    let rendered = match args.format {
        Format::Json => report::json::render(&outcome),
        Format::Human => {
            let mut text = report::human::render(&outcome, use_color(args.color));
            if !args.quiet {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&report::human::summary(
                    &outcome,
                    started.elapsed().as_millis(),
                ));
            }
            text
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`catlint check | head`) is not an error worth reporting.
    let _ = stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush());

    Ok(if outcome.has_trouble() {
        EXIT_TROUBLE
    } else if outcome.count(Severity::Error) > 0 {
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

fn rules(args: &RulesArgs) -> u8 {
    let text = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = RuleId::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.as_str(),
                        "severity": r.default_severity().as_str(),
                        "fixable": false,
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
                    "{:width$}  {:7}  {}\n",
                    r.as_str(),
                    r.default_severity().as_str(),
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
        "{}\n\nDefault severity: {}. Fixable: no.\n",
        rule.docs().trim_end(),
        rule.default_severity()
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(EXIT_CLEAN)
}

fn schema(args: &SchemaArgs) -> miette::Result<u8> {
    let text = catlint_schema::category_schema_text();
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
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
