//! One scroll type for every list and every scrolling overlay: a selection and the first
//! row shown, moved by [`Step`]s and clamped to the rows there are, so a list never shows
//! empty rows above its last one and the selection is always in view (after a resize
//! too).

use super::msg::Msg;

/// A move through a list, from the keys or the mouse wheel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Step {
    /// The step a navigation message asks for (the wheel steps one row).
    pub fn of(msg: &Msg) -> Option<Step> {
        Some(match msg {
            Msg::Up | Msg::ScrollUp => Step::Up,
            Msg::Down | Msg::ScrollDown => Step::Down,
            Msg::PageUp => Step::PageUp,
            Msg::PageDown => Step::PageDown,
            Msg::Home => Step::Home,
            Msg::End => Step::End,
            _ => return None,
        })
    }
}

/// The selected row of a list and the first row shown, for a list of `len` rows shown
/// `page` rows at a time (both passed in, so they are never stale).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    pub offset: usize,
    pub selected: usize,
}

impl Scroll {
    pub fn new(offset: usize, selected: usize) -> Self {
        Self { offset, selected }
    }

    /// Moves the selection; the view follows it.
    pub fn step(self, step: Step, len: usize, page: usize) -> Self {
        let last = len.saturating_sub(1);
        let page = page.max(1);
        let selected = match step {
            Step::Up => self.selected.saturating_sub(1),
            Step::Down => self.selected.saturating_add(1),
            Step::PageUp => self.selected.saturating_sub(page),
            Step::PageDown => self.selected.saturating_add(page),
            Step::Home => 0,
            Step::End => last,
        };
        Self {
            selected: selected.min(last),
            ..self
        }
        .clamp(len, page)
    }

    /// Moves the view alone, for text that is read rather than chosen from (help, the
    /// amendment): `last` is the furthest first line, where the text's end is at the
    /// bottom. The selection is the first line shown.
    pub fn pan(self, step: Step, last: usize, page: usize) -> Self {
        let page = page.max(1);
        let offset = match step {
            Step::Up => self.offset.saturating_sub(1),
            Step::Down => self.offset.saturating_add(1),
            Step::PageUp => self.offset.saturating_sub(page),
            Step::PageDown => self.offset.saturating_add(page),
            Step::Home => 0,
            Step::End => last,
        }
        .min(last);
        Self {
            offset,
            selected: offset,
        }
    }

    /// The selection inside the list, the selection in view, and no empty rows under the
    /// last one while the list could fill the page.
    pub fn clamp(self, len: usize, page: usize) -> Self {
        let page = page.max(1);
        let selected = self.selected.min(len.saturating_sub(1));
        let mut offset = self.offset.min(len.saturating_sub(page));
        if selected < offset {
            offset = selected;
        } else if selected >= offset + page {
            offset = selected + 1 - page;
        }
        Self { offset, selected }
    }
}

#[cfg(test)]
mod tests {
    use super::{Scroll, Step};

    #[test]
    fn steps_stay_in_the_list_and_keep_the_selection_in_view() {
        let s = Scroll::default().step(Step::End, 30, 10);
        assert_eq!(s, Scroll::new(20, 29));
        let s = s.step(Step::PageUp, 30, 10);
        assert_eq!(s, Scroll::new(19, 19));
        assert_eq!(s.step(Step::Home, 30, 10), Scroll::new(0, 0));
        assert_eq!(s.step(Step::PageDown, 30, 10).selected, 29);
        assert_eq!(Scroll::default().step(Step::Up, 0, 10), Scroll::default());
        assert_eq!(Scroll::default().step(Step::Down, 0, 10), Scroll::default());
    }

    #[test]
    fn a_taller_page_pulls_the_view_back_so_no_rows_are_empty() {
        let s = Scroll::new(20, 29).clamp(30, 50);
        assert_eq!(s, Scroll::new(0, 29));
        let s = Scroll::new(20, 29).clamp(30, 25);
        assert_eq!(s, Scroll::new(5, 29));
        // A shorter list (a filter) pulls the selection in.
        assert_eq!(Scroll::new(20, 29).clamp(3, 10), Scroll::new(0, 2));
    }

    #[test]
    fn panning_stops_at_the_last_first_line() {
        let s = Scroll::default().pan(Step::PageDown, 12, 10);
        assert_eq!(s.offset, 10);
        assert_eq!(s.pan(Step::PageDown, 12, 10).offset, 12);
        assert_eq!(s.pan(Step::End, 12, 10).offset, 12);
        assert_eq!(s.pan(Step::Up, 12, 10).offset, 9);
        assert_eq!(Scroll::default().pan(Step::Down, 0, 10).offset, 0);
    }
}
