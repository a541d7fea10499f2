//! The fix engine on arbitrary bytes: fixing converges, is idempotent, never touches the
//! body, and never breaks a page that parsed.
#![no_main]

use std::sync::LazyLock;

use catlint_core::engine::fix::{FixMode, fix_until_stable};
use catlint_core::engine::{Checker, Settings};
use catlint_core::frontmatter::extract;
use catlint_core::rules::RuleId;
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| {
    Checker::new(catlint_schema::category_schema(), Settings::default()).expect("the schema compiles")
});

fn body(bytes: &[u8]) -> &[u8] {
    extract(bytes).map_or(bytes, |fm| &bytes[fm.body_start..])
}

fuzz_target!(|data: &[u8]| {
    let mode = FixMode { unsafe_fixes: true };
    let report = fix_until_stable(data, mode, |src| CHECKER.check(src));
    if report.fixed == data {
        return;
    }
    assert!(report.not_converging.is_empty(), "{:?}", report.not_converging);
    assert_eq!(body(&report.fixed), body(data), "a fix touched the body");
    let before_ok = !CHECKER.check(data).iter().any(|d| d.rule == RuleId::Syntax);
    let after_ok = !CHECKER.check(&report.fixed).iter().any(|d| d.rule == RuleId::Syntax);
    assert!(!before_ok || after_ok, "a fix broke the syntax");
    let again = fix_until_stable(&report.fixed, mode, |src| CHECKER.check(src));
    assert_eq!(again.fixed, report.fixed, "fixing is not idempotent");
});
