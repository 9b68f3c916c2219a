//! Bad, hostile and huge inputs through the real binary (`workplan check`): the exit
//! status, the finding code, the line the message names, and that nothing panics, runs
//! away or balloons.
//!
//! The committed corpus is described in tests/corpus/manifest.json; the inputs too big
//! to commit (a 10 MB plan, alias bombs, 100,000 levels of nesting) are generated here.
//!
//! Every run is under `prlimit`: 200 MiB of address space (an allocation past it fails
//! and the process aborts, which fails the test) and one second of CPU time (SIGXCPU
//! kills a runaway loop whatever the machine's load). A wall-clock kill-switch catches
//! anything that blocks without using CPU. None of these is a performance assertion.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;

const MAX_ADDRESS_SPACE: u64 = 200 * 1024 * 1024;
const WALL_CLOCK_KILL: Duration = Duration::from_secs(10);

/// Children run one at a time so that they do not compete for the CPU budget's cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[derive(Debug, Deserialize)]
struct Case {
    file: String,
    what: String,
    status: i32,
    code: Option<String>,
    line: Option<u32>,
    message: Option<String>,
}

struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `workplan ARGS` in `dir` under the memory and CPU limits.
fn run_limited(dir: &Path, args: &[&str]) -> Outcome {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let child = Command::new("prlimit")
        .arg(format!("--as={MAX_ADDRESS_SPACE}"))
        .arg("--cpu=1")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) is needed to run the corpus under limits");
    let (status, stdout, stderr) = common::finish(child, args, WALL_CLOCK_KILL);
    let status = {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            panic!(
                "workplan {args:?} was killed by signal {signal} ({}); stderr: {stderr}",
                match signal {
                    24 => "SIGXCPU: over one second of CPU",
                    6 => "SIGABRT: likely an allocation over 200 MiB",
                    9 => "SIGKILL",
                    11 => "SIGSEGV: likely a stack overflow",
                    _ => "unexpected",
                }
            );
        }
        status.code()
    };
    Outcome {
        status,
        stdout,
        stderr,
    }
}

/// Checks one input: status, no panic, and (where given) a finding with the code on the
/// line, its message containing the expected words.
fn assert_case(dir: &Path, file: &str, expect: &Case) {
    let out = run_limited(dir, &["check", file]);
    let context = format!(
        "{file} ({}):\nstdout: {}\nstderr: {}",
        expect.what,
        out.stdout.chars().take(2000).collect::<String>(),
        out.stderr
    );
    assert_ne!(out.status, Some(101), "panicked: {context}");
    // Whatever is wrong with the file, the message speaks of the plan, not of Rust.
    common::assert_no_leak(file, &out.stdout);
    common::assert_no_leak(file, &out.stderr);
    assert!(!out.stderr.contains("panicked"), "panicked: {context}");
    assert_eq!(out.status, Some(expect.status), "exit status of {context}");
    match &expect.code {
        Some(code) => {
            let position = match expect.line {
                Some(line) => format!("{file}:{line}:"),
                None => format!("{file}: "),
            };
            let found = out.stdout.lines().any(|l| {
                l.starts_with(&position)
                    && l.contains(&format!("[{code}]"))
                    && expect.message.as_deref().is_none_or(|m| l.contains(m))
            });
            assert!(
                found,
                "no [{code}] finding at `{position}` with {:?} in {context}",
                expect.message
            );
        }
        None => assert!(
            !out.stdout.contains("error["),
            "expected to load without errors: {context}"
        ),
    }
}

fn corpus_dir() -> PathBuf {
    common::root().join("tests/corpus")
}

#[test]
fn corpus_of_bad_inputs() {
    let dir = corpus_dir();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    let cases: Vec<Case> = serde_json::from_str(&manifest).expect("manifest is valid JSON");
    assert!(cases.len() >= 40, "the corpus has {} inputs", cases.len());

    let mut listed: Vec<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    listed.sort_unstable();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.json")
        .collect();
    on_disk.sort_unstable();
    assert_eq!(listed, on_disk, "every corpus file has one manifest entry");

    for case in &cases {
        assert!(!case.what.is_empty(), "{}: say what it is", case.file);
        assert!(
            case.status != 2 || case.code.as_deref() == Some("parse"),
            "{}: an unreadable file reports `parse`",
            case.file
        );
        assert_case(&dir, &case.file, case);
    }
}

