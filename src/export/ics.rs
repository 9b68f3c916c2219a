//! iCalendar (RFC 5545): one all-day event per meeting that has dates.

use chrono::{Datelike, Days, NaiveDate};

use super::{Export, Lookup, body_name, fixed_label, flexible_label, meeting_name};
use crate::plan::{Meeting, MeetingNumber, Plan, Status, ordinal};

/// TEXT value escaping (RFC 5545 3.3.11).
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8
/// sequence, each physical line ended by CRLF.
pub(super) fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            // The leading space of a continuation line counts toward its 75 octets.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Lower-case letters and digits, words joined by '-': the stable part of each UID.
/// A name in ASCII keeps the ASCII slug it always had (`working-group-on-firearms`), so
/// calendars that imported earlier exports update their events; any other name keeps
/// its letters and digits in every script, or a Russian or Chinese name would slug to
/// the fallback and the calendars of different bodies would merge their events.
fn slug(s: &str) -> String {
    let keep = |c: char| {
        if s.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }
    };
    let words: Vec<String> = s
        .split(|c: char| !keep(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "workplan".to_owned()
    } else {
        words.join("-")
    }
}

/// A DATE value (RFC 5545 3.3.4) has four digits of year: 0000-9999.
fn representable(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

/// DTSTAMP must be the same for the same plan, or every export would differ from the
/// last: it is midnight UTC of the latest date the plan gives, else 1 January of its
/// first year. An amended plan with new dates therefore gets a later stamp.
pub(super) fn dtstamp(plan: &Plan) -> String {
    let latest = plan
        .meetings
        .iter()
        .flat_map(|m| [m.start, m.end])
        .flatten()
        .filter(|d| representable(*d))
        .max();
    let day = latest
        .or_else(|| {
            plan.span()
                .and_then(|(first, _)| NaiveDate::from_ymd_opt(first, 1, 1))
                .filter(|d| representable(*d))
        })
        .unwrap_or_default();
    format!("{}T000000Z", date(day))
}

fn description(lk: &Lookup, m: &Meeting, notes: bool) -> String {
    let mut lines = Vec::new();
    match &m.flexible {
        Some(id) => lines.push(format!(
            "Agenda item 2 (flexible): {}",
            flexible_label(lk, id)
        )),
        None if !m.status.is_history() => {
            lines.push("Agenda item 2 (flexible): to be chosen".to_owned())
        }
        None => {}
    }
    match &m.fixed {
        Some(id) => lines.push(format!("Agenda item 3 (fixed): {}", fixed_label(lk, id))),
        None if !m.status.is_history() => {
            lines.push("Agenda item 3 (fixed): none scheduled".to_owned())
        }
        None => {}
    }
    if !m.agenda.is_empty() {
        lines.push("Agenda items on record:".to_owned());
        lines.extend(m.agenda.iter().map(|a| format!("- {a}")));
    }
    if notes && let Some(note) = &m.note {
        lines.push(format!("Note: {note}"));
    }
    lines.join("\n")
}

/// `notes`: the meetings' notes go into the descriptions (`--notes`); they are internal
/// by default and stay out of the calendar delegations subscribe to.
pub(super) fn render(lk: &Lookup, notes: bool) -> Export {
    let plan = lk.plan;
    let mut out = String::new();
    let mut skipped = Vec::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!(
            "PRODID:-//workplan//workplan ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(&plan.title)));
    let stamp = dtstamp(plan);
    let uid_base = slug(body_name(plan));
    let mut previous: Option<(MeetingNumber, usize)> = None;
    for &m in &lk.meetings {
        // Meeting numbers may repeat (a `duplicate-meeting` error), UIDs may not: the
        // second 7th meeting is `...-meeting-7-2`, in the stable order of the export.
        let uid = match previous {
            Some((n, k)) if n == m.number => {
                previous = Some((n, k + 1));
                format!("{uid_base}-meeting-{n}-{}@workplan", k + 1)
            }
            _ => {
                previous = Some((m.number, 1));
                format!("{uid_base}-meeting-{}@workplan", m.number)
            }
        };
        let Some(start) = m.start else {
            if !m.status.is_history() && push_undated(&mut out, lk, m, &stamp, &uid, notes) {
                continue;
            }
            skipped.push(format!(
                "{} meeting ({}): no dates set",
                ordinal(m.number),
                m.year
            ));
            continue;
        };
        let last = m.end.unwrap_or(start);
        if last < start {
            skipped.push(format!(
                "{} meeting ({}): ends before it starts",
                ordinal(m.number),
                m.year
            ));
            continue;
        }
        if !representable(start) || !representable(last) {
            skipped.push(format!(
                "{} meeting ({}): dates outside the years 0000-9999 a calendar can hold",
                ordinal(m.number),
                m.year
            ));
            continue;
        }
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape(&uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date(start)));
        // DTEND of an all-day event is exclusive: the day after the last day. A meeting
        // ending on 9999-12-31 has no such day to write; its length says the same.
        match last
            .checked_add_days(Days::new(1))
            .filter(|e| representable(*e))
        {
            Some(end) => push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", date(end))),
            None => push_line(
                &mut out,
                &format!("DURATION:P{}D", (last - start).num_days() + 1),
            ),
        }
        push_line(
            &mut out,
            &format!("SUMMARY:{}", escape(&meeting_name(plan, m))),
        );
        let text = description(lk, m, notes);
        if !text.is_empty() {
            push_line(&mut out, &format!("DESCRIPTION:{}", escape(&text)));
        }
        if let Some(venue) = &m.venue {
            push_line(&mut out, &format!("LOCATION:{}", escape(venue)));
        }
        match m.status {
            Status::Postponed => push_line(&mut out, "STATUS:TENTATIVE"),
            Status::Cancelled => push_line(&mut out, "STATUS:CANCELLED"),
            Status::Planned | Status::Held => push_line(&mut out, "STATUS:CONFIRMED"),
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    Export {
        text: out,
        skipped,
        ..Export::default()
    }
}

/// A meeting that is planned but has no dates yet: a tentative, transparent (free time)
/// all-day entry on 1 January of its year, its summary saying the dates are not set. The
/// placeholder day is no date of the meeting: it keeps the entry in the right year,
/// visible without filling every day of the year, and the UID is the one the meeting
/// keeps once dated, so re-importing the calendar moves this entry to the real dates.
fn push_undated(
    out: &mut String,
    lk: &Lookup,
    m: &Meeting,
    stamp: &str,
    uid: &str,
    notes: bool,
) -> bool {
    let plan = lk.plan;
    // A year no calendar holds: the caller lists the meeting as skipped.
    let Some(day) = NaiveDate::from_ymd_opt(m.year, 1, 1).filter(|d| representable(*d)) else {
        return false;
    };
    let Some(next) = day.checked_add_days(Days::new(1)) else {
        return false;
    };
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape(uid)));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART;VALUE=DATE:{}", date(day)));
    push_line(out, &format!("DTEND;VALUE=DATE:{}", date(next)));
    push_line(
        out,
        &format!(
            "SUMMARY:{}",
            escape(&format!(
                "{} ({}, dates not yet set)",
                meeting_name(plan, m),
                m.year
            ))
        ),
    );
    let mut text = format!(
        "Planned for {}; the dates are not yet set. This entry sits on 1 January as a \
         placeholder and will move to the meeting's dates once they are set.",
        m.year
    );
    let rest = description(lk, m, notes);
    if !rest.is_empty() {
        text.push('\n');
        text.push_str(&rest);
    }
    push_line(out, &format!("DESCRIPTION:{}", escape(&text)));
    if let Some(venue) = &m.venue {
        push_line(out, &format!("LOCATION:{}", escape(venue)));
    }
    push_line(out, "STATUS:TENTATIVE");
    push_line(out, "TRANSP:TRANSPARENT");
    push_line(out, "END:VEVENT");
    true
}
