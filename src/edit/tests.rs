use std::collections::{BTreeSet, HashSet};

use proptest::prelude::*;

use super::*;
use crate::check::{Code, check};
use crate::plan::{TopicSource, parse};

const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

fn firearms() -> Plan {
    parse(FIREARMS).expect("bundled plan parses").plan
}

fn id(s: &str) -> TopicId {
    TopicId::from(s)
}

fn fixed_at(plan: &Plan, number: u32) -> Option<&str> {
    plan.meeting(MeetingNumber::new(number))
        .and_then(|m| m.fixed.as_ref())
        .map(TopicId::as_str)
}

fn scheduled(plan: &Plan) -> BTreeSet<TopicId> {
    plan.meetings
        .iter()
        .filter_map(|m| m.fixed.clone())
        .collect()
}

/// What every edit must keep: unique meeting numbers, each fixed topic at most once,
/// meetings on record untouched, and no references to topics that do not exist.
fn assert_invariants(before: &Plan, after: &Plan) {
    let numbers: HashSet<MeetingNumber> = after.meetings.iter().map(|m| m.number).collect();
    assert_eq!(
        numbers.len(),
        after.meetings.len(),
        "meeting numbers unique"
    );
    let mut seen = HashSet::new();
    for m in &after.meetings {
        if let Some(t) = &m.fixed {
            assert!(seen.insert(t.clone()), "{t} on two meetings");
        }
    }
    for m in before.meetings.iter().filter(|m| m.status.is_history()) {
        assert_eq!(after.meeting(m.number), Some(m), "history kept");
    }
    let codes: HashSet<Code> = check(after).iter().map(|f| f.code).collect();
    for bad in [
        Code::UnknownTopic,
        Code::DuplicateMeeting,
        Code::FixedTopicRepeated,
    ] {
        assert!(!codes.contains(&bad), "{bad} after edit");
    }
}

fn edit(plan: &Plan, e: Edit) -> Plan {
    let after = apply(plan, &e).unwrap_or_else(|err| panic!("{e}: {err}"));
    assert_invariants(plan, &after);
    after
}

#[test]
fn move_to_a_free_meeting_leaves_the_old_slot_empty() {
    let mut p = firearms();
    p.meetings
        .push(Meeting::planned(MeetingNumber::new(20), 2033));
    let after = edit(
        &p,
        Edit::MoveFixed {
            topic: id("T5"),
            to: MeetingNumber::new(20),
            conflict: Conflict::Shift,
        },
    );
    assert_eq!(fixed_at(&after, 14), None);
    assert_eq!(fixed_at(&after, 20), Some("T5"));
    assert_eq!(fixed_at(&after, 15), Some("T6"));
}

#[test]
fn swap_trades_the_two_topics() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(15),
            conflict: Conflict::Swap,
        },
    );
    assert_eq!(fixed_at(&after, 12), Some("T6"));
    assert_eq!(fixed_at(&after, 15), Some("T3"));
    assert_eq!(after.meetings.len(), p.meetings.len());
    assert_eq!(scheduled(&after), scheduled(&p));
}

#[test]
fn shift_later_moves_following_topics_and_appends_a_meeting() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(15),
            conflict: Conflict::Shift,
        },
    );
    assert_eq!(fixed_at(&after, 12), None);
    assert_eq!(fixed_at(&after, 15), Some("T3"));
    assert_eq!(fixed_at(&after, 16), Some("T6"));
    assert_eq!(fixed_at(&after, 19), Some("T9"));
    let new = after
        .meeting(MeetingNumber::new(20))
        .expect("meeting appended");
    assert_eq!((new.year, new.status), (2033, Status::Planned));
    assert_eq!(new.fixed.as_ref().map(TopicId::as_str), Some("T10"));
    assert_eq!(scheduled(&after), scheduled(&p));
}

#[test]
fn shift_earlier_stops_at_the_slot_the_topic_left() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::MoveFixed {
            topic: id("T5"),
            to: MeetingNumber::new(12),
            conflict: Conflict::Shift,
        },
    );
    let got: Vec<_> = (12..=16).map(|n| fixed_at(&after, n)).collect();
    assert_eq!(
        got,
        [Some("T5"), Some("T3"), Some("T4"), Some("T6"), Some("T7")]
    );
    assert_eq!(after.meetings.len(), p.meetings.len());
}

