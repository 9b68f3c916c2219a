//! Conflicts left visible in the merged file as YAML comments: a comment line above the
//! meeting, topic or cluster concerned (above the plan's key for plan-wide fields), so
//! the file still loads and a reviewer sees THEIRS' value next to OURS'.

use super::{Conflict, Issue, Place};
use crate::plan::parse;

/// `text` (the merged plan) with one comment line per conflict. Comments never change
/// what the text means: if an inserted line would (a flow collection spread over lines,
/// say), the comments go to the top of the file instead.
pub fn annotate(text: &str, conflicts: &[Conflict]) -> String {
    if conflicts.is_empty() {
        return text.to_owned();
    }
    let Ok(loaded) = parse(text) else {
        return text.to_owned();
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
        Ok(back) if back.plan == loaded.plan => out,
        _ => at_top(text, conflicts, eol, &loaded.plan),
    }
}

/// Every comment at the top of the file (after a byte-order mark): always safe.
fn at_top(text: &str, conflicts: &[Conflict], eol: &str, plan: &crate::plan::Plan) -> String {
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
        Ok(back) if back.plan == *plan => out,
        _ => text.to_owned(),
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
