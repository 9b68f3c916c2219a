//! The recovery file: where unsaved edits go when the terminal closes or the process is
//! told to stop, so that the next start can offer them back.
//!
//! The file is itself a plan file (canonical YAML) under a short comment header, so a
//! user who finds it can open it with `workplan FILE` or copy it by hand. The header
//! names the plan and records the text the edits started from (the plan file as opened
//! or last saved), so that edits kept before the plan changed on disk (a `git pull`) can
//! be merged onto its new version instead of written back over it.
//!
//! Where: only in the user's own state folder, `$XDG_STATE_HOME/workplan/` (else
//! `~/.local/state/workplan/`), a folder of the user's that nobody else may write
//! (0700, checked on every use). A repository, an archive or another user can put any
//! file beside a plan, but nothing there: a file in that folder, owned by the user and
//! written by no one else, is one this user's planner wrote. Files beside the plan
//! (where earlier versions kept them) cannot be told from planted ones and are never
//! offered.
//!
//! One file per session (`NAME.HASH.SESSION.wp-recover`, HASH from the plan's canonical
//! path, SESSION from the process and its start), so two planners stopped on one plan
//! each keep their own edits; a session never writes over another session's file.
//!
//! A file is never opened through a symbolic link, never written over a file workplan
//! did not write, and created owner-only (0600); whatever else stands there is reported
//! and left alone.

use std::fs;
use std::hash::Hasher as _;
use std::io::{self, Read as _, Write as _};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::fsio::{self, Bounded, Words};

/// Unsaved edits of one plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// Canonical YAML of the edited plan.
    pub plan_text: String,
    /// The plan file the edits belong to; `None` for the bundled plan.
    pub source: Option<PathBuf>,
    pub saved_at_unix: i64,
    /// The plan's text the edits started from (as opened or last saved), to tell whether
    /// the plan changed since and to merge the edits onto it if so. `None` in files of
    /// format 1, which did not record it.
    pub base_text: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("{}: cannot write the recovery file: {}", path.display(), Words(error))]
    Write { path: PathBuf, error: io::Error },
    #[error("{}: cannot use the folder for recovery files: {}", path.display(), Words(error))]
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
}

/// What every format's first line starts with: a file that does not is not workplan's.
const MAGIC_PREFIX: &str = "# workplan recovery file, format ";
const MAGIC: &str = "# workplan recovery file, format 2";
/// Written before the base text was recorded; still read.
const MAGIC_1: &str = "# workplan recovery file, format 1";
const SOURCE: &str = "# source: ";
const SAVED_AT: &str = "# saved_at_unix: ";
const BASE: &str = "# base: ";
const SUFFIX: &str = ".wp-recover";
const BUNDLED: &str = "bundled-plan";

/// The user's own folder of recovery files, and the name of this session's files in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
    session: String,
}

impl Store {
    /// The state folder of this process's environment, for this session.
    pub fn from_env() -> Self {
        let state = std::env::var_os("XDG_STATE_HOME").map(PathBuf::from);
        let home = std::env::var_os("HOME").map(PathBuf::from);
        Self::new(state_dir(state.as_deref(), home.as_deref()), session())
    }

