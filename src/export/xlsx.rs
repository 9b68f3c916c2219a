//! A spreadsheet for people who keep plans in spreadsheets: one sheet of meetings, one of
//! review clusters, one of topics with their questions. Every cell is typed (numbers as
//! numbers, dates as dates, text as text cells), so no title can become a formula.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{Lookup, articles};
use crate::plan::ordinal;

/// Excel refuses longer text in a cell; longer text is cut with an ellipsis.
const MAX_CELL_CHARS: usize = 32_767;

fn text(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_owned()
    } else {
        super::truncate(s, MAX_CELL_CHARS)
    }
}

/// A sheet being filled row by row under a bold header row.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
}

impl<'w> Sheet<'w> {
    fn new(ws: &'w mut Worksheet, name: &str, headers: &[&str]) -> Result<Self, XlsxError> {
        ws.set_name(name)?;
        let bold = Format::new().set_bold();
        for (c, h) in (0u16..).zip(headers) {
            ws.write_string_with_format(0, c, *h, &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(Self { ws, row: 0 })
    }

    fn next_row(&mut self) -> u32 {
        self.row += 1;
        self.row
    }

    /// Text cell; an empty value leaves the cell blank.
    fn text(&mut self, col: u16, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string(self.row, col, text(s))?;
        }
        Ok(())
    }

    fn number(&mut self, col: u16, n: impl Into<f64>) -> Result<(), XlsxError> {
        self.ws.write_number(self.row, col, n)?;
        Ok(())
    }

    fn date(&mut self, col: u16, d: Option<chrono::NaiveDate>) -> Result<(), XlsxError> {
        if let Some(d) = d {
            let fmt = Format::new().set_num_format("yyyy-mm-dd");
            self.ws.write_date_with_format(self.row, col, d, &fmt)?;
        }
        Ok(())
    }

    fn finish(self, widths: &[f64]) -> Result<(), XlsxError> {
        for (c, w) in (0u16..).zip(widths) {
            self.ws.set_column_width(c, *w)?;
        }
        if self.row > 0 {
            self.ws
                .autofilter(0, 0, self.row, widths.len().saturating_sub(1) as u16)?;
        }
        Ok(())
    }
}

pub(super) fn render(lk: &Lookup) -> Result<Vec<u8>, XlsxError> {
    let plan = lk.plan;
    let mut book = Workbook::new();
    // The writer stamps the workbook with the clock's time by default: the same plan
    // would export to different bytes a second later. The core does not read the clock,
    // so the stamp is the Unix epoch, as in the Word export.
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_timestamp(0)?),
    );

    let mut s = Sheet::new(
        book.add_worksheet(),
        "Meetings",
        &[
            "Meeting",
            "Year",
            "Start",
            "End",
            "Venue",
            "Status",
            "Agenda item 2 (flexible)",
            "Flexible topic title",
            "Agenda item 3 (fixed)",
            "Fixed topic title",
            "Fixed topic articles",
            "Agenda items on record",
            "Findings",
            "Note",
        ],
    )?;
    for m in &lk.meetings {
        s.next_row();
        s.number(0, m.number.get())?;
        s.number(1, m.year)?;
        s.date(2, m.start)?;
        s.date(3, m.end)?;
        s.text(4, m.venue.as_deref().unwrap_or(""))?;
        s.text(5, m.status.as_str())?;
        if let Some(id) = &m.flexible {
            s.text(6, id.as_str())?;
            s.text(
                7,
                lk.flexible_topic(id)
                    .map(|t| t.title.as_str())
                    .unwrap_or(""),
            )?;
        }
        if let Some(id) = &m.fixed {
            s.text(8, id.as_str())?;
            if let Some(t) = lk.fixed_topic(id) {
                s.text(9, &t.title)?;
                s.text(10, &articles(&t.articles))?;
            }
        }
        s.text(11, &m.agenda.join("\n"))?;
        let findings: Vec<String> = lk.for_meeting(m).map(ToString::to_string).collect();
        s.text(12, &findings.join("\n"))?;
        s.text(13, m.note.as_deref().unwrap_or(""))?;
    }
    s.finish(&[
        9.0, 7.0, 11.0, 11.0, 10.0, 10.0, 10.0, 40.0, 10.0, 40.0, 14.0, 40.0, 40.0, 40.0,
    ])?;

    let mut s = Sheet::new(
        book.add_worksheet(),
        "Clusters",
        &[
            "Cluster",
            "Theme",
            "Review from",
            "Review to",
            "Aligned until",
            "Articles reviewed",
            "Fixed topics",
        ],
    )?;
    for (c, topics) in plan.clusters.iter().zip(lk.topics_by_cluster()) {
        s.next_row();
        s.text(0, c.id.as_str())?;
        s.text(1, c.name.as_deref().unwrap_or(""))?;
        s.number(2, c.review.start)?;
        s.number(3, c.review.end)?;
        s.number(4, c.last_aligned_year(&plan.alignment))?;
        s.text(5, &articles(&c.articles))?;
        s.text(6, &topics.ids(str::to_owned))?;
    }
    s.finish(&[9.0, 40.0, 12.0, 12.0, 12.0, 20.0, 20.0])?;

    // One row per question, so the sheet filters and sorts; a topic without
    // questions still has its row.
    let mut s = Sheet::new(
        book.add_worksheet(),
        "Topics",
        &[
            "Topic",
            "Agenda item",
            "Title",
            "Articles",
            "Meetings",
            "Question",
        ],
    )?;
    for t in &plan.fixed_topics {
        let meetings: Vec<String> = lk
            .meetings_with(&t.id)
            .iter()
            .map(|m| format!("{} ({})", ordinal(m.number), m.year))
            .collect();
        let questions: Vec<String> = if t.questions.is_empty() {
            vec![String::new()]
        } else {
            t.issues().map(|q| q.one_line()).collect()
        };
        for q in &questions {
            s.next_row();
            s.text(0, t.id.as_str())?;
            s.text(1, "3 (fixed)")?;
            s.text(2, &t.title)?;
            s.text(3, &articles(&t.articles))?;
            s.text(4, &meetings.join(", "))?;
            s.text(5, q)?;
        }
    }
    let mut flexible_at: std::collections::HashMap<&str, Vec<String>> = Default::default();
    for m in &lk.meetings {
        if let Some(id) = &m.flexible {
            flexible_at.entry(id.as_str()).or_default().push(format!(
                "{} ({})",
                ordinal(m.number),
                m.year
            ));
        }
    }
    for t in &plan.flexible_topics {
        let meetings = flexible_at.get(t.id.as_str()).cloned().unwrap_or_default();
        s.next_row();
        s.text(0, t.id.as_str())?;
        s.text(1, "2 (flexible)")?;
        s.text(2, &t.title)?;
        s.text(3, &articles(&t.related_articles))?;
        s.text(4, &meetings.join(", "))?;
    }
    s.finish(&[8.0, 12.0, 50.0, 14.0, 20.0, 80.0])?;

    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_text_is_cut_to_what_a_cell_holds() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let cut = text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(text("short"), "short");
    }
}
