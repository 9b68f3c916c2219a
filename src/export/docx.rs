//! A Word document of the annex, as the Secretariat publishes it (the background paper of
//! 9 February 2022, annex): for each meeting with a fixed topic, the meeting's heading,
//! the topic's heading, its introduction and its issues for discussion in their groups,
//! with the footnotes as Word footnotes; then the summary table ("Year and meeting /
//! Agenda item 2 (flexible) / Agenda item 3 (fixed)") and the non-exclusive list of
//! flexible topics. After a page break, what the Secretariat works with but the annex does
//! not print: the timeline with dates, venues and statuses, the review clusters, the
//! meetings before the workplan and the findings. docs/exports.md gives this order.
//!
//! The Word pieces (styles, lists, tables, footnotes, the package) are in `crate::word`,
//! shared with the amendment.

use docx_rs::{Docx, Paragraph, Run, Table};

use super::columns::SUMMARY;
use super::{Lookup, articles, body_name, fixed_label, flexible_label, meeting_details};
use crate::check::Finding;
use crate::plan::annex::{Question, Span, spans, without_notes};
use crate::plan::{FixedTopic, Meeting, Plan, ordinal};
use crate::word::{
    Properties, bullet, document, footnote, heading, pack_with, para, table, table_of, text_run,
};

/// The paper's sentence before its summary table.
const SUMMARY_LEAD_IN: &str =
    "As such, the substantive agenda items of the combined workplan could be as follows:";

/// The summary table's header, as the paper words it: the first three columns of the
/// one description of that table (`columns::SUMMARY`; the fourth, findings, is not the
/// paper's), and their shares of the width.
const SUMMARY_HEADER: [&str; 3] = [SUMMARY[0].header, SUMMARY[1].header, SUMMARY[2].header];
const SUMMARY_WEIGHTS: [usize; 3] = [
    SUMMARY[0].percent as usize,
    SUMMARY[1].percent as usize,
    SUMMARY[2].percent as usize,
];

fn or_dash(s: String) -> String {
    if s.is_empty() { "—".to_owned() } else { s }
}

/// A meeting on the workplan: it has a topic, or it is still to be held.
fn on_workplan(m: &Meeting) -> bool {
    m.fixed.is_some() || m.flexible.is_some() || !m.status.is_history()
}

/// Annex text as runs, each footnote reference `[^id]` a Word footnote. A reference to a
/// footnote the plan does not have is left out (`workplan check` reports it).
fn annex_runs(plan: &Plan, text: &str) -> Vec<Run> {
    spans(text)
        .into_iter()
        .filter_map(|s| match s {
            Span::Text(t) => Some(text_run(t)),
            Span::Note(id) => plan
                .footnotes
                .get(id)
                .map(|note| footnote(&without_notes(note))),
        })
        .collect()
}

fn annex_para(plan: &Plan, text: &str) -> Paragraph {
    annex_runs(plan, text)
        .into_iter()
        .fold(Paragraph::new(), Paragraph::add_run)
}

/// A topic's words: its articles line (for a topic with its own label), its introduction,
/// then each group's heading, lead-in and issues as list paragraphs.
fn topic_body(mut doc: Docx, plan: &Plan, t: &FixedTopic) -> Docx {
    if let Some(line) = plan
        .topic_articles_line(t)
        .filter(|_| !t.articles.is_empty())
    {
        doc = doc.add_paragraph(para(&line).keep_next(true));
    }
    if let Some(intro) = &t.introduction {
        doc = doc.add_paragraph(annex_para(plan, intro).keep_next(!t.questions.is_empty()));
    }
    for q in &t.questions {
        match q {
            Question::Issue(text) => doc = doc.add_paragraph(bullet(annex_para(plan, text))),
            Question::Group(g) => {
                if let Some(h) = &g.heading {
                    doc = doc.add_paragraph(heading(h, 3));
                }
                if let Some(lead_in) = &g.lead_in {
                    doc = doc.add_paragraph(annex_para(plan, lead_in).keep_next(true));
                }
                for issue in &g.issues {
                    doc = doc.add_paragraph(bullet(annex_para(plan, issue)));
                }
            }
        }
    }
    doc
}

