//! `workplan realign` end to end: the real binary on the shipped plan and scenarios.

use crate::common;

use common::workplan;
use predicates::prelude::*;

const FIREARMS: &str = "plans/firearms.yaml";

fn scenario(name: &str) -> String {
    format!("plans/scenarios/{name}.yaml")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `workplan check` on a file; returns (exit status, misalignment lines).
fn misalignments(path: &str) -> (i32, Vec<String>) {
    let out = workplan().args(["check", path]).output().expect("runs");
    let lines = stdout(&out)
        .lines()
        .filter(|l| l.contains("[misaligned-"))
        .map(str::to_owned)
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

/// `check` flags the scenario, `realign -o` repairs it, the output checks clean of
/// misalignments. Returns realign's stdout.
fn repairs(name: &str, flagged: &[&str]) -> String {
    let path = scenario(name);
    let (status, before) = misalignments(&path);
    assert_eq!(status, 1, "{name}: check should fail");
    let topics: Vec<&str> = before
        .iter()
        .filter_map(|l| l.split("]: ").nth(1)?.split(' ').next())
        .collect();
    assert_eq!(topics, flagged, "{name}: {before:#?}");

    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("realigned.yaml");
    let out = workplan()
        .args(["realign", &path, "-o"])
        .arg(&out_path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
    let (status, after) = misalignments(out_path.to_str().expect("utf-8 path"));
    assert!(after.is_empty(), "{name}: {after:#?}");
    assert_eq!(status, 0, "{name}: the realigned plan has errors");
    stdout(&out)
}

#[test]
fn the_bundled_plan_has_nothing_to_move() {
    workplan()
        .args(["realign", FIREARMS])
        .assert()
        .code(0)
        .stdout("plans/firearms.yaml: nothing to move: every fixed topic is aligned\n");
}

#[test]
fn cluster_2_two_years_late_in_words() {
    let out = workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "\
plans/firearms.yaml: cluster C2 +2 years, now reviewed from 2029 to 2032
plans/firearms.yaml: 5 topics to move, 1 meeting to add, 5 years of delay in all; 1 left empty:
  T6 Record-keeping; marking: 15th (2028) -> 16th (2029)
  T7 General requirements for export, import and transit licensing or authorization systems: 16th (2029) -> 17th (2030)
  T8 Brokers and brokering: 17th (2030) -> 18th (2031)
  T9 Security and preventive measures: 18th (2031) -> 19th (2032)
  T10 Training and technical assistance: 19th (2032) -> 20th (2033)
Meetings added: 20th (2033)
Meetings left empty: 15th (2028)
Findings after: 0 errors, 1 warning, 0 infos

Amendment: "
        ),
        "{text}"
    );
    // The diff section is `workplan diff`'s renderer: the moves, the added meeting and
    // the delayed window.
    insta::assert_snapshot!(text);
}

#[test]
fn json_gives_moves_meetings_added_and_cost() {
    let out = workplan()
        .args([
            "realign",
            FIREARMS,
            "--delay",
            "C2=+2",
            "--allow-reorder",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        doc,
        serde_json::json!({
            "plan": "plans/firearms.yaml",
            "delays": [{ "cluster": "C2", "years": 2 }],
            "aligned": true,
            "moves": [
                { "topic": "T6", "title": "Record-keeping; marking",
                  "from": { "meeting": 15, "year": 2028 }, "to": { "meeting": 19, "year": 2032 } },
                { "topic": "T10", "title": "Training and technical assistance",
                  "from": { "meeting": 19, "year": 2032 }, "to": { "meeting": 20, "year": 2033 } },
            ],
            "added_meetings": [{ "meeting": 20, "year": 2033 }],
            "cost": { "moved": 2, "added": 1, "total_delay_years": 5 },
            "summary": { "moved": 2, "added": 1, "second_meetings": 0, "renumbered": 0,
                "left_empty": [{ "meeting": 15, "year": 2028 }], "dropped": [],
                "findings_after": { "error": 0, "warning": 1, "info": 0 } },
        })
    );
}

#[test]
fn output_file_carries_the_delayed_windows_and_the_moves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("amended.yaml");
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+2", "-o"])
        .arg(&out_path)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("keeping the comments"));
    let text = std::fs::read_to_string(&out_path).expect("written");
    // Saved losslessly: the input's comments are still there, the window edited in place.
    assert!(text.contains("# Review clusters of the Implementation Review Mechanism"));
    assert!(text.contains(
        "    review: { start: 2029, end: 2032 }\n    articles: [7, 8, 10, 11, 15]                  # [2022 proposal], para 18 (c)"
    ));
    let plan = workplan::plan::parse(&text).expect("parses").plan;
    let c2 = plan.cluster(&"C2".into()).expect("C2");
    assert_eq!((c2.review.start, c2.review.end), (2029, 2032));
    let on = |n: u32| {
        plan.meeting(workplan::plan::MeetingNumber::new(n))
            .and_then(|m| m.fixed.clone())
            .map(|t| t.0)
    };
    assert_eq!(on(15), None);
    assert_eq!(on(16).as_deref(), Some("T6"));
    assert_eq!(on(20).as_deref(), Some("T10"));
    // The realigned plan needs no further realignment.
    workplan()
        .args(["realign"])
        .arg(&out_path)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("nothing to move"));
}

#[test]
fn scenario_every_cluster_two_years_late_is_repaired() {
    let out = repairs("all-clusters-two-years-late", &["T6"]);
    assert!(
        out.contains("5 topics to move, 1 meeting to add, 5 years of delay in all; 1 left empty:"),
        "{out}"
    );
    assert!(out.contains("T6 Record-keeping; marking: 15th (2028) -> 16th (2029)"));
}

