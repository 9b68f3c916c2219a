//! `workplan show`: the timeline and the meetings table as plain text, drawn by the same
//! view code as the planner and read back out of the buffer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Origin, Pane};
use super::view::table::{Row, columns, header_row, row_cells};
use super::view::{cell, render_timeline};
use crate::plan::Plan;

/// Widest timeline `show` draws when not limited by a terminal (about 77 years).
const MAX_TIMELINE: u16 = 400;

/// Text of the timeline and the meetings table. On a terminal `width` limits both (the
/// table needs at least 80); without one (`None`) the timeline covers the whole span
/// up to [`MAX_TIMELINE`] columns and the table is 120 wide.
pub fn render(plan: Plan, width: Option<u16>) -> String {
    let mut app = App::new(plan, Origin::Bundled, None);
    app.monochrome = true;
    // No pane has the focus, so no focus marker is drawn.
    app.focus = Pane::Details;
    let timeline_width = width.unwrap_or(MAX_TIMELINE).max(80);
    let width = width.unwrap_or(120).max(80);
    let mut out = String::new();

    let (lo, hi) = app.derived.span.unwrap_or((0, 0));
    let years = u16::try_from(hi.saturating_sub(lo).saturating_add(1)).unwrap_or(u16::MAX);
    let full = years.saturating_mul(5).saturating_add(16);
    let clusters = u16::try_from(app.plan.clusters.len()).unwrap_or(u16::MAX - 5);
    let area = Rect::new(0, 0, full.min(timeline_width), clusters.saturating_add(5));
    let mut buf = Buffer::empty(area);
    render_timeline(&app, area, &mut buf);
    push_buffer(&mut out, &buf);
    out.push('\n');

    let cols = columns(width, app.derived.last_number);
    push_row(&mut out, &cols, &header_row());
    for m in &app.plan.meetings {
        push_row(&mut out, &cols, &row_cells(&app, m));
    }
    out.push('\n');
    out.push_str(&format!(
        "{} meetings; {}\n",
        app.plan.meetings.len(),
        app.derived.counts
    ));
    out
}

fn push_row(out: &mut String, cols: &Row<usize>, cells: &Row<String>) {
    let line: Vec<String> = cols.iter().zip(cells).map(|(w, c)| cell(c, *w)).collect();
    out.push_str(line.join(" ").trim_end());
    out.push('\n');
}

fn push_buffer(out: &mut String, buf: &Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let line: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// [`render`] for standard output (the drawing `workplan show` is given): a terminal
/// limits the width; a pipe gets the same text whatever its reader.
pub fn for_stdout(plan: Plan) -> String {
    let width = std::io::IsTerminal::is_terminal(&std::io::stdout())
        .then(|| terminal_width().unwrap_or(120));
    render(plan, width)
}

/// Columns of the terminal on stdout, if it reports them.
pub fn terminal_width() -> Option<u16> {
    crossterm::terminal::size().ok().map(|(w, _)| w)
}
