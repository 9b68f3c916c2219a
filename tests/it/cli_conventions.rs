//! Command-line conventions: did-you-mean for subcommands, options only where they do
//! something, exit statuses in every `--help`, shell completions, the manual page, and
//! `check --delay`.

use crate::common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use common::workplan;
use predicates::prelude::*;

/// The subcommands a user sees (the hidden `dev` aside).
const SUBCOMMANDS: [&str; 8] = [
    "check",
    "schema",
    "diff",
    "export",
    "realign",
    "show",
    "completions",
    "man",
];

#[test]
fn a_mistyped_subcommand_gets_did_you_mean() {
    for args in [
        &["chek", "plans/example.yaml"][..],
        &["chek"][..],
        &["--max-file-size", "1000", "realing", "plans/firearms.yaml"][..],
    ] {
        let expected = if args.contains(&"chek") {
            "'check'"
        } else {
            "'realign'"
        };
        workplan()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("unrecognized subcommand"))
            .stderr(predicate::str::contains(format!(
                "a similar subcommand exists: {expected}"
            )));
    }
}

#[test]
fn a_file_named_like_a_subcommand_still_opens_as_the_plan() {
    // `workplan chek` where `chek` is a file: the planner's PLAN, not a typo. With no
    // terminal the planner cannot start, but the error is about the file, not the word.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("chek"), "not: [a plan").expect("write");
    workplan()
        .current_dir(dir.path())
        .arg("chek")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unrecognized subcommand").not())
        .stderr(predicate::str::contains("chek:"));
}

#[test]
fn max_file_size_is_refused_where_no_plan_file_is_read() {
    for sub in ["schema", "completions", "man"] {
        let mut args = vec![sub];
        if sub == "completions" {
            args.push("bash");
        }
        args.extend(["--max-file-size", "5"]);
        workplan()
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "unexpected argument '--max-file-size'",
            ));
        workplan()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("--max-file-size").not());
    }
    // Where a plan is read, it still works as before, after the subcommand.
    for args in [
        &["check", "plans/example.yaml", "--max-file-size", "100"][..],
        &["show", "plans/example.yaml", "--max-file-size", "100"][..],
        &[
            "export",
            "plans/example.yaml",
            "--format",
            "csv",
            "--max-file-size",
            "100",
        ][..],
        &["realign", "plans/example.yaml", "--max-file-size", "100"][..],
        &[
            "diff",
            "plans/example.yaml",
            "plans/example.yaml",
            "--max-file-size",
            "100",
        ][..],
    ] {
        let out = workplan().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            all.contains("over the limit of 100 bytes"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn every_help_lists_the_exit_statuses() {
    for sub in SUBCOMMANDS {
        for flag in ["-h", "--help"] {
            workplan()
                .args([sub, flag])
                .assert()
                .success()
                .stdout(predicate::str::contains("Exit status"));
        }
    }
    workplan()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status"));
    workplan()
        .args(["check", "--help"])
        .assert()
        .stdout(predicate::str::contains(
            "1  at least one error finding, or a warning under --deny warnings",
        ));
}

/// The planner without a terminal exits 3, a status of its own: before, it shared 2 with
/// an unreadable plan, and a script could not tell the two apart.
#[test]
fn the_planner_without_a_terminal_exits_3_and_an_unreadable_plan_2() {
    for args in [&[][..], &["plans/example.yaml"][..]] {
        workplan()
            .args(args)
            .write_stdin("")
            .assert()
            .code(3)
            .stdout("")
            .stderr(predicate::str::contains("the planner needs a terminal"));
    }
    // Unreadable: status 2, the path once, in front of its reason.
    let out = workplan()
        .arg("tests/no-such-plan.yaml")
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("tests/no-such-plan.yaml: error[parse]: cannot read the file"),
        "{err}"
    );
    assert_eq!(err.matches("no-such-plan.yaml").count(), 1, "{err}");
    // The planner's --help names the new status.
    workplan()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 there is no terminal to run on, or it was lost",
        ));
}

fn have(tool: &str) -> bool {
    let present = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var_os("WORKPLAN_REQUIRE_TOOLS").is_none(),
            "{tool} is not installed; .ci/run installs it"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    present
}

/// Feeds `input` to `program args` and returns whether it succeeded, with its stderr.
fn pipe_into(program: &str, args: &[&str], input: &[u8]) -> (bool, String) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    let out = child.wait_with_output().expect("waits");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn completions(shell: &str) -> Vec<u8> {
    let out = workplan()
        .args(["completions", shell])
        .output()
        .expect("runs");
    assert!(out.status.success(), "completions {shell} failed");
    out.stdout
}

