//! Edits of a [`Plan`] and their undo history: values in, values out, no terminal.
//!
//! An edit is first checked against the plan and turned into a [`Patch`] of primitive
//! operations (replace one meeting, insert one, ...). Applying a patch returns its
//! inverse, so undo and redo are the same operation and the history only keeps what
//! an edit touched: a move in a plan of 100,000 meetings stores two meetings, not two
//! plans.

mod history;
#[cfg(test)]
mod tests;

pub use history::History;

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::plan::index::Change;
use crate::plan::{
    Cluster, ClusterId, FlexibleTopic, Meeting, MeetingNumber, Plan, PlanIndex, Status, TopicId,
    ordinal,
};

/// What happens to the fixed topic already on the meeting a topic is moved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The two topics trade meetings.
    Swap,
    /// The moved topic takes the slot; every later planned fixed topic moves one
    /// meeting later (a free slot, such as the one the moved topic left, stops the
    /// shift), and a new meeting is added when a topic runs off the end.
    Shift,
}

/// A change to one value of a meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeetingChange {
    /// New first and last day; the meeting's year follows the first day.
    Dates {
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    },
    Venue(Option<String>),
    Status(Status),
    Note(Option<String>),
}

/// One user-level edit of a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Put a fixed topic on a meeting; `conflict` says what to do with the topic there.
    MoveFixed {
        topic: TopicId,
        to: MeetingNumber,
        conflict: Conflict,
    },
    /// The fixed topics of this meeting and of every later planned one move one meeting
    /// later; a new meeting is added for the last one.
    Postpone {
        from: MeetingNumber,
    },
    /// Set or clear (`None`) a meeting's flexible topic.
    AssignFlexible {
        meeting: MeetingNumber,
        topic: Option<TopicId>,
    },
    /// Add a topic (usually Bureau-approved, `source: additional`) to the flexible pool.
    AddFlexible(FlexibleTopic),
    EditMeeting {
        number: MeetingNumber,
        change: MeetingChange,
    },
    AddMeeting(Meeting),
    /// Remove a meeting that has not happened.
    RemoveMeeting {
        number: MeetingNumber,
    },
    /// Move a cluster's review window: its first and last year by these many years.
    ShiftWindow {
        cluster: ClusterId,
        start_by: i32,
        end_by: i32,
    },
    /// Replace the whole plan, e.g. with a realignment proposal.
    Replace(Box<Plan>),
}

impl Edit {
    /// A few words for the status line and the undo list.
    pub fn describe(&self) -> String {
        match self {
            Edit::MoveFixed {
                topic,
                to,
                conflict,
            } => {
                let how = match conflict {
                    Conflict::Swap => "swapping",
                    Conflict::Shift => "shifting later topics",
                };
                format!("move {topic} to the {} meeting ({how})", ordinal(*to))
            }
            Edit::Postpone { from } => {
                format!("postpone fixed topics from the {} meeting", ordinal(*from))
            }
            Edit::AssignFlexible {
                meeting,
                topic: Some(t),
            } => format!("assign {t} to the {} meeting", ordinal(*meeting)),
            Edit::AssignFlexible {
                meeting,
                topic: None,
            } => format!(
                "clear the flexible topic of the {} meeting",
                ordinal(*meeting)
            ),
            Edit::AddFlexible(t) => format!("add flexible topic {}", t.id),
            Edit::EditMeeting { number, change } => {
                let what = match change {
                    MeetingChange::Dates { .. } => "dates",
                    MeetingChange::Venue(_) => "venue",
                    MeetingChange::Status(_) => "status",
                    MeetingChange::Note(_) => "note",
                };
                format!("edit the {what} of the {} meeting", ordinal(*number))
            }
            Edit::AddMeeting(m) => format!("add the {} meeting ({})", ordinal(m.number), m.year),
            Edit::RemoveMeeting { number } => format!("remove the {} meeting", ordinal(*number)),
            Edit::ShiftWindow {
                cluster,
                start_by,
                end_by,
            } => format!("shift the review window of {cluster} by {start_by:+}/{end_by:+} years"),
            Edit::Replace(_) => "replace the plan".into(),
        }
    }
}

