//! `update`: the only place the state changes, and only a router. The loop's reports
//! (resize, saved, exported, the solver's result) are taken here; every other message
//! goes to the open component (`component::update`), and its [`Outcome`] says which
//! component is open next — the one place a component is taken out and put back.

use std::path::PathBuf;

use super::app::{App, Mode, NoticeKind, Origin};
use super::component::{self, Outcome, findings_page, notice, page};
use super::msg::{Effect, Msg};
use super::scroll::Scroll;
use crate::plan::save::SaveError;

pub use super::component::parse_dates;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let msg = match report(app, msg) {
        Ok(effects) => return effects,
        Err(msg) => msg,
    };
    if !super::view::fits(app.size) && !taken_when_too_small(&app.mode, &msg) {
        return Vec::new();
    }
    let mut mode = std::mem::replace(&mut app.mode, Mode::Normal);
    let effects = match component::update(&mut mode, app, msg) {
        Outcome::Stay => {
            app.mode = mode;
            Vec::new()
        }
        Outcome::Run(effects) => {
            app.mode = mode;
            effects
        }
        Outcome::Close => Vec::new(),
        Outcome::CloseAndRun(effects) => effects,
        Outcome::Open(next) => {
            app.mode = next;
            Vec::new()
        }
        Outcome::OpenAndRun(next, effects) => {
            app.mode = next;
            effects
        }
    };
    keep_visible(app);
    effects
}

/// Whether `msg` is taken while the screen is too small to show the planner: leaving
/// (and the quit choice, which the small screen draws) and closing a dialog. Anything
/// else would change the plan, or open a dialog, where nobody can see it.
fn taken_when_too_small(mode: &Mode, msg: &Msg) -> bool {
    match msg {
        Msg::Quit | Msg::Cancel => true,
        Msg::SaveAndQuit | Msg::Discard => matches!(mode, Mode::ConfirmQuit),
        _ => false,
    }
}

/// Takes the loop's reports; gives back any other message.
fn report(app: &mut App, msg: Msg) -> Result<Vec<Effect>, Msg> {
    match msg {
        Msg::Resize { width, height } => app.size = (width, height),
        Msg::Saved {
            path,
            text,
            comments_kept,
            fingerprint,
            overwrote,
        } => {
            app.fingerprint = fingerprint;
            return Ok(saved(app, path, text, comments_kept, overwrote));
        }
        Msg::ReadAgain { path, then, read } => component::read_again(app, path, then, read),
        Msg::IoFailed(error) => notice(app, NoticeKind::Error, format!("{}.", *error)),
        Msg::ExportFailed(error) => notice(app, NoticeKind::Error, format!("{}.", *error)),
        Msg::SaveFailed(error) => {
            app.quit_after_save = false;
            let message = format!("{}.", *error);
            match &*error {
                // The file changed on disk since it was opened: the loop reads it again,
                // and the dialog shows what differs and offers the choices.
                SaveError::ChangedOnDisk { path } => {
                    return Ok(component::changed_on_disk(path.clone()));
                }
                // Saving over a read-only plan is a choice made on purpose: the path,
                // already typed in, is saved over only after Enter.
                SaveError::ReadOnly { path } => {
                    app.mode = component::save_as_prompt_at(&path.display().to_string());
                    let text = format!(
                        "{} is read-only: Enter saves over it anyway, or give another path; Esc cancels.",
                        path.display()
                    );
                    notice(app, NoticeKind::Error, text);
                }
                _ => notice(app, NoticeKind::Error, message),
            }
        }
        Msg::Exported { path, skipped } => {
            let mut text = format!("Exported to {}.", path.display());
            if !skipped.is_empty() {
                text.push_str(&format!(" Left out: {}.", skipped.join("; ")));
            }
            notice(app, NoticeKind::Info, text);
        }
        Msg::Realigned(result) => {
            if let Some(preview) = component::realigned(app, *result) {
                app.mode = preview;
            }
        }
        // While the solver works, only cancelling it is taken.
        other if app.realigning.is_some() => return Ok(component::realign_busy(app, &other)),
        other => return Err(other),
    }
    keep_visible(app);
    Ok(Vec::new())
}

/// Clamps the table's and the findings pane's scroll to their rows and page (after a
/// resize, a filter, an edit): no empty rows above the last one, the selection in view.
fn keep_visible(app: &mut App) {
    let table = Scroll::new(app.table_offset, app.selected).clamp(app.rows.len(), page(app));
    (app.table_offset, app.selected) = (table.offset, table.selected);
    let findings = Scroll::new(app.finding_offset, app.finding)
        .clamp(app.derived.findings.len(), findings_page(app));
    (app.finding_offset, app.finding) = (findings.offset, findings.selected);
}

fn saved(
    app: &mut App,
    path: PathBuf,
    text: String,
    comments_kept: bool,
    overwrote: bool,
) -> Vec<Effect> {
    app.history.mark_saved();
    app.original_text = Some(text);
    let mut message = format!("Saved to {}.", path.display());
    if overwrote {
        message.push_str(
            " Written over the version another program saved there, on purpose: its changes are replaced.",
        );
    }
    if !comments_kept {
        message
            .push_str(" Written in canonical form: the file's comments and layout were not kept.");
    }
    app.origin = Origin::File(path);
    notice(app, NoticeKind::Info, message);
    if std::mem::take(&mut app.quit_after_save) {
        vec![Effect::Quit]
    } else {
        Vec::new()
    }
}
