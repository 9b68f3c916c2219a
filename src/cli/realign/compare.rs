//! `workplan realign PLAN --compare ...`: scenarios side by side, in text, md or json.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{JsonDelay, JsonMeeting, RealignFormat, count, meeting, parse_delay};
use crate::plan::ClusterId;
use crate::realign::compare::{Compared, Scenario};
use crate::textfmt::md_cell;

/// A `--compare` value: delays separated by commas (`C2=+3,C4=+1`); empty: the plan's
/// own scenarios.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareArg(pub Option<Scenario>);

pub fn parse_compare(s: &str) -> Result<CompareArg, String> {
    if s.trim().is_empty() {
        return Ok(CompareArg(None));
    }
    let delays = s
        .split(',')
        .map(parse_delay)
        .collect::<Result<Vec<(ClusterId, i32)>, String>>()?;
    Ok(CompareArg(Some(Scenario {
        name: s.trim().to_string(),
        delays,
    })))
}

fn delays_label(delays: &[(ClusterId, i32)]) -> String {
    if delays.is_empty() {
        return "none".into();
    }
    delays
        .iter()
        .map(|(c, y)| format!("{c} {y:+}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cells of one row, as text: the same in the text and md tables.
fn cells(c: &Compared, with_second: bool) -> Vec<String> {
    let dash = || "-".to_string();
    let mut row = vec![
        c.scenario.name.clone(),
        delays_label(&c.scenario.delays),
        if c.aligned() { "yes" } else { "no" }.to_string(),
    ];
    match &c.proposal {
        Some(p) => {
            row.push(p.cost.moved.to_string());
            row.push(p.cost.added.to_string());
            row.push(p.cost.total_delay_years.to_string());
        }
        None => row.extend([dash(), dash(), dash()]),
    }
    row.push(c.last_meeting().map_or_else(dash, meeting));
    if with_second {
        row.push(match &c.proposal {
            Some(p) if !p.second_meetings.is_empty() => p
                .second_meetings
                .iter()
                .map(|m| m.1.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            _ => dash(),
        });
    }
    row.push(match &c.proposal {
        Some(p) if !p.misaligned.is_empty() => p
            .misaligned
            .iter()
            .map(|m| format!("{} {:+}", m.topic, m.years_early_or_late))
            .collect::<Vec<_>>()
            .join(", "),
        Some(_) => dash(),
        None => "no plan".into(),
    });
    row
}

fn header(with_second: bool) -> Vec<&'static str> {
    let mut h = vec![
        "scenario",
        "delays",
        "aligned",
        "moved",
        "added",
        "years of delay",
        "last meeting",
    ];
    if with_second {
        h.push("two meetings in");
    }
    h.push("misaligned (years)");
    h
}

fn summary(path: &str, rows: &[Compared]) -> String {
    let aligned = rows.iter().filter(|r| r.aligned()).count();
    format!(
        "{path}: {} compared, {aligned} with an aligned plan",
        count(rows.len(), "scenario", "scenarios")
    )
}

pub fn render(path: &str, rows: &[Compared], format: RealignFormat) -> anyhow::Result<String> {
    let with_second = rows.iter().any(|r| {
        r.proposal
            .as_ref()
            .is_some_and(|p| !p.second_meetings.is_empty())
    });
    Ok(match format {
        RealignFormat::Text => text(path, rows, with_second),
        RealignFormat::Md => md(path, rows, with_second),
        RealignFormat::Json => json(path, rows)?,
    })
}

fn text(path: &str, rows: &[Compared], with_second: bool) -> String {
    let head: Vec<String> = header(with_second).into_iter().map(String::from).collect();
    let body: Vec<Vec<String>> = rows.iter().map(|r| cells(r, with_second)).collect();
    let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", summary(path, rows));
    for row in std::iter::once(&head).chain(&body) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.width()));
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    reasons(&mut out, rows, |s| s.to_string(), "");
    out
}

/// Why each unaligned scenario has no aligned plan, under the table.
fn reasons(out: &mut String, rows: &[Compared], esc: impl Fn(&str) -> String, bullet: &str) {
    let unaligned: Vec<&Compared> = rows.iter().filter(|r| !r.aligned()).collect();
    if unaligned.is_empty() {
        return;
    }
    out.push('\n');
    for r in unaligned {
        let Some((_, reason)) = &r.unplaceable else {
            continue;
        };
        let then = if r.proposal.is_some() {
            "; the row shows the least-misaligned plan"
        } else {
            "; no plan places every topic"
        };
        let _ = writeln!(
            out,
            "{bullet}{}: no aligned plan: {}{then}",
            esc(&r.scenario.name),
            esc(reason)
        );
    }
}

fn md(path: &str, rows: &[Compared], with_second: bool) -> String {
    let head = header(with_second);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", md_cell(&summary(path, rows)));
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        head.iter()
            .enumerate()
            .map(|(i, _)| if (3..6).contains(&i) { "---:|" } else { "---|" })
            .collect::<String>()
    );
    for r in rows {
        let row: Vec<String> = cells(r, with_second).iter().map(|c| md_cell(c)).collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    reasons(&mut out, rows, md_cell, "- ");
    out
}

#[derive(Serialize)]
struct JsonMisaligned<'a> {
    topic: &'a str,
    meeting: JsonMeeting,
    years_early_or_late: i64,
}

