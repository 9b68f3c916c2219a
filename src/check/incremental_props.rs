//! The incremental check against the full one (a unit test, not one of `tests/`, so that
//! `cargo mutants -C --lib` runs it against every mutant of the check and the edits): random sequences of edits, undos and
//! redos, made through the history the planner uses, on the shipped plan, an untidy
//! copy of it (duplicated numbers and ids, a cross-cutting topic scheduled early,
//! cancelled meetings, two meetings in a year) and synthetic plans. After every step the
//! kept findings and index equal a full check and a fresh index of the plan. Edits are
//! made with the kept index, as the planner makes them, and must give the plan an edit
//! made with a fresh index gives.

use std::collections::BTreeSet;

use crate::check::{Anchor, Checked, Counts, Finding, check};
use crate::edit::{Conflict, Edit, History, MeetingChange};
use crate::plan::{
    self, Meeting, MeetingNumber, Plan, PlanIndex, Status, TopicId, TopicSource, synth,
};
use chrono::NaiveDate;
use proptest::prelude::*;

fn firearms() -> Plan {
    plan::parse(include_str!("../../plans/firearms.yaml"))
        .expect("shipped plan parses")
        .plan
}

/// The shipped plan with the mistakes a plan in the making has.
fn untidy() -> Plan {
    let mut p = firearms();
    let n = p.meetings.len();
    // A second meeting numbered as one already there, and one of the same year.
    let mut twin = p.meetings[n - 3].clone();
    twin.flexible = None;
    p.meetings.insert(n - 1, twin);
    let mut same_year = Meeting::planned(MeetingNumber::new(70), p.meetings[n - 2].year);
    same_year.fixed = p.fixed_topics.last().map(|t| t.id.clone());
    p.meetings.push(same_year);
    // The cross-cutting topic early, a cancelled meeting, an unknown topic.
    if let Some(cross) = p
        .fixed_topics
        .iter()
        .find(|t| p.is_cross_cutting_topic(t))
        .map(|t| t.id.clone())
        && let Some(m) = p.meetings.iter_mut().find(|m| m.status == Status::Planned)
    {
        m.fixed = Some(cross);
    }
    if let Some(m) = p
        .meetings
        .iter_mut()
        .rev()
        .find(|m| m.status == Status::Planned)
    {
        m.status = Status::Cancelled;
    }
    p.meetings[n - 4].flexible = Some(TopicId::from("T1"));
    // A topic id used twice, and a recurring flexible topic.
    let mut dup = p.fixed_topics[0].clone();
    dup.title = "Another topic under the same id".into();
    p.fixed_topics.push(dup);
    if let Some(t) = p.flexible_topics.first_mut() {
        t.recurring = true;
    }
    p
}

fn base(k: usize) -> Plan {
    match k {
        0 => firearms(),
        1 => untidy(),
        2 => synth::generate(synth::Spec {
            meetings: 30,
            topics: 27,
        }),
        _ => synth::generate(synth::Spec {
            meetings: 60,
            topics: 40,
        }),
    }
}

#[derive(Clone, Debug)]
enum Step {
    Edit(Pick),
    Undo,
    Redo,
}

/// An edit described by choices, turned into an `Edit` against the plan of the moment
/// (so that most name a meeting or topic that exists).
#[derive(Clone, Debug)]
enum Pick {
    Move(usize, usize, bool),
    Postpone(usize),
    Flexible(usize, Option<usize>),
    Dates(usize, i32, u32),
    Status(usize, usize),
    Venue(usize),
    Add(Option<(u32, i32)>),
    Remove(usize),
    Shift(usize, i32),
    AddFlexible(usize),
    /// A whole plan put in place, as a realignment does: two meetings' fixed topics
    /// traded, a meeting renumbered, one added or removed at the end, or (`k % 7 == 0`)
    /// a review window moved too.
    Replace(usize, usize, usize),
}

