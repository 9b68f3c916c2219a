//! What a proposal does to the plan, read from the plan it proposes: the one account of
//! a realignment that the planner's preview and `workplan realign` both give.
//!
//! The proposal's plan is compared with the current one meeting by meeting, by
//! identity: a meeting renumbered to make room for a second meeting is the same meeting
//! under a new number (the proposal's `renumbered`), any other number names the same
//! meeting in both plans (realign refuses plans with duplicate numbers), and a number
//! the current plan does not have is a meeting added. So the counts are those of the
//! plan that is applied or written, never of the solver's cost: a second meeting is a
//! meeting added, and a meeting left without its fixed topic is named.

use std::collections::{HashMap, HashSet};

use super::Proposal;
use crate::check::{Counts, check};
use crate::plan::{MeetingNumber, Plan, TopicId};

/// One meeting still to come of the proposed plan, beside what it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Number and year in the proposed plan.
    pub number: MeetingNumber,
    pub year: i32,
    /// Its number now; None: the proposal adds it.
    pub was: Option<MeetingNumber>,
    /// Its fixed topic now, and whether that topic is misaligned there.
    pub current: Option<TopicId>,
    pub current_misaligned: bool,
    /// Its fixed topic in the proposal, and whether that topic is misaligned there.
    pub proposed: Option<TopicId>,
    pub proposed_misaligned: bool,
    /// Added in a year that already has a meeting.
    pub second: bool,
}

impl Row {
    pub fn added(&self) -> bool {
        self.was.is_none()
    }

    pub fn renumbered(&self) -> bool {
        self.was.is_some_and(|w| w != self.number)
    }

    /// A planned meeting the proposal leaves without a fixed topic: emptied, or added
    /// empty on the way to a later one.
    pub fn left_empty(&self) -> bool {
        self.proposed.is_none() && (self.added() || self.current.is_some())
    }

    /// Whether the row shows any change.
    pub fn changed(&self) -> bool {
        self.added() || self.renumbered() || self.current != self.proposed
    }
}

/// What a proposal changes, counted on its plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The meetings of the proposed plan that are neither held nor cancelled, in its
    /// order.
    pub rows: Vec<Row>,
    /// Fixed topics that end on another meeting (or on one, from none).
    pub moved: usize,
    /// Meetings added, second meetings of a year included.
    pub added: usize,
    /// Of them, meetings added in a year that already had one.
    pub second: usize,
    pub renumbered: usize,
    /// Planned meetings left without a fixed topic, as (number, year) in the proposal.
    pub left_empty: Vec<(MeetingNumber, i32)>,
    /// Meetings of the current plan the proposal drops (emptied at the end of the plan),
    /// as (number, year) now.
    pub dropped: Vec<(MeetingNumber, i32)>,
    pub delay_years: i64,
    /// The findings of the proposed plan.
    pub findings: Counts,
    /// The proposed plan is the current one: there is nothing to apply.
    pub unchanged: bool,
}

