//! `workplan merge BASE OURS THEIRS`: the three-way merge by meaning, as a git merge
//! driver (`git config merge.workplan.driver "workplan merge %O %A %B"`).
//!
//! It runs inside someone else's `git merge`, on files from a stranger's branch: each
//! input is read once, through the bounded reader (a named pipe gives its text only
//! once; an input over `--max-file-size` is refused before anything reads it whole),
//! and every text it prints, the plan's name included, goes through `crate::text`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::exit::{self, Error};
use crate::merge::{Merged, Placed, annotate, carry_comments, locate_introduced, merge};
use crate::plan::Limits;
use crate::plan::load::{parse_bytes, read_limited};
use crate::plan::save::{render, write_atomic};
use crate::text::visible_line;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (git's %A): the merged plan is written here.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (git's %B).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The plan's name in messages (git's %P); default OURS' path.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// Exit 0 merged cleanly, 1 conflicts (listed on stderr and left as comments in OURS),
/// 2 a plan unreadable (missing, or over `--max-file-size`) or not mergeable at all
/// (OURS left as it was).
pub fn run(args: &MergeArgs, limits: Limits) -> Result<u8, Error> {
    // One line, control characters written out: git passes the path as it is in the
    // repository, and a stranger chose it.
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let name = visible_line(&name).into_owned();
    let Some([base, ours, theirs]) = read_inputs(args, limits, &name) else {
        return Ok(exit::UNREADABLE);
    };
    // One side unchanged: the other side is the merge, whatever the files hold.
    if theirs == base || theirs == ours {
        return Ok(exit::OK);
    }
    if ours == base {
        write_atomic(&args.ours, &theirs)?;
        return Ok(exit::OK);
    }
    let mut parsed = Vec::with_capacity(3);
    for (path, bytes) in [&args.base, &args.ours, &args.theirs]
        .into_iter()
        .zip([&base, &ours, &theirs])
    {
        match parse_bytes(path, bytes, limits) {
            Ok((text, loaded)) => parsed.push((text, loaded.plan)),
            Err(e) => exit::print_report(&Error::Unreadable(e)),
        }
    }
    let inputs = [base.as_slice(), ours.as_slice(), theirs.as_slice()];
    let Ok(
        [
            (_, base_plan),
            (ours_text, ours_plan),
            (theirs_text, theirs_plan),
        ],
    ) = <[_; 3]>::try_from(parsed)
    else {
        return Ok(line_merge(args, &name, inputs));
    };
    let merged = match merge(&base_plan, &ours_plan, &theirs_plan) {
        Ok(m) => m,
        Err(err) => {
            // The ids it names are the stranger's: one line.
            let err = visible_line(&err.to_string()).into_owned();
            eprintln_text!("workplan merge: {name}: {err}");
            return Ok(line_merge(args, &name, inputs));
        }
    };
    let rendered = render(Some(ours_text), &merged.plan)?;
    // Meetings and topics THEIRS added come with the comments THEIRS wrote in them.
    let text = if rendered.comments_kept {
        carry_comments(&rendered.text, &ours_plan, theirs_text)
    } else {
        rendered.text.clone()
    };
    let annotated = annotate(&text, &merged.conflicts);
    if annotated.text != ours_text {
        write_atomic(&args.ours, annotated.text.as_bytes())?;
    }
    crate::cli::eprint_text(&report(
        &name,
        &merged,
        &annotated.text,
        rendered.comments_kept,
        annotated.placed,
    ));
    Ok(if merged.is_clean() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

/// The three inputs, each read once and bounded; `None` (each failure reported) when
/// one cannot be read: missing, unreadable or over the size limit. Nothing else reads
/// them, `git merge-file` included, so an input over the limit is never read whole.
fn read_inputs(args: &MergeArgs, limits: Limits, name: &str) -> Option<[Vec<u8>; 3]> {
    let mut read = Vec::with_capacity(3);
    for path in [&args.base, &args.ours, &args.theirs] {
        match read_limited(path, limits.max_file_bytes) {
            Ok(bytes) => read.push(bytes),
            Err(e) => exit::print_report(&Error::Unreadable(e)),
        }
    }
    let all = <[Vec<u8>; 3]>::try_from(read).ok();
    if all.is_none() {
        eprintln_text!(
            "workplan merge: {name}: cannot merge: an input could not be read (above); OURS left as it was: resolve by hand"
        );
    }
    all
}

/// What the merge reports on stderr: each conflict in the words of the amendment,
/// the findings it introduces, and where THEIRS' values went (as [`annotate`] placed
/// them: the report never names a comment that was not written). Each entry is one
/// line, whatever its values hold.
fn report(name: &str, merged: &Merged, text: &str, comments_kept: bool, placed: Placed) -> String {
    let line = |s: &str| visible_line(s).into_owned();
    let mut report = String::new();
    for c in &merged.conflicts {
        let _ = writeln!(report, "{name}: merge conflict: {}", line(&c.headline()));
        for says in &c.ours_says {
            let _ = writeln!(report, "  ours:   {}", line(says));
        }
        for says in &c.theirs_says {
            let _ = writeln!(report, "  theirs: {}", line(says));
        }
    }
    for f in locate_introduced(merged, text) {
        let at = f.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = writeln!(
            report,
            "{name}{at}: {} (the merge introduces this)",
            line(&f.to_string())
        );
    }
    if !comments_kept {
        let _ = writeln!(
            report,
            "workplan merge: {name}: the merged plan is written in canonical form: the comments and layout of OURS could not be kept"
        );
    }
    if !merged.is_clean() {
        let n = merged.conflicts.len();
        let where_ = match placed {
            Placed::Beside => "named in a comment beside it",
            Placed::AtTop => "named in a comment at the top of the file",
            Placed::Nowhere => {
                "named only above: no comment could be written into the file without changing the plan"
            }
        };
        let _ = writeln!(
            report,
            "workplan merge: {name}: {n} conflict{}; OURS' value kept and THEIRS' {where_}",
            if n == 1 { "" } else { "s" }
        );
    }
    report
}

/// What git does without the driver: a line-by-line merge with conflict markers, for a
/// file that is no plan (or not one that can be merged by meaning). `git merge-file`
/// is handed copies of the bytes already read (bounded; a named pipe cannot be read
/// twice) and prints the merge, which is written into OURS as every save is. Where it
/// fails, OURS is left as it was.
fn line_merge(args: &MergeArgs, name: &str, [base, ours, theirs]: [&[u8]; 3]) -> u8 {
    let merged = match git_merge_file([ours, base, theirs]) {
        Ok(merged) => merged,
        Err(why) => {
            eprintln_text!(
                "workplan merge: {name}: cannot merge by meaning, and {why}; OURS left as it was: resolve by hand"
            );
            return exit::UNREADABLE;
        }
    };
    let (bytes, clean) = merged;
    if let Err(e) = write_atomic(&args.ours, &bytes) {
        eprintln_text!(
            "workplan merge: {name}: cannot merge by meaning, and the line-by-line merge could not be written: {e}; OURS left as it was: resolve by hand"
        );
        return exit::UNREADABLE;
    }
    eprintln_text!(
        "workplan merge: {name}: cannot merge by meaning; merged line by line (git merge-file){}",
        if clean { "" } else { ", with conflict markers" }
    );
    if clean { exit::OK } else { exit::FINDINGS }
}

/// `git merge-file -p` on temporary copies of `[ours, base, theirs]`: the merged bytes
/// and whether the merge was clean, or why there is none. Its output is at most the
/// inputs and the markers, all bounded.
fn git_merge_file(inputs: [&[u8]; 3]) -> Result<(Vec<u8>, bool), String> {
    let mut files = Vec::with_capacity(3);
    for bytes in inputs {
        let file = copy_to_temp(bytes)
            .map_err(|e| format!("its inputs could not be copied for git merge-file: {e}"))?;
        files.push(file);
    }
    let paths: Vec<&Path> = files.iter().map(tempfile::NamedTempFile::path).collect();
    let out = std::process::Command::new("git")
        .arg("merge-file")
        .args(["-p", "-L", "ours", "-L", "base", "-L", "theirs"])
        .args(&paths)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("git merge-file could not be started ({e})"))?;
    crate::cli::eprint_text(&String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        // Its status is the number of conflicts (at most 127); above that, an error.
        Some(c) if (0..128).contains(&c) => Ok((out.stdout, c == 0)),
        _ => Err(format!("git merge-file failed ({})", out.status)),
    }
}

fn copy_to_temp(bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    use std::io::Write as _;
    let mut file = tempfile::Builder::new()
        .prefix("workplan-merge-")
        .tempfile()?;
    file.write_all(bytes)?;
    file.flush()?;
    Ok(file)
}
