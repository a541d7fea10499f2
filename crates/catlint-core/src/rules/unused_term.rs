pub(crate) const SUMMARY: &str = "A term page that no post references.";

pub(crate) const DOCS: &str = r#"# unused-term

## What it does
Reports a term page that Hugo builds but that no page of its language (post or term page)
files itself under — by its own list, `params`, or a `cascade` it inherits. Pages Hugo does
not build (drafts, future or expired pages, unless the site builds them) do not count. A
site with a content adapter (`_content.gotmpl`) is not checked: its pages are made when Hugo
runs. Informational: it never fails a run.

## Why is this bad?
An empty term page is a dead end for readers; it may be a term that was renamed in the
posts but not on disk.

## Example
`content/categories/market-adaptability.md` with no post listing "Market Adaptability".

## Use instead
File posts under it, or retire it.

## Fix
No automatic fix."#;

use std::collections::HashSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{SiteIndex, TermGroups, representative};

pub(crate) fn check(
    index: &SiteIndex<'_>,
    groups: &TermGroups<'_, '_>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    // A content adapter makes pages catlint cannot see: any term may be used by them.
    if index.adapters_may_add(None) {
        return;
    }
    let used: HashSet<(&str, usize, &str)> = index
        .references
        .iter()
        .filter(|r| r.page_built)
        .map(|r| (r.lang, r.taxonomy, &*r.key))
        .collect();
    for ((taxonomy, lang, key), group) in groups {
        let Some(i) = index.taxonomies.iter().position(|t| t.plural == *taxonomy) else {
            continue;
        };
        // One report per term, on the page Hugo uses; a page Hugo does not build lists
        // nothing by design (`unbuilt-term-page` says what that costs).
        let Some(page) = representative(group).filter(|p| p.built.is_built()) else {
            continue;
        };
        if used.contains(&(*lang, i, key.as_str())) {
            continue;
        }
        let span = page
            .facts
            .title
            .as_ref()
            .map_or(page.facts.anchor, |(_, s)| *s);
        let language = index.in_language(lang);
        out.push((
            page.path.to_path_buf(),
            Diagnostic::new(
                RuleId::UnusedTerm,
                format!("no page{language} is filed under the term `{key}`"),
                Some(span),
            )
            .with_label("unused term")
            .with_help(format!(
                "file posts under it (`{taxonomy}:` in their front matter), or retire it"
            )),
        ));
    }
}
