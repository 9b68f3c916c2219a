//! One function per rule. Rules about clusters and topics look at the whole plan;
//! rules about meetings are written for one meeting, with what they need of the others
//! (the first meeting of a year, the meeting before in number order...) from the
//! [`PlanIndex`], so a change to one meeting re-checks only the meetings it can affect
//! (`super::Checked`), and a full check is the same rules for every meeting.

use smallvec::SmallVec;

use super::finding::{Anchor, Code, Finding, MeetingField};
use crate::plan::annex::note_refs;
use crate::plan::index::{Map, Set, map_with_capacity, set_with_capacity};
use crate::plan::{
    Alignment, Article, Cluster, Meeting, Plan, PlanIndex, Status, Timing, TopicId, aligned_years,
    articles_brief, listed, ordinal, short_list,
};

type PlanRule = fn(&Plan, &PlanIndex, &mut Vec<Finding>);
type MeetingRule = fn(&Plan, &PlanIndex, usize, &Meeting, &mut Vec<Finding>);

/// Rules about clusters and topics. `fixed_topic_unscheduled` is among them in the
/// order of [`ALL`]: findings at one topic keep the order of the rules.
pub(crate) const PLAN_WIDE: &[PlanRule] = &[
    duplicate_ids,
    invalid_windows,
    fixed_topic_unscheduled,
    articles_not_reviewed,
    footnotes,
];

/// Rules about one meeting, in the order their findings are listed at a meeting.
pub(crate) const MEETING: &[MeetingRule] = &[
    duplicate_meetings,
    unknown_topics,
    meeting_order,
    invalid_dates,
    fixed_topic_repeated,
    misaligned,
    cross_cutting_not_last,
    flexible_repeated,
    empty_meetings,
    two_meetings_in_year,
    flexible_overlaps_fixed,
];

fn meeting_label(m: &Meeting) -> String {
    format!("the {} meeting ({})", ordinal(m.number), m.year)
}

fn plural_years(n: i64) -> String {
    if n == 1 {
        "1 year".into()
    } else {
        format!("{n} years")
    }
}

/// Meetings that take place or are still to: cancelled ones no longer carry an agenda.
fn active(m: &Meeting) -> bool {
    m.status != Status::Cancelled
}

/// The first of `group` (active meetings sharing a year or a topic), when it is not
/// meeting `i`: the meeting `i` repeats.
fn repeats<'p>(plan: &'p Plan, group: &[usize], i: usize) -> Option<&'p Meeting> {
    match group.first() {
        Some(&first) if first != i => plan.meetings.get(first),
        _ => None,
    }
}

/// Topic `id` of meeting `m` (at `i`) is on `prev` already: "fixed topic T1 is on the
/// 10th meeting (2024) and again on …", with what to do. `code` is
/// `fixed-topic-repeated` or `flexible-repeated`.
fn repeated(code: Code, id: &TopicId, prev: &Meeting, m: &Meeting, i: usize) -> Finding {
    let (what, field, advice) = if code == Code::FixedTopicRepeated {
        (
            "fixed topic",
            MeetingField::Fixed,
            "a fixed topic is discussed once, so remove one",
        )
    } else {
        (
            "flexible topic",
            MeetingField::Flexible,
            "choose another topic, or mark it `recurring: true` if the group revisits it",
        )
    };
    let (before, now) = (meeting_label(prev), meeting_label(m));
    Finding::new(
        code,
        format!("{what} {id} is on {before} and again on {now}; {advice}"),
    )
    .meeting(m.number)
    .topic(id)
    .at(Anchor::Meeting(i, field))
}

