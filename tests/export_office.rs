//! The DOCX and XLSX exports and `workplan diff --format docx`, read back by readers that
//! share no code with ours: python-docx, openpyxl (tests/readers/*.py) and LibreOffice.
//! Where a reader is missing the test says "skipped" and passes, so `cargo test` passes
//! on any machine; `.ci/run` installs them and sets WORKPLAN_REQUIRE_TOOLS, which turns
//! a missing reader into a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, workplan};
use serde_json::Value;
use workplan::plan::annex::{Question, without_notes};
use workplan::plan::{Meeting, Plan, ordinal};

const SHIPPED: &str = "plans/firearms.yaml";
const REVISED: &str = "tests/fixtures/firearms-revised.yaml";
const HOSTILE: &str = "tests/fixtures/hostile-titles.yaml";
const PROPOSAL: &str = "plans/firearms-2022-proposal.yaml";

/// True when `probe` runs; otherwise a note (or, under WORKPLAN_REQUIRE_TOOLS, a failure).
fn have(what: &str, probe: &mut Command) -> bool {
    let present = probe.output().is_ok_and(|o| o.status.success());
    if !present {
        assert!(
            std::env::var_os("WORKPLAN_REQUIRE_TOOLS").is_none(),
            "{what} is not installed; .ci/run installs it"
        );
        eprintln!("skipped: {what} is not installed (run .ci/run to install it)");
    }
    present
}

fn python_module(module: &str) -> bool {
    have(
        &format!("the Python module {module}"),
        Command::new("python3").args(["-c", &format!("import {module}")]),
    )
}

fn load(path: &str) -> Plan {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    workplan::plan::parse(&text).unwrap().plan
}

/// `workplan ARGS -o DIR/NAME`; returns the written file.
fn write(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let out = workplan().args(args).arg("-o").arg(&path).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(path.exists(), "{args:?} wrote nothing");
    path
}

