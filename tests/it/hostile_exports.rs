//! Output that attacks its reader (issue 12): every plan of the corpus that loads
//! (tests/corpus/, hostile text of every kind) is exported in every format through the
//! real binary, and each format's guarantee is checked with an independent reader:
//! Mermaid statements line by line, Markdown with a CommonMark/GFM parser
//! (pulldown-cmark), CSV with the csv crate, iCalendar with the icalendar crate. Huge
//! plans of meetings sharing one number bound the size and memory of every output.
//!
//! The browser (Mermaid in Chromium) and spreadsheet (LibreOffice) checks of the same
//! files run from `.ci/run`: tests/browser/check-mermaid.sh, tests/browser/check-csv.sh.

use crate::common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::str::FromStr;

use common::{root, workplan};
use icalendar::{Calendar, CalendarComponent, Component};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = workplan().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn export(plan: &str, format: &str) -> String {
    let (code, stdout, stderr) = run(&["export", plan, "--format", format]);
    assert_eq!(code, 0, "export {plan} --format {format}: {stderr}");
    stdout
}

/// The corpus plans that load (status 0 or 1 in the manifest).
fn loadable_corpus() -> Vec<String> {
    let manifest = std::fs::read_to_string(root().join("tests/corpus/manifest.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&manifest).unwrap();
    let plans: Vec<String> = cases
        .iter()
        .filter(|c| c["status"] != 2)
        .map(|c| format!("tests/corpus/{}", c["file"].as_str().unwrap()))
        .collect();
    assert!(plans.len() >= 10, "{plans:?}");
    plans
}

fn plan_of(path: &str) -> workplan::plan::Plan {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    workplan::plan::parse(&text).unwrap().plan
}

// ---- Mermaid ----

/// Every line of a chart is one the tool writes: a fixed statement or a task whose
/// identifier is generated and whose name cannot start another statement. Returns the
/// task ids.
fn assert_mermaid_statements(plan: &str, chart: &str) -> Vec<String> {
    let mut lines = chart.lines();
    assert_eq!(lines.next(), Some("gantt"), "{plan}");
    let fixed = [
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y",
        "    todayMarker off",
        "    section Review clusters",
        "    section Meetings",
    ];
    let mut ids = Vec::new();
    for line in lines {
        if fixed.contains(&line) {
            continue;
        }
        if let Some(title) = line.strip_prefix("    title ") {
            assert!(
                !title.trim().is_empty() && !title.contains(['%', '#', ';']),
                "{plan}: {line}"
            );
            continue;
        }
        let task = line
            .strip_prefix("    ")
            .unwrap_or_else(|| panic!("{plan}: not indented: {line:?}"));
        let (name, data) = task
            .split_once(" :")
            .unwrap_or_else(|| panic!("{plan}: not a task: {line:?}"));
        assert!(!data.contains([':', '#', '%', ';']), "{plan}: {line}");
        assert!(!name.contains([':', '#', '%', ';']), "{plan}: {line}");
        let first = name.chars().next().unwrap();
        let lower = name.to_lowercase();
        for keyword in [
            "click",
            "call",
            "href",
            "dateformat",
            "axisformat",
            "accdescr",
            "acctitle",
            "section",
            "title",
            "todaymarker",
            "excludes",
            "includes",
            "gantt",
            "topaxis",
            "tickinterval",
            "weekday",
            "weekend",
            "inclusiveenddates",
        ] {
            assert!(
                !lower.starts_with(keyword),
                "{plan}: starts a statement: {line}"
            );
        }
        let parts: Vec<&str> = data.split(", ").collect();
        let (id, start) = match parts.as_slice() {
            // Clusters: `:c0, start, end`; grace: `:active, g0, start, end`; meetings:
            // `:tags..., m7, day, 0d`.
            [id, start, _end] if id.starts_with('c') => (*id, *start),
            [.., id, day, "0d"] => (*id, *day),
            [_tag, id, start, _end] => (*id, *start),
            _ => panic!("{plan}: task data {data:?}"),
        };
        let generated = |p: char| {
            id.strip_prefix(p).is_some_and(|rest| {
                let mut parts = rest.splitn(2, '_');
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                digits(parts.next().unwrap()) && parts.next().is_none_or(digits)
            })
        };
        assert!(
            generated('c') || generated('g') || generated('m'),
            "{plan}: identifier {id:?} is not generated: {line}"
        );
        assert!(
            first.is_alphabetic() || (id.starts_with('m') && first.is_ascii_digit()),
            "{plan}: {line}"
        );
        let date = start.as_bytes();
        assert!(
            date.len() == 10
                && date[4] == b'-'
                && date[7] == b'-'
                && start.replace('-', "").bytes().all(|b| b.is_ascii_digit()),
            "{plan}: date {start:?}: {line}"
        );
        ids.push(id.to_owned());
    }
    ids
}

#[test]
fn mermaid_charts_of_the_corpus_hold_only_generated_statements_and_ids() {
    for plan in loadable_corpus() {
        let chart = export(&plan, "mermaid");
        let ids = assert_mermaid_statements(&plan, &chart);
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{plan}: duplicate task ids in\n{chart}"
        );
        let p = plan_of(&plan);
        let meetings = ids.iter().filter(|i| i.starts_with('m')).count();
        assert_eq!(meetings, p.meetings.len(), "{plan}: one task per meeting");
        let clusters = ids.iter().filter(|i| i.starts_with('c')).count();
        let drawable = p
            .clusters
            .iter()
            .filter(|c| c.review.start <= c.review.end)
            .count();
        assert_eq!(clusters, drawable, "{plan}: one task per cluster");
    }
}

#[test]
fn mermaid_cluster_ids_that_are_statements_become_names() {
    let chart = export("tests/corpus/mermaid-statement-ids.yaml", "mermaid");
    assert!(
        chart.contains(
            "    Cluster 1 click c0 href \"//evil.example/x\" Fake :c0, 2021-01-01, 2024-12-31\n"
        ),
        "{chart}"
    );
    assert!(
        chart.contains("    Cluster 3 dateFormat DD.MM.YYYY :c2,"),
        "{chart}"
    );
    assert!(
        chart.contains("    Cluster 4 accDescr { } section Evil :c3,"),
        "{chart}"
    );
    // A year Mermaid cannot read is clamped to one it can.
    assert!(chart.contains(":c6, 9999-01-01, 9999-12-31\n"), "{chart}");
    assert_eq!(chart.matches("\n    dateFormat").count(), 1, "{chart}");
}

// ---- Markdown ----

/// Parses `md` as GitHub does and checks that plan text made no HTML, no link, no
/// emphasis, no heading, and that every table row has the header's number of cells.
fn assert_markdown_is_plain(plan: &str, md: &str) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_MATH);
    let mut columns = 0;
    let mut cells = 0;
    let (mut headings, mut topic_headings) = (0, 0);
    // The tool's own markup: the table's caption and "no topic set" in italics, the
    // diff's moved years struck through. Plan text inside them is checked like any other.
    let mut own: Option<Tag> = None;
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(t @ (Tag::Emphasis | Tag::Strikethrough)) if own.is_none() => {
                own = Some(t)
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strikethrough) => own = None,
            Event::Text(t) if own == Some(Tag::Emphasis) => {
                assert!(
                    t.starts_with("Meetings of the ") || &*t == "no topic set",
                    "{plan}: emphasis {t:?}"
                );
                own = Some(Tag::Paragraph);
            }
            Event::Text(t) if own == Some(Tag::Strikethrough) => {
                assert!(
                    t.bytes().all(|b| b.is_ascii_digit() || b == b'-'),
                    "{plan}: struck {t:?}"
                );
            }
            Event::Start(Tag::Table(align)) => columns = align.len(),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                assert_eq!(
                    cells, columns,
                    "{plan}: a row with {cells} of {columns} cells"
                );
            }
            // The tool's own: line breaks, and the empty comment that keeps GitHub from
            // making a link of an e-mail address (`diff::md_cell`).
            Event::Html(h) | Event::InlineHtml(h) => {
                assert!(
                    matches!(&*h, "<br>" | "<!-- -->"),
                    "{plan}: raw HTML from the plan: {h}"
                );
            }
            // The export's own headings are levels 1 and 2, a level 3 for each fixed topic
            // and a level 4 for each group of its issues; plan text may add none.
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => headings += 1,
            Event::Start(Tag::Heading { .. }) => topic_headings += 1,
            Event::Start(
                t @ (Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock),
            ) => panic!("{plan}: plan text became {t:?}"),
            Event::Code(c) | Event::InlineMath(c) | Event::DisplayMath(c) => {
                // The diff writes finding codes as code spans; nothing else may be.
                assert!(
                    c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                    "{plan}: plan text became code or maths: {c}"
                );
            }
            _ => {}
        }
    }
    // The export's own: the title, "Timeline", "Flexible topics (agenda item 2)", "Fixed
    // topics and questions for discussion", "Review clusters", and maybe "Earlier
    // meetings" and "Findings about the plan as a whole"; the diff's: at most five.
    assert!(headings <= 7, "{plan}: {headings} headings in\n{md}");
    let topics = std::fs::read_to_string(root().join(plan))
        .ok()
        .and_then(|text| workplan::plan::parse(&text).ok())
        .map_or(0, |p| {
            let groups = p.plan.fixed_topics.iter().flat_map(|t| &t.questions).filter(
                |q| matches!(q, workplan::plan::annex::Question::Group(g) if g.heading.is_some()),
            );
            p.plan.fixed_topics.len() + groups.count()
        });
    assert!(
        topic_headings <= topics,
        "{plan}: {topic_headings} topic headings for {topics} fixed topics in\n{md}"
    );
}

