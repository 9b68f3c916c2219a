//! `workplan export`, driven through the real binary: golden files of every format,
//! the escaping each format needs, and the ICS read back by an independent parser.

mod common;

use std::str::FromStr;

use chrono::NaiveDate;
use common::{fixture, root, workplan};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, EventLike};

const SHIPPED: &str = "plans/firearms.yaml";
/// See the comment at its top for what it changes against the shipped plan.
const REVISED: &str = "tests/fixtures/firearms-revised.yaml";
const HOSTILE: &str = "tests/fixtures/hostile-titles.yaml";
const FORMATS: [&str; 7] = ["md", "csv", "json", "ics", "html", "mermaid", "yaml"];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn export(plan: &str, format: &str) -> Run {
    let out = workplan()
        .args(["export", plan, "--format", format])
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn golden_exports_of_the_shipped_plan() {
    for format in FORMATS {
        let run = export(SHIPPED, format);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("shipped.{format}"), run.stdout);
    }
}

#[test]
fn golden_exports_of_the_revised_plan() {
    for format in FORMATS {
        let run = export(REVISED, format);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("revised.{format}"), run.stdout);
    }
}

#[test]
fn yaml_export_reads_back_as_the_same_plan() {
    let run = export(REVISED, "yaml");
    let back = workplan::plan::parse(&run.stdout).unwrap().plan;
    let text = std::fs::read_to_string(root().join(REVISED)).unwrap();
    assert_eq!(back, workplan::plan::parse(&text).unwrap().plan);
}

#[test]
fn json_export_has_the_documented_fields() {
    let run = export(REVISED, "json");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["export_version"], 1);
    // Meetings 1, 2, 4, ...: the 12th is the eleventh in the list.
    assert_eq!(doc["plan"]["meetings"][10]["number"], 12);
    assert_eq!(doc["plan"]["meetings"][10]["status"], "postponed");
    assert_eq!(doc["plan"]["meetings"][10]["start"], "2025-11-04");
    assert_eq!(doc["counts"]["info"], 1);
    assert_eq!(doc["findings"][0]["code"], "flexible-overlaps-fixed");
    assert_eq!(doc["findings"][0]["meeting"], 13);
}

// ---- ICS ----

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn day(d: Option<DatePerhapsTime>) -> NaiveDate {
    match d {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("expected an all-day date, got {other:?}"),
    }
}

fn events(ics: &str) -> Vec<icalendar::Event> {
    let cal = Calendar::from_str(ics).expect("the icalendar crate parses the export");
    cal.components
        .into_iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_of_the_shipped_plan_reads_back_with_an_independent_parser() {
    let run = export(SHIPPED, "ics");
    assert_eq!(run.code, 0);
    let events = events(&run.stdout);
    // Meetings 1, 2, 4-11 have dates (10 events); 12-19 have none yet.
    assert_eq!(events.len(), 10);
    let tenth = events
        .iter()
        .find(|e| e.get_uid() == Some("working-group-on-firearms-meeting-10@workplan"))
        .unwrap();
    assert_eq!(
        tenth.get_summary(),
        Some("10th meeting of the Working Group on Firearms")
    );
    assert_eq!(day(tenth.get_start()), date("2023-05-03"));
    // DTEND is exclusive: the day after the last day, 4 May.
    assert_eq!(day(tenth.get_end()), date("2023-05-05"));
    assert_eq!(tenth.get_location(), Some("Vienna"));
    let description = tenth.get_description().unwrap();
    assert!(description.contains("Agenda item 2 (flexible): F12: Strengthening"));
    assert!(
        description.contains(
            "Agenda item 3 (fixed): T1: Use of terms; scope of application (articles 3, 4)"
        )
    );
    let starts: Vec<NaiveDate> = events.iter().map(|e| day(e.get_start())).collect();
    assert_eq!(starts.first(), Some(&date("2012-05-21")));
    assert_eq!(starts.last(), Some(&date("2024-04-03")));
    let uids: std::collections::BTreeSet<_> = events.iter().map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
}

#[test]
fn ics_lists_meetings_without_dates_on_stderr() {
    let run = export(SHIPPED, "ics");
    let skipped: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(skipped.len(), 8, "{}", run.stderr);
    assert_eq!(
        skipped[0],
        "workplan: skipped 12th meeting (2025): no dates set"
    );
}

#[test]
fn ics_marks_postponed_and_cancelled_meetings() {
    let run = export(HOSTILE, "ics");
    let events = events(&run.stdout);
    let status = |n: u32| {
        events
            .iter()
            .find(|e| {
                e.get_uid()
                    .is_some_and(|u| u.ends_with(&format!("-meeting-{n}@workplan")))
            })
            .and_then(|e| e.property_value("STATUS").map(str::to_owned))
    };
    assert_eq!(status(1).as_deref(), Some("CONFIRMED"));
    assert_eq!(status(2).as_deref(), Some("TENTATIVE"));
    assert_eq!(status(3).as_deref(), Some("CANCELLED"));
    // A one-day meeting still ends the day after.
    let third = events
        .iter()
        .find(|e| e.get_uid().is_some_and(|u| u.contains("-meeting-3@")))
        .unwrap();
    assert_eq!(day(third.get_end()), date("2027-06-02"));
}

#[test]
fn ics_escapes_and_folds_a_long_title_with_commas_and_semicolons() {
    let run = export(HOSTILE, "ics");
    let text = &run.stdout;
    // Every physical line ends in CRLF and is at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains(
        "SUMMARY:1st meeting of the Working Group on Firearms\\, Ammunition\\; Parts & Components <b>bold</b>\r\n"
    ));
    assert!(unfolded.contains(
        "Agenda item 2 (flexible): F1: Gender perspectives\\, victims\\, survivors\\; families\\,"
    ));
    assert!(unfolded.contains("LOCATION:-Vienna\\, Austria\\; Room M3\r\n"));
    // The folded description is long enough to have been folded more than once.
    let description = unfolded
        .lines()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(description.len() > 150);
    assert!(text.matches("\r\n ").count() >= 2);
    // The independent parser gets the words back.
    let events = events(text);
    let first = events
        .iter()
        .find(|e| e.get_uid().is_some_and(|u| u.contains("-meeting-1@")))
        .unwrap();
    let summary = first.get_summary().unwrap();
    assert!(
        summary.contains("Ammunition") && summary.contains("Components"),
        "{summary}"
    );
}

