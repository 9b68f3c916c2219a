//! Writing a plan back to its file without losing anything: the user's comments and
//! layout, the old file if the write fails half-way, or someone else's changes to it.
//!
//! [`render`] is pure (text in, text out); [`save`] and [`write_atomic`] are the file
//! I/O at the edge.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::SystemTime;

use super::fsio::{self, Bounded, Words};
use yaml_edit::{Mapping, Sequence, YamlFile, YamlNode, yaml_eq};

use super::canonical::{self, CanonicalError};
use super::load::parse;
use super::model::Plan;

/// Why a plan could not be saved. In every case the file on disk is untouched and the
/// caller still holds the edits.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(
        "{}: the file changed on disk since it was opened (another program or another workplan wrote it); not overwritten: save to another file instead, or reopen it to see the changes",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    /// The plan's file is read-only: writing over it must be a deliberate choice.
    #[error(
        "{}: the file is read-only; not overwritten: save over it deliberately or to another file",
        path.display()
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{}: cannot save, the folder {} does not exist; create it or save to another path",
        path.display(),
        dir.display()
    )]
    MissingFolder { path: PathBuf, dir: PathBuf },
    #[error(
        "{}: cannot save, the folder {} is read-only or not writable by you; save to another path",
        path.display(),
        dir.display()
    )]
    ReadOnlyFolder { path: PathBuf, dir: PathBuf },
    #[error("{}: cannot save: {}; the file on disk is unchanged", path.display(), Words(error))]
    Io { path: PathBuf, error: io::Error },
    /// Writing to a device or a pipe failed; there is no old file to keep.
    #[error("{}: cannot write: {}", path.display(), Words(error))]
    Stream { path: PathBuf, error: io::Error },
    /// A socket, a folder, a disk: nothing that can take the plan.
    #[error(
        "{}: cannot write there: it is {what}, not a file; give the path of a file",
        path.display()
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{}: it is a named pipe (FIFO) that no program is reading; start the reader first, or write to a file",
        path.display()
    )]
    NoReader { path: PathBuf },
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
    /// The written text would not read back as the same plan; writing it would lose edits.
    #[error(
        "the plan cannot be written so that it reads back unchanged ({0}); this is a bug in workplan, please report it"
    )]
    NotReadBack(String),
    #[error(transparent)]
    OntoPlan(#[from] OntoPlan),
}

/// What is written from a plan to a file of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Export,
    Amendment,
}

/// An export or an amendment aimed at a plan it comes from, which it would replace.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot write {}: it is {}; give the {} another name",
    path.display(),
    match written { Written::Export => "the plan being exported", Written::Amendment => "one of the plans being compared" },
    match written { Written::Export => "export", Written::Amendment => "amendment" },
)]
pub struct OntoPlan {
    pub path: PathBuf,
    pub written: Written,
}

/// The one guard, for the commands and the planner alike, against writing an export or
/// an amendment over a plan it comes from (named through `.`, `..` or a symlink too).
pub fn refuse_onto_plan(output: &Path, plans: &[&Path], written: Written) -> Result<(), OntoPlan> {
    match plans.iter().any(|plan| is_same_file(output, plan)) {
        true => Err(OntoPlan {
            path: output.to_owned(),
            written,
        }),
        false => Ok(()),
    }
}

/// The text to write, and whether it kept the original's comments and layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub comments_kept: bool,
}

/// The text of `plan`: the original with the plan's changes applied in place when
/// possible, the canonical form otherwise (no original, or one the editor cannot handle).
pub fn render(original: Option<&str>, plan: &Plan) -> Result<Rendered, SaveError> {
    if let Some(text) = original.and_then(|o| lossless(o, plan)) {
        return Ok(Rendered {
            text,
            comments_kept: true,
        });
    }
    let text = canonical::to_yaml(plan)?;
    match parse(&text) {
        Ok(back) if back.plan == *plan => Ok(Rendered {
            text,
            comments_kept: false,
        }),
        Ok(_) => Err(SaveError::NotReadBack("it reads back different".into())),
        Err(e) => Err(SaveError::NotReadBack(e.to_string())),
    }
}