fn pick() -> impl Strategy<Value = Pick> {
    let n = 0usize..1000;
    prop_oneof![
        4 => (n.clone(), n.clone(), any::<bool>()).prop_map(|(a, b, s)| Pick::Move(a, b, s)),
        1 => n.clone().prop_map(Pick::Postpone),
        2 => (n.clone(), proptest::option::of(n.clone())).prop_map(|(a, b)| Pick::Flexible(a, b)),
        2 => (n.clone(), -3i32..4, 0u32..300).prop_map(|(a, y, d)| Pick::Dates(a, y, d)),
        2 => (n.clone(), 0usize..4).prop_map(|(a, s)| Pick::Status(a, s)),
        1 => n.clone().prop_map(Pick::Venue),
        1 => proptest::option::of((0u32..80, 1890i32..2040)).prop_map(Pick::Add),
        1 => n.clone().prop_map(Pick::Remove),
        1 => (n.clone(), -2i32..3).prop_map(|(c, y)| Pick::Shift(c, y)),
        1 => n.clone().prop_map(Pick::AddFlexible),
        2 => (n.clone(), n.clone(), n).prop_map(|(k, a, b)| Pick::Replace(k, a, b)),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => pick().prop_map(Step::Edit),
        1 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

fn nth<T>(v: &[T], k: usize) -> Option<&T> {
    (!v.is_empty()).then(|| &v[k % v.len()])
}

fn edit_of(plan: &Plan, pick: &Pick) -> Option<Edit> {
    let number = |k: usize| nth(&plan.meetings, k).map(|m| m.number);
    Some(match *pick {
        Pick::Move(t, m, swap) => Edit::MoveFixed {
            topic: nth(&plan.fixed_topics, t)?.id.clone(),
            to: number(m)?,
            conflict: if swap {
                Conflict::Swap
            } else {
                Conflict::Shift
            },
        },
        Pick::Postpone(m) => Edit::Postpone { from: number(m)? },
        Pick::Flexible(m, t) => Edit::AssignFlexible {
            meeting: number(m)?,
            topic: match t {
                Some(t) => Some(nth(&plan.flexible_topics, t)?.id.clone()),
                None => None,
            },
        },
        Pick::Dates(m, dy, day) => {
            let meeting = nth(&plan.meetings, m)?;
            let start = NaiveDate::from_yo_opt(meeting.year + dy, 1 + day)?;
            Edit::EditMeeting {
                number: meeting.number,
                change: MeetingChange::Dates {
                    start: Some(start),
                    end: (day % 3 == 0).then(|| start + chrono::Days::new(4)),
                },
            }
        }
        Pick::Status(m, s) => Edit::EditMeeting {
            number: number(m)?,
            change: MeetingChange::Status(Status::ALL[s]),
        },
        Pick::Venue(m) => Edit::EditMeeting {
            number: number(m)?,
            change: MeetingChange::Venue(Some(format!("Vienna {m}"))),
        },
        Pick::Add(None) => Edit::AddMeeting(plan.next_meeting()?),
        Pick::Add(Some((n, y))) => Edit::AddMeeting(Meeting::planned(MeetingNumber::new(n), y)),
        Pick::Remove(m) => Edit::RemoveMeeting { number: number(m)? },
        Pick::Shift(c, by) => Edit::ShiftWindow {
            cluster: nth(&plan.clusters, c)?.id.clone(),
            start_by: by,
            end_by: by,
        },
        Pick::AddFlexible(k) => Edit::AddFlexible(crate::plan::FlexibleTopic {
            id: TopicId(format!("N{k}")),
            title: format!("New topic {k}"),
            source: TopicSource::Additional,
            related_articles: vec![(k % 20) as u32 + 1],
            recurring: false,
        }),
        Pick::Replace(k, a, b) => {
            let mut new = plan.clone();
            let len = new.meetings.len();
            if len > 0 {
                let (a, b) = (a % len, b % len);
                let fixed = new.meetings[a].fixed.take();
                new.meetings[a].fixed = std::mem::replace(&mut new.meetings[b].fixed, fixed);
                if k % 4 == 1 {
                    new.meetings[b].number =
                        MeetingNumber::new(new.meetings[b].number.get().wrapping_add(1));
                }
            }
            match k % 3 {
                0 => new.meetings.extend(new.next_meeting()),
                1 => drop(new.meetings.pop()),
                _ => {}
            }
            if k % 7 == 0
                && let Some(c) = new.clusters.first_mut()
            {
                c.review.start += 1;
                c.review.end += 1;
            }
            Edit::Replace(Box::new(new))
        }
    })
}

fn assert_in_step(checked: &Checked, plan: &Plan, after: &str) -> Result<(), TestCaseError> {
    let full = check(plan);
    prop_assert_eq!(
        checked.findings(),
        full.as_slice(),
        "findings after {}",
        after
    );
    prop_assert_eq!(
        checked.counts(),
        Counts::of(&full),
        "counts after {}",
        after
    );
    prop_assert!(
        *checked.index() == PlanIndex::new(plan),
        "index after {}",
        after
    );
    // Each meeting's findings, as the planner's views ask for them, with their places.
    for i in 0..plan.meetings.len() {
        let at: Vec<(usize, &Finding)> = checked.at_meeting(i).collect();
        let expected: Vec<(usize, &Finding)> = (full.iter().enumerate())
            .filter(|(_, f)| matches!(f.anchor, Some(Anchor::Meeting(m, _)) if m == i))
            .collect();
        prop_assert_eq!(at, expected, "meeting {}'s findings after {}", i, after);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn incremental_findings_equal_a_full_check(
        which in 0usize..4,
        steps in proptest::collection::vec(step(), 1..25),
    ) {
        let mut plan = base(which);
        let mut history = History::new();
        let mut checked = Checked::new(&plan);
        for s in &steps {
            match s {
                Step::Edit(p) => {
                    if let Some(e) = edit_of(&plan, p) {
                        let expected = crate::edit::apply(&plan, &e);
                        // A refused edit changes nothing, and must leave nothing to do.
                        let done =
                            history.apply_indexed_as(&mut plan, checked.index(), &e, e.describe());
                        match expected {
                            Ok(expected) => prop_assert!(
                                done.is_ok() && plan == expected,
                                "the kept index made another plan of {:?}",
                                e
                            ),
                            Err(refused) => prop_assert_eq!(done, Err(refused)),
                        }
                    }
                }
                Step::Undo => {
                    history.undo(&mut plan);
                }
                Step::Redo => {
                    history.redo(&mut plan);
                }
            }
            let was = misaligned(checked.findings());
            checked.update(&plan, &history.take_changes());
            assert_in_step(&checked, &plan, &format!("{s:?}"))?;
            // What the update says it did to misalignment is what it did.
            let is = misaligned(checked.findings());
            let (out, put) = checked.misaligned_delta();
            let (out, put): (BTreeSet<&TopicId>, BTreeSet<&TopicId>) =
                (out.iter().collect(), put.iter().collect());
            prop_assert_eq!(
                is.difference(&was).collect::<Vec<_>>(),
                put.difference(&out).copied().collect::<Vec<_>>(),
                "became misaligned after {:?}",
                s
            );
            prop_assert_eq!(
                was.difference(&is).collect::<Vec<_>>(),
                out.difference(&put).copied().collect::<Vec<_>>(),
                "aligned again after {:?}",
                s
            );
        }
    }
}

/// The topics some misalignment finding names.
fn misaligned(findings: &[crate::check::Finding]) -> BTreeSet<TopicId> {
    findings
        .iter()
        .filter(|f| f.is_misalignment())
        .filter_map(|f| f.topic.clone())
        .collect()
}

/// Several steps before the check catches up (as when the planner applies an edit and
/// its undo between two refreshes) come to the same findings.
#[test]
fn catching_up_on_several_steps_at_once_equals_a_full_check() {
    let mut plan = untidy();
    let mut history = History::new();
    let mut checked = Checked::new(&plan);
    let planned: Vec<MeetingNumber> = plan
        .meetings
        .iter()
        .filter(|m| m.status == Status::Planned)
        .map(|m| m.number)
        .collect();
    let topic = plan.fixed_topics[3].id.clone();
    // The index is not brought up to date between these edits: the history must not
    // trust it (it builds a fresh one), or the edits would go by where topics were.
    let mut expected = plan.clone();
    for (k, &to) in planned.iter().enumerate() {
        let conflict = if k % 2 == 0 {
            Conflict::Swap
        } else {
            Conflict::Shift
        };
        let edit = Edit::MoveFixed {
            topic: topic.clone(),
            to,
            conflict,
        };
        let _ = history.apply_indexed_as(&mut plan, checked.index(), &edit, edit.describe());
        if let Ok(next) = crate::edit::apply(&expected, &edit) {
            expected = next;
        }
    }
    assert!(plan == expected, "edits made with a stale index");
    history.undo(&mut plan);
    checked.update(&plan, &history.take_changes());
    assert_eq!(checked.findings(), check(&plan).as_slice());
    assert!(*checked.index() == PlanIndex::new(&plan));
}
