//! `workplan`: multi-year workplans of intergovernmental bodies, checked against the
//! review-cluster timelines.
//!
//! The core (`plan`, `check`) knows nothing of terminals; `tui` is the only module that
//! touches ratatui or crossterm.
#![forbid(unsafe_code)]
// `print!` and `eprint!` panic on a closed stream (`workplan check | head`): every byte
// a command shows goes through `src/cli/out.rs`, which ends quietly there. `unwrap`,
// `expect` and `panic!` would turn a surprise into exit 101 and a Rust backtrace. Test
// code may use all five (`clippy.toml`).
#![deny(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

pub mod check;
pub mod cli;
pub mod diff;
pub mod edit;
pub mod exit;
pub mod export;
pub mod merge;
pub mod plan;
pub mod realign;
pub mod text;
pub mod textfmt;
pub mod tui;
mod word;