#[test]
fn scenario_cluster_2_three_years_late_is_repaired() {
    let out = repairs("cluster-2-three-years-late", &["T6", "T7"]);
    assert!(
        out.contains(
            "5 topics to move, 2 meetings to add, 10 years of delay in all; 2 left empty:"
        ),
        "{out}"
    );
    assert!(out.contains("T6 Record-keeping; marking: 15th (2028) -> 17th (2030)"));
    assert!(out.contains("Meetings added: 20th (2033), 21st (2034)"));
}

#[test]
fn scenario_cluster_1_two_years_late_breaks_nothing() {
    // T1 and T2, on cluster 1's articles, are held: history is never misaligned.
    let (status, flagged) = misalignments(&scenario("cluster-1-two-years-late"));
    assert_eq!((status, flagged.len()), (0, 0));
    workplan()
        .args(["realign", &scenario("cluster-1-two-years-late")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("nothing to move"));
}

#[test]
fn scenario_cluster_2_early_is_flagged_and_cannot_be_repaired() {
    let path = scenario("cluster-2-early");
    let (status, flagged) = misalignments(&path);
    assert_eq!(status, 1);
    assert_eq!(flagged.len(), 2, "{flagged:#?}");
    for reorder in [false, true] {
        let mut cmd = workplan();
        cmd.args(["realign", &path]);
        if reorder {
            cmd.arg("--allow-reorder");
        }
        cmd.assert().code(1).stdout(predicate::str::contains(
            "no aligned plan exists: T8 (article 15) needs a meeting from 2025 to 2029 but",
        ));
    }
    let out = workplan()
        .args(["realign", &path, "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["aligned"], false);
    assert_eq!(doc["unplaceable"]["topic"], "T8");
}

#[test]
fn no_output_file_when_no_plan_is_aligned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("never.yaml");
    workplan()
        .args(["realign", &scenario("cluster-2-early"), "-o"])
        .arg(&out_path)
        .assert()
        .code(1);
    assert!(!out_path.exists());
}

#[test]
fn an_unknown_cluster_is_named_with_the_known_ones() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C9=+1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no cluster C9 in this plan; the clusters are C1, C2, C3, C4",
        ));
}

#[test]
fn malformed_delays_and_missing_files_are_unreadable() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2+2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("CLUSTER=YEARS"));
    workplan()
        .args(["realign", "plans/no-such-plan.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-plan.yaml"));
}

#[test]
fn a_too_short_horizon_says_which_topic_and_why() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+2", "--horizon", "0"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "T10 (article 14) can be discussed in any year but, keeping the order, the topics that must come before it (T6, T7, T8, T9) take every free meeting it could have",
        ));
}

#[test]
fn extreme_delays_and_horizons_end_in_words_not_a_panic() {
    for args in [
        ["--delay", "C2=-2147483648", "--horizon", "0"],
        ["--delay", "C2=+2147483647", "--horizon", "1000"],
        ["--delay", "C1=-2147483648", "--horizon", "1000"],
    ] {
        let out = workplan()
            .args(["realign", FIREARMS])
            .args(args)
            .output()
            .expect("runs");
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 1)), "{args:?}: {out:?}");
    }
}

/// Issue 24: with second meetings the summary said "0 meetings to add" while the plan it
/// wrote gained two meetings, renumbered four and left two planned ones empty. The
/// counts are now those of the plan written: read back from the file, compared meeting
/// by meeting with the input, they give the very line printed.
#[test]
fn second_meetings_are_counted_as_the_written_plan_has_them() {
    use workplan::realign::summary::summarize;
    use workplan::realign::{Options, realign};
    let path = scenario("cluster-2-early");
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("realigned.yaml");
    let out = workplan()
        .args(["realign", &path, "--allow-second-meeting", "-o"])
        .arg(&out_path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first = text.lines().next().expect("a summary");
    assert_eq!(
        first,
        format!(
            "{path}: 3 topics to move, 2 meetings to add, 4 years of delay in all; 2 second meetings, 4 to renumber, 2 left empty:"
        )
    );
    assert!(
        text.contains("Meetings left empty: 19th (2030), 20th (2031)"),
        "{text}"
    );
    assert!(
        text.contains("Findings after: 0 errors, 4 warnings, 0 infos"),
        "{text}"
    );
    let load = |p: &std::path::Path| {
        workplan::plan::parse(&std::fs::read_to_string(p).expect("read"))
            .expect("parses")
            .plan
    };
    let input = load(std::path::Path::new(&path));
    let written = load(&out_path);
    assert_eq!(written.meetings.len(), input.meetings.len() + 2);
    let options = Options {
        allow_second_meeting: true,
        ..Options::default()
    };
    let mut proposal = realign(&input, &options).expect("aligned with second meetings");
    proposal.plan = written;
    let counted = summarize(&input, &proposal);
    assert_eq!(first, format!("{path}: {}:", counted.counts_line(true)));
    // JSON gives the same counts under `summary` (`added_meetings` stays the solver's
    // appended meetings).
    let out = workplan()
        .args([
            "realign",
            &path,
            "--allow-second-meeting",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let summary = &doc["summary"];
    assert_eq!(summary["moved"], counted.moved);
    assert_eq!(summary["added"], 2);
    assert_eq!(summary["second_meetings"], 2);
    assert_eq!(summary["renumbered"], 4);
    assert_eq!(summary["left_empty"].as_array().map(Vec::len), Some(2));
    assert_eq!(summary["findings_after"]["warning"], 4);
}
