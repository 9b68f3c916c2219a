//! Text bound for a terminal. A plan is data from anyone: a title holding `ESC ] 0 ; …
//! BEL` would retitle the window, `ESC [ 2 J` would clear the screen, and a C1 control
//! (U+0080 to U+009F) acts as an escape on some terminals. Every text the CLI prints and
//! every cell the planner draws goes through [`visible`] or [`visible_line`], which show
//! such characters as `\u{1b}` instead of sending them. JSON, YAML and the file exports
//! do not: they keep the data exact (JSON escapes controls itself).

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character written out, except newline and tab: for text
/// of many lines (a report, a parse-error snippet).
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// `text` with every control character written out, newline and tab too: for one line
/// or one cell, whose layout a line break or a tab would break.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// Whether `c` is sent to the terminal as an escape rather than as itself: the C0
/// controls, DEL and the C1 controls (Unicode's category Cc).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_control(c) && !keep(c);
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Text pasted or typed into a one-line field: line breaks and tabs become spaces
/// (a pasted paragraph stays readable as one line) and other control characters are
/// dropped, so a field never holds what the terminal would act on.
pub fn one_line_input(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CRLF is one line break.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\t' => out.push(' '),
            c if is_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_written_out() {
        let cases = [
            // OSC: set the window title, ended by BEL.
            ("\u{1b}]0;owned\u{7}T1", "\\u{1b}]0;owned\\u{7}T1"),
            // CSI: clear the screen.
            ("a\u{1b}[2Jb", "a\\u{1b}[2Jb"),
            // C1 CSI and C1 OSC, and the last C1 control.
            ("\u{9b}2J\u{9d}0;x\u{9f}", "\\u{9b}2J\\u{9d}0;x\\u{9f}"),
            ("nul\0del\u{7f}bs\u{8}", "nul\\u{0}del\\u{7f}bs\\u{8}"),
            ("cr\rover", "cr\\rover"),
        ];
        for (raw, shown) in cases {
            assert_eq!(visible(raw), shown, "{raw:?}");
            assert_eq!(visible_line(raw), shown, "{raw:?}");
            assert!(!visible(raw).chars().any(is_control), "{raw:?}");
        }
    }

    #[test]
    fn newline_and_tab_stay_in_text_but_not_in_a_line() {
        assert_eq!(visible("a\n\tb"), "a\n\tb");
        assert_eq!(visible_line("a\n\tb"), "a\\n\\tb");
    }

    #[test]
    fn clean_text_is_borrowed_and_unchanged() {
        for s in ["", "Vienna", "Criminalización — “ñ” 👨‍👩‍👧 \u{a0}\u{200d}"] {
            assert!(matches!(visible(s), Cow::Borrowed(t) if t == s));
            assert!(matches!(visible_line(s), Cow::Borrowed(t) if t == s));
        }
    }

    #[test]
    fn pasted_input_is_one_line_without_controls() {
        assert_eq!(
            one_line_input("Vienna\r\nRoom M3\tB\u{1b}[2J\u{9b}"),
            "Vienna Room M3 B[2J"
        );
        assert_eq!(one_line_input("a\rb\nc"), "a b c");
    }
}