fn read(reader: &str, file: &Path) -> Value {
    let out = Command::new("python3")
        .arg(root().join("tests/readers").join(reader))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{reader} could not read {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn table(doc: &Value, i: usize) -> Vec<Vec<String>> {
    doc["tables"][i]
        .as_array()
        .unwrap()
        .iter()
        .map(strings)
        .collect()
}

fn on_workplan(m: &Meeting) -> bool {
    m.fixed.is_some() || m.flexible.is_some() || !m.status.is_history()
}

/// The paragraphs as docx_structure.py reads them: (style, text), and the list paragraphs.
fn styled(doc: &Value) -> Vec<(String, String, bool)> {
    doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["style"].as_str().unwrap_or_default().to_owned(),
                p["text"].as_str().unwrap().to_owned(),
                p["numbered"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn structure_table(doc: &Value, i: usize) -> Vec<Vec<String>> {
    doc["tables"][i]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(strings)
        .collect()
}

/// The Word document of `path` as docx_structure.py reads it.
fn word(dir: &Path, path: &str) -> Value {
    let file = write(dir, "plan.docx", &["export", path, "--format", "docx"]);
    read("docx_structure.py", &file)
}

/// The summary table's cells for a meeting, as the paper fills them.
fn summary_row(plan: &Plan, m: &Meeting) -> Vec<String> {
    let flexible = match (&m.flexible, &m.flexible_text) {
        (Some(id), _) => plan.flexible_topic(id).unwrap().title.clone(),
        // Alternatives, one a line, with "or" between them as the paper prints them.
        (None, Some(text)) => text.lines().collect::<Vec<_>>().join("\nor\n"),
        (None, None) => String::new(),
    };
    let fixed = m
        .fixed
        .as_ref()
        .map(|id| plan.topic_heading(plan.fixed_topic(id).unwrap()).unwrap())
        .unwrap_or_default();
    vec![
        format!("{} {} meeting", m.year, ordinal(m.number)),
        without_notes(&flexible).into_owned(),
        fixed,
    ]
}

/// The annex read back: the title; for each meeting with a fixed topic, in meeting order,
/// its heading (Heading 1) and the topic's heading (Heading 2), then the topic's groups
/// (Heading 3) and issues as list paragraphs; the summary table cell for cell; the
/// flexible topics; after them the clusters table and the findings.
fn check_annex(path: &str) {
    if !python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = word(dir.path(), path);
    let plan = load(path);
    let paragraphs = styled(&doc);
    assert_eq!(paragraphs[0], ("Title".into(), plan.title.clone(), false));

    let mut meetings: Vec<&Meeting> = plan.meetings.iter().collect();
    meetings.sort_by_key(|m| m.number);
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|p| p.0 == "Heading 1")
        .map(|p| p.1.as_str())
        .collect();
    let with_topic: Vec<String> = meetings
        .iter()
        .filter(|m| m.fixed.is_some())
        .map(|m| plan.meeting_heading(m.number))
        .collect();
    assert_eq!(headings[..with_topic.len()], with_topic[..]);

    let mut shown = Vec::new();
    for m in meetings.iter().filter(|m| m.fixed.is_some()) {
        let t = plan.fixed_topic(m.fixed.as_ref().unwrap()).unwrap();
        let at = paragraphs
            .iter()
            .position(|p| p.0 == "Heading 1" && p.1 == plan.meeting_heading(m.number))
            .unwrap();
        let topic = plan.topic_heading(t).unwrap();
        assert_eq!(paragraphs[at + 1], ("Heading 2".into(), topic, false));
        if shown.contains(&t.id) {
            continue;
        }
        shown.push(t.id.clone());
        let under = &paragraphs[at + 2..];
        let end = under.iter().position(|p| p.0 == "Heading 1").unwrap();
        let issues: Vec<&str> = under[..end]
            .iter()
            .filter(|p| p.2)
            .map(|p| p.1.as_str())
            .collect();
        let expected: Vec<String> = t.issues().map(|i| without_notes(i.text).into()).collect();
        assert_eq!(issues, expected, "issues of {}", t.id);
        let groups: Vec<&str> = under[..end]
            .iter()
            .filter(|p| p.0 == "Heading 3")
            .map(|p| p.1.as_str())
            .collect();
        let expected: Vec<&str> = t
            .questions
            .iter()
            .filter_map(|q| match q {
                Question::Group(g) => g.heading.as_deref(),
                Question::Issue(_) => None,
            })
            .collect();
        assert_eq!(groups, expected, "groups of {}", t.id);
    }
    // No issue is a typed bullet: each is a list paragraph.
    assert!(paragraphs.iter().all(|p| !p.1.starts_with('•')));

    let summary = structure_table(&doc, 0);
    assert_eq!(
        summary[0],
        [
            "Year and meeting",
            "Agenda item 2 (flexible)",
            "Agenda item 3 (fixed)"
        ]
    );
    let rows: Vec<Vec<String>> = meetings
        .iter()
        .filter(|m| on_workplan(m))
        .map(|m| summary_row(&plan, m))
        .collect();
    assert_eq!(summary[1..], rows[..]);

    // The flexible topics, listed after the summary table.
    let listed: Vec<&str> = paragraphs
        .iter()
        .skip_while(|p| !p.1.starts_with("Non-exclusive list of priority topics"))
        .skip(1)
        .take_while(|p| p.2)
        .map(|p| p.1.as_str())
        .collect();
    let titles: Vec<&str> = plan
        .flexible_topics
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(listed, titles);

    let tables = doc["tables"].as_array().unwrap().len();
    let clusters = (0..tables)
        .map(|i| structure_table(&doc, i))
        .find(|t| t[0][0] == "Cluster")
        .unwrap();
    assert_eq!(clusters.len(), plan.clusters.len() + 1);
    for (row, c) in clusters[1..].iter().zip(&plan.clusters) {
        assert_eq!(row[0], c.id.as_str());
        assert_eq!(row[2], format!("{}–{}", c.review.start, c.review.end));
    }

    let findings = workplan::check::check(&plan);
    let last = structure_table(&doc, tables - 1);
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.1.as_str()).collect();
    if findings.is_empty() {
        assert!(texts.contains(&"The plan checks clean: no findings."));
    } else {
        assert_eq!(last[0], ["Severity", "Code", "Concerns", "Finding"]);
        let messages: Vec<&str> = last[1..].iter().map(|r| r[3].as_str()).collect();
        let expected: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, expected);
    }
}

/// What makes a Word document of either file: the named styles, list paragraphs, table
/// style and width, repeated header rows, headings kept with the next paragraph, A4
/// portrait, the PAGE field in the footer, the language, the core properties, and every
/// property element in the schema's order.
fn check_word(doc: &Value, title: &str, author: Option<&str>) {
    let sections = doc["sections"].as_array().unwrap();
    assert!(!sections.is_empty());
    for s in sections {
        assert_eq!(
            (&s["page_width"], &s["page_height"]),
            (&11906.into(), &16838.into())
        );
        assert_eq!(s["portrait"], true);
        assert!(
            strings(&s["footer_fields"]).contains(&"PAGE".to_owned()),
            "{s}"
        );
    }
    let text_width = 11906
        - sections[0]["left_margin"].as_i64().unwrap()
        - sections[0]["right_margin"].as_i64().unwrap();
    for t in doc["tables"].as_array().unwrap() {
        assert_eq!(t["style"], "Table Grid");
        assert_eq!(t["header_repeats"], true, "{t}");
        assert_eq!(t["own_borders"], 0, "the style draws the borders: {t}");
        assert_eq!(t["width"][1], "dxa");
        let width: i64 = t["width"][0].as_str().unwrap().parse().unwrap();
        assert!(
            width <= text_width && t["grid"].as_i64().unwrap() <= text_width,
            "{t}"
        );
    }
    for p in doc["paragraphs"].as_array().unwrap() {
        let style = p["style"].as_str().unwrap_or_default();
        if style == "Title" || style.starts_with("Heading") {
            assert_eq!(p["keep_next"], true, "{p}");
        }
    }
    assert_eq!(doc["language"], "en-GB");
    assert_eq!(doc["title"], title);
    assert_eq!(doc["author"].as_str().filter(|a| !a.is_empty()), author);
    assert_eq!(doc["out_of_order"], serde_json::json!([]));
}

/// The Word annex as the fixture writes the paper's annex: one element a line, opened by
/// its kind (tests/fixtures/annex-2022.txt says how). The kind is read from the
/// document's structure (styles, list paragraphs), not from the words.
fn annex_lines(doc: &Value, notes: &[(String, String)]) -> Vec<String> {
    // Footnotes are numbered from 1 in the document; the paper numbers them from 2.
    let number = |id: &str| {
        let text = doc["footnotes"][id].as_str().unwrap();
        notes
            .iter()
            .find(|(_, t)| t == text)
            .map_or(id.to_owned(), |(n, _)| n.clone())
    };
    // Two passes, so that a renumbered reference is not renumbered again.
    let marked = |s: &str| {
        let ids = doc["footnotes"].as_object().unwrap().keys();
        let mut out = s.to_owned();
        for id in ids.clone() {
            out = out.replace(&format!("[^{id}]"), &format!("[^\u{0}{id}]"));
        }
        for id in ids {
            out = out.replace(&format!("[^\u{0}{id}]"), &format!("[^{}]", number(id)));
        }
        out
    };
    let mut lines = Vec::new();
    let mut previous = "";
    for p in doc["paragraphs"].as_array().unwrap().iter().skip(1) {
        let text = p["marked"].as_str().unwrap();
        if text.starts_with("As such, the substantive agenda items") {
            break;
        }
        let kind = match (
            p["style"].as_str().unwrap(),
            p["numbered"].as_bool().unwrap(),
        ) {
            ("Heading 1", _) => "meeting",
            ("Heading 2", _) => "topic",
            ("Heading 3", _) => "group",
            (_, true) => "issue",
            _ if previous == "topic" && text.starts_with("Article") => "articles",
            _ if previous == "topic" || previous == "articles" => "intro",
            _ if previous == "group" => "lead-in",
            _ => "paragraph",
        };
        lines.push(format!("{kind}: {}", marked(text)));
        previous = kind;
    }
    let mut ids: Vec<&String> = doc["footnotes"].as_object().unwrap().keys().collect();
    ids.sort_by_key(|id| id.parse::<i64>().unwrap());
    for id in ids {
        let text = doc["footnotes"][id.as_str()].as_str().unwrap();
        lines.push(format!("footnote: [^{}]: {text}", number(id)));
    }
    let summary = structure_table(doc, 0);
    lines.push(format!("header: {}", summary[0].join(" | ")));
    for row in &summary[1..] {
        let cells: Vec<String> = row.iter().map(|c| c.replace('\n', " ")).collect();
        lines.push(format!("row: {}", cells.join(" | ")));
    }
    lines
}

/// The paper's annex, kept as a fixture derived from the background paper of 9 February
/// 2022, against the Word annex of the plan that carries it: every meeting heading, topic
/// label, articles line, introduction, group, lead-in, issue and footnote in the paper's
/// order and words, and the summary table cell for cell.
#[test]
fn docx_of_the_2022_proposal_is_the_papers_annex_word_for_word() {
    if !python_module("docx") {
        return;
    }
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/annex-2022.txt")).unwrap();
    let expected: Vec<&str> = fixture
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let notes: Vec<(String, String)> = expected
        .iter()
        .filter_map(|l| l.strip_prefix("footnote: [^"))
        .filter_map(|l| l.split_once("]: "))
        .map(|(n, t)| (n.to_owned(), t.to_owned()))
        .collect();
    assert_eq!(notes.len(), 3, "the paper's footnotes 2 to 4");
    let dir = tempfile::tempdir().unwrap();
    let doc = word(dir.path(), PROPOSAL);
    let actual = annex_lines(&doc, &notes);
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "line {} of the annex", i + 1);
    }
    assert_eq!(actual.len(), expected.len(), "{actual:#?}");
}

