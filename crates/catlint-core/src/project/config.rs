//! `catlint.toml`: which files, which taxonomies and which fields are checked, and how
//! severe each rule is.
//!
//! ```toml
//! exclude = ["content/categories/archive/**"]
//!
//! [taxonomies.concepts]        # also check an undeclared section with the category model
//! check = true
//!
//! [taxonomies.tags]
//! required = ["title", "description"]
//! extra-fields = ["colour"]
//!
//! [rules]
//! unused-term = "off"
//! too-long = "error"
//! headline-content-words = { max-words = 60 }
//! banned-phrase = { severity = "error", phrases = ["best practices", "synergy"] }
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::rules::RuleId;
use crate::rules::Settings;
use crate::span::Span;

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "catlint.toml";

/// The contents of `catlint.toml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "catlint configuration")]
pub struct Config {
    /// Glob patterns of files never checked, relative to the folder of this file. They win
    /// even over files named on the command line.
    #[serde(default)]
    pub exclude: Vec<String>,

    /// The content folders, relative to the site folder, replacing what the Hugo
    /// configuration says (`contentDir`, `module.mounts`).
    pub content_dirs: Option<Vec<String>>,

    /// Files larger than this many bytes are reported as `file-too-large` and not read
    /// (default 10,000,000; at most 100,000,000 here: only `--max-file-size` goes higher).
    #[schemars(with = "Option<u64>", range(min = 0, max = 100_000_000))]
    pub max_file_size: Option<Spanned<u64>>,

    /// Parser limits.
    #[serde(default)]
    pub limits: LimitsConfig,

    /// Settings per taxonomy, by its plural name (`categories`, `tags`, `concepts`).
    #[serde(default)]
    pub taxonomies: BTreeMap<String, TaxonomyConfig>,

    /// Per rule: a severity (`"error"`, `"warning"`, `"info"`, `"off"`), or a table with
    /// `severity` and the rule's options.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RuleSetting>")]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
}

/// Parser limits (each optional: the default is used when absent). They protect the machine
/// that runs catlint from hostile pages, so a `catlint.toml`, which a pull request can
/// change, may raise each one only up to its cap; the command-line flags (`--max-depth`,
/// `--max-alias-nodes`, `--max-frontmatter-bytes`) go higher.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsConfig {
    /// Deepest nesting of mappings and lists in front matter (default 64, at most 256).
    #[schemars(with = "Option<usize>", range(min = 1, max = 256))]
    pub max_depth: Option<Spanned<usize>>,
    /// Most values YAML aliases may expand to in one page (default 10,000, at most 100,000).
    #[schemars(with = "Option<usize>", range(min = 0, max = 100_000))]
    pub max_alias_nodes: Option<Spanned<usize>>,
    /// Largest front matter, in bytes (default 1,048,576, at most 16,777,216).
    #[schemars(with = "Option<usize>", range(min = 0, max = 16_777_216))]
    pub max_frontmatter_bytes: Option<Spanned<usize>>,
}

/// A limit a `catlint.toml` may raise only up to a cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// `max-file-size`.
    MaxFileSize,
    /// `[limits] max-depth`.
    MaxDepth,
    /// `[limits] max-alias-nodes`.
    MaxAliasNodes,
    /// `[limits] max-frontmatter-bytes`.
    MaxFrontmatterBytes,
}

impl Cap {
    /// Every capped limit.
    pub const ALL: [Cap; 4] = [
        Cap::MaxFileSize,
        Cap::MaxDepth,
        Cap::MaxAliasNodes,
        Cap::MaxFrontmatterBytes,
    ];

    /// The most a `catlint.toml` may set.
    #[must_use]
    pub const fn max(self) -> u64 {
        match self {
            Cap::MaxFileSize => 100_000_000,
            Cap::MaxDepth => 256,
            Cap::MaxAliasNodes => 100_000,
            Cap::MaxFrontmatterBytes => 16 * 1024 * 1024,
        }
    }

