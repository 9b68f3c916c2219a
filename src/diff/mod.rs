//! The amendment between two versions of a plan: what a secretariat proposes to the
//! Bureau when it "reschedules the topics" (the Secretariat's background paper of
//! 9 February 2022, "Proposal for a multi-year workplan for the Working Group on
//! Firearms", para 49).
//!
//! [`diff`] is pure and compares by identity (topic ids, meeting numbers, cluster ids), so
//! reordering a file or rewording a finding's message never shows up as a change.

mod render;
mod words;

pub use words::{Version, Wording};

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::{self, Code, Finding};
use crate::plan::PlanIndex;
use crate::plan::index::{Map, Set, map_with_capacity, set_with_capacity};
use crate::plan::{
    Alignment, Cluster, ClusterId, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan,
    ReviewWindow, Scenario, Status, TopicId,
};

/// Where a fixed topic is held: a meeting and its year.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Slot {
    pub meeting: MeetingNumber,
    pub year: i32,
}

/// A topic by id, with its title where the plan defines it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicRef {
    pub id: TopicId,
    pub title: Option<String>,
}

/// When a meeting takes place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct When {
    pub year: i32,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// Which agenda item a topic belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Item {
    Fixed,
    Flexible,
}

/// One change between the old and the new plan. Serialized with a `kind` tag in
/// kebab-case (`fixed-moved`, `meeting-redated` ...); these names are stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// Agenda item 3 topic held at other meetings; `from` empty: newly scheduled; `to`
    /// empty: no longer scheduled.
    FixedMoved {
        topic: TopicRef,
        from: Vec<Slot>,
        to: Vec<Slot>,
    },
    FlexibleAssigned {
        meeting: MeetingNumber,
        year: i32,
        topic: TopicRef,
    },
    FlexibleChanged {
        meeting: MeetingNumber,
        year: i32,
        from: TopicRef,
        to: TopicRef,
    },
    FlexibleRemoved {
        meeting: MeetingNumber,
        year: i32,
        topic: TopicRef,
    },
    MeetingAdded {
        meeting: MeetingNumber,
        year: i32,
    },
    MeetingRemoved {
        meeting: MeetingNumber,
        year: i32,
    },
    MeetingRedated {
        meeting: MeetingNumber,
        from: When,
        to: When,
    },
    MeetingRestatused {
        meeting: MeetingNumber,
        year: i32,
        from: Status,
        to: Status,
    },
    VenueChanged {
        meeting: MeetingNumber,
        year: i32,
        from: Option<String>,
        to: Option<String>,
    },
    NoteChanged {
        meeting: MeetingNumber,
        year: i32,
        from: Option<String>,
        to: Option<String>,
    },
    AgendaChanged {
        meeting: MeetingNumber,
        year: i32,
        from: Vec<String>,
        to: Vec<String>,
    },
    /// What the meeting states for agenda item 2 while no flexible topic is chosen.
    FlexibleTextChanged {
        meeting: MeetingNumber,
        year: i32,
        from: Option<String>,
        to: Option<String>,
    },
    ClusterAdded {
        cluster: ClusterId,
        review: ReviewWindow,
    },
    ClusterRemoved {
        cluster: ClusterId,
        review: ReviewWindow,
    },
    ClusterWindowChanged {
        cluster: ClusterId,
        from: ReviewWindow,
        to: ReviewWindow,
    },
    ClusterArticlesChanged {
        cluster: ClusterId,
        from: Vec<u32>,
        to: Vec<u32>,
    },
    TopicAdded {
        item: Item,
        topic: TopicRef,
    },
    TopicRemoved {
        item: Item,
        topic: TopicRef,
    },
    TopicRetitled {
        item: Item,
        topic: TopicId,
        from: String,
        to: String,
    },
    TopicArticlesChanged {
        topic: TopicId,
        from: Vec<u32>,
        to: Vec<u32>,
    },
    /// Questions of a fixed topic, or the source, related articles or recurrence of a
    /// flexible one: `fields` names which.
    TopicDetailsChanged {
        item: Item,
        topic: TopicId,
        fields: Vec<String>,
    },
    /// The annex's wording kept plan-wide: `article headings`, `footnotes`.
    PlanDetailsChanged {
        fields: Vec<String>,
    },
    ClusterRenamed {
        cluster: ClusterId,
        from: Option<String>,
        to: Option<String>,
    },
    CrossCuttingChanged {
        from: Vec<u32>,
        to: Vec<u32>,
    },
    GraceYearsChanged {
        from: u32,
        to: u32,
    },
    TitleChanged {
        from: String,
        to: String,
    },
    BodyChanged {
        from: Option<String>,
        to: Option<String>,
    },
    /// A named what-if scenario (`scenarios:`) added, removed or given other delays;
    /// `from` empty: added, `to` empty: removed.
    ScenarioChanged {
        name: String,
        from: BTreeMap<ClusterId, i32>,
        to: BTreeMap<ClusterId, i32>,
    },
    /// The plan format version (`version:`). Files read by this build are all version 1,
    /// so only plans built in code show it.
    VersionChanged {
        from: u32,
        to: u32,
    },
}

