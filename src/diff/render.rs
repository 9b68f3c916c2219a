//! Text and Markdown forms of an [`Amendment`].

use std::fmt::Write as _;

use super::{AgendaRow, Amendment, Change, FindingChange, Item, Slot, TopicRef, dates_label};
use crate::plan::{MeetingNumber, ReviewWindow, ordinal};

fn topic(t: &TopicRef) -> String {
    match &t.title {
        Some(title) => format!("{} \"{title}\"", t.id),
        None => format!("{} (not defined in the plan)", t.id),
    }
}

fn slots(s: &[Slot]) -> String {
    let parts: Vec<String> = s
        .iter()
        .map(|s| format!("the {} meeting ({})", ordinal(s.meeting), s.year))
        .collect();
    parts.join(" and ")
}

fn window(w: ReviewWindow) -> String {
    format!("{}-{}", w.start, w.end)
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("\"{s}\""),
        None => "none".to_owned(),
    }
}

fn articles(a: &[u32]) -> String {
    if a.is_empty() {
        return "none".to_owned();
    }
    let parts: Vec<String> = a.iter().map(u32::to_string).collect();
    parts.join(", ")
}

fn item(i: Item) -> &'static str {
    match i {
        Item::Fixed => "fixed topic (agenda item 3)",
        Item::Flexible => "flexible topic (agenda item 2)",
    }
}

