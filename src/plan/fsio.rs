//! The file-system edge every read and write of a user's path goes through: the one
//! bounded reader, what a path names, the temporary files of atomic writes, and I/O
//! errors in words a user can act on.

use std::fmt;
use std::fs::{self, File, FileType, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use rustix::fs::{FlockOperation, Mode, OFlags};

/// An I/O error in words: the system's description without the "(os error N)" that
/// std appends, which tells a user nothing they can act on.
pub struct Words<'a>(pub &'a io::Error);

impl fmt::Display for Words<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        // Errors made by workplan itself carry their own words.
        let Some(code) = e.raw_os_error() else {
            return write!(f, "{e}");
        };
        let words = match e.kind() {
            io::ErrorKind::NotFound => "there is no such file or folder",
            io::ErrorKind::PermissionDenied => "permission denied",
            io::ErrorKind::StorageFull => "the disk is full (no space left on the device)",
            io::ErrorKind::QuotaExceeded => "your disk quota is used up",
            io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only",
            io::ErrorKind::IsADirectory => "it is a folder",
            io::ErrorKind::NotADirectory => "a part of the path is not a folder",
            io::ErrorKind::FileTooLarge => "the file is too large for the file system",
            io::ErrorKind::AlreadyExists => "a file of that name already exists",
            _ if code == rustix::io::Errno::NXIO.raw_os_error() => {
                "there is nothing at the other end (no terminal, or a pipe no program reads)"
            }
            _ if code == rustix::io::Errno::LOOP.raw_os_error() => {
                "it is a symbolic link, which is not followed here"
            }
            _ => {
                let text = e.to_string();
                let text = match text.rfind(" (os error ") {
                    Some(cut) if text.ends_with(')') => text[..cut].to_owned(),
                    _ => text,
                };
                return f.write_str(&lowercase_first(&text));
            }
        };
        f.write_str(words)
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a path names, for a message: "a folder", "a named pipe (FIFO)", ...
/// Whether the regular file at `path` (through links) is read-only: its mode gives no
/// one the right to write, or this user may not write it. The mode is asked first
/// because, for root, `access` says yes to every file, yet a file marked 0444 is still
/// meant to be left alone (vim warns W10). Not a file, or gone: `false`, the save's
/// own checks say what is wrong.
pub fn is_read_only(path: &Path) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            meta.mode() & 0o222 == 0
                || rustix::fs::access(path, rustix::fs::Access::WRITE_OK).is_err()
        }
        _ => false,
    }
}

pub fn kind_of(t: &FileType) -> &'static str {
    if t.is_file() {
        "a regular file"
    } else if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() {
        "a block device (a disk)"
    } else if t.is_char_device() {
        "a character device"
    } else {
        "not a regular file"
    }
}

/// A device or a pipe: written to directly, never replaced.
pub fn is_stream(t: &FileType) -> bool {
    t.is_char_device() || t.is_fifo()
}

/// What the bounded reader found.
#[derive(Debug, PartialEq, Eq)]
pub enum Bounded {
    Read(Vec<u8>),
    /// Over the limit: the file's size, or limit + 1 for a device or pipe whose size is
    /// unknown.
    TooLarge(u64),
}

/// Reads the open `file` (whose metadata is `meta`) to its end, refusing more than
/// `limit` bytes without reading them: the size of a regular file is looked at first
/// (a 3 GB sparse file is refused at once), a device or pipe is read one byte past the
/// limit at most (`/dev/zero` is refused, not slurped). Every read of a user's path goes
/// through here.
pub fn read_bounded(file: &mut File, meta: &Metadata, limit: u64) -> io::Result<Bounded> {
    if meta.is_file() && meta.len() > limit {
        return Ok(Bounded::TooLarge(meta.len()));
    }
    // Room for the whole file (or, for a device or pipe of unknown size, for the limit)
    // up front: growing by doubling could ask for twice the limit.
    let expected = if meta.is_file() { meta.len() } else { limit };
    let mut bytes = Vec::new();
    let room = usize::try_from(expected.saturating_add(1)).unwrap_or(usize::MAX);
    bytes.try_reserve_exact(room).map_err(|_| {
        io::Error::new(
            io::ErrorKind::OutOfMemory,
            format!("not enough memory to read {expected} bytes"),
        )
    })?;
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Bounded::TooLarge(meta.len().max(bytes.len() as u64)));
    }
    Ok(Bounded::Read(bytes))
}

/// Opens `path` for reading without following a symbolic link in its last part and
/// without waiting for a pipe's writer: for files workplan writes itself and must not
/// be turned against it.
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let fd = rustix::fs::open(path, flags | OFlags::CLOEXEC, Mode::empty())?;
    Ok(File::from(fd))
}

/// The error [`open_no_follow`] gives for a symbolic link.
pub fn is_link_refusal(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

/// Owned by the user running workplan.
pub fn owned_by_me(meta: &Metadata) -> bool {
    meta.uid() == rustix::process::geteuid().as_raw()
}

/// The random part of a temporary file's name: `.NAME.wp-XXXXXX.tmp`.
pub const TEMP_RANDOM: usize = 6;

/// The start of the temporary files' names of writes to `name`: `.NAME.wp-XXXXXX.tmp`,
/// marked as workplan's so that no file of the user's is taken for a leftover.
pub fn temp_prefix(name: &str) -> String {
    format!(".{name}.wp-")
}

/// A builder for temporary files named from [`temp_prefix`].
pub fn temp_builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(prefix)
        .suffix(".tmp")
        .rand_bytes(TEMP_RANDOM);
    builder
}

