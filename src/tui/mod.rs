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

use crate::cli::exit;
use crate::plan::{Limits, load_file, parse};
use app::{App, Origin};
use msg::Msg;

/// The Firearms workplan, so `workplan` with no argument shows something real.
pub const BUNDLED: &str = include_str!("../../plans/firearms.yaml");

/// The planner's file I/O: saving, and the recovery file for edits that would be lost.
pub trait Saver {
    /// Writes the plan for an [`msg::Effect::Save`]; reports the outcome as a message.
    fn save(&self, app: &App, path: &Path, in_place: bool) -> Msg;
    /// Keeps unsaved edits when the planner is stopped; returns where, if anywhere.
    fn recover(&self, app: &App) -> anyhow::Result<Option<std::path::PathBuf>>;
}

/// Saving lands with the lossless writer (src/plan/save.rs); until then the planner
/// says so instead of writing a file that would lose the user's comments.
struct PendingSaver;

impl Saver for PendingSaver {
    fn save(&self, _: &App, _: &Path, _: bool) -> Msg {
        Msg::SaveFailed {
            message: "Saving is not available in this build yet.".into(),
            changed_on_disk: false,
        }
    }

    fn recover(&self, _: &App) -> anyhow::Result<Option<std::path::PathBuf>> {
        Ok(None)
    }
}

/// Carries out an [`msg::Effect::Export`]: the plan as it stands, with its live findings.
pub fn export(app: &App, format: crate::export::Format, path: &Path) -> Msg {
    let export = match crate::export::render(&app.plan, &app.derived.findings, format) {
        Ok(e) => e,
        Err(e) => return Msg::ExportFailed(format!("Cannot export as {format}: {e}.")),
    };
    match crate::plan::save::write_atomic(path, export.text.as_bytes()) {
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

/// NO_COLOR (https://no-color.org): present and not empty.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn run(plan: Option<&Path>, limits: Limits) -> anyhow::Result<u8> {
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
    terminal::run(app, &PendingSaver)
}