/// The original text with `plan`'s differences from it applied, or `None` when that
/// cannot be done safely: the result must parse to exactly `plan`.
fn lossless(original: &str, plan: &Plan) -> Option<String> {
    let old = parse(original).ok()?.plan;
    if old == *plan {
        return Some(original.to_owned());
    }
    // The editor sees LF text without a BOM; both are put back afterwards so the file
    // keeps its line ends.
    let (bom, body) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let crlf = body.contains("\r\n");
    let body = if crlf {
        body.replace("\r\n", "\n")
    } else {
        body.to_owned()
    };
    let old_yaml = canonical::to_yaml(&old).ok()?;
    let new_yaml = canonical::to_yaml(plan).ok()?;
    // yaml-edit is a young crate; should it panic on some input, the save falls back to
    // the canonical form rather than taking the session (and its edits) down.
    let edited = catch_unwind(AssertUnwindSafe(|| edit(&body, &old_yaml, &new_yaml))).ok()??;
    let edited = if crlf {
        edited.replace('\n', "\r\n")
    } else {
        edited
    };
    let text = format!("{bom}{edited}");
    (parse(&text).ok()?.plan == *plan).then_some(text)
}

/// A sequence item added by the edit, to be given the blank lines of its neighbours.
struct Inserted {
    sequence: Sequence,
    index: usize,
    blank_separated: bool,
}

/// Applies to `original` the differences between two canonical texts. Diffing the
/// canonical forms (rather than the original against the new plan) means defaults the
/// user left out or wrote out never show up as changes.
fn edit(original: &str, old_yaml: &str, new_yaml: &str) -> Option<String> {
    let file = YamlFile::from_str(original).ok()?;
    let old = YamlFile::from_str(old_yaml).ok()?;
    let new = YamlFile::from_str(new_yaml).ok()?;
    let target = file.document()?.as_mapping()?;
    let old = old.document()?.as_mapping()?;
    let new = new.document()?.as_mapping()?;
    let mut inserted = Vec::new();
    diff_mapping(&target, &old, &new, &mut inserted)?;
    let text = file.to_string();
    Some(with_blank_lines(&text, &inserted))
}

fn diff_mapping(
    target: &Mapping,
    old: &Mapping,
    new: &Mapping,
    inserted: &mut Vec<Inserted>,
) -> Option<()> {
    for key in old.keys() {
        if !new.contains_key(&key) {
            // Absent from the original too when it was a default the user left out.
            target.remove(&key);
        }
    }
    let new_keys: Vec<YamlNode> = new.keys().collect();
    for (i, key) in new_keys.iter().enumerate() {
        let new_value = new.get(key)?;
        let old_value = old.get(key);
        if old_value.as_ref().is_some_and(|o| yaml_eq(o, &new_value)) {
            continue;
        }
        match (target.get(key), old_value) {
            (Some(current), Some(old_value)) => {
                if !diff_value(&current, &old_value, &new_value, inserted)? {
                    let value = as_block_like(&current, &new_value).unwrap_or(new_value);
                    target.set(key, &value);
                }
            }
            (Some(_), None) => target.set(key, &new_value),
            (None, _) => {
                // Next to the key that precedes it in the format, so a new key does
                // not land after the meeting's note.
                match new_keys[..i].iter().rev().find(|k| target.contains_key(*k)) {
                    Some(previous) => {
                        target.insert_after(previous, key, &new_value);
                    }
                    None => target.insert_at_index(0, key, &new_value),
                }
            }
        }
    }
    Some(())
}

