pub(crate) const SUMMARY: &str =
    "A term page Hugo builds but does not write (build.render, headless) while pages link to it.";

pub(crate) const DOCS: &str = r#"# unrendered-term-page

## What it does
Reports a term page with `build: {render: never}` (or `link`, or `false`), or
`headless: true`, that pages list. Hugo still files the pages under the term, but writes no
page for it: its URL is empty, or leads to no file. Reported on the field that says so (on
the page, or at its start when the field comes from a `cascade`).

## Why is this bad?
Every link to the term (tag clouds, "filed under" lines) leads nowhere.

## Example
```yaml
# content/categories/lean/_index.md
title: Lean
build:
  render: never
```

## Use instead
Remove the option (or set `render: always`), or retire the term from the pages.

## Fix
No automatic fix."#;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{BuildState, Found, SiteIndex};

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let mut linking: HashMap<&Path, Vec<&Path>> = HashMap::new();
    for r in index.references.iter().filter(|r| r.page_built) {
        if let Found::Page(term) = index.find(r)
            && term.built.state == BuildState::NotRendered
        {
            linking.entry(term.path).or_default().push(r.page);
        }
    }
    for term in &index.terms {
        let Some(pages) = linking.get_mut(term.path) else {
            continue;
        };
        pages.sort();
        pages.dedup();
        let n = pages.len();
        out.push((
            term.path.to_path_buf(),
            Diagnostic::new(
                RuleId::UnrenderedTermPage,
                format!(
                    "Hugo does not write this term page (`build.render` or `headless` says so): {} filed under `{}` link{} to a page that does not exist",
                    if n == 1 { "the page".to_owned() } else { format!("the {n} pages") },
                    term.location.key,
                    if n == 1 { "s" } else { "" }
                ),
                Some(term.built.span.unwrap_or(term.facts.anchor)),
            )
            .with_label("not written")
            .with_help("let Hugo render it (`render: always`, no `headless`), or retire the term"),
        ));
    }
}
