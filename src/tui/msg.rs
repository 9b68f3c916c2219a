//! What the user (or the loop) asks for, and what the loop must do in return.

use std::path::PathBuf;
use std::sync::Arc;

pub use super::field::TextEdit;
use crate::export::{ExportError, Format};
use crate::plan::recovery::RecoveryError;
use crate::plan::save::{Fingerprint, OntoPlan, SaveError};
use crate::plan::{LoadError, Plan};
use crate::realign::Proposal;

/// An error the loop reports in a message, kept typed until `update` shows it; shared,
/// so messages stay cheap to clone and comparable (the same error is equal to itself).
#[derive(Debug)]
pub struct Failed<E>(pub Arc<E>);

impl<E> Clone for Failed<E> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<E> Failed<E> {
    pub fn new(error: E) -> Self {
        Self(Arc::new(error))
    }
}

impl<E> PartialEq for Failed<E> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<E> Eq for Failed<E> {}

impl<E> std::ops::Deref for Failed<E> {
    type Target = E;
    fn deref(&self) -> &E {
        &self.0
    }
}

/// Why an export or the amendment was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    /// The path names the plan itself.
    #[error(transparent)]
    OntoPlan(#[from] OntoPlan),
    #[error("Cannot export as {format}: {error}")]
    Render { format: Format, error: ExportError },
    #[error("Cannot write the amendment: {0}")]
    Amendment(String),
    #[error(transparent)]
    Write(#[from] SaveError),
}

/// One user intent. Keys and mouse events are turned into these before `update` sees
/// them, so every behaviour is testable without a terminal.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    NextPane,
    PrevPane,
    /// Enter in a dialog: confirm its choice (place, assign, accept, choose, apply).
    Open,
    /// Enter on a meeting: show its details.
    Details,
    /// Enter in the timeline: go to the meetings table.
    ToMeetings,
    /// Enter on a finding: go to its meeting.
    JumpToFinding,
    /// In the amendment view: write the amendment to a file.
    WriteAmendment,
    /// Esc: cancel the dialog or mode.
    Cancel,
    Help,
    Quit,
    Filter,
    /// Start moving the selected meeting's fixed topic.
    MoveFixed,
    /// In the conflict dialog: trade the two topics.
    Swap,
    /// In the conflict dialog: take the slot and push later topics on.
    Shift,
    Postpone,
    PickFlexible,
    ClearFlexible,
    AddFlexible,
    EditMeeting,
    EditDates,
    EditVenue,
    EditStatus,
    EditNote,
    AddMeeting,
    RemoveMeeting,
    /// Move the selected cluster's whole review window a year earlier/later.
    WindowEarlier,
    WindowLater,
    /// Move only the end of the selected cluster's review window.
    WindowEndEarlier,
    WindowEndLater,
    Undo,
    Redo,
    Save,
    SaveAs,
    /// Quit dialog: save first, or leave without saving.
    SaveAndQuit,
    Discard,
    /// Open the export dialog (format, then path).
    Export,
    /// Show the amendment since the plan was opened.
    Diff,
    /// Preview the optimal realignment; Enter applies it as one undoable edit.
    Realign,
    /// In the realignment preview: let topics change their order (or not).
    ToggleReorder,
    /// In the realignment preview: allow a second meeting in a year, or not.
    ToggleSecondMeeting,
    /// A character typed into a text field.
    Input(char),
    /// Text pasted into a text field, taken in one step (bracketed paste).
    Paste(String),
    Backspace,
    /// Cursor movement or deletion in a text field.
    Edit(TextEdit),
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
    /// The loop reports the outcome of an [`Effect::Save`].
    Saved {
        path: PathBuf,
        /// What is now on disk: the next save edits this text.
        text: String,
        comments_kept: bool,
        /// The file as written, to notice later changes by someone else.
        fingerprint: Option<Fingerprint>,
        /// Written over a version another program saved, on purpose ([`Effect::Overwrite`]).
        overwrote: bool,
    },
    SaveFailed(Failed<SaveError>),
    /// The loop reports the outcome of an [`Effect::Export`].
    Exported {
        path: PathBuf,
        /// Parts the format could not carry, one line each.
        skipped: Vec<String>,
    },
    ExportFailed(Failed<ExportFailure>),
    /// In the restore dialog: take the recovered edits back, or drop them.
    Restore,
    DiscardRecovery,
    /// Discarding the recovery file failed; the error says what and what to do.
    IoFailed(Failed<RecoveryError>),
    /// In the "changed on disk" dialog: merge this session's edits onto the file as it
    /// is now, or write over it.
    Reload,
    Overwrite,
    /// The loop reports the plan's file read again for an [`Effect::ReadAgain`].
    ReadAgain {
        path: PathBuf,
        then: Reread,
        read: Result<Box<OnDisk>, Failed<LoadError>>,
    },
    /// The loop reports the outcome of an [`Effect::Realign`].
    Realigned(Box<Realigned>),
}

/// Why the plan's file is read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reread {
    /// A save found it changed: to show the difference and offer the choices.
    Offer,
    /// `r` in that dialog: to merge the edits onto it as it is now.
    Reload,
}

/// The plan's file as read again, through the reader that opened it (`exit::open`).
#[derive(Clone, Debug, PartialEq)]
pub struct OnDisk {
    pub text: String,
    pub plan: Plan,
    pub fingerprint: Option<Fingerprint>,
}

/// What the realignment solver found, for the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct Realigned {
    pub allow_reorder: bool,
    pub allow_second: bool,
    /// The proposal, with why it is only the least misaligned where no aligned plan
    /// exists; or why there is none.
    pub proposal: Result<(Box<Proposal>, Option<String>), String>,
    /// The cost of each way of realigning, side by side.
    pub alternatives: Vec<(&'static str, String)>,
}

/// Work only the loop can do: it touches files or ends the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Save {
        path: PathBuf,
        in_place: bool,
    },
    Export {
        format: Format,
        path: PathBuf,
    },
    /// Write the amendment since the plan was opened (`d`), in the form its extension
    /// asks for.
    ExportAmendment {
        path: PathBuf,
    },
    /// Run the realignment solver (long work, on a thread of its own) and report
    /// [`Msg::Realigned`].
    Realign {
        allow_reorder: bool,
        allow_second: bool,
    },
    /// Stop the solver started by the last [`Effect::Realign`]; drop its answer.
    CancelRealign,
    /// Save over the plan's file although it changed on disk since it was read: the
    /// user chose to, in the "changed on disk" dialog.
    Overwrite {
        path: PathBuf,
    },
    /// Read the plan's file again and report [`Msg::ReadAgain`].
    ReadAgain {
        path: PathBuf,
        then: Reread,
    },
    /// Delete the recovery file (its edits were restored or dropped).
    DiscardRecovery {
        path: PathBuf,
    },
    Quit,
}
