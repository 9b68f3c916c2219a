//! `workplan merge BASE OURS THEIRS`: the three-way merge by meaning, as a git merge
//! driver (`git config merge.workplan.driver "workplan merge %O %A %B"`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::exit::{self, Error};
use crate::merge::{annotate, carry_comments, locate_introduced, merge};
use crate::plan::Limits;
use crate::plan::load::read_limited;
use crate::plan::save::{render, write_atomic};

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
/// 2 a plan unreadable or not mergeable by meaning (OURS left as it was).
pub fn run(args: &MergeArgs, limits: Limits) -> Result<u8, Error> {
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    // One side unchanged: the other side is the merge, whatever the files hold.
    let bytes = |p: &Path| read_limited(p, limits.max_file_bytes).ok();
    if let (Some(base), Some(ours), Some(theirs)) =
        (bytes(&args.base), bytes(&args.ours), bytes(&args.theirs))
    {
        if theirs == base || theirs == ours {
            return Ok(exit::OK);
        }
        if ours == base {
            write_atomic(&args.ours, &theirs)?;
            return Ok(exit::OK);
        }
    }
    let mut texts = Vec::with_capacity(3);
    let mut unreadable = false;
    for path in [&args.base, &args.ours, &args.theirs] {
        match exit::open_or_report(path, limits) {
            Some(opened) => texts.push((opened.text, opened.loaded.plan)),
            None => unreadable = true,
        }
    }
    let [(_, base), (ours_text, ours), (theirs_text, theirs)] = match <[_; 3]>::try_from(texts) {
        Ok(all) if !unreadable => all,
        _ => return Ok(line_merge(args, &name)),
    };
    let merged = match merge(&base, &ours, &theirs) {
        Ok(m) => m,
        Err(err) => {
            eprintln_text!("workplan merge: {name}: {err}");
            return Ok(line_merge(args, &name));
        }
    };
    let rendered = render(Some(&ours_text), &merged.plan)?;
    // Meetings and topics THEIRS added come with the comments THEIRS wrote in them.
    let text = if rendered.comments_kept {
        carry_comments(&rendered.text, &ours, &theirs_text)
    } else {
        rendered.text.clone()
    };
    let text = annotate(&text, &merged.conflicts);
    if text != ours_text {
        write_atomic(&args.ours, text.as_bytes())?;
    }
    let mut report = String::new();
    for c in &merged.conflicts {
        let _ = writeln!(report, "{name}: merge conflict: {}", c.headline());
        for line in &c.ours_says {
            let _ = writeln!(report, "  ours:   {line}");
        }
        for line in &c.theirs_says {
            let _ = writeln!(report, "  theirs: {line}");
        }
    }
    for f in locate_introduced(&merged, &text) {
        let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = writeln!(
            report,
            "{name}{line}: {}[{}]: {} (the merge introduces this)",
            f.severity, f.code, f.message
        );
    }
    if !rendered.comments_kept {
        let _ = writeln!(
            report,
            "workplan merge: {name}: the merged plan is written in canonical form: the comments and layout of OURS could not be kept"
        );
    }
    if !merged.is_clean() {
        let n = merged.conflicts.len();
        let _ = writeln!(
            report,
            "workplan merge: {name}: {n} conflict{}; OURS' value kept and THEIRS' named in a comment beside it",
            if n == 1 { "" } else { "s" }
        );
    }
    eprint!("{report}");
    Ok(if merged.is_clean() {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

/// What git does without the driver: a line-by-line merge with conflict markers, for a
/// file that is no plan (or not one that can be merged by meaning). Where that fails
/// too (no git, a file missing), OURS is left as it was.
fn line_merge(args: &MergeArgs, name: &str) -> u8 {
    let status = std::process::Command::new("git")
        .arg("merge-file")
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .args([&args.ours, &args.base, &args.theirs])
        .status();
    match status {
        // Its status is the number of conflicts (at most 127); above that, an error.
        Ok(s) if s.code().is_some_and(|c| (0..128).contains(&c)) => {
            eprintln_text!(
                "workplan merge: {name}: cannot merge by meaning; merged line by line (git merge-file){}",
                if s.success() {
                    ""
                } else {
                    ", with conflict markers"
                }
            );
            if s.success() {
                exit::OK
            } else {
                exit::FINDINGS
            }
        }
        _ => {
            eprintln_text!(
                "workplan merge: {name}: cannot merge by meaning, and git merge-file did not run; OURS left as it was: resolve by hand"
            );
            exit::UNREADABLE
        }
    }
}