#[test]
fn docx_is_a_word_document_with_styles_lists_and_a4_pages() {
    if !python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = load(SHIPPED);
    let doc = word(dir.path(), SHIPPED);
    check_word(&doc, &plan.title, plan.body.as_deref());
    let styles: Vec<String> = styled(&doc).into_iter().map(|p| p.0).collect();
    for s in ["Title", "Heading 1", "Heading 2", "List Paragraph"] {
        assert!(styles.contains(&s.to_owned()), "no {s} paragraph");
    }
    // Groups of issues are headed in Heading 3.
    let grouped = plan
        .fixed_topics
        .iter()
        .flat_map(|t| &t.questions)
        .any(|q| matches!(q, Question::Group(g) if g.heading.is_some()));
    assert_eq!(styles.contains(&"Heading 3".to_owned()), grouped);
    assert!(styled(&doc).iter().any(|p| p.0 == "List Paragraph" && p.2));
    // The Secretariat's part starts on a page of its own, the caption with its table.
    let paragraphs = doc["paragraphs"].as_array().unwrap();
    let timeline = paragraphs
        .iter()
        .position(|p| p["text"] == "Timeline")
        .unwrap();
    assert_eq!(paragraphs[timeline]["page_break_before"], true);
    assert_eq!(paragraphs[timeline + 1]["style"], "Caption");
    assert_eq!(paragraphs[timeline + 1]["keep_next"], true);

    let amendment = write(
        dir.path(),
        "amendment.docx",
        &["diff", SHIPPED, REVISED, "--format", "docx"],
    );
    let doc = read("docx_structure.py", &amendment);
    let title = strings(&read("read_docx.py", &amendment)["paragraphs"])[0].clone();
    check_word(&doc, &title, None);
}

