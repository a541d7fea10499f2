//! `--format junit`: JUnit XML for GitLab, Jenkins and other CI systems.

use super::Context;
use crate::run::Outcome;

/// Render `outcome`.
pub(crate) fn render(outcome: &Outcome, ctx: &Context) -> String {
    let _ = (outcome, ctx);
    String::new()
}
