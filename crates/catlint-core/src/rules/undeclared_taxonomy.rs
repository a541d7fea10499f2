pub(crate) const SUMMARY: &str =
    "Posts use a key that is laid out like a taxonomy, but the site does not declare it.";

pub(crate) const DOCS: &str = r#"# undeclared-taxonomy

## What it does
Reports a front matter key (like `concepts`) that pages use and that names a content section
laid out as term pages (`content/concepts/<term>/_index.md`), when the site configuration
does not declare it under `taxonomies`. Once per site and key, with the number of pages that
use it: on the configuration's `taxonomies` key (where the fix goes), or on the first page
when the configuration declares no taxonomies.

## Why is this bad?
Hugo then treats the key as a plain parameter: no term pages link to the posts, and the
section's pages are ordinary sections.

## Example
```yaml
# hugo.yaml
taxonomies:
  category: categories
  tag: tags
```
```yaml
# a post
concepts:
  - Philosophy
```

## Use instead
```yaml
taxonomies:
  category: categories
  tag: tags
  concept: concepts
```

## Fix
No automatic fix: the site configuration is changed by hand."#;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::frontmatter::keys_equal;
use crate::rules::RuleId;
use crate::rules::index::SiteIndex;
use crate::span::Span;

/// The first page (in path order) that uses a key: the page, the key's span, the key.
type FirstUse<'a> = (&'a Path, Span, &'a str);

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    // Per undeclared section: the pages that use its key, and where the first one does.
    let mut uses: BTreeMap<&str, (usize, Option<FirstUse<'_>>)> = BTreeMap::new();
    for post in &index.listings {
        // Even an empty `concepts: []` is the key in use (as the site's generator writes it).
        for list in post.lists {
            // Sections the site configuration does not declare (even when catlint.toml has
            // catlint check them as a taxonomy).
            let Some(section) = index
                .undeclared_sections
                .iter()
                .find(|s| keys_equal(s, &list.key))
            else {
                continue;
            };
            let (count, first) = uses.entry(section).or_default();
            *count += 1;
            let here = (post.path, list.key_span, list.key.as_str());
            if first.is_none_or(|(path, _, _)| post.path < path) {
                *first = Some(here);
            }
        }
    }
    let declared_at = index.site.and_then(|s| s.config.taxonomies_at.as_ref());
    for (section, (count, first)) in uses {
        let Some((page, key_span, key)) = first else {
            continue;
        };
        // Once per site: where the taxonomies are declared, else on the first page.
        let (file, span) = declared_at.map_or((page, key_span), |(f, s)| (f.as_path(), *s));
        let pages = if count == 1 {
            "1 page".to_owned()
        } else {
            format!("{count} pages")
        };
        let mut d = Diagnostic::new(
                RuleId::UndeclaredTaxonomy,
                format!(
                    "`{key}` is used like a taxonomy by {pages} (the site has term pages under `{section}/`), but the site configuration does not declare it"
                ),
                Some(span),
            )
            .with_label("undeclared taxonomy")
            .with_help(format!(
                "declare it in the site configuration: `taxonomies: {{ …, {}: {section} }}`",
                singular(section)
            ));
        d.fields = vec![key.to_owned()];
        out.push((file.to_path_buf(), d));
    }
}

/// A guess of the singular of an English plural (`concepts` → `concept`, `categories` →
/// `category`), for the help text.
fn singular(plural: &str) -> String {
    if let Some(stem) = plural.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = plural.strip_suffix('s') {
        stem.to_owned()
    } else {
        plural.to_owned()
    }
}