#[test]
fn docx_of_the_shipped_plan_reads_back_with_python_docx() {
    check_annex(SHIPPED);
}

#[test]
fn docx_of_the_revised_plan_reads_back_with_python_docx() {
    check_annex(REVISED);
}

#[test]
fn docx_of_the_2022_proposal_reads_back_with_python_docx() {
    check_annex(PROPOSAL);
}

#[test]
fn docx_keeps_hostile_titles_as_text() {
    if !python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "hostile.docx",
        &["export", HOSTILE, "--format", "docx"],
    );
    let doc = read("read_docx.py", &file);
    let paragraphs = strings(&doc["paragraphs"]);
    assert_eq!(
        paragraphs[0],
        "<script>alert('plan')</script> Workplan | 2023; draft"
    );
    let tables = doc["tables"].as_array().unwrap().len();
    let cells: Vec<String> = (0..tables).flat_map(|i| table(&doc, i)).flatten().collect();
    // The line break inside a title is a line of its own, not lost or escaped.
    assert!(
        cells
            .iter()
            .any(|c| c.contains("Criminalization | sentencing\nsecond line: #1; see %% notes")),
        "{cells:?}"
    );
}

#[test]
fn diff_docx_has_the_as_adopted_as_proposed_table() {
    if !python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "amendment.docx",
        &["diff", SHIPPED, REVISED, "--format", "docx"],
    );
    let doc = read("read_docx.py", &file);
    let rows = table(&doc, 0);
    assert_eq!(
        rows[0],
        [
            "Meeting",
            "Year",
            "Agenda item 3 (fixed) as adopted",
            "As proposed",
            "Agenda item 2 (flexible) as adopted",
            "As proposed"
        ]
    );
    assert_eq!(
        rows[1][..4],
        ["13th meeting", "2026", "T4: Information", "T5: Cooperation"]
    );
    assert_eq!(
        rows[2][..4],
        ["14th meeting", "2027", "T5: Cooperation", "T4: Information"]
    );
    let paragraphs = strings(&doc["paragraphs"]);
    assert!(paragraphs.contains(&"8 changes; 1 finding appears, 0 resolved.".to_owned()));
    assert!(paragraphs.contains(&"•\tcluster C4: review window 2023-2026 -> 2023-2027".to_owned()));
    let findings = table(&doc, 1);
    assert_eq!(findings[1][..3], ["New", "info", "flexible-overlaps-fixed"]);
}

