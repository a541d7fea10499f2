//! `catlint init`: a `catlint.toml` that fits the site. It reads the term pages of every
//! taxonomy (and of every section laid out like one), sees which fields they carry, and
//! writes per taxonomy what it decided and why: the category model kept when most pages
//! follow it, else `required` narrowed to what (nearly) every page has; the fields the pages
//! share that the model does not know (a theme's) as `extra-fields`, or
//! `allow-unknown-fields` when they vary from page to page; `check = true` for an
//! undeclared section laid out as term pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::frontmatter::{self, Limits};
use crate::model::schema::{ModelOptions, REQUIRED_FIELDS as MODEL_REQUIRED};
use crate::rules::suggest::suggest;
use crate::rules::{CheckerError, PageChecker, RuleId};
use crate::site::hugo::{HugoSite, Overrides, SitePages, Walked};
use crate::site::source::{Extent, Source};
use crate::site::{PageKind, SiteConfig, TermLayout};

use super::config::LimitFlags;
use super::configs::{Configs, DEFAULT_MAX_FILE_SIZE};
use crate::frontmatter::keys_equal;
use crate::rules::Settings;

/// What the term pages of one taxonomy carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// The taxonomy's plural name.
    pub plural: String,
    /// Whether the site declares it (else it is a section laid out like a taxonomy).
    pub declared: bool,
    /// The term pages read (Hugo's term pages: `<term>/_index.md`, every language).
    pub pages: usize,
    /// The term pages whose front matter could not be read (left out of the counts).
    pub unreadable: usize,
    /// Which pages were read: Hugo's term pages (`Bundle`), or, for a taxonomy without
    /// any, the legacy layouts (`Single`).
    pub layout: TermLayout,
    /// Pages of the legacy layouts left out because the taxonomy has term pages.
    pub legacy: usize,
    /// Of the model's required fields, how many pages have each.
    pub required: BTreeMap<&'static str, usize>,
    /// How many pages have every required field of the model.
    pub complete: usize,
    /// The top-level keys the model does not know, by name as written.
    pub unknown: BTreeMap<String, Unknown>,
}

/// A key the model does not know, as the term pages of a taxonomy use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// How many pages carry it.
    pub pages: usize,
    /// The known field it is close to, when it looks like a typo of one.
    pub close_to: Option<String>,
    /// The first page that carries it (relative to the site folder).
    pub example: PathBuf,
}

/// What `catlint init` saw of a site.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// The site's configuration (its taxonomies, whether it declares them).
    pub config: SiteConfig,
    /// Per taxonomy, then per undeclared section that pages use as a taxonomy: what its term
    /// pages carry.
    pub shapes: Vec<Shape>,
    /// What the site's own `catlint.toml` said that decides which pages are read: kept in
    /// the new file.
    pub carried: Carried,
    /// Sections laid out like a taxonomy (`docs/<x>/_index.md`) under whose name no page
    /// lists terms: ordinary sections, left alone.
    pub unused_sections: Vec<String>,
}

/// The settings of an existing `catlint.toml` that `catlint init` keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// `exclude`.
    pub exclude: Vec<String>,
    /// `content-dirs`.
    pub content_dirs: Option<Vec<String>>,
}

/// How a taxonomy's term pages are to be checked, as decided from their [`Shape`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// `check = true` (an undeclared section laid out as term pages).
    pub check: bool,
    /// `required`, when the pages do not follow the category model.
    pub required: Option<Vec<String>>,
    /// `extra-fields`: the unknown keys the pages share.
    pub extra_fields: Vec<String>,
    /// `allow-unknown-fields`: the unknown keys vary from page to page.
    pub allow_unknown_fields: bool,
    /// The unknown keys left reported: on one page only, or close to a known field.
    pub left: Vec<String>,
}

/// The share of pages ("nearly every") a field must be on to be required.
const NEARLY_ALL: f64 = 0.9;

impl Shape {
    /// Whether most of the pages follow the category model: then its required fields stay,
    /// and a page that lacks one is reported (it is what is really wrong).
    #[must_use]
    pub fn follows_model(&self) -> bool {
        // No page could be read: nothing says the model does not fit, so it stays.
        self.pages == 0 || self.complete * 2 >= self.pages
    }

