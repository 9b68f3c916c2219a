//! Reading plan files: YAML text to a [`Plan`] plus the lines its values came from.
//!
//! Parsing goes through a thin "raw" layer whose meeting fields are wrapped in
//! `Spanned`, so semantic findings (an unknown topic, a misaligned meeting) can name the
//! line of the value they concern without a second pass over the text.

mod slips;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::granit_parser::ErrorKind as ScanKind;
use serde_saphyr::{Budget, Options, Spanned};
use unicode_width::UnicodeWidthChar;

use super::fsio::{self, Bounded, Words};
use super::model::{
    Alignment, Cluster, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan, Scenario, Status,
    TopicId,
};
use super::save::Fingerprint;

/// The only plan file format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// Limits that keep a hostile or broken file from exhausting the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_depth: usize,
    pub max_aliases: usize,
    /// Values that aliases may expand to, in all.
    pub max_alias_expansion: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            // A plan is five levels deep; 64 leaves room for anything sane.
            max_depth: 64,
            max_aliases: 10_000,
            // A hand-written plan repeats a venue or a list now and then; a hundred
            // thousand values is far beyond that and stops a bomb in milliseconds.
            max_alias_expansion: 100_000,
        }
    }
}

/// Where each part of the plan was written, by position in the plan's lists as loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    pub clusters: Vec<u32>,
    pub fixed_topics: Vec<u32>,
    pub flexible_topics: Vec<u32>,
    pub meetings: Vec<MeetingLines>,
    /// The footnotes' lines, in the order of their ids (`Plan::footnotes`).
    pub footnotes: Vec<u32>,
}

/// Lines of one meeting's values (1-based); the meeting's own line for absent ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MeetingLines {
    pub meeting: u32,
    pub year: u32,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub fixed: Option<u32>,
    pub flexible: Option<u32>,
}

/// A plan read from text, with the lines of its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub plan: Plan,
    pub source: SourceMap,
}

/// What went wrong while reading the text of a plan.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.headline())]
pub struct ParseError {
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// Path of the failing value, e.g. `meetings[3].year`; empty when unknown.
    pub path: String,
    pub message: String,
    /// The offending line of the file with a caret under the column.
    pub snippet: Option<String>,
}

impl ParseError {
    /// `meetings[3].year: expected an integer, found "twenty"`.
    pub fn headline(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }

    fn at(line: Option<u32>, column: Option<u32>, path: String, message: String) -> Self {
        Self {
            line,
            column,
            path,
            message,
            snippet: None,
        }
    }
}

/// Failure to read a plan file from disk. Shown as `PATH[:LINE[:COL]]: REASON`; the
/// path and the reason are built apart, so the reason can stand after a path written
/// elsewhere (as `check` does) without being cut out of this text.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {}", self.path().display(), self.position(), self.reason())]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    Parse {
        path: PathBuf,
        error: ParseError,
    },
}

impl LoadError {
    /// The file that could not be read.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::TooLarge { path, .. } | Self::Parse { path, .. } => path,
        }
    }

    /// What is wrong with the file, without its path.
    pub fn reason(&self) -> String {
        match self {
            Self::Io { error, .. } => format!(
                "cannot read the file: {}; check the path and its permissions",
                Words(error)
            ),
            Self::TooLarge { size, limit, .. } => format!(
                "the file is {}, over the limit of {limit} bytes; if the plan is genuine, raise the limit with --max-file-size",
                // A device or pipe is read up to one byte past the limit; its size is
                // unknown.
                if *size == limit.saturating_add(1) {
                    format!("{size} bytes or more")
                } else {
                    format!("{size} bytes")
                }
            ),
            Self::Parse { error, .. } => error.headline(),
        }
    }

    /// `:LINE:COL` (or `:LINE`) of a parse error; empty otherwise.
    fn position(&self) -> String {
        match self {
            Self::Parse { error, .. } => error
                .line
                .map(|l| {
                    let column = error.column.map(|c| format!(":{c}")).unwrap_or_default();
                    format!(":{l}{column}")
                })
                .unwrap_or_default(),
            Self::Io { .. } | Self::TooLarge { .. } => String::new(),
        }
    }
}

/// Reads and parses a plan file, refusing files over `limits.max_file_bytes`.
pub fn load_file(path: &Path, limits: Limits) -> Result<(String, Loaded), LoadError> {
    load_file_fingerprinted(path, limits).map(|(text, loaded, _)| (text, loaded))
}

/// [`load_file`], with the fingerprint of the very bytes read (a regular file only): the
/// file is read once, so a named pipe is not waited on twice and a file changed in
/// between cannot slip past the check before saving.
pub fn load_file_fingerprinted(
    path: &Path,
    limits: Limits,
) -> Result<(String, Loaded, Option<Fingerprint>), LoadError> {
    let (bytes, meta) = read_limited_with_metadata(path, limits.max_file_bytes)?;
    let fingerprint = meta
        .is_file()
        .then(|| Fingerprint::of(&bytes, meta.modified().ok()));
    let parse_error = |error| LoadError::Parse {
        path: path.to_owned(),
        error,
    };
    // Converted in place: a copy would double the memory a large plan needs.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Err(parse_error(not_utf8(e.as_bytes()))),
    };
    let loaded = parse_with(&text, limits).map_err(parse_error)?;
    Ok((text, loaded, fingerprint))
}

