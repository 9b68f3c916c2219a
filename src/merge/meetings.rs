//! Meetings matched across a renumbering. A meeting's number is not its identity:
//! `realign --allow-second-meeting` inserts a meeting after the one it follows and puts
//! the number of every later meeting up by one, so the 15th meeting of BASE is the 16th
//! of that side. Matched by number, the other side's edit of the 15th would land on
//! another meeting. Each side's meetings are matched to BASE's by what stays the same
//! meeting ([`identify`]), the number is merged as one more field, and where each fixed
//! topic is held is compared by meeting, not by number ([`settle_placements`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{FIXED, Fields, Issue, PLACEMENT, Place, list, merge_meeting};
use crate::plan::{Meeting, MeetingNumber, Plan, TopicId, ordinal};

/// Which meeting of BASE a meeting is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum MeetingId {
    /// The meeting BASE gives this number.
    Base(MeetingNumber),
    /// A meeting BASE does not have, by the number its side gives it.
    Added(MeetingNumber),
}

/// The identities of each plan's meetings, in the order of its list: BASE, OURS,
/// THEIRS and the merged plan.
pub(super) struct Ids([Vec<MeetingId>; 4]);

/// The merged meetings and the identities of every plan's meetings.
pub(super) struct MergedMeetings {
    pub merged: Vec<Meeting>,
    pub ids: Ids,
}

/// A side's meetings as BASE's: by number, unless pairing them by year and rank within
/// the year (what a renumbering keeps) explains the side with fewer changed meetings.
/// Either pairing is one to one; a meeting neither pairs is one the side added.
fn identify(base: &[Meeting], side: &[Meeting]) -> Vec<MeetingId> {
    let by_number: HashMap<MeetingNumber, usize> = base
        .iter()
        .enumerate()
        .map(|(i, m)| (m.number, i))
        .collect();
    let numbered: Vec<Option<usize>> = side
        .iter()
        .map(|m| by_number.get(&m.number).copied())
        .collect();
    let by_rank: HashMap<(i32, usize), usize> = rank_keys(base)
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    let ranked: Vec<Option<usize>> = rank_keys(side)
        .iter()
        .map(|k| by_rank.get(k).copied())
        .collect();
    let pairing = if changed(base, side, &ranked) < changed(base, side, &numbered) {
        ranked
    } else {
        numbered
    };
    side.iter()
        .zip(pairing)
        .map(|(m, b)| match b {
            Some(i) => MeetingId::Base(base[i].number),
            None => MeetingId::Added(m.number),
        })
        .collect()
}

/// Each meeting's year and rank within it (by number): 0 for the year's first meeting.
fn rank_keys(meetings: &[Meeting]) -> Vec<(i32, usize)> {
    let mut order: Vec<usize> = (0..meetings.len()).collect();
    order.sort_by_key(|&i| (meetings[i].year, meetings[i].number, i));
    let mut keys = vec![(0, 0); meetings.len()];
    let mut previous: Option<(i32, usize)> = None;
    for i in order {
        let year = meetings[i].year;
        let rank = match previous {
            Some((y, r)) if y == year => r + 1,
            _ => 0,
        };
        keys[i] = (year, rank);
        previous = Some((year, rank));
    }
    keys
}

/// How many meetings a pairing says the side changed, added or removed, the number
/// aside. The fixed topic counts: a realignment moves a few topics and renumbers the
/// meetings after a second meeting, which keep theirs (paired by number they would
/// all differ in year and topic), while meetings postponed by a year each keep their
/// number and topic (paired by year, each would differ in topic).
fn changed(base: &[Meeting], side: &[Meeting], pairing: &[Option<usize>]) -> usize {
    let same = |b: &Meeting, s: &Meeting| {
        let s = Meeting {
            number: b.number,
            ..s.clone()
        };
        s == *b
    };
    let differ = side
        .iter()
        .zip(pairing)
        .filter(|(s, b)| b.is_none_or(|b| !same(&base[b], s)))
        .count();
    differ + base.len() - pairing.iter().flatten().count()
}