/// Why an edit was refused. Each message is one line the planner can show as is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the {} meeting is {status}: it is history and cannot be changed", ordinal(*number))]
    History {
        number: MeetingNumber,
        status: Status,
    },
    #[error("there is no {} meeting", ordinal(*.0))]
    NoMeeting(MeetingNumber),
    #[error("there is no fixed topic {0}")]
    UnknownFixedTopic(TopicId),
    #[error("there is no flexible topic {0}")]
    UnknownFlexibleTopic(TopicId),
    #[error("there is no cluster {0}")]
    UnknownCluster(ClusterId),
    #[error("a topic with id {0} already exists; choose another id")]
    DuplicateId(TopicId),
    #[error("a {} meeting already exists", ordinal(*.0))]
    DuplicateMeeting(MeetingNumber),
    #[error(transparent)]
    InvalidDates(#[from] DatesProblem),
    #[error("the review window of {cluster} would end ({end}) before it starts ({start})")]
    InvalidWindow {
        cluster: ClusterId,
        start: i32,
        end: i32,
    },
    #[error("{topic} is held at the {} meeting, which is history: it cannot be moved", ordinal(*number))]
    TopicInHistory {
        topic: TopicId,
        number: MeetingNumber,
    },
    #[error("{topic} is already on the {} meeting", ordinal(*number))]
    AlreadyThere {
        topic: TopicId,
        number: MeetingNumber,
    },
    #[error("the plan has no meeting number after {0}")]
    NumberOverflow(MeetingNumber),
}

/// What is wrong with a meeting's dates: which date, and against which.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DatesProblem {
    #[error("an end date needs a start date; give the first day too")]
    EndWithoutStart { end: NaiveDate },
    #[error("the end ({end}) is before the start ({start})")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("the end ({end}) is not in the same year as the start ({start})")]
    EndInAnotherYear { start: NaiveDate, end: NaiveDate },
}

/// One primitive change; applying it yields the operation that undoes it.
#[derive(Clone, Debug, PartialEq)]
enum Op {
    SetMeeting(usize, Box<Meeting>),
    InsertMeeting(usize, Box<Meeting>),
    RemoveMeeting(usize),
    SetCluster(usize, Box<Cluster>),
    PushFlexible(Box<FlexibleTopic>),
    PopFlexible,
    Replace(Box<Plan>),
}

/// Primitive operations applied in order. Applying a patch returns its inverse.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Patch(Vec<Op>);

impl Patch {
    /// Applies the patch; returns the patch that undoes it. A patch only fits the plan
    /// it was made for (the history guarantees that); an operation that does not fit
    /// is skipped rather than panicking.
    pub fn apply(self, plan: &mut Plan) -> Patch {
        self.apply_noting(plan, &mut Vec::new())
    }

