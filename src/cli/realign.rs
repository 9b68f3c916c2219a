//! `workplan realign`: what-if review delays and the optimal realignment of the plan.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{emit, emit_text, eprint_text};
use crate::diff::diff;
use crate::exit::{self, Error};
use crate::plan::{ClusterId, Limits, MeetingNumber, Plan, ordinal, save};
use crate::realign::summary::{Summary, summarize};
use crate::realign::{Cost, Options, Proposal, RealignError, apply_delays};

mod compare;

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
    /// When no aligned plan exists, propose the least-misaligned one (exit status 1).
    #[arg(long)]
    pub best_effort: bool,
    /// Let the solver add a meeting in a year that has one (costs more than any move).
    #[arg(long)]
    pub allow_second_meeting: bool,
    /// Meetings may be appended up to this many years past the end of the latest review
    /// window.
    #[arg(long, value_name = "YEARS", default_value_t = Options::default().horizon_years,
          value_parser = clap::value_parser!(i32).range(0..=1000))]
    pub horizon: i32,
    /// Compare scenarios side by side instead: each value a set of delays such as
    /// C2=+3,C4=+1 (repeatable); without a value, the plan's own `scenarios`.
    #[arg(long, value_name = "DELAYS", num_args = 0..=1, default_missing_value = "",
          value_parser = compare::parse_compare, conflicts_with_all = ["delays", "output"])]
    pub compare: Vec<compare::CompareArg>,
    /// Output format (md: with --compare only).
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
    /// A Markdown table (with --compare), for the Bureau's paper.
    Md,
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
    // `i32::from_str` takes one optional sign itself; stripping a `+` first let `++2` in.
    let years: i32 = years
        .parse()
        .map_err(|_| format!("`{years}` is not a whole number of years; write e.g. C2=+2"))?;
    Ok((ClusterId::from(id), years))
}

/// One line per cluster named by more than one `--delay`: their years add up, and the
/// user should see the total rather than find it out from the window.
fn repeated_delays(delays: &[(ClusterId, i32)]) -> Vec<String> {
    let mut seen: Vec<(&ClusterId, usize, i64)> = Vec::new();
    for (id, years) in delays {
        match seen.iter_mut().find(|(c, _, _)| *c == id) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += i64::from(*years);
            }
            None => seen.push((id, 1, i64::from(*years))),
        }
    }
    seen.into_iter()
        .filter(|(_, n, _)| *n > 1)
        .map(|(id, n, total)| {
            format!(
                "--delay names {id} {n} times: the delays add up to {total:+} {}",
                if total.unsigned_abs() == 1 {
                    "year"
                } else {
                    "years"
                }
            )
        })
        .collect()
}

pub fn run(args: &RealignArgs, limits: Limits) -> Result<u8, Error> {
    let exit::Opened {
        text: input_text,
        loaded,
        fingerprint,
        ..
    } = exit::open(&args.plan, limits)?;
    let path = args.plan.display().to_string();
    if !args.compare.is_empty() {
        return Ok(run_compare(args, &path, &loaded.plan)?);
    }
    if args.format == RealignFormat::Md {
        eprintln_text!("workplan: --format md goes with --compare; use text or json");
        return Ok(exit::UNREADABLE);
    }
    for note in repeated_delays(&args.delays) {
        eprintln_text!("workplan: {path}: {note}");
    }
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
        allow_second_meeting: args.allow_second_meeting,
        ..Options::default()
    };
    let (outcome, best_effort) =
        crate::realign::realign_with_fallback(&plan, &options, args.best_effort);
    let report = Report::new(args, &path, (&loaded.plan, &plan), &outcome, &best_effort);
    match &outcome {
        Err(RealignError::Unplaceable { .. }) | Ok(_) => {}
        Err(err) => {
            eprint_text(&format!("workplan: {path}: {err}\n"));
            return Ok(exit::UNREADABLE);
        }
    }
    let out = match args.format {
        RealignFormat::Text | RealignFormat::Md => text(&report, &loaded.plan, &plan),
        RealignFormat::Json => json(&report)?,
    };
    match args.format {
        RealignFormat::Text | RealignFormat::Md => emit_text(&out)?,
        RealignFormat::Json => emit(&out)?,
    }
    let (proposal, status) = match (&outcome, &best_effort) {
        (Ok(p), _) => (p, exit::OK),
        // Still not aligned: written if asked, but the status says so.
        (Err(_), Some(p)) => (p, exit::FINDINGS),
        (Err(_), None) => return Ok(exit::FINDINGS),
    };
    if let Some(output) = &args.output {
        // The input's text is the original: its comments and layout carry over, with
        // the moves, the added meetings and the delayed windows edited in place.
        let read = (input_text.as_str(), fingerprint.as_ref());
        let saved = write_realigned(&args.plan, output, read, &proposal.plan)?;
        if saved.comments_kept {
            eprintln_text!(
                "workplan: wrote the realigned plan to {}, keeping the comments of {path}",
                output.display()
            );
        } else {
            eprintln_text!(
                "workplan: wrote the realigned plan to {} in canonical form: the comments of {path} could not be kept",
                output.display()
            );
        }
    }
    Ok(status)
}

