//! Hand-worked optima. Each expected answer is derived in the comment above it.

use super::*;
use crate::check::Code;
use crate::plan::parse;

fn firearms() -> Plan {
    parse(include_str!("../../plans/firearms.yaml"))
        .expect("the bundled plan parses")
        .plan
}

fn delayed(plan: &Plan, cluster: &str, years: i32) -> Plan {
    apply_delays(plan, &[(ClusterId::from(cluster), years)]).expect("known cluster")
}

/// (topic, from, to) of each move, meetings as bare (number, year).
type Moved = (String, Option<(u32, i32)>, (u32, i32));

fn moves(p: &Proposal) -> Vec<Moved> {
    p.moves
        .iter()
        .map(|m| (m.topic.to_string(), m.from.map(bare), bare(m.to)))
        .collect()
}

fn bare((number, year): (MeetingNumber, i32)) -> (u32, i32) {
    (number.get(), year)
}

/// The repaired plan must check clean of misalignment and of the cross-cutting rule.
fn assert_aligned(plan: &Plan) {
    let bad: Vec<String> = check(plan)
        .into_iter()
        .filter(|f| f.is_misalignment() || f.code == Code::CrossCuttingNotLast)
        .map(|f| f.message)
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

fn yaml(text: &str) -> Plan {
    parse(text).expect("test plan parses").plan
}

#[test]
fn the_bundled_plan_has_nothing_to_move() {
    let plan = firearms();
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(p.cost, Cost::default());
    assert!(p.moves.is_empty());
    assert!(p.added_meetings.is_empty());
    assert_eq!(p.plan, plan);
}

// C2 +2 reviews 2029-2032, so T6 (articles 7, 8) at the 15th (2028) is early and T6-T9
// need meetings from 2029 to 2033. Keeping T7 at the 16th (2029) would leave T6 no year;
// keeping T8 at the 17th (2030) leaves T6, T7 one meeting (2029); T9 at the 18th leaves
// three topics two meetings; T10 at the 19th leaves four topics three. So T6-T10 all move
// (5), into the five meetings from the 16th on: the 16th to 19th and one appended (20th,
// 2033), each a year later (delay 5). No plan moves fewer or adds fewer.
#[test]
fn cluster_2_two_years_late_moves_t6_and_everything_after_it() {
    let plan = delayed(&firearms(), "C2", 2);
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(
        moves(&p),
        [
            ("T6".into(), Some((15, 2028)), (16, 2029)),
            ("T7".into(), Some((16, 2029)), (17, 2030)),
            ("T8".into(), Some((17, 2030)), (18, 2031)),
            ("T9".into(), Some((18, 2031)), (19, 2032)),
            ("T10".into(), Some((19, 2032)), (20, 2033)),
        ]
    );
    assert_eq!(
        p.added_meetings
            .iter()
            .copied()
            .map(bare)
            .collect::<Vec<_>>(),
        [(20, 2033)]
    );
    assert_eq!(
        p.cost,
        Cost {
            moved: 5,
            added: 1,
            total_delay_years: 5
        }
    );
    assert_eq!(p.moves[0].title, "Record-keeping; marking");
    assert_aligned(&p.plan);
    // Flexible topics stay with their meetings; history is untouched.
    for (before, after) in plan.meetings.iter().zip(&p.plan.meetings) {
        assert_eq!(before.flexible, after.flexible);
        if before.status.is_history() {
            assert_eq!(before, after);
        }
    }
}

// Reordered, T7-T9 stay on the 16th-18th (2029-2031) and only T6 moves, to the 19th
// (2032), pushing T10 (last) to an appended 20th (2033): 2 moved, 1 added, 4 + 1 years.
// Any plan moving one topic leaves T6 early or T10 not last.
#[test]
fn reordering_moves_only_t6_and_t10() {
    let plan = delayed(&firearms(), "C2", 2);
    let options = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let p = realign(&plan, &options).expect("aligned");
    assert_eq!(
        moves(&p),
        [
            ("T6".into(), Some((15, 2028)), (19, 2032)),
            ("T10".into(), Some((19, 2032)), (20, 2033)),
        ]
    );
    assert_eq!(
        p.cost,
        Cost {
            moved: 2,
            added: 1,
            total_delay_years: 5
        }
    );
    assert_aligned(&p.plan);
}

// C2 two years early reviews 2025-2028 (aligned to 2029): T8 (2030) and T9 (2031) are
// late. Keeping the order they must follow T3-T7, which (C4 aligned 2023-2027, C2
// 2025-2029) already fill the 12th-16th meetings (2025-2029): no free meeting is left
// in 2025-2029 after them, and none can be added before 2033. The forward pass fails
// first at T8, pushed by the chain T3..T7.
#[test]
fn cluster_2_early_cannot_be_repaired_keeping_the_order() {
    let plan = delayed(&firearms(), "C2", -2);
    let err = realign(&plan, &Options::default()).expect_err("no room");
    let RealignError::Unplaceable { topic, reason } = err else {
        panic!("expected Unplaceable, got {err:?}");
    };
    assert_eq!(topic.as_str(), "T8");
    assert_eq!(
        reason,
        "T8 (article 15) needs a meeting from 2025 to 2029 but, keeping the order, the topics that must come before it (T3, T4, T5, T6, T7) take every free meeting it could have, and new meetings could only come from 2033"
    );
}

// Three meetings 2020-2022 holding T1-T3; only T1 is reviewed (C1 2022-2030), so it is
// early. Keeping the order it must take the 3rd (2022) and push T2, T3 to two appended
// meetings (4th 2023, 5th 2024): 3 moved, 2 added, 2+2+2 years. Reordered, T1 alone
// goes to one appended meeting, the 4th (2023): 1 moved, 1 added, 3 years (putting it on
// the 3rd instead moves T3 as well: 2 moved).
const ONE_EARLY: &str = "
version: 1
title: one early topic
clusters:
  - { id: C1, review: { start: 2022, end: 2030 }, articles: [1] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
  - { id: T3, title: Three, articles: [3] }
meetings:
  - { number: 1, year: 2020, fixed: T1 }
  - { number: 2, year: 2021, fixed: T2 }
  - { number: 3, year: 2022, fixed: T3 }
";

#[test]
fn keeping_the_order_pushes_the_followers() {
    let p = realign(&yaml(ONE_EARLY), &Options::default()).expect("aligned");
    assert_eq!(
        moves(&p),
        [
            ("T1".into(), Some((1, 2020)), (3, 2022)),
            ("T2".into(), Some((2, 2021)), (4, 2023)),
            ("T3".into(), Some((3, 2022)), (5, 2024)),
        ]
    );
    assert_eq!(
        p.cost,
        Cost {
            moved: 3,
            added: 2,
            total_delay_years: 6
        }
    );
    assert_eq!(
        p.added_meetings
            .iter()
            .copied()
            .map(bare)
            .collect::<Vec<_>>(),
        [(4, 2023), (5, 2024)]
    );
    assert_aligned(&p.plan);
}

#[test]
fn reordering_moves_only_the_early_topic() {
    let options = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let p = realign(&yaml(ONE_EARLY), &options).expect("aligned");
    assert_eq!(moves(&p), [("T1".into(), Some((1, 2020)), (4, 2023))]);
    assert_eq!(
        p.cost,
        Cost {
            moved: 1,
            added: 1,
            total_delay_years: 3
        }
    );
    assert_eq!(p.plan.meetings[0].fixed, None);
    assert_aligned(&p.plan);
}

// An unscheduled topic is placed: T10 taken off the 19th goes back there (the only free
// meeting after T9), one move with no delay.
#[test]
fn an_unscheduled_topic_is_placed() {
    let mut plan = firearms();
    let last = plan
        .meetings
        .iter_mut()
        .find(|m| m.number == MeetingNumber::new(19))
        .expect("19th");
    last.fixed = None;
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(moves(&p), [("T10".into(), None, (19, 2032))]);
    assert_eq!(
        p.cost,
        Cost {
            moved: 1,
            added: 0,
            total_delay_years: 0
        }
    );
    assert_eq!(p.plan, firearms());
}

// The cross-cutting topic is put last whatever its place: T10 on the 12th (2025), T3
// on no meeting and the 19th empty. T3 follows T2 (its predecessor in the list, held on
// the 11th), so it takes the 12th; T10 goes after T9, to the 19th: the adopted plan.
#[test]
fn the_cross_cutting_topic_goes_last() {
    let mut plan = firearms();
    for m in &mut plan.meetings {
        match m.number.get() {
            12 => m.fixed = Some("T10".into()),
            19 => m.fixed = None,
            _ => {}
        }
    }
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(
        moves(&p),
        [
            ("T3".into(), None, (12, 2025)),
            ("T10".into(), Some((12, 2025)), (19, 2032)),
        ]
    );
    assert_eq!(p.plan, firearms());
}

#[test]
fn a_topic_two_clusters_disagree_on_is_unplaceable() {
    let plan = yaml(
        "
version: 1
title: disagreeing clusters
clusters:
  - { id: C1, review: { start: 2021, end: 2024 }, articles: [1] }
  - { id: C2, review: { start: 2029, end: 2032 }, articles: [2] }
fixed_topics:
  - { id: T1, title: Both, articles: [1, 2] }
meetings:
  - { number: 1, year: 2025, fixed: T1 }
",
    );
    let err = realign(&plan, &Options::default()).expect_err("no year");
    assert_eq!(
        err.to_string(),
        "no aligned plan exists: T1 (articles 1, 2) cannot be aligned in any year: C1 reviews it from 2021 to 2024 (with grace, to 2025), and C2 reviews it from 2029 to 2032 (with grace, to 2033); correct the review windows"
    );
}

// A held meeting pins its topic: T2 held in 2023 keeps T1 (needing 2024 on) before it
// from being placed when the order is kept; reordered, T1 goes to the 3rd (2024).
#[test]
fn a_held_topic_bounds_the_order() {
    let plan = yaml(
        "
version: 1
title: pinned
clusters:
  - { id: C1, review: { start: 2024, end: 2026 }, articles: [1] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
meetings:
  - { number: 1, year: 2022, fixed: T1 }
  - { number: 2, year: 2023, fixed: T2, status: held }
  - { number: 3, year: 2024 }
",
    );
    let err = realign(&plan, &Options::default()).expect_err("pinned");
    assert_eq!(
        err.to_string(),
        "no aligned plan exists: T1 (article 1) needs a meeting from 2024 to 2027 but, keeping the order, it must come before T2, held at the 2nd (2023), and no free meeting there is in those years; allowing reordering (--allow-reorder) may help"
    );
    let options = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let p = realign(&plan, &options).expect("reordered");
    assert_eq!(moves(&p), [("T1".into(), Some((1, 2022)), (3, 2024))]);
}

#[test]
fn too_short_a_horizon_is_unplaceable() {
    let plan = delayed(&firearms(), "C2", 2);
    let options = Options {
        horizon_years: 0,
        ..Options::default()
    };
    let err = realign(&plan, &options).expect_err("no room for T10");
    let RealignError::Unplaceable { topic, reason } = err else {
        panic!("expected Unplaceable, got {err:?}");
    };
    assert_eq!(topic.as_str(), "T10");
    assert_eq!(
        reason,
        "T10 (article 14) can be discussed in any year but, keeping the order, the topics that must come before it (T6, T7, T8, T9) take every free meeting it could have, and the horizon (2032) leaves no room to append a meeting; a longer horizon (--horizon) may help"
    );
}

#[test]
fn unknown_clusters_are_named_with_the_known_ones() {
    let err = apply_delays(&firearms(), &[("C9".into(), 2)]).expect_err("unknown");
    assert_eq!(
        err,
        RealignError::UnknownCluster {
            id: "C9".into(),
            known: vec!["C1".into(), "C2".into(), "C3".into(), "C4".into()],
        }
    );
    assert_eq!(
        err.to_string(),
        "there is no cluster C9 in this plan; the clusters are C1, C2, C3, C4"
    );
}

#[test]
fn delays_add_up_and_may_be_negative() {
    let plan = apply_delays(&firearms(), &[("C2".into(), 3), ("C2".into(), -1)]).expect("ok");
    let c2 = plan.cluster(&"C2".into()).expect("C2");
    assert_eq!((c2.review.start, c2.review.end), (2029, 2032));
}

#[test]
fn ambiguous_plans_are_refused() {
    let mut plan = firearms();
    plan.meetings[12].number = MeetingNumber::new(12);
    plan.meetings[13].number = MeetingNumber::new(12);
    let err = realign(&plan, &Options::default()).expect_err("duplicate");
    assert!(matches!(err, RealignError::InvalidPlan { .. }), "{err:?}");
}

#[test]
fn synthetic_plans_realign_cleanly() {
    for n in [2, 3, 10, 37] {
        for plan in [synth::slipped(n), synth::dense(n)] {
            let p = realign(&plan, &Options::default()).expect("aligned");
            assert_aligned(&p.plan);
        }
    }
    // Dense: T1 is a year early and every topic follows it.
    let p = realign(&synth::dense(5), &Options::default()).expect("aligned");
    assert_eq!(
        p.cost,
        Cost {
            moved: 5,
            added: 0,
            total_delay_years: 5
        }
    );
}

#[test]
fn reordering_a_huge_plan_is_refused_not_left_running() {
    let options = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let err = realign(&synth::slipped(MAX_REORDER_TOPICS + 1), &options).expect_err("too large");
    assert_eq!(
        err,
        RealignError::TooLargeToReorder {
            topics: MAX_REORDER_TOPICS + 1,
            limit: MAX_REORDER_TOPICS
        }
    );
    // At the limit the size is no reason to refuse (the work may still be one).
    let at_limit = realign(&synth::slipped(MAX_REORDER_TOPICS), &options);
    assert!(
        !matches!(at_limit, Err(RealignError::TooLargeToReorder { .. })),
        "{at_limit:?}"
    );
}

/// `synth::crowded(4)`: T1-T4 on the meetings of F..F+3 (F = the first year), aligned
/// only in F+2..F+3 (window F+2..F+2, a year of grace). Two topics at most fit the
/// window; the other two are best one year off each side: F+1 and F+4.
#[test]
fn best_effort_leaves_fewest_misaligned_then_fewest_years_outside() {
    let plan = synth::crowded(4);
    assert!(matches!(
        realign(&plan, &Options::default()),
        Err(RealignError::Unplaceable { .. })
    ));
    let f = plan.meetings[0].year;
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    // Order kept: T1 F+1, T2 F+2, T3 F+3, T4 on F+4: every topic one meeting later.
    let p = realign(&plan, &best).expect("a best-effort plan");
    assert!(!p.aligned());
    let off: Vec<(&str, i32, i64)> = p
        .misaligned
        .iter()
        .map(|m| (m.topic.as_str(), m.meeting.1, m.years_early_or_late))
        .collect();
    assert_eq!(off, [("T1", f + 1, -1), ("T4", f + 4, 1)]);
    assert_eq!(
        p.cost,
        Cost {
            moved: 4,
            added: 0,
            total_delay_years: 4
        }
    );
    // Order free: T2-T4 stay on F+1..F+3 and T1 alone moves, to F+4.
    let p = realign(
        &plan,
        &Options {
            allow_reorder: true,
            ..best
        },
    )
    .expect("a best-effort plan");
    let off: Vec<(&str, i32, i64)> = p
        .misaligned
        .iter()
        .map(|m| (m.topic.as_str(), m.meeting.1, m.years_early_or_late))
        .collect();
    assert_eq!(off, [("T2", f + 1, -1), ("T1", f + 4, 1)]);
    assert_eq!(moves(&p), [("T1".into(), Some((1, f)), (5, f + 4))]);
}

#[test]
fn best_effort_changes_nothing_when_an_aligned_plan_exists() {
    let plan = delayed(&firearms(), "C2", 2);
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    assert_eq!(
        realign(&plan, &best).expect("aligned"),
        realign(&plan, &Options::default()).expect("aligned")
    );
}

/// Second meetings go only where no meeting on record would have to be renumbered,
/// and only in a year with exactly one meeting that is not cancelled.
#[test]
fn second_meetings_never_renumber_the_record() {
    let mut plan = firearms();
    plan.meetings.retain(|m| m.number <= MeetingNumber::new(13));
    let at = |plan: &Plan| {
        let mut order: Vec<usize> = (0..plan.meetings.len()).collect();
        order.sort_by_key(|&i| (plan.meetings[i].year, plan.meetings[i].number));
        second_meeting_places(plan, &order)
            .into_iter()
            .map(|(p, n)| (plan.meetings[order[p]].year, n.get()))
            .collect::<Vec<_>>()
    };
    // The 11th (2024) is held, so only the planned 12th (2025) and 13th (2026) qualify.
    assert_eq!(at(&plan), [(2025, 13), (2026, 14)]);
    // Mark the 13th held: its year is on record, and the 12th would be renumbered.
    plan.meetings
        .iter_mut()
        .filter(|m| m.number == MeetingNumber::new(13))
        .for_each(|m| m.status = Status::Held);
    assert_eq!(at(&plan), Vec::<(i32, u32)>::new());
    plan.meetings
        .iter_mut()
        .filter(|m| m.number == MeetingNumber::new(13))
        .for_each(|m| m.status = Status::Planned);
    // A second meeting already in 2026: that year has two, so only 2025 is left.
    plan.meetings
        .push(Meeting::planned(MeetingNumber::new(14), 2026));
    assert_eq!(at(&plan), [(2025, 13)]);
}

#[test]
fn delays_of_one_cluster_add_up_in_the_order_first_named() {
    let c = |id: &str, y: i32| (ClusterId::from(id), y);
    assert_eq!(
        total_delays(&[c("C2", 1), c("C4", 3), c("C2", 1), c("C1", -1)]),
        [c("C2", 2), c("C4", 3), c("C1", -1)]
    );
    assert_eq!(
        total_delays(&[c("C2", i32::MAX), c("C2", 1)]),
        [c("C2", i32::MAX)]
    );
    assert!(total_delays(&[]).is_empty());
}

/// The plan of issue 22 that took the order-free check 28-40 seconds: its third cluster is
/// reviewed up to the year 10000 and has no articles, so the horizon is 10010 and every
/// year up to it was offered as an appended meeting (now at most a thousand would be).
fn far_off() -> Plan {
    yaml(
        "version: 1\ntitle: Far-off cluster\nalignment: { grace_years: 1 }\nclusters:\n\
         \x20 - { id: C1, review: { start: 2021, end: 2024 }, articles: [1, 3] }\n\
         \x20 - { id: C2, review: { start: 2027, end: 2030 }, articles: [7, 8] }\n\
         \x20 - { id: C3, review: { start: 2025, end: 10000 }, articles: [] }\n\
         cross_cutting_articles: [14]\nfixed_topics:\n\
         \x20 - { id: T1, title: Definitions, articles: [3] }\n\
         \x20 - { id: T2, title: Marking, articles: [8] }\n\
         \x20 - { id: T3, title: Training, articles: [14] }\n\
         meetings:\n\
         \x20 - { number: 1, year: 2022, fixed: T2 }\n\
         \x20 - { number: 2, year: 2023, fixed: T1 }\n\
         \x20 - { number: 3, year: 2024, fixed: T3 }\n",
    )
}

#[test]
fn a_far_off_review_window_offers_a_few_appended_meetings_not_one_a_year() {
    let plan = far_off();
    for options in [
        Options::default(),
        Options {
            allow_reorder: true,
            best_effort: true,
            allow_second_meeting: true,
            ..Options::default()
        },
    ] {
        let problem = Problem::build(&plan, &options, false);
        let appended = problem.slots.len() - problem.existing;
        // Within 3 years (the topics) of 2025, of the topics' windows and of 10010.
        assert!(appended <= 8 * 7, "{appended} appended meetings offered");
        let every = Problem::build(&plan, &options, true);
        // Every year would be a thousand (MAX_APPENDED) before the year 10010.
        assert_eq!(every.slots.len() - every.existing, 1000);
    }
    // T2 to 2027 and T3 after it to 2028 (four meetings appended, 5 + 4 years of
    // delay); keeping the order, T1 cannot follow T2 (2027 and later is past 2025).
    let reorder = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let p = realign(&plan, &reorder).expect("aligned reordered");
    assert_eq!(
        (p.cost.moved, p.cost.added, p.cost.total_delay_years),
        (2, 4, 9)
    );
    let err = realign(&plan, &Options::default()).expect_err("not keeping the order");
    assert!(
        matches!(&err, RealignError::Unplaceable { topic, reason }
            if topic.as_str() == "T1" && reason.contains("--allow-reorder")),
        "{err:?}"
    );
}

#[test]
fn the_meetings_appended_on_the_way_to_a_far_off_one_are_added_empty() {
    // T1 can only be discussed in 2100: 67 meetings are appended, the last holding T1.
    let plan = yaml(
        "version: 1\ntitle: Far\nclusters:\n\
         \x20 - { id: C1, review: { start: 2100, end: 2100 }, articles: [1] }\n\
         fixed_topics:\n  - { id: T1, title: Far, articles: [1] }\n\
         meetings:\n  - { number: 1, year: 2033, fixed: T1 }\n",
    );
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(
        p,
        realign_every_year(&plan, &Options::default()).expect("same")
    );
    assert_eq!(p.cost.added, 67);
    assert_eq!(p.added_meetings.len(), 67);
    assert_eq!(bare(p.added_meetings[0]), (2, 2034));
    assert_eq!(bare(p.added_meetings[66]), (68, 2100));
    assert_eq!(
        p.plan.meetings.last().and_then(|m| m.fixed.clone()),
        Some(TopicId::from("T1"))
    );
    assert_aligned(&p.plan);
}

#[test]
fn a_raised_stop_cancels_the_solver() {
    let stop = std::sync::atomic::AtomicBool::new(true);
    for allow_reorder in [false, true] {
        let options = Options {
            allow_reorder,
            ..Options::default()
        };
        let plan = delayed(&firearms(), "C2", 2);
        assert_eq!(
            realign_until(&plan, &options, Stop::on(&stop)),
            Err(RealignError::Cancelled)
        );
        assert!(matches!(
            realign_with_fallback_until(&plan, &options, true, Stop::on(&stop)),
            (Err(RealignError::Cancelled), None)
        ));
        let lowered = std::sync::atomic::AtomicBool::new(false);
        assert_eq!(
            realign_until(&plan, &options, Stop::on(&lowered)),
            realign(&plan, &options)
        );
    }
}

pub(crate) mod horizon_props {
    //! The horizon rule (`appended_years`) against every year up to the horizon, on
    //! random plans whose review windows lie far apart and far past the meetings.

    use super::*;
    use proptest::prelude::*;

    const CROSS: u32 = 9;

    fn plan_of(
        topics: &[Vec<u32>],
        meetings: &[(i32, Status, Option<usize>)],
        clusters: &[(i32, i32, Vec<u32>)],
        grace: u32,
    ) -> Plan {
        let mut plan = Plan::empty("random");
        plan.alignment.grace_years = grace;
        plan.cross_cutting_articles = vec![CROSS];
        for (i, (start, len, articles)) in clusters.iter().enumerate() {
            plan.clusters.push(crate::plan::Cluster {
                id: ClusterId(format!("C{}", i + 1)),
                name: None,
                review: crate::plan::ReviewWindow {
                    start: *start,
                    end: start + len,
                },
                articles: articles.clone(),
            });
        }
        for (i, articles) in topics.iter().enumerate() {
            plan.fixed_topics.push(crate::plan::FixedTopic::new(
                format!("T{}", i + 1),
                format!("Topic {}", i + 1),
                articles.clone(),
            ));
        }
        let mut year = 2000;
        let mut used = vec![false; topics.len()];
        for (i, (gap, status, topic)) in meetings.iter().enumerate() {
            year += gap;
            let mut m = Meeting::planned(MeetingNumber::new(i as u32 + 1), year);
            m.status = *status;
            // Each topic on one meeting at most: repeated ones are refused, not solved.
            if let Some(t) = topic.filter(|&t| t < topics.len() && !used[t]) {
                used[t] = true;
                m.fixed = Some(TopicId(format!("T{}", t + 1)));
            }
            plan.meetings.push(m);
        }
        plan
    }

    fn status() -> impl Strategy<Value = Status> {
        prop_oneof![
            6 => Just(Status::Planned),
            2 => Just(Status::Held),
            1 => Just(Status::Postponed),
            1 => Just(Status::Cancelled),
        ]
    }

    pub(crate) fn plan() -> impl Strategy<Value = Plan> {
        let topics = prop::collection::vec(
            prop_oneof![
                4 => prop::collection::vec(1u32..=5, 1..=2),
                1 => Just(vec![CROSS]),
            ],
            1..=5,
        );
        let meetings = prop::collection::vec(
            (1i32..=2, status(), prop::option::weighted(0.8, 0usize..5)),
            1..=6,
        );
        // Windows from the meetings' years to far past them, some a single year.
        let clusters = prop::collection::vec(
            (
                2000i32..=2090,
                0i32..=6,
                prop::collection::vec(1u32..=5, 0..=3),
            ),
            0..=4,
        );
        (topics, meetings, clusters, 0u32..=2).prop_map(|(t, m, c, g)| plan_of(&t, &m, &c, g))
    }

    pub(crate) fn options() -> impl Strategy<Value = Options> {
        (any::<bool>(), any::<bool>(), any::<bool>(), 0i32..=40).prop_map(
            |(allow_reorder, best_effort, allow_second_meeting, horizon_years)| Options {
                allow_reorder,
                horizon_years,
                best_effort,
                allow_second_meeting,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Keeping the order, the very same proposal (the earliest of the optima, which
        /// the rule keeps); order free, the same cost (ties may go to another optimum).
        #[test]
        fn the_horizon_rule_never_changes_the_answer(plan in plan(), options in options()) {
            let bounded = realign(&plan, &options);
            let every = realign_every_year(&plan, &options);
            if options.allow_reorder {
                let key = |r: &Result<Proposal, RealignError>| {
                    r.as_ref()
                        .map(|p| (p.cost, p.misaligned.len(), p.second_meetings.len(),
                            p.misaligned.iter().map(|m| m.years_early_or_late.abs()).sum::<i64>()))
                        .map_err(std::mem::discriminant)
                };
                prop_assert_eq!(key(&bounded), key(&every));
            } else {
                prop_assert_eq!(bounded, every);
            }
        }
    }
}

#[test]
fn a_window_past_the_most_meetings_ever_appended_says_so_not_longer_horizon() {
    let plan = delayed(&firearms(), "C2", 100_002);
    let err = realign(&plan, &Options::default()).expect_err("past 1000 meetings");
    let RealignError::Unplaceable { topic, reason } = err else {
        panic!("expected Unplaceable, got {err:?}");
    };
    assert_eq!(topic.as_str(), "T6");
    assert_eq!(
        reason,
        "T6 (articles 7, 8) needs a meeting from 102029 to 102033 but no planned or postponed meeting is in those years, and new meetings can be appended from 2033 to 3032 (at most 1000, whatever the horizon)"
    );
    // Best effort: T6-T9 as late as a thousand meetings go, T10 after them.
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    let p = realign(&plan, &best).expect("least misaligned");
    assert_eq!(p.cost.added, 1000);
    assert_eq!(p.misaligned.len(), 4);
}

/// Issue 22: few enough topics for `--allow-reorder`, but over so many meetings, with a
/// cross-cutting topic, that the order-free solver (one assignment per boundary of the
/// cross-cutting topic) ran for minutes. It is refused; and when keeping the order fails,
/// the hint whether reordering would help no longer runs it.
#[test]
fn reordering_over_too_many_meetings_is_refused_not_left_running() {
    let mut plan = synth::slipped(150);
    let last_year = plan.meetings.iter().map(|m| m.year).max().unwrap_or(2000);
    let number = plan.meetings.len() as u32;
    for k in 1..=1000 {
        plan.meetings.push(Meeting::planned(
            MeetingNumber::new(number + k),
            last_year + k as i32,
        ));
    }
    let reorder = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let err = realign(&plan, &reorder).expect_err("too slow");
    assert!(
        matches!(err, RealignError::TooSlowToReorder { topics, .. } if topics == 150),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("realign it keeping the order"),
        "{err}"
    );
    // Keeping the order still works; and the firearms plan still reorders.
    realign(&plan, &Options::default()).expect("aligned keeping the order");
    realign(&delayed(&firearms(), "C2", 2), &reorder).expect("reordered");
}

// T2 (article 1, C1 reviews 2020-2021, no grace) is on the 3rd (2022): late. Order
// free, it takes the empty 1st (2020), one move; keeping the order, T1 (any year) goes
// to the 1st and T2 to the 2nd. Either way the 3rd, at the end of the plan, is emptied:
// the proposal drops it (issue 24: a trailing planned meeting with no fixed topic is no
// meeting the Bureau would keep). The 4th's dates keep it when it is the one emptied.
const EMPTIED_AT_THE_END: &str = "
version: 1
title: a topic moved off the last meeting
alignment: { grace_years: 0 }
clusters:
  - { id: C1, review: { start: 2020, end: 2021 }, articles: [1] }
fixed_topics:
  - { id: T1, title: One, articles: [2] }
  - { id: T2, title: Two, articles: [1] }
meetings:
  - { number: 1, year: 2020 }
  - { number: 2, year: 2021, fixed: T1 }
  - { number: 3, year: 2022, fixed: T2 }
";

#[test]
fn a_meeting_emptied_at_the_end_is_dropped_and_one_in_the_middle_named() {
    for allow_reorder in [false, true] {
        let plan = yaml(EMPTIED_AT_THE_END);
        let options = Options {
            allow_reorder,
            ..Options::default()
        };
        let p = realign(&plan, &options).expect("aligned");
        let numbers: Vec<u32> = p.plan.meetings.iter().map(|m| m.number.get()).collect();
        assert_eq!(numbers, [1, 2], "reorder {allow_reorder}");
        assert_aligned(&p.plan);
        assert!(
            !check(&p.plan).iter().any(|f| f.code == Code::EmptyMeeting),
            "{:?}",
            check(&p.plan)
        );
        let s = summary::summarize(&plan, &p);
        assert_eq!(s.dropped, [(MeetingNumber::new(3), 2022)]);
        assert!(s.counts_line(false).ends_with("; 1 dropped"));
        assert!(s.left_empty.is_empty());
        assert_eq!(s.moved, p.moves.len());
    }
    // With dates, the 3rd is a meeting someone arranged: kept, and named as left empty.
    let dated = EMPTIED_AT_THE_END.replace(
        "{ number: 3, year: 2022, fixed: T2 }",
        "{ number: 3, year: 2022, fixed: T2, venue: Vienna }",
    );
    let plan = yaml(&dated);
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(p.plan.meetings.len(), 3);
    let s = summary::summarize(&plan, &p);
    assert!(s.dropped.is_empty());
    assert_eq!(s.left_empty, [(MeetingNumber::new(3), 2022)]);
    assert!(
        s.counts_line(false).ends_with("; 1 left empty"),
        "{}",
        s.counts_line(false)
    );
}

/// Steps add field by field: the solvers rank sums of them.
#[test]
fn steps_add_up_field_by_field() {
    let a = Step {
        misaligned: 2,
        outside: 3,
        second: 2,
        moved: 3,
        delay: 4,
    };
    let b = Step {
        misaligned: 3,
        outside: i64::MAX,
        second: 3,
        moved: 2,
        delay: 5,
    };
    assert_eq!(
        a + b,
        Step {
            misaligned: 5,
            outside: i64::MAX,
            second: 5,
            moved: 5,
            delay: 9,
        }
    );
    assert_eq!((a + b).rank(), (5, i64::MAX, 5, 5));
}

/// The fallback is asked for only where a best-effort plan is wanted and no aligned one
/// exists: an aligned answer or a plan refused for another reason comes alone.
#[test]
fn the_best_effort_fallback_comes_only_with_an_unplaceable_plan_and_when_asked() {
    let crowded = synth::crowded(4);
    let options = Options::default();
    let (outcome, fallback) = realign_with_fallback(&crowded, &options, true);
    assert!(matches!(outcome, Err(RealignError::Unplaceable { .. })));
    let fallback = fallback.expect("a best-effort plan beside the reason");
    assert!(!fallback.aligned());
    let (outcome, fallback) = realign_with_fallback(&crowded, &options, false);
    assert!(matches!(outcome, Err(RealignError::Unplaceable { .. })));
    assert_eq!(fallback, None);
    let late = delayed(&firearms(), "C2", 2);
    let (outcome, fallback) = realign_with_fallback(&late, &options, true);
    assert!(outcome.expect("aligned").aligned());
    assert_eq!(fallback, None);
    let mut ambiguous = firearms();
    ambiguous.meetings.push(ambiguous.meetings[0].clone());
    let (outcome, fallback) = realign_with_fallback(&ambiguous, &options, true);
    assert!(matches!(outcome, Err(RealignError::InvalidPlan { .. })));
    assert_eq!(fallback, None);
}

/// A meeting naming an unknown fixed topic leaves unclear which topic is where: refused.
/// An unknown flexible topic does not: the realignment moves fixed topics only.
#[test]
fn an_unknown_fixed_topic_is_refused_and_an_unknown_flexible_one_is_not() {
    let mut plan = firearms();
    plan.meetings[13].fixed = Some("T99".into());
    let err = realign(&plan, &Options::default()).expect_err("unknown fixed topic");
    match err {
        RealignError::InvalidPlan { problems } => {
            assert!(problems.iter().any(|p| p.contains("T99")), "{problems:?}")
        }
        other => panic!("{other:?}"),
    }
    let mut plan = firearms();
    plan.meetings[13].flexible = Some("F99".into());
    assert!(realign(&plan, &Options::default()).is_ok());
}

/// Two topics that can only be discussed in 2024, and one meeting that year.
const TWO_FOR_ONE: &str = "
version: 1
title: contested
alignment: { grace_years: 0 }
clusters:
  - { id: C1, review: { start: 2024, end: 2024 }, articles: [1, 2] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
meetings:
  - { number: 1, year: 2023, fixed: T1 }
  - { number: 2, year: 2024, fixed: T2 }
";

/// Each reason a topic cannot be placed, in full: the words name the topic, its years,
/// what takes them, what appending can do, and the one hint that may help.
#[test]
fn each_reason_for_no_aligned_plan_reads_in_full() {
    // Two topics that can only be discussed in 2024, one meeting that year, the horizon
    // allowing no new one: reordered or not, one topic is left without a meeting.
    let contested = yaml(TWO_FOR_ONE);
    let reorder = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let said = |plan: &Plan, options: &Options| match realign(plan, options) {
        Err(e) => e.to_string(),
        Ok(p) => format!("placed: {:?}", moves(&p)),
    };
    let mut out = vec![said(&contested, &reorder)];
    out.push(said(&contested, &Options::default()));
    // A cross-cutting topic with no meeting left after a topic held last.
    let not_last = yaml(
        "
version: 1
title: not last
cross_cutting_articles: [9]
clusters:
  - { id: C1, review: { start: 2024, end: 2024 }, articles: [1] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: X, title: Cross, articles: [9] }
meetings:
  - { number: 1, year: 2024, fixed: X }
  - { number: 2, year: 2025, fixed: T1, status: held }
",
    );
    let short = Options {
        horizon_years: 1,
        ..reorder
    };
    out.push(said(&not_last, &short));
    out.push(said(
        &not_last,
        &Options {
            allow_reorder: false,
            ..short
        },
    ));
    // A cancelled meeting leaves n topics n - 1 meetings: the list of those before the
    // last shows them all up to six, else the first three and the last two.
    let crowded = |n: i32| {
        let mut text = format!(
            "
version: 1
title: crowded
alignment: {{ grace_years: 0 }}
clusters:
  - {{ id: C1, review: {{ start: 2020, end: {} }}, articles: [1] }}
fixed_topics:
",
            2019 + n
        );
        for t in 1..=n {
            text.push_str(&format!(
                "  - {{ id: T{t}, title: Topic {t}, articles: [1] }}\n"
            ));
        }
        text.push_str("meetings:\n");
        for t in 1..=n {
            text.push_str(&format!(
                "  - {{ number: {t}, year: {}, fixed: T{t} }}\n",
                2019 + t
            ));
        }
        let mut plan = yaml(&text);
        plan.meetings[3].status = Status::Cancelled;
        plan.meetings[3].fixed = None;
        plan
    };
    let shortest = Options {
        horizon_years: 0,
        ..Options::default()
    };
    out.push(said(&crowded(9), &shortest));
    out.push(said(&crowded(7), &shortest));
    // Four topics for 2024 to 2026, one meeting in 2023: the three appended meetings up
    // to the horizon take three, and a longer horizon would not help the fourth.
    let late = yaml(
        "
version: 1
title: late
alignment: { grace_years: 0 }
clusters:
  - { id: C1, review: { start: 2024, end: 2026 }, articles: [1, 2, 3, 4] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
  - { id: T3, title: Three, articles: [3] }
  - { id: T4, title: Four, articles: [4] }
meetings:
  - { number: 1, year: 2023, fixed: T1 }
",
    );
    out.push(said(&late, &shortest));
    // With two years of grace the fourth could go past the horizon: a longer one helps.
    let mut graced = late.clone();
    graced.alignment.grace_years = 2;
    out.push(said(&graced, &shortest));
    let no = "no aligned plan exists: ";
    assert_eq!(
        out,
        [
            format!(
                "{no}T2 (article 2) needs a meeting from 2024 to 2024 but, even reordered, other topics that can only be discussed in those years take every free meeting of them, and new meetings could only come from 2025"
            ),
            format!(
                "{no}T2 (article 2) needs a meeting from 2024 to 2024 but, keeping the order, the topics that must come before it (T1) take every free meeting it could have, and new meetings could only come from 2025"
            ),
            format!(
                "{no}X (article 9) can be discussed in any year but, keeping the order, it must come after T1, held at the 2nd (2025), and no free meeting there is in those years"
            ),
            format!(
                "{no}X (article 9) can be discussed in any year but, keeping the order, it must come after T1, held at the 2nd (2025), and no free meeting there is in those years"
            ),
            format!(
                "{no}T9 (article 1) needs a meeting from 2020 to 2028 but, keeping the order, the topics that must come before it (T1, T2, T3 ... T7, T8) take every free meeting it could have, and new meetings could only come from 2029"
            ),
            format!(
                "{no}T7 (article 1) needs a meeting from 2020 to 2026 but, keeping the order, the topics that must come before it (T1, T2, T3, T4, T5, T6) take every free meeting it could have, and new meetings could only come from 2027"
            ),
            format!(
                "{no}T4 (article 4) needs a meeting from 2024 to 2026 but, keeping the order, the topics that must come before it (T1, T2, T3) take every free meeting it could have, and new meetings can be appended from 2024 up to the horizon, 2026"
            ),
            format!(
                "{no}T4 (article 4) needs a meeting from 2024 to 2028 but, keeping the order, the topics that must come before it (T1, T2, T3) take every free meeting it could have, and new meetings can be appended from 2024 up to the horizon, 2026; a longer horizon (--horizon) may help"
            ),
        ]
    );
}

/// A second meeting is written into the plan just after the meeting it follows, so the
/// file keeps the order of the meetings (and the renumbered ones keep their places).
#[test]
fn second_meetings_are_written_after_the_meeting_they_follow() {
    let plan = yaml(include_str!("../../plans/scenarios/cluster-2-early.yaml"));
    let options = Options {
        allow_second_meeting: true,
        ..Options::default()
    };
    let p = realign(&plan, &options).expect("aligned with second meetings");
    let listed: Vec<(u32, i32)> = (p.plan.meetings.iter())
        .map(|m| (m.number.get(), m.year))
        .collect();
    let second: Vec<(u32, i32)> = p.second_meetings.iter().map(|&m| bare(m)).collect();
    assert_eq!(second, [(16, 2028), (18, 2029)]);
    let mut sorted = listed.clone();
    sorted.sort_by_key(|&(number, year)| (year, number));
    assert_eq!(listed, sorted);
    assert_eq!(listed.len(), plan.meetings.len() + 2);
}

/// Appended meetings take the next numbers: past the last number there is room for
/// none, whatever the horizon (and no number wraps round to 0).
#[test]
fn meetings_are_appended_only_while_numbers_remain() {
    let plan = yaml(&format!(
        "
version: 1
title: numbers running out
clusters:
  - {{ id: C1, review: {{ start: 2020, end: 2030 }}, articles: [1, 2, 3] }}
fixed_topics:
  - {{ id: T1, title: One, articles: [1] }}
  - {{ id: T2, title: Two, articles: [2] }}
  - {{ id: T3, title: Three, articles: [3] }}
  - {{ id: T4, title: Four, articles: [3] }}
meetings:
  - {{ number: {}, year: 2020, fixed: T1 }}
",
        u32::MAX - 2
    ));
    let problem = Problem::build(&plan, &Options::default(), false);
    assert_eq!(problem.slots.len() - problem.existing, 2);
    let err = realign(&plan, &Options::default()).expect_err("two numbers left, three topics");
    assert!(matches!(err, RealignError::Unplaceable { .. }), "{err:?}");
}

/// Scenarios side by side: each aligned where it can be, else its reason and the
/// least-misaligned plan; the plan's own scenarios play no part.
#[test]
fn scenarios_compare_by_their_figures() {
    use compare::{Scenario, compare};
    let scenario = |name: &str, delays: &[(&str, i32)]| Scenario {
        name: name.into(),
        delays: delays
            .iter()
            .map(|&(c, y)| (ClusterId::from(c), y))
            .collect(),
    };
    // A cancelled meeting after the last one is not the last meeting.
    let mut plan = firearms();
    let mut cancelled = Meeting::planned(MeetingNumber::new(20), 2040);
    cancelled.status = Status::Cancelled;
    plan.meetings.push(cancelled);
    let scenarios = [
        scenario("on time", &[]),
        scenario("late", &[("C2", 2)]),
        scenario("early", &[("C2", -2)]),
    ];
    let rows = compare(&plan, &scenarios, &Options::default()).expect("known clusters");
    // Asked for best effort, a comparison still tells the aligned from the rest.
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    assert_eq!(compare(&plan, &scenarios, &best), Ok(rows.clone()));
    // (name, aligned, last meeting, topic without a meeting, cost, topics misaligned)
    type Row<'a> = (
        &'a str,
        bool,
        Option<(u32, i32)>,
        Option<&'a str>,
        Option<Cost>,
        usize,
    );
    let seen: Vec<Row> = rows
        .iter()
        .map(|r| {
            (
                r.scenario.name.as_str(),
                r.aligned(),
                r.last_meeting().map(bare),
                r.unplaceable.as_ref().map(|(topic, _)| topic.as_str()),
                r.proposal.as_ref().map(|p| p.cost),
                r.proposal.as_ref().map_or(0, |p| p.misaligned.len()),
            )
        })
        .collect();
    let cost = |moved, added, total_delay_years| {
        Some(Cost {
            moved,
            added,
            total_delay_years,
        })
    };
    assert_eq!(
        seen,
        [
            ("on time", true, Some((19, 2032)), None, cost(0, 0, 0), 0),
            // T6 and everything after it later, T10 on the 21st meeting, appended after
            // the cancelled 20th (2040).
            ("late", true, Some((21, 2041)), None, cost(5, 1, 13), 0),
            // No aligned plan: T8 is named, and the least-misaligned plan is the plan
            // as it is, two topics misaligned.
            (
                "early",
                false,
                Some((19, 2032)),
                Some("T8"),
                cost(0, 0, 0),
                2
            ),
        ]
    );
    let unknown = compare(
        &firearms(),
        &[scenario("x", &[("C9", 1)])],
        &Options::default(),
    );
    assert!(matches!(unknown, Err(RealignError::UnknownCluster { .. })));
}

/// The order-free solver's work, as `order_free::work` counts it: (bits of the number
/// of meetings that may be appended + 2 searches) x (one assignment per boundary of
/// the cross-cutting topics, else one) x topics x slots.
#[test]
fn the_order_free_work_is_counted_as_documented() {
    let plan = delayed(&firearms(), "C2", 2);
    let reorder = Options {
        allow_reorder: true,
        ..Options::default()
    };
    let p = Problem::build(&plan, &reorder, false);
    let (n, m, appended) = (p.topics.len(), p.slots.len(), p.slots.len() - p.existing);
    assert_eq!((n, m, appended), (8, 18, 10));
    // 10 appended is 4 bits: 6 searches; T10 is cross-cutting: 18 - 8 + 1 = 11 splits.
    assert_eq!(order_free::work(&p), 6 * 11 * 8 * 18);
    // Without a cross-cutting topic, one assignment a search.
    let mut plain = plan.clone();
    plain.cross_cutting_articles.clear();
    let p = Problem::build(&plain, &reorder, false);
    let (n, m, appended) = (p.topics.len(), p.slots.len(), p.slots.len() - p.existing);
    assert_eq!((n, m, appended), (8, 18, 10));
    assert_eq!(order_free::work(&p), 6 * 8 * 18);
}

/// Keeping the order, ties go to the earliest meetings: an unscheduled topic that costs
/// the same on every free meeting after its predecessor takes the first.
#[test]
fn keeping_the_order_ties_go_to_the_earliest_meeting() {
    let plan = yaml(
        "
version: 1
title: ties
clusters:
  - { id: C1, review: { start: 2020, end: 2030 }, articles: [1, 2] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
meetings:
  - { number: 1, year: 2020, fixed: T1 }
  - { number: 2, year: 2021 }
  - { number: 3, year: 2022 }
",
    );
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(moves(&p), [("T2".into(), None, (2, 2021))]);
    // The same before a topic that stays: T2 may take any of three meetings before T3.
    let plan = yaml(
        "
version: 1
title: ties before a topic that stays
clusters:
  - { id: C1, review: { start: 2020, end: 2030 }, articles: [1, 2, 3] }
fixed_topics:
  - { id: T1, title: One, articles: [1] }
  - { id: T2, title: Two, articles: [2] }
  - { id: T3, title: Three, articles: [3] }
meetings:
  - { number: 1, year: 2020, fixed: T1 }
  - { number: 2, year: 2021 }
  - { number: 3, year: 2022 }
  - { number: 4, year: 2023 }
  - { number: 5, year: 2024, fixed: T3 }
",
    );
    let p = realign(&plan, &Options::default()).expect("aligned");
    assert_eq!(moves(&p), [("T2".into(), None, (2, 2021))]);
}

/// The quick test of whether reordering could help (earliest deadline first, for plans
/// too large to solve for a hint): none left out where a reorder places every topic,
/// the one left out where two topics need the one meeting of their year.
#[test]
fn earliest_deadline_first_names_the_topic_left_without_a_meeting() {
    let contested = |text: &str| {
        order_free::contested(&Problem::build(&yaml(text), &Options::default(), false))
    };
    assert_eq!(contested(ONE_EARLY), None);
    assert_eq!(contested(TWO_FOR_ONE), Some(1));
}

/// The one account of a proposal, read from its plan: counts, each row's flags, and the
/// line the preview and the command print.
#[test]
fn a_summary_counts_what_the_proposed_plan_changes() {
    use summary::summarize;
    let plan = yaml(include_str!("../../plans/scenarios/cluster-2-early.yaml"));
    let options = Options {
        allow_second_meeting: true,
        ..Options::default()
    };
    let p = realign(&plan, &options).expect("aligned with second meetings");
    let s = summarize(&plan, &p);
    assert_eq!(
        s.counts_line(true),
        "3 topics to move, 2 meetings to add, 4 years of delay in all; 2 second meetings, 4 to renumber, 2 left empty"
    );
    assert_eq!(
        s.counts_line(false),
        "3 topics moved, 2 meetings added, 4 years of delay; 2 second meetings, 4 renumbered, 2 left empty"
    );
    type Seen = (
        u32,
        i32,
        Option<u32>,
        Option<String>,
        Option<String>,
        [bool; 5],
    );
    let rows = |s: &summary::Summary| -> Vec<Seen> {
        (s.rows.iter().filter(|r| r.changed()))
            .map(|r| {
                (
                    r.number.get(),
                    r.year,
                    r.was.map(MeetingNumber::get),
                    r.current.as_ref().map(|t| t.to_string()),
                    r.proposed.as_ref().map(|t| t.to_string()),
                    [
                        r.added(),
                        r.renumbered(),
                        r.second,
                        r.left_empty(),
                        r.proposed_misaligned,
                    ],
                )
            })
            .collect()
    };
    let t = |id: &str| Some(id.to_owned());
    // [added, renumbered, second, left empty, misaligned in the proposal]
    assert_eq!(
        rows(&s),
        [
            (
                16,
                2028,
                None,
                None,
                t("T7"),
                [true, false, true, false, false]
            ),
            (
                17,
                2029,
                Some(16),
                t("T7"),
                t("T8"),
                [false, true, false, false, false]
            ),
            (
                18,
                2029,
                None,
                None,
                t("T9"),
                [true, false, true, false, false]
            ),
            (
                19,
                2030,
                Some(17),
                t("T8"),
                None,
                [false, true, false, true, false]
            ),
            (
                20,
                2031,
                Some(18),
                t("T9"),
                None,
                [false, true, false, true, false]
            ),
            (
                21,
                2032,
                Some(19),
                t("T10"),
                t("T10"),
                [false, true, false, false, false]
            ),
        ]
    );
    assert!(!s.unchanged && s.dropped.is_empty());
    // One of each, and a best-effort plan's misaligned topics before and after.
    let p = realign(
        &yaml(ONE_EARLY),
        &Options {
            allow_reorder: true,
            ..Options::default()
        },
    )
    .expect("aligned");
    let s = summarize(&yaml(ONE_EARLY), &p);
    assert_eq!(
        s.counts_line(false),
        "1 topic moved, 1 meeting added, 3 years of delay; 1 left empty"
    );
    let crowded = synth::crowded(4);
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    let p = realign(&crowded, &best).expect("least misaligned");
    let s = summarize(&crowded, &p);
    let misaligned: Vec<(u32, bool, bool)> = (s.rows.iter())
        .map(|r| (r.number.get(), r.current_misaligned, r.proposed_misaligned))
        .collect();
    // T1 and T2 misaligned on the 1st and 2nd now; T1 on the 2nd and T4 on the 5th after.
    assert_eq!(
        misaligned,
        [
            (1, true, false),
            (2, true, true),
            (3, false, false),
            (4, false, false),
            (5, false, true),
            (6, false, false),
            (7, false, false),
            (8, false, false),
        ]
    );
    let firearms = firearms();
    let same = summarize(
        &firearms,
        &realign(&firearms, &Options::default()).expect("aligned"),
    );
    assert_eq!(
        same.counts_line(false),
        "0 topics moved, 0 meetings added, 0 years of delay"
    );
    assert!(same.unchanged && same.rows.iter().all(|r| !r.changed()));
    assert!(!same.rows.is_empty());
}

/// The synthetic plans the benchmarks measure have the shapes their documentation
/// gives, so the figures mean what docs/performance.md says.
#[test]
fn the_synthetic_plans_have_their_documented_shapes() {
    let shape = |plan: &Plan| {
        let clusters: Vec<(String, i32, i32, Vec<u32>)> = (plan.clusters.iter())
            .map(|c| {
                (
                    c.id.to_string(),
                    c.review.start,
                    c.review.end,
                    c.articles.clone(),
                )
            })
            .collect();
        let topics: Vec<Vec<u32>> = plan
            .fixed_topics
            .iter()
            .map(|t| t.articles.clone())
            .collect();
        let meetings: Vec<(u32, i32, Option<String>)> = (plan.meetings.iter())
            .map(|m| {
                (
                    m.number.get(),
                    m.year,
                    m.fixed.as_ref().map(|t| t.to_string()),
                )
            })
            .collect();
        (
            plan.alignment.grace_years,
            clusters,
            topics,
            meetings,
            plan.cross_cutting_articles.clone(),
        )
    };
    let t = |i: u32| Some(format!("T{i}"));
    // Nine topics: two clusters of four articles, the second slipped three years; the
    // ninth topic cross-cutting (article 10); topic i on meeting i in 1999 + i.
    assert_eq!(
        shape(&synth::slipped(9)),
        (
            1,
            vec![
                ("C1".into(), 1998, 2002, vec![1, 2, 3, 4]),
                ("C2".into(), 2005, 2009, vec![5, 6, 7, 8]),
            ],
            vec![
                vec![1],
                vec![2],
                vec![3],
                vec![4],
                vec![5],
                vec![6],
                vec![7],
                vec![8],
                vec![10]
            ],
            (1..=9)
                .map(|i| (i, 1999 + i as i32, t(i)))
                .collect::<Vec<_>>(),
            vec![10],
        )
    );
    // Ten: a third cluster with the one article left, the cross-cutting one not in it.
    let ten = shape(&synth::slipped(10));
    assert_eq!(ten.1[2], ("C3".into(), 2009, 2013, vec![9]));
    assert_eq!(ten.4, [11]);
    // Three topics on the first three of six yearly meetings, one cluster 2001-2005.
    assert_eq!(
        shape(&synth::dense(3)),
        (
            1,
            vec![("C1".into(), 2001, 2005, vec![1, 2, 3])],
            vec![vec![1], vec![2], vec![3]],
            (1..=6)
                .map(|i| (i, 1999 + i as i32, if i <= 3 { t(i) } else { None }))
                .collect::<Vec<_>>(),
            vec![],
        )
    );
    // Four topics; the window (with a year of grace) holds two of the years: 2002-2003.
    assert_eq!(
        shape(&synth::crowded(4)).1,
        [("C1".into(), 2002, 2002, vec![1, 2, 3, 4])]
    );
}