/// The number a meeting gets in the merged plan, as [`merge_meeting`] merges it (OURS'
/// where both changed it): for the place a conflict names.
fn merged_number(
    base: Option<MeetingNumber>,
    ours: Option<MeetingNumber>,
    theirs: Option<MeetingNumber>,
) -> Option<MeetingNumber> {
    match (ours, theirs) {
        (Some(o), Some(t)) if base == Some(o) => Some(t),
        (Some(o), _) => Some(o),
        (None, t) => t,
    }
}

/// The meetings merged as the same meetings of BASE, each field on its own (the number
/// too), in OURS' order with THEIRS' additions, then by number when both sides keep
/// them in that order.
pub(super) fn merge_meetings(
    pending: &mut Vec<(Place, Issue)>,
    [base, ours, theirs]: [&Plan; 3],
) -> MergedMeetings {
    let base_ids: Vec<MeetingId> = base
        .meetings
        .iter()
        .map(|m| MeetingId::Base(m.number))
        .collect();
    let ours_ids = identify(&base.meetings, &ours.meetings);
    let theirs_ids = identify(&base.meetings, &theirs.meetings);
    let tagged = |ids: &[MeetingId], meetings: &[Meeting]| -> Vec<(MeetingId, Meeting)> {
        ids.iter().copied().zip(meetings.iter().cloned()).collect()
    };
    let [b, o, t] = [
        tagged(&base_ids, &base.meetings),
        tagged(&ours_ids, &ours.meetings),
        tagged(&theirs_ids, &theirs.meetings),
    ];
    let number_in = |items: &[(MeetingId, Meeting)]| -> HashMap<MeetingId, MeetingNumber> {
        items.iter().map(|(id, m)| (*id, m.number)).collect()
    };
    let (nb, no, nt) = (number_in(&b), number_in(&o), number_in(&t));
    let place_of = |id: MeetingId| {
        let n = merged_number(
            nb.get(&id).copied(),
            no.get(&id).copied(),
            nt.get(&id).copied(),
        );
        Place::Meeting(n.unwrap_or(match id {
            MeetingId::Base(n) | MeetingId::Added(n) => n,
        }))
    };
    let mut out = list(
        pending,
        [&b, &o, &t],
        |(id, _)| *id,
        place_of,
        |f| {
            let id = f.ours.0;
            let meeting = merge_meeting(&mut Fields {
                pending: &mut *f.pending,
                place: f.place,
                base: f.base.map(|b| &b.1),
                ours: &f.ours.1,
                theirs: &f.theirs.1,
            });
            (id, meeting)
        },
    );
    let sorted = |ms: &[Meeting]| ms.windows(2).all(|w| w[0].number <= w[1].number);
    if sorted(&ours.meetings) && sorted(&theirs.meetings) {
        out.sort_by_key(|(_, m)| m.number);
    }
    let (out_ids, merged): (Vec<MeetingId>, Vec<Meeting>) = out.into_iter().unzip();
    MergedMeetings {
        merged,
        ids: Ids([base_ids, ours_ids, theirs_ids, out_ids]),
    }
}

/// The meetings (by identity) holding each fixed topic.
fn placements(plan: &Plan, ids: &[MeetingId]) -> BTreeMap<TopicId, Vec<MeetingId>> {
    let mut at: BTreeMap<TopicId, Vec<MeetingId>> = BTreeMap::new();
    for (m, id) in plan.meetings.iter().zip(ids) {
        if let Some(t) = &m.fixed {
            at.entry(t.clone()).or_default().push(*id);
        }
    }
    for v in at.values_mut() {
        v.sort_unstable();
    }
    at
}

type Placements = BTreeMap<TopicId, Vec<MeetingId>>;

fn held(at: &Placements, t: &TopicId) -> Vec<MeetingId> {
    at.get(t).cloned().unwrap_or_default()
}

