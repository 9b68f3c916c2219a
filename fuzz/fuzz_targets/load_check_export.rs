//! Any bytes as a plan file: decode, parse, check, every export, and both writers.
//! Errors are fine; a panic, a hang or a plan that does not read back is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use workplan::check::check_located;
use workplan::export::{self, Format};
use workplan::plan::load::{Limits, decode, parse_with};
use workplan::plan::{canonical, parse, save};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let Ok(loaded) = parse_with(&text, Limits::default()) else {
        return;
    };
    let findings = check_located(&loaded.plan, &loaded.source);
    for format in Format::ALL {
        if let Err(e) = export::render(&loaded.plan, &findings, format) {
            panic!("{format} export failed on a loaded plan: {e}");
        }
    }
    let yaml = canonical::to_yaml(&loaded.plan).expect("canonical form of a loaded plan");
    let back = parse(&yaml).expect("canonical form reads back");
    assert_eq!(back.plan, loaded.plan, "canonical form reads back the same");
    let rendered = save::render(Some(&text), &loaded.plan).expect("render");
    assert_eq!(
        rendered.text, text,
        "an unchanged plan is written back byte for byte"
    );
});
