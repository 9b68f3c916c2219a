//! The one way in and out, shared by the commands (`cli`) and the planner (`tui`), which
//! do not import each other: the exit statuses, the errors that end a run and the one
//! place that turns them into a message and a status ([`finish`]), and the one path that
//! reads a plan file and reports why it cannot ([`open`], [`open_or_report`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::check::{Code, Finding};
use crate::plan::save::Fingerprint;
use crate::plan::{Limits, LoadError, Loaded};

/// No error findings (warnings allowed); the planner was quit.
pub const OK: u8 = 0;
/// At least one error finding (or a warning under `--deny warnings`); plans differ.
pub const FINDINGS: u8 = 1;
/// A file could not be read or parsed (also clap's status for a usage error).
pub const UNREADABLE: u8 = 2;
/// The planner has no terminal to run on, or lost it while running. Signals that stop
/// the planner give 128 + N instead, as shells report them.
pub const NO_TERMINAL: u8 = 3;

/// Why a run ended early. Each kind keeps its type until [`finish`] shows it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plan file could not be read or parsed.
    #[error("{}", unreadable_text(.0))]
    Unreadable(#[from] LoadError),
    /// The planner was started without a terminal.
    #[error(
        "the planner needs a terminal ({why}); without one, `workplan show PLAN` prints the plan and `workplan check PLAN` checks it"
    )]
    NoTerminal { why: String },
    /// The terminal went away while the planner ran; `kept` says where the unsaved edits
    /// went, if there were any.
    #[error("the terminal closed ({why}){}", kept.as_ref().map(|k| format!("; {k}")).unwrap_or_default())]
    TerminalLost { why: String, kept: Option<String> },
    /// A request a command refuses (a binary format for a terminal, a flag given to a
    /// format it does not apply to, arguments of the wrong shape): the message as the
    /// command words it, exit status 2. The one way a refusal leaves, so no command
    /// prints its own and picks a status by hand.
    #[error("{0}")]
    Refused(String),
    /// Anything else the commands meet (a file that cannot be written, a bad argument
    /// found late): shown as it is, exit status 2.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<crate::plan::save::SaveError> for Error {
    fn from(e: crate::plan::save::SaveError) -> Self {
        Self::Other(e.into())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Self::Other(e.into())
    }
}

impl Error {
    /// The one mapping from errors to exit statuses.
    pub fn exit_status(&self) -> u8 {
        match self {
            Self::Unreadable(_) | Self::Refused(_) | Self::Other(_) => UNREADABLE,
            Self::NoTerminal { .. } | Self::TerminalLost { .. } => NO_TERMINAL,
        }
    }

    /// What goes to stderr, ready for a terminal (control characters written out).
    pub fn report(&self) -> String {
        let text = match self {
            // The same lines `check` prints for the file, which name it themselves.
            Self::Unreadable(e) => return unreadable_text(e),
            Self::Other(e) => format!("workplan: {e:#}\n"),
            Self::Refused(why) => format!("{why}\n"),
            other => format!("workplan: {other}\n"),
        };
        crate::text::visible(&text).into_owned()
    }
}

/// Ends a run: prints the error, if any, and gives the exit status.
pub fn finish(result: Result<u8, Error>) -> u8 {
    match result {
        Ok(status) => status,
        Err(e) => {
            print_report(&e);
            e.exit_status()
        }
    }
}

/// Writes an error's report to stderr. Never panics: after a lost terminal, stderr may
/// be gone too (`eprint!` would panic there).
pub fn print_report(e: &Error) {
    let _ = std::io::stderr().write_all(e.report().as_bytes());
}

/// A plan file as read for a command or the planner.
#[derive(Debug)]
pub struct Opened {
    pub path: PathBuf,
    /// The text read, for the writers that keep comments.
    pub text: String,
    pub loaded: Loaded,
    /// Of the very bytes read (a regular file only), for the check before saving.
    pub fingerprint: Option<Fingerprint>,
}

/// The one way every command and the planner read a plan file: read once (a named pipe
/// gives its text only once), under `limits`.
pub fn open(path: &Path, limits: Limits) -> Result<Opened, LoadError> {
    let (text, loaded, fingerprint) = crate::plan::load::load_file_fingerprinted(path, limits)?;
    Ok(Opened {
        path: path.to_owned(),
        text,
        loaded,
        fingerprint,
    })
}

