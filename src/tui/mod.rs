//! The interactive planner. The only module that touches ratatui or crossterm.
//!
//! Elm-style: [`app::App`] is the state, [`msg::Msg`] the user's intents,
//! [`update::update`] the only place the state changes, [`view`] a pure rendering of it,
//! and [`terminal`] the loop that feeds events in and carries effects out.

pub mod app;
pub mod component;
pub mod config;
pub mod field;
pub mod keymap;
pub mod keys;
pub mod listing;
pub mod msg;
pub mod report;
pub mod scroll;
pub mod show;
pub mod terminal;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use std::path::Path;

use std::time::{SystemTime, UNIX_EPOCH};

use crate::exit::{self, Error};
use crate::plan::recovery::{self, Recovery};
use crate::plan::save;
use crate::plan::{Limits, Plan, canonical, fsio, parse};
use app::{App, Mode, Notice, NoticeKind, Origin};
use msg::{ExportFailure, Msg};

/// The Firearms workplan, so `workplan` with no argument shows something real.
pub const BUNDLED: &str = include_str!("../../plans/firearms.yaml");

/// Writes the plan for an [`msg::Effect::Save`]; reports the outcome as a message.
pub trait Saver {
    fn save(&self, app: &App, path: &Path, in_place: bool) -> Msg;
}

/// Saves through the lossless writer (`plan::save`) and keeps unsaved edits in the
/// recovery file beside the plan.
pub struct FileSaver;

impl Saver for FileSaver {
    fn save(&self, app: &App, path: &Path, in_place: bool) -> Msg {
        // Ctrl+S over a read-only file is refused; the prompt it opens makes saving over
        // it a deliberate choice (a save to a path typed in, `in_place` false).
        if in_place && fsio::is_read_only(path) {
            let error = save::SaveError::ReadOnly {
                path: path.to_owned(),
            };
            return Msg::SaveFailed(msg::Failed::new(error));
        }
        let same_file = in_place || matches!(&app.origin, Origin::File(p) if p == path);
        // Another file is the user's explicit choice; the plan's own file must not have
        // been changed by someone else since it was read.
        let expected = if same_file {
            app.fingerprint.as_ref()
        } else {
            None
        };
        let original = app.original_text.as_deref();
        // A named pipe without a reader is refused: waiting would freeze the planner.
        let pipes = save::Pipes::RefuseWithoutReader;
        match save::save_with(path, original, expected, &app.plan, pipes) {
            Ok(outcome) => {
                // The edits are on disk now: a recovery file would only offer them again.
                for place in recovery::places(Some(path)) {
                    let _ = recovery::discard(&place);
                }
                Msg::Saved {
                    path: path.to_owned(),
                    text: outcome.text,
                    comments_kept: outcome.comments_kept,
                    fingerprint: Some(outcome.fingerprint),
                }
            }
            Err(e) => Msg::SaveFailed(msg::Failed::new(e)),
        }
    }
}

/// Writes unsaved edits to the recovery file of the plan they belong to (beside it, else
/// in the state folder); says where.
pub fn write_recovery(plan: &Plan, origin: &Origin) -> anyhow::Result<recovery::Kept> {
    let source = match origin {
        Origin::File(p) => Some(p.clone()),
        Origin::Bundled => None,
    };
    let saved_at_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let rec = Recovery {
        plan_text: canonical::to_yaml(plan)?,
        // Absolute, so the copy in the state folder names its plan whatever the folder
        // the next start is run from.
        source: source
            .as_deref()
            .map(|p| std::path::absolute(p).unwrap_or(p.to_owned())),
        saved_at_unix,
    };
    Ok(recovery::keep(source.as_deref(), &rec)?)
}

/// Offers the edits a stopped session left in a recovery file, if any: beside the plan
/// first, then in the state folder. Read under `limits`, like the plan.
fn offer_recovery(app: &mut App, plan_path: Option<&Path>, limits: Limits) {
    let state = recovery::places(plan_path);
    for (i, path) in state.into_iter().enumerate() {
        let rec = match recovery::read(&path, limits.max_file_bytes) {
            Ok(None) => continue,
            Ok(Some(rec)) => rec,
            Err(e) => {
                app.notice = Some(Notice {
                    kind: NoticeKind::Error,
                    text: format!("{e}."),
                });
                continue;
            }
        };
        // The state folder is shared by every plan: its file must name this one.
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or(p.to_owned());
        if i > 0 && rec.source.as_deref().map(absolute) != plan_path.map(absolute) {
            continue;
        }
        match parse(&rec.plan_text) {
            Ok(loaded) if loaded.plan == app.plan => {
                // Nothing in it that the file does not already say.
                let _ = recovery::discard(&path);
            }
            Ok(loaded) => {
                let when = chrono::DateTime::from_timestamp(rec.saved_at_unix, 0)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_else(|| "an earlier session".into());
                app.mode = Mode::Restore {
                    plan: Box::new(loaded.plan),
                    path,
                    when,
                };
                return;
            }
            Err(e) => {
                app.notice = Some(Notice {
                    kind: NoticeKind::Error,
                    text: format!(
                        "{}: the recovery file does not read as a plan ({e}); move it away or open it with workplan FILE.",
                        path.display()
                    ),
                })
            }
        }
    }
}