/// One sentence per change, naming the meeting where there is one.
pub(crate) fn describe(change: &Change) -> String {
    let at = |m: MeetingNumber, y: i32| format!("{} meeting ({y})", ordinal(m));
    match change {
        Change::FixedMoved { topic: t, from, to } => match (from.is_empty(), to.is_empty()) {
            (true, _) => format!("agenda item 3 {} scheduled at {}", topic(t), slots(to)),
            (_, true) => format!(
                "agenda item 3 {} taken off {}; it is no longer scheduled",
                topic(t),
                slots(from)
            ),
            _ => format!(
                "agenda item 3 {} moved from {} to {}",
                topic(t),
                slots(from),
                slots(to)
            ),
        },
        Change::FlexibleAssigned {
            meeting,
            year,
            topic: t,
        } => format!(
            "{}: agenda item 2 assigned {}",
            at(*meeting, *year),
            topic(t)
        ),
        Change::FlexibleChanged {
            meeting,
            year,
            from,
            to,
        } => format!(
            "{}: agenda item 2 changed from {} to {}",
            at(*meeting, *year),
            topic(from),
            topic(to)
        ),
        Change::FlexibleRemoved {
            meeting,
            year,
            topic: t,
        } => format!(
            "{}: agenda item 2 {} removed",
            at(*meeting, *year),
            topic(t)
        ),
        Change::MeetingAdded { meeting, year } => format!("{} added", at(*meeting, *year)),
        Change::MeetingRemoved { meeting, year } => format!("{} removed", at(*meeting, *year)),
        Change::MeetingRedated { meeting, from, to } => {
            let n = ordinal(*meeting);
            let to_label = dates_label(to.year, to.start, to.end);
            let from_label = dates_label(from.year, from.start, from.end);
            // "re-dated from 2025, no dates set to ..." reads badly: a meeting that had
            // only its year is given dates, one that loses its dates has them cleared.
            match (from.start.is_some(), to.start.is_some()) {
                (false, true) if from.year == to.year => format!("{n} meeting dated {to_label}"),
                (false, true) => format!("{n} meeting dated {to_label} (was {})", from.year),
                (true, false) if from.year == to.year => {
                    format!("{n} meeting's dates cleared (was {from_label})")
                }
                (true, false) => format!(
                    "{n} meeting's dates cleared (was {from_label}); now in {}",
                    to.year
                ),
                (false, false) if from.year != to.year => {
                    format!("{n} meeting moved from {} to {}", from.year, to.year)
                }
                _ => format!("{n} meeting re-dated from {from_label} to {to_label}"),
            }
        }
        Change::MeetingRestatused {
            meeting,
            year,
            from,
            to,
        } => format!("{}: status {from} -> {to}", at(*meeting, *year)),
        Change::VenueChanged {
            meeting,
            year,
            from,
            to,
        } => format!(
            "{}: venue {} -> {}",
            at(*meeting, *year),
            opt(from),
            opt(to)
        ),
        Change::NoteChanged {
            meeting, year, to, ..
        } => match to {
            Some(note) => format!("{}: note now reads \"{note}\"", at(*meeting, *year)),
            None => format!("{}: note removed", at(*meeting, *year)),
        },
        Change::FlexibleTextChanged {
            meeting, year, to, ..
        } => match to {
            Some(text) => format!(
                "{}: agenda item 2 now reads \"{}\"",
                at(*meeting, *year),
                text.replace('\n', " / ")
            ),
            None => format!("{}: text of agenda item 2 removed", at(*meeting, *year)),
        },
        Change::AgendaChanged {
            meeting,
            year,
            from,
            to,
        } => format!(
            "{}: agenda items on record changed ({} before, {} now){}",
            at(*meeting, *year),
            from.len(),
            to.len(),
            to.iter().map(|a| format!("; \"{a}\"")).collect::<String>()
        ),
        Change::ClusterAdded { cluster, review } => {
            format!("cluster {cluster} added, review window {}", window(*review))
        }
        Change::ClusterRemoved { cluster, review } => format!(
            "cluster {cluster} removed (review window was {})",
            window(*review)
        ),
        Change::ClusterWindowChanged { cluster, from, to } => format!(
            "cluster {cluster}: review window {} -> {}",
            window(*from),
            window(*to)
        ),
        Change::ClusterArticlesChanged { cluster, from, to } => format!(
            "cluster {cluster}: articles reviewed {} -> {}",
            articles(from),
            articles(to)
        ),
        Change::TopicAdded { item: i, topic: t } => format!("{} {} added", item(*i), topic(t)),
        Change::TopicRemoved { item: i, topic: t } => {
            format!("{} {} removed", item(*i), topic(t))
        }
        Change::TopicRetitled {
            item: i,
            topic: id,
            from,
            to,
        } => format!("{} {id} retitled from \"{from}\" to \"{to}\"", item(*i)),
        Change::TopicArticlesChanged {
            topic: id,
            from,
            to,
        } => format!(
            "fixed topic {id}: articles {} -> {}",
            articles(from),
            articles(to)
        ),
        Change::GraceYearsChanged { from, to } => {
            format!("alignment: grace years {from} -> {to}")
        }
        Change::TopicDetailsChanged {
            item: i,
            topic: id,
            fields,
        } => format!("{} {id}: {} changed", item(*i), fields.join(", ")),
        Change::PlanDetailsChanged { fields } => format!("{} changed", fields.join(", ")),
        Change::ClusterRenamed { cluster, from, to } => {
            format!("cluster {cluster}: name {} -> {}", opt(from), opt(to))
        }
        Change::CrossCuttingChanged { from, to } => format!(
            "cross-cutting articles {} -> {}",
            articles(from),
            articles(to)
        ),
        Change::TitleChanged { from, to } => format!("title \"{from}\" -> \"{to}\""),
        Change::BodyChanged { from, to } => format!("body {} -> {}", opt(from), opt(to)),
        Change::VersionChanged { from, to } => format!("plan format version {from} -> {to}"),
        Change::ScenarioChanged { name, from, to } => match (from.is_empty(), to.is_empty()) {
            (true, _) => format!("scenario \"{name}\" added: {}", delays(to)),
            (false, true) => format!("scenario \"{name}\" removed (was {})", delays(from)),
            (false, false) => format!(
                "scenario \"{name}\": delays {} -> {}",
                delays(from),
                delays(to)
            ),
        },
    }
}

fn delays(d: &std::collections::BTreeMap<crate::plan::ClusterId, i32>) -> String {
    if d.is_empty() {
        return "none".into();
    }
    d.iter()
        .map(|(c, y)| format!("{c} {y:+}"))
        .collect::<Vec<_>>()
        .join(", ")
}

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

