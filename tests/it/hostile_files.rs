//! Files that are not what they seem, through the real binary: devices, named pipes,
//! sockets, links and huge files given as the plan, as `-o`, or standing where the
//! recovery file goes. Nothing is replaced that is not a regular file, nothing hangs,
//! nothing is read past the size limit, and no message leaks the implementation.
//!
//! Devices are private copies made with mknod in a temporary folder (when the tests run
//! as root; skipped with a note otherwise), so no test can damage the machine's own
//! `/dev/null`. Every run has no controlling terminal (setsid), 200 MiB of address
//! space and a wall-clock kill-switch; none of these is a performance assertion.

use crate::common;

use std::io::{Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{assert_no_leak, root};

const MAX_ADDRESS_SPACE: u64 = 200 * 1024 * 1024;
const WALL_CLOCK_KILL: Duration = Duration::from_secs(20);
const EXAMPLE: &str = "plans/example.yaml";

struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `workplan ARGS` in `dir` without a terminal, under the limits; `feed` (if any)
/// runs on a thread of its own while it does (a pipe's other end).
fn run(dir: &Path, args: &[&str], feed: Option<Box<dyn FnOnce() + Send>>) -> Outcome {
    run_with(dir, &[], args, feed)
}

/// [`run`] with a command (such as `/usr/bin/time`) put before the binary.
fn run_with(
    dir: &Path,
    before: &[&str],
    args: &[&str],
    feed: Option<Box<dyn FnOnce() + Send>>,
) -> Outcome {
    // The other end of a pipe, which reports when it is done: were workplan to replace
    // the pipe instead of writing into it, that end would wait for ever.
    let fed = feed.map(|f| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            f();
            let _ = tx.send(());
        });
        rx
    });
    let child = Command::new("prlimit")
        .arg(format!("--as={MAX_ADDRESS_SPACE}"))
        .arg("--")
        .args(before)
        .arg("setsid")
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit and setsid (util-linux) are needed");
    let (status, stdout, stderr) = common::finish(child, args, WALL_CLOCK_KILL);
    if let Some(rx) = fed {
        assert!(
            rx.recv_timeout(WALL_CLOCK_KILL).is_ok(),
            "workplan {args:?} never served the other end of the pipe"
        );
    }
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(
            status.signal().is_none(),
            "workplan {args:?} was killed by signal {:?} (6: an allocation over 200 MiB); stderr: {stderr}",
            status.signal()
        );
    }
    assert_ne!(status.code(), Some(101), "panicked: {stderr}");
    assert_no_leak(&format!("workplan {args:?}"), &stderr);
    assert_no_leak(&format!("workplan {args:?}"), &stdout);
    Outcome {
        status: status.code(),
        stdout,
        stderr,
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A private character device like `/dev/null` (minor 3) or `/dev/full` (minor 7).
fn char_device(dir: &Path, name: &str, minor: u32) -> Option<PathBuf> {
    let path = dir.join(name);
    let made = Command::new("mknod")
        .args(["-m", "666"])
        .arg(&path)
        .args(["c", "1", &minor.to_string()])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // A `nodev` mount holds the node but will not open it.
    (made && std::fs::OpenOptions::new().write(true).open(&path).is_ok()).then_some(path)
}

fn is_char_device(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

fn tempdir() -> tempfile::TempDir {
    // Not ".tmp…": temporary names in messages are looked for.
    tempfile::Builder::new()
        .prefix("hostile")
        .tempdir()
        .expect("temp dir")
}

fn plan_in(dir: &Path) -> PathBuf {
    let plan = dir.join("plan.yaml");
    std::fs::copy(root().join(EXAMPLE), &plan).expect("copy");
    plan
}

#[test]
fn export_and_realign_write_to_a_device_without_replacing_it() {
    let dir = tempdir();
    let Some(null) = char_device(dir.path(), "null", 3) else {
        eprintln!("skipped: device nodes cannot be made here (not root?)");
        return;
    };
    let plan = root().join(EXAMPLE);
    let scenario = root().join("plans/scenarios/cluster-2-three-years-late.yaml");
    for args in [
        vec![
            "export",
            plan.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            "null",
        ],
        vec!["realign", scenario.to_str().unwrap(), "-o", "null"],
    ] {
        let out = run(dir.path(), &args, None);
        assert_eq!(out.status, Some(0), "{args:?}: {}", out.stderr);
        assert!(
            is_char_device(&null),
            "{args:?} turned the device into a file"
        );
    }
}

#[test]
fn a_full_device_says_the_disk_is_full_once() {
    let dir = tempdir();
    let Some(_) = char_device(dir.path(), "full", 7) else {
        eprintln!("skipped: device nodes cannot be made here (not root?)");
        return;
    };
    let plan = root().join(EXAMPLE);
    let args = [
        "export",
        plan.to_str().unwrap(),
        "--format",
        "md",
        "-o",
        "full",
    ];
    let out = run(dir.path(), &args, None);
    assert_eq!(out.status, Some(2), "{}", out.stderr);
    assert_eq!(
        out.stderr.matches("disk is full").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(is_char_device(&dir.path().join("full")));
}

#[test]
fn export_to_dev_stdout_writes_to_standard_output() {
    let dir = tempdir();
    let plan = root().join(EXAMPLE);
    let args = ["export", plan.to_str().unwrap(), "--format", "csv"];
    let direct = run(dir.path(), &args, None);
    let via = run(
        dir.path(),
        &[&args[..], &["-o", "/dev/stdout"]].concat(),
        None,
    );
    assert_eq!(via.status, Some(0), "{}", via.stderr);
    assert!(!direct.stdout.is_empty());
    assert_eq!(via.stdout, direct.stdout);
}

#[test]
fn export_to_dev_stdout_sent_to_a_file_writes_that_file_not_a_new_one() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempdir();
    let out_path = dir.path().join("out.csv");
    std::fs::write(
        &out_path,
        "a much longer text than the export will be ".repeat(200),
    )
    .unwrap();
    let before = std::fs::metadata(&out_path).unwrap().ino();
    let plan = root().join(EXAMPLE);
    // As `workplan export ... -o /dev/stdout > out.csv` from a shell.
    let out = Command::new(env!("CARGO_BIN_EXE_workplan"))
        .args([
            "export",
            plan.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            "/dev/stdout",
        ])
        .env_clear()
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let direct = run(
        dir.path(),
        &["export", plan.to_str().unwrap(), "--format", "csv"],
        None,
    );
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), direct.stdout);
    assert_eq!(
        std::fs::metadata(&out_path).unwrap().ino(),
        before,
        "the shell's file was replaced by another"
    );
}

