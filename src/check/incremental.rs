//! The check kept up to date across edits: after a change to some meetings, only what
//! the change can affect is checked again, and the findings come out as a full check
//! would list them (a property test holds the two equal).

use std::collections::BTreeSet;
use std::ops::Range;

use super::rules::fixed_topic_unscheduled_at;
use super::{Code, Counts, Finding, check_indexed, meeting_findings, order_key};
use crate::plan::index::{Change, touched};
use crate::plan::{MeetingNumber, Plan, PlanIndex, TopicId};

/// The findings of a plan and the index they were found with.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    index: PlanIndex,
    // Readable in the crate as fields (the planner's views index them); written only
    // here.
    pub(crate) findings: Vec<Finding>,
    pub(crate) counts: Counts,
    /// Topics with a misalignment finding among the findings the last update took
    /// away, and among those it put in: the only topics whose alignment it can have
    /// changed (all of them after a rebuild).
    misaligned_out: Vec<TopicId>,
    misaligned_in: Vec<TopicId>,
}

fn misaligned_topics<'f>(
    findings: impl IntoIterator<Item = &'f Finding>,
) -> impl Iterator<Item = TopicId> {
    findings
        .into_iter()
        .filter(|f| f.is_misalignment())
        .filter_map(|f| f.topic.clone())
}

/// What can hold findings: a fixed topic or a meeting, by position, ordered as the
/// findings are (`Anchor::order_key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    FixedTopic(usize),
    Meeting(usize),
}

impl Unit {
    fn key(self) -> (u8, usize) {
        match self {
            Unit::FixedTopic(i) => (2, i),
            Unit::Meeting(i) => (4, i),
        }
    }
}

fn unit_key(f: &Finding) -> (u8, usize) {
    let (s, p, _) = order_key(f);
    (s, p)
}

/// The last meeting of the order a cross-cutting topic must follow, as the findings
/// name it.
fn last_other(
    plan: &Plan,
    index: &PlanIndex,
) -> Option<(usize, i32, MeetingNumber, Option<TopicId>)> {
    let p = index.last_other()?;
    let m = plan.meetings.get(p)?;
    Some((p, m.year, m.number, m.fixed.clone()))
}

impl Checked {
    pub fn new(plan: &Plan) -> Self {
        let index = PlanIndex::new(plan);
        let findings = check_indexed(plan, &index);
        let counts = Counts::of(&findings);
        Self {
            index,
            findings,
            counts,
            misaligned_out: Vec::new(),
            misaligned_in: Vec::new(),
        }
    }

