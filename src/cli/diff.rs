use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{check::load_error_text, emit, exit};
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
    /// git's external-diff calling convention (`diff.workplan.command`): OLD is then the
    /// plan's path and NEW the old file, followed by OLD-HEX OLD-MODE NEW-FILE NEW-HEX
    /// NEW-MODE; `/dev/null` for an added or deleted plan. See docs/teams.md.
    #[arg(value_name = "GIT_ARGS", num_args = 0.., hide = true)]
    pub git: Vec<PathBuf>,
}

/// What git passes an external diff: the plan's path, and its old and new files.
struct GitCall<'a> {
    path: &'a PathBuf,
    old: &'a PathBuf,
    new: &'a PathBuf,
    old_hex: String,
    new_hex: String,
}

fn git_call(args: &DiffArgs) -> Result<Option<GitCall<'_>>, String> {
    let hex = |p: &PathBuf| p.to_string_lossy().chars().take(7).collect::<String>();
    match args.git.as_slice() {
        [] => Ok(None),
        [old_hex, _old_mode, new, new_hex, _new_mode] => Ok(Some(GitCall {
            path: &args.old,
            old: &args.new,
            new,
            old_hex: hex(old_hex),
            new_hex: hex(new_hex),
        })),
        more => Err(format!(
            "workplan diff takes OLD NEW, or the seven arguments git passes an external diff (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE); got {}",
            more.len() + 2
        )),
    }
}

/// git names a missing side (an added or deleted plan) `/dev/null`: an empty plan.
fn is_absent(path: &std::path::Path) -> bool {
    path == std::path::Path::new("/dev/null")
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
        // git prints no header of its own before an external diff's output.
        let what = match (is_absent(g.old), is_absent(g.new)) {
            (true, _) => "plan added".to_owned(),
            (_, true) => "plan deleted".to_owned(),
            _ => format!("{}..{}", g.old_hex, g.new_hex),
        };
        emit(&format!("workplan diff {} ({what})\n", g.path.display()))?;
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

/// The plan on the missing side of an added or deleted file.
fn empty_plan() -> crate::plan::Plan {
    crate::plan::Plan {
        version: crate::plan::load::FORMAT_VERSION,
        title: String::new(),
        body: None,
        alignment: Default::default(),
        clusters: Vec::new(),
        cross_cutting_articles: Vec::new(),
        fixed_topics: Vec::new(),
        flexible_topics: Vec::new(),
        meetings: Vec::new(),
    }
}