impl<'a> Report<'a> {
    /// The report on `outcome` for the input plan and the plan with the delays
    /// (`plans`), and the best effort if one was asked for.
    fn new(
        args: &RealignArgs,
        path: &'a str,
        (input, delayed): (&Plan, &Plan),
        outcome: &'a Result<Proposal, RealignError>,
        best_effort: &'a Option<Proposal>,
    ) -> Self {
        let shown = outcome.as_ref().ok().or(best_effort.as_ref());
        Report {
            plan: path,
            delays: crate::realign::total_delays(&args.delays)
                .into_iter()
                .map(|(cluster, years)| JsonDelay { cluster, years })
                .collect(),
            outcome,
            best_effort: best_effort.as_ref(),
            second_meeting_warnings: second_meeting_warnings(input, shown),
            summary: shown.map(|p| summarize(delayed, p)),
        }
    }
}

/// Writes the realigned plan to `output`, keeping the comments of the input's text.
/// Written over the input (by any name of it), it is refused if the input changed since
/// it was read (`read`: its text and fingerprint), as the planner's save is: an edit
/// saved while realign ran is never overwritten.
fn write_realigned(
    input: &std::path::Path,
    output: &std::path::Path,
    read: (&str, Option<&save::Fingerprint>),
    plan: &Plan,
) -> anyhow::Result<save::SaveOutcome> {
    let over_input = output == input || save::is_same_file(output, input);
    let expected = read.1.filter(|_| over_input);
    save::save(output, Some(read.0), expected, plan).context("cannot write the realigned plan")
}

/// `--compare`: the scenarios given, or (a value left empty) the plan's own, side by side.
fn run_compare(args: &RealignArgs, path: &str, plan: &Plan) -> anyhow::Result<u8> {
    let mut scenarios = Vec::new();
    for arg in &args.compare {
        match &arg.0 {
            Some(s) => scenarios.push(s.clone()),
            None => scenarios.extend(plan.scenarios.iter().map(Into::into)),
        }
    }
    if scenarios.is_empty() {
        eprintln_text!(
            "workplan: {path}: the plan has no scenarios to compare; give delays, e.g. --compare C2=+2"
        );
        return Ok(exit::UNREADABLE);
    }
    for s in &scenarios {
        for note in repeated_delays(&s.delays) {
            eprintln_text!("workplan: {path}: scenario {}: {note}", s.name);
        }
    }
    let options = Options {
        allow_reorder: args.allow_reorder,
        horizon_years: args.horizon,
        allow_second_meeting: args.allow_second_meeting,
        ..Options::default()
    };
    let rows = match crate::realign::compare::compare(plan, &scenarios, &options) {
        Ok(rows) => rows,
        Err(err) => {
            eprintln_text!("workplan: {path}: {err}");
            return Ok(exit::UNREADABLE);
        }
    };
    let table = compare::render(path, &rows, args.format)?;
    match args.format {
        RealignFormat::Text | RealignFormat::Md => emit_text(&table)?,
        RealignFormat::Json => emit(&table)?,
    }
    Ok(if rows.iter().all(|r| r.aligned()) {
        exit::OK
    } else {
        exit::FINDINGS
    })
}

struct Report<'a> {
    plan: &'a str,
    delays: Vec<JsonDelay>,
    outcome: &'a Result<Proposal, RealignError>,
    /// With `--best-effort` when no aligned plan exists.
    best_effort: Option<&'a Proposal>,
    /// The `two-meetings-in-year` warnings that the second meetings bring.
    second_meeting_warnings: Vec<crate::diff::FindingChange>,
    /// What the proposal (aligned or best effort) changes, counted on its plan.
    summary: Option<Summary>,
}

