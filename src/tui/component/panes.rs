//! The panes under the dialogs: meetings, timeline, findings and details. Navigation,
//! the edits of the selected meeting or cluster, and the keys that open dialogs.

use super::super::app::{App, Mode, NoticeKind, Origin, Pane, Picker, Prompt, PromptKind, Region};
use super::super::field::Field;
use super::super::msg::{Effect, Msg};
use super::super::scroll::{Scroll, Step};
use super::super::view::{self, TimelineHit};
use super::{
    Outcome, apply, apply_saying, editable_selection, fields, findings_page, move_selection,
    notice, pan, realign,
};
use crate::diff::diff;
use crate::edit::{self, Edit};
use crate::plan::{MeetingNumber, ordinal};

pub fn update(app: &mut App, msg: Msg) -> Outcome {
    if let Some(step) = Step::of(&msg) {
        navigate(app, step, &msg);
        return Outcome::Stay;
    }
    match msg {
        Msg::Left | Msg::Right => move_selection(app, &msg),
        Msg::NextPane | Msg::PrevPane => {
            let all = Pane::ALL;
            let i = all.iter().position(|p| *p == app.focus).unwrap_or(0);
            let step = if msg == Msg::NextPane {
                1
            } else {
                all.len() - 1
            };
            app.focus = all[(i + step) % all.len()];
        }
        Msg::Details => app.focus = Pane::Details,
        Msg::ToMeetings => app.focus = Pane::Meetings,
        Msg::JumpToFinding => jump_to_finding(app),
        Msg::Cancel => {
            if app.filter.take().is_some() {
                app.refresh();
            }
            app.notice = None;
        }
        Msg::Click { column, row } => click(app, column, row),
        Msg::Undo | Msg::Redo => history(app, &msg),
        Msg::Postpone
        | Msg::ClearFlexible
        | Msg::AddMeeting
        | Msg::RemoveMeeting
        | Msg::WindowEarlier
        | Msg::WindowLater
        | Msg::WindowEndEarlier
        | Msg::WindowEndLater => edit_selection(app, &msg),
        _ => return open(app, msg),
    }
    Outcome::Stay
}

/// The keys that open a dialog or hand work to the loop.
fn open(app: &mut App, msg: Msg) -> Outcome {
    match msg {
        Msg::Help => Outcome::Open(Mode::Help { scroll: 0 }),
        Msg::Filter => Outcome::Open(Mode::Filter {
            input: Field::prefilled(app.filter.as_deref().unwrap_or_default()),
        }),
        Msg::Quit if app.is_dirty() => Outcome::Open(Mode::ConfirmQuit),
        Msg::Quit => Outcome::CloseAndRun(vec![Effect::Quit]),
        Msg::MoveFixed => move_fixed(app),
        Msg::PickFlexible => match editable_selection(app) {
            Some(meeting) => Outcome::Open(Mode::Picker(picker(app, meeting))),
            None => Outcome::Stay,
        },
        Msg::AddFlexible => Outcome::Open(Mode::Prompt(Prompt {
            kind: PromptKind::FlexibleTitle,
            input: Field::default(),
            error: None,
        })),
        Msg::EditMeeting => match editable_selection(app) {
            Some(meeting) => Outcome::Open(Mode::EditMenu { meeting }),
            None => Outcome::Stay,
        },
        Msg::Save => super::dialogs::save(app),
        Msg::SaveAs => {
            let input = match &app.origin {
                Origin::File(p) => p.display().to_string(),
                Origin::Bundled => String::new(),
            };
            Outcome::Open(Mode::Prompt(Prompt {
                kind: PromptKind::SaveAs,
                error: None,
                input: Field::prefilled(&input),
            }))
        }
        Msg::Export => Outcome::Open(Mode::Export { selected: 0 }),
        Msg::Diff => open_diff(app),
        Msg::Realign => realign::start(app, false, false),
        _ => Outcome::Stay,
    }
}

