//! A spreadsheet for people who keep plans in spreadsheets: one sheet of meetings, one of
//! review clusters, one of topics with their questions. Every cell is typed (numbers as
//! numbers, dates as dates, text as text cells), so no title can become a formula.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::columns::{MEETINGS, Value};
use super::{Lookup, articles};
use crate::plan::{Meeting, ordinal};

/// Excel refuses longer text in a cell; longer text is cut with an ellipsis.
const MAX_CELL_CHARS: usize = 32_767;

fn text(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_owned()
    } else {
        super::truncate(s, MAX_CELL_CHARS)
    }
}

/// A sheet being filled row by row under a bold header row, set up to be read on screen
/// (header frozen, a filter on every column) and on paper (A4 landscape, as many pages
/// wide as keep the text legible, the header row and first column on every page, page
/// numbers in the footer).
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
    /// Each column's width in characters, at least its header's.
    widths: Vec<f64>,
    /// Lines the current row's tallest wrapped cell takes.
    lines: usize,
    top: Format,
    wrap: Format,
    date: Format,
}

/// Room beside a header for the filter's drop-down button, in characters.
const FILTER_BUTTON: f64 = 3.0;

/// A4 in the writer's list of Excel's paper sizes.
const A4: u8 = 9;

/// Characters of column width printed across one A4 landscape page at no less than
/// about 70% (some 140 fit at full size): a wider sheet prints two or more pages wide
/// rather than in type too small to read.
const CHARS_PER_PAGE: f64 = 200.0;

/// The height of a line of the default font (Calibri 11), in points; a row is at most
/// 409 points high.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Lines `s` takes wrapped at word boundaries in a column `width` characters wide: the
/// row is given that height, since neither Excel nor LibreOffice fits a row to wrapped
/// text written without one.
fn wrapped_lines(s: &str, width: f64) -> usize {
    // One character for the cell's margins. Letters are mostly narrower than the digit
    // a width counts, so the estimate errs tall, never cutting a line off.
    let room = (width as usize).saturating_sub(1).max(1);
    s.split('\n')
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for word in line.split(' ') {
                let w = word.chars().count();
                if used > 0 && used + 1 + w > room {
                    lines += 1;
                    used = 0;
                } else if used > 0 {
                    used += 1;
                }
                used += w;
                // A word longer than the column is broken across lines.
                while used > room {
                    lines += 1;
                    used -= room;
                }
            }
            lines
        })
        .sum()
}

impl<'w> Sheet<'w> {
    /// `columns`: each column's header and the width its content wants.
    fn new(ws: &'w mut Worksheet, name: &str, columns: &[(&str, f64)]) -> Result<Self, XlsxError> {
        ws.set_name(name)?;
        let top = Format::new().set_align(FormatAlign::Top);
        let header = top.clone().set_bold();
        let mut widths = Vec::with_capacity(columns.len());
        for (c, (h, chars)) in (0u16..).zip(columns) {
            ws.write_string_with_format(0, c, *h, &header)?;
            let width = chars.max(h.chars().count() as f64 + FILTER_BUTTON);
            ws.set_column_width(c, width)?;
            widths.push(width);
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        let pages = (widths.iter().sum::<f64>() / CHARS_PER_PAGE)
            .ceil()
            .max(1.0) as u16;
        if pages > 1 {
            // What each row is: its id, on every page across.
            ws.set_repeat_columns(0, 0)?;
        }
        ws.set_paper_size(A4)
            .set_landscape()
            .set_print_fit_to_pages(pages, 0)
            // A row's pages one after the other, not every row's first part first.
            .set_page_order(false)
            .set_print_gridlines(true)
            .set_footer("&L&A&RPage &P of &N");
        Ok(Self {
            ws,
            row: 0,
            widths,
            lines: 1,
            wrap: top.clone().set_text_wrap(),
            date: top.clone().set_num_format("yyyy-mm-dd"),
            top,
        })
    }

    fn next_row(&mut self) -> Result<(), XlsxError> {
        self.end_row()?;
        self.row += 1;
        Ok(())
    }

    /// Gives the row the height of its tallest wrapped cell.
    fn end_row(&mut self) -> Result<(), XlsxError> {
        if self.lines > 1 {
            let height = (self.lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT);
            self.ws.set_row_height(self.row, height)?;
        }
        self.lines = 1;
        Ok(())
    }

    /// Text cell, wrapped when it has several lines or is wider than its column; an
    /// empty value leaves the cell blank.
    fn text(&mut self, col: u16, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let width = self.widths.get(usize::from(col)).copied().unwrap_or(0.0);
        let long = s.contains('\n') || s.chars().count() as f64 > width;
        let format = if long {
            self.lines = self.lines.max(wrapped_lines(s, width));
            &self.wrap
        } else {
            &self.top
        };
        self.ws
            .write_string_with_format(self.row, col, text(s), format)?;
        Ok(())
    }

    fn number(&mut self, col: u16, n: impl Into<f64>) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(self.row, col, n, &self.top)?;
        Ok(())
    }

