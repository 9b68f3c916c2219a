//! Helpers shared by the integration tests: the real binary, run in a clean environment.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// The built `workplan` binary with an environment that cannot change its output.
pub fn workplan() -> Command {
    let mut cmd = Command::cargo_bin("workplan").expect("binary built");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .current_dir(root());
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/codes/{name}.yaml")
}

/// Words that show the implementation rather than speak to the user: a Rust type or
/// path, a crate's name, an OS error number standing in for a reason, a panic.
pub const LEAKS: &[&str] = &[
    "os error",
    "Option<",
    "Vec<",
    "String>",
    "std::",
    "serde",
    "saphyr",
    "yaml_edit",
    "yaml-edit",
    "anyhow",
    "ratatui",
    "crossterm",
    "weak recursion",
    "panicked",
    "RUST_BACKTRACE",
    "u32",
    "i32",
    "u64",
    "usize",
    "MeetingNumber",
];

/// Fails when `text` (a message workplan printed) leaks its implementation.
pub fn assert_no_leak(what: &str, text: &str) {
    for leak in LEAKS {
        assert!(
            !text.contains(leak),
            "{what}: the message names `{leak}`, which means nothing to a user:\n{text}"
        );
    }
}

/// Waits for a spawned `workplan` (stdout and stderr piped), reading both streams as it
/// runs so a full pipe cannot block it; kills it and fails the test after `kill_after`.
/// Returns its status and what it wrote.
pub fn finish(
    mut child: std::process::Child,
    args: &[&str],
    kill_after: std::time::Duration,
) -> (std::process::ExitStatus, String, String) {
    use std::io::Read;
    let reader = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut s);
            }
            s
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > kill_after {
            let _ = child.kill();
            let _ = child.wait();
            panic!("workplan {args:?} hung: killed after {kill_after:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let text = |h: std::thread::JoinHandle<Vec<u8>>| {
        String::from_utf8_lossy(&h.join().unwrap_or_default()).into_owned()
    };
    (status, text(out), text(err))
}

/// A plan of `topics` fixed topics (the last made of a cross-cutting article) on the
/// first of `meetings` yearly meetings from 2000, reviewed by one cluster from 2000 to
/// `review_end`. With `out_of_order`, the topic before the cross-cutting one is reviewed
/// only in 2000-2001 (by a second cluster), so keeping the order fails. Large shapes
/// for the realignment's solvers (issue 22).
pub fn topics_over_meetings(
    topics: usize,
    meetings: usize,
    review_end: i32,
    out_of_order: bool,
) -> String {
    let in_c1 = if out_of_order { topics - 2 } else { topics - 1 };
    let articles: Vec<String> = (1..=in_c1).map(|a| a.to_string()).collect();
    let mut text = format!(
        "version: 1\ntitle: Topics over meetings\nclusters:\n\
         \x20 - {{ id: C1, review: {{ start: 2000, end: {review_end} }}, articles: [{}] }}\n",
        articles.join(", ")
    );
    if out_of_order {
        text.push_str(&format!(
            "  - {{ id: C2, review: {{ start: 2000, end: 2001 }}, articles: [{}] }}\n",
            topics - 1
        ));
    }
    text.push_str("cross_cutting_articles: [100000]\nfixed_topics:\n");
    for t in 1..=topics {
        let article = if t == topics { 100_000 } else { t };
        text.push_str(&format!(
            "  - {{ id: T{t}, title: Topic {t}, articles: [{article}] }}\n"
        ));
    }
    text.push_str("meetings:\n");
    for m in 1..=meetings {
        let fixed = if m <= topics {
            format!(", fixed: T{m}")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  - {{ number: {m}, year: {}{fixed} }}\n",
            1999 + m
        ));
    }
    text
}

/// The `--format` names of every export, from the crate's own list (`Format::ALL`): a
/// new format joins the tests that use this without a list kept by hand.
pub fn formats() -> Vec<&'static str> {
    workplan::export::Format::ALL
        .iter()
        .map(|f| f.as_str())
        .collect()
}

/// [`formats`] that write text (not a Word or Excel file), for tests that read the
/// output as text.
pub fn text_formats() -> Vec<&'static str> {
    workplan::export::Format::ALL
        .iter()
        .filter(|f| !f.is_binary())
        .map(|f| f.as_str())
        .collect()
}
