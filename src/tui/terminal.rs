//! The edge: terminal setup and restore, reading events, carrying out effects.

use std::io::stdout;

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

/// Runs the planner full screen until the user quits; returns the exit status.
pub fn run(mut app: App, saver: &dyn Saver) -> anyhow::Result<u8> {
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
        .and_then(|()| event_loop(&mut terminal, &mut app, saver));
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    saver: &dyn Saver,
) -> anyhow::Result<u8> {
    let size = terminal.size()?;
    update(
        app,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    loop {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        let Some(msg) = to_msg(app, event::read()?) else {
            continue;
        };
        let mut queue = update(app, msg);
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::Quit => return Ok(crate::cli::exit::OK),
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