/// The new text of a literal block (`|-`, as a meeting's flexible text is written) as a
/// literal block again, at the original's indentation and with the blank lines that
/// followed it: yaml-edit counts those as part of the block, so replacing it with the
/// canonical quoted string would take the blank line between two meetings away. None
/// when the original is no such block or the new text cannot be written as one (an
/// empty line, spaces at either end, a control character); it is then quoted.
fn as_block_like(current: &YamlNode, new: &YamlNode) -> Option<YamlNode> {
    let old_text = current.to_string();
    let body = old_text.strip_prefix("|-\n")?;
    let indent: String = body.chars().take_while(|c| *c == ' ').collect();
    if indent.is_empty() {
        return None;
    }
    let value: String = serde_saphyr::from_str(&new.to_string()).ok()?;
    let writable = !value.is_empty()
        && !value.ends_with('\n')
        && value
            .split('\n')
            .all(|l| !l.is_empty() && l.trim() == l && !l.chars().any(char::is_control));
    if !writable {
        return None;
    }
    let trailing = old_text.len() - old_text.trim_end_matches('\n').len();
    let mut text = String::from("x: |-\n");
    for line in value.split('\n') {
        text.push_str(&indent);
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&"\n".repeat(trailing.saturating_sub(1)));
    YamlFile::from_str(&text)
        .ok()?
        .document()?
        .as_mapping()?
        .get("x")
}

/// Edits `current` in place; `Some(false)` when it must be replaced whole instead.
fn diff_value(
    current: &YamlNode,
    old: &YamlNode,
    new: &YamlNode,
    inserted: &mut Vec<Inserted>,
) -> Option<bool> {
    if let (Some(c), Some(o), Some(n)) = (current.as_mapping(), old.as_mapping(), new.as_mapping())
    {
        diff_mapping(c, o, n, inserted)?;
        return Some(true);
    }
    if let (Some(c), Some(o), Some(n)) =
        (current.as_sequence(), old.as_sequence(), new.as_sequence())
    {
        return diff_sequence(c, o, n, inserted);
    }
    Some(false)
}

/// The identity of a sequence item: a meeting's number, a topic's or cluster's id.
fn identity(item: &YamlNode) -> Option<String> {
    let m = item.as_mapping()?;
    ["number", "id"].into_iter().find_map(|k| {
        m.get(k)
            .and_then(|v| v.as_scalar().map(|s| format!("{k}={}", s.as_string())))
    })
}

fn unique(ids: &[String]) -> bool {
    let mut seen = std::collections::HashSet::new();
    ids.iter().all(|id| seen.insert(id))
}

fn diff_sequence(
    target: &Sequence,
    old: &Sequence,
    new: &Sequence,
    inserted: &mut Vec<Inserted>,
) -> Option<bool> {
    let old_items: Vec<YamlNode> = old.values().collect();
    let new_items: Vec<YamlNode> = new.values().collect();
    if target.len() != old_items.len() {
        return None;
    }
    let blank_separated = is_blank_separated(target);
    let old_ids: Option<Vec<String>> = old_items.iter().map(identity).collect();
    let new_ids: Option<Vec<String>> = new_items.iter().map(identity).collect();
    if let (Some(old_ids), Some(new_ids)) = (old_ids, new_ids)
        && unique(&old_ids)
        && unique(&new_ids)
    {
        // Items keep their place and their comments: removed ones go, new ones are
        // inserted where the plan has them, the others are edited where they stand.
        let kept_old: Vec<&String> = old_ids.iter().filter(|id| new_ids.contains(id)).collect();
        let kept_new: Vec<&String> = new_ids.iter().filter(|id| old_ids.contains(id)).collect();
        if kept_old != kept_new {
            // A reordering: no minimal edit keeps the comments with their items.
            return None;
        }
        for i in (0..old_ids.len()).rev() {
            if !new_ids.contains(&old_ids[i]) {
                target.remove(i)?;
            }
        }
        for (j, item) in new_items.iter().enumerate() {
            match old_ids.iter().position(|id| *id == new_ids[j]) {
                Some(k) if yaml_eq(&old_items[k], item) => {}
                Some(k) => {
                    let current = target.get(j)?;
                    if !diff_value(&current, &old_items[k], item, inserted)? {
                        target.set(j, item);
                    }
                }
                None => {
                    target.insert(j, item);
                    inserted.push(Inserted {
                        sequence: target.clone(),
                        index: j,
                        blank_separated,
                    });
                }
            }
        }
        return Some(true);
    }
    // Plain lists (articles, questions, agenda): item by item, then grow or shrink at
    // the end.
    let common = old_items.len().min(new_items.len());
    for j in 0..common {
        if !yaml_eq(&old_items[j], &new_items[j]) {
            let current = target.get(j)?;
            if !diff_value(&current, &old_items[j], &new_items[j], inserted)? {
                target.set(j, &new_items[j]);
            }
        }
    }
    for j in (common..old_items.len()).rev() {
        target.remove(j)?;
    }
    for item in &new_items[common..] {
        target.push(item);
    }
    Some(true)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

fn is_blank_separated(sequence: &Sequence) -> bool {
    if sequence.is_flow_style() || sequence.len() < 2 {
        return false;
    }
    let (Some(first), Some(second)) = (sequence.get(0), sequence.get(1)) else {
        return false;
    };
    let text = sequence.to_string();
    let base = sequence.byte_range().start;
    let end = (first.byte_range().end.saturating_sub(base) as usize).saturating_sub(1);
    let start = second.byte_range().start.saturating_sub(base) as usize;
    let (from, to) = (line_of(&text, end), line_of(&text, start));
    text.lines()
        .skip(from + 1)
        .take(to.saturating_sub(from + 1))
        .any(|l| l.trim().is_empty())
}

/// Puts a blank line before and after each inserted item whose neighbours have them.
/// yaml-edit inserts items tight against their neighbours.
fn with_blank_lines(text: &str, inserted: &[Inserted]) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut line_starts = Vec::with_capacity(lines.len());
    let mut offset = 0;
    for l in &lines {
        line_starts.push(offset);
        offset += l.len() + 1;
    }
    let mut breaks: Vec<usize> = Vec::new();
    for ins in inserted.iter().filter(|i| i.blank_separated) {
        for index in [ins.index, ins.index + 1] {
            let Some(item) = ins.sequence.get(index) else {
                continue;
            };
            let line = line_of(text, item.byte_range().start as usize);
            if line > 0 && !lines[line - 1].trim().is_empty() {
                breaks.push(line_starts[line]);
            }
        }
    }
    breaks.sort_unstable();
    breaks.dedup();
    let mut out = text.to_owned();
    for at in breaks.into_iter().rev() {
        out.insert(at, '\n');
    }
    out
}

