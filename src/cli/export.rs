use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

use super::{check::load_error_text, emit, exit};
use crate::check::check_located;
use crate::export::{Format, render};
use crate::plan::{Limits, load_file};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Plan file to export.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ExportArgs, limits: Limits) -> anyhow::Result<u8> {
    let loaded = match load_file(&args.plan, limits) {
        Ok((_, loaded)) => loaded,
        Err(err) => {
            eprint!("{}", load_error_text(&args.plan, &err));
            return Ok(exit::UNREADABLE);
        }
    };
    let findings = check_located(&loaded.plan, &loaded.source);
    let export = render(&loaded.plan, &findings, args.format)?;
    for s in &export.skipped {
        eprintln!("workplan: skipped {s}");
    }
    match &args.output {
        None => emit(&export.text)?,
        Some(path) => {
            if is_same_file(path, &args.plan) {
                eprintln!(
                    "workplan: cannot write {}: it is the plan being exported; give the export another name",
                    path.display()
                );
                return Ok(exit::UNREADABLE);
            }
            write_atomically(path, export.text.as_bytes())?
        }
    }
    Ok(exit::OK)
}

/// Both paths name one existing file (through `.`, `..` or symlinks too).
fn is_same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes through a temporary file in the same directory, then renames it over `path`:
/// a reader (or a crash) never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Checked first: the OS errors below would name the temporary file, not these.
    if path.is_dir() {
        anyhow::bail!(
            "cannot write {}: it is a folder, not a file; give a file name, e.g. {}",
            path.display(),
            path.join("plan.html").display()
        );
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the folder {} does not exist; create it or write elsewhere",
            path.display(),
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    // A temporary file is private (0600); an export is meant to be shared, so it keeps
    // the permissions of the file it replaces, or gets the usual ones for a new file.
    if let Some(perms) = target_permissions(path) {
        builder.permissions(perms);
    }
    let mut tmp = builder.tempfile_in(dir).with_context(|| {
        format!(
            "cannot write {}: cannot create a file in {}; check that the directory exists and is writable",
            path.display(),
            dir.display()
        )
    })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

fn target_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
