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