    /// The setting's name in `catlint.toml`.
    #[must_use]
    pub const fn setting(self) -> &'static str {
        match self {
            Cap::MaxFileSize => "max-file-size",
            Cap::MaxDepth => "max-depth",
            Cap::MaxAliasNodes => "max-alias-nodes",
            Cap::MaxFrontmatterBytes => "max-frontmatter-bytes",
        }
    }

    /// The command-line flag that may go higher.
    #[must_use]
    pub const fn flag(self) -> &'static str {
        match self {
            Cap::MaxFileSize => "--max-file-size",
            Cap::MaxDepth => "--max-depth",
            Cap::MaxAliasNodes => "--max-alias-nodes",
            Cap::MaxFrontmatterBytes => "--max-frontmatter-bytes",
        }
    }
}

/// The limits given on the command line: they win over `catlint.toml`, and only they may go
/// past the caps a `catlint.toml` is held to (see [`Cap`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitFlags {
    /// `--max-file-size`.
    pub max_file_size: Option<u64>,
    /// `--max-depth`.
    pub max_depth: Option<usize>,
    /// `--max-alias-nodes`.
    pub max_alias_nodes: Option<usize>,
    /// `--max-frontmatter-bytes`.
    pub max_frontmatter_bytes: Option<usize>,
}

impl LimitFlags {
    /// Whether the flag of `cap` was given.
    #[must_use]
    pub fn sets(&self, cap: Cap) -> bool {
        match cap {
            Cap::MaxFileSize => self.max_file_size.is_some(),
            Cap::MaxDepth => self.max_depth.is_some(),
            Cap::MaxAliasNodes => self.max_alias_nodes.is_some(),
            Cap::MaxFrontmatterBytes => self.max_frontmatter_bytes.is_some(),
        }
    }

    /// Set the parser limits given on the command line.
    pub fn apply(&self, settings: &mut Settings) {
        let limits = &mut settings.limits;
        limits.max_depth = self.max_depth.unwrap_or(limits.max_depth);
        limits.max_alias_nodes = self.max_alias_nodes.unwrap_or(limits.max_alias_nodes);
        limits.max_frontmatter_bytes = self
            .max_frontmatter_bytes
            .unwrap_or(limits.max_frontmatter_bytes);
    }
}

/// A limit of a `catlint.toml` set above its cap (the cap is used instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverCap {
    /// Which limit.
    pub cap: Cap,
    /// The value written.
    pub value: u64,
    /// Where the value is written.
    pub span: Span,
}

/// How one taxonomy's term pages are checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TaxonomyConfig {
    /// Whether its term pages are checked (default: yes for the taxonomies the site
    /// declares; set `true` to check a section the site does not declare).
    pub check: Option<bool>,
    /// The required top-level fields, replacing the default list
    /// (`title`, `date`, `description`, `Instructions`, `headline`).
    pub required: Option<Vec<String>>,
    /// Further fields the pages may carry (any value).
    #[serde(default)]
    pub extra_fields: Vec<String>,
    /// Accept any field the model does not know (turns `unknown-field` off for these pages).
    #[serde(default)]
    pub allow_unknown_fields: bool,
}

impl TaxonomyConfig {
    /// How these settings change the category model: the model options of this taxonomy's term pages on a site whose taxonomies are
    /// `taxonomy_fields` (each is a field of a term page).
    #[must_use]
    pub fn model_options<'a>(
        &'a self,
        taxonomy_fields: &'a [String],
    ) -> crate::model::schema::ModelOptions<'a> {
        crate::model::schema::ModelOptions {
            required: self.required.as_deref(),
            extra_fields: &self.extra_fields,
            allow_unknown_fields: self.allow_unknown_fields,
            taxonomy_fields,
        }
    }
}

/// A rule's setting: a severity, or a table of severity and options.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RuleSetting {
    /// Just the severity.
    Level(Level),
    /// Severity and options.
    Table(RuleTable),
}

/// A rule's severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

/// A rule's table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleTable {
    /// The severity (default: the rule's own).
    pub severity: Option<Level>,
    /// `headline-content-words`: the most words in `headline.content` (default 50).
    pub max_words: Option<usize>,
    /// `banned-phrase`: the phrases, matched ignoring case (default `["best practices"]`).
    pub phrases: Option<Vec<String>>,
    /// `headline-stale`: also report headlines older than this many days.
    pub stale_after_days: Option<u32>,
    /// `date-timezone`: report every date field without a zone, also those Hugo does not read
    /// as dates and also on a site that sets `timeZone` (default false).
    pub every_date: Option<bool>,
}

