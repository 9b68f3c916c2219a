//! What-if review delays, and the optimal realignment of fixed topics to meetings.
//!
//! [`apply_delays`] shifts clusters' review windows; [`realign`] proposes the plan that
//! is aligned again while touching as little as possible of what delegations planned for.
//!
//! # The problem
//!
//! *Slots* are the meetings that may change (planned and postponed), in the order of
//! (year, number), followed by meetings that may be appended: the next number in the
//! next year, one after another, up to the horizon (`horizon_years` past the end of the
//! latest review window). Held and cancelled meetings are never changed and keep their
//! topics; a fixed topic on a held meeting is *pinned* there.
//!
//! Every other fixed topic is *movable* and gets exactly one slot, each slot taking at
//! most one topic, such that:
//! 1. the topic is aligned there, as `check` defines it: in year Y with
//!    `start <= Y <= end + grace_years` for every cluster reviewing one of its
//!    non-cross-cutting articles (so each topic has an interval of years, possibly empty);
//! 2. unless `allow_reorder`, the topics keep their current order (pinned ones included);
//! 3. a topic made only of cross-cutting articles comes after every other fixed topic;
//! 4. appended meetings are used only when needed: adding k meetings adds the next k
//!    numbers in the next k years (a meeting appended on the way to a later one stays
//!    without a fixed topic).
//!
//! Among those assignments the proposal minimizes, lexicographically, [`Cost`]: the
//! topics moved, then the meetings added, then the total delay (the sum of
//! `|new year - old year|` over moved topics; with slips this is how late topics come).
//! Flexible topics stay with their meetings. Keeping the order, ties go to the earliest
//! meetings; order free, to the first optimum the solver meets (deterministic too).
//! Plans in which it is ambiguous which topic is where (duplicate ids or meeting
//! numbers, unknown or repeated fixed topics) are refused, not guessed at.
//!
//! **The current order** is the order of the meetings that hold the topics. A topic on no
//! meeting, or only on a cancelled one (check counts those as unscheduled), has no
//! current meeting: it *is* placed (a realigned plan discusses every fixed topic, and
//! otherwise the `fixed-topic-unscheduled` warning would survive the repair), counts as
//! moved, with no delay, and in the order it follows the topic before it in
//! `fixed_topics` (a topic on a cancelled meeting keeps that meeting's place). A
//! cross-cutting-only topic goes after all the others whatever its current place.
//!
//! # The algorithms
//!
//! **Order kept** (the default): topics in order must take strictly increasing slots,
//! and each topic's allowed slots form a contiguous range (its years, narrowed by the
//! pinned topics around it), narrowed again by a forward and a backward pass. A dynamic
//! programme over (topic, slot) then takes O(1) per state: with `F[i][j]` the best cost
//! of topics `0..=i` with topic `i` at slot `j`, and `G[i][j]` its running minimum over
//! slots `<= j`, `F[i][j] = G[i-1][j-1] + c(i, j)`. The meetings added depend only on the
//! last topic's slot (slots increase), so they are chosen at the end, no loop over the
//! number appended. Time O(sum of the ranges) <= O(topics x slots); memory one bit per
//! state (whether `G[i][j]` takes slot `j`) plus one row of costs.
//!
//! **Order free** (`allow_reorder`): a minimum-cost assignment (Hungarian algorithm,
//! O(n^2 s) for n movable topics and s slots) with costs `moved * B + delay`. The
//! meetings added are not a sum over topics, so the smallest number of appended
//! meetings reaching the fewest moves is found by binary search (fewest moves only
//! falls as meetings are added); the cross-cutting topics' "after every other"
//! constraint is met by trying each boundary slot. Overall O(log K x s x n^2 s): meant
//! for plans of tens of topics, as workplans are, and refused past
//! [`MAX_REORDER_TOPICS`] movable topics rather than left to run for minutes.
//!
//! **Best effort** (`best_effort`): when no aligned assignment exists, every slot is
//! allowed (within the order and pinned bounds) and [`Step`] ranks an assignment by the
//! topics left misaligned, then their years outside their aligned years, before the
//! usual cost. The costs stay separable per (topic, slot), so both solvers above solve
//! it unchanged; an aligned plan, when one exists, is still the answer.
//!
//! **Second meetings** (`allow_second_meeting`): extra slots, one after the meeting of
//! each year that has exactly one (planned or postponed, with no meeting on record after
//! it). Using one costs more than any move; the proposal renumbers the later meetings.
//!
//! **Meetings left empty**: a planned meeting the proposal empties at the end of the plan,
//! with nothing else on it and its own number, is dropped (no Bureau keeps a meeting with
//! no fixed topic after the last one); one in the middle stays, and [`summary`] names
//! it. What a proposal changes is read from its plan by [`summary::summarize`], the one
//! account the planner's preview and `workplan realign` give.
//!
//! A cross-cutting topic already *held* before other topics is history: it stays, and
//! the "after every other" rule binds only the cross-cutting topics still to be placed
//! (`check` keeps its `cross-cutting-not-last` warning about the held one).

pub mod compare;
mod order_free;
mod ordered;
#[cfg(test)]
mod props;
pub mod summary;
#[doc(hidden)]
pub mod synth;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::check::{Anchor, Code, MeetingField, check};
use crate::plan::{
    ClusterId, Meeting, MeetingNumber, Plan, PlanIndex, Status, TopicId, articles_label, ordinal,
};

/// Meetings are never appended past this many, whatever the horizon: as many years as
/// the longest `--horizon`, a millennium of yearly meetings, far above any real plan. It
/// bounds the proposal of an absurd input (a review window in the year 100000): a
/// hundred thousand appended meetings made a 20 MB answer to a 30 KB plan.
pub const MAX_APPENDED: i64 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Let topics change their order (still cross-cutting last, held meetings kept).
    pub allow_reorder: bool,
    /// Meetings may be appended up to this many years past the end of the latest review
    /// window (past the last meeting when the plan has no clusters).
    pub horizon_years: i32,
    /// When no aligned plan exists, propose the least-misaligned one (see [`Proposal`]).
    pub best_effort: bool,
    /// Let the solver add a meeting in a year that has exactly one (see [`Slot::second`]).
    pub allow_second_meeting: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            allow_reorder: false,
            horizon_years: 10,
            best_effort: false,
            allow_second_meeting: false,
        }
    }
}