pub(crate) fn text(a: &Amendment) -> String {
    if a.is_empty() {
        return "The plans are equal.\n".to_owned();
    }
    let mut out = format!("Amendment: {}\n", summary(a));
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
    section("Meetings", meetings.into_iter().map(describe).collect());
    section(
        "Clusters, topics and the plan",
        rest.into_iter().map(describe).collect(),
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

/// A Markdown table cell: pipes escaped, line breaks as `<br>`, so a title cannot break
/// the table on GitHub or in pandoc; `<` and `&` as entities, so it cannot open raw HTML;
/// emphasis, code, links, strikethrough (`~`) and GitHub's maths (`$`) escaped, so
/// plan text reads as written; and no autolink (below). Every piece of plan text in
/// Markdown goes through it.
///
/// GitHub's autolinks make a link of `https://…` (also `http`, `ftp`), `www.…` and an
/// e-mail address in plain text. A backslash before the `:` of `://` and before the `.`
/// of `www.` stops the first two, and renders as the character alone. An e-mail address
/// is matched after escapes are resolved (`a\@b.example` is still a link), so an empty
/// HTML comment goes between its local part and the `@`: GitHub drops it, and the text
/// reads as written.
pub(crate) fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    // The three characters before `c`, for the autolinks that look back.
    let mut before = ['\0'; 3];
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            '.' if before.iter().all(|b| b.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            // Between the characters of an e-mail address's local part and its domain, as
            // GitHub reads them.
            '@' if is_address_char(before[2])
                && chars.peek().is_some_and(|&n| is_address_char(n)) =>
            {
                out.push_str("<!-- -->@");
            }
            c => out.push(c),
        }
        before = [before[1], before[2], c];
    }
    out
}

/// A character of an e-mail address around its `@`, as GitHub's autolink reads it.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')
}

fn md_topic(t: &Option<TopicRef>) -> String {
    match t {
        None => "—".to_owned(),
        Some(TopicRef {
            id,
            title: Some(title),
        }) => format!("{}: {}", md_cell(id.as_str()), md_cell(title)),
        Some(TopicRef { id, title: None }) => md_cell(id.as_str()),
    }
}

fn md_year(r: &AgendaRow) -> String {
    match (r.old_year, r.new_year) {
        (Some(o), Some(n)) if o == n => o.to_string(),
        (Some(o), Some(n)) => format!("~~{o}~~ {n}"),
        (None, Some(n)) => format!("{n} (new meeting)"),
        (Some(o), None) => format!("~~{o}~~ (meeting removed)"),
        (None, None) => String::new(),
    }
}

