//! Thin entry point: parse arguments, run the planner or a command, and let
//! [`workplan::exit::finish`] turn the outcome into the message and the exit status.

// As in `src/lib.rs`: output goes through `cli`, which survives a closed stream.
#![deny(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::process::ExitCode;

use workplan::{cli, exit, tui};

fn main() -> ExitCode {
    let cli = cli::parse();
    let result = match cli.command {
        // `show` draws with the planner's views and `keys` lists its key map: `cli` is
        // handed both, so that it does not depend on `tui`.
        Some(command) => cli::run(command, tui::show::for_stdout, tui::listing::listing),
        None => tui::run(cli.plan.as_deref(), cli.limits.limits()),
    };
    ExitCode::from(exit::finish(result))
}
