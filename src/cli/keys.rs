//! `workplan keys`: the planner's effective key map, the default table with the config
//! file's overrides, one binding a line.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{emit, emit_text, exit};

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

/// The planner's key map as `workplan keys` prints it: given by `main.rs`, so that `cli`
/// does not depend on `tui`. `config` is the file to read (`None`: where the planner
/// looks; ignored with `defaults`); `Err` is why the config file was refused.
pub type Listing = fn(config: Option<&Path>, defaults: bool, json: bool) -> Result<String, String>;

pub fn run(args: &KeysArgs, listing: Listing) -> Result<u8, crate::exit::Error> {
    let json = args.format == KeysFormat::Json;
    match listing(args.config.as_deref(), args.defaults, json) {
        Ok(out) if json => emit(&out)?,
        Ok(out) => emit_text(&out)?,
        Err(e) => return Err(crate::exit::Error::Refused(e)),
    }
    Ok(exit::OK)
}
