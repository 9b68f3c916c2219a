//! The dialogs that choose from a short list or show text: help, the status choice,
//! export, the amendment view, the recovery offer and the quit prompt; and saving,
//! which the quit prompt shares with the panes.

use std::path::PathBuf;

use super::super::app::{
    App, Mode, NoticeKind, Origin, Prompt, PromptKind, Recovered, RestoreOffer, Restoring,
};
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

/// The offer of the first of `queue` (newest first) whose edits would change the plan
/// as it is now or conflict with it, with the others to follow it; and the discarding
/// of the recovery files before it, whose edits the plan already holds.
pub fn offer(app: &App, queue: Vec<Recovered>) -> (Option<RestoreOffer>, Vec<Effect>) {
    let mut discard = Vec::new();
    let mut queue = queue.into_iter();
    while let Some(recovered) = queue.next() {
        let (restored, how) = restoring(app, &recovered);
        // Edits that lost a conflict change nothing, yet are the user's: offered still.
        let conflicted =
            matches!(&how, Restoring::Merged { conflicts, .. } if !conflicts.is_empty());
        if restored == app.plan && !conflicted {
            discard.push(Effect::DiscardRecovery {
                path: recovered.path,
            });
            continue;
        }
        let difference = crate::diff::diff(&app.plan, &restored)
            .render_text()
            .lines()
            .map(String::from)
            .collect();
        let offer = RestoreOffer {
            recovered,
            restored,
            how,
            difference,
            rest: queue.collect(),
        };
        return (Some(offer), discard);
    }
    (None, discard)
}

/// What restoring `recovered` onto the plan as it is now gives, and how. Newer content
/// is never replaced unasked: edits whose base is not the plan as it is now are merged
/// onto it (the plan's value kept where both changed one thing), and only edits that
/// cannot be merged replace it, which the dialog says before anything is done.
fn restoring(app: &App, recovered: &Recovered) -> (Plan, Restoring) {
    let Some(base) = &recovered.base else {
        let why = "the recovery file, written by an earlier workplan, does not record which version of the plan the edits started from";
        let how = Restoring::Replacing { why: why.into() };
        return (recovered.plan.clone(), how);
    };
    if recovered.base_is_current && !app.is_dirty() {
        return (recovered.plan.clone(), Restoring::AsKept);
    }
    match crate::merge::merge(base, &app.plan, &recovered.plan) {
        Ok(merged) => {
            let how = Restoring::Merged {
                changed_on_disk: !recovered.base_is_current,
                conflicts: merged.conflicts.iter().map(|c| c.headline()).collect(),
            };
            (merged.plan, how)
        }
        Err(e) => {
            let why = format!("the edits cannot be merged onto it ({e})");
            (recovered.plan.clone(), Restoring::Replacing { why })
        }
    }
}

/// Unsaved edits of an earlier session: take them back, drop them or leave them for the
/// next start; then the next set, if another session left one.
pub fn restore(offer: &mut RestoreOffer, app: &mut App, msg: &Msg) -> Outcome {
    let recovered = &offer.recovered;
    let discard = Effect::DiscardRecovery {
        path: recovered.path.clone(),
    };
    let effects = match msg {
        Msg::Restore => {
            let edit = Edit::Replace(Box::new(offer.restored.clone()));
            if !apply_as(app, edit, "restoring the unsaved edits".into(), |_| None) {
                // Not restored: the file stays, and so does the offer.
                return Outcome::Stay;
            }
            notice(
                app,
                NoticeKind::Info,
                restored(app, &recovered.when(), &offer.how),
            );
            vec![discard]
        }
        Msg::DiscardRecovery => {
            let text = format!("Dropped the unsaved edits of {}.", recovered.when());
            notice(app, NoticeKind::Info, text);
            vec![discard]
        }
        Msg::Cancel => {
            let text = format!(
                "The unsaved edits stay in {} for the next start.",
                recovered.path.display()
            );
            notice(app, NoticeKind::Info, text);
            Vec::new()
        }
        _ => return Outcome::Stay,
    };
    let (next, skipped) = self::offer(app, std::mem::take(&mut offer.rest));
    let effects = [effects, skipped].concat();
    match next {
        Some(next) => {
            *offer = next;
            Outcome::Run(effects)
        }
        None => Outcome::CloseAndRun(effects),
    }
}

/// What the planner says once the edits are back.
fn restored(app: &App, when: &str, how: &Restoring) -> String {
    let what = match how {
        Restoring::AsKept => format!("Restored the unsaved edits of {when}."),
        Restoring::Merged {
            changed_on_disk,
            conflicts,
        } => {
            let onto = match changed_on_disk {
                true => "the plan as it is on disk now",
                false => "the edits restored before them",
            };
            let kept = match conflicts.len() {
                0 => String::new(),
                n => format!("; where both changed the same thing ({n}), the plan's value stayed"),
            };
            format!("Restored the unsaved edits of {when}, merged onto {onto}{kept}.")
        }
        Restoring::Replacing { .. } => {
            format!("Restored the unsaved edits of {when} in place of the plan as it was.")
        }
    };
    // The keys of the user's key map, which may not be the defaults.
    let key = |msg| super::super::keys::key_for(app, Context::Global, &msg);
    format!(
        "{what} Save ({}) to keep them; {} undoes.",
        key(Msg::Save),
        key(Msg::Undo)
    )
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
