//! Exports of a plan: one file per format behind one [`Format`] enum.
//!
//! Every export is a pure function of the plan and its findings: no clock, no files.
//! Writing the result out (atomically) is the caller's business.

mod columns;
mod csv;
pub(crate) mod docx;
mod html;
mod ics;
mod json;
mod lookup;
mod md;
mod mermaid;
mod xlsx;

use crate::check::Finding;
use crate::plan::annex::{Question, Span, spans, without_notes};
use crate::plan::canonical::{CanonicalError, to_yaml};
use crate::plan::{FixedTopic, FlexibleTopic, Meeting, Plan, TopicId, TopicSource, ordinal};
use columns::meeting_details;
pub use ics::PreviousCalendar;
use lookup::Lookup;

/// The export formats; the names are those of `--format` and of the planner's dialog.
///
/// The one list of formats: `--format` (`cli::choice`), the planner's dialog and
/// its default file names ([`Format::ALL`], [`Format::as_str`], both from strum) all
/// come from this enum; the docs are checked against it (`tests/it/docs.rs`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    strum::VariantArray,
    strum::EnumMessage,
    strum::EnumCount,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// Markdown: the annex (its table, the flexible topics, the fixed topics with their
    /// questions and footnotes) and a table of the cluster windows.
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
pub struct Options<'a> {
    /// The meetings' notes in the calendar (`--notes`); other formats always carry them.
    pub notes: bool,
    /// A CSV starting with a byte-order mark (`--bom`), by which Excel knows it for
    /// UTF-8; other formats ignore it.
    pub bom: bool,
    /// The calendar last published (`--previous`), which each event's SEQUENCE counts
    /// from; the other formats ignore it.
    pub previous: Option<&'a PreviousCalendar>,
}

