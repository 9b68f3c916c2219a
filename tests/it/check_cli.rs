//! `workplan check` and `workplan schema`, driven through the real binary.

use crate::common;

use common::{fixture, workplan};
use predicates::prelude::*;
use serde_json::Value;

const SHIPPED: &[&str] = &[
    "plans/firearms.yaml",
    "plans/firearms-2022-proposal.yaml",
    "plans/example.yaml",
];

#[test]
fn shipped_plans_check_clean() {
    workplan()
        .arg("check")
        .args(SHIPPED)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "3 plans checked: 0 errors, 0 warnings",
        ));
}

#[test]
fn each_code_fires_through_the_binary_and_not_on_the_fixed_plan() {
    // Every code the crate declares (`Code::ALL`), each with a fixture of its own: a new
    // rule is tested here as soon as it exists (and fails here until its fixture does).
    // Errors fail the check (1), warnings and infos do not (0), a file that cannot be
    // read is status 2.
    use workplan::check::{Code, Severity};
    let codes = Code::ALL.iter().map(|&c| {
        let status = match (c, c.severity()) {
            (Code::Parse, _) => 2,
            (_, Severity::Error) => 1,
            (_, Severity::Warning | Severity::Info) => 0,
        };
        (c.as_str(), status)
    });
    for (code, status) in codes {
        let path = fixture(code);
        workplan()
            .args(["check", &path])
            .assert()
            .code(status)
            .stdout(predicate::str::contains(format!("[{code}]")))
            .stdout(
                predicate::str::is_match(format!(
                    r"(?m)^{}:\d+(:\d+)?: \w+\[{code}\]",
                    regex_escape(&path)
                ))
                .unwrap(),
            );
    }
    workplan()
        .args(["check", &fixture("clean")])
        .assert()
        .code(0)
        .stdout("1 plan checked: 0 errors, 0 warnings, 0 infos\n");
}

fn regex_escape(s: &str) -> String {
    s.replace('.', r"\.")
}

#[test]
fn warnings_fail_only_when_denied() {
    let path = fixture("empty-meeting");
    workplan().args(["check", &path]).assert().code(0);
    workplan()
        .args(["check", "--deny", "warnings", &path])
        .assert()
        .code(1);
}

#[test]
fn parse_errors_exit_2_with_line_column_and_snippet() {
    workplan()
        .args(["check", &fixture("parse")])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "parse.yaml:41:11: error[parse]: meetings[1].year: expected a whole number, found twenty",
        ))
        .stdout(predicate::str::contains("41 |     year: twenty"));
}

#[test]
fn a_missing_file_exits_2_and_says_so() {
    workplan()
        .args(["check", "no/such/plan.yaml"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "no/such/plan.yaml: error[parse]: cannot read the file",
        ));
}

#[test]
fn json_output_parses_and_carries_codes_lines_and_counts() {
    let out = workplan()
        .args([
            "check",
            "--format",
            "json",
            &fixture("misaligned-early"),
            &fixture("parse"),
        ])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["files"], 2);
    assert_eq!(doc["counts"]["error"], 2);
    let f = &doc["findings"][0];
    assert_eq!(f["code"], "misaligned-early");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["meeting"], 3);
    assert_eq!(f["topic"], "T3");
    assert_eq!(f["line"], 45);
    assert!(f["message"].as_str().unwrap().contains("C2"));
    assert_eq!(doc["findings"][1]["code"], "parse");
    assert_eq!(doc["findings"][1]["column"], 11);
}

#[test]
fn github_format_prints_annotations() {
    workplan()
        .args(["check", "--format", "github", &fixture("misaligned-late")])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=tests/fixtures/codes/misaligned-late.yaml,line=42,title=misaligned-late::T2 is on",
        ));
}

#[test]
fn github_and_text_end_with_the_same_summary() {
    for (plans, summary) in [
        (
            vec!["plans/firearms.yaml"],
            "1 plan checked: 0 errors, 0 warnings, 0 infos\n",
        ),
        (
            SHIPPED.to_vec(),
            "3 plans checked: 0 errors, 0 warnings, 1 info\n",
        ),
    ] {
        for format in ["text", "github"] {
            workplan()
                .args(["check", "--format", format])
                .args(&plans)
                .assert()
                .code(0)
                .stdout(predicate::str::ends_with(summary));
        }
    }
}

#[test]
fn moving_t6_before_c2_opens_is_misaligned_early() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::root().join("plans/firearms.yaml")).unwrap();
    // T6 sits at the 15th meeting (2028); C2 opens in 2027.
    let moved = text.replace(
        "  - number: 15\n    year: 2028\n",
        "  - number: 15\n    year: 2026\n",
    );
    assert_ne!(moved, text, "the 15th meeting's layout changed");
    let path = dir.path().join("moved.yaml");
    std::fs::write(&path, moved).unwrap();
    workplan()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[misaligned-early]: T6 is on the 15th meeting (2026)",
        ));
}

#[test]
fn schema_validates_the_shipped_plans_and_rejects_unknown_keys() {
    let out = workplan()
        .arg("schema")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let schema: Value = serde_json::from_slice(&out).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in SHIPPED {
        let text = std::fs::read_to_string(common::root().join(path)).unwrap();
        let value: Value = serde_saphyr::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
    let bad: Value = serde_json::json!({"version": 1, "title": "x", "meetings": [{"number": 1, "year": 2020, "yeer": 1}]});
    assert!(!validator.is_valid(&bad));
    // The annex's keys: grouped questions beside plain ones, headings, footnotes, the
    // flexible cell's text; a misspelt key of a group is refused.
    let topic = |questions: Value| {
        serde_json::json!({"version": 1, "title": "x",
            "article_headings": {"5": "Criminalization"},
            "fixed_topics": [{"id": "T1", "title": "t", "label": "l", "articles": [5],
                "introduction": "i[^a]", "questions": questions}],
            "footnotes": {"a": "A"},
            "meetings": [{"number": 1, "year": 2020, "flexible_text": "One\nOther"}]})
    };
    let good =
        topic(serde_json::json!(["plain", {"heading": "h", "lead_in": "l:", "issues": ["x"]}]));
    assert!(
        validator.is_valid(&good),
        "{:#?}",
        validator
            .iter_errors(&good)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    assert!(!validator.is_valid(&topic(
        serde_json::json!([{"heading": "h", "isues": ["x"]}])
    )));
    let mut bad_note = good.clone();
    bad_note["footnotes"] = serde_json::json!({"a": 1});
    assert!(!validator.is_valid(&bad_note));
}