/// [`open`] for commands that go on past an unreadable file (`check`, `diff`, `merge`):
/// the error is printed here, the same way [`finish`] would print it.
pub fn open_or_report(path: &Path, limits: Limits) -> Option<Opened> {
    open(path, limits)
        .map_err(|e| print_report(&Error::Unreadable(e)))
        .ok()
}

/// The finding a file that cannot be read counts as, and the column and snippet that
/// go with it (a parse error only).
pub fn unreadable_finding(err: &LoadError) -> (Finding, Option<u32>, Option<String>) {
    let (line, column, snippet) = match err {
        LoadError::Parse { error, .. } => (error.line, error.column, error.snippet.clone()),
        LoadError::Io { .. } | LoadError::TooLarge { .. } => (None, None, None),
    };
    let mut finding = Finding::new(Code::Parse, err.reason());
    finding.line = line;
    (finding, column, snippet)
}

/// What is printed for a file that cannot be read: `PATH:LINE:COL: error[parse]: ...`
/// and the snippet, as `check` prints it. The path is written once, in front.
fn unreadable_text(err: &LoadError) -> String {
    let (finding, column, snippet) = unreadable_finding(err);
    let position = match (finding.line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    };
    let mut out = format!("{}{position}: {finding}\n", err.path().display());
    if let Some(snippet) = snippet {
        out.push_str(&snippet);
        out.push('\n');
    }
    crate::text::visible(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_its_status() {
        let missing = open(Path::new("no/such/plan.yaml"), Limits::default()).unwrap_err();
        assert_eq!(Error::from(missing).exit_status(), UNREADABLE);
        let none = Error::NoTerminal { why: "x".into() };
        assert_eq!(none.exit_status(), NO_TERMINAL);
        let lost = Error::TerminalLost {
            why: "x".into(),
            kept: None,
        };
        assert_eq!(lost.exit_status(), NO_TERMINAL);
        assert_eq!(Error::Other(anyhow::anyhow!("x")).exit_status(), UNREADABLE);
        let refused = Error::Refused("workplan: no\x1b[31m".into());
        assert_eq!(refused.exit_status(), UNREADABLE);
        // A refusal is printed as the command words it, made safe for a terminal.
        assert_eq!(refused.report(), "workplan: no\\u{1b}[31m\n");
        assert_eq!(finish(Ok(FINDINGS)), FINDINGS);
        // The new status is none of the others, nor a signal's (128 + N).
        let statuses = [OK, FINDINGS, UNREADABLE, NO_TERMINAL];
        for (i, s) in statuses.iter().enumerate() {
            assert!(!statuses[..i].contains(s) && *s < 128);
        }
    }

    /// The reason of an unreadable file is built without its path, and the report puts
    /// the path in front once: nothing strips a path back off a message.
    #[test]
    fn an_unreadable_file_is_named_once_in_front_of_its_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cases = [
            ("missing.yaml", None),
            ("bad.yaml", Some("version: [1\n")),
            ("empty.yaml", Some("")),
        ];
        for (name, text) in cases {
            let path = dir.path().join(name);
            if let Some(text) = text {
                std::fs::write(&path, text).expect("written");
            }
            let Err(e) = open(&path, Limits::default()) else {
                panic!("{name} should not read")
            };
            let shown = path.display().to_string();
            assert!(!e.reason().contains(&shown), "{name}: {}", e.reason());
            let report = Error::Unreadable(e).report();
            assert!(report.starts_with(&shown), "{report}");
            assert_eq!(report.matches(&shown).count(), 1, "{report}");
            assert!(report.contains("error[parse]: "), "{report}");
        }
        // Too large: the limit is the reason, the path still in front once.
        let path = dir.path().join("large.yaml");
        std::fs::write(&path, "version: 1\n").expect("written");
        let limits = Limits {
            max_file_bytes: 4,
            ..Limits::default()
        };
        let e = open(&path, limits).unwrap_err();
        let report = Error::from(e).report();
        assert!(report.contains("over the limit of 4 bytes"), "{report}");
        assert_eq!(report.matches(&path.display().to_string()).count(), 1);
    }

    #[test]
    fn a_lost_terminal_says_where_the_edits_went() {
        let lost = Error::TerminalLost {
            why: "Input/output error".into(),
            kept: Some("the unsaved edits are in plan.yaml.wp-recover".into()),
        };
        assert_eq!(
            lost.report(),
            "workplan: the terminal closed (Input/output error); the unsaved edits are in plan.yaml.wp-recover\n"
        );
    }
}
