//! `workplan realign`: what-if review delays and the optimal realignment of the plan.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{check::load_error_text, emit, emit_text, eprint_text, exit};
use crate::diff::diff;
use crate::plan::{ClusterId, Limits, Plan, load_file, ordinal, save};
use crate::realign::{Cost, Options, Proposal, RealignError, apply_delays, realign};

#[derive(Debug, Args)]
pub struct RealignArgs {
    /// Plan file to realign.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    /// Shift a cluster's review window by whole years first, e.g. C2=+2 or C4=-1
    /// (repeatable; delays of one cluster add up).
    #[arg(long = "delay", value_name = "CLUSTER=YEARS", value_parser = parse_delay)]
    pub delays: Vec<(ClusterId, i32)>,
    /// Let fixed topics change their order (cross-cutting topics still go last).
    #[arg(long)]
    pub allow_reorder: bool,
    /// Meetings may be appended up to this many years past the end of the latest review
    /// window.
    #[arg(long, value_name = "YEARS", default_value_t = Options::default().horizon_years,
          value_parser = clap::value_parser!(i32).range(0..=1000))]
    pub horizon: i32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RealignFormat::Text)]
    pub format: RealignFormat,
    /// Write the realigned plan (with the delayed windows) to this file.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RealignFormat {
    /// The moves in plain words.
    Text,
    /// The moves, the meetings added and the cost as one JSON document.
    Json,
}

/// Parses `C2=+2` (also used by `check --delay`).
pub(crate) fn parse_delay(s: &str) -> Result<(ClusterId, i32), String> {
    let (id, years) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not CLUSTER=YEARS; write e.g. C2=+2"))?;
    let id = id.trim();
    if id.is_empty() {
        return Err(format!("`{s}` names no cluster; write e.g. C2=+2"));
    }
    let years = years.trim();
    let years: i32 = years
        .strip_prefix('+')
        .unwrap_or(years)
        .parse()
        .map_err(|_| format!("`{years}` is not a whole number of years; write e.g. C2=+2"))?;
    Ok((ClusterId::from(id), years))
}

pub fn run(args: &RealignArgs, limits: Limits) -> anyhow::Result<u8> {
    let (input_text, loaded) = match load_file(&args.plan, limits) {
        Ok(ok) => ok,
        Err(err) => {
            eprint!("{}", load_error_text(&args.plan, &err));
            return Ok(exit::UNREADABLE);
        }
    };
    let path = args.plan.display().to_string();
    let plan = match apply_delays(&loaded.plan, &args.delays) {
        Ok(plan) => plan,
        Err(err) => {
            eprint_text(&format!("workplan: {path}: {err}\n"));
            return Ok(exit::UNREADABLE);
        }
    };
    let options = Options {
        allow_reorder: args.allow_reorder,
        horizon_years: args.horizon,
    };
    let outcome = realign(&plan, &options);
    let report = Report {
        plan: &path,
        delays: args
            .delays
            .iter()
            .map(|(cluster, years)| JsonDelay {
                cluster: cluster.clone(),
                years: *years,
            })
            .collect(),
        outcome: &outcome,
    };
    match &outcome {
        Err(RealignError::Unplaceable { .. }) | Ok(_) => {}
        Err(err) => {
            eprint_text(&format!("workplan: {path}: {err}\n"));
            return Ok(exit::UNREADABLE);
        }
    }
    let out = match args.format {
        RealignFormat::Text => text(&report, &loaded.plan, &plan),
        RealignFormat::Json => json(&report)?,
    };
    match args.format {
        RealignFormat::Text => emit_text(&out)?,
        RealignFormat::Json => emit(&out)?,
    }
    let Ok(proposal) = &outcome else {
        return Ok(exit::FINDINGS);
    };
    if let Some(output) = &args.output {
        // The input's text is the original: its comments and layout carry over, with
        // the moves, the added meetings and the delayed windows edited in place.
        let saved = save::save(output, Some(&input_text), None, &proposal.plan)
            .context("cannot write the realigned plan")?;
        if saved.comments_kept {
            eprintln!(
                "workplan: wrote the realigned plan to {}, keeping the comments of {path}",
                output.display()
            );
        } else {
            eprintln!(
                "workplan: wrote the realigned plan to {} in canonical form: the comments of {path} could not be kept",
                output.display()
            );
        }
    }
    Ok(exit::OK)
}

