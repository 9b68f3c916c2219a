//! `workplan show` and the planner's refusal to start on an unreadable plan.

use crate::common;

use common::{fixture, workplan};
use predicates::prelude::*;

#[test]
fn show_prints_timeline_and_table_without_escape_codes() {
    let out = workplan()
        .args(["show", "plans/firearms.yaml"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(!text.contains('\x1b'), "no escape codes in a pipe");
    insta::assert_snapshot!("show_firearms", text);
}

#[test]
fn show_marks_misaligned_topics_with_a_symbol() {
    workplan()
        .args(["show", &fixture("misaligned-late")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("!T").and(predicate::str::contains("✗ misaligned-late")));
}

#[test]
fn unreadable_plan_prints_what_check_prints_and_exits_2() {
    let check = workplan()
        .args(["check", &fixture("parse")])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    // The same lines as `check`, less its "1 plan checked" summary.
    let check = String::from_utf8(check).expect("utf-8");
    let without_summary = check
        .strip_suffix('\n')
        .and_then(|s| s.rsplit_once('\n'))
        .map(|(body, _)| format!("{body}\n"))
        .expect("a summary line");
    assert!(without_summary.contains("error[parse]"));
    for args in [
        vec![fixture("parse")],
        vec!["show".into(), fixture("parse")],
    ] {
        workplan()
            .args(&args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::eq(without_summary.as_bytes()));
    }
}
