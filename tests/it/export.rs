//! `workplan export`, driven through the real binary: golden files of every format,
//! the escaping each format needs, and the ICS read back by an independent parser.

use crate::common;

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
            "findings",
            "flexible_text",
            "agenda",
            "note"
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

const ANNEX: &str = "tests/fixtures/annex-groups.yaml";

fn plan_of(path: &str) -> workplan::plan::Plan {
    workplan::plan::parse(&std::fs::read_to_string(root().join(path)).unwrap())
        .unwrap()
        .plan
}

/// `text` without the pieces from each `open` to the next `close` (footnote references).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Every issue of every fixed topic comes after the topic's heading as the annex words
/// it ("Topic 1: articles 3 (Use of terms) and …") and before the next topic's; so do
/// its groups' headings and lead-ins. `text` comes without its footnote references;
/// `esc` is the format's escaping of the shipped plan's text.
fn assert_questions_under_topics(
    text: &str,
    esc: impl Fn(&str) -> String,
    heading: impl Fn(&str) -> String,
    items: &[&str],
) {
    use workplan::plan::annex::{Question, without_notes};
    let plan = plan_of(SHIPPED);
    let starts: Vec<usize> = plan
        .fixed_topics
        .iter()
        .map(|t| {
            let h = heading(&esc(&plan.topic_heading(t).unwrap()));
            text.find(&h)
                .unwrap_or_else(|| panic!("no heading {h} for {}", t.id))
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
        for q in t.issues() {
            let q = esc(&without_notes(q.text));
            assert!(
                items
                    .iter()
                    .any(|item| section.contains(&item.replace("{}", &q))),
                "{}: {q}",
                t.id
            );
        }
        for q in &t.questions {
            if let Question::Group(g) = q {
                for part in [&g.heading, &g.lead_in].into_iter().flatten() {
                    let part = esc(&without_notes(part));
                    assert!(section.contains(&part), "{}: {part}", t.id);
                }
            }
        }
    }
}

#[test]
fn md_export_has_the_questions_for_discussion_under_their_topics() {
    let md = export(SHIPPED, "md").stdout;
    // A list right after another takes `*`.
    assert_questions_under_topics(
        &without(&md, "[^", "]"),
        str::to_owned,
        |heading| format!("\n### {heading}\n"),
        &["\n- {}\n", "\n* {}\n"],
    );
    let plan = plan_of(SHIPPED);
    let t6 = plan
        .fixed_topics
        .iter()
        .find(|t| t.id.as_str() == "T6")
        .unwrap();
    let line = format!(
        "\nT6: {} — Fifteenth meeting of the Working Group on Firearms (2028)\n",
        t6.title
    );
    assert!(md.contains(&line), "{line}");
}

#[test]
fn html_export_has_the_questions_for_discussion_under_their_topics() {
    let html = export(SHIPPED, "html").stdout;
    // The shipped titles and questions have no character HTML escapes but quotes.
    assert_questions_under_topics(
        &without(&html, "<sup class=\"note-ref\">", "</sup>"),
        |s| s.replace('"', "&quot;").replace('\'', "&#39;"),
        |heading| format!("<h3>{heading}</h3>"),
        &["<li>{}</li>"],
    );
}

/// The annex as a small plan sets it out: heading, meeting, introduction, each group's
/// heading, lead-in and issues, footnotes numbered in order of first reference (a
/// reference to a note the plan lacks is left out).
#[test]
fn md_sets_out_the_annex_groups_and_footnotes() {
    let md = export(ANNEX, "md").stdout;
    let expected = "\n### Topic 1: articles 3 (Use of terms) and 5 (Criminalization)\n\n\
        T1: Use of terms; criminalization — Tenth meeting of the Working Group on Widgets (2023)\n\n\
        Under the topic, the Working Group will explore the terms[^1]; participants will exchange views on the following issues:\n\n\
        #### General\n\n\
        - Challenges in defining the items[^1]\n\n\
        #### Article 5, paragraph 1\n\n\
        National experiences in criminalizing and adjudicating:\n\n\
        - Illicit manufacturing[^2]\n\
        - Illicit trafficking\n\n\
        * A plain issue after the groups\n\n\
        ### Topic 2: record-keeping, a label of its own\n";
    assert!(md.contains(expected), "{md}");
    assert!(
        md.ends_with(
            "\n[^1]: Including parts, components and ammunition.\n\
             [^2]: Also known as craft production.\n"
        ),
        "{md}"
    );
    // The reference to a note the plan lacks is left out of the annex; only `check`'s
    // finding names it.
    assert_eq!(
        md.matches("nowhere").count(),
        md.matches("refers to \\[^nowhere\\]").count(),
        "{md}"
    );
}

#[test]
fn html_sets_out_the_annex_groups_and_footnotes() {
    let html = export(ANNEX, "html").stdout;
    let expected = "<h3>Topic 1: articles 3 (Use of terms) and 5 (Criminalization)</h3>\
        <p class=\"topic-of\">T1: Use of terms; criminalization — Tenth meeting of the Working Group on Widgets (2023)</p>\
        <p>Under the topic, the Working Group will explore the terms<sup class=\"note-ref\"><a href=\"#note-1\" id=\"ref-1\">1</a></sup>; participants will exchange views on the following issues:</p>\
        <h4>General</h4><ul><li>Challenges in defining the items<sup class=\"note-ref\"><a href=\"#note-1\">1</a></sup></li></ul>\
        <h4>Article 5, paragraph 1</h4><p class=\"lead-in\">National experiences in criminalizing and adjudicating:</p>\
        <ul><li>Illicit manufacturing<sup class=\"note-ref\"><a href=\"#note-2\" id=\"ref-2\">2</a></sup></li><li>Illicit trafficking</li></ul>\
        <ul><li>A plain issue after the groups</li></ul>\
        <h3>Topic 2: record-keeping, a label of its own</h3>";
    assert!(html.contains(expected), "{html}");
    assert!(html.contains(
        "<ol class=\"notes\"><li id=\"note-1\">Including parts, components and ammunition. <a href=\"#ref-1\" aria-label=\"back to the text\">↩</a></li>\
         <li id=\"note-2\">Also known as craft production. <a href=\"#ref-2\" aria-label=\"back to the text\">↩</a></li></ol>"
    ));
    assert_eq!(
        html.matches("nowhere").count(),
        html.matches("refers to [^nowhere]").count(),
        "{html}"
    );
}

/// The list of flexible topics the meetings choose from, with its source, related
/// articles, whether it may recur and where it is taken up.
#[test]
fn md_and_html_list_the_flexible_topics() {
    let md = export(ANNEX, "md").stdout;
    assert!(
        md.contains(
            "\n## Flexible topics (agenda item 2)\n\n\
         | Topic | Source | Related articles | Recurring | Taken up at |\n|---|---|---|---|---|\n\
         | F1: Gender perspectives | non-exclusive list | article 5 | yes | 12th |\n\
         | F2: Online sales | additional, approved by the extended Bureau | — | no | — |\n"
        ),
        "{md}"
    );
    let html = export(ANNEX, "html").stdout;
    assert!(html.contains(
        "<tr><td><span class=\"id\">F1</span> Gender perspectives</td><td>non-exclusive list</td>\
         <td>article 5</td><td>yes</td><td>12th</td></tr>"
    ), "{html}");
    assert!(html.contains("<h2>Flexible topics (agenda item 2)</h2>"));
    // Every shipped flexible topic is listed.
    let shipped = export(SHIPPED, "md").stdout;
    for t in plan_of(SHIPPED).flexible_topics {
        assert!(
            shipped.contains(&format!("\n| {}: {} |", t.id, t.title)),
            "{}",
            t.id
        );
    }
}

/// The table's caption is on the line right before it (Markdown), in the table (HTML).
#[test]
fn the_caption_is_where_its_table_is() {
    let caption = "Meetings of the Working Group on Widgets; agenda item 2 is chosen meeting by \
                   meeting, agenda item 3 follows the fixed timeline.";
    let md = export(ANNEX, "md").stdout;
    assert!(
        md.contains(&format!(
            "\n*{caption}*\n\n| Year and meeting | Agenda item 2 (flexible) |"
        )),
        "{md}"
    );
    assert_eq!(md.matches(caption).count(), 1);
    let html = export(ANNEX, "html").stdout;
    // The caption is the table's first child, as HTML wants it.
    assert!(
        html.contains(&format!("<table><caption>{caption}</caption><colgroup>")),
        "{html}"
    );
}

/// A planned meeting with neither topic is marked as such in the tables and on the
/// timeline; the flexible cell says what the plan states while no topic is chosen.
#[test]
fn a_meeting_without_topics_is_marked_and_the_flexible_text_shown() {
    let md = export(ANNEX, "md").stdout;
    assert!(
        md.contains("\n| 2024, 11th meeting | *no topic set* | *no topic set* |"),
        "{md}"
    );
    assert!(md.contains(
        "\n| 2023, 10th meeting | One topic from the non-exclusive list<br>or an additional topic approved by the extended Bureau | T1:"
    ), "{md}");
    let html = export(ANNEX, "html").stdout;
    let row = html.find("<strong>2024</strong>, 11th meeting").unwrap();
    let tr = html[..row].rfind("<tr").unwrap();
    assert!(
        html[tr..].starts_with("<tr class=\"unset\">"),
        "{}",
        &html[tr..row]
    );
    let end = row + html[row..].find("</tr>").unwrap();
    assert_eq!(
        html[row..end]
            .matches("<span class=\"unset\">no topic set</span>")
            .count(),
        2
    );
    assert!(html.contains(
        "<td>One topic from the non-exclusive list<br>or an additional topic approved by the extended Bureau</td>"
    ));
    // On the timeline: a mark with its tooltip in the flexible row.
    let svg = &html[html.find("<svg class=\"timeline\"").unwrap()..html.find("</svg>").unwrap()];
    assert!(
        svg.contains("<g><title>11th meeting (2024): no topic set</title><rect"),
        "{svg}"
    );
    assert_eq!(svg.matches("data-key=\"unset\"").count(), 1, "{svg}");
}

/// `--previous` is the calendar last published: read within the plan's size limit,
/// refused for the other formats, and a file that is not there is an error, not a
/// calendar counted from zero.
#[test]
fn ics_previous_is_for_the_calendar_only_and_must_be_readable() {
    let run = |args: &[&str]| {
        let out = workplan().args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["export", SHIPPED, "--format", "md", "--previous", SHIPPED]);
    assert_eq!(code, Some(2));
    assert!(err.contains("applies to --format ics only"), "{err}");
    let (code, err) = run(&[
        "export",
        SHIPPED,
        "--format",
        "ics",
        "--previous",
        "no/such.ics",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("cannot read the previous calendar no/such.ics"),
        "{err}"
    );
    // Any readable text will do: a plan file is no calendar, so every SEQUENCE is 0.
    let out = workplan()
        .args(["export", SHIPPED, "--format", "ics", "--previous", SHIPPED])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.matches("SEQUENCE:0").count(),
        text.matches("BEGIN:VEVENT").count()
    );
}