#[test]
fn export_to_a_named_pipe_writes_into_it() {
    let dir = tempdir();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = {
        let fifo = fifo.clone();
        Box::new(move || {
            let mut text = String::new();
            if let Ok(mut f) = std::fs::File::open(&fifo) {
                let _ = f.read_to_string(&mut text);
            }
            let _ = tx.send(text);
        })
    };
    let plan = root().join(EXAMPLE);
    let args = [
        "export",
        plan.to_str().unwrap(),
        "--format",
        "csv",
        "-o",
        "pipe",
    ];
    let out = run(dir.path(), &args, Some(reader));
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    let text = rx.recv().expect("the reader ran");
    assert!(text.starts_with("number,"), "{text}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_socket_as_output_is_refused_by_name() {
    let dir = tempdir();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("sock")).unwrap();
    let plan = root().join(EXAMPLE);
    for args in [
        vec![
            "export",
            plan.to_str().unwrap(),
            "--format",
            "md",
            "-o",
            "sock",
        ],
        vec!["realign", plan.to_str().unwrap(), "-o", "sock"],
    ] {
        let out = run(dir.path(), &args, None);
        assert_eq!(out.status, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("it is a socket"), "{}", out.stderr);
        let kind = std::fs::metadata(dir.path().join("sock")).unwrap();
        assert!(kind.file_type().is_socket());
    }
}

