//! Extraction, parsing and every page rule on arbitrary bytes: never a panic, a hang or a
//! span outside the input.
#![no_main]

use std::sync::LazyLock;

use catlint_core::engine::{Checker, Settings};
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<Checker> = LazyLock::new(|| {
    let settings = Settings {
        time_zone: Some("Europe/London".to_owned()),
        ..Settings::default()
    };
    Checker::new(catlint_schema::category_schema(), settings).expect("the schema compiles")
});

fuzz_target!(|data: &[u8]| {
    for d in CHECKER.check(data) {
        if let Some(span) = d.span {
            assert!(span.start <= span.end && span.end <= data.len(), "{d:?}");
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(e.span.start <= e.span.end && e.span.end <= data.len(), "{d:?}");
            }
        }
    }
    let _ = CHECKER.instance(data);
});