    /// The least number of pages that is "nearly every" page.
    fn nearly_all(&self) -> usize {
        // Pages are few: the product is exact enough, and never over `pages`.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (self.pages as f64 * NEARLY_ALL).ceil() as usize;
        n.clamp(1, self.pages.max(1))
    }

    /// How its term pages are to be checked.
    #[must_use]
    pub fn decide(&self) -> Decision {
        let required = (!self.follows_model()).then(|| {
            MODEL_REQUIRED
                .iter()
                .filter(|f| self.required.get(*f).copied().unwrap_or(0) >= self.nearly_all())
                .map(|f| (*f).to_owned())
                .collect()
        });
        let mut shared = Vec::new();
        let mut singles = Vec::new();
        let mut typos = Vec::new();
        for (name, unknown) in &self.unknown {
            // A key close to a known field is a typo unless several pages, and most, spell
            // it so.
            let typo =
                unknown.close_to.is_some() && (unknown.pages < 2 || unknown.pages * 2 < self.pages);
            // The one page of a taxonomy shares its keys with itself: they are its shape.
            let shared_by = unknown.pages >= 2 || self.pages == 1;
            if typo {
                typos.push(name.clone());
            } else if shared_by {
                shared.push(name.clone());
            } else {
                singles.push(name.clone());
            }
        }
        // Many keys on one page each: the pages vary, and a list would be stale tomorrow.
        // Not when a typo would go unreported with them.
        let vary = typos.is_empty() && singles.len() > (self.pages / 10).max(2);
        let mut left = typos;
        if !vary {
            left.extend(singles);
        }
        left.sort();
        Decision {
            check: !self.declared,
            required,
            extra_fields: if vary { Vec::new() } else { shared },
            allow_unknown_fields: vary,
            left,
        }
    }
}

