//! Hidden developer commands: not part of the interface, may change without notice.

use clap::{Args, Subcommand};

use super::{emit, exit};
use crate::plan::{canonical, synth};

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
}

pub fn run(args: &DevArgs) -> anyhow::Result<u8> {
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
    }
}
