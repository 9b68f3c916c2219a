//! Text, Markdown and Word forms of an [`Amendment`]: the sentences of `words.rs`
//! under the Bureau's headings, the agenda items in an "as adopted / as proposed" table.

use std::fmt::Write as _;

use super::words::{Wording, describe_in, fixed_cell};
use super::{AgendaRow, Amendment, Change, FindingChange, TopicRef};
use crate::plan::ordinal;

fn finding_line(f: &FindingChange) -> String {
    let mut place = Vec::new();
    if let Some(m) = f.meeting {
        place.push(format!("{} meeting", ordinal(m)));
    }
    if let Some(t) = &f.topic {
        place.push(t.to_string());
    }
    if let Some(c) = &f.cluster {
        place.push(c.to_string());
    }
    let place = if place.is_empty() {
        String::new()
    } else {
        format!(" ({})", place.join(", "))
    };
    format!("{}[{}]{place}: {}", f.severity, f.code, f.message)
}

fn summary(a: &Amendment) -> String {
    format!(
        "{} change{}; {} finding{} appear{}, {} resolved",
        a.changes.len(),
        if a.changes.len() == 1 { "" } else { "s" },
        a.findings_appeared.len(),
        if a.findings_appeared.len() == 1 {
            ""
        } else {
            "s"
        },
        if a.findings_appeared.len() == 1 {
            "s"
        } else {
            ""
        },
        a.findings_resolved.len()
    )
}

/// The changes of a meeting other than its agenda items (which the table shows), the
/// changes of the plan as a whole: the two lists of sentences below the table.
fn other_changes(a: &Amendment) -> (Vec<&Change>, Vec<&Change>) {
    (a.changes.iter())
        .filter(|c| !is_agenda_item(c) || c.meeting().is_none())
        .partition(|c| c.meeting().is_some())
}

fn is_agenda_item(c: &Change) -> bool {
    matches!(
        c,
        Change::FixedMoved { .. }
            | Change::FlexibleAssigned { .. }
            | Change::FlexibleChanged { .. }
            | Change::FlexibleRemoved { .. }
    )
}

/// "Compared: Multi-year workplan …, a.yaml as adopted and b.yaml as proposed."
fn compared(a: &Amendment) -> String {
    format!("Compared: {}.", a.wording.versions())
}

/// The findings that appear, then those resolved, each with its word for the table.
fn finding_rows(a: &Amendment) -> impl Iterator<Item = (&'static str, &FindingChange)> {
    (a.findings_appeared.iter().map(|f| ("New", f)))
        .chain(a.findings_resolved.iter().map(|f| ("Resolved", f)))
}

/// The headings of the findings table in Markdown and Word.
const FINDING_HEADERS: [&str; 6] = ["Status", "Severity", "Code", "Meeting", "Topic", "Finding"];

pub(crate) fn text(a: &Amendment) -> String {
    if a.is_empty() {
        return "The plans are equal.\n".to_owned();
    }
    // One line: a line break in a title or a file name is written out, not kept.
    let mut out = format!(
        "Amendment: {}\n{}\n",
        summary(a),
        crate::text::visible_line(&compared(a))
    );
    let (meetings, rest): (Vec<&Change>, Vec<&Change>) =
        a.changes.iter().partition(|c| c.meeting().is_some());
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}");
            // One change per line: a line break in a title is written out, not kept.
            for l in lines {
                let _ = writeln!(out, "  {}", crate::text::visible_line(&l));
            }
        }
    };
    let says = |c: &&Change| describe_in(&a.wording, c);
    section("Meetings", meetings.iter().map(says).collect());
    section(
        "Clusters, topics and the plan",
        rest.iter().map(says).collect(),
    );
    section(
        "Findings that appear",
        a.findings_appeared.iter().map(finding_line).collect(),
    );
    section(
        "Findings resolved",
        a.findings_resolved.iter().map(finding_line).collect(),
    );
    out
}

// In the leaf module both `diff` and `export` use.
pub(crate) use crate::textfmt::md_cell;

/// A flexible topic's cell: "F11: Title".
fn plain_topic(t: &Option<TopicRef>) -> String {
    match t {
        None => "—".to_owned(),
        Some(TopicRef {
            id,
            title: Some(title),
        }) => format!("{id}: {title}"),
        Some(TopicRef { id, title: None }) => id.to_string(),
    }
}

/// The cells of one row of the agenda table, as plain text: the meeting, its year, the
/// fixed topic (its annex heading) and the flexible topic as adopted and as proposed.
fn agenda_cells(w: &Wording, r: &AgendaRow) -> [String; 6] {
    let fixed = |t: &Option<TopicRef>| fixed_cell(w, t).unwrap_or_else(|| "—".into());
    let same =
        |o: &Option<TopicRef>, n: &Option<TopicRef>, cell: &dyn Fn(&Option<TopicRef>) -> String| {
            if o == n {
                "unchanged".to_owned()
            } else {
                cell(n)
            }
        };
    [
        format!("{} meeting", ordinal(r.meeting)),
        plain_year(r),
        fixed(&r.old_fixed),
        same(&r.old_fixed, &r.new_fixed, &fixed),
        plain_topic(&r.old_flexible),
        same(&r.old_flexible, &r.new_flexible, &plain_topic),
    ]
}

