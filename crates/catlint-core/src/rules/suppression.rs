//! Suppression comments in front matter:
//!
//! * `# catlint-disable RULE[, RULE …]` — the whole file (no rule list: every rule);
//! * `# catlint-disable-next-line RULE[, RULE …]` — the next entry (its key and value).
//!
//! Only real comments count: a `#` inside a string — a block scalar such as
//! `Instructions: |-`, a quoted value, a key — is content. The parsed tree knows where every
//! string is, so a `#` outside all of them that starts the line or follows a blank is a
//! comment, in YAML and in TOML alike (JSON has no comments).

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::frontmatter::{Node, Value};
use crate::rules::{RuleId, unknown_field, unused_suppression};
use crate::span::Span;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// The rules it names (empty: every rule).
    pub rules: Vec<RuleId>,
    /// Names that are not rules, with their spans.
    pub unknown: Vec<(String, Span)>,
    /// The bytes whose diagnostics it suppresses; `None` for the whole file.
    pub scope: Option<Span>,
    /// The comment itself.
    pub comment: Span,
}

const FILE: &str = "catlint-disable";
const NEXT: &str = "catlint-disable-next-line";

/// The suppressions in the front matter `content` span of `src`, parsed into `root`.
#[must_use]
pub fn find(src: &[u8], content: Span, root: &Node) -> Vec<Suppression> {
    let Some(text) = src
        .get(content.start..content.end)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return Vec::new();
    };
    if !text.contains(FILE) {
        return Vec::new();
    }
    let mut strings = Vec::new();
    collect_string_spans(root, &mut strings);
    strings.sort_unstable();
    let inside_string = |at: usize| {
        let i = strings.partition_point(|s| s.start <= at);
        i > 0 && strings[..i].iter().rev().take(64).any(|s| at < s.end)
    };
    let mut out = Vec::new();
    for (i, _) in text.match_indices('#') {
        let at = content.start + i;
        let starts_comment = i == 0 || text.as_bytes()[i - 1].is_ascii_whitespace();
        if !starts_comment || inside_string(at) {
            continue;
        }
        let line_end = text[i..].find(['\n', '\r']).map_or(text.len(), |e| i + e);
        let body = text[i + 1..line_end].trim();
        let (is_next, rest) = if let Some(rest) = body.strip_prefix(NEXT) {
            (true, rest)
        } else if let Some(rest) = body.strip_prefix(FILE) {
            (false, rest)
        } else {
            continue;
        };
        // `disable-next-line` with no entry after it covers nothing (an empty scope).
        let scope = is_next.then(|| {
            next_entry(root, content.start + line_end)
                .unwrap_or(Span::empty(content.start + line_end))
        });
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            continue;
        }
        let rest_start = content.start + line_end - rest.len();
        let mut suppression = Suppression {
            rules: Vec::new(),
            unknown: Vec::new(),
            scope,
            comment: Span::new(at, content.start + line_end),
        };
        let mut offset = 0;
        for name in rest.split(',') {
            let trimmed = name.trim();
            let lead = name.len() - name.trim_start().len();
            let span = Span::new(
                rest_start + offset + lead,
                rest_start + offset + lead + trimmed.len(),
            );
            offset += name.len() + 1;
            if trimmed.is_empty() {
                continue;
            }
            match RuleId::from_id(trimmed) {
                Some(rule) => suppression.rules.push(rule),
                None => suppression.unknown.push((trimmed.to_owned(), span)),
            }
        }
        out.push(suppression);
    }
    out
}

fn collect_string_spans(node: &Node, out: &mut Vec<Span>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::String(_) => out.push(n.span),
            Value::Seq(items) => stack.extend(items),
            Value::Map(entries) => {
                for e in entries {
                    out.push(e.key.span);
                    stack.push(&e.value);
                }
            }
            _ => {}
        }
    }
}

/// The key-and-value range of the first entry whose key starts after `after`.
fn next_entry(root: &Node, after: usize) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Map(entries) => {
                for e in entries {
                    if e.key.span.start >= after && best.is_none_or(|b| e.key.span.start < b.start)
                    {
                        best = Some(Span::new(
                            e.key.span.start,
                            e.value.span.end.max(e.key.span.end),
                        ));
                    }
                    stack.push(&e.value);
                }
            }
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
    best
}