/// Whether `file_name` is one of the temporary files of writes to `name`.
pub fn is_temp_of(file_name: &str, name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(name))
        .and_then(|r| r.strip_prefix(".wp-"))
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Marks a temporary file as in use for as long as its writer lives: the lock goes with
/// the process, so a temporary file nobody holds locked is a leftover of a killed write.
pub fn hold(file: &File) {
    // Without a lock (a file system that has none) the file only risks being cleaned
    // up by a concurrent workplan; the write then fails and says so, losing nothing.
    let _ = rustix::fs::flock(file, FlockOperation::NonBlockingLockExclusive);
}

/// Removes the temporary files that killed writes to `name` left in `dir`: only files
/// named as workplan names them, owned by the user, and not held by a live writer.
/// Returns how many went.
pub fn remove_stale_temps(dir: &Path, name: &str) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if !file_name.to_str().is_some_and(|n| is_temp_of(n, name)) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = open_no_follow(&path) else {
            continue;
        };
        let stale = file
            .metadata()
            .is_ok_and(|m| m.is_file() && owned_by_me(&m))
            && rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok();
        if stale && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_the_os_error_number() {
        for code in [2, 6, 13, 28, 30, 40, 71, 5] {
            let e = io::Error::from_raw_os_error(code);
            let text = Words(&e).to_string();
            assert!(!text.contains("os error"), "{text}");
            assert!(!text.is_empty());
        }
        let own = io::Error::new(io::ErrorKind::NotFound, "the plan is gone");
        assert_eq!(Words(&own).to_string(), "the plan is gone");
    }

    #[test]
    fn temp_names_are_matched_exactly() {
        assert!(is_temp_of(".plan.yaml.wp-a1B2c3.tmp", "plan.yaml"));
        let prefix = temp_prefix("plan.yaml");
        let made = temp_builder(&prefix).tempfile().unwrap();
        let made = made.path().file_name().unwrap().to_str().unwrap();
        assert!(is_temp_of(made, "plan.yaml"), "{made}");
        for other in [
            ".plan.yaml.wp-a1B2c.tmp",
            ".plan.yaml.wp-a1B2c3d.tmp",
            ".plan.yaml.wp-a1-2c3.tmp",
            ".plan.yaml.backup.tmp",
            ".other.yaml.wp-a1B2c3.tmp",
            "plan.yaml.wp-a1B2c3.tmp",
            ".plan.yaml.wp-a1B2c3.tmp.bak",
            ".plan.yaml.wp-recover",
        ] {
            assert!(!is_temp_of(other, "plan.yaml"), "{other}");
        }
    }

    #[test]
    fn stale_temps_go_and_held_or_foreign_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".plan.yaml.wp-AbC123.tmp");
        let held = dir.path().join(".plan.yaml.wp-XyZ789.tmp");
        let notes = dir.path().join(".plan.yaml.backup.tmp");
        let other = dir.path().join(".other.yaml.wp-AbC123.tmp");
        for p in [&stale, &held, &notes, &other] {
            fs::write(p, "x").unwrap();
        }
        let link = dir.path().join(".plan.yaml.wp-LiNk00.tmp");
        std::os::unix::fs::symlink(&notes, &link).unwrap();
        let writer = File::open(&held).unwrap();
        hold(&writer);
        assert_eq!(remove_stale_temps(dir.path(), "plan.yaml"), 1);
        assert!(!stale.exists());
        for p in [&held, &notes, &other] {
            assert!(p.exists(), "{}", p.display());
        }
        assert!(
            fs::symlink_metadata(&link).is_ok(),
            "a link is not a temp file"
        );
        drop(writer);
        assert_eq!(remove_stale_temps(dir.path(), "plan.yaml"), 1);
        assert!(!held.exists(), "once its writer is gone it is a leftover");
    }

    #[test]
    fn bounded_reader_refuses_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sparse");
        let f = File::create(&path).unwrap();
        f.set_len(3 << 30).unwrap();
        let mut f = File::open(&path).unwrap();
        let meta = f.metadata().unwrap();
        assert_eq!(
            read_bounded(&mut f, &meta, 1000).unwrap(),
            Bounded::TooLarge(3 << 30)
        );
        let mut zero = File::open("/dev/zero").unwrap();
        let meta = zero.metadata().unwrap();
        assert_eq!(
            read_bounded(&mut zero, &meta, 1000).unwrap(),
            Bounded::TooLarge(1001)
        );
    }

    #[test]
    fn a_file_without_write_bits_is_read_only_even_for_root() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plan.yaml");
        fs::write(&file, "x").unwrap();
        assert!(!is_read_only(&file));
        for mode in [0o444, 0o400, 0o000] {
            fs::set_permissions(&file, fs::Permissions::from_mode(mode)).unwrap();
            assert!(is_read_only(&file), "{mode:o}");
        }
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(!is_read_only(&file));
        // Through a link, the file's mode counts; a folder or nothing is not "read-only".
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
        assert!(is_read_only(&link));
        assert!(!is_read_only(dir.path()));
        assert!(!is_read_only(&dir.path().join("missing")));
    }
}