/// The `two-meetings-in-year` findings a proposal's second meetings make appear.
fn second_meeting_warnings(
    input: &Plan,
    proposal: Option<&Proposal>,
) -> Vec<crate::diff::FindingChange> {
    match proposal {
        Some(p) if !p.second_meetings.is_empty() => diff(input, &p.plan)
            .findings_appeared
            .into_iter()
            .filter(|f| f.code == crate::check::Code::TwoMeetingsInYear)
            .collect(),
        _ => Vec::new(),
    }
}

fn meeting(m: (MeetingNumber, i32)) -> String {
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
    let p = match (report.outcome, report.best_effort) {
        (Ok(p), _) => p,
        (Err(err), Some(p)) => {
            let _ = writeln!(out, "{}: {err}", report.plan);
            best_effort_text(&mut out, report.plan, p);
            proposal_text(
                &mut out,
                report.plan,
                (input, plan),
                p,
                report.summary.as_ref(),
            );
            return out;
        }
        (Err(err), None) => {
            let _ = writeln!(out, "{}: {err}", report.plan);
            return out;
        }
    };
    proposal_text(
        &mut out,
        report.plan,
        (input, plan),
        p,
        report.summary.as_ref(),
    );
    out
}

/// What the least-misaligned plan leaves misaligned, before its moves.
fn best_effort_text(out: &mut String, path: &str, p: &Proposal) {
    let _ = writeln!(
        out,
        "{path}: best effort: the least-misaligned plan leaves {} misaligned:",
        count(p.misaligned.len(), "topic", "topics")
    );
    for m in &p.misaligned {
        let years = m.years_early_or_late;
        let _ = writeln!(
            out,
            "  {} {}: {} is {} {}",
            m.topic,
            m.title,
            meeting(m.meeting),
            count(
                usize::try_from(years.unsigned_abs()).unwrap_or(usize::MAX),
                "year",
                "years"
            ),
            if years < 0 { "early" } else { "late" }
        );
    }
}

/// The second meetings a proposal adds and the meetings it renumbers for them.
fn second_meetings_text(out: &mut String, p: &Proposal) {
    for &(number, year) in &p.second_meetings {
        let _ = writeln!(
            out,
            "Second meeting: {year} gets two meetings, the {} and a new {}",
            ordinal(number.saturating_sub(1)),
            ordinal(number)
        );
    }
    if !p.renumbered.is_empty() {
        let list: Vec<String> = p
            .renumbered
            .iter()
            .map(|&(from, to)| format!("{} -> {}", ordinal(from), ordinal(to)))
            .collect();
        let _ = writeln!(out, "Meetings renumbered: {}", list.join(", "));
    }
}

/// Where a move goes, saying so when the meeting is a new second meeting of its year or
/// was renumbered to make room for one.
fn destination(p: &Proposal, to: (MeetingNumber, i32)) -> String {
    if p.second_meetings.contains(&to) {
        return format!("a new {} ({}, its second meeting)", ordinal(to.0), to.1);
    }
    match p.renumbered.iter().find(|r| r.1 == to.0) {
        Some(&(old, _)) => format!(
            "{} ({}, now numbered {})",
            ordinal(old),
            to.1,
            ordinal(to.0)
        ),
        None => meeting(to),
    }
}

/// The moves of a proposal in words, then the amendment against the input. The counts
/// are read from the plan it writes ([`summarize`]), as the planner's preview reads them.
/// `input` is the plan as read, `plan` the same with the delays applied (which the
/// proposal was computed from).
fn proposal_text(
    out: &mut String,
    report_plan: &str,
    (input, plan): (&Plan, &Plan),
    p: &Proposal,
    counted: Option<&Summary>,
) {
    let recounted;
    let summary = match counted {
        Some(s) => s,
        None => {
            recounted = summarize(plan, p);
            &recounted
        }
    };
    if summary.unchanged {
        if p.aligned() {
            let _ = writeln!(
                out,
                "{report_plan}: nothing to move: every fixed topic is aligned"
            );
        } else {
            let _ = writeln!(out, "{report_plan}: no move makes it better");
        }
        return;
    }
    let _ = writeln!(out, "{report_plan}: {}:", summary.counts_line(true));
    for m in &p.moves {
        let from = m.from.map_or("on no meeting".to_string(), meeting);
        let _ = writeln!(
            out,
            "  {} {}: {from} -> {}",
            m.topic,
            m.title,
            destination(p, m.to)
        );
    }
    if !p.added_meetings.is_empty() {
        let list: Vec<String> = p.added_meetings.iter().map(|&m| meeting(m)).collect();
        let _ = writeln!(out, "Meetings added: {}", list.join(", "));
    }
    second_meetings_text(out, p);
    for (label, list) in [
        ("Meetings left empty", &summary.left_empty),
        (
            "Meetings dropped (emptied at the end of the plan)",
            &summary.dropped,
        ),
    ] {
        if !list.is_empty() {
            let list: Vec<String> = list.iter().map(|&m| meeting(m)).collect();
            let _ = writeln!(out, "{label}: {}", list.join(", "));
        }
    }
    let _ = writeln!(out, "Findings after: {}", summary.findings);
    // The same amendment `workplan diff INPUT REALIGNED` prints, delayed windows included.
    let amendment = diff(input, &p.plan);
    if !amendment.is_empty() {
        out.push('\n');
        out.push_str(&amendment.render_text());
    }
}

