//! What the planner says after an edit, and why a meeting suits a fixed topic or not:
//! pure functions of the plan and its findings, so the words are tested without a
//! terminal. They state the result ("T6 moved to the 14th meeting (2029): now
//! aligned"), not the command.

use std::collections::BTreeSet;

use crate::edit::{Conflict, Edit, MeetingChange};
use crate::plan::index::{Change, touched};
use crate::plan::{
    Cluster, ClusterId, FixedTopic, MeetingNumber, Plan, PlanIndex, Status, Timing, TopicId,
    ordinal, short_list,
};
use crate::textfmt::capitalized;

/// What `edit` did, as a result rather than a command ("F1 assigned to the 12th
/// meeting", not "assign F1 to the 12th meeting"), for the message after it; `None` for
/// a whole plan replaced, whose caller says what it was. Every kind is named, so that a
/// new one must be worded here.
pub fn result_of(edit: &Edit) -> Option<String> {
    let th = |n: &MeetingNumber| ordinal(*n);
    Some(match edit {
        Edit::MoveFixed {
            topic,
            to,
            conflict,
        } => match conflict {
            Conflict::Swap => format!("{topic} moved to the {} meeting (swapped)", th(to)),
            Conflict::Shift => format!(
                "{topic} moved to the {} meeting, later topics shifted",
                th(to)
            ),
        },
        Edit::Postpone { from } => {
            format!("Fixed topics from the {} meeting on postponed", th(from))
        }
        Edit::AssignFlexible {
            meeting,
            topic: Some(t),
        } => format!("{t} assigned to the {} meeting", th(meeting)),
        Edit::AssignFlexible {
            meeting,
            topic: None,
        } => format!("Flexible topic of the {} meeting cleared", th(meeting)),
        Edit::AddFlexible(t) => format!("Flexible topic {} added", t.id),
        Edit::EditMeeting { number, change } => meeting_change(*number, change),
        Edit::AddMeeting(m) => format!("The {} meeting ({}) added", th(&m.number), m.year),
        Edit::RemoveMeeting { number } => format!("The {} meeting removed", th(number)),
        Edit::ShiftWindow { cluster, .. } => format!("Review window of {cluster} moved"),
        Edit::Replace(_) => return None,
    })
}

fn meeting_change(number: MeetingNumber, change: &MeetingChange) -> String {
    let of = format!("of the {} meeting", ordinal(number));
    let set = |what: &str, value: &Option<String>| match value {
        Some(v) => format!("{what} {of} set to {v}"),
        None => format!("{what} {of} cleared"),
    };
    match change {
        MeetingChange::Dates {
            start: Some(start),
            end,
        } => match end {
            Some(end) if end != start => format!("Dates {of} set to {start} to {end}"),
            _ => format!("Dates {of} set to {start}"),
        },
        MeetingChange::Dates { start: None, .. } => format!("Dates {of} cleared"),
        MeetingChange::Venue(v) => set("Venue", v),
        MeetingChange::Status(s) => format!("The {} meeting marked {s}", ordinal(number)),
        // A note may be paragraphs long: the details pane shows it.
        MeetingChange::Note(Some(_)) => format!("Note {of} set"),
        MeetingChange::Note(None) => format!("Note {of} cleared"),
    }
}

/// The clusters whose review bears on `topic`: those reviewing one of its articles, a
/// cross-cutting article (reviewed in every cluster) aside, as the alignment rule of
/// `check` counts them, answered by the plan's index.
pub fn clusters_of<'p>(
    plan: &'p Plan,
    index: &PlanIndex,
    topic: &FixedTopic,
) -> impl Iterator<Item = &'p Cluster> {
    index
        .clusters_for(&topic.articles)
        .into_iter()
        .filter_map(|ci| plan.clusters.get(ci))
}

