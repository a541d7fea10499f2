//! `--format github`: GitHub Actions workflow commands (annotations), and the step summary.

use super::Context;
use crate::run::Outcome;

/// Render `outcome`.
pub(crate) fn render(outcome: &Outcome, ctx: &Context) -> String {
    let _ = (outcome, ctx);
    String::new()
}

/// A Markdown table of every finding, for `GITHUB_STEP_SUMMARY`.
pub(crate) fn step_summary(outcome: &Outcome, ctx: &Context) -> String {
    let _ = (outcome, ctx);
    String::new()
}