#[test]
fn markdown_exports_of_the_corpus_keep_plan_text_as_text() {
    for plan in loadable_corpus() {
        let md = export(&plan, "md");
        assert_markdown_is_plain(&plan, &md);
    }
}

#[test]
fn markdown_fixed_topics_column_escapes_ids() {
    let md = export("tests/corpus/markdown-hostile-ids.yaml", "md");
    assert_markdown_is_plain("tests/corpus/markdown-hostile-ids.yaml", &md);
    assert!(
        md.contains(
            "| T1\\|x\\|y, &lt;img src=x onerror=alert(1)>, <br><br>&lt;script>alert(1)&lt;/script> |\n"
        ),
        "{md}"
    );
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
}

#[test]
fn markdown_diffs_of_hostile_plans_keep_plan_text_as_text() {
    let hostile = "tests/corpus/markdown-hostile-ids.yaml";
    for other in loadable_corpus() {
        for (old, new) in [(hostile, other.as_str()), (other.as_str(), hostile)] {
            let (code, md, stderr) = run(&["diff", old, new, "--format", "md"]);
            assert!(code == 0 || code == 1, "diff {old} {new}: {stderr}");
            assert_markdown_is_plain(&format!("diff {old} {new}"), &md);
        }
    }
}

// ---- CSV ----

