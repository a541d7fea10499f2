pub(crate) const SUMMARY: &str =
    "Hugo builds the page but reads a value otherwise than it is written, or not at all.";

pub(crate) const DOCS: &str = r#"# misread-value

## What it does
Reports a value of one of Hugo's own fields that `hugo` accepts without a word but does not
read as written:

- a date written as a bare number (`date: 20231015`): Hugo reads it as seconds since
  1970, so the page is dated 1970-08-23;
- on any page other than a term page: a value of Hugo's fields that Hugo cannot convert to
  the field's type (`weight: abc`, `draft: maybe`, `build: {list: hidden}`,
  `sitemap: {changefreq: sometimes}`) or a key Hugo does not know inside its own settings
  (`build: {listed: never}`). Hugo ignores such a value: the page is built as if it were not
  there (`list: hidden` lists the page as `always` does).

Values Hugo converts as meant are not reported: `draft: "true"`, `weight: "5"`,
`title: 1984`, `keywords: "lean agile"` (Hugo splits it at spaces), `aliases: /old/`.
On term pages the category model's own type checks (`wrong-type`, errors) apply instead.

## Why is this bad?
Nothing fails, so nobody notices: the page is sorted under 1970, listed although the author
wanted it hidden, or a draft is published.

## Example
```yaml
date: 20231015
build:
  list: hidden
```

## Use instead
```yaml
date: 2023-10-15
build:
  list: never
```

## Fix
No automatic fix: only the author knows what was meant."#;

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Node, Value};
use crate::rules::RuleId;
use crate::span::Span;

/// Each date field that holds a whole number: Hugo reads it as Unix seconds.
pub(crate) fn check_dates(dates: &[(String, &Node)], out: &mut Vec<Diagnostic>) {
    for (field, node) in dates {
        let Value::Int(seconds) = node.value else {
            continue;
        };
        let Ok(read) = jiff::Timestamp::from_second(seconds) else {
            continue;
        };
        let digits = seconds.to_string();
        let meant = (digits.len() == 8)
            .then(|| format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]))
            .filter(|d| crate::model::date::parse_date(d).is_ok());
        let help = match meant {
            Some(d) => format!("write the date as text: `{field}: {d}`"),
            None => "write the date as text, as 2025-02-11T10:17:24Z".to_owned(),
        };
        out.push(
            Diagnostic::new(
                RuleId::MisreadValue,
                format!(
                    "`{field}` is the number {seconds}, which Hugo reads as seconds since 1970: \
                     {read}"
                ),
                Some(node.span),
            )
            .with_label("read as Unix time")
            .with_help(help),
        );
    }
}

/// The schema's findings on a page checked with Hugo's page model, but those `hugo` fails
/// on (`keep`: the value of `params`, which must be a mapping): Hugo builds the page and
/// ignores the value, so each is this rule's warning, saying so.
pub(crate) fn soften(found: &mut [Diagnostic], keep: Option<Span>) {
    for d in found {
        let softened = matches!(
            d.rule,
            RuleId::WrongType | RuleId::UnknownField | RuleId::EmptyValue | RuleId::TooLong
        );
        if !softened || (keep.is_some() && d.span == keep) {
            continue;
        }
        d.rule = RuleId::MisreadValue;
        d.severity = RuleId::MisreadValue.default_severity();
        d.message = format!("{}: Hugo ignores it", d.message);
        d.help = Some(match d.help.take() {
            Some(help) => format!("Hugo builds the page as if the value were not there; {help}"),
            None => "Hugo builds the page as if the value were not there".to_owned(),
        });
        // A rename the schema offered (unknown-field) is a guess at a key Hugo ignores.
        d.fix = None;
    }
}
