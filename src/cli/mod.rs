//! The command line: clap definitions and one file per subcommand, over the core.

/// `eprintln!` for a terminal: paths and plan text in the message (ids, titles, names,
/// cluster ids from `--delay`) may hold control and invisible characters, which are
/// written out (see [`crate::text`]) rather than sent to the terminal, and a closed
/// stderr drops the message instead of panicking (see `out.rs`). Defined before the
/// `mod` lines so every subcommand's module sees it.
macro_rules! eprintln_text {
    ($($arg:tt)*) => {
        $crate::cli::eprint_text(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) mod check;
mod completions;
mod dev;
mod diff;
mod export;
pub mod keys;
mod man;
mod merge;
mod out;
mod realign;
mod schema;
mod show;

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::plan::Limits;
pub(crate) use out::{emit, emit_bytes, emit_text, eprint_text};

/// Exit statuses, an interface scripts and CI rely on (defined in [`crate::exit`], shared
/// with the planner).
pub use crate::exit;
use crate::exit::Error;

#[derive(Debug, Parser)]
#[command(
    name = "workplan",
    version,
    about = "Plan and check the multi-year workplan of an intergovernmental working group",
    long_about = "Plan and check the multi-year workplan of an intergovernmental working group \
against the review-cluster timelines of its review mechanism.\n\n\
With no subcommand, opens the interactive planner on PLAN (or on the bundled \
Firearms workplan when PLAN is left out).",
    args_conflicts_with_subcommands = true,
    after_help = EXIT_PLANNER
)]
pub struct Cli {
    /// Plan file to open in the planner (default: the bundled Firearms workplan).
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LimitArgs {
    /// Refuse plan files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_file_bytes)]
    pub max_file_size: u64,
}

impl LimitArgs {
    pub fn limits(self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_size,
            ..Limits::default()
        }
    }
}

/// A subcommand's own arguments plus `--max-file-size`, for the subcommands that read
/// plan files (and only those: `schema --max-file-size` would do nothing).
#[derive(Debug, Args)]
pub struct Reads<T: Args> {
    #[command(flatten)]
    pub args: T,
    #[command(flatten)]
    pub limits: LimitArgs,
}

const EXIT_PLANNER: &str = "Exit status: 0 the planner was quit; 2 the plan could not be read; \
3 there is no terminal to run on, or it was lost; 128 + N stopped by signal N (unsaved edits \
are kept in a recovery file beside the plan).";
const EXIT_CHECK: &str = "Exit status:\n  \
0  no error findings (warnings and infos allowed)\n  \
1  at least one error finding, or a warning under --deny warnings\n  \
2  a file could not be read or parsed, or a --delay names no cluster of the plan";
const EXIT_SCHEMA: &str = "Exit status: 0 printed.";
const EXIT_DIFF: &str = "Exit status:\n  \
0  the plans are equal\n  \
1  they differ\n  \
2  a file could not be read or parsed";
const EXIT_EXPORT: &str = "Exit status:\n  \
0  written\n  \
2  the plan could not be read or parsed, or FILE could not be written";
const EXIT_REALIGN: &str = "Exit status:\n  \
0  an aligned plan was found (including \"nothing to move\")\n  \
1  no aligned plan exists within the horizon\n  \
2  the plan could not be read or is ambiguous, a --delay names no cluster of the plan, \
or -o FILE could not be written";
const EXIT_MERGE: &str = "Exit status:\n  \
0  merged cleanly into OURS (findings the merge introduces are still reported)\n  \
1  conflicts: listed on stderr, OURS' value kept with THEIRS' in a comment\n  \
2  a file could not be read";
const EXIT_SHOW: &str = "Exit status: 0 printed; 2 the plan could not be read or parsed.";
const EXIT_PRINTS: &str = "Exit status: 0 printed; 2 standard output could not be written.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files against the review-cluster timelines and report findings.
    #[command(after_help = EXIT_CHECK)]
    Check(Reads<check::CheckArgs>),
    /// Print the JSON Schema of the plan file format.
    #[command(after_help = EXIT_SCHEMA)]
    Schema,
    /// List what changed between two versions of a plan (the amendment for the Bureau).
    #[command(after_help = EXIT_DIFF)]
    Diff(Reads<diff::DiffArgs>),
    #[command(after_help = EXIT_EXPORT, about = format!("Export a plan as {}", crate::export::Format::names("or")))]
    Export(Reads<export::ExportArgs>),
    /// Shift review windows (what-if delays) and propose the optimal realigned plan.
    #[command(after_help = EXIT_REALIGN)]
    Realign(Reads<realign::RealignArgs>),
    /// Developer and test tools (synthetic plans, stress helpers, the save loop).
    #[command(hide = true)]
    Dev(Reads<dev::DevArgs>),
    /// Print the timeline and the meetings table of a plan as plain text.
    #[command(after_help = EXIT_SHOW)]
    Show(Reads<show::ShowArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = EXIT_PRINTS)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff; view it with `workplan man | man -l -`).
    #[command(after_help = EXIT_PRINTS)]
    Man,
    /// Three-way merge of plans by meaning, usable as a git merge driver (docs/teams.md).
    #[command(after_help = EXIT_MERGE)]
    Merge(Reads<merge::MergeArgs>),
    /// Print the planner's key map: the default keys with the config file's changes.
    #[command(after_help = keys::EXIT)]
    Keys(keys::KeysArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Treat warnings as errors for the exit status.
    Warnings,
}