pub(crate) fn markdown(a: &Amendment) -> String {
    let mut out = String::from("# Amendment of the timeline of the workplan\n\n");
    if a.is_empty() {
        out.push_str("No change: the proposed plan is the plan as adopted.\n");
        return out;
    }
    let _ = writeln!(out, "{}.", summary(a));
    if !a.agenda_table.is_empty() {
        out.push_str(
            "\n## Agenda items by meeting\n\n\
             | Meeting | Year | Agenda item 3 (fixed) as adopted | As proposed | \
             Agenda item 2 (flexible) as adopted | As proposed |\n\
             |---|---|---|---|---|---|\n",
        );
        for r in &a.agenda_table {
            let same = |o: &Option<TopicRef>, n: &Option<TopicRef>| {
                if o == n {
                    "unchanged".to_owned()
                } else {
                    md_topic(n)
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                ordinal(r.meeting),
                md_year(r),
                md_topic(&r.old_fixed),
                same(&r.old_fixed, &r.new_fixed),
                md_topic(&r.old_flexible),
                same(&r.old_flexible, &r.new_flexible),
            );
        }
    }
    let meeting_other: Vec<&Change> = a
        .changes
        .iter()
        .filter(|c| {
            c.meeting().is_some()
                && !matches!(
                    c,
                    Change::FixedMoved { .. }
                        | Change::FlexibleAssigned { .. }
                        | Change::FlexibleChanged { .. }
                        | Change::FlexibleRemoved { .. }
                )
        })
        .collect();
    if !meeting_other.is_empty() {
        out.push_str("\n## Meetings: dates, status, venue and record\n\n");
        for c in meeting_other {
            let _ = writeln!(out, "- {}", md_cell(&describe(c)));
        }
    }
    let rest: Vec<&Change> = a.changes.iter().filter(|c| c.meeting().is_none()).collect();
    if !rest.is_empty() {
        out.push_str("\n## Review clusters, topics and the plan\n\n");
        for c in rest {
            let _ = writeln!(out, "- {}", md_cell(&describe(c)));
        }
    }
    if !a.findings_appeared.is_empty() || !a.findings_resolved.is_empty() {
        out.push_str(
            "\n## Findings\n\n\
             | | Severity | Code | Meeting | Topic | Finding |\n\
             |---|---|---|---|---|---|\n",
        );
        let rows = a
            .findings_appeared
            .iter()
            .map(|f| ("New", f))
            .chain(a.findings_resolved.iter().map(|f| ("Resolved", f)));
        for (what, f) in rows {
            let _ = writeln!(
                out,
                "| {what} | {} | `{}` | {} | {} | {} |",
                f.severity,
                f.code,
                f.meeting.map(ordinal).unwrap_or_default(),
                f.topic
                    .as_ref()
                    .map(|t| md_cell(t.as_str()))
                    .unwrap_or_default(),
                md_cell(&f.message)
            );
        }
    }
    out
}

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

fn plain_year(r: &AgendaRow) -> String {
    match (r.old_year, r.new_year) {
        (Some(o), Some(n)) if o == n => o.to_string(),
        (Some(o), Some(n)) => format!("{o} → {n}"),
        (None, Some(n)) => format!("{n} (new meeting)"),
        (Some(o), None) => format!("{o} (meeting removed)"),
        (None, None) => String::new(),
    }
}

/// The amendment as a Word document for the Bureau: the same sections as the Markdown,
/// the agenda items in an "as adopted / as proposed" table.
pub(crate) fn docx(a: &Amendment) -> Result<Vec<u8>, String> {
    use crate::export::docx::{document, heading, pack, para, table};
    let mut doc = document().add_paragraph(heading("Amendment of the timeline of the workplan", 0));
    if a.is_empty() {
        doc = doc.add_paragraph(para("No change: the proposed plan is the plan as adopted."));
        return pack(doc);
    }
    doc = doc.add_paragraph(para(&format!("{}.", summary(a))));
    if !a.agenda_table.is_empty() {
        let rows: Vec<Vec<String>> = a
            .agenda_table
            .iter()
            .map(|r| {
                let same = |o: &Option<TopicRef>, n: &Option<TopicRef>| {
                    if o == n {
                        "unchanged".to_owned()
                    } else {
                        plain_topic(n)
                    }
                };
                vec![
                    format!("{} meeting", ordinal(r.meeting)),
                    plain_year(r),
                    plain_topic(&r.old_fixed),
                    same(&r.old_fixed, &r.new_fixed),
                    plain_topic(&r.old_flexible),
                    same(&r.old_flexible, &r.new_flexible),
                ]
            })
            .collect();
        doc = doc
            .add_paragraph(heading("Agenda items by meeting", 1))
            .add_table(table(
                &[
                    "Meeting",
                    "Year",
                    "Agenda item 3 (fixed) as adopted",
                    "As proposed",
                    "Agenda item 2 (flexible) as adopted",
                    "As proposed",
                ],
                &rows,
                &[2, 2, 5, 5, 5, 5],
            ));
    }
    let (meeting_other, rest): (Vec<&Change>, Vec<&Change>) = a
        .changes
        .iter()
        .filter(|c| {
            !matches!(
                c,
                Change::FixedMoved { .. }
                    | Change::FlexibleAssigned { .. }
                    | Change::FlexibleChanged { .. }
                    | Change::FlexibleRemoved { .. }
            ) || c.meeting().is_none()
        })
        .partition(|c| c.meeting().is_some());
    for (title, changes) in [
        ("Meetings: dates, status, venue and record", meeting_other),
        ("Review clusters, topics and the plan", rest),
    ] {
        if !changes.is_empty() {
            doc = doc.add_paragraph(heading(title, 1));
            for c in changes {
                doc = doc.add_paragraph(para(&format!("•\t{}", describe(c))));
            }
        }
    }
    if !a.findings_appeared.is_empty() || !a.findings_resolved.is_empty() {
        let rows: Vec<Vec<String>> = a
            .findings_appeared
            .iter()
            .map(|f| ("New", f))
            .chain(a.findings_resolved.iter().map(|f| ("Resolved", f)))
            .map(|(what, f)| {
                vec![
                    what.to_owned(),
                    f.severity.to_string(),
                    f.code.to_string(),
                    f.meeting.map(ordinal).unwrap_or_default(),
                    f.topic.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                    f.message.clone(),
                ]
            })
            .collect();
        doc = doc.add_paragraph(heading("Findings", 1)).add_table(table(
            &["", "Severity", "Code", "Meeting", "Topic", "Finding"],
            &rows,
            &[2, 2, 4, 2, 2, 12],
        ));
    }
    pack(doc)
}
