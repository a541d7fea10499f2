//! The `catlint` command.

mod baseline;
mod boundary;
mod cache;
mod check;
mod cli;
mod commands;
mod disk;
mod fix;
mod lsp;
mod report;
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

/// Write a file the user named (a report, a baseline, `catlint init`'s catlint.toml): never
/// into a folder, nor through a link, that leads out of `boundary` from inside it (see
/// [`boundary::Boundary::check_new_file`]). Atomically: a temporary file with a fresh
/// name in the same folder, renamed over the target; a link that stays inside the boundary
/// is written through.
pub(crate) fn write_file(
    path: &Path,
    bytes: &[u8],
    boundary: &boundary::Boundary,
) -> std::io::Result<()> {
    if let Err(escape) = boundary.check_new_file(path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} leads outside the repository, to {}; catlint writes nothing there",
                escape.path.display(),
                escape.target.display()
            ),
        ));
    }
    write_atomically(path, bytes)
}

/// Write through a temporary file with a fresh name in the same directory, then rename over
/// the target (over a link's target when `path` is a link).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if is_link {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".catlint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // The target's permissions when it exists; else those of a file made by `std::fs::write`
    // with the usual umask (the temporary file starts private).
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) => meta.permissions(),
        Err(_) => new_file_permissions(tmp.as_file())?,
    };
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(&target).map(|_| ()).map_err(|e| e.error)
}

#[cfg(unix)]
fn new_file_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}
