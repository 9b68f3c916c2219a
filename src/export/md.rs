//! The annex in Markdown, as GitHub and pandoc render it: the table of meetings, the
//! list of flexible topics, each fixed topic as the annex sets it out (with its
//! footnotes as GitHub footnotes), then the review clusters.

use std::fmt::Write as _;

use super::columns::SUMMARY;
use super::{
    Block, Lookup, NO_TOPIC, Notes, agenda_caption, articles, dates, fixed_label, flexible_label,
    flexible_rows, is_without_topic, meeting_details, topic_blocks, topic_line,
};
use crate::check::Finding;
use crate::plan::{Meeting, Status, ordinal};
use crate::textfmt::md_cell;

fn cell_or_dash(s: String) -> String {
    cell_or(s, "—")
}

fn cell_or(s: String, blank: &str) -> String {
    if s.is_empty() { blank.to_owned() } else { s }
}

/// What a topic's empty cell says: "no topic set" (emphasized) on a meeting with
/// neither topic, a dash otherwise.
fn blank(m: &Meeting) -> String {
    if is_without_topic(m) {
        format!("*{NO_TOPIC}*")
    } else {
        "—".to_owned()
    }
}

pub(super) fn render(lk: &Lookup) -> String {
    let plan = lk.plan;
    let mut out = format!("# {}\n", md_cell(&plan.title));
    let mut notes = Notes::new(plan);
    // Meetings held before the workplan have agenda items on record but no topics of
    // the workplan: they get a table of their own instead of empty columns.
    let (workplan, earlier): (Vec<&Meeting>, Vec<&Meeting>) = lk
        .meetings
        .iter()
        .partition(|m| m.fixed.is_some() || m.flexible.is_some() || !m.status.is_history());
    meetings_table(lk, &workplan, &mut out);
    flexible_list(lk, &mut out);
    questions(lk, &mut notes, &mut out);
    clusters_table(lk, &mut out);
    earlier_table(&earlier, &mut out);
    let general: Vec<&Finding> = lk.findings.iter().filter(|f| f.meeting.is_none()).collect();
    if !general.is_empty() {
        out.push_str("\n## Findings about the plan as a whole\n\n");
        for f in general {
            let _ = writeln!(out, "- {}", md_cell(&f.to_string()));
        }
    }
    // GitHub Flavored Markdown footnotes: the definitions, which it lists at the end.
    let mut definitions = notes.texts().peekable();
    if definitions.peek().is_some() {
        out.push('\n');
        for (n, text) in definitions {
            let _ = writeln!(out, "[^{n}]: {}", md_cell(&text));
        }
    }
    out
}

/// The annex's table, its caption on the line right before it.
fn meetings_table(lk: &Lookup, workplan: &[&Meeting], out: &mut String) {
    let _ = write!(
        out,
        "\n## Timeline\n\n*{}*\n\n|",
        md_cell(&agenda_caption(lk.plan))
    );
    for c in &SUMMARY {
        let _ = write!(out, " {} |", c.header);
    }
    let _ = writeln!(out, "\n|{}", "---|".repeat(SUMMARY.len()));
    for &m in workplan {
        let mut when = format!("{}, {} meeting", m.year, ordinal(m.number));
        let details = meeting_details(m);
        if !details.is_empty() {
            let _ = write!(when, " ({})", details.join(", "));
        }
        // While no flexible topic is chosen, what the plan states for the item.
        let flexible = m
            .flexible
            .as_ref()
            .map(|id| flexible_label(lk, id))
            .or_else(|| m.flexible_text.clone())
            .unwrap_or_default();
        let fixed = m
            .fixed
            .as_ref()
            .map(|id| fixed_label(lk, id))
            .unwrap_or_default();
        let notes: Vec<String> = lk.for_meeting(m).map(|f| md_cell(&f.to_string())).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md_cell(&when),
            cell_or(md_cell(&flexible), &blank(m)),
            cell_or(md_cell(&fixed), &blank(m)),
            cell_or_dash(notes.join("<br>")),
        );
    }
}

/// The flexible topics (agenda item 2) a meeting chooses from.
fn flexible_list(lk: &Lookup, out: &mut String) {
    let rows = flexible_rows(lk);
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "\n## Flexible topics (agenda item 2)\n\n\
         | Topic | Source | Related articles | Recurring | Taken up at |\n\
         |---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {}: {} | {} | {} | {} | {} |",
            md_cell(r.topic.id.as_str()),
            md_cell(&r.topic.title),
            r.source,
            cell_or_dash(md_cell(&r.articles)),
            if r.topic.recurring { "yes" } else { "no" },
            cell_or_dash(md_cell(&r.meetings)),
        );
    }
}