// ---- CSV ----

#[test]
fn csv_never_starts_a_cell_with_a_formula() {
    let run = export(HOSTILE, "csv");
    assert_eq!(run.code, 0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "number",
            "year",
            "start",
            "end",
            "venue",
            "status",
            "fixed_id",
            "fixed_title",
            "fixed_articles",
            "flexible_id",
            "flexible_title",
            "findings"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell: {cell:?}"
            );
        }
    }
    assert_eq!(&rows[0][4], "'-Vienna, Austria; Room M3");
    assert_eq!(
        &rows[0][7],
        "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    );
    assert_eq!(&rows[1][10], "'@Tracing");
    assert_eq!(&rows[3][7], "'+Training");
    // A title with a line break stays one cell.
    assert_eq!(
        &rows[1][7],
        "Criminalization | sentencing\nsecond line: #1; see %% notes"
    );
}

// ---- HTML ----

#[test]
fn html_escapes_every_plan_string() {
    let run = export(HOSTILE, "html");
    assert_eq!(run.code, 0);
    let html = &run.stdout;
    for raw in ["<script>alert", "<img src=x", "<b>bold", "<i>and"] {
        assert!(!html.contains(raw), "unescaped {raw:?}");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;plan&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;Marking"));
    // The only <script> would be ours, and there is none: the page is self-contained.
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert!(html.contains("@page { size: A4 landscape"));
}

#[test]
fn html_marks_misalignments() {
    let run = export(&fixture("misaligned-late"), "html");
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(r#"<tr class="misaligned">"#));
    assert!(run.stdout.contains("⚠"));
}

// ---- Markdown and Mermaid ----

#[test]
fn markdown_cells_cannot_break_the_table() {
    let run = export(HOSTILE, "md");
    let table: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("| Year and meeting"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(table.len(), 2 + 4, "{}", run.stdout);
    for row in &table {
        let unescaped_pipes = row.len() - row.replace('|', "").len() - row.matches("\\|").count();
        assert_eq!(unescaped_pipes, 5, "{row}");
    }
    assert!(
        run.stdout
            .contains("Criminalization \\| sentencing<br>second line")
    );
}

#[test]
fn mermaid_titles_are_sanitized() {
    let run = export(HOSTILE, "mermaid");
    for line in run.stdout.lines().skip(1) {
        let name = line.split(" :").next().unwrap();
        assert!(!name.contains([';', '#']), "{line}");
        if !line.trim_start().starts_with("title") {
            // Each task has exactly one ':' (before its metadata).
            assert!(line.matches(':').count() <= 1, "{line}");
        }
    }
}

// ---- The command ----

#[test]
fn output_file_is_written_whole_and_equals_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.html");
    std::fs::write(&path, "old content").unwrap();
    workplan()
        .args(["export", SHIPPED, "--format", "html", "-o"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout("");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, export(SHIPPED, "html").stdout);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unwritable_output_fails_with_status_2_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("plan.md");
    let out = workplan()
        .args(["export", SHIPPED, "--format", "md", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("plan.md") && err.contains("no-such-dir"),
        "{err}"
    );
}

#[test]
fn output_errors_say_what_to_do_without_temporary_names() {
    // Not tempdir(): its own name starts with ".tmp".
    let dir = tempfile::Builder::new().prefix("out").tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("plan.md");
    for (output, expected) in [
        (
            dir.path().to_owned(),
            "is a folder, not a file; give a file name",
        ),
        (missing, "does not exist; create it"),
    ] {
        let out = workplan()
            .args(["export", SHIPPED, "--format", "md", "-o"])
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
        // The name of a temporary file means nothing to the user.
        assert!(!err.contains(".tmp"), "{err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn export_never_overwrites_the_plan_it_reads() {
    // `-o` naming the plan itself (a slip of the shell history) would replace the plan
    // with its own HTML or CSV: refused, the plan left as it was.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    let original = std::fs::read_to_string(root().join(SHIPPED)).unwrap();
    std::fs::write(&plan, &original).unwrap();
    for format in ["html", "yaml"] {
        let out = workplan()
            .args(["export", "--format", format, "-o"])
            .arg(&plan)
            .arg(dir.path().join(".").join("plan.yaml"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("is the plan being exported"), "{err}");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    }
}

#[test]
fn unreadable_plan_exits_2() {
    let run = export(&fixture("parse"), "md");
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(run.stderr.contains("error[parse]"), "{}", run.stderr);
    let run = export("no/such/plan.yaml", "csv");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no/such/plan.yaml"));
}

#[test]
fn unknown_format_is_a_usage_error() {
    let run = export(SHIPPED, "pdf");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("possible values"), "{}", run.stderr);
}