fn plain_year(r: &AgendaRow) -> String {
    match (r.old_year, r.new_year) {
        (Some(o), Some(n)) if o == n => o.to_string(),
        (Some(o), Some(n)) => format!("{n} (previously {o})"),
        (None, Some(n)) => format!("{n} (new meeting)"),
        (Some(o), None) => format!("{o} (meeting removed)"),
        (None, None) => String::new(),
    }
}

/// The headings of the agenda table in Markdown and Word.
const AGENDA_HEADERS: [&str; 6] = [
    "Meeting",
    "Year",
    "Agenda item 3 (fixed) as adopted",
    "As proposed",
    "Agenda item 2 (flexible) as adopted",
    "As proposed",
];

/// The cells of one row of the findings table, as plain text.
fn finding_cells(what: &str, f: &FindingChange) -> [String; 6] {
    [
        what.to_owned(),
        f.severity.to_string(),
        f.code.to_string(),
        f.meeting.map(ordinal).unwrap_or_default(),
        f.topic.as_ref().map(|t| t.to_string()).unwrap_or_default(),
        f.message.clone(),
    ]
}

/// A Markdown table: the headers, then each row's cells escaped by `md_cell` (the code
/// in its backticks).
fn md_table<const N: usize>(
    out: &mut String,
    headers: [&str; N],
    rows: impl Iterator<Item = [String; N]>,
) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(N));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

pub(crate) fn markdown(a: &Amendment) -> String {
    let mut out = String::from("# Amendment of the timeline of the workplan\n\n");
    if a.is_empty() {
        out.push_str("No change: the proposed plan is the plan as adopted.\n");
        return out;
    }
    let _ = writeln!(out, "{}\n\n{}.", md_cell(&compared(a)), summary(a));
    if !a.agenda_table.is_empty() {
        out.push_str("\n## Agenda items by meeting\n\n");
        let rows = a.agenda_table.iter().map(|r| agenda_cells(&a.wording, r));
        md_table(&mut out, AGENDA_HEADERS, rows);
    }
    let (meeting_other, rest) = other_changes(a);
    for (title, changes) in [
        ("Meetings: dates, status, venue and record", meeting_other),
        ("Review clusters, topics and the plan", rest),
    ] {
        if !changes.is_empty() {
            let _ = writeln!(out, "\n## {title}\n");
            for c in changes {
                let _ = writeln!(out, "- {}", md_cell(&describe_in(&a.wording, c)));
            }
        }
    }
    if !a.findings_appeared.is_empty() || !a.findings_resolved.is_empty() {
        out.push_str("\n## Findings\n\n");
        let rows = finding_rows(a).map(|(what, f)| finding_cells(what, f));
        md_table(&mut out, FINDING_HEADERS, rows);
    }
    out
}

/// The amendment as a Word document for the Bureau: the same sections as the Markdown,
/// the agenda items in an "as adopted / as proposed" table, the title naming the
/// versions compared.
pub(crate) fn docx(a: &Amendment) -> Result<Vec<u8>, String> {
    crate::word::pack(docx_document(a))
}

/// The document [`docx`] packs: its parts can be read before they are zipped.
pub(super) fn docx_document(a: &Amendment) -> docx_rs::Docx {
    use crate::word::{document, heading, para, table};
    let title = format!("Amendment of the timeline: {}", a.wording.versions());
    let mut doc = document().add_paragraph(heading(&title, 0));
    if a.is_empty() {
        return doc.add_paragraph(para("No change: the proposed plan is the plan as adopted."));
    }
    doc = doc.add_paragraph(para(&format!("{}.", summary(a))));
    if !a.agenda_table.is_empty() {
        let rows: Vec<Vec<String>> = (a.agenda_table.iter())
            .map(|r| agenda_cells(&a.wording, r).to_vec())
            .collect();
        doc = doc
            .add_paragraph(heading("Agenda items by meeting", 1))
            .add_table(table(&AGENDA_HEADERS, &rows, &[2, 2, 5, 5, 5, 5]));
    }
    let (meeting_other, rest) = other_changes(a);
    for (title, changes) in [
        ("Meetings: dates, status, venue and record", meeting_other),
        ("Review clusters, topics and the plan", rest),
    ] {
        if !changes.is_empty() {
            doc = doc.add_paragraph(heading(title, 1));
            for c in changes {
                doc = doc.add_paragraph(para(&describe_in(&a.wording, c)));
            }
        }
    }
    if !a.findings_appeared.is_empty() || !a.findings_resolved.is_empty() {
        let rows: Vec<Vec<String>> = finding_rows(a)
            .map(|(what, f)| finding_cells(what, f).to_vec())
            .collect();
        doc = doc.add_paragraph(heading("Findings", 1)).add_table(table(
            &FINDING_HEADERS,
            &rows,
            &[2, 2, 4, 2, 2, 12],
        ));
    }
    doc
}
