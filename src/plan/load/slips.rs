//! Typing slips found where they happen. The YAML parser notices a slip where the text
//! stops making sense, which can be far from the slip and in other words: a `{` never
//! closed is reported as a number that is not a number at the end of its line, a key
//! indented too little as a key missing from the mapping above it. Once loading has
//! failed, these scans look at the text for the slip itself.

/// Where a slip is and what to say about it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Slip {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The first `{` or `[` that is never closed: one whose collection is still open when
/// a line comes back to (or left of) the indentation of the line that opened it, or when
/// the file ends. A flow collection may span lines, but its lines are indented more.
pub(super) fn unclosed_flow(text: &str) -> Option<Slip> {
    let mut open: Vec<(char, u32, u32, usize)> = Vec::new();
    // The indentation of a line that opened a block scalar (`|` or `>`): the lines
    // indented more are its text, where brackets are letters.
    let mut literal: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i as u32 + 1;
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        match literal {
            Some(from) if indent > from || body.trim().is_empty() => continue,
            _ => literal = None,
        }
        if open.is_empty() && opens_block_scalar(body) {
            literal = Some(indent);
        }
        if let Some(&(c, l, col, opener_indent)) = open.first()
            && !is_blank(body)
            && indent <= opener_indent
            && !body.starts_with(['}', ']'])
        {
            return Some(unclosed(c, l, col));
        }
        scan_line(line, number, indent, &mut open);
    }
    open.first().map(|&(c, l, col, _)| unclosed(c, l, col))
}

/// Whether a line's value is `|` or `>` (with its indicators): a block scalar follows.
fn opens_block_scalar(body: &str) -> bool {
    let value = body.split(" #").next().unwrap_or("").trim_end();
    let last = value.rsplit([' ', ':']).next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        && value.len() > last.len()
}

fn unclosed(c: char, line: u32, column: u32) -> Slip {
    let close = if c == '{' { '}' } else { ']' };
    Slip {
        line,
        column,
        message: format!(
            "the `{c}` opened here is never closed; end it with `{close}` (a list or mapping between brackets must close before the next key)"
        ),
    }
}

fn is_blank(body: &str) -> bool {
    body.trim().is_empty() || body.starts_with('#')
}

/// Follows the brackets of one line. Outside brackets, only a `{` or `[` that begins a
/// value opens a collection (`title: a [draft]` is plain text); inside, every bracket
/// counts, except in quotes and comments.
fn scan_line(line: &str, number: u32, indent: usize, open: &mut Vec<(char, u32, u32, usize)>) {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut value_start = true;
    for (column, c) in line.chars().enumerate() {
        let column = column as u32 + 1;
        if let Some(q) = quote {
            if c == q && !(q == '"' && previous == '\\') {
                quote = None;
            }
        } else if c == '#' && previous.is_whitespace() {
            return;
        } else if open.is_empty() {
            match c {
                '{' | '[' if value_start => open.push((c, number, column, indent)),
                '"' | '\'' if value_start => quote = Some(c),
                ' ' | '-' if value_start => {}
                ' ' if previous == ':' => value_start = true,
                _ => value_start = false,
            }
        } else {
            match c {
                '{' | '[' => open.push((c, number, column, indent)),
                '}' | ']' => {
                    open.pop();
                    value_start = false;
                }
                '"' | '\'' if matches!(previous, ' ' | '{' | '[' | ',' | ':') => quote = Some(c),
                _ => {}
            }
        }
        previous = c;
    }
}

/// A required key that is written nearby but indented differently from the keys of its
/// mapping: the mapping whose keys start at `column` on `line` is missing `field`.
pub(super) fn misindented_key(text: &str, field: &str, line: u32, column: u32) -> Option<Slip> {
    let expected = column.checked_sub(1)? as usize;
    for (i, src) in text.lines().enumerate().skip(line as usize) {
        let body = src.trim_start_matches(' ');
        if is_blank(body) {
            continue;
        }
        let indent = src.len() - body.len();
        let key = body
            .strip_prefix("- ")
            .unwrap_or(body)
            .trim_start_matches(' ');
        let key_column = src.len() - key.len();
        if key_column != expected && is_key(key, field) {
            let how = if key_column < expected {
                "less"
            } else {
                "more"
            };
            return Some(Slip {
                line: i as u32 + 1,
                column: key_column as u32 + 1,
                message: format!(
                    "`{field}` is indented {how} than the keys it belongs with ({key_column} spaces, not {expected}), so it is not read as one of them; line it up with them"
                ),
            });
        }
        if indent < expected {
            return None;
        }
    }
    None
}