    /// What the last [`Checked::update`] did to misalignment: the topics misaligned
    /// among the findings it took away, and among those it put in. A topic in the
    /// second and not the first became misaligned; in the first only, is aligned again.
    pub fn misaligned_delta(&self) -> (&[TopicId], &[TopicId]) {
        (&self.misaligned_out, &self.misaligned_in)
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    pub fn index(&self) -> &PlanIndex {
        &self.index
    }

    /// Findings of the meeting at position `i`, with their positions in
    /// [`Checked::findings`].
    pub fn at_meeting(&self, i: usize) -> impl Iterator<Item = (usize, &Finding)> {
        let lo = self.findings.partition_point(|f| unit_key(f) < (4, i));
        let hi = lo + self.findings[lo..].partition_point(|f| unit_key(f) <= (4, i));
        (lo..hi).zip(&self.findings[lo..hi])
    }

    /// Brings the findings up to date with `plan` after `changes` (made since the last
    /// call): the meetings changed and those whose findings name or depend on them
    /// (the same number, year or topic, the neighbours in number order, the
    /// cross-cutting topics if the meeting they must follow changed) are checked
    /// again, and the fixed topics that may have lost or gained their meeting.
    pub fn update(&mut self, plan: &Plan, changes: &[Change]) {
        self.misaligned_out.clear();
        self.misaligned_in.clear();
        if changes.is_empty() {
            return;
        }
        let Some(touched) = touched(changes) else {
            let out = misaligned_topics(&self.findings).collect();
            *self = Self::new(plan);
            self.misaligned_in = misaligned_topics(&self.findings).collect();
            self.misaligned_out = out;
            return;
        };
        let mut numbers = BTreeSet::new();
        let mut years = BTreeSet::new();
        let mut fixed = BTreeSet::new();
        let mut flexible = BTreeSet::new();
        let mut units = BTreeSet::new();
        let mut note = |m: &crate::plan::Meeting| {
            numbers.insert(m.number);
            years.insert(m.year);
            fixed.extend(m.fixed.clone());
            flexible.extend(m.flexible.clone());
        };
        for &(at, old) in &touched {
            units.insert(Unit::Meeting(at));
            if let Some(m) = old {
                note(m);
            }
            if let Some(m) = plan.meetings.get(at) {
                note(m);
            }
        }
        // Read from the plan as it is now: a change at that position is caught below.
        let before = last_other(plan, &self.index);
        self.index.update(plan, changes);
        let index = &self.index;
        let meetings = |ps: &[usize], units: &mut BTreeSet<Unit>| {
            units.extend(ps.iter().map(|&p| Unit::Meeting(p)));
        };
        for &n in &numbers {
            meetings(index.numbered(n), &mut units);
            // The first meeting of the next number is checked against the last of this.
            if let Some(&first) = index
                .number_after(n)
                .and_then(|x| index.numbered(x).first())
            {
                units.insert(Unit::Meeting(first));
            }
        }
        for &y in &years {
            meetings(index.active_in_year(y), &mut units);
        }
        for id in &fixed {
            meetings(index.fixed_on(id), &mut units);
            units.extend(
                index
                    .fixed_positions(id)
                    .iter()
                    .map(|&t| Unit::FixedTopic(t)),
            );
        }
        for id in &flexible {
            meetings(index.flexible_on(id), &mut units);
        }
        let after = last_other(plan, index);
        let last_touched = [&before, &after]
            .into_iter()
            .flatten()
            .any(|(p, ..)| touched.iter().any(|&(at, _)| at == *p));
        if before != after || last_touched {
            meetings(index.cross_cutting_meetings(), &mut units);
        }
        self.recheck(plan, &units);
    }

    /// Replaces the findings of `units` with theirs now. A unit whose number of
    /// findings stays the same has them replaced where they are; from the first unit
    /// whose number changes, the findings after it are moved once. An edit near the
    /// end of a large plan (where a secretariat plans) moves few findings.
    fn recheck(&mut self, plan: &Plan, units: &BTreeSet<Unit>) {
        // Taken out while each unit's findings are read, and put back unchanged.
        let findings = std::mem::take(&mut self.findings);
        let fresh: Vec<(Range<usize>, Vec<Finding>)> = units
            .iter()
            .map(|&unit| {
                let key = unit.key();
                let lo = findings.partition_point(|f| unit_key(f) < key);
                let hi = lo + findings[lo..].partition_point(|f| unit_key(f) == key);
                let now = self.now(plan, unit, &findings[lo..hi]);
                (lo..hi, now)
            })
            .collect();
        self.findings = findings;
        let same_number = fresh
            .iter()
            .take_while(|(was, now)| was.len() == now.len())
            .count();
        let mut fresh = fresh.into_iter();
        for (was, now) in fresh.by_ref().take(same_number) {
            for (slot, f) in self.findings[was].iter_mut().zip(now) {
                *slot = f;
            }
        }
        // The ranges ascend and do not overlap (one unit, one key), and those replaced
        // in place kept their length: they are still positions in the list.
        let mut fresh = fresh.peekable();
        let Some(from) = fresh.peek().map(|(was, _)| was.start) else {
            return;
        };
        let mut rest = self.findings.split_off(from).into_iter();
        let mut at = from;
        for (was, now) in fresh {
            self.findings.extend(rest.by_ref().take(was.start - at));
            rest.by_ref().take(was.len()).for_each(drop);
            self.findings.extend(now);
            at = was.end;
        }
        self.findings.extend(rest);
    }

    /// The findings of `unit` now, in their order, given those it had (`was`); keeps
    /// the counts and the record of misaligned topics in step.
    fn now(&mut self, plan: &Plan, unit: Unit, was: &[Finding]) -> Vec<Finding> {
        let mut now = Vec::new();
        match unit {
            Unit::Meeting(i) => {
                for f in was {
                    self.counts.remove(f.severity);
                }
                self.misaligned_out.extend(misaligned_topics(was));
                if let Some(m) = plan.meetings.get(i) {
                    meeting_findings(plan, &self.index, i, m, &mut now);
                }
                for f in &now {
                    self.counts.add(f.severity);
                }
                self.misaligned_in.extend(misaligned_topics(&now));
            }
            Unit::FixedTopic(t) => {
                // Only whether the topic is scheduled can change; it is listed after
                // the `duplicate-id` finding and before the others.
                let duplicate = was
                    .iter()
                    .take_while(|f| f.code == Code::DuplicateId)
                    .count();
                let (duplicate, others) = was.split_at(duplicate);
                now.extend_from_slice(duplicate);
                let fresh = now.len();
                fixed_topic_unscheduled_at(plan, &self.index, t, &mut now);
                for f in &now[fresh..] {
                    self.counts.add(f.severity);
                }
                for f in others {
                    if f.code == Code::FixedTopicUnscheduled {
                        self.counts.remove(f.severity);
                    } else {
                        now.push(f.clone());
                    }
                }
            }
        }
        now
    }
}
