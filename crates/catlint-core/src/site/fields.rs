//! What Hugo reads of a page's front matter to decide under which terms it is filed, whether
//! it is built and where it is written: the term lists (top level or `params`, which wins),
//! `draft`, the publish and expiry dates, `build`, `headless`, `slug` and `url`. The same
//! fields are read from a `cascade` entry, which fills the ones a page lacks.
//!
//! Keys are matched ignoring case, as Hugo matches them. Values are read as Hugo casts them
//! (`draft: "true"` is a draft); what they mean for the build (against "now", the site's
//! `buildDrafts`, …) is decided for the whole site at once, in the index.

use serde::{Deserialize, Serialize};

use super::terms::{TermList, term_list};
use crate::frontmatter::{Entry, Node, Value, fold_case, keys_equal};
use crate::span::Span;

/// A boolean field and where its value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// The value, cast as Hugo casts it.
    pub value: bool,
    /// Where the value is written.
    pub span: Span,
}

/// Which of [`DATE_KEYS`] a date field is written under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateKey(u8);

impl DateKey {
    /// The key, lower-cased (`publishdate`).
    #[must_use]
    pub fn name(self) -> &'static str {
        DATE_KEYS
            .get(usize::from(self.0))
            .copied()
            .unwrap_or_default()
    }
}

/// A date field as written (parsed when the site's time zone and "now" are known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateField {
    /// Its key.
    pub key: DateKey,
    /// The value's text.
    pub text: String,
    /// Where the value is written.
    pub span: Span,
}

/// `build.render`: whether Hugo writes the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Render {
    /// Written (the default).
    Always,
    /// Not written: the page has no URL.
    Never,
    /// Not written, but it has a URL.
    Link,
}

/// A page's `build` options as far as the taxonomy rules need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// `render`, when given, and where its value is written.
    pub render: Option<(Render, Span)>,
    /// Where the `build` key is written.
    pub key: Span,
}

/// The date keys Hugo reads for a page's publish and expiry dates (the `[frontmatter]`
/// defaults and their aliases), lower-cased.
pub const DATE_KEYS: [&str; 6] = [
    "date",
    "publishdate",
    "pubdate",
    "published",
    "expirydate",
    "unpublishdate",
];

/// The fields Hugo reads of a page (or of a cascade entry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HugoFields {
    /// The term lists under the site's taxonomy keys: `params.<plural>` where the page has
    /// one, else the top-level `<plural>`.
    pub lists: Vec<TermList>,
    /// The date fields among [`DATE_KEYS`], in source order.
    pub dates: Vec<DateField>,
    /// The rarer fields, when the page has any (most pages have none: kept out of line).
    pub options: Option<Box<PageOptions>>,
}

/// The fields that decide whether and where Hugo writes a page, beside its dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageOptions {
    /// `draft`.
    pub draft: Option<Flag>,
    /// `build`.
    pub build: Option<Build>,
    /// `headless`.
    pub headless: Option<Flag>,
    /// `slug`, and where its value is written.
    pub slug: Option<(String, Span)>,
    /// `url`, and where its value is written.
    pub url: Option<(String, Span)>,
}

impl HugoFields {
    /// The fields of the mapping `root` (a page's front matter, or a cascade entry), with
    /// term lists under `keys`.
    #[must_use]
    pub fn read(root: &Node, keys: &[&str]) -> Self {
        let Some(entries) = root.as_map() else {
            return Self::default();
        };
        let mut fields = Self {
            lists: lists(entries, keys),
            ..Self::default()
        };
        let mut options = PageOptions::default();
        for e in entries {
            match fold_case(&e.key.name).as_ref() {
                "draft" => options.draft = flag(&e.value),
                "headless" => options.headless = flag(&e.value),
                "build" => {
                    options.build = Some(Build {
                        render: e.value.as_map().and_then(render),
                        key: e.key.span,
                    });
                }
                "slug" => options.slug = text(&e.value),
                "url" => options.url = text(&e.value),
                key => {
                    if let Some(date) = DATE_KEYS.iter().position(|d| *d == key)
                        && let Some((text, span)) = text(&e.value)
                    {
                        fields.dates.push(DateField {
                            key: DateKey(u8::try_from(date).unwrap_or(u8::MAX)),
                            text,
                            span,
                        });
                    }
                }
            }
        }
        fields.dates.shrink_to_fit();
        if options != PageOptions::default() {
            fields.options = Some(Box::new(options));
        }
        fields
    }

    /// `draft`.
    #[must_use]
    pub fn draft(&self) -> Option<Flag> {
        self.options.as_ref()?.draft
    }

    /// `build`.
    #[must_use]
    pub fn build(&self) -> Option<Build> {
        self.options.as_ref()?.build
    }

    /// `headless`.
    #[must_use]
    pub fn headless(&self) -> Option<Flag> {
        self.options.as_ref()?.headless
    }

    /// `slug`, and where its value is written.
    #[must_use]
    pub fn slug(&self) -> Option<&(String, Span)> {
        self.options.as_ref()?.slug.as_ref()
    }

