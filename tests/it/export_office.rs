//! The DOCX and XLSX exports and `workplan diff --format docx`, read back by readers that
//! share no code with ours: python-docx, openpyxl (tests/readers/*.py) and LibreOffice.
//! Where a reader is missing the test says "skipped" and passes, so `cargo test` passes
//! on any machine; `.ci/run` installs them and sets WORKPLAN_REQUIRE_TOOLS, which turns
//! a missing reader into a failure.

use crate::common;

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
        [
            "13th meeting",
            "2026",
            "Topic 4: article 12 (Information)",
            "Topic 5: article 13 (Cooperation)"
        ]
    );
    assert_eq!(
        rows[2][..4],
        [
            "14th meeting",
            "2027",
            "Topic 5: article 13 (Cooperation)",
            "Topic 4: article 12 (Information)"
        ]
    );
    let paragraphs = strings(&doc["paragraphs"]);
    assert!(paragraphs.contains(&"8 changes; 1 finding appears, 0 resolved.".to_owned()));
    assert!(paragraphs.contains(&"The review of cluster C4 (international cooperation, mutual legal assistance and confiscation) is now expected from 2023 to 2027 (previously 2023–2026).".to_owned()));
    // The title names the versions compared; the findings table has no blank header.
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Amendment of the timeline: ")
                && p.ends_with("firearms-revised.yaml as proposed")),
        "{paragraphs:?}"
    );
    assert!(
        !paragraphs.iter().any(|p| p.contains("->")),
        "{paragraphs:?}"
    );
    let findings = table(&doc, 1);
    assert_eq!(findings[0][0], "Status");
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