impl Change {
    /// The meeting a change is listed under (the earliest one it touches); `None` for
    /// changes to clusters, topics and the plan as a whole.
    pub fn meeting(&self) -> Option<MeetingNumber> {
        match self {
            Change::FixedMoved { from, to, .. } => {
                from.iter().chain(to.iter()).map(|s| s.meeting).min()
            }
            Change::FlexibleAssigned { meeting, .. }
            | Change::FlexibleChanged { meeting, .. }
            | Change::FlexibleRemoved { meeting, .. }
            | Change::MeetingAdded { meeting, .. }
            | Change::MeetingRemoved { meeting, .. }
            | Change::MeetingRedated { meeting, .. }
            | Change::MeetingRestatused { meeting, .. }
            | Change::VenueChanged { meeting, .. }
            | Change::NoteChanged { meeting, .. }
            | Change::FlexibleTextChanged { meeting, .. }
            | Change::AgendaChanged { meeting, .. } => Some(*meeting),
            // Every kind is named (no `_`): a new kind must say whether it belongs to a
            // meeting, or the Markdown and Word amendments would file it plan-wide.
            Change::ClusterAdded { .. }
            | Change::ClusterRemoved { .. }
            | Change::ClusterWindowChanged { .. }
            | Change::ClusterArticlesChanged { .. }
            | Change::ClusterRenamed { .. }
            | Change::TopicAdded { .. }
            | Change::TopicRemoved { .. }
            | Change::TopicRetitled { .. }
            | Change::TopicArticlesChanged { .. }
            | Change::TopicDetailsChanged { .. }
            | Change::PlanDetailsChanged { .. }
            | Change::CrossCuttingChanged { .. }
            | Change::GraceYearsChanged { .. }
            | Change::TitleChanged { .. }
            | Change::BodyChanged { .. }
            | Change::ScenarioChanged { .. }
            | Change::VersionChanged { .. } => None,
        }
    }
}

/// A finding, as compared between the plans: by code, meeting, topic and cluster, never
/// by message text (messages may be reworded between releases).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    pub code: Code,
    pub severity: check::Severity,
    pub meeting: Option<MeetingNumber>,
    pub topic: Option<TopicId>,
    pub cluster: Option<ClusterId>,
    pub message: String,
}

impl From<&Finding> for FindingChange {
    fn from(f: &Finding) -> Self {
        Self {
            code: f.code,
            severity: f.severity,
            meeting: f.meeting,
            topic: f.topic.clone(),
            cluster: f.cluster.clone(),
            message: f.message.clone(),
        }
    }
}

/// One row of the amendment table: a meeting whose agenda items differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgendaRow {
    pub meeting: MeetingNumber,
    /// Year in the old plan (`None`: the meeting is new).
    pub old_year: Option<i32>,
    /// Year in the new plan (`None`: the meeting was removed).
    pub new_year: Option<i32>,
    pub old_fixed: Option<TopicRef>,
    pub new_fixed: Option<TopicRef>,
    pub old_flexible: Option<TopicRef>,
    pub new_flexible: Option<TopicRef>,
}

