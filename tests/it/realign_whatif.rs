//! `workplan realign` what-ifs end to end: delay parsing, best effort, a second meeting
//! in a year, and scenarios compared side by side.

use crate::common;

use common::workplan;
use predicates::prelude::*;

const FIREARMS: &str = "plans/firearms.yaml";

#[test]
fn a_delay_with_two_signs_is_refused() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=++2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`++2` is not a whole number of years",
        ));
}

#[test]
fn a_cluster_delayed_twice_is_said_to_add_up() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+1", "--delay", "C2=+1"])
        .assert()
        .stderr(predicate::str::contains(
            "--delay names C2 2 times: the delays add up to +2 years",
        ))
        .stdout(predicate::str::contains(
            "cluster C2 +2 years, now reviewed from 2029 to 2032",
        ));
}

fn scenario(name: &str) -> String {
    format!("plans/scenarios/{name}.yaml")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `check` lines of one code on a file.
fn findings(path: &std::path::Path, code: &str) -> Vec<String> {
    let out = workplan().arg("check").arg(path).output().expect("runs");
    stdout(&out)
        .lines()
        .filter(|l| l.contains(code))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_second_meeting_makes_cluster_2_early_feasible() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("realigned.yaml");
    let out = workplan()
        .args([
            "realign",
            &scenario("cluster-2-early"),
            "--allow-second-meeting",
            "-o",
        ])
        .arg(&out_path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    for line in [
        "plans/scenarios/cluster-2-early.yaml: 3 topics to move, 2 meetings to add, 4 years of delay in all; 2 second meetings, 4 to renumber, 2 left empty:",
        "  T7 General requirements for export, import and transit licensing or authorization systems: 16th (2029) -> a new 16th (2028, its second meeting)",
        "  T8 Brokers and brokering: 17th (2030) -> 16th (2029, now numbered 17th)",
        "Second meeting: 2028 gets two meetings, the 15th and a new 16th",
        "Second meeting: 2029 gets two meetings, the 17th and a new 18th",
        "Meetings renumbered: 16th -> 17th, 17th -> 19th, 18th -> 20th, 19th -> 21st",
        "  warning[two-meetings-in-year] (16th meeting): the 15th and 16th meetings are both in 2028",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // Aligned, with the warning the plan allows for.
    assert_eq!(findings(&out_path, "[misaligned-"), Vec::<String>::new());
    assert_eq!(findings(&out_path, "[two-meetings-in-year]").len(), 2);
    assert!(findings(&out_path, "error[").is_empty());

    let json = workplan()
        .args([
            "realign",
            &scenario("cluster-2-early"),
            "--allow-second-meeting",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(doc["aligned"], true);
    assert_eq!(
        doc["second_meetings"],
        serde_json::json!([{ "meeting": 16, "year": 2028 }, { "meeting": 18, "year": 2029 }])
    );
    assert_eq!(
        doc["renumbered"][0],
        serde_json::json!({ "from": 16, "to": 17 })
    );
    let warnings: Vec<(&str, u64)> = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap_or(""),
                w["meeting"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [("two-meetings-in-year", 16), ("two-meetings-in-year", 18)]
    );
}

#[test]
fn without_a_second_meeting_cluster_2_early_stays_unaligned() {
    workplan()
        .args(["realign", &scenario("cluster-2-early"), "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"aligned\": false"))
        .stdout(predicate::str::contains("second_meetings").not())
        .stdout(predicate::str::contains("best_effort").not());
}

#[test]
fn best_effort_names_what_stays_misaligned_and_exits_1() {
    workplan()
        .args(["realign", &scenario("cluster-2-early"), "--best-effort"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "best effort: the least-misaligned plan leaves 2 topics misaligned:\n  T8 Brokers and brokering: 17th (2030) is 1 year late\n  T9 Security and preventive measures: 18th (2031) is 2 years late\n",
        ));
    let out = workplan()
        .args([
            "realign",
            &scenario("cluster-2-early"),
            "--best-effort",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["aligned"], false);
    assert_eq!(doc["unplaceable"]["topic"], "T8");
    let best = &doc["best_effort"];
    assert_eq!(best["moves"], serde_json::json!([]));
    assert_eq!(best["added_meetings"], serde_json::json!([]));
    assert_eq!(
        best["misaligned"],
        serde_json::json!([
            { "topic": "T8", "title": "Brokers and brokering",
              "meeting": { "meeting": 17, "year": 2030 }, "years_early_or_late": 1 },
            { "topic": "T9", "title": "Security and preventive measures",
              "meeting": { "meeting": 18, "year": 2031 }, "years_early_or_late": 2 },
        ])
    );
}

#[test]
fn best_effort_moves_topics_when_that_lessens_the_misalignment() {
    // Cluster 2 six years late (2033-2036) and no horizon: T6-T9 need 2033-2036, and
    // T10 (cross-cutting) must come after them, so one of them comes a year early.
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("best.yaml");
    let out = workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+6", "--horizon", "0"])
        .args(["--best-effort", "-o"])
        .arg(&out_path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    for line in [
        "best effort: the least-misaligned plan leaves 1 topic misaligned:\n  T6 Record-keeping; marking: 19th (2032) is 1 year early\n",
        "5 topics to move, 4 meetings to add, 20 years of delay in all; 4 left empty:",
        "  T6 Record-keeping; marking: 15th (2028) -> 19th (2032)",
        "Meetings added: 20th (2033), 21st (2034), 22nd (2035), 23rd (2036)",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let text = stdout(&out);
    assert!(text.contains("no aligned plan exists"), "{text}");
    assert!(
        text.contains("best effort: the least-misaligned plan leaves"),
        "{text}"
    );
    // The file written is the best-effort plan: check reports the same topics.
    let reported: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("best effort"))
        .skip(1)
        .take_while(|l| l.starts_with("  T"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut flagged: Vec<String> = findings(&out_path, "[misaligned-")
        .iter()
        .filter_map(|l| l.split("]: ").nth(1)?.split(' ').next().map(str::to_owned))
        .collect();
    flagged.dedup();
    assert!(!reported.is_empty());
    assert_eq!(flagged, reported, "{text}");
}

#[test]
fn best_effort_is_the_aligned_plan_when_one_exists() {
    let plain = workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+2"])
        .output()
        .expect("runs");
    let best = workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+2", "--best-effort"])
        .output()
        .expect("runs");
    assert_eq!(best.status.code(), Some(0));
    assert_eq!(stdout(&plain), stdout(&best));
}

const COMPARE: [&str; 6] = [
    "--compare",
    "C2=+2",
    "--compare",
    "C2=+3,C4=+1",
    "--compare",
    "C1=+2,C2=+2,C3=+2,C4=+2",
];

#[test]
fn compare_given_scenarios_in_text() {
    let out = workplan()
        .args(["realign", FIREARMS])
        .args(COMPARE)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "every scenario aligned");
    insta::assert_snapshot!("compare_given_text", stdout(&out));
}

#[test]
fn compare_the_shipped_scenarios_in_text_md_and_json() {
    for (format, exit) in [("text", 1), ("md", 1), ("json", 1)] {
        let out = workplan()
            .args([
                "realign",
                &scenario("all-scenarios"),
                "--compare",
                "--format",
                format,
            ])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(exit),
            "{format}: cluster-2-early is unaligned"
        );
        insta::assert_snapshot!(format!("compare_shipped_{format}"), stdout(&out));
    }
    let out = workplan()
        .args([
            "realign",
            &scenario("all-scenarios"),
            "--compare",
            "--allow-second-meeting",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "a second meeting aligns them all"
    );
    insta::assert_snapshot!("compare_shipped_second_meeting", stdout(&out));
}

#[test]
fn compare_refuses_what_it_cannot_do() {
    // No scenarios in the plan and none given.
    workplan()
        .args(["realign", FIREARMS, "--compare"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no scenarios to compare"));
    workplan()
        .args(["realign", FIREARMS, "--compare", "C9=+1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no cluster C9"));
    workplan()
        .args([
            "realign",
            FIREARMS,
            "--compare",
            "C2=+1",
            "--delay",
            "C2=+1",
        ])
        .assert()
        .code(2);
    workplan()
        .args(["realign", FIREARMS, "--format", "md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format md goes with --compare"));
}

/// Each shipped scenario file is the adopted plan with the delays that
/// `all-scenarios.yaml` gives it under its file name.
#[test]
fn shipped_scenario_files_match_their_named_delays() {
    use workplan::plan::load_file;
    let load = |p: &str| {
        load_file(&common::root().join(p), Default::default())
            .expect("loads")
            .1
            .plan
    };
    let adopted = load(FIREARMS);
    let all = load(&scenario("all-scenarios"));
    assert_eq!(all.clusters, adopted.clusters);
    let mut names: Vec<String> = std::fs::read_dir(common::root().join("plans/scenarios"))
        .expect("dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".yaml")?.to_owned())
        })
        .filter(|n| n != "all-scenarios")
        .collect();
    names.sort();
    let mut named: Vec<String> = all.scenarios.iter().map(|s| s.name.clone()).collect();
    named.sort();
    assert_eq!(names, named);
    for s in &all.scenarios {
        let delays: Vec<_> = s.delays.iter().map(|(c, y)| (c.clone(), *y)).collect();
        let expected = workplan::realign::apply_delays(&adopted, &delays).expect("delays");
        assert_eq!(
            load(&scenario(&s.name)).clusters,
            expected.clusters,
            "{}",
            s.name
        );
    }
}

#[test]
fn the_schema_takes_scenarios_and_refuses_unknown_keys_in_them() {
    let out = workplan().arg("schema").output().expect("runs");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("a schema");
    let text =
        std::fs::read_to_string(common::root().join(scenario("all-scenarios"))).expect("reads");
    let value: serde_json::Value = serde_saphyr::from_str(&text).expect("yaml");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let bad = serde_json::json!({"version": 1, "title": "x",
        "scenarios": [{"name": "late", "delays": {"C2": 2}, "delay": 1}]});
    assert!(!validator.is_valid(&bad));
    let bad = serde_json::json!({"version": 1, "title": "x",
        "scenarios": [{"name": "late", "delays": {"C2": "two"}}]});
    assert!(!validator.is_valid(&bad));
}
