//! The URLs Hugo gives term pages: made from a term's path (or title, or slug) the way
//! Hugo's `urlize` makes them — a separate step from the term's key, which drops most
//! punctuation: `R&D` is filed under the key `r&d` but written to `/categories/rd/`.

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use super::terms::go_lower;

/// The site settings that shape URLs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct UrlStyle {
    /// `removePathAccents`: `Damián` → `damian` in URLs (never in keys).
    pub remove_accents: bool,
    /// `disablePathToLower`: URLs keep the case of what they are made from.
    pub keep_case: bool,
}

impl UrlStyle {
    /// Hugo's `MakePathSanitized` (what `urlize` writes): accents removed when configured,
    /// then [`sanitize`], then lower-cased unless the site keeps the case.
    #[must_use]
    pub fn urlize(self, text: &str) -> String {
        let text = if self.remove_accents {
            remove_accents(text)
        } else {
            text.to_owned()
        };
        let clean = sanitize(&text);
        if self.keep_case {
            clean
        } else {
            clean.chars().map(go_lower).collect()
        }
    }
}

/// Hugo's `UnicodeSanitize`: keeps letters, digits, marks, `. / \ _ # + ~ - @` and `%XX`
/// escapes; a run of whitespace between kept characters becomes one `-` (none at the start
/// or after a `-`); everything else is dropped.
#[must_use]
pub fn sanitize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut prepend_hyphen = false;
    let mut was_hyphen = false;
    for (i, &c) in chars.iter().enumerate() {
        let escape = c == '%'
            && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit);
        let allowed = matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || is_letter_digit_or_mark(c)
            || escape;
        if allowed {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    out.push('-');
                }
                prepend_hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    out
}

/// Go's `unicode.IsLetter || unicode.IsDigit || unicode.IsMark`: the general categories
/// L*, Nd and M*.
fn is_letter_digit_or_mark(c: char) -> bool {
    use GeneralCategory as G;
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::DecimalNumber
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
    )
}

/// Hugo's `RemoveAccentsString`: decompose, drop the non-spacing marks, recompose.
#[must_use]
pub fn remove_accents(text: &str) -> String {
    text.nfd()
        .filter(|&c| get_general_category(c) != GeneralCategory::NonspacingMark)
        .nfc()
        .collect()
}

/// A `permalinks` pattern of a taxonomy's terms (`/resources/:slug/`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Permalink {
    parts: Vec<PermalinkPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PermalinkPart {
    Text(String),
    /// `:slug`: the page's slug, else its title.
    Slug,
    /// `:title`.
    Title,
}

/// What a term page's URL is made from.
#[derive(Debug, Clone, Copy)]
pub struct TermUrlInput<'a> {
    /// The taxonomy's plural name.
    pub plural: &'a str,
    /// The term's key (its content path below the taxonomy).
    pub key: &'a str,
    /// The term as written: a term page's folder or file name, a generated page's term.
    pub written: &'a str,
    /// The page's title (a generated term page's is the term as written).
    pub title: &'a str,
    /// Front matter `slug`.
    pub slug: Option<&'a str>,
    /// Front matter `url`.
    pub url: Option<&'a str>,
    /// The language's URL prefix (`/fr` for a language that is not the default).
    pub prefix: &'a str,
}

impl Permalink {
    /// The pattern, when every token in it is one catlint knows (`:slug`, `:title`); `None`
    /// for any other token, whose expansion catlint does not model.
    #[must_use]
    pub fn parse(pattern: &str) -> Option<Self> {
        let mut parts = Vec::new();
        for (i, segment) in pattern.split('/').enumerate() {
            if i > 0 {
                parts.push(PermalinkPart::Text("/".to_owned()));
            }
            match segment {
                ":slug" => parts.push(PermalinkPart::Slug),
                ":title" => parts.push(PermalinkPart::Title),
                s if s.contains(':') => return None,
                s => parts.push(PermalinkPart::Text(s.to_owned())),
            }
        }
        Some(Self { parts })
    }
}

/// The URL Hugo writes a term page to (`/categories/rd/`): its front matter `url`, else the
/// taxonomy's `permalinks` pattern, else `/<plural>/<key>/` with a `slug` replacing the last
/// element.
#[must_use]
pub fn term_url(
    input: &TermUrlInput<'_>,
    style: UrlStyle,
    permalink: Option<&Permalink>,
) -> String {
    if let Some(url) = input.url {
        // An absolute `url` is the URL; a relative one is under the language's prefix.
        return if url.starts_with('/') {
            clean(url)
        } else {
            clean(&format!("{}/{url}", input.prefix))
        };
    }
    let slug_or_title = || match input.slug {
        Some(slug) if !slug.is_empty() => style.urlize(slug),
        _ => style.urlize(input.title),
    };
    let path = match permalink {
        Some(pattern) => pattern
            .parts
            .iter()
            .map(|p| match p {
                PermalinkPart::Text(t) => t.clone(),
                PermalinkPart::Slug => slug_or_title(),
                PermalinkPart::Title => style.urlize(input.title),
            })
            .collect::<String>(),
        None => {
            let parent = match input.key.rsplit_once('/') {
                Some((parent, _)) => format!("/{}/{parent}", input.plural),
                None => format!("/{}", input.plural),
            };
            match input.slug {
                Some(slug) if !slug.is_empty() => {
                    format!("{}/{}", style.urlize(&parent), style.urlize(slug))
                }
                _ if style.keep_case => {
                    style.urlize(&format!("/{}/{}", input.plural, input.written))
                }
                _ => style.urlize(&format!("/{}/{}", input.plural, input.key)),
            }
        }
    };
    clean(&format!("{}/{path}", input.prefix))
}