/// Everything that differs between two plans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Amendment {
    /// Changes to meetings in meeting order, then to clusters, topics and the plan.
    pub changes: Vec<Change>,
    /// Meetings whose agenda items (fixed or flexible) differ, or that have some and
    /// changed year, in meeting order.
    pub agenda_table: Vec<AgendaRow>,
    /// Findings of the new plan that the old one did not have.
    pub findings_appeared: Vec<FindingChange>,
    /// Findings of the old plan that the new one no longer has.
    pub findings_resolved: Vec<FindingChange>,
    /// What the sentences for people read from the two plans (titles, topic headings,
    /// cluster names) and the names of the versions; not part of the JSON, whose fields
    /// are a machine interface.
    #[serde(skip)]
    pub wording: Wording,
}

impl Amendment {
    /// The amendment with the versions named as the caller read them (file names, git
    /// revisions), for the line at the top of the text, Markdown and Word forms.
    pub fn named(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.wording.old.name = Some(old.into());
        self.wording.new.name = Some(new.into());
        self
    }

    /// One change in the Bureau's words, with the topic headings and cluster names of
    /// the plans compared: the merge words its conflicts as the amendment does.
    pub fn describe(&self, change: &Change) -> String {
        words::describe_in(&self.wording, change)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.findings_appeared.is_empty()
            && self.findings_resolved.is_empty()
    }

    /// Plain text, one line per change, for terminals and CI logs.
    pub fn render_text(&self) -> String {
        render::text(self)
    }

    /// Markdown: the amendment table a Bureau would be sent, then the other changes.
    pub fn render_md(&self) -> String {
        render::markdown(self)
    }

    /// A Word document: the amendment table (as adopted / as proposed) for the Bureau,
    /// then the other changes and the findings. The error says why it could not be built.
    pub fn render_docx(&self) -> Result<Vec<u8>, String> {
        render::docx(self)
    }

    /// The amendment in `format`, as `workplan diff --format` and the planner write it.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, String> {
        Ok(match format {
            Format::Text => self.render_text().into_bytes(),
            Format::Md => self.render_md().into_bytes(),
            Format::Json => {
                let json = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
                format!("{json}\n").into_bytes()
            }
            Format::Docx => self.render_docx()?,
        })
    }
}

/// The forms an amendment is written in (`workplan diff --format`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::EnumMessage, strum::IntoStaticStr,
)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// One line per change.
    Text,
    /// The amendment table for the Bureau.
    Md,
    /// Every change with stable field names (see docs/diff.md).
    Json,
    /// Word document: the amendment table (as adopted / as proposed) for the Bureau.
    Docx,
}

impl Format {
    /// The form a file name asks for by its extension (`.md`, `.json`, `.docx`); text
    /// for any other.
    pub fn for_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("md") => Format::Md,
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("docx") => Format::Docx,
            _ => Format::Text,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Text => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Docx => "docx",
        })
    }
}

/// Compares two plans. Only the order in which the file lists things is ignored (the
/// schedule is in the meetings, found by number); any other difference is a change, so
/// `diff(a, b).is_empty()` says the plans are equal.
pub fn diff(old: &Plan, new: &Plan) -> Amendment {
    let (old, new) = (&Side::new(old), &Side::new(new));
    let mut meeting_changes = Vec::new();
    fixed_moves(old, new, &mut meeting_changes);
    meetings(old, new, &mut meeting_changes);
    // Stable: within a meeting the order of discovery (fixed, flexible, dates...) stays.
    meeting_changes.sort_by_key(|c| c.meeting());

    let mut changes = meeting_changes;
    clusters(old, new, &mut changes);
    topics(old, new, &mut changes);
    plan_wide(old, new, &mut changes);

    let (findings_appeared, findings_resolved) = findings(
        &check::check_indexed(old, &old.index),
        &check::check_indexed(new, &new.index),
    );
    let agenda_table = agenda_table(old, new);
    Amendment {
        wording: Wording::new(old.plan, new.plan, &changes, &agenda_table),
        changes,
        agenda_table,
        findings_appeared,
        findings_resolved,
    }
}