const FORMULA_STARTS: [char; 13] = [
    '=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−',
];

#[test]
fn csv_cells_of_the_corpus_never_start_a_formula() {
    for plan in loadable_corpus() {
        let text = export(&plan, "csv");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            for cell in record.iter() {
                let visible = cell.trim_start_matches(|c: char| {
                    c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}')
                });
                assert!(
                    cell.starts_with('\'') || !visible.starts_with(FORMULA_STARTS),
                    "{plan}: unguarded cell {cell:?}"
                );
            }
        }
    }
}

#[test]
fn csv_guards_formulas_behind_invisible_and_full_width_characters() {
    let text = export("tests/corpus/csv-formula-prefixes.yaml", "csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let titles: Vec<String> = reader.records().map(|r| r.unwrap()[7].to_owned()).collect();
    for prefix in [
        " ", "\n", "\u{a0}", "\u{3000}", "\u{feff}", "\u{200b}", "\r\n",
    ] {
        let hostile = format!("'{prefix}=HYPERLINK(");
        assert!(
            titles.iter().any(|t| t.starts_with(&hostile)),
            "{prefix:?}: {titles:?}"
        );
    }
    for full_width in [
        "'＝1+1",
        "'＋cmd",
        "'－2+3",
        "'＠SUM(A1)",
        "'﹦1+1",
        "'−1+1",
    ] {
        assert!(
            titles.iter().any(|t| t.starts_with(full_width)),
            "{full_width}: {titles:?}"
        );
    }
}

// ---- iCalendar ----

fn property_lines(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_owned)
        .collect()
}

