//! Hidden developer commands: not part of the interface, may change without notice.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{emit, exit};
use crate::plan::{Limits, Plan, canonical, save, synth};

#[derive(Debug, Args)]
pub struct DevArgs {
    #[command(subcommand)]
    pub command: DevCommand,
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Print a synthetic plan of the given size (for benchmarks and stress tests).
    Gen {
        #[arg(long, default_value_t = 1000)]
        meetings: usize,
        /// Fixed topics (default: as many as meetings, less a tenth of history).
        #[arg(long)]
        topics: Option<usize>,
    },
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
        DevCommand::Gen { meetings, topics } => {
            let topics = topics.unwrap_or(meetings - meetings / 10);
            let plan = synth::generate(synth::Spec {
                meetings: *meetings,
                topics,
            });
            emit(&canonical::to_yaml(&plan)?)?;
            Ok(exit::OK)
        }
        DevCommand::SaveLoop { plan, count } => save_loop(plan, *count, limits),
    }
}

/// The revised version the save loop alternates with.
fn revised(plan: &Plan) -> Plan {
    let mut revised = plan.clone();
    revised.title.push_str(" (revised)");
    revised
}

fn save_loop(path: &Path, count: u64, limits: Limits) -> anyhow::Result<u8> {
    let crate::exit::Opened {
        text,
        loaded,
        fingerprint: seen,
        ..
    } = crate::exit::open(path, limits)?;
    let original = loaded.plan;
    let revised = revised(&original);
    let revised_text = save::render(Some(&text), &revised)?.text;
    // Each save is given the text of the plan it saves, so rendering is a quick no-op
    // and the loop spends its time writing, where a kill could tear a file that is not
    // replaced atomically.
    let versions = [(revised_text, revised), (text, original)];
    let mut seen = seen.ok_or_else(|| anyhow::anyhow!("{}: not a regular file", path.display()))?;
    // Tells a test that kills can now land inside saves.
    emit("saving\n")?;
    for i in 0..count {
        let (text, plan) = &versions[(i % 2) as usize];
        seen = save::save(path, Some(text), Some(&seen), plan)?.fingerprint;
    }
    Ok(exit::OK)
}
