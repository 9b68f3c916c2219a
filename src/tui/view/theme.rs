//! Styles. Under NO_COLOR every style falls back to modifiers; meaning is always carried
//! by a symbol too (✗ ▲ ! █ ░), so nothing depends on colour alone.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub accent: Style,
    pub key: Style,
    pub error: Style,
    pub warning: Style,
    pub border: Style,
    pub focus_border: Style,
    pub focus_title: Style,
    pub selected: Style,
    pub header: Style,
    /// A fixed topic outside its cluster's window (plus grace).
    pub misaligned: Style,
    pub window: Style,
    pub grace: Style,
    pub history: Style,
}

impl Theme {
    pub fn new(monochrome: bool) -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if monochrome {
            return Self {
                text: plain,
                dim: plain,
                title: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                accent: bold,
                key: bold,
                error: bold,
                warning: plain,
                border: plain,
                focus_border: bold,
                focus_title: bold,
                selected: Style::new().add_modifier(Modifier::REVERSED),
                header: Style::new().add_modifier(Modifier::UNDERLINED),
                misaligned: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                window: plain,
                grace: plain,
                history: plain,
            };
        }
        Self {
            text: plain,
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Cyan),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red),
            warning: Style::new().fg(Color::Yellow),
            border: Style::new().fg(Color::DarkGray),
            focus_border: Style::new().fg(Color::Cyan),
            focus_title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            misaligned: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            window: Style::new().fg(Color::Blue),
            grace: Style::new().fg(Color::Blue),
            history: Style::new().fg(Color::DarkGray),
        }
    }
}

/// Rewrites what was drawn in ASCII, cell by cell (each mark takes one cell either way,
/// so nothing moves): box drawing becomes `+ - |`, the timeline's bars `=` (review
/// window) and `.` (grace), and the marks letters or signs a screen reader says
/// plainly: `x` error, `!` warning or misaligned, `+` fine, `>` focus and arrows.
pub fn to_ascii(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let mut chars = cell.symbol().chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            continue;
        };
        if let Some(ascii) = ascii_of(c) {
            cell.set_symbol(ascii);
        }
    }
}

fn ascii_of(c: char) -> Option<&'static str> {
    Some(match c {
        '─' | '━' | '═' | '┄' | '┅' | '╌' | '╍' => "-",
        '│' | '┃' | '║' | '┆' | '┇' | '╎' | '╏' | '▏' => "|",
        '\u{2500}'..='\u{257f}' => "+",
        '█' => "=",
        '░' | '▒' | '▓' => ".",
        '\u{2580}'..='\u{259f}' => "=",
        '✓' => "+",
        '✗' => "x",
        '▲' => "!",
        '▶' | '→' => ">",
        '◀' | '←' => "<",
        '↑' => "^",
        '↓' => "v",
        // A cut is marked as DOS marked a shortened name: one cell, unlike "...".
        '…' => "~",
        '–' | '—' => "-",
        '“' | '”' => "\"",
        '‘' | '’' => "'",
        '·' => "-",
        '×' => "x",
        '●' => "*",
        _ => return None,
    })
}
