use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::{binary_refusal, emit, emit_bytes};
use crate::check::check_located;
use crate::exit::{self, Error};
use crate::export::{Format, Options, PreviousCalendar, render_with};
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
    /// The calendar last published (ics): an event that differs from it gets the next
    /// SEQUENCE, so calendars that re-import the file take the change (docs/exports.md).
    #[arg(long, value_name = "ICS")]
    pub previous: Option<PathBuf>,
}

pub fn run(args: &ExportArgs, limits: Limits) -> Result<u8, Error> {
    let loaded = exit::open(&args.plan, limits)?.loaded;
    let findings = check_located(&loaded.plan, &loaded.source);
    let previous = match &args.previous {
        Some(path) if args.format == Format::Ics => Some(read_previous(path, limits)?),
        Some(_) => {
            return Err(Error::Refused(
                "workplan: --previous is the calendar last published; it applies to --format ics only".into(),
            ));
        }
        None => None,
    };
    let options = Options {
        notes: args.notes,
        bom: args.bom,
        previous: previous.as_ref(),
    };
    let export =
        render_with(&loaded.plan, &findings, args.format, options).map_err(anyhow::Error::from)?;
    for s in &export.skipped {
        eprintln_text!("workplan: skipped {s}");
    }
    match &args.output {
        None if args.format.is_binary() => {
            if let Some(refusal) = binary_refusal(args.format, std::io::stdout().is_terminal()) {
                return Err(Error::Refused(format!("workplan: {refusal}")));
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

/// The calendar last published, read within the plan's size limit: text that is no
/// calendar (or not UTF-8) gives no event to count from, and every SEQUENCE starts at 0.
fn read_previous(path: &std::path::Path, limits: Limits) -> Result<PreviousCalendar, Error> {
    use crate::plan::fsio::{Bounded, read_bounded};
    let read = || -> std::io::Result<Bounded> {
        let mut file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        read_bounded(&mut file, &meta, limits.max_file_bytes)
    };
    match read() {
        Ok(Bounded::Read(bytes)) => Ok(PreviousCalendar::parse(&String::from_utf8_lossy(&bytes))),
        Ok(Bounded::TooLarge(size)) => Err(anyhow::anyhow!(
            "cannot read the previous calendar {}: {size} bytes is over the limit of {}",
            path.display(),
            limits.max_file_bytes
        )
        .into()),
        Err(e) => {
            Err(anyhow::anyhow!("cannot read the previous calendar {}: {e}", path.display()).into())
        }
    }
}