/// Parses the bytes already read from `path` (by [`read_limited`]): for a caller that
/// needs the bytes themselves too (the merge driver hands them to `git merge-file`
/// when they are no plan), so the file is read once (a named pipe gives its text only
/// once).
pub fn parse_bytes<'a>(
    path: &Path,
    bytes: &'a [u8],
    limits: Limits,
) -> Result<(&'a str, Loaded), LoadError> {
    let parse_error = |error| LoadError::Parse {
        path: path.to_owned(),
        error,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| parse_error(not_utf8(bytes)))?;
    let loaded = parse_with(text, limits).map_err(parse_error)?;
    Ok((text, loaded))
}

/// Why `bytes`, which are not UTF-8, are no plan: where the first bad byte is.
fn not_utf8(bytes: &[u8]) -> ParseError {
    decode(bytes).err().unwrap_or_else(|| {
        ParseError::at(
            None,
            None,
            String::new(),
            "the file is not UTF-8 text".into(),
        )
    })
}

/// Reads at most `limit` bytes, so a huge file (or /dev/zero) is refused, not slurped.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    read_limited_with_metadata(path, limit).map(|(bytes, _)| bytes)
}

fn read_limited_with_metadata(
    path: &Path,
    limit: u64,
) -> Result<(Vec<u8>, std::fs::Metadata), LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_owned(),
        error,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory, not a plan file",
        )));
    }
    match fsio::read_bounded(&mut file, &meta, limit).map_err(io)? {
        Bounded::Read(bytes) => Ok((bytes, meta)),
        Bounded::TooLarge(size) => Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        }),
    }
}

/// UTF-8 text of a file, with the position of the first bad byte otherwise.
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let column = (good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1))
                as u32
                + 1;
            Err(ParseError::at(
                Some(line),
                Some(column),
                String::new(),
                "the file is not UTF-8 text (is it a binary file or another encoding?); save it as UTF-8".into(),
            ))
        }
    }
}

/// Parses plan text with the default limits.
pub fn parse(text: &str) -> Result<Loaded, ParseError> {
    parse_with(text, Limits::default())
}

/// Parses plan text: YAML syntax, the plan's shape and types, and dates that exist.
pub fn parse_with(text: &str, limits: Limits) -> Result<Loaded, ParseError> {
    if text.len() as u64 > limits.max_file_bytes {
        return Err(ParseError::at(
            None,
            None,
            String::new(),
            format!(
                "the plan is {} bytes, over the limit of {} bytes; raise it with --max-file-size if the plan is genuine",
                text.len(),
                limits.max_file_bytes
            ),
        ));
    }
    if is_blank(text) {
        return Err(ParseError::at(
            Some(1),
            Some(1),
            String::new(),
            "the file holds no plan (it is empty or only comments); start from plans/example.yaml"
                .into(),
        ));
    }
    let raw = deserialize(text, limits).map_err(|e| with_snippet(e, text))?;
    raw.into_loaded().map_err(|e| with_snippet(e, text))
}

fn is_blank(text: &str) -> bool {
    // YAML also breaks lines at a lone CR (old Mac files); `lines()` would not.
    text.trim_start_matches('\u{feff}')
        .split(['\r', '\n'])
        .all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
        })
}

/// The serde-saphyr options the loader uses; public so benchmarks can compare a bare
/// parse under the same budget.
#[doc(hidden)]
pub fn saphyr_options(limits: Limits) -> Options {
    let mut budget = Budget::default();
    // The default budgets stop at a few megabytes of plan; a plan of up to the file-size
    // limit must load, while alias expansion stays capped (the alias-bomb defence).
    let bytes = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    budget.max_events = bytes / 2;
    budget.max_nodes = bytes / 2;
    budget.max_total_scalar_bytes = bytes;
    budget.max_total_comment_bytes = bytes;
    budget.max_reader_input_bytes = Some(bytes);
    budget.max_depth = limits.max_depth;
    budget.flow_nesting_limit = limits.max_depth;
    budget.max_aliases = limits.max_aliases;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits.max_alias_expansion;
    options.with_snippet = false;
    options
}

