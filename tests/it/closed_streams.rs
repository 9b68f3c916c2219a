//! Every command ends with its documented exit status when its standard output or its
//! standard error is closed: `workplan export PLAN | head -1` closes the pipe after one
//! line, `2> >(head -1)` or a pager that quit does the same to stderr. What is left to
//! write is dropped, as Unix tools do; nothing panics (exit 101).
//!
//! The subcommands are taken from clap's definition, so a new one cannot be left out:
//! [`invocations`] must name at least one run of each (and of each `dev` subcommand).

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};

use clap::CommandFactory;

const BIN: &str = env!("CARGO_BIN_EXE_workplan");
const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

/// Every leaf of the command tree: `check`, `dev gen`, `dev save-loop`, ...
fn subcommands(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            subcommands(sub, &format!("{name} "), out);
        } else {
            out.push(name);
        }
    }
}

/// Writes the files a run needs into `dir` (fresh for each run: `merge` writes OURS).
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("UTF-8 path").to_owned()
}

/// The 4th fixed topic's meeting with a venue.
fn with_venue(venue: &str) -> String {
    assert_eq!(FIREARMS.matches("    fixed: T4\n").count(), 1);
    FIREARMS.replacen(
        "    fixed: T4\n",
        &format!("    fixed: T4\n    venue: {venue}\n"),
        1,
    )
}

/// Runs of `subcommand` writing to both streams where it can, each with the status its
/// `--help` documents. `dir` is an empty folder of the run's own.
fn invocations(subcommand: &str, dir: &Path) -> Vec<(Vec<String>, i32)> {
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    match subcommand {
        "check" => vec![
            (words("check plans/firearms.yaml"), 0),
            // Findings on stdout and an unreadable file.
            (words("check tests/corpus/date-end-before-start.yaml"), 1),
            (
                words("check --format json tests/corpus/unknown-fixed-topic.yaml"),
                1,
            ),
            (words("check tests/corpus/bad-escape.yaml"), 2),
        ],
        "schema" => vec![(words("schema"), 0)],
        "diff" => vec![
            (
                words("diff plans/firearms.yaml tests/fixtures/hostile-titles.yaml"),
                1,
            ),
            (
                words("diff --format md plans/firearms.yaml tests/fixtures/hostile-titles.yaml"),
                1,
            ),
            // The message about the file that cannot be read, on stderr.
            (words("diff plans/firearms.yaml no-such-plan.yaml"), 2),
        ],
        "export" => vec![
            // A meeting left out of the calendar, said on stderr.
            (
                words("export tests/corpus/date-end-before-start.yaml --format ics"),
                0,
            ),
            (words("export plans/firearms.yaml --format md"), 0),
            (words("export plans/firearms.yaml --format docx"), 0),
        ],
        "realign" => vec![
            // The note that repeated delays add up, on stderr.
            (
                words("realign plans/firearms.yaml --delay C2=+1 --delay C2=+1"),
                0,
            ),
            (
                words("realign plans/firearms.yaml --compare C2=+2 --compare C3=+1 --format md"),
                0,
            ),
            (words("realign plans/firearms.yaml --format md"), 2),
        ],
        "dev gen" => vec![(words("dev gen --meetings 200"), 0)],
        "dev save-loop" => {
            let plan = write(dir, "plan.yaml", FIREARMS);
            vec![(
                vec![
                    "dev".into(),
                    "save-loop".into(),
                    plan,
                    "--count".into(),
                    "2".into(),
                ],
                0,
            )]
        }
        "show" => vec![
            (words("show plans/firearms.yaml"), 0),
            (words("show no-such-plan.yaml"), 2),
        ],
        "completions" => vec![(words("completions bash"), 0)],
        "man" => vec![(words("man"), 0)],
        "merge" => {
            // A conflict: listed on stderr, status 1.
            let base = write(dir, "base.yaml", FIREARMS);
            let ours = write(dir, "ours.yaml", &with_venue("Vienna"));
            let theirs = write(dir, "theirs.yaml", &with_venue("New York"));
            vec![(vec!["merge".into(), base, ours, theirs], 1)]
        }
        // `workplan` itself: its version, and usage errors as clap reports them.
        "" => vec![
            (words("--version"), 0),
            (words("chek plans/firearms.yaml"), 2),
            (words("check --format nope plans/firearms.yaml"), 2),
        ],
        "keys" => {
            let bad = write(dir, "config.toml", "[keys]\nquit = 7\n");
            vec![
                (words("keys --defaults"), 0),
                (vec!["keys".into(), "--config".into(), bad], 2),
            ]
        }
        _ => vec![],
    }
}

