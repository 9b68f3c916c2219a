//! The Word documents' common pieces, shared by the annex (`export --format docx`) and the
//! amendment (`diff --format docx`): an A4 portrait page with its page number in the
//! footer, paragraphs in the named styles a UN template restyles (Title, Heading 1-3, List
//! Paragraph, a named table style), tables whose header row repeats, and the package
//! written out in the schema's order.
//!
//! docx-rs builds the paragraphs, tables, numbering, footer and footnotes. What it lacks
//! is done once, in [`ooxml`], on the parts it builds, before they are zipped: our own
//! styles part (it writes no `w:lang` and no heading styles), the core properties (it
//! writes "unknown" as author and has no title), `w:tblHeader` (it has no setter) and the
//! order of the elements (it writes `w:rPr` first in `w:pPr`, where the schema wants it
//! last). A leaf: it depends on nothing else of the crate.

mod ooxml;

use docx_rs::{
    AbstractNumbering, BreakType, Docx, FieldCharType, Footer, Footnote, IndentLevel, InstrPAGE,
    InstrText, Level, LevelJc, LevelText, NumberFormat, Numbering, NumberingId, PageMargin,
    PageOrientationType, Paragraph, Run, Shading, SpecialIndentType, Start, Table, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType,
};

/// A4 portrait, in twentieths of a point: UN documents are set on it, and a table that
/// fits here fits when pasted into the Secretariat's template.
pub const PAGE_WIDTH: u32 = 11_906;
pub const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
/// The width a table may take, between the margins.
pub const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);

/// The numbering (numbering.xml) of the list paragraphs: a bullet, as the annex lists its
/// issues. docx-rs writes a decimal numbering of its own as 1.
const BULLETS: usize = 2;

/// XML 1.0 refuses most control characters and U+FFFE/U+FFFF: a file carrying one would
/// not open, so they become spaces. Line breaks are handled by the callers.
pub(crate) fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => ' ',
            c => c,
        })
        .collect()
}

/// The lines of `s`, whatever its line ends.
pub(crate) fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split("\r\n").flat_map(|l| l.split(['\r', '\n']))
}

/// A run of text; line breaks in the text stay line breaks.
pub(crate) fn text_run(s: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in lines(s).enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(xml_safe(line));
    }
    run
}

/// A paragraph of plain text; line breaks in the text stay line breaks.
pub(crate) fn para(s: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(s))
}

/// The style of a heading level: 0 is the document's title, 1 to 3 the Heading styles
/// (deeper levels share Heading 3).
fn heading_style(level: usize) -> &'static str {
    match level {
        0 => "Title",
        1 => "Heading1",
        2 => "Heading2",
        _ => "Heading3",
    }
}

/// A heading in its named style, kept with the paragraph that follows it.
pub(crate) fn heading(s: &str, level: usize) -> Paragraph {
    Paragraph::new()
        .add_run(text_run(s))
        .style(heading_style(level))
        .keep_next(true)
}

/// A list paragraph: Word numbering with a bullet, so a template's list style applies.
pub(crate) fn bullet(p: Paragraph) -> Paragraph {
    p.style("ListParagraph")
        .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
}

/// A run holding a footnote reference, the footnote's text in the footnotes part.
pub(crate) fn footnote(text: &str) -> Run {
    let mut note = Footnote::new();
    let note = note.add_content(
        Paragraph::new()
            .style("FootnoteText")
            .add_run(text_run(text)),
    );
    Run::new().add_footnote_reference(note)
}

/// A cell's paragraphs: one per line, so readers (python-docx, LibreOffice) see the
/// lines apart.
fn cell_paragraphs(text: &str, header: bool) -> Vec<Paragraph> {
    lines(text)
        .map(|line| {
            let mut run = Run::new().add_text(xml_safe(line));
            if header {
                run = run.bold();
            }
            Paragraph::new().add_run(run)
        })
        .collect()
}