fn duplicate_ids(plan: &Plan, _: &PlanIndex, out: &mut Vec<Finding>) {
    let mut seen: Map<&str, &str> =
        map_with_capacity(plan.fixed_topics.len() + plan.flexible_topics.len());
    let topics = plan
        .fixed_topics
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.id, "fixed topic", Anchor::FixedTopic(i)))
        .chain(
            plan.flexible_topics
                .iter()
                .enumerate()
                .map(|(i, t)| (&t.id, "flexible topic", Anchor::FlexibleTopic(i))),
        );
    for (id, kind, anchor) in topics {
        if let Some(first) = seen.insert(id.as_str(), kind) {
            out.push(
                Finding::new(
                    Code::DuplicateId,
                    format!("the {kind} id {id} is already used by a {first}; give each topic its own id"),
                )
                .topic(id)
                .at(anchor),
            );
        }
    }
    let mut clusters = set_with_capacity(plan.clusters.len());
    for (i, c) in plan.clusters.iter().enumerate() {
        if !clusters.insert(c.id.as_str()) {
            out.push(
                Finding::new(
                    Code::DuplicateId,
                    format!(
                        "the cluster id {} is used twice; give each cluster its own id",
                        c.id
                    ),
                )
                .cluster(&c.id)
                .at(Anchor::Cluster(i)),
            );
        }
    }
}

fn invalid_windows(plan: &Plan, _: &PlanIndex, out: &mut Vec<Finding>) {
    for (i, c) in plan.clusters.iter().enumerate() {
        if c.review.end < c.review.start {
            out.push(
                Finding::new(
                    Code::InvalidWindow,
                    format!(
                        "cluster {} ends its review in {} before it starts in {}; swap start and end",
                        c.id, c.review.end, c.review.start
                    ),
                )
                .cluster(&c.id)
                .at(Anchor::Cluster(i)),
            );
        }
    }
}

fn fixed_topic_unscheduled(plan: &Plan, index: &PlanIndex, out: &mut Vec<Finding>) {
    for i in 0..plan.fixed_topics.len() {
        fixed_topic_unscheduled_at(plan, index, i, out);
    }
}

/// `fixed-topic-unscheduled` for the fixed topic at position `i`.
pub(crate) fn fixed_topic_unscheduled_at(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    out: &mut Vec<Finding>,
) {
    let Some(t) = plan.fixed_topics.get(i) else {
        return;
    };
    if index.fixed_on(&t.id).is_empty() {
        out.push(
            Finding::new(
                Code::FixedTopicUnscheduled,
                format!(
                    "fixed topic {} ({}) is on no meeting; give it a meeting",
                    t.id, t.title
                ),
            )
            .topic(&t.id)
            .at(Anchor::FixedTopic(i)),
        );
    }
}

fn duplicate_meetings(_: &Plan, index: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    if index.meeting_position(m.number) != Some(i) {
        out.push(
            Finding::new(
                Code::DuplicateMeeting,
                format!(
                    "there are two {} meetings; renumber or remove one",
                    ordinal(m.number)
                ),
            )
            .meeting(m.number)
            .at(Anchor::Meeting(i, MeetingField::Meeting)),
        );
    }
}

fn unknown_topics(_: &Plan, index: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    if let Some(id) = &m.fixed
        && !index.is_fixed(id)
    {
        let hint = if index.is_flexible(id) {
            "is a flexible topic, but `fixed:` takes a fixed topic (agenda item 3); use `flexible:`"
                .to_string()
        } else {
            "is not a fixed topic of this plan; add it under fixed_topics or correct the id"
                .to_string()
        };
        out.push(
            Finding::new(
                Code::UnknownTopic,
                format!("{} names fixed topic {id}, which {hint}", meeting_label(m)),
            )
            .meeting(m.number)
            .topic(id)
            .at(Anchor::Meeting(i, MeetingField::Fixed)),
        );
    }
    if let Some(id) = &m.flexible
        && !index.is_flexible(id)
    {
        let hint = if index.is_fixed(id) {
            "is a fixed topic, but `flexible:` takes a flexible topic (agenda item 2); use `fixed:`"
                .to_string()
        } else {
            "is not a flexible topic of this plan; add it under flexible_topics or correct the id"
                .to_string()
        };
        out.push(
            Finding::new(
                Code::UnknownTopic,
                format!(
                    "{} names flexible topic {id}, which {hint}",
                    meeting_label(m)
                ),
            )
            .meeting(m.number)
            .topic(id)
            .at(Anchor::Meeting(i, MeetingField::Flexible)),
        );
    }
}