fn deserialize(text: &str, limits: Limits) -> Result<RawPlan, ParseError> {
    // Tracking the path of every value costs time on every load; a valid plan never needs
    // it, so it is only paid for again when there is an error to explain.
    let e = match serde_saphyr::from_str_with_options(text, saphyr_options(limits)) {
        Ok(raw) => return Ok(raw),
        Err(e) => e,
    };
    // A file over a limit often fails a type check first (the plan's shape is strict),
    // so the limit that protects the machine is looked for in a second, untyped pass,
    // before the traced run, which would only meet the limit again.
    if let Some(limit) = limit_error(&e, limits).or_else(|| rescan_for_limits(text, limits)) {
        return Err(limit);
    }
    let mut path = String::new();
    let traced =
        serde_saphyr::with_deserializer_from_str_with_options(text, saphyr_options(limits), |de| {
            serde_path_to_error::deserialize::<_, RawPlan>(de).map_err(|e| {
                path = e.path().to_string();
                e.into_inner()
            })
        });
    // Both runs see the same text and options, so they fail the same way; the traced
    // error is preferred only because it comes with the path.
    let e = traced.err().unwrap_or(e);
    let loc = e.location();
    if let Some(
        ScanKind::TabNotAllowed
        | ScanKind::TabInBlockIndentation
        | ScanKind::TabInIndentation
        | ScanKind::TabAtBlockScalarStart
        | ScanKind::TabInPlainScalar,
    ) = scan_kind(&e)
    {
        return Err(tab_error(
            text,
            loc.map(|l| l.line() as u32),
            saphyr_words(&e),
        ));
    }
    // `Spanned` wrappers show up as `.value` segments; the user never wrote them.
    // `?` stands for a key saphyr could not read; it means nothing to the user.
    let path = path.replace(".value", "").replace(".?", "");
    let path = if path == "." || path == "?" {
        String::new()
    } else {
        path
    };
    let line = loc.map(|l| l.line() as u32).filter(|l| *l > 0);
    let column = loc.map(|l| l.column() as u32).filter(|c| *c > 0);
    if let Some(slip) = slip_error(text, &e, line, column, &path) {
        return Err(slip);
    }
    let found = line.zip(column).and_then(|(l, c)| scalar_at(text, l, c));
    Err(ParseError::at(
        line,
        column,
        path,
        humanize(&e, found.as_deref()),
    ))
}

/// The slip behind an error, when the parser noticed it elsewhere: a bracket opened
/// before the error and never closed, or a required key written at the wrong indentation.
fn slip_error(
    text: &str,
    e: &serde_saphyr::Error,
    line: Option<u32>,
    column: Option<u32>,
    path: &str,
) -> Option<ParseError> {
    let at = |s: slips::Slip, path: String| {
        ParseError::at(Some(s.line), Some(s.column), path, s.message)
    };
    if let Some(slip) = slips::unclosed_flow(text).filter(|s| line.is_none_or(|l| s.line <= l)) {
        return Some(at(slip, String::new()));
    }
    match innermost(e) {
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            slips::misindented_key(text, field, line?, column?).map(|s| at(s, path.to_owned()))
        }
        // The parser stops at a key it cannot place; out of line with the key above is
        // the usual reason, and it is said in those words rather than the parser's.
        _ if scan_kind(e).is_some() => {
            slips::misaligned_key(text, line?).map(|s| at(s, path.to_owned()))
        }
        _ => None,
    }
}

/// The error itself, inside the wrappers that only add where an alias was defined or a
/// snippet.
fn innermost(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    use serde_saphyr::Error as E;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = e {
        e = error;
    }
    e
}

/// The YAML parser's own error kind, when the parser (not the plan's types) failed.
fn scan_kind(e: &serde_saphyr::Error) -> Option<&ScanKind> {
    match innermost(e) {
        serde_saphyr::Error::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => Some(scan.kind()),
            _ => None,
        },
        _ => None,
    }
}

/// saphyr's own words for an error, without the position (reported apart): the one
/// place its English is used, for the errors [`wording`] has no words of its own for.
fn saphyr_words(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter as _;
    serde_saphyr::DefaultMessageFormatter
        .format_message(innermost(e))
        .into_owned()
}

/// YAML forbids tabs in indentation; the parser reports it where it noticed, which can
/// be the line before. Name the first tab-indented line instead.
fn tab_error(text: &str, reported: Option<u32>, message: String) -> ParseError {
    let from = reported.unwrap_or(1).saturating_sub(1) as usize;
    let tabbed = text.lines().enumerate().skip(from).find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        indent.find('\t').map(|col| (i as u32 + 1, col as u32 + 1))
    });
    match tabbed {
        Some((line, column)) => ParseError::at(
            Some(line),
            Some(column),
            String::new(),
            "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces".into(),
        ),
        None => ParseError::at(reported, None, String::new(), message),
    }
}

/// The limit `e` reports, in words a plan author can act on.
fn limit_error(e: &serde_saphyr::Error, limits: Limits) -> Option<ParseError> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let aliases =
        "the limit that stops alias bombs; write the values out instead of referring to them";
    let too_deep = format!(
        "the plan nests deeper than {} levels (a plan needs 5); look for brackets that are never closed or indentation that keeps growing",
        limits.max_depth
    );
    let message = match inner {
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => too_deep,
            B::Aliases { .. } => format!(
                "the plan expands more than {} aliases (`*name`), {aliases}",
                limits.max_aliases
            ),
            B::AliasAnchorRatio {
                aliases: n,
                anchors,
            } => format!(
                "the plan uses {n} aliases (`*name`) for {anchors} anchors (`&name`), the pattern of an alias bomb; write the values out instead of referring to them"
            ),
            B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => {
                format!("the plan's anchors (`&name`) hold more than {aliases}")
            }
            B::ScalarBytes { .. } | B::InputBytes { .. } => format!(
                "the plan holds more than {} bytes of text once its aliases (`*name`) are expanded, {aliases}",
                limits.max_file_bytes
            ),
            B::Events { .. } | B::Nodes { .. } => format!(
                "the plan holds more values than a file of {} bytes can, which only aliases (`*name`) can do; {aliases}",
                limits.max_file_bytes
            ),
            other => {
                format!("the plan is over a size limit ({other:?}); is it really a plan file?")
            }
        },
        E::AliasReplayLimitExceeded { .. } | E::AliasExpansionLimitExceeded { .. } => format!(
            "the plan's aliases (`*name`) expand to more than {} values, {aliases}",
            limits.max_alias_expansion
        ),
        E::AliasReplayStackDepthExceeded { max_depth, .. } => format!(
            "the plan's aliases (`*name`) refer to other aliases more than {max_depth} levels deep, {aliases}"
        ),
        // The parser's own nesting limits (set to max_depth below).
        _ if matches!(scan_kind(inner), Some(ScanKind::RecursionLimitExceeded)) => too_deep,
        _ => return None,
    };
    let loc = inner.location().or_else(|| e.location());
    Some(ParseError::at(
        loc.map(|l| l.line() as u32).filter(|l| *l > 0),
        loc.map(|l| l.column() as u32).filter(|c| *c > 0),
        String::new(),
        message,
    ))
}

