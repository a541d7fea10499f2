//! `catlint check`: a thin driver over the site session — open it on the paths, (fix,)
//! index and report, render, and say the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use catlint_core::diagnostic::Severity;
use catlint_core::project::fix::FixMode;
use catlint_core::project::{NoCache, Options, Session};
use catlint_core::site::hugo::normalize;

use crate::boundary::Boundary;
use crate::cache::{CacheDir, DiskCache};
use crate::cli::{CheckArgs, ColorChoice, FailOn, Format};
use crate::disk::Disk;
use crate::report::{self, FileResult, Findings, Results};
use crate::settings::{config_report, shown_path};
use crate::{EXIT_CLEAN, EXIT_ERRORS, EXIT_TROUBLE, baseline, fix, write_file};

/// Run `catlint check`.
pub(crate) fn check(args: &CheckArgs) -> miette::Result<u8> {
    let started = Instant::now();
    let run = Run::new(args)?;
    let mut session = run.open()?;
    if args.verbose {
        for path in session.skipped() {
            eprintln!(
                "skipped {}: not a term page or post of a site",
                run.shown(path, session.site_of(path).is_some()).display()
            );
        }
    }
    let mode = FixMode {
        unsafe_fixes: args.unsafe_fixes,
    };
    if args.diff {
        let fixed = fix::compute(&session, &run.disk, mode, &|p| {
            run.shown(p, !session.loose().contains_key(p))
        });
        let _ = std::io::stdout()
            .lock()
            .write_all(fix::diff(&fixed).as_bytes());
        return Ok(if fixed.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERRORS
        });
    }
    let mut fix_trouble = false;
    if args.fix {
        let fixed = fix::compute(&session, &run.disk, mode, &|p| {
            run.shown(p, !session.loose().contains_key(p))
        });
        fix_trouble = fix::write_and_tell(&fixed, run.disk.boundary(), args.quiet);
        if !fixed.is_empty() {
            // Report on the files as they are now.
            session = run.open()?;
        }
    }
    let cache = DiskCache::new(run.cache_dir(args), run.disk.boundary().clone());
    match run.cache_dir(args) {
        CacheDir::Off => session.index(&run.disk, &NoCache),
        _ => session.index(&run.disk, &cache),
    }
    for notice in cache.notices() {
        eprintln!("catlint: {notice}");
    }
    if args.verbose {
        for note in cache.notes() {
            let written = match &note.written {
                Ok(true) => "updated".to_owned(),
                Ok(false) => "unchanged".to_owned(),
                Err(e) => format!("not written: {e}"),
            };
            eprintln!(
                "index cache {}: {} of {} pages reused; {written}",
                shown_path(&note.file, &run.cwd).display(),
                note.reused,
                note.pages
            );
        }
    }
    let mut outcome = run.results(session);
    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, &outcome, run.disk.boundary())?;
        eprintln!("recorded {count} findings in {}", path.display());
        return Ok(if outcome.has_trouble() {
            EXIT_TROUBLE
        } else {
            EXIT_CLEAN
        });
    }
    let baselined = match &args.baseline {
        Some(path) => baseline::filter(path, &mut outcome, run.disk.boundary())?,
        None => 0,
    };
    output(args, &outcome, run.disk.boundary(), started, baselined)?;
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

/// What a run is opened with.
struct Run {
    cwd: PathBuf,
    /// The paths named as absolute paths (normalised, and as given): files under them are
    /// shown under the path as given.
    absolute: Vec<(PathBuf, PathBuf)>,
    disk: Disk,
    targets: Vec<PathBuf>,
    options: Options,
}