#[derive(Serialize)]
struct JsonUnplaceable<'a> {
    topic: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    name: &'a str,
    delays: Vec<JsonDelay>,
    aligned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    unplaceable: Option<JsonUnplaceable<'a>>,
    /// False when not even a best-effort plan exists; the figures are then absent.
    plan: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_delay_years: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_meeting: Option<JsonMeeting>,
    second_meetings: Vec<JsonMeeting>,
    misaligned: Vec<JsonMisaligned<'a>>,
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    plan: &'a str,
    all_aligned: bool,
    scenarios: Vec<JsonRow<'a>>,
}

fn json(path: &str, rows: &[Compared]) -> anyhow::Result<String> {
    let doc = JsonComparison {
        plan: path,
        all_aligned: rows.iter().all(Compared::aligned),
        scenarios: rows
            .iter()
            .map(|r| {
                let p = r.proposal.as_ref();
                JsonRow {
                    name: &r.scenario.name,
                    delays: r
                        .scenario
                        .delays
                        .iter()
                        .map(|(cluster, years)| JsonDelay {
                            cluster: cluster.clone(),
                            years: *years,
                        })
                        .collect(),
                    aligned: r.aligned(),
                    unplaceable: r
                        .unplaceable
                        .as_ref()
                        .map(|(topic, reason)| JsonUnplaceable { topic, reason }),
                    plan: p.is_some(),
                    moved: p.map(|p| p.cost.moved),
                    added: p.map(|p| p.cost.added),
                    total_delay_years: p.map(|p| p.cost.total_delay_years),
                    last_meeting: r.last_meeting().map(JsonMeeting::from),
                    second_meetings: p
                        .map(|p| p.second_meetings.iter().map(|&m| m.into()).collect())
                        .unwrap_or_default(),
                    misaligned: p
                        .map(|p| {
                            p.misaligned
                                .iter()
                                .map(|m| JsonMisaligned {
                                    topic: m.topic.as_str(),
                                    meeting: m.meeting.into(),
                                    years_early_or_late: m.years_early_or_late,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect(),
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&doc)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_values_are_comma_separated_delays() {
        let CompareArg(Some(s)) = parse_compare("C2=+3, C4=+1").expect("parses") else {
            panic!("a scenario");
        };
        assert_eq!(
            s.delays,
            [(ClusterId::from("C2"), 3), (ClusterId::from("C4"), 1)]
        );
        assert_eq!(delays_label(&s.delays), "C2 +3, C4 +1");
        assert_eq!(parse_compare("").expect("parses"), CompareArg(None));
        assert!(parse_compare("C2=+3,").is_err());
        assert!(parse_compare("C2=++3").is_err());
    }
}