/// One fixed topic taken to another meeting; meetings as (number, year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    pub topic: TopicId,
    pub title: String,
    /// None: the topic was on no meeting (or only on a cancelled one).
    pub from: Option<(MeetingNumber, i32)>,
    pub to: (MeetingNumber, i32),
}

/// Compared lexicographically in field order: that is the optimality criterion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cost {
    pub moved: usize,
    pub added: usize,
    pub total_delay_years: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// The realigned plan (with whatever windows the input plan had).
    pub plan: Plan,
    /// In the order of the meetings they go to.
    pub moves: Vec<Move>,
    /// Meetings appended, as (number, year).
    pub added_meetings: Vec<(MeetingNumber, i32)>,
    pub cost: Cost,
    /// Meetings added in a year that already had one (`allow_second_meeting`), as
    /// (number, year) in the realigned plan.
    pub second_meetings: Vec<(MeetingNumber, i32)>,
    /// Meetings renumbered to make room for the second meetings: (old, new) numbers.
    pub renumbered: Vec<(MeetingNumber, MeetingNumber)>,
    /// Fixed topics still misaligned (only ever with `best_effort`), in meeting order.
    pub misaligned: Vec<Misaligned>,
}

impl Proposal {
    /// Whether every fixed topic is aligned; false only for a best-effort proposal.
    pub fn aligned(&self) -> bool {
        self.misaligned.is_empty()
    }
}

/// A fixed topic that a best-effort proposal leaves outside its aligned years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Misaligned {
    pub topic: TopicId,
    pub title: String,
    /// (number, year) in the realigned plan.
    pub meeting: (MeetingNumber, i32),
    /// Negative: this many years before its aligned years; positive: after them.
    pub years_early_or_late: i64,
}

/// What placing one topic on one slot costs, compared lexicographically in field order:
/// the best-effort terms first (always zero on an aligned slot), then the second
/// meetings (more than any move), then the usual moves and delay. Meetings appended are
/// not a sum over topics and are ranked between `moved` and `delay` by the solvers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Step {
    pub misaligned: u32,
    pub outside: i64,
    pub second: u32,
    pub moved: u32,
    pub delay: i64,
}

impl std::ops::Add for Step {
    type Output = Step;
    fn add(self, o: Step) -> Step {
        Step {
            misaligned: self.misaligned + o.misaligned,
            outside: self.outside.saturating_add(o.outside),
            second: self.second + o.second,
            moved: self.moved + o.moved,
            delay: self.delay.saturating_add(o.delay),
        }
    }
}

impl Step {
    /// Everything but the delay: what appending meetings can only lower.
    pub fn rank(self) -> (u32, i64, u32, u32) {
        (self.misaligned, self.outside, self.second, self.moved)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RealignError {
    #[error(
        "there is no cluster {id} in this plan; the clusters are {}",
        list_ids(known)
    )]
    UnknownCluster {
        id: ClusterId,
        known: Vec<ClusterId>,
    },
    #[error(
        "the plan cannot be realigned until these are corrected: {}",
        problems.join("; ")
    )]
    InvalidPlan { problems: Vec<String> },
    #[error("no aligned plan exists: {reason}")]
    Unplaceable { topic: TopicId, reason: String },
    /// The order-free solver is cubic: past this size it would run for minutes.
    #[error(
        "--allow-reorder handles plans of up to {limit} fixed topics to place, and this one has {topics}; realign it keeping the order"
    )]
    TooLargeToReorder { topics: usize, limit: usize },
    /// Few enough topics, but over so many meetings (with a cross-cutting topic to put
    /// last) that the order-free solver would run for minutes.
    #[error(
        "--allow-reorder would take too long on this plan ({topics} fixed topics to place over {meetings} meetings they could take); realign it keeping the order"
    )]
    TooSlowToReorder { topics: usize, meetings: usize },
    /// Given up when asked to ([`realign_until`]): no answer, not a failure of the plan.
    #[error("the realignment was cancelled")]
    Cancelled,
}

/// Most movable topics `allow_reorder` accepts (see [`RealignError::TooLargeToReorder`]).
pub const MAX_REORDER_TOPICS: usize = 300;

/// Most work (`order_free::work`) `allow_reorder` takes on: a few seconds at most in
/// an optimized build. Past it, [`RealignError::TooSlowToReorder`].
pub const MAX_REORDER_WORK: u128 = 50_000_000;

