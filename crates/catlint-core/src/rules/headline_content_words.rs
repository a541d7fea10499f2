pub(crate) const SUMMARY: &str = "headline.content has at most 50 words.";

pub(crate) const DOCS: &str = r#"# headline-content-words

## What it does
Counts the words of `headline.content` and reports more than the limit (50 by default, option
`max-words`).

## Why is this bad?
The site's generator and layout expect a short paragraph; longer text overflows the hero block.

## Example
A 70-word `headline.content`.

## Use instead
Cut it to one or two sentences.

## Fix
No automatic fix."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, node, content)) = page.text_field(&["headline", "content"]) else {
        return;
    };
    let limit = page.settings.headline_max_words;
    let words = content.split_whitespace().count();
    if words > limit {
        out.push(
            Diagnostic::new(
                RuleId::HeadlineContentWords,
                format!("`headline.content` has {words} words, more than {limit}"),
                Some(node.span),
            )
            .with_label(format!("{} words too many", words - limit))
            .with_help(format!("cut it to {limit} words or fewer")),
        );
    }
}