#[test]
fn shift_skips_meetings_on_record() {
    let mut p = firearms();
    let i = p
        .meetings
        .iter()
        .position(|m| m.number == MeetingNumber::new(14))
        .unwrap();
    p.meetings[i].status = Status::Cancelled;
    p.meetings[i].fixed = None;
    // T5 was on the cancelled 14th; give it nowhere so the shift passes over the 14th.
    let after = edit(
        &p,
        Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(13),
            conflict: Conflict::Shift,
        },
    );
    assert_eq!(fixed_at(&after, 13), Some("T3"));
    assert_eq!(fixed_at(&after, 14), None, "cancelled meeting untouched");
    assert_eq!(fixed_at(&after, 15), Some("T4"), "T4 jumps over the 14th");
    // The 15th held T6; the 12th is free now but before the 13th, so the chain runs on.
    assert_eq!(fixed_at(&after, 16), Some("T6"));
}

#[test]
fn postpone_moves_every_later_topic_by_one_meeting() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::Postpone {
            from: MeetingNumber::new(13),
        },
    );
    assert_eq!(fixed_at(&after, 12), Some("T3"));
    assert_eq!(fixed_at(&after, 13), None);
    assert_eq!(fixed_at(&after, 14), Some("T4"));
    assert_eq!(fixed_at(&after, 19), Some("T9"));
    assert_eq!(fixed_at(&after, 20), Some("T10"));
    assert_eq!(
        after.meeting(MeetingNumber::new(20)).map(|m| m.year),
        Some(2033)
    );
}

#[test]
fn history_refuses_edits_with_one_line() {
    let p = firearms();
    for e in [
        Edit::Postpone {
            from: MeetingNumber::new(10),
        },
        Edit::AssignFlexible {
            meeting: MeetingNumber::new(11),
            topic: None,
        },
        Edit::RemoveMeeting {
            number: MeetingNumber::new(9),
        },
        Edit::EditMeeting {
            number: MeetingNumber::new(10),
            change: MeetingChange::Venue(None),
        },
        Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(11),
            conflict: Conflict::Swap,
        },
    ] {
        let err = apply(&p, &e).expect_err("history is read-only");
        let msg = err.to_string();
        assert!(msg.contains("history") && !msg.contains('\n'), "{msg}");
    }
    let err = apply(
        &p,
        &Edit::MoveFixed {
            topic: id("T1"),
            to: MeetingNumber::new(15),
            conflict: Conflict::Swap,
        },
    )
    .expect_err("topic held at the 10th");
    assert!(
        matches!(err, EditError::TopicInHistory { number, .. } if number == MeetingNumber::new(10))
    );
}

#[test]
fn assign_and_clear_flexible() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::AssignFlexible {
            meeting: MeetingNumber::new(14),
            topic: Some(id("F8")),
        },
    );
    assert_eq!(
        after.meeting(MeetingNumber::new(14)).unwrap().flexible,
        Some(id("F8"))
    );
    let cleared = edit(
        &after,
        Edit::AssignFlexible {
            meeting: MeetingNumber::new(14),
            topic: None,
        },
    );
    assert_eq!(cleared, p);
    let err = apply(
        &p,
        &Edit::AssignFlexible {
            meeting: MeetingNumber::new(14),
            topic: Some(id("F99")),
        },
    );
    assert_eq!(err, Err(EditError::UnknownFlexibleTopic(id("F99"))));
}

#[test]
fn added_flexible_topic_needs_a_fresh_id() {
    let p = firearms();
    let topic = FlexibleTopic {
        id: id("F20"),
        title: "Bureau-approved".into(),
        source: TopicSource::Additional,
        related_articles: vec![8],
        recurring: false,
    };
    let after = edit(&p, Edit::AddFlexible(topic.clone()));
    assert_eq!(after.flexible_topics.last(), Some(&topic));
    let dup = FlexibleTopic {
        id: id("T1"),
        ..topic
    };
    assert_eq!(
        apply(&p, &Edit::AddFlexible(dup)),
        Err(EditError::DuplicateId(id("T1")))
    );
}