/// Draws a plan for `workplan show` with the planner's views; given by `main.rs`, so
/// that `cli` does not depend on `tui`.
pub type Draw = fn(crate::plan::Plan) -> String;

/// Runs a subcommand; returns the process exit status, or the error that ended it
/// (shown by [`exit::finish`]).
pub fn run(command: Command, draw: Draw, keys: keys::Listing) -> Result<u8, Error> {
    match command {
        Command::Check(r) => check::run(&r.args, r.limits.limits()),
        Command::Schema => Ok(schema::run()?),
        Command::Diff(r) => diff::run(&r.args, r.limits.limits()),
        Command::Export(r) => export::run(&r.args, r.limits.limits()),
        Command::Realign(r) => realign::run(&r.args, r.limits.limits()),
        Command::Dev(r) => Ok(dev::run(&r.args, r.limits.limits())?),
        Command::Show(r) => show::run(&r.args, r.limits.limits(), draw),
        Command::Completions(args) => Ok(completions::run(&args)?),
        Command::Man => Ok(man::run()?),
        Command::Merge(r) => merge::run(&r.args, r.limits.limits()),
        Command::Keys(args) => Ok(keys::run(&args, keys)?),
    }
}

/// Parses the command line, or prints clap's message and exits (status 2).
///
/// One addition to clap: a mistyped subcommand (`workplan chek PLAN`) would otherwise be
/// taken for the planner's PLAN argument; when that word names no file and is close to a
/// subcommand's name, the error says "unrecognized subcommand" and suggests the name.
pub fn parse() -> Cli {
    parse_from(std::env::args_os())
}

/// [`parse`] over the given arguments (the first is the program name).
pub fn parse_from<I, T>(args: I) -> Cli
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = Cli::command();
    if let Some(err) = mistyped_subcommand(&mut cmd, &args) {
        err.exit();
    }
    let matches = cmd.get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The "did you mean" error for a first word that is neither a file nor a subcommand but
