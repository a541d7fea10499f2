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
use catlint_core::frontmatter::Limits;
use clap::Parser;

use cli::{CheckArgs, Cli, ColorChoice, Command, Format, SchemaArgs};

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
    let checker = Checker::new(catlint_schema::category_schema(), Limits::default())
        .map_err(|e| miette::miette!("{e}"))?;
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = discover::discover(&roots);
    if args.verbose {
        for path in &found.skipped {
            eprintln!("skipped {}: not a category page", path.display());
        }
    }
    let outcome = run::run(&checker, &found.pages, found.errors, args.max_file_size);

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

    Ok(if outcome.has_io_errors() {
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
