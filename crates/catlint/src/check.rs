//! `catlint check`: discover, (fix,) check, report, and the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use catlint_core::diagnostic::Severity;

use crate::boundary::Boundary;
use crate::cache::CacheDir;
use crate::cli::{CheckArgs, ColorChoice, FailOn, Format};
use crate::{
    EXIT_CLEAN, EXIT_ERRORS, EXIT_TROUBLE, baseline, discover, fix, report, run, write_file,
};

/// Run `catlint check`.
pub(crate) fn check(args: &CheckArgs) -> miette::Result<u8> {
    let started = Instant::now();
    let settings = crate::settings::engine_settings(args.now.as_deref())?;
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let boundary = Boundary::for_paths(args.root.as_deref(), &roots, &cwd, args.follow_links);
    let found = discover::discover(&roots, args.config.as_deref(), &boundary)?;
    if args.verbose {
        for path in &found.skipped {
            eprintln!(
                "skipped {}: not a term page or post of a site",
                path.display()
            );
        }
    }
    let mut checkers = run::Checkers::new(&found, &settings, &args.limit_flags())?;
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
        for (path, reason) in fix::write(&fixed, &boundary) {
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
            found = discover::discover(&roots, args.config.as_deref(), &boundary)?;
            checkers = run::Checkers::new(&found, &settings, &args.limit_flags())?;
        }
    }
    let cache_dir = if args.no_cache {
        CacheDir::Off
    } else {
        args.cache_dir
            .clone()
            .map_or(CacheDir::InSite, CacheDir::At)
    };
    let mut outcome = run::run(&checkers, found, &cache_dir);
    for notice in &outcome.notices {
        eprintln!("catlint: {notice}");
    }
    if args.verbose {
        for note in &outcome.cache {
            let written = match &note.written {
                Ok(true) => "updated".to_owned(),
                Ok(false) => "unchanged".to_owned(),
                Err(e) => format!("not written: {e}"),
            };
            eprintln!(
                "index cache {}: {} of {} pages reused; {written}",
                note.file.display(),
                note.reused,
                note.pages
            );
        }
    }
    if let Some(path) = &args.write_baseline {
        let count = baseline::write(path, &outcome, &boundary)?;
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
    // A report as a file holds the findings alone: no colour, no summary line.
    let render = |format: Format| match format {
        Format::Json => report::json::render(&outcome),
        Format::Short => report::short::render(&outcome, &ctx),
        Format::Github => report::github::render(&outcome, &ctx),
        Format::Sarif => report::sarif::render(&outcome, &ctx),
        Format::Junit => report::junit::render(&outcome, &ctx),
        Format::Human => report::human::render(&outcome, false),
    };
    for spec in &args.reports {
        let text = render(spec.format);
        write_file(&spec.path, text.as_bytes(), &boundary).map_err(|e| {
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
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    // The two formats that grow largest are written as they are made; the others are small.
    // A closed pipe (`catlint check | head`) is not an error worth reporting.
    let _ = match args.format {
        Format::Json => report::json::write(&outcome, &mut stdout),
        Format::Human => report::human::write(&outcome, use_color(args.color), &mut stdout)
            .and_then(|()| {
                let mut tail = String::new();
                if !args.quiet {
                    if !outcome.files.is_empty() {
                        tail.push('\n');
                    }
                    tail.push_str(&report::human::summary(
                        &outcome,
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
