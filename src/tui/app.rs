//! The planner's state: the plan, its history, what is selected, which dialog is open.
//! No terminal types here; the view maps this to widgets.

use std::path::PathBuf;

use super::field::Field;
use crate::check::{Checked, Code, Counts, Finding, Severity};
use crate::edit::History;
use crate::export::Format;
use crate::plan::index::Change;
use crate::plan::save::Fingerprint;
use crate::plan::{FixedTopic, FlexibleTopic, Limits, MeetingNumber, Plan, PlanIndex, TopicId};
use crate::realign::Proposal;

/// A rectangle of terminal cells: left column, top row, width and height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Region {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Region {
    /// The row below the region.
    pub fn bottom(self) -> u16 {
        self.y.saturating_add(self.height)
    }

    pub fn contains(self, column: u16, row: u16) -> bool {
        (self.x..self.x.saturating_add(self.width)).contains(&column)
            && (self.y..self.bottom()).contains(&row)
    }
}

/// Where the last frame drew the panes a click can land on; the view reports it
/// (`view::Areas`), the loop keeps it here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub timeline: Region,
    pub table: Region,
    pub details: Region,
    pub findings: Region,
}

/// Where the plan came from, which decides where saving writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary: never overwritten, saving asks for a path.
    Bundled,
    File(PathBuf),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Timeline,
    Meetings,
    Details,
    Findings,
}

impl Pane {
    pub const ALL: [Pane; 4] = [
        Pane::Timeline,
        Pane::Meetings,
        Pane::Details,
        Pane::Findings,
    ];
}

/// What a one-line text field is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Dates {
        meeting: MeetingNumber,
    },
    Venue {
        meeting: MeetingNumber,
    },
    Note {
        meeting: MeetingNumber,
    },
    FlexibleTitle,
    FlexibleArticles {
        title: String,
    },
    SaveAs,
    ExportPath {
        format: Format,
    },
    /// Where to write the amendment shown in the diff view (format by extension); the
    /// view's lines and scroll, to go back to it once written or cancelled.
    AmendmentPath {
        lines: Vec<String>,
        scroll: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Field,
    /// Shown under the field as the user types or presses Enter on what cannot be
    /// accepted; none on opening, when the field shows its hint instead.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub meeting: MeetingNumber,
    pub query: Field,
    /// Positions in the flexible pool that match the query.
    pub matches: Vec<usize>,
    pub selected: usize,
}

/// The realignment on offer, laid out once when the preview opens.
#[derive(Clone, Debug, PartialEq)]
pub struct RealignPreview {
    pub proposal: Box<Proposal>,
    pub allow_reorder: bool,
    /// Let a year that has one meeting get a second (`s`).
    pub allow_second: bool,
    /// The cost of each way of realigning (order kept or free, with or without second
    /// meetings), side by side before one is applied.
    pub alternatives: Vec<(&'static str, String)>,
    /// What the proposal changes, read from its plan: one row per meeting still to come
    /// of the proposed plan beside what it is now, the counts and the findings after.
    pub summary: crate::realign::summary::Summary,
    pub scroll: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    Normal,
    Help {
        scroll: u16,
    },
    Filter {
        input: Field,
    },
    /// Choosing the meeting `topic` goes to.
    Moving {
        topic: TopicId,
        from: Option<MeetingNumber>,
    },
    /// The target meeting already has `other`: swap or shift?
    Conflict {
        topic: TopicId,
        to: MeetingNumber,
        other: TopicId,
    },
    Picker(Picker),
    Prompt(Prompt),
    EditMenu {
        meeting: MeetingNumber,
    },
    Choice {
        meeting: MeetingNumber,
        selected: usize,
    },
    ConfirmQuit,
    /// Unsaved edits from an earlier session were found.
    Restore(Box<RestoreOffer>),
    /// Saving found the plan's file changed on disk since it was opened or last saved.
    ChangedOnDisk(Box<DiskChange>),
    Export {
        selected: usize,
    },
    /// The amendment since opening, as text lines (computed once when opened).
    Diff {
        lines: Vec<String>,
        scroll: usize,
    },
    Realign(RealignPreview),
}

/// Unsaved edits of an earlier session, as read from its recovery file.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub plan: Plan,
    /// The plan the edits started from (as opened or last saved), when the file says.
    pub base: Option<Plan>,
    /// The plan file holds the very text the edits started from.
    pub base_is_current: bool,
    pub path: PathBuf,
    pub saved_at_unix: i64,
}

