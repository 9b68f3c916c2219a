//! A Word document of the annex, laid out as the Secretariat lays it out: the table of
//! meetings (Year and meeting / Agenda item 2 (flexible) / Agenda item 3 (fixed)), each
//! fixed topic with its articles and its questions for discussion, the review clusters
//! and the findings. The helpers here also write the amendment (`workplan diff --format
//! docx`).

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, PageOrientationType, Paragraph, Run,
    RunFonts, Shading, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::{
    Lookup, articles, body_name, fixed_label, flexible_label, meeting_details, topic_about,
};
use crate::check::Finding;
use crate::plan::{Meeting, ordinal};

/// A4 landscape, in twentieths of a point: the annex's table is wide.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
const MARGIN: i32 = 1_134;
/// The width a table may take, between the margins.
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);

/// XML 1.0 refuses most control characters and U+FFFE/U+FFFF: a file carrying one would
/// not open, so they become spaces. Line breaks are handled by the callers.
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => ' ',
            c => c,
        })
        .collect()
}

/// The lines of `s`, whatever its line ends.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split("\r\n").flat_map(|l| l.split(['\r', '\n']))
}

/// A paragraph of plain text; line breaks in the text stay line breaks.
pub(crate) fn para(s: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in lines(s).enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(xml_safe(line));
    }
    Paragraph::new().add_run(run)
}

pub(crate) fn heading(s: &str, level: usize) -> Paragraph {
    let size = match level {
        0 => 32,
        1 => 26,
        _ => 22,
    };
    Paragraph::new()
        .add_run(Run::new().add_text(xml_safe(s)).bold().size(size))
        .outline_lvl(level)
        .keep_next(true)
        .line_spacing(
            LineSpacing::new()
                .before(if level == 0 { 0 } else { 240 })
                .after(80),
        )
}

fn cell(text: &str, width: usize, header: bool) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    // One paragraph per line: readers (python-docx, LibreOffice) see the lines apart.
    for line in lines(text) {
        let mut run = Run::new().add_text(xml_safe(line));
        if header {
            run = run.bold();
        }
        c = c.add_paragraph(Paragraph::new().add_run(run));
    }
    if header {
        c = c.shading(Shading::new().fill("D9D9D9"));
    }
    c
}

/// A table with a header row; `weights` share the text width between the columns.
pub(crate) fn table(headers: &[&str], rows: &[Vec<String>], weights: &[usize]) -> Table {
    let total: usize = weights.iter().sum::<usize>().max(1);
    let widths: Vec<usize> = weights.iter().map(|w| TEXT_WIDTH * w / total).collect();
    let width = |i: usize| widths.get(i).copied().unwrap_or(TEXT_WIDTH / 4);
    let mut all = vec![TableRow::new(
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| cell(h, width(i), true))
            .collect(),
    )];
    all.extend(rows.iter().map(|r| {
        TableRow::new(
            r.iter()
                .enumerate()
                .map(|(i, t)| cell(t, width(i), false))
                .collect(),
        )
        .cant_split()
    }));
    Table::new(all)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, 80, 20, 80))
}

/// A new document: A4 landscape, Times New Roman 10 pt as UN documents are set.
pub(crate) fn document() -> Docx {
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(20)
}

pub(crate) fn pack(doc: Docx) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "—".to_owned() } else { s }
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

