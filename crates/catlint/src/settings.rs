//! What the front ends give the site session: the rules' settings of the command line
//! ("now"), the paths as users read them, and a broken `--config` as a miette report.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use catlint_core::model::date::{UtcOffset, parse_date};
use catlint_core::project::configs::{ExplicitConfigError, NamedConfig};
use catlint_core::rules::Settings;
use catlint_core::site::hugo::normalize;
use catlint_core::site::source::MAX_CONFIG_BYTES;
use miette::{LabeledSpan, NamedSource, Report};

/// The rules' settings of the command line: the defaults, with "now" taken from `--now` /
/// `CATLINT_NOW` when given, else from the system clock.
///
/// # Errors
/// A report when the date does not parse.
pub(crate) fn engine_settings(now: Option<&str>) -> Result<Settings, Report> {
    let mut settings = Settings {
        now: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        ..Settings::default()
    };
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

/// Read the `--config` file `path` (relative to `cwd`). The user named it: a file outside
/// the repository is theirs to choose, but one in it that leads out of it is not read.
///
/// # Errors
/// When it cannot be read, or leads outside the repository.
pub(crate) fn named_config(
    path: &Path,
    cwd: &Path,
    boundary: &crate::boundary::Boundary,
) -> Result<NamedConfig, Report> {
    let abs = normalize(&cwd.join(path));
    boundary.check_named(&abs).map_err(|escape| {
        miette::miette!(
            "--config {}: it leads outside the repository, to {}; it was not read",
            path.display(),
            escape.target.display()
        )
    })?;
    // Any file the user names, `/dev/null` included; never more than a configuration's size.
    let mut bytes = Vec::new();
    std::fs::File::open(&abs)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| miette::miette!("could not read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(miette::miette!(
            "{} is too large for a catlint.toml",
            path.display()
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| miette::miette!("{} is not UTF-8 text", path.display()))?;
    Ok(NamedConfig { path: abs, text })
}

/// The report of a `--config` file that cannot be used: on the offending key, with its help.
pub(crate) fn config_report(e: ExplicitConfigError) -> Report {
    let labels: Vec<LabeledSpan> = e
        .error
        .span
        .map(|s| LabeledSpan::at(s.start..s.end, "here"))
        .into_iter()
        .collect();
    let report = miette::miette!(
        labels = labels,
        help = e.error.help.clone().unwrap_or_default(),
        "{}: {}",
        e.path.display(),
        e.error.message
    );
    match e.text {
        Some(text) => report.with_source_code(NamedSource::new(e.path.display().to_string(), text)),
        None => report,
    }
}

/// The path as users read it: relative to the working directory (with `..` where needed).
pub(crate) fn shown_path(abs: &Path, cwd: &Path) -> PathBuf {
    catlint_core::site::hugo::relative_to(abs, cwd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_are_relative_to_the_working_directory() {
        let cwd = Path::new("/work/main");
        assert_eq!(
            shown_path(Path::new("/work/main/a/b.md"), cwd),
            PathBuf::from("a/b.md")
        );
        assert_eq!(
            shown_path(Path::new("/work/shared/c.md"), cwd),
            PathBuf::from("../shared/c.md")
        );
        assert_eq!(
            shown_path(Path::new("/work/main/./x/../y.md"), cwd),
            PathBuf::from("y.md")
        );
    }
}
