//! The planner's components: the panes (meetings, timeline, findings, details) and each
//! dialog own their state (a [`Mode`] variant), their key context (`keys::contexts`) and
//! their update, which returns an [`Outcome`]: what happens next. Only the router
//! (`update::update`) takes the open component out of the app and puts back what the
//! outcome says, so no component can forget to keep itself open — the way helix's
//! compositor layers answer an event.

mod dialogs;
mod fields;
mod moving;
mod panes;
mod realign;

use super::app::{App, Mode, Notice, NoticeKind};
use super::msg::{Effect, Msg};
use super::scroll::{Scroll, Step};
use super::view;
use crate::edit::{Edit, EditError};
use crate::plan::MeetingNumber;

pub use dialogs::{
    changed_on_disk, offer as offer_recovered, read_again, save_as_prompt, save_as_prompt_at,
};
pub use fields::parse_dates;
pub use panes::click;
pub use realign::{
    REALIGNING, busy as realign_busy, received as realigned, run as run_realign,
    run_until as run_realign_until,
};

/// What a component's update asks for.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// It stays open, in its new state.
    Stay,
    /// It closes: back to the panes.
    Close,
    /// It gives way to another component.
    Open(Mode),
    /// It stays open, and the loop carries out the effects.
    Run(Vec<Effect>),
    /// It closes, and the loop carries out the effects.
    CloseAndRun(Vec<Effect>),
    /// It gives way to another component, and the loop carries out the effects.
    OpenAndRun(Mode, Vec<Effect>),
}

/// Routes `msg` to the component `mode`.
pub fn update(mode: &mut Mode, app: &mut App, msg: Msg) -> Outcome {
    let msg = match msg {
        Msg::Click { column, row } if dialogs::has_list(mode) => {
            match dialogs::click_list(mode, app, column, row) {
                Some(msg) => msg,
                None => return Outcome::Stay,
            }
        }
        other => other,
    };
    match mode {
        Mode::Normal => panes::update(app, msg),
        Mode::Help { scroll } => dialogs::help(scroll, app, &msg),
        Mode::Filter { input } => fields::filter(input, app, msg),
        Mode::Moving { topic, from } => moving::moving(topic, *from, app, msg),
        Mode::Conflict { topic, to, .. } => moving::conflict(topic, *to, app, &msg),
        Mode::Picker(p) => fields::picker(p, app, msg),
        Mode::Prompt(p) => fields::prompt(p, app, msg),
        Mode::EditMenu { meeting } => fields::edit_menu(*meeting, app, &msg),
        Mode::Choice { meeting, selected } => dialogs::choice(*meeting, selected, app, &msg),
        Mode::Export { selected } => dialogs::export(selected, app, &msg),
        Mode::Diff { lines, scroll } => dialogs::diff(lines, scroll, app, &msg),
        Mode::Realign(preview) => realign::preview(preview, app, &msg),
        Mode::Restore(offer) => dialogs::restore(offer, app, &msg),
        Mode::ChangedOnDisk(change) => dialogs::on_disk(change, app, &msg),
        Mode::ConfirmQuit => dialogs::confirm_quit(app, &msg),
    }
}

pub fn notice(app: &mut App, kind: NoticeKind, text: impl Into<String>) {
    app.notice = Some(Notice {
        kind,
        text: text.into(),
    });
}

/// Applies an edit through the history; says what happened either way.
fn apply(app: &mut App, edit: Edit) -> bool {
    apply_saying(app, edit, |_| None)
}

/// As [`apply`], with `also` adding a sentence about the plan after the edit.
fn apply_saying(app: &mut App, edit: Edit, also: impl FnOnce(&App) -> Option<String>) -> bool {
    let label = edit.describe();
    apply_as(app, edit, label, also)
}

/// As [`apply_saying`], with the words undo and redo will use for the edit.
fn apply_as(
    app: &mut App,
    edit: Edit,
    label: String,
    also: impl FnOnce(&App) -> Option<String>,
) -> bool {
    let before = app.derived.counts;
    let was = super::report::Before::of(&app.plan, &edit);
    // The message states the result; undo and redo name the edit by `label`.
    let said = super::report::result_of(&edit).unwrap_or_else(|| label.clone());
    // The index is up to date with the plan: every step is followed by `refresh`.
    let index = app.derived.index();
    match app
        .history
        .apply_indexed_as(&mut app.plan, index, &edit, label.clone())
    {
        Ok(()) => {
            let moved = super::report::moved(&app.plan, app.history.changes());
            app.refresh();
            let after = app.derived.counts;
            let delta = if after == before {
                String::new()
            } else {
                format!(" Now {after}.")
            };
            let text = sentence(&super::report::edit_result(
                &said,
                &was,
                &app.plan,
                app.derived.misaligned_delta(),
                moved.as_deref(),
            ));
            let also = also(app).map(|s| format!(" {s}")).unwrap_or_default();
            // An edit that misaligns a topic points at the repair, as well as at undo.
            let mut keys = vec![(Msg::Undo, "undoes")];
            if !app.derived.misaligned_delta().1.is_empty() {
                keys.push((Msg::Realign, "realigns"));
            }
            let hints = super::keys::hints_for(app, &keys);
            notice(
                app,
                NoticeKind::Info,
                format!("{text}.{delta}{also}{hints}"),
            );
            true
        }
        Err(e) => {
            notice(app, NoticeKind::Error, refusal(&e));
            false
        }
    }
}

fn refusal(e: &EditError) -> String {
    sentence(e) + "."
}

/// A message as the start of a sentence ("no aligned plan exists: ..." -> "No ...").
fn sentence(e: &impl std::fmt::Display) -> String {
    crate::textfmt::capitalized(&e.to_string())
}

/// The selected meeting's number, if edits may touch it; otherwise says why not.
fn editable_selection(app: &mut App) -> Option<MeetingNumber> {
    let m = app.selected_meeting()?;
    if m.status.is_history() {
        let e = EditError::History {
            number: m.number,
            status: m.status,
        };
        notice(app, NoticeKind::Error, refusal(&e));
        return None;
    }
    Some(m.number)
}

/// Rows of meetings the table shows.
pub fn page(app: &App) -> usize {
    view::table_rows(app).max(1)
}

/// Rows of findings the findings pane shows (its real height, not a constant).
pub fn findings_page(app: &App) -> usize {
    view::findings_rows(app).max(1)
}

/// The selection of a short list (no view to scroll) after a navigation message.
fn choose(selected: usize, msg: &Msg, len: usize) -> usize {
    match Step::of(msg) {
        Some(step) => Scroll::new(0, selected).step(step, len, len).selected,
        None => selected,
    }
}

/// The first line shown of a text that is read, after a navigation message.
fn pan(offset: usize, msg: &Msg, last: usize, page: usize) -> usize {
    match Step::of(msg) {
        Some(step) => Scroll::new(offset, offset).pan(step, last, page).offset,
        None => offset,
    }
}

/// Moves the table's selection (← and → step too, as in the timeline).
fn move_selection(app: &mut App, msg: &Msg) {
    let step = match msg {
        Msg::Left => Some(Step::Up),
        Msg::Right => Some(Step::Down),
        _ => Step::of(msg),
    };
    if let Some(step) = step {
        let s = Scroll::new(app.table_offset, app.selected).step(step, app.rows.len(), page(app));
        (app.table_offset, app.selected) = (s.offset, s.selected);
    }
}
