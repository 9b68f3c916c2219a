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
    for format in common::text_formats() {
        let run = export(SHIPPED, format);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("shipped.{format}"), run.stdout);
    }
}

#[test]
fn golden_exports_of_the_revised_plan() {
    for format in common::text_formats() {
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
    let all = events(&run.stdout);
    // Meetings 1, 2, 4-11 have dates (10 events); 12-19 have none yet and are
    // tentative entries (see the next test).
    assert_eq!(all.len(), 18);
    let events: Vec<&icalendar::Event> = all
        .iter()
        .filter(|e| e.property_value("STATUS") != Some("TENTATIVE"))
        .collect();
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
    let uids: std::collections::BTreeSet<_> = all.iter().map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), all.len(), "UIDs are unique");
}

fn uid(n: u32) -> String {
    format!("working-group-on-firearms-meeting-{n}@workplan")
}

fn event_of(events: &[icalendar::Event], n: u32) -> &icalendar::Event {
    events
        .iter()
        .find(|e| e.get_uid() == Some(uid(n).as_str()))
        .unwrap_or_else(|| panic!("no event for the meeting {n}"))
}

/// A planned meeting without dates is in the calendar as a tentative entry that does not
/// block time, on 1 January of its year, saying its dates are not set.
fn assert_tentative(e: &icalendar::Event, year: i32) {
    assert_eq!(e.property_value("STATUS"), Some("TENTATIVE"), "{e:?}");
    assert_eq!(e.property_value("TRANSP"), Some("TRANSPARENT"), "{e:?}");
    let summary = e.get_summary().unwrap();
    assert!(
        summary.ends_with(&format!("({year}, dates not yet set)")),
        "{summary}"
    );
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    assert_eq!(day(e.get_start()), first);
    assert_eq!(day(e.get_end()), first.succ_opt().unwrap());
}

#[test]
fn ics_gives_planned_meetings_without_dates_as_tentative_entries() {
    let run = export(SHIPPED, "ics");
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "", "nothing is left out");
    let events = events(&run.stdout);
    for (n, year) in (12..=19).zip(2025..) {
        let e = event_of(&events, n);
        assert_tentative(e, year);
        assert!(
            e.get_description()
                .unwrap()
                .starts_with(&format!("Planned for {year}; the dates are not yet set."))
        );
    }
    let twelfth = event_of(&events, 12);
    assert!(
        twelfth
            .get_description()
            .unwrap()
            .contains("Agenda item 3 (fixed): T3: Confiscation")
    );
    // Dated meetings are not tentative and block their days.
    let tenth = event_of(&events, 10);
    assert_eq!(tenth.property_value("STATUS"), Some("CONFIRMED"));
    assert_eq!(tenth.property_value("TRANSP"), None);
}

#[test]
fn ics_of_a_realigned_plan_has_the_12th_to_20th_meetings_tentative() {
    let dir = tempfile::tempdir().unwrap();
    let revised = dir.path().join("revised.yaml");
    let out = workplan()
        .args(["realign", SHIPPED, "--delay", "C2=+2", "-o"])
        .arg(&revised)
        .output()
        .unwrap();
    assert!(revised.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let calendar = dir.path().join("revised.ics");
    let out = workplan()
        .args(["export", "--format", "ics", "-o"])
        .arg(&calendar)
        .arg(&revised)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = events(&std::fs::read_to_string(&calendar).unwrap());
    let plan = workplan::plan::parse(&std::fs::read_to_string(&revised).unwrap())
        .unwrap()
        .plan;
    for n in 12..=20 {
        let m = plan
            .meeting(workplan::plan::MeetingNumber::new(n))
            .unwrap_or_else(|| panic!("meeting {n}"));
        assert_tentative(event_of(&events, n), m.year);
    }
}

#[test]
fn ics_event_keeps_its_uid_when_the_meeting_gets_dates() {
    // The revised fixture dates the 12th meeting (4-5 November 2025) that the shipped
    // plan has without dates: re-importing the calendar updates the same event.
    let before = events(&export(SHIPPED, "ics").stdout);
    let after = events(&export(REVISED, "ics").stdout);
    let (was, now) = (event_of(&before, 12), event_of(&after, 12));
    assert_eq!(was.property_value("STATUS"), Some("TENTATIVE"));
    assert_eq!(day(now.get_start()), date("2025-11-04"));
    assert_ne!(now.property_value("TRANSP"), Some("TRANSPARENT"));
    // The stamp is later, so calendar clients take the new version.
    assert!(now.property_value("DTSTAMP") > was.property_value("DTSTAMP"));
}

#[test]
fn ics_leaves_notes_out_unless_asked() {
    let plain = export(SHIPPED, "ics").stdout;
    assert!(!plain.contains("Note:"), "notes are internal by default");
    let out = workplan()
        .args(["export", SHIPPED, "--format", "ics", "--notes"])
        .output()
        .unwrap();
    let with_notes = String::from_utf8(out.stdout).unwrap();
    let seventh = events(&with_notes)
        .into_iter()
        .find(|e| e.get_uid() == Some(uid(7).as_str()))
        .unwrap();
    assert!(
        seventh
            .get_description()
            .unwrap()
            .contains("Note: Planned for 17-18 March 2020")
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

// ---- the annex's questions for discussion ----

/// Every question of every fixed topic comes after its topic's heading and before the
/// next topic's.
fn assert_questions_under_topics(
    text: &str,
    heading: impl Fn(&str, &str) -> String,
    item: impl Fn(&str) -> String,
) {
    let plan = workplan::plan::parse(&std::fs::read_to_string(root().join(SHIPPED)).unwrap())
        .unwrap()
        .plan;
    let starts: Vec<usize> = plan
        .fixed_topics
        .iter()
        .map(|t| {
            text.find(&heading(t.id.as_str(), &t.title))
                .unwrap_or_else(|| panic!("no heading for {}", t.id))
        })
        .collect();
    assert!(
        plan.fixed_topics
            .iter()
            .map(|t| t.issue_count())
            .sum::<usize>()
            >= 60
    );
    for (i, t) in plan.fixed_topics.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let section = &text[starts[i]..end];
        // T10 has none: the annex lists no issues for it.
        for q in t.issues().map(|q| q.one_line()) {
            assert!(section.contains(&item(&q)), "{}: {q}", t.id);
        }
    }
}

#[test]
fn md_export_has_the_questions_for_discussion_under_their_topics() {
    let run = export(SHIPPED, "md");
    assert_questions_under_topics(
        &run.stdout,
        |id, title| format!("\n### {id}: {title}\n"),
        |q| format!("\n- {q}\n"),
    );
    assert!(run.stdout.contains(
        "### T6: Record-keeping; marking\n\nArticles 7, 8. Scheduled for the 15th meeting (2028).\n"
    ));
}

#[test]
fn html_export_has_the_questions_for_discussion_under_their_topics() {
    let run = export(SHIPPED, "html");
    // The shipped titles and questions have no character HTML escapes but quotes.
    let esc = |s: &str| s.replace('"', "&quot;").replace('\'', "&#39;");
    assert_questions_under_topics(
        &run.stdout,
        |id, title| format!("<h3>{id}: {}</h3>", esc(title)),
        |q| format!("<li>{}</li>", esc(q)),
    );
}