/// Why `topic` held in `year` would be misaligned ("before C2's window 2028–2031",
/// "after C4's grace year 2027"), or `None` when every cluster reviewing its articles
/// allows that year.
pub fn misalignment(
    plan: &Plan,
    index: &PlanIndex,
    topic: &FixedTopic,
    year: i32,
) -> Option<String> {
    let grace = plan.alignment.grace();
    let reasons: Vec<String> = clusters_of(plan, index, topic)
        .filter_map(|c| {
            let (start, end) = (c.review.start, c.review.end);
            let last = c.last_aligned_year(&plan.alignment);
            match c.timing(&plan.alignment, year) {
                Timing::Early => Some(format!("before {}'s window {start}–{end}", c.id)),
                Timing::Late => Some(match grace {
                    0 => format!("after {}'s window {start}–{end}", c.id),
                    1 => format!("after {}'s grace year {last}", c.id),
                    _ => format!(
                        "after {}'s grace years {}–{last}",
                        c.id,
                        end.saturating_add(1)
                    ),
                }),
                Timing::Inside | Timing::Grace => None,
            }
        })
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// What putting `topic` on meeting `number` would give, for the list of target
/// meetings while moving: "✓ aligned", "✗ before C2's window 2028–2031", or why the
/// meeting cannot take it.
pub fn move_verdict(
    plan: &Plan,
    index: &PlanIndex,
    topic: &FixedTopic,
    number: MeetingNumber,
) -> String {
    let Some(m) = plan.meeting(number) else {
        return String::new();
    };
    if m.status.is_history() || m.status == Status::Cancelled {
        return format!("— {}", m.status);
    }
    match misalignment(plan, index, topic, m.year) {
        None => "✓ aligned".to_string(),
        Some(why) => format!("✗ {why}"),
    }
}

/// What a result message needs of the plan before an edit: its review windows, when
/// the edit can move them. Which topics changed alignment comes from the check's own
/// record of the findings it replaced (`Checked::misaligned_delta`), and where topics
/// went from the history's changes ([`moved`]): an edit of a 100,000-meeting plan
/// copies no meeting and reads no finding it did not re-check.
#[derive(Debug)]
pub struct Before {
    windows: Vec<(ClusterId, i32, i32)>,
}

impl Before {
    /// Before `edit` is applied to `plan`. The windows are kept only for an edit that
    /// can change clusters: a plan of 100,000 meetings has some 9,000, and copying
    /// their ids on every edit was a sixth of a shift's key-to-frame (perf).
    pub fn of(plan: &Plan, edit: &Edit) -> Self {
        if !may_change_clusters(edit) {
            return Self {
                windows: Vec::new(),
            };
        }
        Self {
            windows: plan
                .clusters
                .iter()
                .map(|c| (c.id.clone(), c.review.start, c.review.end))
                .collect(),
        }
    }
}

/// Whether `edit` can change the plan's clusters. Every kind is named, so that a new
/// one must be placed here.
fn may_change_clusters(edit: &Edit) -> bool {
    match edit {
        Edit::ShiftWindow { .. } | Edit::Replace(_) => true,
        Edit::MoveFixed { .. }
        | Edit::Postpone { .. }
        | Edit::AssignFlexible { .. }
        | Edit::AddFlexible(_)
        | Edit::EditMeeting { .. }
        | Edit::AddMeeting(_)
        | Edit::RemoveMeeting { .. } => false,
    }
}

/// The topics misaligned among the findings an update took away, and among those it
/// put in (`Checked::misaligned_delta`).
pub type Delta<'a> = (&'a [TopicId], &'a [TopicId]);

/// A fixed topic that an edit put on another meeting: where it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    pub topic: TopicId,
    pub number: MeetingNumber,
    pub year: i32,
}

/// The fixed topics that `changes` (the history's record of one edit, undo or redo)
/// put on another meeting, in meeting order; `None` when the changes were not to single
/// meetings (a whole plan replaced, topics or clusters changed), where no list is kept.
pub fn moved(plan: &Plan, changes: &[Change]) -> Option<Vec<Moved>> {
    let mut out: Vec<Moved> = touched(changes)?
        .into_iter()
        .filter_map(|(at, old)| {
            let m = plan.meetings.get(at)?;
            let topic = m.fixed.as_ref().filter(|_| m.status != Status::Cancelled)?;
            let same = old.is_some_and(|o| {
                o.fixed.as_ref() == Some(topic)
                    && o.number == m.number
                    && o.status != Status::Cancelled
            });
            (!same).then(|| Moved {
                topic: topic.clone(),
                number: m.number,
                year: m.year,
            })
        })
        .collect();
    out.sort_by_key(|m| m.number);
    Some(out)
}