fn uids(ics: &str) -> Vec<String> {
    let cal = Calendar::from_str(ics).unwrap_or_else(|e| panic!("{e}\n{ics}"));
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.get_uid().unwrap().to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_of_the_corpus_has_valid_dates_and_unique_uids() {
    let mut all = Vec::new();
    for plan in loadable_corpus() {
        let ics = export(&plan, "ics");
        for line in property_lines(&ics) {
            let value = |name: &str| line.strip_prefix(name).map(str::to_owned);
            if let Some(v) = value("DTSTART;VALUE=DATE:").or_else(|| value("DTEND;VALUE=DATE:")) {
                assert!(
                    v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()),
                    "{plan}: {line}"
                );
            }
            if let Some(v) = value("DTSTAMP:") {
                assert!(
                    v.len() == 16 && v.ends_with('Z') && v.as_bytes()[8] == b'T',
                    "{plan}: {line}"
                );
            }
        }
        let ids = uids(&ics);
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{plan}: duplicate UIDs {ids:?}");
        // Stable: the same plan gives the same UIDs.
        assert_eq!(uids(&export(&plan, "ics")), ids, "{plan}");
        all.push((plan, ids));
    }
    // Plans of different bodies never share a UID.
    for (i, (a, ua)) in all.iter().enumerate() {
        for (b, ub) in &all[i + 1..] {
            let body = |p: &workplan::plan::Plan| p.body.clone().unwrap_or(p.title.clone());
            if body(&plan_of(a)) != body(&plan_of(b))
                && let Some(u) = ua.iter().find(|u| ub.contains(u))
            {
                panic!("{a} and {b} share the UID {u}");
            }
        }
    }
}

#[test]
fn ics_meeting_ending_on_the_last_representable_day_has_a_duration() {
    let ics = export("tests/corpus/ics-extreme-dates.yaml", "ics");
    assert!(
        ics.contains("DTSTART;VALUE=DATE:99991230\r\nDURATION:P2D\r\n"),
        "{ics}"
    );
    assert!(!ics.contains("+1000"), "{ics}");
    let ids = uids(&ics);
    assert!(
        ids.contains(&"рабочая-группа-по-огнестрельному-оружию-meeting-2@workplan".to_owned()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&"рабочая-группа-по-огнестрельному-оружию-meeting-2-2@workplan".to_owned()),
        "{ids:?}"
    );
    let chinese = uids(&export("tests/corpus/ics-chinese-body.yaml", "ics"));
    assert!(
        chinese
            .iter()
            .all(|u| u.starts_with("枪支问题工作组-meeting-")),
        "{chinese:?}"
    );
}

#[test]
fn ics_uids_of_the_shipped_plan_are_unchanged() {
    let ids = uids(&export("plans/firearms.yaml", "ics"));
    assert!(
        ids.contains(&"working-group-on-firearms-meeting-10@workplan".to_owned()),
        "{ids:?}"
    );
}

// ---- grace_years beyond 32 bits ----

#[test]
fn grace_beyond_32_bits_reads_as_without_end_in_every_view() {
    let plan = "tests/corpus/grace-2-31.yaml";
    let (code, _, _) = run(&["check", plan]);
    assert_eq!(code, 0);
    let md = export(plan, "md");
    assert!(md.contains("| C1 | — | 2024-2025 | 2147483647 |"), "{md}");
    let chart = export(plan, "mermaid");
    assert!(
        chart.contains("    C1 grace :active, g0, 2026-01-01, 9999-12-31\n"),
        "{chart}"
    );
    assert!(!chart.contains(":crit"), "{chart}");
    let html = export(plan, "html");
    assert!(
        html.contains("<td>2147483647</td>"),
        "aligned until, in the clusters table"
    );
    assert!(!html.contains("class=\"misaligned\""));
    let (code, show, stderr) = run(&["show", plan]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        show.contains('░'),
        "the grace years on the timeline:\n{show}"
    );
}