    /// `url`, and where its value is written.
    #[must_use]
    pub fn url(&self) -> Option<&(String, Span)> {
        self.options.as_ref()?.url.as_ref()
    }

    /// The date written under `key` (lower-cased), if any.
    #[must_use]
    pub fn date(&self, key: &str) -> Option<&DateField> {
        self.dates.iter().rev().find(|d| d.key.name() == key)
    }

    /// Every span the fields hold.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        let lists = self
            .lists
            .iter()
            .flat_map(|l| std::iter::once(l.key_span).chain(l.items.iter().map(|(_, s)| *s)));
        let flags = self
            .draft()
            .into_iter()
            .chain(self.headless())
            .map(|f| f.span);
        let dates = self.dates.iter().map(|d| d.span);
        let build = self
            .build()
            .into_iter()
            .flat_map(|b| std::iter::once(b.key).chain(b.render.map(|(_, s)| s)));
        let text = self.slug().into_iter().chain(self.url()).map(|(_, s)| *s);
        lists.chain(flags).chain(dates).chain(build).chain(text)
    }
}

/// The term lists of `entries`: `params.<key>` wins over the top-level `<key>`.
fn lists(entries: &[Entry], keys: &[&str]) -> Vec<TermList> {
    let params = entries
        .iter()
        .rev()
        .find(|e| keys_equal(&e.key.name, "params"))
        .and_then(|e| e.value.as_map())
        .unwrap_or_default();
    let mut out = Vec::new();
    for key in keys {
        let find = |entries: &[Entry]| {
            entries
                .iter()
                .rev()
                .find(|e| keys_equal(&e.key.name, key))
                .map(term_list)
        };
        if let Some(list) = find(params).or_else(|| find(entries)) {
            out.push(list);
        }
    }
    out.sort_by_key(|l| l.key_span.start);
    out.shrink_to_fit();
    out
}

/// A boolean as Hugo's `cast.ToBool` reads it: `true`, `"true"`, `"1"`, `1`, …
fn flag(node: &Node) -> Option<Flag> {
    let value = match &node.value {
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::String(s) => matches!(s.as_str(), "1" | "t" | "T" | "TRUE" | "true" | "True"),
        _ => return None,
    };
    Some(Flag {
        value,
        span: node.span,
    })
}

fn text(node: &Node) -> Option<(String, Span)> {
    node.as_str().map(|s| (s.to_owned(), node.span))
}

fn render(build: &[Entry]) -> Option<(Render, Span)> {
    let e = build
        .iter()
        .rev()
        .find(|e| keys_equal(&e.key.name, "render"))?;
    let render = match &e.value.value {
        Value::Bool(true) => Render::Always,
        Value::Bool(false) => Render::Never,
        Value::String(s) if s.eq_ignore_ascii_case("never") => Render::Never,
        Value::String(s) if s.eq_ignore_ascii_case("link") => Render::Link,
        _ => Render::Always,
    };
    Some((render, e.value.span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{Limits, read};

    fn fields(src: &str) -> HugoFields {
        let root = read(src.as_bytes(), &Limits::default())
            .expect("parses")
            .root;
        HugoFields::read(&root, &["categories", "tags"])
    }

    #[test]
    fn params_win_over_the_top_level_list() {
        let f = fields("---\ncategories: [top]\nparams:\n  categories: [par]\ntags: x\n---\n");
        let items: Vec<_> = f
            .lists
            .iter()
            .map(|l| (l.key.as_str(), l.items[0].0.as_str()))
            .collect();
        assert_eq!(items, [("categories", "par"), ("tags", "x")]);
    }

    #[test]
    fn build_state_fields_are_read_as_hugo_casts_them() {
        let src = "---\nDraft: 'true'\npublishDate: 2099-01-01\nexpiryDate: \"2020-01-01\"\nbuild:\n  render: never\nheadless: false\nslug: kk\n---\n";
        let f = fields(src);
        assert_eq!(f.draft().map(|d| d.value), Some(true));
        assert_eq!(
            f.date("publishdate").map(|d| d.text.as_str()),
            Some("2099-01-01")
        );
        assert_eq!(
            f.date("expirydate").map(|d| d.text.as_str()),
            Some("2020-01-01")
        );
        let (render, span) = f.build().and_then(|b| b.render).expect("render");
        assert_eq!(
            (render, &src[span.start..span.end]),
            (Render::Never, "never")
        );
        assert_eq!(f.headless().map(|h| h.value), Some(false));
        assert_eq!(f.slug().map(|s| s.0.as_str()), Some("kk"));
        let toml = fields("+++\ndraft = false\n[build]\nrender = false\n+++\n");
        assert_eq!(toml.draft().map(|d| d.value), Some(false));
        assert_eq!(
            toml.build().and_then(|b| b.render).map(|r| r.0),
            Some(Render::Never)
        );
        assert!(
            fields("---\ntitle: x\ndate: 2020-01-01\n---\n")
                .options
                .is_none()
        );
    }
}
