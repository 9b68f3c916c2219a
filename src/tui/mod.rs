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

use std::path::{Path, PathBuf};

use std::time::{SystemTime, UNIX_EPOCH};

use crate::exit::{self, Error};
use crate::plan::recovery::{self, Recovery, Store};
use crate::plan::save;
use crate::plan::{Limits, Plan, canonical, fsio, parse};
use app::{App, Mode, Notice, NoticeKind, Origin, Recovered};
use msg::{ExportFailure, Msg};

/// The Firearms workplan, so `workplan` with no argument shows something real.
pub const BUNDLED: &str = include_str!("../../plans/firearms.yaml");

/// The file work of saving, carried out by the loop: writing the plan for an
/// [`msg::Effect::Save`] or [`msg::Effect::Overwrite`], and reading its file again when a
/// save found it changed ([`msg::Effect::ReadAgain`]); each reports how it went as a
/// message. A trait, so that tests can stand in for the disk.
pub trait Saver {
    fn save(&self, app: &App, path: &Path, in_place: bool) -> Msg;
    /// Saves over the plan's file in place without checking that it is as it was read:
    /// the user chose to write over the newer file.
    fn overwrite(&self, app: &App, path: &Path) -> Msg;
    /// Reads the plan's file again, as it was opened (under `app.limits`).
    fn read_again(&self, app: &App, path: &Path, then: msg::Reread) -> Msg;
}

/// Saves through the lossless writer (`plan::save`).
pub struct FileSaver;

impl Saver for FileSaver {
    fn save(&self, app: &App, path: &Path, in_place: bool) -> Msg {
        // By any name of it (`./plan.yaml`, a link): writing over the plan checks it.
        let same_file = in_place
            || matches!(&app.origin, Origin::File(p) if p == path || save::is_same_file(p, path));
        // Another file is the user's explicit choice; the plan's own file must not have
        // been changed by someone else since it was read.
        write_plan(app, path, in_place, same_file)
    }

    fn overwrite(&self, app: &App, path: &Path) -> Msg {
        write_plan(app, path, true, false)
    }

    fn read_again(&self, app: &App, path: &Path, then: msg::Reread) -> Msg {
        let read = exit::open(path, app.limits).map(|opened| {
            Box::new(msg::OnDisk {
                text: opened.text,
                plan: opened.loaded.plan,
                fingerprint: opened.fingerprint,
            })
        });
        Msg::ReadAgain {
            path: path.to_owned(),
            then,
            read: read.map_err(msg::Failed::new),
        }
    }
}

/// Writes the plan to `path`, refusing a file changed since it was read if `checked`.
fn write_plan(app: &App, path: &Path, in_place: bool, checked: bool) -> Msg {
    // Ctrl+S over a read-only file is refused; the prompt it opens makes saving over
    // it a deliberate choice (a save to a path typed in, `in_place` false).
    if in_place && fsio::is_read_only(path) {
        let error = save::SaveError::ReadOnly {
            path: path.to_owned(),
        };
        return Msg::SaveFailed(msg::Failed::new(error));
    }
    let expected = if checked {
        app.fingerprint.as_ref()
    } else {
        None
    };
    let original = app.original_text.as_deref();
    // A named pipe without a reader is refused: waiting would freeze the planner.
    let pipes = save::Pipes::RefuseWithoutReader;
    match save::save_with(path, original, expected, &app.plan, pipes) {
        // Recovery files are not deleted here: each holds another session's edits,
        // which a save of this one's does not put on disk (one that does is found
        // to change nothing at the next start, and deleted then).
        Ok(outcome) => Msg::Saved {
            path: path.to_owned(),
            text: outcome.text,
            comments_kept: outcome.comments_kept,
            fingerprint: Some(outcome.fingerprint),
            // In place, unchecked: only `overwrite` writes so.
            overwrote: in_place && !checked,
        },
        Err(e) => Msg::SaveFailed(msg::Failed::new(e)),
    }
}

/// What a stopped session keeps: its edited plan, where it came from, and the text the
/// edits started from (`App::original_text`: as opened or last saved).
#[derive(Clone, Debug)]
pub struct Unsaved {
    pub plan: Plan,
    pub origin: Origin,
    pub base: Option<String>,
}