/// The XML parts of a DOCX or XLSX file, read with Python's standard `zipfile`.
fn office_xml(file: &Path) -> String {
    // Each XML part of the archive, one after the other.
    let script = r#"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if name.endswith(".xml"):
        print(z.read(name).decode())
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 reads the archive");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One definition of "aligned until" (issue 22): DOCX and XLSX added `grace as i32`
/// to the window's end, so a grace of 2^31 printed -2147481623 and one of `u32::MAX`
/// 2024, where Markdown and HTML said 2147483647.
#[test]
fn every_export_agrees_on_the_aligned_until_year() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::fs::read_to_string(root().join("tests/corpus/grace-2-31.yaml")).unwrap();
    for grace in ["2147483648", "4294967295"] {
        let plan = dir.path().join(format!("grace-{grace}.yaml"));
        std::fs::write(&plan, corpus.replace("2147483648", grace)).unwrap();
        let plan = plan.to_str().unwrap();
        let (code, out, _) = run(&["check", plan]);
        assert_eq!(code, 0, "{out}");
        let md = export(plan, "md");
        assert!(
            md.contains("| C1 | — | 2024-2025 | 2147483647 |"),
            "{grace}: {md}"
        );
        let html = export(plan, "html");
        assert!(html.contains("<td>2147483647</td>"), "{grace}: html");
        for format in ["docx", "xlsx"] {
            let file = dir.path().join(format!("{grace}.{format}"));
            let (code, _, err) = run(&[
                "export",
                plan,
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{err}");
            let xml = office_xml(&file);
            assert!(xml.contains(">2147483647<"), "{grace}: {format} {xml}");
            assert!(!xml.contains(">-2147"), "{grace}: {format}");
        }
    }
}

// ---- Size and memory proportional to the plan and its findings ----

/// `n` meetings all numbered 7, or all in one year with the same topics.
fn huge_plan(n: usize, shared_number: bool) -> String {
    let mut s = String::from(
        "version: 1\ntitle: Huge\nclusters:\n  - id: C1\n    review: { start: 2024, end: 2025 }\n    \
         articles: [3]\nfixed_topics:\n  - id: T1\n    title: Use of terms\n    articles: [3]\n\
         flexible_topics:\n  - id: F1\n    title: Gender\nmeetings:\n",
    );
    for i in 0..n {
        let number = if shared_number { 7 } else { i + 1 };
        let year = if shared_number { 2020 + i % 10 } else { 2030 };
        s.push_str(&format!(
            "  - number: {number}\n    year: {year}\n    start: {year}-05-03\n    end: {year}-05-04\n    \
             fixed: T1\n    flexible: F1\n"
        ));
    }
    s
}

/// Runs the binary under 512 MiB of address space (an allocation past it aborts the
/// process and fails the test) and returns the size of its standard output.
fn output_size(dir: &Path, args: &[&str]) -> usize {
    output_size_within(dir, args, None)
}

/// [`output_size`], and with `cpu` seconds of CPU time if given (SIGXCPU kills a
/// computation that runs away, whatever the machine's load: a limit, not a timing).
fn output_size_within(dir: &Path, args: &[&str], cpu: Option<u32>) -> usize {
    let out = Command::new("prlimit")
        .arg(format!("--as={}", 512 * 1024 * 1024))
        .args(cpu.map(|s| format!("--cpu={s}")))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_workplan"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("prlimit (util-linux) runs the binary under a memory limit");
    let code = out.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "workplan {args:?}: {:?}, {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout.len()
}

/// A scratch folder holding the shipped plan as `small.yaml`, to diff against.
fn beside_small() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("plans/firearms.yaml"),
        dir.path().join("small.yaml"),
    )
    .unwrap();
    dir
}

