//! One column per year; a bar per review cluster (█ window, ░ grace years); under them
//! the meetings of each year with their fixed topic, `!` marking a misaligned one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::theme::Theme;
use super::{pane_block, put};
use crate::plan::{Status, Timing, ordinal};
use crate::tui::app::{App, Pane};

const LABEL: u16 = 14;
const YEAR: u16 = 5;

/// What a click on the timeline lands on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineHit {
    Cluster(usize),
    Year(i32),
}

struct Geometry {
    inner: Rect,
    /// Columns of the cluster names: at least [`LABEL`], more when the years leave room.
    label: u16,
    first_year: i32,
    years: i32,
    first_cluster: usize,
    cluster_rows: usize,
}

fn geometry(app: &App, area: Rect) -> Geometry {
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let (lo, hi) = app.derived.span.unwrap_or((2020, 2030));
    // The plan's years and no more: a wide terminal gives the rest to the names.
    let span = hi.saturating_sub(lo).saturating_add(1).max(1);
    let fit = i32::from(inner.width.saturating_sub(LABEL) / YEAR);
    let years = fit.min(span).max(1);
    let spare = inner.width.saturating_sub(
        u16::try_from(years)
            .unwrap_or(u16::MAX)
            .saturating_mul(YEAR),
    );
    let label = u16::try_from(app.derived.cluster_label_width)
        .unwrap_or(u16::MAX)
        .clamp(LABEL, spare.max(LABEL));
    let focus_year = app.selected_meeting().map(|m| m.year).unwrap_or(lo);
    let last_start = hi.saturating_sub(years - 1).max(lo);
    let first_year = focus_year.saturating_sub(years / 2).clamp(lo, last_start);
    let room = usize::from(inner.height.saturating_sub(3));
    let cluster_rows = app.plan.clusters.len().min(room);
    let first_cluster = (app.cluster + 1).saturating_sub(cluster_rows);
    Geometry {
        inner,
        label,
        first_year,
        years,
        first_cluster,
        cluster_rows,
    }
}

pub fn timeline_hit(app: &App, area: Rect, column: u16, row: u16) -> Option<TimelineHit> {
    let g = geometry(app, area);
    if column < g.inner.x + g.label || row <= g.inner.y || row >= g.inner.bottom() {
        return None;
    }
    let year = g.first_year + i32::from((column - g.inner.x - g.label) / YEAR);
    let line = usize::from(row - g.inner.y - 1);
    if line < g.cluster_rows {
        Some(TimelineHit::Cluster(g.first_cluster + line))
    } else {
        Some(TimelineHit::Year(year))
    }
}

/// Where the selected cluster's row starts, if it is in view.
pub fn selected_row(app: &App, area: Rect) -> Option<ratatui::layout::Position> {
    let g = geometry(app, area);
    let k = app.cluster.checked_sub(g.first_cluster)?;
    (k < g.cluster_rows)
        .then(|| ratatui::layout::Position::new(g.inner.x, g.inner.y + 1 + k as u16))
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let g = geometry(app, area);
    let (lo, hi) = app.derived.span.unwrap_or((g.first_year, g.first_year));
    let last = g.first_year + g.years - 1;
    // Years out of view are named in the title and marked beside the year row.
    let (earlier, later) = (g.first_year > lo, last < hi);
    let of = if earlier || later {
        format!(" of {lo}–{hi}")
    } else {
        String::new()
    };
    let title = format!(
        "Timeline {}–{last}{of}  (█ review window  ░ grace  ! misaligned)",
        g.first_year
    );
    pane_block(app, Pane::Timeline, title, theme).render(area, buf);
    let inner = g.inner;
    if inner.height < 3 {
        return;
    }
    let label_width = usize::from(g.label);
    let mut y = inner.y;
    let hidden = match (earlier, later) {
        (true, true) => "◀ more ▶",
        (true, false) => "◀ earlier",
        (false, true) => "later ▶",
        (false, false) => "",
    };
    put(buf, inner.x, y, hidden, label_width, theme.dim);
    for k in 0..g.years {
        put(
            buf,
            g.x_of(k),
            y,
            &format!(" {}", g.first_year + k),
            usize::from(YEAR),
            theme.header,
        );
    }
    y += 1;
    y = clusters(app, &g, y, buf, theme);
    if y + 2 > inner.bottom() {
        return;
    }
    put(buf, inner.x, y, "Meeting", label_width, theme.dim);
    put(buf, inner.x, y + 1, "Fixed topic", label_width, theme.dim);
    for k in 0..g.years {
        year_meetings(app, &g, k, y, buf, theme);
    }
}

