//! One self-contained page for the Bureau: the timeline as inline SVG, then the agenda
//! by meeting, the clusters and the findings. No scripts, fonts or external styles, so
//! it opens offline, passes any content policy, and prints on A4 landscape.

use std::fmt::Write as _;

use chrono::Datelike;

use super::columns::{SUMMARY, meeting_facts};
use super::{
    Block, Lookup, NO_TOPIC, Notes, agenda_caption, articles, body_name, dates, fixed_label,
    flexible_label, flexible_rows, is_without_topic, topic_blocks, topic_line, truncate,
};
use crate::check::{Counts, Finding, Severity};
use crate::plan::{FixedTopic, Meeting, Status, ordinal};

/// Escapes text for HTML content and attribute values alike.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Cluster colours: distinguishable, and still apart when printed in greyscale.
const PALETTE: [&str; 6] = [
    "#2563a6", "#2f8a57", "#7c4dbd", "#b8621b", "#0f7f8c", "#a33a6b",
];

const STYLE: &str = r#"
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d5dbe3; --bad: #c81e1e; --warn: #b7791f; --paper: #ffffff; --band: #f4f6f9; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1560px; padding: 24px 32px 40px; line-height: 1.4; font-size: 14px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; display: flex; justify-content: space-between; align-items: flex-end; gap: 24px; flex-wrap: wrap; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 17px; margin: 26px 0 10px; font-weight: 650; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--muted); margin: 0; }
.counts { display: flex; gap: 8px; }
.pill { display: inline-block; border-radius: 999px; padding: 2px 10px; font-size: 12px; font-weight: 600; border: 1px solid var(--line); white-space: nowrap; }
.pill.error { background: #fde8e8; color: var(--bad); border-color: #f5b5b5; }
.pill.warning { background: #fdf3dc; color: #8a5a00; border-color: #f0d48a; }
.pill.info { background: #e8f0fb; color: #1c4f8a; border-color: #b9cff0; }
.pill.ok { background: #e6f4ea; color: #1e6b3a; border-color: #acd8b9; }
figure { margin: 0; }
svg.timeline { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 20px; color: var(--muted); font-size: 12px; margin: 8px 0 0; padding: 0; list-style: none; }
.legend svg { vertical-align: middle; margin-right: 4px; }
/* The keys of the timeline and its legend (data-key); the cluster colours follow. */
.k-held { fill: #4a5563; stroke: #4a5563; }
.k-planned { fill: #ffffff; stroke: #1f2933; }
.k-postponed { fill: #fdf3dc; stroke: #b7791f; stroke-dasharray: 3 2; }
.k-cancelled { fill: #eceff3; stroke: #8a94a3; }
.k-misaligned { fill: #c81e1e; stroke: #8f1010; }
.k-unset { fill: #ffffff; stroke: #8a94a3; stroke-dasharray: 4 3; }
span.unset { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--band); font-weight: 650; border-bottom: 2px solid #b8c2cf; }
tr { break-inside: avoid; }
td.when { white-space: nowrap; }
td .id { font-weight: 650; }
td .arts { color: var(--muted); }
tr.misaligned td { background: #fff4f4; }
tr.misaligned td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
tr.history td { color: var(--muted); }
.status { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; font-weight: 650; color: var(--muted); }
.status.postponed { color: var(--warn); }
.status.cancelled { color: var(--bad); }
ul.findings { margin: 0; padding-left: 18px; }
ul.findings li { margin: 2px 0; }
.sev-error { color: var(--bad); font-weight: 650; }
.sev-warning { color: #8a5a00; font-weight: 650; }
.sev-info { color: #1c4f8a; font-weight: 650; }
.mark { color: var(--bad); font-weight: 700; }
caption { caption-side: top; text-align: left; color: var(--muted); font-style: italic; padding: 0 0 6px; }
h3 { font-size: 15px; margin: 20px 0 2px; font-weight: 650; }
h4 { font-size: 13.5px; margin: 12px 0 4px; font-weight: 650; }
.topic-of { color: var(--muted); font-style: italic; margin: 0 0 8px; }
.lead-in { margin: 4px 0; }
.questions ul { margin: 4px 0 8px; padding-left: 22px; }
sup.note-ref { font-size: 10px; line-height: 0; }
ol.notes { font-size: 12px; color: var(--muted); padding-left: 22px; }
tr.unset td { background: #f8f9fb; }
code { font-size: 12px; background: var(--band); padding: 0 4px; border-radius: 3px; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5px; }
  h2 { break-after: avoid; }
  section.timeline { break-after: page; }
  table { font-size: 10px; }
  th, td { padding: 3px 5px; }
}
"#;

/// Geometry of the timeline: one column per year after a gutter for labels.
struct Axis {
    first: i32,
    years: i32,
    gutter: f64,
    col: f64,
}

impl Axis {
    const WIDTH: f64 = 1500.0;

    fn new(first: i32, last: i32) -> Self {
        // Years come from the file: saturate rather than overflow on absurd ones.
        let years = last.saturating_sub(first).saturating_add(1).clamp(1, 400);
        let gutter = 330.0;
        Self {
            first,
            years,
            gutter,
            col: (Self::WIDTH - gutter - 10.0) / years as f64,
        }
    }

    /// Left edge of a year's column (clamped to the chart).
    fn x(&self, year: i32) -> f64 {
        let i = (year.saturating_sub(self.first)).clamp(0, self.years);
        self.gutter + i as f64 * self.col
    }

    /// Where a meeting sits: its first day within its year, else mid-year.
    fn meeting_x(&self, m: &Meeting) -> f64 {
        let frac = m
            .start
            .filter(|d| d.year() == m.year)
            .map(|d| (f64::from(d.ordinal0()) + 0.5) / 366.0)
            .unwrap_or(0.5);
        self.x(m.year) + frac * self.col
    }
}

/// The timeline's marks and the legend's keys carry the same `data-key` and class: one
/// rule of the style sheet colours both, so the legend shows what the chart draws.
fn status_key(status: Status, bad: bool) -> &'static str {
    if bad {
        return "misaligned";
    }
    match status {
        Status::Held => "held",
        Status::Planned => "planned",
        Status::Postponed => "postponed",
        Status::Cancelled => "cancelled",
    }
}

/// A keyed element's attributes: its class and the key the browser test pairs it by.
fn key(k: &str) -> String {
    format!(r#"class="k-{k}" data-key="{k}""#)
}

/// The rules for the cluster colours, one set per colour of [`PALETTE`]: a review
/// window, its grace years (hatched) and a fixed topic's aligned years (shaded).
fn palette_style() -> String {
    let mut s = String::from(":root {");
    for (i, c) in PALETTE.iter().enumerate() {
        let _ = write!(s, " --c{i}: {c};");
    }
    s.push_str(" }\n");
    for i in 0..PALETTE.len() {
        let _ = writeln!(
            s,
            ".k-window-{i} {{ fill: var(--c{i}); }}\n\
             .k-grace-{i} {{ fill: url(#grace-{i}); stroke: var(--c{i}); stroke-opacity: 0.5; }}\n\
             .k-aligned-{i} {{ fill: var(--c{i}); fill-opacity: 0.16; }}"
        );
    }
    s
}

/// A meeting's dot: filled when held, hollow when planned, amber dashed when
/// postponed, crossed when cancelled; red when its fixed topic is misaligned.
fn meeting_marker(out: &mut String, x: f64, y: f64, status: Status, bad: bool) {
    let _ = write!(
        out,
        r#"<circle cx="{x:.1}" cy="{y:.1}" r="7" stroke-width="2" {}/>"#,
        key(status_key(status, bad))
    );
    if status == Status::Cancelled {
        let _ = write!(
            out,
            r##"<path d="M{:.1} {:.1}l10 10m0 -10l-10 10" stroke="#8a94a3" stroke-width="2"/>"##,
            x - 5.0,
            y - 5.0
        );
    }
}

/// The hatching of the grace years, one per colour of the palette; the legend's key
/// fills with the first.
fn grace_patterns(out: &mut String) {
    for i in 0..PALETTE.len() {
        let _ = write!(
            out,
            r#"<pattern id="grace-{i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" style="fill: var(--c{i}); fill-opacity: 0.12"/><line x1="0" y1="0" x2="0" y2="6" stroke-width="2.5" style="stroke: var(--c{i}); stroke-opacity: 0.55"/></pattern>"#
        );
    }
}

fn label(out: &mut String, y: f64, text: &str, full: &str) {
    let _ = write!(
        out,
        r##"<text x="8" y="{y:.1}" font-size="13" fill="#334155" dominant-baseline="middle"><title>{}</title>{}</text>"##,
        esc(full),
        esc(&truncate(text, 44)),
    );
}

/// Where each band of the timeline sits, from the top.
struct Layout {
    axis: Axis,
    row: f64,
    top: f64,
    clusters_y: f64,
    /// Centre lines of the meetings row and the flexible-topics row.
    meetings_y: f64,
    flexible_y: f64,
    fixed_y: f64,
    height: f64,
}

impl Layout {
    fn new(lk: &Lookup) -> Self {
        let plan = lk.plan;
        let (first, last) = plan.span().unwrap_or((2020, 2030));
        let row = 26.0;
        let top = 34.0;
        let clusters_y = top + 26.0;
        let meetings_y = clusters_y + row * plan.clusters.len() as f64 + 30.0;
        let flexible_y = meetings_y + 50.0;
        let fixed_y = flexible_y + 42.0;
        Self {
            axis: Axis::new(first, last),
            row,
            top,
            clusters_y,
            meetings_y,
            flexible_y,
            fixed_y,
            height: fixed_y + row * plan.fixed_topics.len() as f64 + 16.0,
        }
    }
}

fn svg(lk: &Lookup) -> String {
    let lay = Layout::new(lk);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h:.0}" role="img" aria-labelledby="timeline-title"><title id="timeline-title">Timeline of {}: review clusters, meetings and their topics</title><defs>"#,
        esc(&lk.plan.title),
        w = Axis::WIDTH,
        h = lay.height
    );
    grace_patterns(&mut s);
    s.push_str("</defs>");
    year_band(&mut s, &lay);
    cluster_band(&mut s, lk, &lay);
    meeting_band(&mut s, lk, &lay);
    fixed_band(&mut s, lk, &lay);
    s.push_str("</svg>");
    s
}

/// Year columns, alternately shaded, with their labels on top, and the bands' headings
/// in the gutter.
fn year_band(s: &mut String, lay: &Layout) {
    let (axis, top, height) = (&lay.axis, lay.top, lay.height);
    for k in 0..axis.years {
        let year = axis.first.saturating_add(k);
        let x = axis.x(year);
        if k % 2 == 0 {
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{top}" width="{:.1}" height="{:.1}" fill="#f4f6f9"/>"##,
                axis.col,
                height - top
            );
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="22" font-size="12" text-anchor="middle" fill="#5f6b7a">{year}</text>"##,
            x + axis.col / 2.0
        );
    }
    let right = axis.x(axis.first.saturating_add(axis.years));
    let _ = write!(
        s,
        r##"<line x1="{g}" y1="{top}" x2="{g}" y2="{height:.1}" stroke="#b8c2cf"/><line x1="{g}" y1="{top}" x2="{right:.1}" y2="{top}" stroke="#b8c2cf"/>"##,
        g = axis.gutter
    );
    for (y, text) in [
        (lay.clusters_y - 8.0, "REVIEW CLUSTERS"),
        (lay.meetings_y + 4.0, "MEETINGS"),
        (lay.flexible_y + 4.0, "AGENDA ITEM 2 (FLEXIBLE)"),
        (lay.fixed_y - 8.0, "AGENDA ITEM 3 (FIXED TOPICS)"),
    ] {
        let _ = write!(
            s,
            r##"<text x="8" y="{y:.1}" font-size="11" font-weight="700" letter-spacing="0.06em" fill="#5f6b7a">{text}</text>"##
        );
    }
}

/// Clusters: the review window solid, the grace years hatched.
fn cluster_band(s: &mut String, lk: &Lookup, lay: &Layout) {
    let plan = lk.plan;
    let (axis, row) = (&lay.axis, lay.row);
    for (i, c) in plan.clusters.iter().enumerate() {
        let y = lay.clusters_y + row * i as f64;
        let name = match &c.name {
            Some(n) => format!("{} {n}", c.id),
            None => c.id.to_string(),
        };
        label(s, y + row / 2.0, &name, &name);
        if c.review.end < c.review.start {
            continue;
        }
        let k = i % PALETTE.len();
        let (x0, x1) = (
            axis.x(c.review.start),
            axis.x(c.review.end.saturating_add(1)),
        );
        let _ = write!(
            s,
            r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" {}><title>{} review {}-{}</title></rect>"#,
            y + 4.0,
            x1 - x0,
            row - 8.0,
            key(&format!("window-{k}")),
            esc(c.id.as_str()),
            c.review.start,
            c.review.end
        );
        if plan.alignment.grace() > 0 {
            let last = c.last_aligned_year(&plan.alignment);
            let x2 = axis.x(last.saturating_add(1));
            let _ = write!(
                s,
                r#"<rect x="{x1:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" {}><title>grace: topics may follow until {last}</title></rect>"#,
                y + 4.0,
                x2 - x1,
                row - 8.0,
                key(&format!("grace-{k}")),
            );
        }
        // The years are on the axis; the bar names what is reviewed.
        let arts = if c.articles.is_empty() {
            "no Protocol articles".to_owned()
        } else {
            format!("art. {}", join(&c.articles))
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#ffffff" dominant-baseline="middle" font-weight="600">{}</text>"##,
            x0 + 6.0,
            y + row / 2.0,
            esc(&truncate(&arts, ((x1 - x0 - 12.0) / 7.0).max(1.0) as usize))
        );
    }
}

/// Meetings: one dot each, its ordinal below, a warning sign above when misaligned; its
/// flexible topic under it, or a dashed "no topic" when it has neither topic.
fn meeting_band(s: &mut String, lk: &Lookup, lay: &Layout) {
    let (meetings_y, flexible_y) = (lay.meetings_y, lay.flexible_y);
    for &m in &lk.meetings {
        let x = lay.axis.meeting_x(m);
        let bad = lk.misaligned(m);
        let _ = write!(s, "<g><title>{}</title>", esc(&meeting_title(lk, m)));
        meeting_marker(s, x, meetings_y, m.status, bad);
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#334155">{}</text>"##,
            meetings_y + 22.0,
            ordinal(m.number)
        );
        if bad {
            let _ = write!(
                s,
                r##"<text x="{x:.1}" y="{:.1}" font-size="14" text-anchor="middle" fill="#c81e1e" font-weight="700">⚠</text>"##,
                meetings_y - 12.0
            );
        }
        s.push_str("</g>");
        if let Some(id) = &m.flexible {
            let title = lk
                .flexible_topic(id)
                .map(|t| t.title.as_str())
                .unwrap_or("not defined in the plan");
            let _ = write!(
                s,
                r##"<g><title>{}: {}</title><rect x="{:.1}" y="{:.1}" width="40" height="20" rx="10" fill="#eef2f7" stroke="#8a94a3"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle" dominant-baseline="middle" fill="#1f2933">{}</text></g>"##,
                esc(id.as_str()),
                esc(title),
                x - 20.0,
                flexible_y - 10.0,
                flexible_y + 0.5,
                esc(&truncate(id.as_str(), 5))
            );
        } else if is_without_topic(m) {
            unset_pill(s, x, flexible_y, Some(m));
        }
    }
}

/// The mark of a meeting with neither topic (`m`), or the legend's key for it (none).
fn unset_pill(s: &mut String, x: f64, y: f64, m: Option<&Meeting>) {
    if let Some(m) = m {
        let _ = write!(
            s,
            "<g><title>{} meeting ({}): {NO_TOPIC}</title>",
            ordinal(m.number),
            m.year
        );
    } else {
        s.push_str("<g>");
    }
    let _ = write!(
        s,
        r##"<rect x="{:.1}" y="{:.1}" width="48" height="20" rx="10" stroke-width="1.5" {}/><text x="{x:.1}" y="{:.1}" font-size="10" font-style="italic" text-anchor="middle" dominant-baseline="middle" fill="#5f6b7a">no topic</text></g>"##,
        x - 24.0,
        y - 10.0,
        key("unset"),
        y + 0.5,
    );
}

/// Fixed topics: where they may go (each reviewing cluster's window and grace, shaded)
/// and where they are (the meeting's tag; red when misaligned).
fn fixed_band(s: &mut String, lk: &Lookup, lay: &Layout) {
    let plan = lk.plan;
    let (axis, row) = (&lay.axis, lay.row);
    for (i, t) in plan.fixed_topics.iter().enumerate() {
        let y = lay.fixed_y + row * i as f64;
        let text = format!("{} {}", t.id, t.title);
        let full = format!("{} ({})", text, articles(&t.articles));
        label(s, y + row / 2.0, &text, &full);
        // The windows of the first few clusters, as a message names them: a shade per
        // cluster on every topic's row grew with their product (150 clusters on one
        // article: 22,500 shades), and past a few they only darken the row.
        let reviewing = lk.reviewing(t);
        let shown = crate::plan::listed(reviewing.len());
        for (ci, c) in reviewing.into_iter().take(shown) {
            if c.review.end < c.review.start {
                continue;
            }
            let (x0, x1) = (
                axis.x(c.review.start),
                axis.x(c.last_aligned_year(&plan.alignment).saturating_add(1)),
            );
            let _ = write!(
                s,
                r#"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" {}/>"#,
                y + 3.0,
                x1 - x0,
                row - 6.0,
                key(&format!("aligned-{}", ci % PALETTE.len()))
            );
        }
        if plan.is_cross_cutting_topic(t) {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#5f6b7a" dominant-baseline="middle" font-style="italic">cross-cutting: after every other topic</text>"##,
                axis.gutter + 6.0,
                y + row / 2.0
            );
        }
        for &m in lk.meetings_with(&t.id) {
            topic_tag(s, lk, lay, t, m, y);
        }
    }
}

/// A fixed topic's tag at its meeting: coloured as the meeting's dot.
fn topic_tag(s: &mut String, lk: &Lookup, lay: &Layout, t: &FixedTopic, m: &Meeting, y: f64) {
    let x = lay.axis.meeting_x(m);
    let bad = lk
        .for_meeting(m)
        .any(|f| f.is_misalignment() && f.topic.as_ref() == Some(&t.id));
    let ink = match (bad, m.status) {
        (true, _) | (false, Status::Held) => "#ffffff",
        (false, Status::Postponed) => "#7a4f00",
        (false, Status::Cancelled) => "#5f6b7a",
        (false, Status::Planned) => "#1f2933",
    };
    let tag = if bad {
        format!("⚠ {}", ordinal(m.number))
    } else {
        ordinal(m.number)
    };
    let _ = write!(
        s,
        r##"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="46" height="20" rx="4" stroke-width="1.5" {}/><text x="{x:.1}" y="{:.1}" font-size="11" font-weight="650" text-anchor="middle" dominant-baseline="middle" fill="{ink}">{}</text></g>"##,
        esc(&meeting_title(lk, m)),
        x - 23.0,
        y + 3.0,
        key(status_key(m.status, bad)),
        y + lay.row / 2.0 + 0.5,
        esc(&tag)
    );
}

fn join(a: &[u32]) -> String {
    let parts: Vec<String> = a.iter().map(u32::to_string).collect();
    parts.join(", ")
}

/// Tooltip of a meeting: what it is, when, and what it discusses.
fn meeting_title(lk: &Lookup, m: &Meeting) -> String {
    let mut t = format!("{} meeting, {} ({})", ordinal(m.number), dates(m), m.status);
    if let Some(id) = &m.fixed {
        let _ = write!(t, "\nItem 3: {}", fixed_label(lk, id));
    }
    if let Some(id) = &m.flexible {
        let _ = write!(t, "\nItem 2: {}", flexible_label(lk, id));
    }
    t
}

/// The legend: each key drawn by the function and with the class that draw the chart.
fn legend() -> String {
    let dot = |status: Status, bad: bool| {
        let mut s =
            String::from(r#"<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">"#);
        meeting_marker(&mut s, 9.0, 9.0, status, bad);
        s.push_str("</svg>");
        s
    };
    let bar = |k: &str| {
        format!(
            r#"<svg width="30" height="12" aria-hidden="true"><rect width="30" height="12" rx="3" {}/></svg>"#,
            key(k)
        )
    };
    let mut s = String::from(r#"<ul class="legend">"#);
    for status in Status::ALL {
        let _ = write!(s, "<li>{}{status}</li>", dot(status, false));
    }
    let _ = write!(
        s,
        r#"<li>{}<span class="mark">⚠</span> fixed topic misaligned with its review cluster</li>"#,
        dot(Status::Planned, true)
    );
    let mut unset = String::from(r#"<svg width="52" height="22" aria-hidden="true">"#);
    unset_pill(&mut unset, 26.0, 11.0, None);
    let _ = write!(s, "<li>{unset}</svg>{NO_TOPIC}</li>");
    let _ = write!(s, "<li>{}review window</li>", bar("window-0"));
    let _ = write!(s, "<li>{}grace years</li>", bar("grace-0"));
    let _ = write!(
        s,
        "<li>{}when a fixed topic is aligned</li>",
        bar("aligned-0")
    );
    s.push_str("</ul>");
    s
}

fn findings_list(findings: &[&Finding]) -> String {
    let mut s = String::from(r#"<ul class="findings">"#);
    for f in findings {
        let mark = if f.is_misalignment() {
            r#"<span class="mark">⚠</span> "#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<li>{mark}<span class="sev-{sev}">{sev}</span> <code>{}</code> {}</li>"#,
            esc(f.code.as_str()),
            esc(&f.message),
            sev = f.severity
        );
    }
    s.push_str("</ul>");
    s
}

fn counts_pills(findings: &[Finding]) -> String {
    let c = Counts::of(findings);
    if c.error + c.warning + c.info == 0 {
        return r#"<span class="pill ok">no findings</span>"#.to_owned();
    }
    let mut s = String::new();
    for (n, sev) in [
        (c.error, Severity::Error),
        (c.warning, Severity::Warning),
        (c.info, Severity::Info),
    ] {
        if n > 0 {
            let word = if n == 1 {
                sev.as_str().to_owned()
            } else {
                format!("{}s", sev.as_str())
            };
            let _ = write!(s, r#"<span class="pill {sev}">{n} {word}</span>"#);
        }
    }
    s
}

/// Meetings held before the workplan: agenda items on record, no workplan topics.
fn is_earlier(m: &Meeting) -> bool {
    m.fixed.is_none() && m.flexible.is_none() && m.status.is_history()
}

fn when_cell(s: &mut String, m: &Meeting) {
    let _ = write!(
        s,
        r#"<td class="when"><strong>{}</strong>, {} meeting"#,
        m.year,
        ordinal(m.number)
    );
    let facts = meeting_facts(m);
    if !facts.is_empty() {
        let _ = write!(s, "<br>{}", esc(&facts.join(", ")));
    }
    if m.status != Status::Planned {
        let _ = write!(
            s,
            r#"<br><span class="status {}">{}</span>"#,
            m.status.as_str(),
            m.status
        );
    }
    s.push_str("</td>");
}

/// What a topic's empty cell says: "no topic set" on a meeting with neither topic, a
/// dash otherwise.
fn blank(m: &Meeting) -> String {
    if is_without_topic(m) {
        format!(r#"<span class="unset">{NO_TOPIC}</span>"#)
    } else {
        "—".to_owned()
    }
}

fn agenda_table(lk: &Lookup) -> String {
    let mut s = format!(
        "<table><caption>{}</caption><colgroup>",
        esc(&agenda_caption(lk.plan))
    );
    for c in &SUMMARY {
        let _ = write!(s, r#"<col style="width:{}%">"#, c.percent);
    }
    s.push_str("</colgroup><thead><tr>");
    for c in &SUMMARY {
        let _ = write!(s, "<th>{}</th>", esc(c.header));
    }
    s.push_str("</tr></thead><tbody>");
    for &m in lk.meetings.iter().filter(|m| !is_earlier(m)) {
        let class = if lk.misaligned(m) {
            "misaligned"
        } else if is_without_topic(m) {
            "unset"
        } else {
            ""
        };
        let _ = write!(s, r#"<tr class="{class}">"#);
        when_cell(&mut s, m);
        s.push_str("<td>");
        match m.flexible.as_ref() {
            Some(id) => {
                let title = lk
                    .flexible_topic(id)
                    .map(|t| t.title.as_str())
                    .unwrap_or("(not defined in the plan)");
                let _ = write!(
                    s,
                    r#"<span class="id">{}</span> {}"#,
                    esc(id.as_str()),
                    esc(title)
                );
            }
            // While no flexible topic is chosen, what the plan states for the item.
            None => match &m.flexible_text {
                Some(text) => s.push_str(&esc(text).replace('\n', "<br>")),
                None => s.push_str(&blank(m)),
            },
        }
        s.push_str("</td><td>");
        match m.fixed.as_ref() {
            Some(id) => match lk.fixed_topic(id) {
                Some(t) => {
                    let _ = write!(
                        s,
                        r#"<span class="id">{}</span> {} <span class="arts">({})</span>"#,
                        esc(id.as_str()),
                        esc(&t.title),
                        esc(&articles(&t.articles))
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        r#"<span class="id">{}</span> (not defined in the plan)"#,
                        esc(id.as_str())
                    );
                }
            },
            None => s.push_str(&blank(m)),
        }
        s.push_str("</td>");
        findings_cell(&mut s, lk, m);
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// The last cell of a row of meetings: the findings at the meeting, if any.
fn findings_cell(s: &mut String, lk: &Lookup, m: &Meeting) {
    s.push_str("<td>");
    let notes: Vec<&Finding> = lk.for_meeting(m).collect();
    if !notes.is_empty() {
        s.push_str(&findings_list(&notes));
    }
    s.push_str("</td>");
}

fn earlier_table(lk: &Lookup) -> Option<String> {
    let earlier: Vec<&Meeting> = lk
        .meetings
        .iter()
        .copied()
        .filter(|m| is_earlier(m))
        .collect();
    if earlier.is_empty() {
        return None;
    }
    let mut s = format!(
        "<table><colgroup><col style=\"width:15%\"><col style=\"width:62%\">\
         <col style=\"width:23%\"></colgroup>\
         <thead><tr><th>{}</th><th>Agenda items on record</th>\
         <th>Findings</th></tr></thead><tbody>",
        esc(SUMMARY[0].header)
    );
    for m in earlier {
        s.push_str(r#"<tr class="history">"#);
        when_cell(&mut s, m);
        s.push_str("<td>");
        for (k, a) in m.agenda.iter().enumerate() {
            if k > 0 {
                s.push_str("<br>");
            }
            s.push_str(&esc(a));
        }
        s.push_str("</td>");
        findings_cell(&mut s, lk, m);
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    Some(s)
}

fn clusters_table(lk: &Lookup) -> String {
    let plan = lk.plan;
    let mut s = String::from(
        "<table><thead><tr><th>Cluster</th><th>Theme</th><th>Review window</th>\
         <th>Aligned until</th><th>Articles reviewed</th><th>Fixed topics</th></tr></thead><tbody>",
    );
    for (i, (c, topics)) in plan.clusters.iter().zip(lk.topics_by_cluster()).enumerate() {
        let _ = write!(
            s,
            r#"<tr><td><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" {}/></svg> <strong>{}</strong></td><td>{}</td><td>{}-{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            key(&format!("window-{}", i % PALETTE.len())),
            esc(c.id.as_str()),
            esc(c.name.as_deref().unwrap_or("—")),
            c.review.start,
            c.review.end,
            c.last_aligned_year(&plan.alignment),
            if c.articles.is_empty() {
                "none of the Protocol".to_owned()
            } else {
                esc(&join(&c.articles))
            },
            if topics.named.is_empty() {
                "—".to_owned()
            } else {
                topics.ids(esc)
            }
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// The flexible topics (agenda item 2) a meeting chooses from.
fn flexible_section(lk: &Lookup) -> Option<String> {
    let rows = flexible_rows(lk);
    if rows.is_empty() {
        return None;
    }
    let mut s = String::from(
        "<section class=\"flexible\"><h2>Flexible topics (agenda item 2)</h2><table>\
         <colgroup><col style=\"width:56%\"><col style=\"width:16%\"><col style=\"width:10%\">\
         <col style=\"width:8%\"><col style=\"width:10%\"></colgroup><thead><tr><th>Topic</th><th>Source</th><th>Related articles</th>\
         <th>Recurring</th><th>Taken up at</th></tr></thead><tbody>",
    );
    let or_dash = |t: &str| {
        if t.is_empty() {
            "—".to_owned()
        } else {
            esc(t)
        }
    };
    for r in rows {
        let _ = write!(
            s,
            r#"<tr><td><span class="id">{}</span> {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(r.topic.id.as_str()),
            esc(&r.topic.title),
            r.source,
            or_dash(&r.articles),
            if r.topic.recurring { "yes" } else { "no" },
            or_dash(&r.meetings),
        );
    }
    s.push_str("</tbody></table></section>");
    Some(s)
}

/// Each fixed topic as the annex sets it out: its heading ("Topic 1: articles 3 (Use of
/// terms) and …"), the meetings it is scheduled for, its introduction, and its issues
/// for discussion under their groups' headings and lead-ins; then the notes.
fn questions_section(lk: &Lookup) -> Option<String> {
    let plan = lk.plan;
    if plan.fixed_topics.is_empty() {
        return None;
    }
    let mut s = String::from(
        r#"<section class="questions"><h2>Fixed topics and questions for discussion</h2>"#,
    );
    let mut notes = Notes::new(plan);
    for t in &plan.fixed_topics {
        topic_section(&mut s, lk, &mut notes, t);
    }
    let mut texts = notes.texts().peekable();
    if texts.peek().is_some() {
        s.push_str(r#"<h3>Notes</h3><ol class="notes">"#);
        for (n, text) in texts {
            let _ = write!(
                s,
                r##"<li id="note-{n}">{} <a href="#ref-{n}" aria-label="back to the text">↩</a></li>"##,
                esc(&text)
            );
        }
        s.push_str("</ol>");
    }
    s.push_str("</section>");
    Some(s)
}

fn topic_section<'a>(s: &mut String, lk: &Lookup<'a>, notes: &mut Notes<'a>, t: &'a FixedTopic) {
    let heading = lk
        .plan
        .topic_heading(t)
        .unwrap_or_else(|| format!("{}: {}", t.id, t.title));
    let _ = write!(
        s,
        r#"<h3>{}</h3><p class="topic-of">{}</p>"#,
        esc(&heading),
        esc(&topic_line(lk, t))
    );
    // A note's number, a link to it; the first reference is where the note links back.
    let mut inline = |text: &'a str| {
        notes.write(text, esc, |n, first| {
            let id = if first {
                format!(r#" id="ref-{n}""#)
            } else {
                String::new()
            };
            format!(r##"<sup class="note-ref"><a href="#note-{n}"{id}>{n}</a></sup>"##)
        })
    };
    for block in topic_blocks(t) {
        match block {
            Block::Introduction(text) => {
                let _ = write!(s, "<p>{}</p>", inline(text).replace('\n', "<br>"));
            }
            Block::GroupHeading(text) => {
                let _ = write!(s, "<h4>{}</h4>", inline(text));
            }
            Block::LeadIn(text) => {
                let _ = write!(s, r#"<p class="lead-in">{}</p>"#, inline(text));
            }
            Block::Issues(issues) => {
                s.push_str("<ul>");
                for issue in issues {
                    let _ = write!(s, "<li>{}</li>", inline(issue));
                }
                s.push_str("</ul>");
            }
        }
    }
}

pub(super) fn render(lk: &Lookup) -> String {
    let (plan, findings) = (lk.plan, lk.findings);
    let mut s =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<meta name=\"generator\" content=\"workplan\">\n");
    let _ = writeln!(s, "<title>{}</title>", esc(&plan.title));
    let _ = writeln!(
        s,
        "<style>{STYLE}{}</style>\n</head>\n<body>",
        palette_style()
    );
    let span = plan
        .span()
        .map(|(a, b)| format!("{a}-{b}"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        r#"<header><div><h1>{}</h1><p class="sub">{} · {} meetings · {}</p></div><div class="counts">{}</div></header>"#,
        esc(&plan.title),
        esc(body_name(plan)),
        plan.meetings.len(),
        esc(&span),
        counts_pills(findings)
    );
    // The legend is the figure's caption: it sits under the chart it explains.
    let _ = writeln!(
        s,
        r#"<section class="timeline"><h2>Timeline</h2><figure>{}<figcaption>{}</figcaption></figure></section>"#,
        svg(lk),
        legend()
    );
    let _ = writeln!(
        s,
        "<section><h2>Agenda by meeting</h2>{}</section>",
        agenda_table(lk)
    );
    for section in [flexible_section(lk), questions_section(lk)]
        .into_iter()
        .flatten()
    {
        let _ = writeln!(s, "{section}");
    }
    let _ = writeln!(
        s,
        "<section><h2>Review clusters</h2>{}</section>",
        clusters_table(lk)
    );
    if let Some(table) = earlier_table(lk) {
        let _ = writeln!(
            s,
            "<section><h2>Meetings before the workplan</h2>{table}</section>"
        );
    }
    let general: Vec<&Finding> = findings.iter().filter(|f| f.meeting.is_none()).collect();
    if !general.is_empty() {
        let _ = writeln!(
            s,
            "<section><h2>Findings about the plan as a whole</h2>{}</section>",
            findings_list(&general)
        );
    }
    let _ = writeln!(
        s,
        "<footer>Exported by workplan from the plan file; findings: {}.</footer>\n</body>\n</html>",
        esc(&Counts::of(findings).to_string())
    );
    s
}
