//! Thin entry point: parse arguments, run the library, map the outcome to an exit status.

use std::process::ExitCode;

use workplan::cli::{self, exit};

fn main() -> ExitCode {
    let cli = cli::parse();
    let result = match cli.command {
        Some(command) => cli::run(command),
        None => workplan::tui::run(cli.plan.as_deref(), cli.limits.limits()),
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