/// In number order (file order among equal numbers), the first meeting of a number
/// against the last meeting of the number before.
fn meeting_order(plan: &Plan, index: &PlanIndex, i: usize, b: &Meeting, out: &mut Vec<Finding>) {
    if index.meeting_position(b.number) != Some(i) {
        return;
    }
    let Some(a) = index
        .number_before(b.number)
        .and_then(|n| index.numbered(n).last())
        .and_then(|&p| plan.meetings.get(p))
    else {
        return;
    };
    if b.year < a.year {
        out.push(
            Finding::new(
                Code::MeetingOrder,
                format!(
                    "{} comes before {} although its number is higher; correct the year or the number",
                    meeting_label(b),
                    meeting_label(a)
                ),
            )
            .meeting(b.number)
            .at(Anchor::Meeting(i, MeetingField::Year)),
        );
    } else if let (Some(prev), Some(next)) = (a.end.or(a.start), b.start)
        && next <= prev
    {
        out.push(
            Finding::new(
                Code::MeetingOrder,
                format!(
                    "the {} meeting starts on {next}, before the {} meeting ends on {prev}; correct the dates",
                    ordinal(b.number),
                    ordinal(a.number)
                ),
            )
            .meeting(b.number)
            .at(Anchor::Meeting(i, MeetingField::Start)),
        );
    }
}

fn invalid_dates(_: &Plan, _: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    let mut push = |field, message: String| {
        out.push(
            Finding::new(Code::InvalidDates, message)
                .meeting(m.number)
                .at(Anchor::Meeting(i, field)),
        )
    };
    use chrono::Datelike;
    match (m.start, m.end) {
        (Some(s), Some(e)) if e < s => push(
            MeetingField::End,
            format!(
                "the {} meeting ends on {e}, before it starts on {s}; correct the dates",
                ordinal(m.number)
            ),
        ),
        (None, Some(e)) => push(
            MeetingField::End,
            format!(
                "the {} meeting has an end date ({e}) but no start date; add `start:`",
                ordinal(m.number)
            ),
        ),
        _ => {}
    }
    for (date, field, key) in [
        (m.start, MeetingField::Start, "start"),
        (m.end, MeetingField::End, "end"),
    ] {
        if let Some(d) = date
            && d.year() != m.year
        {
            push(
                field,
                format!(
                    "the {} meeting is in {} but its {key} date is {d}; correct the date or the year",
                    ordinal(m.number),
                    m.year
                ),
            );
        }
    }
}

fn fixed_topic_repeated(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    m: &Meeting,
    out: &mut Vec<Finding>,
) {
    if !active(m) {
        return;
    }
    let Some(id) = &m.fixed else { return };
    if let Some(prev) = repeats(plan, index.fixed_on(id), i) {
        out.push(repeated(Code::FixedTopicRepeated, id, prev, m, i));
    }
}

