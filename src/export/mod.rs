//! Exports of a plan: one file per format behind one [`Format`] enum.
//!
//! Every export is a pure function of the plan and its findings: no clock, no files.
//! Writing the result out (atomically) is the caller's business.

mod csv;
pub(crate) mod docx;
mod html;
mod ics;
mod json;
mod lookup;
mod md;
mod mermaid;
mod xlsx;

use clap::ValueEnum;

use crate::check::Finding;
use crate::plan::canonical::{CanonicalError, to_yaml};
use crate::plan::{FixedTopic, Meeting, Plan, TopicId, ordinal};
use lookup::Lookup;

/// The export formats; the names are those of `--format` and of the planner's dialog.
///
/// The one list of formats: `--format` (clap's `ValueEnum`), the planner's dialog and
/// its default file names ([`Format::ALL`], [`Format::as_str`], both from strum) all
/// come from this enum; the docs are checked against it (`tests/docs.rs`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    ValueEnum,
    strum::VariantArray,
    strum::EnumCount,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// Markdown: the annex's table and a table of the cluster windows.
    Md,
    /// CSV (RFC 4180), one row per meeting, safe to open in a spreadsheet.
    Csv,
    /// The normalized plan and its findings.
    Json,
    /// iCalendar (RFC 5545): one all-day event per meeting; planned meetings without
    /// dates as tentative entries.
    Ics,
    /// One self-contained web page with the timeline, printable on A4 landscape.
    Html,
    /// A Mermaid gantt chart of the cluster windows and meetings.
    Mermaid,
    /// The plan in canonical form (the plan file format).
    Yaml,
    /// Word document: the annex as the Secretariat lays it out, for the Bureau.
    Docx,
    /// Spreadsheet: sheets of meetings, clusters and topics, in typed cells.
    Xlsx,
}

impl Format {
    /// Every format, in the order of `--format`'s list and of the planner's dialog: strum's
    /// list, as an array (so `for f in Format::ALL` gives formats, not references).
    pub const ALL: [Format; <Format as strum::EnumCount>::COUNT] = {
        use strum::{EnumCount as _, VariantArray as _};
        let mut all = [Format::Md; Format::COUNT];
        let mut i = 0;
        while i < Format::COUNT {
            all[i] = Format::VARIANTS[i];
            i += 1;
        }
        all
    };

