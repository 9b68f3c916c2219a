//! The edge: terminal setup and restore, reading events, carrying out effects.

use std::io::{Write as _, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;

use super::app::App;
use super::keys::{self, Key};
use super::msg::{Effect, Msg};
use super::update::update;
use super::{Saver, Unsaved};
use crate::exit::{self, Error};
use crate::plan::Plan;

/// Why the loop stopped.
enum Stop {
    Quit,
    /// The terminal went away (reading from it fails).
    TerminalLost(String),
}

/// The unsaved plan, as of the last message, for the signal watcher: `None` when there
/// is nothing to lose.
type Snapshot = Arc<Mutex<Option<Unsaved>>>;

/// How often the watcher looks for signals and for a terminal that has gone away.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// Watches, on a thread of its own, for SIGTERM, SIGHUP and SIGINT (Ctrl+C reaches the
/// planner as a key; a SIGINT comes from elsewhere) and for the terminal hanging up.
/// The main thread cannot be relied on for either: a closed terminal does not always
/// send SIGHUP (a shell that is not interactive does not pass it on), and crossterm
/// 0.29 then reads the hung-up tty in an endless loop. So the watcher acts alone: it
/// writes the recovery file from the last snapshot, restores what it can of the
/// terminal and ends the process with 128 + the signal's number (SIGHUP's for a
/// hang-up), as shells report it.
fn watch(unsaved: Snapshot) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        let (status, why) = loop {
            if let Some(signal) = signals.pending().next() {
                let name = match signal {
                    SIGTERM => "SIGTERM",
                    SIGHUP => "SIGHUP",
                    _ => "SIGINT",
                };
                break (128 + signal, format!("stopped by {name}"));
            }
            if hung_up() {
                break (128 + SIGHUP, "the terminal closed".to_string());
            }
            std::thread::sleep(WATCH_EVERY);
        };
        let edits = match unsaved.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        // The file first: with the terminal gone, anything written to it may fail.
        let message = edits.map(|edits| kept(&edits));
        restore_quietly();
        if let Some(message) = message {
            let _ = writeln!(std::io::stderr(), "workplan: {why}; {message}");
        }
        std::process::exit(status);
    });
    Ok(())
}

/// Keeps `edits` in this session's recovery file; says where, or why not.
fn kept(edits: &Unsaved) -> String {
    match super::write_recovery(edits, &crate::plan::recovery::Store::from_env()) {
        Ok(kept) => kept.to_string(),
        Err(e) => format!("the unsaved edits could not be kept: {e:#}"),
    }
}

/// Starting without a terminal (from a script, a cron job, `ssh host workplan`): the
/// error says what is needed and what works without one, not the system's "No such
/// device".
fn no_terminal(why: impl Into<String>) -> Error {
    Error::NoTerminal { why: why.into() }
}

/// Restores the terminal if it is still there. `ratatui::restore` reports a failure
/// with `eprintln!`, which panics when the terminal has gone away.
fn restore_quietly() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
}

/// Whether the terminal has hung up (its window closed): poll reports HUP on it.
fn hung_up() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut fds = if stdin.is_terminal() {
        [PollFd::new(&stdin, PollFlags::empty())]
    } else {
        [PollFd::new(&stdout, PollFlags::empty())]
    };
    let now = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    matches!(poll(&mut fds, Some(&now)), Ok(n) if n > 0)
        && fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR)
}