/// What a plan file looked like when it was read, to notice a change made by someone
/// else before overwriting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

impl Fingerprint {
    pub(crate) fn of(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        Self {
            len: bytes.len() as u64,
            modified,
            hash: h.finish(),
        }
    }
}

/// Opens `path` for reading without waiting on a pipe's writer.
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

/// The fingerprint of the regular file at `path` (through symlinks), read through the
/// bounded reader at the default size limit. Anything but a regular file has none.
pub fn fingerprint(path: &Path) -> io::Result<Fingerprint> {
    let mut file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}", fsio::kind_of(&meta.file_type())),
        ));
    }
    let limit = super::Limits::default().max_file_bytes;
    match fsio::read_bounded(&mut file, &meta, limit)? {
        Bounded::Read(bytes) => Ok(Fingerprint::of(&bytes, meta.modified().ok())),
        Bounded::TooLarge(size) => Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is {size} bytes, over the limit of {limit}"),
        )),
    }
}

/// Whether the file at `path` is still the one `expected` was taken of. Reads no more
/// than the expected length: a file that grew is a changed file.
fn still(path: &Path, expected: &Fingerprint) -> bool {
    let Ok(mut file) = open_nonblocking(path) else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    if !meta.is_file() || meta.len() != expected.len {
        return false;
    }
    match fsio::read_bounded(&mut file, &meta, expected.len) {
        Ok(Bounded::Read(bytes)) => Fingerprint::of(&bytes, meta.modified().ok()) == *expected,
        _ => false,
    }
}

/// A successful save: the new fingerprint to compare against next time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveOutcome {
    pub fingerprint: Fingerprint,
    pub comments_kept: bool,
    pub text: String,
}

/// How a write treats a named pipe that no program is reading yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pipes {
    /// Wait for a reader, as `echo text > fifo` does (the command line).
    Wait,
    /// Refuse at once (the planner, which must not freeze).
    RefuseWithoutReader,
}

/// What a path to be written names: a new path or a regular file is replaced atomically,
/// a device or a pipe is written to directly, anything else is refused.
enum Destination {
    File,
    Stream,
}