/// The sheets read back: typed cells (numbers, dates, text), every meeting, cluster and
/// question, and no formula whatever the titles say.
fn sheets(path: &str) -> Option<Vec<Value>> {
    if !python_module("openpyxl") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "plan.xlsx",
        &["export", path, "--format", "xlsx"],
    );
    let v = read("read_xlsx.py", &file);
    Some(v.as_array().unwrap().clone())
}

fn rows(sheet: &Value) -> &Vec<Value> {
    sheet["rows"].as_array().unwrap()
}

#[test]
fn xlsx_reads_back_with_openpyxl_in_typed_cells() {
    let Some(sheets) = sheets(REVISED) else {
        return;
    };
    let titles: Vec<&str> = sheets
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Meetings", "Clusters", "Topics"]);
    let plan = load(REVISED);

    let meetings = rows(&sheets[0]);
    assert_eq!(meetings.len(), plan.meetings.len() + 1);
    let mut sorted: Vec<&Meeting> = plan.meetings.iter().collect();
    sorted.sort_by_key(|m| m.number);
    for (row, m) in meetings[1..].iter().zip(sorted) {
        assert_eq!(row[0], serde_json::json!(["n", m.number]));
        assert_eq!(row[1], serde_json::json!(["n", m.year]));
        match m.start {
            Some(d) => assert_eq!(row[2], serde_json::json!(["d", d.to_string()])),
            None => assert!(row[2].is_null()),
        }
        assert_eq!(row[5], serde_json::json!(["s", m.status.as_str()]));
        match &m.fixed {
            Some(id) => assert_eq!(row[8], serde_json::json!(["s", id.as_str()])),
            None => assert!(row[8].is_null()),
        }
    }
    // The 12th meeting: postponed to 4-5 November 2025, in Vienna.
    let twelfth = meetings[1..]
        .iter()
        .find(|r| r[0] == serde_json::json!(["n", 12]))
        .unwrap();
    assert_eq!(twelfth[3], serde_json::json!(["d", "2025-11-05"]));
    assert_eq!(twelfth[4], serde_json::json!(["s", "Vienna"]));

    let clusters = rows(&sheets[1]);
    assert_eq!(clusters.len(), plan.clusters.len() + 1);
    for (row, c) in clusters[1..].iter().zip(&plan.clusters) {
        assert_eq!(row[0], serde_json::json!(["s", c.id.as_str()]));
        assert_eq!(row[2], serde_json::json!(["n", c.review.start]));
        assert_eq!(row[3], serde_json::json!(["n", c.review.end]));
    }

    // One row per question of each fixed topic, then one per flexible topic.
    let topics = rows(&sheets[2]);
    let questions: Vec<(String, String)> = topics[1..]
        .iter()
        .filter(|r| r[1] == serde_json::json!(["s", "3 (fixed)"]) && !r[5].is_null())
        .map(|r| {
            (
                r[0][1].as_str().unwrap().to_owned(),
                r[5][1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // T10 has no questions in the annex, and still its row.
    assert!(
        topics
            .iter()
            .any(|r| r[0] == serde_json::json!(["s", "T10"]) && r[5].is_null())
    );
    let expected: Vec<(String, String)> = plan
        .fixed_topics
        .iter()
        .flat_map(|t| t.issues().map(move |q| (t.id.to_string(), q.one_line())))
        .collect();
    assert_eq!(questions, expected);
    let flexible = topics[1..]
        .iter()
        .filter(|r| r[1] == serde_json::json!(["s", "2 (flexible)"]))
        .count();
    assert_eq!(flexible, plan.flexible_topics.len());
}

#[test]
fn xlsx_cells_never_hold_a_formula() {
    let Some(sheets) = sheets(HOSTILE) else {
        return;
    };
    let cells: Vec<&Value> = sheets
        .iter()
        .flat_map(|s| rows(s).iter())
        .flat_map(|r| r.as_array().unwrap())
        .filter(|c| !c.is_null())
        .collect();
    assert!(cells.iter().all(|c| c[0] != "f"), "a formula cell");
    let texts: Vec<&str> = cells.iter().filter_map(|c| c[1].as_str()).collect();
    for hostile in [
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "+Training",
        "@Tracing",
    ] {
        assert!(texts.contains(&hostile), "{hostile} is kept as text");
    }
}

/// LibreOffice (headless, its own profile) turns each DOCX into a PDF without complaint,
/// and the PDF's text (pdftotext) has the annex's words.
#[test]
fn libreoffice_converts_the_docx_files_to_pdf() {
    if !have("LibreOffice", Command::new("soffice").arg("--version"))
        || !have(
            "pdftotext (poppler-utils)",
            Command::new("pdftotext").arg("-v"),
        )
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let annex = write(
        dir.path(),
        "annex.docx",
        &["export", REVISED, "--format", "docx"],
    );
    let amendment = write(
        dir.path(),
        "amendment.docx",
        &["diff", SHIPPED, REVISED, "--format", "docx"],
    );
    let proposal = write(
        dir.path(),
        "proposal.docx",
        &["export", PROPOSAL, "--format", "docx"],
    );
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&annex)
        .arg(&amendment)
        .arg(&proposal)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.to_lowercase().contains("error"), "{stderr}");
    // The 2022 proposal: the meetings' and topics' headings in the paper's order, then the
    // summary table, and every footnote's text (at the foot of its page).
    let plan = load(PROPOSAL);
    let mut meetings: Vec<&Meeting> = plan.meetings.iter().filter(|m| m.fixed.is_some()).collect();
    meetings.sort_by_key(|m| m.number);
    let mut in_order: Vec<String> = meetings
        .iter()
        .flat_map(|m| {
            let t = plan.fixed_topic(m.fixed.as_ref().unwrap()).unwrap();
            [
                plan.meeting_heading(m.number),
                plan.topic_heading(t).unwrap(),
            ]
        })
        .collect();
    in_order.push(
        "As such, the substantive agenda items of the combined workplan could be as follows:"
            .into(),
    );
    in_order.push("Agenda item 3 (fixed)".into());
    let text = pdf_text(&dir.path().join("proposal.pdf"), &stderr);
    let mut from = 0;
    for h in &in_order {
        let at = text[from..].find(h.as_str());
        assert!(at.is_some(), "proposal.pdf lacks {h:?} after byte {from}");
        from += at.unwrap() + h.len();
    }
    for note in plan.footnotes.values() {
        let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&note),
            "proposal.pdf lacks the footnote {note:?}"
        );
    }
    for (pdf, words) in [
        (
            "annex.pdf",
            &[
                "Agenda item 3 (fixed)",
                "T6: Record-keeping; marking",
                "Measures developed by the manufacturing industry",
                "Review clusters",
            ][..],
        ),
        ("amendment.pdf", &["As proposed", "T5: Cooperation"][..]),
    ] {
        let text = pdf_text(&dir.path().join(pdf), &stderr);
        for w in words {
            assert!(text.contains(w), "{pdf} lacks {w:?}");
        }
    }
}