/// Plan text that starts a line of Markdown (a paragraph, a list item) may not start a
/// block there: a heading (`#`), a quote (`>`), a list (`-`, `+`, `1.`, `1)`), a thematic
/// break (`-`, `=`) or a code block (indented). [`md_cell`] leaves these alone, as in a
/// table's cell they are text; here leading blanks go and a backslash keeps the marker
/// as text.
fn line_start(escaped: String) -> String {
    let t = escaped.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && t[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &t[..digits], &t[digits..])
    } else if t.starts_with(['#', '>', '-', '+', '=']) {
        format!("\\{t}")
    } else {
        t.to_owned()
    }
}

/// Each fixed topic as the annex sets it out: its heading ("Topic 1: articles 3 (Use of
/// terms) and …"), the meetings it is scheduled for, its introduction, and its issues
/// for discussion under their groups' headings and lead-ins.
fn questions<'a>(lk: &Lookup<'a>, notes: &mut Notes<'a>, out: &mut String) {
    let plan = lk.plan;
    if plan.fixed_topics.is_empty() {
        return;
    }
    out.push_str("\n## Fixed topics and questions for discussion\n");
    for t in &plan.fixed_topics {
        let heading = plan
            .topic_heading(t)
            .unwrap_or_else(|| format!("{}: {}", t.id, t.title));
        let _ = write!(
            out,
            "\n### {}\n\n{}\n",
            md_cell(&heading),
            line_start(md_cell(&topic_line(lk, t)))
        );
        // The bullet of the last list, if the last block was one.
        let mut after: Option<char> = None;
        for block in topic_blocks(t) {
            let mut inline =
                |text: &'a str| line_start(notes.write(text, md_cell, |n, _| format!("[^{n}]")));
            let last = after.take();
            match block {
                Block::Introduction(text) => {
                    let _ = write!(out, "\n{}\n", inline(text));
                }
                Block::GroupHeading(text) => {
                    let _ = write!(out, "\n#### {}\n", inline(text));
                }
                Block::LeadIn(text) => {
                    let _ = write!(out, "\n{}\n", inline(text));
                }
                Block::Issues(issues) => {
                    // Two lists in a row would be read as one: the second takes the other
                    // bullet, which starts a new list.
                    let bullet = if last == Some('-') { '*' } else { '-' };
                    after = Some(bullet);
                    out.push('\n');
                    for issue in issues {
                        let _ = writeln!(out, "{bullet} {}", inline(issue));
                    }
                }
            }
        }
    }
}

fn clusters_table(lk: &Lookup, out: &mut String) {
    let plan = lk.plan;
    let grace = plan.alignment.grace_years;
    let _ = write!(
        out,
        "\n## Review clusters\n\n\
         A fixed topic is aligned when it is held within the review window of each cluster \
         that reviews one of its articles, or up to {grace} year{} after it.\n\n\
         | Cluster | Theme | Review window | Aligned until | Articles reviewed | Fixed topics |\n\
         |---|---|---|---|---|---|\n",
        if grace == 1 { "" } else { "s" }
    );
    for (c, topics) in plan.clusters.iter().zip(lk.topics_by_cluster()) {
        let _ = writeln!(
            out,
            "| {} | {} | {}-{} | {} | {} | {} |",
            md_cell(c.id.as_str()),
            cell_or_dash(md_cell(c.name.as_deref().unwrap_or(""))),
            c.review.start,
            c.review.end,
            c.last_aligned_year(&plan.alignment),
            cell_or_dash(md_cell(&articles(&c.articles))),
            cell_or_dash(topics.ids(md_cell)),
        );
    }
}

fn earlier_table(earlier: &[&Meeting], out: &mut String) {
    if earlier.is_empty() {
        return;
    }
    out.push_str(
        "\n## Earlier meetings\n\n\
         | Year and meeting | Agenda items on record |\n\
         |---|---|\n",
    );
    for m in earlier {
        let mut when = format!("{}, {} meeting", m.year, ordinal(m.number));
        if m.start.is_some() {
            let _ = write!(when, " ({})", dates(m));
        }
        if m.status == Status::Cancelled {
            when.push_str(" (cancelled)");
        }
        let items: Vec<String> = m.agenda.iter().map(|a| md_cell(a)).collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            md_cell(&when),
            cell_or_dash(items.join("<br>"))
        );
    }
}