    /// The folder `dir` itself (not its parent) for the session named `session`.
    pub fn new(dir: PathBuf, session: impl Into<String>) -> Self {
        Self {
            dir,
            session: session.into(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file this session keeps the unsaved edits of `plan` in (`None`: the bundled
    /// plan).
    pub fn path_for(&self, plan: Option<&Path>) -> PathBuf {
        self.dir
            .join(format!("{}.{}{SUFFIX}", key(plan), self.session))
    }

    /// Every recovery file in the folder that may hold edits of `plan`: each session's,
    /// and the one earlier versions wrote there (`NAME.HASH.wp-recover`). Which plan a
    /// file really belongs to is in its header: the caller compares.
    pub fn found(&self, plan: Option<&Path>) -> Result<Vec<PathBuf>, RecoveryError> {
        if !private_dir(&self.dir, false)? {
            return Ok(Vec::new());
        }
        let entries = fs::read_dir(&self.dir).map_err(|error| RecoveryError::Folder {
            path: self.dir.clone(),
            error,
        })?;
        let prefix = format!("{}.", key(plan));
        let legacy = format!("{}{SUFFIX}", legacy_key(plan));
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| {
                let name = e.file_name();
                let Some(name) = name.to_str() else {
                    return false;
                };
                let session = name
                    .strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_suffix(SUFFIX));
                name == legacy || session.is_some_and(is_session)
            })
            .map(|e| e.path())
            .collect();
        found.sort();
        Ok(found)
    }

    /// Keeps `recovery` for the next start on `plan`, in this session's own file.
    pub fn keep(&self, plan: Option<&Path>, recovery: &Recovery) -> Result<Kept, RecoveryError> {
        let path = self.path_for(plan);
        write(&path, recovery)?;
        Ok(Kept { path })
    }
}

/// A session's name: letters, digits and `-` only, so it never reaches into the plan's
/// part of a file name.
fn is_session(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// This process's session: its id and start, so that neither two planners running at
/// once nor a later one with a reused process id share a name.
fn session() -> String {
    static SESSION: OnceLock<String> = OnceLock::new();
    SESSION
        .get_or_init(|| {
            let started = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            format!("{}-{started:x}", std::process::id())
        })
        .clone()
}

/// The part of a recovery file's name that names its plan: the plan's file name and a
/// hash of its canonical path (the same plan reached through a link or `..` is one).
fn key(plan: Option<&Path>) -> String {
    match plan {
        Some(plan) => format!("{}.{:016x}", file_name(plan), fnv(&canonical(plan))),
        None => BUNDLED.into(),
    }
}

/// The name earlier versions gave the plan's file in the state folder: a hash of the
/// absolute path, without a session.
fn legacy_key(plan: Option<&Path>) -> String {
    match plan {
        Some(plan) => format!("{}.{:016x}", file_name(plan), fnv(&absolute(plan))),
        None => BUNDLED.into(),
    }
}

/// Where earlier versions kept the unsaved edits of `plan`: beside it, as
/// `.NAME.wp-recover`. Such a file cannot be told from one a repository shipped, so it
/// is never offered; the planner only says it is there.
pub fn legacy_beside(plan: &Path) -> PathBuf {
    let dir = plan.parent().unwrap_or(Path::new(""));
    dir.join(format!(".{}{SUFFIX}", file_name(plan)))
}

fn file_name(plan: &Path) -> String {
    plan.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into())
}

/// `$XDG_STATE_HOME/workplan`, else `~/.local/state/workplan`, else a folder of the
/// user's own in the temporary folder.
pub fn state_dir(state_home: Option<&Path>, home: Option<&Path>) -> PathBuf {
    // XDG says a relative XDG_STATE_HOME is invalid and must be ignored.
    match (state_home, home) {
        (Some(s), _) if s.is_absolute() => s.join("workplan"),
        (_, Some(h)) if h.is_absolute() => h.join(".local/state/workplan"),
        // Named after the user: another user's folder there is refused as not ours.
        _ => std::env::temp_dir().join(format!("workplan-{}", rustix::process::geteuid().as_raw())),
    }
}

/// FNV-1a, stable from one build to the next (file names must stay the same).
fn fnv(path: &Path) -> u64 {
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.write(path.as_os_str().as_bytes());
    hash.0
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

/// The plan's path with links and `..` resolved; its absolute path when it is gone.
pub fn canonical(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| absolute(p))
}

/// Makes sure `dir` is a folder of the user's that nobody else may write: created 0700
/// when `create`, and its permissions narrowed to 0700 if they were wider. `false` when
/// it does not exist (and was not to be created).
fn private_dir(dir: &Path, create: bool) -> Result<bool, RecoveryError> {
    let folder_err = |error| RecoveryError::Folder {
        path: dir.to_owned(),
        error,
    };
    // Something other than a folder in the way fails the creation too: it is named below.
    let created = match create {
        true => fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir),
        false => Ok(()),
    };
    let meta = match (fs::metadata(dir), created) {
        (Ok(meta), _) => meta,
        (Err(_), Err(e)) => return Err(folder_err(e)),
        (Err(e), Ok(())) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        (Err(e), Ok(())) => return Err(folder_err(e)),
    };
    let refuse = |what: &str| RecoveryError::Foreign {
        path: dir.to_owned(),
        what: what.into(),
    };
    if !meta.is_dir() {
        return Err(refuse(fsio::kind_of(&meta.file_type())));
    }
    if !fsio::owned_by_me(&meta) {
        return Err(refuse("a folder owned by another user"));
    }
    if meta.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(folder_err)?;
    }
    Ok(true)
}

