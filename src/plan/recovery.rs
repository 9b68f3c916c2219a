//! The recovery file: where unsaved edits go when the terminal closes or the process is
//! told to stop, so that the next start can offer them back.
//!
//! The file is itself a plan file (canonical YAML) under a short comment header, so a
//! user who finds it can open it with `workplan FILE` or copy it by hand.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::save::{SaveError, write_atomic};

/// Unsaved edits of one plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// Canonical YAML of the edited plan.
    pub plan_text: String,
    /// The plan file the edits belong to; `None` for the bundled plan.
    pub source: Option<PathBuf>,
    pub saved_at_unix: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error(transparent)]
    Write(#[from] SaveError),
    #[error("{}: cannot create the folder for the recovery file: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: cannot read the recovery file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{}: this is not a workplan recovery file ({why}); move it away to silence this message",
        path.display()
    )]
    Malformed { path: PathBuf, why: String },
    #[error("{}: cannot delete the recovery file: {source}", path.display())]
    Discard {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

const MAGIC: &str = "# workplan recovery file, format 1";
const SOURCE: &str = "# source: ";
const SAVED_AT: &str = "# saved_at_unix: ";
const SUFFIX: &str = ".wp-recover";

/// Where the recovery file of `plan_path` lives: beside the plan as a hidden file, or
/// in the user's state folder for the bundled plan (which has no folder of its own).
pub fn path_for(plan_path: Option<&Path>) -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME").map(PathBuf::from);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    path_with(plan_path, state.as_deref(), home.as_deref())
}

/// [`path_for`] with the environment passed in.
pub fn path_with(
    plan_path: Option<&Path>,
    state_home: Option<&Path>,
    home: Option<&Path>,
) -> PathBuf {
    match plan_path {
        Some(plan) => {
            let name = plan
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "plan".into());
            let dir = plan.parent().unwrap_or(Path::new(""));
            dir.join(format!(".{name}{SUFFIX}"))
        }
        None => {
            // XDG says a relative XDG_STATE_HOME is invalid and must be ignored.
            let base = match (state_home, home) {
                (Some(s), _) if s.is_absolute() => s.to_owned(),
                (_, Some(h)) if h.is_absolute() => h.join(".local/state"),
                _ => std::env::temp_dir(),
            };
            base.join("workplan").join(format!("bundled-plan{SUFFIX}"))
        }
    }
}

/// The text of a recovery file.
pub fn to_text(recovery: &Recovery) -> String {
    let mut out = String::with_capacity(recovery.plan_text.len() + 200);
    out.push_str(MAGIC);
    out.push('\n');
    if let Some(source) = &recovery.source {
        // JSON quoting keeps a path with a newline or `#` on its one line.
        let quoted = serde_json::Value::String(source.to_string_lossy().into_owned());
        out.push_str(SOURCE);
        out.push_str(&quoted.to_string());
        out.push('\n');
    }
    out.push_str(SAVED_AT);
    out.push_str(&recovery.saved_at_unix.to_string());
    out.push('\n');
    out.push_str(&recovery.plan_text);
    out
}

/// Reads back [`to_text`]; `Err(why)` for anything else.
pub fn from_text(text: &str) -> Result<Recovery, String> {
    let rest = text
        .strip_prefix(MAGIC)
        .and_then(|r| r.strip_prefix('\n'))
        .ok_or("it does not start with the recovery header")?;
    let (source, rest) = match rest.strip_prefix(SOURCE) {
        Some(r) => {
            let (line, rest) = r.split_once('\n').ok_or("the header is cut short")?;
            let path: String =
                serde_json::from_str(line).map_err(|e| format!("bad source line: {e}"))?;
            (Some(PathBuf::from(path)), rest)
        }
        None => (None, rest),
    };
    let r = rest
        .strip_prefix(SAVED_AT)
        .ok_or("the saved_at_unix line is missing")?;
    let (line, plan_text) = r.split_once('\n').ok_or("the header is cut short")?;
    let saved_at_unix = line
        .trim()
        .parse()
        .map_err(|e| format!("bad saved_at_unix: {e}"))?;
    Ok(Recovery {
        plan_text: plan_text.to_owned(),
        source,
        saved_at_unix,
    })
}