fn cell(paragraphs: Vec<Paragraph>, width: usize, header: bool) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    // A cell holds at least one paragraph, empty or not: the schema wants one.
    if paragraphs.is_empty() {
        c = c.add_paragraph(Paragraph::new());
    }
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    if header {
        c = c.shading(Shading::new().fill("D9D9D9"));
    }
    c
}

/// What a header's longest word takes, bold at 10 pt, with the cell's margins: a column
/// narrower than that breaks the word ("Meet-ing") on an A4 portrait page.
fn header_width(header: &str) -> usize {
    let longest = header
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    longest * 120 + 200
}

/// The columns' widths: each wide enough for its header's longest word, the rest of the
/// text width shared by `weights` (one weight a column; a missing one counts 1). When
/// the headers alone would not fit, by weight only.
fn column_widths(headers: &[&str], weights: &[usize]) -> Vec<usize> {
    let weight = |i: usize| weights.get(i).copied().unwrap_or(1);
    let columns = headers.len().max(weights.len());
    let total: usize = (0..columns).map(weight).sum::<usize>().max(1);
    let least: Vec<usize> = (0..columns)
        .map(|i| headers.get(i).map_or(0, |h| header_width(h)))
        .collect();
    let spare = TEXT_WIDTH.checked_sub(least.iter().sum());
    (0..columns)
        .map(|i| match spare {
            Some(spare) => least[i] + spare * weight(i) / total,
            None => TEXT_WIDTH * weight(i) / total,
        })
        .collect()
}

/// A table in the "Table Grid" style with a header row that repeats on every page;
/// `weights` share the text width between the columns.
pub(crate) fn table(headers: &[&str], rows: &[Vec<String>], weights: &[usize]) -> Table {
    let rows: Vec<Vec<Vec<Paragraph>>> = rows
        .iter()
        .map(|r| r.iter().map(|t| cell_paragraphs(t, false)).collect())
        .collect();
    table_of(headers, rows, weights)
}

/// A table as [`table`] makes it, each cell given as its paragraphs (lists, footnotes).
pub(crate) fn table_of(
    headers: &[&str],
    rows: Vec<Vec<Vec<Paragraph>>>,
    weights: &[usize],
) -> Table {
    let widths = column_widths(headers, weights);
    let width = |i: usize| widths.get(i).copied().unwrap_or(TEXT_WIDTH / 4);
    // The first row of every table is its header: `ooxml` marks it `w:tblHeader`.
    let mut all = vec![
        TableRow::new(
            headers
                .iter()
                .enumerate()
                .map(|(i, h)| cell(cell_paragraphs(h, true), width(i), true))
                .collect(),
        )
        .cant_split(),
    ];
    all.extend(rows.into_iter().map(|r| {
        TableRow::new(
            r.into_iter()
                .enumerate()
                .map(|(i, ps)| cell(ps, width(i), false))
                .collect(),
        )
        .cant_split()
    }));
    // No borders of its own: the style draws them, so a template's table style applies.
    Table::without_borders(all)
        .style("TableGrid")
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(widths.iter().sum(), WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, 80, 20, 80))
}

/// The page number, centred in the footer: a PAGE field Word and LibreOffice update.
fn page_footer() -> Footer {
    let number = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(docx_rs::AlignmentType::Center)
            .add_run(number),
    )
}

/// A new document: A4 portrait, the page number in the footer, the bullets of the list
/// paragraphs. Fonts, sizes and the language are in the styles part (`ooxml`).
pub(crate) fn document() -> Docx {
    let bullets = AbstractNumbering::new(BULLETS).add_level(
        Level::new(
            0,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new("•"),
            LevelJc::new("left"),
        )
        .indent(Some(567), Some(SpecialIndentType::Hanging(283)), None, None),
    );
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Portrait)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .footer(page_footer())
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// What the core properties say of a document: its title and author.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Properties {
    pub title: Option<String>,
    /// The body that publishes it; left out rather than "unknown".
    pub creator: Option<String>,
}

