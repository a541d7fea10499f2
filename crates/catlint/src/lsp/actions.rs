//! Code actions: each fixable diagnostic's fix as a quick fix (safe fixes preferred), and
//! "fix all safe problems in this file" as a `source.fixAll.catlint` action.
//!
//! The edits are the engine's own byte edits, converted to UTF-16 ranges; fix-all runs the
//! engine's `fix_until_stable` on the buffer and sends the changed lines only, so the body
//! and every untouched line stay byte-identical.

use std::collections::HashMap;

use catlint_core::diagnostic::{Applicability, Diagnostic, Fix};
use catlint_core::span::Span;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Url, WorkspaceEdit};
use similar::{DiffTag, TextDiff};

use super::convert::LineMap;
use super::diagnostics;

/// The kind of the fix-all action.
pub(crate) const FIX_ALL_KIND: &str = "source.fixAll.catlint";

/// The longest piece of text shown in an action's title.
const TITLE_TEXT: usize = 40;

/// What the code action request asked for.
pub(crate) struct Request<'a> {
    pub(crate) uri: &'a Url,
    pub(crate) text: &'a str,
    pub(crate) map: &'a LineMap,
    /// The bytes the editor's selection or cursor covers.
    pub(crate) range: Span,
    /// The kinds the client wants (all when `None`).
    pub(crate) only: Option<&'a [CodeActionKind]>,
}

impl Request<'_> {
    /// Whether the client asked for fix-all (computing it runs the checker several times:
    /// not worth it for a request that only wants quick fixes).
    pub(crate) fn wants_fix_all(&self) -> bool {
        self.wants(&CodeActionKind::from(FIX_ALL_KIND))
    }

    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind
                        .as_str()
                        .strip_prefix(o.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    }
}

/// The quick fixes of the diagnostics under the request's range, then fix-all when `fixed`
/// (the buffer with every safe fix applied) differs from the buffer.
pub(crate) fn code_actions(
    request: &Request<'_>,
    diagnostics: &[Diagnostic],
    fixed: Option<&str>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if request.wants(&CodeActionKind::QUICKFIX) {
        for d in diagnostics {
            let (Some(fix), Some(span)) = (&d.fix, d.span) else {
                continue;
            };
            if !touches(span, request.range) || fix.edits.is_empty() {
                continue;
            }
            let edits = fix
                .edits
                .iter()
                .filter(|e| e.span.end <= request.text.len())
                .map(|e| TextEdit::new(request.map.range(request.text, e.span), e.content.clone()))
                .collect();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title(request.text, d, fix),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostics::convert(
                    request.uri,
                    request.text,
                    request.map,
                    d,
                )]),
                edit: Some(workspace_edit(request.uri, edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            }));
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL_KIND);
    if let Some(fixed) = fixed
        && fixed != request.text
        && request.wants(&fix_all)
    {
        let edits = minimal_edits(request.text, fixed)
            .into_iter()
            .map(|(span, content)| TextEdit::new(request.map.range(request.text, span), content))
            .collect();
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all safe catlint problems in this file".to_owned(),
            kind: Some(fix_all),
            edit: Some(workspace_edit(request.uri, edits)),
            ..CodeAction::default()
        }));
    }
    out
}

fn workspace_edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether a diagnostic at `span` is under the editor's `range` (touching counts: the
/// cursor right after a key is on it).
fn touches(span: Span, range: Span) -> bool {
    span.start <= range.end && range.start <= span.end
}

/// What the fix does, in words: "Replace `descripton` with `description`".
fn title(text: &str, d: &Diagnostic, fix: &Fix) -> String {
    let unsafe_note = match fix.applicability {
        Applicability::Safe => "",
        Applicability::Unsafe => " (unsafe fix)",
    };
    let what = match fix.edits.as_slice() {
        [edit] => {
            let old = text.get(edit.span.start..edit.span.end).unwrap_or_default();
            match (old.is_empty(), edit.content.is_empty()) {
                (true, _) => format!("Insert `{}`", short(&edit.content)),
                (false, true) => format!("Remove `{}`", short(old)),
                (false, false) => {
                    format!("Replace `{}` with `{}`", short(old), short(&edit.content))
                }
            }
        }
        _ => format!("Fix `{}`", d.rule.as_str()),
    };
    format!("{what}{unsafe_note}")
}

/// One line of at most [`TITLE_TEXT`] characters.
fn short(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(TITLE_TEXT).collect();
    if out.len() < line.len() || line.len() < text.trim().len() {
        out.push('…');
    }
    out
}

/// The edits that turn `old` into `new`, line by line: unchanged lines are not touched.
pub(crate) fn minimal_edits(old: &str, new: &str) -> Vec<(Span, String)> {
    let diff = TextDiff::from_lines(old, new);
    let old_lines = diff.old_slices();
    let new_lines = diff.new_slices();
    let mut offsets = Vec::with_capacity(old_lines.len() + 1);
    let mut at = 0;
    offsets.push(0);
    for line in old_lines {
        at += line.len();
        offsets.push(at);
    }
    let mut edits: Vec<(Span, String)> = Vec::new();
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let start = offsets.get(old_range.start).copied().unwrap_or(old.len());
        let end = offsets.get(old_range.end).copied().unwrap_or(old.len());
        let content: String = new_lines.get(new_range).unwrap_or_default().concat();
        match edits.last_mut() {
            // Adjacent changes become one edit.
            Some((span, text)) if span.end == start => {
                span.end = end;
                text.push_str(&content);
            }
            _ => edits.push((Span::new(start, end), content)),
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, edits: &[(Span, String)]) -> String {
        let mut out = old.to_owned();
        for (span, content) in edits.iter().rev() {
            out.replace_range(span.start..span.end, content);
        }
        out
    }

    #[test]
    fn minimal_edits_touch_only_changed_lines() {
        let old = "---\r\ntitle: Lean\r\ninstructions: x\r\n---\r\nbody é\r\n";
        let new = "---\r\ntitle: Lean\r\nInstructions: x\r\n---\r\nbody é\r\n";
        let edits = minimal_edits(old, new);
        assert_eq!(edits.len(), 1);
        assert_eq!(
            &old[edits[0].0.start..edits[0].0.end],
            "instructions: x\r\n"
        );
        assert_eq!(apply(old, &edits), new);
        assert!(minimal_edits(old, old).is_empty());
        let grown = "---\r\nTitle: Lean\r\ninstructions: x\r\nextra: 1\r\n---\r\nbody é\r\n";
        assert_eq!(apply(old, &minimal_edits(old, grown)), grown);
    }

    #[test]
    fn titles_say_what_changes() {
        let text = "descripton: x";
        let mut d = Diagnostic::new(
            catlint_core::rules::RuleId::UnknownField,
            "x",
            Some(Span::new(0, 10)),
        );
        let fix = Fix {
            applicability: Applicability::Unsafe,
            edits: vec![catlint_core::diagnostic::Edit {
                span: Span::new(0, 10),
                content: "description".into(),
            }],
        };
        d.fix = Some(fix.clone());
        assert_eq!(
            title(text, &d, &fix),
            "Replace `descripton` with `description` (unsafe fix)"
        );
    }
}
