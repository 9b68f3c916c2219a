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
