pub(crate) const SUMMARY: &str =
    "`lang`, `kind` or `path` in a page's front matter: Hugo ignores them (since 0.165).";

pub(crate) const DOCS: &str = r#"# ignored-field

## What it does
Reports the top-level fields `lang`, `kind` and `path` (any case) on pages other than term
pages. Hugo 0.165 stopped reading them from front matter: they reach templates as
`.Params.lang` and so on, and change nothing else.

## Why is this bad?
The author expects the page to change: `lang: fr` does not move it into the French site,
`kind: section` does not make it a section, `path: /elsewhere` does not move it. Hugo says
nothing.

## Example
```yaml
title: Bonjour
lang: fr
```

## Use instead
Name the file for its language (`bonjour.fr.md`) or put it in the language's content
directory; make a section with an `_index.md`; move a page with `url` or `slug`. A theme
that reads its own `.Params.path` can keep it: turn the rule off for those pages.

## Fix
No automatic fix: what was meant needs a person."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::keys_equal;
use crate::rules::RuleId;

/// Each field, with what decides instead.
const IGNORED: &[(&str, &str)] = &[
    (
        "lang",
        "a page's language comes from its file name (`page.fr.md`) or its language's content directory",
    ),
    (
        "kind",
        "a page's kind comes from where it is (`_index.md` makes a section or a list page)",
    ),
    (
        "path",
        "a page's path comes from its file; `url` or `slug` changes where it is published",
    ),
];

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some(entries) = page.root.as_map() else {
        return;
    };
    for entry in entries {
        let Some((_, instead)) = IGNORED
            .iter()
            .find(|(name, _)| keys_equal(&entry.key.name, name))
        else {
            continue;
        };
        let span = if entry.key.span.is_empty() {
            entry.value.span
        } else {
            entry.key.span
        };
        out.push(
            Diagnostic::new(
                RuleId::IgnoredField,
                format!(
                    "Hugo ignores `{}` in front matter: the value only reaches templates as `.Params.{}`",
                    entry.key.name,
                    entry.key.name.to_lowercase()
                ),
                Some(span),
            )
            .with_label("no effect on the page")
            .with_help(*instead),
        );
    }
}
