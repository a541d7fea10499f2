pub(crate) const SUMMARY: &str = "A required field is missing.";

pub(crate) const DOCS: &str = r#"# missing-field

## What it does
Reports a required field that the page does not have. By default a category page needs
`title`, `date`, `description`, `Instructions` and `headline` (with `title`, `subtitle`,
`content` and `updated`).

## Why is this bad?
Term pages without these fields render without a heading, a description for search engines,
or classifier instructions.

## Example
```yaml
title: Kanban
description: Visualising and managing flow.
```

## Use instead
```yaml
title: Kanban
date: 2025-02-11T10:17:24Z
description: Visualising and managing flow.
Instructions: |-
  **Use this category only for discussions on Kanban.**
headline:
  title: Kanban
  subtitle: Managing flow.
  content: …
  updated: 2025-02-13T12:05:19Z
```

## Fix
No automatic fix: the content must be written."#;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::span::Span;

/// The required field `name` is missing from the mapping `field` (empty: the front
/// matter), reported at `span` (the parent key, or the opening delimiter); `description`
/// says what the field is for.
pub(crate) fn diagnostic(
    field: &str,
    name: &str,
    span: Span,
    description: Option<&str>,
) -> Diagnostic {
    let d = if field.is_empty() {
        Diagnostic::new(
            RuleId::MissingField,
            format!("the required field `{name}` is missing"),
            Some(span),
        )
        .with_label("the front matter starts here")
    } else {
        Diagnostic::new(
            RuleId::MissingField,
            format!("`{field}` is missing its required field `{name}`"),
            Some(span),
        )
        .with_label(format!("`{name}` belongs in here"))
    };
    let mut d = d.with_help(match description {
        Some(desc) => format!("add the field `{name}` — {desc}"),
        None => format!("add the field `{name}`"),
    });
    d.fields = vec![if field.is_empty() {
        name.to_owned()
    } else {
        format!("{field}.{name}")
    }];
    d
}

/// One finding per mapping that lacks required fields: "lacks 3 required fields: date,
/// Instructions, headline", on the opening delimiter (or the mapping's key), listing them in
/// `fields`. A page the model does not fit gets one finding, not one per field.
pub(crate) fn merge(out: &mut Vec<Diagnostic>) {
    /// The missing fields of one mapping: where it is reported, its path, the fields.
    struct Group {
        span: Option<Span>,
        parent: String,
        names: Vec<String>,
        found: Vec<Diagnostic>,
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut rest = Vec::with_capacity(out.len());
    for d in out.drain(..) {
        if d.rule != RuleId::MissingField || d.fields.len() != 1 {
            rest.push(d);
            continue;
        }
        let path = d.fields[0].clone();
        let (parent, name) = path
            .rsplit_once('.')
            .map_or((String::new(), path.clone()), |(p, n)| {
                (p.to_owned(), n.to_owned())
            });
        match groups
            .iter_mut()
            .find(|g| g.span == d.span && g.parent == parent)
        {
            Some(group) => {
                group.names.push(name);
                group.found.push(d);
            }
            None => groups.push(Group {
                span: d.span,
                parent,
                names: vec![name],
                found: vec![d],
            }),
        }
    }
    for Group {
        span,
        parent,
        names,
        mut found,
    } in groups
    {
        if found.len() == 1 {
            rest.append(&mut found);
            continue;
        }
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let n = names.len();
        let (message, label) = if parent.is_empty() {
            (
                format!("the page lacks {n} required fields: {list}"),
                "the front matter starts here".to_owned(),
            )
        } else {
            (
                format!("`{parent}` lacks {n} required fields: {list}"),
                "they belong in here".to_owned(),
            )
        };
        let mut merged = Diagnostic::new(RuleId::MissingField, message, span)
            .with_label(label)
            .with_help(
                "add them, or set `required` for this taxonomy in catlint.toml when its pages do not use them (`catlint init` writes one from the site's pages)",
            );
        merged.fields = found.into_iter().flat_map(|d| d.fields).collect();
        rest.push(merged);
    }
    *out = rest;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_of_one_mapping_are_one_finding() {
        let open = Span::new(0, 3);
        let headline = Span::new(40, 48);
        let mut out = vec![
            diagnostic("", "date", open, None),
            diagnostic("", "Instructions", open, None),
            diagnostic("headline", "updated", headline, None),
            diagnostic("", "headline", open, None),
        ];
        merge(&mut out);
        assert_eq!(out.len(), 2);
        let top = out
            .iter()
            .find(|d| d.span == Some(open))
            .expect("top level");
        assert_eq!(
            top.message,
            "the page lacks 3 required fields: `date`, `Instructions`, `headline`"
        );
        assert_eq!(top.fields, ["date", "Instructions", "headline"]);
        let nested = out
            .iter()
            .find(|d| d.span == Some(headline))
            .expect("nested");
        assert_eq!(
            nested.message,
            "`headline` is missing its required field `updated`"
        );
        assert_eq!(nested.fields, ["headline.updated"]);
    }
}
