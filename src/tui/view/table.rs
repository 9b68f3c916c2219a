//! The meetings table: only the rows in view are formatted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::theme::Theme;
use super::{pane_block, put};
use crate::check::Severity;
use crate::plan::{Meeting, MeetingNumber, ordinal};
use crate::tui::app::{App, Marks, Mode, Pane};
use crate::tui::report;

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

/// [`visible_offset`], then pulled back so no rows stand empty below the last of
/// `len` (after the window grows, the table fills it instead of staying scrolled).
pub fn shown_offset(offset: usize, selected: usize, rows: usize, len: usize) -> usize {
    visible_offset(offset, selected, rows).min(len.saturating_sub(rows))
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

/// The planner's meetings table, described once (the planner and `workplan show` draw
/// from it): each column's header, the shorter header it takes where the full one does
/// not fit, and its place in a row's widths and cells ([`Row`]), by name. The width
/// rule is [`fitted_columns`]; the cell text, [`row_cells`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Number,
    Year,
    Dates,
    Status,
    Fixed,
    Flexible,
    Findings,
}

/// One value per column, in the order of [`Col::ALL`].
pub type Row<T> = [T; 7];

impl Col {
    pub const ALL: Row<Col> = [
        Col::Number,
        Col::Year,
        Col::Dates,
        Col::Status,
        Col::Fixed,
        Col::Flexible,
        Col::Findings,
    ];

    /// The column's place in a [`Row`].
    pub const fn at(self) -> usize {
        self as usize
    }

    pub const fn header(self) -> &'static str {
        match self {
            Col::Number => "No.",
            Col::Year => "Year",
            Col::Dates => "Dates",
            Col::Status => "Status",
            Col::Fixed => "Fixed (item 3)",
            Col::Flexible => "Flexible (item 2)",
            Col::Findings => "Findings",
        }
    }

    /// The width a column asks for, its part of the width rule ([`fitted_columns`] gives
    /// way from it as the table narrows): the year; dates as `05-03–05-04`; the longest
    /// status; a topic's id and enough of its title to tell it; a finding's symbol and
    /// whole code (up to 23 characters). The number's follows the plan's last ordinal.
    pub const fn width(self) -> usize {
        match self {
            Col::Number => 0,
            Col::Year => 4,
            Col::Dates => 11,
            Col::Status => 9,
            Col::Fixed | Col::Flexible => 16,
            Col::Findings => 26,
        }
    }

    /// The header of a column too narrow for [`Col::header`]; a header cut to its
    /// first letter would read as an id, so shorter words, or none.
    const fn short(self) -> &'static str {
        match self {
            Col::Fixed => "Fixed",
            Col::Flexible => "Flexible",
            Col::Findings => "",
            other => other.header(),
        }
    }
}

/// The gaps between the columns, one character each.
const GAPS: usize = Col::ALL.len() - 1;

/// The table's header row.
pub fn header_row() -> Row<String> {
    Col::ALL.map(|c| c.header().to_owned())
}

/// Column widths for `workplan show`'s table, `width` columns wide.
pub fn columns(width: u16, last_number: MeetingNumber) -> Row<usize> {
    let w = usize::from(width);
    let number = ordinal(last_number).len().max(4) + 1;
    // Narrow tables give the topics the room of half a finding code.
    let findings = if w >= 100 {
        Col::Findings.width()
    } else {
        Col::Findings.width() / 2
    };
    let fixed = [Col::Year, Col::Dates, Col::Status].map(Col::width);
    let used: usize = number + fixed.iter().sum::<usize>() + findings + GAPS;
    let flex = w.saturating_sub(used);
    let a = flex / 2;
    Col::ALL.map(|c| match c {
        Col::Number => number,
        Col::Year | Col::Dates | Col::Status => c.width(),
        Col::Fixed => a,
        Col::Flexible => flex - a,
        Col::Findings => findings,
    })
}