/// Why `catlint init` cannot survey a site.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A configuration file of the site does not parse: its taxonomies are unknown.
    #[error("{}: {error}", path.display())]
    SiteConfig {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: crate::frontmatter::ParseError,
    },
    /// The category model does not compile (a bug of catlint's, not of the site).
    #[error(transparent)]
    Checker(#[from] CheckerError),
    /// The configuration cannot be used.
    #[error(transparent)]
    Config(#[from] super::configs::ExplicitConfigError),
}

/// Read the term pages of the site in the folder `root` through `source`, with the
/// `catlint.toml` at or above it (its content folders, excludes and limits; `cwd` is where
/// the defaults apply from), as `catlint check` would find them.
///
/// # Errors
/// When a configuration file of the site does not parse, or the model does not compile.
pub fn survey(source: &dyn Source, root: &Path, cwd: &Path) -> Result<Survey, InitError> {
    let mut configs = Configs::new(Settings::default(), LimitFlags::default(), None, cwd)?;
    let id = configs.for_dir(source, root);
    let loaded = &configs[id];
    let own_file = loaded.file.as_deref() == Some(&root.join(super::config::CONFIG_FILE));
    let carried = Carried {
        exclude: if own_file {
            loaded.config.exclude.clone()
        } else {
            Vec::new()
        },
        content_dirs: loaded.config.content_dirs.clone(),
    };
    let asked: Vec<String> = loaded
        .config
        .taxonomies
        .iter()
        .filter(|(_, t)| t.check == Some(true))
        .map(|(plural, _)| plural.clone())
        .collect();
    let reader = Reader {
        source,
        limits: loaded.settings.limits,
        max_size: loaded
            .config
            .max_file_size()
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
    };
    let load = |extra: &[String]| {
        HugoSite::load(
            source,
            root,
            Overrides {
                content_dirs: carried.content_dirs.as_deref(),
                extra_taxonomies: extra,
            },
        )
    };
    let first = load(&[]);
    if let Some((path, error)) = first.config_errors.first() {
        return Err(InitError::SiteConfig {
            path: path.clone(),
            error: error.clone(),
        });
    }
    let config = first.config.clone();
    let listed = first.pages(source, &Walked::default());
    let (sections, unused) = reader.sections_in_use(&listed, &asked);
    // The pages once more only when sections are read as taxonomies now.
    let pages = if sections.is_empty() {
        listed.pages
    } else {
        load(&sections).pages(source, &Walked::default()).pages
    };
    let mut fields: Vec<String> = config.taxonomies.iter().map(|t| t.plural.clone()).collect();
    fields.extend(sections.iter().cloned());
    let checker = PageChecker::new(ModelOptions {
        taxonomy_fields: &fields,
        ..ModelOptions::default()
    })?;
    let mut shapes: Vec<Shape> = fields
        .iter()
        .map(|plural| Shape {
            plural: plural.clone(),
            declared: !sections.contains(plural),
            ..Shape::default()
        })
        .collect();
    // Hugo's term pages decide (`<term>/_index.md`); a taxonomy with none is judged by the
    // pages of the legacy layouts (`<term>.md`, `<term>/index.md`), which catlint checks
    // with the model too.
    let mut legacy: Vec<Shape> = shapes.clone();
    for (path, kind, _) in pages {
        let PageKind::Term(location) = kind else {
            continue;
        };
        if configs.excludes(id, &path) {
            continue;
        }
        let pool = if location.layout == TermLayout::Bundle {
            &mut shapes
        } else {
            &mut legacy
        };
        let Some(shape) = pool.iter_mut().find(|s| s.plural == location.taxonomy) else {
            continue;
        };
        match reader.keys(&path) {
            Some(keys) => shape.add_page(&keys, &checker, path.strip_prefix(root).unwrap_or(&path)),
            None => shape.unreadable += 1,
        }
    }
    for (shape, legacy) in shapes.iter_mut().zip(legacy) {
        shape.or_legacy(legacy);
    }
    Ok(Survey {
        config,
        shapes,
        carried,
        unused_sections: unused,
    })
}

/// Reads front matter as `catlint check` would: within its size and parser limits.
struct Reader<'a> {
    source: &'a dyn Source,
    limits: Limits,
    max_size: u64,
}

impl Reader<'_> {
    /// The front matter of the page at `path`, when it can be read.
    fn front(&self, path: &Path) -> Option<frontmatter::FrontMatter> {
        let loaded = self
            .source
            .read(path, self.max_size, Extent::FrontMatter)
            .ok()?;
        frontmatter::read(&loaded.bytes, &self.limits).ok()
    }

    /// The top-level keys of the page at `path`, as written.
    fn keys(&self, path: &Path) -> Option<Vec<String>> {
        let front = self.front(path)?;
        Some(
            front
                .root
                .as_map()?
                .iter()
                .map(|e| e.key.name.clone())
                .collect(),
        )
    }

    /// Of the sections laid out like a taxonomy, those that are one: pages list terms
    /// under their names (as `undeclared-taxonomy` sees it), or catlint.toml asks for them
    /// (`asked`); and the others, ordinary sections.
    fn sections_in_use(&self, listed: &SitePages, asked: &[String]) -> (Vec<String>, Vec<String>) {
        let candidates: Vec<&str> = listed
            .undeclared_sections
            .iter()
            .filter(|s| !asked.contains(s))
            .map(String::as_str)
            .collect();
        let mut used: BTreeSet<String> = asked.iter().cloned().collect();
        if !candidates.is_empty() {
            for (path, kind, _) in &listed.pages {
                if matches!(kind, PageKind::Content | PageKind::Term(_)) {
                    used.extend(self.lists_under(path, &candidates));
                }
            }
        }
        listed
            .undeclared_sections
            .iter()
            .cloned()
            .partition(|s| used.contains(s))
    }

    /// Which of `keys` the page at `path` lists terms under (top level or under `params`).
    fn lists_under(&self, path: &Path, keys: &[&str]) -> Vec<String> {
        let Some(front) = self.front(path) else {
            return Vec::new();
        };
        let top = front.root.as_map().unwrap_or_default();
        let params = top
            .iter()
            .find(|e| keys_equal(&e.key.name, "params"))
            .and_then(|e| e.value.as_map())
            .unwrap_or_default();
        keys.iter()
            .filter(|k| top.iter().chain(params).any(|e| keys_equal(&e.key.name, k)))
            .map(|k| (*k).to_owned())
            .collect()
    }
}

