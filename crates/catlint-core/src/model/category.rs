//! The front matter of a category (taxonomy term) page.
//!
//! Field names are written as the site writes them (`Instructions`, `ResourceId`); catlint
//! matches keys case-insensitively, as Hugo does, so `instructions` is the same field.
//! Every doc comment becomes the field's `description` in the JSON Schema, which editors
//! show on hover.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::date::HugoDate;
use super::page::{HugoFields, OneOrMany};

/// Front matter of a category page (`content/categories/<term>/_index.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "catlint category page front matter")]
pub struct Category {
    // ----- The site's own fields -------------------------------------------------------------
    /// The term's display name, shown as the page heading and in term lists.
    #[schemars(length(min = 1))]
    pub title: String,

    /// When the page was published, with a time zone (`2025-02-11T10:17:24Z`). Hugo sorts and
    /// hides pages by this date.
    pub date: HugoDate,

    /// One sentence about the term for search engines and term lists; at most 160
    /// characters.
    #[schemars(length(min = 1, max = 160))]
    pub description: String,

    /// The prompt the AI classifier uses to file posts under this term. Opens with
    /// "Use this category only for discussions on <title>.", then a **Key Topics** list and a
    /// **Strictly exclude** section.
    #[serde(rename = "Instructions")]
    #[schemars(length(min = 1))]
    pub instructions: String,

    /// The hero block at the top of the term page.
    pub headline: Headline,

    /// Whether the page shows the Trustpilot widget.
    pub trustpilot: Option<bool>,

    /// A longer summary of the term, used where the description is too short.
    #[serde(rename = "abstract")]
    pub abstract_: Option<String>,

    /// A Font Awesome icon name for the term, e.g. `fa-screwdriver-wrench`.
    pub icon: Option<String>,

    /// The taxonomy this page classifies with: `categories`, `tags` or `concepts`.
    #[serde(rename = "ClassificationType")]
    pub classification_type: Option<String>,

    /// Who wrote the classification text: `human`, `AI` or `hybrid`.
    #[serde(rename = "ClassificationContentOrigin")]
    pub classification_content_origin: Option<String>,

    /// When the body text was last generated.
    #[serde(rename = "BodyContentGenDate")]
    pub body_content_gen_date: Option<HugoDate>,

    /// Concept terms this page belongs to (e.g. `Philosophy`, `Discipline`).
    pub concepts: Option<Vec<String>>,

    /// Category terms this page is filed under.
    pub categories: Option<Vec<String>>,

    /// Tag terms this page is filed under.
    pub tags: Option<Vec<String>>,

    /// Concept types of this page (legacy spelling of `concepts`).
    pub types: Option<Vec<String>>,

    /// Old URLs that should still reach this page, kept for reference only.
    #[serde(rename = "aliasesArchive")]
    pub aliases_archive: Option<Vec<String>>,

    /// Old URLs served by the 404 page's redirect table.
    #[serde(rename = "aliasesFor404")]
    pub aliases_for_404: Option<Vec<String>>,

    /// The stable identifier of the page in the site's resource catalogue.
    #[serde(rename = "ResourceId")]
    pub resource_id: Option<String>,

    /// The resource type in the catalogue (`blog`, `tags`, …).
    #[serde(rename = "ResourceType")]
    pub resource_type: Option<String>,

    /// Who wrote the resource: `Human`, `AI` or `Hybrid`.
    #[serde(rename = "ResourceContentOrigin")]
    pub resource_content_origin: Option<String>,

    /// Whether the page was imported from another system.
    #[serde(rename = "ResourceImport")]
    pub resource_import: Option<bool>,

    /// The identifier of the page in the system it was imported from.
    #[serde(rename = "ResourceImportId")]
    pub resource_import_id: Option<TextOrNumber>,

    /// The system the page was imported from (e.g. `Wordpress`).
    #[serde(rename = "ResourceImportSource")]
    pub resource_import_source: Option<String>,

    /// The original system of an imported page, when it was imported twice.
    #[serde(rename = "ResourceImportOriginalSource")]
    pub resource_import_original_source: Option<String>,

    /// The stable identifier of the item (newer spelling of `ResourceId`).
    #[serde(rename = "ItemId")]
    pub item_id: Option<String>,

    /// The item type (`blog`, `tags`, `categories`, …).
    #[serde(rename = "ItemType")]
    pub item_type: Option<String>,

    /// The item kind: `classification` for taxonomy pages, `resource` for content.
    #[serde(rename = "ItemKind")]
    pub item_kind: Option<String>,

    /// Who wrote the item: `human`, `Authored`, `Hybrid`, …
    #[serde(rename = "ItemContentOrigin")]
    pub item_content_origin: Option<String>,

    /// When each generated field was last written, by field name.
    #[serde(rename = "Watermarks")]
    pub watermarks: Option<BTreeMap<String, HugoDate>>,

    /// The person who created the page.
    pub creator: Option<String>,

    /// The page's author.
    pub author: Option<String>,

    /// Other people who contributed to the page.
    pub contributors: Option<Vec<Value>>,

    /// A preview image file name.
    pub preview: Option<String>,

    /// A cover image file name.
    #[serde(rename = "coverImage")]
    pub cover_image: Option<String>,

    /// A legacy numeric or text identifier.
    pub id: Option<TextOrNumber>,

    /// A shorter title for tight spaces.
    pub short_title: Option<String>,

    /// A one-paragraph summary for readers in a hurry.
    pub tldr: Option<String>,

    /// Whether the page has a native audio version.
    #[serde(rename = "AudioNative")]
    pub audio_native: Option<bool>,

    /// Resource types of the page (a single name or a list).
    #[serde(rename = "resourceTypes")]
    pub resource_types: Option<OneOrMany>,

    /// The resource type of the page (legacy spelling of `resourceTypes`).
    #[serde(rename = "resourceType")]
    pub resource_type_legacy: Option<String>,

    // ----- Hugo's predefined front matter fields ---------------------------------------------
    /// Hugo's own fields, as every page has them.
    #[serde(flatten)]
    pub hugo: HugoFields,
}

/// The hero block of a term page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headline {
    /// Cards shown under the headline: a list, usually empty (`cards: []`). Templates range
    /// over it, so it must be a list when present.
    #[serde(default)]
    pub cards: Vec<Value>,

    /// The headline's title: the page title, or a longer phrase that begins with it.
    #[schemars(length(min = 1))]
    pub title: String,

    /// One line under the headline title; at most 160 characters.
    #[schemars(length(min = 1, max = 160))]
    pub subtitle: String,

    /// A short paragraph introducing the term (the site's generator keeps it to 50 words).
    #[schemars(length(min = 1))]
    pub content: String,

    /// When the headline was last written.
    pub updated: HugoDate,
}

/// Text or a number (legacy identifiers are written both ways).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum TextOrNumber {
    Text(String),
    Number(i64),
}