/// [`render`] with [`Options`].
pub fn render_with(
    plan: &Plan,
    findings: &[Finding],
    format: Format,
    options: Options<'_>,
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
        Format::Csv => text(csv::render(&lookup(), options.bom)?),
        Format::Json => text(json::render(plan, findings)?),
        Format::Ics => ics::render(&lookup(), options.notes, options.previous),
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
    crate::textfmt::dates_label(m.year, m.start, m.end)
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

/// What the tables say in a topic's cell of a meeting of the workplan that has neither
/// topic: a gap in the plan, marked, never a blank cell.
const NO_TOPIC: &str = "no topic set";

/// A meeting of the workplan (not one on record from before it) with neither a fixed
/// nor a flexible topic.
fn is_without_topic(m: &Meeting) -> bool {
    m.fixed.is_none() && m.flexible.is_none() && !m.status.is_history()
}

/// "T1: Use of terms — Tenth meeting of the Working Group on Firearms (2023)": under a
/// fixed topic's annex heading, its id and title (as the table of meetings names it) and
/// the meetings it is scheduled for, as the annex heads them, or "not scheduled".
fn topic_line(lk: &Lookup, t: &FixedTopic) -> String {
    let at: Vec<String> = lk
        .meetings_with(&t.id)
        .iter()
        .map(|m| format!("{} ({})", lk.plan.meeting_heading(m.number), m.year))
        .collect();
    let at = if at.is_empty() {
        "not scheduled".to_owned()
    } else {
        at.join("; ")
    };
    format!("{}: {} — {at}", t.id, t.title)
}

/// What the annex sets out under a fixed topic, in its order, for the formats that write
/// it as text (Markdown, HTML): each writes these blocks in its own markup.
#[derive(Debug, PartialEq, Eq)]
enum Block<'a> {
    /// The paragraph that opens the topic.
    Introduction(&'a str),
    /// A group's heading ("Article 5, paragraph 1").
    GroupHeading(&'a str),
    /// The sentence a group's issues complete ("National experiences in …:").
    LeadIn(&'a str),
    /// Issues, one list: a group's, or plain issues in a row.
    Issues(Vec<&'a str>),
}

fn topic_blocks(t: &FixedTopic) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    if let Some(intro) = &t.introduction {
        out.push(Block::Introduction(intro.as_str()));
    }
    // Plain issues in a row make one list; a group's list is its own.
    let mut plain_open = false;
    for q in &t.questions {
        match q {
            Question::Issue(text) => match out.last_mut() {
                Some(Block::Issues(list)) if plain_open => list.push(text.as_str()),
                _ => {
                    out.push(Block::Issues(vec![text.as_str()]));
                    plain_open = true;
                }
            },
            Question::Group(g) => {
                plain_open = false;
                out.extend(g.heading.as_deref().map(Block::GroupHeading));
                out.extend(g.lead_in.as_deref().map(Block::LeadIn));
                if !g.issues.is_empty() {
                    out.push(Block::Issues(g.issues.iter().map(String::as_str).collect()));
                }
            }
        }
    }
    out
}

/// The plan's footnotes numbered 1, 2, … in the order a document first refers to them,
/// as GitHub numbers Markdown footnotes and the annex numbers its own. A reference to an
/// id the plan does not define is left out: a number with no note would mislead.
struct Notes<'a> {
    plan: &'a Plan,
    order: Vec<&'a str>,
    /// The number of each note referred to so far: a plan may hold many notes, and
    /// looking each reference up in `order` made the export quadratic.
    numbers: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Notes<'a> {
    fn new(plan: &'a Plan) -> Self {
        Self {
            plan,
            order: Vec::new(),
            numbers: std::collections::HashMap::new(),
        }
    }

    /// The number of note `id`, and whether this is its first reference.
    fn number(&mut self, id: &'a str) -> Option<(usize, bool)> {
        if let Some(&n) = self.numbers.get(id) {
            return Some((n, false));
        }
        self.plan.footnotes.get(id)?;
        self.order.push(id);
        self.numbers.insert(id, self.order.len());
        Some((self.order.len(), true))
    }

    /// Each note referred to, with its number, in order (a note's own references are
    /// left out: notes are not nested).
    fn texts(&self) -> impl Iterator<Item = (usize, std::borrow::Cow<'a, str>)> + '_ {
        self.order.iter().enumerate().filter_map(|(i, id)| {
            let text = self.plan.footnotes.get(*id)?;
            Some((i + 1, without_notes(text)))
        })
    }

    /// `text` in a format's markup: its words through `words` (the format's escaping),
    /// each footnote reference through `note` (number, first reference).
    fn write(
        &mut self,
        text: &'a str,
        words: impl Fn(&str) -> String,
        note: impl Fn(usize, bool) -> String,
    ) -> String {
        let mut out = String::new();
        for span in spans(text) {
            match span {
                Span::Text(t) => out.push_str(&words(t)),
                Span::Note(id) => {
                    if let Some((n, first)) = self.number(id) {
                        out.push_str(&note(n, first));
                    }
                }
            }
        }
        out
    }
}

/// One row of the list of flexible topics (agenda item 2), the same in every format.
struct FlexibleRow<'a> {
    topic: &'a FlexibleTopic,
    source: &'static str,
    articles: String,
    /// The meetings that take the topic up, by ordinal: "10th, 14th".
    meetings: String,
}

fn flexible_rows<'a>(lk: &Lookup<'a>) -> Vec<FlexibleRow<'a>> {
    let mut taken: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
    for m in &lk.meetings {
        if let Some(id) = &m.flexible {
            taken
                .entry(id.as_str())
                .or_default()
                .push(ordinal(m.number));
        }
    }
    lk.plan
        .flexible_topics
        .iter()
        .map(|t| FlexibleRow {
            topic: t,
            source: match t.source {
                TopicSource::List => "non-exclusive list",
                TopicSource::Additional => "additional, approved by the extended Bureau",
            },
            articles: articles(&t.related_articles),
            meetings: taken
                .get(t.id.as_str())
                .map(|v| v.join(", "))
                .unwrap_or_default(),
        })
        .collect()
}

/// The sentence that captions the table of meetings, next to it in every format.
fn agenda_caption(plan: &Plan) -> String {
    format!(
        "Meetings of the {}; agenda item 2 is chosen meeting by meeting, agenda item 3 \
         follows the fixed timeline.",
        body_name(plan)
    )
}

#[cfg(test)]
mod tests;