impl Recovered {
    /// When they were written, for the user to recognise them.
    pub fn when(&self) -> String {
        chrono::DateTime::from_timestamp(self.saved_at_unix, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "an earlier session".into())
    }
}

/// How restoring recovered edits treats the plan as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Restoring {
    /// The plan is as the edits found it: they come back as they were.
    AsKept,
    /// The plan changed since (on disk, or by edits restored before): the edits are
    /// merged onto it, and where both changed one thing the plan's value stays (each
    /// such conflict in one line).
    Merged {
        changed_on_disk: bool,
        conflicts: Vec<String>,
    },
    /// The edits cannot be merged onto the plan (`why`): restoring replaces it with them.
    Replacing { why: String },
}

/// The recovery dialog: one set of recovered edits, what restoring them gives, and the
/// others waiting their turn.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreOffer {
    pub recovered: Recovered,
    /// The plan restoring gives.
    pub restored: Plan,
    pub how: Restoring,
    /// What restoring changes, in the words of the amendment view.
    pub difference: Vec<String>,
    /// Further recovered edits, newest first, offered after this one.
    pub rest: Vec<Recovered>,
}

/// The solver at work; what the planner said before it ("Realigning…" covers it), said
/// again with the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Realigning {
    pub notice: Option<Notice>,
}

/// The "changed on disk" dialog: the plan's file as it is now, and what reloading it
/// (this session's edits merged onto it) would give.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskChange {
    pub path: PathBuf,
    /// The file as read again, or why it could not be: then only overwriting or saving
    /// elsewhere is offered.
    pub now: Result<Reloading, String>,
}

/// The plan's file as read again, and this session's edits merged onto it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reloading {
    pub disk: super::msg::OnDisk,
    /// The edits merged onto the file as it is now, and the conflicts (the file's value
    /// kept), each in one line; or why they cannot be merged.
    pub merged: Result<(Plan, Vec<String>), String>,
    /// The plan as edited against the file as it is now, in the words of the amendment
    /// view.
    pub difference: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

/// Findings of one meeting, summarised for its row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub counts: Counts,
    pub misaligned: Option<Code>,
    /// The most severe finding's code.
    pub worst: Option<(Severity, Code)>,
}

/// What the view needs that is costly to compute: the plan's index and findings, kept
/// up to date after each edit (only what the edit can change is checked again), never
/// computed per frame or per key. Derefs to the [`Checked`] plan (`findings`, `counts`).
#[derive(Clone, Debug, Default)]
pub struct Derived {
    checked: Checked,
    /// `plan.span()`, which walks every meeting.
    pub span: Option<(i32, i32)>,
    /// Highest meeting number, for the width of the number column.
    pub last_number: MeetingNumber,
    /// Columns of the longest cluster name, for the timeline's names
    /// ([`cluster_label_width`]).
    pub cluster_label_width: usize,
}

/// Columns the longest cluster name needs, with the space after it. Kept with the
/// plan's findings ([`Derived`]), not measured per frame: a plan of 100,000 meetings has
/// some 9,000 clusters, and measuring each name took an eighth of a frame (perf).
pub fn cluster_label_width(plan: &crate::plan::Plan) -> usize {
    plan.clusters
        .iter()
        .map(|c| super::field::width(&cluster_label(c)) + 1)
        .max()
        .unwrap_or(0)
}

/// A cluster as the timeline names it: its id, then its name.
pub fn cluster_label(c: &crate::plan::Cluster) -> String {
    match &c.name {
        Some(n) => format!("{} {n}", c.id),
        None => c.id.to_string(),
    }
}

impl std::ops::Deref for Derived {
    type Target = Checked;
    fn deref(&self) -> &Checked {
        &self.checked
    }
}

impl Derived {
    pub fn new(plan: &Plan) -> Self {
        let mut derived = Self {
            checked: Checked::new(plan),
            cluster_label_width: cluster_label_width(plan),
            ..Self::default()
        };
        derived.summarise(plan);
        derived
    }

