//! A Mermaid gantt chart, so the timeline renders inside GitHub Markdown.

use std::fmt::Write as _;

use super::{Lookup, truncate};
use crate::plan::{Status, ordinal};

/// Mermaid's gantt grammar ends a task name at `:`, starts a comment at `%%` and splits
/// at `;` and `#` (entity syntax); a line break ends the statement. None may reach it.
pub(super) fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' => out.push_str(" -"),
            ';' => out.push(','),
            '#' => out.push_str("No."),
            '%' => out.push_str(" percent"),
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn render(lk: &Lookup) -> String {
    let plan = lk.plan;
    let mut out = String::from("gantt\n");
    let _ = writeln!(out, "    title {}", sanitize(&plan.title));
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %Y\n    todayMarker off\n");
    let grace = plan.alignment.grace_years as i32;
    if !plan.clusters.is_empty() {
        out.push_str("    section Review clusters\n");
    }
    for (i, c) in plan.clusters.iter().enumerate() {
        let name = match &c.name {
            Some(n) => format!("{} {}", c.id, n),
            None => c.id.to_string(),
        };
        if c.review.end < c.review.start {
            continue;
        }
        let _ = writeln!(
            out,
            "    {} :c{i}, {}-01-01, {}-12-31",
            sanitize(&name),
            c.review.start,
            c.review.end
        );
        if grace > 0 {
            let _ = writeln!(
                out,
                "    {} grace :active, g{i}, {}-01-01, {}-12-31",
                sanitize(c.id.as_str()),
                c.review.end.saturating_add(1),
                c.review.end.saturating_add(grace)
            );
        }
    }
    if !plan.meetings.is_empty() {
        out.push_str("    section Meetings\n");
    }
    for &m in &lk.meetings {
        let mut name = format!("{} meeting", ordinal(m.number));
        if let Some(t) = &m.fixed {
            // The chart is read at a glance; the full title is in the other exports.
            let title = lk.fixed_topic(t).map(|t| t.title.as_str()).unwrap_or("");
            let _ = write!(name, " - {t} {}", truncate(title, 48));
        }
        if let Some(t) = &m.flexible {
            let _ = write!(name, " + {t}");
        }
        match m.status {
            Status::Postponed => name.push_str(" (postponed)"),
            Status::Cancelled => name.push_str(" (cancelled)"),
            _ => {}
        }
        let misaligned = lk.misaligned(m.number);
        let mut tags = Vec::new();
        if misaligned {
            name.push_str(" (misaligned)");
            tags.push("crit");
        }
        if m.status == Status::Held {
            tags.push("done");
        }
        tags.push("milestone");
        // Undated meetings sit mid-year: the chart needs a day, the plan has only a year.
        let day = m
            .start
            .map(|d| d.to_string())
            .unwrap_or_else(|| format!("{}-07-01", m.year));
        let _ = writeln!(
            out,
            "    {} :{}, m{}, {day}, 0d",
            sanitize(&name),
            tags.join(", "),
            m.number
        );
    }
    out
}
