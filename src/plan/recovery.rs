//! The recovery file: where unsaved edits go when the terminal closes or the process is
//! told to stop, so that the next start can offer them back.
//!
//! The file is itself a plan file (canonical YAML) under a short comment header, so a
//! user who finds it can open it with `workplan FILE` or copy it by hand.
//!
//! A repository can ship anything under the recovery file's name, so the file is never
//! opened through a symbolic link, never written over a file workplan did not write,
//! and created owner-only (0600); whatever else stands there is reported and left
//! alone. When the plan's folder cannot take the file (read-only, full, something in
//! the way), it goes to the user's state folder, where the next start looks too.

use std::fs;
use std::hash::Hasher as _;
use std::io::{self, Read as _, Write as _};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use super::fsio::{self, Bounded, Words};

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
    #[error("{}: cannot write the recovery file: {}", path.display(), Words(error))]
    Write { path: PathBuf, error: io::Error },
    #[error("{}: cannot create the folder for the recovery file: {}", path.display(), Words(error))]
    Folder { path: PathBuf, error: io::Error },
    #[error("{}: cannot read the recovery file: {}", path.display(), Words(error))]
    Read { path: PathBuf, error: io::Error },
    /// Something workplan did not write stands where the recovery file goes.
    #[error(
        "{}: {what} stands where workplan keeps unsaved edits; it was left alone (look at it, and move it away if you do not know it)",
        path.display()
    )]
    Foreign { path: PathBuf, what: String },
    #[error(
        "{}: the recovery file is {size} bytes, over the limit of {limit} bytes; open it with workplan FILE --max-file-size if it is genuine",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: this is not a workplan recovery file ({why}); move it away to silence this message",
        path.display()
    )]
    Malformed { path: PathBuf, why: String },
    #[error("{}: cannot delete the recovery file: {}", path.display(), Words(error))]
    Discard { path: PathBuf, error: io::Error },
    #[error(
        "the unsaved edits could be kept neither beside the plan ({beside}) nor in the state folder ({state})"
    )]
    Nowhere {
        beside: Box<RecoveryError>,
        state: Box<RecoveryError>,
    },
}

const MAGIC: &str = "# workplan recovery file, format 1";
const SOURCE: &str = "# source: ";
const SAVED_AT: &str = "# saved_at_unix: ";
const SUFFIX: &str = ".wp-recover";

/// Where the recovery file of `plan_path` lives: beside the plan as a hidden file, or
/// in the user's state folder for the bundled plan (which has no folder of its own).
pub fn path_for(plan_path: Option<&Path>) -> PathBuf {
    let (state, home) = env();
    path_with(plan_path, state.as_deref(), home.as_deref())
}

fn env() -> (Option<PathBuf>, Option<PathBuf>) {
    (
        std::env::var_os("XDG_STATE_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

/// [`path_for`] with the environment passed in.
pub fn path_with(
    plan_path: Option<&Path>,
    state_home: Option<&Path>,
    home: Option<&Path>,
) -> PathBuf {
    match plan_path {
        Some(plan) => {
            let dir = plan.parent().unwrap_or(Path::new(""));
            dir.join(format!(".{}{SUFFIX}", file_name(plan)))
        }
        None => state_dir(state_home, home).join(format!("bundled-plan{SUFFIX}")),
    }
}

fn file_name(plan: &Path) -> String {
    plan.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into())
}

/// `$XDG_STATE_HOME/workplan`, else `~/.local/state/workplan`.
fn state_dir(state_home: Option<&Path>, home: Option<&Path>) -> PathBuf {
    // XDG says a relative XDG_STATE_HOME is invalid and must be ignored.
    let base = match (state_home, home) {
        (Some(s), _) if s.is_absolute() => s.to_owned(),
        (_, Some(h)) if h.is_absolute() => h.join(".local/state"),
        _ => std::env::temp_dir(),
    };
    base.join("workplan")
}

/// The recovery file of `plan` in the state folder, for when the plan's folder cannot
/// take it: named after the plan, told apart from plans of the same name elsewhere by a
/// hash of its absolute path (FNV-1a, stable from one build to the next).
pub fn state_path_with(plan: &Path, state_home: Option<&Path>, home: Option<&Path>) -> PathBuf {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.write(absolute(plan).as_os_str().as_bytes());
    state_dir(state_home, home).join(format!("{}.{:016x}{SUFFIX}", file_name(plan), hash.0))
}

struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_owned())
}