    /// [`Patch::apply`], adding to `changes` what it did to the plan's meetings, for
    /// the index and the check to catch up (`PlanIndex::update`, `Checked::update`).
    pub fn apply_noting(self, plan: &mut Plan, changes: &mut Vec<Change>) -> Patch {
        let mut inverse = Vec::with_capacity(self.0.len());
        for op in self.0 {
            if let Some(inv) = apply_op(plan, op) {
                match &inv {
                    Op::Replace(old) => replaced(old, plan, changes),
                    other => changes.push(change(plan, other)),
                }
                inverse.push(inv);
            }
        }
        inverse.reverse();
        Patch(inverse)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What replacing plan `old` by `new` did. Where only meetings differ (a realignment, or
/// undoing one), as changes to single meetings, so that the planner re-checks those alone
/// and can say which topics moved; anything else is a rebuild.
fn replaced(old: &Plan, new: &Plan, changes: &mut Vec<Change>) {
    // Every field but the meetings, named so that a new field must be placed here.
    let Plan {
        version,
        title,
        body,
        alignment,
        clusters,
        cross_cutting_articles,
        article_headings,
        fixed_topics,
        flexible_topics,
        footnotes,
        meetings: _,
        scenarios,
    } = old;
    let same = *version == new.version
        && *title == new.title
        && *body == new.body
        && *alignment == new.alignment
        && *clusters == new.clusters
        && *cross_cutting_articles == new.cross_cutting_articles
        && *article_headings == new.article_headings
        && *footnotes == new.footnotes
        && *fixed_topics == new.fixed_topics
        && *flexible_topics == new.flexible_topics
        && *scenarios == new.scenarios;
    if !same {
        changes.push(Change::Other);
        return;
    }
    for (at, (o, n)) in old.meetings.iter().zip(&new.meetings).enumerate() {
        if o != n {
            changes.push(Change::Meeting {
                at,
                old: Box::new(o.clone()),
            });
        }
    }
    // Meetings added at the end, or removed from it (past the end of the list now).
    changes.extend((old.meetings.len()..new.meetings.len()).map(Change::Appended));
    for (at, o) in old.meetings.iter().enumerate().skip(new.meetings.len()) {
        changes.push(Change::Meeting {
            at,
            old: Box::new(o.clone()),
        });
    }
}

/// What an applied operation did, from the operation that undoes it. Every operation is
/// named (no `_`): a new one must say what the index and the check are to catch up on.
fn change(plan: &Plan, inverse: &Op) -> Change {
    match inverse {
        Op::SetMeeting(at, old) => Change::Meeting {
            at: *at,
            old: old.clone(),
        },
        // Inserted at the end: no other meeting moved.
        Op::RemoveMeeting(at) if at + 1 == plan.meetings.len() => Change::Appended(*at),
        // Removed from the end.
        Op::InsertMeeting(at, old) if *at == plan.meetings.len() => Change::Meeting {
            at: *at,
            old: old.clone(),
        },
        // Inserted or removed in the middle: the meetings after it changed positions.
        Op::RemoveMeeting(_) | Op::InsertMeeting(..) => Change::Other,
        // Clusters and flexible topics bear on every meeting's findings.
        Op::SetCluster(..) | Op::PushFlexible(_) | Op::PopFlexible => Change::Other,
        // Handled by `replaced` before this is reached; a rebuild is always right.
        Op::Replace(_) => Change::Other,
    }
}

fn apply_op(plan: &mut Plan, op: Op) -> Option<Op> {
    Some(match op {
        Op::SetMeeting(i, m) => {
            let slot = plan.meetings.get_mut(i)?;
            Op::SetMeeting(i, Box::new(std::mem::replace(slot, *m)))
        }
        Op::InsertMeeting(i, m) => {
            if i > plan.meetings.len() {
                return None;
            }
            plan.meetings.insert(i, *m);
            Op::RemoveMeeting(i)
        }
        Op::RemoveMeeting(i) => {
            if i >= plan.meetings.len() {
                return None;
            }
            Op::InsertMeeting(i, Box::new(plan.meetings.remove(i)))
        }
        Op::SetCluster(i, c) => {
            let slot = plan.clusters.get_mut(i)?;
            Op::SetCluster(i, Box::new(std::mem::replace(slot, *c)))
        }
        Op::PushFlexible(t) => {
            plan.flexible_topics.push(*t);
            Op::PopFlexible
        }
        Op::PopFlexible => Op::PushFlexible(Box::new(plan.flexible_topics.pop()?)),
        Op::Replace(p) => Op::Replace(Box::new(std::mem::replace(plan, *p))),
    })
}

/// The plan after `edit`, or why the edit is refused. `plan` is left as it was.
pub fn apply(plan: &Plan, edit: &Edit) -> Result<Plan, EditError> {
    let mut next = plan.clone();
    apply_in_place(&mut next, edit)?;
    Ok(next)
}

/// Applies `edit` to `plan`; returns the patch that undoes it. On error the plan is
/// unchanged.
pub fn apply_in_place(plan: &mut Plan, edit: &Edit) -> Result<Patch, EditError> {
    Ok(prepare(plan, edit)?.apply(plan))
}

/// The patch that performs `edit` on `plan`, without applying it.
pub fn prepare(plan: &Plan, edit: &Edit) -> Result<Patch, EditError> {
    prepare_indexed(plan, &PlanIndex::new(plan), edit)
}

/// [`prepare`] with the plan's index at hand, which must be up to date with `plan` (the
/// planner keeps one across edits): the edit finds its meetings and topics there
/// instead of walking the plan, so that an edit of a few meetings costs the same in a
/// plan of any size.
pub fn prepare_indexed(plan: &Plan, index: &PlanIndex, edit: &Edit) -> Result<Patch, EditError> {
    let Patch(ops) = prepare_ops(plan, index, edit)?;
    // An edit that sets a value to what it already is leaves nothing to undo.
    let ops = ops
        .into_iter()
        .filter(|op| match op {
            Op::SetMeeting(i, m) => plan.meetings.get(*i) != Some(m.as_ref()),
            Op::SetCluster(i, c) => plan.clusters.get(*i) != Some(c.as_ref()),
            Op::Replace(p) => p.as_ref() != plan,
            // Inserting, removing or pushing changes the plan (an op that does not fit
            // is skipped when applied).
            Op::InsertMeeting(..)
            | Op::RemoveMeeting(_)
            | Op::PushFlexible(_)
            | Op::PopFlexible => true,
        })
        .collect();
    Ok(Patch(ops))
}

fn prepare_ops(plan: &Plan, index: &PlanIndex, edit: &Edit) -> Result<Patch, EditError> {
    match edit {
        Edit::MoveFixed {
            topic,
            to,
            conflict,
        } => move_fixed(plan, index, topic, *to, *conflict),
        Edit::Postpone { from } => postpone(plan, index, *from),
        Edit::AssignFlexible { meeting, topic } => {
            assign_flexible(plan, index, *meeting, topic.as_ref())
        }
        Edit::AddFlexible(t) => {
            if plan.topic_id_taken(&t.id) {
                return Err(EditError::DuplicateId(t.id.clone()));
            }
            Ok(Patch(vec![Op::PushFlexible(Box::new(t.clone()))]))
        }
        Edit::EditMeeting { number, change } => edit_meeting(plan, index, *number, change),
        Edit::AddMeeting(m) => add_meeting(plan, index, m),
        Edit::RemoveMeeting { number } => {
            let (i, _) = editable(plan, index, *number)?;
            Ok(Patch(vec![Op::RemoveMeeting(i)]))
        }
        Edit::ShiftWindow {
            cluster,
            start_by,
            end_by,
        } => {
            let i = plan
                .clusters
                .iter()
                .position(|c| &c.id == cluster)
                .ok_or_else(|| EditError::UnknownCluster(cluster.clone()))?;
            let mut c = plan.clusters[i].clone();
            c.review.start = c.review.start.saturating_add(*start_by);
            c.review.end = c.review.end.saturating_add(*end_by);
            if c.review.end < c.review.start {
                return Err(EditError::InvalidWindow {
                    cluster: cluster.clone(),
                    start: c.review.start,
                    end: c.review.end,
                });
            }
            Ok(Patch(vec![Op::SetCluster(i, Box::new(c))]))
        }
        Edit::Replace(p) => Ok(Patch(vec![Op::Replace(p.clone())])),
    }
}

/// The first meeting with this number, in file order.
fn find_meeting<'p>(
    plan: &'p Plan,
    index: &PlanIndex,
    number: MeetingNumber,
) -> Result<(usize, &'p Meeting), EditError> {
    index
        .meeting_position(number)
        .and_then(|i| Some((i, plan.meetings.get(i)?)))
        .ok_or(EditError::NoMeeting(number))
}

/// The meeting, if it may be changed (it is not history).
fn editable<'p>(
    plan: &'p Plan,
    index: &PlanIndex,
    number: MeetingNumber,
) -> Result<(usize, &'p Meeting), EditError> {
    let (i, m) = find_meeting(plan, index, number)?;
    if m.status.is_history() {
        return Err(EditError::History {
            number,
            status: m.status,
        });
    }
    Ok((i, m))
}

/// Collects changed meetings and emits one operation per meeting that differs.
struct Changes<'p> {
    plan: &'p Plan,
    fixed: Vec<(usize, Option<TopicId>)>,
}