/// Reads the whole text without the plan's types, only to find a breached limit.
fn rescan_for_limits(text: &str, limits: Limits) -> Option<ParseError> {
    serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(text, saphyr_options(limits))
        .err()
        .and_then(|e| limit_error(&e, limits))
}

/// The plain scalar written at a position, for "found ..." in type errors.
fn scalar_at(text: &str, line: u32, column: u32) -> Option<String> {
    let src = text.lines().nth(line.checked_sub(1)? as usize)?;
    let skip = column.checked_sub(1)? as usize;
    let rest: String = src.chars().skip(skip).collect();
    let mut rest = rest.split(" #").next().unwrap_or("");
    // Inside `[...]` or `{...}` the value ends at the next separator.
    if src.chars().take(skip).any(|c| c == '[' || c == '{') {
        rest = rest.split([',', ']', '}']).next().unwrap_or("");
    }
    let rest = rest.trim();
    (!rest.is_empty() && rest.len() <= 80).then(|| rest.to_owned())
}

/// Advice a plan author can act on, chosen by the kind of saphyr's error (its structured
/// variants), never by its English.
fn humanize(e: &serde_saphyr::Error, found: Option<&str>) -> String {
    wording(innermost(e), found)
}

/// Words for the Rust types serde names in what it expected (serde's descriptions of
/// its primitive types): a plan author wrote no types.
fn plain_types(message: &str) -> String {
    let mut out = message.to_owned();
    for ty in [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ] {
        out = out.replace(&format!("expected {ty}"), "expected a whole number");
    }
    out.replace("expected a string", "expected text")
        .replace("expected a sequence", "expected a list")
        .replace("expected a borrowed string", "expected text")
}

