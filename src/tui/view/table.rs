//! The meetings table: only the rows in view are formatted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::theme::Theme;
use super::{pane_block, put};
use crate::check::Severity;
use crate::plan::{Meeting, ordinal};
use crate::tui::app::{App, Marks, Mode, Pane};

/// The first row shown, given the stored offset, so the selection is always in view.
pub fn visible_offset(offset: usize, selected: usize, rows: usize) -> usize {
    if rows == 0 {
        return selected;
    }
    if selected < offset {
        selected
    } else if selected >= offset + rows {
        selected + 1 - rows
    } else {
        offset
    }
}

pub fn dates(m: &Meeting) -> String {
    match (m.start, m.end) {
        (Some(s), Some(e)) if s == e => s.format("%m-%d").to_string(),
        (Some(s), Some(e)) => format!("{}–{}", s.format("%m-%d"), e.format("%m-%d")),
        (Some(s), None) => s.format("%m-%d").to_string(),
        _ => String::new(),
    }
}

pub fn severity_symbol(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✗",
        Severity::Warning => "▲",
        Severity::Info => "·",
    }
}

pub fn marks_text(marks: Option<&Marks>) -> String {
    let Some(m) = marks else {
        return String::new();
    };
    let total = m.counts.error + m.counts.warning + m.counts.info;
    match m.worst {
        Some((s, code)) if total > 1 => format!("{} {code} +{}", severity_symbol(s), total - 1),
        Some((s, code)) => format!("{} {code}", severity_symbol(s)),
        None => String::new(),
    }
}

/// Column widths: number, year, dates, status, fixed, flexible, findings.
pub fn columns(width: u16, last_number: u32) -> [usize; 7] {
    let w = usize::from(width);
    let number = ordinal(last_number).len().max(4) + 1;
    // A finding code is up to 23 characters; narrow tables give the topics the room.
    let findings = if w >= 100 { 26 } else { 13 };
    let used: usize = number + 4 + 11 + 9 + findings + 6;
    let flex = w.saturating_sub(used);
    let a = flex / 2;
    [number, 4, 11, 9, a, flex - a, findings]
}

pub fn row_cells(app: &App, m: &Meeting) -> [String; 7] {
    let fixed = match &m.fixed {
        Some(t) => {
            let mark = if app
                .derived
                .marks(m.number)
                .is_some_and(|k| k.misaligned.is_some())
            {
                "!"
            } else {
                ""
            };
            match app.fixed_topic(t) {
                Some(ft) => format!("{mark}{t} {}", ft.title),
                None => format!("{mark}{t} (unknown)"),
            }
        }
        None => String::new(),
    };
    let flexible = match &m.flexible {
        Some(t) => match app.flexible_topic(t) {
            Some(ft) => format!("{t} {}", ft.title),
            None => format!("{t} (unknown)"),
        },
        None => String::new(),
    };
    [
        ordinal(m.number),
        m.year.to_string(),
        dates(m),
        m.status.to_string(),
        fixed,
        flexible,
        marks_text(app.derived.marks(m.number).as_ref()),
    ]
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let title = match &app.filter {
        Some(f) => format!(
            "Meetings ({} of {}, filter “{f}”)",
            app.rows.len(),
            app.plan.meetings.len()
        ),
        None => format!("Meetings ({})", app.plan.meetings.len()),
    };
    pane_block(app, Pane::Meetings, title, theme).render(area, buf);
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    if inner.height == 0 {
        return;
    }
    let cols = columns(inner.width, app.derived.last_number);
    let headers = [
        "No.",
        "Year",
        "Dates",
        "Status",
        "Fixed (item 3)",
        "Flexible (item 2)",
        "Findings",
    ];
    write_row(
        buf,
        inner.x,
        inner.y,
        &cols,
        &headers.map(String::from),
        |_| theme.header,
    );
    let rows = usize::from(inner.height - 1);
    let offset = visible_offset(app.table_offset, app.selected, rows);
    let moving = matches!(app.mode, Mode::Moving { .. });
    for (k, &i) in app.rows.iter().skip(offset).take(rows).enumerate() {
        let m = &app.plan.meetings[i];
        let y = inner.y + 1 + k as u16;
        let cells = row_cells(app, m);
        let is_selected = offset + k == app.selected;
        let misaligned = app
            .derived
            .marks(m.number)
            .is_some_and(|x| x.misaligned.is_some());
        let worst = app.derived.marks(m.number).and_then(|x| x.worst);
        let base = if m.status.is_history() {
            theme.history
        } else {
            theme.text
        };
        write_row(buf, inner.x, y, &cols, &cells, |c| {
            let style = match c {
                4 if misaligned => theme.misaligned,
                6 => match worst {
                    Some((Severity::Error, _)) => theme.error,
                    Some((Severity::Warning, _)) => theme.warning,
                    _ => theme.dim,
                },
                _ => base,
            };
            if is_selected {
                let sel = if moving {
                    theme.accent.patch(theme.selected)
                } else {
                    theme.selected
                };
                style.patch(sel)
            } else {
                style
            }
        });
    }
}

fn write_row(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    cols: &[usize; 7],
    cells: &[String; 7],
    style: impl Fn(usize) -> Style,
) {
    let mut x = x0;
    for (c, (w, text)) in cols.iter().zip(cells).enumerate() {
        let width = if c + 1 < cols.len() { w + 1 } else { *w };
        put(buf, x, y, text, *w, style(c));
        if c + 1 < cols.len() {
            // The gap takes the row's highlight too, so a selected row reads as one bar.
            put(buf, x + *w as u16, y, " ", 1, style(usize::MAX));
        }
        x += width as u16;
    }
}