/// A plan with the lookups the comparison makes for every meeting and topic, so a diff
/// stays linear in the plans' size (searching the lists made it quadratic: 3.7 s for
/// two 16,000-meeting plans). Derefs to the plan for everything else.
struct Side<'a> {
    plan: &'a Plan,
    index: PlanIndex,
    /// Where each fixed topic is, in meeting order.
    slots_of: Map<&'a str, Vec<Slot>>,
}

impl<'a> Side<'a> {
    fn new(plan: &'a Plan) -> Self {
        let mut slots: Map<&str, Vec<Slot>> = map_with_capacity(plan.meetings.len());
        for m in &plan.meetings {
            if let Some(id) = &m.fixed {
                slots.entry(id.as_str()).or_default().push(Slot {
                    meeting: m.number,
                    year: m.year,
                });
            }
        }
        for v in slots.values_mut() {
            v.sort();
        }
        Self {
            plan,
            index: PlanIndex::new(plan),
            slots_of: slots,
        }
    }

    // The same answers as the `Plan` methods of the same names (the first match).
    fn fixed_topic(&self, id: &TopicId) -> Option<&'a FixedTopic> {
        self.index.fixed_topic(self.plan, id)
    }

    fn flexible_topic(&self, id: &TopicId) -> Option<&'a FlexibleTopic> {
        self.index.flexible_topic(self.plan, id)
    }

    fn meeting(&self, number: MeetingNumber) -> Option<&'a Meeting> {
        let plan = self.plan;
        let &i = self.index.numbered(number).first()?;
        plan.meetings.get(i)
    }

    /// Every meeting with this number, in file order: more than one where a number is
    /// duplicated (an error `check` reports), so a change to the second is still listed.
    fn numbered(&self, number: MeetingNumber) -> smallvec::SmallVec<[&'a Meeting; 1]> {
        let plan = self.plan;
        self.index
            .numbered(number)
            .iter()
            .filter_map(|&i| plan.meetings.get(i))
            .collect()
    }

    fn slots(&self, id: &TopicId) -> &[Slot] {
        self.slots_of
            .get(id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

impl std::ops::Deref for Side<'_> {
    type Target = Plan;
    fn deref(&self) -> &Plan {
        self.plan
    }
}

fn topic_ref(id: &TopicId, prefer: &Side, fallback: &Side) -> TopicRef {
    let title = |p: &Side| {
        p.fixed_topic(id)
            .map(|t| t.title.clone())
            .or_else(|| p.flexible_topic(id).map(|t| t.title.clone()))
    };
    TopicRef {
        id: id.clone(),
        title: title(prefer).or_else(|| title(fallback)),
    }
}

fn fixed_moves(old: &Side, new: &Side, out: &mut Vec<Change>) {
    // Every id either plan mentions, in the new plan's topic order, so a topic known
    // only from a meeting (an unknown-topic error) is still followed.
    let mut ids: Vec<&TopicId> = Vec::new();
    let mut seen: Set<&TopicId> = set_with_capacity(new.fixed_topics.len());
    let listed = new
        .fixed_topics
        .iter()
        .chain(&old.fixed_topics)
        .map(|t| &t.id);
    let scheduled = new
        .meetings
        .iter()
        .chain(&old.meetings)
        .filter_map(|m| m.fixed.as_ref());
    for id in listed.chain(scheduled) {
        if seen.insert(id) {
            ids.push(id);
        }
    }
    for id in ids {
        let (from, to) = (old.slots(id), new.slots(id));
        if from != to {
            out.push(Change::FixedMoved {
                topic: topic_ref(id, new, old),
                from: from.to_vec(),
                to: to.to_vec(),
            });
        }
    }
}

fn meetings(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let numbers: BTreeSet<MeetingNumber> = old
        .meetings
        .iter()
        .chain(&new.meetings)
        .map(|m| m.number)
        .collect();
    for number in numbers {
        // A duplicated number pairs its meetings in file order.
        let (os, ns) = (old.numbered(number), new.numbered(number));
        for i in 0..os.len().max(ns.len()) {
            meeting_pair(
                old,
                new,
                number,
                os.get(i).copied(),
                ns.get(i).copied(),
                out,
            );
        }
    }
}

fn meeting_pair(
    old: &Side,
    new: &Side,
    number: MeetingNumber,
    o: Option<&Meeting>,
    n: Option<&Meeting>,
    out: &mut Vec<Change>,
) {
    match (o, n) {
        (None, Some(n)) => {
            out.push(Change::MeetingAdded {
                meeting: number,
                year: n.year,
            });
            if let Some(id) = &n.flexible {
                out.push(Change::FlexibleAssigned {
                    meeting: number,
                    year: n.year,
                    topic: topic_ref(id, new, old),
                });
            }
        }
        (Some(o), None) => {
            out.push(Change::MeetingRemoved {
                meeting: number,
                year: o.year,
            });
            if let Some(id) = &o.flexible {
                out.push(Change::FlexibleRemoved {
                    meeting: number,
                    year: o.year,
                    topic: topic_ref(id, old, new),
                });
            }
        }
        (Some(o), Some(n)) => meeting(old, new, o, n, out),
        (None, None) => {}
    }
}

/// Every field of a meeting is named here, without `..`: a new field does not compile
/// until the amendment reports it (issue 13). The number is the key (a new number is a
/// meeting removed and one added, in [`meetings`]); the fixed topic is followed by topic
/// in [`fixed_moves`], since a fixed topic may move between meetings.
fn meeting(old: &Side, new: &Side, o: &Meeting, n: &Meeting, out: &mut Vec<Change>) {
    let Meeting {
        number: _,
        year: o_year,
        start: o_start,
        end: o_end,
        venue: o_venue,
        status: o_status,
        fixed: _,
        flexible: o_flexible,
        flexible_text: o_flexible_text,
        agenda: o_agenda,
        note: o_note,
    } = o;
    let Meeting {
        number: meeting,
        year,
        start,
        end,
        venue,
        status,
        fixed: _,
        flexible,
        flexible_text,
        agenda,
        note,
    } = n;
    let (meeting, year) = (*meeting, *year);
    flexible_change(old, new, (meeting, year), (o_flexible, flexible), out);
    let when = |year, start: &Option<NaiveDate>, end: &Option<NaiveDate>| When {
        year,
        start: *start,
        end: *end,
    };
    let (from, to) = (when(*o_year, o_start, o_end), when(year, start, end));
    if from != to {
        out.push(Change::MeetingRedated { meeting, from, to });
    }
    if o_status != status {
        out.push(Change::MeetingRestatused {
            meeting,
            year,
            from: *o_status,
            to: *status,
        });
    }
    // The meeting's record: each field that differs is one change.
    out.extend(differs(o_venue, venue, |from, to| Change::VenueChanged {
        meeting,
        year,
        from,
        to,
    }));
    out.extend(differs(o_agenda, agenda, |from, to| {
        Change::AgendaChanged {
            meeting,
            year,
            from,
            to,
        }
    }));
    out.extend(differs(o_note, note, |from, to| Change::NoteChanged {
        meeting,
        year,
        from,
        to,
    }));
    out.extend(differs(o_flexible_text, flexible_text, |from, to| {
        Change::FlexibleTextChanged {
            meeting,
            year,
            from,
            to,
        }
    }));
}

/// `change(old, new)` when the two differ.
fn differs<T: PartialEq + Clone>(
    old: &T,
    new: &T,
    change: impl FnOnce(T, T) -> Change,
) -> Option<Change> {
    (old != new).then(|| change(old.clone(), new.clone()))
}

/// The flexible topic of a meeting (`at`: its number and year) assigned, removed or
/// changed.
fn flexible_change(
    old: &Side,
    new: &Side,
    (meeting, year): (MeetingNumber, i32),
    ids: (&Option<TopicId>, &Option<TopicId>),
    out: &mut Vec<Change>,
) {
    match ids {
        (None, Some(id)) => out.push(Change::FlexibleAssigned {
            meeting,
            year,
            topic: topic_ref(id, new, old),
        }),
        (Some(id), None) => out.push(Change::FlexibleRemoved {
            meeting,
            year,
            topic: topic_ref(id, old, new),
        }),
        (Some(a), Some(b)) if a != b => out.push(Change::FlexibleChanged {
            meeting,
            year,
            from: topic_ref(a, old, new),
            to: topic_ref(b, new, old),
        }),
        _ => {}
    }
}

/// Clusters by id; every field is named (no `..`), so a new one must be compared here.
fn clusters(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (pairs, removed) = paired(&old.clusters, &new.clusters, |c| c.id.as_str());
    for (o, n) in pairs {
        let Cluster {
            id,
            name,
            review,
            articles,
        } = n;
        let Some(Cluster {
            id: _,
            name: o_name,
            review: o_review,
            articles: o_articles,
        }) = o
        else {
            out.push(Change::ClusterAdded {
                cluster: id.clone(),
                review: *review,
            });
            continue;
        };
        if o_review != review {
            out.push(Change::ClusterWindowChanged {
                cluster: id.clone(),
                from: *o_review,
                to: *review,
            });
        }
        if o_name != name {
            out.push(Change::ClusterRenamed {
                cluster: id.clone(),
                from: o_name.clone(),
                to: name.clone(),
            });
        }
        if o_articles != articles {
            out.push(Change::ClusterArticlesChanged {
                cluster: id.clone(),
                from: o_articles.clone(),
                to: articles.clone(),
            });
        }
    }
    for o in removed {
        out.push(Change::ClusterRemoved {
            cluster: o.id.clone(),
            review: o.review,
        });
    }
}

/// Topics by id, fixed then flexible; every field is named (no `..`), so a new one must
/// be compared here.
fn topics(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (pairs, removed) = paired(&old.fixed_topics, &new.fixed_topics, |t| t.id.as_str());
    for (o, n) in pairs {
        let FixedTopic {
            id,
            title,
            label,
            articles,
            introduction,
            questions,
        } = n;
        let Some(FixedTopic {
            id: _,
            title: o_title,
            label: o_label,
            articles: o_articles,
            introduction: o_introduction,
            questions: o_questions,
        }) = o
        else {
            out.push(Change::TopicAdded {
                item: Item::Fixed,
                topic: topic_ref(id, new, old),
            });
            continue;
        };
        if o_title != title {
            out.push(Change::TopicRetitled {
                item: Item::Fixed,
                topic: id.clone(),
                from: o_title.clone(),
                to: title.clone(),
            });
        }
        if o_articles != articles {
            out.push(Change::TopicArticlesChanged {
                topic: id.clone(),
                from: o_articles.clone(),
                to: articles.clone(),
            });
        }
        let fields: Vec<String> = [
            ("label", o_label != label),
            ("introduction", o_introduction != introduction),
            ("questions", o_questions != questions),
        ]
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| field.to_owned())
        .collect();
        if !fields.is_empty() {
            out.push(Change::TopicDetailsChanged {
                item: Item::Fixed,
                topic: id.clone(),
                fields,
            });
        }
    }
    for o in removed {
        out.push(Change::TopicRemoved {
            item: Item::Fixed,
            topic: topic_ref(&o.id, old, new),
        });
    }
    flexible_topics(old, new, out);
}