impl Shape {
    /// The shape of the taxonomy's term pages, or, when it has none, `legacy`: its pages of
    /// the legacy layouts.
    fn or_legacy(&mut self, legacy: Shape) {
        if self.pages + self.unreadable == 0 {
            *self = Shape {
                layout: TermLayout::Single,
                ..legacy
            };
        } else {
            self.legacy = legacy.pages + legacy.unreadable;
        }
    }

    /// Count the top-level `keys` of one page (at `rel`).
    fn add_page(&mut self, keys: &[String], checker: &PageChecker, rel: &Path) {
        self.pages += 1;
        let mut known = BTreeSet::new();
        let schema = checker.schema();
        let root = schema.root_context();
        for key in keys {
            match schema.canonical_key(&root, key) {
                Some(canonical) => {
                    known.insert(canonical.to_owned());
                }
                None => {
                    let unknown = self.unknown.entry(key.clone()).or_insert_with(|| Unknown {
                        pages: 0,
                        close_to: suggest(key, &schema.known_keys(&root)).map(str::to_owned),
                        example: rel.to_path_buf(),
                    });
                    unknown.pages += 1;
                }
            }
        }
        let mut complete = true;
        for field in MODEL_REQUIRED {
            let has = known.contains(field);
            complete &= has;
            *self.required.entry(field).or_default() += usize::from(has);
        }
        self.complete += usize::from(complete);
    }
}

/// The `catlint.toml` that fits the site `survey` describes, with a comment per decision.
#[must_use]
pub fn starter(survey: &Survey) -> String {
    let mut text = String::from(
        "# catlint configuration, written by `catlint init` from the site's own term pages.\n\
         # `catlint schema --for config` describes every setting; `catlint explain RULE` a rule.\n\
         \n\
         # Files never checked (globs relative to this folder).\n",
    );
    text.push_str(&format!(
        "exclude = {}\n",
        toml_list(&survey.carried.exclude)
    ));
    if let Some(dirs) = &survey.carried.content_dirs {
        text.push_str(&format!(
            "# The content folders, replacing the Hugo configuration's.\ncontent-dirs = {}\n",
            toml_list(dirs)
        ));
    }
    text.push_str(&format!(
        "\n# Term pages are checked with the category model, which requires\n#   {}.\n\
         # Per taxonomy, what its term pages carry decides below.\n",
        MODEL_REQUIRED.join(", ")
    ));
    let source = if survey.config.taxonomies_declared {
        "declared in the site configuration"
    } else {
        "Hugo's defaults: the site declares none"
    };
    text.push_str(&format!("# Taxonomies ({source}).\n"));
    let (with_pages, without): (Vec<&Shape>, Vec<&Shape>) = survey
        .shapes
        .iter()
        .partition(|s| s.pages + s.unreadable > 0);
    for shape in with_pages {
        text.push('\n');
        taxonomy_section(&mut text, shape);
    }
    if !without.is_empty() {
        let names: Vec<String> = without.iter().map(|s| code(&s.plural)).collect();
        text.push('\n');
        comment_list(
            &mut text,
            "No term pages (Hugo generates them, there is nothing to check):",
            &names,
        );
    }
    if !survey.unused_sections.is_empty() {
        let names: Vec<String> = survey
            .unused_sections
            .iter()
            .map(|s| code(&format!("{s}/")))
            .collect();
        text.push('\n');
        comment_list(
            &mut text,
            "Laid out like a taxonomy, but no page lists terms under their names: ordinary \
             sections, not checked:",
            &names,
        );
    }
    rules_section(&mut text);
    text
}

/// `name` in backticks, for a comment: control characters (a line break would end the
/// comment) written as escapes.
fn code(name: &str) -> String {
    format!("`{}`", shown(name))
}

