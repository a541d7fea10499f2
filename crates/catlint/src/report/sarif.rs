//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use super::Context;
use crate::run::Outcome;

/// Render `outcome`.
pub(crate) fn render(outcome: &Outcome, ctx: &Context) -> String {
    let _ = (outcome, ctx);
    String::new()
}
