//! The command line: clap definitions and one file per subcommand, over the core.

pub(crate) mod check;
mod dev;
mod diff;
mod export;
mod merge;
mod realign;
mod schema;
mod show;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::plan::Limits;

/// Exit statuses, an interface scripts and CI rely on.
pub mod exit {
    /// No error findings (warnings allowed).
    pub const OK: u8 = 0;
    /// At least one error finding (or a warning under `--deny warnings`); plans differ.
    pub const FINDINGS: u8 = 1;
    /// A file could not be read or parsed.
    pub const UNREADABLE: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(
    name = "workplan",
    version,
    about = "Plan and check the multi-year workplan of an intergovernmental working group",
    long_about = "Plan and check the multi-year workplan of an intergovernmental working group \
against the review-cluster timelines of its review mechanism.\n\n\
With no subcommand, opens the interactive planner on PLAN (or on the bundled \
Firearms workplan when PLAN is left out).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Plan file to open in the planner (default: the bundled Firearms workplan).
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LimitArgs {
    /// Refuse plan files larger than this many bytes.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    pub max_file_size: u64,
}

impl LimitArgs {
    pub fn limits(self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_size,
            ..Limits::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files against the review-cluster timelines and report findings.
    Check(check::CheckArgs),
    /// Print the JSON Schema of the plan file format.
    Schema,
    /// List what changed between two versions of a plan (the amendment for the Bureau).
    Diff(diff::DiffArgs),
    /// Export a plan as Markdown, CSV, JSON, iCalendar, HTML, Mermaid or YAML.
    Export(export::ExportArgs),
    /// Shift review windows (what-if delays) and propose the optimal realigned plan.
    Realign(realign::RealignArgs),
    /// Developer and test tools (synthetic plans, stress helpers, the save loop).
    #[command(hide = true)]
    Dev(dev::DevArgs),
    /// Print the timeline and the meetings table of a plan as plain text.
    Show(show::ShowArgs),
    /// Three-way merge of plans by meaning, usable as a git merge driver (docs/teams.md).
    Merge(merge::MergeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Treat warnings as errors for the exit status.
    Warnings,
}

/// Runs a subcommand; returns the process exit status.
pub fn run(command: Command, limits: Limits) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => check::run(&args, limits),
        Command::Schema => schema::run(),
        Command::Diff(args) => diff::run(&args, limits),
        Command::Export(args) => export::run(&args, limits),
        Command::Realign(args) => realign::run(&args, limits),
        Command::Dev(args) => dev::run(&args, limits),
        Command::Show(args) => show::run(&args, limits),
        Command::Merge(args) => merge::run(&args, limits),
    }
}

/// Writes to stdout, treating a closed pipe (`workplan check | head`) as success.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
