//! The parts of a Hugo site configuration that decide which files are content and which
//! content pages are taxonomy terms.
//!
//! Read with catlint's own span-aware parsers (so a broken config is a diagnostic, not a
//! crash); keys are matched case-insensitively, as Hugo does.

use std::path::{Path, PathBuf};

use super::cascade::{self, Cascade};
use super::url::UrlStyle;
use crate::frontmatter::keys_equal;
use crate::frontmatter::{self, Format, Limits, Node, ParseError, Value};
use crate::span::Span;

/// A taxonomy: `category` → `categories`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// The singular name (`category`).
    pub singular: String,
    /// The plural name: the front matter key and the content section (`categories`).
    pub plural: String,
}

/// A module mount that puts files into the content tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentMount {
    /// The folder, relative to the site root.
    pub source: String,
    /// Glob patterns of files the mount leaves out (`**/data.yaml`).
    pub exclude_files: Vec<String>,
    /// Where below the content tree it is mounted (`categories` for a target
    /// `content/categories`; empty for `content`).
    pub under: String,
    /// The language of its files (`sites.matrix.languages`, when it names one), lower-cased.
    pub lang: Option<String>,
}

/// What catlint needs of a Hugo site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// `contentDir` (default `content`).
    pub content_dir: String,
    /// Mounts with target `content`; when present they replace `content_dir`.
    pub content_mounts: Vec<ContentMount>,
    /// The declared taxonomies, or Hugo's defaults (`category`, `tag`).
    pub taxonomies: Vec<Taxonomy>,
    /// Whether the configuration declared `taxonomies` (else they are Hugo's defaults).
    pub taxonomies_declared: bool,
    /// Where `taxonomies` is written (the file and the key), when it is.
    pub taxonomies_at: Option<(PathBuf, Span)>,
    /// The languages of `languages` (empty for a single-language site), in the order
    /// written.
    pub languages: Vec<Language>,
    /// `defaultContentLanguage`, lower-cased (`en` unless configured).
    pub default_language: String,
    /// `disableLanguages`, lower-cased.
    pub disabled_languages: Vec<String>,
    /// `timeZone`, as written (an IANA name such as `Europe/London`).
    pub time_zone: Option<String>,
    /// `removePathAccents` and `disablePathToLower`.
    pub url_style: UrlStyle,
    /// `buildDrafts`, `buildFuture`, `buildExpired`.
    pub build: BuildOptions,
    /// `permalinks`: the URL patterns by kind (`term`, `page`) and section or taxonomy
    /// name, and the legacy patterns written directly under `permalinks` (kind `""`), which
    /// apply to a section's pages and a taxonomy's terms alike (see
    /// [`SiteConfig::permalink`]).
    pub permalinks: Vec<Permalinks>,
    /// `[frontmatter]`: the keys Hugo reads a page's publish date from, in order.
    pub publish_date_keys: Vec<String>,
    /// `[frontmatter]`: the keys Hugo reads a page's expiry date from, in order.
    pub expiry_date_keys: Vec<String>,
    /// `cascade` in the configuration, as written, with the file it is written in (read
    /// into entries by [`SiteConfig::cascades`] once every taxonomy is known).
    pub cascade: Vec<(PathBuf, Node)>,
}

/// One `permalinks` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permalinks {
    /// `term`, `page`, …, or `""` for a pattern written directly under `permalinks`.
    pub kind: String,
    /// The section or taxonomy it is for (`categories`), lower-cased.
    pub name: String,
    /// The pattern (`/resources/:slug/`).
    pub pattern: String,
}

/// A language of a multilingual site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code, lower-cased, as Hugo reads it (`fr`).
    pub code: String,
    /// Its own content folder (`languages.fr.contentDir`), relative to the site.
    pub content_dir: Option<String>,
    /// `disabled = true`.
    pub disabled: bool,
}

/// Which pages Hugo builds although they are drafts, in the future or expired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BuildOptions {
    /// `buildDrafts`.
    pub drafts: bool,
    /// `buildFuture`.
    pub future: bool,
    /// `buildExpired`.
    pub expired: bool,
}