/// A key that the parser could not place because it is not lined up with the key
/// above it (indented more or less, under a key that holds a value, not a block).
pub(super) fn misaligned_key(text: &str, line: u32) -> Option<Slip> {
    let lines: Vec<&str> = text.lines().take(line as usize).collect();
    let (&here, before) = lines.split_last()?;
    let above = before
        .iter()
        .rev()
        .find(|l| !is_blank(l.trim_start_matches(' ')))?;
    // A list entry out of place is another slip: the parser's words stay.
    if here.trim_start_matches(' ').starts_with('-') {
        return None;
    }
    let (name, column) = key_at(here)?;
    let (above_name, above_column) = key_at(above)?;
    let opens_block = above.trim_end().ends_with(':');
    if column == above_column || opens_block {
        return None;
    }
    let how = if column > above_column {
        "more"
    } else {
        "less"
    };
    Some(Slip {
        line,
        column: column as u32 + 1,
        message: format!(
            "`{name}` is indented {how} than `{above_name}` above it ({column} spaces, not {above_column}); keys of one mapping line up: indent it like `{above_name}`"
        ),
    })
}

/// The key a line starts with (after its indentation and a `- `), and its column.
fn key_at(line: &str) -> Option<(&str, usize)> {
    let body = line.trim_start_matches(' ');
    let body = body
        .strip_prefix("- ")
        .unwrap_or(body)
        .trim_start_matches(' ');
    let column = line.len() - body.len();
    let (name, rest) = body.split_once(':')?;
    let plain = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    (plain && (rest.is_empty() || rest.starts_with(' '))).then_some((name, column))
}

fn is_key(body: &str, field: &str) -> bool {
    body.strip_prefix(field)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\r']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_brace_is_found_where_it_opens() {
        let text =
            "clusters:\n  - id: C1\n    review: { start: 2021, end: 2024\n    articles: [3]\n";
        let slip = unclosed_flow(text).expect("slip");
        assert_eq!((slip.line, slip.column), (3, 13));
        assert!(slip.message.contains("never closed; end it with `}`"));
    }

    #[test]
    fn closed_and_multi_line_brackets_and_plain_text_are_no_slip() {
        for text in [
            "a: { b: 1 }\nc: [1, 2]\n",
            "a: {\n  b: 1,\n  c: \"}\" }\nd: 2\n",
            "title: a [draft] {x\nnote: \"[\" # [\n",
            "note: |\n  [draft\n  {more\nnext: 1\n",
            "- >-\n  [a\nb: 2\n",
            "a: [1, # ]\n  2]\n",
        ] {
            assert_eq!(unclosed_flow(text), None, "{text}");
        }
        assert_eq!(unclosed_flow("a: [1, 2\n").map(|s| s.line), Some(1));
    }

    #[test]
    fn a_key_out_of_line_with_the_key_above_is_named() {
        let text = "a:\n  - id: C1\n    articles: [3]\n      review: x\n";
        let slip = misaligned_key(text, 4).expect("slip");
        assert_eq!((slip.line, slip.column), (4, 7));
        assert!(
            slip.message.contains("indented more than `articles`"),
            "{}",
            slip.message
        );
        let text = "a:\n  - number: 2\n    year: 2024\n   fixed: T2\n";
        let slip = misaligned_key(text, 4).expect("slip");
        assert!(
            slip.message.contains("(3 spaces, not 4)"),
            "{}",
            slip.message
        );
        // Under a key that opens a block, deeper is right.
        assert_eq!(misaligned_key("a:\n  b:\n    c: 1\n", 3), None);
    }

    #[test]
    fn a_key_indented_less_is_named_on_its_line() {
        let text = "clusters:\n  - id: C1\n    articles: [3]\n  review: x\nother: 1\n";
        let slip = misindented_key(text, "review", 3, 5).expect("slip");
        assert_eq!((slip.line, slip.column), (4, 3));
        assert!(slip.message.contains("indented less"), "{}", slip.message);
        // The next item's key at the right indentation is another mapping's.
        let text = "c:\n  - id: C1\n    a: 1\n  - id: C2\n    review: x\n";
        assert_eq!(misindented_key(text, "review", 3, 5), None);
    }
}