/// Drop the diagnostics the suppressions cover, and report each suppression (or unknown
/// rule name) that covered nothing as `unused-suppression`.
pub fn apply(diagnostics: &mut Vec<Diagnostic>, suppressions: &[Suppression]) {
    if suppressions.is_empty() {
        return;
    }
    let mut used = vec![false; suppressions.len()];
    let covering = |rule: RuleId, at: Option<Span>| {
        suppressions.iter().position(|s| {
            let rule_matches =
                s.rules.is_empty() && s.unknown.is_empty() || s.rules.contains(&rule);
            let in_scope = match (s.scope, at) {
                (None, _) => true,
                (Some(scope), Some(span)) => scope.start <= span.start && span.start < scope.end,
                (Some(_), None) => false,
            };
            rule_matches && in_scope
        })
    };
    diagnostics.retain_mut(|d| {
        // A finding about several keys, each in its place: a comment before one of the keys
        // suppresses that key alone.
        if let Some(keys) = unknown_field::far_keys(d) {
            let left: Vec<(&str, Span)> = keys
                .iter()
                .filter(|(_, at)| match covering(d.rule, Some(*at)) {
                    Some(i) if suppressions[i].scope.is_some() => {
                        used[i] = true;
                        false
                    }
                    _ => true,
                })
                .map(|(name, at)| (name.as_str(), *at))
                .collect();
            if left.len() < keys.len() {
                let Some(rest) = unknown_field::far_from_known(&left) else {
                    return false;
                };
                *d = Diagnostic {
                    severity: d.severity,
                    ..rest
                };
            }
        }
        let covering = covering(d.rule, d.span);
        if let Some(i) = covering {
            used[i] = true;
        }
        covering.is_none()
    });
    for (s, used) in suppressions.iter().zip(used) {
        for (name, span) in &s.unknown {
            diagnostics.push(unused_suppression::unknown_rule(name, *span));
        }
        if !used && (!s.rules.is_empty() || s.unknown.is_empty()) {
            diagnostics.push(unused_suppression::unused(s.comment));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{self, Limits};

    fn suppressions(src: &str) -> Vec<Suppression> {
        let fm = frontmatter::extract(src.as_bytes()).unwrap();
        let text = &src[fm.content.start..fm.content.end];
        let root =
            frontmatter::parse(fm.format, text, fm.content.start, &Limits::default()).unwrap();
        find(src.as_bytes(), fm.content, &root)
    }

    #[test]
    fn file_and_next_line_scopes() {
        let src = "---\n# catlint-disable too-long, key-case\ntitle: A\n# catlint-disable-next-line untrimmed-value\nheadline:\n  title: \" x \"\nnext: 1\n---\n";
        let s = suppressions(src);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rules, [RuleId::TooLong, RuleId::KeyCase]);
        assert_eq!(s[0].scope, None);
        let scope = s[1].scope.unwrap();
        assert_eq!(&src[scope.start..scope.end], "headline:\n  title: \" x \"");
    }

    #[test]
    fn hashes_in_strings_are_not_comments() {
        let src = "---\ntitle: \"# catlint-disable\"\nnote: |-\n  # catlint-disable\n---\n";
        assert!(suppressions(src).is_empty());
        let toml = "+++\ntitle = '# catlint-disable'\n# catlint-disable too-long\n+++\n";
        assert_eq!(suppressions(toml).len(), 1);
    }

    #[test]
    fn apply_drops_covered_and_reports_unused() {
        let src =
            "---\n# catlint-disable-next-line too-long\ntitle: A\n# catlint-disable nope\n---\n";
        let s = suppressions(src);
        let title = src.find("A\n").unwrap();
        let mut d = vec![Diagnostic::new(
            RuleId::TooLong,
            "x",
            Some(Span::new(title, title + 1)),
        )];
        apply(&mut d, &s);
        let rules: Vec<RuleId> = d.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            [RuleId::UnusedSuppression],
            "too-long suppressed; `nope` is no rule"
        );
    }

    #[test]
    fn a_comment_before_one_of_several_far_keys_suppresses_that_key_alone() {
        let src = "---\ntitle: A\nzzz: 0\n# catlint-disable-next-line unknown-field\nfoo: 1\nbar: 2\n---\n";
        let at = |key: &str| at_in(src, key);
        let keys = [("zzz", at("zzz")), ("foo", at("foo")), ("bar", at("bar"))];
        let mut out = vec![unknown_field::far_from_known(&keys).unwrap()];
        apply(&mut out, &suppressions(src));
        assert_eq!(out.len(), 1, "the comment is used: {out:?}");
        assert_eq!(out[0].fields, ["zzz", "bar"]);
        assert_eq!(out[0].span, Some(at("zzz")));
        assert_eq!(out[0].related.len(), 1);
        assert!(out[0].message.starts_with("2 fields"), "{}", out[0].message);

        // Every key suppressed: no finding, and no unused comment.
        let src = "---\n# catlint-disable-next-line unknown-field\nzzz: 0\n# catlint-disable-next-line unknown-field\nfoo: 1\n---\n";
        let keys = [("zzz", at_in(src, "zzz")), ("foo", at_in(src, "foo"))];
        let mut out = vec![unknown_field::far_from_known(&keys).unwrap()];
        apply(&mut out, &suppressions(src));
        assert!(out.is_empty(), "{out:?}");
    }

    fn at_in(src: &str, key: &str) -> Span {
        let start = src.find(&format!("\n{key}:")).unwrap() + 1;
        Span::new(start, start + key.len())
    }
}