#[test]
fn bash_completions_parse_and_know_the_subcommands() {
    let script = completions("bash");
    let text = String::from_utf8_lossy(&script);
    for sub in ["check", "realign", "export", "completions"] {
        assert!(text.contains(sub), "bash completions lack {sub}");
    }
    assert!(
        text.contains("--delay"),
        "bash completions lack check's --delay"
    );
    let (ok, err) = pipe_into("bash", &["-n"], &script);
    assert!(ok, "bash -n rejects the completions: {err}");
}

#[test]
fn completions_for_every_shell_clap_supports() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = completions(shell);
        assert!(
            String::from_utf8_lossy(&script).contains("realign"),
            "{shell} completions lack the subcommands"
        );
    }
    // Where the shell is installed, its own parser reads the script.
    for (shell, args) in [("zsh", &["-n"][..]), ("fish", &["--no-execute"][..])] {
        if Command::new(shell).arg("--version").output().is_ok() {
            let (ok, err) = pipe_into(shell, args, &completions(shell));
            assert!(ok, "{shell} rejects its completions: {err}");
        }
    }
    workplan()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn the_manual_page_renders_with_man() {
    let page = workplan().arg("man").output().expect("runs");
    assert!(page.status.success());
    let roff = String::from_utf8_lossy(&page.stdout);
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH workplan"),
        "{roff}"
    );
    // The planner's statuses, the one for a missing terminal too.
    assert!(roff.contains("3 there is no terminal to run on"), "{roff}");
    if !have("man") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("workplan.1");
    std::fs::write(&file, &page.stdout).expect("writes");
    let out = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        .expect("man runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man -l failed: {err}");
    for expected in [
        "NAME",
        "workplan - Plan and check the multi-year workplan",
        "WORKPLAN CHECK",
        "WORKPLAN REALIGN",
        "--delay",
        "EXIT STATUS",
        "no aligned plan exists within the horizon",
    ] {
        assert!(
            text.contains(expected),
            "man page lacks {expected:?}:\n{text}"
        );
    }
    assert!(!err.contains("warning"), "man warns: {err}");
}

#[test]
fn check_delay_checks_the_what_if_without_touching_the_file() {
    let before = std::fs::read("plans/firearms.yaml").expect("reads");
    workplan()
        .args(["check", "plans/firearms.yaml"])
        .assert()
        .success();
    workplan()
        .args(["check", "plans/firearms.yaml", "--delay", "C2=+2"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "plans/firearms.yaml: what-if: cluster C2 +2 years, now reviewed from 2029 to 2032\n",
        ))
        .stdout(predicate::str::contains(
            "error[misaligned-early]: T6 is on the 15th meeting (2028) but cluster C2 opens its review of articles 7, 8 only in 2029",
        ))
        .stdout(predicate::str::ends_with(
            "1 plan checked: 1 error, 0 warnings, 0 infos\n",
        ));
    assert_eq!(std::fs::read("plans/firearms.yaml").expect("reads"), before);
    // Delays add up, as for realign: +3 then -1 is +2.
    workplan()
        .args([
            "check",
            "plans/firearms.yaml",
            "--delay",
            "C2=+3",
            "--delay",
            "C2=-1",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("now reviewed from 2029 to 2032"));
    let json = workplan()
        .args([
            "check",
            "plans/firearms.yaml",
            "--delay",
            "C2=+2",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(
        doc["delays"],
        serde_json::json!([{"cluster": "C2", "years": 2}])
    );
    assert_eq!(doc["counts"]["error"], 1);
    // Without --delay the JSON report is as it was.
    let plain = workplan()
        .args(["check", "plans/firearms.yaml", "--format", "json"])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert!(doc.get("delays").is_none());
}

#[test]
fn check_delay_refuses_what_realign_refuses() {
    workplan()
        .args(["check", "plans/firearms.yaml", "--delay", "C9=+2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no cluster C9 in this plan; the clusters are C1, C2, C3, C4",
        ));
    workplan()
        .args(["check", "plans/firearms.yaml", "--delay", "C2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not CLUSTER=YEARS"));
}

/// `workplan --help` and `export --help` name every format `--format` takes (they
/// named seven of nine when the list was written by hand).
#[test]
fn export_help_names_every_format() {
    let names: Vec<&str> = workplan::export::Format::ALL
        .iter()
        .map(|f| f.as_str())
        .collect();
    for args in [&["--help"][..], &["export", "--help"][..]] {
        let out = workplan().args(args).output().expect("runs");
        let help = String::from_utf8_lossy(&out.stdout);
        let line = help
            .lines()
            .find(|l| l.contains("Export a plan as"))
            .unwrap_or_default();
        for name in &names {
            assert!(
                line.contains(name),
                "{args:?}: {name} missing from {line:?}"
            );
        }
    }
}
