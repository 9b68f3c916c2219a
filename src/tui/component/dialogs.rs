//! The dialogs that choose from a short list or show text: help, the status choice,
//! export, the amendment view, the recovery offer and the quit prompt; and saving,
//! which the quit prompt shares with the panes.

use std::path::{Path, PathBuf};

use super::super::app::{App, Mode, NoticeKind, Origin, Prompt, PromptKind};
use super::super::field::Field;
use super::super::keys::Context;
use super::super::msg::{Effect, Msg};
use super::super::view;
use super::{Outcome, apply, apply_as, choose, fields::path_error, notice, page, pan};
use crate::edit::{Edit, MeetingChange};
use crate::export::Format;
use crate::plan::{MeetingNumber, Plan, Status};

pub fn help(scroll: &mut u16, app: &App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Cancel | Msg::Help | Msg::Quit => Outcome::Close,
        _ => {
            // The overlay's inside: the screen but for its border and a margin.
            let rows = usize::from(app.size.1.saturating_sub(4)).max(1);
            let last = super::super::keys::help_lines().saturating_sub(rows);
            let offset = pan(usize::from(*scroll), msg, last, rows);
            *scroll = u16::try_from(offset).unwrap_or(u16::MAX);
            Outcome::Stay
        }
    }
}

/// The status of `meeting`, chosen from the list.
pub fn choice(meeting: MeetingNumber, selected: &mut usize, app: &mut App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Open => {
            let status = Status::ALL.get(*selected).copied().unwrap_or_default();
            let edit = Edit::EditMeeting {
                number: meeting,
                change: MeetingChange::Status(status),
            };
            apply(app, edit);
            Outcome::Close
        }
        Msg::Cancel => Outcome::Close,
        _ => {
            *selected = choose(*selected, msg, Status::ALL.len());
            Outcome::Stay
        }
    }
}

/// The export format, then its path.
pub fn export(selected: &mut usize, app: &App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Open => {
            let format = Format::ALL.get(*selected).copied().unwrap_or(Format::Md);
            let input = default_export_path(app, format);
            Outcome::Open(Mode::Prompt(Prompt {
                kind: PromptKind::ExportPath { format },
                error: path_error(&input),
                input: Field::prefilled(&input),
            }))
        }
        Msg::Cancel => Outcome::Close,
        _ => {
            *selected = choose(*selected, msg, Format::ALL.len());
            Outcome::Stay
        }
    }
}

/// The amendment since opening; `E` writes it to a file.
pub fn diff(lines: &[String], scroll: &mut usize, app: &App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Cancel | Msg::Diff => Outcome::Close,
        Msg::WriteAmendment => {
            let input = default_amendment_path(app);
            Outcome::Open(Mode::Prompt(Prompt {
                kind: PromptKind::AmendmentPath,
                error: path_error(&input),
                input: Field::prefilled(&input),
            }))
        }
        _ => {
            let last = view::diff_scroll_max(app.size, lines);
            *scroll = pan(*scroll, msg, last, page(app));
            Outcome::Stay
        }
    }
}

/// Unsaved edits of an earlier session were found at `path`: take them back or drop them.
pub fn restore(plan: &Plan, path: &Path, when: &str, app: &mut App, msg: &Msg) -> Outcome {
    let discard = vec![Effect::DiscardRecovery {
        path: path.to_owned(),
    }];
    match msg {
        Msg::Restore => {
            let edit = Edit::Replace(Box::new(plan.clone()));
            if apply_as(app, edit, "restoring the unsaved edits".into(), |_| None) {
                let key = |msg| super::super::keys::key_for(app, Context::Global, &msg);
                let text = format!(
                    "Restored the unsaved edits of {when}. Save ({}) to keep them; {} undoes.",
                    key(Msg::Save),
                    key(Msg::Undo)
                );
                notice(app, NoticeKind::Info, text);
            }
            Outcome::CloseAndRun(discard)
        }
        Msg::DiscardRecovery => {
            let text = "Dropped the unsaved edits of the earlier session.";
            notice(app, NoticeKind::Info, text);
            Outcome::CloseAndRun(discard)
        }
        Msg::Cancel => {
            let text = format!(
                "The unsaved edits stay in {} for the next start.",
                path.display()
            );
            notice(app, NoticeKind::Info, text);
            Outcome::Close
        }
        _ => Outcome::Stay,
    }
}

pub fn confirm_quit(app: &mut App, msg: &Msg) -> Outcome {
    match msg {
        Msg::SaveAndQuit => {
            app.quit_after_save = true;
            save(app)
        }
        Msg::Discard => Outcome::CloseAndRun(vec![Effect::Quit]),
        Msg::Cancel => Outcome::Close,
        _ => Outcome::Stay,
    }
}

/// Saves in place, or asks for a path for the bundled plan (never overwritten).
pub fn save(app: &mut App) -> Outcome {
    match &app.origin {
        Origin::File(path) => Outcome::CloseAndRun(vec![Effect::Save {
            path: path.clone(),
            in_place: true,
        }]),
        Origin::Bundled => {
            notice(
                app,
                NoticeKind::Info,
                "The bundled plan is never overwritten: give a path to save a copy.",
            );
            Outcome::Open(save_as_prompt())
        }
    }
}

/// An empty prompt for the path to save to.
pub fn save_as_prompt() -> Mode {
    save_as_prompt_at("")
}

/// The prompt for the path to save to, holding `path`.
pub fn save_as_prompt_at(path: &str) -> Mode {
    Mode::Prompt(Prompt {
        kind: PromptKind::SaveAs,
        input: Field::prefilled(path),
        error: path_error(path),
    })
}

/// `PLAN-amendment.md` beside the plan (in the working folder for the bundled plan).
fn default_amendment_path(app: &App) -> String {
    let plan = match &app.origin {
        Origin::File(p) => p.clone(),
        Origin::Bundled => PathBuf::from("firearms.yaml"),
    };
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    plan.with_file_name(format!("{stem}-amendment.md"))
        .display()
        .to_string()
}

/// `<plan>.<ext>` beside the plan (never the plan itself), or in the current folder.
fn default_export_path(app: &App, format: Format) -> String {
    let stem_path = match &app.origin {
        Origin::File(p) => p.clone(),
        Origin::Bundled => PathBuf::from("firearms.yaml"),
    };
    let mut path = stem_path.with_extension(format.extension());
    if path == stem_path {
        let stem = stem_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plan".into());
        path = stem_path.with_file_name(format!("{stem}-export.{}", format.extension()));
    }
    path.display().to_string()
}
