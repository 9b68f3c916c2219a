//! What the planner says after an edit, and why a meeting suits a fixed topic or not:
//! pure functions of the plan and its findings, so the words are tested without a
//! terminal. They state the result ("T6 moved to the 14th meeting (2029): now
//! aligned"), not the command.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::Finding;
use crate::plan::{Cluster, FixedTopic, Plan, Status, TopicId, ordinal};

/// The clusters whose review bears on `topic`: those reviewing one of its articles, a
/// cross-cutting article (reviewed in every cluster) aside, as the alignment rule of
/// `check` counts them. The one place the planner asks, so the core's plan index can
/// answer it later.
pub fn clusters_of<'p>(plan: &'p Plan, topic: &FixedTopic) -> Vec<&'p Cluster> {
    let mut out: Vec<&Cluster> = Vec::new();
    for &a in &topic.articles {
        if plan.is_cross_cutting(a) {
            continue;
        }
        for c in plan.clusters_reviewing(a) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
    }
    out
}

/// Why `topic` held in `year` would be misaligned ("before C2's window 2028–2031",
/// "after C4's grace year 2027"), or `None` when every cluster reviewing its articles
/// allows that year.
pub fn misalignment(plan: &Plan, topic: &FixedTopic, year: i32) -> Option<String> {
    let grace = plan.alignment.grace();
    let reasons: Vec<String> = clusters_of(plan, topic)
        .into_iter()
        .filter_map(|c| {
            let (start, end) = (c.review.start, c.review.end);
            let last = end.saturating_add(grace);
            if year < start {
                Some(format!("before {}'s window {start}–{end}", c.id))
            } else if year > last {
                Some(match grace {
                    0 => format!("after {}'s window {start}–{end}", c.id),
                    1 => format!("after {}'s grace year {last}", c.id),
                    _ => format!("after {}'s grace years {}–{last}", c.id, end + 1),
                })
            } else {
                None
            }
        })
        .collect();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// What putting `topic` on meeting `number` would give, for the list of target
/// meetings while moving: "✓ aligned", "✗ before C2's window 2028–2031", or why the
/// meeting cannot take it.
pub fn move_verdict(plan: &Plan, topic: &FixedTopic, number: u32) -> String {
    let Some(m) = plan.meeting(number) else {
        return String::new();
    };
    if m.status.is_history() || m.status == Status::Cancelled {
        return format!("— {}", m.status);
    }
    match misalignment(plan, topic, m.year) {
        None => "✓ aligned".to_string(),
        Some(why) => format!("✗ {why}"),
    }
}

/// Where each fixed topic is scheduled: meeting number and year (cancelled meetings
/// hold nothing).
fn placements(plan: &Plan) -> BTreeMap<&TopicId, (u32, i32)> {
    let mut out = BTreeMap::new();
    for m in &plan.meetings {
        if m.status == Status::Cancelled {
            continue;
        }
        if let Some(t) = &m.fixed {
            out.entry(t).or_insert((m.number, m.year));
        }
    }
    out
}

fn misaligned(findings: &[Finding]) -> BTreeSet<&TopicId> {
    findings
        .iter()
        .filter(|f| f.is_misalignment())
        .filter_map(|f| f.topic.as_ref())
        .collect()
}

/// Topics that became misaligned, and those that are aligned again, in words:
/// "T6 becomes misaligned; T3 now aligned".
fn alignment_changes(before: &[Finding], after: &[Finding]) -> Vec<String> {
    let (was, is) = (misaligned(before), misaligned(after));
    let worse: Vec<&str> = is.difference(&was).map(|t| t.as_str()).collect();
    let better: Vec<&str> = was.difference(&is).map(|t| t.as_str()).collect();
    let mut out = Vec::new();
    match worse.as_slice() {
        [] => {}
        [one] => out.push(format!("{one} becomes misaligned")),
        many => out.push(format!("{} become misaligned", many.join(", "))),
    }
    match better.as_slice() {
        [] => {}
        many => out.push(format!("{} now aligned", many.join(", "))),
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

/// The result of an edit described as `label` (the history's words for it), from the
/// plan and its findings before and after. Falls back to `label` when nothing the
/// alignment depends on moved.
pub fn edit_result(
    label: &str,
    before: &Plan,
    before_findings: &[Finding],
    after: &Plan,
    after_findings: &[Finding],
) -> String {
    let changes = alignment_changes(before_findings, after_findings);
    let windows: Vec<String> = after
        .clusters
        .iter()
        .filter(|c| {
            before
                .clusters
                .iter()
                .find(|b| b.id == c.id)
                .is_some_and(|b| b.review != c.review)
        })
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
    let (from, to) = (placements(before), placements(after));
    // Moved means another meeting: a meeting whose dates change year takes its topic
    // along, and says so itself.
    let mut moved: Vec<(&TopicId, (u32, i32))> = to
        .iter()
        .filter(|(t, at)| from.get(*t).map(|f| f.0) != Some(at.0))
        .map(|(t, at)| (*t, *at))
        .collect();
    moved.sort_by_key(|(_, (number, _))| *number);
    let is = misaligned(after_findings);
    let was = misaligned(before_findings);
    let state = |t: &TopicId| match (was.contains(t), is.contains(t)) {
        (true, false) => "now aligned",
        (false, true) => "becomes misaligned",
        (true, true) => "still misaligned",
        (false, false) => "aligned",
    };
    match moved.as_slice() {
        [] if changes.is_empty() => label.to_string(),
        [] => format!("{label} ({})", changes.join("; ")),
        // One topic moved, or two traded places: each with where it went.
        few if few.len() <= 2 => few
            .iter()
            .map(|(t, (number, year))| {
                format!(
                    "{t} moved to the {} meeting ({year}): {}",
                    ordinal(*number),
                    state(t)
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
pub fn history_result(
    verb: &str,
    label: &str,
    before: &Plan,
    before_findings: &[Finding],
    after: &Plan,
    after_findings: &[Finding],
) -> String {
    let (from, to) = (placements(before), placements(after));
    let moved = to
        .iter()
        .filter(|(t, at)| from.get(*t).map(|f| f.0) != Some(at.0))
        .count()
        + from.keys().filter(|t| !to.contains_key(*t)).count();
    let mut notes = Vec::new();
    if moved > 0 {
        let back = if verb == "Undone" { "back" } else { "moved" };
        notes.push(format!("{} {back}", plural(moved, "topic")));
    }
    notes.extend(alignment_changes(before_findings, after_findings));
    if notes.is_empty() {
        format!("{verb}: {label}")
    } else {
        format!("{verb}: {label} ({})", notes.join("; "))
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;
    use crate::edit::{Conflict, Edit, History};
    use crate::plan::parse;

    fn plan() -> Plan {
        parse(crate::tui::BUNDLED).expect("parses").plan
    }

    /// The plan and its findings before and after `edit`.
    fn around(edit: Edit) -> (Plan, Vec<Finding>, Plan, Vec<Finding>, String) {
        let before = plan();
        let mut after = before.clone();
        History::new().apply(&mut after, &edit).expect("applies");
        let (bf, af) = (check(&before), check(&after));
        (before, bf, after, af, edit.describe())
    }

    fn result(edit: Edit) -> String {
        let (b, bf, a, af, label) = around(edit);
        edit_result(&label, &b, &bf, &a, &af)
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
            to: 14,
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
            to,
            conflict: Conflict::Swap,
        };
        let mut before = plan();
        History::new()
            .apply(&mut before, &swap("T3", 15))
            .expect("traded");
        let mut after = before.clone();
        let back = swap("T3", 12);
        History::new()
            .apply(&mut after, &back)
            .expect("traded back");
        let text = edit_result(
            &back.describe(),
            &before,
            &check(&before),
            &after,
            &check(&after),
        );
        assert_eq!(
            text,
            "T3 moved to the 12th meeting (2025): now aligned; \
             T6 moved to the 15th meeting (2028): now aligned"
        );
    }

    #[test]
    fn many_topics_moved_are_counted_with_what_they_misalign() {
        let text = result(Edit::Postpone { from: 13 });
        assert!(
            text.starts_with("Postpone fixed topics from the 13th meeting: 7 fixed topics moved ("),
            "{text}"
        );
        assert!(text.contains("become misaligned"), "{text}");
    }

    #[test]
    fn undoing_counts_the_topics_that_go_back() {
        let (b, bf, a, af, label) = around(Edit::Postpone { from: 13 });
        // Undo goes from the postponed plan back to the original.
        let text = history_result("Undone", &label, &a, &af, &b, &bf);
        assert!(
            text.starts_with(
                "Undone: postpone fixed topics from the 13th meeting (7 topics back; "
            ),
            "{text}"
        );
        assert!(text.ends_with("now aligned)"), "{text}");
        let same = history_result(
            "Undone",
            "edit the note of the 12th meeting",
            &b,
            &bf,
            &b,
            &bf,
        );
        assert_eq!(same, "Undone: edit the note of the 12th meeting");
    }

    #[test]
    fn verdicts_for_target_meetings_say_why_not() {
        let p = plan();
        let t3 = p
            .fixed_topics
            .iter()
            .find(|t| t.id.as_str() == "T3")
            .expect("T3");
        assert_eq!(move_verdict(&p, t3, 13), "✓ aligned");
        assert_eq!(move_verdict(&p, t3, 15), "✗ after C4's grace year 2027");
        let t6 = p
            .fixed_topics
            .iter()
            .find(|t| t.id.as_str() == "T6")
            .expect("T6");
        assert_eq!(move_verdict(&p, t6, 12), "✗ before C2's window 2027–2030");
        assert_eq!(move_verdict(&p, t6, 10), "— held");
        assert_eq!(misalignment(&p, t6, 2031), None, "grace year");
    }
}
