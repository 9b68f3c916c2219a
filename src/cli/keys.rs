//! `workplan keys`: the planner's effective key map, the default table with the config
//! file's overrides, one binding a line.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use unicode_width::UnicodeWidthStr;

use super::{emit, emit_text, exit};
use crate::tui::config;
use crate::tui::keymap::{self, CONTEXTS, Keymap};

pub const EXIT: &str = "Exit status: 0 printed; 2 the config file could not be read or was \
refused (the message names its line), or standard output could not be written.";

#[derive(Debug, Args)]
pub struct KeysArgs {
    /// Config file to read instead of $WORKPLAN_CONFIG, else
    /// $XDG_CONFIG_HOME/workplan/config.toml, else ~/.config/workplan/config.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "defaults")]
    pub config: Option<PathBuf>,
    /// The built-in map, whatever a config file says.
    #[arg(long)]
    pub defaults: bool,
    #[arg(long, value_enum, default_value_t = KeysFormat::Text)]
    pub format: KeysFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeysFormat {
    /// Columns: context, keys, action, help.
    Text,
    /// An array of {context, action, keys, help}.
    Json,
}

pub fn run(args: &KeysArgs) -> anyhow::Result<u8> {
    let loaded = if args.defaults {
        Ok(config::Settings::default())
    } else if let Some(path) = &args.config {
        config::load(path, true)
    } else {
        match config::locate(|name| std::env::var_os(name)) {
            Some((path, named)) => config::load(&path, named),
            None => Ok(config::Settings::default()),
        }
    };
    let settings = match loaded {
        Ok(s) => s,
        Err(e) => {
            eprintln_text!("{e}");
            return Ok(exit::UNREADABLE);
        }
    };
    match args.format {
        KeysFormat::Text => emit_text(&text(&settings.keymap))?,
        KeysFormat::Json => emit(&json(&settings.keymap))?,
    }
    Ok(exit::OK)
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
    CONTEXTS
        .iter()
        .flat_map(|&c| map.in_context(c))
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
