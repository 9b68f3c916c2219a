//! The plan as the rest of the program sees it: plain data, no file positions.
//!
//! Field names and their serde spelling are the plan file format (version 1); the JSON
//! Schema, the JSON export and the canonical YAML writer all derive from these types, so
//! they cannot drift from one another.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::annex::{Issue, Question, QuestionGroup};

/// Treaty article number (the Firearms Protocol numbers them 1 to 21).
pub type Article = u32;

/// Identifier of a fixed or flexible topic (`T1`, `F12`, ...).
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct TopicId(pub String);

/// Identifier of a review cluster (`C1` ...).
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct ClusterId(pub String);

macro_rules! id_impls {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl From<&str> for $t {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
        impl $t {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}
id_impls!(TopicId);
id_impls!(ClusterId);

/// Number of a meeting as the documents give it (10 for the tenth meeting), not its
/// position in `Plan::meetings` (a `usize`): a type of its own so the compiler tells the
/// two apart. Reads, writes and prints as the bare number.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct MeetingNumber(u32);

/// A `u32`'s schema, inline: derived, the type got a definition of its own and the
/// schema `workplan schema` prints changed, though the format did not.
impl JsonSchema for MeetingNumber {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        u32::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        u32::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        u32::json_schema(generator)
    }
}

impl MeetingNumber {
    pub const fn new(n: u32) -> Self {
        Self(n)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    /// The number after this one; None after `u32::MAX`, when the numbers run out.
    pub fn next(self) -> Option<Self> {
        self.0.checked_add(1).map(Self)
    }

    /// The number `places` later, at most `u32::MAX`: a meeting renumbered to make room
    /// for meetings inserted before it.
    pub fn saturating_add(self, places: u32) -> Self {
        Self(self.0.saturating_add(places))
    }

    /// The number `places` earlier, at least 0.
    pub fn saturating_sub(self, places: u32) -> Self {
        Self(self.0.saturating_sub(places))
    }
}

impl fmt::Display for MeetingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A multi-year workplan (plan file format version 1).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "workplan plan file (version 1)")]
pub struct Plan {
    /// Format version; always 1.
    pub version: u32,
    pub title: String,
    /// The body whose workplan this is, e.g. "Working Group on Firearms".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default)]
    pub alignment: Alignment,
    /// Implementation Review Mechanism clusters.
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    /// Articles reviewed in every cluster; a topic made only of these goes last.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "flow_seq"
    )]
    pub cross_cutting_articles: Vec<Article>,
    /// The headings of the instrument's articles, as the annex words them
    /// (`3: Use of terms`): a fixed topic's label is derived from them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub article_headings: BTreeMap<Article, String>,
    /// Agenda item 3, in their planned order.
    #[serde(default)]
    pub fixed_topics: Vec<FixedTopic>,
    /// Agenda item 2 pool.
    #[serde(default)]
    pub flexible_topics: Vec<FlexibleTopic>,
    /// The annex's footnotes by id; its text refers to one as `[^id]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub footnotes: BTreeMap<String, String>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// Named what-if delays, so a comparison the Bureau saw can be re-run from the file
    /// (`workplan realign PLAN --compare`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
}

/// A named set of review delays: each named cluster's window shifted by whole years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// Years each cluster's review window moves (negative: earlier), e.g. `{C2: 2}`.
    #[serde(default)]
    pub delays: std::collections::BTreeMap<ClusterId, i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    /// A topic may follow its cluster's review window by this many years.
    #[serde(default = "default_grace_years")]
    pub grace_years: u32,
}

/// Short lists (articles, windows) read best on one line in YAML: `[3, 4]`. Other
/// serializers (JSON) see the plain value.
fn flow_seq<S: serde::Serializer>(v: &[Article], s: S) -> Result<S::Ok, S::Error> {
    serde_saphyr::FlowSeq(v).serialize(s)
}

fn flow_map<S: serde::Serializer>(v: &ReviewWindow, s: S) -> Result<S::Ok, S::Error> {
    serde_saphyr::FlowMap(v).serialize(s)
}