/// Flexible topics by id, as [`topics`] compares the fixed ones.
fn flexible_topics(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let (pairs, removed) = paired(&old.flexible_topics, &new.flexible_topics, |t| {
        t.id.as_str()
    });
    for (o, n) in pairs {
        let FlexibleTopic {
            id,
            title,
            source,
            related_articles,
            recurring,
        } = n;
        let Some(FlexibleTopic {
            id: _,
            title: o_title,
            source: o_source,
            related_articles: o_related,
            recurring: o_recurring,
        }) = o
        else {
            out.push(Change::TopicAdded {
                item: Item::Flexible,
                topic: topic_ref(id, new, old),
            });
            continue;
        };
        if o_title != title {
            out.push(Change::TopicRetitled {
                item: Item::Flexible,
                topic: id.clone(),
                from: o_title.clone(),
                to: title.clone(),
            });
        }
        let mut fields = Vec::new();
        if o_source != source {
            fields.push("source".to_owned());
        }
        if o_related != related_articles {
            fields.push("related_articles".to_owned());
        }
        if o_recurring != recurring {
            fields.push("recurring".to_owned());
        }
        if !fields.is_empty() {
            out.push(Change::TopicDetailsChanged {
                item: Item::Flexible,
                topic: id.clone(),
                fields,
            });
        }
    }
    for o in removed {
        out.push(Change::TopicRemoved {
            item: Item::Flexible,
            topic: topic_ref(&o.id, old, new),
        });
    }
}