#[derive(Serialize)]
struct JsonDelay {
    cluster: ClusterId,
    years: i32,
}

#[derive(Serialize)]
struct JsonMeeting {
    meeting: MeetingNumber,
    year: i32,
}

impl From<(MeetingNumber, i32)> for JsonMeeting {
    fn from((meeting, year): (MeetingNumber, i32)) -> Self {
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    second_meetings: Vec<JsonMeeting>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    renumbered: Vec<JsonRenumbered>,
    /// The `two-meetings-in-year` warnings the second meetings bring (of the aligned or
    /// the best-effort plan).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    warnings: &'a [crate::diff::FindingChange],
    #[serde(skip_serializing_if = "Option::is_none")]
    best_effort: Option<JsonBestEffort<'a>>,
    /// What the proposal (aligned, else best effort) changes, counted on the plan it
    /// writes: the counts of the text's first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<JsonSummary>,
}

#[derive(Serialize)]
struct JsonSummary {
    moved: usize,
    added: usize,
    second_meetings: usize,
    renumbered: usize,
    left_empty: Vec<JsonMeeting>,
    dropped: Vec<JsonMeeting>,
    findings_after: crate::check::Counts,
}

impl From<&Summary> for JsonSummary {
    fn from(s: &Summary) -> Self {
        Self {
            moved: s.moved,
            added: s.added,
            second_meetings: s.second,
            renumbered: s.renumbered,
            left_empty: s.left_empty.iter().map(|&m| m.into()).collect(),
            dropped: s.dropped.iter().map(|&m| m.into()).collect(),
            findings_after: s.findings,
        }
    }
}

#[derive(Serialize)]
struct JsonRenumbered {
    from: MeetingNumber,
    to: MeetingNumber,
}

#[derive(Serialize)]
struct JsonMisaligned<'a> {
    topic: &'a str,
    title: &'a str,
    meeting: JsonMeeting,
    /// Negative: early; positive: late.
    years_early_or_late: i64,
}

#[derive(Serialize)]
struct JsonBestEffort<'a> {
    moves: Vec<JsonMove<'a>>,
    added_meetings: Vec<JsonMeeting>,
    cost: Cost,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    second_meetings: Vec<JsonMeeting>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    renumbered: Vec<JsonRenumbered>,
    misaligned: Vec<JsonMisaligned<'a>>,
}

fn json_moves(p: &Proposal) -> Vec<JsonMove<'_>> {
    p.moves
        .iter()
        .map(|m| JsonMove {
            topic: m.topic.as_str(),
            title: &m.title,
            from: m.from.map(JsonMeeting::from),
            to: m.to.into(),
        })
        .collect()
}

fn json_renumbered(p: &Proposal) -> Vec<JsonRenumbered> {
    p.renumbered
        .iter()
        .map(|&(from, to)| JsonRenumbered { from, to })
        .collect()
}

