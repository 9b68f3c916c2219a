//! The annex's table in Markdown, as GitHub and pandoc render it.

use std::fmt::Write as _;

use super::columns::SUMMARY;
use super::{
    Lookup, articles, body_name, dates, fixed_label, flexible_label, meeting_details, topic_about,
};
use crate::check::Finding;
use crate::diff::md_cell;
use crate::plan::{Meeting, Status, ordinal};

fn cell_or_dash(s: String) -> String {
    if s.is_empty() { "—".to_owned() } else { s }
}

pub(super) fn render(lk: &Lookup) -> String {
    let (plan, findings) = (lk.plan, lk.findings);
    let mut out = format!("# {}\n", md_cell(&plan.title));
    // Meetings held before the workplan have agenda items on record but no topics of
    // the workplan: they get a table of their own instead of empty columns.
    let (workplan, earlier): (Vec<&Meeting>, Vec<&Meeting>) = lk
        .meetings
        .iter()
        .partition(|m| m.fixed.is_some() || m.flexible.is_some() || !m.status.is_history());

    out.push_str("\n## Timeline\n\n|");
    for c in &SUMMARY {
        let _ = write!(out, " {} |", c.header);
    }
    let _ = writeln!(out, "\n|{}", "---|".repeat(SUMMARY.len()));
    for m in &workplan {
        let mut when = format!("{}, {} meeting", m.year, ordinal(m.number));
        let details = meeting_details(m);
        if !details.is_empty() {
            let _ = write!(when, " ({})", details.join(", "));
        }
        let flexible = m
            .flexible
            .as_ref()
            .map(|id| flexible_label(lk, id))
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
            cell_or_dash(md_cell(&flexible)),
            cell_or_dash(md_cell(&fixed)),
            cell_or_dash(notes.join("<br>")),
        );
    }

    questions(lk, &mut out);

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

    if !earlier.is_empty() {
        out.push_str(
            "\n## Earlier meetings\n\n\
             | Year and meeting | Agenda items on record |\n\
             |---|---|\n",
        );
        for m in &earlier {
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

    let general: Vec<&Finding> = findings.iter().filter(|f| f.meeting.is_none()).collect();
    if !general.is_empty() {
        out.push_str("\n## Findings about the plan as a whole\n\n");
        for f in general {
            let _ = writeln!(out, "- {}", md_cell(&f.to_string()));
        }
    }
    let _ = writeln!(
        out,
        "\n*Meetings of the {}; agenda item 2 is chosen meeting by meeting, agenda item 3 \
         follows the fixed timeline.*",
        md_cell(body_name(plan))
    );
    out
}

/// Each fixed topic under its own heading, with its articles, its meeting and the
/// annex's questions for discussion.
fn questions(lk: &Lookup, out: &mut String) {
    if lk.plan.fixed_topics.is_empty() {
        return;
    }
    out.push_str("\n## Fixed topics and questions for discussion\n");
    for t in &lk.plan.fixed_topics {
        let _ = write!(
            out,
            "\n### {}: {}\n\n{}\n",
            md_cell(t.id.as_str()),
            md_cell(&t.title),
            md_cell(&topic_about(lk, t))
        );
        if !t.questions.is_empty() {
            out.push_str("\nQuestions for discussion:\n\n");
            for q in t.issues() {
                let _ = writeln!(out, "- {}", md_cell(&q.one_line()));
            }
        }
    }
}