/// The annex proper: each meeting with a fixed topic, in meeting order, under the
/// meeting's heading. A topic held over several meetings is set out at the first; a topic
/// no meeting takes still appears, after them.
fn annex(mut doc: Docx, lk: &Lookup) -> Docx {
    let plan = lk.plan;
    let mut shown: Vec<&str> = Vec::new();
    for m in &lk.meetings {
        let Some(id) = &m.fixed else { continue };
        doc = doc.add_paragraph(heading(&plan.meeting_heading(m.number), 1));
        match lk.fixed_topic(id) {
            Some(t) => {
                let h = plan.topic_heading(t).unwrap_or_else(|| t.title.clone());
                doc = doc.add_paragraph(heading(&h, 2));
                if !shown.contains(&t.id.as_str()) {
                    shown.push(t.id.as_str());
                    doc = topic_body(doc, plan, t);
                }
            }
            None => doc = doc.add_paragraph(heading(&fixed_label(lk, id), 2)),
        }
    }
    let unscheduled: Vec<&FixedTopic> = plan
        .fixed_topics
        .iter()
        .filter(|t| !shown.contains(&t.id.as_str()))
        .collect();
    if !unscheduled.is_empty() {
        doc = doc.add_paragraph(heading("Fixed topics not yet scheduled", 1));
        for t in unscheduled {
            let h = plan.topic_heading(t).unwrap_or_else(|| t.title.clone());
            doc = topic_body(doc.add_paragraph(heading(&h, 2)), plan, t);
        }
    }
    doc
}

/// What the flexible cell says while no topic is chosen: the meeting's `flexible_text`,
/// its alternatives as list paragraphs with "or" between them, as the paper sets them.
fn alternatives(plan: &Plan, text: &str) -> Vec<Paragraph> {
    let lines: Vec<&str> = crate::word::lines(text)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() < 2 {
        return lines.iter().map(|l| annex_para(plan, l)).collect();
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push(para("or"));
        }
        out.push(bullet(annex_para(plan, line)));
    }
    out
}

/// The summary table's rows: "2023 10th meeting", the flexible topic chosen (else what
/// the meeting states for agenda item 2), the topic's heading.
fn summary_rows(lk: &Lookup) -> Vec<Vec<Vec<Paragraph>>> {
    let plan = lk.plan;
    lk.meetings
        .iter()
        .filter(|m| on_workplan(m))
        .map(|m| {
            let flexible = match (&m.flexible, &m.flexible_text) {
                (Some(id), _) => vec![para(
                    &lk.flexible_topic(id)
                        .map_or_else(|| flexible_label(lk, id), |t| t.title.clone()),
                )],
                (None, Some(text)) => alternatives(plan, text),
                (None, None) => Vec::new(),
            };
            let fixed = match m.fixed.as_ref().map(|id| (id, lk.fixed_topic(id))) {
                Some((_, Some(t))) => plan.topic_heading(t).unwrap_or_else(|| t.title.clone()),
                Some((id, None)) => fixed_label(lk, id),
                None => String::new(),
            };
            vec![
                vec![para(&format!("{} {} meeting", m.year, ordinal(m.number)))],
                flexible,
                vec![para(&fixed)],
            ]
        })
        .collect()
}

/// The summary table, then the non-exclusive list of flexible topics.
fn summary(mut doc: Docx, lk: &Lookup) -> Docx {
    doc = doc
        .add_paragraph(para(SUMMARY_LEAD_IN).keep_next(true))
        .add_table(table_of(
            &SUMMARY_HEADER,
            summary_rows(lk),
            &SUMMARY_WEIGHTS,
        ));
    if !lk.plan.flexible_topics.is_empty() {
        doc = doc.add_paragraph(heading(
            "Non-exclusive list of priority topics for agenda item 2 (flexible)",
            1,
        ));
        for t in &lk.plan.flexible_topics {
            doc = doc.add_paragraph(bullet(para(&t.title)));
        }
    }
    doc
}

/// "2023, 10th meeting", then a line with the dates, venue and status where known.
fn when(m: &Meeting) -> String {
    let mut out = format!("{}, {} meeting", m.year, ordinal(m.number));
    let details = meeting_details(m);
    if !details.is_empty() {
        out.push('\n');
        out.push_str(&details.join(", "));
    }
    out
}