/// A topic aligned with every cluster, or one `misaligned-*` finding per cluster whose
/// review the meeting's year misses. Past [`LISTED`] + 1 such clusters of one code, the
/// first [`LISTED`] have a finding each and one more finding names the rest: a finding
/// per cluster made a plan of many clusters on one article report their product (150
/// clusters and meetings: 22,000 findings; a 168 KB plan: a million).
///
/// [`LISTED`]: crate::plan::LISTED
fn misaligned(plan: &Plan, index: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    if m.status.is_history() {
        return;
    }
    let Some(id) = &m.fixed else { return };
    let Some(topic) = index.fixed_topic(plan, id) else {
        return;
    };
    let alignment = &plan.alignment;
    let all: SmallVec<[(usize, &Cluster); 2]> = index
        .clusters_for(&topic.articles)
        .into_iter()
        .filter_map(|ci| plan.clusters.get(ci).map(|c| (ci, c)))
        .collect();
    // Most meetings are aligned: settle that before building any text. The advice must
    // satisfy every cluster of the topic, not only the one a finding is about: the
    // years all of them allow, or a plain "none".
    let Some((lo, hi)) = aligned_years(alignment, all.iter().map(|&(_, c)| c)) else {
        return;
    };
    if (lo..=hi).contains(&m.year) {
        return;
    }
    let ctx = Misaligned {
        m,
        id,
        alignment,
        advice: advice(alignment, &all, lo, hi),
    };
    let at = |f: Finding| {
        f.meeting(m.number)
            .topic(id)
            .at(Anchor::Meeting(i, MeetingField::Fixed))
    };
    let missed = |t: Timing| {
        all.iter()
            .filter(move |(_, c)| c.timing(alignment, m.year) == t)
    };
    let shown = [Timing::Early, Timing::Late].map(|t| listed(missed(t).count()));
    let mut each = [0, 0];
    let mut rest: [Vec<&Cluster>; 2] = Default::default();
    for &(ci, c) in &all {
        let timing = c.timing(alignment, m.year);
        let k = match timing {
            Timing::Early => 0,
            Timing::Late => 1,
            Timing::Inside | Timing::Grace => continue,
        };
        if each[k] == shown[k] {
            rest[k].push(c);
            continue;
        }
        each[k] += 1;
        // Through the index, not `c.articles.contains`: a cluster may review thousands
        // of articles, and this runs for every meeting.
        let reviewed: Vec<Article> = topic
            .articles
            .iter()
            .copied()
            .filter(|&a| index.reviews(ci, a))
            .collect();
        let what = articles_brief(&reviewed);
        out.push(at(ctx.one(timing, c, &what)).cluster(&c.id));
    }
    for (timing, rest) in [Timing::Early, Timing::Late].into_iter().zip(rest) {
        if !rest.is_empty() {
            out.push(at(ctx.rest(timing, &rest)));
        }
    }
}

/// What to do about a misaligned meeting: the years every cluster of the topic allows,
/// or, when none does, a few of their windows.
fn advice(alignment: &Alignment, all: &[(usize, &Cluster)], lo: i32, hi: i32) -> String {
    if lo <= hi {
        return format!("move it to a meeting from {lo} to {hi}");
    }
    // A few windows, not all: the advice is in every finding of the meeting.
    let spans = short_list(all.iter().map(|(_, c)| {
        format!(
            "{}: {}-{}",
            c.id,
            c.review.start,
            c.last_aligned_year(alignment)
        )
    }));
    format!(
        "no year is aligned with every cluster that reviews its articles ({spans}); split the topic or amend the windows"
    )
}

/// A meeting whose fixed topic is misaligned, and the advice every finding about it ends
/// with.
struct Misaligned<'a> {
    m: &'a Meeting,
    id: &'a TopicId,
    alignment: &'a Alignment,
    advice: String,
}

