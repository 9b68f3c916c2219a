//! `workplan dev`: hidden commands for tests and developers, not for users.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::exit;
use crate::plan::{Limits, load_file, save};

#[derive(Debug, Args)]
pub struct DevArgs {
    #[command(subcommand)]
    pub command: DevCommand,
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Saves PLAN over and over, alternating between it and a revised title, so a test
    /// can kill the process mid-save and check the file is never torn.
    SaveLoop {
        plan: PathBuf,
        /// Number of saves.
        #[arg(long, default_value_t = 100)]
        count: u64,
    },
}

pub fn run(args: &DevArgs, limits: Limits) -> anyhow::Result<u8> {
    match &args.command {
        DevCommand::SaveLoop { plan, count } => save_loop(plan, *count, limits),
    }
}

/// The revised version the save loop alternates with.
pub fn revised(plan: &crate::plan::Plan) -> crate::plan::Plan {
    let mut revised = plan.clone();
    revised.title.push_str(" (revised)");
    revised
}

fn save_loop(path: &Path, count: u64, limits: Limits) -> anyhow::Result<u8> {
    let (text, loaded) = load_file(path, limits)?;
    let original = loaded.plan;
    let revised = revised(&original);
    let revised_text = save::render(Some(&text), &revised)?.text;
    // Each save is given the text of the plan it saves, so rendering is a quick no-op
    // and the loop spends its time writing: where a kill can tear a file that is not
    // written atomically.
    let versions = [(revised_text, revised), (text, original)];
    let mut seen = save::fingerprint(path)?;
    // Tells a test that kills can now land inside saves.
    super::emit("saving\n")?;
    for i in 0..count {
        let (text, plan) = &versions[(i % 2) as usize];
        seen = save::save(path, Some(text), Some(&seen), plan)?.fingerprint;
    }
    Ok(exit::OK)
}
