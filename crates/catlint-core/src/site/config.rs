//! The parts of a Hugo site configuration that decide which files are content and which
//! content pages are taxonomy terms.
//!
//! Read with catlint's own span-aware parsers (so a broken config is a diagnostic, not a
//! crash); keys are matched case-insensitively, as Hugo does.

use crate::frontmatter::keys_equal;
use crate::frontmatter::{self, Format, Limits, Node, ParseError, Value};

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
}

/// What catlint needs of a Hugo site configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfig {
    /// `contentDir` (default `content`).
    pub content_dir: String,
    /// Mounts with target `content`; when present they replace `content_dir`.
    pub content_mounts: Vec<ContentMount>,
    /// The declared taxonomies, or Hugo's defaults (`category`, `tag`).
    pub taxonomies: Vec<Taxonomy>,
    /// Whether the configuration declared `taxonomies` (else they are Hugo's defaults).
    pub taxonomies_declared: bool,
    /// Language codes from `languages` (empty for a single-language site).
    pub languages: Vec<String>,
    /// `timeZone`, as written (an IANA name such as `Europe/London`).
    pub time_zone: Option<String>,
}

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
            languages: Vec::new(),
            time_zone: None,
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
    /// for a file of `config/_default/` that holds one key (`taxonomies.toml`).
    ///
    /// # Errors
    /// The [`ParseError`] of a file that does not parse.
    pub fn merge_text(
        &mut self,
        format: Format,
        text: &str,
        root_key: Option<&str>,
    ) -> Result<(), ParseError> {
        let root = frontmatter::parse(format, text, 0, &Limits::default())?;
        match root_key {
            Some(key) => self.merge_key(key, &root),
            None => {
                if let Some(entries) = root.as_map() {
                    for e in entries {
                        self.merge_key(&e.key.name, &e.value);
                    }
                }
            }
        }
        Ok(())
    }

    fn merge_key(&mut self, key: &str, value: &Node) {
        let is = |name: &str| keys_equal(key, name);
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
                        Some(Taxonomy {
                            singular: e.key.name.clone(),
                            plural: e.value.as_str()?.to_owned(),
                        })
                    })
                    .collect();
                self.taxonomies_declared = true;
            }
        } else if is("languages") {
            if let Some(entries) = value.as_map() {
                self.languages = entries.iter().map(|e| e.key.name.to_lowercase()).collect();
            }
        } else if is("module")
            && let Some(mounts) = get(value, "mounts")
        {
            self.content_mounts = content_mounts(mounts);
        }
    }
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
        .filter(|m| get(m, "target").and_then(Node::as_str) == Some("content"))
        .filter_map(|m| {
            let source = get(m, "source")?.as_str()?.to_owned();
            let exclude_files = match get(m, "excludeFiles").map(|n| &n.value) {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Seq(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            Some(ContentMount {
                source,
                exclude_files,
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
        )
        .unwrap();
        assert_eq!(c.time_zone.as_deref(), Some("Europe/London"));
        assert_eq!(c.taxonomies.len(), 3);
        assert!(c.taxonomies_declared);
        assert_eq!(c.languages, ["en", "fr"]);
        assert_eq!(
            c.content_mounts,
            [ContentMount {
                source: "content".to_owned(),
                exclude_files: vec!["**/data.yaml".to_owned()]
            }]
        );
    }

    #[test]
    fn a_config_without_taxonomies_keeps_hugo_defaults() {
        let mut c = SiteConfig::default();
        c.merge_text(Format::Toml, "contentDir = 'docs'\n", None)
            .unwrap();
        assert_eq!(c.content_dir, "docs");
        assert!(!c.taxonomies_declared);
        assert_eq!(c.taxonomies[0].plural, "categories");
    }

    #[test]
    fn a_split_config_file_holds_one_key() {
        let mut c = SiteConfig::default();
        c.merge_text(Format::Json, r#"{"topic": "topics"}"#, Some("taxonomies"))
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
                .merge_text(Format::Yaml, "taxonomies: [", None)
                .is_err()
        );
    }
}
