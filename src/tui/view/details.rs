//! Details of the selected meeting: its topics, the clusters reviewing their articles
//! and whether the meeting falls inside their windows, the annex questions, notes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::hang::hang_all;
use super::pane_block;
use super::table::severity_symbol;
use super::theme::Theme;
use crate::plan::{Cluster, Meeting, Timing, articles_label, ordinal};
use crate::tui::app::{App, Pane};
use crate::tui::report;

fn label<'a>(text: &'a str, theme: &Theme) -> Span<'a> {
    Span::styled(text, theme.header)
}

/// Where a meeting falls against one cluster's review, in the pane's words.
fn verdict(timing: Timing, theme: &Theme) -> (&'static str, Style) {
    match timing {
        Timing::Early => ("✗ too early", theme.misaligned),
        Timing::Late => ("✗ too late", theme.misaligned),
        Timing::Grace => ("✓ in grace", theme.text),
        Timing::Inside => ("✓ inside", theme.text),
    }
}

/// One line per article: which clusters review it, and where the meeting falls.
fn article_lines<'a>(app: &App, m: &Meeting, articles: &[u32], theme: &Theme) -> Vec<Line<'a>> {
    let plan = &app.plan;
    let mut out = Vec::new();
    for &a in articles {
        if plan.is_cross_cutting(a) {
            out.push(Line::from(format!(
                "  art. {a}: cross-cutting, reviewed in every cluster"
            )));
            continue;
        }
        let clusters: Vec<_> = app
            .index()
            .clusters_for(&[a])
            .into_iter()
            .filter_map(|ci| plan.clusters.get(ci))
            .collect();
        if clusters.is_empty() {
            out.push(Line::from(format!("  art. {a}: reviewed in no cluster")));
        }
        for c in clusters {
            let (verdict, style) = verdict(c.timing(&plan.alignment, m.year), theme);
            out.push(Line::from(vec![
                Span::raw(format!(
                    "  art. {a}: {} {}–{}: ",
                    c.id, c.review.start, c.review.end
                )),
                Span::styled(verdict, style),
            ]));
        }
    }
    out
}

/// The cluster selected in the timeline: its window and grace, its articles, and the
/// fixed topics that cover them with where they sit and whether that is inside.
fn cluster_lines<'a>(app: &App, c: &Cluster, rows: usize, theme: &Theme) -> Vec<Line<'a>> {
    let plan = &app.plan;
    let grace = plan.alignment.grace();
    let (start, end) = (c.review.start, c.review.end);
    let last = c.last_aligned_year(&plan.alignment);
    let mut lines = Vec::new();
    if let Some(n) = &c.name {
        lines.push(Line::from(n.clone()));
    }
    let grace_text = match grace {
        0 => "no grace year".to_string(),
        1 => format!("grace year {last}"),
        _ => format!("grace years {}–{last}", end.saturating_add(1)),
    };
    lines.push(Line::from(vec![
        label("Window", theme),
        Span::raw(format!(" {start}–{end}, {grace_text}")),
    ]));
    lines.push(Line::from(vec![
        label("Reviews", theme),
        Span::raw(format!(" {}", articles_label(&c.articles))),
    ]));
    lines.push(Line::from(label("Fixed topics on them", theme)));
    let covering = plan
        .fixed_topics
        .iter()
        .filter(|t| report::clusters_of(plan, app.index(), t).any(|other| other.id == c.id));
    let mut any = false;
    // Enough topics for the rows there are: a plan with thousands costs no more.
    for t in covering.take(rows) {
        any = true;
        lines.push(Line::from(format!("{} {}", t.id, t.title)));
        let at = app.fixed_at(&t.id).and_then(|n| plan.meeting(n));
        let Some(m) = at else {
            lines.push(Line::styled("  not scheduled", theme.misaligned));
            continue;
        };
        let (verdict, style) = verdict(c.timing(&plan.alignment, m.year), theme);
        lines.push(Line::from(vec![
            Span::raw(format!("  {} meeting ({}): ", ordinal(m.number), m.year)),
            Span::styled(verdict, style),
        ]));
    }
    if !any {
        lines.push(Line::from("  none"));
    }
    lines
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if app.focus == Pane::Timeline
        && let Some(c) = app.plan.clusters.get(app.cluster)
    {
        let lines = cluster_lines(app, c, usize::from(area.height), theme);
        let width = usize::from(area.width.saturating_sub(2));
        let lines = hang_all(super::visible_lines(lines, area), width);
        // What does not fit is marked: the lines end before the pane's bottom.
        let rows = usize::from(area.height.saturating_sub(2));
        let title = if lines.len() > rows {
            format!("Cluster {} · more ↓", c.id)
        } else {
            format!("Cluster {}", c.id)
        };
        let block = pane_block(app, Pane::Details, title, theme);
        Paragraph::new(lines).block(block).render(area, buf);
        return;
    }
    let Some(m) = app.selected_meeting() else {
        pane_block(app, Pane::Details, "Details".into(), theme).render(area, buf);
        return;
    };
    let paragraph = meeting_paragraph(app, m, area, theme);
    let rows = usize::from(area.height.saturating_sub(2));
    let total = paragraph.line_count(area.width.saturating_sub(2));
    let offset = app.details_offset().min(total.saturating_sub(rows));
    // The title says which lines are in view when the details do not fit, short enough
    // for the pane's 26 columns at 80x24.
    let title = if rows < total {
        let last = (offset + rows).min(total);
        format!(
            "{} · lines {}–{last}/{total}",
            ordinal(m.number),
            offset + 1
        )
    } else {
        format!("{} meeting", ordinal(m.number))
    };
    let block = pane_block(app, Pane::Details, title, theme);
    paragraph
        .block(block)
        .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0))
        .render(area, buf);
}

