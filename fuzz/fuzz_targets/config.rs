//! `catlint.toml` parsing on arbitrary text: an error with an in-bounds span, never a panic.
#![no_main]

use catlint_core::project::config::Config;
use catlint_core::rules::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            config.apply(&mut Settings::default());
            for over in config.over_caps() {
                assert!(over.span.end <= text.len(), "{over:?}");
            }
        }
        Err(e) => {
            if let Some(span) = e.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
            }
        }
    }
});