fn destination(path: &Path) -> Result<Destination, SaveError> {
    // `/dev/stdout` and its kin name an open descriptor, whatever it leads to: written
    // to as given, as `cp` does, even when the shell sent it to a file (`> out.md`),
    // whose name must not be replaced by another file behind the shell's back.
    if is_descriptor(path) {
        return Ok(Destination::Stream);
    }
    // Through symlinks: a link to a device is the device.
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(Destination::File),
        Ok(m) if fsio::is_stream(&m.file_type()) => Ok(Destination::Stream),
        Ok(m) => Err(SaveError::NotAFile {
            path: path.to_owned(),
            what: fsio::kind_of(&m.file_type()),
        }),
        // A new path (or a link to one); the atomic write reports any problem with its
        // folder in its own words.
        Err(_) => Ok(Destination::File),
    }
}

/// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: a name for a descriptor
/// the program was given.
fn is_descriptor(path: &Path) -> bool {
    let fd_dir = |dir: &str| {
        path.strip_prefix(dir)
            .ok()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    path == Path::new("/dev/stdout")
        || path == Path::new("/dev/stderr")
        || fd_dir("/dev/fd")
        || fd_dir("/proc/self/fd")
}

/// Writes `bytes` to the device or pipe at `path`, as any Unix tool would: a device or
/// pipe is never replaced (renaming a file over `/dev/null` would turn the device into
/// a plain file for everyone).
fn write_stream(path: &Path, bytes: &[u8], pipes: Pipes) -> Result<(), SaveError> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt as _;
    let err = |error| SaveError::Stream {
        path: path.to_owned(),
        error,
    };
    let mut flags = OFlags::NOCTTY;
    if pipes == Pipes::RefuseWithoutReader {
        flags |= OFlags::NONBLOCK;
    }
    // Truncated, for a descriptor that leads to a regular file; a device or pipe
    // ignores it.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NXIO.raw_os_error()) => {
            return Err(SaveError::NoReader {
                path: path.to_owned(),
            });
        }
        Err(e) => return Err(err(e)),
    };
    if flags.contains(OFlags::NONBLOCK) {
        // The reader is there; from now on a full pipe waits for it, as usual.
        let now = rustix::fs::fcntl_getfl(&file).map_err(|e| err(e.into()))?;
        rustix::fs::fcntl_setfl(&file, now - OFlags::NONBLOCK).map_err(|e| err(e.into()))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(err)
}

/// Saves `plan` to `path`, keeping `original`'s comments and layout where possible.
/// With `expected`, refuses to overwrite a file that changed since it was read.
pub fn save(
    path: &Path,
    original: Option<&str>,
    expected: Option<&Fingerprint>,
    plan: &Plan,
) -> Result<SaveOutcome, SaveError> {
    save_with(path, original, expected, plan, Pipes::Wait)
}

/// [`save`], saying how to treat a pipe without a reader.
pub fn save_with(
    path: &Path,
    original: Option<&str>,
    expected: Option<&Fingerprint>,
    plan: &Plan,
    pipes: Pipes,
) -> Result<SaveOutcome, SaveError> {
    if let Destination::Stream = destination(path)? {
        // A device or pipe holds no content to compare or keep.
        let rendered = render(original, plan)?;
        write_stream(path, rendered.text.as_bytes(), pipes)?;
        return Ok(SaveOutcome {
            fingerprint: Fingerprint::of(rendered.text.as_bytes(), None),
            comments_kept: rendered.comments_kept,
            text: rendered.text,
        });
    }
    let target = resolve(path);
    let unchanged = || match expected {
        // Deleted or replaced by something unreadable counts as changed too.
        Some(expected) if !still(&target, expected) => Err(SaveError::ChangedOnDisk {
            path: path.to_owned(),
        }),
        _ => Ok(()),
    };
    // Checked before the work, to fail fast, and again just before the rename, so the
    // window in which another writer's change could be lost is as short as can be.
    unchanged()?;
    let rendered = render(original, plan)?;
    let bytes = rendered.text.as_bytes();
    replace_file(path, &target, bytes, unchanged, |f, b| f.write_all(b))?;
    // The bytes just written, with the time the file system gave them.
    let modified = fs::metadata(&target).ok().and_then(|m| m.modified().ok());
    Ok(SaveOutcome {
        fingerprint: Fingerprint::of(bytes, modified),
        comments_kept: rendered.comments_kept,
        text: rendered.text,
    })
}