/// The position of the column headed `header`.
fn column(sheet: &Value, header: &str) -> usize {
    rows(sheet)[0]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c[1] == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

/// Every sheet reads on screen (header frozen, a filter over all its cells, columns at
/// least as wide as their headers, text of several lines or wider than its column
/// wrapped) and prints (A4 landscape, one page wide, the header row on every page,
/// page numbers), as openpyxl reads the file.
#[test]
fn xlsx_sheets_read_and_print() {
    let Some(sheets) = sheets(REVISED) else {
        return;
    };
    let mut several_lines = 0;
    for sheet in &sheets {
        let title = sheet["title"].as_str().unwrap();
        let setup = &sheet["setup"];
        let rows = rows(sheet);
        let headers = rows[0].as_array().unwrap();
        let last = char::from(b'A' + u8::try_from(headers.len() - 1).unwrap());
        assert_eq!(setup["freeze_panes"], "A2", "{title}");
        assert_eq!(
            setup["auto_filter"],
            format!("A1:{last}{}", rows.len()),
            "{title}"
        );
        assert_eq!(setup["print_title_rows"], "$1:$1", "{title}");
        assert_eq!(setup["orientation"], "landscape", "{title}");
        assert_eq!(setup["paper_size"], 9, "{title}: A4");
        assert_eq!(setup["fit_to_page"], true, "{title}");
        assert_eq!(setup["footer"], "Page &P of &N", "{title}");
        let widths: Vec<f64> = setup["widths"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_f64().unwrap())
            .collect();
        // One page wide, or as many as keep the type legible (some 200 characters of
        // column width a page), each with the first column again.
        let pages = (widths.iter().sum::<f64>() / 200.0).ceil();
        assert_eq!(setup["fit_to_width"], pages, "{title}");
        assert_eq!(setup["fit_to_height"], 0, "{title}");
        if pages > 1.0 {
            assert_eq!(setup["print_title_cols"], "$A:$A", "{title}");
            assert_eq!(setup["page_order"], "overThenDown", "{title}");
        }
        for (h, w) in headers.iter().zip(&widths) {
            let h = h[1].as_str().unwrap();
            assert!(*w >= h.chars().count() as f64, "{title}: {h} in {w}");
        }
        let wrapped = sheet["wrapped"].as_array().unwrap();
        for (r, row) in rows.iter().enumerate().skip(1) {
            for (k, cell) in row.as_array().unwrap().iter().enumerate() {
                let Some(text) = cell[1].as_str() else {
                    continue;
                };
                let lines = text.lines().count();
                several_lines += usize::from(lines > 1);
                if lines > 1 {
                    // Tall enough for its lines, at 15 points each.
                    let height = setup["heights"][r].as_f64().unwrap_or(15.0);
                    assert!(
                        height >= 15.0 * lines as f64,
                        "{title}: row {r} at {height}"
                    );
                }
                if text.contains('\n') || text.chars().count() as f64 > widths[k] {
                    assert!(
                        wrapped.contains(&serde_json::json!([r, k])),
                        "{title}: {text:?} in row {r} is not wrapped"
                    );
                }
            }
        }
    }
    assert!(several_lines > 0, "no cell of several lines to wrap");
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
        let fixed = &row[column(&sheets[0], "Agenda item 3 (fixed)")];
        match &m.fixed {
            Some(id) => assert_eq!(*fixed, serde_json::json!(["s", id.as_str()])),
            None => assert!(fixed.is_null()),
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

/// The spreadsheet's Meetings sheet and the CSV draw on one description of the meetings
/// table: the same columns in the same order, and cell for cell the same values (the
/// CSV's text of a number or a date; a guarded CSV cell has its leading `'`).
#[test]
fn xlsx_meetings_sheet_and_csv_have_the_same_columns_and_cells() {
    let Some(sheets) = sheets(REVISED) else {
        return;
    };
    let out = workplan()
        .args(["export", REVISED, "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let sheet = rows(&sheets[0]);
    assert_eq!(
        sheet[0].as_array().unwrap().len(),
        reader.headers().unwrap().len()
    );
    assert_eq!(sheet.len(), records.len() + 1);
    for (row, record) in sheet[1..].iter().zip(&records) {
        for (cell, text) in row.as_array().unwrap().iter().zip(record) {
            let value = match &cell[1] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(text.trim_start_matches('\''), value, "{record:?}");
        }
    }
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
    let stderr = to_pdf(dir.path(), &[&annex, &amendment, &proposal]);
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
        ("amendment.pdf", &["As proposed", "Topic 5: article 13"][..]),
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

/// `--bom` starts the CSV with UTF-8's byte-order mark, by which Excel tells UTF-8 from
/// its legacy code page (without it “ghost guns” reads â€œghost gunsâ€); the rest is
/// the very bytes of the CSV without it, which stays the default. Python's csv module,
/// reading as Excel's "CSV UTF-8" files are read (`utf-8-sig`), gets the first header
/// whole and the non-ASCII text intact.
#[test]
fn csv_with_a_byte_order_mark_on_request_reads_back_as_utf8() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    const VENUE: &str = "Genève, “Palais des Nations”";
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SHIPPED)).unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        text.replacen("venue: Vienna", &format!("venue: \"{VENUE}\""), 1),
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let plain = write(
        dir.path(),
        "plain.csv",
        &["export", plan, "--format", "csv"],
    );
    let excel = write(
        dir.path(),
        "excel.csv",
        &["export", plan, "--format", "csv", "--bom"],
    );
    let (plain_bytes, excel_bytes) = (
        std::fs::read(&plain).unwrap(),
        std::fs::read(&excel).unwrap(),
    );
    assert!(plain_bytes.starts_with(b"number,"), "no mark by default");
    assert_eq!(excel_bytes, [BOM, &plain_bytes].concat());
    // On standard output too: the mark is part of the file, however it is written.
    let out = workplan()
        .args(["export", plan, "--format", "csv", "--bom"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, excel_bytes);

    if !python_module("csv") {
        return;
    }
    let read = Command::new("python3")
        .args([
            "-c",
            "import csv, json, sys; \
             rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))); \
             print(json.dumps([rows[0][0], rows[1][4]], ensure_ascii=False))",
        ])
        .arg(&excel)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let cells: Vec<String> = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(cells, ["number", VENUE]);
}

/// LibreOffice prints the workbook as set up: every page A4 landscape, with its sheet's
/// name and page number in the footer and its header row repeated (on the Meetings
/// sheet's pages across, at least the first column's header, "Meeting").
#[test]
fn libreoffice_prints_every_sheet_with_its_header_on_each_page() {
    if !have("LibreOffice", Command::new("soffice").arg("--version"))
        || !have("poppler-utils", Command::new("pdfinfo").arg("-v"))
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let book = write(
        dir.path(),
        "plan.xlsx",
        &["export", REVISED, "--format", "xlsx"],
    );
    to_pdf(dir.path(), &[&book]);
    let pdf = dir.path().join("plan.pdf");
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .collect();
    assert!(sizes.len() > 3, "{info}");
    for size in &sizes {
        // "Page    1 size: 841.89 x 595.304 pts (A4)"
        let dims: Vec<f64> = size
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .skip(1)
            .collect();
        assert!(
            dims[0] > dims[1] && size.ends_with("(A4)"),
            "not A4 landscape: {size}"
        );
    }
    for page in 1..=sizes.len() {
        let text = Command::new("pdftotext")
            .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        let words: Vec<&str> = text.split_whitespace().collect();
        // The footer, the page's last line: "Meetings    Page 1 of 9".
        let footer = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        let sheet = footer.split_whitespace().next().unwrap_or_default();
        let header = match sheet {
            "Meetings" => "Meeting",
            "Clusters" => "Theme",
            "Topics" => "Question",
            _ => panic!("page {page} names no sheet in its footer:\n{text}"),
        };
        assert!(
            words.contains(&header),
            "page {page} of {sheet} has no header row:\n{text}"
        );
        assert!(
            text.contains(&format!("Page {page} of")),
            "page {page}:\n{text}"
        );
    }
}

// ---- The calendar, re-imported after an amendment ----

/// The calendar of `plan`, its SEQUENCE counted from the calendar `previous` (if any).
fn calendar(dir: &Path, name: &str, plan: &str, previous: Option<&Path>) -> PathBuf {
    let mut args = vec!["export", plan, "--format", "ics"];
    let previous = previous.map(|p| p.to_string_lossy().into_owned());
    if let Some(p) = &previous {
        args.extend(["--previous", p]);
    }
    write(dir, name, &args)
}

/// python `icalendar` reads the calendar before and after; returns each event of the
/// second with its SEQUENCE in both and whether what it shows changed.
fn sequences(old: &Path, new: &Path) -> Vec<Value> {
    let out = Command::new("python3")
        .arg(root().join("tests/readers/read_ics.py"))
        .args([old, new])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Every event that changed has a higher SEQUENCE, every other one the same; returns
/// the UIDs of the changed ones.
fn assert_changed_are_newer(old: &Path, new: &Path) -> Vec<String> {
    let mut changed = Vec::new();
    for e in sequences(old, new) {
        let (was, now) = (
            e["old_sequence"].as_u64(),
            e["new_sequence"].as_u64().unwrap(),
        );
        match was {
            None => assert_eq!(now, 0, "a new event starts at 0: {e}"),
            Some(was) if e["changed"] == true => {
                assert!(now > was, "changed, so newer: {e}");
                changed.push(e["uid"].as_str().unwrap().to_owned());
            }
            Some(was) => assert_eq!(now, was, "unchanged, so the same: {e}"),
        }
    }
    changed
}

fn meeting_uid(n: u32) -> String {
    format!("working-group-on-firearms-meeting-{n}@workplan")
}

#[test]
fn ics_an_event_the_amendment_changes_reads_as_newer_to_python_icalendar() {
    if !python_module("icalendar") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = calendar(d, "old.ics", SHIPPED, None);
    // A plan delayed by `realign` (topics moved, a meeting added) and the revised
    // fixture (the 12th meeting dated, postponed, given a venue; two topics swapped).
    let realigned = write(
        d,
        "realigned.yaml",
        &["realign", SHIPPED, "--delay", "C2=+2"],
    );
    let realigned = realigned.to_string_lossy().into_owned();
    let delayed = calendar(d, "delayed.ics", &realigned, Some(&old));
    let moved: Vec<String> = (15..=19).map(meeting_uid).collect();
    assert_eq!(assert_changed_are_newer(&old, &delayed), moved);

    let revised = calendar(d, "revised.ics", REVISED, Some(&old));
    let changed = assert_changed_are_newer(&old, &revised);
    assert_eq!(changed, [meeting_uid(12), meeting_uid(13), meeting_uid(14)]);
    let twelfth = sequences(&old, &revised)
        .into_iter()
        .find(|e| e["uid"] == meeting_uid(12))
        .unwrap();
    assert_eq!(
        twelfth["summary"],
        "Postponed: 12th meeting of the Working Group on Firearms"
    );
    assert_eq!(twelfth["status"], "TENTATIVE");

    // Along a chain: the same plan again changes nothing; going back to the shipped
    // plan is a change too, so it counts on rather than falling back to 0.
    let again = calendar(d, "again.ics", REVISED, Some(&revised));
    assert!(assert_changed_are_newer(&revised, &again).is_empty());
    let back = calendar(d, "back.ics", SHIPPED, Some(&again));
    assert_eq!(assert_changed_are_newer(&again, &back), changed);
}

/// calcurse keeps no UID and reads no SEQUENCE (4.7: the binary has no such string):
/// an import adds every event again. What the Bureau can rely on is that the changed
/// event reads as changed after the import: at its new dates, "Postponed:" in its title.
#[test]
fn ics_calcurse_reads_the_changed_event_after_importing_the_new_calendar() {
    if !have("calcurse", Command::new("calcurse").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let old = calendar(d, "old.ics", SHIPPED, None);
    let new = calendar(d, "new.ics", REVISED, Some(&old));
    let home = d.join("calcurse");
    std::fs::create_dir(&home).unwrap();
    let calcurse = |args: &[&str]| {
        let out = Command::new("calcurse")
            .arg("-C")
            .arg(&home)
            .arg("-D")
            .arg(&home)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    for file in [&old, &new] {
        let report = calcurse(&["-i", &file.to_string_lossy()]);
        assert!(report.contains("0 skipped"), "{report}");
    }
    let listed = calcurse(&[
        "--input-datefmt",
        "4",
        "-Q",
        "--from",
        "2025-11-01",
        "--to",
        "2025-11-30",
    ]);
    assert_eq!(
        listed,
        "11/04/25:\n * Postponed: 12th meeting of the Working Group on Firearms\n\n\
         11/05/25:\n * Postponed: 12th meeting of the Working Group on Firearms\n"
    );
}

/// LibreOffice, headless and with a profile of its own in `dir`, prints `files` to PDF
/// in `dir`; asserts it succeeded and returns what it said on stderr.
fn to_pdf(dir: &Path, files: &[&PathBuf]) -> String {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .args(files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}
