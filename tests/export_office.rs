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
use workplan::plan::{Meeting, Plan, ordinal};

const SHIPPED: &str = "plans/firearms.yaml";
const REVISED: &str = "tests/fixtures/firearms-revised.yaml";
const HOSTILE: &str = "tests/fixtures/hostile-titles.yaml";

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

/// The annex read back: the three-column table has every meeting of the workplan with its
/// topics, each fixed topic has its questions under its heading, the clusters table has
/// every window, and the findings table every finding.
fn check_annex(path: &str) {
    if !python_module("docx") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "plan.docx",
        &["export", path, "--format", "docx"],
    );
    let doc = read("read_docx.py", &file);
    let plan = load(path);
    assert_eq!(doc["landscape"], true);

    let agenda = table(&doc, 0);
    assert_eq!(
        agenda[0],
        [
            "Year and meeting",
            "Agenda item 2 (flexible)",
            "Agenda item 3 (fixed)"
        ]
    );
    let mut meetings: Vec<&Meeting> = plan.meetings.iter().filter(|m| on_workplan(m)).collect();
    meetings.sort_by_key(|m| m.number);
    assert_eq!(agenda.len(), meetings.len() + 1);
    for (row, m) in agenda[1..].iter().zip(&meetings) {
        assert!(
            row[0].starts_with(&format!("{}, {} meeting", m.year, ordinal(m.number))),
            "{row:?}"
        );
        match &m.flexible {
            Some(id) => {
                let t = plan.flexible_topic(id).unwrap();
                assert_eq!(row[1], format!("{id}: {}", t.title));
            }
            None => assert_eq!(row[1], "—"),
        }
        match &m.fixed {
            Some(id) => {
                let t = plan.fixed_topic(id).unwrap();
                assert!(row[2].starts_with(&format!("{id}: {}", t.title)), "{row:?}");
            }
            None => assert_eq!(row[2], "—"),
        }
    }

    let paragraphs = strings(&doc["paragraphs"]);
    for t in &plan.fixed_topics {
        let at = paragraphs
            .iter()
            .position(|p| *p == format!("{}: {}", t.id, t.title))
            .unwrap_or_else(|| panic!("no heading for {}", t.id));
        let under = &paragraphs[at + 1..];
        let end = under
            .iter()
            .position(|p| {
                plan.fixed_topics
                    .iter()
                    .any(|o| *p == format!("{}: {}", o.id, o.title))
            })
            .unwrap_or(under.len());
        let bullets: Vec<&str> = under[..end]
            .iter()
            .filter_map(|p| p.strip_prefix("•\t"))
            .collect();
        // One bullet per entry of `questions` (a group on one line), as the export
        // writes them today.
        let questions: Vec<String> = t.questions.iter().map(|q| q.to_string()).collect();
        assert_eq!(bullets, questions, "questions of {}", t.id);
    }

    let clusters = table(&doc, 1);
    assert_eq!(clusters[0][0], "Cluster");
    assert_eq!(clusters.len(), plan.clusters.len() + 1);
    for (row, c) in clusters[1..].iter().zip(&plan.clusters) {
        assert_eq!(row[0], c.id.as_str());
        assert_eq!(row[2], format!("{}-{}", c.review.start, c.review.end));
    }

    let findings = workplan::check::check(&plan);
    let last = table(&doc, doc["tables"].as_array().unwrap().len() - 1);
    if findings.is_empty() {
        assert!(paragraphs.contains(&"The plan checks clean: no findings.".to_owned()));
    } else {
        assert_eq!(last[0], ["Severity", "Code", "Concerns", "Finding"]);
        let messages: Vec<&str> = last[1..].iter().map(|r| r[3].as_str()).collect();
        let expected: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, expected);
    }
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
    let cells: Vec<String> = table(&doc, 0).into_iter().flatten().collect();
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
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.to_lowercase().contains("error"), "{stderr}");
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
        let pdf = dir.path().join(pdf);
        assert!(
            pdf.exists(),
            "LibreOffice wrote no {}: {stderr}",
            pdf.display()
        );
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(text.status.success());
        // pdftotext breaks lines where the table cells wrap: compare words, not lines.
        let text = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for w in words {
            assert!(text.contains(w), "{} lacks {w:?}", pdf.display());
        }
    }
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
