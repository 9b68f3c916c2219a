//! One row per meeting, RFC 4180, safe to open in a spreadsheet.

use super::columns::MEETINGS;
use super::{ExportError, Lookup};

/// What starts a formula: `=`, `+`, `-`, `@` (OWASP "CSV Injection"), and the
/// full-width and small forms and the minus sign that spreadsheets fold into them.
const FORMULA_STARTS: [char; 13] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}', '\u{FE66}', '\u{FE62}',
    '\u{FE63}', '\u{FE6B}', '\u{2212}',
];

/// Characters a spreadsheet may skip before it looks for a formula: whitespace of any
/// kind (space, line breaks, no-break space, U+3000), control characters, and every
/// invisible one (the byte order mark, the zero-width and bidirectional format
/// characters, the tag characters from U+E0020: [`crate::text::is_invisible`], the one
/// definition the terminal text uses too).
fn invisible(c: char) -> bool {
    c.is_whitespace() || crate::text::is_control(c) || crate::text::is_invisible(c)
}

/// A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula, and may
/// trim what comes before it (a space, a line break, a no-break space, a BOM) or fold a
/// full-width `＝` into `=`. Such a cell, and any starting with a tab or a carriage
/// return, gets a leading apostrophe, which spreadsheets show as text and hide (OWASP
/// "CSV Injection"). The writer quotes every cell holding a separator, quote or line
/// break, so no formula can start a cell of its own mid-value.
pub(super) fn guard(cell: &str) -> String {
    if cell.starts_with(['\t', '\r'])
        || cell
            .trim_start_matches(invisible)
            .starts_with(FORMULA_STARTS)
    {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The byte-order mark: Excel reads a CSV as UTF-8 only when it starts with one, and
/// as the system's legacy code page otherwise (“ghost guns” becomes â€œghost gunsâ€).
pub(super) const BOM: &str = "\u{FEFF}";

/// The CSV, starting with [`BOM`] when `bom` (for Excel; other readers take it for
/// part of the first header, so it is asked for, not given by default).
pub(super) fn render(lk: &Lookup, bom: bool) -> Result<String, ExportError> {
    let err = |e: csv::Error| ExportError::Csv(e.to_string());
    let start = if bom {
        BOM.as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(start);
    w.write_record(MEETINGS.iter().map(|c| c.key))
        .map_err(err)?;
    for &m in &lk.meetings {
        w.write_record(MEETINGS.iter().map(|c| guard(&(c.cell)(lk, m).text())))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}