/// The timeline with dates, venues and statuses, its caption above it; it opens the
/// Secretariat's part, on a new page.
fn timeline(doc: Docx, lk: &Lookup) -> Docx {
    let rows: Vec<Vec<String>> = lk
        .meetings
        .iter()
        .filter(|m| on_workplan(m))
        .map(|m| {
            let label = |id: &Option<_>, f: fn(&Lookup, &_) -> String| {
                or_dash(id.as_ref().map(|id| f(lk, id)).unwrap_or_default())
            };
            vec![
                when(m),
                label(&m.flexible, flexible_label),
                label(&m.fixed, fixed_label),
            ]
        })
        .collect();
    doc.add_paragraph(heading("Timeline", 1).page_break_before(true))
        .add_paragraph(
            para(&format!(
                "Meetings of the {}, with their dates, venues and status; agenda item 2 is \
                 chosen meeting by meeting, agenda item 3 follows the fixed timeline.",
                body_name(lk.plan)
            ))
            .style("Caption")
            .keep_next(true),
        )
        .add_table(table(&SUMMARY_HEADER, &rows, &SUMMARY_WEIGHTS))
}

fn clusters(doc: Docx, lk: &Lookup) -> Docx {
    let plan = lk.plan;
    let grace = plan.alignment.grace_years;
    let rows: Vec<Vec<String>> = plan
        .clusters
        .iter()
        .zip(lk.topics_by_cluster())
        .map(|(c, topics)| {
            vec![
                c.id.to_string(),
                or_dash(c.name.clone().unwrap_or_default()),
                format!("{}–{}", c.review.start, c.review.end),
                c.last_aligned_year(&plan.alignment).to_string(),
                or_dash(articles(&c.articles)),
                or_dash(topics.ids(str::to_owned)),
            ]
        })
        .collect();
    doc.add_paragraph(heading("Review clusters", 1))
        .add_paragraph(
            para(&format!(
                "A fixed topic is aligned when it is held within the review window of each \
                 cluster that reviews one of its articles, or up to {grace} year{} after it.",
                if grace == 1 { "" } else { "s" }
            ))
            .keep_next(true),
        )
        .add_table(table(
            &[
                "Cluster",
                "Theme",
                "Review window",
                "Aligned until",
                "Articles reviewed",
                "Fixed topics",
            ],
            &rows,
            &[2, 5, 3, 2, 3, 3],
        ))
}

/// Meetings held before the workplan have no topics of it: a table of their own.
fn earlier_meetings(doc: Docx, lk: &Lookup) -> Docx {
    let rows: Vec<Vec<String>> = lk
        .meetings
        .iter()
        .filter(|m| !on_workplan(m))
        .map(|m| vec![when(m), or_dash(m.agenda.join("\n"))])
        .collect();
    if rows.is_empty() {
        return doc;
    }
    doc.add_paragraph(heading("Meetings before the workplan", 1))
        .add_table(table(
            &[SUMMARY[0].header, "Agenda items on record"],
            &rows,
            &[1, 4],
        ))
}

fn findings(mut doc: Docx, lk: &Lookup) -> Docx {
    doc = doc.add_paragraph(heading("Findings", 1));
    if lk.findings.is_empty() {
        return doc.add_paragraph(para("The plan checks clean: no findings."));
    }
    let (listed, more) = findings_listed(lk.findings);
    doc = doc.add_table(findings_table(&listed));
    if more > 0 {
        doc = doc.add_paragraph(para(&format!(
            "And {more} more findings, not listed here: `workplan check` lists them all."
        )));
    }
    doc
}

/// The whole document: the annex, then the Secretariat's part.
fn annex_document(lk: &Lookup) -> (Docx, Properties) {
    let plan = lk.plan;
    let mut doc = document().add_paragraph(heading(&plan.title, 0));
    doc = annex(doc, lk);
    doc = summary(doc, lk);
    doc = timeline(doc, lk);
    doc = clusters(doc, lk);
    doc = earlier_meetings(doc, lk);
    doc = findings(doc, lk);
    let props = Properties {
        title: Some(plan.title.clone()),
        creator: plan.body.clone(),
    };
    (doc, props)
}

pub(super) fn render(lk: &Lookup) -> Result<Vec<u8>, super::ExportError> {
    let (doc, props) = annex_document(lk);
    pack_with(doc, &props).map_err(super::ExportError::Docx)
}