    /// Catches up with `changes` made to `plan` (`History::take_changes`).
    pub fn update(&mut self, plan: &Plan, changes: &[Change]) {
        // Told even of no change, so that its record of what the last update did to
        // misalignment (what the planner's messages report) is not a stale one.
        self.checked.update(plan, changes);
        if changes.is_empty() {
            return;
        }
        // Clusters change only by a change other than to single meetings.
        if changes.contains(&Change::Other) {
            self.cluster_label_width = cluster_label_width(plan);
        }
        self.summarise(plan);
    }

    fn summarise(&mut self, plan: &Plan) {
        let index = self.checked.index();
        self.span = plan.span_with_meeting_years(index.meeting_years());
        self.last_number = index.last_number().unwrap_or_default();
    }

    /// Findings about the meetings numbered `number`, in the order of `findings`, with
    /// their positions there.
    pub fn findings_of(&self, number: MeetingNumber) -> impl Iterator<Item = (usize, &Finding)> {
        self.index()
            .numbered(number)
            .iter()
            .flat_map(move |&i| self.at_meeting(i))
    }

    /// The findings of meeting `number` summarised for its row; None without findings.
    pub fn marks(&self, number: MeetingNumber) -> Option<Marks> {
        let mut marks: Option<Marks> = None;
        for (_, f) in self.findings_of(number) {
            let m = marks.get_or_insert_with(Marks::default);
            m.counts.add(f.severity);
            if f.is_misalignment() && m.misaligned.is_none() {
                m.misaligned = Some(f.code);
            }
            if m.worst.is_none_or(|(s, _)| f.severity > s) {
                m.worst = Some((f.severity, f.code));
            }
        }
        marks
    }
}

pub struct App {
    pub plan: Plan,
    /// The plan as opened, for the diff view: the amendment of the whole session.
    pub opened: Plan,
    pub origin: Origin,
    /// Text of the file as opened or last saved: saving edits it in place.
    pub original_text: Option<String>,
    /// The file as opened or last saved, to refuse overwriting someone else's change.
    pub fingerprint: Option<Fingerprint>,
    pub history: History,
    pub derived: Derived,
    /// Meeting positions shown in the table (all, or those matching the filter),
    /// ascending: `select_number` searches them.
    pub rows: Vec<usize>,
    pub filter: Option<String>,
    pub focus: Pane,
    /// Position in `rows` of the selected meeting.
    pub selected: usize,
    pub table_offset: usize,
    pub cluster: usize,
    pub finding: usize,
    pub finding_offset: usize,
    /// The plan's file was read-only when it was opened: the header says so, and
    /// saving over it asks first.
    pub read_only: bool,
    /// How far the details pane is scrolled, and for which meeting: another meeting's
    /// details open at their top (see [`App::details_offset`]).
    pub details_scroll: (Option<MeetingNumber>, usize),
    pub mode: Mode,
    pub notice: Option<Notice>,
    /// The solver is at work on the loop's thread ([`super::msg::Effect::Realign`]):
    /// keys other than Esc and Ctrl+C wait for its answer. Holds the notice it covers.
    pub realigning: Option<Realigning>,
    /// Terminal size in cells, as last reported.
    pub size: (u16, u16),
    /// Where the last frame drew each pane, kept by the loop for mouse clicks (`None`
    /// before the first frame or while the terminal is too small for the panes).
    pub drawn: Option<Drawn>,
    /// No colours (NO_COLOR or a monochrome terminal): symbols and modifiers only.
    pub monochrome: bool,
    /// Borders and marks in ASCII, for fonts without box drawing and for screen readers.
    pub ascii_borders: bool,
    /// The key table with the user's overrides from the config file.
    pub keymap: super::keymap::Keymap,
    pub quit_after_save: bool,
    /// Bumped whenever the plan changes, so the loop knows when to snapshot it.
    pub version: u64,
    /// The limits the plan was read under: its file is read again under the same.
    pub limits: Limits,
    /// What the filter searches, kept between keystrokes.
    search: Search,
}

