pub(crate) const SUMMARY: &str = "A term page that no post references.";

pub(crate) const DOCS: &str = r#"# unused-term

## What it does
Reports a term page that no page of the site (post or term page) files itself under. Informational: it never
fails a run.

## Why is this bad?
An empty term page is a dead end for readers; it may be a term that was renamed in the
posts but not on disk.

## Example
`content/categories/market-adaptability.md` with no post listing "Market Adaptability".

## Use instead
File posts under it, or retire it.

## Fix
No automatic fix."#;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::keys_equal;
use crate::rules::RuleId;
use crate::rules::index::{SiteIndex, TermGroups};
use crate::site::TermLayout;
use crate::site::term_key;

pub(crate) fn check(
    index: &SiteIndex<'_>,
    groups: &TermGroups<'_, '_>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    let mut used: BTreeSet<(&str, String)> = BTreeSet::new();
    for post in &index.listings {
        for list in post.lists {
            let Some(taxonomy) = index
                .taxonomies
                .iter()
                .find(|t| keys_equal(&t.plural, &list.key))
            else {
                continue;
            };
            for (name, _) in &list.items {
                used.insert((taxonomy.plural.as_str(), term_key(name)));
            }
        }
    }
    for ((taxonomy, _, key), group) in groups {
        if used.contains(&(*taxonomy, key.clone())) {
            continue;
        }
        // One report per term, on its bundle when it has one.
        let Some(page) = group
            .iter()
            .find(|t| t.location.layout == TermLayout::Bundle)
            .or_else(|| group.first())
        else {
            continue;
        };
        let span = page
            .facts
            .title
            .as_ref()
            .map_or(page.facts.anchor, |(_, s)| *s);
        out.push((
            page.path.to_path_buf(),
            Diagnostic::new(
                RuleId::UnusedTerm,
                format!("no page is filed under the term `{key}`"),
                Some(span),
            )
            .with_label("unused term")
            .with_help(format!(
                "file posts under it (`{taxonomy}:` in their front matter), or retire it"
            )),
        ));
    }
}