/// `s` as a JSON string on one line of ASCII: YAML comments take no control character
/// (JSON escapes C0 only, not DEL or C1) and YAML 1.1 readers end a line at U+2028.
fn json_line(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    let mut out = String::with_capacity(quoted.len());
    let mut units = [0u16; 2];
    for c in quoted.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// The text of a recovery file.
pub fn to_text(recovery: &Recovery) -> String {
    let base_len = recovery.base_text.as_ref().map_or(0, |b| b.len() + 20);
    let mut out = String::with_capacity(recovery.plan_text.len() + base_len + 200);
    out.push_str(MAGIC);
    out.push('\n');
    if let Some(source) = &recovery.source {
        // JSON quoting keeps a path with a newline or `#` on its one line.
        out.push_str(SOURCE);
        out.push_str(&json_line(&source.to_string_lossy()));
        out.push('\n');
    }
    out.push_str(SAVED_AT);
    out.push_str(&recovery.saved_at_unix.to_string());
    out.push('\n');
    if let Some(base) = &recovery.base_text {
        out.push_str(BASE);
        out.push_str(&json_line(base));
        out.push('\n');
    }
    out.push_str(&recovery.plan_text);
    out
}

/// The JSON string of the header line `name` starting `text`, and the text after it.
fn quoted_line<'a>(text: &'a str, name: &str) -> Result<Option<(String, &'a str)>, String> {
    let Some(r) = text.strip_prefix(name) else {
        return Ok(None);
    };
    let (line, rest) = r.split_once('\n').ok_or("the header is cut short")?;
    let value = serde_json::from_str(line).map_err(|e| format!("bad {}line: {e}", &name[2..]))?;
    Ok(Some((value, rest)))
}

/// Reads back [`to_text`] (and files of format 1); `Err(why)` for anything else.
pub fn from_text(text: &str) -> Result<Recovery, String> {
    let (rest, format_2) = match (text.strip_prefix(MAGIC), text.strip_prefix(MAGIC_1)) {
        (Some(r), _) => (r.strip_prefix('\n'), true),
        (None, Some(r)) => (r.strip_prefix('\n'), false),
        (None, None) => (None, false),
    };
    let rest = rest.ok_or("it does not start with the recovery header")?;
    let (source, rest) = match quoted_line(rest, SOURCE)? {
        Some((path, rest)) => (Some(PathBuf::from(path)), rest),
        None => (None, rest),
    };
    let r = rest
        .strip_prefix(SAVED_AT)
        .ok_or("the saved_at_unix line is missing")?;
    let (line, rest) = r.split_once('\n').ok_or("the header is cut short")?;
    let saved_at_unix = line
        .trim()
        .parse()
        .map_err(|e| format!("bad saved_at_unix: {e}"))?;
    let (base_text, plan_text) = match format_2.then(|| quoted_line(rest, BASE)).transpose()? {
        Some(Some((base, rest))) => (Some(base), rest),
        _ => (None, rest),
    };
    Ok(Recovery {
        plan_text: plan_text.to_owned(),
        source,
        saved_at_unix,
        base_text,
    })
}

/// Where the edits were kept.
#[derive(Debug)]
pub struct Kept {
    pub path: PathBuf,
}