/// The words of a PDF (pdftotext), one space apart: pdftotext breaks lines where the
/// text wraps, so compare words, not lines.
fn pdf_text(pdf: &Path, stderr: &str) -> String {
    assert!(
        pdf.exists(),
        "LibreOffice wrote no {}: {stderr}",
        pdf.display()
    );
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// ---- writing: -o for every diff format, and no binary onto a terminal ----

#[test]
fn diff_writes_every_format_to_a_file_as_it_would_print_it() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "md", "json"] {
        let printed = workplan()
            .args(["diff", SHIPPED, REVISED, "--format", format])
            .output()
            .unwrap();
        let file = dir.path().join(format!("amendment.{format}"));
        let written = workplan()
            .args(["diff", SHIPPED, REVISED, "--format", format, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(written.status.code(), Some(1), "the plans differ");
        assert!(written.stdout.is_empty(), "{format}: nothing on stdout");
        assert_eq!(std::fs::read(&file).unwrap(), printed.stdout, "{format}");
    }
    // The DOCX is a zip archive, like every Office Open XML file.
    let file = dir.path().join("amendment.docx");
    let out = workplan()
        .args(["diff", SHIPPED, REVISED, "--format", "docx", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::read(&file).unwrap().starts_with(b"PK\x03\x04"));
}

#[test]
fn diff_refuses_to_write_over_a_plan_it_compares() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    std::fs::copy(root().join(SHIPPED), &old).unwrap();
    let before = std::fs::read(&old).unwrap();
    let out = workplan()
        .arg("diff")
        .arg(&old)
        .arg(REVISED)
        .arg("-o")
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one of the plans being compared"));
    assert_eq!(std::fs::read(&old).unwrap(), before);
}

#[test]
fn binary_formats_go_into_a_pipe_but_never_onto_a_terminal() {
    // Into a pipe: the file itself.
    let out = workplan()
        .args(["export", SHIPPED, "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
    // On a terminal (util-linux `script` gives the binary one): refused, with a hint.
    if !have(
        "script (util-linux)",
        Command::new("script").arg("--version"),
    ) {
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("workplan");
    for args in [
        format!("export {SHIPPED} --format docx"),
        format!("diff {SHIPPED} {REVISED} --format docx"),
    ] {
        let out = Command::new("script")
            .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
            .current_dir(root())
            .output()
            .unwrap();
        let screen = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{args}: {screen}");
        assert!(screen.contains("give a file with -o FILE"), "{screen}");
        assert!(
            !screen.contains("PK\u{3}\u{4}"),
            "no archive on the terminal"
        );
    }
}
