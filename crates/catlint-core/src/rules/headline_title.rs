pub(crate) const SUMMARY: &str = "headline.title equals the page title or begins with it.";

pub(crate) const DOCS: &str = r#"# headline-title

## What it does
Checks that `headline.title` is the page's `title`, or begins with it (concept pages use
"Practice: Embedding …", engineering pages "Engineering Excellence: Building …").

## Why is this bad?
A headline that names another term confuses readers and shows a renamed term's old name.

## Example
```yaml
title: Kanban
headline:
  title: Lean Flow
```

## Use instead
```yaml
title: Kanban
headline:
  title: Kanban
```

## Fix
Unsafe: `headline.title` is set to the title, which drops whatever the longer headline said."#;

use super::page::{Page, replace};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let (Some((_, title_node, title)), Some((_, node, headline))) = (
        page.text_field(&["title"]),
        page.text_field(&["headline", "title"]),
    ) else {
        return;
    };
    let (t, h) = (title.trim().to_lowercase(), headline.trim().to_lowercase());
    // "Practice: Embedding …" begins with "Practice"; "Scrumban" does not begin with "Scrum".
    let begins_with_title = h
        .strip_prefix(&t)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()));
    if t.is_empty() || begins_with_title {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        RuleId::HeadlineTitle,
        format!("the headline title `{headline}` does not begin with the page title `{title}`"),
        Some(node.span),
    )
    .with_label("headline title")
    .with_related(title_node.span, "page title")
    .with_help(format!("use `{title}`, or a phrase that begins with it"));
    // The title as written (quotes and all) replaces the headline title, when both are one line.
    let written = page.source(title_node.span);
    if !written.is_empty() && !written.contains('\n') && !page.source(node.span).contains('\n') {
        diagnostic.fix = Some(replace(node.span, written, Applicability::Unsafe));
    }
    out.push(diagnostic);
}
