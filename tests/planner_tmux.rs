//! The real planner binary in a real terminal: a detached tmux session of fixed size,
//! driven with send-keys and read with capture-pane. `.ci/run` installs tmux where it
//! is missing; this test installs nothing.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for a screen before giving up. A ceiling for slow machines, not a
/// measurement: polls return as soon as the text appears.
const PATIENCE: Duration = Duration::from_secs(30);

/// A tmux server of its own (own socket), killed when the test ends, pass or fail.
struct Tmux {
    socket: String,
    session: &'static str,
}

impl Tmux {
    /// Starts `workplan ARGS` in a 120×40 terminal; the shell reports its exit status.
    /// `name` keeps the servers of tests running in parallel apart.
    fn start(name: &str, args: &[&Path], env: &[(&str, &str)]) -> Self {
        let socket = format!("workplan-test-{}-{name}", std::process::id());
        let tmux = Self {
            socket,
            session: "planner",
        };
        let mut command = vec!["env".to_string()];
        command.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        command.push(shell_quote(env!("CARGO_BIN_EXE_workplan")));
        command.extend(args.iter().map(|a| shell_quote(&a.display().to_string())));
        let script = format!("{}; echo \"exit status $?\"; sleep 600", command.join(" "));
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            tmux.session,
            "-x",
            "120",
            "-y",
            "40",
            "sh",
            "-c",
            &script,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux is installed (.ci/run installs it)")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.session];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(out.status.success(), "send-keys {keys:?}");
    }

    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", self.session]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; panics with the last screen otherwise.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    fn wait_until_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn copy_of_firearms(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("firearms.yaml");
    std::fs::copy(common::root().join("plans/firearms.yaml"), &path).expect("copy plan");
    path
}

#[test]
fn move_shift_undo_and_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let before = std::fs::read(&plan).expect("read");
    let tmux = Tmux::start(
        "move",
        &[&plan],
        &[("NO_COLOR", "1"), ("TERM", "xterm-256color")],
    );
    tmux.wait_for("Meetings (18)");
    // The 12th meeting is selected on opening; move its T3 three meetings down.
    tmux.keys(&["m"]);
    tmux.wait_for("Moving T3");
    tmux.keys(&["Down", "Down", "Down", "Enter"]);
    tmux.wait_for("already has T6");
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("● modified");
    assert!(screen.contains("!T3"), "misalignment marked:\n{screen}");
    assert!(screen.contains("20th"), "meeting appended:\n{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("changes that are not saved");
    // Esc alone: followed at once by another key, a terminal reads it as Alt+key.
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("changes that are not saved");
    tmux.keys(&["u"]);
    tmux.wait_for("Undone");
    tmux.keys(&["q"]);
    tmux.wait_for("exit status 0");
    assert_eq!(
        std::fs::read(&plan).expect("read"),
        before,
        "file untouched"
    );
}

#[test]
fn tiny_terminal_says_how_large_it_must_be() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start("tiny", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "60", "-y", "15"]);
    tmux.wait_for("this one is 60×15");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "120", "-y", "40"]);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["q"]);
    tmux.wait_for("exit status 0");
}
