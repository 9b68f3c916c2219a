//! The planner's effective key map as `workplan keys` lists it: context, keys, action
//! and help, as text columns or JSON. The command line is handed [`listing`] by
//! `main.rs`, so that `cli` does not depend on `tui`.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::config;
use super::keymap::{self, Keymap};

/// The listing of the key map read from `config` (else where the planner looks for its
/// config file; the built-in map with `defaults`); `Err` says why the file was refused.
pub fn listing(config: Option<&Path>, defaults: bool, json: bool) -> Result<String, String> {
    let loaded = if defaults {
        Ok(config::Settings::default())
    } else if let Some(path) = config {
        config::load(path, true)
    } else {
        match config::locate(|name| std::env::var_os(name)) {
            Some((path, named)) => config::load(&path, named),
            None => Ok(config::Settings::default()),
        }
    };
    let settings = loaded.map_err(|e| e.to_string())?;
    Ok(if json {
        self::json(&settings.keymap)
    } else {
        text(&settings.keymap)
    })
}

#[derive(serde::Serialize)]
struct Row {
    context: &'static str,
    action: &'static str,
    keys: Vec<String>,
    help: &'static str,
}

/// The rows in the order of the listing: context by context.
fn rows(map: &Keymap) -> Vec<Row> {
    keymap::contexts()
        .into_iter()
        .flat_map(|c| map.in_context(c))
        .map(|(b, keys)| Row {
            context: keymap::context_name(b.context),
            action: keymap::action(b),
            keys: keys.iter().map(|k| keymap::key_name(*k)).collect(),
            help: b.help,
        })
        .collect()
}

fn text(map: &Keymap) -> String {
    let header = ["CONTEXT", "KEYS", "ACTION", "HELP"].map(String::from);
    // Keys apart by spaces: a space key is written `space`.
    let rows: Vec<[String; 4]> = rows(map)
        .into_iter()
        .map(|r| {
            [
                r.context.into(),
                r.keys.join(" "),
                r.action.into(),
                r.help.into(),
            ]
        })
        .collect();
    let mut widths = [0; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter().zip(row) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w - cell.width() + 2));
        }
        out.push_str(&row[3]);
        out.push('\n');
    }
    out
}

fn json(map: &Keymap) -> String {
    let mut out = serde_json::to_string_pretty(&rows(map)).unwrap_or_default();
    out.push('\n');
    out
}
