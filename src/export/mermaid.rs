//! A Mermaid gantt chart, so the timeline renders inside GitHub Markdown.

use std::fmt::Write as _;

use chrono::Datelike;

use super::{Lookup, truncate};
use crate::plan::{Meeting, MeetingNumber, Status, ordinal};

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
            // Any line break or control character (U+2028 and U+2029 end lines in
            // JavaScript) would end the statement: a space instead.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words Mermaid's gantt lexer reads as a statement when a line starts with them
/// (case-insensitively, as prefixes: `topAxis`, `gantt` need no space after them).
const KEYWORDS: [&str; 22] = [
    "accdescr",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "displaymode",
    "excludes",
    "gantt",
    "href",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "vert",
    "weekday",
    "weekend",
    "classdef",
    "class",
];

/// A task name that starts a line of the chart. The task statement is the lexer's last
/// resort, so a name must not start like any other statement: a keyword (a cluster id
/// `click c0 href "//evil.example"` made a link, `dateFormat ...` broke the chart), a
/// digit (a date), or punctuation (`%%`, `#` comments, `{`, `}` of `accDescr {`). Such a
/// name, or an empty one, gets `fallback` in front; every other name is kept as it was.
pub(super) fn task_name(s: &str, fallback: &str) -> String {
    let name = sanitize(s);
    let lower = name.to_lowercase();
    let safe = name.chars().next().is_some_and(char::is_alphabetic)
        && !KEYWORDS.iter().any(|k| lower.starts_with(k));
    match (safe, name.is_empty()) {
        (true, _) => name,
        (false, true) => fallback.to_owned(),
        (false, false) => format!("{fallback} {name}"),
    }
}

/// `YYYY-MM-DD` for the chart's `dateFormat`: years outside 1000-9999 (which plans may
/// hold) are clamped, as neither the format nor JavaScript dates read them as written.
fn day(year: i32, month_day: &str) -> String {
    format!("{:04}-{month_day}", year.clamp(1000, 9999))
}

pub(super) fn render(lk: &Lookup) -> String {
    let plan = lk.plan;
    let mut out = String::from("gantt\n");
    // `title` with nothing after it is not a title statement but a broken task.
    let title = sanitize(&plan.title);
    let title = if title.is_empty() { "Workplan" } else { &title };
    let _ = writeln!(out, "    title {title}");
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %Y\n    todayMarker off\n");
    clusters(lk, &mut out);
    meetings(lk, &mut out);
    out
}

/// A task per cluster's review window, and one for its grace years.
fn clusters(lk: &Lookup, out: &mut String) {
    let plan = lk.plan;
    let grace = plan.alignment.grace();
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
        // Identifiers are generated (c0, g0, m1...): plan text is only ever a name.
        let fallback = format!("Cluster {}", i + 1);
        let _ = writeln!(
            out,
            "    {} :c{i}, {}, {}",
            task_name(&name, &fallback),
            day(c.review.start, "01-01"),
            day(c.review.end, "12-31")
        );
        if grace > 0 && c.review.end < 9999 {
            let _ = writeln!(
                out,
                "    {} grace :active, g{i}, {}, {}",
                task_name(c.id.as_str(), &fallback),
                day(c.review.end.saturating_add(1), "01-01"),
                day(c.last_aligned_year(&plan.alignment), "12-31")
            );
        }
    }
}

/// A milestone per meeting, on its first day.
fn meetings(lk: &Lookup, out: &mut String) {
    if !lk.plan.meetings.is_empty() {
        out.push_str("    section Meetings\n");
    }
    // Meeting numbers may repeat (a `duplicate-meeting` error): the second 7th is m7_2.
    let mut previous: Option<(MeetingNumber, usize)> = None;
    for &m in &lk.meetings {
        let id = match previous {
            Some((n, k)) if n == m.number => {
                previous = Some((n, k + 1));
                format!("m{n}_{}", k + 1)
            }
            _ => {
                previous = Some((m.number, 1));
                format!("m{}", m.number)
            }
        };
        let misaligned = lk.misaligned(m);
        let mut tags = Vec::new();
        if misaligned {
            tags.push("crit");
        }
        if m.status == Status::Held {
            tags.push("done");
        }
        tags.push("milestone");
        // Undated meetings sit mid-year: the chart needs a day, the plan has only a year.
        let when = match m.start {
            Some(d) if (1000..=9999).contains(&d.year()) => d.format("%Y-%m-%d").to_string(),
            Some(d) => day(d.year(), "07-01"),
            None => day(m.year, "07-01"),
        };
        // The name starts with the meeting's ordinal, which the tool writes.
        let _ = writeln!(
            out,
            "    {} :{}, {id}, {when}, 0d",
            sanitize(&meeting_name(lk, m, misaligned)),
            tags.join(", "),
        );
    }
}

/// "10th meeting - T1 Use of terms + F12 (postponed)".
fn meeting_name(lk: &Lookup, m: &Meeting, misaligned: bool) -> String {
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
    if misaligned {
        name.push_str(" (misaligned)");
    }
    name
}