impl std::fmt::Display for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the unsaved edits are in {}, and the next start on the plan offers them back",
            self.path.display()
        )
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
        let mut head = Vec::with_capacity(MAGIC_PREFIX.len());
        f.take(MAGIC_PREFIX.len() as u64)
            .read_to_end(&mut head)
            .ok()?;
        Some(head)
    });
    if meta.nlink() != 1 || header.as_deref() != Some(MAGIC_PREFIX.as_bytes()) {
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
    private_dir(&dir, true)?;
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
    // Written 0600: a file others may write to could hold anyone's edits.
    if meta.mode() & 0o022 != 0 {
        return Err(refuse("a file others can write to"));
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
        let text = include_str!("../../plans/example.yaml");
        let plan = parse(text).unwrap().plan;
        Recovery {
            plan_text: canonical::to_yaml(&plan).unwrap(),
            source: source.map(PathBuf::from),
            saved_at_unix: 1_795_000_000,
            base_text: Some(text.to_owned()),
        }
    }

    fn store(dir: &Path, session: &str) -> Store {
        Store::new(dir.join("workplan"), session)
    }

    #[test]
    fn recovery_files_live_in_the_state_folder_one_per_session() {
        let a = Store::new("/state/workplan".into(), "1-a");
        let b = Store::new("/state/workplan".into(), "2-b");
        let plan = Path::new("/plans/firearms.yaml");
        let (pa, pb) = (a.path_for(Some(plan)), b.path_for(Some(plan)));
        assert_ne!(pa, pb);
        for p in [&pa, &pb] {
            assert_eq!(p.parent(), Some(Path::new("/state/workplan")));
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(name.starts_with("firearms.yaml."), "{name}");
            assert!(name.ends_with(".wp-recover"), "{name}");
        }
        assert_eq!(
            a.path_for(None),
            Path::new("/state/workplan/bundled-plan.1-a.wp-recover")
        );
        // Another plan of the same name elsewhere has other files.
        assert_ne!(a.path_for(Some(Path::new("/other/firearms.yaml"))), pa);
        assert_ne!(Store::from_env().session, "");
    }

    #[test]
    fn the_state_folder_follows_xdg() {
        let home = Some(Path::new("/home/u"));
        assert_eq!(
            state_dir(Some(Path::new("/state")), home),
            Path::new("/state/workplan")
        );
        assert_eq!(
            state_dir(None, home),
            Path::new("/home/u/.local/state/workplan")
        );
        // A relative XDG_STATE_HOME is ignored, as the spec says.
        assert_eq!(
            state_dir(Some(Path::new("rel")), home),
            Path::new("/home/u/.local/state/workplan")
        );
        // Without a home: a folder named after the user, never a shared one.
        let tmp = state_dir(None, None);
        let uid = rustix::process::geteuid().as_raw();
        assert!(tmp.ends_with(format!("workplan-{uid}")), "{tmp:?}");
    }

    #[test]
    fn text_round_trips_and_is_a_plan_file() {
        // Characters a YAML comment cannot carry raw, and those YAML 1.1 ends a line at.
        let hostile_base = "version: 1\r\ntitle: \"\u{1b}]0;x\u{7} \u{85}\u{2028}é 👨‍👩‍👧\u{7f}\"\r# c";
        let mut with_odd_base = sample(Some("/a/b c.yaml"));
        with_odd_base.base_text = Some(hostile_base.into());
        let mut without_base = sample(None);
        without_base.base_text = None;
        for r in [
            with_odd_base,
            sample(Some("/odd\n# path\u{2028}")),
            sample(None),
            without_base,
        ] {
            let text = to_text(&r);
            assert_eq!(from_text(&text).unwrap(), r);
            // The header is comments: the file opens as the edited plan.
            assert_eq!(
                parse(&text).unwrap().plan,
                parse(&r.plan_text).unwrap().plan
            );
            let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
            assert!(header.iter().all(|l| l.is_ascii()), "{header:?}");
        }
    }

    #[test]
    fn files_of_format_1_are_still_read() {
        let r = sample(Some("/a.yaml"));
        let text = format!(
            "{MAGIC_1}\n# source: \"/a.yaml\"\n# saved_at_unix: 1795000000\n{}",
            r.plan_text
        );
        let back = from_text(&text).unwrap();
        assert_eq!(back.base_text, None);
        assert_eq!(back.plan_text, r.plan_text);
        assert_eq!(back.source, r.source);
        // A base line in a file of format 1 is part of its plan text, as it always was.
        let text = format!("{MAGIC_1}\n# saved_at_unix: 1\n# base: \"x\"\nversion: 1\n");
        assert_eq!(from_text(&text).unwrap().base_text, None);
    }

    #[test]
    fn foreign_files_are_malformed() {
        for text in [
            "",
            "version: 1\n",
            "# workplan recovery file, format 1\n",
            "# workplan recovery file, format 2\n# saved_at_unix: 1\n# base: \"cut\n",
            "# workplan recovery file, format 3\n# saved_at_unix: 1\n",
        ] {
            assert!(from_text(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn write_read_discard() {
        let dir = tempfile::tempdir().unwrap();
        let path = store(dir.path(), "s").path_for(None);
        assert_eq!(read(&path, LIMIT).unwrap(), None);
        let r = sample(None);
        write(&path, &r).unwrap();
        assert_eq!(read(&path, LIMIT).unwrap(), Some(r));
        discard(&path).unwrap();
        assert_eq!(read(&path, LIMIT).unwrap(), None);
        discard(&path).unwrap();
    }

    /// Two planners on one plan, both stopped: two files, neither written over, both
    /// found; so is the file an earlier version left in the state folder, and nothing
    /// of another plan.
    #[test]
    fn each_session_keeps_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        fs::write(&plan, "version: 1\n").unwrap();
        let (a, b) = (store(dir.path(), "1-a"), store(dir.path(), "2-b"));
        let mut ra = sample(Some(plan.to_str().unwrap()));
        ra.saved_at_unix = 1;
        let rb = sample(Some(plan.to_str().unwrap()));
        let ka = a.keep(Some(&plan), &ra).unwrap();
        let kb = b.keep(Some(&plan), &rb).unwrap();
        assert_ne!(ka.path, kb.path);
        assert_eq!(read(&ka.path, LIMIT).unwrap(), Some(ra));
        assert_eq!(read(&kb.path, LIMIT).unwrap(), Some(rb.clone()));
        let legacy = a.dir().join(format!("{}{SUFFIX}", legacy_key(Some(&plan))));
        write(&legacy, &rb).unwrap();
        let other = dir.path().join("other.yaml");
        a.keep(Some(&other), &sample(None)).unwrap();
        a.keep(None, &sample(None)).unwrap();
        let mut want = vec![ka.path, kb.path, legacy];
        want.sort();
        assert_eq!(a.found(Some(&plan)).unwrap(), want);
        assert_eq!(a.found(None).unwrap(), [a.path_for(None)]);
        // No folder yet: nothing found, nothing created.
        let none = store(&dir.path().join("absent"), "s");
        assert_eq!(none.found(Some(&plan)).unwrap(), Vec::<PathBuf>::new());
        assert!(!none.dir().exists());
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
        let s = store(dir.path(), "s");
        fs::create_dir_all(s.dir()).unwrap();
        let path = s.path_for(Some(&plan));
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let absent = dir.path().join("would-be-created");
        for target in [&victim, &absent] {
            let _ = fs::remove_file(&path);
            std::os::unix::fs::symlink(target, &path).unwrap();
            let r = sample(Some(plan.to_str().unwrap()));
            assert_refused(s.keep(Some(&plan), &r).unwrap_err(), "symbolic link");
            assert_refused(read(&path, LIMIT).unwrap_err(), "symbolic link");
            discard(&path).unwrap();
            assert!(fs::symlink_metadata(&path).unwrap().is_symlink());
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

    /// The folder is the user's own, 0700, whatever it was; a file in it that others
    /// may write is not taken for the user's; something else in place of the folder is
    /// refused.
    #[test]
    fn the_state_folder_is_the_users_own() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "s");
        fs::create_dir(s.dir()).unwrap();
        fs::set_permissions(s.dir(), fs::Permissions::from_mode(0o777)).unwrap();
        let kept = s.keep(None, &sample(None)).unwrap();
        let mode = fs::metadata(s.dir()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        fs::set_permissions(&kept.path, fs::Permissions::from_mode(0o666)).unwrap();
        assert_refused(read(&kept.path, LIMIT).unwrap_err(), "others can write");
        let file = store(&dir.path().join("f"), "s");
        fs::create_dir(dir.path().join("f")).unwrap();
        fs::write(file.dir(), "not a folder").unwrap();
        assert_refused(
            file.keep(None, &sample(None)).unwrap_err(),
            "a regular file",
        );
        let e = file.found(None).unwrap_err();
        assert!(matches!(e, RecoveryError::Foreign { .. }), "{e:?}");
    }
}