impl Run {
    fn new(args: &CheckArgs) -> miette::Result<Self> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let roots = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        let boundary = Boundary::for_paths(args.root.as_deref(), &roots, &cwd, args.follow_links)
            .map_err(|e| miette::miette!("{e}"))?;
        let config = match &args.config {
            Some(path) => Some(crate::settings::named_config(path, &cwd, &boundary)?),
            None => None,
        };
        let options = Options {
            settings: crate::settings::engine_settings(args.now.as_deref())?,
            flags: args.limit_flags(),
            config,
            report_named: true,
            cwd: cwd.clone(),
        };
        Ok(Self {
            absolute: roots
                .iter()
                .filter(|r| r.is_absolute())
                .map(|r| (normalize(r), r.clone()))
                .collect(),
            targets: roots.iter().map(|r| normalize(&cwd.join(r))).collect(),
            disk: Disk::new(boundary),
            cwd,
            options,
        })
    }

    fn open(&self) -> miette::Result<Session> {
        Session::open(&self.disk, self.options.clone(), &self.targets).map_err(config_report)
    }

    /// A path as users read it: a page of a site, or any file the session found, relative
    /// to the working directory; a term page outside any site (`in_site` false), or a path
    /// named on the command line, as the user wrote it.
    fn shown(&self, path: &Path, in_site: bool) -> PathBuf {
        if !in_site || self.targets.iter().any(|t| t == path) {
            for (normalized, given) in &self.absolute {
                if let Ok(rest) = path.strip_prefix(normalized) {
                    return if rest.as_os_str().is_empty() {
                        given.clone()
                    } else {
                        given.join(rest)
                    };
                }
            }
        }
        shown_path(path, &self.cwd)
    }

    fn cache_dir(&self, args: &CheckArgs) -> CacheDir {
        if args.no_cache {
            CacheDir::Off
        } else {
            args.cache_dir.as_ref().map_or(CacheDir::InSite, |d| {
                CacheDir::At(normalize(&self.cwd.join(d)))
            })
        }
    }

    /// The session's report as the renderers read it: paths as users read them, in order.
    fn results(&self, session: Session) -> Results {
        let report = session.into_report();
        let mut files: Vec<FileResult> = report
            .files
            .into_iter()
            .map(|f| FileResult {
                path: self.shown(&f.path, f.in_site),
                source: f.source,
                diagnostics: f.diagnostics,
                model_page: f.model_page,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Results {
            files,
            files_checked: report.files_checked,
            term_pages: report.term_pages,
        }
    }
}

/// Write the reports to their files, the step summary, and the terminal output.
fn output(
    args: &CheckArgs,
    outcome: &Results,
    boundary: &Boundary,
    started: Instant,
    baselined: usize,
) -> miette::Result<()> {
    let ctx = report::Context::new(args.root.as_deref());
    // A report as a file holds the findings alone: no colour, no summary line.
    let render = |format: Format| match format {
        Format::Json => report::json::render(outcome),
        Format::Short => report::short::render(outcome, &ctx),
        Format::Github => report::github::render(outcome, &ctx),
        Format::Sarif => report::sarif::render(outcome, &ctx),
        Format::Junit => report::junit::render(outcome, &ctx),
        Format::Human => report::human::render(outcome, false),
    };
    for spec in &args.reports {
        let text = render(spec.format);
        write_file(&spec.path, text.as_bytes(), boundary).map_err(|e| {
            miette::miette!("could not write the report {}: {e}", spec.path.display())
        })?;
    }
    if args.format == Format::Github || args.reports.iter().any(|r| r.format == Format::Github) {
        step_summary(outcome, &ctx);
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    // The two formats that grow largest are written as they are made; the others are small.
    // A closed pipe (`catlint check | head`) is not an error worth reporting.
    let _ = match args.format {
        Format::Json => report::json::write(outcome, &mut stdout),
        Format::Human => report::human::write(outcome, use_color(args.color), &mut stdout)
            .and_then(|()| {
                let mut tail = String::new();
                if !args.quiet {
                    if !outcome.files.is_empty() {
                        tail.push('\n');
                    }
                    tail.push_str(&report::human::summary(
                        outcome,
                        started.elapsed().as_millis(),
                    ));
                    if baselined > 0 {
                        tail.push_str(&format!(
                            "{baselined} known findings hidden by the baseline\n"
                        ));
                    }
                }
                stdout.write_all(tail.as_bytes())
            }),
        format => stdout.write_all(render(format).as_bytes()),
    }
    .and_then(|()| stdout.flush());
    Ok(())
}

/// GitHub shows 10 annotations of each kind per step: the step summary lists them all.
fn step_summary(outcome: &Results, ctx: &report::Context) {
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
        // A line break first: an earlier command may have left the file mid-line.
        let table = format!("\n{}", report::github::step_summary(outcome, ctx));
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
