//! The team workflow on the real `git` (and `pre-commit`) binaries, in temporary
//! repositories: the merge driver, the external diff and the pre-commit hook.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use workplan::plan::{Status, parse};

const BIN: &str = env!("CARGO_BIN_EXE_workplan");
const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

/// A git repository in a temporary folder, with git's environment cleared so the
/// machine's own configuration cannot change the results.
struct Repo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        repo.ok(&["init", "-q", "-b", "main"]);
        repo.ok(&["config", "user.name", "Secretariat"]);
        repo.ok(&["config", "user.email", "secretariat@example.org"]);
        repo.ok(&["config", "core.autocrlf", "false"]);
        repo
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn git(&self, args: &[&str]) -> Output {
        Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LC_ALL", "C")
            .output()
            .expect("git runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    fn commit(&self, message: &str) {
        self.ok(&["add", "-A"]);
        self.ok(&["commit", "-q", "-m", message]);
    }

    /// The three `git config` lines and the `.gitattributes` line of docs/teams.md.
    fn use_workplan(&self) {
        let bin = format!("'{BIN}'");
        self.ok(&[
            "config",
            "merge.workplan.driver",
            &format!("{bin} merge %O %A %B --name %P"),
        ]);
        self.ok(&["config", "merge.workplan.name", "workplan merge by meaning"]);
        self.ok(&["config", "diff.workplan.command", &format!("{bin} diff")]);
        self.write(".gitattributes", "*.yaml merge=workplan diff=workplan\n");
    }

    /// `plan.yaml` is the Firearms plan on main; branch `theirs` and main then each
    /// apply one edit of the text.
    fn branches(&self, ours: impl Fn(&str) -> String, theirs: impl Fn(&str) -> String) {
        self.write("plan.yaml", FIREARMS);
        self.commit("the plan as adopted");
        self.ok(&["checkout", "-q", "-b", "theirs"]);
        self.write("plan.yaml", &theirs(FIREARMS));
        self.commit("theirs");
        self.ok(&["checkout", "-q", "main"]);
        self.write("plan.yaml", &ours(FIREARMS));
        self.commit("ours");
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// OURS gives the 19th meeting (the last lines of the file) a venue; THEIRS adds a
/// 20th meeting after it. Different meetings, but both edits touch the end of the file.
fn venue_of_19th(text: &str) -> String {
    // The 19th meeting's last key is its flexible text, a block ending the file.
    assert!(text.ends_with("by the extended Bureau\n"), "{text}");
    format!("{text}    venue: Vienna\n")
}

fn add_20th(text: &str) -> String {
    format!(
        "{text}\n  - number: 20\n    year: 2033\n    status: planned  # proposed by the Bureau\n"
    )
}

fn meeting(text: &str, n: u32) -> workplan::plan::Meeting {
    parse(text)
        .unwrap()
        .plan
        .meeting(workplan::plan::MeetingNumber::new(n))
        .unwrap()
        .clone()
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

#[test]
fn edits_of_different_meetings_conflict_in_git_and_merge_with_the_driver() {
    // Without the driver, git's line merge conflicts.
    let plain = Repo::new();
    plain.branches(venue_of_19th, add_20th);
    let out = plain.git(&["merge", "--no-edit", "theirs"]);
    assert!(
        !out.status.success(),
        "git's line merge was expected to conflict"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("CONFLICT"));

    // With it, the merge is clean.
    let repo = Repo::new();
    repo.use_workplan();
    repo.branches(venue_of_19th, add_20th);
    let out = repo.git(&["merge", "--no-edit", "theirs"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = repo.read("plan.yaml");
    assert_eq!(meeting(&merged, 19).venue.as_deref(), Some("Vienna"));
    assert_eq!(meeting(&merged, 20).year, 2033);
    // Every comment of the plan is still there, in its place, and THEIRS' new meeting
    // comes as THEIRS wrote it, comment included.
    assert_eq!(comments(&merged), comments(FIREARMS));
    assert!(
        merged.ends_with(
            "    venue: Vienna\n\n  - number: 20\n    year: 2033\n    status: planned  # proposed by the Bureau\n"
        ),
        "{merged}"
    );
    common::workplan()
        .arg("check")
        .arg(repo.path("plan.yaml"))
        .assert()
        .code(0);
}

#[test]
fn moving_a_topic_while_another_postpones_the_same_meeting_merges() {
    // OURS postpones the 13th meeting; THEIRS swaps its fixed topic with the 14th's:
    // adjacent lines, so git's line merge alone conflicts; by meaning these are two
    // fields.
    let ours = |t: &str| {
        replace_once(
            t,
            "    year: 2026\n    status: planned\n",
            "    year: 2026\n    status: postponed\n",
        )
    };
    let theirs = |t: &str| {
        let t = replace_once(t, "    fixed: T4\n", "    fixed: T5-\n");
        let t = replace_once(&t, "    fixed: T5\n", "    fixed: T4\n");
        t.replace("T5-", "T5")
    };
    let plain = Repo::new();
    plain.branches(ours, theirs);
    assert!(
        !plain
            .git(&["merge", "--no-edit", "theirs"])
            .status
            .success()
    );

    let repo = Repo::new();
    repo.use_workplan();
    repo.branches(ours, theirs);
    repo.ok(&["merge", "--no-edit", "theirs"]);
    let merged = repo.read("plan.yaml");
    let m13 = meeting(&merged, 13);
    assert_eq!(m13.status, Status::Postponed);
    assert_eq!(m13.fixed.unwrap().as_str(), "T5");
    assert_eq!(meeting(&merged, 14).fixed.unwrap().as_str(), "T4");
    assert_eq!(comments(&merged), comments(FIREARMS));
}

#[test]
fn a_true_conflict_exits_1_names_the_field_and_leaves_a_loadable_file() {
    let venue = |v: &'static str| {
        move |t: &str| {
            replace_once(
                t,
                "    fixed: T4\n",
                &format!("    fixed: T4\n    venue: {v}\n"),
            )
        }
    };
    let repo = Repo::new();
    repo.use_workplan();
    repo.branches(venue("Vienna"), venue("New York"));
    let out = repo.git(&["merge", "--no-edit", "theirs"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("CONFLICT (content): Merge conflict in plan.yaml"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "plan.yaml: merge conflict: 13th meeting, venue: base none, ours \"Vienna\", theirs \"New York\"; ours kept"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("  theirs: The thirteenth meeting (2026) will be held in New York."),
        "{stderr}"
    );
    let merged = repo.read("plan.yaml");
    assert_eq!(meeting(&merged, 13).venue.as_deref(), Some("Vienna"));
    assert!(
        merged.contains("  # workplan merge conflict: 13th meeting, venue: ours \"Vienna\" kept here; theirs \"New York\" (base none)\n  - number: 13\n"),
        "{merged}"
    );
    assert!(!merged.contains("<<<<<<<"));
    // The file is marked conflicted until someone resolves it.
    assert!(repo.ok(&["status", "--porcelain"]).contains("UU plan.yaml"));
}

#[test]
fn the_driver_called_by_hand_exits_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let base = write("base.yaml", FIREARMS);
    let ours = write("ours.yaml", &venue_of_19th(FIREARMS));
    let theirs = write("theirs.yaml", &add_20th(FIREARMS));
    common::workplan()
        .arg("merge")
        .args([&base, &ours, &theirs])
        .assert()
        .code(0)
        .stderr("");
    // A file that does not load as a plan is merged as git would, line by line.
    let broken = write(
        "broken.yaml",
        &replace_once(FIREARMS, "\ntitle: ", "\ntitle: [ "),
    );
    common::workplan()
        .arg("merge")
        .args([&base, &ours, &broken])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "cannot merge by meaning; merged line by line (git merge-file)",
        ));
    let text = std::fs::read_to_string(&ours).unwrap();
    assert!(text.contains("\ntitle: [ Multi-year"), "{text}");
    assert!(
        text.contains("extended Bureau\n    venue: Vienna\n"),
        "{text}"
    );
    // Conflicting lines get git's markers, and status 1.
    let other = write("other.yaml", "version: 1\ntitle: [\n");
    common::workplan()
        .arg("merge")
        .args([&base, &ours, &other])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("with conflict markers"));
    assert!(
        std::fs::read_to_string(&ours)
            .unwrap()
            .contains("<<<<<<< ours")
    );
    // A file that is missing: nothing to merge, OURS untouched, status 2.
    let before = std::fs::read_to_string(&ours).unwrap();
    common::workplan()
        .arg("merge")
        .args([&base, &ours, &dir.path().join("missing.yaml")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("OURS left as it was"));
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), before);
}

#[test]
fn the_merge_reports_findings_it_introduces() {
    // THEIRS opens cluster 2's review in 2028; OURS holds the 15th meeting (T6,
    // articles 7 and 8) in 2027. Each alone is aligned; together T6 comes too early.
    let repo = Repo::new();
    repo.use_workplan();
    repo.branches(
        |t| {
            replace_once(
                t,
                "  - number: 15\n    year: 2028\n",
                "  - number: 15\n    year: 2027\n",
            )
        },
        |t| {
            replace_once(
                t,
                "review: { start: 2027, end: 2030 }",
                "review: { start: 2028, end: 2030 }",
            )
        },
    );
    let out = repo.git(&["merge", "--no-edit", "theirs"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[misaligned-early]: T6 is on the 15th meeting (2027)")
            && stderr.contains("(the merge introduces this)"),
        "{stderr}"
    );
}

fn diff_repo() -> Repo {
    let repo = Repo::new();
    repo.use_workplan();
    repo.write("plan.yaml", FIREARMS);
    repo.write("old.yaml", FIREARMS);
    repo.commit("the plan as adopted");
    repo.write(
        "plan.yaml",
        &replace_once(
            FIREARMS,
            "    fixed: T4\n",
            "    fixed: T4\n    venue: Vienna\n",
        ),
    );
    repo.write("new.yaml", include_str!("../../plans/example.yaml"));
    std::fs::remove_file(repo.path("old.yaml")).unwrap();
    repo.commit("amend");
    repo
}

#[test]
fn git_diff_prints_the_amendment_of_a_modified_plan() {
    let repo = diff_repo();
    let out = repo.ok(&["diff", "HEAD~1", "HEAD", "--", "plan.yaml"]);
    assert!(out.starts_with("workplan diff plan.yaml ("), "{out}");
    assert!(
        out.contains("Amendment: 1 change; 0 findings appear, 0 resolved"),
        "{out}"
    );
    assert!(
        out.contains("The thirteenth meeting (2026) will be held in Vienna."),
        "{out}"
    );
    // And in the history (git log runs external diffs only with --ext-diff).
    let log = repo.ok(&[
        "log",
        "-p",
        "--ext-diff",
        "--format=commit %s",
        "--",
        "plan.yaml",
    ]);
    assert!(log.contains("commit amend\n"), "{log}");
    assert!(
        log.contains("The thirteenth meeting (2026) will be held in Vienna."),
        "{log}"
    );
}

#[test]
fn git_diff_prints_the_amendment_of_an_added_and_a_deleted_plan() {
    let repo = diff_repo();
    let added = repo.ok(&["diff", "HEAD~1", "HEAD", "--", "new.yaml"]);
    assert!(
        added.starts_with("workplan diff new.yaml (plan added)\n"),
        "{added}"
    );
    assert!(added.contains(" added"), "{added}");
    let deleted = repo.ok(&["diff", "HEAD~1", "HEAD", "--", "old.yaml"]);
    assert!(
        deleted.starts_with("workplan diff old.yaml (plan deleted)\n"),
        "{deleted}"
    );
    assert!(
        deleted.contains("The nineteenth meeting (2032) is removed from the workplan."),
        "{deleted}"
    );
}

#[test]
fn diff_refuses_a_wrong_number_of_arguments() {
    common::workplan()
        .args(["diff", "a.yaml", "b.yaml", "c"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("seven arguments"));
}

/// True when pre-commit is missing and the test should stop here (see planner_tmux.rs).
fn without_pre_commit() -> bool {
    let present = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var_os("WORKPLAN_REQUIRE_TOOLS").is_none(),
            "pre-commit is not installed; .ci/run installs it"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit, or run .ci/run)");
    }
    !present
}

#[test]
fn the_pre_commit_hook_checks_the_plans_a_commit_changes() {
    if without_pre_commit() {
        return;
    }
    let repo = Repo::new();
    std::fs::create_dir(repo.path("plans")).unwrap();
    repo.write("plans/firearms.yaml", FIREARMS);
    repo.write(
        "plans/early.yaml",
        include_str!("../../plans/scenarios/cluster-2-early.yaml"),
    );
    repo.ok(&["add", "-A"]);
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let try_repo = |file: &str| {
        Command::new("pre-commit")
            .args([
                "try-repo",
                env!("CARGO_MANIFEST_DIR"),
                "workplan-check-system",
            ])
            .args(["--files", file])
            .current_dir(repo.dir.path())
            .env("PATH", &path)
            .env("HOME", repo.home.path())
            .env("PRE_COMMIT_HOME", repo.home.path().join("pre-commit"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("pre-commit runs")
    };
    let out = try_repo("plans/firearms.yaml");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("workplan check") && text.contains("Passed"),
        "{text}"
    );
    let out = try_repo("plans/early.yaml");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("error[misaligned-late]"), "{text}");
}

/// Three files in a temporary folder for the driver called by hand: BASE is the
/// Firearms plan; OURS and THEIRS are written by the test.
fn by_hand(ours: &str, theirs: &str) -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let paths = [
        write("base.yaml", FIREARMS),
        write("ours.yaml", ours),
        write("theirs.yaml", theirs),
    ];
    (dir, paths)
}

