//! git's external-diff calling convention for `workplan diff` (docs/teams.md).

use std::path::{Path, PathBuf};

use super::DiffArgs;
use crate::plan::Plan;

/// What git passes an external diff: the plan's path, and its old and new files.
pub(super) struct GitCall<'a> {
    pub path: &'a PathBuf,
    pub old: &'a PathBuf,
    pub new: &'a PathBuf,
    pub old_hex: String,
    pub new_hex: String,
}

impl GitCall<'_> {
    /// git prints no header of its own before an external diff's output.
    pub fn header(&self) -> String {
        let what = match (is_absent(self.old), is_absent(self.new)) {
            (true, _) => "plan added".to_owned(),
            (_, true) => "plan deleted".to_owned(),
            _ => format!("{}..{}", self.old_hex, self.new_hex),
        };
        format!("workplan diff {} ({what})\n", self.path.display())
    }

    /// The two versions as the amendment names them: "plan.yaml at 1a2b3c4", or "no
    /// plan" for the missing side of an added or deleted plan.
    pub fn names(&self) -> (String, String) {
        let name = |file: &Path, hex: &str| {
            if is_absent(file) {
                "no plan".to_owned()
            } else {
                format!("{} at {hex}", self.path.display())
            }
        };
        (name(self.old, &self.old_hex), name(self.new, &self.new_hex))
    }
}

pub(super) fn git_call(args: &DiffArgs) -> Result<Option<GitCall<'_>>, String> {
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
pub(super) fn is_absent(path: &Path) -> bool {
    path == Path::new("/dev/null")
}

/// The plan on the missing side of an added or deleted file.
pub(super) fn empty_plan() -> Plan {
    Plan::empty("")
}
