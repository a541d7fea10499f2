pub(crate) const SUMMARY: &str =
    "Posts use a key that is laid out like a taxonomy, but the site does not declare it.";

pub(crate) const DOCS: &str = r#"# undeclared-taxonomy

## What it does
Reports a post's front matter key (like `concepts`) that names a content section laid out as
term pages (`content/concepts/<term>/_index.md`), when the site configuration does not
declare it under `taxonomies`.

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

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::keys_equal;
use crate::rules::RuleId;
use crate::rules::index::SiteIndex;

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
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
            out.push((
                post.path.to_path_buf(),
                Diagnostic::new(
                    RuleId::UndeclaredTaxonomy,
                    format!(
                        "`{}` is used like a taxonomy (the site has term pages under `{section}/`), but the site configuration does not declare it",
                        list.key
                    ),
                    Some(list.key_span),
                )
                .with_label("undeclared taxonomy")
                .with_help(format!("declare it in the site configuration: `taxonomies: {{ …, <singular>: {section} }}`")),
            ));
        }
    }
}
