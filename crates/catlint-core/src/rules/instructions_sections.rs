pub(crate) const SUMMARY: &str =
    "Instructions carry a Key Topics list and a Strictly exclude section.";

pub(crate) const DOCS: &str = r#"# instructions-sections

## What it does
Checks that `Instructions` has a **Key Topics** heading followed by at least one bullet, and an
exclusion section. The real spellings are accepted: `**Key Topics:**`, `**Key topics that
should be discussed under this category include:**`, `**Strictly exclude**`, `**Strictly
exclude:**`, `**Strictly Exclude:**`, `**Strict Exclusions:**`, `**Explicit Exclusions:**`,
`**Exclusions:**`, `**Exclusions**` — every spelling of `../shared/corpus`.

## Why is this bad?
The classifier needs both what belongs to the term and what does not; without them it files
posts too eagerly.

## Example
```yaml
Instructions: |-
  **Use this category only for discussions on Lean.**
  Lean thinking in product development.
```

## Use instead
```yaml
Instructions: |-
  **Use this category only for discussions on Lean.**

  **Key Topics:**
  - Value streams and waste.

  **Strictly exclude** discussions unrelated to Lean.
```

## Fix
No automatic fix: the topics must be written."#;

use super::page::Page;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((key, node, text)) = page.text_field(&["Instructions"]) else {
        return;
    };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let topics = lines.iter().position(|l| is_topics_heading(l));
    let span = Some(key.span);
    match topics {
        None => out.push(
            Diagnostic::new(
                RuleId::InstructionsSections,
                "the Instructions have no **Key Topics** list",
                span,
            )
            .with_label("no Key Topics")
            .with_help("add a `**Key Topics:**` heading followed by `- topic` bullets"),
        ),
        Some(at) => {
            let has_bullet = lines[at + 1..]
                .iter()
                .skip_while(|l| l.is_empty())
                .take_while(|l| !l.is_empty())
                .any(|l| is_list_item(l));
            if !has_bullet {
                let heading = page
                    .find_in_source(node.span, lines[at])
                    .unwrap_or(key.span);
                out.push(
                    Diagnostic::new(
                        RuleId::InstructionsSections,
                        "the **Key Topics** heading has no bullet under it",
                        Some(heading),
                    )
                    .with_label("no `- topic` bullet follows")
                    .with_help("list the topics as `- topic` lines right under the heading"),
                );
            }
        }
    }
    if !lines.iter().any(|l| is_exclusion(l)) {
        out.push(
            Diagnostic::new(
                RuleId::InstructionsSections,
                "the Instructions have no **Strictly exclude** section",
                span,
            )
            .with_label("no exclusion section")
            .with_help("add `**Strictly exclude** discussions that …` after the Key Topics"),
        );
    }
}

/// `- topic`, `* topic`, `+ topic` or `1. topic`.
fn is_list_item(line: &str) -> bool {
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbered || ["- ", "* ", "+ "].iter().any(|p| line.starts_with(p))
}

/// `**Key Topics:**`, `**Key topics that should be discussed under this category include:**`.
fn is_topics_heading(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.starts_with("**key topics") || lower.starts_with("key topics")
}

/// The exclusion headings of the real pages (`../shared/corpus`): `**Strictly exclude**`,
/// `**Strictly exclude:**`, `**Strictly Exclude:**`, `**Strict Exclusions:**`,
/// `**Explicit Exclusions:**` (the newest generation of pages), `**Exclusions:**`,
/// `**Exclusions**`.
fn is_exclusion(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let lower = lower.trim_start_matches(['*', '_']);
    [
        "strictly exclude",
        "strict exclusion",
        "explicit exclusion",
        "exclusions",
        "exclude:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_real_spellings() {
        for h in [
            "**Key Topics:**",
            "**Key topics that should be discussed under this category include:**",
            "**Key Topics Relevant to This Category:**",
        ] {
            assert!(is_topics_heading(h), "{h}");
        }
        for e in [
            "**Strictly exclude** discussions",
            "**Strictly exclude:**",
            "**Strictly exclude**:",
            "**Strictly Exclude:**",
            "**Strict Exclusions:**",
            "**Explicit Exclusions:**",
            "**Exclusions:**",
            "**Exclusions**",
        ] {
            assert!(is_exclusion(e), "{e}");
        }
        assert!(!is_exclusion("- Discussions that exclude people"));
        assert!(is_list_item("1. Flow") && is_list_item("- Flow") && !is_list_item("Flow. Then"));
    }
}