/// The planner's column widths for `width` columns. As the table narrows they give way in this order: topic titles
/// beyond a useful length, the findings text (down to its symbol), the dates (the
/// details pane shows them), then the titles down to their ids. The number, year,
/// status and the ids (`ids`: widest fixed cell id with its `!`, widest flexible id)
/// are never cut (the status, only below the planner's least width). `findings`: whether any row has a finding to show.
pub fn fitted_columns(
    width: u16,
    last_number: MeetingNumber,
    ids: (usize, usize),
    findings: bool,
) -> Row<usize> {
    let number = ordinal(last_number).len().max(4) + 1;
    let year = Col::Year.width();
    // A dropped column takes its gap with it.
    let rest = usize::from(width).saturating_sub(number + year + GAPS);
    // Narrower than the planner allows: the status gives way before an id would.
    let status = Col::Status
        .width()
        .min(rest.saturating_sub(ids.0 + ids.1 + 1));
    let mut left = rest - status;
    let take = |left: &mut usize, want: usize| {
        let got = want.min(*left);
        *left -= got;
        got
    };
    let mut fixed = take(&mut left, ids.0);
    let mut flexible = take(&mut left, ids.1);
    let mut marks = take(&mut left, 1);
    let (a, b) = (
        Col::Fixed.width().saturating_sub(fixed),
        Col::Flexible.width().saturating_sub(flexible),
    );
    let both = take(&mut left, a + b);
    let first = a.min(both.div_ceil(2).max(both.saturating_sub(b)));
    fixed += first;
    flexible += both - first;
    let dates = if left >= Col::Dates.width() {
        take(&mut left, Col::Dates.width())
    } else {
        // No room for the dates: their gap goes to the titles.
        left += 1;
        0
    };
    let full = if findings {
        Col::Findings.width()
    } else {
        Col::Findings.header().len()
    };
    marks += take(&mut left, full.saturating_sub(marks));
    let rest = left;
    fixed += rest.div_ceil(2);
    flexible += rest / 2;
    Col::ALL.map(|c| match c {
        Col::Number => number,
        Col::Year => year,
        Col::Dates => dates,
        Col::Status => status,
        Col::Fixed => fixed,
        Col::Flexible => flexible,
        Col::Findings => marks,
    })
}

pub fn row_cells(app: &App, m: &Meeting) -> Row<String> {
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
    let (mut fixed, mut flexible) = (fixed, flexible);
    Col::ALL.map(|c| match c {
        Col::Number => ordinal(m.number),
        Col::Year => m.year.to_string(),
        Col::Dates => dates(m),
        Col::Status => m.status.to_string(),
        Col::Fixed => std::mem::take(&mut fixed),
        Col::Flexible => std::mem::take(&mut flexible),
        Col::Findings => marks_text(app.derived.marks(m.number).as_ref()),
    })
}

