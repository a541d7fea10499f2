//! The front matter of any Hugo content page, as Hugo 0.168 reads it: Hugo's own fields,
//! typed as Hugo reads them, and any other top-level field (Hugo hands it to the templates
//! in `.Params`). The category model ([`super::Category`]) extends it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::date::HugoDate;

/// Front matter of a Hugo content page (a post, a section page, any page Hugo builds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "catlint Hugo page front matter", extend("additionalProperties" = true))]
pub struct HugoPage {
    /// Hugo: the page's title.
    pub title: Option<String>,

    /// Hugo: the page's date; Hugo sorts pages by it.
    pub date: Option<HugoDate>,

    /// Hugo: the page's description, for search engines and lists.
    pub description: Option<String>,

    /// Hugo's own fields.
    #[serde(flatten)]
    pub hugo: HugoFields,
}

/// Hugo's predefined front matter fields other than `title`, `date` and `description`
/// (which each model types its own way).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HugoFields {
    /// Hugo: a shorter title used in menus and links.
    #[serde(rename = "linkTitle")]
    pub link_title: Option<String>,

    /// Hugo: when the page was last modified.
    pub lastmod: Option<HugoDate>,

    /// Hugo: when the page becomes public; Hugo skips it until then.
    #[serde(rename = "publishDate")]
    pub publish_date: Option<HugoDate>,

    /// Hugo: alias of `publishDate`.
    pub pubdate: Option<HugoDate>,

    /// Hugo: alias of `publishDate`.
    pub published: Option<HugoDate>,

    /// Hugo: alias of `lastmod`.
    pub modified: Option<HugoDate>,

    /// Hugo: when the page stops being published.
    #[serde(rename = "expiryDate")]
    pub expiry_date: Option<HugoDate>,

    /// Hugo: alias of `expiryDate`.
    pub unpublishdate: Option<HugoDate>,

    /// Hugo: other URLs that redirect to this page (a list, or one text that Hugo splits at
    /// spaces).
    pub aliases: Option<OneOrMany>,

    /// Hugo: whether the page is a draft (not built unless `--buildDrafts`).
    pub draft: Option<bool>,

    /// Hugo: the last segment of the page's URL.
    pub slug: Option<String>,

    /// Hugo: the page's full URL path, overriding the section and slug.
    pub url: Option<String>,

    /// Hugo: the content type, selecting the templates.
    #[serde(rename = "type")]
    pub type_: Option<String>,

    /// Hugo: the template layout to render the page with.
    pub layout: Option<String>,

    /// Hugo: the page's order in lists (lower comes first; 0 means unset).
    pub weight: Option<i64>,

    /// Hugo: meta keywords of the page.
    pub keywords: Option<Vec<String>>,

    /// Hugo: a summary shown in lists instead of the automatic one.
    pub summary: Option<String>,

    /// Hugo: links translations of the same page together.
    #[serde(rename = "translationKey")]
    pub translation_key: Option<String>,

    /// Hugo: the markup of the body (`markdown`, `html`, …).
    pub markup: Option<String>,

    /// Hugo: whether the page is written in Chinese, Japanese or Korean (affects word count).
    #[serde(rename = "isCJKLanguage")]
    pub is_cjk_language: Option<bool>,

    /// Hugo: a headless bundle is not rendered on its own (leaf bundles only).
    pub headless: Option<bool>,

    /// Hugo: the output formats to render the page in (`html`, `rss`, `json`, …): a list, or
    /// one name.
    pub outputs: Option<OneOrMany>,

    /// Hugo: the menus this page appears in: a menu name, a list of names, or a mapping of
    /// menu name to entry settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "menus_schema")]
    pub menus: Option<Value>,

    /// Hugo: the same as `menus` (Hugo reads either spelling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "menus_schema")]
    pub menu: Option<Value>,

    /// Hugo: the sites the page belongs to, by language, version and role (`matrix`,
    /// `complements`).
    pub sites: Option<serde_json::Map<String, Value>>,

    /// Hugo: build options (`list`, `render`, `publishResources`).
    pub build: Option<BuildOptions>,

    /// Hugo: front matter values passed down to descendant pages (a mapping, or a list of
    /// mappings with `_target` / `target`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "cascade_schema")]
    pub cascade: Option<Value>,

    /// Hugo: custom parameters, read in templates as `.Params`.
    pub params: Option<serde_json::Map<String, Value>>,

    /// Hugo: metadata of the bundle's resources (`src`, `name`, `title`, `params`).
    pub resources: Option<Vec<serde_json::Map<String, Value>>>,

    /// Hugo: sitemap settings of this page.
    pub sitemap: Option<Sitemap>,
}

/// Hugo's sitemap settings of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sitemap {
    /// How often the page is likely to change.
    pub changefreq: Option<ChangeFrequency>,

    /// The page's priority relative to the site's other pages, from 0.0 to 1.0.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub priority: Option<f64>,

    /// Whether to leave the page out of the sitemap.
    pub disable: Option<bool>,

    /// The sitemap file name (a site setting; ignored on pages).
    pub filename: Option<String>,
}

/// Sitemap change frequencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ChangeFrequency {
    Always,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Yearly,
    Never,
}

/// Hugo's build options of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildOptions {
    /// When to include the page in page collections: `always`, `never` or `local`
    /// (`true`, `false`: always, never).
    pub list: Option<OrSwitch<BuildList>>,
    /// When to render the page: `always`, `never` or `link` (`true`, `false`: always,
    /// never).
    pub render: Option<OrSwitch<BuildRender>>,
    /// Whether to publish the page's resources.
    #[serde(rename = "publishResources")]
    pub publish_resources: Option<bool>,
}

/// A build option's value, or `true`/`false` (Hugo reads them as `always`/`never`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum OrSwitch<T> {
    Value(T),
    Switch(bool),
}

/// `build.list` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum BuildList {
    Always,
    Never,
    Local,
}

/// `build.render` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum BuildRender {
    Always,
    Never,
    Link,
}

fn menus_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } },
            { "type": "object" },
            { "type": "null" }
        ]
    })
}

fn cascade_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "object" },
            { "type": "array", "items": { "type": "object" } },
            { "type": "null" }
        ]
    })
}

/// A single name or a list of names (Hugo reads one name as a list of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}