impl<'p> Changes<'p> {
    fn new(plan: &'p Plan) -> Self {
        Self {
            plan,
            fixed: Vec::new(),
        }
    }

    fn set_fixed(&mut self, i: usize, topic: Option<TopicId>) {
        self.fixed.push((i, topic));
    }

    fn into_ops(self) -> Vec<Op> {
        let mut ops = Vec::with_capacity(self.fixed.len());
        for (i, topic) in self.fixed {
            if self.plan.meetings[i].fixed != topic {
                let mut m = self.plan.meetings[i].clone();
                m.fixed = topic;
                ops.push(Op::SetMeeting(i, Box::new(m)));
            }
        }
        ops
    }
}

/// A planned meeting after the last one, carrying `fixed`.
fn appended_meeting(plan: &Plan, index: &PlanIndex, fixed: TopicId) -> Result<Op, EditError> {
    let last_year = index.meeting_years().map(|(_, last)| last);
    let mut m = plan
        .next_meeting_after(index.last_number(), last_year)
        .ok_or(EditError::NumberOverflow(MeetingNumber::new(u32::MAX)))?;
    m.fixed = Some(fixed);
    Ok(Op::InsertMeeting(plan.meetings.len(), Box::new(m)))
}

fn move_fixed(
    plan: &Plan,
    index: &PlanIndex,
    topic: &TopicId,
    to: MeetingNumber,
    conflict: Conflict,
) -> Result<Patch, EditError> {
    if !index.is_fixed(topic) {
        return Err(EditError::UnknownFixedTopic(topic.clone()));
    }
    let (target, _) = editable(plan, index, to)?;
    // The first meeting in the file that holds the topic and is not cancelled.
    let source = index.fixed_on(topic).first().copied();
    if let Some(s) = source {
        let m = &plan.meetings[s];
        if m.status.is_history() {
            return Err(EditError::TopicInHistory {
                topic: topic.clone(),
                number: m.number,
            });
        }
        if s == target {
            return Err(EditError::AlreadyThere {
                topic: topic.clone(),
                number: to,
            });
        }
    }
    let displaced = plan.meetings[target].fixed.clone();
    let mut changes = Changes::new(plan);
    if let Some(s) = source {
        changes.set_fixed(s, None);
    }
    changes.set_fixed(target, Some(topic.clone()));
    let mut extra = Vec::new();
    match (displaced, conflict) {
        (None, _) => {}
        (Some(other), Conflict::Swap) => {
            if let Some(s) = source {
                changes.set_fixed(s, Some(other));
            }
        }
        (Some(other), Conflict::Shift) => {
            let mut carry = Some(other);
            let later = index
                .in_number_order_from(to)
                .skip_while(|&i| i != target)
                .skip(1);
            for i in later {
                let m = &plan.meetings[i];
                if m.status.is_history() {
                    continue;
                }
                // The slot the topic left is free now, as far as the shift is concerned.
                let here = if Some(i) == source {
                    None
                } else {
                    m.fixed.clone()
                };
                changes.set_fixed(i, carry.take());
                carry = here;
                if carry.is_none() {
                    break;
                }
            }
            if let Some(t) = carry {
                extra.push(appended_meeting(plan, index, t)?);
            }
        }
    }
    let mut ops = changes.into_ops();
    ops.extend(extra);
    Ok(Patch(ops))
}