fn list_ids(ids: &[ClusterId]) -> String {
    if ids.is_empty() {
        "none".into()
    } else {
        ids.iter()
            .map(ClusterId::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// [`realign`], and when no aligned plan exists (a topic cannot be placed) and
/// `best_effort` is asked, the least-misaligned plan beside the reason.
pub fn realign_with_fallback(
    plan: &Plan,
    options: &Options,
    best_effort: bool,
) -> (Result<Proposal, RealignError>, Option<Proposal>) {
    realign_with_fallback_until(plan, options, best_effort, Stop::NEVER)
}

/// [`realign_with_fallback`], given up as [`realign_until`] is.
pub fn realign_with_fallback_until(
    plan: &Plan,
    options: &Options,
    best_effort: bool,
    stop: Stop,
) -> (Result<Proposal, RealignError>, Option<Proposal>) {
    let outcome = realign_until(plan, options, stop);
    if !best_effort || !matches!(outcome, Err(RealignError::Unplaceable { .. })) {
        return (outcome, None);
    }
    let best = Options {
        best_effort: true,
        ..*options
    };
    match realign_until(plan, &best, stop) {
        Err(RealignError::Cancelled) => (Err(RealignError::Cancelled), None),
        fallback => (outcome, fallback.ok()),
    }
}

/// The delays one cluster at a time, in the order first named: delays naming one
/// cluster twice add up (`C2=+1 C2=+1` is `C2 +2`), as [`apply_delays`] applies them.
pub fn total_delays(delays: &[(ClusterId, i32)]) -> Vec<(ClusterId, i32)> {
    let mut out: Vec<(ClusterId, i32)> = Vec::with_capacity(delays.len());
    for (id, years) in delays {
        match out.iter_mut().find(|(c, _)| c == id) {
            Some((_, total)) => *total = total.saturating_add(*years),
            None => out.push((id.clone(), *years)),
        }
    }
    out
}

/// Shifts the named clusters' review windows by whole years (negative: earlier). Delays
/// naming the same cluster add up.
pub fn apply_delays(plan: &Plan, delays: &[(ClusterId, i32)]) -> Result<Plan, RealignError> {
    let mut out = plan.clone();
    for (id, years) in delays {
        let mut found = false;
        for c in out.clusters.iter_mut().filter(|c| &c.id == id) {
            c.review = c.review.shifted(*years);
            found = true;
        }
        if !found {
            return Err(RealignError::UnknownCluster {
                id: id.clone(),
                known: plan.clusters.iter().map(|c| c.id.clone()).collect(),
            });
        }
    }
    Ok(out)
}

/// Proposes the optimal aligned plan (see the module documentation).
pub fn realign(plan: &Plan, options: &Options) -> Result<Proposal, RealignError> {
    realign_until(plan, options, Stop::NEVER)
}

/// [`realign`], giving up with [`RealignError::Cancelled`] soon after `stop` is raised
/// (the planner runs the solver on a thread of its own and lets Esc stop it).
pub fn realign_until(plan: &Plan, options: &Options, stop: Stop) -> Result<Proposal, RealignError> {
    solve(plan, options, stop, false)
}

fn solve(
    plan: &Plan,
    options: &Options,
    stop: Stop,
    every_year: bool,
) -> Result<Proposal, RealignError> {
    validate(plan)?;
    let problem = Problem::build(plan, options, every_year);
    if options.allow_reorder && problem.topics.len() > MAX_REORDER_TOPICS {
        return Err(RealignError::TooLargeToReorder {
            topics: problem.topics.len(),
            limit: MAX_REORDER_TOPICS,
        });
    }
    if options.allow_reorder && order_free::work(&problem) > MAX_REORDER_WORK {
        return Err(RealignError::TooSlowToReorder {
            topics: problem.topics.len(),
            meetings: problem.slots.len(),
        });
    }
    if !options.best_effort
        && let Some(fail) = problem.empty_interval()
    {
        return Err(problem.unplaceable(plan, fail, false));
    }
    let assignment = if options.allow_reorder {
        order_free::solve(&problem, stop)
    } else {
        ordered::solve(&problem, stop)
    }
    .map_err(|fail| {
        if fail == Fail::Stopped {
            return RealignError::Cancelled;
        }
        // A full order-free solve is cheap on plans of workplan size; past that, the
        // earliest-deadline-first test (which ignores the cross-cutting rule) decides:
        // a hint is not worth minutes (a 49 KB plan of 150 topics over 1,200 meetings).
        let reorder_may_help = !options.allow_reorder
            && if order_free::work(&problem) <= MAX_REORDER_WORK / 10 {
                match order_free::solve(&problem, stop) {
                    Err(Fail::Stopped) => return RealignError::Cancelled,
                    other => other.is_ok(),
                }
            } else {
                order_free::contested(&problem).is_none()
            };
        problem.unplaceable(plan, fail, reorder_may_help)
    })?;
    Ok(problem.proposal(plan, &assignment))
}

/// [`realign`] offering an appended meeting in every year up to the horizon: what the
/// horizon rule ([`appended_years`]) must never do better than.
#[cfg(test)]
pub(crate) fn realign_every_year(plan: &Plan, options: &Options) -> Result<Proposal, RealignError> {
    solve(plan, options, Stop::NEVER, true)
}

/// Whether to give up long work: raised by another thread (the planner's Esc), read by
/// the solvers between steps. Never raised, it costs one load per step.
#[derive(Clone, Copy, Debug)]
pub struct Stop<'a>(Option<&'a AtomicBool>);

impl<'a> Stop<'a> {
    pub const NEVER: Stop<'static> = Stop(None);

    pub fn on(flag: &'a AtomicBool) -> Self {
        Self(Some(flag))
    }

    pub fn raised(self) -> bool {
        self.0.is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err(Fail::Stopped)` once raised, for `?` in the solvers.
    pub(crate) fn check(self) -> Result<(), Fail> {
        if self.raised() {
            Err(Fail::Stopped)
        } else {
            Ok(())
        }
    }
}

/// Plans in which "which topic is where" is ambiguous are refused rather than guessed at.
fn validate(plan: &Plan) -> Result<(), RealignError> {
    let problems: Vec<String> = check(plan)
        .into_iter()
        .filter(|f| match f.code {
            Code::DuplicateId | Code::DuplicateMeeting | Code::FixedTopicRepeated => true,
            Code::UnknownTopic => matches!(f.anchor, Some(Anchor::Meeting(_, MeetingField::Fixed))),
            _ => false,
        })
        .map(|f| f.message)
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RealignError::InvalidPlan { problems })
    }
}

/// A meeting a movable topic may take.
#[derive(Clone, Debug)]
pub(crate) struct Slot {
    /// In the numbering of the input plan (a second meeting: the number after the
    /// meeting it follows); the proposal renumbers.
    pub number: MeetingNumber,
    pub year: i32,
    /// Index in `plan.meetings`; None for a meeting that would be added.
    pub meeting: Option<usize>,
    /// Place on the axis of all meetings: meeting k by (year, number) is at 2k, a second
    /// meeting after it at 2k + 1; appended ones come after them all.
    pub pos: usize,
    /// A meeting added in a year that has one (`allow_second_meeting`): it goes after
    /// that year's meeting, and every later meeting's number goes up by one.
    pub second: bool,
    /// Meetings appended when this is the last slot used: k + 1 for the k-th appended
    /// meeting (counting from 0), 0 for an existing meeting.
    pub added: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Topic {
    /// Index in `plan.fixed_topics`.
    pub index: usize,
    pub cross: bool,
    /// Aligned years, inclusive; None: any year (no cluster reviews its articles).
    pub years: Option<(i32, i32)>,
    /// Slot it is on now.
    pub cur: Option<usize>,
    /// Slots allowed by its years, half-open (empty when none).
    pub year_lo: usize,
    pub year_end: usize,
    /// Slots allowed by the pinned topics around it when the order is kept, half-open.
    pub pin_lo: usize,
    pub pin_end: usize,
    /// The pinned topics just before and after it in the order (plan topic index,
    /// meeting index), for messages.
    pub pinned_before: Option<(usize, usize)>,
    pub pinned_after: Option<(usize, usize)>,
}

/// Why no assignment exists, found by a solver; turned into words by [`Problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fail {
    /// The clusters reviewing the topic's articles have no year in common.
    NoYear(usize),
    /// No slot in the topic's years at all (within its pinned bounds when ordered).
    NoSlot(usize),
    /// Keeping the order, the topics before it leave it no slot.
    Crowded { topic: usize, before: Vec<usize> },
    /// Even reordered, other topics need every slot of its years.
    Contested(usize),
    /// A cross-cutting topic finds no slot after every other topic.
    NotLast(usize),
    /// Given up: [`Stop`] was raised.
    Stopped,
}

pub(crate) struct Problem {
    pub slots: Vec<Slot>,
    /// Slots that are existing meetings; the rest would be appended.
    pub existing: usize,
    /// Movable topics, in the order to keep.
    pub topics: Vec<Topic>,
    /// First slot a cross-cutting topic may take: after every pinned non-cross-cutting one.
    pub cross_lo: usize,
    pub horizon: i32,
    /// Only moves and delay can cost anything (aligned slots only, no second meetings):
    /// the order-keeping solver then carries a smaller cost.
    pub plain: bool,
    /// Year of the first meeting that would be appended.
    pub first_new: i64,
    /// Highest meeting number of the input: appended meeting k is numbered one more + k.
    pub last_number: u32,
}

impl Problem {
    /// `every_year`: offer an appended meeting in every year up to the horizon, not
    /// only in the years [`appended_years`] keeps (for the tests that hold the two equal).
    fn build(plan: &Plan, options: &Options, every_year: bool) -> Self {
        let (order, pos_of) = meeting_order(plan);
        let index = PlanIndex::new(plan);
        let Slots {
            slots,
            existing,
            horizon,
            first_new,
            last_number,
        } = Slots::lay_out(plan, options, &order, &index, every_year);
        let placed = Placed::find(plan, &order, &index);
        let ordered = placed.sequence(plan, &pos_of);
        let is_cross = |ti: usize| plan.is_cross_cutting_topic(&plan.fixed_topics[ti]);
        // The first slot a cross-cutting topic may take: after every pinned other one.
        let cross_lo = ordered
            .iter()
            .filter(|&&ti| !is_cross(ti))
            .filter_map(|&ti| placed.pinned(plan, ti))
            .map(|mi| first_slot_after(&slots, pos_of[mi]))
            .max()
            .unwrap_or(0);
        let on = Axis {
            plan,
            slots: &slots,
            pos_of: &pos_of,
        };
        let topics = on.topics(options, &index, &placed, &ordered);
        let plain = !options.best_effort && !slots.iter().any(|s| s.second);
        Self {
            slots,
            existing,
            topics,
            cross_lo,
            horizon,
            plain,
            first_new,
            last_number,
        }
    }

    /// Slots topic `t` may take by its years alone, half-open.
    pub fn year_range(&self, t: usize) -> (usize, usize) {
        let topic = &self.topics[t];
        (topic.year_lo, topic.year_end)
    }

    /// Whether topic `t` moves if put on slot `s`, and by how many years.
    pub fn moved_delay(&self, t: usize, s: usize) -> (u32, i64) {
        match self.topics[t].cur {
            Some(c) if c == s => (0, 0),
            Some(c) => (
                1,
                (i64::from(self.slots[s].year) - i64::from(self.slots[c].year)).abs(),
            ),
            None => (1, 0),
        }
    }

    /// The cost of putting topic `t` on slot `s`.
    pub fn cost(&self, t: usize, s: usize) -> Step {
        let slot = &self.slots[s];
        let (moved, delay) = self.moved_delay(t, s);
        let (early, late) = self.outside(t, slot.year);
        Step {
            misaligned: u32::from(early + late > 0),
            outside: early + late,
            second: u32::from(slot.second),
            moved,
            delay,
        }
    }

    /// Years before and after topic `t`'s aligned years that `year` lies.
    pub fn outside(&self, t: usize, year: i32) -> (i64, i64) {
        match self.topics[t].years {
            None => (0, 0),
            Some((lo, hi)) => {
                let y = i64::from(year);
                ((i64::from(lo) - y).max(0), (y - i64::from(hi)).max(0))
            }
        }
    }

    /// Meetings appended when the last slot used is `s`.
    pub fn added(&self, last: Option<usize>) -> usize {
        last.map_or(0, |s| self.slots[s].added)
    }

    fn empty_interval(&self) -> Option<Fail> {
        self.topics
            .iter()
            .position(|t| t.years.is_some_and(|(lo, hi)| lo > hi))
            .map(Fail::NoYear)
    }

    /// Topic `t` on `meeting` (number, year), if outside its aligned years.
    fn misaligned(
        &self,
        plan: &Plan,
        t: usize,
        meeting: (MeetingNumber, i32),
    ) -> Option<Misaligned> {
        let fixed = &plan.fixed_topics[self.topics[t].index];
        let (early, late) = self.outside(t, meeting.1);
        (early + late > 0).then(|| Misaligned {
            topic: fixed.id.clone(),
            title: fixed.title.clone(),
            meeting,
            years_early_or_late: if early > 0 { -(early + late) } else { late },
        })
    }

    fn proposal(&self, plan: &Plan, assignment: &[usize]) -> Proposal {
        let mut on_slot: Vec<Option<usize>> = vec![None; self.slots.len()];
        for (t, &s) in assignment.iter().enumerate() {
            on_slot[s] = Some(t);
        }
        let added = self.added(assignment.iter().copied().max());
        // Each second meeting used puts the numbers of every meeting after it up by one.
        let seconds: Vec<usize> = (0..self.existing)
            .filter(|&s| self.slots[s].second && on_slot[s].is_some())
            .map(|s| self.slots[s].pos)
            .collect();
        let shift = |pos: usize| seconds.partition_point(|&p| p < pos) as u32;
        let mut out = plan.clone();
        let (order, _) = meeting_order(plan);
        let renumbered = if seconds.is_empty() {
            Vec::new()
        } else {
            renumber(&mut out, &order, shift)
        };
        let mut draft = Draft {
            problem: self,
            plan,
            out,
            seconds: seconds.len(),
            added_meetings: Vec::new(),
            second_meetings: Vec::new(),
            inserts: Vec::new(),
            moves: Vec::new(),
            misaligned: Vec::new(),
            delay: 0,
        };
        for (s, slot) in self.slots.iter().enumerate() {
            if slot.added > added {
                break;
            }
            let number = slot.number.saturating_add(shift(slot.pos));
            draft.append_before(slot.added);
            draft.put(on_slot[s], slot, number, &order);
            if let Some(t) = on_slot[s] {
                draft.note(t, s, number);
            }
        }
        draft.finish(added, renumbered)
    }

    /// Where meetings can be appended, in words, and whether [`MAX_APPENDED`] (not the
    /// horizon) ends them.
    fn appending(&self) -> (String, bool) {
        // The last appended meeting is always offered (see `appended_years`).
        let last_new = self.slots[self.existing..].last().map(|s| s.year);
        let capped = last_new.is_some_and(|last| last < self.horizon);
        let appending = match self.slots.get(self.existing) {
            Some(first) if capped => format!(
                "new meetings can be appended from {} to {} (at most {MAX_APPENDED}, whatever the horizon)",
                first.year,
                last_new.unwrap_or(first.year)
            ),
            Some(first) => format!(
                "new meetings can be appended from {} up to the horizon, {}",
                first.year, self.horizon
            ),
            None => format!(
                "the horizon ({}) leaves no room to append a meeting",
                self.horizon
            ),
        };
        (appending, capped)
    }

    fn unplaceable(&self, plan: &Plan, fail: Fail, reorder_may_help: bool) -> RealignError {
        let t = match &fail {
            Fail::NoYear(t)
            | Fail::NoSlot(t)
            | Fail::Crowded { topic: t, .. }
            | Fail::Contested(t)
            | Fail::NotLast(t) => *t,
            Fail::Stopped => return RealignError::Cancelled,
        };
        let topic = &self.topics[t];
        let fixed = &plan.fixed_topics[topic.index];
        let who = format!("{} ({})", fixed.id, articles_label(&fixed.articles));
        let needs = match topic.years {
            Some((lo, hi)) => format!("{who} needs a meeting from {lo} to {hi}"),
            None => format!("{who} can be discussed in any year"),
        };
        let (appending, capped) = self.appending();
        // Appending and the horizon matter only to a topic that may go that late.
        let reaches_new = topic
            .years
            .is_none_or(|(_, hi)| i64::from(hi) >= self.first_new);
        let longer = reaches_new && !capped && topic.years.is_none_or(|(_, hi)| hi > self.horizon);
        let why = Why {
            problem: self,
            plan,
            t,
            who,
            needs,
            appending,
            reaches_new,
            longer,
        };
        let reason = match fail {
            Fail::Stopped => return RealignError::Cancelled,
            Fail::NoYear(_) => why.no_year(),
            Fail::NoSlot(_) => why.no_slot(reorder_may_help),
            Fail::Crowded { before, .. } => why.crowded(&before, reorder_may_help),
            Fail::Contested(_) => format!(
                "{} but, even reordered, other topics that can only be discussed in those years take every free meeting of them{}{}",
                why.needs,
                why.later(),
                hints(false, why.longer)
            ),
            Fail::NotLast(_) => format!(
                "{} is made only of cross-cutting articles and must come after every other fixed topic, but no free meeting is left after them, and {}{}",
                why.who,
                why.appending,
                hints(false, true)
            ),
        };
        RealignError::Unplaceable {
            topic: fixed.id.clone(),
            reason,
        }
    }
}

/// What [`Problem::unplaceable`] says of topic `t`, the pieces every reason shares.
struct Why<'a> {
    problem: &'a Problem,
    plan: &'a Plan,
    t: usize,
    /// "T3 (articles 5 and 6)".
    who: String,
    /// "… needs a meeting from 2024 to 2026".
    needs: String,
    /// What appending meetings could do, and up to when.
    appending: String,
    /// Whether the topic may go as late as the first appended meeting.
    reaches_new: bool,
    /// Whether a longer horizon may help.
    longer: bool,
}

impl Why<'_> {
    /// ", and new meetings can be appended …" or when they could only start.
    fn later(&self) -> String {
        if self.reaches_new {
            format!(", and {}", self.appending)
        } else {
            format!(
                ", and new meetings could only come from {}",
                self.problem.first_new
            )
        }
    }

    fn meeting(&self, mi: usize) -> String {
        let m = &self.plan.meetings[mi];
        format!("the {} ({})", ordinal(m.number), m.year)
    }

    fn no_year(&self) -> String {
        let (plan, fixed) = (
            self.plan,
            &self.plan.fixed_topics[self.problem.topics[self.t].index],
        );
        let windows: Vec<String> = PlanIndex::new(plan)
            .clusters_for(&fixed.articles)
            .into_iter()
            .filter_map(|ci| plan.clusters.get(ci))
            .map(|c| {
                format!(
                    "{} reviews it from {} to {} (with grace, to {})",
                    c.id,
                    c.review.start,
                    c.review.end,
                    c.last_aligned_year(&plan.alignment)
                )
            })
            .collect();
        format!(
            "{} cannot be aligned in any year: {}; correct the review windows",
            self.who,
            windows.join(", and ")
        )
    }

    fn no_slot(&self, reorder_may_help: bool) -> String {
        let topic = &self.problem.topics[self.t];
        let (lo, hi) = self.problem.year_range(self.t);
        if lo >= hi {
            return format!(
                "{} but no planned or postponed meeting is in those years{}{}",
                self.needs,
                if self.reaches_new {
                    format!(", and {}", self.appending)
                } else {
                    String::new()
                },
                hints(false, self.longer)
            );
        }
        let id = |ti: usize| &self.plan.fixed_topics[ti].id;
        let mut bounds = Vec::new();
        if let Some((bt, bm)) = topic.pinned_before {
            bounds.push(format!("after {}, held at {}", id(bt), self.meeting(bm)));
        }
        if let Some((at, am)) = topic.pinned_after {
            bounds.push(format!("before {}, held at {}", id(at), self.meeting(am)));
        }
        format!(
            "{} but, keeping the order, it must come {}, and no free meeting there is in those years{}",
            self.needs,
            bounds.join(" and "),
            hints(reorder_may_help, false)
        )
    }

    fn crowded(&self, before: &[usize], reorder_may_help: bool) -> String {
        let names: Vec<&str> = before
            .iter()
            .map(|&b| {
                self.plan.fixed_topics[self.problem.topics[b].index]
                    .id
                    .as_str()
            })
            .collect();
        let shown = if names.len() > 6 {
            format!(
                "{} ... {}",
                names[..3].join(", "),
                names[names.len() - 2..].join(", ")
            )
        } else {
            names.join(", ")
        };
        format!(
            "{} but, keeping the order, the topics that must come before it ({shown}) take every free meeting it could have{}{}",
            self.needs,
            self.later(),
            hints(reorder_may_help, self.longer)
        )
    }
}

/// A proposal as [`Problem::proposal`] builds it, slot by slot.
struct Draft<'a> {
    problem: &'a Problem,
    plan: &'a Plan,
    out: Plan,
    /// How many second meetings the proposal uses.
    seconds: usize,
    added_meetings: Vec<(MeetingNumber, i32)>,
    second_meetings: Vec<(MeetingNumber, i32)>,
    /// Second meetings go into the list just after the meeting they follow.
    inserts: Vec<(usize, Meeting)>,
    moves: Vec<Move>,
    misaligned: Vec<Misaligned>,
    delay: i64,
}

impl Draft<'_> {
    /// The meetings appended on the way to appended meeting `added` (counted from 1),
    /// which stay without a fixed topic: numbered after the last and after the second
    /// meetings.
    fn append_before(&mut self, added: usize) {
        let p = self.problem;
        for k in self.out.meetings.len() - self.plan.meetings.len()..added.saturating_sub(1) {
            let number = MeetingNumber::new(p.last_number)
                .saturating_add(1 + k as u32)
                .saturating_add(self.seconds as u32);
            let year = saturate(p.first_new + k as i64);
            self.out.meetings.push(Meeting::planned(number, year));
            self.added_meetings.push((number, year));
        }
    }

    /// Topic `t` (or none) on `slot`: an existing meeting, a second meeting (only if a
    /// topic takes it) or an appended one.
    fn put(&mut self, t: Option<usize>, slot: &Slot, number: MeetingNumber, order: &[usize]) {
        let id = t.map(|t| {
            self.plan.fixed_topics[self.problem.topics[t].index]
                .id
                .clone()
        });
        match slot.meeting {
            Some(mi) => self.out.meetings[mi].fixed = id,
            None if slot.second => {
                if id.is_none() {
                    return;
                }
                let mut m = Meeting::planned(number, slot.year);
                m.fixed = id;
                // After the meeting it follows: meeting k of `order` sits at 2k.
                let after = order.get(slot.pos / 2).copied();
                let at = after.map_or(self.out.meetings.len(), |i| i + 1);
                self.inserts.push((at, m));
                self.second_meetings.push((number, slot.year));
            }
            None => {
                let mut m = Meeting::planned(number, slot.year);
                m.fixed = id;
                self.out.meetings.push(m);
                self.added_meetings.push((number, slot.year));
            }
        }
    }

    /// What putting topic `t` on slot `s` (meeting `number`) misaligns, and its move.
    fn note(&mut self, t: usize, s: usize, number: MeetingNumber) {
        let (p, plan) = (self.problem, self.plan);
        let topic = &p.topics[t];
        let year = p.slots[s].year;
        let fixed = &plan.fixed_topics[topic.index];
        self.misaligned
            .extend(p.misaligned(plan, t, (number, year)));
        if topic.cur == Some(s) {
            return;
        }
        let from = topic.cur.map(|c| (p.slots[c].number, p.slots[c].year));
        let step = p.cost(t, s);
        debug_assert_eq!(step.moved, 1);
        self.delay += step.delay;
        self.moves.push(Move {
            topic: fixed.id.clone(),
            title: fixed.title.clone(),
            from,
            to: (number, year),
        });
    }

    fn finish(mut self, added: usize, renumbered: Vec<(MeetingNumber, MeetingNumber)>) -> Proposal {
        settle(self.plan, &mut self.out, self.inserts, &renumbered);
        let cost = Cost {
            moved: self.moves.len(),
            added,
            total_delay_years: self.delay,
        };
        Proposal {
            plan: self.out,
            moves: self.moves,
            added_meetings: self.added_meetings,
            cost,
            second_meetings: self.second_meetings,
            renumbered,
            misaligned: self.misaligned,
        }
    }
}