/// Hugo's `[frontmatter]` defaults (`:default`) for the publish date.
pub const DEFAULT_PUBLISH_DATE_KEYS: [&str; 4] = ["publishdate", "pubdate", "published", "date"];
/// Hugo's `[frontmatter]` defaults (`:default`) for the expiry date.
pub const DEFAULT_EXPIRY_DATE_KEYS: [&str; 2] = ["expirydate", "unpublishdate"];

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            content_dir: "content".to_owned(),
            content_mounts: Vec::new(),
            taxonomies: vec![
                Taxonomy {
                    singular: "category".to_owned(),
                    plural: "categories".to_owned(),
                },
                Taxonomy {
                    singular: "tag".to_owned(),
                    plural: "tags".to_owned(),
                },
            ],
            taxonomies_declared: false,
            taxonomies_at: None,
            languages: Vec::new(),
            default_language: "en".to_owned(),
            disabled_languages: Vec::new(),
            time_zone: None,
            url_style: UrlStyle::default(),
            build: BuildOptions::default(),
            permalinks: Vec::new(),
            publish_date_keys: DEFAULT_PUBLISH_DATE_KEYS.map(str::to_owned).to_vec(),
            expiry_date_keys: DEFAULT_EXPIRY_DATE_KEYS.map(str::to_owned).to_vec(),
            cascade: Vec::new(),
        }
    }
}

