//! Text bound for a terminal. A plan is data from anyone: a title holding `ESC ] 0 ; …
//! BEL` would retitle the window, `ESC [ 2 J` would clear the screen, and a C1 control
//! (U+0080 to U+009F) acts as an escape on some terminals. Invisible characters are the
//! other half: a right-to-left override (U+202E) shows "exe.png" as "gnp.exe", an
//! isolate (U+2066) or a zero-width space (U+200B) makes two different titles look the
//! same. Every text the CLI prints and every cell the planner draws goes through
//! [`visible`] or [`visible_line`], which show such characters as `\u{1b}`, `\u{202e}`
//! instead of sending them. JSON, YAML and the file exports do not: they keep the data
//! exact (JSON escapes controls itself).

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control and invisible character written out, except newline and
/// tab: for text of many lines (a report, a parse-error snippet).
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// `text` with every control and invisible character written out, newline and tab
/// too: for one line or one cell, whose layout a line break or a tab would break.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// Whether `c` is sent to the terminal as an escape rather than as itself: the C0
/// controls, DEL and the C1 controls (Unicode's category Cc).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Whether `c` shows nothing of itself yet changes what the text around it looks like,
/// or tells two texts that look the same apart: Unicode's format characters (category
/// Cf: the bidirectional embeddings, overrides, isolates and marks, the zero-width
/// space, joiners and word joiner, the byte order mark, the soft hyphen, the tag
/// characters U+E0000 to U+E007F) and the line and paragraph separators (Zl, Zp), at
/// which some terminals and editors break the line. The one definition of "invisible":
/// the terminal text here and the CSV export's formula guard both use it. Taken from
/// the Unicode Character Database (`unicode-general-category`), not from a list, so a
/// character a new Unicode version adds to these categories is covered with the crate.
///
/// Letters and marks that draw nothing (the Hangul fillers, the variation selectors)
/// are left alone: a variation selector picks how the character before it is drawn
/// (U+FE0F, the emoji form of ❤️), and neither moves or hides other text.
pub fn is_invisible(c: char) -> bool {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    // No ASCII character is in these categories: plain text costs no lookup.
    !c.is_ascii()
        && matches!(
            get_general_category(c),
            G::Format | G::LineSeparator | G::ParagraphSeparator
        )
}

/// Whether the joiner `c` (U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER) shapes
/// the text around it here, and is kept: between two visible characters outside ASCII,
/// as in an emoji sequence (👨‍👩‍👧, 🏳️‍🌈, after a skin tone or U+FE0F), in Persian (a
/// non-joiner inside a word) or in the Indic scripts (a joiner after a virama). Anywhere
/// else (at either end, beside a space, an ASCII letter or another invisible character)
/// it changes nothing a reader can see, and is written out like any invisible one.
fn joins(before: Option<char>, c: char, after: Option<char>) -> bool {
    let shaped = |n: Option<char>| {
        n.is_some_and(|n| !n.is_ascii() && !n.is_whitespace() && !is_control(n) && !is_invisible(n))
    };
    matches!(c, '\u{200C}' | '\u{200D}') && shaped(before) && shaped(after)
}

/// Each character of `text` with the one before and the one after it.
fn in_context(text: &str) -> impl Iterator<Item = (Option<char>, char, Option<char>)> + '_ {
    let mut before = None;
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let c = chars.next()?;
        let item = (before, c, chars.peek().copied());
        before = Some(c);
        Some(item)
    })
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let written_out = |(before, c, after): (Option<char>, char, Option<char>)| {
        let out = if is_control(c) {
            !keep(c)
        } else {
            is_invisible(c) && !joins(before, c, after)
        };
        (c, out)
    };
    if !in_context(text).map(written_out).any(|(_, out)| out) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (c, written) in in_context(text).map(written_out) {
        if !written {
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
        for s in [
            "",
            "Vienna",
            "Criminalización — “ñ” 👨‍👩‍👧 \u{a0}",
            // Right-to-left text is shown as it is: only the controls that override the
            // order are written out.
            "الأسلحة النارية",
        ] {
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

    #[test]
    fn bidirectional_controls_and_invisible_characters_are_written_out() {
        let cases = [
            // The right-to-left override that shows "exe.png" as "gnp.exe".
            ("\u{202e}gnp.exe", "\\u{202e}gnp.exe"),
            // Isolates, embeddings, the marks, the Arabic letter mark.
            (
                "a\u{2066}b\u{2067}c\u{2068}d\u{2069}e\u{202a}\u{202b}\u{202c}\u{202d}",
                "a\\u{2066}b\\u{2067}c\\u{2068}d\\u{2069}e\\u{202a}\\u{202b}\\u{202c}\\u{202d}",
            ),
            ("\u{200e}\u{200f}\u{61c}x", "\\u{200e}\\u{200f}\\u{61c}x"),
            // Zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator.
            (
                "T\u{200b}1 \u{2060}\u{feff}\u{ad}\u{180e}",
                "T\\u{200b}1 \\u{2060}\\u{feff}\\u{ad}\\u{180e}",
            ),
            // Tag characters (the CSV guard's U+E0020) and the language tag.
            (
                "\u{e0001}\u{e0020}x\u{e007f}",
                "\\u{e0001}\\u{e0020}x\\u{e007f}",
            ),
            // Line and paragraph separators.
            ("a\u{2028}b\u{2029}", "a\\u{2028}b\\u{2029}"),
        ];
        for (raw, shown) in cases {
            assert_eq!(visible(raw), shown, "{raw:?}");
            assert_eq!(visible_line(raw), shown, "{raw:?}");
            assert!(!visible(raw).chars().any(is_invisible), "{raw:?}");
        }
    }

    /// Unicode's Bidi_Control characters (UAX #9) are all invisible: none can reorder
    /// what a terminal shows.
    #[test]
    fn every_bidi_control_is_invisible() {
        let bidi = ['\u{61c}', '\u{200e}', '\u{200f}']
            .into_iter()
            .chain('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}');
        for c in bidi {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', ' ', '\u{a0}', 'é', 'ا', '❤', '\u{fe0f}', '\u{1f3fd}'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn joiners_are_kept_where_they_shape_the_text() {
        for s in [
            // Emoji sequences: family, rainbow flag (after U+FE0F), a skin tone.
            "👨\u{200d}👩\u{200d}👧",
            "🏳\u{fe0f}\u{200d}🌈",
            "👩🏽\u{200d}💻",
            "❤\u{fe0f}\u{200d}🔥",
            // Persian: a non-joiner inside a word ("mi-khaham").
            "می\u{200c}خواهم",
            // Devanagari: a joiner after a virama.
            "क्\u{200d}ष",
        ] {
            assert!(matches!(visible_line(s), Cow::Borrowed(_)), "{s:?}");
        }
        for (raw, shown) in [
            // Inside an ASCII word it only tells two ids apart that look the same.
            ("T\u{200d}1", "T\\u{200d}1"),
            ("pay\u{200c}pal", "pay\\u{200c}pal"),
            // At either end, beside a space, or beside another invisible character.
            ("\u{200d}👩", "\\u{200d}👩"),
            ("👩\u{200d}", "👩\\u{200d}"),
            ("👩 \u{200d}👩", "👩 \\u{200d}👩"),
            ("\u{a0}\u{200d}", "\u{a0}\\u{200d}"),
            ("👩\u{200d}\u{200d}👩", "👩\\u{200d}\\u{200d}👩"),
            ("👩\u{202e}\u{200d}👩", "👩\\u{202e}\\u{200d}👩"),
        ] {
            assert_eq!(visible_line(raw), shown, "{raw:?}");
        }
    }
}