#[test]
fn meeting_dates_are_validated_and_set_the_year() {
    let p = firearms();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let after = edit(
        &p,
        Edit::EditMeeting {
            number: MeetingNumber::new(12),
            change: MeetingChange::Dates {
                start: d("2026-05-04"),
                end: d("2026-05-05"),
            },
        },
    );
    assert_eq!(after.meeting(MeetingNumber::new(12)).unwrap().year, 2026);
    let err = apply(
        &p,
        &Edit::EditMeeting {
            number: MeetingNumber::new(12),
            change: MeetingChange::Dates {
                start: d("2025-05-04"),
                end: d("2025-05-01"),
            },
        },
    );
    // Typed: which date is wrong, and against which.
    assert_eq!(
        err,
        Err(EditError::InvalidDates(
            super::DatesProblem::EndBeforeStart {
                start: d("2025-05-04").unwrap(),
                end: d("2025-05-01").unwrap(),
            }
        ))
    );
    // Shown only at the edge, in the words it always had.
    assert_eq!(
        err.unwrap_err().to_string(),
        "the end (2025-05-01) is before the start (2025-05-04)"
    );
    let cases = [
        (
            None,
            d("2025-05-01"),
            "an end date needs a start date; give the first day too",
        ),
        (
            d("2025-12-30"),
            d("2026-01-02"),
            "the end (2026-01-02) is not in the same year as the start (2025-12-30)",
        ),
    ];
    for (start, end, words) in cases {
        let e = super::validate_dates(start, end).unwrap_err();
        assert!(matches!(e, EditError::InvalidDates(_)), "{e:?}");
        assert_eq!(e.to_string(), words);
    }
}

#[test]
fn add_and_remove_meetings() {
    let p = firearms();
    let next = next_meeting(&p).unwrap();
    assert_eq!((next.number.get(), next.year), (20, 2033));
    let after = edit(&p, Edit::AddMeeting(next.clone()));
    assert_eq!(after.meetings.last(), Some(&next));
    assert_eq!(
        apply(&after, &Edit::AddMeeting(next)),
        Err(EditError::DuplicateMeeting(MeetingNumber::new(20)))
    );
    let removed = edit(
        &after,
        Edit::RemoveMeeting {
            number: MeetingNumber::new(20),
        },
    );
    assert_eq!(removed, p);
}

#[test]
fn shifting_a_window_updates_the_findings() {
    let p = firearms();
    let after = edit(
        &p,
        Edit::ShiftWindow {
            cluster: ClusterId::from("C4"),
            start_by: 3,
            end_by: 3,
        },
    );
    let c4 = after.cluster(&ClusterId::from("C4")).unwrap();
    assert_eq!((c4.review.start, c4.review.end), (2026, 2029));
    assert!(check(&after).iter().any(|f| f.is_misalignment()));
    assert!(matches!(
        apply(
            &p,
            &Edit::ShiftWindow {
                cluster: ClusterId::from("C4"),
                start_by: 0,
                end_by: -5,
            }
        ),
        Err(EditError::InvalidWindow { .. })
    ));
}

#[test]
fn history_undoes_and_redoes_and_tracks_saved_state() {
    let original = firearms();
    let mut p = original.clone();
    let mut h = History::new();
    assert!(!h.is_dirty());
    h.apply(
        &mut p,
        &Edit::Postpone {
            from: MeetingNumber::new(12),
        },
    )
    .unwrap();
    let postponed = p.clone();
    h.apply(
        &mut p,
        &Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(12),
            conflict: Conflict::Swap,
        },
    )
    .unwrap();
    assert!(h.is_dirty());
    assert!(h.can_undo() && !h.can_redo());
    assert!(h.undo(&mut p).is_some());
    assert_eq!(p, postponed);
    assert!(h.can_undo() && h.can_redo());
    assert!(h.undo(&mut p).is_some());
    assert_eq!(p, original);
    assert!(!h.is_dirty());
    assert!(!h.can_undo() && h.can_redo());
    assert!(h.undo(&mut p).is_none());
    assert!(h.redo(&mut p).is_some());
    assert_eq!(p, postponed);
    h.mark_saved();
    assert!(!h.is_dirty());
    h.undo(&mut p);
    // A new edit drops the redo branch that held the saved state.
    h.apply(
        &mut p,
        &Edit::Postpone {
            from: MeetingNumber::new(15),
        },
    )
    .unwrap();
    assert!(h.is_dirty());
    assert!(!h.can_redo());
}