/// What the user may try, if anything.
fn hints(reorder: bool, horizon: bool) -> String {
    match (reorder, horizon) {
        (true, true) => {
            "; allowing reordering (--allow-reorder) or a longer horizon (--horizon) may help"
                .into()
        }
        (true, false) => "; allowing reordering (--allow-reorder) may help".into(),
        (false, true) => "; a longer horizon (--horizon) may help".into(),
        (false, false) => String::new(),
    }
}

/// The meetings by year and number (positions in `plan.meetings`), and each meeting's
/// place in that order.
fn meeting_order(plan: &Plan) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..plan.meetings.len()).collect();
    order.sort_by_key(|&i| (plan.meetings[i].year, plan.meetings[i].number, i));
    let mut pos_of = vec![0; plan.meetings.len()];
    for (p, &i) in order.iter().enumerate() {
        pos_of[i] = p;
    }
    (order, pos_of)
}

/// The first slot after a position on the axis of all meetings.
fn first_slot_after(slots: &[Slot], pos: usize) -> usize {
    slots.partition_point(|s| s.pos <= 2 * pos)
}

/// Where each fixed topic is now (positions in `plan.meetings`): its first active
/// meeting, and its first cancelled one.
struct Placed {
    active: Vec<Option<usize>>,
    cancelled: Vec<Option<usize>>,
}