/// The file a write to `path` must replace: a symlink's target, so the link stays a
/// link (renaming over it would replace the link with a plain file).
fn resolve(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_owned();
    }
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    // A dangling link: write the file it names.
    match fs::read_link(path) {
        Ok(to) if to.is_absolute() => to,
        Ok(to) => path.parent().unwrap_or(Path::new("")).join(to),
        Err(_) => path.to_owned(),
    }
}

/// Both paths name one existing file (through `.`, `..` or symlinks too): exporting or
/// saving a copy there would overwrite the plan itself.
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `bytes` to `path`: a device or pipe (`/dev/stdout`, `/dev/null`, a FIFO) is
/// written to directly, and waited on for a reader; a new path or a regular file is
/// replaced so that, whatever happens (crash, power loss, full disk), the file holds
/// either its old or its new content: a temporary file in the same folder is written,
/// flushed to disk, then renamed over `path`. Keeps the file's permissions; writes
/// through a symlink to its target. A folder, socket or disk is refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_file(path, bytes, Pipes::Wait)
}

/// [`write_atomic`], saying how to treat a pipe without a reader. Every export, save
/// and realigned plan is written through here or [`save_with`].
pub fn write_file(path: &Path, bytes: &[u8], pipes: Pipes) -> Result<(), SaveError> {
    match destination(path)? {
        Destination::Stream => write_stream(path, bytes, pipes),
        Destination::File => replace_file(
            path,
            &resolve(path),
            bytes,
            || Ok(()),
            |f, b| f.write_all(b),
        ),
    }
}

/// [`write_atomic`] to the already resolved `target`, calling `before_rename` once the
/// new content is safely on disk; an error from it leaves the old file in place.
/// `write` puts the bytes into the temporary file (a test makes it fail as a full disk
/// would).
fn replace_file(
    path: &Path,
    target: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce() -> Result<(), SaveError>,
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> Result<(), SaveError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let io_err = |error: io::Error| SaveError::Io {
        path: path.to_owned(),
        error,
    };
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(io_err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a folder", dir.display()),
            )));
        }
        Err(_) => {
            return Err(SaveError::MissingFolder {
                path: path.to_owned(),
                dir,
            });
        }
    }
    let permissions = fs::metadata(target).ok().map(|m| m.permissions());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    // What earlier writes to this file left when they were killed half-way.
    fsio::remove_stale_temps(&dir, &name);
    let prefix = fsio::temp_prefix(&name);
    let mut builder = fsio::temp_builder(&prefix);
    // A temporary file is private (0600); a new plan or export gets the usual
    // permissions instead (the umask applies to these, as for any new file).
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(&dir)
        .map_err(|source| temp_file_error(path, &dir, source))?;
    // In use while this process lives: a later write does not take it for a leftover.
    fsio::hold(temp.as_file());
    // From here on an error drops `temp`, which deletes it; the old file is untouched.
    write(temp.as_file_mut(), bytes).map_err(io_err)?;
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(io_err)?;
    }
    temp.as_file().sync_all().map_err(io_err)?;
    before_rename()?;
    temp.persist(target).map_err(|e| io_err(e.error))?;
    // The rename is durable only once the folder itself is on disk. Some file systems
    // refuse to sync a folder; the file is already replaced by then, so reporting a
    // failed save would be wrong (and make the next save see a changed file).
    let _ = fs::File::open(&dir).and_then(|d| d.sync_all());
    Ok(())
}

/// Creating the temporary file is the first write into the folder: a refusal there
/// means the folder, not the file, is the problem.
fn temp_file_error(path: &Path, dir: &Path, source: io::Error) -> SaveError {
    match source.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            SaveError::ReadOnlyFolder {
                path: path.to_owned(),
                dir: dir.to_owned(),
            }
        }
        _ => SaveError::Io {
            path: path.to_owned(),
            error: source,
        },
    }
}

#[cfg(test)]
mod tests;