pub(super) fn render(lk: &Lookup) -> Result<Vec<u8>, super::ExportError> {
    let plan = lk.plan;
    let mut doc = document().add_paragraph(heading(&plan.title, 0));

    // Meetings held before the workplan have no topics of it: a table of their own.
    let (workplan, earlier): (Vec<&Meeting>, Vec<&Meeting>) = lk
        .meetings
        .iter()
        .partition(|m| m.fixed.is_some() || m.flexible.is_some() || !m.status.is_history());

    let rows: Vec<Vec<String>> = workplan
        .iter()
        .map(|m| {
            vec![
                when(m),
                or_dash(
                    m.flexible
                        .as_ref()
                        .map(|id| flexible_label(lk, id))
                        .unwrap_or_default(),
                ),
                or_dash(
                    m.fixed
                        .as_ref()
                        .map(|id| fixed_label(lk, id))
                        .unwrap_or_default(),
                ),
            ]
        })
        .collect();
    doc = doc.add_paragraph(heading("Timeline", 1)).add_table(table(
        &[
            "Year and meeting",
            "Agenda item 2 (flexible)",
            "Agenda item 3 (fixed)",
        ],
        &rows,
        &[2, 5, 5],
    ));

    doc = doc.add_paragraph(heading("Fixed topics and questions for discussion", 1));
    for t in &plan.fixed_topics {
        doc = doc.add_paragraph(heading(&format!("{}: {}", t.id, t.title), 2));
        doc = doc.add_paragraph(para(&topic_about(lk, t)));
        if !t.questions.is_empty() {
            doc = doc.add_paragraph(
                Paragraph::new().add_run(Run::new().add_text("Questions for discussion:").italic()),
            );
            for q in &t.questions {
                doc = doc.add_paragraph(para(&format!("•\t{q}")).indent(
                    Some(567),
                    Some(docx_rs::SpecialIndentType::Hanging(283)),
                    None,
                    None,
                ));
            }
        }
    }

    let grace = plan.alignment.grace_years;
    let clusters: Vec<Vec<String>> = plan
        .clusters
        .iter()
        .zip(lk.topics_by_cluster())
        .map(|(c, topics)| {
            vec![
                c.id.to_string(),
                or_dash(c.name.clone().unwrap_or_default()),
                format!("{}-{}", c.review.start, c.review.end),
                c.last_aligned_year(&plan.alignment).to_string(),
                or_dash(articles(&c.articles)),
                or_dash(topics.ids(str::to_owned)),
            ]
        })
        .collect();
    doc = doc
        .add_paragraph(heading("Review clusters", 1))
        .add_paragraph(para(&format!(
            "A fixed topic is aligned when it is held within the review window of each \
             cluster that reviews one of its articles, or up to {grace} year{} after it.",
            if grace == 1 { "" } else { "s" }
        )))
        .add_table(table(
            &[
                "Cluster",
                "Theme",
                "Review window",
                "Aligned until",
                "Articles reviewed",
                "Fixed topics",
            ],
            &clusters,
            &[1, 5, 2, 2, 3, 3],
        ));

    if !earlier.is_empty() {
        let rows: Vec<Vec<String>> = earlier
            .iter()
            .map(|m| vec![when(m), or_dash(m.agenda.join("\n"))])
            .collect();
        doc = doc
            .add_paragraph(heading("Meetings before the workplan", 1))
            .add_table(table(
                &["Year and meeting", "Agenda items on record"],
                &rows,
                &[1, 4],
            ));
    }

    doc = doc.add_paragraph(heading("Findings", 1));
    if lk.findings.is_empty() {
        doc = doc.add_paragraph(para("The plan checks clean: no findings."));
    } else {
        let (listed, more) = findings_listed(lk.findings);
        doc = doc.add_table(findings_table(&listed));
        if more > 0 {
            doc = doc.add_paragraph(para(&format!(
                "And {more} more findings, not listed here: `workplan check` lists them all."
            )));
        }
    }
    doc = doc.add_paragraph(
        para(&format!(
            "Meetings of the {}; agenda item 2 is chosen meeting by meeting, agenda item 3 \
             follows the fixed timeline.",
            body_name(plan)
        ))
        .align(AlignmentType::Left),
    );
    pack(doc).map_err(super::ExportError::Docx)
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

    #[test]
    fn control_characters_cannot_break_the_xml() {
        assert_eq!(xml_safe("a\u{1}b\u{FFFF}c\td"), "a b c\td");
        let lines: Vec<&str> = lines("a\r\nb\rc\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
    }
}