/// Writes `recovery` to `path` atomically, creating the state folder if needed.
pub fn write(path: &Path, recovery: &Recovery) -> Result<(), RecoveryError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|source| RecoveryError::Folder {
            path: path.to_owned(),
            source,
        })?;
    }
    write_atomic(path, to_text(recovery).as_bytes())?;
    Ok(())
}

/// The recovery file at `path`, or `None` when there is none.
pub fn read(path: &Path) -> Result<Option<Recovery>, RecoveryError> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(RecoveryError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let malformed = |why: String| RecoveryError::Malformed {
        path: path.to_owned(),
        why,
    };
    let text = String::from_utf8(bytes).map_err(|_| malformed("it is not UTF-8 text".into()))?;
    from_text(&text).map(Some).map_err(malformed)
}

/// Deletes the recovery file; no file is fine.
pub fn discard(path: &Path) -> Result<(), RecoveryError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(RecoveryError::Discard {
            path: path.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{canonical, parse};

    fn sample(source: Option<&str>) -> Recovery {
        let plan = parse(include_str!("../../plans/example.yaml"))
            .unwrap()
            .plan;
        Recovery {
            plan_text: canonical::to_yaml(&plan).unwrap(),
            source: source.map(PathBuf::from),
            saved_at_unix: 1_795_000_000,
        }
    }

    #[test]
    fn recovery_file_sits_beside_the_plan() {
        let p = path_with(Some(Path::new("/plans/firearms.yaml")), None, None);
        assert_eq!(p, Path::new("/plans/.firearms.yaml.wp-recover"));
        let p = path_with(Some(Path::new("firearms.yaml")), None, None);
        assert_eq!(p, Path::new(".firearms.yaml.wp-recover"));
    }

    #[test]
    fn bundled_plan_recovers_into_the_state_folder() {
        let home = Some(Path::new("/home/u"));
        assert_eq!(
            path_with(None, Some(Path::new("/state")), home),
            Path::new("/state/workplan/bundled-plan.wp-recover")
        );
        assert_eq!(
            path_with(None, None, home),
            Path::new("/home/u/.local/state/workplan/bundled-plan.wp-recover")
        );
        // A relative XDG_STATE_HOME is ignored, as the spec says.
        assert_eq!(
            path_with(None, Some(Path::new("rel")), home),
            Path::new("/home/u/.local/state/workplan/bundled-plan.wp-recover")
        );
    }

    #[test]
    fn text_round_trips_and_is_a_plan_file() {
        for r in [
            sample(Some("/a/b c.yaml")),
            sample(Some("/odd\n# path")),
            sample(None),
        ] {
            let text = to_text(&r);
            assert_eq!(from_text(&text).unwrap(), r);
            // The header is comments: the file opens as the edited plan.
            assert_eq!(
                parse(&text).unwrap().plan,
                parse(&r.plan_text).unwrap().plan
            );
        }
    }

    #[test]
    fn foreign_files_are_malformed() {
        for text in ["", "version: 1\n", "# workplan recovery file, format 1\n"] {
            assert!(from_text(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn write_read_discard() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_with(None, Some(dir.path()), None);
        assert_eq!(read(&path).unwrap(), None);
        let r = sample(None);
        write(&path, &r).unwrap();
        assert_eq!(read(&path).unwrap(), Some(r));
        discard(&path).unwrap();
        assert_eq!(read(&path).unwrap(), None);
        discard(&path).unwrap();
    }

    #[test]
    fn garbage_in_place_of_a_recovery_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".p.yaml.wp-recover");
        fs::write(&path, b"\xff\xfe").unwrap();
        let e = read(&path).unwrap_err();
        assert!(matches!(e, RecoveryError::Malformed { .. }), "{e:?}");
    }
}
