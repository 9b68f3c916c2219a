//! A one-line text field: the editing itself is `tui-input`'s (cursor, words, kill to
//! start or end); this adds what the planner needs on top: typed and pasted text goes
//! through [`crate::text::one_line_input`], and a pre-filled value starts selected, so
//! the first character typed replaces it instead of appending to it.

use ratatui::buffer::CellWidth as _;
use tui_input::{Input, InputRequest};
use unicode_segmentation::UnicodeSegmentation as _;

/// Columns `text` takes as ratatui draws it: grapheme by grapheme, so an emoji built
/// with zero-width joiners (👨‍👩‍👧) or a variation selector (❤️) counts once, as
/// the buffer will place it.
pub fn width(text: &str) -> usize {
    // Measured as drawn: control characters written out (a raw one has no width).
    let text = crate::text::visible_line(text);
    text.graphemes(true)
        .map(|g| usize::from(g.cell_width()))
        .sum()
}

/// One editing step in a text field, independent of the key that asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEdit {
    CharLeft,
    CharRight,
    WordLeft,
    WordRight,
    Start,
    End,
    /// Delete the character under the cursor.
    DeleteNext,
    DeletePrevWord,
    DeleteToStart,
    DeleteToEnd,
}

#[derive(Clone, Debug, Default)]
pub struct Field {
    input: Input,
    /// The whole value is selected: typing, pasting or deleting replaces it.
    selected: bool,
}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
            && self.cursor() == other.cursor()
            && self.selected == other.selected
    }
}

impl Eq for Field {}

impl From<&str> for Field {
    /// A field holding `text` with the cursor at its end, nothing selected.
    fn from(text: &str) -> Self {
        Field {
            input: Input::new(crate::text::one_line_input(text).into_owned()),
            selected: false,
        }
    }
}

impl Field {
    /// A field showing the current value, selected so that typing replaces it.
    pub fn prefilled(text: &str) -> Self {
        let mut f = Field::from(text);
        f.selected = !f.value().is_empty();
        f
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Characters (code points) before the cursor.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Drops a selected value before new text replaces it.
    fn take_selection(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.input.reset();
        }
    }

    /// A typed character: a tab is a space, other control characters are not text.
    pub fn type_char(&mut self, c: char) {
        let c = match c {
            '\t' => ' ',
            c if crate::text::is_control(c) => return,
            c => c,
        };
        self.take_selection();
        self.input.handle(InputRequest::InsertChar(c));
    }

    /// Pasted text, one line, inserted at the cursor in one step.
    pub fn paste(&mut self, text: &str) {
        self.take_selection();
        let text = crate::text::one_line_input(text);
        let value = self.value();
        let at = value
            .char_indices()
            .nth(self.cursor())
            .map_or(value.len(), |(i, _)| i);
        let joined = format!("{}{text}{}", &value[..at], &value[at..]);
        let cursor = self.cursor() + text.chars().count();
        self.input = Input::new(joined).with_cursor(cursor);
    }

    pub fn backspace(&mut self) {
        if self.selected {
            self.take_selection();
        } else {
            self.input.handle(InputRequest::DeletePrevChar);
        }
    }

    pub fn edit(&mut self, edit: TextEdit) {
        use InputRequest as R;
        let deletes = matches!(
            edit,
            TextEdit::DeleteNext
                | TextEdit::DeletePrevWord
                | TextEdit::DeleteToStart
                | TextEdit::DeleteToEnd
        );
        if deletes && self.selected {
            // Any deletion of a selected value deletes all of it.
            self.take_selection();
            return;
        }
        // A movement ends the selection and starts editing the value in place.
        self.selected = false;
        let request = match edit {
            TextEdit::CharLeft => R::GoToPrevChar,
            TextEdit::CharRight => R::GoToNextChar,
            TextEdit::WordLeft => R::GoToPrevWord,
            TextEdit::WordRight => R::GoToNextWord,
            TextEdit::Start => R::GoToStart,
            TextEdit::End => R::GoToEnd,
            TextEdit::DeleteNext => R::DeleteNextChar,
            TextEdit::DeletePrevWord => R::DeletePrevWord,
            TextEdit::DeleteToStart => R::DeleteFromStart,
            TextEdit::DeleteToEnd => R::DeleteTillEnd,
        };
        self.input.handle(request);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_replaces_a_prefilled_value() {
        let mut f = Field::prefilled("2025-06-12");
        assert!(f.is_selected());
        for c in "2026-06-10".chars() {
            f.type_char(c);
        }
        assert_eq!(f.value(), "2026-06-10");
        assert!(!f.is_selected());
    }

    #[test]
    fn a_movement_keeps_a_prefilled_value_for_editing() {
        let mut f = Field::prefilled("2025-06-12");
        f.edit(TextEdit::End);
        f.type_char('3');
        assert_eq!(f.value(), "2025-06-123");
        let mut f = Field::prefilled("2025-06-12");
        f.edit(TextEdit::Start);
        f.type_char('x');
        assert_eq!(f.value(), "x2025-06-12");
    }

    #[test]
    fn deleting_a_selection_empties_the_field() {
        for edit in [TextEdit::DeleteNext, TextEdit::DeleteToEnd] {
            let mut f = Field::prefilled("Vienna");
            f.edit(edit);
            assert_eq!(f.value(), "");
        }
        let mut f = Field::prefilled("Vienna");
        f.backspace();
        assert_eq!(f.value(), "");
    }

    #[test]
    fn cursor_keys_and_kills_edit_in_place() {
        let mut f = Field::from("2025-06-12 2025-06-13");
        f.edit(TextEdit::WordLeft);
        assert_eq!(f.cursor(), 19);
        f.edit(TextEdit::Start);
        f.edit(TextEdit::CharRight);
        f.edit(TextEdit::DeleteNext);
        f.type_char('1');
        assert_eq!(f.value(), "2125-06-12 2025-06-13");
        f.edit(TextEdit::DeleteToStart);
        assert_eq!(f.value(), "25-06-12 2025-06-13");
        f.edit(TextEdit::End);
        f.edit(TextEdit::DeletePrevWord);
        assert_eq!(f.value(), "25-06-12 2025-06-");
        f.edit(TextEdit::Start);
        f.edit(TextEdit::WordRight);
        f.edit(TextEdit::DeleteToEnd);
        assert_eq!(f.value(), "25-");
    }

    #[test]
    fn pasted_and_typed_text_is_one_line_without_escapes() {
        let mut f = Field::from("a");
        f.edit(TextEdit::Start);
        f.paste("x\ny\u{1b}[2J");
        f.type_char('\u{7}');
        f.type_char('\t');
        assert!(!f.value().contains('\u{1b}') && !f.value().contains('\n'));
        assert!(f.value().ends_with(" a"), "{:?}", f.value());
    }
}
