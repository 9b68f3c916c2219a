//! Conflicts left visible in the merged file as YAML comments: a comment line above the
//! meeting, topic or cluster concerned (above the plan's key for plan-wide fields), so
//! the file still loads and a reviewer sees THEIRS' value next to OURS'.

use super::{Conflict, Issue, Place};
use crate::plan::parse;

/// Where [`annotate`] wrote the conflicts' comments: what the report may say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    /// Each above the meeting, topic or cluster it concerns (or there were none).
    Beside,
    /// All at the top of the file: a line inserted in place would have changed the plan.
    AtTop,
    /// Nowhere: no comment could be added without changing what the file means.
    Nowhere,
}

/// The merged text with its conflict comments, and where they went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotated {
    pub text: String,
    pub placed: Placed,
}

/// `text` (the merged plan) with one comment line per conflict. Comments never change
/// what the text means: if an inserted line would (a flow collection spread over lines,
/// say), the comments go to the top of the file instead, and if even that would, they
/// are left out, and `placed` says so.
pub fn annotate(text: &str, conflicts: &[Conflict]) -> Annotated {
    let unchanged = |placed| Annotated {
        text: text.to_owned(),
        placed,
    };
    if conflicts.is_empty() {
        return unchanged(Placed::Beside);
    }
    let Ok(loaded) = parse(text) else {
        return unchanged(Placed::Nowhere);
    };
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut above: Vec<Vec<String>> = vec![Vec::new(); lines.len() + 1];
    for c in conflicts {
        let line = line_of(c, &loaded, &lines).filter(|l| (1..=lines.len()).contains(l));
        let index = line.map_or(0, |l| l - 1);
        let indent: String = lines
            .get(index)
            .filter(|_| line.is_some())
            .map(|l| l.chars().take_while(|c| *c == ' ').collect())
            .unwrap_or_default();
        above[index].push(format!("{indent}# {}{eol}", c.comment()));
    }
    let mut out = String::with_capacity(text.len() + conflicts.len() * 120);
    let (bom, first) = match lines.first().and_then(|l| l.strip_prefix('\u{feff}')) {
        Some(rest) => ("\u{feff}", rest),
        None => ("", lines.first().copied().unwrap_or("")),
    };
    out.push_str(bom);
    for (i, line) in lines.iter().enumerate() {
        for comment in &above[i] {
            out.push_str(comment);
        }
        out.push_str(if i == 0 { first } else { line });
    }
    if lines.is_empty() {
        for comment in &above[0] {
            out.push_str(comment);
        }
    }
    match parse(&out) {
        Ok(back) if back.plan == loaded.plan => Annotated {
            text: out,
            placed: Placed::Beside,
        },
        _ => at_top(text, conflicts, eol, &loaded.plan),
    }
}

/// Every comment at the top of the file (after a byte-order mark), if the text still
/// reads back as the same plan.
fn at_top(text: &str, conflicts: &[Conflict], eol: &str, plan: &crate::plan::Plan) -> Annotated {
    let (bom, rest) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut out = String::from(bom);
    for c in conflicts {
        out.push_str("# ");
        out.push_str(&c.comment());
        out.push_str(eol);
    }
    out.push_str(rest);
    match parse(&out) {
        Ok(back) if back.plan == *plan => Annotated {
            text: out,
            placed: Placed::AtTop,
        },
        _ => Annotated {
            text: text.to_owned(),
            placed: Placed::Nowhere,
        },
    }
}

/// The 1-based line a conflict's comment goes above.
fn line_of(c: &Conflict, loaded: &crate::plan::Loaded, lines: &[&str]) -> Option<usize> {
    if let Issue::Ambiguous(f) = &c.issue {
        return f
            .anchor
            .and_then(|a| a.line(&loaded.source))
            .map(|l| l as usize);
    }
    let plan = &loaded.plan;
    let source = &loaded.source;
    let line = match &c.place {
        Place::Meeting(n) => match plan.meetings.iter().position(|m| m.number == *n) {
            Some(i) => source.meetings.get(i).map(|m| m.meeting),
            None => return top_key(lines, "meetings"),
        },
        Place::Cluster(id) => match plan.clusters.iter().position(|x| &x.id == id) {
            Some(i) => source.clusters.get(i).copied(),
            None => return top_key(lines, "clusters"),
        },
        Place::FixedTopic(id) => {
            // A topic's move reads best above the meeting that holds it.
            let held = plan
                .meetings
                .iter()
                .position(|m| m.fixed.as_ref() == Some(id));
            match (held, plan.fixed_topics.iter().position(|x| &x.id == id)) {
                (Some(i), _) => source.meetings.get(i).map(|m| m.meeting),
                (None, Some(i)) => source.fixed_topics.get(i).copied(),
                (None, None) => return top_key(lines, "fixed_topics"),
            }
        }
        Place::FlexibleTopic(id) => match plan.flexible_topics.iter().position(|x| &x.id == id) {
            Some(i) => source.flexible_topics.get(i).copied(),
            None => return top_key(lines, "flexible_topics"),
        },
        Place::Plan => {
            let key = match &c.issue {
                Issue::Field { field, .. } => match *field {
                    "grace years" => "alignment",
                    "cross-cutting articles" => "cross_cutting_articles",
                    other => other,
                },
                Issue::Ambiguous(_) => return None,
            };
            return top_key(lines, key);
        }
    };
    line.map(|l| l as usize)
}

