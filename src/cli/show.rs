use std::path::PathBuf;

use clap::Args;

use super::{Draw, emit_text};
use crate::exit::{self, Error};
use crate::plan::Limits;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Plan file to show.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
}

/// Prints the timeline and the meetings table: plain text, never escape codes.
pub fn run(args: &ShowArgs, limits: Limits, draw: Draw) -> Result<u8, Error> {
    let opened = exit::open(&args.plan, limits)?;
    emit_text(&draw(opened.loaded.plan))?;
    Ok(exit::OK)
}
