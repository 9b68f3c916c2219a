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
use crate::plan::annex::with_marks;
use crate::plan::{Cluster, FixedTopic, Meeting, Plan, Question, Timing, articles_label, ordinal};
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
    // The title says which lines are in view when the details do not fit; where "lines"
    // would push the figures past the pane's border (26 columns at 80x24, long annex
    // texts), the figures stay and the word goes.
    let title = if rows < total {
        let last = (offset + rows).min(total);
        let at = format!("{}–{last}/{total}", offset + 1);
        let full = format!("{} · lines {at}", ordinal(m.number));
        // The border's corners, the focus marker "▶ " and a space on either side.
        let room = usize::from(area.width).saturating_sub(6);
        if full.chars().count() <= room {
            full
        } else {
            format!("{} · {at}", ordinal(m.number))
        }
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
                // As the annex heads it, the articles on a line of their own where the
                // annex labels the topic by its theme.
                let plan = &app.plan;
                let heading = plan.topic_heading(t).into_iter();
                for l in heading.chain(plan.topic_articles_line(t)) {
                    lines.push(Line::styled(format!("  {}", marked(&l)), theme.dim));
                }
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

/// Annex text with each footnote reference as a compact mark, its id in brackets: "[2]".
fn marked(text: &str) -> String {
    with_marks(text, |id| format!("[{id}]")).into_owned()
}

/// The fixed topic as the annex sets it out: its introduction, its issues under their
/// group's heading and lead-in, and the footnotes it refers to.
fn annex_lines<'a>(plan: &Plan, t: &FixedTopic, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if t.introduction.is_none() && t.questions.is_empty() {
        return lines;
    }
    lines.push(Line::from(label("Questions", theme)));
    lines.extend(t.introduction.iter().map(|i| Line::from(marked(i))));
    let issue = |text: &String| Line::from(format!("• {}", marked(text)));
    for q in &t.questions {
        match q {
            Question::Issue(text) => lines.push(issue(text)),
            Question::Group(g) => {
                let heading = g
                    .heading
                    .iter()
                    .map(|h| Line::styled(marked(h), theme.header));
                lines.extend(heading);
                lines.extend(g.lead_in.iter().map(|l| Line::from(marked(l))));
                lines.extend(g.issues.iter().map(issue));
            }
        }
    }
    let notes = plan.topic_footnotes(t);
    if !notes.is_empty() {
        lines.push(Line::from(label("Footnotes", theme)));
        for id in notes {
            let text = plan.footnotes.get(id).map_or("", String::as_str);
            lines.push(Line::from(format!("[{id}] {}", marked(text))));
        }
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
    if let Some(t) = m.fixed.as_ref().and_then(|id| app.fixed_topic(id)) {
        lines.extend(annex_lines(&app.plan, t, theme));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn the_annex_of_a_topic_reads_as_the_annex_with_footnote_marks() {
        let plan = crate::plan::parse(include_str!("../../../plans/firearms-2022-proposal.yaml"))
            .map(|l| l.plan)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let theme = Theme::new(true);
        let t1 = &plan.fixed_topics[0];
        let lines = text(&annex_lines(&plan, t1, &theme));
        assert_eq!(lines[0], "Questions");
        assert!(lines[1].contains("the items[2] covered by"), "{}", lines[1]);
        assert_eq!(
            lines[2..7],
            [
                "General",
                "• General use of definitions in national legal frameworks on firearms",
                "• Use and scope of national firearms control lists and harmonized nomenclature",
                "• Use and scope of lists of prohibited items",
                "Article 3, paragraphs (a), (b) and (c)",
            ]
        );
        assert!(lines[7].ends_with("“ammunition”[3]"), "{}", lines[7]);
        let notes = lines
            .iter()
            .position(|l| l == "Footnotes")
            .expect("footnotes");
        assert!(lines[notes + 1].starts_with("[2] The definitions of “illicit"));
        assert!(lines[notes + 2].starts_with("[3] The topic of “ammunition”"));
        assert_eq!(lines.len(), notes + 3, "only the topic's own footnotes");
        // A lead-in sits between its heading and its issues.
        let t2 = text(&annex_lines(&plan, &plan.fixed_topics[1], &theme));
        let at = t2
            .iter()
            .position(|l| l == "Article 5, paragraph 1")
            .expect("group");
        assert_eq!(
            t2[at + 1..at + 3],
            [
                "National experiences in criminalizing, investigating, prosecuting and adjudicating:",
                "• Illicit manufacturing",
            ]
        );
        // Topic 10 has its introduction and no group.
        let t10 = text(&annex_lines(&plan, &plan.fixed_topics[9], &theme));
        assert_eq!(t10.len(), 2, "{t10:#?}");
    }
}