    /// The name `--format` takes.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The names of all formats for a sentence: "md, csv, ..., docx or xlsx".
    pub fn names(conjunction: &str) -> String {
        let names: Vec<&str> = Self::ALL.iter().map(|f| f.as_str()).collect();
        match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// A file, not text: written with `-o` or into a pipe, never onto a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }

    /// File extension for a default output name (`plan.md`, `plan.mmd` ...).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mermaid => "mmd",
            other => other.as_str(),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An export's text, and what it had to leave out (and why), for the user to see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    pub text: String,
    /// One line per part of the plan the format cannot carry, e.g. an ICS meeting
    /// on record without dates: "3rd meeting (2015): no dates set".
    pub skipped: Vec<String>,
    /// The file of a binary format (DOCX, XLSX); `text` is then empty.
    pub binary: Option<Vec<u8>>,
}

impl Export {
    /// What to write to the file: the binary file, else the text.
    pub fn bytes(&self) -> &[u8] {
        self.binary.as_deref().unwrap_or(self.text.as_bytes())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Yaml(#[from] CanonicalError),
    #[error("cannot write the plan as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write the plan as CSV: {0}")]
    Csv(String),
    #[error("cannot write the plan as DOCX: {0}")]
    Docx(String),
    #[error("cannot write the plan as XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// Renders `plan` in `format`. `findings` are shown beside the meetings they concern
/// (pass `check::check(plan)`, or an empty slice for a plain export).
pub fn render(plan: &Plan, findings: &[Finding], format: Format) -> Result<Export, ExportError> {
    render_with(plan, findings, format, Options::default())
}

/// What an export may add on request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The meetings' notes in the calendar (`--notes`); other formats always carry them.
    pub notes: bool,
}

/// [`render`] with [`Options`].
pub fn render_with(
    plan: &Plan,
    findings: &[Finding],
    format: Format,
    options: Options,
) -> Result<Export, ExportError> {
    let text = |text: String| Export {
        text,
        ..Export::default()
    };
    let binary = |bytes: Vec<u8>| Export {
        binary: Some(bytes),
        ..Export::default()
    };
    // Built only for the formats that look things up per meeting.
    let lookup = || Lookup::new(plan, findings);
    Ok(match format {
        Format::Md => text(md::render(&lookup())),
        Format::Csv => text(csv::render(&lookup())?),
        Format::Json => text(json::render(plan, findings)?),
        Format::Ics => ics::render(&lookup(), options.notes),
        Format::Html => text(html::render(&lookup())),
        Format::Mermaid => text(mermaid::render(&lookup())),
        Format::Yaml => text(to_yaml(plan)?),
        Format::Docx => binary(docx::render(&lookup())?),
        Format::Xlsx => binary(xlsx::render(&lookup())?),
    })
}

/// "Working Group on Firearms", else the plan's title.
fn body_name(plan: &Plan) -> &str {
    plan.body.as_deref().unwrap_or(&plan.title)
}

/// "10th meeting of the Working Group on Firearms".
fn meeting_name(plan: &Plan, m: &Meeting) -> String {
    format!("{} meeting of the {}", ordinal(m.number), body_name(plan))
}

/// Empty rather than "no article": an export leaves the cell blank.
fn articles(a: &[u32]) -> String {
    if a.is_empty() {
        String::new()
    } else {
        crate::plan::articles_label(a)
    }
}

/// "T1: Use of terms; scope of application (articles 3, 4)".
fn fixed_label(lk: &Lookup, id: &TopicId) -> String {
    match lk.fixed_topic(id) {
        Some(FixedTopic {
            title, articles: a, ..
        }) if !a.is_empty() => format!("{id}: {title} ({})", articles(a)),
        Some(t) => format!("{id}: {}", t.title),
        None => format!("{id} (not defined in the plan)"),
    }
}

fn flexible_label(lk: &Lookup, id: &TopicId) -> String {
    match lk.flexible_topic(id) {
        Some(t) => format!("{id}: {}", t.title),
        None => format!("{id} (not defined in the plan)"),
    }
}

fn dates(m: &Meeting) -> String {
    crate::diff::dates_label(m.year, m.start, m.end)
}

/// What the "Year and meeting" column says of a meeting beside its year and ordinal:
/// its dates, venue and status (when not planned), where known.
fn meeting_details(m: &Meeting) -> Vec<String> {
    let mut details = Vec::new();
    if m.start.is_some() {
        details.push(dates(m));
    }
    if let Some(v) = &m.venue {
        details.push(v.clone());
    }
    if m.status != crate::plan::Status::Planned {
        details.push(m.status.to_string());
    }
    details
}

/// Shortens to `max` characters, ending with an ellipsis, for labels in charts; the
/// full text stays in the tables.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "Articles 3, 4. Scheduled for the 12th meeting (2025).", "Articles 3, 4. Held at the
/// 10th meeting (2023).": what the Markdown and HTML say of a fixed topic above its
/// questions for discussion.
fn topic_about(lk: &Lookup, t: &FixedTopic) -> String {
    let mut about = Vec::new();
    if !t.articles.is_empty() {
        let a = articles(&t.articles);
        // "articles 3, 4" -> "Articles 3, 4" at the start of the sentence.
        let mut chars = a.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        about.push(first.into_iter().chain(chars).collect::<String>());
    }
    // A meeting that has taken place held the topic; only those to come are scheduled.
    let (held, ahead): (Vec<&&Meeting>, Vec<&&Meeting>) = lk
        .meetings_with(&t.id)
        .iter()
        .partition(|m| m.status == crate::plan::Status::Held);
    let at = |ms: &[&&Meeting]| -> String {
        ms.iter()
            .map(|m| format!("the {} meeting ({})", ordinal(m.number), m.year))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if !held.is_empty() {
        about.push(format!("Held at {}", at(&held)));
    }
    if !ahead.is_empty() {
        about.push(format!("Scheduled for {}", at(&ahead)));
    } else if held.is_empty() {
        about.push("Not scheduled".to_owned());
    }
    format!("{}.", about.join(". "))
}

#[cfg(test)]
mod tests;
