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

/// The calendar last published (`workplan export --format ics --previous FILE`): each
/// event's SEQUENCE and content by UID, so an event the new plan changes reads as newer
/// to a client re-importing the file, and one it leaves alone does not (docs/exports.md,
/// "Updates").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviousCalendar {
    events: std::collections::HashMap<String, (u32, Vec<String>)>,
}

/// Properties that say when or how often an event was written, not what it is: left out
/// of the comparison with the previous calendar.
const STAMPS: [&str; 3] = ["DTSTAMP", "SEQUENCE", "LAST-MODIFIED"];

/// The name of a content line's property: "DTSTART" of "DTSTART;VALUE=DATE:2025…".
fn property(line: &str) -> &str {
    let end = line.find([':', ';']).unwrap_or(line.len());
    &line[..end]
}

impl PreviousCalendar {
    /// Reads the events of an iCalendar text: any text is accepted, and what is no event
    /// of ours (no UID, a SEQUENCE that is no number) simply matches nothing.
    pub fn parse(text: &str) -> Self {
        let mut events = std::collections::HashMap::new();
        let mut current: Option<(Option<String>, u32, Vec<String>)> = None;
        for line in unfolded(text) {
            match (property(&line), current.as_mut()) {
                ("BEGIN", None) if line == "BEGIN:VEVENT" => current = Some((None, 0, Vec::new())),
                ("END", Some(_)) if line == "END:VEVENT" => {
                    if let Some((Some(uid), sequence, content)) = current.take() {
                        events.insert(uid, (sequence, content));
                    }
                }
                ("UID", Some((uid, _, _))) => *uid = line.get(4..).map(str::to_owned),
                ("SEQUENCE", Some((_, sequence, _))) => {
                    *sequence = line
                        .get(9..)
                        .and_then(|n| n.trim().parse().ok())
                        .unwrap_or(0);
                }
                (name, Some((_, _, content))) if !STAMPS.contains(&name) => content.push(line),
                _ => {}
            }
        }
        Self { events }
    }

    /// The SEQUENCE of the event `uid` with `content`: the previous one where the event
    /// is as it was, one more where it changed, 0 for an event the calendar did not have.
    fn sequence(&self, uid: &str, content: &[String]) -> u32 {
        match self.events.get(uid) {
            Some((sequence, was)) if was.as_slice() == content => *sequence,
            Some((sequence, _)) => sequence.saturating_add(1),
            None => 0,
        }
    }
}

/// The content lines of an iCalendar text with their folds undone (RFC 5545 3.1).
fn unfolded(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in text.split('\n') {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match (physical.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => lines.push(physical.to_owned()),
        }
    }
    lines
}

/// The event of one meeting as content lines (without BEGIN, END, UID and the stamps),
/// or why the calendar cannot carry it.
fn event_lines(lk: &Lookup, m: &Meeting, notes: bool) -> Result<Vec<String>, &'static str> {
    let Some(start) = m.start else {
        if m.status.is_history() {
            return Err("no dates set");
        }
        return undated_lines(lk, m, notes).ok_or("no dates set");
    };
    let last = m.end.unwrap_or(start);
    if last < start {
        return Err("ends before it starts");
    }
    if !representable(start) || !representable(last) {
        return Err("dates outside the years 0000-9999 a calendar can hold");
    }
    let mut lines = vec![format!("DTSTART;VALUE=DATE:{}", date(start))];
    // DTEND of an all-day event is exclusive: the day after the last day. A meeting
    // ending on 9999-12-31 has no such day to write; its length says the same.
    lines.push(
        match last
            .checked_add_days(Days::new(1))
            .filter(|e| representable(*e))
        {
            Some(end) => format!("DTEND;VALUE=DATE:{}", date(end)),
            None => format!("DURATION:P{}D", (last - start).num_days() + 1),
        },
    );
    lines.push(format!("SUMMARY:{}", escape(&summary(lk.plan, m, ""))));
    let text = description(lk, m, notes);
    if !text.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(&text)));
    }
    if let Some(venue) = &m.venue {
        lines.push(format!("LOCATION:{}", escape(venue)));
    }
    lines.push(
        match m.status {
            Status::Postponed => "STATUS:TENTATIVE",
            Status::Cancelled => "STATUS:CANCELLED",
            Status::Planned | Status::Held => "STATUS:CONFIRMED",
        }
        .to_owned(),
    );
    Ok(lines)
}

/// The event's title: "Postponed: 12th meeting of …", "Cancelled: …", since many
/// clients show the title and not STATUS; `after` follows the meeting's name.
fn summary(plan: &Plan, m: &Meeting, after: &str) -> String {
    let name = format!("{}{after}", meeting_name(plan, m));
    match m.status {
        Status::Postponed => format!("Postponed: {name}"),
        Status::Cancelled => format!("Cancelled: {name}"),
        Status::Planned | Status::Held => name,
    }
}

/// `notes`: the meetings' notes go into the descriptions (`--notes`); they are internal
/// by default and stay out of the calendar delegations subscribe to. `previous`: the
/// calendar last published, which the SEQUENCE of each event counts from.
pub(super) fn render(lk: &Lookup, notes: bool, previous: Option<&PreviousCalendar>) -> Export {
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
    let mut previous_number: Option<(MeetingNumber, usize)> = None;
    for &m in &lk.meetings {
        // Meeting numbers may repeat (a `duplicate-meeting` error), UIDs may not: the
        // second 7th meeting is `...-meeting-7-2`, in the stable order of the export.
        let uid = match previous_number {
            Some((n, k)) if n == m.number => {
                previous_number = Some((n, k + 1));
                format!("{uid_base}-meeting-{n}-{}@workplan", k + 1)
            }
            _ => {
                previous_number = Some((m.number, 1));
                format!("{uid_base}-meeting-{}@workplan", m.number)
            }
        };
        match event_lines(lk, m, notes) {
            Ok(lines) => {
                let uid = escape(&uid);
                let sequence = previous.map_or(0, |p| p.sequence(&uid, &lines));
                push_line(&mut out, "BEGIN:VEVENT");
                push_line(&mut out, &format!("UID:{uid}"));
                push_line(&mut out, &format!("DTSTAMP:{stamp}"));
                push_line(&mut out, &format!("SEQUENCE:{sequence}"));
                for line in &lines {
                    push_line(&mut out, line);
                }
                push_line(&mut out, "END:VEVENT");
            }
            Err(why) => skipped.push(format!("{} meeting ({}): {why}", ordinal(m.number), m.year)),
        }
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
/// None for a year no calendar holds (the caller lists the meeting as skipped).
fn undated_lines(lk: &Lookup, m: &Meeting, notes: bool) -> Option<Vec<String>> {
    let day = NaiveDate::from_ymd_opt(m.year, 1, 1).filter(|d| representable(*d))?;
    let next = day.checked_add_days(Days::new(1))?;
    let mut lines = vec![
        format!("DTSTART;VALUE=DATE:{}", date(day)),
        format!("DTEND;VALUE=DATE:{}", date(next)),
        format!(
            "SUMMARY:{}",
            escape(&summary(
                lk.plan,
                m,
                &format!(" ({}, dates not yet set)", m.year)
            ))
        ),
    ];
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
    lines.push(format!("DESCRIPTION:{}", escape(&text)));
    if let Some(venue) = &m.venue {
        lines.push(format!("LOCATION:{}", escape(venue)));
    }
    lines.push("STATUS:TENTATIVE".to_owned());
    lines.push("TRANSP:TRANSPARENT".to_owned());
    Some(lines)
}