impl Placed {
    fn find(plan: &Plan, order: &[usize], index: &PlanIndex) -> Self {
        let mut active: Vec<Option<usize>> = vec![None; plan.fixed_topics.len()];
        let mut cancelled: Vec<Option<usize>> = vec![None; plan.fixed_topics.len()];
        for &mi in order {
            let m = &plan.meetings[mi];
            let Some(ti) = m
                .fixed
                .as_ref()
                .and_then(|id| index.fixed_positions(id).first())
            else {
                continue;
            };
            let target = if m.status == Status::Cancelled {
                &mut cancelled[*ti]
            } else {
                &mut active[*ti]
            };
            target.get_or_insert(mi);
        }
        Self { active, cancelled }
    }

    /// The meeting that holds topic `ti` in place: an active one that is history.
    fn pinned(&self, plan: &Plan, ti: usize) -> Option<usize> {
        self.active[ti].filter(|&mi| plan.meetings[mi].status.is_history())
    }

    /// The order to keep: by current meeting (a topic on none follows its predecessor in
    /// the list, see the module documentation), the cross-cutting topics that are not
    /// pinned last.
    fn sequence(&self, plan: &Plan, pos_of: &[usize]) -> Vec<usize> {
        let mut keys: Vec<(i64, usize)> = Vec::with_capacity(plan.fixed_topics.len());
        let mut inherited = -1i64;
        for ti in 0..plan.fixed_topics.len() {
            match self.active[ti].or(self.cancelled[ti]) {
                Some(mi) => {
                    inherited = pos_of[mi] as i64;
                    keys.push((inherited, 0));
                }
                None => keys.push((inherited, 1 + ti)),
            }
        }
        let mut sequence: Vec<usize> = (0..plan.fixed_topics.len()).collect();
        sequence.sort_by_key(|&ti| keys[ti]);
        let is_cross = |ti: usize| plan.is_cross_cutting_topic(&plan.fixed_topics[ti]);
        let (mut ordered, cross_tail): (Vec<usize>, Vec<usize>) = sequence
            .into_iter()
            .partition(|&ti| self.pinned(plan, ti).is_some() || !is_cross(ti));
        ordered.extend(cross_tail);
        ordered
    }
}