impl Misaligned<'_> {
    /// The finding about cluster `c`, which reviews `what` of the topic's articles.
    fn one(&self, timing: Timing, c: &Cluster, what: &str) -> Finding {
        let (id, advice) = (self.id, &self.advice);
        let meeting = meeting_label(self.m);
        let (start, end) = (c.review.start, c.review.end);
        if timing == Timing::Early {
            return Finding::new(
                Code::MisalignedEarly,
                format!(
                    "{id} is on {meeting} but cluster {} opens its review of {what} only in {start}: no review findings yet; {advice}",
                    c.id
                ),
            );
        }
        Finding::new(
            Code::MisalignedLate,
            format!(
                "{id} is on {meeting} but cluster {} closes its review of {what} in {end}; {} past the window ({} allowed) loses the synchronization: {advice}",
                c.id,
                plural_years(i64::from(self.m.year) - i64::from(end)),
                plural_years(i64::from(self.alignment.grace_years))
            ),
        )
    }

    /// One finding for the clusters past the first [`crate::plan::LISTED`] of one code.
    fn rest(&self, timing: Timing, rest: &[&Cluster]) -> Finding {
        let (id, advice) = (self.id, &self.advice);
        let meeting = meeting_label(self.m);
        let (n, ids) = (rest.len(), short_list(rest.iter().map(|c| &c.id)));
        if timing == Timing::Early {
            return Finding::new(
                Code::MisalignedEarly,
                format!(
                    "{id} is on {meeting} but {n} more clusters ({ids}) open their review of its articles only later: no review findings yet; {advice}"
                ),
            );
        }
        Finding::new(
            Code::MisalignedLate,
            format!(
                "{id} is on {meeting} but {n} more clusters ({ids}) close their review of its articles more than {} before: {advice}",
                plural_years(i64::from(self.alignment.grace_years))
            ),
        )
    }
}

fn cross_cutting_not_last(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    m: &Meeting,
    out: &mut Vec<Finding>,
) {
    if !active(m) {
        return;
    }
    let Some(topic) = m.fixed.as_ref().and_then(|id| index.fixed_topic(plan, id)) else {
        return;
    };
    if !plan.is_cross_cutting_topic(topic) {
        return;
    }
    let Some(last) = index.last_other().and_then(|p| plan.meetings.get(p)) else {
        return;
    };
    if (m.year, m.number) < (last.year, last.number) {
        // Both have a fixed topic (the index lists only those); no `expect` even so.
        let (Some(id), Some(other)) = (m.fixed.as_ref(), last.fixed.as_ref()) else {
            return;
        };
        out.push(
            Finding::new(
                Code::CrossCuttingNotLast,
                format!(
                    "{id} is made only of cross-cutting articles, reviewed in every cluster, but {} comes before {other} on {}; move it after every other fixed topic",
                    meeting_label(m),
                    meeting_label(last)
                ),
            )
            .meeting(m.number)
            .topic(id)
            .at(Anchor::Meeting(i, MeetingField::Fixed)),
        );
    }
}

fn flexible_repeated(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    m: &Meeting,
    out: &mut Vec<Finding>,
) {
    if !active(m) {
        return;
    }
    let Some(id) = &m.flexible else { return };
    let Some(topic) = index.flexible_topic(plan, id) else {
        return;
    };
    if topic.recurring {
        return;
    }
    if let Some(prev) = repeats(plan, index.flexible_on(id), i) {
        out.push(repeated(Code::FlexibleRepeated, id, prev, m, i));
    }
}

fn empty_meetings(_: &Plan, _: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    if matches!(m.status, Status::Planned | Status::Postponed) && m.fixed.is_none() {
        out.push(
            Finding::new(
                Code::EmptyMeeting,
                format!(
                    "{} is {} but has no fixed topic (agenda item 3); give it one or remove the meeting",
                    meeting_label(m),
                    m.status
                ),
            )
            .meeting(m.number)
            .at(Anchor::Meeting(i, MeetingField::Meeting)),
        );
    }
}

fn two_meetings_in_year(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    m: &Meeting,
    out: &mut Vec<Finding>,
) {
    if !active(m) {
        return;
    }
    if let Some(prev) = repeats(plan, index.active_in_year(m.year), i) {
        out.push(
            Finding::new(
                Code::TwoMeetingsInYear,
                format!(
                    "the {} and {} meetings are both in {}; the group meets once a year, so move one or mark it cancelled",
                    ordinal(prev.number),
                    ordinal(m.number),
                    m.year
                ),
            )
            .meeting(m.number)
            .at(Anchor::Meeting(i, MeetingField::Year)),
        );
    }
}

