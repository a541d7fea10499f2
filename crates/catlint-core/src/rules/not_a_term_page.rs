pub(crate) const SUMMARY: &str =
    "A term written as `<term>.md` or `<term>/index.md`, which Hugo reads as a regular page.";

pub(crate) const DOCS: &str = r#"# not-a-term-page

## What it does
Reports a page at a term's path that is not a branch bundle: the legacy single file
`categories/kanban.md`, or a leaf bundle `categories/kanban/index.md`. Hugo 0.168 reads it as
a regular page (kind `page`). Pages filed under the term link to it, but it lists none of
them, and the term is missing from the taxonomy's list of terms (`.Site.Taxonomies`). Not
reported when a bundle of the same term exists (`bundle-conflict` covers that).

## Why is this bad?
The term's page shows its own text but not the posts filed under it, and the term does not
appear where the site lists its categories.

## Example
```text
content/categories/kanban.md
```

## Use instead
```text
content/categories/kanban/_index.md
```

## Fix
No automatic fix (it is a file move)."#;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{SiteIndex, TermGroups};
use crate::site::TermLayout;

pub(crate) fn check(
    _index: &SiteIndex<'_>,
    groups: &TermGroups<'_, '_>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    for ((taxonomy, _, key), group) in groups {
        if group
            .iter()
            .any(|t| t.location.layout == TermLayout::Bundle)
        {
            continue;
        }
        for page in group.iter().filter(|t| t.built.is_built()) {
            let l = page.location;
            let name = page
                .path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let what = match l.layout {
                TermLayout::Single => format!("`{name}`"),
                TermLayout::Leaf => format!("the leaf bundle `{}/{name}`", l.written),
                TermLayout::Bundle => continue,
            };
            let instead = format!("{taxonomy}/{}/_index.md", l.written);
            out.push((
                page.path.to_path_buf(),
                Diagnostic::new(
                    RuleId::NotATermPage,
                    format!(
                        "Hugo reads {what} as a regular page, not as the term page of `{key}`: pages filed under `{key}` link here, but it lists none of them, and `{key}` is missing from the site's list of {taxonomy}"
                    ),
                    Some(page.facts.anchor),
                )
                .with_label("a regular page")
                .with_help(format!("move it to `{instead}`")),
            ));
        }
    }
}