/// Every place the recovery file of `plan_path` may be, in the order they are tried.
pub fn places_with(
    plan_path: Option<&Path>,
    state_home: Option<&Path>,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    let mut places = vec![path_with(plan_path, state_home, home)];
    if let Some(plan) = plan_path {
        places.push(state_path_with(plan, state_home, home));
    }
    places
}

/// [`places_with`] in this process's environment.
pub fn places(plan_path: Option<&Path>) -> Vec<PathBuf> {
    let (state, home) = env();
    places_with(plan_path, state.as_deref(), home.as_deref())
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

/// Where the edits were kept, and why not beside the plan when they are elsewhere.
#[derive(Debug)]
pub struct Kept {
    pub path: PathBuf,
    pub instead_of: Option<RecoveryError>,
}

impl std::fmt::Display for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the unsaved edits are in {}", self.path.display())?;
        if let Some(why) = &self.instead_of {
            write!(f, " (not beside the plan: {why})")?;
        }
        write!(f, ", and the next start on the plan offers them back")
    }
}

/// Keeps `recovery` for the next start on `plan_path`: beside the plan, else in the
/// state folder.
pub fn keep(plan_path: Option<&Path>, recovery: &Recovery) -> Result<Kept, RecoveryError> {
    let (state, home) = env();
    keep_with(plan_path, recovery, state.as_deref(), home.as_deref())
}

/// [`keep`] with the environment passed in.
pub fn keep_with(
    plan_path: Option<&Path>,
    recovery: &Recovery,
    state_home: Option<&Path>,
    home: Option<&Path>,
) -> Result<Kept, RecoveryError> {
    let mut places = places_with(plan_path, state_home, home).into_iter();
    let first = places.next().unwrap_or_default();
    let beside = match write(&first, recovery) {
        Ok(()) => {
            return Ok(Kept {
                path: first,
                instead_of: None,
            });
        }
        Err(e) => e,
    };
    let Some(second) = places.next() else {
        return Err(beside);
    };
    match write(&second, recovery) {
        Ok(()) => Ok(Kept {
            path: second,
            instead_of: Some(beside),
        }),
        Err(state) => Err(RecoveryError::Nowhere {
            beside: Box::new(beside),
            state: Box::new(state),
        }),
    }
}

/// What stands at `path` when it is not a recovery file of this user's: `None` when it
/// is one (the only file a write may replace).
fn foreign(path: &Path, meta: &fs::Metadata) -> Option<String> {
    if meta.file_type().is_symlink() {
        return Some("a symbolic link".into());
    }
    if !meta.is_file() {
        return Some(fsio::kind_of(&meta.file_type()).into());
    }
    if !fsio::owned_by_me(meta) {
        return Some("a file owned by another user".into());
    }
    // A second name for another file (a hard link) is someone else's file too.
    let header = fsio::open_no_follow(path).ok().and_then(|f| {
        let mut head = Vec::with_capacity(MAGIC.len());
        f.take(MAGIC.len() as u64).read_to_end(&mut head).ok()?;
        Some(head)
    });
    if meta.nlink() != 1 || header.as_deref() != Some(MAGIC.as_bytes()) {
        return Some("a file that workplan did not write".into());
    }
    None
}

