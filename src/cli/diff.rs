use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{binary_refusal, emit_bytes, emit_text};
use crate::diff::diff;
use crate::exit::{self, Error};
use crate::plan::Limits;
use crate::plan::save::{Written, refuse_onto_plan};
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
    #[arg(long, value_parser = super::choice::<DiffFormat>(), default_value = <&str>::from(DiffFormat::Text))]
    pub format: DiffFormat,
    /// Write to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// git's external-diff calling convention (`diff.workplan.command`): OLD is then the
    /// plan's path and NEW the old file, followed by OLD-HEX OLD-MODE NEW-FILE NEW-HEX
    /// NEW-MODE; `/dev/null` for an added or deleted plan. See docs/teams.md.
    #[arg(value_name = "GIT_ARGS", num_args = 0.., hide = true)]
    pub git: Vec<PathBuf>,
}

pub use crate::diff::Format as DiffFormat;

/// Exit 0 when the plans are equal, 1 when they differ, 2 when either is unreadable.
pub fn run(args: &DiffArgs, limits: Limits) -> Result<u8, Error> {
    let git = git_call(args).map_err(Error::Refused)?;
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
        match exit::open_or_report(path, limits) {
            Some(opened) => plans.push(opened.loaded.plan),
            None => unreadable = true,
        }
    }
    let [old, new] = match <[_; 2]>::try_from(plans) {
        Ok(pair) if !unreadable => pair,
        // git stops `git log -p` at an external diff that fails: go on past a broken
        // revision (the error is printed above).
        _ if git.is_some() => return Ok(exit::OK),
        _ => return Ok(exit::UNREADABLE),
    };
    // The versions as the command line gave them, named at the top of the amendment.
    let (old_name, new_name) = match &git {
        Some(g) => g.names(),
        None => (
            args.old.display().to_string(),
            args.new.display().to_string(),
        ),
    };
    let amendment = diff(&old, &new).named(old_name, new_name);
    let out = amendment.render(args.format).map_err(anyhow::Error::msg)?;
    if let Some(g) = &git {
        // git takes any status but 0 from an external diff as a failure.
        emit_text(&g.header())?;
        emit_text(&String::from_utf8_lossy(&out))?;
        return Ok(exit::OK);
    }
    write_diff(args, &out)?;
    Ok(if amendment.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

/// Writes the amendment to `-o FILE` or standard output; refuses a Word document for a
/// terminal.
fn write_diff(args: &DiffArgs, out: &[u8]) -> Result<(), Error> {
    let Some(path) = &args.output else {
        if args.format == DiffFormat::Docx
            && let Some(refusal) = binary_refusal(args.format, std::io::stdout().is_terminal())
        {
            return Err(Error::Refused(format!("workplan: {refusal}")));
        }
        // Text and Markdown on standard output are read on a terminal: control
        // characters from the plans are written out there, kept exact in a file.
        match args.format {
            DiffFormat::Text | DiffFormat::Md => emit_text(&String::from_utf8_lossy(out))?,
            DiffFormat::Json | DiffFormat::Docx => emit_bytes(out)?,
        }
        return Ok(());
    };
    refuse_onto_plan(path, &[&args.old, &args.new], Written::Amendment)
        .map_err(anyhow::Error::from)?;
    // Checked first: the rename would otherwise fail naming the temporary file.
    if path.is_dir() {
        return Err(anyhow::anyhow!(
            "cannot write {}: it is a folder, not a file; give a file name, e.g. {}",
            path.display(),
            path.join(format!("amendment.{}", args.format)).display()
        )
        .into());
    }
    crate::plan::save::write_atomic(path, out)?;
    Ok(())
}
