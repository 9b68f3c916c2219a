//! The meetings table, described once. [`MEETINGS`] is the full table, one column per
//! fact of a meeting, in the order the CSV and the spreadsheet write them: each column's
//! header for programs (the CSV's) and for people (the spreadsheet's), its width in a
//! spreadsheet and what it says of a meeting. [`SUMMARY`] is the annex's table (Markdown,
//! HTML, Word): its headers and their shares of the width, its first cell built from
//! [`meeting_facts`]. A new meeting field is one entry here (and, if the annex's table
//! should name it, one line of [`meeting_facts`]); the formats follow.

use chrono::NaiveDate;

use super::{Lookup, dates};
use crate::plan::{Meeting, Status};

/// What a cell holds, so a spreadsheet can type it; text formats write [`Value::text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    Number(i64),
    /// A day, or an empty cell.
    Date(Option<NaiveDate>),
    /// Text; empty leaves the cell empty.
    Text(String),
}

impl Value {
    /// The cell as text: numbers in digits, dates in ISO 8601 (`2023-05-03`).
    pub fn text(&self) -> String {
        match self {
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
            Value::Text(s) => s.clone(),
        }
    }
}

/// One column of the meetings table.
pub(super) struct Column {
    /// The header programs read (the CSV's): lower case, never renamed.
    pub key: &'static str,
    /// The header people read (the spreadsheet's).
    pub header: &'static str,
    /// Width in a spreadsheet, in characters; the sheet widens it to fit the header.
    pub chars: f64,
    /// What the column says of a meeting.
    pub cell: fn(&Lookup, &Meeting) -> Value,
}

fn text(s: Option<&str>) -> Value {
    Value::Text(s.unwrap_or_default().to_owned())
}

/// The meetings table's columns, in order. The CSV's first twelve keys are fixed by
/// its readers: a new column goes at the end.
pub(super) const MEETINGS: [Column; 15] = [
    Column {
        key: "number",
        header: "Meeting",
        chars: 9.0,
        cell: |_, m| Value::Number(m.number.get().into()),
    },
    Column {
        key: "year",
        header: "Year",
        chars: 7.0,
        cell: |_, m| Value::Number(m.year.into()),
    },
    Column {
        key: "start",
        header: "Start",
        chars: 11.0,
        cell: |_, m| Value::Date(m.start),
    },
    Column {
        key: "end",
        header: "End",
        chars: 11.0,
        cell: |_, m| Value::Date(m.end),
    },
    Column {
        key: "venue",
        header: "Venue",
        chars: 14.0,
        cell: |_, m| text(m.venue.as_deref()),
    },
    Column {
        key: "status",
        header: "Status",
        chars: 10.0,
        cell: |_, m| Value::Text(m.status.to_string()),
    },
    Column {
        key: "fixed_id",
        header: "Agenda item 3 (fixed)",
        chars: 10.0,
        cell: |_, m| text(m.fixed.as_ref().map(|t| t.as_str())),
    },
    Column {
        key: "fixed_title",
        header: "Fixed topic title",
        chars: 40.0,
        cell: |lk, m| text(fixed(lk, m).map(|t| t.title.as_str())),
    },
    Column {
        key: "fixed_articles",
        header: "Fixed topic articles",
        chars: 14.0,
        cell: |lk, m| {
            let articles = fixed(lk, m).map(|t| t.articles.as_slice());
            let numbers: Vec<String> = articles
                .unwrap_or_default()
                .iter()
                .map(u32::to_string)
                .collect();
            Value::Text(numbers.join(", "))
        },
    },
    Column {
        key: "flexible_id",
        header: "Agenda item 2 (flexible)",
        chars: 10.0,
        cell: |_, m| text(m.flexible.as_ref().map(|t| t.as_str())),
    },
    Column {
        key: "flexible_title",
        header: "Flexible topic title",
        chars: 40.0,
        cell: |lk, m| {
            let topic = m.flexible.as_ref().and_then(|id| lk.flexible_topic(id));
            text(topic.map(|t| t.title.as_str()))
        },
    },
    Column {
        key: "findings",
        header: "Findings",
        chars: 40.0,
        cell: |lk, m| {
            let findings: Vec<String> = lk.for_meeting(m).map(ToString::to_string).collect();
            Value::Text(findings.join("\n"))
        },
    },
    Column {
        key: "flexible_text",
        header: "Agenda item 2 as stated",
        chars: 40.0,
        cell: |_, m| text(m.flexible_text.as_deref()),
    },
    Column {
        key: "agenda",
        header: "Agenda items on record",
        chars: 40.0,
        cell: |_, m| Value::Text(m.agenda.join("\n")),
    },
    Column {
        key: "note",
        header: "Note",
        chars: 40.0,
        cell: |_, m| text(m.note.as_deref()),
    },
];

fn fixed<'a>(lk: &Lookup<'a>, m: &Meeting) -> Option<&'a crate::plan::FixedTopic> {
    m.fixed.as_ref().and_then(|id| lk.fixed_topic(id))
}

/// One column of the annex's summary table: its header and its share of the width.
pub(super) struct SummaryColumn {
    pub header: &'static str,
    /// Share of the table's width, in per cent.
    pub percent: u8,
}

/// The annex's summary table, as the background paper of 9 February 2022 heads it,
/// then the findings of each meeting.
pub(super) const SUMMARY: [SummaryColumn; 4] = [
    SummaryColumn {
        header: "Year and meeting",
        percent: 15,
    },
    SummaryColumn {
        header: "Agenda item 2 (flexible)",
        percent: 31,
    },
    SummaryColumn {
        header: "Agenda item 3 (fixed)",
        percent: 31,
    },
    SummaryColumn {
        header: "Findings",
        percent: 23,
    },
];

/// What the summary table's "Year and meeting" cell says of a meeting beside its year
/// and ordinal, where known: its dates and venue (its status is shown apart, as each
/// format marks it).
pub(super) fn meeting_facts(m: &Meeting) -> Vec<String> {
    let mut facts = Vec::new();
    if m.start.is_some() {
        facts.push(dates(m));
    }
    if let Some(v) = &m.venue {
        facts.push(v.clone());
    }
    facts
}

/// [`meeting_facts`], then the status when it is not "planned".
pub(super) fn meeting_details(m: &Meeting) -> Vec<String> {
    let mut details = meeting_facts(m);
    if m.status != Status::Planned {
        details.push(m.status.to_string());
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_headers_are_each_given_once() {
        let mut keys: Vec<&str> = MEETINGS.iter().map(|c| c.key).collect();
        let mut headers: Vec<&str> = MEETINGS.iter().map(|c| c.header).collect();
        keys.sort_unstable();
        keys.dedup();
        headers.sort_unstable();
        headers.dedup();
        assert_eq!(
            (keys.len(), headers.len()),
            (MEETINGS.len(), MEETINGS.len())
        );
        assert_eq!(
            SUMMARY.iter().map(|c| u32::from(c.percent)).sum::<u32>(),
            100
        );
    }
}
