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
Unsafe, and nothing the headline said is lost: the title is put in front (`Kanban: Lean
Flow`); a headline that ends with the title is turned around (`Iterative Learning: Kanban`
becomes `Kanban: Iterative Learning`); a headline that is part of the title becomes the title.
No fix when the title stands in the middle of the headline: that needs rewording."#;

use super::page::{Page, double_quoted, replace};
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
    // A one-line headline (a block scalar is left to a person) gets the title in front,
    // nothing it said dropped.
    if !page.source(node.span).contains('\n') {
        diagnostic.fix = with_title_first(title.trim(), headline.trim())
            .and_then(|text| double_quoted(&text))
            .map(|text| replace(node.span, text, Applicability::Unsafe));
    }
    out.push(diagnostic);
}

/// The headline rewritten to begin with the title, keeping every word it had: a headline the
/// title contains ("Feedback Loops" in "Customer Feedback Loops") becomes the title; one
/// that ends with it ("Iterative Learning: Customer Feedback Loops") is turned around;
/// otherwise the title is put in front ("Kanban: Lean Flow"). `None` when the headline has
/// the title somewhere in the middle: a person rewords that.
fn with_title_first(title: &str, headline: &str) -> Option<String> {
    let (t, h) = (title.to_lowercase(), headline.to_lowercase());
    if t.contains(&h) {
        return Some(title.to_owned());
    }
    if let Some(at) = h.rfind(&t).filter(|at| at + t.len() == h.len()) {
        let rest = headline
            .get(..at)?
            .trim_end_matches([':', '-', '–', '—', '|', ',', ' ']);
        return (!rest.is_empty()).then(|| format!("{title}: {rest}"));
    }
    (!h.contains(&t)).then(|| format!("{title}: {headline}"))
}

#[cfg(test)]
mod tests {
    use super::with_title_first;

    #[test]
    fn the_title_comes_first_and_no_word_is_lost() {
        let fixed = |h| with_title_first("Customer Feedback Loops", h);
        assert_eq!(
            fixed("Voice of the Customer").as_deref(),
            Some("Customer Feedback Loops: Voice of the Customer")
        );
        assert_eq!(
            fixed("Feedback Loops").as_deref(),
            Some("Customer Feedback Loops")
        );
        assert_eq!(
            fixed("Iterative Learning: Customer Feedback Loops").as_deref(),
            Some("Customer Feedback Loops: Iterative Learning")
        );
        assert_eq!(fixed("Why Customer Feedback Loops Matter"), None);
    }
}