impl Summary {
    /// "3 topics moved, 2 meetings added, 4 years of delay; 2 second meetings, 4
    /// renumbered, 2 left empty" (second meetings, renumbered, left empty and dropped
    /// only when some are): what the preview and the command both say (the
    /// command, of a plan not yet written, in the future: "3 topics to move, …").
    pub fn counts_line(&self, future: bool) -> String {
        let [moved, added, renumbered] = if future {
            ["to move", "to add", "to renumber"]
        } else {
            ["moved", "added", "renumbered"]
        };
        let mut parts = vec![
            format!("{} {moved}", count(self.moved, "topic", "topics")),
            format!("{} {added}", count(self.added, "meeting", "meetings")),
        ];
        let years = count(
            usize::try_from(self.delay_years).unwrap_or(usize::MAX),
            "year",
            "years",
        );
        // "in all" as the command always said; the preview's line is short of room.
        parts.push(if future {
            format!("{years} of delay in all")
        } else {
            format!("{years} of delay")
        });
        // The rarer changes after, and only when they happen: the line keeps the words
        // it always had, and fits a dialog.
        let mut rarer = Vec::new();
        if self.second > 0 {
            rarer.push(count(self.second, "second meeting", "second meetings"));
        }
        if self.renumbered > 0 {
            rarer.push(format!("{} {renumbered}", self.renumbered));
        }
        if !self.left_empty.is_empty() {
            rarer.push(format!("{} left empty", self.left_empty.len()));
        }
        if !self.dropped.is_empty() {
            rarer.push(format!("{} dropped", self.dropped.len()));
        }
        let line = parts.join(", ");
        if rarer.is_empty() {
            line
        } else {
            format!("{line}; {}", rarer.join(", "))
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What `proposal` changes in `current`, the plan it was computed from.
pub fn summarize(current: &Plan, proposal: &Proposal) -> Summary {
    let after = &proposal.plan;
    let origin = origins(current, after, &proposal.renumbered);
    let misaligned_now = misaligned_at(current);
    let misaligned_after = misaligned_at(after);
    let years_now: HashSet<i32> = current
        .meetings
        .iter()
        .filter(|m| m.status != crate::plan::Status::Cancelled)
        .map(|m| m.year)
        .collect();
    let rows: Vec<Row> = after
        .meetings
        .iter()
        .zip(&origin)
        .filter(|(m, _)| !m.status.is_history())
        .map(|(m, &o)| {
            let now = o.map(|i| &current.meetings[i]);
            let current_fixed = now.and_then(|n| n.fixed.clone());
            Row {
                number: m.number,
                year: m.year,
                was: now.map(|n| n.number),
                current_misaligned: now
                    .is_some_and(|n| current_fixed.is_some() && misaligned_now.contains(&n.number)),
                current: current_fixed,
                proposed_misaligned: m.fixed.is_some() && misaligned_after.contains(&m.number),
                proposed: m.fixed.clone(),
                second: now.is_none() && years_now.contains(&m.year),
            }
        })
        .collect();
    let kept: HashSet<usize> = origin.iter().flatten().copied().collect();
    Summary {
        moved: rows
            .iter()
            .filter(|r| r.proposed.is_some() && r.proposed != r.current)
            .count(),
        added: rows.iter().filter(|r| r.added()).count(),
        second: rows.iter().filter(|r| r.second).count(),
        renumbered: rows.iter().filter(|r| r.renumbered()).count(),
        left_empty: rows
            .iter()
            .filter(|r| r.left_empty())
            .map(|r| (r.number, r.year))
            .collect(),
        dropped: (0..current.meetings.len())
            .filter(|i| !kept.contains(i))
            .map(|i| (current.meetings[i].number, current.meetings[i].year))
            .collect(),
        delay_years: proposal.cost.total_delay_years,
        findings: Counts::of(&check(after)),
        unchanged: after == current,
        rows,
    }
}

/// Numbers of the meetings on which a fixed topic is misaligned.
fn misaligned_at(plan: &Plan) -> HashSet<MeetingNumber> {
    check(plan)
        .into_iter()
        .filter(|f| f.is_misalignment())
        .filter_map(|f| f.meeting)
        .collect()
}

/// For each meeting of `after`, its index in `before`'s meetings; None for a meeting
/// added. `renumbered` lists (old, new) numbers: a meeting under an old number that was
/// renumbered away is another, new meeting.
pub fn origins(
    before: &Plan,
    after: &Plan,
    renumbered: &[(MeetingNumber, MeetingNumber)],
) -> Vec<Option<usize>> {
    let back: HashMap<MeetingNumber, MeetingNumber> =
        renumbered.iter().map(|&(old, new)| (new, old)).collect();
    let away: HashSet<MeetingNumber> = renumbered.iter().map(|&(old, _)| old).collect();
    let mut by_number: HashMap<MeetingNumber, usize> = HashMap::new();
    for (i, m) in before.meetings.iter().enumerate() {
        by_number.entry(m.number).or_insert(i);
    }
    after
        .meetings
        .iter()
        .map(|m| {
            let old = match back.get(&m.number) {
                Some(&old) => old,
                None if away.contains(&m.number) => return None,
                None => m.number,
            };
            by_number.get(&old).copied()
        })
        .collect()
}
