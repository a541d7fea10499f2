pub(crate) const SUMMARY: &str = "The first line of Instructions names the page's own title.";

pub(crate) const DOCS: &str = r#"# instructions-opening

## What it does
Checks that the first line of `Instructions` names the page's title, as the site's
template writes it: `**Use this category only for discussions on <title>.**`. Matching is
tolerant — bold or not, "category", "tag" or "concept", any letter case, singular or plural —
but a different name is reported: "BetaCodex" on a page titled "Beta Codex", or "First
Principles" on "First Principal". Singular for plural is drift, too, when another term of the
taxonomy carries that exact title: "Value" on the page "Values", next to the page "Value".

## Why is this bad?
The AI classifier files posts by these instructions. When a term is renamed and its prompt
still names the old title, posts are filed against a term that no longer exists.

## Example
```yaml
title: Beta Codex
Instructions: |-
  **Use this category only for discussions on BetaCodex.**
```

## Use instead
```yaml
title: Beta Codex
Instructions: |-
  **Use this category only for discussions on Beta Codex.**
```

## Fix
When the opening follows the standard template, the name in it is replaced with the page's
title. Safe when the two names are far apart (a renamed term: the Instructions still name the
old one); unsafe when they differ by only a few letters ("First Principal" and "First
Principles", "BetaCodex" and "Beta Codex"), since either may be the misspelt one — the
message says so, and the title may be what needs correcting."#;

use std::path::PathBuf;

use super::page::Page;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rules::RuleId;
use crate::rules::index::SiteIndex;
use crate::span::Span;

/// The words of the standard opening, before the term's name.
const TEMPLATE_NOUNS: [&str; 3] = ["category", "tag", "concept"];

/// The name a page's Instructions open with when it is the title in another number
/// ("Value" on a page titled "Values"), and where it is written: tolerated on its own, but
/// drift when another term carries exactly that title (see [`check_index`]).
pub(crate) fn plural_variant(page: &Page<'_>) -> Option<(String, Span)> {
    let (_, _, title) = page.text_field(&["title"])?;
    let (_, node, instructions) = page.text_field(&["Instructions"])?;
    let first = instructions
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    let name = template_name(strip_emphasis(first))?;
    (same_term(name, title) && normalize(name) != normalize(title))
        .then(|| Some((name.to_owned(), page.find_in_source(node.span, name)?)))?
}

/// Report a tolerated singular/plural opening that names another term of the taxonomy.
pub(crate) fn check_index(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    for term in &index.terms {
        let Some((name, span)) = &term.facts.instructions_variant else {
            continue;
        };
        let other = index.terms_of(&term.location.taxonomy).find(|t| {
            t.path != term.path
                && t.facts
                    .title
                    .as_ref()
                    .is_some_and(|(title, _)| normalize(title) == normalize(name))
        });
        let (Some(other), Some((title, _))) = (other, &term.facts.title) else {
            continue;
        };
        out.push((
            term.path.to_path_buf(),
            Diagnostic::new(
                RuleId::InstructionsOpening,
                format!(
                    "the Instructions are for `{name}`, another term ({}), but the page is titled `{title}`",
                    index.shown(other.path).display()
                ),
                Some(*span),
            )
            .with_label("another term's name")
            .with_help(format!(
                "open the Instructions with `**Use this category only for discussions on {title}.**`"
            )),
        ));
    }
}

pub(crate) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let Some((_, title_node, title)) = page
        .text_field(&["title"])
        .filter(|(_, _, t)| !t.trim().is_empty())
    else {
        return;
    };
    let Some((_, node, instructions)) = page.text_field(&["Instructions"]) else {
        return;
    };
    let Some(first) = instructions.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return;
    };
    let line = strip_emphasis(first);
    // A title may itself hold a clause mark ("Fee (Dback)"): the opening is right when it
    // names the whole title, whatever follows.
    if names_title(line, title) {
        return;
    }
    let named = template_name(line);
    let ok = match named {
        Some(name) => same_term(name, title),
        // Not the standard template: the title must at least be mentioned.
        None => normalize(line).contains(&normalize(title)),
    };
    if ok {
        return;
    }
    // The name as written in the first line: after the template's "discussions on".
    let name_span = named.and_then(|name| {
        let opening = page.find_in_source(node.span, first)?;
        page.find_in_source(opening, name)
    });
    let span = name_span
        .or_else(|| page.find_in_source(node.span, first))
        .unwrap_or(node.span);
    // Names a few letters apart ("First Principal", "First Principles"): either may be the
    // typo, so putting the title in the Instructions is a judgement.
    let close = named.is_some_and(|name| few_letters_apart(name, title));
    // The standard template names the term in one place: replacing it with the title is the
    // one repair the page dictates — when the title reads the same in any string syntax (no
    // quotes, escapes, breaks).
    let fix = name_span
        .filter(|_| !title.contains(['"', '\'', '\\', '\n', '\r']))
        .map(|name_span| Fix {
            applicability: if close {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            edits: vec![Edit {
                span: name_span,
                content: title.to_owned(),
            }],
        });
    let message = match named {
        Some(name) if close => format!(
            "the Instructions are for `{name}`, but the page is titled `{title}`: one of the two may be misspelt"
        ),
        Some(name) => {
            format!("the Instructions are for `{name}`, but the page is titled `{title}`")
        }
        None => format!("the first line of the Instructions does not name the title `{title}`"),
    };
    let mut diagnostic = Diagnostic::new(RuleId::InstructionsOpening, message, Some(span))
            .with_label(if named.is_some() { "stale name" } else { "first line" })
            .with_related(title_node.span, "the page title")
            .with_help(format!(
                "make the two agree: open the Instructions with `**Use this category only for discussions on {title}.**`, or correct the title if it is the one that is wrong"
            ));
    diagnostic.fix = fix;
    out.push(diagnostic);
}

