pub(crate) const SUMMARY: &str =
    "A banned phrase (default: \"best practices\") in description, headline or abstract.";

pub(crate) const DOCS: &str = r#"# banned-phrase

## What it does
Reports configured phrases (by default "best practices") in `description`, `headline.title`,
`headline.subtitle`, `headline.content` and `abstract`, pointing at the phrase itself. Matching
ignores letter case.

## Why is this bad?
The site's style rules ban the phrase: there are good practices in context, not best ones.

## Example
```yaml
description: The best practices of Kanban.
```

## Use instead
```yaml
description: Practices that help Kanban teams improve flow.
```

## Fix
No automatic fix: rewording needs a person."#;

use super::page::{Page, find_ignore_ascii_case};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

/// The fields the phrases are looked for in.
const FIELDS: [&[&str]; 5] = [
    &["description"],
    &["headline", "title"],
    &["headline", "subtitle"],
    &["headline", "content"],
    &["abstract"],
];

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    for path in FIELDS {
        let Some((_, node, text)) = page.text_field(path) else {
            continue;
        };
        for phrase in &page.settings.banned_phrases {
            if find_ignore_ascii_case(text, phrase).is_none() {
                continue;
            }
            // Point at the phrase as written; if it is split across lines, at the value.
            let span = page.find_in_source(node.span, phrase).unwrap_or(node.span);
            out.push(
                Diagnostic::new(
                    RuleId::BannedPhrase,
                    format!("`{}` uses the banned phrase \"{phrase}\"", path.join(".")),
                    Some(span),
                )
                .with_label("banned phrase")
                .with_help("reword it: the site's style rules do not allow this phrase"),
            );
        }
    }
}
