//! Thin entry point: parse arguments, run the library, map the outcome to an exit status.

use std::process::ExitCode;

use clap::Parser;
use workplan::cli::{self, Cli, exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let limits = cli.limits.limits();
    let result = match cli.command {
        Some(command) => cli::run(command, limits),
        None => workplan::tui::run(cli.plan.as_deref(), limits),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A path from the command line can hold control characters too.
            eprintln!("workplan: {}", workplan::text::visible(&format!("{err:#}")));
            ExitCode::from(exit::UNREADABLE)
        }
    }
}