/// The details of meeting `m` as one paragraph (no block) for a pane of `area`, its
/// lines wrapped under their text.
fn meeting_paragraph<'a>(app: &App, m: &Meeting, area: Rect, theme: &Theme) -> Paragraph<'a> {
    let mut lines: Vec<Line> = Vec::new();
    let mut head = format!("{} · {}", m.year, m.status);
    if let Some(v) = &m.venue {
        head.push_str(&format!(" · {v}"));
    }
    lines.push(Line::from(head));
    if m.start.is_some() {
        let dates = match (m.start, m.end) {
            (Some(s), Some(e)) if s != e => format!("{s} to {e}"),
            (Some(s), _) => s.to_string(),
            _ => String::new(),
        };
        lines.push(Line::from(dates));
    }
    if m.status.is_history() {
        lines.push(Line::styled("On record: read-only.", theme.dim));
    }
    lines.extend(topic_lines(app, m, theme));
    lines.extend(record_lines(app, m, theme));
    // Room for many screens of scrolling; a 100 KB note is still cut, not wrapped anew
    // for every frame.
    let room = Rect {
        height: area.height.saturating_mul(64),
        ..area
    };
    let width = usize::from(area.width.saturating_sub(2));
    Paragraph::new(hang_all(super::visible_lines(lines, room), width))
}

/// How far the details pane of the selected meeting can scroll at the app's size, and
/// its page (the rows it shows), for the update's Up, Down and page keys.
pub fn extent(app: &App) -> (usize, usize) {
    let area = super::layout_of(app, Rect::new(0, 0, app.size.0, app.size.1)).details;
    let Some(m) = app.selected_meeting() else {
        return (0, 1);
    };
    let theme = Theme::new(app.monochrome);
    let total = meeting_paragraph(app, m, area, &theme).line_count(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    (total.saturating_sub(rows), rows.max(1))
}

/// The meeting's fixed topic (its title and articles) and flexible topic.
fn topic_lines<'a>(app: &App, m: &Meeting, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    match m.fixed.as_ref() {
        Some(id) => {
            lines.push(Line::from(vec![
                label("Fixed", theme),
                Span::raw(format!(" {id}")),
            ]));
            if let Some(t) = app.fixed_topic(id) {
                lines.push(Line::from(format!("  {}", t.title)));
                lines.extend(article_lines(app, m, &t.articles, theme));
            }
        }
        None => lines.push(Line::from(vec![label("Fixed", theme), Span::raw(" none")])),
    }
    match m.flexible.as_ref() {
        Some(id) => {
            lines.push(Line::from(vec![
                label("Flexible", theme),
                Span::raw(format!(" {id}")),
            ]));
            if let Some(t) = app.flexible_topic(id) {
                lines.push(Line::from(format!("  {}", t.title)));
            }
        }
        None => lines.push(Line::from(vec![
            label("Flexible", theme),
            Span::raw(" none"),
        ])),
    }
    lines
}

/// The meeting's findings, its fixed topic's questions, its agenda on record and note.
fn record_lines<'a>(app: &App, m: &Meeting, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let findings: Vec<_> = app.derived.findings_of(m.number).map(|(_, f)| f).collect();
    if !findings.is_empty() {
        lines.push(Line::from(label("Findings", theme)));
        for f in findings {
            let style = if f.is_misalignment() {
                theme.misaligned
            } else {
                theme.text
            };
            lines.push(Line::styled(
                format!("{} {}: {}", severity_symbol(f.severity), f.code, f.message),
                style,
            ));
        }
    }
    if let Some(t) = m.fixed.as_ref().and_then(|id| app.fixed_topic(id))
        && !t.questions.is_empty()
    {
        lines.push(Line::from(label("Questions", theme)));
        lines.extend(
            t.issues()
                .map(|q| Line::from(format!("• {}", q.one_line()))),
        );
    }
    if !m.agenda.is_empty() {
        lines.push(Line::from(label("Agenda on record", theme)));
        lines.extend(m.agenda.iter().map(|q| Line::from(format!("• {q}"))));
    }
    if let Some(n) = &m.note {
        lines.push(Line::from(label("Note", theme)));
        lines.extend(n.lines().map(|l| Line::from(l.to_string())));
    }
    lines
}