/// `text` with its control characters escaped, safe on a comment line.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A TOML key: bare when it may be, else quoted.
fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_owned()
    } else {
        toml_string(name)
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// "1 page", "3 pages".
fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".to_owned()
    } else {
        format!("{n} pages")
    }
}

/// A taxonomy's section: what its term pages carry, then the settings decided from it.
fn taxonomy_section(text: &mut String, shape: &Shape) {
    let decision = shape.decide();
    what_was_seen(text, shape, &decision);
    settings(text, &shape.plural, &decision);
}

/// The comments of a taxonomy's section: what its term pages carry and what was decided.
fn what_was_seen(text: &mut String, shape: &Shape, decision: &Decision) {
    let plural = code(&shape.plural);
    let n = shape.pages;
    match shape.layout {
        TermLayout::Bundle => {
            text.push_str(&format!("# {plural}: {} read.\n", pages(n)));
        }
        TermLayout::Single | TermLayout::Leaf => text.push_str(&format!(
            "# {plural}: no term pages (`<term>/_index.md`); {} of the legacy layouts\n\
             # (`<term>.md`, `<term>/index.md`) read, which catlint checks as term pages.\n",
            pages(n)
        )),
    }
    if shape.legacy > 0 {
        text.push_str(&format!(
            "# {} of the legacy layouts left out (`not-a-term-page` reports them).\n",
            pages(shape.legacy)
        ));
    }
    if shape.unreadable > 0 {
        text.push_str(&format!(
            "# {} could not be read (`catlint check` says why).\n",
            pages(shape.unreadable)
        ));
    }
    if !shape.declared {
        text.push_str(&format!(
            "# The site does not declare {plural}, but its pages are laid out as term pages and\n\
             # pages list terms under its name: they are checked as such (`undeclared-taxonomy`\n\
             # says what Hugo makes of them).\n"
        ));
    }
    let counts: Vec<String> = MODEL_REQUIRED
        .iter()
        .map(|f| {
            let count = shape.required.get(f).copied().unwrap_or(0);
            format!("{count} {} {f}", if count == 1 { "has" } else { "have" })
        })
        .collect();
    text.push_str(&format!("# Of {n}: {}.\n", counts.join(", ")));
    let have = |k: usize| if k == 1 { "has" } else { "have" };
    match &decision.required {
        None if n == 0 => text.push_str(
            "# No page could be read, so nothing says the category model does not fit: it stays.\n",
        ),
        None => text.push_str(&format!(
            "# {} of {n} {} every required field of the category model: it stays, and a page\n\
             # that lacks one is reported.\n",
            shape.complete,
            have(shape.complete)
        )),
        Some(required) => text.push_str(&format!(
            "# {} of {n} {} every required field of the category model: these pages do not\n\
             # follow it, so what (nearly) every page has is required{}.\n",
            shape.complete,
            have(shape.complete),
            if required.is_empty() {
                " (no field is)"
            } else {
                ""
            }
        )),
    }
    unknown_fields_seen(text, shape, decision);
}

/// The comments on the fields the model does not know: shared, varying, left reported.
fn unknown_fields_seen(text: &mut String, shape: &Shape, decision: &Decision) {
    let n = shape.pages;
    let shared: Vec<String> = decision
        .extra_fields
        .iter()
        .map(|name| {
            format!(
                "{} ({} of {n})",
                shown(name),
                shape.unknown.get(name).map_or(0, |u| u.pages)
            )
        })
        .collect();
    if !shared.is_empty() {
        comment_list(
            text,
            "Fields the model does not know, shared by the pages (the theme's):",
            &shared,
        );
    }
    if decision.allow_unknown_fields {
        text.push_str(&format!(
            "# {} fields the model does not know, most on one page each: the pages vary, so any\n\
             # field is accepted (a misspelt field is then not reported either).\n",
            shape.unknown.len()
        ));
    }
    for name in &decision.left {
        let Some(unknown) = shape.unknown.get(name) else {
            continue;
        };
        let why = match &unknown.close_to {
            Some(close) => format!("looks like a misspelt {}", code(close)),
            None => "is on one page only".to_owned(),
        };
        text.push_str(&format!(
            "# {} {why} ({}): left reported as unknown-field.\n",
            code(name),
            shown(&unknown.example.display().to_string())
        ));
    }
    if shape.unknown.is_empty() {
        text.push_str("# No page has a field the model does not know.\n");
    }
}

