use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{DenyLevel, emit, emit_text};
use crate::check::{Code, Counts, Finding, Severity, check_located};
use crate::exit::{self, Error};
use crate::plan::{ClusterId, Limits, LoadError};
use crate::realign::apply_delays;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files to check.
    #[arg(required = true, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,
    /// What if a cluster's review slips? Check as if its window were shifted by whole
    /// years, e.g. C2=+2 or C4=-1 (repeatable, as for realign); the file is not changed.
    #[arg(long = "delay", value_name = "CLUSTER=YEARS", value_parser = super::realign::parse_delay)]
    pub delays: Vec<(ClusterId, i32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `PLAN:LINE: severity[code]: message`, then a summary line.
    Text,
    /// One JSON document with every finding and the counts.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// The findings of one file, or why it could not be read.
struct FileReport {
    path: PathBuf,
    findings: Vec<Finding>,
    column: Option<u32>,
    snippet: Option<String>,
    unreadable: bool,
    /// Under `--delay`: each delayed cluster's id, shift and new window, for the text.
    delayed: Vec<String>,
}

/// Checks one file, under the what-if delays if any; `Err` when a delay names no cluster
/// of the plan.
fn check_file(
    path: &Path,
    delays: &[(ClusterId, i32)],
    limits: Limits,
) -> Result<FileReport, String> {
    let loaded = match crate::exit::open(path, limits) {
        Ok(opened) => opened.loaded,
        Err(err) => return Ok(unreadable(&err)),
    };
    // The same window shifting as `realign --delay`; only the windows change, so the
    // findings' line numbers still point into the file as it is.
    let plan = apply_delays(&loaded.plan, delays)
        .map_err(|err| format!("workplan: {}: {err}", path.display()))?;
    let delayed = crate::realign::total_delays(delays)
        .into_iter()
        .filter_map(|(id, years)| {
            let c = plan.cluster(&id)?;
            let unit = if years.unsigned_abs() == 1 {
                "year"
            } else {
                "years"
            };
            Some(format!(
                "cluster {id} {years:+} {unit}, now reviewed from {} to {}",
                c.review.start, c.review.end
            ))
        })
        .collect();
    Ok(FileReport {
        path: path.to_owned(),
        findings: check_located(&plan, &loaded.source),
        column: None,
        snippet: None,
        unreadable: false,
        delayed,
    })
}

fn unreadable(err: &LoadError) -> FileReport {
    let (finding, column, snippet) = crate::exit::unreadable_finding(err);
    FileReport {
        path: err.path().to_owned(),
        findings: vec![finding],
        column,
        snippet,
        unreadable: true,
        delayed: Vec::new(),
    }
}

pub fn run(args: &CheckArgs, limits: Limits) -> Result<u8, Error> {
    let mut bad_delay = false;
    let reports: Vec<FileReport> = args
        .plans
        .iter()
        .filter_map(|p| match check_file(p, &args.delays, limits) {
            Ok(report) => Some(report),
            Err(message) => {
                eprintln_text!("{message}");
                bad_delay = true;
                None
            }
        })
        .collect();
    let mut counts = Counts::default();
    for r in &reports {
        counts.merge(Counts::of(&r.findings));
    }
    match args.format {
        CheckFormat::Text => emit_text(&text(&reports, counts))?,
        CheckFormat::Json => emit(&json(&reports, counts, &args.delays)?)?,
        CheckFormat::Github => emit_text(&github(&reports, counts))?,
    }
    Ok(if bad_delay || reports.iter().any(|r| r.unreadable) {
        exit::UNREADABLE
    } else if counts.error > 0 || (args.deny.is_some() && counts.warning > 0) {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

fn position(report: &FileReport, f: &Finding) -> String {
    match (f.line, report.column) {
        (Some(l), Some(c)) if f.code == Code::Parse => format!(":{l}:{c}"),
        (Some(l), _) => format!(":{l}"),
        _ => String::new(),
    }
}

fn text(reports: &[FileReport], counts: Counts) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.delayed {
            let _ = writeln!(out, "{}: what-if: {d}", r.path.display());
        }
        for f in &r.findings {
            // One finding per line: a line break in a quoted title is written out.
            let _ = writeln!(
                out,
                "{}{}: {}",
                r.path.display(),
                position(r, f),
                crate::text::visible_line(&f.to_string())
            );
        }
        if let Some(snippet) = &r.snippet {
            let _ = writeln!(out, "{snippet}");
        }
    }
    let _ = writeln!(out, "{}", summary(reports, counts));
    out
}

/// The last line of the text and github formats.
fn summary(reports: &[FileReport], counts: Counts) -> String {
    let files = if reports.len() == 1 {
        "1 plan checked".to_string()
    } else {
        format!("{} plans checked", reports.len())
    };
    format!("{files}: {counts}")
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
}

#[derive(Serialize)]
struct JsonDelay {
    cluster: ClusterId,
    years: i32,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    /// Under `--delay` only, so the report without it stays as it was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    delays: Vec<JsonDelay>,
    findings: Vec<JsonFinding<'a>>,
    counts: Counts,
}

fn json(
    reports: &[FileReport],
    counts: Counts,
    delays: &[(ClusterId, i32)],
) -> anyhow::Result<String> {
    let findings = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(|f| JsonFinding {
                file: r.path.display().to_string(),
                finding: f,
                column: if f.code == Code::Parse {
                    r.column
                } else {
                    None
                },
            })
        })
        .collect();
    let doc = JsonReport {
        files: reports.len(),
        delays: crate::realign::total_delays(delays)
            .into_iter()
            .map(|(cluster, years)| JsonDelay { cluster, years })
            .collect(),
        findings,
        counts,
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&doc)?))
}

/// Escapes per the workflow-command rules, so a title with a comma or colon survives.
fn gh_escape(s: &str, property: bool) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

fn github(reports: &[FileReport], counts: Counts) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={}", gh_escape(&r.path.display().to_string(), true));
            if let Some(l) = f.line {
                let _ = write!(props, ",line={l}");
            }
            if let (Some(c), Code::Parse) = (r.column, f.code) {
                let _ = write!(props, ",col={c}");
            }
            let _ = write!(props, ",title={}", gh_escape(f.code.as_str(), true));
            let _ = writeln!(out, "::{level} {props}::{}", gh_escape(&f.message, false));
        }
    }
    let _ = writeln!(out, "{}", summary(reports, counts));
    out
}