    fn date(&mut self, col: u16, d: Option<chrono::NaiveDate>) -> Result<(), XlsxError> {
        if let Some(d) = d {
            self.ws
                .write_date_with_format(self.row, col, d, &self.date)?;
        }
        Ok(())
    }

    fn value(&mut self, col: u16, v: &Value) -> Result<(), XlsxError> {
        match v {
            // Meeting numbers and years: far inside what a double holds exactly.
            Value::Number(n) => self.number(col, *n as f64),
            Value::Date(d) => self.date(col, *d),
            Value::Text(s) => self.text(col, s),
        }
    }

    fn finish(mut self) -> Result<(), XlsxError> {
        self.end_row()?;
        if self.row > 0 {
            let last = self.widths.len().saturating_sub(1) as u16;
            self.ws.autofilter(0, 0, self.row, last)?;
        }
        Ok(())
    }
}

pub(super) fn render(lk: &Lookup) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The writer stamps the workbook with the clock's time by default: the same plan
    // would export to different bytes a second later. The core does not read the clock,
    // so the stamp is the Unix epoch, as in the Word export.
    book.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_timestamp(0)?),
    );
    meetings_sheet(lk, book.add_worksheet())?;
    clusters_sheet(lk, book.add_worksheet())?;
    topics_sheet(lk, book.add_worksheet())?;
    book.save_to_buffer()
}

/// One row per meeting, a column per entry of the meetings table's description.
fn meetings_sheet(lk: &Lookup, ws: &mut Worksheet) -> Result<(), XlsxError> {
    let columns: Vec<(&str, f64)> = MEETINGS.iter().map(|c| (c.header, c.chars)).collect();
    let mut s = Sheet::new(ws, "Meetings", &columns)?;
    for m in &lk.meetings {
        s.next_row()?;
        for (col, c) in (0u16..).zip(&MEETINGS) {
            s.value(col, &(c.cell)(lk, m))?;
        }
    }
    s.finish()
}

fn clusters_sheet(lk: &Lookup, ws: &mut Worksheet) -> Result<(), XlsxError> {
    let plan = lk.plan;
    let mut s = Sheet::new(
        ws,
        "Clusters",
        &[
            ("Cluster", 9.0),
            ("Theme", 40.0),
            ("Review from", 12.0),
            ("Review to", 12.0),
            ("Aligned until", 12.0),
            ("Articles reviewed", 20.0),
            ("Fixed topics", 20.0),
        ],
    )?;
    for (c, topics) in plan.clusters.iter().zip(lk.topics_by_cluster()) {
        s.next_row()?;
        s.text(0, c.id.as_str())?;
        s.text(1, c.name.as_deref().unwrap_or(""))?;
        s.number(2, c.review.start)?;
        s.number(3, c.review.end)?;
        s.number(4, c.last_aligned_year(&plan.alignment))?;
        s.text(5, &articles(&c.articles))?;
        s.text(6, &topics.ids(str::to_owned))?;
    }
    s.finish()
}

/// One row per question, so the sheet filters and sorts; a topic without questions
/// still has its row. Then one row per flexible topic.
fn topics_sheet(lk: &Lookup, ws: &mut Worksheet) -> Result<(), XlsxError> {
    let plan = lk.plan;
    let mut s = Sheet::new(
        ws,
        "Topics",
        &[
            ("Topic", 8.0),
            ("Agenda item", 12.0),
            ("Title", 50.0),
            ("Articles", 14.0),
            ("Meetings", 20.0),
            ("Question", 80.0),
        ],
    )?;
    let at = |m: &&Meeting| format!("{} ({})", ordinal(m.number), m.year);
    for t in &plan.fixed_topics {
        let meetings: Vec<String> = lk.meetings_with(&t.id).iter().map(at).collect();
        let questions: Vec<String> = if t.questions.is_empty() {
            vec![String::new()]
        } else {
            t.issues().map(|q| q.one_line()).collect()
        };
        for q in &questions {
            s.next_row()?;
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
            flexible_at.entry(id.as_str()).or_default().push(at(m));
        }
    }
    for t in &plan.flexible_topics {
        let meetings = flexible_at.get(t.id.as_str()).cloned().unwrap_or_default();
        s.next_row()?;
        s.text(0, t.id.as_str())?;
        s.text(1, "2 (flexible)")?;
        s.text(2, &t.title)?;
        s.text(3, &articles(&t.related_articles))?;
        s.text(4, &meetings.join(", "))?;
    }
    s.finish()
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

    #[test]
    fn wrapped_lines_count_line_breaks_words_and_overlong_words() {
        // Nine characters of room in a column 10 wide.
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("one two", 10.0), 1);
        assert_eq!(wrapped_lines("one two three", 10.0), 2);
        assert_eq!(wrapped_lines("a\nb\nc", 10.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(19), 10.0), 3);
        assert_eq!(wrapped_lines("abcdefghi abcdefghi", 10.0), 2);
    }
}