/// The settings of a taxonomy's section, commented out where the default stays.
fn settings(text: &mut String, plural: &str, decision: &Decision) {
    text.push_str(&format!("[taxonomies.{}]\n", toml_key(plural)));
    if decision.check {
        text.push_str("check = true\n");
    }
    match &decision.required {
        Some(required) => text.push_str(&format!("required = {}\n", toml_list(required))),
        None => text.push_str(&format!(
            "# required = {}\n",
            toml_list(&MODEL_REQUIRED.map(str::to_owned))
        )),
    }
    if decision.extra_fields.is_empty() {
        text.push_str("# extra-fields = []\n");
    } else {
        text.push_str(&format!(
            "extra-fields = {}\n",
            toml_list(&decision.extra_fields)
        ));
    }
    if decision.allow_unknown_fields {
        text.push_str("allow-unknown-fields = true\n");
    } else {
        text.push_str("# allow-unknown-fields = false\n");
    }
}

/// `# <title>` and the items, wrapped as comment lines.
fn comment_list(text: &mut String, title: &str, items: &[String]) {
    const WIDTH: usize = 92;
    text.push_str(&format!("# {title}\n#  "));
    let mut line = 3;
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 == items.len() { "." } else { "," };
        if line + item.len() + 2 > WIDTH {
            text.push_str("\n#  ");
            line = 3;
        }
        text.push_str(&format!(" {item}{sep}"));
        line += item.len() + 2;
    }
    text.push('\n');
}