/// The slots laid out for a plan, with each meeting's place on the axis of all meetings.
struct Axis<'a> {
    plan: &'a Plan,
    slots: &'a [Slot],
    pos_of: &'a [usize],
}

impl Axis<'_> {
    /// The movable topics in `ordered`, each with the slots its years and the pinned
    /// topics around it leave it.
    fn topics(
        &self,
        options: &Options,
        index: &PlanIndex,
        placed: &Placed,
        ordered: &[usize],
    ) -> Vec<Topic> {
        let (plan, slots) = (self.plan, self.slots);
        let slot_of_meeting: HashMap<usize, usize> = slots
            .iter()
            .enumerate()
            .filter_map(|(s, slot)| slot.meeting.map(|m| (m, s)))
            .collect();
        let mut topics = Vec::new();
        let mut before: Option<(usize, usize)> = None;
        for &ti in ordered {
            if let Some(mi) = placed.pinned(plan, ti) {
                before = Some((ti, mi));
                continue;
            }
            let years = index.aligned_years(plan, &plan.fixed_topics[ti].articles);
            let (year_lo, year_end) = match years {
                // Best effort: any slot, at the price of its misalignment.
                _ if options.best_effort => (0, slots.len()),
                None => (0, slots.len()),
                Some((lo, hi)) => (
                    slots.partition_point(|s| s.year < lo),
                    slots.partition_point(|s| s.year <= hi),
                ),
            };
            topics.push(Topic {
                index: ti,
                cross: plan.is_cross_cutting_topic(&plan.fixed_topics[ti]),
                years,
                cur: placed.active[ti].and_then(|mi| slot_of_meeting.get(&mi).copied()),
                year_lo,
                year_end,
                pin_lo: before.map_or(0, |(_, mi)| first_slot_after(slots, self.pos_of[mi])),
                pin_end: slots.len(),
                pinned_before: before,
                pinned_after: None,
            });
        }
        self.pin_after(placed, ordered, &mut topics);
        topics
    }

    /// Each movable topic ends before the next pinned one.
    fn pin_after(&self, placed: &Placed, ordered: &[usize], topics: &mut [Topic]) {
        let mut after: Option<(usize, usize)> = None;
        let mut t = topics.len();
        for &ti in ordered.iter().rev() {
            if let Some(mi) = placed.pinned(self.plan, ti) {
                after = Some((ti, mi));
                continue;
            }
            t -= 1;
            topics[t].pinned_after = after;
            topics[t].pin_end = after.map_or(self.slots.len(), |(_, mi)| {
                self.slots.partition_point(|s| s.pos < 2 * self.pos_of[mi])
            });
        }
    }
}