impl Geometry {
    /// Where the `k`th year's column starts.
    fn x_of(&self, k: i32) -> u16 {
        self.inner.x + self.label + (k as u16) * YEAR
    }
}

/// The rows of the clusters in view from row `y`, each a name and its bar; the row
/// after them.
fn clusters(app: &App, g: &Geometry, mut y: u16, buf: &mut Buffer, theme: &Theme) -> u16 {
    let alignment = &app.plan.alignment;
    let label_width = usize::from(g.label);
    for ci in g.first_cluster..g.first_cluster + g.cluster_rows {
        let Some(c) = app.plan.clusters.get(ci) else {
            break;
        };
        let label = super::super::app::cluster_label(c);
        let label_style = if ci == app.cluster && app.focus == Pane::Timeline {
            theme.selected
        } else {
            theme.text
        };
        put(buf, g.inner.x, y, &label, label_width - 1, label_style);
        for k in 0..g.years {
            let year = g.first_year + k;
            let (fill, style) = match c.timing(alignment, year) {
                Timing::Inside => ("█████", theme.window),
                Timing::Grace => ("░░░░░", theme.grace),
                Timing::Early | Timing::Late => ("", theme.text),
            };
            put(buf, g.x_of(k), y, fill, usize::from(YEAR), style);
        }
        y += 1;
    }
    y
}

/// The `k`th year's meeting (the first not cancelled, `+` if there are more) on row
/// `y` and its fixed topic under it, `!` marking a misaligned one.
fn year_meetings(app: &App, g: &Geometry, k: i32, y: u16, buf: &mut Buffer, theme: &Theme) {
    let year = g.first_year + k;
    let Some(list) = app.index().in_year(year) else {
        return;
    };
    let Some(&first) = list.first() else { return };
    let shown = list
        .iter()
        .copied()
        .find(|&i| app.plan.meetings[i].status != Status::Cancelled)
        .unwrap_or(first);
    let m = &app.plan.meetings[shown];
    let more = if list.len() > 1 { "+" } else { "" };
    let is_selected = app.selected_index().is_some_and(|s| list.contains(&s));
    let base = if m.status.is_history() {
        theme.history
    } else {
        theme.text
    };
    let base = if is_selected {
        base.patch(theme.selected)
    } else {
        base
    };
    // Four columns per year: "12th", or the bare number once ordinals no longer fit.
    let label = match ordinal(m.number) {
        o if o.len() + more.len() <= 4 => o,
        _ => m.number.to_string(),
    };
    put(
        buf,
        g.x_of(k),
        y,
        &format!(" {label}{more}"),
        usize::from(YEAR),
        base,
    );
    let misaligned = app
        .derived
        .marks(m.number)
        .is_some_and(|mk| mk.misaligned.is_some());
    let (topic, style) = match &m.fixed {
        Some(t) if misaligned => (format!(" !{t}"), theme.misaligned),
        Some(t) => (format!(" {t}"), base),
        None if m.status == Status::Cancelled => (" ×".to_string(), base),
        None => (" -".to_string(), base),
    };
    let style = if is_selected {
        style.patch(theme.selected)
    } else {
        style
    };
    put(buf, g.x_of(k), y + 1, &topic, usize::from(YEAR), style);
}
