//! All terminal output of the commands, standard output and standard error alike.
//!
//! A closed stream ends the output, not the run: `workplan export PLAN | head -1`
//! closes stdout after a line, a pager that quit or `2> >(head -1)` closes stderr. What
//! is left to write is dropped, as Unix tools do, and the command ends with the status
//! it would have had. `print!` and `eprint!` panic there (exit 101), which is why
//! clippy's `print_stdout` and `print_stderr` are denied in the whole crate
//! (`src/lib.rs`): every byte a command shows goes through this module.

use std::io::{ErrorKind, Write};

/// Writes to stdout; a closed pipe (`workplan check | head`) is the end of the output,
/// not an error. Any other failure (a full disk behind `> FILE`) is.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    emit_bytes(text.as_bytes())
}

/// [`emit`] for bytes (a DOCX or XLSX file on standard output).
pub(crate) fn emit_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// [`emit`] for text meant to be read on a terminal: control and invisible characters
/// in it (from a plan's titles, ids, comments) are written out, not sent (see
/// [`crate::text`]).
pub(crate) fn emit_text(text: &str) -> anyhow::Result<()> {
    emit(&crate::text::visible(text))
}

/// `eprint!` for the same kind of text, which never fails: with stderr closed there is
/// nowhere left to say anything, so the message is dropped and the command goes on to
/// its status.
pub(crate) fn eprint_text(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(crate::text::visible(text).as_bytes())
        .and_then(|()| err.flush());
}
