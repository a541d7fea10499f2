pub(crate) const SUMMARY: &str =
    "A term page Hugo does not build (draft, future, expired) while pages list the term.";

pub(crate) const DOCS: &str = r#"# unbuilt-term-page

## What it does
Reports a term page that Hugo will not build — `draft: true`, a publish date after now
(`publishDate`, or `date` when there is none), an expiry date before now — while pages list
its term. Reported on each list item that loses the term, and on the term page (on the field
that disables it), which says how many pages lose it. The site's `buildDrafts`,
`buildFuture` and `buildExpired`, and its `[frontmatter]` date settings, are honoured; the
fields may come from a `cascade`. "Now" is the clock, or `CATLINT_NOW`.

## Why is this bad?
Hugo does not generate a page in its place either: the term silently vanishes from every
page that lists it, with no warning.

## Example
```yaml
# content/categories/lean/_index.md
title: Lean
draft: true
```
```yaml
# a post
categories: [Lean]
```

## Use instead
Publish the term page (remove `draft: true`, or move the date), or remove the term from the
lists.

## Fix
No automatic fix."#;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{BuildState, Found, SiteIndex, unbuilt_reason};

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let mut losing: HashMap<&std::path::Path, Vec<&std::path::Path>> = HashMap::new();
    // Only pages Hugo builds lose a term (a draft that lists a draft loses nothing).
    for r in index.references.iter().filter(|r| r.page_built) {
        let Found::Unbuilt(term) = index.find(r) else {
            continue;
        };
        let BuildState::Unbuilt(reason) = &term.built.state else {
            continue;
        };
        losing.entry(term.path).or_default().push(r.page);
        out.push((
            r.origin.to_path_buf(),
            Diagnostic::new(
                RuleId::UnbuiltTermPage,
                format!(
                    "Hugo drops the term `{}`: its page {} is {}, so Hugo does not build it",
                    r.name,
                    index.shown(term.path).display(),
                    unbuilt_reason(reason.clone())
                ),
                Some(r.span),
            )
            .with_label("dropped from the page")
            .with_help("publish the term page, or remove the term from the list"),
        ));
    }
    for term in &index.terms {
        let (BuildState::Unbuilt(reason), Some(pages)) =
            (&term.built.state, losing.get_mut(term.path))
        else {
            continue;
        };
        pages.sort();
        pages.dedup();
        let n = pages.len();
        let span = term.built.span.unwrap_or(term.facts.anchor);
        out.push((
            term.path.to_path_buf(),
            Diagnostic::new(
                RuleId::UnbuiltTermPage,
                format!(
                    "Hugo does not build this term page (it is {}): the term `{}` is dropped from {}",
                    unbuilt_reason(reason.clone()),
                    term.location.key,
                    if n == 1 { "the page that lists it".to_owned() } else { format!("the {n} pages that list it") }
                ),
                Some(span),
            )
            .with_label("not built")
            .with_help("publish it, or retire the term from the pages that list it"),
        ));
    }
}