/// At most this many findings are listed in the document. A document is read, not
/// searched: a plan built to exhaust (5,000 clusters on one article) has 60,000
/// findings, whose table took 1.5 GB and 7 s to write (issue 22); `check` lists them all.
const FINDINGS_LISTED: usize = 1000;

/// The findings the document lists, errors first, then warnings, then infos (each in
/// the order of the file), and how many more there are.
pub(super) fn findings_listed(findings: &[Finding]) -> (Vec<&Finding>, usize) {
    let mut listed: Vec<&Finding> = findings.iter().collect();
    listed.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let more = listed.len().saturating_sub(FINDINGS_LISTED);
    listed.truncate(FINDINGS_LISTED);
    (listed, more)
}

fn findings_table(findings: &[&Finding]) -> Table {
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            vec![
                f.severity.to_string(),
                f.code.to_string(),
                f.meeting
                    .map(|n| format!("{} meeting", ordinal(n)))
                    .unwrap_or_else(|| "the plan".to_owned()),
                f.message.clone(),
            ]
        })
        .collect();
    table(
        &["Severity", "Code", "Concerns", "Finding"],
        &rows,
        &[1, 2, 2, 8],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"version: 1
title: "Plan <one>"
body: "Group & co"
clusters:
  - id: C1
    review: { start: 2023, end: 2026 }
    articles: [1, 5]
article_headings:
  1: "Relation <x>"
  5: "Criminalization"
fixed_topics:
  - id: T1
    title: Crime
    label: "crime & justice"
    articles: [1, 5]
    introduction: "Intro with a note[^a] and <b>:"
    questions:
      - "A plain issue"
      - heading: "Article 5, paragraph 1"
        lead_in: "National experiences in:"
        issues:
          - "One[^a]"
          - "Two[^missing]"
  - id: T2
    title: Later
    articles: [5]
footnotes:
  a: "Note & <text>"
meetings:
  - number: 10
    year: 2023
    status: planned
    fixed: T1
    flexible_text: "Alternative one\nAlternative two"
"#;

    /// The main document and the footnotes of the annex of `PLAN`, as XML text.
    fn annex_xml() -> (String, String) {
        let plan = crate::plan::parse(PLAN)
            .map(|l| l.plan)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let findings = crate::check::check(&plan);
        let (doc, props) = annex_document(&Lookup::new(&plan, &findings));
        let xml = crate::word::parts(doc, &props).unwrap_or_else(|e| panic!("{e}"));
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (text(&xml.document), text(&xml.footnotes))
    }

    #[test]
    fn the_annex_sets_out_a_topic_as_the_paper_does() {
        let (document, notes) = annex_xml();
        let order = [
            "Tenth meeting of the Group &amp; co",
            "Topic 1: crime &amp; justice",
            "Articles 1 (Relation &lt;x&gt;) and 5 (Criminalization)",
            "Intro with a note",
            "A plain issue",
            "Article 5, paragraph 1",
            "National experiences in:",
            "One",
            "Two",
            "Fixed topics not yet scheduled",
            "Topic 2: article 5 (Criminalization)",
            SUMMARY_LEAD_IN,
            "2023 10th meeting",
            "Alternative one",
            ">or<",
            "Alternative two",
            "Timeline",
        ];
        let mut from = 0;
        for words in order {
            let at = document[from..].find(words);
            assert!(at.is_some(), "{words:?} after byte {from}");
            from += at.unwrap_or_default() + words.len();
        }
        // The note is referred to twice; the reference to a note the plan lacks is left
        // out, its text kept.
        assert_eq!(document.matches("<w:footnoteReference").count(), 2);
        assert_eq!(notes.matches("Note &amp; &lt;text&gt;").count(), 2);
        // (The findings, after the annex, quote the missing one.)
        let annex = &document[..document.find(">Timeline<").unwrap_or(document.len())];
        assert!(!annex.contains("[^"), "no reference left as text");
        // Issues are list paragraphs, groups Heading 3.
        assert_eq!(document.matches("<w:numPr>").count(), 3 + 2);
        assert!(document.contains(r#"<w:pStyle w:val="Heading3" />"#));
    }
}
