pub(crate) const SUMMARY: &str = "The folder or file name is not the term key of the page title.";

pub(crate) const DOCS: &str = r#"# term-path-mismatch

## What it does
Reports a term page whose folder (or file) name differs from the key Hugo makes of its title
(lower case, spaces to hyphens): a page titled "First Principles" in `first-principal/`.

Off by default: a display title that differs from its folder ("Web Development" in
`webdev/`) is normal in Hugo. Turn it on with `[rules] term-path-mismatch = "warning"` on a
site whose folders follow their titles.

## Why is this bad?
Posts name terms by title or by key; Hugo turns both into the key. A post that writes the
title finds no page, and the page's URL does not match its name.

## Example
```text
content/concepts/first-principal/_index.md    title: First Principles
```

## Use instead
Rename the folder to `first-principles` (keeping an alias for the old URL), or correct the
title.

## Fix
No automatic fix."#;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::SiteIndex;
use crate::site::term_key;

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    for t in &index.terms {
        let Some((title, span)) = &t.facts.title else {
            continue;
        };
        let from_title = term_key(title);
        if from_title.is_empty() || from_title == t.location.key.to_lowercase() {
            continue;
        }
        out.push((
            t.path.to_path_buf(),
            Diagnostic::new(
                RuleId::TermPathMismatch,
                format!(
                    "the title `{title}` makes the term key `{from_title}`, but the page is named `{}`",
                    t.location.key
                ),
                Some(*span),
            )
            .with_label(format!("term key `{from_title}`"))
            .with_help(format!(
                "rename the page to `{from_title}` (keeping an alias for the old URL), or correct the title"
            )),
        ));
    }
}
