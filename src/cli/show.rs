use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{emit_text, exit};
use crate::plan::{Limits, load_file};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Plan file to show.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
}

/// Prints the timeline and the meetings table: plain text, never escape codes.
pub fn run(args: &ShowArgs, limits: Limits) -> anyhow::Result<u8> {
    match load_file(&args.plan, limits) {
        Ok((_, loaded)) => {
            // A terminal limits the width; a pipe gets the same text whatever its reader.
            let width = if std::io::stdout().is_terminal() {
                Some(crate::tui::show::terminal_width().unwrap_or(120))
            } else {
                None
            };
            emit_text(&crate::tui::show::render(loaded.plan, width))?;
            Ok(exit::OK)
        }
        Err(err) => {
            eprint!("{}", super::check::load_error_text(&args.plan, &err));
            Ok(exit::UNREADABLE)
        }
    }
}
