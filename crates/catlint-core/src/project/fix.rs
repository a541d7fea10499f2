//! Applying fixes: byte edits, never overlapping, re-checked until nothing more applies.
//!
//! The engine, not the rules, changes bytes: a rule only attaches a [`Fix`] to its
//! diagnostic. Bytes outside the edited ranges are copied unchanged, so the body, comments,
//! key order, quoting, indentation, line endings and the BOM survive.

use std::collections::BTreeMap;

use crate::diagnostic::{Applicability, Diagnostic, Fix, apply_edits};
use crate::rules::RuleId;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixMode {
    /// Also apply unsafe fixes.
    pub unsafe_fixes: bool,
}

/// At most this many check-and-fix passes per file.
pub const MAX_PASSES: usize = 10;

/// What fixing one file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    /// The fixed bytes (equal to the input when nothing applied).
    pub fixed: Vec<u8>,
    /// How many fixes were applied, per rule.
    pub applied: BTreeMap<RuleId, usize>,
    /// Rules whose fixes still applied after [`MAX_PASSES`] passes (or undid each other).
    pub not_converging: Vec<RuleId>,
}

impl FixReport {
    /// Whether any byte changed.
    #[must_use]
    pub fn changed(&self, original: &[u8]) -> bool {
        self.fixed != original
    }
}

/// Whether `fix` may be applied in `mode`.
#[must_use]
pub fn applies(fix: &Fix, mode: FixMode) -> bool {
    fix.applicability == Applicability::Safe || mode.unsafe_fixes
}

/// Apply the fixes of `diagnostics` that `mode` allows and that do not overlap an earlier
/// one (in file order); the rules of the applied fixes.
#[must_use]
pub fn apply_once(src: &[u8], diagnostics: &[Diagnostic], mode: FixMode) -> (Vec<u8>, Vec<RuleId>) {
    let mut chosen: Vec<(&Fix, RuleId)> = diagnostics
        .iter()
        .filter_map(|d| {
            d.fix
                .as_ref()
                .filter(|f| applies(f, mode) && !f.edits.is_empty())
                .map(|f| (f, d.rule))
        })
        .collect();
    chosen.sort_by_key(|(f, _)| f.edits.iter().map(|e| (e.span.start, e.span.end)).min());
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut edits = Vec::new();
    let mut rules = Vec::new();
    for (fix, rule) in chosen {
        let in_bounds = fix
            .edits
            .iter()
            .all(|e| e.span.start <= e.span.end && e.span.end <= src.len());
        // Two edits overlap when their ranges share a byte, or both insert at one place.
        let overlaps = |s: usize, e: usize| {
            taken
                .iter()
                .any(|&(ts, te)| s < te.max(ts + 1) && ts < e.max(s + 1))
        };
        if !in_bounds || fix.edits.iter().any(|e| overlaps(e.span.start, e.span.end)) {
            continue;
        }
        for e in &fix.edits {
            taken.push((e.span.start, e.span.end));
            edits.push(e);
        }
        rules.push(rule);
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    // The chosen edits are in bounds and apart, so applying them cannot fail.
    match apply_edits(src, edits) {
        Some(out) => (out, rules),
        None => (src.to_vec(), Vec::new()),
    }
}

/// Check, fix, re-check… until no allowed fix applies, at most [`MAX_PASSES`] times.
pub fn fix_until_stable(
    src: &[u8],
    mode: FixMode,
    check: impl Fn(&[u8]) -> Vec<Diagnostic>,
) -> FixReport {
    let mut report = FixReport {
        fixed: src.to_vec(),
        ..FixReport::default()
    };
    let mut seen = vec![src.to_vec()];
    for _ in 0..MAX_PASSES {
        let diagnostics = check(&report.fixed);
        let (next, rules) = apply_once(&report.fixed, &diagnostics, mode);
        if rules.is_empty() || next == report.fixed {
            return report;
        }
        for rule in &rules {
            *report.applied.entry(*rule).or_default() += 1;
        }
        if seen.contains(&next) {
            // The fixes undo each other: stop at the last new state.
            report.not_converging = rules;
            return report;
        }
        seen.push(next.clone());
        report.fixed = next;
    }
    let diagnostics = check(&report.fixed);
    report.not_converging = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| applies(f, mode)))
        .map(|d| d.rule)
        .collect();
    report.not_converging.dedup();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::span::Span;

    fn with_fix(
        rule: RuleId,
        start: usize,
        end: usize,
        content: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(rule, "x", Some(Span::new(start, end)));
        d.fix = Some(Fix {
            applicability,
            edits: vec![Edit {
                span: Span::new(start, end),
                content: content.to_owned(),
            }],
        });
        d
    }

    #[test]
    fn applies_non_overlapping_edits_and_keeps_other_bytes() {
        let src = b"abcdef";
        let d = [
            with_fix(RuleId::KeyCase, 0, 1, "A", Applicability::Safe),
            with_fix(RuleId::KeyCase, 0, 2, "ZZ", Applicability::Safe), // overlaps the first
            with_fix(RuleId::TooLong, 4, 4, "-", Applicability::Safe),
            with_fix(RuleId::HeadlineTitle, 5, 6, "F", Applicability::Unsafe),
        ];
        let (out, rules) = apply_once(
            src,
            &d,
            FixMode {
                unsafe_fixes: false,
            },
        );
        assert_eq!(out, b"Abcd-ef");
        assert_eq!(rules, [RuleId::KeyCase, RuleId::TooLong]);
        let (out, _) = apply_once(src, &d, FixMode { unsafe_fixes: true });
        assert_eq!(out, b"Abcd-eF");
    }

    #[test]
    fn two_insertions_at_one_place_do_not_both_apply() {
        let d = [
            with_fix(RuleId::KeyCase, 1, 1, "x", Applicability::Safe),
            with_fix(RuleId::TooLong, 1, 1, "y", Applicability::Safe),
        ];
        let (out, rules) = apply_once(
            b"ab",
            &d,
            FixMode {
                unsafe_fixes: false,
            },
        );
        assert_eq!((out.as_slice(), rules.len()), (&b"axb"[..], 1));
    }

    #[test]
    fn a_fix_that_never_settles_is_reported() {
        // A "fix" that always appends: never stable.
        let report = fix_until_stable(
            b"a",
            FixMode {
                unsafe_fixes: false,
            },
            |src| {
                vec![with_fix(
                    RuleId::KeyCase,
                    src.len(),
                    src.len(),
                    "a",
                    Applicability::Safe,
                )]
            },
        );
        assert_eq!(report.not_converging, [RuleId::KeyCase]);
        assert_eq!(report.fixed.len(), 1 + MAX_PASSES);
        // A fix that flips back and forth is caught as a cycle.
        let report = fix_until_stable(
            b"a",
            FixMode {
                unsafe_fixes: false,
            },
            |src| {
                let other = if src == b"a" { "b" } else { "a" };
                vec![with_fix(RuleId::KeyCase, 0, 1, other, Applicability::Safe)]
            },
        );
        assert_eq!(report.not_converging, [RuleId::KeyCase]);
    }
}
