pub(crate) const SUMMARY: &str = "Both <term>.md and <term>/_index.md define the same term.";

pub(crate) const DOCS: &str = r#"# bundle-conflict

## What it does
Reports a term defined twice on disk: as a single file `categories/<term>.md` and as a bundle
`categories/<term>/_index.md`. Reported on the single file.

## Why is this bad?
Hugo builds one term page from one of them; which one depends on Hugo's internals, and edits
to the other are silently lost. The real site has several such pairs left over from a
migration.

## Example
```text
content/categories/lean.md
content/categories/lean/_index.md
```

## Use instead
Keep `content/categories/lean/_index.md` and delete `lean.md` (after moving anything it has
that the bundle lacks).

## Fix
No automatic fix: deleting a file needs a person."#;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{SiteIndex, TermGroups};
use crate::site::TermLayout;

pub(crate) fn check(
    index: &SiteIndex<'_>,
    groups: &TermGroups<'_, '_>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    for group in groups.values() {
        let Some(bundle) = group
            .iter()
            .find(|t| t.location.layout == TermLayout::Bundle)
        else {
            continue;
        };
        for single in group
            .iter()
            .filter(|t| t.location.layout == TermLayout::Single)
        {
            let span = single
                .facts
                .title
                .as_ref()
                .map_or(single.facts.anchor, |(_, s)| *s);
            out.push((
                single.path.to_path_buf(),
                Diagnostic::new(
                    RuleId::BundleConflict,
                    format!(
                        "the term `{}` is also defined by {}; Hugo uses one of them, picked anew on every build",
                        single.location.key,
                        index.shown(bundle.path).display()
                    ),
                    Some(span),
                )
                .with_label("second definition of the term")
                .with_help("keep the bundle (`<term>/_index.md`) and delete this file after moving what it has"),
            ));
        }
    }
}