/// `workplan merge BASE OURS THEIRS` on the files of [`by_hand`], then `extra`.
fn drive(paths: &[PathBuf; 3], extra: &[&str]) -> Output {
    common::workplan()
        .arg("merge")
        .args(paths)
        .args(extra)
        .output()
        .unwrap()
}

/// The 13th meeting's venue, as a YAML double-quoted scalar (escapes allowed).
fn venue_of_13th(quoted: &str) -> String {
    replace_once(
        FIREARMS,
        "    fixed: T4\n",
        &format!("    fixed: T4\n    venue: \"{quoted}\"\n"),
    )
}

/// OSC 0 (set the window title), ended by BEL: what a stranger's venue may hold.
const RETITLE: &str = "\\e]0;owned\\a";

#[test]
fn nothing_the_driver_prints_reaches_the_terminal_as_a_control_sequence() {
    let (_dir, paths) = by_hand(&venue_of_13th("Vienna"), &venue_of_13th(RETITLE));
    let out = drive(&paths, &["--name", "plan\u{1b}]0;name\u{7}\n.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    // THEIRS' value and the name are still there to read, written out.
    assert!(
        stderr.contains(r#"theirs "\u{1b}]0;owned\u{7}""#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r"plan\u{1b}]0;name\u{7}\n.yaml: merge conflict: 13th meeting, venue"),
        "{stderr}"
    );
}

#[test]
fn theirs_value_with_a_control_character_is_written_escaped_in_the_comment() {
    let (_dir, paths) = by_hand(&venue_of_13th("Vienna"), &venue_of_13th(RETITLE));
    let out = drive(&paths, &[]);
    assert_eq!(out.status.code(), Some(1));
    let merged = std::fs::read_to_string(&paths[1]).unwrap();
    assert!(
        merged.contains(
            "  # workplan merge conflict: 13th meeting, venue: ours \"Vienna\" kept here; theirs \"\\u{1b}]0;owned\\u{7}\" (base none)\n  - number: 13\n"
        ),
        "{merged}"
    );
    assert_eq!(meeting(&merged, 13).venue.as_deref(), Some("Vienna"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("OURS' value kept and THEIRS' named in a comment beside it"),
        "{stderr}"
    );
}

#[test]
fn a_conflict_on_a_list_shows_both_sides_words_in_the_file_and_the_report() {
    let ask = |q: &str| {
        replace_once(
            FIREARMS,
            "    questions:\n      - heading: \"General\"\n",
            &format!("    questions:\n      - \"{q}\"\n      - heading: \"General\"\n"),
        )
    };
    let (_dir, paths) = by_hand(
        &ask("Which registers do States keep?"),
        &ask("Who audits the registers?"),
    );
    let out = drive(&paths, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let merged = std::fs::read_to_string(&paths[1]).unwrap();
    let comment = merged
        .lines()
        .find(|l| l.contains("# workplan merge conflict"))
        .unwrap_or_else(|| panic!("no conflict comment:\n{merged}"));
    for words in [
        "Which registers do States keep?",
        "Who audits the registers?",
    ] {
        assert!(stderr.contains(words), "{words}: {stderr}");
        assert!(comment.contains(words), "{words}: {comment}");
    }
}

#[test]
fn a_named_pipe_as_an_input_is_read_once() {
    let cases = [
        // A plan: merged by meaning.
        (add_20th(FIREARMS), "  - number: 20\n    year: 2033\n"),
        // No plan: merged line by line, from the bytes already read.
        (
            replace_once(FIREARMS, "\ntitle: ", "\ntitle: [ "),
            "\ntitle: [ Multi-year",
        ),
    ];
    for (which, (theirs_text, expected)) in cases.iter().enumerate() {
        for fifo_index in [0, 1, 2] {
            let (dir, paths) = by_hand(&venue_of_19th(FIREARMS), theirs_text);
            let fifo = &paths[fifo_index];
            let text = std::fs::read(fifo).unwrap();
            std::fs::remove_file(fifo).unwrap();
            let made = Command::new("mkfifo").arg(fifo).status().unwrap();
            assert!(made.success());
            // The other end of the pipe gives the text once, as git's would; OURS' then
            // reads the merged plan back.
            let other_end = {
                let fifo = fifo.clone();
                std::thread::spawn(move || {
                    use std::io::{Read as _, Write as _};
                    if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                        let _ = f.write_all(&text);
                    }
                    let mut back = String::new();
                    if fifo_index == 1 {
                        let _ = std::fs::File::open(&fifo)
                            .and_then(|mut f| f.read_to_string(&mut back));
                    }
                    back
                })
            };
            let args: Vec<String> = ["merge".to_owned()]
                .into_iter()
                .chain(paths.iter().map(|p| p.display().to_string()))
                .collect();
            let child = Command::new(BIN)
                .args(&args)
                .current_dir(dir.path())
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let shown: Vec<&str> = args.iter().map(String::as_str).collect();
            let (status, _, stderr) =
                common::finish(child, &shown, std::time::Duration::from_secs(20));
            assert_eq!(
                status.code(),
                Some(0),
                "case {which}, pipe {fifo_index}: {stderr}"
            );
            let back = other_end.join().unwrap();
            let merged = if fifo_index == 1 {
                back
            } else {
                std::fs::read_to_string(&paths[1]).unwrap()
            };
            assert!(
                merged.contains("extended Bureau\n    venue: Vienna\n"),
                "{merged}"
            );
            assert!(merged.contains(expected), "{merged}");
        }
    }
}

#[test]
fn an_input_over_the_size_limit_is_refused_before_any_fallback() {
    let padding = "# padding\n".repeat(4_000);
    let (_dir, paths) = by_hand(
        &venue_of_19th(FIREARMS),
        &format!("{}{padding}", add_20th(FIREARMS)),
    );
    let before = std::fs::read_to_string(&paths[1]).unwrap();
    let limit = (FIREARMS.len() + 1_000).to_string();
    let out = drive(&paths, &["--max-file-size", &limit]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(std::fs::read_to_string(&paths[1]).unwrap(), before);
    assert!(
        stderr.contains(&format!("over the limit of {limit} bytes")),
        "{stderr}"
    );
    assert!(stderr.contains("OURS left as it was"), "{stderr}");
    assert!(!stderr.contains("git merge-file"), "{stderr}");
}

/// `workplan realign --delay C4=-1 --allow-second-meeting` on `text`: T5 moves to a new
/// second meeting in 2026, numbered 14th, and every later meeting's number goes up by
/// one (the 15th meeting, in 2028, becomes the 16th).
fn realign_with_a_second_meeting(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, text).unwrap();
    let out = Command::new(BIN)
        .arg("realign")
        .arg(&plan)
        .args(["--delay", "C4=-1", "--allow-second-meeting", "-o"])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let realigned = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(meeting(&realigned, 16).year, 2028, "{realigned}");
    realigned
}

#[test]
fn a_venue_set_on_one_side_stays_on_its_meeting_when_the_other_renumbers_them() {
    let venue_of_15th = |t: &str| {
        replace_once(
            t,
            "    fixed: T6\n",
            "    fixed: T6\n    venue: Vienna, room M3\n",
        )
    };
    for realign_is_ours in [true, false] {
        let repo = Repo::new();
        repo.use_workplan();
        if realign_is_ours {
            repo.branches(realign_with_a_second_meeting, venue_of_15th);
        } else {
            repo.branches(venue_of_15th, realign_with_a_second_meeting);
        }
        let out = repo.git(&["merge", "--no-edit", "theirs"]);
        let merged = repo.read("plan.yaml");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let plan = parse(&merged).unwrap().plan;
        let with_venue: Vec<(u32, i32)> = plan
            .meetings
            .iter()
            .filter(|m| m.venue.as_deref() == Some("Vienna, room M3"))
            .map(|m| (m.number.get(), m.year))
            .collect();
        // The meeting of 2028 (the 15th before, the 16th now) and no other.
        assert_eq!(
            with_venue,
            [(16, 2028)],
            "ours realigned: {realign_is_ours}; {stderr}"
        );
        assert!(out.status.success(), "{stderr}");
        assert_eq!(
            plan,
            parse(&realign_with_a_second_meeting(&venue_of_15th(FIREARMS)))
                .unwrap()
                .plan
        );
    }
}