/// The URL as it is written to disk: one `/` between elements (`/categories//lead` is the
/// folder `categories/lead`), a trailing one for a folder.
fn clean(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    directory(&out)
}

/// `/a/b` → `/a/b/`: a URL without an extension is a folder (`index.html` inside).
fn directory(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') || last.contains('.') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::term_key;

    /// What Hugo 0.168 wrote for a generated term page of each name (observed).
    #[test]
    fn generated_term_urls_as_hugo_writes_them() {
        let cases = [
            ("Don't Panic", "/categories/dont-panic/"),
            ("R&D", "/categories/rd/"),
            ("A/B Testing", "/categories/a/b-testing/"),
            ("a?b", "/categories/ab/"),
            ("(p)", "/categories/p/"),
            ("a%20b", "/categories/a%20b/"),
            ("a~b", "/categories/a~b/"),
            ("a@b", "/categories/a@b/"),
            ("C#", "/categories/c#/"),
            ("a  b", "/categories/a--b/"),
            ("tab\there", "/categories/tab-here/"),
            (" lead space", "/categories/-lead-space/"),
            ("trail space ", "/categories/trail-space-/"),
            ("a\u{a0}b", "/categories/a-b/"),
            ("Damián Avila", "/categories/damián-avila/"),
            ("日本語", "/categories/日本語/"),
            ("İstanbul", "/categories/istanbul/"),
        ];
        for (name, url) in cases {
            let key = term_key(name);
            let input = TermUrlInput {
                plural: "categories",
                key: &key,
                written: name,
                title: name,
                slug: None,
                url: None,
                prefix: "",
            };
            assert_eq!(term_url(&input, UrlStyle::default(), None), url, "{name:?}");
        }
    }

    #[test]
    fn accents_and_case_follow_the_site() {
        let accents = UrlStyle {
            remove_accents: true,
            keep_case: false,
        };
        assert_eq!(
            accents.urlize("/authors/damián-avila"),
            "/authors/damian-avila"
        );
        assert_eq!(remove_accents("e\u{301}té"), "ete");
        let case = UrlStyle {
            remove_accents: false,
            keep_case: true,
        };
        let input = TermUrlInput {
            plural: "categories",
            key: "don't-panic",
            written: "Don't Panic",
            title: "Don't Panic",
            slug: None,
            url: None,
            prefix: "",
        };
        assert_eq!(term_url(&input, case, None), "/categories/Dont-Panic/");
    }

    #[test]
    fn slug_url_and_permalinks_move_a_term_page() {
        let base = TermUrlInput {
            plural: "categories",
            key: "k",
            written: "k",
            title: "Some Title",
            slug: None,
            url: None,
            prefix: "",
        };
        let style = UrlStyle::default();
        let slug = TermUrlInput {
            slug: Some("kk"),
            ..base
        };
        assert_eq!(term_url(&slug, style, None), "/categories/kk/");
        let url = TermUrlInput {
            url: Some("/elsewhere/"),
            ..base
        };
        assert_eq!(term_url(&url, style, None), "/elsewhere/");
        let pattern = Permalink::parse("/t/:slug/").expect("known tokens");
        assert_eq!(term_url(&base, style, Some(&pattern)), "/t/some-title/");
        let slug = TermUrlInput {
            slug: Some("My Slug"),
            ..base
        };
        assert_eq!(term_url(&slug, style, Some(&pattern)), "/t/my-slug/");
        assert_eq!(Permalink::parse("/:year/:slug/"), None);
        let fr = TermUrlInput {
            prefix: "/fr",
            ..base
        };
        assert_eq!(term_url(&fr, style, None), "/fr/categories/k/");
        let absolute = TermUrlInput {
            url: Some("/same"),
            ..fr
        };
        assert_eq!(term_url(&absolute, style, None), "/same/");
        let relative = TermUrlInput {
            url: Some("same"),
            ..fr
        };
        assert_eq!(term_url(&relative, style, None), "/fr/same/");
        let lead = TermUrlInput {
            key: "/lead",
            written: "/lead",
            ..base
        };
        assert_eq!(term_url(&lead, style, None), "/categories/lead/");
    }
}
