use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{check::load_error_text, emit, exit};
use crate::diff::diff;
use crate::plan::{Limits, load_file};
use git::{empty_plan, git_call, is_absent};

mod git;

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
    /// git's external-diff calling convention (`diff.workplan.command`): OLD is then the
    /// plan's path and NEW the old file, followed by OLD-HEX OLD-MODE NEW-FILE NEW-HEX
    /// NEW-MODE; `/dev/null` for an added or deleted plan. See docs/teams.md.
    #[arg(value_name = "GIT_ARGS", num_args = 0.., hide = true)]
    pub git: Vec<PathBuf>,
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
    let git = match git_call(args) {
        Ok(git) => git,
        Err(message) => {
            eprintln!("{message}");
            return Ok(exit::UNREADABLE);
        }
    };
    let (old_path, new_path) = git
        .as_ref()
        .map_or((&args.old, &args.new), |g| (g.old, g.new));
    let mut plans = Vec::with_capacity(2);
    let mut unreadable = false;
    for path in [old_path, new_path] {
        if git.is_some() && is_absent(path) {
            plans.push(empty_plan());
            continue;
        }
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
        // git stops `git log -p` at an external diff that fails: go on past a broken
        // revision (the error is printed above).
        _ if git.is_some() => return Ok(exit::OK),
        _ => return Ok(exit::UNREADABLE),
    };
    let amendment = diff(&old, &new);
    let out = match args.format {
        DiffFormat::Text => amendment.render_text(),
        DiffFormat::Md => amendment.render_md(),
        DiffFormat::Json => format!("{}\n", serde_json::to_string_pretty(&amendment)?),
    };
    if let Some(g) = &git {
        emit(&g.header())?;
    }
    emit(&out)?;
    // git takes any status but 0 from an external diff as a failure.
    if git.is_some() {
        return Ok(exit::OK);
    }
    Ok(if amendment.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}