/// Writes `recovery` to `path`: created new (never through a link, never over a file
/// workplan did not write), owner-only, whole or not at all.
pub fn write(path: &Path, recovery: &Recovery) -> Result<(), RecoveryError> {
    let write_err = |error| RecoveryError::Write {
        path: path.to_owned(),
        error,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    // The state folder may not exist yet; it is the user's own (0700).
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|error| RecoveryError::Folder {
            path: path.to_owned(),
            error,
        })?;
    let replace = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(write_err(e)),
        Ok(meta) => match foreign(path, &meta) {
            None => true,
            Some(what) => {
                return Err(RecoveryError::Foreign {
                    path: path.to_owned(),
                    what,
                });
            }
        },
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fsio::remove_stale_temps(&dir, &name);
    let prefix = fsio::temp_prefix(&name);
    let mut temp = fsio::temp_builder(&prefix)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)
        .map_err(write_err)?;
    fsio::hold(temp.as_file());
    temp.write_all(to_text(recovery).as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(write_err)?;
    // A rename replaces the name, never what a link there points to; a new file is
    // linked in only if nothing appeared there meanwhile.
    let persisted = if replace {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => {}
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            return Err(RecoveryError::Foreign {
                path: path.to_owned(),
                what: "a file that appeared while workplan was writing".into(),
            });
        }
        Err(e) => return Err(write_err(e.error)),
    }
    let _ = fs::File::open(&dir).and_then(|d| d.sync_all());
    Ok(())
}

