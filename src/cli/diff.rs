use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{check::load_error_text, emit, emit_text, exit};
use crate::diff::diff;
use crate::plan::{Limits, load_file};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The plan as adopted.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The plan as proposed.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per change.
    Text,
    /// The amendment table for the Bureau.
    Md,
    /// Every change with stable field names (see README).
    Json,
}

/// Exit 0 when the plans are equal, 1 when they differ, 2 when either is unreadable.
pub fn run(args: &DiffArgs, limits: Limits) -> anyhow::Result<u8> {
    let mut plans = Vec::with_capacity(2);
    let mut unreadable = false;
    for path in [&args.old, &args.new] {
        match load_file(path, limits) {
            Ok((_, loaded)) => plans.push(loaded.plan),
            Err(err) => {
                eprint!("{}", load_error_text(path, &err));
                unreadable = true;
            }
        }
    }
    let [old, new] = match <[_; 2]>::try_from(plans) {
        Ok(pair) if !unreadable => pair,
        _ => return Ok(exit::UNREADABLE),
    };
    let amendment = diff(&old, &new);
    match args.format {
        DiffFormat::Text => emit_text(&amendment.render_text())?,
        DiffFormat::Md => emit_text(&amendment.render_md())?,
        DiffFormat::Json => emit(&format!("{}\n", serde_json::to_string_pretty(&amendment)?))?,
    }
    Ok(if amendment.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}