fn wording(e: &serde_saphyr::Error, found: Option<&str>) -> String {
    use serde_saphyr::Error as E;
    match e {
        // saphyr's "cannot deserialize null into string; use Option<String>" talks to the
        // programmer; the author left a value empty or wrote `null`.
        E::NullIntoString { .. } => {
            "a value is missing here (empty, `~` or `null`); write the value".into()
        }
        E::RecursiveReferencesRequireWeakTypes { .. } => {
            "an alias (`*name`) refers to the value it stands in, which would never end; write the values out instead".into()
        }
        E::SerdeUnknownField {
            field, expected, ..
        } => unknown_key(field, expected),
        E::SerdeMissingField { field, .. } => {
            format!("the required key `{field}` is missing; add it")
        }
        E::InvalidScalar { ty, .. } => {
            let expected = match *ty {
                "bool" | "boolean" => Some("true or false"),
                t if t.starts_with('i') || t.starts_with('u') => Some("a whole number"),
                _ => None,
            };
            match (integer_problem(ty, found), expected, found) {
                (Some(text), _, _) => text,
                (None, Some(expected), Some(found)) => format!("expected {expected}, found {found}"),
                _ => plain_types(&saphyr_words(e)),
            }
        }
        E::InvalidBooleanStrict { .. } if found.is_some() => {
            format!("expected true or false, found {}", found.unwrap_or_default())
        }
        // saphyr says "expected string scalar" whatever the field's type, whenever a list
        // or a mapping stands where one value belongs; what was found is what the author
        // can act on.
        E::Unexpected {
            expected: "string scalar",
            ..
        } => {
            let what = match found.map(|f| f.chars().next()) {
                Some(Some('[')) => "a list `[...]`",
                Some(Some('{')) => "a mapping `{...}`",
                _ => "a list or a mapping",
            };
            format!("expected a single value here, found {what}")
        }
        E::Unexpected {
            expected: "mapping start",
            ..
        } => "expected `key: value` lines here (a plan file starts with `version: 1`)".into(),
        E::Unexpected {
            expected: "sequence start",
            ..
        } => "expected a list here (`- item` lines, or `[a, b]`)".into(),
        E::DuplicateMappingKey { key: Some(key), .. } => {
            format!("the key `{}` appears twice here; keep one of them", key.trim())
        }
        E::DuplicateMappingKey { key: None, .. } => {
            "a key appears twice here; keep one of them".into()
        }
        E::MultipleDocuments { .. } => {
            "the file holds more than one YAML document (a second `---` line); a plan file holds one plan".into()
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => plain_types(&format!("{unexpected}, expected {expected}")),
        E::Unexpected { expected, .. } => plain_types(&format!("expected {expected}")),
        other => plain_types(&saphyr_words(other)),
    }
}

/// "unknown key `x`; did you mean `y`? (keys allowed here: ...)".
fn unknown_key(name: &str, expected: &[&str]) -> String {
    let best = expected
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match best {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    };
    format!(
        "unknown key `{name}`{hint} (keys allowed here: {})",
        expected.join(", ")
    )
}

/// "invalid u32" covers a negative number, one too large and one that is not whole;
/// the first two are whole numbers, so they get their own wording.
fn integer_problem(ty: &str, found: Option<&str>) -> Option<String> {
    let max: i128 = match ty {
        "u8" => u8::MAX.into(),
        "u16" => u16::MAX.into(),
        "u32" => u32::MAX.into(),
        "u64" => u64::MAX.into(),
        "i8" => i8::MAX.into(),
        "i16" => i16::MAX.into(),
        "i32" => i32::MAX.into(),
        "i64" => i64::MAX.into(),
        _ => return None,
    };
    let found = found?;
    let value: i128 = found.replace('_', "").parse().ok()?;
    if value < 0 && ty.starts_with('u') {
        Some(format!("expected a whole number, 0 or more, found {found}"))
    } else if value > max {
        Some(format!(
            "the number {found} is too large here (at most {max})"
        ))
    } else if value < -max - 1 {
        Some(format!(
            "the number {found} is too small here (at least {})",
            -max - 1
        ))
    } else {
        None
    }
}

fn with_snippet(mut e: ParseError, text: &str) -> ParseError {
    if let Some(line) = e.line
        && let Some(src) = text.lines().nth(line.saturating_sub(1) as usize)
    {
        let src: String = src.chars().take(160).collect();
        let col = e.column.unwrap_or(1).saturating_sub(1) as usize;
        // The line is echoed to a terminal: its control characters are written out
        // (`\u{1b}`), and the caret counts the columns of what is shown before it.
        let before: String = src.chars().take(col).collect();
        let pad: String = crate::text::visible(&before)
            .chars()
            .map(|c| match c {
                '\t' => "\t".to_string(),
                c => " ".repeat(UnicodeWidthChar::width(c).unwrap_or(0)),
            })
            .collect();
        let src = crate::text::visible(&src);
        e.snippet = Some(format!("{line:>5} | {src}\n      | {pad}^"));
    }
    e
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    version: Spanned<u32>,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    alignment: Alignment,
    #[serde(default)]
    clusters: Vec<Spanned<Cluster>>,
    #[serde(default)]
    cross_cutting_articles: Vec<u32>,
    #[serde(default)]
    article_headings: std::collections::BTreeMap<u32, String>,
    #[serde(default)]
    fixed_topics: Vec<Spanned<FixedTopic>>,
    #[serde(default)]
    flexible_topics: Vec<Spanned<FlexibleTopic>>,
    #[serde(default)]
    footnotes: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    meetings: Vec<Spanned<RawMeeting>>,
    #[serde(default)]
    scenarios: Vec<Scenario>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeeting {
    number: MeetingNumber,
    year: Spanned<i32>,
    #[serde(default)]
    start: Option<Spanned<String>>,
    #[serde(default)]
    end: Option<Spanned<String>>,
    #[serde(default)]
    venue: Option<String>,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    fixed: Option<Spanned<TopicId>>,
    #[serde(default)]
    flexible: Option<Spanned<TopicId>>,
    #[serde(default)]
    flexible_text: Option<String>,
    #[serde(default)]
    agenda: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

fn line_of<T>(s: &Spanned<T>) -> u32 {
    s.referenced.line() as u32
}

fn date(
    value: Option<Spanned<String>>,
    index: usize,
    key: &str,
) -> Result<(Option<NaiveDate>, Option<u32>), ParseError> {
    let Some(value) = value else {
        return Ok((None, None));
    };
    let line = line_of(&value);
    match NaiveDate::parse_from_str(value.value.trim(), "%Y-%m-%d") {
        Ok(d) if value.value.trim().len() == 10 => Ok((Some(d), Some(line))),
        _ => {
            let shape_ok = value.value.trim().len() == 10
                && value.value.trim().as_bytes().get(4) == Some(&b'-')
                && value.value.trim().as_bytes().get(7) == Some(&b'-');
            let why = if shape_ok {
                "is not a date that exists"
            } else {
                "is not a date in the form YYYY-MM-DD"
            };
            Err(ParseError::at(
                Some(line),
                Some(value.referenced.column() as u32),
                format!("meetings[{index}].{key}"),
                format!(
                    "`{}` {why}; write it as YYYY-MM-DD, e.g. 2023-05-03",
                    value.value
                ),
            ))
        }
    }
}

impl RawPlan {
    fn into_loaded(self) -> Result<Loaded, ParseError> {
        if self.version.value != FORMAT_VERSION {
            return Err(ParseError::at(
                Some(line_of(&self.version)),
                Some(self.version.referenced.column() as u32),
                "version".into(),
                format!(
                    "this is plan format version {}, but this workplan reads version {FORMAT_VERSION}; upgrade workplan or write `version: 1`",
                    self.version.value
                ),
            ));
        }
        let mut source = SourceMap {
            clusters: self.clusters.iter().map(line_of).collect(),
            fixed_topics: self.fixed_topics.iter().map(line_of).collect(),
            flexible_topics: self.flexible_topics.iter().map(line_of).collect(),
            meetings: Vec::with_capacity(self.meetings.len()),
            footnotes: self.footnotes.values().map(line_of).collect(),
        };
        let mut meetings = Vec::with_capacity(self.meetings.len());
        for (i, m) in self.meetings.into_iter().enumerate() {
            let line = line_of(&m);
            let m = m.value;
            let (start, start_line) = date(m.start, i, "start")?;
            let (end, end_line) = date(m.end, i, "end")?;
            source.meetings.push(MeetingLines {
                meeting: line,
                year: line_of(&m.year),
                start: start_line,
                end: end_line,
                fixed: m.fixed.as_ref().map(line_of),
                flexible: m.flexible.as_ref().map(line_of),
            });
            meetings.push(Meeting {
                number: m.number,
                year: m.year.value,
                start,
                end,
                venue: m.venue,
                status: m.status,
                fixed: m.fixed.map(|s| s.value),
                flexible: m.flexible.map(|s| s.value),
                flexible_text: m.flexible_text,
                agenda: m.agenda,
                note: m.note,
            });
        }
        let plan = Plan {
            version: self.version.value,
            title: self.title,
            body: self.body,
            alignment: self.alignment,
            clusters: self.clusters.into_iter().map(|s| s.value).collect(),
            cross_cutting_articles: self.cross_cutting_articles,
            article_headings: self.article_headings,
            fixed_topics: self.fixed_topics.into_iter().map(|s| s.value).collect(),
            flexible_topics: self.flexible_topics.into_iter().map(|s| s.value).collect(),
            footnotes: self
                .footnotes
                .into_iter()
                .map(|(id, text)| (id, text.value))
                .collect(),
            meetings,
            scenarios: self.scenarios,
        };
        Ok(Loaded { plan, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    const MINIMAL: &str = "version: 1\ntitle: T\n";

    /// The error saphyr itself gives for `text` read as a plan.
    fn saphyr_error(text: &str) -> serde_saphyr::Error {
        let limits = Limits {
            max_depth: 8,
            ..Limits::default()
        };
        match serde_saphyr::from_str_with_options::<RawPlan>(text, saphyr_options(limits)) {
            Ok(_) => panic!("{text:?} read as a plan"),
            Err(e) => e,
        }
    }

    /// A file that is no plan, the kind of saphyr's error it must give, and the words the
    /// loader gives for that kind.
    type Case = (String, fn(&serde_saphyr::Error) -> bool, &'static str);

    /// Bad values and keys.
    fn value_cases() -> Vec<Case> {
        use serde_saphyr::Error as E;
        let plan = |tail: &str| format!("version: 1\ntitle: T\n{tail}");
        vec![
            (
                plan("titel: x\n"),
                |e| matches!(e, E::SerdeUnknownField { .. }),
                "unknown key `titel`",
            ),
            (
                "version: 1\n".into(),
                |e| matches!(e, E::SerdeMissingField { field: "title", .. }),
                "the required key `title` is missing",
            ),
            (
                "version: 1\ntitle:\n".into(),
                |e| matches!(e, E::NullIntoString { .. }),
                "a value is missing here",
            ),
            (
                "version: twenty\ntitle: T\n".into(),
                |e| matches!(e, E::InvalidScalar { ty: "u32", .. }),
                "expected a whole number, found twenty",
            ),
            (
                plan("flexible_topics:\n  - id: F1\n    title: x\n    recurring: maybe\n"),
                |e| matches!(e, E::InvalidScalar { ty: "boolean", .. }),
                "expected true or false, found maybe",
            ),
            (
                plan("venue: [a, b]\n").replace("venue", "grace_years_note"),
                |e| matches!(e, E::SerdeUnknownField { .. }),
                "unknown key",
            ),
        ]
    }

    /// Bad shapes: a list for a value, a key twice, two documents, no mapping, tabs.
    fn shape_cases() -> Vec<Case> {
        use serde_saphyr::Error as E;
        let plan = |tail: &str| format!("version: 1\ntitle: T\n{tail}");
        vec![
            (
                "version: 1\ntitle: [a, b]\n".into(),
                |e| {
                    matches!(
                        e,
                        E::Unexpected {
                            expected: "string scalar",
                            ..
                        }
                    )
                },
                "expected a single value here, found a list `[...]`",
            ),
            (
                "version: 1\ntitle: T\ntitle: U\n".into(),
                |e| matches!(e, E::DuplicateMappingKey { key: Some(_), .. }),
                "the key `title` appears twice here",
            ),
            (
                "version: 1\ntitle: T\n---\nversion: 1\n".into(),
                |e| matches!(e, E::MultipleDocuments { .. }),
                "more than one YAML document",
            ),
            (
                "just words\n".into(),
                |e| {
                    matches!(
                        e,
                        E::Unexpected {
                            expected: "mapping start",
                            ..
                        }
                    )
                },
                "expected `key: value` lines here",
            ),
            (
                plan("clusters:\n\t- id: C1\n"),
                |e| {
                    scan_kind(e).is_some_and(|k| {
                        matches!(
                            k,
                            ScanKind::TabInIndentation
                                | ScanKind::TabNotAllowed
                                | ScanKind::TabInBlockIndentation
                        )
                    })
                },
                "indented with a tab",
            ),
        ]
    }

    /// The messages are chosen by the kind of saphyr's error, not by its English: each
    /// bad file here must still give the kind the loader matches on, and the words the
    /// loader gives for it. A saphyr (or granit-parser) upgrade that changes a kind fails
    /// here, by name, rather than quietly degrading a message.
    #[test]
    fn saphyr_errors_keep_the_kinds_the_messages_are_chosen_by() {
        let cases = [value_cases(), shape_cases()].concat();
        assert_eq!(cases.len(), 11);
        for (text, kind, words) in &cases {
            let e = saphyr_error(text);
            assert!(kind(innermost(&e)), "{text:?}: saphyr now says {e:?}");
            let shown = parse(text).expect_err("not a plan").headline();
            assert!(shown.contains(words), "{text:?}: {shown}");
        }
    }

    /// Nesting past the parser's limit: its own kind, then the loader's words.
    #[test]
    fn nesting_past_the_limit_keeps_its_kind() {
        let deep = format!("version: 1\ntitle: {}{}\n", "[".repeat(20), "]".repeat(20));
        let limits = Limits {
            max_depth: 8,
            ..Limits::default()
        };
        let untyped = serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(
            &deep,
            saphyr_options(limits),
        );
        let e = untyped.expect_err("too deep");
        assert!(
            matches!(scan_kind(&e), Some(ScanKind::RecursionLimitExceeded)),
            "{e:?}"
        );
        let shown = parse_with(&deep, limits).expect_err("too deep").headline();
        assert!(shown.contains("nests deeper than 8 levels"), "{shown}");
    }

    #[test]
    fn minimal_plan_loads_with_defaults() {
        let l = parse(MINIMAL).unwrap();
        assert_eq!(l.plan.alignment.grace_years, 1);
        assert!(l.plan.meetings.is_empty());
    }

    #[test]
    fn meeting_lines_are_recorded() {
        let text = "version: 1\ntitle: T\nfixed_topics:\n  - id: T1\n    title: a\n    articles: [3]\nmeetings:\n  - number: 1\n    year: 2020\n    fixed: T1\n";
        let l = parse(text).unwrap();
        assert_eq!(l.source.fixed_topics, vec![4]);
        let m = l.source.meetings[0];
        assert_eq!((m.meeting, m.year, m.fixed), (8, 9, Some(10)));
    }

    #[test]
    fn type_error_names_path_line_and_column() {
        let text = "version: 1\ntitle: T\nmeetings:\n  - number: 1\n    year: twenty\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.path, "meetings[0].year");
        assert_eq!(e.line, Some(5));
        assert_eq!(e.column, Some(11));
        assert!(e.snippet.unwrap().contains("year: twenty"));
    }

    #[test]
    fn snippet_writes_out_control_characters_and_keeps_the_caret_under_the_column() {
        // A raw ESC in a comment (OSC: set the window title) and in a value (CSI 2 J),
        // a C1 CSI, after wide characters: nothing reaches the terminal raw, and the
        // caret still points at the character the parser names.
        for (text, marked) in [
            (
                "version: 1\n# x \u{1b}]0;owned\u{7} y\ntitle: T\n",
                "\\u{1b}]0;owned",
            ),
            ("version: 1\ntitle: T\nbody: 工作 \u{1b}[2J\n", "\\u{1b}[2J"),
            ("version: 1\ntitle: 工 \u{9b}2J\n", "\\u{9b}2J"),
        ] {
            let e = parse(text).unwrap_err();
            let snippet = e.snippet.expect("the line is shown");
            assert!(
                !snippet.chars().any(|c| c.is_control() && c != '\n'),
                "{snippet:?}"
            );
            let (line, caret) = snippet.split_once('\n').expect("two lines");
            let number = e.line.expect("a line");
            let src = text.lines().nth(number as usize - 1).expect("the line");
            let col = e.column.expect("a column") as usize;
            let before: String = src.chars().take(col - 1).collect();
            let before = crate::text::visible(&before);
            assert!(
                line.starts_with(&format!("{number:>5} | {before}")),
                "{snippet}"
            );
            let pad = caret
                .strip_prefix("      | ")
                .and_then(|c| c.strip_suffix('^'))
                .expect("caret line");
            assert!(pad.chars().all(|c| c == ' '), "{snippet}");
            assert_eq!(pad.len(), UnicodeWidthStr::width(&*before), "{snippet}");
            assert!(line.contains(marked), "{snippet}");
        }
    }

    #[test]
    fn unknown_key_suggests_the_close_one() {
        let text = "version: 1\ntitle: T\nmeetings:\n  - number: 1\n    yeer: 2020\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("did you mean `year`"), "{}", e.message);
        assert_eq!(e.line, Some(5));
    }

    #[test]
    fn impossible_date_names_its_line() {
        let text = "version: 1\ntitle: T\nmeetings:\n  - number: 1\n    year: 2023\n    start: 2023-02-30\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(
            e.message.contains("not a date that exists"),
            "{}",
            e.message
        );
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let e = parse("version: 1\ntitle: a\ntitle: b\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
    }

    #[test]
    fn other_versions_are_refused() {
        let e = parse("version: 2\ntitle: a\n").unwrap_err();
        assert_eq!(e.path, "version");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn empty_and_comment_only_files_say_so() {
        for text in ["", "# nothing\n\n", "---\n"] {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains("holds no plan"), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn deep_nesting_names_the_depth_limit() {
        let flow = format!(
            "version: 1\ntitle: T\nbody: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let block: String = (1..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect();
        for text in [flow, format!("version: 1\ntitle: T\nmeetings:\n{block}")] {
            let e = parse(&text).unwrap_err();
            assert!(
                e.message
                    .starts_with("the plan nests deeper than 64 levels"),
                "{e:?}"
            );
            assert!(e.line.is_some(), "{e:?}");
        }
    }

    #[test]
    fn alias_bombs_name_the_alias_limits() {
        let mut laughs =
            String::from("version: 1\ntitle: T\nx0: &a0 [l, l, l, l, l, l, l, l, l]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            laughs.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let e = parse(&laughs).unwrap_err();
        assert!(
            e.message
                .contains("aliases (`*name`) expand to more than 100000 values"),
            "{e:?}"
        );

        let mut many =
            String::from("version: 1\ntitle: T\nmeetings:\n  - &m {number: 1, year: 2020}\n");
        many.push_str(&"  - *m\n".repeat(10_001));
        let e = parse(&many).unwrap_err();
        assert!(
            e.message
                .starts_with("the plan expands more than 10000 aliases"),
            "{e:?}"
        );
        assert!(e.line.is_some(), "{e:?}");
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let text = "version: 1\ntitle: T\nmeetings:\n  - {number: 1, year: 2020, venue: &v Vienna}\n  - {number: 2, year: 2021, venue: *v}\n";
        let plan = parse(text).unwrap().plan;
        assert_eq!(plan.meetings[1].venue.as_deref(), Some("Vienna"));
    }

    #[test]
    fn tab_indentation_names_the_tabbed_line() {
        for (text, line) in [
            ("version: 1\ntitle: T\nmeetings:\n\t- number: 1\n", 4),
            (
                "version: 1\ntitle: T\nmeetings:\n  - number: 1\n\tyear: 2020\n",
                5,
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, Some(line), "{e:?}");
            assert!(e.message.contains("indented with a tab"), "{e:?}");
        }
    }

    #[test]
    fn bom_and_crlf_load() {
        let l = parse(
            "\u{feff}version: 1\r\ntitle: T\r\nmeetings:\r\n  - number: 1\r\n    year: 2020\r\n",
        )
        .unwrap();
        assert_eq!(l.plan.title, "T");
        assert_eq!(l.source.meetings[0].year, 5);
    }

    #[test]
    fn include_tags_read_no_file() {
        let text = "version: 1\ntitle: !include /etc/passwd\n";
        // The tag is ignored: the title is the path itself, never the file's content.
        match parse(text) {
            Ok(l) => assert_eq!(l.plan.title, "/etc/passwd"),
            Err(e) => panic!("include tag refused: {e:?}"),
        }
    }

    #[test]
    fn flow_values_are_quoted_alone() {
        let e = parse(
            "version: 1\ntitle: T\nclusters:\n  - id: C1\n    review: { start: soon, end: 2024 }\n",
        )
        .unwrap_err();
        assert_eq!(e.message, "expected a whole number, found soon");
    }

    fn meeting_number_error(value: &str) -> String {
        let text =
            format!("version: 1\ntitle: T\nmeetings:\n  - number: {value}\n    year: 2023\n");
        parse(&text).unwrap_err().message
    }

    #[test]
    fn a_negative_count_is_not_called_a_non_whole_number() {
        // -1 is a whole number: saying "expected a whole number" sends the author looking
        // for a typo that is not there.
        assert_eq!(
            meeting_number_error("-1"),
            "expected a whole number, 0 or more, found -1"
        );
        let e = parse("version: 1\ntitle: T\nalignment:\n  grace_years: -3\n").unwrap_err();
        assert_eq!(e.message, "expected a whole number, 0 or more, found -3");
    }

    #[test]
    fn a_number_too_large_says_so() {
        assert_eq!(
            meeting_number_error("99999999999"),
            "the number 99999999999 is too large here (at most 4294967295)"
        );
        let e = parse("version: 1\ntitle: T\nmeetings:\n  - number: 1\n    year: 99999999999\n")
            .unwrap_err();
        assert_eq!(
            e.message,
            "the number 99999999999 is too large here (at most 2147483647)"
        );
        assert_eq!(
            meeting_number_error("1.5"),
            "expected a whole number, found 1.5"
        );
    }

    #[test]
    fn a_list_or_mapping_where_one_value_belongs_is_named() {
        // saphyr says "expected string scalar" whatever the field's type; "expected text"
        // was wrong for a number and said nothing of what was found.
        assert_eq!(
            meeting_number_error("[1]"),
            "expected a single value here, found a list `[...]`"
        );
        assert_eq!(
            meeting_number_error("{a: 1}"),
            "expected a single value here, found a mapping `{...}`"
        );
        let e = parse("version: 1\ntitle:\n  - a\n").unwrap_err();
        assert_eq!(
            e.message,
            "expected a single value here, found a list or a mapping"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode(b"version: 1\ntitle: \xff\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
    }
}