fn arb_edit(plan: &Plan) -> impl Strategy<Value = Edit> {
    let numbers: Vec<MeetingNumber> = plan.meetings.iter().map(|m| m.number).collect();
    let last = numbers.iter().max().map_or(0, |n| n.get());
    let fixed: Vec<TopicId> = plan.fixed_topics.iter().map(|t| t.id.clone()).collect();
    let mut flex: Vec<Option<TopicId>> = plan
        .flexible_topics
        .iter()
        .map(|t| Some(t.id.clone()))
        .collect();
    flex.push(None);
    let clusters: Vec<ClusterId> = plan.clusters.iter().map(|c| c.id.clone()).collect();
    let number = proptest::sample::select(numbers);
    let mut proposal = plan.clone();
    proposal.title.push_str(" (realigned)");
    if let Some(m) = proposal.meetings.last_mut() {
        m.fixed = None;
    }
    prop_oneof![
        Just(Edit::Replace(Box::new(proposal))),
        (
            proptest::sample::select(fixed),
            number.clone(),
            any::<bool>()
        )
            .prop_map(|(topic, to, swap)| Edit::MoveFixed {
                topic,
                to,
                conflict: if swap {
                    Conflict::Swap
                } else {
                    Conflict::Shift
                },
            }),
        number.clone().prop_map(|from| Edit::Postpone { from }),
        (number.clone(), proptest::sample::select(flex))
            .prop_map(|(meeting, topic)| Edit::AssignFlexible { meeting, topic }),
        number
            .clone()
            .prop_map(|number| Edit::RemoveMeeting { number }),
        (number, proptest::option::of("[a-z]{1,8}")).prop_map(|(number, v)| {
            Edit::EditMeeting {
                number,
                change: MeetingChange::Venue(v),
            }
        }),
        (last + 1..last + 3, 2030..2040i32)
            .prop_map(|(n, y)| Edit::AddMeeting(Meeting::planned(MeetingNumber::new(n), y))),
        (proptest::sample::select(clusters), -3..4i32, -3..4i32).prop_map(
            |(cluster, start_by, end_by)| Edit::ShiftWindow {
                cluster,
                start_by,
                end_by,
            }
        ),
    ]
}