/// Meeting by meeting, the fixed topics merged cleanly; topic by topic they may not
/// have: one side moved T4 to the 14th meeting, the other to the 15th, and T4 would be
/// on both. Where a topic's meetings are not what merging its placement three ways
/// gives, the meetings it touches take OURS' agenda item 3 (and so on, for the topics
/// those held), and a conflict names each topic whose move by THEIRS was not applied.
/// Meetings are compared by identity, so a renumbering is no move.
pub(super) fn settle_placements(
    plans: [&Plan; 3],
    ids: &Ids,
    out: &mut Plan,
    pending: &mut Vec<(Place, Issue)>,
) {
    let [base, ours, theirs] = plans;
    let Ids([base_ids, ours_ids, theirs_ids, out_ids]) = ids;
    let at = [
        placements(base, base_ids),
        placements(ours, ours_ids),
        placements(theirs, theirs_ids),
    ];
    let mut involved = disputed(&at, &placements(out, out_ids));
    if involved.is_empty() {
        return;
    }
    restore_ours(ours, ours_ids, out, out_ids, &mut involved);
    let at_out = placements(out, out_ids);
    let mut involved: Vec<TopicId> = involved.into_iter().collect();
    involved.sort();
    let explained = explained(pending);
    for t in involved {
        let [b, o, th] = [&at[0], &at[1], &at[2]].map(|a| held(a, &t));
        let lost = th != b && held(&at_out, &t) != th;
        if !lost || explained.contains(&t) {
            continue;
        }
        pending.push((
            Place::FixedTopic(t.clone()),
            Issue::Field {
                field: PLACEMENT,
                base: words(base, base_ids, &b),
                ours: words(ours, ours_ids, &o),
                theirs: words(theirs, theirs_ids, &th),
            },
        ));
    }
}

/// The topics whose meetings in the merged plan are not what merging their placement
/// three ways gives, or that both sides moved, differently.
fn disputed(at: &[Placements; 3], at_out: &Placements) -> HashSet<TopicId> {
    let topics: BTreeSet<&TopicId> = at.iter().flat_map(BTreeMap::keys).collect();
    topics
        .into_iter()
        .filter(|t| {
            let [b, o, th] = [&at[0], &at[1], &at[2]].map(|a| held(a, t));
            let expected = if b == o { &th } else { &o };
            let both_moved_it = b != o && b != th && o != th;
            held(at_out, t) != *expected || both_moved_it
        })
        .cloned()
        .collect()
}

/// Gives OURS' agenda item 3 back to every meeting touching an `involved` topic, and
/// adds the topics those meetings held, until nothing changes. A meeting only THEIRS
/// has keeps no topic that is in dispute.
fn restore_ours(
    ours: &Plan,
    ours_ids: &[MeetingId],
    out: &mut Plan,
    out_ids: &[MeetingId],
    involved: &mut HashSet<TopicId>,
) {
    let ours_fixed: HashMap<MeetingId, &Option<TopicId>> = ours_ids
        .iter()
        .copied()
        .zip(ours.meetings.iter().map(|m| &m.fixed))
        .collect();
    loop {
        let mut changed = false;
        for (m, id) in out.meetings.iter_mut().zip(out_ids) {
            let Some(ours_value) = ours_fixed.get(id) else {
                if m.fixed.as_ref().is_some_and(|t| involved.contains(t)) {
                    m.fixed = None;
                    changed = true;
                }
                continue;
            };
            if m.fixed != **ours_value
                && [&m.fixed, *ours_value]
                    .into_iter()
                    .flatten()
                    .any(|t| involved.contains(t))
            {
                for t in [&m.fixed, *ours_value].into_iter().flatten() {
                    involved.insert(t.clone());
                }
                m.fixed = (*ours_value).clone();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Topics already named by a conflict on a meeting's agenda item 3: they need no second
/// one.
fn explained(pending: &[(Place, Issue)]) -> HashSet<TopicId> {
    pending
        .iter()
        .filter_map(|(_, issue)| match issue {
            Issue::Field {
                field,
                ours,
                theirs,
                ..
            } if *field == FIXED => Some([ours.clone(), theirs.clone()]),
            _ => None,
        })
        .flatten()
        .map(TopicId)
        .collect()
}

/// "the 15th meeting (2028) and the 17th meeting (2030)", in `plan`'s numbering.
fn words(plan: &Plan, ids: &[MeetingId], at: &[MeetingId]) -> String {
    if at.is_empty() {
        return "no meeting".to_owned();
    }
    let parts: Vec<String> = at
        .iter()
        .filter_map(|id| ids.iter().position(|i| i == id))
        .map(|i| {
            let m = &plan.meetings[i];
            format!("the {} meeting ({})", ordinal(m.number), m.year)
        })
        .collect();
    parts.join(" and ")
}
