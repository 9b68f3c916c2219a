//! A bounded fuzz run in the normal suite: mutated shipped plans and arbitrary input go
//! through the loader, the checks, every export and the writers (the same path as the
//! cargo-fuzz target in fuzz/, for a few seconds on every run). Whatever the input: no panic, a typed
//! result, an error that points inside the file, and a plan that loads is written back
//! so that it loads to the same plan.

use proptest::prelude::*;
use workplan::check::{check, check_located};
use workplan::diff;
use workplan::export::{self, Format};
use workplan::plan::load::{Limits, decode, parse_with};
use workplan::plan::{canonical, parse, save};

const SHIPPED: [&str; 3] = [
    include_str!("../../plans/firearms.yaml"),
    include_str!("../../plans/firearms-2022-proposal.yaml"),
    include_str!("../../plans/example.yaml"),
];

#[derive(Clone, Debug)]
enum Mutation {
    FlipByte { at: usize, xor: u8 },
    SetByte { at: usize, to: u8 },
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    Insert { at: usize, text: String },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, xor)| Mutation::FlipByte { at, xor }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, to)| Mutation::SetByte { at, to }),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (
            any::<usize>(),
            prop_oneof![
                Just("&a ".to_owned()),
                Just("*a".to_owned()),
                Just("\t".to_owned()),
                Just(": ".to_owned()),
                Just("- ".to_owned()),
                Just("[".to_owned()),
                Just("{".to_owned()),
                Just("\"".to_owned()),
                Just("\r".to_owned()),
                Just("\u{feff}".to_owned()),
                Just("<<: *a\n".to_owned()),
                Just("---\n".to_owned()),
                "[ -~]{0,8}",
            ]
        )
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match m {
        Mutation::FlipByte { at, xor } => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b ^= xor;
            }
        }
        Mutation::SetByte { at, to } => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b = *to;
            }
        }
        Mutation::Truncate(at) => bytes.truncate(at % len),
        Mutation::Insert { at, text } => {
            let at = at % len;
            bytes.splice(at..at, text.bytes());
        }
        Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|b| *b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if lines.is_empty() {
                return;
            }
            let n = lines.len();
            match m {
                Mutation::DeleteLine(_) => {
                    lines.remove(i % n);
                }
                Mutation::DuplicateLine(_) => {
                    let line = lines[i % n].clone();
                    lines.insert(i % n, line);
                }
                Mutation::SwapLines(_, j) => lines.swap(i % n, j % n),
                _ => {}
            }
            *bytes = lines.concat();
        }
    }
}

/// Everything a user's file goes through: decoding, parsing, every check, every export,
/// the amendment diff, both writers.
fn exercise(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(e) => {
            prop_assert!(!e.message.is_empty());
            return Ok(());
        }
    };
    let lines = text.split(['\n', '\r']).count() as u32 + 1;
    match parse_with(&text, Limits::default()) {
        Err(e) => {
            prop_assert!(!e.headline().is_empty());
            if let Some(line) = e.line {
                prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
            }
        }
        Ok(loaded) => {
            let findings = check(&loaded.plan);
            let located = check_located(&loaded.plan, &loaded.source);
            prop_assert_eq!(findings.len(), located.len());
            for f in &located {
                prop_assert!(!f.message.is_empty());
                if let Some(line) = f.line {
                    prop_assert!(line >= 1 && line <= lines, "{:?}", f);
                }
            }
            for format in Format::ALL {
                export::render(&loaded.plan, &located, format)
                    .map_err(|e| TestCaseError::fail(format!("{format} export failed: {e}")))?;
            }
            let yaml = canonical::to_yaml(&loaded.plan)
                .map_err(|e| TestCaseError::fail(format!("canonical form failed: {e}")))?;
            let back = parse(&yaml).map_err(|e| {
                TestCaseError::fail(format!("canonical form unreadable: {e}\n{yaml}"))
            })?;
            prop_assert_eq!(&back.plan, &loaded.plan);
            // The amendment against the shipped plan, in every form; none against itself.
            let shipped = parse(SHIPPED[0]).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let amendment = diff::diff(&shipped.plan, &loaded.plan);
            prop_assert!(!amendment.render_text().is_empty());
            amendment.render_md();
            prop_assert!(diff::diff(&loaded.plan, &loaded.plan).is_empty());
            let rendered = save::render(Some(&text), &loaded.plan)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(rendered.text, text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_shipped_plans(
        which in 0usize..SHIPPED.len(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let mut bytes = SHIPPED[which].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        exercise(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        exercise(&bytes)?;
    }

    #[test]
    fn arbitrary_yaml_like_text(text in "([a-z_]{1,8}: ?[ -~]{0,12}\n|  - [ -~]{0,12}\n|[\\[\\]{}&*!|>:#-]{1,4}\n){0,40}") {
        exercise(text.as_bytes())?;
    }
}