fn failed(e: impl Into<ExportFailure>) -> Msg {
    Msg::ExportFailed(msg::Failed::new(e.into()))
}

/// The guard the commands use too, against the plan's own file.
fn refuse_onto_plan(app: &App, path: &Path, written: save::Written) -> Result<(), save::OntoPlan> {
    match &app.origin {
        Origin::File(plan) => save::refuse_onto_plan(path, &[plan], written),
        Origin::Bundled => Ok(()),
    }
}

/// Carries out an [`msg::Effect::Export`]: the plan as it stands, with its live findings.
pub fn export(app: &App, format: crate::export::Format, path: &Path) -> Msg {
    if let Err(e) = refuse_onto_plan(app, path, save::Written::Export) {
        return failed(e);
    }
    let export = match crate::export::render(&app.plan, &app.derived.findings, format) {
        Ok(e) => e,
        Err(error) => return failed(ExportFailure::Render { format, error }),
    };
    let pipes = save::Pipes::RefuseWithoutReader;
    match save::write_file(path, export.bytes(), pipes) {
        Ok(()) => Msg::Exported {
            path: path.to_owned(),
            skipped: export.skipped,
        },
        Err(e) => failed(e),
    }
}

/// Carries out an [`msg::Effect::ExportAmendment`]: the amendment since the plan was
/// opened, as `workplan diff --format` would write it (the form from the extension).
pub fn export_amendment(app: &App, path: &Path) -> Msg {
    if let Err(e) = refuse_onto_plan(app, path, save::Written::Amendment) {
        return failed(e);
    }
    let format = crate::diff::Format::for_path(path);
    let bytes = match crate::diff::diff(&app.opened, &app.plan).render(format) {
        Ok(b) => b,
        Err(e) => return failed(ExportFailure::Amendment(e)),
    };
    match save::write_file(path, &bytes, save::Pipes::RefuseWithoutReader) {
        Ok(()) => Msg::Exported {
            path: path.to_owned(),
            skipped: Vec::new(),
        },
        Err(e) => failed(e),
    }
}

/// The app for the bundled plan.
pub fn bundled() -> anyhow::Result<App> {
    let loaded = parse(BUNDLED).map_err(|e| anyhow::anyhow!("the bundled plan: {e}"))?;
    Ok(App::new(
        loaded.plan,
        Origin::Bundled,
        Some(BUNDLED.to_string()),
    ))
}

/// NO_COLOR (https://no-color.org) present and not empty, or a terminal that says it
/// cannot do colour (`TERM=dumb`).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// Runs the planner on `plan` (the bundled plan without one); returns the exit status,
/// or the error that ended it (shown by [`exit::finish`]).
pub fn run(plan: Option<&Path>, limits: Limits) -> Result<u8, Error> {
    let mut app = match plan {
        None => bundled()?,
        // Read once, fingerprint and all: a named pipe gives its text only once, and
        // what is compared before saving is exactly what was read. An error is shown
        // before the alternate screen, so the message stays on the terminal.
        Some(path) => {
            let opened = exit::open(path, limits)?;
            let mut app = App::new(
                opened.loaded.plan,
                Origin::File(opened.path),
                Some(opened.text),
            );
            app.fingerprint = opened.fingerprint;
            app.read_only = fsio::is_read_only(path);
            app
        }
    };
    if let Some(path) = plan
        && let Some(name) = path.file_name()
    {
        // What saves of this plan left when they were killed half-way.
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        fsio::remove_stale_temps(dir.unwrap_or(Path::new(".")), &name.to_string_lossy());
    }
    app.monochrome = no_color();
    config::configure(&mut app);
    offer_recovery(&mut app, plan, limits);
    terminal::run(app, &FileSaver)
}