impl Unsaved {
    pub fn of(app: &App) -> Self {
        Self {
            plan: app.plan.clone(),
            origin: app.origin.clone(),
            base: app.original_text.clone(),
        }
    }
}

/// Writes unsaved edits to this session's recovery file in `store`; says where.
pub fn write_recovery(unsaved: &Unsaved, store: &Store) -> anyhow::Result<recovery::Kept> {
    let source = match &unsaved.origin {
        Origin::File(p) => Some(p.clone()),
        Origin::Bundled => None,
    };
    let saved_at_unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let rec = Recovery {
        plan_text: canonical::to_yaml(&unsaved.plan)?,
        // Absolute, so that the file names its plan whatever the folder the next start
        // is run from.
        source: source
            .as_deref()
            .map(|p| std::path::absolute(p).unwrap_or(p.to_owned())),
        saved_at_unix,
        base_text: unsaved.base.clone(),
    };
    Ok(store.keep(source.as_deref(), &rec)?)
}

/// Shows `text` as an error notice.
fn complain(app: &mut App, text: String) {
    app.notice = Some(Notice {
        kind: NoticeKind::Error,
        text,
    });
}

/// Offers the edits stopped sessions left in `store` for this plan, newest first, one
/// after the other. Read under `limits`, like the plan.
fn offer_recovery(app: &mut App, plan_path: Option<&Path>, limits: Limits, store: &Store) {
    if let Some(plan) = plan_path {
        legacy_notice(app, plan, store);
    }
    let paths = match store.found(plan_path) {
        Ok(paths) => paths,
        Err(e) => return complain(app, format!("{e}.")),
    };
    let mut queue: Vec<Recovered> = paths
        .into_iter()
        .filter_map(|path| recovered(app, plan_path, path, limits))
        .collect();
    queue.sort_by_key(|r| std::cmp::Reverse(r.saved_at_unix));
    let (offer, discards) = component::offer_recovered(app, queue);
    for effect in discards {
        if let msg::Effect::DiscardRecovery { path } = effect {
            let _ = recovery::discard(&path);
        }
    }
    if let Some(offer) = offer {
        app.mode = Mode::Restore(Box::new(offer));
    }
}

/// The edits in the recovery file at `path`, if it is one of this plan's; a file that
/// cannot be read is named in a notice.
fn recovered(
    app: &mut App,
    plan_path: Option<&Path>,
    path: PathBuf,
    limits: Limits,
) -> Option<Recovered> {
    let rec = match recovery::read(&path, limits.max_file_bytes) {
        Ok(rec) => rec?,
        Err(e) => {
            complain(app, format!("{e}."));
            return None;
        }
    };
    // Names in the folder say which plan only by a hash: the header says it exactly.
    if rec.source.as_deref().map(recovery::canonical) != plan_path.map(recovery::canonical) {
        return None;
    }
    let plan = match parse(&rec.plan_text) {
        Ok(loaded) => loaded.plan,
        Err(e) => {
            complain(
                app,
                format!(
                    "{}: the recovery file does not read as a plan ({e}); move it away or open it with workplan FILE.",
                    path.display()
                ),
            );
            return None;
        }
    };
    let base_text = rec.base_text.as_deref();
    Some(Recovered {
        plan,
        base: base_text.and_then(|t| parse(t).ok()).map(|l| l.plan),
        base_is_current: base_text.is_some() && base_text == app.original_text.as_deref(),
        path,
        saved_at_unix: rec.saved_at_unix,
    })
}

/// Earlier versions kept unsaved edits beside the plan; what stands there now cannot be
/// told from a file a repository shipped, so it is not offered, only pointed at.
fn legacy_notice(app: &mut App, plan: &Path, store: &Store) {
    let beside = recovery::legacy_beside(plan);
    if std::fs::symlink_metadata(&beside).is_err() {
        return;
    }
    app.notice = Some(Notice {
        kind: NoticeKind::Info,
        text: format!(
            "Not offered as your unsaved edits: {}, where earlier versions of workplan kept them, and where a repository or anyone else can put a file. Unsaved edits are kept in {} now. Look at it with workplan FILE, or delete it.",
            beside.display(),
            store.dir().display()
        ),
    });
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
            app.limits = limits;
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
    offer_recovery(&mut app, plan, limits, &Store::from_env());
    terminal::run(app, &FileSaver)
}