/// The document as a .docx file; its title (core properties) is its Title paragraph.
pub(crate) fn pack(doc: Docx) -> Result<Vec<u8>, String> {
    let props = Properties {
        title: title_of(&doc),
        creator: None,
    };
    pack_with(doc, &props)
}

/// The text of the document's Title paragraph (docx-rs keeps it escaped for XML).
fn title_of(doc: &Docx) -> Option<String> {
    doc.document.children.iter().find_map(|c| match c {
        docx_rs::DocumentChild::Paragraph(p)
            if p.property.style.as_ref().is_some_and(|s| s.val == "Title") =>
        {
            let raw = p.raw_text();
            Some(match quick_xml::escape::unescape(&raw) {
                Ok(text) => text.into_owned(),
                Err(_) => raw,
            })
        }
        _ => None,
    })
}

/// The document's parts, finished, before they are zipped.
pub(crate) fn parts(doc: Docx, props: &Properties) -> Result<docx_rs::XMLDocx, String> {
    let mut xml = doc.build();
    ooxml::finish(&mut xml, props)?;
    Ok(xml)
}

/// The document as a .docx file with these core properties.
pub(crate) fn pack_with(doc: Docx, props: &Properties) -> Result<Vec<u8>, String> {
    let xml = parts(doc, props)?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
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

    #[test]
    fn every_table_fits_between_the_margins_of_a4_portrait() {
        let t = table(&["a", "b", "c"], &[vec!["1".into()]], &[1, 5, 7]);
        let grid: usize = t.grid.iter().sum();
        assert!(grid <= TEXT_WIDTH, "{grid} > {TEXT_WIDTH}");
        assert_eq!(TEXT_WIDTH, 11_906 - 2 * 1_134);
        // Too many columns for their headers: shared by weight, still inside.
        let many = vec!["Heading"; 40];
        let w = column_widths(&many, &[1; 40]);
        assert!(w.iter().sum::<usize>() <= TEXT_WIDTH);
    }

    #[test]
    fn no_column_is_narrower_than_its_headers_longest_word() {
        let headers = ["", "Severity", "Code", "Meeting", "Topic", "Finding"];
        let widths = column_widths(&headers, &[2, 2, 4, 2, 2, 12]);
        for (h, w) in headers.iter().zip(&widths) {
            assert!(*w >= header_width(h), "{h}: {w}");
        }
        assert!(widths.iter().sum::<usize>() <= TEXT_WIDTH);
        // More headers than weights: the last columns weigh 1, and exist.
        assert_eq!(column_widths(&["Meeting", "Year"], &[3]).len(), 2);
    }

    #[test]
    fn the_same_document_gives_the_same_bytes_footnotes_and_all() {
        let doc = || {
            let p = Paragraph::new()
                .add_run(text_run("the items"))
                .add_run(footnote("A note."));
            pack(document().add_paragraph(heading("T", 0)).add_paragraph(p))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(doc(), doc());
    }

    #[test]
    fn the_title_of_the_core_properties_is_the_title_paragraph() {
        let doc = document()
            .add_paragraph(para("before"))
            .add_paragraph(heading("Plan <2023>", 0));
        assert_eq!(title_of(&doc).as_deref(), Some("Plan <2023>"));
        let props = Properties {
            title: title_of(&doc),
            creator: None,
        };
        let mut xml = doc.build();
        ooxml::finish(&mut xml, &props).unwrap_or_else(|e| panic!("{e}"));
        let core = String::from_utf8_lossy(&xml.doc_props.core);
        assert!(
            core.contains("<dc:title>Plan &lt;2023&gt;</dc:title>"),
            "{core}"
        );
        assert!(!core.contains("unknown"), "{core}");
        assert!(!core.contains("dc:creator"), "{core}");
    }
}