/// NEW's items with their partners in OLD, and OLD's items without one.
type Paired<'a, T> = (Vec<(Option<&'a T>, &'a T)>, Vec<&'a T>);

/// Pairs the items of two lists by key: the k-th item with a key in OLD with the k-th
/// with that key in NEW. A key given twice is an error `check` reports, yet a change to
/// the second item must still be listed. Gives NEW's items in order, each with its
/// partner if it has one, then OLD's items that have none, in order.
fn paired<'a, T, K: Eq + std::hash::Hash + Copy>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Paired<'a, T> {
    let mut olds: Map<K, smallvec::SmallVec<[&'a T; 1]>> = map_with_capacity(old.len());
    for o in old {
        olds.entry(key(o)).or_default().push(o);
    }
    let mut taken: Map<K, usize> = map_with_capacity(new.len());
    let pairs = new
        .iter()
        .map(|n| {
            let k = key(n);
            let count = taken.entry(k).or_default();
            let o = olds.get(&k).and_then(|v| v.get(*count)).copied();
            *count += 1;
            (o, n)
        })
        .collect();
    let mut seen: Map<K, usize> = map_with_capacity(old.len());
    let removed = old
        .iter()
        .filter(|o| {
            let k = key(o);
            let j = seen.entry(k).or_default();
            *j += 1;
            *j > taken.get(&k).copied().unwrap_or(0)
        })
        .collect();
    (pairs, removed)
}

/// The plan as a whole. Both plans are destructured without `..`, so a new top-level
/// field does not compile until it is compared here (or named as compared elsewhere).
fn plan_wide(old: &Side, new: &Side, out: &mut Vec<Change>) {
    let Plan {
        version: o_version,
        title: o_title,
        body: o_body,
        alignment: Alignment {
            grace_years: o_grace,
        },
        // Compared item by item in `clusters`, `topics`, `meetings` and `fixed_moves`.
        clusters: _,
        cross_cutting_articles: o_cross,
        article_headings: o_headings,
        fixed_topics: _,
        flexible_topics: _,
        footnotes: o_footnotes,
        meetings: _,
        // Compared by name in `scenarios`.
        scenarios: _,
    } = old.plan;
    let Plan {
        version,
        title,
        body,
        alignment: Alignment { grace_years },
        clusters: _,
        cross_cutting_articles,
        article_headings,
        fixed_topics: _,
        flexible_topics: _,
        footnotes,
        meetings: _,
        scenarios: _,
    } = new.plan;
    articles_wide(
        (o_cross, cross_cutting_articles),
        (o_headings != article_headings, o_footnotes != footnotes),
        out,
    );
    if o_grace != grace_years {
        out.push(Change::GraceYearsChanged {
            from: *o_grace,
            to: *grace_years,
        });
    }
    if o_title != title {
        out.push(Change::TitleChanged {
            from: o_title.clone(),
            to: title.clone(),
        });
    }
    if o_body != body {
        out.push(Change::BodyChanged {
            from: o_body.clone(),
            to: body.clone(),
        });
    }
    // The loader reads only version 1, but a plan built in code may say otherwise, and
    // `diff(a, b).is_empty()` promises the plans are equal.
    if o_version != version {
        out.push(Change::VersionChanged {
            from: *o_version,
            to: *version,
        });
    }
    scenarios(old, new, out);
}

/// The cross-cutting articles (in any order), and whether the article headings and the
/// footnotes changed.
fn articles_wide(
    (o_cross, cross): (&[u32], &[u32]),
    (headings, footnotes): (bool, bool),
    out: &mut Vec<Change>,
) {
    let sorted = |a: &[u32]| {
        let mut v = a.to_vec();
        v.sort_unstable();
        v
    };
    if sorted(o_cross) != sorted(cross) {
        out.push(Change::CrossCuttingChanged {
            from: o_cross.to_vec(),
            to: cross.to_vec(),
        });
    }
    let fields: Vec<String> = [("article headings", headings), ("footnotes", footnotes)]
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(field, _)| field.to_owned())
        .collect();
    if !fields.is_empty() {
        out.push(Change::PlanDetailsChanged { fields });
    }
}

