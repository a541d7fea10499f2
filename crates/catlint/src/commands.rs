//! The small commands: `schema`, `rules`, `explain`, `init`, `man`, `dump`.

use std::io::Write;

use catlint_core::rules::{PageChecker, RuleId, Settings};
use catlint_core::site::hugo::{HugoSite, Overrides, normalize};

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

/// `catlint init`: a commented starter catlint.toml.
pub(crate) fn init(args: &InitArgs) -> miette::Result<u8> {
    let target = args.dir.join(catlint_core::project::config::CONFIG_FILE);
    if target.exists() && !args.force {
        return Err(miette::miette!(
            help = "pass --force to overwrite it",
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
    let site = HugoSite::load(&disk, &root, Overrides::default()).config;
    let text = init_text(&site);
    crate::write_file(&target, text.as_bytes(), &boundary)
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
        if rule.on_by_default() {
            text.push_str(&format!(
                "# {} = \"{}\"\n",
                rule.as_str(),
                rule.default_severity()
            ));
        } else {
            text.push_str(&format!(
                "# {} = \"off\"  (\"{}\" turns it on)\n",
                rule.as_str(),
                rule.default_severity()
            ));
        }
    }
    text.push_str(
        "\n# Rule options:\n\
         # headline-content-words = { max-words = 50 }\n\
         # banned-phrase = { phrases = [\"best practices\"] }\n\
         # headline-stale = { stale-after-days = 365 }\n\
         # date-timezone = { every-date = true }\n",
    );
    text
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
