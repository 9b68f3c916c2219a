use std::fmt;

use serde::Serialize;

use crate::plan::{ClusterId, MeetingNumber, SourceMap, TopicId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $when:literal;)*) => {
        /// Stable finding codes: tools and CI configurations match on these strings.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Code {
            $(#[doc = $when] #[serde(rename = $name)] $variant,)*
        }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    Parse = "parse", Error, "the file is not valid YAML or not a valid plan (syntax, types, unknown keys, bad dates)";
    UnknownTopic = "unknown-topic", Error, "a meeting names a topic id that does not exist";
    DuplicateId = "duplicate-id", Error, "two topics or two clusters share an id";
    DuplicateMeeting = "duplicate-meeting", Error, "two meetings share a number";
    MeetingOrder = "meeting-order", Error, "meeting numbers do not increase with their years/dates";
    InvalidDates = "invalid-dates", Error, "end before start, end without start, or dates outside the meeting's year";
    InvalidWindow = "invalid-window", Error, "a cluster's review window ends before it starts";
    FixedTopicRepeated = "fixed-topic-repeated", Error, "one fixed topic at more than one meeting";
    MisalignedEarly = "misaligned-early", Error, "a fixed topic is held before the review window of a cluster that reviews one of its articles opens";
    MisalignedLate = "misaligned-late", Error, "a fixed topic is held later than that window's end plus grace_years";
    FixedTopicUnscheduled = "fixed-topic-unscheduled", Warning, "a fixed topic is on no meeting";
    CrossCuttingNotLast = "cross-cutting-not-last", Warning, "a topic made only of cross-cutting articles is not after every other fixed topic";
    FlexibleRepeated = "flexible-repeated", Warning, "a non-recurring flexible topic is on more than one meeting";
    EmptyMeeting = "empty-meeting", Warning, "a planned meeting has no fixed topic";
    TwoMeetingsInYear = "two-meetings-in-year", Warning, "two meetings (not cancelled) in one year";
    ArticleNotReviewed = "article-not-reviewed", Info, "a topic's article is in no cluster and is not cross-cutting";
    FlexibleOverlapsFixed = "flexible-overlaps-fixed", Info, "a meeting's flexible topic relates to an article its fixed topic covers";
    UnknownFootnote = "unknown-footnote", Error, "a fixed topic's text refers to a footnote (`[^id]`) that `footnotes` does not have";
    UnusedFootnote = "unused-footnote", Warning, "a footnote that no fixed topic's text refers to";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which value of a meeting a finding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MeetingField {
    Meeting,
    Year,
    Start,
    End,
    Fixed,
    Flexible,
}

/// The part of the plan a finding concerns, by position in the plan's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    Cluster(usize),
    FixedTopic(usize),
    FlexibleTopic(usize),
    Meeting(usize, MeetingField),
    /// A footnote, by its place in `Plan::footnotes` (the order of the ids). Listed
    /// first, with the plan-wide findings: only a change to more than meetings can
    /// touch footnotes, and such a change checks the whole plan again.
    Footnote(usize),
}

impl Anchor {
    pub(crate) fn order_key(self) -> (u8, usize, u8) {
        match self {
            Anchor::Cluster(i) => (1, i, 0),
            Anchor::FixedTopic(i) => (2, i, 0),
            Anchor::FlexibleTopic(i) => (3, i, 0),
            Anchor::Meeting(i, field) => (4, i, field as u8),
            Anchor::Footnote(i) => (0, i, 0),
        }
    }

    pub fn line(self, source: &SourceMap) -> Option<u32> {
        match self {
            Anchor::Cluster(i) => source.clusters.get(i).copied(),
            Anchor::FixedTopic(i) => source.fixed_topics.get(i).copied(),
            Anchor::FlexibleTopic(i) => source.flexible_topics.get(i).copied(),
            Anchor::Footnote(i) => source.footnotes.get(i).copied(),
            Anchor::Meeting(i, field) => source.meetings.get(i).map(|m| {
                let own = match field {
                    MeetingField::Meeting => None,
                    MeetingField::Year => Some(m.year),
                    MeetingField::Start => m.start,
                    MeetingField::End => m.end,
                    MeetingField::Fixed => m.fixed,
                    MeetingField::Flexible => m.flexible,
                };
                own.unwrap_or(m.meeting)
            }),
        }
    }
}

/// One problem found in a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Number of the meeting concerned.
    pub meeting: Option<MeetingNumber>,
    /// Id of the topic concerned.
    pub topic: Option<TopicId>,
    /// Id of the cluster concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterId>,
    /// One sentence: what is wrong and what to do.
    pub message: String,
    /// Line in the plan file, where the plan came from one.
    pub line: Option<u32>,
    #[serde(skip)]
    pub anchor: Option<Anchor>,
}

/// "severity[code]: message": how `check` words a finding, and with it the exports, the
/// merge driver and the error of an unreadable file. The one place that form is written.
impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            meeting: None,
            topic: None,
            cluster: None,
            message: message.into(),
            line: None,
            anchor: None,
        }
    }

    pub fn meeting(mut self, number: MeetingNumber) -> Self {
        self.meeting = Some(number);
        self
    }

    pub fn topic(mut self, id: &TopicId) -> Self {
        self.topic = Some(id.clone());
        self
    }

    pub fn cluster(mut self, id: &ClusterId) -> Self {
        self.cluster = Some(id.clone());
        self
    }

    pub fn at(mut self, anchor: Anchor) -> Self {
        self.anchor = Some(anchor);
        self
    }

    pub fn is_misalignment(&self) -> bool {
        matches!(self.code, Code::MisalignedEarly | Code::MisalignedLate)
    }
}

/// How many findings of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut c = Counts::default();
        for f in findings {
            c.add(f.severity);
        }
        c
    }

    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    /// Takes back one [`Counts::add`].
    pub fn remove(&mut self, severity: Severity) {
        let n = match severity {
            Severity::Error => &mut self.error,
            Severity::Warning => &mut self.warning,
            Severity::Info => &mut self.info,
        };
        *n = n.saturating_sub(1);
    }

    pub fn merge(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        write!(
            f,
            "{}, {}, {}",
            plural(self.error, "error"),
            plural(self.warning, "warning"),
            plural(self.info, "info")
        )
    }
}
