//! The edge: terminal setup and restore, reading events, carrying out effects.

use std::io::stdout;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;

use super::Saver;
use super::app::App;
use super::keys::{self, Key};
use super::msg::{Effect, Msg};
use super::update::update;

/// Why the loop stopped without the user quitting.
enum Stop {
    Quit,
    /// SIGTERM or SIGHUP: exit status 128 + the signal's number, as shells report it.
    Signal(u8, &'static str),
    /// The terminal went away (reading from it fails).
    TerminalLost(String),
}

/// Flags raised by SIGTERM and SIGHUP; the loop polls them between events.
struct Signals {
    term: Arc<AtomicBool>,
    hup: Arc<AtomicBool>,
}

impl Signals {
    fn register() -> anyhow::Result<Self> {
        use signal_hook::consts::{SIGHUP, SIGTERM};
        let term = Arc::new(AtomicBool::new(false));
        let hup = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTERM, Arc::clone(&term))?;
        signal_hook::flag::register(SIGHUP, Arc::clone(&hup))?;
        Ok(Self { term, hup })
    }

    fn raised(&self) -> Option<Stop> {
        if self.term.load(Ordering::Relaxed) {
            Some(Stop::Signal(128 + 15, "SIGTERM"))
        } else if self.hup.load(Ordering::Relaxed) {
            Some(Stop::Signal(128 + 1, "SIGHUP"))
        } else {
            None
        }
    }
}

/// Runs the planner full screen until the user quits; returns the exit status. On
/// SIGTERM, SIGHUP or a lost terminal, unsaved edits go to the recovery file first.
pub fn run(mut app: App, saver: &dyn Saver) -> anyhow::Result<u8> {
    let signals = Signals::register()?;
    // ratatui's hook (installed by `try_init`) restores the screen, then calls this one,
    // so the panic message lands on a normal terminal without mouse reporting.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let result = execute!(stdout(), EnableMouseCapture)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, &mut app, saver, &signals));
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    let (status, why) = match result? {
        Stop::Quit => return Ok(crate::cli::exit::OK),
        Stop::Signal(status, name) => (status, format!("stopped by {name}")),
        Stop::TerminalLost(e) => (
            crate::cli::exit::UNREADABLE,
            format!("the terminal closed ({e})"),
        ),
    };
    if app.is_dirty() {
        match saver.recover(&app) {
            Ok(Some(path)) => eprintln!(
                "workplan: {why}; the unsaved edits are in {}, and the next start offers them back",
                path.display()
            ),
            Ok(None) => eprintln!("workplan: {why}; the unsaved edits were lost"),
            Err(e) => eprintln!("workplan: {why}; the unsaved edits could not be kept: {e:#}"),
        }
    }
    Ok(status)
}

/// Between events the loop wakes this often to look at the signal flags.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    saver: &dyn Saver,
    signals: &Signals,
) -> anyhow::Result<Stop> {
    let size = terminal.size()?;
    update(
        app,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut redraw = true;
    loop {
        if let Some(stop) = signals.raised() {
            return Ok(stop);
        }
        if redraw {
            if let Err(e) = terminal.draw(|frame| frame.render_widget(&*app, frame.area())) {
                return Ok(Stop::TerminalLost(e.to_string()));
            }
            redraw = false;
        }
        let event = match event::poll(SIGNAL_POLL).and_then(|ready| {
            if ready {
                event::read().map(Some)
            } else {
                Ok(None)
            }
        }) {
            Ok(Some(event)) => event,
            Ok(None) => continue,
            // A signal during the wait interrupts it; the flags say which.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Ok(Stop::TerminalLost(e.to_string())),
        };
        redraw = true;
        let Some(msg) = to_msg(app, event) else {
            continue;
        };
        let mut queue = update(app, msg);
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::Quit => return Ok(Stop::Quit),
                Effect::Save { path, in_place } => {
                    let outcome = saver.save(app, &path, in_place);
                    queue.extend(update(app, outcome));
                }
                Effect::Export { format, path } => {
                    let outcome = super::export(app, format, &path);
                    queue.extend(update(app, outcome));
                }
            }
        }
    }
}

fn to_msg(app: &App, event: Event) -> Option<Msg> {
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
        _ => None,
    }
}

pub fn key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
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
        _ => return None,
    })
}