/// The format of a configuration file, by its extension.
#[must_use]
pub fn config_format(extension: &str) -> Option<Format> {
    match extension {
        "toml" => Some(Format::Toml),
        "yaml" | "yml" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

impl SiteConfig {
    /// Apply one configuration file's text on top of this configuration. `root_key` is set
    /// for a file of `config/_default/` that holds one key (`taxonomies.toml`, or
    /// `languages.fr.toml` for one language); `file` is where the text comes from (cascade
    /// entries are reported there).
    ///
    /// # Errors
    /// The [`ParseError`] of a file that does not parse.
    pub fn merge_text(
        &mut self,
        format: Format,
        text: &str,
        root_key: Option<&str>,
        file: &Path,
    ) -> Result<(), ParseError> {
        let root = frontmatter::parse(format, text, 0, &Limits::default())?;
        match root_key.map(|k| k.split_once('.').unwrap_or((k, ""))) {
            Some((key, "")) => {
                // A file that is one key: point at its first entry.
                let at = root
                    .as_map()
                    .and_then(|e| e.first())
                    .map_or(root.span, |e| e.key.span);
                self.merge_key(key, at, &root, file);
            }
            Some((key, lang)) if keys_equal(key, "languages") => {
                self.merge_language(lang, &root);
            }
            // `params.fr.toml`, `menus.en.toml`: nothing catlint reads.
            Some(_) => {}
            None => {
                if let Some(entries) = root.as_map() {
                    for e in entries {
                        self.merge_key(&e.key.name, e.key.span, &e.value, file);
                    }
                }
            }
        }
        Ok(())
    }

    /// The taxonomy plural names a page may list terms under.
    #[must_use]
    pub fn taxonomy_keys(&self) -> Vec<&str> {
        self.taxonomies.iter().map(|t| t.plural.as_str()).collect()
    }

    fn merge_key(&mut self, key: &str, key_span: Span, value: &Node, file: &Path) {
        let is = |name: &str| keys_equal(key, name);
        let flag = || matches!(value.value, Value::Bool(true));
        if is("contentDir") {
            if let Some(dir) = value.as_str() {
                self.content_dir = dir.to_owned();
            }
        } else if is("timeZone") {
            self.time_zone = value.as_str().map(str::to_owned);
        } else if is("taxonomies") {
            if let Some(entries) = value.as_map() {
                self.taxonomies = entries
                    .iter()
                    .filter_map(|e| {
                        // Hugo lower-cases both (`Categories` is `categories`).
                        Some(Taxonomy {
                            singular: e.key.name.to_lowercase(),
                            plural: e.value.as_str()?.to_lowercase(),
                        })
                    })
                    .collect();
                self.taxonomies_declared = true;
                self.taxonomies_at = Some((file.to_path_buf(), key_span));
            }
        } else if is("languages") {
            if let Some(entries) = value.as_map() {
                for e in entries {
                    self.merge_language(&e.key.name, &e.value);
                }
            }
        } else if is("defaultContentLanguage") {
            if let Some(code) = value.as_str() {
                self.default_language = code.to_lowercase();
            }
        } else if is("disableLanguages") {
            self.disabled_languages = strings(value).map(|s| s.to_lowercase()).collect();
        } else if is("removePathAccents") {
            self.url_style.remove_accents = flag();
        } else if is("disablePathToLower") {
            self.url_style.keep_case = flag();
        } else if is("buildDrafts") {
            self.build.drafts = flag();
        } else if is("buildFuture") {
            self.build.future = flag();
        } else if is("buildExpired") {
            self.build.expired = flag();
        } else if is("permalinks") {
            self.merge_permalinks(value);
        } else if is("frontmatter") {
            self.merge_front_matter_dates(value);
        } else if is("cascade") {
            // A later file's cascade replaces an earlier one's (the root file wins).
            self.cascade.clear();
            self.cascade.push((file.to_path_buf(), value.clone()));
        } else if is("module")
            && let Some(mounts) = get(value, "mounts")
        {
            self.content_mounts = content_mounts(mounts);
        }
    }

    fn merge_language(&mut self, code: &str, value: &Node) {
        let code = code.to_lowercase();
        let content_dir = get(value, "contentDir")
            .and_then(Node::as_str)
            .map(str::to_owned);
        let disabled = matches!(
            get(value, "disabled").map(|n| &n.value),
            Some(Value::Bool(true))
        );
        match self.languages.iter_mut().find(|l| l.code == code) {
            Some(language) => {
                if content_dir.is_some() {
                    language.content_dir = content_dir;
                }
                language.disabled |= disabled;
            }
            None => self.languages.push(Language {
                code,
                content_dir,
                disabled,
            }),
        }
    }

    fn merge_permalinks(&mut self, value: &Node) {
        let Some(entries) = value.as_map() else {
            return;
        };
        let mut set = |kind: &str, name: &str, pattern: &str| {
            let name = name.to_lowercase();
            self.permalinks
                .retain(|p| !(p.kind == kind && p.name == name));
            self.permalinks.push(Permalinks {
                kind: kind.to_owned(),
                name,
                pattern: pattern.to_owned(),
            });
        };
        for e in entries {
            match &e.value.value {
                Value::String(pattern) => set("", &e.key.name, pattern),
                Value::Map(patterns) => {
                    for p in patterns {
                        if let Some(pattern) = p.value.as_str() {
                            set(&e.key.name.to_lowercase(), &p.key.name, pattern);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The URL pattern of `kind` (`term`, `page`) for the section or taxonomy `name`: the
    /// one configured for that kind, else a legacy one written directly under `permalinks`.
    #[must_use]
    pub fn permalink(&self, kind: &str, name: &str) -> Option<&str> {
        let find = |k: &str| {
            self.permalinks
                .iter()
                .find(|p| p.kind == k && keys_equal(&p.name, name))
                .map(|p| p.pattern.as_str())
        };
        find(kind).or_else(|| find(""))
    }

    fn merge_front_matter_dates(&mut self, value: &Node) {
        let expand = |node: &Node, defaults: &[&str]| -> Vec<String> {
            let mut keys = Vec::new();
            for item in strings(node) {
                if item.eq_ignore_ascii_case(":default") {
                    keys.extend(defaults.iter().map(|d| (*d).to_owned()));
                } else if !item.starts_with(':') {
                    keys.push(item.to_lowercase());
                }
            }
            keys
        };
        if let Some(node) = get(value, "publishDate") {
            self.publish_date_keys = expand(node, &DEFAULT_PUBLISH_DATE_KEYS);
        }
        if let Some(node) = get(value, "expiryDate") {
            self.expiry_date_keys = expand(node, &DEFAULT_EXPIRY_DATE_KEYS);
        }
    }

    /// The configuration's cascade entries, with term lists under `keys`, and the file each
    /// is written in.
    #[must_use]
    pub fn cascades(&self, keys: &[&str]) -> Vec<(PathBuf, Cascade)> {
        self.cascade
            .iter()
            .flat_map(|(file, node)| {
                cascade::read(node, keys)
                    .into_iter()
                    .map(move |c| (file.clone(), c))
            })
            .collect()
    }

    /// Whether `code` (any case) is a language of the site: a declared one, or the default
    /// content language.
    #[must_use]
    pub fn is_language(&self, code: &str) -> bool {
        keys_equal(code, &self.default_language)
            || self.languages.iter().any(|l| keys_equal(&l.code, code))
    }

    /// Whether Hugo builds the pages of the language `code`.
    #[must_use]
    pub fn builds_language(&self, code: &str) -> bool {
        !self.disabled_languages.iter().any(|d| d == code)
            && !self.languages.iter().any(|l| l.code == code && l.disabled)
    }

    /// The URL prefix of a language's pages (`/fr`; none for the default language).
    #[must_use]
    pub fn language_prefix(&self, code: &str) -> String {
        if code == self.default_language {
            String::new()
        } else {
            format!("/{code}")
        }
    }
}

/// A string, or each string of a list.
fn strings(node: &Node) -> impl Iterator<Item = &str> {
    let items: Vec<&str> = match &node.value {
        Value::String(s) => vec![s.as_str()],
        Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    };
    items.into_iter()
}

fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    node.as_map()?
        .iter()
        .rev()
        .find(|e| keys_equal(&e.key.name, key))
        .map(|e| &e.value)
}

fn content_mounts(mounts: &Node) -> Vec<ContentMount> {
    let Value::Seq(items) = &mounts.value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|m| {
            let target = get(m, "target")?.as_str()?.trim_matches('/');
            let under = match target.split_once('/') {
                None if target == "content" => "",
                Some(("content", under)) => under,
                _ => return None,
            };
            let source = get(m, "source")?.as_str()?.to_owned();
            let exclude_files = match get(m, "excludeFiles").map(|n| &n.value) {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Seq(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let languages: Vec<&str> = get(m, "sites")
                .and_then(|s| get(s, "matrix"))
                .and_then(|s| get(s, "languages"))
                .map(|l| strings(l).collect())
                .unwrap_or_default();
            Some(ContentMount {
                source,
                under: under.to_owned(),
                exclude_files,
                lang: match languages.as_slice() {
                    [one] if !one.contains('*') => Some(one.to_lowercase()),
                    _ => None,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_taxonomies_languages_time_zone_and_mounts() {
        let mut c = SiteConfig::default();
        c.merge_text(
            Format::Yaml,
            "timezone: Europe/London\ntaxonomies:\n  category: categories\n  tag: tags\n  concept: concepts\n\
             languages:\n  en: {weight: 1}\n  FR: {weight: 2}\n\
             module:\n  mounts:\n    - source: content\n      target: content\n      excludeFiles: ['**/data.yaml']\n    - source: static\n      target: static\n",
            None,
            Path::new("hugo.yaml"),
        )
        .unwrap();
        assert_eq!(c.time_zone.as_deref(), Some("Europe/London"));
        assert_eq!(c.taxonomies.len(), 3);
        assert!(c.taxonomies_declared);
        let codes: Vec<&str> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "fr"]);
        assert_eq!(
            c.content_mounts,
            [ContentMount {
                source: "content".to_owned(),
                under: String::new(),
                exclude_files: vec!["**/data.yaml".to_owned()],
                lang: None,
            }]
        );
    }

    #[test]
    fn a_config_without_taxonomies_keeps_hugo_defaults() {
        let mut c = SiteConfig::default();
        c.merge_text(
            Format::Toml,
            "contentDir = 'docs'\n",
            None,
            Path::new("hugo.toml"),
        )
        .unwrap();
        assert_eq!(c.content_dir, "docs");
        assert!(!c.taxonomies_declared);
        assert_eq!(c.taxonomies[0].plural, "categories");
    }

    #[test]
    fn a_split_config_file_holds_one_key() {
        let mut c = SiteConfig::default();
        c.merge_text(
            Format::Json,
            r#"{"topic": "topics"}"#,
            Some("taxonomies"),
            Path::new("config/_default/taxonomies.json"),
        )
        .unwrap();
        assert_eq!(
            c.taxonomies,
            [Taxonomy {
                singular: "topic".into(),
                plural: "topics".into()
            }]
        );
    }

    #[test]
    fn a_broken_config_is_an_error_not_a_panic() {
        assert!(
            SiteConfig::default()
                .merge_text(Format::Yaml, "taxonomies: [", None, Path::new("hugo.yaml"))
                .is_err()
        );
    }

    #[test]
    fn languages_build_options_permalinks_and_dates() {
        let mut c = SiteConfig::default();
        let file = Path::new("hugo.toml");
        c.merge_text(
            Format::Toml,
            "defaultContentLanguage = 'FR'\nremovePathAccents = true\nbuildDrafts = true\n\
             [languages.en]\ncontentDir = 'content/en'\n[languages.FR]\nweight = 1\n\
             [permalinks.term]\ncategories = '/topics/:slug/'\n\
             [frontmatter]\npublishDate = ['release', ':default']\n\
             [[cascade]]\ncategories = ['x']\n",
            None,
            file,
        )
        .unwrap();
        c.merge_text(
            Format::Toml,
            "contentDir = 'content/fr'\n",
            Some("languages.fr"),
            Path::new("config/_default/languages.fr.toml"),
        )
        .unwrap();
        assert_eq!(c.default_language, "fr");
        assert!(c.is_language("Fr") && c.is_language("en") && !c.is_language("de"));
        assert_eq!(c.languages[1].content_dir.as_deref(), Some("content/fr"));
        assert!(c.url_style.remove_accents && c.build.drafts && !c.build.future);
        assert_eq!(c.permalink("term", "Categories"), Some("/topics/:slug/"));
        assert_eq!(c.permalink("page", "categories"), None);
        c.merge_text(
            Format::Toml,
            "[permalinks]\ntags = '/t/:title/'\n",
            None,
            file,
        )
        .unwrap();
        assert_eq!(c.permalink("term", "tags"), Some("/t/:title/"));
        assert_eq!(c.permalink("page", "tags"), Some("/t/:title/"));
        assert_eq!(
            c.publish_date_keys,
            ["release", "publishdate", "pubdate", "published", "date"]
        );
        let cascades = c.cascades(&["categories"]);
        assert_eq!(cascades.len(), 1);
        assert_eq!(cascades[0].0, file);
        assert_eq!(cascades[0].1.fields.lists[0].items[0].0, "x");
        assert_eq!(c.language_prefix("en"), "/en");
    }
}