fn rules_section(text: &mut String) {
    text.push_str(
        "\n# A rule's severity: \"error\", \"warning\", \"info\" or \"off\" (defaults shown).\n[rules]\n",
    );
    for rule in RuleId::ALL {
        if rule.reports_trouble() {
            continue;
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pages: usize, complete: usize, have: &[(&'static str, usize)]) -> Shape {
        Shape {
            plural: "tags".into(),
            declared: true,
            pages,
            complete,
            required: have.iter().copied().collect(),
            ..Shape::default()
        }
    }

    fn unknown(pages: usize, close_to: Option<&str>) -> Unknown {
        Unknown {
            pages,
            close_to: close_to.map(str::to_owned),
            example: PathBuf::from("content/tags/a/_index.md"),
        }
    }

    #[test]
    fn pages_that_follow_the_model_keep_it() {
        let s = shape(29, 26, &[("title", 29), ("date", 28), ("headline", 26)]);
        assert_eq!(s.decide().required, None);
    }

    #[test]
    fn pages_that_do_not_follow_it_require_what_nearly_every_page_has() {
        // 19 of 20 is "nearly every"; 17 of 20 is not.
        let s = shape(20, 0, &[("title", 20), ("description", 19), ("date", 17)]);
        assert_eq!(
            s.decide().required,
            Some(vec!["title".to_owned(), "description".to_owned()])
        );
        let one = shape(1, 0, &[("title", 1)]);
        assert_eq!(one.decide().required, Some(vec!["title".to_owned()]));
    }

    #[test]
    fn shared_unknown_keys_are_extra_fields_and_typos_stay_reported() {
        let mut s = shape(4, 0, &[("title", 4)]);
        s.unknown.insert("role".into(), unknown(4, None));
        s.unknown.insert("bio".into(), unknown(3, None));
        s.unknown
            .insert("descripton".into(), unknown(1, Some("description")));
        s.unknown.insert("colour".into(), unknown(1, None));
        let d = s.decide();
        assert_eq!(d.extra_fields, ["bio", "role"]);
        assert!(!d.allow_unknown_fields);
        assert_eq!(d.left, ["colour", "descripton"]);
    }

    #[test]
    fn a_typo_is_never_hidden_by_allowing_any_field() {
        let mut s = shape(6, 6, &[("title", 6)]);
        for key in ["colour", "mood", "banner"] {
            s.unknown.insert(key.into(), unknown(1, None));
        }
        s.unknown
            .insert("descripton".into(), unknown(1, Some("description")));
        let d = s.decide();
        assert!(!d.allow_unknown_fields);
        assert_eq!(d.left, ["banner", "colour", "descripton", "mood"]);
    }

    #[test]
    fn the_one_page_of_a_taxonomy_gives_its_fields_but_not_its_typos() {
        let mut s = shape(1, 0, &[("title", 1)]);
        s.unknown.insert("role".into(), unknown(1, None));
        s.unknown
            .insert("descripton".into(), unknown(1, Some("description")));
        let d = s.decide();
        assert_eq!(d.extra_fields, ["role"]);
        assert_eq!(d.left, ["descripton"]);
    }

    #[test]
    fn the_model_stays_when_no_page_could_be_read() {
        let s = Shape {
            unreadable: 1,
            ..shape(0, 0, &[])
        };
        assert_eq!(s.decide().required, None);
        let survey = Survey {
            shapes: vec![s],
            ..Survey::default()
        };
        let text = starter(&survey);
        assert!(text.contains("No page could be read"), "{text}");
        assert!(text.contains("# required = [\"title\""), "{text}");
    }

    #[test]
    fn names_from_pages_cannot_break_the_file() {
        let mut s = shape(2, 0, &[("title", 2)]);
        s.plural = "odd\nname".into();
        s.unknown
            .insert("evil\nkey = 1\n[x]".into(), unknown(2, None));
        s.unknown.insert("bad\r\nline".into(), unknown(1, None));
        let survey = Survey {
            shapes: vec![s],
            carried: Carried {
                exclude: vec!["archive/**".into()],
                content_dirs: Some(vec!["src".into()]),
            },
            ..Survey::default()
        };
        let text = starter(&survey);
        let config = super::super::config::Config::parse(&text).expect(&text);
        let odd = &config.taxonomies["odd\nname"];
        assert_eq!(odd.extra_fields, ["evil\nkey = 1\n[x]"]);
        assert_eq!(config.exclude, ["archive/**"]);
        assert_eq!(config.content_dirs, Some(vec!["src".to_owned()]));
        assert!(config.taxonomies.len() == 1, "nothing injected: {text}");
    }

    #[test]
    fn unknown_keys_that_vary_allow_any_field() {
        let mut s = shape(10, 0, &[("title", 10)]);
        for key in ["a1", "b2", "c3", "d4"] {
            s.unknown.insert(key.into(), unknown(1, None));
        }
        let d = s.decide();
        assert!(d.allow_unknown_fields);
        assert!(d.extra_fields.is_empty() && d.left.is_empty());
    }

    #[test]
    fn the_starter_file_parses_and_says_what_it_saw() {
        let mut s = shape(3, 0, &[("title", 3)]);
        s.unknown.insert("first_name".into(), unknown(3, None));
        let mut undeclared = shape(2, 2, &[("title", 2)]);
        undeclared.plural = "concepts".into();
        undeclared.declared = false;
        let survey = Survey {
            shapes: vec![s, undeclared],
            unused_sections: vec!["docs".into()],
            ..Survey::default()
        };
        let text = starter(&survey);
        let config = super::super::config::Config::parse(&text).expect(&text);
        let tags = &config.taxonomies["tags"];
        assert_eq!(tags.required.as_deref(), Some(&["title".to_owned()][..]));
        assert_eq!(tags.extra_fields, ["first_name"]);
        assert_eq!(config.taxonomies["concepts"].check, Some(true));
        assert_eq!(config.taxonomies["concepts"].required, None);
        assert!(text.contains("# Of 3: 3 have title, 0 have date"), "{text}");
        assert!(text.contains("first_name (3 of 3)"), "{text}");
        assert!(
            text.contains("ordinary sections, not checked:\n#   `docs/`."),
            "{text}"
        );
        assert!(!config.taxonomies.contains_key("docs"));
    }
}
