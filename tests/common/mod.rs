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
