pub(crate) const SUMMARY: &str =
    "`url` or an `aliases` entry starts with http:// or https://, which fails the Hugo build.";

pub(crate) const DOCS: &str = r#"# absolute-url

## What it does
Reports a `url` field, or an entry of `aliases`, that starts with `http://` or `https://`.

## Why is this bad?
`url` and `aliases` are paths on this site. `hugo` refuses a page whose `url` has a
protocol ("URLs with protocol (http*) not supported") and fails the build, as it does for
an alias with one ("http* aliases not supported").

## Example
```yaml
url: https://example.org/guides/lean/
aliases: [https://old.example.org/lean/]
```

## Use instead
```yaml
url: /guides/lean/
aliases: [/lean/]
```
A link to another site belongs in a field of your own (`link:`), read by your templates.

## Fix
No automatic fix: dropping the host is right only when it is this site's."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Node, Value};
use crate::rules::RuleId;

/// Check `url` and every entry of `aliases`.
pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    if let Some((_, node, text)) = page.text_field(&["url"])
        && has_protocol(text)
    {
        out.push(diagnostic("url", text, node));
    }
    if let Some((_, node)) = page.field(&["aliases"]) {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        for item in items {
            if let Some(text) = item.as_str()
                && text.split_whitespace().any(has_protocol)
            {
                out.push(diagnostic("aliases", text, item));
            }
        }
    }
}

/// What Hugo refuses: the prefix, matched as written (Hugo compares case-sensitively).
fn has_protocol(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

fn diagnostic(field: &str, text: &str, node: &Node) -> Diagnostic {
    let message = if field == "url" {
        "`url` has a protocol: `hugo` fails to build a page whose `url` starts with http:// or \
         https://"
            .to_owned()
    } else {
        format!(
            "the alias `{text}` has a protocol: `hugo` fails to build a page with an alias that \
             starts with http:// or https://"
        )
    };
    Diagnostic::new(RuleId::AbsoluteUrl, message, Some(node.span))
        .with_label("a path on this site is expected")
        .with_help(
            "write the path alone (`/guides/lean/`); link to another site from a field of your own",
        )
}