/// The recovery file at `path`, or `None` when there is none. Read under the same rules
/// as it is written (no link, no pipe or device, the user's own file) and through the
/// bounded reader at `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Option<Recovery>, RecoveryError> {
    let refuse = |what: &str| RecoveryError::Foreign {
        path: path.to_owned(),
        what: what.to_owned(),
    };
    let read_err = |error| RecoveryError::Read {
        path: path.to_owned(),
        error,
    };
    let mut file = match fsio::open_no_follow(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if fsio::is_link_refusal(&e) => return Err(refuse("a symbolic link")),
        Err(e) => return Err(read_err(e)),
    };
    let meta = file.metadata().map_err(read_err)?;
    if !meta.is_file() {
        return Err(refuse(fsio::kind_of(&meta.file_type())));
    }
    if !fsio::owned_by_me(&meta) {
        return Err(refuse("a file owned by another user"));
    }
    let bytes = match fsio::read_bounded(&mut file, &meta, limit).map_err(read_err)? {
        Bounded::Read(bytes) => bytes,
        Bounded::TooLarge(size) => {
            return Err(RecoveryError::TooLarge {
                path: path.to_owned(),
                size,
                limit,
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

/// Deletes the recovery file; no file is fine, and anything workplan did not write is
/// left alone.
pub fn discard(path: &Path) -> Result<(), RecoveryError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(RecoveryError::Discard {
                path: path.to_owned(),
                error,
            });
        }
    };
    if foreign(path, &meta).is_some() {
        return Ok(());
    }
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(RecoveryError::Discard {
            path: path.to_owned(),
            error: e,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{canonical, parse};

    const LIMIT: u64 = 64 * 1024 * 1024;

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
        assert_eq!(read(&path, LIMIT).unwrap(), None);
        let r = sample(None);
        write(&path, &r).unwrap();
        assert_eq!(read(&path, LIMIT).unwrap(), Some(r));
        discard(&path).unwrap();
        assert_eq!(read(&path, LIMIT).unwrap(), None);
        discard(&path).unwrap();
    }

    #[test]
    fn garbage_in_place_of_a_recovery_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".p.yaml.wp-recover");
        fs::write(&path, b"\xff\xfe").unwrap();
        let e = read(&path, LIMIT).unwrap_err();
        assert!(matches!(e, RecoveryError::Malformed { .. }), "{e:?}");
    }

    fn assert_refused(e: RecoveryError, what: &str) {
        assert!(matches!(&e, RecoveryError::Foreign { .. }), "{e:?}");
        assert!(e.to_string().contains(what), "{e}");
        assert!(e.to_string().contains("left alone"), "{e}");
    }

    #[test]
    fn a_link_in_place_of_the_recovery_file_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        let beside = path_with(Some(&plan), None, None);
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let absent = dir.path().join("would-be-created");
        let state = dir.path().join("state");
        for target in [&victim, &absent] {
            let _ = fs::remove_file(&beside);
            std::os::unix::fs::symlink(target, &beside).unwrap();
            assert_refused(write(&beside, &sample(None)).unwrap_err(), "symbolic link");
            assert_refused(read(&beside, LIMIT).unwrap_err(), "symbolic link");
            discard(&beside).unwrap();
            assert!(fs::symlink_metadata(&beside).unwrap().is_symlink());
            // The edits go to the state folder instead, and the message says so.
            let r = sample(Some(plan.to_str().unwrap()));
            let kept = keep_with(Some(&plan), &r, Some(&state), None).unwrap();
            assert_eq!(kept.path, state_path_with(&plan, Some(&state), None));
            assert!(kept.path.starts_with(state.join("workplan")));
            assert!(kept.to_string().contains("not beside the plan"), "{kept}");
            assert_eq!(read(&kept.path, LIMIT).unwrap(), Some(r));
        }
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(!absent.exists());
    }

    #[test]
    fn a_file_workplan_did_not_write_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".plan.yaml.wp-recover");
        fs::write(&path, "version: 1\ntitle: mine\n").unwrap();
        assert_refused(write(&path, &sample(None)).unwrap_err(), "did not write");
        discard(&path).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "version: 1\ntitle: mine\n"
        );
        // A hard link to someone's file, even one with the header, is not replaced.
        let other = dir.path().join("other");
        fs::write(&other, to_text(&sample(None))).unwrap();
        fs::remove_file(&path).unwrap();
        fs::hard_link(&other, &path).unwrap();
        assert_refused(
            write(&path, &sample(Some("/x"))).unwrap_err(),
            "did not write",
        );
        assert_eq!(fs::read_to_string(&other).unwrap(), to_text(&sample(None)));
    }

    #[test]
    fn the_recovery_file_is_created_owner_only_and_replaced_when_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".plan.yaml.wp-recover");
        write(&path, &sample(None)).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        write(&path, &sample(Some("/a.yaml"))).unwrap();
        assert_eq!(read(&path, LIMIT).unwrap(), Some(sample(Some("/a.yaml"))));
    }

    #[test]
    fn a_pipe_in_place_of_the_recovery_file_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".plan.yaml.wp-recover");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        // No writer: opening it the usual way would wait forever.
        assert_refused(read(&path, LIMIT).unwrap_err(), "named pipe");
        assert_refused(write(&path, &sample(None)).unwrap_err(), "named pipe");
    }

    #[test]
    fn reading_the_recovery_file_obeys_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".plan.yaml.wp-recover");
        write(&path, &sample(None)).unwrap();
        let f = fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(3 << 30).unwrap();
        let e = read(&path, LIMIT).unwrap_err();
        assert!(matches!(e, RecoveryError::TooLarge { .. }), "{e:?}");
    }

    #[test]
    fn a_read_only_folder_sends_the_edits_to_the_state_folder() {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("plans");
        fs::create_dir(&plans).unwrap();
        let plan = plans.join("plan.yaml");
        // Something in the way that is not ours: the same fallback as a read-only
        // folder (which root would write anyway).
        fs::create_dir(path_with(Some(&plan), None, None)).unwrap();
        let state = dir.path().join("state");
        let r = sample(Some(plan.to_str().unwrap()));
        let kept = keep_with(Some(&plan), &r, Some(&state), None).unwrap();
        assert!(kept.to_string().contains("a folder"), "{kept}");
        let places = places_with(Some(&plan), Some(&state), None);
        assert_eq!(places[1], kept.path);
        assert_eq!(read(&places[1], LIMIT).unwrap(), Some(r));
        let mode = fs::metadata(state.join("workplan"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
