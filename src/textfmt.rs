//! Pieces of text that several documents share: a Markdown table cell that plan text
//! cannot break, and a meeting's dates in words. A leaf: `diff`, `export`, `merge` and
//! the commands use it, and it uses nothing of the crate, so that neither document
//! module has to import the other for them.

use chrono::{Datelike, NaiveDate};

/// A Markdown table cell: pipes escaped, line breaks as `<br>`, so a title cannot break
/// the table on GitHub or in pandoc; `<` and `&` as entities, so it cannot open raw HTML;
/// emphasis, code, links, strikethrough (`~`) and GitHub's maths (`$`) escaped, so
/// plan text reads as written; and no autolink (below). Every piece of plan text in
/// Markdown goes through it.
///
/// GitHub's autolinks make a link of `https://…` (also `http`, `ftp`), `www.…` and an
/// e-mail address in plain text. A backslash before the `:` of `://` and before the `.`
/// of `www.` stops the first two, and renders as the character alone. An e-mail address
/// is matched after escapes are resolved (`a\@b.example` is still a link), so an empty
/// HTML comment goes between its local part and the `@`: GitHub drops it, and the text
/// reads as written.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    // The three characters before `c`, for the autolinks that look back.
    let mut before = ['\0'; 3];
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            '.' if before.iter().all(|b| b.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            // Between the characters of an e-mail address's local part and its domain, as
            // GitHub reads them.
            '@' if is_address_char(before[2])
                && chars.peek().is_some_and(|&n| is_address_char(n)) =>
            {
                out.push_str("<!-- -->@");
            }
            c => out.push(c),
        }
        before = [before[1], before[2], c];
    }
    out
}

/// A character of an e-mail address around its `@`, as GitHub's autolink reads it.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_')
}

/// "3 May 2023", "3 and 4 May 2023", "8 to 10 May 2017", "30 April to 2 May 2023",
/// "30 December 2023 to 2 January 2024": dates as UN documents write them (two days
/// joined by "and", a longer span by "to"), or the year alone when no dates are set.
/// Every text for people (text, Markdown, HTML, Word, the amendment, merge conflicts)
/// reads this one label; JSON keeps the ISO dates.
pub fn dates_label(year: i32, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    let day = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    match (start, end) {
        (Some(s), Some(e)) if s == e => day(s),
        (Some(s), Some(e)) => {
            let first = if s.year() != e.year() {
                day(s)
            } else if s.month() != e.month() {
                s.format("%-d %B").to_string()
            } else {
                s.day().to_string()
            };
            let joint = if s.succ_opt() == Some(e) { "and" } else { "to" };
            format!("{first} {joint} {}", day(e))
        }
        (Some(s), None) => format!("from {}", day(s)),
        (None, _) => format!("{year}, no dates set"),
    }
}

/// `s` with its first letter in capitals ("tenth" -> "Tenth"), for a phrase that starts
/// a sentence or a heading; the rest is kept as written.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod capital_tests {
    use super::capitalized;

    #[test]
    fn only_the_first_letter_is_raised() {
        assert_eq!(capitalized("tenth meeting"), "Tenth meeting");
        assert_eq!(capitalized("éléments iPhone"), "Éléments iPhone");
        assert_eq!(capitalized("Already"), "Already");
        assert_eq!(capitalized(""), "");
    }
}
