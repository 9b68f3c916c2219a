use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{binary_refusal, emit, emit_bytes};
use crate::check::check_located;
use crate::exit::{self, Error};
use crate::export::{Format, Options, render_with};
use crate::plan::Limits;
use crate::plan::save::{Written, refuse_onto_plan};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Plan file to export.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Output format.
    #[arg(long, value_parser = super::choice::<Format>())]
    pub format: Format,
    /// Write to FILE instead of standard output (a file is replaced atomically; a device
    /// or pipe such as /dev/stdout is written to).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Put the meetings' notes into the calendar (ics); left out by default.
    #[arg(long)]
    pub notes: bool,
    /// Start the CSV with a UTF-8 byte-order mark, which Excel needs to read it as
    /// UTF-8 (csv); left out by default, as most other readers expect.
    #[arg(long)]
    pub bom: bool,
}

pub fn run(args: &ExportArgs, limits: Limits) -> Result<u8, Error> {
    let loaded = exit::open(&args.plan, limits)?.loaded;
    let findings = check_located(&loaded.plan, &loaded.source);
    let options = Options {
        notes: args.notes,
        bom: args.bom,
    };
    let export =
        render_with(&loaded.plan, &findings, args.format, options).map_err(anyhow::Error::from)?;
    for s in &export.skipped {
        eprintln_text!("workplan: skipped {s}");
    }
    match &args.output {
        None if args.format.is_binary() => {
            if let Some(refusal) = binary_refusal(args.format, std::io::stdout().is_terminal()) {
                eprintln_text!("workplan: {refusal}");
                return Ok(exit::UNREADABLE);
            }
            emit_bytes(export.bytes())?
        }
        None => emit(&export.text)?,
        Some(path) => {
            refuse_onto_plan(path, &[&args.plan], Written::Export).map_err(anyhow::Error::from)?;
            // Checked first: the rename would otherwise fail naming the temporary file.
            if path.is_dir() {
                return Err(anyhow::anyhow!(
                    "cannot write {}: it is a folder, not a file; give a file name, e.g. {}",
                    path.display(),
                    path.join(format!("plan.{}", args.format.extension()))
                        .display()
                )
                .into());
            }
            crate::plan::save::write_atomic(path, export.bytes())?
        }
    }
    Ok(exit::OK)
}
