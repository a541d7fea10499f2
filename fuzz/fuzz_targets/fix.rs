//! The fix engine on arbitrary bytes: fixing converges, is idempotent, never touches the
//! body, and never breaks a page that parsed.
#![no_main]

use std::sync::LazyLock;

use catlint_core::frontmatter::extract;
use catlint_core::model::schema::ModelOptions;
use catlint_core::project::fix::{FixMode, fix_until_stable};
use catlint_core::rules::{PageChecker, RuleId, Settings};
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<PageChecker> =
    LazyLock::new(|| PageChecker::new(ModelOptions::default()).expect("the model compiles"));

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::default);

fn body(bytes: &[u8]) -> &[u8] {
    extract(bytes).map_or(bytes, |fm| &bytes[fm.body_start..])
}

fuzz_target!(|data: &[u8]| {
    let check = |src: &[u8]| CHECKER.check_alone(src, &SETTINGS);
    let mode = FixMode { unsafe_fixes: true };
    let report = fix_until_stable(data, mode, check);
    if report.fixed == data {
        return;
    }
    assert!(
        report.not_converging.is_empty(),
        "{:?}",
        report.not_converging
    );
    assert_eq!(body(&report.fixed), body(data), "a fix touched the body");
    let syntax_ok = |src: &[u8]| !check(src).iter().any(|d| d.rule == RuleId::Syntax);
    assert!(
        !syntax_ok(data) || syntax_ok(&report.fixed),
        "a fix broke the syntax"
    );
    let again = fix_until_stable(&report.fixed, mode, check);
    assert_eq!(again.fixed, report.fixed, "fixing is not idempotent");
});