/// Year a new meeting takes in a plan that has neither meetings nor review windows.
const FIRST_YEAR_OF_EMPTY_PLAN: i32 = 2000;

pub(crate) fn default_grace_years() -> u32 {
    1
}

impl Alignment {
    /// `grace_years` as a year offset, saturated at `i32::MAX`: a bare `as i32` turned
    /// 2^31 or more into a negative grace, so views ended windows before they began
    /// while `check` (which widens to i64) called the plan aligned. The last aligned
    /// year is [`Cluster::last_aligned_year`], never this added to a year by hand.
    pub fn grace(&self) -> i32 {
        i32::try_from(self.grace_years).unwrap_or(i32::MAX)
    }
}

/// Where a year falls against one cluster's review: the one definition of "aligned"
/// that `check`, the exports, realign and the planner all read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Before the review window opens: no review findings yet.
    Early,
    /// Within the review window.
    Inside,
    /// After the window, within the grace years.
    Grace,
    /// After the grace years: the synchronization is lost.
    Late,
}

impl Timing {
    pub fn aligned(self) -> bool {
        matches!(self, Timing::Inside | Timing::Grace)
    }
}

impl Cluster {
    /// The last year a fixed topic on this cluster's articles is aligned: the end of the
    /// review plus the grace years, saturated at `i32::MAX` (no later year exists, so a
    /// grace that reaches it means "without end"). Every view prints this, so a grace
    /// of 2^31 or more reads the same in Markdown, HTML, DOCX and XLSX.
    pub fn last_aligned_year(&self, alignment: &Alignment) -> i32 {
        self.review.end.saturating_add(alignment.grace())
    }

    /// Where `year` falls against this cluster's review. A window that ends before it
    /// starts (`invalid-window`) allows no year before its start, as `check` reads it.
    pub fn timing(&self, alignment: &Alignment, year: i32) -> Timing {
        if year < self.review.start {
            Timing::Early
        } else if year > self.last_aligned_year(alignment) {
            Timing::Late
        } else if year > self.review.end {
            Timing::Grace
        } else {
            Timing::Inside
        }
    }

    /// Whether a fixed topic on this cluster's articles may be held in `year`.
    pub fn allows(&self, alignment: &Alignment, year: i32) -> bool {
        self.timing(alignment, year).aligned()
    }
}

/// The years in which a topic is aligned with every one of `clusters` (those reviewing
/// its articles): from the latest start to the earliest last aligned year. None when
/// there is no cluster (any year is aligned); empty (`lo > hi`) when no year is.
pub fn aligned_years<'c>(
    alignment: &Alignment,
    clusters: impl IntoIterator<Item = &'c Cluster>,
) -> Option<(i32, i32)> {
    clusters
        .into_iter()
        .map(|c| (c.review.start, c.last_aligned_year(alignment)))
        .reduce(|(a, b), (c, d)| (a.max(c), b.min(d)))
}