/// Scenarios by name, in the new plan's order then the removed ones; a name given twice
/// counts by its first entry.
fn scenarios(old: &Side, new: &Side, out: &mut Vec<Change>) {
    fn find<'p>(plan: &'p Plan, name: &str) -> Option<&'p Scenario> {
        plan.scenarios.iter().find(|s| s.name == name)
    }
    let mut seen = std::collections::HashSet::new();
    for n in &new.scenarios {
        // No `..`: a new scenario field must be compared here.
        let Scenario { name, delays } = n;
        if !seen.insert(name.as_str()) {
            continue;
        }
        let from = find(old, name).map(|Scenario { name: _, delays }| delays);
        if from != Some(delays) {
            out.push(Change::ScenarioChanged {
                name: name.clone(),
                from: from.cloned().unwrap_or_default(),
                to: delays.clone(),
            });
        }
    }
    for o in &old.scenarios {
        if find(new, &o.name).is_none() && seen.insert(o.name.as_str()) {
            out.push(Change::ScenarioChanged {
                name: o.name.clone(),
                from: o.delays.clone(),
                to: BTreeMap::new(),
            });
        }
    }
}

type FindingKey = (
    Code,
    Option<MeetingNumber>,
    Option<TopicId>,
    Option<ClusterId>,
);

