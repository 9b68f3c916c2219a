//! Saving survives being killed: a process saving the plan over and over is SIGKILLed at
//! many moments, and the file on disk is always the old version or the new one, whole.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use workplan::plan::{parse, save};

const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

/// A small deterministic generator: the moments differ from kill to kill but not from
/// run to run, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn killed_saves_leave_the_old_or_the_new_file() {
    // The two versions `workplan dev save-loop` alternates between.
    let old = FIREARMS.to_owned();
    let original = parse(&old).expect("shipped plan").plan;
    let mut revised = original.clone();
    revised.title.push_str(" (revised)");
    let new = save::render(Some(&old), &revised).expect("render").text;
    assert_ne!(old, new);
    assert_eq!(
        save::render(Some(&new), &original).expect("render").text,
        old,
        "saving back the original gives the original text"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("firearms.yaml");
    let mut rng = Lcg(0x5eed);
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..40 {
        std::fs::write(&path, &old).expect("reset the plan");
        let mut child = Command::new(env!("CARGO_BIN_EXE_workplan"))
            .args(["dev", "save-loop"])
            .arg(&path)
            .args(["--count", "1000000"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start save-loop");
        // Wait until it is saving (or has died: then the read ends and try_wait says so).
        let mut ready = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut ready);
        }
        std::thread::sleep(Duration::from_micros(rng.below(300_000)));
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            panic!("save-loop stopped by itself ({status}): {err}");
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let on_disk = std::fs::read_to_string(&path).expect("the plan file is still there");
        if on_disk == old {
            saw_old += 1;
        } else if on_disk == new {
            saw_new += 1;
        } else {
            panic!(
                "round {round}: torn file ({} bytes), neither version:\n{on_disk}",
                on_disk.len()
            );
        }
    }
    // Kills landed on both sides of a save, so the test saw the loop at work.
    assert!(saw_old > 0 && saw_new > 0, "old {saw_old}, new {saw_new}");
    // Each kill inside a write leaves its temporary file; the next save cleans them up.
    let leftovers = || {
        std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .count()
    };
    eprintln!("{} temporary files left by 40 kills", leftovers());
    let status = Command::new(env!("CARGO_BIN_EXE_workplan"))
        .args(["dev", "save-loop"])
        .arg(&path)
        .args(["--count", "1"])
        .stdout(Stdio::null())
        .status()
        .expect("one more save");
    assert!(status.success());
    assert_eq!(leftovers(), 0, "the next save removes the leftovers");
}

/// A disk that fills up mid-save, simulated with a file-size limit: the write of the
/// new version fails part-way (the kernel stops the process with SIGXFSZ) and the plan
/// on disk is still the old version, whole.
#[test]
fn a_full_disk_mid_save_leaves_the_old_file_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("firearms.yaml");
    std::fs::write(&path, FIREARMS).expect("copy the plan");
    let status = Command::new("prlimit")
        .arg("--fsize=10000")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .args(["dev", "save-loop"])
        .arg(&path)
        .args(["--count", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("prlimit (util-linux) runs the save");
    assert!(
        !status.success(),
        "the save cannot have succeeded: {status}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("plan"), FIREARMS);
}