/// Runs the planner full screen until the user quits; returns the exit status. On
/// SIGTERM, SIGHUP, SIGINT or a lost terminal, unsaved edits go to the recovery file.
pub fn run(mut app: App, saver: &dyn Saver) -> Result<u8, Error> {
    let unsaved: Snapshot = Arc::new(Mutex::new(None));
    watch(Arc::clone(&unsaved))?;
    // ratatui's hook (installed by `try_init`) restores the screen, then calls this one,
    // so the panic message lands on a normal terminal without mouse reporting.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
    if !std::io::IsTerminal::is_terminal(&stdout()) {
        return Err(no_terminal("standard output is not a terminal"));
    }
    let mut terminal = ratatui::try_init().map_err(|e| {
        restore_quietly();
        no_terminal(crate::plan::fsio::Words(&e).to_string())
    })?;
    // Bracketed paste: a paste arrives as one event, not one key per character.
    let result = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, &mut app, saver, &unsaved));
    let stop = match result {
        Ok(stop) => stop,
        Err(e) => {
            restore_quietly();
            return Err(e.into());
        }
    };
    if let Stop::TerminalLost(why) = stop {
        let kept = app.is_dirty().then(|| kept(&Unsaved::of(&app)));
        restore_quietly();
        return Err(Error::TerminalLost { why, kept });
    }
    restore_quietly();
    Ok(exit::OK)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    saver: &dyn Saver,
    unsaved: &Snapshot,
) -> anyhow::Result<Stop> {
    let size = terminal.size()?;
    update(
        app,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut snapshot_of = None;
    let mut job: Option<Job> = None;
    loop {
        // One clone per change of the plan (not per key): edits cost O(n) anyway.
        let state = (app.version, app.is_dirty());
        if snapshot_of != Some(state) {
            let edits = app.is_dirty().then(|| Unsaved::of(app));
            match unsaved.lock() {
                Ok(mut guard) => *guard = edits,
                Err(poisoned) => *poisoned.into_inner() = edits,
            }
            snapshot_of = Some(state);
        }
        // Keys already waiting (a paste into a terminal without bracketed paste, key
        // repeat) are taken before the next frame, so frames never queue up behind them.
        let pending = matches!(event::poll(Duration::ZERO), Ok(true));
        let mut drawn = None;
        let draw = |frame: &mut ratatui::Frame| {
            drawn = super::view::draw(app, frame);
            // On the edit position of the field being typed into; hidden otherwise.
            if let Some(at) = super::view::cursor(app, frame.area()) {
                frame.set_cursor_position(at);
            }
        };
        if !pending {
            if let Err(e) = terminal.draw(draw) {
                return Ok(Stop::TerminalLost(e.to_string()));
            }
            // The rectangles of this frame are what a click lands on.
            app.drawn = drawn.map(Into::into);
        }
        let msg = match next_message(app, &mut job) {
            Ok(Some(msg)) => msg,
            Ok(None) => continue,
            Err(stop) => return Ok(stop),
        };
        let mut queue = update(app, msg);
        while let Some(effect) = queue.pop() {
            if effect == Effect::Quit {
                return Ok(Stop::Quit);
            }
            if let Some(report) = carry_out(app, saver, effect, &mut job) {
                queue.extend(update(app, report));
            }
        }
    }
}

/// How often the loop looks for the solver's answer while waiting for keys.
const SOLVER_POLL: Duration = Duration::from_millis(50);

/// The solver at work on a thread of its own, so that the planner still reads keys (Esc
/// raises `stop`, which the solver reads between steps).
struct Job {
    stop: Arc<AtomicBool>,
    answer: mpsc::Receiver<Msg>,
    /// For the report if the thread ends without an answer.
    options: (bool, bool),
}

impl Job {
    fn start(plan: &Plan, allow_reorder: bool, allow_second: bool) -> Result<Self, Msg> {
        let stop = Arc::new(AtomicBool::new(false));
        let (send, answer) = mpsc::channel();
        let plan = plan.clone();
        let raised = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("realign".into())
            .spawn(move || {
                let stop = crate::realign::Stop::on(&raised);
                let msg =
                    super::component::run_realign_until(&plan, allow_reorder, allow_second, stop);
                // Nobody listens any more once cancelled: nothing to do about it.
                let _ = send.send(msg);
            })
            .map_err(|e| failed_job((allow_reorder, allow_second), &e.to_string()))?;
        Ok(Self {
            stop,
            answer,
            options: (allow_reorder, allow_second),
        })
    }

    fn cancel(self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The solver's report when it could not run or ended without an answer.
fn failed_job((allow_reorder, allow_second): (bool, bool), why: &str) -> Msg {
    Msg::Realigned(Box::new(super::msg::Realigned {
        allow_reorder,
        allow_second,
        proposal: Err(format!("the solver could not run ({why})")),
        alternatives: Vec::new(),
    }))
}

/// The next message: from the terminal, or, while the solver works, its answer as soon
/// as it comes. `Ok(None)`: nothing to act on (an event without a message).
fn next_message(app: &App, job: &mut Option<Job>) -> Result<Option<Msg>, Stop> {
    while let Some(running) = job.as_ref() {
        match running.answer.try_recv() {
            Ok(msg) => {
                *job = None;
                return Ok(Some(msg));
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                let options = running.options;
                *job = None;
                return Ok(Some(failed_job(options, "it stopped without an answer")));
            }
            Err(mpsc::TryRecvError::Empty) => {}
        }
        match event::poll(SOLVER_POLL) {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Stop::TerminalLost(e.to_string())),
        }
    }
    match event::read() {
        Ok(event) => Ok(to_msg(app, event)),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Ok(None),
        Err(e) => Err(Stop::TerminalLost(e.to_string())),
    }
}

/// Carries out an effect other than quitting; returns the message that reports how it
/// went, for `update`.
fn carry_out(app: &App, saver: &dyn Saver, effect: Effect, job: &mut Option<Job>) -> Option<Msg> {
    match effect {
        Effect::Quit => None,
        Effect::Save { path, in_place } => Some(saver.save(app, &path, in_place)),
        Effect::Overwrite { path } => Some(saver.overwrite(app, &path)),
        Effect::ReadAgain { path, then } => Some(saver.read_again(app, &path, then)),
        Effect::Export { format, path } => Some(super::export(app, format, &path)),
        Effect::ExportAmendment { path } => Some(super::export_amendment(app, &path)),
        Effect::Realign {
            allow_reorder,
            allow_second,
        } => {
            if let Some(old) = job.take() {
                old.cancel();
            }
            match Job::start(&app.plan, allow_reorder, allow_second) {
                Ok(started) => {
                    *job = Some(started);
                    None
                }
                Err(report) => Some(report),
            }
        }
        Effect::CancelRealign => {
            if let Some(running) = job.take() {
                running.cancel();
            }
            None
        }
        Effect::DiscardRecovery { path } => crate::plan::recovery::discard(&path)
            .err()
            .map(|e| Msg::IoFailed(super::msg::Failed::new(e))),
    }
}

pub(crate) fn to_msg(app: &App, event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => keys::resolve(app, key(k)?),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollUp => Some(Msg::ScrollUp),
            MouseEventKind::ScrollDown => Some(Msg::ScrollDown),
            _ => None,
        },
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        Event::Paste(text) => keys::paste(app, text),
        _ => None,
    }
}

pub fn key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) if alt => Key::Alt(c),
        KeyCode::Left if ctrl => Key::CtrlLeft,
        KeyCode::Right if ctrl => Key::CtrlRight,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    })
}