/// Whether two names differ by only a few letters (the distance of a typo), ignoring case.
fn few_letters_apart(a: &str, b: &str) -> bool {
    super::suggest::suggest(a, &[b]).is_some()
}

/// `**text**` → `text` (also single `*` and `_`), trailing hard-break spaces removed.
fn strip_emphasis(line: &str) -> &str {
    line.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
}

/// The name in "Use this category only for discussions on <name>." (any case, any of the
/// template nouns), if the line follows the template.
fn template_name(line: &str) -> Option<&str> {
    let lower = line.to_ascii_lowercase();
    let rest = lower.strip_prefix("use this ")?;
    let noun = TEMPLATE_NOUNS.iter().find(|n| rest.starts_with(*n))?;
    let rest = rest[noun.len()..].strip_prefix(" only for discussions ")?;
    let prefix = ["on ", "about "].iter().find(|p| rest.starts_with(*p))?;
    let start = line.len() - rest.len() + prefix.len();
    // The name ends where the sentence goes on: "Business Agility, including …".
    let name = line[start..]
        .split([',', ';', ':', '(', '—', '–'])
        .next()
        .unwrap_or_default()
        .trim_end_matches(['.', '*', '_', ' ', '\t']);
    // A description, not a name ("the Product Owner as an accountability"): free text.
    (!name.is_empty() && name.split_whitespace().count() <= 6 && !name.contains(" as "))
        .then_some(name)
}

/// Whether the template line names `title` in full (ignoring case), followed by nothing or
/// by punctuation.
fn names_title(line: &str, title: &str) -> bool {
    let lower = line.to_lowercase();
    let title = title.trim().to_lowercase();
    ["discussions on ", "discussions about "].iter().any(|p| {
        lower.find(p).is_some_and(|at| {
            let rest = &lower[at + p.len()..];
            rest.strip_prefix(title.as_str())
                .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })
    })
}

/// Two names of one term: equal ignoring case, punctuation and spacing runs, or differing only
/// in a final plural `s`.
fn same_term(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    a == b || a.strip_suffix('s') == Some(b.as_str()) || b.strip_suffix('s') == Some(a.as_str())
}

/// Lowercase, punctuation to spaces, whitespace collapsed.
fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_name_from_the_template() {
        assert_eq!(
            template_name("Use this category only for discussions on Lean."),
            Some("Lean")
        );
        assert_eq!(
            template_name("use this TAG only for discussions on AI"),
            Some("AI")
        );
        assert_eq!(
            template_name(
                "Use this category only for discussions on the Product Owner as an accountability."
            ),
            None
        );
        assert_eq!(template_name("Lean is about flow."), None);
        assert_eq!(
            template_name("Use this category only for discussions on Scrum, including its events."),
            Some("Scrum")
        );
    }

    #[test]
    fn a_title_with_a_clause_mark_is_named_in_full() {
        assert!(names_title(
            "Use this category only for discussions on Fee (Dback) Loops.",
            "Fee (Dback) Loops"
        ));
        assert!(!names_title(
            "Use this category only for discussions on Fee (Dback) Loopsy.",
            "Fee (Dback) Loops"
        ));
    }

    #[test]
    fn names_a_few_letters_apart_may_be_either_typo() {
        assert!(few_letters_apart("First Principles", "First Principal"));
        assert!(few_letters_apart("BetaCodex", "Beta Codex"));
        assert!(!few_letters_apart("Lean Flow", "Kanban"));
        assert!(!few_letters_apart("Scrum", "Kanban"));
    }

    #[test]
    fn tolerates_case_plural_and_punctuation_but_not_renames() {
        assert!(same_term("Value", "value"));
        assert!(same_term("Ability to Innovate", "ability  to innovate"));
        assert!(same_term("Principle", "Principles"));
        assert!(!same_term("BetaCodex", "Beta Codex"));
        assert!(!same_term("First Principles", "First Principal"));
        assert_eq!(strip_emphasis("**Use this.**  "), "Use this.");
    }
}