/// The lower-cased text the filter searches in each meeting, built on the first
/// keystroke after a change of the plan (not on every keystroke: lower-casing a long
/// note anew for every key made typing crawl), and the query the rows were last
/// filtered by: a query that contains it can only narrow those rows.
#[derive(Debug, Default)]
struct Search {
    /// The plan version the texts were built for.
    version: Option<u64>,
    texts: Vec<String>,
    /// The query `rows` answers, at that version.
    last: Option<(u64, String)>,
}

/// Fields of one text apart: a query never holds a control character.
const FIELD_SEPARATOR: char = '\u{0}';

impl App {
    pub fn new(mut plan: Plan, origin: Origin, original_text: Option<String>) -> Self {
        // Room for a meeting more: a shift or postponement that runs off the end, or a
        // new meeting, appends one, and with the list full the first such edit of a
        // session would copy every meeting (a fifth of a shift's time at 100,000
        // meetings: perf). The list grows by doubling, so this is paid once, on opening.
        plan.meetings.reserve(1);
        let derived = Derived::new(&plan);
        // One row at most per meeting: as much room as the meetings have, so that
        // refilling the rows after an edit that appends a meeting does not copy them.
        let mut rows = Vec::with_capacity(plan.meetings.capacity());
        rows.extend(0..plan.meetings.len());
        let mut app = Self {
            opened: plan.clone(),
            plan,
            origin,
            original_text,
            fingerprint: None,
            history: History::new(),
            derived,
            rows,
            filter: None,
            focus: Pane::Meetings,
            selected: 0,
            table_offset: 0,
            cluster: 0,
            finding: 0,
            finding_offset: 0,
            details_scroll: (None, 0),
            read_only: false,
            mode: Mode::Normal,
            notice: None,
            realigning: None,
            size: (120, 40),
            drawn: None,
            monochrome: false,
            ascii_borders: false,
            keymap: super::keymap::Keymap::default(),
            quit_after_save: false,
            version: 0,
            limits: Limits::default(),
            search: Search::default(),
        };
        app.select_first_planned();
        app
    }

