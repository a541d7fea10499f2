//! Extraction, parsing and every page rule on arbitrary bytes: never a panic, a hang or a
//! span outside the input.
#![no_main]

use std::sync::LazyLock;

use catlint_core::model::date::Zone;
use catlint_core::model::schema::ModelOptions;
use catlint_core::rules::{PageChecker, PageFacts, Settings};
use libfuzzer_sys::fuzz_target;

static CHECKER: LazyLock<PageChecker> =
    LazyLock::new(|| PageChecker::new(ModelOptions::default()).expect("the model compiles"));

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| Settings {
    zone: Zone::named("Europe/London"),
    ..Settings::default()
});

fuzz_target!(|data: &[u8]| {
    let in_bounds = |s: catlint_core::span::Span| s.start <= s.end && s.end <= data.len();
    let (diagnostics, facts) = CHECKER.check(data, &SETTINGS, Some(&["categories", "tags"]));
    for d in diagnostics {
        if let Some(span) = d.span {
            assert!(in_bounds(span), "{d:?}");
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(in_bounds(e.span), "{d:?}");
            }
        }
    }
    assert!(facts.spans().all(in_bounds), "{facts:?}");
    // The facts of a page read without its check are the same.
    assert_eq!(
        PageFacts::read(data, &SETTINGS, &["categories", "tags"], true),
        facts
    );
    let _ = CHECKER.instance(data, &SETTINGS);
});
