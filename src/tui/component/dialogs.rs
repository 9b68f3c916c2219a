//! The dialogs that choose from a short list or show text: help, the status choice,
//! export, the amendment view, the recovery offer, the "changed on disk" choice and the
//! quit prompt; and saving, which the quit prompt shares with the panes.

use std::path::PathBuf;

use super::super::app::{
    App, DiskChange, Mode, NoticeKind, Origin, Prompt, PromptKind, Recovered, Reloading,
    RestoreOffer, Restoring,
};
use super::super::field::Field;
use super::super::keys::Context;
use super::super::msg::{Effect, Failed, Msg, OnDisk, Reread};
use super::super::view;
use super::{Outcome, apply, apply_as, choose, notice, page, pan};
use crate::edit::{Edit, MeetingChange};
use crate::export::Format;
use crate::plan::{LoadError, MeetingNumber, Plan, Status};

pub fn help(scroll: &mut u16, app: &App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Cancel | Msg::Help | Msg::Quit => Outcome::Close,
        _ => {
            // The overlay's inside: the screen but for its border and a margin.
            let rows = usize::from(app.size.1.saturating_sub(4)).max(1);
            let last = view::help_rows(app).saturating_sub(rows);
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

/// Whether `mode` is a dialog whose list lines (or key lines) a click chooses.
pub fn has_list(mode: &Mode) -> bool {
    matches!(
        mode,
        Mode::Export { .. }
            | Mode::Choice { .. }
            | Mode::Picker(_)
            | Mode::ConfirmQuit
            | Mode::Restore(_)
            | Mode::ChangedOnDisk(_)
    )
}

/// A click on a line of the open dialog's list selects that line and chooses it, as
/// Enter would: the message to carry that out, or none for a click beside the list.
pub fn click_list(mode: &mut Mode, app: &App, column: u16, row: u16) -> Option<Msg> {
    let area = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
    // The recovery offer and the "changed on disk" dialog: a click on a key line is
    // that key.
    if matches!(mode, Mode::Restore(_) | Mode::ChangedOnDisk(_)) {
        return view::key_line_hit(mode, app, area, column, row);
    }
    let item = view::list_hit(mode, area, column, row)?;
    match mode {
        Mode::Export { selected } | Mode::Choice { selected, .. } => *selected = item,
        Mode::Picker(p) => p.selected = item,
        // The quit dialog's lines are keys: a click on one is that key.
        Mode::ConfirmQuit => return view::QUIT_CHOICES.get(item).map(|(msg, _)| msg.clone()),
        _ => return None,
    }
    Some(Msg::Open)
}

/// The export format, then its path.
pub fn export(selected: &mut usize, app: &App, msg: &Msg) -> Outcome {
    match msg {
        Msg::Open => {
            let format = Format::ALL.get(*selected).copied().unwrap_or(Format::Md);
            let input = default_export_path(app, format);
            Outcome::Open(Mode::Prompt(Prompt {
                kind: PromptKind::ExportPath { format },
                error: None,
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
                kind: PromptKind::AmendmentPath {
                    lines: lines.to_vec(),
                    scroll: *scroll,
                },
                error: None,
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
        let difference = difference(&app.plan, &restored);
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
    match merge_onto(base, &app.plan, &recovered.plan) {
        Ok((plan, conflicts)) => {
            let how = Restoring::Merged {
                changed_on_disk: !recovered.base_is_current,
                conflicts,
            };
            (plan, how)
        }
        Err(why) => (recovered.plan.clone(), Restoring::Replacing { why }),
    }
}

/// The one merge of edits onto a plan that changed since they began, for the recovery
/// offer and for reloading a plan changed on disk: `edits`, made from `base`, merged
/// onto `onto`; where both changed one thing, `onto`'s value stays, and each such
/// conflict is put in one line. `Err` says why they cannot be merged.
fn merge_onto(base: &Plan, onto: &Plan, edits: &Plan) -> Result<(Plan, Vec<String>), String> {
    match crate::merge::merge(base, onto, edits) {
        Ok(merged) => {
            let conflicts = merged.conflicts.iter().map(|c| c.headline()).collect();
            Ok((merged.plan, conflicts))
        }
        Err(e) => Err(format!("the edits cannot be merged onto it ({e})")),
    }
}

/// What `to` changes from `from`, in the words of `workplan diff` and the amendment view.
fn difference(from: &Plan, to: &Plan) -> Vec<String> {
    crate::diff::diff(from, to)
        .render_text()
        .lines()
        .map(String::from)
        .collect()
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

/// A save found the plan's file changed on disk since it was read: the loop reads it
/// again, for the dialog to show what differs and offer the choices.
pub fn changed_on_disk(path: PathBuf) -> Vec<Effect> {
    vec![Effect::ReadAgain {
        path,
        then: Reread::Offer,
    }]
}

/// The plan's file as the loop read it again: the "changed on disk" dialog opens on it
/// (or shows it anew), or, for `r`, it is reloaded with the edits merged onto it.
pub fn read_again(
    app: &mut App,
    path: PathBuf,
    then: Reread,
    read: Result<Box<OnDisk>, Failed<LoadError>>,
) {
    let change = disk_change(app, path, read);
    if then == Reread::Reload && reload(app, &change) {
        app.mode = Mode::Normal;
    } else {
        app.mode = Mode::ChangedOnDisk(Box::new(change));
    }
}

/// The file as read again, and this session's edits merged onto it: base, the text the
/// session opened or last saved; where both changed one thing, the file's value stays.
fn disk_change(
    app: &App,
    path: PathBuf,
    read: Result<Box<OnDisk>, Failed<LoadError>>,
) -> DiskChange {
    let now = match read {
        Ok(disk) => {
            let base = app
                .original_text
                .as_deref()
                .map(|t| crate::plan::load::parse_with(t, app.limits));
            let merged = match base {
                Some(Ok(base)) => merge_onto(&base.plan, &disk.plan, &app.plan),
                _ => Err("the version the edits started from is not known".into()),
            };
            Ok(Reloading {
                difference: difference(&disk.plan, &app.plan),
                disk: *disk,
                merged,
            })
        }
        Err(e) => Err(e.0.to_string()),
    };
    DiskChange { path, now }
}

/// Makes the file as it is now, with the edits merged onto it, the plan (one undoable
/// edit); its text and fingerprint become what the next save edits and checks, so
/// `Ctrl+S` saves in place over the new version. Says why not, if it cannot.
fn reload(app: &mut App, change: &DiskChange) -> bool {
    let merged = match &change.now {
        Ok(reloading) => reloading.merged.as_ref().map(|m| (reloading, m)),
        Err(why) => Err(why),
    };
    let (reloading, (plan, conflicts)) = match merged {
        Ok(m) => m,
        Err(why) => {
            let text = format!("Not reloaded: {why}. Overwrite the file or save elsewhere.");
            notice(app, NoticeKind::Error, text);
            return false;
        }
    };
    let label = format!("reloading {}", change.path.display());
    if !apply_as(app, Edit::Replace(Box::new(plan.clone())), label, |_| None) {
        return false;
    }
    let disk = &reloading.disk;
    app.original_text = Some(disk.text.clone());
    app.fingerprint = disk.fingerprint.clone();
    // The amendment counts from the version on disk: the other program's changes are
    // not this session's.
    app.opened = disk.plan.clone();
    if app.plan == disk.plan {
        app.history.mark_saved();
    } else {
        app.history.forget_saved();
    }
    let text = reloaded(app, &change.path, conflicts);
    notice(app, NoticeKind::Info, text);
    true
}

/// What the planner says once the file is reloaded: the conflicts, one by one.
fn reloaded(app: &App, path: &std::path::Path, conflicts: &[String]) -> String {
    let kept = match conflicts.len() {
        0 => String::new(),
        n => format!(
            " Where both changed the same thing ({n}), the file's value stayed: {}.",
            conflicts.join("; ")
        ),
    };
    let key = |msg| super::super::keys::key_for(app, Context::Global, &msg);
    format!(
        "Reloaded {} as it is on disk now, this session's edits merged onto it.{kept} Save ({}) to write them; {} undoes.",
        path.display(),
        key(Msg::Save),
        key(Msg::Undo)
    )
}

/// The plan's file changed on disk since it was read: reload it (the edits merged onto
/// it), write over it on purpose, save elsewhere, or go back with nothing written.
pub fn on_disk(change: &DiskChange, app: &mut App, msg: &Msg) -> Outcome {
    let path = change.path.clone();
    match msg {
        Msg::Reload => Outcome::Run(vec![Effect::ReadAgain {
            path,
            then: Reread::Reload,
        }]),
        Msg::Overwrite => Outcome::CloseAndRun(vec![Effect::Overwrite { path }]),
        Msg::SaveAs => Outcome::Open(save_as_prompt_at(&path.display().to_string())),
        Msg::Cancel => {
            let text = format!(
                "Nothing written: {} stays as the other program left it, and the edits stay here.",
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
        error: None,
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