fn flexible_overlaps_fixed(
    plan: &Plan,
    index: &PlanIndex,
    i: usize,
    m: &Meeting,
    out: &mut Vec<Finding>,
) {
    if !active(m) {
        return;
    }
    let (Some(fid), Some(xid)) = (&m.fixed, &m.flexible) else {
        return;
    };
    let (Some(fixed), Some(flexible)) = (
        index.fixed_topic(plan, fid),
        index.flexible_topic(plan, xid),
    ) else {
        return;
    };
    if flexible.related_articles.is_empty() {
        return;
    }
    // A set, not `contains` on the list: two topics of thousands of articles each, on
    // every meeting, made this product the cost of the check.
    let covered: Set<Article> = fixed.articles.iter().copied().collect();
    let shared: Vec<Article> = flexible
        .related_articles
        .iter()
        .copied()
        .filter(|a| covered.contains(a))
        .collect();
    if !shared.is_empty() {
        out.push(
            Finding::new(
                Code::FlexibleOverlapsFixed,
                format!(
                    "on {} the flexible topic {xid} and the fixed topic {fid} both concern {}; they can be discussed together",
                    meeting_label(m),
                    articles_brief(&shared)
                ),
            )
            .meeting(m.number)
            .topic(xid)
            .at(Anchor::Meeting(i, MeetingField::Flexible)),
        );
    }
}

fn articles_not_reviewed(plan: &Plan, index: &PlanIndex, out: &mut Vec<Finding>) {
    let unreviewed = |a: &Article| !plan.is_cross_cutting(*a) && index.reviewers(*a).is_empty();
    let fixed = plan
        .fixed_topics
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.id, &t.articles, Anchor::FixedTopic(i)));
    let flexible = plan
        .flexible_topics
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.id, &t.related_articles, Anchor::FlexibleTopic(i)));
    for (id, articles, anchor) in fixed.chain(flexible) {
        let missing: Vec<Article> = articles.iter().copied().filter(unreviewed).collect();
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    Code::ArticleNotReviewed,
                    format!(
                        "{id} covers {}, which no cluster reviews and which is not cross-cutting; its timing cannot be aligned",
                        articles_brief(&missing)
                    ),
                )
                .topic(id)
                .at(anchor),
            );
        }
    }
}

/// `unknown-footnote` for each fixed topic's references to footnotes the plan does not
/// have (each id once per topic), and `unused-footnote` for each footnote no fixed
/// topic refers to: a document would print the first as a bare mark, or lose the
/// second.
fn footnotes(plan: &Plan, _: &PlanIndex, out: &mut Vec<Finding>) {
    let mut referred: Set<&str> = set_with_capacity(plan.footnotes.len());
    for (i, t) in plan.fixed_topics.iter().enumerate() {
        let mut missing: Vec<&str> = Vec::new();
        let mut seen: Set<&str> = set_with_capacity(0);
        for id in t.annex_texts().flat_map(note_refs) {
            if plan.footnotes.contains_key(id) {
                referred.insert(id);
            } else if seen.insert(id) {
                missing.push(id);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let ids = short_list(missing.iter().map(|id| format!("[^{id}]")));
        out.push(
            Finding::new(
                Code::UnknownFootnote,
                format!(
                    "fixed topic {} refers to {ids}, but `footnotes` has no such footnote; add it or remove the reference",
                    t.id
                ),
            )
            .topic(&t.id)
            .at(Anchor::FixedTopic(i)),
        );
    }
    for (i, id) in plan.footnotes.keys().enumerate() {
        if !referred.contains(id.as_str()) {
            out.push(
                Finding::new(
                    Code::UnusedFootnote,
                    format!(
                        "footnote {id} is referred to by no fixed topic; write [^{id}] where it belongs or remove it"
                    ),
                )
                .at(Anchor::Footnote(i)),
            );
        }
    }
}