fn expect(status: i32, code: Option<&str>, line: Option<u32>, message: Option<&str>) -> Case {
    Case {
        file: String::new(),
        what: "generated".into(),
        status,
        code: code.map(str::to_owned),
        line,
        message: message.map(str::to_owned),
    }
}

fn generated(name: &str, text: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), text).expect("write");
    (dir, name.to_owned())
}

#[test]
fn ten_megabyte_plan_loads() {
    let mut text = String::from(
        "version: 1\ntitle: A very large plan\nfixed_topics:\n  - id: T1\n    title: t\n    articles: [3]\nmeetings:\n",
    );
    let note = "lorem ipsum dolor sit amet ".repeat(400);
    let mut number = 1;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "  - number: {number}\n    year: {}\n    status: held\n    agenda:\n      - \"Item {number}\"\n    note: \"{note}\"\n",
            1000 + number
        ));
        number += 1;
    }
    let (dir, file) = generated("ten-megabytes.yaml", text.as_bytes());
    assert_case(dir.path(), &file, &expect(0, None, None, None));
}

#[test]
fn billion_laughs_is_stopped_by_the_alias_expansion_limit() {
    let mut text = String::from(
        "version: 1\ntitle: T\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
    }
    let (dir, file) = generated("laughs.yaml", text.as_bytes());
    let message = "aliases (`*name`) expand to more than 100000 values";
    assert_case(
        dir.path(),
        &file,
        &expect(2, Some("parse"), Some(3), Some(message)),
    );
}

#[test]
fn many_aliases_are_stopped_by_the_alias_count_limit() {
    let mut text =
        String::from("version: 1\ntitle: T\nmeetings:\n  - &m {number: 1, year: 2020}\n");
    text.push_str(&"  - *m\n".repeat(10_001));
    let (dir, file) = generated("aliases.yaml", text.as_bytes());
    let message = "the plan expands more than 10000 aliases";
    assert_case(
        dir.path(),
        &file,
        &expect(2, Some("parse"), Some(10_005), Some(message)),
    );
}

#[test]
fn a_hundred_thousand_levels_of_nesting_are_refused() {
    let depth = 100_000;
    let flow = format!(
        "version: 1\ntitle: T\nbody: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let block = format!(
        "version: 1\ntitle: T\nmeetings:\n  {}x\n",
        "- ".repeat(depth)
    );
    let message = "the plan nests deeper than 64 levels";
    for (name, text) in [("flow.yaml", flow), ("block.yaml", block)] {
        let (dir, file) = generated(name, text.as_bytes());
        let line = if name == "flow.yaml" { 3 } else { 4 };
        assert_case(
            dir.path(),
            &file,
            &expect(2, Some("parse"), Some(line), Some(message)),
        );
    }
}

#[test]
fn file_size_limit_is_enforced_with_its_own_message() {
    let root = common::root();
    let out = run_limited(
        &root,
        &["check", "--max-file-size", "1000", "plans/firearms.yaml"],
    );
    assert_eq!(out.status, Some(2), "{}", out.stdout);
    assert!(
        out.stdout.contains("over the limit of 1000 bytes")
            && out.stdout.contains("raise the limit with --max-file-size"),
        "{}",
        out.stdout
    );
    // Raising the limit lets it through.
    let size = std::fs::metadata(root.join("plans/firearms.yaml"))
        .expect("plan")
        .len();
    let limit = size.to_string();
    let out = run_limited(
        &root,
        &["check", "--max-file-size", &limit, "plans/firearms.yaml"],
    );
    assert_eq!(out.status, Some(0), "{}", out.stdout);
}

#[test]
fn endless_device_is_refused_at_the_size_limit() {
    let out = run_limited(Path::new("/"), &["check", "/dev/zero"]);
    assert_eq!(out.status, Some(2), "{}", out.stdout);
    assert!(
        out.stdout.contains("over the limit of 67108864 bytes"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_directory_is_not_a_plan() {
    let out = run_limited(&common::root(), &["check", "tests"]);
    assert_eq!(out.status, Some(2), "{}", out.stdout);
    assert!(out.stdout.contains("it is a directory"), "{}", out.stdout);
}
