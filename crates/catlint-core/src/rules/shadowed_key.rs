pub(crate) const SUMMARY: &str =
    "Two spellings of one key (`title`, `Title`): Hugo reads one value and drops the other.";

pub(crate) const DOCS: &str = r#"# shadowed-key

## What it does
Reports a key written again in the same mapping in another case (`title` and `Title`), and,
in JSON front matter, a key written twice: Hugo builds the page, but reads only one of the
values.

## Why is this bad?
Hugo ignores the case of keys. Of `title` and `Title` it keeps the spelling that is not all
lower case (`Title`), wherever it is written; of two spellings that both have capitals
(`Title`, `TITLE`) it keeps either, from one build to the next. In JSON it keeps the last
value. Which text the site shows is not what the author sees first.

## Example
```yaml
title: Lean
Title: Lean Thinking
```

## Use instead
```yaml
title: Lean Thinking
```

## Fix
Safe when both values are equal and the removed entry stands on lines of its own (YAML,
TOML): the entry whose key is not the model's spelling goes. Unsafe when they differ and
Hugo always reads the same one: the entry Hugo ignores goes and the other takes its
lower-case spelling, so the page says what the site shows. Otherwise no fix."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Entry, Format};
use crate::rules::RuleId;

/// Which of two entries of one key Hugo reads, when it always reads the same one: in JSON the
/// last; of a lower-case spelling and another (the key's only two), the other (Hugo lowers
/// every key, and a key it lowered overwrites one already lower case).
pub(crate) fn read_by_hugo<'e>(
    format: Format,
    first: &'e Entry,
    entry: &'e Entry,
    alone: bool,
) -> Option<&'e Entry> {
    if first.key.name == entry.key.name {
        return (format == Format::Json && alone).then_some(entry);
    }
    let lower = |e: &Entry| e.key.name == e.key.name.to_lowercase();
    match (lower(first), lower(entry)) {
        (true, false) if alone => Some(entry),
        (false, true) if alone => Some(first),
        _ => None,
    }
}

/// The finding on `entry`, which repeats `first`; `read`: the one Hugo reads, if it is
/// always the same.
pub(crate) fn diagnostic(first: &Entry, entry: &Entry, read: Option<&Entry>) -> Diagnostic {
    let (message, help) = match read {
        Some(_) if first.key.name == entry.key.name => (
            format!(
                "`{}` is defined twice: Hugo reads the last value and ignores the first",
                entry.key.name
            ),
            "keep one of the two".to_owned(),
        ),
        Some(kept) => {
            let ignored = if std::ptr::eq(kept, first) {
                entry
            } else {
                first
            };
            (
                format!(
                    "`{}` and `{}` are one key to Hugo: it reads the value of `{}` and ignores `{}`",
                    first.key.name, entry.key.name, kept.key.name, ignored.key.name
                ),
                format!("keep one entry, spelled `{}`", kept.key.name.to_lowercase()),
            )
        }
        None => (
            format!(
                "`{}` repeats `{}`: Hugo ignores the case of keys and reads either value, from one build to the next",
                entry.key.name, first.key.name
            ),
            "keep one entry".to_owned(),
        ),
    };
    Diagnostic::new(RuleId::ShadowedKey, message, Some(entry.key.span))
        .with_label("the same key again")
        .with_related(first.key.span, "first written here")
        .with_help(help)
}