/// Every command that prints `name` (a plan beside `small.yaml`) or its findings.
fn every_output(name: &str) -> Vec<Vec<&str>> {
    // Every format, the Word and Excel files too: a new one is bounded as soon as it exists.
    let mut commands: Vec<Vec<&str>> = common::formats()
        .into_iter()
        .map(|f| vec!["export", name, "--format", f])
        .collect();
    for f in ["text", "json", "github"] {
        commands.push(vec!["check", name, "--format", f]);
    }
    for f in ["text", "md", "json"] {
        commands.push(vec!["diff", "small.yaml", name, "--format", f]);
        commands.push(vec!["diff", name, "small.yaml", "--format", f]);
    }
    commands.push(vec!["realign", name, "--format", "json"]);
    commands.push(vec!["show", name]);
    commands
}

#[test]
fn every_output_stays_proportional_to_the_plan_and_its_findings() {
    let dir = beside_small();
    for (name, shared) in [("shared.yaml", true), ("same.yaml", false)] {
        let text = huge_plan(1000, shared);
        std::fs::write(dir.path().join(name), &text).unwrap();
        // The findings, in full: what any output may add to the plan.
        let findings = output_size(dir.path(), &["check", name, "--format", "json"]);
        let bound = 64 * (text.len() + findings);
        for args in every_output(name) {
            let size = output_size(dir.path(), &args);
            assert!(
                size <= bound,
                "{args:?}: {size} bytes for a plan of {} bytes with {findings} bytes of findings",
                text.len()
            );
        }
    }
}