fn key(f: &Finding) -> FindingKey {
    (f.code, f.meeting, f.topic.clone(), f.cluster.clone())
}

/// Multiset difference both ways: two identical findings in the old plan and one in the
/// new means one was resolved.
fn findings(old: &[Finding], new: &[Finding]) -> (Vec<FindingChange>, Vec<FindingChange>) {
    let only_in = |a: &[Finding], b: &[Finding]| {
        let mut budget: BTreeMap<FindingKey, usize> = BTreeMap::new();
        for f in b {
            *budget.entry(key(f)).or_default() += 1;
        }
        let mut out: Vec<FindingChange> = a
            .iter()
            .filter(|f| match budget.get_mut(&key(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(FindingChange::from)
            .collect();
        // Meeting order; plan-wide findings (no meeting) last.
        out.sort_by_key(|f| f.meeting.map_or((1, 0), |m| (0, m.get())));
        out
    };
    (only_in(new, old), only_in(old, new))
}

fn agenda_table(old: &Side, new: &Side) -> Vec<AgendaRow> {
    let numbers: BTreeSet<MeetingNumber> = old
        .meetings
        .iter()
        .chain(&new.meetings)
        .map(|m| m.number)
        .collect();
    numbers
        .into_iter()
        .filter_map(|number| {
            let (o, n) = (old.meeting(number), new.meeting(number));
            let fixed = |m: Option<&Meeting>| m.and_then(|m| m.fixed.clone());
            let flexible = |m: Option<&Meeting>| m.and_then(|m| m.flexible.clone());
            let year = |m: Option<&Meeting>| m.map(|m| m.year);
            let items_differ = fixed(o) != fixed(n) || flexible(o) != flexible(n);
            let has_items = [fixed(o), fixed(n), flexible(o), flexible(n)]
                .iter()
                .any(Option::is_some);
            // A meeting added or moved with no agenda items of the workplan (one held
            // before it) is listed among the meetings, not in the agenda table.
            let moved_with_items = has_items && year(o) != year(n);
            if !(items_differ || moved_with_items) {
                return None;
            }
            let r = |id: Option<TopicId>, p: &Side, q: &Side| id.map(|id| topic_ref(&id, p, q));
            Some(AgendaRow {
                meeting: number,
                old_year: year(o),
                new_year: year(n),
                old_fixed: r(fixed(o), old, new),
                new_fixed: r(fixed(n), new, old),
                old_flexible: r(flexible(o), old, new),
                new_flexible: r(flexible(n), new, old),
            })
        })
        .collect()
}

// In the leaf module both `diff` and `export` use; the merge reads it here too.
pub use crate::textfmt::dates_label;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