/// A problem in `catlint.toml`, with the span of the offending key or value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the file (if known).
    pub span: Option<Span>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Config {
    /// Parse the text of a `catlint.toml`.
    ///
    /// # Errors
    /// A [`ConfigError`] on the offending key or value.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            message: e.message().trim().to_owned(),
            span: e.span().map(|r| Span::new(r.start, r.end.max(r.start))),
            help: Some("see `catlint schema --for config` for every setting".to_owned()),
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        for (name, setting) in &self.rules {
            let Some(rule) = RuleId::from_id(name.get_ref()) else {
                let known: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
                let close = crate::rules::suggest::suggest(name.get_ref(), &known);
                return Err(ConfigError {
                    message: format!("there is no rule `{}`", name.get_ref()),
                    span: Some(Span::new(name.span().start, name.span().end)),
                    help: Some(match close {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "`catlint rules` lists the rules".to_owned(),
                    }),
                });
            };
            if rule.reports_trouble() {
                return Err(ConfigError {
                    message: format!(
                        "`{rule}` cannot be set in catlint.toml: it reports what makes catlint exit with 2"
                    ),
                    span: Some(Span::new(name.span().start, name.span().end)),
                    help: Some("remove the line; `--exit-zero` does not hide it either".to_owned()),
                });
            }
            if let RuleSetting::Table(table) = setting.get_ref() {
                let options = [
                    (
                        "max-words",
                        table.max_words.is_some(),
                        RuleId::HeadlineContentWords,
                    ),
                    ("phrases", table.phrases.is_some(), RuleId::BannedPhrase),
                    (
                        "stale-after-days",
                        table.stale_after_days.is_some(),
                        RuleId::HeadlineStale,
                    ),
                ];
                if let Some((option, _, owner)) = options
                    .iter()
                    .find(|(_, set, owner)| *set && *owner != rule)
                {
                    return Err(ConfigError {
                        message: format!(
                            "`{rule}` has no option `{option}` (it belongs to `{owner}`)"
                        ),
                        span: Some(Span::new(setting.span().start, setting.span().end)),
                        help: Some(format!("`catlint explain {rule}` lists its options")),
                    });
                }
            }
        }
        Ok(())
    }

    /// The value this file sets for a capped limit, as written, and where.
    fn limit(&self, cap: Cap) -> Option<(u64, Span)> {
        let spanned = |v: u64, s: std::ops::Range<usize>| (v, Span::new(s.start, s.end));
        let l = &self.limits;
        let as_u64 = |v: &Spanned<usize>| spanned(v.get_ref().to_owned() as u64, v.span());
        match cap {
            Cap::MaxFileSize => self
                .max_file_size
                .as_ref()
                .map(|v| spanned(*v.get_ref(), v.span())),
            Cap::MaxDepth => l.max_depth.as_ref().map(as_u64),
            Cap::MaxAliasNodes => l.max_alias_nodes.as_ref().map(as_u64),
            Cap::MaxFrontmatterBytes => l.max_frontmatter_bytes.as_ref().map(as_u64),
        }
    }

    /// The value of a capped limit this file sets, capped.
    #[must_use]
    pub fn capped(&self, cap: Cap) -> Option<u64> {
        self.limit(cap).map(|(v, _)| v.min(cap.max()))
    }

    /// The limits this file sets above their caps.
    #[must_use]
    pub fn over_caps(&self) -> Vec<OverCap> {
        Cap::ALL
            .into_iter()
            .filter_map(|cap| {
                let (value, span) = self.limit(cap)?;
                (value > cap.max()).then_some(OverCap { cap, value, span })
            })
            .collect()
    }

    /// The file size limit this file sets (capped).
    #[must_use]
    pub fn max_file_size(&self) -> Option<u64> {
        self.capped(Cap::MaxFileSize)
    }

    /// Apply the rule settings and limits (capped) to the engine settings.
    pub fn apply(&self, settings: &mut Settings) {
        let usize_of = |cap| {
            self.capped(cap)
                .map(|v| usize::try_from(v).unwrap_or(usize::MAX))
        };
        if let Some(v) = usize_of(Cap::MaxDepth) {
            settings.limits.max_depth = v;
        }
        if let Some(v) = usize_of(Cap::MaxAliasNodes) {
            settings.limits.max_alias_nodes = v;
        }
        if let Some(v) = usize_of(Cap::MaxFrontmatterBytes) {
            settings.limits.max_frontmatter_bytes = v;
        }
        for (name, setting) in &self.rules {
            let Some(rule) = RuleId::from_id(name.get_ref()) else {
                continue;
            };
            let level = match setting.get_ref() {
                RuleSetting::Level(level) => Some(*level),
                RuleSetting::Table(table) => {
                    if let Some(n) = table.max_words {
                        settings.headline_max_words = n;
                    }
                    if let Some(p) = &table.phrases {
                        settings.banned_phrases.clone_from(p);
                    }
                    if let Some(d) = table.stale_after_days {
                        settings.stale_after_days = Some(d);
                    }
                    if let Some(every) = table.every_date {
                        settings.every_date = every;
                    }
                    table.severity
                }
            };
            if let Some(level) = level {
                let severity = match level {
                    Level::Error => Some(Severity::Error),
                    Level::Warning => Some(Severity::Warning),
                    Level::Info => Some(Severity::Info),
                    Level::Off => None,
                };
                settings.severities.insert(rule, severity);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_taxonomies_and_limits() {
        let config = Config::parse(
            "exclude = ['archive/**']\n[limits]\nmax-depth = 10\n[taxonomies.concepts]\ncheck = true\nextra-fields = ['colour']\n\
             [rules]\nunused-term = 'off'\ntoo-long = 'error'\nbanned-phrase = { phrases = ['synergy'] }\n",
        )
        .unwrap();
        let mut settings = Settings::default();
        config.apply(&mut settings);
        assert_eq!(settings.limits.max_depth, 10);
        assert_eq!(settings.severities.get(&RuleId::UnusedTerm), Some(&None));
        assert_eq!(
            settings.severities.get(&RuleId::TooLong),
            Some(&Some(Severity::Error))
        );
        assert_eq!(settings.banned_phrases, ["synergy"]);
        assert_eq!(config.taxonomies["concepts"].check, Some(true));
    }

    #[test]
    fn limits_over_their_caps_are_capped_and_reported() {
        let text = "max-file-size = 1000000000000\n[limits]\nmax-alias-nodes = 50000000\nmax-depth = 100\n";
        let config = Config::parse(text).unwrap();
        let mut settings = Settings::default();
        config.apply(&mut settings);
        assert_eq!(settings.limits.max_alias_nodes, 100_000);
        assert_eq!(settings.limits.max_depth, 100, "under its cap: as written");
        assert_eq!(config.max_file_size(), Some(100_000_000));
        let over = config.over_caps();
        let found: Vec<(&str, &str)> = over
            .iter()
            .map(|o| (o.cap.setting(), &text[o.span.start..o.span.end]))
            .collect();
        assert_eq!(
            found,
            [
                ("max-file-size", "1000000000000"),
                ("max-alias-nodes", "50000000")
            ]
        );
    }

    #[test]
    fn an_unknown_rule_points_at_its_key_with_a_suggestion() {
        let text = "[rules]\nunused-terms = 'off'\n";
        let e = Config::parse(text).unwrap_err();
        let span = e.span.unwrap();
        assert_eq!(&text[span.start..span.end], "unused-terms");
        assert_eq!(e.help.as_deref(), Some("did you mean `unused-term`?"));
    }

    #[test]
    fn the_rules_behind_exit_code_2_cannot_be_turned_down() {
        for rule in ["io-error", "internal-error", "invalid-config"] {
            let text = format!("[rules]\n{rule} = \"off\"\n");
            let e = Config::parse(&text).unwrap_err();
            assert!(e.message.contains("cannot be set"), "{e:?}");
            let span = e.span.unwrap();
            assert_eq!(&text[span.start..span.end], rule);
        }
    }

    #[test]
    fn an_option_of_another_rule_is_refused() {
        let e = Config::parse("[rules]\ntoo-long = { max-words = 3 }\n").unwrap_err();
        assert!(e.message.contains("has no option `max-words`"), "{e:?}");
    }

    #[test]
    fn a_typo_in_a_setting_points_at_it() {
        let text = "exclude = []\nmax-file-sise = 10\n";
        let e = Config::parse(text).unwrap_err();
        let span = e.span.unwrap();
        assert_eq!(&text[span.start..span.end], "max-file-sise");
        let e = Config::parse("[rules]\ntoo-long = 'loud'\n").unwrap_err();
        assert!(e.span.is_some());
    }
}
