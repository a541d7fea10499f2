pub(crate) const SUMMARY: &str =
    "Two pages of one taxonomy define the same term or carry the same title.";

pub(crate) const DOCS: &str = r#"# duplicate-term

## What it does
Reports two term pages of one taxonomy and language with the same key (`Lean.md` and
`lean.md`) or the same title, ignoring case ("Flow Metrics" and "flow metrics"). Reported on
every page of the duplicate, each naming another one.

## Why is this bad?
Readers see two terms with one name, and posts are split between them.

## Example
```text
content/categories/flow-metrics/_index.md     title: Flow Metrics
content/categories/flow-measures/_index.md    title: flow metrics
```

## Use instead
Merge the two terms and keep one page.

## Fix
No automatic fix."#;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::{SiteIndex, TermGroups, TermPage};

pub(crate) fn check(
    index: &SiteIndex<'_>,
    groups: &TermGroups<'_, '_>,
    out: &mut Vec<(PathBuf, Diagnostic)>,
) {
    // Every page of a duplicate is reported (naming another one), so a change that adds the
    // second page is caught even when only that page is checked (pre-commit).
    // The same key twice in one layout (`Lean.md` and `lean.md`).
    for group in groups.values() {
        for layout_group in [true, false] {
            let same: Vec<&&TermPage<'_>> = group
                .iter()
                .filter(|t| (t.location.layout == crate::site::TermLayout::Bundle) == layout_group)
                .collect();
            if same.len() < 2 {
                continue;
            }
            for (i, page) in same.iter().enumerate() {
                let other = if i == 0 { same[1] } else { same[0] };
                let shown = index.shown(other.path);
                out.push((page.path.to_path_buf(), key_diagnostic(page, &shown)));
            }
        }
    }
    // The same title on different keys (bundle conflicts are one key, reported there).
    let mut by_title: HashMap<(&str, &str, String), Vec<&TermPage<'_>>> =
        HashMap::with_capacity(index.terms.len());
    for t in &index.terms {
        if let Some((title, _)) = &t.facts.title {
            let l = t.location;
            by_title
                .entry((
                    l.taxonomy.as_str(),
                    l.lang.as_str(),
                    title.trim().to_lowercase(),
                ))
                .or_default()
                .push(t);
        }
    }
    for group in by_title.values_mut() {
        group.sort_by(|a, b| a.path.cmp(b.path));
        for page in group.iter() {
            let key = page.location.key.to_lowercase();
            let Some(other) = group.iter().find(|t| t.location.key.to_lowercase() != key) else {
                continue;
            };
            let (title, span) = page
                .facts
                .title
                .as_ref()
                .map_or((String::new(), page.facts.anchor), |(t, s)| (t.clone(), *s));
            out.push((
                page.path.to_path_buf(),
                Diagnostic::new(
                    RuleId::DuplicateTerm,
                    format!(
                        "the title `{title}` is also the title of {} (term `{}`)",
                        index.shown(other.path).display(),
                        other.location.key
                    ),
                    Some(span),
                )
                .with_label("duplicate title")
                .with_help("merge the two terms, or give one of them a distinct title"),
            ));
        }
    }
}

fn key_diagnostic(later: &TermPage<'_>, first_shown: &std::path::Path) -> Diagnostic {
    let span = later
        .facts
        .title
        .as_ref()
        .map_or(later.facts.anchor, |(_, s)| *s);
    Diagnostic::new(
        RuleId::DuplicateTerm,
        format!(
            "the term `{}` is also defined by {}",
            later.location.key,
            first_shown.display()
        ),
        Some(span),
    )
    .with_label("second page of the term")
    .with_help("keep one page per term")
}
