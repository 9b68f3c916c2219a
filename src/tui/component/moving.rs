//! Moving a fixed topic: choosing its target meeting, then swap or shift when the
//! target already has one.

use super::super::app::{App, Mode, NoticeKind, Pane};
use super::super::msg::Msg;
use super::super::scroll::Step;
use super::{Outcome, apply, move_selection, notice, refusal};
use crate::edit::{Conflict, Edit, EditError};
use crate::plan::{MeetingNumber, TopicId};

/// Choosing the meeting `topic` goes to (it is at `from`).
pub fn moving(topic: &TopicId, from: Option<MeetingNumber>, app: &mut App, msg: Msg) -> Outcome {
    if Step::of(&msg).is_some() {
        move_selection(app, &msg);
        return Outcome::Stay;
    }
    match msg {
        // A click picks the target row (or timeline year); Enter still confirms.
        Msg::Click { column, row } => {
            super::click(app, column, row);
            app.focus = Pane::Meetings;
            Outcome::Stay
        }
        Msg::Cancel => {
            stays(app, topic);
            Outcome::Close
        }
        Msg::Open => choose_target(topic, from, app),
        _ => Outcome::Stay,
    }
}

fn stays(app: &mut App, topic: &TopicId) {
    notice(
        app,
        NoticeKind::Info,
        format!("{topic} stays where it was."),
    );
}

fn choose_target(topic: &TopicId, from: Option<MeetingNumber>, app: &mut App) -> Outcome {
    let Some(target) = app.selected_meeting() else {
        return Outcome::Close;
    };
    let to = target.number;
    if Some(to) == from {
        stays(app, topic);
        return Outcome::Close;
    }
    if target.status.is_history() {
        let e = EditError::History {
            number: to,
            status: target.status,
        };
        notice(
            app,
            NoticeKind::Error,
            refusal(&e) + " Choose another meeting.",
        );
        return Outcome::Stay;
    }
    if let Some(other) = target.fixed.clone() {
        return Outcome::Open(Mode::Conflict {
            topic: topic.clone(),
            to,
            other,
        });
    }
    let edit = Edit::MoveFixed {
        topic: topic.clone(),
        to,
        conflict: Conflict::Swap,
    };
    apply(app, edit);
    Outcome::Close
}

/// The target meeting `to` already has a fixed topic: trade them, or shift the rest on.
pub fn conflict(topic: &TopicId, to: MeetingNumber, app: &mut App, msg: &Msg) -> Outcome {
    let conflict = match msg {
        Msg::Swap => Conflict::Swap,
        Msg::Shift => Conflict::Shift,
        Msg::Cancel => return Outcome::Close,
        _ => return Outcome::Stay,
    };
    let edit = Edit::MoveFixed {
        topic: topic.clone(),
        to,
        conflict,
    };
    apply(app, edit);
    Outcome::Close
}