    /// Opening on the first meeting still to come shows what can be changed.
    fn select_first_planned(&mut self) {
        if let Some(pos) = self
            .rows
            .iter()
            .position(|&i| !self.plan.meetings[i].status.is_history())
        {
            self.selected = pos;
        }
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    pub fn selected_meeting(&self) -> Option<&crate::plan::Meeting> {
        self.selected_index()
            .and_then(|i| self.plan.meetings.get(i))
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Recomputes everything derived from the plan; keeps the same meeting selected.
    pub fn refresh(&mut self) {
        let keep = self.selected_meeting().map(|m| m.number);
        self.version += 1;
        let changes = self.history.take_changes();
        self.derived.update(&self.plan, &changes);
        self.refilter();
        if let Some(n) = keep {
            self.select_number(n);
        }
        self.cluster = self.cluster.min(self.plan.clusters.len().saturating_sub(1));
        self.finding = self
            .finding
            .min(self.derived.findings.len().saturating_sub(1));
    }

    pub fn refilter(&mut self) {
        let query = self
            .filter
            .as_deref()
            .map(search_fold)
            .filter(|q| !q.is_empty());
        let Some(q) = query else {
            self.search.last = None;
            // Refilled rather than collected anew: the allocation is kept across edits.
            self.rows.clear();
            self.rows.extend(0..self.plan.meetings.len());
            self.selected = self.selected.min(self.rows.len().saturating_sub(1));
            return;
        };
        if self.search.version != Some(self.version)
            || self.search.texts.len() != self.plan.meetings.len()
        {
            self.search.texts = (0..self.plan.meetings.len())
                .map(|i| self.search_text(i))
                .collect();
            self.search.version = Some(self.version);
            self.search.last = None;
        }
        // Typing on extends the query: only the rows shown can still match.
        let narrows = matches!(&self.search.last,
            Some((v, last)) if *v == self.version && q.contains(last.as_str()));
        let texts = &self.search.texts;
        self.rows = if narrows {
            std::mem::take(&mut self.rows)
                .into_iter()
                .filter(|&i| texts[i].contains(&q))
                .collect()
        } else {
            (0..texts.len())
                .filter(|&i| texts[i].contains(&q))
                .collect()
        };
        self.search.last = Some((self.version, q));
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Everything the filter matches in meeting `i`, folded ([`search_fold`]), fields
    /// apart.
    fn search_text(&self, i: usize) -> String {
        let m = &self.plan.meetings[i];
        let fixed = m.fixed.as_ref().and_then(|t| self.fixed_topic(t));
        let flexible = m.flexible.as_ref().and_then(|t| self.flexible_topic(t));
        let number = m.number.to_string();
        let year = m.year.to_string();
        let fields = [
            Some(number.as_str()),
            Some(year.as_str()),
            Some(m.status.as_str()),
            m.venue.as_deref(),
            m.note.as_deref(),
            m.fixed.as_ref().map(|t| t.0.as_str()),
            m.flexible.as_ref().map(|t| t.0.as_str()),
            fixed.map(|t| t.title.as_str()),
            flexible.map(|t| t.title.as_str()),
        ];
        let mut text = String::new();
        for f in fields.into_iter().flatten() {
            text.push_str(&search_fold(f));
            text.push(FIELD_SEPARATOR);
        }
        text
    }

    /// The plan's index, up to date with the plan.
    pub fn index(&self) -> &PlanIndex {
        self.derived.index()
    }

    /// The fixed topic with this id, by index rather than a walk of the list.
    pub fn fixed_topic(&self, id: &TopicId) -> Option<&FixedTopic> {
        self.index().fixed_topic(&self.plan, id)
    }

    pub fn flexible_topic(&self, id: &TopicId) -> Option<&FlexibleTopic> {
        self.index().flexible_topic(&self.plan, id)
    }

    /// The findings as the findings pane lists them: errors first, then warnings, then
    /// infos, each in the order of the file, so an error never sits below warnings out
    /// of view. `finding` is a position in this order.
    pub fn findings_listed(&self) -> impl Iterator<Item = &Finding> {
        let findings = &self.derived.findings;
        [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .flat_map(move |s| findings.iter().filter(move |f| f.severity == s))
    }

    /// The finding at position `pos` of [`App::findings_listed`].
    pub fn listed_finding(&self, pos: usize) -> Option<&Finding> {
        self.findings_listed().nth(pos)
    }

    /// The first line the details pane shows: where it was scrolled, if it was
    /// scrolled on the selected meeting, else its top.
    pub fn details_offset(&self) -> usize {
        match self.details_scroll {
            (Some(n), offset) if self.selected_meeting().map(|m| m.number) == Some(n) => offset,
            _ => 0,
        }
    }

    /// Number of the meeting a fixed topic is scheduled at (cancelled meetings aside).
    pub fn fixed_at(&self, id: &TopicId) -> Option<MeetingNumber> {
        let &i = self.index().fixed_on(id).first()?;
        self.plan.meetings.get(i).map(|m| m.number)
    }

    /// Numbers of the meetings a flexible topic is placed at (cancelled ones aside).
    pub fn flexible_at(&self, id: &TopicId) -> Vec<MeetingNumber> {
        self.index()
            .flexible_on(id)
            .iter()
            .filter_map(|&i| self.plan.meetings.get(i))
            .map(|m| m.number)
            .collect()
    }

    /// Selects meeting `number` if it is shown (the first of that number in the file);
    /// returns whether it is. Found by the index and a search of the rows, which ascend
    /// by position, not by a walk of every row.
    pub fn select_number(&mut self, number: MeetingNumber) -> bool {
        let rows = &self.rows;
        if let Some(pos) = self
            .index()
            .numbered(number)
            .iter()
            .find_map(|p| rows.binary_search(p).ok())
        {
            self.selected = pos;
            true
        } else {
            false
        }
    }
}

/// Text as the filter and the picker compare it: lower case, accents dropped (canonical
/// decomposition without its combining marks), so "geneve" finds "Genève" and "cote"
/// finds "Côte d'Ivoire", as a user typing on any keyboard expects.
pub fn search_fold(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization as _, char::is_combining_mark};
    // Lower case first: 'İ' lowers to 'i' and a combining dot, which the fold then drops.
    text.chars()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect()
}
