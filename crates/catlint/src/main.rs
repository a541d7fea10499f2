//! The `catlint` command.

mod baseline;
mod cache;
mod check;
mod cli;
mod commands;
mod discover;
mod fix;
mod lsp;
mod report;
mod run;
mod settings;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// Exit code: no error diagnostics.
const EXIT_CLEAN: u8 = 0;
/// Exit code: at least one error diagnostic.
const EXIT_ERRORS: u8 = 1;
/// Exit code: usage, configuration or I/O problem.
const EXIT_TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::check(&args),
        Command::Schema(args) => commands::schema(&args),
        Command::Rules(args) => Ok(commands::rules(&args)),
        Command::Init(args) => commands::init(&args),
        Command::Dump(args) => commands::dump(&args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut command, "catlint", &mut script);
            let _ = std::io::stdout().lock().write_all(&script);
            Ok(EXIT_CLEAN)
        }
        Command::Man => commands::man(),
        Command::Explain(args) => commands::explain(&args),
        Command::Lsp(args) => lsp::serve(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
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