/// The slots of a problem, and what the messages and the proposal need of how they were
/// laid out.
struct Slots {
    slots: Vec<Slot>,
    existing: usize,
    horizon: i32,
    first_new: i64,
    last_number: u32,
}

impl Slots {
    /// Existing meetings that may change, second meetings, then appended ones (in every
    /// year up to the horizon with `every_year`, else in [`appended_years`]), with
    /// `order` the meetings by (year, number).
    fn lay_out(
        plan: &Plan,
        options: &Options,
        order: &[usize],
        index: &PlanIndex,
        every_year: bool,
    ) -> Self {
        let last_year = index.meeting_years().map(|(_, last)| last);
        let last_number = index.last_number().map_or(0, MeetingNumber::get);
        let latest_end = plan.clusters.iter().map(|c| c.review.end).max();
        let base = latest_end.or(last_year).unwrap_or(0);
        let horizon = base.saturating_add(options.horizon_years);
        // Appended meetings take the years a meeting added to the plan would.
        let first_new = plan.next_meeting_year();
        // Appended meeting k is numbered last_number + 1 + k, in year first_new + k: as
        // many as fit the horizon, the cap and the range of numbers and years.
        let appendable = (i64::from(horizon) - first_new + 1)
            .min(i64::from(u32::MAX) - i64::from(last_number))
            .min(i64::from(i32::MAX) - first_new + 1)
            .clamp(0, MAX_APPENDED);

        let seconds = if options.allow_second_meeting {
            second_meeting_places(plan, order)
        } else {
            Vec::new()
        };
        let mut slots: Vec<Slot> = Vec::with_capacity(order.len() + seconds.len());
        let mut next_second = seconds.iter().peekable();
        for (p, &i) in order.iter().enumerate() {
            let m = &plan.meetings[i];
            if !m.status.is_history() {
                slots.push(Slot {
                    number: m.number,
                    year: m.year,
                    meeting: Some(i),
                    pos: 2 * p,
                    second: false,
                    added: 0,
                });
            }
            if let Some(&&(after, number)) = next_second.peek()
                && after == p
            {
                next_second.next();
                slots.push(Slot {
                    number,
                    year: m.year,
                    meeting: None,
                    pos: 2 * p + 1,
                    second: true,
                    added: 0,
                });
            }
        }
        let existing = slots.len();
        let ks = if every_year {
            vec![(0, appendable - 1)]
        } else {
            appended_years(plan, index, first_new, appendable)
        };
        for k in ks.into_iter().flat_map(|(a, b)| a..=b) {
            slots.push(Slot {
                number: MeetingNumber::new(last_number.saturating_add(1 + k as u32)),
                year: saturate(first_new + k),
                meeting: None,
                pos: 2 * (plan.meetings.len() + k as usize),
                second: false,
                added: k as usize + 1,
            });
        }
        Self {
            slots,
            existing,
            horizon,
            first_new,
            last_number,
        }
    }
}