/// The line of a top-level `key:` (1-based).
fn top_key(lines: &[&str], key: &str) -> Option<usize> {
    lines
        .iter()
        .position(|l| {
            let l = l.trim_start_matches('\u{feff}');
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|i| i + 1)
}

/// `merged` (OURS' text with the merge applied) with each meeting, topic and cluster
/// that THEIRS added, and the merge kept as THEIRS wrote it, replaced by THEIRS' own
/// lines: the lossless writer adds items as values, so the comments THEIRS wrote in
/// them would be lost. Only where the indentation agrees, and only if the text still
/// reads back as the same plan; otherwise `merged` is returned as it was.
pub fn carry_comments(merged: &str, ours: &crate::plan::Plan, theirs_text: &str) -> String {
    let (Ok(m), Ok(t)) = (parse(merged), parse(theirs_text)) else {
        return merged.to_owned();
    };
    if merged.contains('\r') || theirs_text.contains('\r') {
        return merged.to_owned();
    }
    let m_lines: Vec<&str> = merged.split_inclusive('\n').collect();
    let t_lines: Vec<&str> = theirs_text.split_inclusive('\n').collect();
    // (start line in merged, end, start in theirs, end), 0-based, end exclusive.
    let mut swaps: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut consider = |m_starts: &[u32], t_starts: &[u32], pairs: Vec<(usize, usize)>| {
        for (i, j) in pairs {
            let (Some(ms), Some(ts)) = (block(&m_lines, m_starts, i), block(&t_lines, t_starts, j))
            else {
                continue;
            };
            let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
            if indent(m_lines[ms.0]) == indent(t_lines[ts.0]) {
                swaps.push((ms.0, ms.1, ts.0, ts.1));
            }
        }
    };
    let (mp, tp) = (&m.plan, &t.plan);
    let meeting_lines =
        |s: &crate::plan::SourceMap| -> Vec<u32> { s.meetings.iter().map(|l| l.meeting).collect() };
    consider(
        &meeting_lines(&m.source),
        &meeting_lines(&t.source),
        added_by_theirs(&mp.meetings, &tp.meetings, |x| {
            ours.meeting(x.number).is_some()
        }),
    );
    consider(
        &m.source.fixed_topics,
        &t.source.fixed_topics,
        added_by_theirs(&mp.fixed_topics, &tp.fixed_topics, |x| {
            ours.fixed_topic(&x.id).is_some()
        }),
    );
    consider(
        &m.source.flexible_topics,
        &t.source.flexible_topics,
        added_by_theirs(&mp.flexible_topics, &tp.flexible_topics, |x| {
            ours.flexible_topic(&x.id).is_some()
        }),
    );
    consider(
        &m.source.clusters,
        &t.source.clusters,
        added_by_theirs(&mp.clusters, &tp.clusters, |x| {
            ours.cluster(&x.id).is_some()
        }),
    );
    if swaps.is_empty() {
        return merged.to_owned();
    }
    swaps.sort_unstable();
    let mut out = String::with_capacity(merged.len());
    let mut at = 0;
    for (ms, me, ts, te) in swaps {
        if ms < at {
            return merged.to_owned();
        }
        out.extend(m_lines[at..ms].iter().copied());
        out.extend(t_lines[ts..te].iter().copied());
        at = me;
    }
    out.extend(m_lines[at..].iter().copied());
    match parse(&out) {
        Ok(back) if back.plan == *mp => out,
        _ => merged.to_owned(),
    }
}

/// The items of a merged list that OURS does not have and THEIRS has exactly so: their
/// positions in the merged list and in THEIRS'.
fn added_by_theirs<T: PartialEq>(
    merged: &[T],
    theirs: &[T],
    in_ours: impl Fn(&T) -> bool,
) -> Vec<(usize, usize)> {
    merged
        .iter()
        .enumerate()
        .filter(|(_, x)| !in_ours(x))
        .filter_map(|(i, x)| theirs.iter().position(|y| y == x).map(|j| (i, j)))
        .collect()
}

/// Lines of the `i`th item of a list whose items start at `starts` (1-based): from its
/// start to the next item's, or for the last item to the first line indented no deeper
/// than its dash; trailing blank and comment lines belong to what follows.
fn block(lines: &[&str], starts: &[u32], i: usize) -> Option<(usize, usize)> {
    let start = (*starts.get(i)? as usize).checked_sub(1)?;
    let first = lines.get(start)?;
    let dash = first.len() - first.trim_start_matches(' ').len();
    if !first[dash..].starts_with("- ") {
        return None;
    }
    let mut end = match starts.get(i + 1) {
        Some(&next) => (next as usize).checked_sub(1)?,
        None => (start + 1..lines.len())
            .find(|&k| {
                let l = lines[k];
                let t = l.trim_start_matches(' ');
                !t.trim().is_empty() && !t.starts_with('#') && l.len() - t.len() <= dash
            })
            .unwrap_or(lines.len()),
    };
    if end <= start || end > lines.len() {
        return None;
    }
    while end > start + 1 && {
        let t = lines[end - 1].trim();
        t.is_empty() || t.starts_with('#')
    } {
        end -= 1;
    }
    Some((start, end))
}
