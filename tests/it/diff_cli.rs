//! `workplan diff`, driven through the real binary, with golden amendments.

use crate::common;

use common::{fixture, workplan};

const ADOPTED: &str = "plans/firearms.yaml";
/// See the comment at its top for what it changes.
const REVISED: &str = "tests/fixtures/firearms-revised.yaml";
const PROPOSAL_2022: &str = "plans/firearms-2022-proposal.yaml";

fn diff(old: &str, new: &str, format: &str) -> (i32, String, String) {
    let out = workplan()
        .args(["diff", old, new, "--format", format])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn revised_plan_text() {
    let (code, out, err) = diff(ADOPTED, REVISED, "text");
    assert_eq!((code, err.as_str()), (1, ""));
    insta::assert_snapshot!(out);
}

#[test]
fn revised_plan_md() {
    let (code, out, _) = diff(ADOPTED, REVISED, "md");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn revised_plan_json() {
    let (code, out, _) = diff(ADOPTED, REVISED, "json");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "meeting-redated",
            "meeting-restatused",
            "venue-changed",
            "note-changed",
            "fixed-moved",
            "fixed-moved",
            "flexible-assigned",
            "cluster-window-changed"
        ]
    );
    insta::assert_snapshot!(out);
}

/// The 2022 proposal against the plan on record: the record added the meetings held
/// before the workplan, held the 10th and 11th meetings on their dates with topics F12
/// and F13 (additional topics), and changed nothing in the timeline of fixed topics.
#[test]
fn proposal_2022_against_the_record() {
    let (code, out, _) = diff(PROPOSAL_2022, ADOPTED, "text");
    assert_eq!(code, 1);
    assert!(
        !out.contains(" moves from "),
        "no fixed topic moved:\n{out}"
    );
    assert!(!out.contains("The review of"), "no window changed:\n{out}");
    insta::assert_snapshot!(out);
    // The amendment table holds only the meetings whose agenda items changed: the
    // flexible topics of the 10th and 11th meetings, not the meetings held before.
    let (_, md, _) = diff(PROPOSAL_2022, ADOPTED, "md");
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 1")).collect();
    assert_eq!(rows.len(), 2, "{md}");
    assert!(
        rows[0].starts_with(
            "| 10th meeting | 2023 | Topic 1: articles 3 (Use of terms) and 4 (Scope of application) | unchanged | — | F12: "
        )
    );
    insta::assert_snapshot!("proposal_2022_against_the_record_md", md);
}

#[test]
fn equal_plans_exit_0() {
    for format in ["text", "md", "json"] {
        let (code, out, _) = diff(ADOPTED, ADOPTED, format);
        assert_eq!(code, 0, "{format}: {out}");
    }
    let (_, out, _) = diff(ADOPTED, ADOPTED, "text");
    assert_eq!(out, "The plans are equal.\n");
}

#[test]
fn unreadable_plan_exits_2_with_the_error_check_prints() {
    let parse = fixture("parse");
    let (code, out, err) = diff(ADOPTED, &parse, "text");
    assert_eq!((code, out.as_str()), (2, ""));
    let check = workplan().args(["check", &parse]).output().unwrap();
    let check_out = String::from_utf8(check.stdout).unwrap();
    let without_summary: String = check_out
        .lines()
        .filter(|l| !l.contains("plan checked"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!err.is_empty());
    assert_eq!(err, without_summary);

    let (code, _, err) = diff("no/such/plan.yaml", ADOPTED, "md");
    assert_eq!(code, 2);
    assert!(err.contains("no/such/plan.yaml"), "{err}");
}

/// Under git's external-diff convention the versions are named by the plan's path and
/// the revisions git passes; the side of an added plan is "no plan".
#[test]
fn git_revisions_name_the_versions_compared() {
    let out = workplan()
        .args([
            "diff",
            "plan.yaml",
            ADOPTED,
            "0123456789ab",
            "100644",
            REVISED,
        ])
        .args(["fedcba987654", "100644"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Compared: Multi-year workplan of the Working Group on Firearms, plan.yaml at 0123456 as adopted and plan.yaml at fedcba9 as proposed.\n"),
        "{text}"
    );
    let out = workplan()
        .args([
            "diff",
            "plan.yaml",
            "/dev/null",
            "0000000",
            "100644",
            REVISED,
        ])
        .args(["fedcba987654", "100644", "--format", "md"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("Compared: no plan as adopted and “Multi-year workplan of the Working Group on Firearms” (plan.yaml at fedcba9) as proposed."), "{md}");
}