/// Up, Down, the page keys and the wheel, in the pane that has the focus.
fn navigate(app: &mut App, step: Step, msg: &Msg) {
    match app.focus {
        Pane::Timeline => {
            let len = app.plan.clusters.len();
            let page = len.clamp(1, view::MAX_CLUSTER_ROWS);
            app.cluster = Scroll::new(0, app.cluster).step(step, len, page).selected;
        }
        Pane::Findings => {
            let len = app.derived.findings.len();
            let s =
                Scroll::new(app.finding_offset, app.finding).step(step, len, findings_page(app));
            (app.finding_offset, app.finding) = (s.offset, s.selected);
        }
        Pane::Meetings => move_selection(app, msg),
        // The details of one meeting scroll: its questions, note and findings can be
        // longer than the pane, above all at 80x24.
        Pane::Details => {
            let (last, page) = view::details_extent(app);
            let offset = pan(app.details_offset(), msg, last, page);
            app.details_scroll = (app.selected_meeting().map(|m| m.number), offset);
        }
    }
}

fn move_fixed(app: &mut App) -> Outcome {
    let Some(m) = app.selected_meeting() else {
        return Outcome::Stay;
    };
    let (number, fixed) = (m.number, m.fixed.clone());
    if editable_selection(app).is_none() {
        return Outcome::Stay;
    }
    match fixed {
        Some(topic) => {
            app.notice = None;
            app.focus = Pane::Meetings;
            Outcome::Open(Mode::Moving {
                topic,
                from: Some(number),
            })
        }
        None => {
            let text = format!(
                "The {} meeting has no fixed topic to move.",
                ordinal(number)
            );
            notice(app, NoticeKind::Error, text);
            Outcome::Stay
        }
    }
}

/// The flexible-topic picker for `meeting`, on its current topic.
fn picker(app: &App, meeting: MeetingNumber) -> Picker {
    let mut p = Picker {
        meeting,
        query: Field::default(),
        matches: Vec::new(),
        selected: 0,
    };
    fields::rematch(app, &mut p);
    let current = app.plan.meeting(meeting).and_then(|m| m.flexible.clone());
    if let Some(pos) = p
        .matches
        .iter()
        .position(|&i| Some(&app.plan.flexible_topics[i].id) == current.as_ref())
    {
        p.selected = pos;
    }
    p
}

/// The edits that need no dialog: of the selected meeting, or the selected cluster.
fn edit_selection(app: &mut App, msg: &Msg) {
    let edit = match msg {
        Msg::AddMeeting => {
            match edit::next_meeting(&app.plan) {
                Some(m) => {
                    let number = m.number;
                    if apply(app, Edit::AddMeeting(m)) {
                        app.select_number(number);
                    }
                }
                None => notice(app, NoticeKind::Error, "No meeting number is left."),
            }
            return;
        }
        Msg::WindowEarlier | Msg::WindowLater | Msg::WindowEndEarlier | Msg::WindowEndLater => {
            let Some(c) = app.plan.clusters.get(app.cluster) else {
                notice(app, NoticeKind::Error, "The plan has no review cluster.");
                return;
            };
            let (start_by, end_by) = match msg {
                Msg::WindowEarlier => (-1, -1),
                Msg::WindowLater => (1, 1),
                Msg::WindowEndEarlier => (0, -1),
                _ => (0, 1),
            };
            let cluster = c.id.clone();
            Edit::ShiftWindow {
                cluster,
                start_by,
                end_by,
            }
        }
        _ => {
            let Some(number) = editable_selection(app) else {
                return;
            };
            match msg {
                Msg::Postpone => Edit::Postpone { from: number },
                Msg::RemoveMeeting => return remove_meeting(app, number),
                _ => Edit::AssignFlexible {
                    meeting: number,
                    topic: None,
                },
            }
        }
    };
    apply(app, edit);
}