/// Which of `len` rows a list shows from `offset` in `rows` lines: "7–12 of 18" when
/// some are out of view, else the count alone, so a title tells what is hidden.
pub fn position(offset: usize, rows: usize, len: usize) -> String {
    let shown = rows.min(len.saturating_sub(offset));
    if shown >= len {
        len.to_string()
    } else if shown == 0 {
        format!("0 of {len}")
    } else {
        format!("{}–{} of {len}", offset + 1, offset + shown)
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // The rows in view: the header takes one line inside the borders.
    let rows = usize::from(area.height.saturating_sub(3));
    let offset = shown_offset(app.table_offset, app.selected, rows, app.rows.len());
    let total = app.plan.meetings.len();
    let title = match &app.filter {
        Some(f) if rows >= app.rows.len() => {
            format!("Meetings ({} of {total}, filter “{f}”)", app.rows.len())
        }
        Some(f) => format!(
            "Meetings ({}, filter “{f}”; {total} in all)",
            position(offset, rows, app.rows.len())
        ),
        None => format!("Meetings ({})", position(offset, rows, total)),
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
    // Only the rows in view are formatted, and their ids size the topic columns.
    let mut shown: Vec<(usize, Row<String>)> = app
        .rows
        .iter()
        .skip(offset)
        .take(rows)
        .map(|&i| (i, row_cells(app, &app.plan.meetings[i])))
        .collect();
    // While moving a fixed topic, the flexible column says what each meeting would
    // give it: aligned, or why not.
    let moving_topic = match &app.mode {
        Mode::Moving { topic, .. } => app.fixed_topic(topic),
        _ => None,
    };
    if let Some(t) = moving_topic {
        for (i, cells) in &mut shown {
            cells[Col::Flexible.at()] =
                report::move_verdict(&app.plan, app.index(), t, app.plan.meetings[*i].number);
        }
    }
    let id_width = |c: Col| {
        shown
            .iter()
            .map(|(_, cells)| super::width(cells[c.at()].split(' ').next().unwrap_or_default()))
            .max()
            .unwrap_or(0)
    };
    let findings = shown
        .iter()
        .any(|(_, cells)| !cells[Col::Findings.at()].is_empty());
    let mut cols = fitted_columns(
        inner.width,
        app.derived.last_number,
        (id_width(Col::Fixed).max(3), id_width(Col::Flexible).max(3)),
        findings,
    );
    if moving_topic.is_some() {
        // The topics there keep their ids whole and a few letters of their titles.
        let keep = id_width(Col::Fixed).max(3) + 1 + KEPT_TITLE;
        widen_verdicts(&mut cols, &shown, keep, findings);
    }
    let headers = headers(moving_topic, &cols);
    write_row(buf, inner.x, inner.y, &cols, &headers, |_| theme.header);
    for (k, (i, mut cells)) in shown.into_iter().enumerate() {
        // Too narrow for a code: the symbol alone, not a symbol and an ellipsis.
        let f = Col::Findings.at();
        if cols[f] < 4 {
            cells[f] = cells[f].split(' ').next().unwrap_or_default().to_string();
        }
        let y = inner.y + 1 + k as u16;
        let is_selected = offset + k == app.selected;
        let style = row_style(app, &app.plan.meetings[i], is_selected, theme);
        write_row(buf, inner.x, y, &cols, &cells, style);
    }
}

/// Letters of a topic's title kept beside its id while the verdicts of a move take the
/// room: enough to tell the topics apart; a verdict cut shorter is repeated in full on
/// the status line for the meeting under the cursor.
const KEPT_TITLE: usize = 6;

/// While a topic is moved, the verdicts take what they need from the titles of the
/// topics there now (down to `fixed_min`), then from the findings column.
fn widen_verdicts(
    cols: &mut Row<usize>,
    shown: &[(usize, Row<String>)],
    fixed_min: usize,
    findings: bool,
) {
    let (fixed, verdicts, marks) = (Col::Fixed.at(), Col::Flexible.at(), Col::Findings.at());
    let want = shown
        .iter()
        .map(|(_, cells)| super::width(&cells[verdicts]))
        .max()
        .unwrap_or(0);
    let give = want
        .saturating_sub(cols[verdicts])
        .min(cols[fixed].saturating_sub(fixed_min));
    cols[fixed] -= give;
    cols[verdicts] += give;
    // Then from the findings column, down to its symbol (or away, with its gap).
    let keep = usize::from(findings);
    let give = want
        .saturating_sub(cols[verdicts])
        .min(cols[marks].saturating_sub(keep));
    cols[marks] -= give;
    cols[verdicts] += give + usize::from(cols[marks] == 0 && give > 0);
}

/// The table's headers, shortened (or dropped) where their column is too narrow.
fn headers(moving_topic: Option<&crate::plan::FixedTopic>, cols: &Row<usize>) -> Row<String> {
    Col::ALL.map(|c| {
        // While a topic moves, the flexible column holds the verdicts.
        let (full, short) = match moving_topic {
            Some(t) if c == Col::Flexible => (format!("If {} moves here", t.id), "If here"),
            _ => (c.header().to_owned(), c.short()),
        };
        if super::width(&full) > cols[c.at()] {
            short.to_owned()
        } else {
            full
        }
    })
}

/// The style of each cell of one meeting's row: history dimmed, a misaligned fixed
/// topic and the worst finding coloured, the selected row highlighted (with the
/// accent while moving).
fn row_style<'a>(
    app: &App,
    m: &Meeting,
    is_selected: bool,
    theme: &'a Theme,
) -> impl Fn(usize) -> Style + 'a {
    let moving = matches!(app.mode, Mode::Moving { .. });
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
    move |c| {
        let style = match Col::ALL.get(c) {
            Some(Col::Fixed) if misaligned => theme.misaligned,
            Some(Col::Findings) => match worst {
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
    }
}

fn write_row(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    cols: &Row<usize>,
    cells: &Row<String>,
    style: impl Fn(usize) -> Style,
) {
    let mut x = x0;
    // No gap after the last column shown: a dropped last column gives its gap to the
    // one before it, which must not then run over the border.
    let last = cols.iter().rposition(|w| *w > 0).unwrap_or(0);
    for (c, (w, text)) in cols.iter().zip(cells).enumerate() {
        if *w == 0 {
            continue;
        }
        let width = if c < last { w + 1 } else { *w };
        put(buf, x, y, text, *w, style(c));
        if c < last {
            // The gap takes the row's highlight too, so a selected row reads as one bar.
            put(buf, x + *w as u16, y, " ", 1, style(usize::MAX));
        }
        x += width as u16;
    }
}
