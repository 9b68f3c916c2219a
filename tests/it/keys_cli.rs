//! `workplan keys`: the planner's effective key map, from the same config file the
//! planner reads.

use crate::common;

use common::{assert_no_leak, workplan};
use predicates::prelude::*;

fn line_of<'a>(out: &'a str, context: &str, action: &str) -> &'a str {
    out.lines()
        .find(|l| {
            let cells: Vec<&str> = l.split("  ").filter(|c| !c.is_empty()).collect();
            cells.first().map(|c| c.trim()) == Some(context)
                && cells.get(2).map(|c| c.trim()) == Some(action)
        })
        .unwrap_or_else(|| panic!("no {context} {action} line in:\n{out}"))
}

#[test]
fn a_config_file_changes_the_printed_keys() {
    let out = workplan()
        .args(["keys", "--config", "tests/fixtures/config/example.toml"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(line_of(&out, "lists", "down").contains(" n "), "{out}");
    assert!(line_of(&out, "meetings", "move").contains(" m M "), "{out}");
    assert!(line_of(&out, "global", "help").contains(" f1 "), "{out}");
    assert!(
        line_of(&out, "global", "save").contains(" ctrl+s "),
        "{out}"
    );
    // The text fields keep their arrows: a bare name leaves them alone.
    assert!(line_of(&out, "picker", "down").contains(" down "), "{out}");
    let defaults = workplan()
        .args(["keys", "--defaults"])
        .output()
        .expect("runs");
    let defaults = String::from_utf8(defaults.stdout).expect("UTF-8");
    assert!(line_of(&defaults, "lists", "down").contains(" down j "));
    assert!(line_of(&defaults, "global", "help").contains(" ? "));
}

#[test]
fn the_usual_place_is_read_and_workplan_config_overrides_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join(".config/workplan");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("config.toml"), "[keys]\nhelp = \"f2\"\n").expect("write");
    let help_keys = |envs: &[(&str, &std::path::Path)]| {
        let mut cmd = workplan();
        cmd.args(["keys", "--format", "json"]);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("runs");
        assert!(out.status.success(), "{out:?}");
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        rows.as_array()
            .expect("array")
            .iter()
            .find(|r| r["context"] == "global" && r["action"] == "help")
            .map(|r| r["keys"].clone())
            .expect("global help")
    };
    assert_eq!(
        help_keys(&[("HOME", home.path())]),
        serde_json::json!(["f2"])
    );
    let xdg = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        help_keys(&[("HOME", home.path()), ("XDG_CONFIG_HOME", xdg.path())]),
        serde_json::json!(["?"]),
        "XDG_CONFIG_HOME is looked in instead of ~/.config"
    );
    let named = std::path::Path::new("tests/fixtures/config/example.toml");
    assert_eq!(
        help_keys(&[("HOME", home.path()), ("WORKPLAN_CONFIG", named)]),
        serde_json::json!(["f1"])
    );
}

#[test]
fn a_bad_config_is_refused_with_its_line_and_a_suggestion() {
    let out = workplan()
        .args(["keys", "--config", "tests/fixtures/config/typo.toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "tests/fixtures/config/typo.toml:3:1: unknown action `hlep`; did you mean `help`?\n",
        )
        .get_output()
        .clone();
    assert_no_leak("typo", &String::from_utf8_lossy(&out.stderr));
    for (args, expected) in [
        (
            &["keys", "--config", "tests/fixtures/config/none.toml"][..],
            "none.toml: cannot read the config file",
        ),
        (
            &["keys", "--config", "tests"][..],
            "tests: cannot read the config file: not a regular file",
        ),
        (
            &["keys", "--config", "Cargo.toml"][..],
            "expected `theme` or `keys`",
        ),
    ] {
        let out = workplan()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .get_output()
            .clone();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_no_leak("config", &err);
    }
    workplan()
        .args(["keys", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status"));
}
