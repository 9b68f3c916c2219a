//! The interactive planner. The only module that touches ratatui or crossterm.
//!
//! Elm-style: [`app::App`] is the state, [`msg::Msg`] the user's intents,
//! [`update::update`] the only place the state changes, [`view`] a pure rendering of it,
//! and [`terminal`] the loop that feeds events in and carries effects out.

pub mod app;
pub mod keys;
pub mod msg;
pub mod show;
pub mod terminal;
pub mod update;
pub mod view;

#[cfg(test)]
mod tests;

use std::path::Path;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cli::exit;
use crate::plan::recovery::{self, Recovery};
use crate::plan::save::{self, SaveError};
use crate::plan::{Limits, Plan, canonical, load_file, parse};
use app::{App, Mode, Notice, NoticeKind, Origin};
use msg::Msg;

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
        let same_file = in_place || matches!(&app.origin, Origin::File(p) if p == path);
        // Another file is the user's explicit choice; the plan's own file must not have
        // been changed by someone else since it was read.
        let expected = if same_file {
            app.fingerprint.as_ref()
        } else {
            None
        };
        match save::save(path, app.original_text.as_deref(), expected, &app.plan) {
            Ok(outcome) => {
                // The edits are on disk now: a recovery file would only offer them again.
                let _ = recovery::discard(&recovery::path_for(Some(path)));
                Msg::Saved {
                    path: path.to_owned(),
                    text: outcome.text,
                    comments_kept: outcome.comments_kept,
                    fingerprint: Some(outcome.fingerprint),
                }
            }
            Err(e) => Msg::SaveFailed {
                changed_on_disk: matches!(e, SaveError::ChangedOnDisk { .. }),
                message: format!("{e}."),
            },
        }
    }
}

/// Writes unsaved edits to the recovery file of the plan they belong to; returns where.
pub fn write_recovery(plan: &Plan, origin: &Origin) -> anyhow::Result<PathBuf> {
    let source = match origin {
        Origin::File(p) => Some(p.clone()),
        Origin::Bundled => None,
    };
    let path = recovery::path_for(source.as_deref());
    let saved_at_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let rec = Recovery {
        plan_text: canonical::to_yaml(plan)?,
        source,
        saved_at_unix,
    };
    recovery::write(&path, &rec)?;
    Ok(path)
}

/// Offers the edits a stopped session left in the recovery file, if any.
fn offer_recovery(app: &mut App, plan_path: Option<&Path>) {
    let path = recovery::path_for(plan_path);
    match recovery::read(&path) {
        Ok(None) => {}
        Ok(Some(rec)) => match parse(&rec.plan_text) {
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
        },
        Err(e) => {
            app.notice = Some(Notice {
                kind: NoticeKind::Error,
                text: format!("{e}."),
            })
        }
    }
}

/// Carries out an [`msg::Effect::Export`]: the plan as it stands, with its live findings.
pub fn export(app: &App, format: crate::export::Format, path: &Path) -> Msg {
    if let Origin::File(plan) = &app.origin
        && crate::plan::save::is_same_file(path, plan)
    {
        return Msg::ExportFailed(format!(
            "Not exported: {} is the plan itself, and the export would replace it; give the export another name.",
            path.display()
        ));
    }
    let export = match crate::export::render(&app.plan, &app.derived.findings, format) {
        Ok(e) => e,
        Err(e) => return Msg::ExportFailed(format!("Cannot export as {format}: {e}.")),
    };
    match crate::plan::save::write_atomic(path, export.bytes()) {
        Ok(()) => Msg::Exported {
            path: path.to_owned(),
            skipped: export.skipped,
        },
        Err(e) => Msg::ExportFailed(format!("{e}.")),
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

pub fn run(plan: Option<&Path>, limits: Limits) -> anyhow::Result<u8> {
    // Taken before reading: a change in between makes saving refuse, never overwrite.
    let fingerprint = plan.and_then(|p| save::fingerprint(p).ok());
    let mut app = match plan {
        None => bundled()?,
        Some(path) => match load_file(path, limits) {
            Ok((text, loaded)) => App::new(loaded.plan, Origin::File(path.to_owned()), Some(text)),
            Err(err) => {
                // Before the alternate screen: the message stays on the terminal.
                eprint!("{}", crate::cli::check::load_error_text(path, &err));
                return Ok(exit::UNREADABLE);
            }
        },
    };
    app.monochrome = no_color();
    app.fingerprint = fingerprint;
    offer_recovery(&mut app, plan);
    terminal::run(app, &FileSaver)
}
