//! Wrapping with a hanging indent: a wrapped line continues under its text, not at the
//! left edge ("  art. 12: …" under "art.", "• question" under the question, a help
//! line under its description). ratatui's own wrapping starts every row at the edge.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::width;

/// Marks a line may start with (after its indentation) before its text.
const MARKS: [char; 8] = ['•', '▶', '✗', '▲', '·', '✓', '-', '*'];

/// The column a line's text starts at, where its wrapped rows continue: after its
/// leading spaces and a mark ("• ", "✗ "); for a key line (a first span ending in two
/// spaces, the keys column) after the keys.
pub fn indent_of(line: &Line) -> usize {
    if line.spans.len() > 1
        && let Some(first) = line.spans.first()
        && first.content.ends_with("  ")
    {
        return width(&first.content);
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let mut chars = body.chars();
    match (chars.next(), chars.next()) {
        (Some(mark), Some(' ')) if MARKS.contains(&mark) => lead + width(&mark.to_string()) + 1,
        _ => lead,
    }
}

/// `lines` wrapped to `width` columns, each with its own hanging indent ([`indent_of`]).
pub fn hang_all(lines: Vec<Line<'_>>, width: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let indent = indent_of(&line);
            hang(&line, width, indent)
        })
        .collect()
}

/// `line` wrapped to `width` columns, rows after the first starting `indent` columns
/// in (at most half the width, so a deep indent leaves room for words; none under 8
/// columns). The spans keep their styles across the breaks.
pub fn hang(line: &Line<'_>, width: usize, indent: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let owned = |spans: Vec<Span<'static>>| Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    };
    if width == 0 || self::width(&text) <= width {
        let spans = line
            .spans
            .iter()
            .map(|s| Span::styled(s.content.to_string(), s.style))
            .collect();
        return vec![owned(spans)];
    }
    // Too narrow for an indent and a wide letter after it: rows start at the edge.
    let indent = if width < 8 { 0 } else { indent.min(width / 2) };
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(width)
        .subsequent_indent(&pad)
        .break_words(true);
    // Where each span's text starts and ends in `text`, with its style.
    let mut ranges = Vec::with_capacity(line.spans.len());
    let mut at = 0;
    for s in &line.spans {
        ranges.push((at, at + s.content.len(), s.style));
        at += s.content.len();
    }
    let mut from = 0;
    let mut out = Vec::new();
    for (k, row) in textwrap::wrap(&text, options).iter().enumerate() {
        let body = if k == 0 {
            row.as_ref()
        } else {
            row.strip_prefix(pad.as_str()).unwrap_or(row)
        };
        // The wrapper only drops the spaces at a break, so each row is found in order.
        let start = text
            .get(from..)
            .and_then(|rest| rest.find(body))
            .map_or(from, |i| from + i);
        let end = (start + body.len()).min(text.len());
        from = end;
        let mut spans = Vec::new();
        if k > 0 {
            spans.push(Span::raw(pad.clone()));
        }
        spans.extend(slice(&text, &ranges, start, end));
        out.push(owned(spans));
    }
    out
}

/// The parts of the spans (`ranges` in `text`) between `start` and `end`.
fn slice(
    text: &str,
    ranges: &[(usize, usize, Style)],
    start: usize,
    end: usize,
) -> Vec<Span<'static>> {
    ranges
        .iter()
        .filter_map(|&(s, e, style)| {
            let (a, b) = (s.max(start), e.min(end));
            (a < b).then(|| Span::styled(text.get(a..b).unwrap_or_default().to_string(), style))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wrapped_rows_continue_under_the_text() {
        let line = Line::from("  art. 12: C4 2023–2026: ✓ inside");
        assert_eq!(
            rows(&hang_all(vec![line], 24)),
            ["  art. 12: C4 2023–2026:", "  ✓ inside"]
        );
        let bullet = Line::from("• Article 12, paragraphs 1, 2 and 3: nature");
        assert_eq!(
            rows(&hang_all(vec![bullet], 24)),
            ["• Article 12, paragraphs", "  1, 2 and 3: nature"]
        );
        let key = Line::from(vec![
            Span::styled("         q  ", Style::default().bold()),
            Span::raw("quit, asking first when there are unsaved changes"),
        ]);
        let wrapped = hang_all(vec![key], 40);
        assert_eq!(
            rows(&wrapped),
            [
                "         q  quit, asking first when",
                "            there are unsaved changes"
            ]
        );
        // The keys keep their style; the description's rows theirs.
        assert_eq!(wrapped[0].spans[0].style, Style::default().bold());
        assert_eq!(wrapped[1].spans[1].style, Style::default());
    }

    #[test]
    fn every_width_keeps_every_letter_in_order_within_the_width() {
        for text in [
            "  • 日本語のテキストと English words mixed, très élaborée",
            "✗ code: 🔥 fire e\u{301}te\u{301} – done",
            "- a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p",
        ] {
            let split = text.char_indices().nth(3).map_or(0, |(i, _)| i);
            let line = Line::from(vec![Span::raw(&text[..split]), Span::raw(&text[split..])]);
            for width in 2..40 {
                let rows = rows(&hang_all(vec![line.clone()], width));
                let joined: String = rows.concat().split_whitespace().collect();
                let expected: String = text.split_whitespace().collect();
                assert_eq!(joined, expected, "{width}: {rows:?}");
                assert!(
                    rows.iter().all(|r| self::width(r) <= width),
                    "{width}: {rows:?}"
                );
            }
        }
    }

    #[test]
    fn short_lines_and_long_words_are_kept_whole() {
        let short = Line::from("Fixed T4");
        assert_eq!(rows(&hang_all(vec![short], 24)), ["Fixed T4"]);
        let word = Line::from("  x".to_string() + &"y".repeat(30));
        let wrapped = rows(&hang_all(vec![word], 12));
        assert!(wrapped.iter().all(|r| width(r) <= 12), "{wrapped:?}");
        assert_eq!(
            wrapped.concat().replace(' ', ""),
            "x".to_string() + &"y".repeat(30)
        );
    }
}