impl Default for Alignment {
    fn default() -> Self {
        Self {
            grace_years: default_grace_years(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub id: ClusterId,
    /// Theme of the cluster; leave out where the sources do not name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(serialize_with = "flow_map")]
    pub review: ReviewWindow,
    /// Articles reviewed in this cluster.
    #[serde(default, serialize_with = "flow_seq")]
    pub articles: Vec<Article>,
}

/// Years of a cluster's review, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewWindow {
    pub start: i32,
    pub end: i32,
}

impl ReviewWindow {
    /// Moves the whole window by `years` (negative: earlier).
    pub fn shifted(self, years: i32) -> Self {
        Self {
            start: self.start.saturating_add(years),
            end: self.end.saturating_add(years),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FixedTopic {
    pub id: TopicId,
    pub title: String,
    /// The annex's own label after "Topic N: " where it gives one (topic 2 of 2022);
    /// left out, the label is the articles with their headings ([`Plan::topic_label`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(serialize_with = "flow_seq")]
    pub articles: Vec<Article>,
    /// The paragraph that opens the topic in the annex ("Under the topic, the Working
    /// Group will explore …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    /// The annex's issues for discussion: plain strings, or groups with a heading and
    /// an optional lead-in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TopicSource {
    /// On the adopted non-exclusive list.
    #[default]
    List,
    /// Proposed to and approved by the extended Bureau.
    Additional,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlexibleTopic {
    pub id: TopicId,
    pub title: String,
    #[serde(default)]
    pub source: TopicSource,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "flow_seq"
    )]
    pub related_articles: Vec<Article>,
    /// May be taken up at more than one meeting.
    #[serde(default, skip_serializing_if = "is_false")]
    pub recurring: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Planned,
    Held,
    Postponed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::Held,
        Status::Postponed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Held => "held",
            Status::Postponed => "postponed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Held and cancelled meetings are history: checked for consistency, never moved.
    pub fn is_history(self) -> bool {
        matches!(self, Status::Held | Status::Cancelled)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Ordinal of the meeting (10 for the tenth meeting).
    pub number: MeetingNumber,
    pub year: i32,
    /// First day (ISO 8601 date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// Last day, inclusive (ISO 8601 date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default)]
    pub status: Status,
    /// Fixed topic (agenda item 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<TopicId>,
    /// Flexible topic (agenda item 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flexible: Option<TopicId>,
    /// What the plan states for agenda item 2 while no flexible topic is chosen (the
    /// annex's "One topic from the non-exclusive list … or Additional topic …"); one
    /// alternative per line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flexible_text: Option<String>,
    /// Other agenda items on record, for history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Meeting {
    /// A planned meeting with nothing but its number and year.
    pub fn planned(number: MeetingNumber, year: i32) -> Self {
        Self {
            number,
            year,
            start: None,
            end: None,
            venue: None,
            status: Status::Planned,
            fixed: None,
            flexible: None,
            flexible_text: None,
            agenda: Vec::new(),
            note: None,
        }
    }
}

/// "1st", "2nd", "13th": how the documents name meetings.
pub fn ordinal(n: MeetingNumber) -> String {
    let n = n.get();
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "article 5", "articles 3, 4", or "no article": how the plan's views and the merge
/// name a topic's articles, every one of them.
pub fn articles_label(articles: &[Article]) -> String {
    articles_named(
        articles,
        articles
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// [`articles_label`] for a message repeated across findings: at most [`LISTED`]
/// numbers, then "and N more" ([`short_list`]).
pub fn articles_brief(articles: &[Article]) -> String {
    articles_named(articles, short_list(articles.iter()))
}

fn articles_named(articles: &[Article], list: String) -> String {
    match articles {
        [] => "no article".into(),
        [_] => format!("article {list}"),
        _ => format!("articles {list}"),
    }
}

/// How many items a message names before "and N more": enough to act on. A finding is
/// repeated for every meeting and cluster it concerns; naming every cluster in each
/// made `check`'s output grow with the cube of the plan (150 clusters on one article:
/// 61 MB from a 23 KB plan).
pub const LISTED: usize = 5;

/// How many of `total` items a message names one by one: all when there are at most
/// [`LISTED`] + 1 (never "and 1 more"), else [`LISTED`].
pub fn listed(total: usize) -> usize {
    if total > LISTED + 1 { LISTED } else { total }
}

/// The one way a message lists ids, articles or windows: all of them when there are
/// at most [`LISTED`] + 1 (never "and 1 more"), else the first [`LISTED`] and "and N
/// more". Only the items shown are formatted.
pub fn short_list<T: fmt::Display>(items: impl ExactSizeIterator<Item = T>) -> String {
    use fmt::Write as _;
    let total = items.len();
    let shown = listed(total);
    let mut out = String::new();
    for (k, item) in items.take(shown).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{item}");
    }
    if total > shown {
        let _ = write!(out, " and {} more", total - shown);
    }
    out
}

impl FixedTopic {
    /// A topic with nothing but its id, title and articles: the one place a new field
    /// gets its empty value in topics built in code.
    pub fn new(id: impl Into<String>, title: impl Into<String>, articles: Vec<Article>) -> Self {
        Self {
            id: TopicId(id.into()),
            title: title.into(),
            label: None,
            articles,
            introduction: None,
            questions: Vec::new(),
        }
    }
}

impl Plan {
    /// A plan of this format version with nothing in it but its title. The one place a
    /// new field gets its empty value: plans built in code (synthetic plans, the missing
    /// side of a git diff) start from this and set what they need.
    pub fn empty(title: impl Into<String>) -> Plan {
        Plan {
            version: super::load::FORMAT_VERSION,
            title: title.into(),
            body: None,
            alignment: Alignment::default(),
            clusters: Vec::new(),
            cross_cutting_articles: Vec::new(),
            article_headings: BTreeMap::new(),
            fixed_topics: Vec::new(),
            flexible_topics: Vec::new(),
            footnotes: BTreeMap::new(),
            meetings: Vec::new(),
            scenarios: Vec::new(),
        }
    }

    pub fn fixed_topic(&self, id: &TopicId) -> Option<&FixedTopic> {
        self.fixed_topics.iter().find(|t| &t.id == id)
    }

    pub fn flexible_topic(&self, id: &TopicId) -> Option<&FlexibleTopic> {
        self.flexible_topics.iter().find(|t| &t.id == id)
    }

    pub fn cluster(&self, id: &ClusterId) -> Option<&Cluster> {
        self.clusters.iter().find(|c| &c.id == id)
    }

    pub fn meeting(&self, number: MeetingNumber) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.number == number)
    }

    pub fn is_cross_cutting(&self, article: Article) -> bool {
        self.cross_cutting_articles.contains(&article)
    }

    /// A topic made only of cross-cutting articles belongs after every other one.
    pub fn is_cross_cutting_topic(&self, topic: &FixedTopic) -> bool {
        !topic.articles.is_empty() && topic.articles.iter().all(|a| self.is_cross_cutting(*a))
    }

    /// Whether a new topic may not take `id`: fixed and flexible topics share one space.
    pub fn topic_id_taken(&self, id: &TopicId) -> bool {
        self.fixed_topic(id).is_some() || self.flexible_topic(id).is_some()
    }

    /// The year of a meeting added after the others, with one rule wherever a meeting
    /// is added (the planner, a postponement or shift that runs off the end, the
    /// realignment): the year after the last meeting; with no meeting, the year the
    /// first review window opens; with neither, 2000. Unsaturated: after a meeting
    /// in `i32::MAX`, no year is left.
    pub fn next_meeting_year(&self) -> i64 {
        self.next_meeting_year_after(self.meetings.iter().map(|m| m.year).max())
    }

    /// [`Plan::next_meeting_year`] given the last year a meeting is in (an index has
    /// it).
    fn next_meeting_year_after(&self, last_year: Option<i32>) -> i64 {
        match last_year {
            Some(last) => i64::from(last) + 1,
            None => i64::from(
                self.clusters
                    .iter()
                    .map(|c| c.review.start)
                    .min()
                    .unwrap_or(FIRST_YEAR_OF_EMPTY_PLAN),
            ),
        }
    }

    /// The meeting added after the others: the next number, in
    /// [`Plan::next_meeting_year`]. None when the numbers are exhausted.
    pub fn next_meeting(&self) -> Option<Meeting> {
        let last_number = self.meetings.iter().map(|m| m.number).max();
        let last_year = self.meetings.iter().map(|m| m.year).max();
        self.next_meeting_after(last_number, last_year)
    }

    /// [`Plan::next_meeting`] given the highest meeting number and the last year a
    /// meeting is in (an index has them, so an edit of a large plan need not walk its
    /// meetings for them).
    pub fn next_meeting_after(
        &self,
        last_number: Option<MeetingNumber>,
        last_year: Option<i32>,
    ) -> Option<Meeting> {
        let number = last_number.unwrap_or(MeetingNumber::new(0)).next()?;
        let year = i32::try_from(self.next_meeting_year_after(last_year)).unwrap_or(i32::MAX);
        Some(Meeting::planned(number, year))
    }

    /// First and last year the plan covers: meetings and review windows with grace.
    pub fn span(&self) -> Option<(i32, i32)> {
        let years = self.meetings.iter().map(|m| m.year);
        let first_last = years.clone().min().zip(years.max());
        self.span_with_meeting_years(first_last)
    }

    /// [`Plan::span`] given the first and last year of its meetings (an index has them).
    pub fn span_with_meeting_years(&self, meetings: Option<(i32, i32)>) -> Option<(i32, i32)> {
        let years = meetings.into_iter().chain(
            self.clusters
                .iter()
                .map(|c| (c.review.start, c.last_aligned_year(&self.alignment))),
        );
        years.fold(None, |acc, (lo, hi)| match acc {
            None => Some((lo, hi)),
            Some((a, b)) => Some((a.min(lo), b.max(hi))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_meeting_follows_the_last_then_the_first_window_then_2000() {
        let mut p = crate::plan::parse(include_str!("../../plans/firearms.yaml"))
            .expect("shipped plan parses")
            .plan;
        let next = p.next_meeting().expect("a number is free");
        assert_eq!((next.number.get(), next.year), (20, 2033));
        p.meetings.clear();
        p.clusters[0].review.start = 2019;
        let next = p.next_meeting().expect("a number is free");
        assert_eq!((next.number.get(), next.year), (1, 2019));
        p.clusters.clear();
        let next = p.next_meeting().expect("a number is free");
        assert_eq!((next.number.get(), next.year), (1, 2000));
        p.meetings
            .push(Meeting::planned(MeetingNumber::new(u32::MAX), 2030));
        assert_eq!(p.next_meeting(), None);
        assert_eq!(p.next_meeting_year(), 2031);
    }

    fn cluster(start: i32, end: i32) -> Cluster {
        Cluster {
            id: ClusterId::from("C1"),
            name: None,
            review: ReviewWindow { start, end },
            articles: vec![1],
        }
    }

    fn grace(grace_years: u32) -> Alignment {
        Alignment { grace_years }
    }

    #[test]
    fn the_last_aligned_year_saturates_instead_of_wrapping() {
        let c = cluster(2024, 2025);
        assert_eq!(c.last_aligned_year(&grace(0)), 2025);
        assert_eq!(c.last_aligned_year(&grace(1)), 2026);
        // 2^31 and u32::MAX as `i32` are negative: a year before the window opened.
        for g in [i32::MAX as u32 - 2025, i32::MAX as u32, 1 << 31, u32::MAX] {
            assert_eq!(c.last_aligned_year(&grace(g)), i32::MAX, "{g}");
        }
        assert_eq!(
            cluster(i32::MAX - 1, i32::MAX).last_aligned_year(&grace(1)),
            i32::MAX
        );
        assert_eq!(
            cluster(i32::MIN, i32::MIN).last_aligned_year(&grace(0)),
            i32::MIN
        );
    }

    #[test]
    fn timing_is_inclusive_at_both_ends_of_the_window_and_the_grace() {
        let c = cluster(2024, 2025);
        let g = grace(2);
        let at = |year| c.timing(&g, year);
        assert_eq!(at(2023), Timing::Early);
        assert_eq!(at(2024), Timing::Inside);
        assert_eq!(at(2025), Timing::Inside);
        assert_eq!(at(2026), Timing::Grace);
        assert_eq!(at(2027), Timing::Grace);
        assert_eq!(at(2028), Timing::Late);
        assert_eq!(at(i32::MIN), Timing::Early);
        assert_eq!(at(i32::MAX), Timing::Late);
        assert!(c.allows(&g, 2027) && !c.allows(&g, 2028) && !c.allows(&g, 2023));
        // Without end: every year from the start on.
        assert_eq!(c.timing(&grace(u32::MAX), i32::MAX), Timing::Grace);
        assert!(!cluster(2024, 2025).allows(&grace(0), 2026));
        // A reversed window (invalid-window) allows nothing before its start.
        let reversed = cluster(2030, 2025);
        assert_eq!(reversed.timing(&grace(1), 2026), Timing::Early);
        assert_eq!(reversed.timing(&grace(1), 2031), Timing::Late);
        assert_eq!(reversed.timing(&grace(10), 2031), Timing::Grace);
    }

    #[test]
    fn aligned_years_are_the_intersection_of_every_cluster() {
        let g = grace(1);
        assert_eq!(aligned_years(&g, &[]), None);
        let (a, b) = (cluster(2020, 2024), cluster(2022, 2026));
        assert_eq!(aligned_years(&g, [&a, &b]), Some((2022, 2025)));
        let late = cluster(2030, 2031);
        let (lo, hi) = aligned_years(&g, [&a, &late]).expect("two clusters");
        assert!(lo > hi, "no year: {lo} > {hi}");
        assert_eq!(
            aligned_years(&grace(u32::MAX), [&a, &b]),
            Some((2022, i32::MAX))
        );
    }

    #[test]
    fn a_short_list_names_five_then_how_many_more() {
        let list = |n: u32| short_list((1..=n).map(|k| format!("C{k}")).collect::<Vec<_>>().iter());
        assert_eq!(list(0), "");
        assert_eq!(list(1), "C1");
        assert_eq!(list(6), "C1, C2, C3, C4, C5, C6");
        assert_eq!(list(7), "C1, C2, C3, C4, C5 and 2 more");
        assert_eq!(list(1000), "C1, C2, C3, C4, C5 and 995 more");
        assert_eq!((listed(0), listed(6), listed(7)), (0, 6, LISTED));
        let many: Vec<Article> = (1..=500).collect();
        assert_eq!(articles_brief(&many), "articles 1, 2, 3, 4, 5 and 495 more");
        assert_eq!(articles_brief(&[7]), "article 7");
        assert_eq!(articles_brief(&[]), "no article");
        assert_eq!(articles_label(&many[..7]), "articles 1, 2, 3, 4, 5, 6, 7");
    }

    #[test]
    fn topic_ids_are_shared_by_fixed_and_flexible_topics() {
        let p = crate::plan::parse(include_str!("../../plans/firearms.yaml"))
            .expect("shipped plan parses")
            .plan;
        assert!(p.topic_id_taken(&p.fixed_topics[0].id));
        assert!(p.topic_id_taken(&p.flexible_topics[0].id));
        assert!(!p.topic_id_taken(&TopicId::from("no such id")));
    }

    #[test]
    fn ordinals_follow_english_usage() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(|n| ordinal(MeetingNumber::new(n)))
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn a_meeting_number_reads_writes_and_prints_as_the_bare_number() {
        let n = MeetingNumber::new(14);
        assert_eq!(n.to_string(), "14");
        // Width and alignment reach the number, as they did when it was a bare u32.
        assert_eq!(format!("[{n:>4}]"), "[  14]");
        assert_eq!(serde_json::to_string(&n).expect("serializes"), "14");
        assert_eq!(
            serde_json::from_str::<MeetingNumber>("14").expect("parses"),
            n
        );
        assert_eq!(n.next(), Some(MeetingNumber::new(15)));
        assert_eq!(MeetingNumber::new(u32::MAX).next(), None);
        assert_eq!(n.saturating_add(2), MeetingNumber::new(16));
        assert_eq!(n.saturating_add(u32::MAX), MeetingNumber::new(u32::MAX));
        assert_eq!(n.saturating_sub(1), MeetingNumber::new(13));
        assert_eq!(n.saturating_sub(15), MeetingNumber::new(0));
        assert!(MeetingNumber::new(9) < n);
    }

    #[test]
    fn a_meeting_number_has_the_schema_of_a_bare_number() {
        let schema = crate::plan::schema::schema();
        let number = &schema["$defs"]["Meeting"]["properties"]["number"];
        assert_eq!(number["type"], "integer", "{number}");
        assert_eq!(number["format"], "uint32", "{number}");
        assert!(number.get("$ref").is_none(), "{number}");
        assert!(schema["$defs"].get("MeetingNumber").is_none());
    }
}