/// looks like one (clap's own measure: Jaro similarity above 0.7).
fn mistyped_subcommand(
    cmd: &mut clap::Command,
    args: &[std::ffi::OsString],
) -> Option<clap::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut rest = args.iter().skip(1);
    let word = loop {
        let arg = rest.next()?.to_str()?;
        match arg {
            "--max-file-size" => {
                rest.next();
            }
            "--" => return None,
            a if a.starts_with('-') => {}
            a => break a,
        }
    };
    if std::path::Path::new(word).exists() {
        return None;
    }
    cmd.build();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(clap::Command::get_name)
        .collect();
    if names.contains(&word) {
        return None;
    }
    let mut close: Vec<(f64, &str)> = names
        .iter()
        .map(|n| (strsim::jaro(word, n), *n))
        .filter(|(sim, _)| *sim > 0.7)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (_, best) = close.first()?;
    let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(cmd);
    err.insert(
        ContextKind::InvalidSubcommand,
        ContextValue::String(word.to_owned()),
    );
    err.insert(
        ContextKind::SuggestedSubcommand,
        ContextValue::Strings(vec![(*best).to_owned()]),
    );
    err.insert(
        ContextKind::Usage,
        ContextValue::StyledStr(cmd.render_usage()),
    );
    Some(err)
}

/// A binary file (DOCX, XLSX) on standard output: fine into a pipe or a file, refused on
/// a terminal, where it would only garble the screen. The sentence says what to do.
pub(crate) fn binary_refusal(format: impl std::fmt::Display, terminal: bool) -> Option<String> {
    terminal.then(|| {
        format!(
            "{format} is a binary file format and standard output is a terminal: \
             give a file with -o FILE (e.g. -o plan.{format}), or redirect the output"
        )
    })
}

/// `--format`'s parser for a core enum: its values, their order and their help come
/// from the enum's strum derives (`VARIANTS`, the lowercase names, the doc comments), so
/// clap stays in `cli` and the core lists its formats once.
pub(crate) fn choice<T>() -> impl clap::builder::TypedValueParser<Value = T>
where
    T: strum::VariantArray + strum::EnumMessage + Into<&'static str> + Copy + Send + Sync,
{
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser as _};
    let values = T::VARIANTS.iter().map(|&v| {
        let name: &'static str = v.into();
        let value = PossibleValue::new(name);
        match v.get_documentation() {
            Some(doc) => value.help(value_help(doc)),
            None => value,
        }
    });
    PossibleValuesParser::new(values).try_map(|name: String| {
        T::VARIANTS
            .iter()
            .copied()
            .find(|&v| Into::<&'static str>::into(v) == name)
            .ok_or_else(|| format!("unknown format `{name}`"))
    })
}

/// A doc comment as clap's derive shows a value's help: the first paragraph on one line,
/// without its closing period.
fn value_help(doc: &str) -> String {
    let first: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect();
    let joined = first.join(" ");
    joined.strip_suffix('.').unwrap_or(&joined).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--format`'s values are the core's list, in its order, each with its help.
    #[test]
    fn format_values_come_from_the_core_enums() {
        let values = |sub: &str| -> Vec<(String, String)> {
            let cmd = Cli::command();
            let arg = cmd
                .find_subcommand(sub)
                .and_then(|s| s.get_arguments().find(|a| a.get_id() == "format"))
                .map(|a| a.get_possible_values())
                .unwrap_or_default();
            arg.iter()
                .map(|v| {
                    let help = v.get_help().map(ToString::to_string).unwrap_or_default();
                    (v.get_name().to_owned(), help)
                })
                .collect()
        };
        let export = values("export");
        let names: Vec<&str> = export.iter().map(|(n, _)| n.as_str()).collect();
        let ours: Vec<&str> = crate::export::Format::ALL
            .iter()
            .map(|f| f.as_str())
            .collect();
        assert_eq!(names, ours);
        assert!(
            export
                .iter()
                .all(|(_, help)| !help.is_empty() && !help.ends_with('.'))
        );
        let diff = values("diff");
        let names: Vec<&str> = diff.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["text", "md", "json", "docx"]);
        assert_eq!(diff[0].1, "One line per change");
        assert_eq!(value_help("A b\n c.\n\nMore.\n"), "A b c");
        // Each name reads back as its format.
        for format in crate::export::Format::ALL {
            let cli = Cli::try_parse_from(["workplan", "export", "--format", format.as_str(), "p"]);
            let parsed = cli.ok().and_then(|c| match c.command {
                Some(Command::Export(r)) => Some(r.args.format),
                _ => None,
            });
            assert_eq!(parsed, Some(format));
        }
    }
}