struct Report<'a> {
    plan: &'a str,
    delays: Vec<JsonDelay>,
    outcome: &'a Result<Proposal, RealignError>,
}

fn meeting(m: (u32, i32)) -> String {
    format!("{} ({})", ordinal(m.0), m.1)
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `input` is the plan as read, `plan` the same with the delays applied.
fn text(report: &Report, input: &Plan, plan: &Plan) -> String {
    let mut out = String::new();
    for d in &report.delays {
        if let Some(c) = plan.cluster(&d.cluster) {
            let _ = writeln!(
                out,
                "{}: cluster {} {:+} {}, now reviewed from {} to {}",
                report.plan,
                d.cluster,
                d.years,
                if d.years.unsigned_abs() == 1 {
                    "year"
                } else {
                    "years"
                },
                c.review.start,
                c.review.end
            );
        }
    }
    let p = match report.outcome {
        Ok(p) => p,
        Err(err) => {
            let _ = writeln!(out, "{}: {err}", report.plan);
            return out;
        }
    };
    if p.moves.is_empty() {
        let _ = writeln!(
            out,
            "{}: nothing to move: every fixed topic is aligned",
            report.plan
        );
        return out;
    }
    let Cost {
        moved,
        added,
        total_delay_years,
    } = p.cost;
    let _ = writeln!(
        out,
        "{}: {} to move, {} to add, {} of delay in all:",
        report.plan,
        count(moved, "topic", "topics"),
        count(added, "meeting", "meetings"),
        count(
            usize::try_from(total_delay_years).unwrap_or(usize::MAX),
            "year",
            "years"
        )
    );
    for m in &p.moves {
        let from = m.from.map_or("on no meeting".to_string(), meeting);
        let _ = writeln!(
            out,
            "  {} {}: {from} -> {}",
            m.topic,
            m.title,
            meeting(m.to)
        );
    }
    if !p.added_meetings.is_empty() {
        let list: Vec<String> = p.added_meetings.iter().map(|&m| meeting(m)).collect();
        let _ = writeln!(out, "Meetings added: {}", list.join(", "));
    }
    // The same amendment `workplan diff INPUT REALIGNED` prints, delayed windows included.
    let amendment = diff(input, &p.plan);
    if !amendment.is_empty() {
        out.push('\n');
        out.push_str(&amendment.render_text());
    }
    out
}

#[derive(Serialize)]
struct JsonDelay {
    cluster: ClusterId,
    years: i32,
}

#[derive(Serialize)]
struct JsonMeeting {
    meeting: u32,
    year: i32,
}

impl From<(u32, i32)> for JsonMeeting {
    fn from((meeting, year): (u32, i32)) -> Self {
        Self { meeting, year }
    }
}

#[derive(Serialize)]
struct JsonMove<'a> {
    topic: &'a str,
    title: &'a str,
    from: Option<JsonMeeting>,
    to: JsonMeeting,
}

#[derive(Serialize)]
struct JsonUnplaceable<'a> {
    topic: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    plan: &'a str,
    delays: &'a [JsonDelay],
    aligned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    unplaceable: Option<JsonUnplaceable<'a>>,
    moves: Vec<JsonMove<'a>>,
    added_meetings: Vec<JsonMeeting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<Cost>,
}

fn json(report: &Report) -> anyhow::Result<String> {
    let mut doc = JsonReport {
        plan: report.plan,
        delays: &report.delays,
        aligned: false,
        unplaceable: None,
        moves: Vec::new(),
        added_meetings: Vec::new(),
        cost: None,
    };
    match report.outcome {
        Ok(p) => {
            doc.aligned = true;
            doc.moves = p
                .moves
                .iter()
                .map(|m| JsonMove {
                    topic: m.topic.as_str(),
                    title: &m.title,
                    from: m.from.map(JsonMeeting::from),
                    to: m.to.into(),
                })
                .collect();
            doc.added_meetings = p.added_meetings.iter().map(|&m| m.into()).collect();
            doc.cost = Some(p.cost);
        }
        Err(RealignError::Unplaceable { topic, reason }) => {
            doc.unplaceable = Some(JsonUnplaceable {
                topic: topic.as_str(),
                reason,
            });
        }
        Err(_) => {}
    }
    Ok(format!("{}\n", serde_json::to_string_pretty(&doc)?))
}