/// Topics that became misaligned, and those that are aligned again, in words:
/// "T6 becomes misaligned; T3 now aligned".
fn alignment_changes((was, is): Delta) -> Vec<String> {
    let (was, is): (BTreeSet<&TopicId>, BTreeSet<&TopicId>) =
        (was.iter().collect(), is.iter().collect());
    let worse: Vec<&str> = is.difference(&was).map(|t| t.as_str()).collect();
    let better: Vec<&str> = was.difference(&is).map(|t| t.as_str()).collect();
    let mut out = Vec::new();
    match worse.as_slice() {
        [] => {}
        [one] => out.push(format!("{one} becomes misaligned")),
        many => out.push(format!("{} become misaligned", short_list(many.iter()))),
    }
    match better.as_slice() {
        [] => {}
        many => out.push(format!("{} now aligned", short_list(many.iter()))),
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The result of an edit described as `label` (the history's words for it), from what
/// the plan was ([`Before`]), the plan after, which topics changed alignment ([`Delta`])
/// and where topics went ([`moved`]). Falls back to `label` when nothing the alignment depends on moved.
pub fn edit_result(
    label: &str,
    before: &Before,
    after: &Plan,
    delta: Delta,
    moved: Option<&[Moved]>,
) -> String {
    let changes = alignment_changes(delta);
    let windows: Vec<String> = after
        .clusters
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            // At the same place, unless clusters were added or removed: a search of all
            // for each would be quadratic in the clusters of a large plan.
            before
                .windows
                .get(*i)
                .filter(|(id, ..)| *id == c.id)
                .or_else(|| before.windows.iter().find(|(id, ..)| *id == c.id))
                .is_some_and(|&(_, start, end)| (start, end) != (c.review.start, c.review.end))
        })
        .map(|(_, c)| c)
        .map(|c| format!("{} now reviewed {}–{}", c.id, c.review.start, c.review.end))
        .collect();
    if !windows.is_empty() {
        let effect = if changes.is_empty() {
            "no topic changes alignment".to_string()
        } else {
            changes.join("; ")
        };
        return format!("{} ({effect})", windows.join(", "));
    }
    let state = |t: &TopicId| match (delta.0.contains(t), delta.1.contains(t)) {
        (true, false) => "now aligned",
        (false, true) => "becomes misaligned",
        (true, true) => "still misaligned",
        (false, false) => "aligned",
    };
    match moved.unwrap_or_default() {
        [] if changes.is_empty() => label.to_string(),
        [] => format!("{label} ({})", changes.join("; ")),
        // One topic moved, or two traded places: each with where it went.
        few if few.len() <= 2 => few
            .iter()
            .map(|m| {
                format!(
                    "{} moved to the {} meeting ({}): {}",
                    m.topic,
                    ordinal(m.number),
                    m.year,
                    state(&m.topic)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        many => {
            let effect = if changes.is_empty() {
                String::new()
            } else {
                format!(" ({})", changes.join("; "))
            };
            format!(
                "{}: {} moved{effect}",
                capitalized(label),
                plural(many.len(), "fixed topic")
            )
        }
    }
}

/// After undo or redo (`verb` "Undone" or "Redone"): the edit's label and how many
/// fixed topics went back, with what that did to the alignment.
pub fn history_result(verb: &str, label: &str, delta: Delta, moved: Option<&[Moved]>) -> String {
    let mut notes = Vec::new();
    let moved = moved.map_or(0, <[Moved]>::len);
    if moved > 0 {
        let back = if verb == "Undone" { "back" } else { "moved" };
        notes.push(format!("{} {back}", plural(moved, "topic")));
    }
    notes.extend(alignment_changes(delta));
    if notes.is_empty() {
        format!("{verb}: {label}")
    } else {
        format!("{verb}: {label} ({})", notes.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Checked;
    use crate::edit::{Conflict, Edit, History};
    use crate::plan::parse;

    fn plan() -> Plan {
        parse(crate::tui::BUNDLED).expect("parses").plan
    }

    /// A plan with its history and its check kept up to date, as the planner keeps them.
    struct Kept {
        plan: Plan,
        history: History,
        checked: Checked,
    }

    impl Kept {
        fn new(plan: Plan) -> Self {
            let checked = Checked::new(&plan);
            Self {
                plan,
                history: History::new(),
                checked,
            }
        }

        /// Catches the check up after a step; where topics went.
        fn catch_up(&mut self) -> Option<Vec<Moved>> {
            let changes = self.history.take_changes();
            let went = moved(&self.plan, &changes);
            self.checked.update(&self.plan, &changes);
            went
        }

        fn edit(&mut self, edit: &Edit) -> String {
            let before = Before::of(&self.plan, edit);
            self.history.apply(&mut self.plan, edit).expect("applies");
            let went = self.catch_up();
            let delta = self.checked.misaligned_delta();
            edit_result(
                &edit.describe(),
                &before,
                &self.plan,
                delta,
                went.as_deref(),
            )
        }

        fn undo(&mut self) -> String {
            let label = self.history.undo(&mut self.plan).expect("undone");
            let went = self.catch_up();
            history_result(
                "Undone",
                &label,
                self.checked.misaligned_delta(),
                went.as_deref(),
            )
        }
    }

    fn result(edit: Edit) -> String {
        Kept::new(plan()).edit(&edit)
    }

    #[test]
    fn a_later_window_names_the_years_and_the_topics_it_misaligns() {
        let text = result(Edit::ShiftWindow {
            cluster: "C2".into(),
            start_by: 2,
            end_by: 2,
        });
        assert_eq!(
            text, "C2 now reviewed 2029–2032 (T6 becomes misaligned)",
            "{text}"
        );
    }

    #[test]
    fn one_topic_moved_says_where_and_whether_it_is_aligned() {
        // T6 (articles 7, 8: cluster C2, 2027–2030) onto the 14th meeting (2027): aligned.
        let text = result(Edit::MoveFixed {
            topic: "T6".into(),
            to: MeetingNumber::new(14),
            conflict: Conflict::Swap,
        });
        assert_eq!(
            text,
            "T6 moved to the 14th meeting (2027): aligned; \
             T5 moved to the 15th meeting (2028): becomes misaligned"
        );
        // T3 (cluster C4, closes 2026) traded onto the 15th (2028) is too late, and T6
        // on the 12th (2025) too early; trading them back aligns both again.
        let swap = |topic: &str, to| Edit::MoveFixed {
            topic: topic.into(),
            to: MeetingNumber::new(to),
            conflict: Conflict::Swap,
        };
        let mut kept = Kept::new(plan());
        kept.edit(&swap("T3", 15));
        let text = kept.edit(&swap("T3", 12));
        assert_eq!(
            text,
            "T3 moved to the 12th meeting (2025): now aligned; \
             T6 moved to the 15th meeting (2028): now aligned"
        );
    }

    #[test]
    fn many_topics_moved_are_counted_with_what_they_misalign() {
        let text = result(Edit::Postpone {
            from: MeetingNumber::new(13),
        });
        assert!(
            text.starts_with("Postpone fixed topics from the 13th meeting: 7 fixed topics moved ("),
            "{text}"
        );
        assert!(text.contains("become misaligned"), "{text}");
    }

    #[test]
    fn undoing_counts_the_topics_that_go_back() {
        let mut kept = Kept::new(plan());
        kept.edit(&Edit::Postpone {
            from: MeetingNumber::new(13),
        });
        // Undo goes from the postponed plan back to the original.
        let text = kept.undo();
        assert!(
            text.starts_with(
                "Undone: postpone fixed topics from the 13th meeting (7 topics back; "
            ),
            "{text}"
        );
        assert!(text.ends_with("now aligned)"), "{text}");
        // A note moves nothing and changes no alignment: the label alone.
        let mut kept = Kept::new(plan());
        let note = Edit::EditMeeting {
            number: MeetingNumber::new(12),
            change: crate::edit::MeetingChange::Note(Some("n".into())),
        };
        kept.edit(&note);
        assert_eq!(kept.undo(), format!("Undone: {}", note.describe()));
    }

    /// A whole plan replaced with other topics or windows keeps no list of moves: the
    /// message falls back to the label and the alignment.
    #[test]
    fn a_replaced_plan_has_no_list_of_moves() {
        let plan = plan();
        assert_eq!(moved(&plan, &[Change::Other]), None);
        assert_eq!(
            history_result("Undone", "realignment", (&[], &[]), None),
            "Undone: realignment"
        );
        let t6 = TopicId("T6".into());
        assert_eq!(
            history_result("Undone", "realignment", (&[], &[t6]), None),
            "Undone: realignment (T6 becomes misaligned)"
        );
    }

    #[test]
    fn verdicts_for_target_meetings_say_why_not() {
        let p = plan();
        let index = PlanIndex::new(&p);
        let t3 = p
            .fixed_topics
            .iter()
            .find(|t| t.id.as_str() == "T3")
            .expect("T3");
        assert_eq!(
            move_verdict(&p, &index, t3, MeetingNumber::new(13)),
            "✓ aligned"
        );
        assert_eq!(
            move_verdict(&p, &index, t3, MeetingNumber::new(15)),
            "✗ after C4's grace year 2027"
        );
        let t6 = p
            .fixed_topics
            .iter()
            .find(|t| t.id.as_str() == "T6")
            .expect("T6");
        assert_eq!(
            move_verdict(&p, &index, t6, MeetingNumber::new(12)),
            "✗ before C2's window 2027–2030"
        );
        assert_eq!(
            move_verdict(&p, &index, t6, MeetingNumber::new(10)),
            "— held"
        );
        assert_eq!(misalignment(&p, &index, t6, 2031), None, "grace year");
    }
}