fn json_best_effort(p: &Proposal) -> JsonBestEffort<'_> {
    JsonBestEffort {
        moves: json_moves(p),
        added_meetings: p.added_meetings.iter().map(|&m| m.into()).collect(),
        cost: p.cost,
        second_meetings: p.second_meetings.iter().map(|&m| m.into()).collect(),
        renumbered: json_renumbered(p),
        misaligned: p
            .misaligned
            .iter()
            .map(|m| JsonMisaligned {
                topic: m.topic.as_str(),
                title: &m.title,
                meeting: m.meeting.into(),
                years_early_or_late: m.years_early_or_late,
            })
            .collect(),
    }
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
        second_meetings: Vec::new(),
        renumbered: Vec::new(),
        warnings: &report.second_meeting_warnings,
        best_effort: report.best_effort.map(json_best_effort),
        summary: report.summary.as_ref().map(JsonSummary::from),
    };
    match report.outcome {
        Ok(p) => {
            doc.aligned = true;
            doc.moves = json_moves(p);
            doc.added_meetings = p.added_meetings.iter().map(|&m| m.into()).collect();
            doc.cost = Some(p.cost);
            doc.second_meetings = p.second_meetings.iter().map(|&m| m.into()).collect();
            doc.renumbered = json_renumbered(p);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_take_one_sign_at_most() {
        assert_eq!(parse_delay("C2=+2"), Ok((ClusterId::from("C2"), 2)));
        assert_eq!(parse_delay("C2=-1"), Ok((ClusterId::from("C2"), -1)));
        assert_eq!(parse_delay(" C2 = 3 "), Ok((ClusterId::from("C2"), 3)));
        for bad in [
            "C2=++2", "C2=+-2", "C2=--2", "C2=-+2", "C2=+", "C2=2.5", "C2=",
        ] {
            assert!(parse_delay(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn repeated_clusters_are_named_with_their_total() {
        let c = |s: &str, y| (ClusterId::from(s), y);
        assert!(repeated_delays(&[c("C2", 1), c("C4", 1)]).is_empty());
        assert_eq!(
            repeated_delays(&[c("C2", 1), c("C4", 3), c("C2", 1)]),
            ["--delay names C2 2 times: the delays add up to +2 years"]
        );
        assert_eq!(
            repeated_delays(&[c("C1", 2), c("C1", -3)]),
            ["--delay names C1 2 times: the delays add up to -1 year"]
        );
    }

    /// `realign PLAN -o PLAN` while someone saves PLAN: their edit is not written over,
    /// by the plan's name or another name of it; another file, or an unchanged input, is
    /// written.
    #[test]
    fn writing_over_the_input_refuses_an_input_changed_since_it_was_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("plan.yaml");
        let text = include_str!("../../plans/example.yaml");
        std::fs::write(&input, text).expect("written");
        let opened = exit::open(&input, Limits::default()).expect("opens");
        let read = (opened.text.as_str(), opened.fingerprint.as_ref());
        let realigned = &opened.loaded.plan;
        let edited = text.replacen("version: 1", "version: 1\n# saved meanwhile", 1);
        assert_ne!(edited, text);
        std::fs::write(&input, &edited).expect("the other save");
        let linked = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(&input, &linked).expect("link");
        for output in [&input, &dir.path().join(".").join("plan.yaml"), &linked] {
            let e = write_realigned(&input, output, read, realigned).expect_err("refused");
            let changed = e.downcast_ref::<save::SaveError>();
            assert!(
                matches!(changed, Some(save::SaveError::ChangedOnDisk { .. })),
                "{e:#}"
            );
            assert_eq!(std::fs::read_to_string(&input).expect("read"), edited);
        }
        let other = dir.path().join("out.yaml");
        write_realigned(&input, &other, read, realigned).expect("another file");
        let opened = exit::open(&input, Limits::default()).expect("opens");
        let read = (opened.text.as_str(), opened.fingerprint.as_ref());
        write_realigned(&input, &input, read, realigned).expect("unchanged input");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Issue 24: the summary's counts are those of the plan written. For random
        /// plans and options, the plan `-o` would write (rendered, then read back) counted
        /// against the input gives the very line the command prints.
        #[test]
        fn the_summary_counts_the_plan_written(
            plan in crate::realign::tests::horizon_props::plan(),
            options in crate::realign::tests::horizon_props::options(),
        ) {
            let (outcome, best) = crate::realign::realign_with_fallback(&plan, &options, true);
            let Some(proposal) = outcome.as_ref().ok().or(best.as_ref()) else {
                return Ok(());
            };
            let report = Report {
                plan: "p.yaml",
                delays: Vec::new(),
                outcome: &outcome,
                best_effort: best.as_ref(),
                second_meeting_warnings: Vec::new(),
                summary: Some(crate::realign::summary::summarize(&plan, proposal)),
            };
            let printed = text(&report, &plan, &plan);
            let written = save::render(None, &proposal.plan).expect("renders").text;
            let written = crate::plan::parse(&written).expect("reads back").plan;
            proptest::prop_assert_eq!(&written, &proposal.plan);
            let read_back = Proposal { plan: written, ..proposal.clone() };
            let counted = crate::realign::summary::summarize(&plan, &read_back);
            if counted.unchanged {
                proptest::prop_assert!(!printed.contains(" to move, "), "{}", printed);
            } else {
                let line = format!("p.yaml: {}:", counted.counts_line(true));
                proptest::prop_assert!(printed.lines().any(|l| l == line), "{}\n{}", line, printed);
            }
        }
    }
}
