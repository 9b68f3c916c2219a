//! The check kept up to date across edits: after a change to some meetings, only what
//! the change can affect is checked again, and the findings come out as a full check
//! would list them (a property test holds the two equal).

use std::collections::BTreeSet;

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

    /// Replaces the findings of `units` with theirs now, in one pass.
    fn recheck(&mut self, plan: &Plan, units: &BTreeSet<Unit>) {
        let old = std::mem::take(&mut self.findings);
        let mut out = Vec::with_capacity(old.len() + units.len());
        let mut rest = old.into_iter().peekable();
        for &unit in units {
            let key = unit.key();
            while let Some(f) = rest.next_if(|f| unit_key(f) < key) {
                out.push(f);
            }
            let mut here = Vec::new();
            while let Some(f) = rest.next_if(|f| unit_key(f) == key) {
                here.push(f);
            }
            let start = out.len();
            match unit {
                Unit::Meeting(i) => {
                    for f in &here {
                        self.counts.remove(f.severity);
                    }
                    self.misaligned_out.extend(misaligned_topics(&here));
                    if let Some(m) = plan.meetings.get(i) {
                        meeting_findings(plan, &self.index, i, m, &mut out);
                    }
                }
                Unit::FixedTopic(t) => {
                    // Only whether the topic is scheduled can change; it is listed
                    // after the `duplicate-id` finding and before the others.
                    let mut kept = here.into_iter().peekable();
                    while let Some(f) = kept.next_if(|f| f.code == Code::DuplicateId) {
                        out.push(f);
                    }
                    let mut others = Vec::new();
                    for f in kept {
                        if f.code == Code::FixedTopicUnscheduled {
                            self.counts.remove(f.severity);
                        } else {
                            others.push(f);
                        }
                    }
                    let mut fresh = Vec::new();
                    fixed_topic_unscheduled_at(plan, &self.index, t, &mut fresh);
                    for f in &fresh {
                        self.counts.add(f.severity);
                    }
                    out.extend(fresh);
                    out.extend(others);
                    continue;
                }
            }
            for f in &out[start..] {
                self.counts.add(f.severity);
            }
            self.misaligned_in.extend(misaligned_topics(&out[start..]));
        }
        out.extend(rest);
        self.findings = out;
    }
}