/// Puts the second meetings in the list (each at its place, as (index, meeting)), then
/// drops the meetings emptied at the end of the plan.
fn settle(
    plan: &Plan,
    out: &mut Plan,
    inserts: Vec<(usize, Meeting)>,
    renumbered: &[(MeetingNumber, MeetingNumber)],
) {
    for (at, m) in inserts.into_iter().rev() {
        out.meetings.insert(at.min(out.meetings.len()), m);
    }
    drop_trailing_emptied(plan, out, renumbered);
}

/// Drops the planned meetings that the proposal empties at the end of the plan: a
/// meeting with no fixed topic after the last one that has one is no meeting the Bureau
/// would keep (and `check` would warn of it). Only a meeting the proposal emptied, with
/// nothing else on it (no flexible topic, dates, venue, agenda or note), and with the
/// highest number, so no number is left out, and not renumbered; the others stay, and
/// the summary names them as left empty.
fn drop_trailing_emptied(
    plan: &Plan,
    out: &mut Plan,
    renumbered: &[(MeetingNumber, MeetingNumber)],
) {
    let origin = summary::origins(plan, out, renumbered);
    let mut order: Vec<usize> = (0..out.meetings.len()).collect();
    order.sort_by_key(|&i| (out.meetings[i].year, out.meetings[i].number, i));
    let mut dropped: Vec<usize> = Vec::new();
    for &i in order.iter().rev() {
        let m = &out.meetings[i];
        // Under its own number: a meeting renumbered for a second meeting stays (its old
        // number is the second meeting's, and the renumbering names it).
        let emptied = origin[i].is_some_and(|o| {
            plan.meetings[o].fixed.is_some() && plan.meetings[o].number == m.number
        });
        let bare = m.fixed.is_none()
            && m.flexible.is_none()
            && m.start.is_none()
            && m.end.is_none()
            && m.venue.is_none()
            && m.agenda.is_empty()
            && m.note.is_none();
        let highest = out
            .meetings
            .iter()
            .enumerate()
            .all(|(j, o)| j == i || dropped.contains(&j) || o.number < m.number);
        if m.status != Status::Planned || !emptied || !bare || !highest {
            break;
        }
        dropped.push(i);
    }
    let mut i = 0;
    out.meetings.retain(|_| {
        i += 1;
        !dropped.contains(&(i - 1))
    });
}

/// Puts the number of the meeting at place p of `order` (by year and number) up by
/// `shift(2p)`, the second meetings before it; returns (old, new) of each changed.
fn renumber(
    out: &mut Plan,
    order: &[usize],
    shift: impl Fn(usize) -> u32,
) -> Vec<(MeetingNumber, MeetingNumber)> {
    let mut renumbered = Vec::new();
    for (p, &mi) in order.iter().enumerate() {
        let old = out.meetings[mi].number;
        let new = old.saturating_add(shift(2 * p));
        if new != old {
            out.meetings[mi].number = new;
            renumbered.push((old, new));
        }
    }
    renumbered
}

/// Which appended meetings the solvers are offered, as ranges of k (the k-th appended
/// meeting, in year `first_new + k`), sorted and disjoint: those within n years of a
/// year where the cost of a topic changes its slope (the first and last appended years,
/// and each fixed topic's first and last aligned years), n being the number of fixed
/// topics. The others are never needed: in an optimal plan, take a run of consecutive
/// appended meetings holding topics (at most n long) with no such year within one year
/// of it. Shifting the run a year earlier or later keeps every topic aligned (or not),
/// keeps the order, and changes each topic's years outside its window and its delay by
/// the same amount either way (opposite signs); one of the two directions is then no
/// worse, and an optimal plan was already no better than both: so moving the run one
/// year earlier costs nothing more (fewer or as many meetings added, no more delay).
/// Repeating this ends with every run near such a year. So a far-off review window (year
/// 10000) costs a few slots, not one per year: at most (2n + 2) x (2n + 1) slots
/// instead of up to [`MAX_APPENDED`].
fn appended_years(
    plan: &Plan,
    index: &PlanIndex,
    first_new: i64,
    appendable: i64,
) -> Vec<(i64, i64)> {
    if appendable <= 0 {
        return Vec::new();
    }
    let reach = i64::try_from(plan.fixed_topics.len()).unwrap_or(i64::MAX);
    let mut critical = vec![first_new, first_new + appendable - 1];
    for topic in &plan.fixed_topics {
        if let Some((lo, hi)) = index.aligned_years(plan, &topic.articles) {
            critical.extend([i64::from(lo), i64::from(hi)]);
        }
    }
    let mut ranges: Vec<(i64, i64)> = critical
        .into_iter()
        .map(|c| {
            let c = c.saturating_sub(first_new);
            (
                c.saturating_sub(reach).max(0),
                c.saturating_add(reach).min(appendable - 1),
            )
        })
        .filter(|(a, b)| a <= b)
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// A year of the index's `i64` arithmetic as a year of the plan (`i32`), saturated.
fn saturate(year: i64) -> i32 {
    i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX })
}

/// Where a second meeting may go: after the one meeting (not cancelled) of a year, when
/// that meeting and every meeting after it are planned or postponed (meetings on record
/// are history: never renumbered, and their years are not planned again). As (place in `order`, number in the input's numbering), by place.
fn second_meeting_places(plan: &Plan, order: &[usize]) -> Vec<(usize, MeetingNumber)> {
    // From the end: whether every meeting after place p may be renumbered.
    let mut free_after = vec![false; order.len()];
    let mut free = true;
    for p in (0..order.len()).rev() {
        free_after[p] = free;
        free &= !plan.meetings[order[p]].status.is_history();
    }
    let mut out = Vec::new();
    let mut p = 0;
    while p < order.len() {
        let year = plan.meetings[order[p]].year;
        let mut q = p;
        while q < order.len() && plan.meetings[order[q]].year == year {
            q += 1;
        }
        let active: Vec<usize> = (p..q)
            .filter(|&k| plan.meetings[order[k]].status != Status::Cancelled)
            .collect();
        if let [k] = active[..]
            && !plan.meetings[order[k]].status.is_history()
            && free_after[q - 1]
            && let Some(number) = plan.meetings[order[q - 1]].number.next()
        {
            out.push((q - 1, number));
        }
        p = q;
    }
    out
}