#[derive(Clone, Copy, Debug)]
enum Closed {
    Nothing,
    /// A pipe whose reading end is closed: writes fail with EPIPE.
    StdoutPipe,
    StderrPipe,
    /// The descriptor itself closed (`>&-`, `2>&-`).
    StdoutFd,
    StderrFd,
}

/// Runs `workplan ARGS` with one stream closed; returns its status and its stderr (when
/// that is open).
fn run(args: &[String], closed: Closed) -> (Option<i32>, String) {
    let mut cmd = match closed {
        Closed::StdoutFd | Closed::StderrFd => {
            let fd = if matches!(closed, Closed::StdoutFd) {
                1
            } else {
                2
            };
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!("exec {fd}>&-; exec \"$0\" \"$@\""))
                .arg(BIN)
                .args(args);
            sh
        }
        _ => {
            let mut cmd = Command::new(BIN);
            cmd.args(args);
            cmd
        }
    };
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        // `keys` without --config would read the user's own file.
        .env("WORKPLAN_CONFIG", "/nonexistent/workplan-config.toml")
        .current_dir(common::root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let broken = || {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        Stdio::from(writer)
    };
    match closed {
        Closed::StdoutPipe => {
            cmd.stdout(broken());
        }
        Closed::StderrPipe => {
            cmd.stderr(broken());
        }
        _ => {}
    }
    let child = cmd.spawn().expect("spawn");
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, _, err) = common::finish(child, &words, std::time::Duration::from_secs(60));
    (status.code(), err)
}

/// The runs of `leaf` on files in `dir`, and its `--help`.
fn runs(leaf: &str, dir: &Path) -> Vec<(Vec<String>, i32)> {
    let mut runs = invocations(leaf, dir);
    let mut help: Vec<String> = leaf.split_whitespace().map(str::to_owned).collect();
    help.push("--help".into());
    runs.push((help, 0));
    runs
}

/// Runs every run of `leaf` with each stream closed in turn, and normally.
fn assert_status_with_streams_closed(leaf: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(
        !invocations(leaf, dir.path()).is_empty(),
        "no run of `workplan {leaf}` is tried here"
    );
    for i in 0..runs(leaf, dir.path()).len() {
        for closed in [
            Closed::Nothing,
            Closed::StdoutPipe,
            Closed::StderrPipe,
            Closed::StdoutFd,
            Closed::StderrFd,
        ] {
            // Each run on files of its own: `merge` writes OURS, `save-loop` its plan.
            let dir = tempfile::tempdir().expect("temp dir");
            let (args, status) = runs(leaf, dir.path()).swap_remove(i);
            let (code, err) = run(&args, closed);
            assert_eq!(
                code,
                Some(status),
                "workplan {args:?} with {closed:?}: {err}"
            );
            assert!(
                !err.contains("panicked"),
                "workplan {args:?} with {closed:?}: {err}"
            );
        }
    }
}

/// The bare command first (its own runs), then every subcommand but `merge` (below).
#[test]
fn every_command_ends_with_its_status_when_a_stream_is_closed() {
    let mut leaves = vec![String::new()];
    subcommands(&workplan::cli::Cli::command(), "", &mut leaves);
    assert!(leaves.len() >= 12, "{leaves:?}");
    assert!(leaves.iter().any(|l| l == "merge"), "{leaves:?}");
    for leaf in leaves.iter().filter(|l| *l != "merge") {
        assert_status_with_streams_closed(leaf);
    }
}

/// The merge driver on its own: it runs inside someone else's `git merge`, whose
/// stderr may be anything.
#[test]
fn merge_ends_with_its_status_when_a_stream_is_closed() {
    assert_status_with_streams_closed("merge");
}