/// Many clusters on one article (issue 22): 150 clusters each review article 1 in a year
/// of their own, and 150 topics on it are held one a year. Every meeting misses almost
/// every cluster; each finding named all 150, so a 25 KB plan printed 60 MB of `check`.
/// Here a finding may cost a fixed amount, whatever the number of clusters: the bound
/// is in the number of findings, not in their bytes.
#[test]
fn many_clusters_on_one_article_keep_every_output_proportional() {
    let dir = beside_small();
    let plan = workplan::plan::synth::crowded(150);
    let text = workplan::plan::canonical::to_yaml(&plan).unwrap();
    std::fs::write(dir.path().join("crowded.yaml"), &text).unwrap();
    let (_, json, _) = run(&[
        "check",
        dir.path().join("crowded.yaml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = report["findings"].as_array().unwrap().len();
    assert!(findings >= 150, "{findings}");
    let bound = 64 * text.len() + 1024 * findings;
    for args in every_output("crowded.yaml") {
        let size = output_size(dir.path(), &args);
        assert!(
            size <= bound,
            "{args:?}: {size} bytes for a plan of {} bytes with {findings} findings",
            text.len()
        );
    }
}

#[test]
fn a_finding_about_a_shared_meeting_number_is_shown_once() {
    let plan = "tests/corpus/shared-meeting-number.yaml";
    let (_, check, _) = run(&["check", plan]);
    let duplicates = check.matches("[duplicate-meeting]").count();
    assert_eq!(duplicates, 39);
    let md = export(plan, "md");
    assert_eq!(md.matches("duplicate-meeting").count(), duplicates, "md");
    let csv = export(plan, "csv");
    assert_eq!(csv.matches("duplicate-meeting").count(), duplicates, "csv");
    let html = export(plan, "html");
    assert_eq!(
        html.matches("there are two 7th meetings").count(),
        duplicates,
        "html"
    );
}

// ---- Plans built to exhaust the realignment (issue 22) ----

/// CPU seconds a realignment of the plans below may take, debug build included: a
/// minute and more before issue 22 (every year up to a far-off horizon was a slot; a
/// realigned plan was kept per scenario), a fraction of a second now.
const REALIGN_CPU: u32 = 20;

/// Runs each command under the memory and CPU limits; each output within the bound.
fn assert_bounded(dir: &Path, name: &str, text: &str, commands: &[Vec<&str>]) {
    let findings = output_size(dir, &["check", name, "--format", "json"]);
    let bound = 64 * (text.len() + findings);
    for args in commands {
        let size = output_size_within(dir, args, Some(REALIGN_CPU));
        assert!(
            size <= bound,
            "{args:?}: {size} bytes for a plan of {} bytes with {findings} bytes of findings",
            text.len()
        );
    }
}

/// The 608-byte plan of issue 22: its third cluster is reviewed up to the year 10000 and
/// has no articles; keeping the order fails, so the order-free check runs too.
const FAR_OFF: &str = "version: 1
title: Far-off cluster
alignment: { grace_years: 1 }
clusters:
  - { id: C1, review: { start: 2021, end: 2024 }, articles: [1, 3] }
  - { id: C2, review: { start: 2027, end: 2030 }, articles: [7, 8] }
  - { id: C3, review: { start: 2025, end: 10000 }, articles: [] }
cross_cutting_articles: [14]
fixed_topics:
  - { id: T1, title: Definitions, articles: [3] }
  - { id: T2, title: Marking, articles: [8] }
  - { id: T3, title: Training, articles: [14] }
meetings:
  - { number: 1, year: 2022, fixed: T2 }
  - { number: 2, year: 2023, fixed: T1 }
  - { number: 3, year: 2024, fixed: T3 }
";

#[test]
fn realigning_far_off_clusters_stays_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("far.yaml"), FAR_OFF).unwrap();
    let shipped = std::fs::read_to_string(root().join("plans/firearms.yaml")).unwrap();
    std::fs::write(dir.path().join("firearms.yaml"), &shipped).unwrap();
    let mut far: Vec<Vec<&str>> = Vec::new();
    for extra in [
        &[][..],
        &["--allow-reorder"],
        &["--best-effort"],
        &["--allow-reorder", "--allow-second-meeting", "--best-effort"],
    ] {
        let mut args = vec!["realign", "far.yaml"];
        args.extend(extra);
        far.push(args.clone());
        args.extend(["--format", "json"]);
        far.push(args);
    }
    far.push(vec!["realign", "far.yaml", "--compare", "C3=+100002"]);
    assert_bounded(dir.path(), "far.yaml", FAR_OFF, &far);
    // A review window moved a hundred thousand years on: T6-T9 cannot follow it.
    let mut delayed: Vec<Vec<&str>> = Vec::new();
    for extra in [&[][..], &["--allow-reorder"], &["--best-effort"]] {
        let mut args = vec!["realign", "firearms.yaml", "--delay", "C2=+100002"];
        args.extend(extra);
        delayed.push(args);
    }
    delayed.push(vec![
        "realign",
        "firearms.yaml",
        "--compare",
        "C2=+100002",
        "--compare",
        "C2=-100002,C4=+100002",
        "--allow-reorder",
    ]);
    assert_bounded(dir.path(), "firearms.yaml", &shipped, &delayed);
}

#[test]
fn comparing_thousands_of_scenarios_stays_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("plans/firearms.yaml")).unwrap();
    text.push_str("\nscenarios:\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "  - name: s{i}\n    delays: {{ C1: {}, C2: {}, C4: {} }}\n",
            i % 3,
            i % 5,
            i % 4
        ));
    }
    std::fs::write(dir.path().join("scenarios.yaml"), &text).unwrap();
    let commands: Vec<Vec<&str>> = ["text", "md", "json"]
        .into_iter()
        .map(|f| vec!["realign", "scenarios.yaml", "--compare", "--format", f])
        .collect();
    assert_bounded(dir.path(), "scenarios.yaml", &text, &commands);
}

/// 150 topics over 1,200 meetings (49 KB), the last out of order: keeping the order
/// fails, and the check whether reordering would help ran the order-free solver, one
/// assignment per boundary of the cross-cutting topic (over two minutes); asked for
/// with `--allow-reorder`, the same.
#[test]
fn realigning_many_topics_over_many_meetings_stays_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::topics_over_meetings(151, 1200, 3300, true);
    std::fs::write(dir.path().join("many.yaml"), &text).unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["realign", "many.yaml"],
        vec!["realign", "many.yaml", "--best-effort", "--format", "json"],
        vec!["realign", "many.yaml", "--allow-reorder"],
        vec![
            "realign",
            "many.yaml",
            "--compare",
            "C2=+1",
            "--allow-reorder",
        ],
    ];
    assert_bounded(dir.path(), "many.yaml", &text, &commands);
}
