//! Property: two edit sequences applied to one base, touching different fields, merge
//! cleanly into what applying both gives, in either order; and the lossless writer
//! writes that merge onto OURS' text with its comments.

use std::collections::HashSet;

use chrono::NaiveDate;
use proptest::prelude::*;
use workplan::merge::{Issue, Place, merge};
use workplan::plan::save::render;
use workplan::plan::{Meeting, MeetingNumber, Plan, Status, parse};

const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

/// One edit of the shipped plan; its footprint is the set of fields it writes.
#[derive(Clone, Debug)]
enum Op {
    Venue(u32, Option<&'static str>),
    Note(u32, Option<&'static str>),
    Status(u32, Status),
    Dates(u32, u32),
    Flexible(u32, Option<usize>),
    /// Swap the fixed topics of two planned meetings.
    Swap(u32, u32),
    Window(usize, i32),
    AddMeeting(u32),
    Title(&'static str),
    Grace(u32),
}

impl Op {
    fn footprint(&self) -> Vec<String> {
        match self {
            Op::Venue(m, _) => vec![format!("{m}.venue")],
            Op::Note(m, _) => vec![format!("{m}.note")],
            Op::Status(m, _) => vec![format!("{m}.status")],
            Op::Dates(m, _) => vec![format!("{m}.dates")],
            Op::Flexible(m, _) => vec![format!("{m}.flexible")],
            Op::Swap(a, b) => vec![format!("{a}.fixed"), format!("{b}.fixed")],
            Op::Window(c, _) => vec![format!("cluster{c}.review")],
            Op::AddMeeting(n) => vec![format!("{n}")],
            Op::Title(_) => vec!["title".into()],
            Op::Grace(_) => vec!["grace".into()],
        }
    }

    fn apply(&self, plan: &mut Plan) {
        let meeting = |plan: &mut Plan, n: u32| -> usize {
            plan.meetings
                .iter()
                .position(|m| m.number == MeetingNumber::new(n))
                .unwrap()
        };
        match self {
            Op::Venue(m, v) => {
                let i = meeting(plan, *m);
                plan.meetings[i].venue = v.map(str::to_owned);
            }
            Op::Note(m, v) => {
                let i = meeting(plan, *m);
                plan.meetings[i].note = v.map(str::to_owned);
            }
            Op::Status(m, s) => {
                let i = meeting(plan, *m);
                plan.meetings[i].status = *s;
            }
            Op::Dates(m, day) => {
                let i = meeting(plan, *m);
                let year = plan.meetings[i].year;
                let start = NaiveDate::from_yo_opt(year, 1 + day % 360).unwrap();
                plan.meetings[i].start = Some(start);
                plan.meetings[i].end = start.succ_opt();
            }
            Op::Flexible(m, t) => {
                let i = meeting(plan, *m);
                plan.meetings[i].flexible = t.map(|t| plan.flexible_topics[t].id.clone());
            }
            Op::Swap(a, b) => {
                let (i, j) = (meeting(plan, *a), meeting(plan, *b));
                let fixed = plan.meetings[i].fixed.take();
                plan.meetings[i].fixed = std::mem::replace(&mut plan.meetings[j].fixed, fixed);
            }
            Op::Window(c, by) => {
                let w = &mut plan.clusters[*c].review;
                *w = w.shifted(*by);
            }
            // Adding a meeting that is there already leaves it as it is.
            Op::AddMeeting(n) if plan.meetings.iter().any(|m| m.number.get() == *n) => {}
            Op::AddMeeting(n) => {
                let at = plan.meetings.partition_point(|m| m.number.get() < *n);
                plan.meetings.insert(
                    at,
                    Meeting::planned(MeetingNumber::new(*n), 2013 + *n as i32),
                );
            }
            Op::Title(t) => plan.title = (*t).to_owned(),
            Op::Grace(g) => plan.alignment.grace_years = *g,
        }
    }
}

fn planned() -> impl Strategy<Value = u32> {
    12u32..=19
}

fn op() -> impl Strategy<Value = Op> {
    let text = prop::option::of(prop::sample::select(vec!["Vienna", "New York", "a: b # c"]));
    prop_oneof![
        (planned(), text.clone()).prop_map(|(m, v)| Op::Venue(m, v)),
        (planned(), text).prop_map(|(m, v)| Op::Note(m, v)),
        (
            planned(),
            prop::sample::select(vec![Status::Planned, Status::Postponed])
        )
            .prop_map(|(m, s)| Op::Status(m, s)),
        (planned(), 0u32..360).prop_map(|(m, d)| Op::Dates(m, d)),
        (planned(), prop::option::of(0usize..11)).prop_map(|(m, t)| Op::Flexible(m, t)),
        (planned(), planned())
            .prop_filter("two meetings", |(a, b)| a != b)
            .prop_map(|(a, b)| Op::Swap(a, b)),
        (0usize..4, -2i32..=2).prop_map(|(c, by)| Op::Window(c, by)),
        (20u32..=22).prop_map(Op::AddMeeting),
        prop::sample::select(vec!["Workplan A", "Workplan B"]).prop_map(Op::Title),
        (0u32..=3).prop_map(Op::Grace),
    ]
}

fn footprint(ops: &[Op]) -> HashSet<String> {
    ops.iter().flat_map(Op::footprint).collect()
}

fn applied(base: &Plan, ops: &[&[Op]]) -> Plan {
    let mut plan = base.clone();
    for op in ops.iter().flat_map(|o| o.iter()) {
        op.apply(&mut plan);
    }
    plan
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn disjoint_edit_sequences_merge_into_both_in_either_order(
        a in prop::collection::vec(op(), 1..5),
        b in prop::collection::vec(op(), 1..5),
    ) {
        prop_assume!(footprint(&a).is_disjoint(&footprint(&b)));
        let base = parse(FIREARMS).unwrap().plan;
        let ours = applied(&base, &[&a]);
        let theirs = applied(&base, &[&b]);
        let merged = merge(&base, &ours, &theirs).unwrap();
        prop_assert!(merged.is_clean(), "{:?}", merged.conflicts);
        prop_assert_eq!(&merged.plan, &applied(&base, &[&a, &b]));
        prop_assert_eq!(&merged.plan, &applied(&base, &[&b, &a]));
        // Symmetric: merging the other way round gives the same plan.
        let other = merge(&base, &theirs, &ours).unwrap();
        prop_assert_eq!(&other.plan, &merged.plan);
    }
}

proptest! {
    // The lossless writer is the slow part in a debug build: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn the_merge_is_written_onto_ours_text_with_its_comments(
        a in prop::collection::vec(op(), 1..5),
        b in prop::collection::vec(op(), 1..5),
    ) {
        prop_assume!(footprint(&a).is_disjoint(&footprint(&b)));
        let base = parse(FIREARMS).unwrap().plan;
        let ours = applied(&base, &[&a]);
        let theirs = applied(&base, &[&b]);
        let merged = merge(&base, &ours, &theirs).unwrap();
        let ours_text = render(Some(FIREARMS), &ours).unwrap();
        prop_assert!(ours_text.comments_kept);
        let written = render(Some(&ours_text.text), &merged.plan).unwrap();
        prop_assert!(written.comments_kept);
        prop_assert_eq!(parse(&written.text).unwrap().plan, merged.plan);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn one_field_set_differently_by_both_is_always_a_conflict(
        m in planned(),
        (x, y) in (prop::sample::select(vec!["Vienna", "Geneva", "New York"]),
                   prop::sample::select(vec!["Vienna", "Geneva", "New York"]))
            .prop_filter("different values", |(x, y)| x != y),
        rest in prop::collection::vec(op(), 0..3),
    ) {
        let base = parse(FIREARMS).unwrap().plan;
        prop_assume!(!footprint(&rest).contains(&format!("{m}.venue")));
        let ours = applied(&base, &[&[Op::Venue(m, Some(x))], &rest]);
        let theirs = applied(&base, &[&[Op::Venue(m, Some(y))]]);
        let merged = merge(&base, &ours, &theirs).unwrap();
        prop_assert_eq!(merged.conflicts.len(), 1);
        prop_assert_eq!(&merged.plan, &ours);
    }
}

/// What `realign --allow-second-meeting` does to the numbering: a new meeting in the
/// year of the meeting numbered `after`, numbered next, and every later meeting's
/// number up by one.
fn second_meeting_after(plan: &Plan, after: u32) -> Plan {
    let mut out = plan.clone();
    for m in &mut out.meetings {
        if m.number.get() > after {
            m.number = MeetingNumber::new(m.number.get() + 1);
        }
    }
    let at = out
        .meetings
        .iter()
        .position(|m| m.number.get() == after)
        .unwrap();
    let year = out.meetings[at].year;
    out.meetings.insert(
        at + 1,
        Meeting::planned(MeetingNumber::new(after + 1), year),
    );
    out
}

impl Op {
    /// The same edit of the same meetings, in the numbering of [`second_meeting_after`].
    fn renumbered(&self, after: u32) -> Op {
        let n = |m: u32| if m > after { m + 1 } else { m };
        match self.clone() {
            Op::Venue(m, v) => Op::Venue(n(m), v),
            Op::Note(m, v) => Op::Note(n(m), v),
            Op::Status(m, s) => Op::Status(n(m), s),
            Op::Dates(m, d) => Op::Dates(n(m), d),
            Op::Flexible(m, t) => Op::Flexible(n(m), t),
            Op::Swap(a, b) => Op::Swap(n(a), n(b)),
            other @ (Op::AddMeeting(_) | Op::Window(..) | Op::Title(_) | Op::Grace(_)) => other,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// One side renumbers the meetings (a second meeting after the `after`th); the
    /// other edits meetings by BASE's numbers. Each edit lands on the meeting it was
    /// made on, in either direction: never on the meeting that now has its number.
    #[test]
    fn an_edit_is_never_applied_to_another_meeting_than_the_one_edited(
        after in 12u32..=18,
        ops in prop::collection::vec(op(), 1..5),
    ) {
        // A meeting added by number is no edit of a meeting BASE has (the 20th would
        // take the number the renumbering gave the 19th: two meetings of one number,
        // which the merge names as a conflict).
        prop_assume!(!ops.iter().any(|o| matches!(o, Op::AddMeeting(_))));
        let base = parse(FIREARMS).unwrap().plan;
        let renumbered = second_meeting_after(&base, after);
        let edited = applied(&base, &[&ops]);
        let translated: Vec<Op> = ops.iter().map(|o| o.renumbered(after)).collect();
        let expected = applied(&renumbered, &[&translated]);
        for (ours, theirs) in [(&renumbered, &edited), (&edited, &renumbered)] {
            let merged = merge(&base, ours, theirs).unwrap();
            prop_assert!(merged.is_clean(), "{:?}", merged.conflicts);
            prop_assert_eq!(&merged.plan, &expected);
        }
    }
}

/// Both sides renumbering one meeting differently is a conflict on its number, OURS'
/// kept: never a number silently picked from one side.
#[test]
fn a_meeting_renumbered_differently_by_both_is_a_conflict() {
    let base = parse(FIREARMS).unwrap().plan;
    // BASE's 16th (2029) is OURS' 17th and THEIRS' 18th.
    let ours = second_meeting_after(&base, 15);
    let theirs = second_meeting_after(&second_meeting_after(&base, 15), 13);
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| c.place == Place::Meeting(MeetingNumber::new(17))
                && matches!(
                    c.issue,
                    Issue::Field {
                        field: "number",
                        ..
                    }
                )),
        "{:?}",
        merged.conflicts
    );
    let in_2029: Vec<u32> = merged
        .plan
        .meetings
        .iter()
        .filter(|m| m.year == 2029)
        .map(|m| m.number.get())
        .collect();
    assert_eq!(in_2029, [17], "OURS' number kept");
}