/// Removes meeting `number`, saying so when its fixed topic is left on no meeting: a
/// topic dropped from the plan unseen is the surprise `D` must not spring.
fn remove_meeting(app: &mut App, number: MeetingNumber) {
    let held = app.plan.meeting(number).and_then(|m| m.fixed.clone());
    apply_saying(app, Edit::RemoveMeeting { number }, |app| {
        let topic = held.filter(|t| app.fixed_at(t).is_none())?;
        Some(format!("{topic} is now on no meeting."))
    });
}

fn history(app: &mut App, msg: &Msg) {
    let (done, verb, none) = if *msg == Msg::Undo {
        (
            app.history.undo(&mut app.plan),
            "Undone",
            "Nothing to undo.",
        )
    } else {
        (
            app.history.redo(&mut app.plan),
            "Redone",
            "Nothing to redo.",
        )
    };
    let Some(label) = done else {
        notice(app, NoticeKind::Info, none);
        return;
    };
    let moved = super::super::report::moved(&app.plan, app.history.changes());
    app.refresh();
    let text = super::super::report::history_result(
        verb,
        &label,
        app.derived.misaligned_delta(),
        moved.as_deref(),
    );
    let text = if verb == "Undone" {
        format!(
            "{text}.{}",
            super::super::keys::hint(app, &Msg::Redo, "redoes")
        )
    } else {
        format!("{text}.")
    };
    notice(app, NoticeKind::Info, text);
}

fn open_diff(app: &mut App) -> Outcome {
    let amendment = diff(&app.opened, &app.plan);
    if amendment.is_empty() {
        notice(
            app,
            NoticeKind::Info,
            "No changes since the plan was opened.",
        );
        return Outcome::Stay;
    }
    let lines = amendment.render_text().lines().map(String::from).collect();
    Outcome::Open(Mode::Diff { lines, scroll: 0 })
}

pub fn jump_to_finding(app: &mut App) {
    let Some(f) = app.listed_finding(app.finding) else {
        return;
    };
    let Some(n) = f.meeting else {
        notice(
            app,
            NoticeKind::Info,
            "This finding is about the plan, not one meeting.",
        );
        return;
    };
    if !app.select_number(n) && app.filter.take().is_some() {
        app.refresh();
        app.select_number(n);
    }
    app.focus = Pane::Meetings;
}

/// A click, hit-tested against the rectangles the last frame drew (none before the
/// first frame, or while the terminal is too small for the panes).
pub fn click(app: &mut App, column: u16, row: u16) {
    let Some(areas) = app.drawn else {
        return;
    };
    if areas.table.contains(column, row) {
        app.focus = Pane::Meetings;
        let first_row = areas.table.y + 2;
        if row >= first_row && row + 1 < areas.table.bottom() {
            let pos = app.table_offset + usize::from(row - first_row);
            if pos < app.rows.len() {
                app.selected = pos;
            }
        }
    } else if areas.findings.contains(column, row) {
        app.focus = Pane::Findings;
        let first_row = areas.findings.y + 1;
        if row >= first_row && row + 1 < areas.findings.bottom() {
            let pos = app.finding_offset + usize::from(row - first_row);
            if pos < app.derived.findings.len() {
                app.finding = pos;
                jump_to_finding(app);
            }
        }
    } else if areas.timeline.contains(column, row) {
        app.focus = Pane::Timeline;
        click_timeline(app, areas.timeline, column, row);
    } else if areas.details.contains(column, row) {
        app.focus = Pane::Details;
    }
}

fn click_timeline(app: &mut App, area: Region, column: u16, row: u16) {
    match view::timeline_hit(app, area.into(), column, row) {
        Some(TimelineHit::Cluster(c)) if c < app.plan.clusters.len() => app.cluster = c,
        Some(TimelineHit::Year(y)) => {
            let number = app
                .index()
                .in_year(y)
                .and_then(|v| v.first())
                .map(|&i| app.plan.meetings[i].number);
            if let Some(n) = number {
                app.select_number(n);
            }
        }
        _ => {}
    }
}