proptest! {
    // Each case runs the checks after every edit: 96 cases keep the suite quick.
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn any_edits_then_undo_give_the_plan_back(
        edits in proptest::collection::vec(arb_edit(&firearms()), 1..8)
    ) {
        let original = firearms();
        let mut plan = original.clone();
        let mut history = History::new();
        let mut states = vec![plan.clone()];
        for e in &edits {
            let before = plan.clone();
            if history.apply(&mut plan, e).is_ok() {
                assert_invariants(&before, &plan);
                if plan != before {
                    states.push(plan.clone());
                }
            } else {
                prop_assert_eq!(&plan, &before, "a refused edit changes nothing");
            }
        }
        let done = plan.clone();
        while let Some(expected) = states.pop() {
            prop_assert_eq!(&plan, &expected);
            history.undo(&mut plan);
        }
        prop_assert_eq!(&plan, &original);
        while history.redo(&mut plan).is_some() {}
        prop_assert_eq!(plan, done);
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn redate(plan: &Plan, number: u32, start: &str, end: &str) -> Result<Plan, EditError> {
    apply(
        plan,
        &Edit::EditMeeting {
            number: MeetingNumber::new(number),
            change: MeetingChange::Dates {
                start: date(start),
                end: date(end),
            },
        },
    )
}

#[test]
fn a_meeting_edit_refuses_the_dates_the_checks_would_flag() {
    let p = firearms();
    // An end date alone: the planner asks for the first day too.
    assert!(matches!(
        redate(&p, 12, "", "2025-05-05"),
        Err(EditError::InvalidDates(_))
    ));
    // Across a new year: a meeting is held within one year.
    assert!(matches!(
        redate(&p, 12, "2025-12-30", "2026-01-02"),
        Err(EditError::InvalidDates(_))
    ));
    // Ending the day before it starts.
    assert!(matches!(
        redate(&p, 12, "2025-05-05", "2025-05-04"),
        Err(EditError::InvalidDates(_))
    ));
    // A refused edit leaves no finding to fix: every accepted one below checks clean.
    for (start, end) in [
        ("2025-05-05", "2025-05-05"), // a one-day meeting: end on the start day
        ("2025-05-05", ""),           // the first day known, the last not yet
        ("", ""),                     // dates cleared
        ("2025-12-31", "2025-12-31"),
    ] {
        let after =
            redate(&p, 12, start, end).unwrap_or_else(|e| panic!("{start}..{end} refused: {e}"));
        let m = after.meeting(MeetingNumber::new(12)).unwrap();
        assert_eq!((m.start, m.end), (date(start), date(end)));
        assert_eq!(m.year, 2025);
        assert!(
            !check(&after).iter().any(|f| f.code == Code::InvalidDates),
            "{start}..{end}"
        );
    }
}

#[test]
fn new_dates_move_the_meeting_to_their_year() {
    let p = firearms();
    let after = redate(&p, 14, "2028-04-03", "2028-04-04").unwrap();
    // The 14th was planned for 2027; its new dates are in 2028.
    assert_eq!(
        after.meeting(MeetingNumber::new(14)).map(|m| m.year),
        Some(2028)
    );
    // Clearing the dates keeps the year.
    let cleared = redate(&after, 14, "", "").unwrap();
    assert_eq!(
        cleared.meeting(MeetingNumber::new(14)).map(|m| m.year),
        Some(2028)
    );
}

#[test]
fn an_added_meeting_with_bad_dates_is_refused() {
    let p = firearms();
    let mut m = next_meeting(&p).unwrap();
    m.end = date("2033-05-05");
    assert!(matches!(
        apply(&p, &Edit::AddMeeting(m.clone())),
        Err(EditError::InvalidDates(_))
    ));
    m.start = date("2033-05-06");
    assert!(matches!(
        apply(&p, &Edit::AddMeeting(m.clone())),
        Err(EditError::InvalidDates(_))
    ));
    m.start = date("2033-05-04");
    let after = edit(&p, Edit::AddMeeting(m.clone()));
    assert_eq!(after.meeting(MeetingNumber::new(20)), Some(&m));
}

#[test]
fn a_meeting_added_back_takes_its_place_in_number_order() {
    let p = firearms();
    for number in [1, 15].map(MeetingNumber::new) {
        let removed = if number.get() == 1 {
            // The 1st is history: take it out of the file as a secretariat would.
            let mut q = p.clone();
            q.meetings.retain(|m| m.number != MeetingNumber::new(1));
            q
        } else {
            edit(&p, Edit::RemoveMeeting { number })
        };
        let back = p.meeting(number).unwrap().clone();
        let after = apply(&removed, &Edit::AddMeeting(back)).unwrap();
        assert_eq!(after, p, "meeting {number} added back where it was");
    }
}

#[test]
fn an_edit_that_changes_nothing_leaves_nothing_to_undo() {
    let p = firearms();
    let c4 = ClusterId::from("C4");
    let unchanged = Edit::ShiftWindow {
        cluster: c4.clone(),
        start_by: 0,
        end_by: 0,
    };
    assert!(prepare(&p, &unchanged).unwrap().is_empty());
    let venue = p.meeting(MeetingNumber::new(12)).unwrap().venue.clone();
    let same_venue = Edit::EditMeeting {
        number: MeetingNumber::new(12),
        change: MeetingChange::Venue(venue),
    };
    assert!(prepare(&p, &same_venue).unwrap().is_empty());
    assert!(
        prepare(&p, &Edit::Replace(Box::new(p.clone())))
            .unwrap()
            .is_empty()
    );
    // So the history does not count it as a change to save.
    let mut plan = p.clone();
    let mut h = History::new();
    for e in [&unchanged, &same_venue] {
        h.apply(&mut plan, e).unwrap();
    }
    assert!(!h.is_dirty() && !h.can_undo());
    // A real shift is one step, undone exactly.
    let shift = Edit::ShiftWindow {
        cluster: c4.clone(),
        start_by: 1,
        end_by: 2,
    };
    assert!(!prepare(&p, &shift).unwrap().is_empty());
    h.apply(&mut plan, &shift).unwrap();
    let c = plan.cluster(&c4).unwrap();
    assert_eq!((c.review.start, c.review.end), (2024, 2028));
    assert!(h.is_dirty());
    h.undo(&mut plan);
    assert_eq!(plan, p);
}

#[test]
fn edits_name_what_they_do() {
    let cases = [
        (
            Edit::MoveFixed {
                topic: id("T3"),
                to: MeetingNumber::new(15),
                conflict: Conflict::Swap,
            },
            "move T3 to the 15th meeting (swapping)",
        ),
        (
            Edit::MoveFixed {
                topic: id("T3"),
                to: MeetingNumber::new(15),
                conflict: Conflict::Shift,
            },
            "move T3 to the 15th meeting (shifting later topics)",
        ),
        (
            Edit::Postpone {
                from: MeetingNumber::new(13),
            },
            "postpone fixed topics from the 13th meeting",
        ),
        (
            Edit::AssignFlexible {
                meeting: MeetingNumber::new(12),
                topic: Some(id("F8")),
            },
            "assign F8 to the 12th meeting",
        ),
        (
            Edit::AssignFlexible {
                meeting: MeetingNumber::new(12),
                topic: None,
            },
            "clear the flexible topic of the 12th meeting",
        ),
        (
            Edit::EditMeeting {
                number: MeetingNumber::new(12),
                change: MeetingChange::Status(Status::Held),
            },
            "edit the status of the 12th meeting",
        ),
        (
            Edit::EditMeeting {
                number: MeetingNumber::new(12),
                change: MeetingChange::Note(None),
            },
            "edit the note of the 12th meeting",
        ),
        (
            Edit::AddMeeting(Meeting::planned(MeetingNumber::new(20), 2033)),
            "add the 20th meeting (2033)",
        ),
        (
            Edit::RemoveMeeting {
                number: MeetingNumber::new(20),
            },
            "remove the 20th meeting",
        ),
        (
            Edit::ShiftWindow {
                cluster: ClusterId::from("C2"),
                start_by: 1,
                end_by: -1,
            },
            "shift the review window of C2 by +1/-1 years",
        ),
        (Edit::Replace(Box::new(firearms())), "replace the plan"),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text);
    }
}

#[test]
fn a_window_may_shrink_to_one_year_but_not_turn_around() {
    let p = firearms();
    let c4 = ClusterId::from("C4"); // 2023-2026
    let after = edit(
        &p,
        Edit::ShiftWindow {
            cluster: c4.clone(),
            start_by: 3,
            end_by: 0,
        },
    );
    let c = after.cluster(&c4).unwrap();
    assert_eq!((c.review.start, c.review.end), (2026, 2026));
    assert!(matches!(
        apply(
            &p,
            &Edit::ShiftWindow {
                cluster: c4,
                start_by: 4,
                end_by: 0,
            }
        ),
        Err(EditError::InvalidWindow {
            start: 2027,
            end: 2026,
            ..
        })
    ));
    assert!(matches!(
        apply(
            &p,
            &Edit::ShiftWindow {
                cluster: ClusterId::from("C9"),
                start_by: 1,
                end_by: 1,
            }
        ),
        Err(EditError::UnknownCluster(_))
    ));
}

#[test]
fn meetings_listed_out_of_order_are_edited_in_number_order() {
    let sorted = firearms();
    let mut shuffled = sorted.clone();
    shuffled.meetings.reverse();
    let in_order = |p: &Plan| {
        let mut p = p.clone();
        p.meetings.sort_by_key(|m| m.number);
        p
    };
    for e in [
        Edit::Postpone {
            from: MeetingNumber::new(13),
        },
        Edit::MoveFixed {
            topic: id("T3"),
            to: MeetingNumber::new(15),
            conflict: Conflict::Shift,
        },
    ] {
        let want = edit(&sorted, e.clone());
        let got = edit(&shuffled, e.clone());
        assert_eq!(in_order(&got), in_order(&want), "{e}");
    }
}

#[test]
fn a_topic_left_on_a_cancelled_meeting_can_be_rescheduled() {
    let mut p = firearms();
    // The 13th is cancelled; its record still names T4.
    let i = p
        .meetings
        .iter()
        .position(|m| m.number == MeetingNumber::new(13))
        .unwrap();
    p.meetings[i].status = Status::Cancelled;
    p.meetings
        .push(Meeting::planned(MeetingNumber::new(20), 2033));
    let after = apply(
        &p,
        &Edit::MoveFixed {
            topic: id("T4"),
            to: MeetingNumber::new(20),
            conflict: Conflict::Swap,
        },
    )
    .expect("a cancelled meeting does not hold its topic");
    assert_eq!(fixed_at(&after, 20), Some("T4"));
    assert_eq!(
        after.meeting(MeetingNumber::new(13)),
        p.meeting(MeetingNumber::new(13)),
        "the record is kept"
    );
    assert!(!check(&after).iter().any(|f| matches!(
        f.code,
        Code::FixedTopicRepeated | Code::FixedTopicUnscheduled
    )));
    // A topic cannot be moved to the meeting it is already on.
    assert_eq!(
        apply(
            &after,
            &Edit::MoveFixed {
                topic: id("T4"),
                to: MeetingNumber::new(20),
                conflict: Conflict::Swap,
            }
        ),
        Err(EditError::AlreadyThere {
            topic: id("T4"),
            number: MeetingNumber::new(20)
        })
    );
}

/// A replaced plan that differs from the old one only in its meetings (a realignment)
/// is recorded as changes to those meetings, so the planner re-checks them alone; a
/// replacement that changes anything else (here a review window, or the title) is
/// recorded as a rebuild.
#[test]
fn a_replacement_of_meetings_alone_is_recorded_meeting_by_meeting() {
    let old = firearms();
    let record = |new: &Plan| {
        let mut plan = old.clone();
        let mut changes = Vec::new();
        Patch(vec![Op::Replace(Box::new(new.clone()))]).apply_noting(&mut plan, &mut changes);
        assert_eq!(&plan, new);
        changes
    };

    let mut moved = old.clone();
    let (a, b) = (moved.meetings.len() - 2, moved.meetings.len() - 1);
    let fixed = moved.meetings[a].fixed.take();
    moved.meetings[a].fixed = std::mem::replace(&mut moved.meetings[b].fixed, fixed);
    assert_ne!(moved, old);
    assert_eq!(
        record(&moved),
        [
            Change::Meeting {
                at: a,
                old: Box::new(old.meetings[a].clone())
            },
            Change::Meeting {
                at: b,
                old: Box::new(old.meetings[b].clone())
            },
        ]
    );

    let mut window = moved.clone();
    window.clusters[0].review.end += 1;
    assert_eq!(record(&window), [Change::Other]);
    let mut title = moved;
    title.title.push_str(" (revised)");
    assert_eq!(record(&title), [Change::Other]);
}

/// A meeting added after the last one is recorded as appended, and the last one removed
/// as a change to its position, so the planner re-checks only that meeting; one inserted
/// among the others moves the rest, and is recorded as a rebuild.
#[test]
fn a_meeting_added_or_removed_at_the_end_is_recorded_at_its_position() {
    let mut plan = firearms();
    let n = plan.meetings.len();
    let mut changes = Vec::new();
    let last = plan.next_meeting().unwrap();
    let undo = prepare(&plan, &Edit::AddMeeting(last.clone()))
        .unwrap()
        .apply_noting(&mut plan, &mut changes);
    assert_eq!(changes, [Change::Appended(n)]);
    changes.clear();
    undo.apply_noting(&mut plan, &mut changes);
    assert_eq!(
        changes,
        [Change::Meeting {
            at: n,
            old: Box::new(last)
        }]
    );
    changes.clear();
    // The first meeting that is not history, with others after it.
    let inner = plan.meetings[..n - 1]
        .iter()
        .find(|m| !m.status.is_history())
        .unwrap()
        .number;
    prepare(&plan, &Edit::RemoveMeeting { number: inner })
        .unwrap()
        .apply_noting(&mut plan, &mut changes);
    assert_eq!(changes, [Change::Other]);
}

/// Undo and redo say which edit they took back or made again, and the changes each
/// step made wait in the history until the planner takes them.
#[test]
fn history_names_each_step_and_keeps_its_changes_until_taken() {
    let mut p = firearms();
    let mut h = History::new();
    let edit = Edit::Postpone {
        from: MeetingNumber::new(12),
    };
    h.apply(&mut p, &edit).unwrap();
    let noted = h.changes().to_vec();
    assert!(!noted.is_empty());
    assert_eq!(h.take_changes(), noted);
    assert!(h.changes().is_empty());
    assert_eq!(h.undo(&mut p), Some(edit.describe()));
    assert!(!h.changes().is_empty());
    assert_eq!(h.redo(&mut p), Some(edit.describe()));
    assert!(edit.describe().contains("12th"), "{}", edit.describe());
    // Saved, then the file replaced by another program: no state is the saved one.
    h.mark_saved();
    assert!(!h.is_dirty());
    h.forget_saved();
    assert!(h.is_dirty());
    h.undo(&mut p);
    assert!(h.is_dirty());
}
