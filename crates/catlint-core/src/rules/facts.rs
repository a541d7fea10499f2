//! What the cross-file rules need of a page, in one type: the site index holds it, the
//! on-disk index cache stores it, and the language server compares it to know when the
//! cross-file results must be recomputed. A new fact is added here, and only here.

use serde::{Deserialize, Serialize};

use super::page::Page;
use super::settings::Settings;
use super::suppression::{self, Suppression};
use crate::frontmatter::{self, FrontMatter};
use crate::site::{Cascade, HugoFields, cascade};
use crate::span::Span;

/// The layout of [`PageFacts`]: bump it with any change of its fields, and every store of
/// facts (the CLI's index cache) drops what it kept under another layout.
pub const FACTS_LAYOUT: u32 = 2;

/// What the cross-file rules need of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFacts {
    /// The opening delimiter (or the start of the file): where a problem of the whole page is
    /// reported.
    pub anchor: Span,
    /// Term pages: the title and its span, when the page has exactly one title that is text
    /// (a duplicated title is ambiguous: the cross-file rules leave it alone).
    pub title: Option<(String, Span)>,
    /// Term pages: the description, likewise (editors show it for the term).
    pub description: Option<String>,
    /// Term pages: the name the Instructions open with, when it is the title in another
    /// number (`instructions-opening` checks it against the other terms).
    pub instructions_variant: Option<(String, Span)>,
    /// What Hugo reads of the page: its term lists under the site's taxonomy keys, whether
    /// it is built (draft, dates, build options) and where (slug, url).
    pub hugo: HugoFields,
    /// The page's `cascade` entries: what it hands down to the pages below it.
    pub cascade: Vec<Cascade>,
    /// The page's suppression comments: they apply once every rule, cross-file ones too,
    /// has reported.
    pub suppressions: Vec<Suppression>,
}

impl PageFacts {
    /// The facts of a page whose diagnostics are not wanted (a page of the site that was not
    /// asked for, a post): read without validation or page rules. A term page (`term`) also
    /// gives its title, description and Instructions opening. A page whose front matter does
    /// not parse has none (its own check, when asked for, says why).
    #[must_use]
    pub fn read(src: &[u8], settings: &Settings, list_keys: &[&str], term: bool) -> Self {
        let Ok(front) = frontmatter::read(src, &settings.limits) else {
            return Self {
                anchor: frontmatter::extract(src)
                    .map(|e| e.open)
                    .unwrap_or_default(),
                ..Self::default()
            };
        };
        let page = Page {
            src,
            format: front.extracted.format,
            root: &front.root,
            settings,
            boolean_fields: &[],
        };
        if term {
            Self::of_term(&page, &front, list_keys)
        } else {
            Self::of_post(&page, &front, list_keys)
        }
    }

    /// The facts of a term page, from the parse its check made.
    pub(crate) fn of_term(page: &Page<'_>, front: &FrontMatter, list_keys: &[&str]) -> Self {
        Self {
            title: page.single_text("title"),
            description: page.single_text("description").map(|(text, _)| text),
            instructions_variant: super::instructions_opening::plural_variant(page),
            ..Self::of_post(page, front, list_keys)
        }
    }

    /// Only where the front matter opens and its suppression comments: all a page outside
    /// any site needs (no index reads it).
    pub(crate) fn of_comments(page: &Page<'_>, front: &FrontMatter) -> Self {
        Self::of_post(page, front, &[])
    }

    /// The facts of any other page, from the parse its check made.
    pub(crate) fn of_post(page: &Page<'_>, front: &FrontMatter, list_keys: &[&str]) -> Self {
        Self {
            anchor: front.extracted.open,
            hugo: HugoFields::read(&front.root, list_keys),
            cascade: cascade::of_page(&front.root, list_keys),
            suppressions: suppression::find(page.src, front.extracted.content, &front.root),
            ..Self::default()
        }
    }

    /// Every span the facts hold: where a cross-file finding on the page can point.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let title = self.title.iter().map(|(_, s)| *s);
        let variant = self.instructions_variant.iter().map(|(_, s)| *s);
        let cascade = self
            .cascade
            .iter()
            .flat_map(|c| std::iter::once(c.span).chain(c.fields.spans()));
        let comments = self.suppressions.iter().map(|s| s.comment);
        std::iter::once(self.anchor)
            .chain(title)
            .chain(variant)
            .chain(self.hugo.spans())
            .chain(cascade)
            .chain(comments)
    }

    /// Whether the cross-file rules read the same of both (suppressions and descriptions
    /// aside: they do not change what those rules find).
    #[must_use]
    pub fn same_for_the_index(&self, other: &Self) -> bool {
        self.anchor == other.anchor
            && self.title == other.title
            && self.instructions_variant == other.instructions_variant
            && self.hugo == other.hugo
            && self.cascade == other.cascade
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field names a type serialises with, in order.
    fn fields_of<T: Serialize + Default>() -> Vec<String> {
        let json = serde_json::to_value(T::default()).expect("serialises");
        json.as_object()
            .expect("a struct")
            .keys()
            .cloned()
            .collect()
    }

    /// A change of the fields must bump [`FACTS_LAYOUT`] (stores of facts then drop what they
    /// kept): this pins the fields of the current layout, and of the Hugo fields inside.
    #[test]
    fn the_layout_is_pinned() {
        assert_eq!(
            (FACTS_LAYOUT, fields_of::<PageFacts>()),
            (
                2,
                [
                    "anchor",
                    "title",
                    "description",
                    "instructions_variant",
                    "hugo",
                    "cascade",
                    "suppressions"
                ]
                .map(str::to_owned)
                .to_vec()
            ),
            "PageFacts changed: bump FACTS_LAYOUT and pin the new fields here"
        );
        assert_eq!(
            (FACTS_LAYOUT, fields_of::<crate::site::HugoFields>()),
            (2, ["lists", "dates", "options"].map(str::to_owned).to_vec()),
            "HugoFields changed: bump FACTS_LAYOUT and pin the new fields here"
        );
    }
}