fn postpone(plan: &Plan, index: &PlanIndex, from: MeetingNumber) -> Result<Patch, EditError> {
    let (first, _) = editable(plan, index, from)?;
    let mut changes = Changes::new(plan);
    let mut carry = None;
    for i in index.in_number_order_from(from).skip_while(|&i| i != first) {
        let m = &plan.meetings[i];
        if m.status.is_history() {
            continue;
        }
        changes.set_fixed(i, carry.take());
        carry = m.fixed.clone();
    }
    let mut ops = changes.into_ops();
    if let Some(t) = carry {
        ops.push(appended_meeting(plan, index, t)?);
    }
    Ok(Patch(ops))
}

fn assign_flexible(
    plan: &Plan,
    index: &PlanIndex,
    meeting: MeetingNumber,
    topic: Option<&TopicId>,
) -> Result<Patch, EditError> {
    let (i, m) = editable(plan, index, meeting)?;
    if let Some(t) = topic
        && !index.is_flexible(t)
    {
        return Err(EditError::UnknownFlexibleTopic(t.clone()));
    }
    if m.flexible.as_ref() == topic {
        return Ok(Patch::default());
    }
    let mut m = m.clone();
    m.flexible = topic.cloned();
    Ok(Patch(vec![Op::SetMeeting(i, Box::new(m))]))
}

fn edit_meeting(
    plan: &Plan,
    index: &PlanIndex,
    number: MeetingNumber,
    change: &MeetingChange,
) -> Result<Patch, EditError> {
    let (i, m) = editable(plan, index, number)?;
    let mut m = m.clone();
    match change {
        MeetingChange::Dates { start, end } => {
            validate_dates(*start, *end)?;
            m.start = *start;
            m.end = *end;
            if let Some(s) = start {
                m.year = s.year();
            }
        }
        MeetingChange::Venue(v) => m.venue = v.clone(),
        MeetingChange::Status(s) => m.status = *s,
        MeetingChange::Note(n) => m.note = n.clone(),
    }
    Ok(Patch(vec![Op::SetMeeting(i, Box::new(m))]))
}

/// The rule the checks apply to dates, said before the edit is made.
pub fn validate_dates(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<(), EditError> {
    let problem = match (start, end) {
        (None, Some(end)) => DatesProblem::EndWithoutStart { end },
        (Some(start), Some(end)) if end < start => DatesProblem::EndBeforeStart { start, end },
        (Some(start), Some(end)) if end.year() != start.year() => {
            DatesProblem::EndInAnotherYear { start, end }
        }
        _ => return Ok(()),
    };
    Err(problem.into())
}

fn add_meeting(plan: &Plan, index: &PlanIndex, m: &Meeting) -> Result<Patch, EditError> {
    if index.meeting_position(m.number).is_some() {
        return Err(EditError::DuplicateMeeting(m.number));
    }
    validate_dates(m.start, m.end)?;
    let at = plan
        .meetings
        .iter()
        .position(|x| x.number > m.number)
        .unwrap_or(plan.meetings.len());
    Ok(Patch(vec![Op::InsertMeeting(at, Box::new(m.clone()))]))
}

/// The meeting a new one would follow ([`Plan::next_meeting`]).
pub fn next_meeting(plan: &Plan) -> Option<Meeting> {
    plan.next_meeting()
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}
