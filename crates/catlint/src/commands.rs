//! The small commands: `schema`, `rules`, `explain`, `init`, `man`, `dump`.

use std::io::Write;

use catlint_core::project::init;
use catlint_core::rules::{PageChecker, RuleId, Settings};
use catlint_core::site::hugo::normalize;

use crate::cli::{
    Cli, DumpArgs, ExplainArgs, InitArgs, ListFormat, RulesArgs, SchemaArgs, SchemaFor,
    SchemaFormat,
};
use crate::disk::Disk;
use crate::{EXIT_CLEAN, write_atomically};

/// `catlint man`: the man page.
pub(crate) fn man() -> miette::Result<u8> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| miette::miette!("could not render the man page: {e}"))?;
    let _ = std::io::stdout().lock().write_all(&page);
    Ok(EXIT_CLEAN)
}

/// `catlint dump`: pages as the JSON instances that are validated.
pub(crate) fn dump(args: &DumpArgs) -> miette::Result<u8> {
    let checker = PageChecker::new(catlint_core::model::schema::ModelOptions::default())
        .map_err(|e| miette::miette!("{e}"))?;
    let settings = Settings::default();
    let mut out = serde_json::Map::new();
    for file in &args.files {
        let bytes = std::fs::read(file).map_err(|e| miette::miette!("{}: {e}", file.display()))?;
        let instance = checker
            .instance(&bytes, &settings)
            .unwrap_or(serde_json::Value::Null);
        out.insert(file.display().to_string(), instance);
    }
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(EXIT_CLEAN)
}

/// `catlint init`: a `catlint.toml` that fits the site's own term pages.
pub(crate) fn init(args: &InitArgs) -> miette::Result<u8> {
    let target = args.dir.join(catlint_core::project::config::CONFIG_FILE);
    if !args.print && target.exists() && !args.force {
        return Err(miette::miette!(
            help = "pass --force to overwrite it, or --print to see what init would write",
            "{} exists already",
            target.display()
        ));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let boundary =
        crate::boundary::Boundary::for_paths(None, std::slice::from_ref(&args.dir), &cwd, false)
            .map_err(|e| miette::miette!("{e}"))?;
    let disk = Disk::new(boundary.clone());
    let root = normalize(&cwd.join(&args.dir));
    let survey = init::survey(&disk, &root, &cwd).map_err(|e| match e {
        init::InitError::SiteConfig { .. } => miette::miette!(
            help = "`catlint check` points at the problem; fix it, then run `catlint init` again",
            "the site configuration does not parse, so its taxonomies are unknown: {e}"
        ),
        e => miette::miette!("{e}"),
    })?;
    let text = init::starter(&survey);
    if args.print {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return Ok(EXIT_CLEAN);
    }
    crate::write_file(&target, text.as_bytes(), &boundary)
        .map_err(|e| miette::miette!("could not write {}: {e}", target.display()))?;
    let read: usize = survey.shapes.iter().map(|s| s.pages).sum();
    let taxonomies = survey.shapes.iter().filter(|s| s.pages > 0).count();
    eprintln!(
        "wrote {} from {read} term page{} of {taxonomies} taxonom{}",
        target.display(),
        if read == 1 { "" } else { "s" },
        if taxonomies == 1 { "y" } else { "ies" }
    );
    Ok(EXIT_CLEAN)
}

/// `catlint rules`: the rule list.
pub(crate) fn rules(args: &RulesArgs) -> u8 {
    let text = match args.format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = RuleId::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.as_str(),
                        "severity": r.default_severity().as_str(),
                        "on_by_default": r.on_by_default(),
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
                let severity = if r.on_by_default() {
                    r.default_severity().as_str()
                } else {
                    "off"
                };
                text.push_str(&format!(
                    "{:width$}  {:7}  {}  {}\n",
                    r.as_str(),
                    severity,
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

/// `catlint explain`: a rule's documentation.
pub(crate) fn explain(args: &ExplainArgs) -> miette::Result<u8> {
    let Some(rule) = RuleId::from_id(&args.rule) else {
        let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        return Err(miette::miette!(
            help = format!("known rules: {}", known.join(", ")),
            "there is no rule `{}`",
            args.rule
        ));
    };
    let severity = if rule.on_by_default() {
        rule.default_severity().to_string()
    } else {
        format!(
            "off (`{}` when turned on in catlint.toml)",
            rule.default_severity()
        )
    };
    let text = format!(
        "{}\n\nDefault severity: {severity}. Fixable: {}.\n",
        rule.docs().trim_end(),
        if rule.fixable() { "yes" } else { "no" }
    );
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(EXIT_CLEAN)
}

/// `catlint schema`: the schemas.
pub(crate) fn schema(args: &SchemaArgs) -> miette::Result<u8> {
    let text = match (args.target, args.format) {
        (SchemaFor::Category, SchemaFormat::JsonSchema) => catlint_schema::category_schema_text(),
        (SchemaFor::Category, SchemaFormat::FrontmatterCms) => {
            catlint_schema::frontmatter_cms_text()
        }
        (SchemaFor::Page, SchemaFormat::JsonSchema) => catlint_schema::page_schema_text(),
        (SchemaFor::Page, SchemaFormat::FrontmatterCms) => {
            return Err(miette::miette!(
                "the Front Matter CMS content type is written for category pages: use `--for category`"
            ));
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
