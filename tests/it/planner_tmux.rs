//! The real planner binary in a real terminal: a detached tmux session of fixed size,
//! driven with send-keys and read with capture-pane. `.ci/run` installs tmux where it
//! is missing; this test installs nothing.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for a screen before giving up. A ceiling for slow machines, not a
/// measurement: polls return as soon as the text appears.
const PATIENCE: Duration = Duration::from_secs(30);

/// True when tmux is missing and the test should stop here: a developer's `cargo test`
/// then passes with a note, while `.ci/run` (which installs tmux and sets
/// WORKPLAN_REQUIRE_TOOLS) fails instead of skipping.
fn without_tmux() -> bool {
    let present = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var_os("WORKPLAN_REQUIRE_TOOLS").is_none(),
            "tmux is not installed; .ci/run installs it"
        );
        eprintln!("skipped: tmux is not installed (apt-get install tmux, or run .ci/run)");
    }
    !present
}

/// A tmux server of its own (own socket), killed when the test ends, pass or fail.
struct Tmux {
    socket: String,
    session: &'static str,
}

impl Tmux {
    /// Starts `workplan ARGS` in a 120×40 terminal, under a shell that prints its exit
    /// status and then keeps the pane open. `name` keeps the servers of tests running in
    /// parallel apart.
    fn start(name: &str, args: &[&Path], env: &[(&str, &str)]) -> Self {
        let socket = format!("workplan-test-{}-{name}", std::process::id());
        let tmux = Self {
            socket,
            session: "planner",
        };
        let mut command: Vec<String> = vec!["env".into(), "-i".into()];
        for key in ["PATH", "HOME"] {
            if let Some(v) = std::env::var_os(key) {
                command.push(format!("{key}={}", v.to_string_lossy()));
            }
        }
        command.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        command.push(env!("CARGO_BIN_EXE_workplan").into());
        command.extend(args.iter().map(|a| a.display().to_string()));
        let quoted: Vec<String> = command.iter().map(|c| shell_quote(c)).collect();
        let script = format!("{}; echo \"exit status $?\"; sleep 600", quoted.join(" "));
        let out = tmux.run(&[
            "-f",
            "/dev/null",
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

    /// The process id of workplan: the child of the pane's shell (Linux /proc).
    fn pid(&self) -> String {
        let out = self.run(&["display-message", "-p", "-t", self.session, "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let start = Instant::now();
        loop {
            for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
                let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                    continue;
                };
                // pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
                let ppid = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1));
                if ppid == Some(shell.as_str()) {
                    return entry.file_name().to_string_lossy().into_owned();
                }
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no workplan process under {shell}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the program to end; returns its exit status as the shell reports it.
    fn wait_for_exit(&self) -> i32 {
        let screen = self.wait_for("exit status ");
        screen
            .lines()
            // After a resize the line may follow what the planner left on the screen.
            .find_map(|l| l.split_once("exit status ").map(|(_, n)| n))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(-1)
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
        let out = self.run(&["capture-pane", "-p", "-J", "-S", "-100", "-t", self.session]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; panics with the last screen otherwise.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the message line says `text`, which may wrap over several lines at
    /// a narrow terminal: the screen's lines are read as one text, joined by spaces.
    fn wait_for_message(&self, text: &str) -> String {
        let joined = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        self.wait_until(&format!("the message {text:?}"), |s| {
            joined(s).contains(text)
        })
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

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn copy_of_firearms(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("firearms.yaml");
    std::fs::copy(common::root().join("plans/firearms.yaml"), &path).expect("copy plan");
    path
}

#[test]
fn move_shift_undo_and_quit_in_a_real_terminal() {
    if without_tmux() {
        return;
    }
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
    assert_eq!(tmux.wait_for_exit(), 0);
    assert_eq!(
        std::fs::read(&plan).expect("read"),
        before,
        "file untouched"
    );
}

#[test]
fn tiny_terminal_says_how_large_it_must_be() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start("tiny", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "60", "-y", "15"]);
    tmux.wait_for("this one is 60×15");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "120", "-y", "40"]);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

#[test]
fn move_save_quit_writes_a_plan_that_checks_as_expected_with_comments_intact() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let before = std::fs::read_to_string(&plan).expect("read");
    let tmux = Tmux::start("save", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["m"]);
    tmux.wait_for("Moving T3");
    tmux.keys(&["Down", "Down", "Down", "Enter"]);
    tmux.wait_for("already has T6");
    tmux.keys(&["s"]);
    tmux.wait_for("● modified");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to");
    tmux.wait_until_gone("● modified");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);

    let after = std::fs::read_to_string(&plan).expect("read");
    assert_eq!(
        comment_lines(&after),
        comment_lines(&before),
        "comments intact"
    );
    let expected = workplan::edit::apply(
        &workplan::plan::parse(&before).expect("parses").plan,
        &workplan::edit::Edit::MoveFixed {
            topic: "T3".into(),
            to: workplan::plan::MeetingNumber::new(15),
            conflict: workplan::edit::Conflict::Shift,
        },
    )
    .expect("the same edit");
    assert_eq!(
        workplan::plan::parse(&after).expect("reads back").plan,
        expected
    );
    // The shift makes T3 and T9 late: check says so, with lines in the saved file.
    common::workplan()
        .arg("check")
        .arg(&plan)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "error[misaligned-late]: T3 is on the 15th meeting",
        ))
        .stdout(predicates::str::contains("error[misaligned-late]: T9"))
        .stdout(predicates::str::contains("2 errors, 1 warning"));
}

/// Edits, then stops the planner with `signal`; the next start offers the edits back.
fn recovery_after(signal: &str, status: i32) {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let before = std::fs::read(&plan).expect("read");
    let state = dir.path().join("state");
    let env = with_state(&state);
    let tmux = Tmux::start(signal, &[&plan], &env);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["p"]);
    tmux.wait_for("● modified");
    let kill = Command::new("kill")
        .args(["-s", signal, &tmux.pid()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    assert_eq!(tmux.wait_for_exit(), status);
    let screen = tmux.wait_for("unsaved edits are in");
    assert!(
        screen.contains(&format!("stopped by SIG{signal}")),
        "{screen}"
    );
    assert_eq!(
        std::fs::read(&plan).expect("read"),
        before,
        "plan untouched"
    );
    let kept = recovery_files(&state);
    assert_eq!(kept.len(), 1, "one recovery file in the state folder");
    assert!(!dir.path().join(".firearms.yaml.wp-recover").exists());
    let recovery = &kept[0];
    drop(tmux);

    let tmux = Tmux::start(&format!("{signal}-again"), &[&plan], &env);
    tmux.wait_for("Unsaved edits found");
    tmux.keys(&["r"]);
    let screen = tmux.wait_for("Restored the unsaved edits");
    assert!(
        screen.contains("● modified") && screen.contains("20th"),
        "{screen}"
    );
    assert!(!recovery.exists(), "restored edits leave the recovery file");
    quit_discarding(&tmux);
}

#[test]
fn sigterm_keeps_unsaved_edits_for_the_next_start() {
    recovery_after("TERM", 143);
}

#[test]
fn sighup_keeps_unsaved_edits_for_the_next_start() {
    recovery_after("HUP", 129);
}

#[test]
fn sigint_from_outside_keeps_unsaved_edits_too() {
    recovery_after("INT", 130);
}

#[test]
fn closing_the_terminal_keeps_unsaved_edits() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let state = dir.path().join("state");
    let env = with_state(&state);
    let tmux = Tmux::start("close", &[&plan], &env);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["p"]);
    tmux.wait_for("● modified");
    // The window goes away as when a terminal emulator is closed: the planner gets
    // SIGHUP and its terminal stops answering.
    tmux.run(&["kill-session", "-t", tmux.session]);
    let start = Instant::now();
    let recovery = loop {
        if let Some(found) = recovery_files(&state).pop() {
            break found;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "no recovery file after the terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = std::fs::read_to_string(&recovery).expect("recovery file");
    assert!(text.starts_with("# workplan recovery file"), "{text}");
}

/// A repository ships `.PLAN.wp-recover` as a link to a file of the user's: SIGTERM
/// must not write through it. The edits go to the state folder, the message says so,
/// and the next start finds them there and only points at the link.
#[test]
fn a_linked_recovery_file_is_not_written_through() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").expect("write");
    let link = dir.path().join(".firearms.yaml.wp-recover");
    std::os::unix::fs::symlink(&victim, &link).expect("symlink");
    let state = dir.path().join("state");
    let env = with_state(&state);
    let tmux = Tmux::start("link", &[&plan], &env);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["p"]);
    tmux.wait_for("● modified");
    let kill = Command::new("kill")
        .args(["-s", "TERM", &tmux.pid()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    assert_eq!(tmux.wait_for_exit(), 143);
    let screen = tmux.wait_for("unsaved edits are in");
    assert!(
        screen.contains("/state/workplan/firearms.yaml."),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(std::fs::symlink_metadata(&link).expect("link").is_symlink());
    drop(tmux);

    let tmux = Tmux::start("link-again", &[&plan], &env);
    let screen = tmux.wait_for("Unsaved edits found");
    assert!(
        screen.contains("Not offered as your unsaved edits"),
        "{screen}"
    );
    tmux.keys(&["r"]);
    tmux.wait_for("Restored the unsaved edits");
    quit_discarding(&tmux);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
}

#[test]
fn a_paste_is_taken_whole_into_the_filter_line_breaks_and_all() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start("paste", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["/"]);
    tmux.wait_for("/▏");
    // 20 KB with line breaks: sent as keys, a line break would be Enter (closing the
    // filter) and the `q` after it would quit. As one bracketed paste the field takes
    // it whole, each line break a space.
    let text = format!("{}\nviEnna\nq 2025", "Firearms ".repeat(20 * 1024 / 9));
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, &text).expect("write the paste");
    let out = tmux.run(&["load-buffer", "-b", "p", &file.display().to_string()]);
    assert!(out.status.success(), "load-buffer: {out:?}");
    let out = tmux.run(&["paste-buffer", "-p", "-b", "p", "-t", tmux.session]);
    assert!(out.status.success(), "paste-buffer");
    let screen = tmux.wait_for("viEnna q 2025▏");
    assert!(screen.contains("Meetings (0 of 18"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Meetings (18)");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// The cursor's column and row as tmux sees it.
fn cursor(tmux: &Tmux) -> (usize, usize) {
    let out = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        tmux.session,
        "#{cursor_x} #{cursor_y}",
    ]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut it = text
        .split_whitespace()
        .map(|n| n.parse().unwrap_or(usize::MAX));
    (it.next().unwrap_or(0), it.next().unwrap_or(0))
}

/// Column (in characters, all one column wide here) and row of `text` on the screen.
fn position(screen: &str, text: &str) -> Option<(usize, usize)> {
    screen.lines().enumerate().find_map(|(row, line)| {
        line.find(text)
            .map(|byte| (line[..byte].chars().count(), row))
    })
}

#[test]
fn dates_are_edited_at_the_cursor_and_typing_replaces_the_old_ones() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start("textedit", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    // The 12th meeting (2025, no dates yet) is selected on opening.
    tmux.keys(&["e"]);
    tmux.wait_for("Edit");
    tmux.keys(&["d"]);
    tmux.wait_for("Dates of the 12th meeting");
    tmux.keys(&["-l", "2025-06-12"]);
    tmux.wait_for("2025-06-12▏");
    tmux.keys(&["Enter"]);
    // The dialog is gone when the message states the result.
    tmux.wait_for("Dates of the 12th meeting set to 2025-06-12.");
    // Opened again, the field holds the dates, selected: typing replaces them.
    tmux.keys(&["e"]);
    tmux.wait_for("Edit");
    tmux.keys(&["d"]);
    tmux.wait_for("2025-06-12▏");
    tmux.keys(&["-l", "2026-06-10"]);
    let screen = tmux.wait_for("2026-06-10▏");
    assert!(!screen.contains("2025-06-122026"), "{screen}");
    // Cursor keys edit in the middle, and the terminal cursor is where the edit is.
    tmux.keys(&["Home", "Right", "Right", "Right", "Right", "BSpace", "7"]);
    let screen = tmux.wait_for("2027▏-06-10");
    let bar = position(&screen, "▏-06-10").expect("the bar");
    assert_eq!(cursor(&tmux), bar, "{screen}");
    tmux.keys(&["End", "Left", "Left", "Left", "C-u"]);
    tmux.wait_for("▏-10");
    tmux.keys(&["C-k"]);
    tmux.wait_until_gone("▏-10");
    tmux.keys(&["-l", "2026-06-10"]);
    tmux.wait_for("2026-06-10▏");
    tmux.keys(&["Enter"]);
    // The message wraps at the window's width: its start is enough.
    tmux.wait_for("The 12th meeting moves from 2025 to");
    quit_discarding(&tmux);
}

/// The rows of the Findings pane (below its title, inside its borders), each with
/// whether it is drawn reversed: the selected finding is marked only by that style.
fn findings_rows(tmux: &Tmux) -> Vec<(String, bool)> {
    let out = tmux.run(&["capture-pane", "-p", "-e", "-t", tmux.session]);
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    let plain = |line: &str| {
        let mut text = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                // CSI: up to the final byte.
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                text.push(c);
            }
        }
        text
    };
    let lines: Vec<&str> = screen.lines().collect();
    let Some(title) = lines.iter().position(|l| plain(l).contains("Findings (")) else {
        return Vec::new();
    };
    lines[title + 1..]
        .iter()
        .take_while(|l| plain(l).starts_with('│'))
        .map(|l| (plain(l), reversed(l)))
        .collect()
}

/// Whether an SGR sequence of the line turns on reverse video (parameter 7).
fn reversed(line: &str) -> bool {
    line.split("\u{1b}[").skip(1).any(|seq| {
        seq.split_once('m')
            .is_some_and(|(params, _)| params.split(';').any(|p| p == "7"))
    })
}

fn selected_finding(tmux: &Tmux) -> Option<(usize, String)> {
    findings_rows(tmux)
        .into_iter()
        .enumerate()
        .find_map(|(i, (text, reversed))| reversed.then_some((i, text)))
}

/// Presses `key` and waits until the selected finding is `want` (row in the pane, or
/// any row other than `not`).
fn finding_after(
    tmux: &Tmux,
    key: &str,
    done: impl Fn(&(usize, String)) -> bool,
) -> (usize, String) {
    tmux.keys(&[key]);
    let start = Instant::now();
    loop {
        if let Some(s) = selected_finding(tmux).filter(|s| done(s)) {
            return s;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "after {key}: selected finding {:?}; pane {:#?}",
            selected_finding(tmux),
            findings_rows(tmux)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn page_keys_move_through_the_findings_pane() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start(
        "findings",
        &[&plan],
        &[("NO_COLOR", "1"), ("TERM", "xterm-256color")],
    );
    tmux.wait_for("Meetings (18)");
    // Eight new meetings without topics: eight findings, more than the pane has rows.
    for _ in 0..8 {
        tmux.keys(&["a"]);
    }
    tmux.wait_for("26th");
    // More findings than rows: the title says which are in view ("1–6 of 8").
    let screen = tmux.wait_for(" of 8) — errors first");
    tmux.keys(&["Tab", "Tab"]);
    let first = finding_after(&tmux, "g", |_| true);
    let rows = findings_rows(&tmux).len();
    assert!(
        rows < 8,
        "the pane shows fewer rows than there are findings:\n{screen}"
    );
    assert_eq!(first.0, 0, "g selects the first finding");
    let last = finding_after(&tmux, "G", |s| s.1 != first.1);
    assert_eq!(
        last.0,
        rows - 1,
        "G selects the last finding, shown at the bottom"
    );
    assert_eq!(finding_after(&tmux, "Home", |s| s.1 == first.1), first);
    assert_eq!(finding_after(&tmux, "End", |s| s.1 == last.1), last);
    assert_eq!(finding_after(&tmux, "g", |s| s.1 == first.1), first);
    let page = finding_after(&tmux, "PageDown", |s| s.1 != first.1);
    assert!(page.0 > 1, "PgDn moves a page, not a row: {page:?}");
    assert_eq!(finding_after(&tmux, "PageUp", |s| s.1 == first.1), first);
    quit_discarding(&tmux);
}

/// The config file named by WORKPLAN_CONFIG, in a temp dir.
fn config_file(dir: &Path, text: &str) -> String {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path.display().to_string()
}

#[test]
fn keys_remapped_in_the_config_file_work_and_show_in_the_key_bar_and_help() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let config = config_file(dir.path(), "[keys]\ndown = \"n\"\nhelp = \"f1\"\n");
    let tmux = Tmux::start(
        "config",
        &[&plan],
        &[("TERM", "xterm-256color"), ("WORKPLAN_CONFIG", &config)],
    );
    // A frame may reach the terminal in several writes: wait for the line itself.
    let screen = tmux.wait_for("F1 help");
    assert!(!screen.contains("? help"), "key bar:\n{screen}");
    // The 12th meeting is selected on opening; n is the next meeting now.
    tmux.keys(&["n"]);
    // The details' title: "13th meeting", or "13th · lines …" when they do not fit.
    tmux.wait_for("┌ 13th ");
    // j no longer moves (the help overlay opening shows it was read); ? no longer helps.
    tmux.keys(&["j", "?", "F1"]);
    let screen = tmux.wait_for("     n  next row (text: scroll down)");
    assert!(!screen.contains("↓ or j  next row"), "help:\n{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_until_gone("Help — Esc closes");
    assert!(screen.contains("┌ 13th "), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

#[test]
fn a_broken_config_file_is_named_and_the_planner_starts_with_the_defaults() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let config = config_file(dir.path(), "[keys]\nhlep = \"f1\"\n");
    let tmux = Tmux::start(
        "badconfig",
        &[&plan],
        &[("TERM", "xterm-256color"), ("WORKPLAN_CONFIG", &config)],
    );
    tmux.wait_for("config.toml:2:1: unknown action `hlep`; did you mean `help`?");
    tmux.keys(&["?"]);
    tmux.wait_for("Help — Esc closes");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Help — Esc closes");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// The table's row of `number` (e.g. "19th") on the screen with escapes kept: whether
/// it is shown, and whether it is drawn reversed (selected).
fn table_row(tmux: &Tmux, number: &str) -> Option<bool> {
    let out = tmux.run(&["capture-pane", "-p", "-e", "-t", tmux.session]);
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    let start = format!("│{number} ");
    let styled = format!("│\u{1b}[7m{number} ");
    screen
        .lines()
        .find(|l| {
            let plain: String = l
                .split('\u{1b}')
                .map(|p| {
                    p.trim_start_matches(|c: char| c == '[' || c.is_ascii_digit() || c == ';')
                        .trim_start_matches('m')
                })
                .collect();
            plain.starts_with(&start)
        })
        .map(|l| l.contains(&styled) || reversed(l))
}

#[test]
fn growing_the_window_after_g_fills_the_table_again() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start(
        "resize",
        &[&plan],
        &[("NO_COLOR", "1"), ("TERM", "xterm-256color")],
    );
    tmux.wait_for("Meetings (18)");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"]);
    tmux.wait_until("80x24", |_| {
        table_row(&tmux, "1st").is_none() || table_row(&tmux, "19th").is_none()
    });
    tmux.keys(&["G"]);
    tmux.wait_until("19th selected at 80x24", |_| {
        table_row(&tmux, "19th") == Some(true)
    });
    assert_eq!(table_row(&tmux, "1st"), None, "80x24 cannot show all 18");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "200", "-y", "60"]);
    let screen = tmux.wait_until("the table filled at 200x60", |_| {
        table_row(&tmux, "1st").is_some()
    });
    assert_eq!(
        table_row(&tmux, "19th"),
        Some(true),
        "the last meeting still shown and selected:\n{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// The environment of a planner whose state folder (`$XDG_STATE_HOME`) is `state`: its
/// recovery files go there, never into the home of whoever runs the tests.
fn with_state(state: &Path) -> [(&'static str, &str); 2] {
    let state = state.to_str().expect("utf-8 path");
    [("TERM", "xterm-256color"), ("XDG_STATE_HOME", state)]
}

/// The recovery files in the state folder `state` (`$XDG_STATE_HOME`).
fn recovery_files(state: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(state.join("workplan")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".wp-recover"))
        .collect()
}

/// Starts the planner on `plan` with its state folder in `state` and presses `keys`,
/// which edit the plan.
fn start_and_edit(name: &str, plan: &Path, state: &Path, keys: &[&str]) -> Tmux {
    let tmux = Tmux::start(name, &[plan], &with_state(state));
    tmux.wait_for("Meetings (18)");
    tmux.keys(keys);
    tmux.wait_for("● modified");
    tmux
}

/// Stops the planner with SIGTERM: its edits go to a recovery file.
fn stop(tmux: &Tmux) {
    let kill = Command::new("kill")
        .args(["-s", "TERM", &tmux.pid()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    assert_eq!(tmux.wait_for_exit(), 143);
    tmux.wait_for("unsaved edits are in");
}

const PULLED_TITLE: &str = "Multi-year workplan, as pulled";

/// Edits are kept, the plan changes on disk (a `git pull`), the next start offers the
/// edits: the offer says the plan changed, restoring merges the edits onto the new
/// version, and saving keeps both the pulled change and the edits.
#[test]
fn recovered_edits_are_merged_onto_a_plan_changed_since() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let state = dir.path().join("state");
    stop(&start_and_edit("changed", &plan, &state, &["p"]));
    let text = std::fs::read_to_string(&plan).expect("read");
    let pulled = text.replace(
        "title: Multi-year workplan of the Working Group on Firearms",
        &format!("title: {PULLED_TITLE}"),
    );
    assert_ne!(pulled, text);
    std::fs::write(&plan, &pulled).expect("the pull");

    let env = with_state(&state);
    let tmux = Tmux::start("changed-again", &[&plan], &env);
    let offer = tmux.wait_for("Unsaved edits found");
    tmux.keys(&["r"]);
    tmux.wait_for("Restored the unsaved edits");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to");
    let saved = workplan::plan::parse(&std::fs::read_to_string(&plan).expect("read"))
        .expect("parses")
        .plan;
    assert_eq!(saved.title, PULLED_TITLE, "the pulled change was reverted");
    assert!(
        saved.meetings.iter().any(|m| m.number.get() == 20),
        "the recovered edit (a 20th meeting) is kept"
    );
    assert!(offer.contains("changed on disk since"), "{offer}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// Two planners on one plan, both stopped: each one's edits are offered at the next
/// start, newest first, then the other.
#[test]
fn two_sessions_stopped_on_one_plan_both_keep_their_edits() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let state = dir.path().join("state");
    let first = start_and_edit("first", &plan, &state, &["p"]);
    // Open at the same time; its edits differ: two postponements.
    let second = start_and_edit("second", &plan, &state, &["p", "p"]);
    stop(&first);
    stop(&second);
    let env = with_state(&state);
    let tmux = Tmux::start("sessions-again", &[&plan], &env);
    tmux.wait_for("Unsaved edits found");
    tmux.keys(&["d"]);
    // The first session's edits are still there, offered next.
    let screen = tmux.wait_for("Dropped the unsaved edits");
    assert!(screen.contains("Unsaved edits found"), "{screen}");
    tmux.keys(&["r"]);
    tmux.wait_for("Restored the unsaved edits");
    quit_discarding(&tmux);
}

/// A repository ships `.PLAN.wp-recover`, a well-formed recovery file with a date of
/// its author's choosing: the planner does not offer it as the user's edits.
#[test]
fn a_recovery_file_shipped_beside_the_plan_is_not_offered() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let planted = dir.path().join(".firearms.yaml.wp-recover");
    let text = std::fs::read_to_string(&plan)
        .expect("read")
        .replace("venue: Vienna", "venue: Somewhere else");
    let shipped = format!(
        "# workplan recovery file, format 1\n# source: {:?}\n# saved_at_unix: 1790000000\n{text}",
        plan.display().to_string()
    );
    std::fs::write(&planted, &shipped).expect("plant");
    let state = dir.path().join("state");
    let env = with_state(&state);
    let tmux = Tmux::start("planted", &[&plan], &env);
    let screen = tmux.wait_for("Meetings (18)");
    assert!(!screen.contains("Unsaved edits found"), "{screen}");
    assert!(!screen.contains("not saved when the planner"), "{screen}");
    assert!(
        screen.contains("Not offered as your unsaved edits"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
    assert_eq!(
        std::fs::read_to_string(&planted).expect("left alone"),
        shipped
    );
}

/// A plan marked read-only (0444) opens marked so; Ctrl+S does not replace it (the
/// rename of a save ignores the file's mode, and as root permissions stop nothing) but
/// asks, and only Enter on that question saves over it, keeping it read-only.
#[test]
fn a_read_only_plan_is_marked_and_saved_over_only_on_purpose() {
    use std::os::unix::fs::PermissionsExt as _;
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let before = std::fs::read_to_string(&plan).expect("read");
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let tmux = start_80x24("readonly", &plan, &[]);
    tmux.wait_for("read-only");
    tmux.keys(&["p"]);
    tmux.wait_for("● modified");
    tmux.keys(&["C-s"]);
    tmux.wait_for_message("Enter saves over it anyway");
    assert_eq!(
        std::fs::read_to_string(&plan).expect("read"),
        before,
        "not replaced"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved to");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
    assert_ne!(
        std::fs::read_to_string(&plan).expect("read"),
        before,
        "saved on purpose"
    );
    let mode = std::fs::metadata(&plan).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only");
}

/// A plan whose "order free" alternative, which `R` computes beside its proposal, keeps
/// the solver busy for seconds (half a minute in a debug build): 100 topics, one
/// cross-cutting, free to take any of 300 yearly meetings, within the work the
/// order-free solver takes on (`MAX_REORDER_WORK`).
fn slow_to_reorder(dir: &Path) -> std::path::PathBuf {
    let text = common::topics_over_meetings(100, 300, 2299, false);
    let path = dir.join("slow.yaml");
    std::fs::write(&path, text).expect("write plan");
    path
}

/// Issue 22: `R` froze the planner for minutes and Ctrl+C did nothing. The solver now
/// runs beside the planner, which says so and takes Esc (or Ctrl+C) to cancel it.
#[test]
fn a_long_realignment_can_be_cancelled_with_esc_or_ctrl_c() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = slow_to_reorder(dir.path());
    let tmux = Tmux::start(
        "cancel",
        &[&plan],
        &[("NO_COLOR", "1"), ("TERM", "xterm-256color")],
    );
    tmux.wait_for(" of 300)");
    for cancel in ["Escape", "C-c"] {
        tmux.keys(&["R"]);
        tmux.wait_for("Realigning… (Esc cancels)");
        tmux.keys(&[cancel]);
        tmux.wait_for("Realignment cancelled");
        // The planner is itself again: the help opens and closes (waited for, so that
        // the next key does not follow Esc at once and read as Alt+key).
        tmux.keys(&["?"]);
        tmux.wait_for("Help — Esc closes");
        tmux.keys(&["Escape"]);
        tmux.wait_until_gone("Help — Esc closes");
    }
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// Saving after another program changed the plan opens the "changed on disk" dialog,
/// whole at 80x24 with its four keys; `r` merges the edit made in the planner (a
/// postponement) onto the file as it is now (a venue written there), and `Ctrl+S`
/// then saves both in place.
#[test]
fn a_plan_changed_on_disk_is_offered_a_reload_that_keeps_both_changes() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = Tmux::start("ondisk", &[&plan], &[("TERM", "xterm-256color")]);
    tmux.wait_for("Meetings (18)");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"]);
    tmux.wait_until("80x24", |_| table_row(&tmux, "19th").is_none());
    tmux.keys(&["p"]);
    tmux.wait_for("● modified");
    let meeting_12 = "  - number: 12\n    year: 2025\n    status: planned\n";
    let text = std::fs::read_to_string(&plan).expect("read");
    let changed = text.replace(meeting_12, &format!("{meeting_12}    venue: Geneva\n"));
    assert_ne!(changed, text);
    std::fs::write(&plan, &changed).expect("written by another program");
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("Changed on disk");
    assert!(screen.contains("changed on disk since"), "{screen}");
    for line in [
        "r  reload",
        "o  overwrite",
        "a  save as another file",
        "Esc  back to the plan: nothing written",
    ] {
        assert!(screen.contains(line), "{line} whole at 80x24:\n{screen}");
    }
    assert_eq!(
        std::fs::read_to_string(&plan).expect("read"),
        changed,
        "nothing written yet"
    );
    tmux.keys(&["r"]);
    tmux.wait_for("Reloaded");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to");
    let saved = workplan::plan::parse(&std::fs::read_to_string(&plan).expect("read"))
        .expect("parses")
        .plan;
    let venue = |n: u32| {
        saved
            .meetings
            .iter()
            .find(|m| m.number.get() == n)
            .and_then(|m| m.venue.clone())
    };
    assert_eq!(
        venue(12).as_deref(),
        Some("Geneva"),
        "the change on disk kept"
    );
    assert!(
        saved.meetings.iter().any(|m| m.number.get() == 20),
        "the postponement kept (a 20th meeting)"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

// Issue 24: the planner at 80x24. Each point the tester found, in a real terminal of
// that size.

/// Starts the planner on `plan` and makes its terminal 80x24.
fn start_80x24(name: &str, plan: &Path, env: &[(&str, &str)]) -> Tmux {
    let mut with_term = vec![("TERM", "xterm-256color")];
    with_term.extend_from_slice(env);
    let tmux = Tmux::start(name, &[plan], &with_term);
    tmux.wait_for("Meetings (");
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"]);
    tmux.wait_for(" of 18) ");
    tmux
}

/// Quits, leaving the edits unsaved, and expects status 0.
fn quit_discarding(tmux: &Tmux) {
    tmux.keys(&["q"]);
    tmux.wait_for("changes that are not saved");
    tmux.keys(&["d"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// The message of the walkthrough's what-if is whole at 80 columns (it used to lose
/// "… (u undoes)"), the key bar shows save and realign once they matter, and the titles
/// say what is out of view.
#[test]
fn at_80x24_messages_are_whole_and_the_key_bar_and_titles_say_what_matters() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = start_80x24("whole", &plan, &[]);
    let screen = tmux.wait_for("Timeline ");
    assert!(
        screen.contains(" of 2012–2032"),
        "the plan's span:\n{screen}"
    );
    assert!(screen.contains("◀ "), "years out of view marked:\n{screen}");
    tmux.keys(&["BTab", "j", "]", "]"]);
    let screen = tmux.wait_for_message("(u undoes; R realigns)");
    assert!(screen.contains(" C2 now reviewed 2029–2032"), "{screen}");
    let bar = screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    for key in ["Ctrl+S save", "R realign", "u undo", "? help"] {
        assert!(bar.contains(key), "{key} in the key bar: {bar:?}\n{screen}");
    }
    assert!(screen.contains("Findings (1) — errors first"), "{screen}");
    quit_discarding(&tmux);
}

/// With the focus on the details pane, j scrolls the details and the title says which
/// lines are shown; the selected meeting stays.
#[test]
fn at_80x24_the_details_pane_scrolls() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = start_80x24("details", &plan, &[]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("12th · lines 1–");
    tmux.keys(&["j", "j"]);
    let screen = tmux.wait_for("12th · lines 3–");
    assert!(!screen.contains("13th · lines"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// Below 80x24 no edit key is taken: `p` used to postpone eight topics unseen.
#[test]
fn a_screen_too_small_takes_no_edit_key_in_a_real_terminal() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let before = std::fs::read_to_string(&plan).expect("read");
    let tmux = start_80x24("small", &plan, &[]);
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "60", "-y", "20"]);
    tmux.wait_for("needs a larger terminal");
    tmux.keys(&["p", "D", "C-s"]);
    tmux.run(&["resize-window", "-t", tmux.session, "-x", "80", "-y", "24"]);
    let screen = tmux.wait_for(" of 18) ");
    assert!(
        !screen.contains("● modified"),
        "an edit made unseen:\n{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
    assert_eq!(std::fs::read_to_string(&plan).expect("read"), before);
}

/// `D` on the last meeting, which holds T10: the message says T10 is on no meeting now.
#[test]
fn removing_a_meeting_with_a_fixed_topic_says_so_in_a_real_terminal() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = start_80x24("remove", &plan, &[]);
    tmux.keys(&["G"]);
    tmux.wait_for("19th · ");
    tmux.keys(&["D"]);
    tmux.wait_for_message("T10 is now on no meeting.");
    tmux.keys(&["u"]);
    tmux.wait_until_gone("● modified");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// Undo remapped to `z`: the messages say "z undoes"; in ASCII, the help spells the
/// arrows out.
#[test]
fn remapped_keys_and_ascii_help_in_a_real_terminal() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let config = config_file(
        dir.path(),
        "[theme]\nborders = \"ascii\"\n[keys]\nundo = \"z\"\n",
    );
    let tmux = start_80x24("remapped", &plan, &[("WORKPLAN_CONFIG", &config)]);
    tmux.keys(&["p"]);
    tmux.wait_for_message("(z undoes; R realigns)");
    tmux.keys(&["z"]);
    tmux.wait_for("Undone: ");
    tmux.keys(&["?"]);
    let screen = tmux.wait_for("Left or h");
    assert!(!screen.contains('←'), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Left or h");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), 0);
}

/// The filter ignores accents: "geneve" finds the meeting held in Genève.
#[test]
fn the_filter_ignores_accents_in_a_real_terminal() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = start_80x24("accents", &plan, &[]);
    tmux.keys(&["e", "v"]);
    tmux.wait_for("Venue of the 12th meeting");
    tmux.keys(&["C-u"]);
    tmux.keys(&["-l", "Genève"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for_message("Venue of the 12th meeting set to Genève");
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "geneve"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Meetings (1 of 18, filter");
    assert!(screen.contains("12th "), "{screen}");
    tmux.keys(&["Escape"]);
    quit_discarding(&tmux);
}

/// After a shift that makes two errors and a warning, the findings pane lists the
/// errors first: the warning about the 12th meeting, first in the file, comes last.
#[test]
fn at_80x24_the_findings_pane_lists_errors_first() {
    if without_tmux() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = copy_of_firearms(dir.path());
    let tmux = start_80x24("errorsfirst", &plan, &[]);
    tmux.keys(&["m"]);
    tmux.wait_for("Moving T3");
    tmux.keys(&["Down", "Down", "Down", "Enter"]);
    tmux.wait_for("already has T6");
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("Findings (3)");
    let rows: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("Findings (3)"))
        .skip(1)
        .take(3)
        .collect();
    assert!(
        rows[0].starts_with("│✗") && rows[1].starts_with("│✗"),
        "{screen}"
    );
    assert!(rows[2].starts_with("│▲  12th"), "{screen}");
    quit_discarding(&tmux);
}