#[test]
fn the_planner_refuses_an_endless_or_huge_plan_before_reading_it() {
    let dir = tempdir();
    let sparse = dir.path().join("sparse.yaml");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    for plan in ["/dev/zero", "sparse.yaml"] {
        let out = run(dir.path(), &[plan], None);
        assert_eq!(out.status, Some(2), "{plan}: {}", out.stdout);
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(said.contains("over the limit of 67108864 bytes"), "{said}");
    }
}

#[test]
fn the_planner_does_not_slurp_an_endless_device() {
    // Under the address-space cap a runaway read fails softly; its memory shows it.
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipped: /usr/bin/time is not installed");
        return;
    }
    let dir = tempdir();
    let out = run_with(
        dir.path(),
        &["/usr/bin/time", "-f", "peak-kib=%M"],
        &["/dev/zero"],
        None,
    );
    assert_eq!(out.status, Some(2), "{}", out.stderr);
    let peak: u64 = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-kib="))
        .and_then(|v| v.trim().parse().ok())
        .expect("time reports the peak");
    // The limit is 64 MiB; the bounded reader never needs more than the limit.
    assert!(peak < 100 * 1024, "peak resident memory {peak} KiB");
}

#[test]
fn the_planner_reads_a_named_pipe_once() {
    let dir = tempdir();
    let fifo = dir.path().join("p.yaml");
    mkfifo(&fifo);
    let text = std::fs::read(root().join(EXAMPLE)).unwrap();
    let writer = {
        let fifo = fifo.clone();
        Box::new(move || {
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                let _ = f.write_all(&text);
            }
        })
    };
    // Read and parsed, then refused for want of a terminal: not waiting for a second
    // writer that never comes.
    let out = run(dir.path(), &["p.yaml"], Some(writer));
    assert_eq!(out.status, Some(3), "{}", out.stderr);
    assert!(out.stderr.contains("needs a terminal"), "{}", out.stderr);
}

#[test]
fn without_a_terminal_the_planner_says_what_works_instead() {
    let dir = tempdir();
    plan_in(dir.path());
    let out = run(dir.path(), &["plan.yaml"], None);
    // Status 3, apart from 2 (an unreadable file), so a script can tell them apart.
    assert_eq!(out.status, Some(3), "{}", out.stderr);
    assert!(
        out.stderr.contains("needs a terminal") && out.stderr.contains("workplan show PLAN"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.is_empty(),
        "no escape codes into a pipe: {}",
        out.stdout
    );
}

#[test]
fn a_pipe_or_link_where_the_recovery_file_goes_does_not_block_or_leak() {
    let dir = tempdir();
    plan_in(dir.path());
    let recovery = dir.path().join(".plan.yaml.wp-recover");
    // A pipe with no writer: reading it the usual way waits forever.
    mkfifo(&recovery);
    let out = run(dir.path(), &["plan.yaml"], None);
    assert_eq!(out.status, Some(3), "{}", out.stderr);
    assert!(out.stderr.contains("needs a terminal"), "{}", out.stderr);
    std::fs::remove_file(&recovery).unwrap();
    // A link to a huge file is not followed, let alone read.
    let huge = dir.path().join("huge");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    std::os::unix::fs::symlink(&huge, &recovery).unwrap();
    let out = run(dir.path(), &["plan.yaml"], None);
    // On to the missing terminal (3), past the link.
    assert_eq!(out.status, Some(3), "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&recovery).unwrap().is_symlink());
}

#[test]
fn a_start_removes_the_leftovers_of_killed_saves_and_only_those() {
    let dir = tempdir();
    plan_in(dir.path());
    let stale = dir.path().join(".plan.yaml.wp-k1LLed.tmp");
    let other = dir.path().join(".plan.yaml.backup.tmp");
    let elsewhere = dir.path().join(".other.yaml.wp-k1LLed.tmp");
    for p in [&stale, &other, &elsewhere] {
        std::fs::write(p, "half a plan").unwrap();
    }
    run(dir.path(), &["plan.yaml"], None);
    assert!(!stale.exists(), "the leftover of a killed save stays");
    assert!(other.exists() && elsewhere.exists());
}
