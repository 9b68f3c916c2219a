use super::*;
use crate::check::check;
use crate::plan::{MeetingNumber, Status, parse};

fn firearms() -> Plan {
    parse(include_str!("../../plans/firearms.yaml"))
        .unwrap()
        .plan
}

#[test]
fn every_format_renders_the_shipped_plan() {
    let plan = firearms();
    let findings = check(&plan);
    for format in Format::ALL {
        let export = render(&plan, &findings, format).unwrap();
        assert!(!export.bytes().is_empty(), "{format}");
        // Binary formats carry the file, text formats the text.
        assert_eq!(export.binary.is_some(), format.is_binary(), "{format}");
    }
}

/// An export is a function of the plan: rendered again after the clock has moved past
/// a second (the resolution of the Office formats' time stamps), every format gives the
/// same bytes. The spreadsheet writer stamps the time unless told otherwise.
#[test]
fn every_format_gives_the_same_bytes_a_second_later() {
    let plan = firearms();
    let findings = check(&plan);
    let all = || -> Vec<Vec<u8>> {
        Format::ALL
            .into_iter()
            .map(|f| render(&plan, &findings, f).unwrap().bytes().to_vec())
            .collect()
    };
    let first = all();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for (format, (a, b)) in Format::ALL.into_iter().zip(first.iter().zip(&all())) {
        assert!(a == b, "{format} differs");
    }
}

#[test]
fn csv_guard_neutralizes_formula_starts() {
    for bad in [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        // What a spreadsheet may skip or fold before it looks for a formula.
        " =1+1",
        "\n=1+1",
        "\r\n@SUM(A1)",
        "\u{a0}=1+1",
        "\u{3000}=1+1",
        "\u{feff}=1+1",
        "\u{200b}+1",
        "\u{ff1d}1+1",
        "\u{ff0b}1",
        "\u{ff0d}1",
        "\u{ff20}SUM(A1)",
        "\u{fe66}1+1",
        "\u{2212}1",
        " \u{3000}\u{feff} \u{ff1d}1",
    ] {
        assert_eq!(csv::guard(bad), format!("'{bad}"));
    }
    for fine in ["Vienna", "T1", "3, 4", "", " Vienna", "\u{3000}会议", "a=b"] {
        assert_eq!(csv::guard(fine), fine);
    }
}

/// The invisible characters the first guard's list missed (the tag space U+E0020, the
/// language tag, the Arabic letter mark, the interlinear annotation anchor, the musical
/// format characters...): no engine tested reads a formula behind them, but the guard
/// skips every one, from the Unicode property shared with the terminal text
/// (`text::is_invisible`), not from a list.
#[test]
fn csv_guard_skips_every_invisible_character() {
    for bad in [
        "\u{e0020}=1+1",
        "\u{e0001}\u{e0020}+1",
        "\u{e007f}-1",
        "\u{61c}=1",
        "\u{fff9}@SUM(A1)",
        "\u{1d173}=1",
        "\u{110bd}=1",
        "\u{1bca0}=1",
    ] {
        assert_eq!(csv::guard(bad), format!("'{bad}"), "{bad:?}");
    }
    let invisible = (0..=0x10_FFFF_u32)
        .filter_map(char::from_u32)
        .filter(|&c| crate::text::is_invisible(c));
    for c in invisible {
        let cell = format!("{c}=1");
        assert_eq!(csv::guard(&cell), format!("'{cell}"), "{c:?}");
    }
}

#[test]
fn ics_folds_at_75_octets_without_splitting_characters() {
    let mut out = String::new();
    let line = format!("SUMMARY:{}", "é".repeat(100));
    ics::push_line(&mut out, &line);
    for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(
            physical.len() <= 75,
            "{} octets: {physical}",
            physical.len()
        );
    }
    let unfolded = out.replace("\r\n ", "");
    assert_eq!(unfolded, format!("{line}\r\n"));
}

#[test]
fn ics_escapes_text_values() {
    assert_eq!(ics::escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
}

#[test]
fn ics_dtstamp_comes_from_the_plan_not_the_clock() {
    assert_eq!(ics::dtstamp(&firearms()), "20240404T000000Z");
}

/// The SEQUENCE of each event as `render_with` writes it with `previous`, by UID.
fn ics_sequences(plan: &Plan, previous: &PreviousCalendar) -> Vec<(String, String)> {
    let options = Options {
        notes: false,
        bom: false,
        previous: Some(previous),
    };
    let ics = render_with(plan, &[], Format::Ics, options).unwrap().text;
    let lines: Vec<&str> = ics.split("\r\n").collect();
    (lines.windows(3))
        .filter_map(|w| Some((w[0].strip_prefix("UID:")?.to_owned(), w[2].to_owned())))
        .collect()
}

/// An event counts on from the calendar last published where what it shows changed,
/// keeps its SEQUENCE where not; a calendar that is no calendar, or a SEQUENCE that is
/// no number or at the top of its range, is no failure.
#[test]
fn ics_sequence_counts_from_the_previous_calendar() {
    let plan = firearms();
    let published = render(&plan, &[], Format::Ics).unwrap().text;
    let previous = PreviousCalendar::parse(&published);
    assert!(
        ics_sequences(&plan, &previous)
            .iter()
            .all(|(_, s)| s == "SEQUENCE:0")
    );
    let mut moved = plan.clone();
    let m = moved
        .meetings
        .iter_mut()
        .find(|m| m.number == crate::plan::MeetingNumber::new(13))
        .unwrap();
    m.venue = Some("Vienna".into());
    for (uid, sequence) in ics_sequences(&moved, &previous) {
        let expected = if uid.contains("-meeting-13@") {
            "SEQUENCE:1"
        } else {
            "SEQUENCE:0"
        };
        assert_eq!(sequence, expected, "{uid}");
    }
    // Folded lines are unfolded and the stamps are no content: the plan as published
    // keeps the SEQUENCE it had.
    let edited = published
        .replace("SEQUENCE:0", "SEQUENCE:7")
        .replace("DTSTAMP:", "DTSTAMP:1")
        .replace("SUMMARY:13th", "SUMMARY:13t\r\n h");
    let kept = ics_sequences(&plan, &PreviousCalendar::parse(&edited));
    assert!(kept.iter().all(|(_, s)| s == "SEQUENCE:7"), "{kept:?}");
    // The top of the range stays there.
    let top = published.replace("SEQUENCE:0", "SEQUENCE:4294967295");
    let at_top = ics_sequences(&moved, &PreviousCalendar::parse(&top));
    assert!(
        at_top.iter().all(|(_, s)| s == "SEQUENCE:4294967295"),
        "{at_top:?}"
    );
    for junk in [
        "",
        "BEGIN:VEVENT",
        "BEGIN:VEVENT\nUID:x\nSEQUENCE:-3\nEND:VEVENT",
        "\u{0}\r\n \t",
    ] {
        let fresh = ics_sequences(&moved, &PreviousCalendar::parse(junk));
        assert!(fresh.iter().all(|(_, s)| s == "SEQUENCE:0"), "{junk:?}");
    }
}

#[test]
fn mermaid_titles_cannot_break_the_chart() {
    assert_eq!(
        mermaid::sanitize("Use of terms; scope: #1 %%x\nend"),
        "Use of terms, scope - No.1 percent percentx end"
    );
}

#[test]
fn mermaid_task_names_cannot_start_a_statement() {
    for statement in [
        r#"click c0 href "//evil.example/x" Fake"#,
        "call eval(alert(1))",
        "Click c0 call alert(1)",
        "dateFormat DD.MM.YYYY",
        "accDescr {",
        "accTitle: x",
        "section Evil",
        "title Evil",
        "excludes weekends",
        "todayMarker stroke:#f00",
        "topAxis",
        "2024-01-01",
        "{ } x",
        "  \n  ",
    ] {
        let name = mermaid::task_name(statement, "Cluster 1");
        assert!(name.starts_with("Cluster 1"), "{statement:?} -> {name:?}");
    }
    assert_eq!(
        mermaid::task_name("C1 Criminalization", "Cluster 1"),
        "C1 Criminalization"
    );
    assert_eq!(mermaid::task_name("Окно", "Cluster 1"), "Окно");
}

#[test]
fn mermaid_meetings_sharing_a_number_get_distinct_ids() {
    let mut plan = firearms();
    let mut twin = plan.meetings[3].clone();
    twin.year += 1;
    plan.meetings.insert(4, twin);
    let chart = render(&plan, &[], Format::Mermaid).unwrap().text;
    let n = plan.meetings[3].number;
    assert!(chart.contains(&format!(", m{n}, ")), "{chart}");
    assert!(chart.contains(&format!(", m{n}_2, ")), "{chart}");
}

#[test]
fn ics_uids_are_unique_and_keep_non_latin_bodies_apart() {
    let mut plan = firearms();
    let mut twin = plan.meetings[12].clone();
    twin.start = twin.start.map(|d| d + chrono::Days::new(7));
    twin.end = twin.end.map(|d| d + chrono::Days::new(7));
    plan.meetings.insert(13, twin);
    let uids = |p: &Plan| -> Vec<String> {
        let text = render(p, &[], Format::Ics).unwrap().text;
        text.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_owned)
            .collect()
    };
    let ids = uids(&plan);
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(uids(&plan), ids, "stable across exports");

    plan.body = Some("Рабочая группа".to_owned());
    let russian = uids(&plan);
    plan.body = Some("工作组".to_owned());
    let chinese = uids(&plan);
    assert!(
        russian[0].starts_with("рабочая-группа-meeting-"),
        "{russian:?}"
    );
    assert!(chinese[0].starts_with("工作组-meeting-"), "{chinese:?}");
}

#[test]
fn ics_dates_stay_within_four_digit_years() {
    let mut plan = firearms();
    let last = plan.meetings.len() - 1;
    plan.meetings[last].year = 9999;
    plan.meetings[last].start = NaiveDateOpt::ymd(9999, 12, 29);
    plan.meetings[last].end = NaiveDateOpt::ymd(9999, 12, 31);
    let export = render(&plan, &[], Format::Ics).unwrap();
    assert!(
        export
            .text
            .contains("DTSTART;VALUE=DATE:99991229\r\nDURATION:P3D\r\n"),
        "{}",
        export.text
    );
    assert!(export.text.contains("DTSTAMP:99991231T000000Z"));
    assert!(!export.text.contains('+'));

    plan.meetings[last].start = NaiveDateOpt::ymd(10000, 1, 1);
    plan.meetings[last].end = NaiveDateOpt::ymd(10000, 1, 2);
    let export = render(&plan, &[], Format::Ics).unwrap();
    assert!(!export.text.contains("10000"), "{}", export.text);
    assert!(
        export
            .skipped
            .iter()
            .any(|s| s.ends_with("dates outside the years 0000-9999 a calendar can hold")),
        "{:?}",
        export.skipped
    );
}

struct NaiveDateOpt;
impl NaiveDateOpt {
    fn ymd(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
    }
}

#[test]
fn findings_about_a_shared_meeting_number_are_on_one_row() {
    let mut plan = firearms();
    let last = plan.meetings.len() - 1;
    let n = plan.meetings[last].number;
    for _ in 0..20 {
        plan.meetings.push(plan.meetings[last].clone());
    }
    let findings = check(&plan);
    let about_n = findings.iter().filter(|f| f.meeting == Some(n)).count();
    assert!(about_n >= 20, "{about_n}");
    let lk = Lookup::new(&plan, &findings);
    let shown: usize = plan
        .meetings
        .iter()
        .map(|m| lk.for_meeting(m).count())
        .sum();
    assert_eq!(
        shown,
        findings.iter().filter(|f| f.meeting.is_some()).count()
    );
    let md = render(&plan, &findings, Format::Md).unwrap().text;
    assert_eq!(md.matches("duplicate-meeting").count(), 20);
}

#[test]
fn grace_beyond_i32_is_without_end_not_negative() {
    let mut plan = firearms();
    plan.alignment.grace_years = 1 << 31;
    assert_eq!(plan.alignment.grace(), i32::MAX);
    assert_eq!(plan.span().map(|(_, last)| last), Some(i32::MAX));
    let md = render(&plan, &[], Format::Md).unwrap().text;
    assert!(md.contains("| 2021-2024 | 2147483647 |"), "{md}");
    let chart = render(&plan, &[], Format::Mermaid).unwrap().text;
    assert!(
        chart.contains("C1 grace :active, g0, 2025-01-01, 9999-12-31"),
        "{chart}"
    );
}

#[test]
fn html_escapes_markup() {
    assert_eq!(
        html::esc(r#"<script>alert("x") & 'y'</script>"#),
        "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
    );
}

#[test]
fn a_plan_with_nothing_in_it_still_exports() {
    let plan = parse("version: 1\ntitle: Empty\n").unwrap().plan;
    for format in Format::ALL {
        render(&plan, &[], format).unwrap();
    }
}

mod props {
    use proptest::prelude::*;

    use super::*;

    fn small_plan() -> Plan {
        parse(include_str!("../../tests/fixtures/codes/clean.yaml"))
            .unwrap()
            .plan
    }

    /// The small plan with every piece of text replaced by `s` (or by "x").
    fn with_text(s: &str) -> Plan {
        let mut p = small_plan();
        p.title = s.to_owned();
        p.body = Some(s.to_owned());
        for c in &mut p.clusters {
            c.name = Some(s.to_owned());
        }
        for t in &mut p.fixed_topics {
            t.title = s.to_owned();
        }
        for t in &mut p.flexible_topics {
            t.title = s.to_owned();
        }
        for m in &mut p.meetings {
            m.venue = Some(s.to_owned());
            m.note = Some(s.to_owned());
            m.agenda = vec![s.to_owned()];
        }
        p
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[<>&\"'|;:,#%=+@\\-\\\\\n\r\t a-zé€]{0,120}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Whatever the titles hold, no export fails or lets them change its structure.
        #[test]
        fn text_cannot_change_the_structure_of_an_export(s in text()) {
            let plan = with_text(&s);
            let findings = check(&plan);
            let plain = with_text("x");
            let plain_findings = check(&plain);
            let out = |p: &Plan, f: &[Finding], format| render(p, f, format).unwrap().text;

            // HTML: the text adds no tag.
            let html = out(&plan, &findings, Format::Html);
            prop_assert_eq!(
                html.matches('<').count(),
                out(&plain, &plain_findings, Format::Html).matches('<').count()
            );

            // ICS: CRLF lines of at most 75 octets, the same number of events.
            let ics = out(&plan, &findings, Format::Ics);
            for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
                prop_assert!(line.len() <= 75 && !line.contains(['\r', '\n']), "{:?}", line);
            }
            // One event per meeting not on record without dates (the plan has four).
            prop_assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
            prop_assert_eq!(
                ics.matches("BEGIN:VEVENT").count(),
                out(&plain, &plain_findings, Format::Ics).matches("BEGIN:VEVENT").count()
            );

            // CSV: one record per meeting, a field per column, no formula-looking cell.
            let csv_text = out(&plan, &findings, Format::Csv);
            let mut reader = ::csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
            let rows: Vec<_> = reader.records().collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(rows.len(), plan.meetings.len());
            for row in &rows {
                prop_assert_eq!(row.len(), crate::export::columns::MEETINGS.len());
                for cell in row {
                    prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
                }
            }

            // Markdown: each table row keeps its column count.
            let md = out(&plan, &findings, Format::Md);
            let pipes = |l: &str| l.matches('|').count() - l.matches("\\|").count();
            for line in md.lines().filter(|l| l.starts_with("| 20")) {
                prop_assert_eq!(pipes(line), 5, "{}", line);
            }

            // Mermaid: one statement per line, names without separators.
            let mermaid = out(&plan, &findings, Format::Mermaid);
            prop_assert_eq!(mermaid.lines().count(), out(&plain, &plain_findings, Format::Mermaid).lines().count());
            for line in mermaid.lines().skip(1) {
                if !line.trim_start().starts_with("title") {
                    prop_assert!(line.matches(':').count() <= 1, "{}", line);
                }
                prop_assert!(!line.contains(['#', ';']) && !line.contains("%%"), "{}", line);
            }

            // DOCX and XLSX: written whatever the text (a zip archive each).
            for format in [Format::Docx, Format::Xlsx] {
                let file = render(&plan, &findings, format).unwrap();
                prop_assert!(file.bytes().starts_with(b"PK\x03\x04"));
            }

            // JSON and YAML read back as the same plan.
            let json: serde_json::Value = serde_json::from_str(&out(&plan, &findings, Format::Json)).unwrap();
            prop_assert_eq!(json["plan"]["title"].as_str(), Some(s.as_str()));
            if let Ok(yaml) = render(&plan, &findings, Format::Yaml) {
                prop_assert_eq!(parse(&yaml.text).unwrap().plan, plan);
            }
        }

        /// Ids are plan text too: a cluster id, and a topic id the meetings and the
        /// clusters table name, can neither become Mermaid statements nor Markdown
        /// markup, whatever they hold.
        #[test]
        fn ids_cannot_change_the_structure_of_an_export(s in text()) {
            let with_ids = |s: &str| {
                let mut p = small_plan();
                p.clusters[0].id = crate::plan::ClusterId(s.to_owned());
                p.fixed_topics[0].id = TopicId(s.to_owned());
                p.meetings[0].fixed = Some(TopicId(s.to_owned()));
                p
            };
            let (plan, plain) = (with_ids(&s), with_ids("x"));
            let (findings, plain_findings) = (check(&plan), check(&plain));
            let out = |p: &Plan, f: &[Finding], format| render(p, f, format).unwrap().text;

            // Mermaid: the same statements; no task name starts another statement.
            let chart = out(&plan, &findings, Format::Mermaid);
            prop_assert_eq!(
                chart.lines().count(),
                out(&plain, &plain_findings, Format::Mermaid).lines().count()
            );
            for line in chart.lines().skip(1) {
                let Some((name, _)) = line.split_once(" :") else { continue };
                let name = name.trim_start().to_lowercase();
                prop_assert!(
                    name.starts_with(char::is_alphanumeric)
                        && !["click", "call", "href", "dateformat", "accdescr", "section", "title"]
                            .iter()
                            .any(|k| name.starts_with(k)),
                    "{}", line
                );
            }

            // Markdown, parsed as GitHub does: every row has its table's cells, and the
            // only HTML is the tool's own `<br>` and empty comment.
            let md = out(&plan, &findings, Format::Md);
            let mut opts = pulldown_cmark::Options::empty();
            opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
            let (mut columns, mut cells) = (0, 0);
            for event in pulldown_cmark::Parser::new_ext(&md, opts) {
                use pulldown_cmark::{Event, Tag, TagEnd};
                match event {
                    Event::Start(Tag::Table(a)) => columns = a.len(),
                    Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
                    Event::Start(Tag::TableCell) => cells += 1,
                    Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                        prop_assert_eq!(cells, columns, "{}", md)
                    }
                    // And the empty comment that keeps an e-mail address from being a link.
                    Event::Html(h) | Event::InlineHtml(h) => {
                        prop_assert!(matches!(&*h, "<br>" | "<!-- -->"), "{}", h)
                    }
                    Event::Start(t @ (Tag::Link { .. } | Tag::Image { .. } | Tag::Strong)) => {
                        prop_assert!(false, "{:?} in {}", t, md)
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn absurd_years_do_not_overflow() {
    let mut plan = parse(include_str!("../../tests/fixtures/codes/clean.yaml"))
        .unwrap()
        .plan;
    plan.alignment.grace_years = u32::MAX;
    plan.clusters[0].review = crate::plan::ReviewWindow {
        start: i32::MIN,
        end: i32::MAX,
    };
    plan.meetings[0].year = i32::MAX;
    plan.meetings[1].year = i32::MIN;
    let findings = check(&plan);
    for format in Format::ALL {
        let out = render(&plan, &findings, format)
            .unwrap_or_else(|e| panic!("{format:?} refused absurd years: {e}"));
        assert!(
            !out.text.is_empty() || out.binary.as_ref().is_some_and(|b| !b.is_empty()),
            "{format:?} wrote nothing"
        );
    }
}

#[test]
fn an_undated_meeting_in_a_year_no_calendar_holds_is_listed_as_skipped() {
    let mut plan = parse(include_str!("../../tests/fixtures/codes/clean.yaml"))
        .unwrap()
        .plan;
    let m = &mut plan.meetings[0];
    (m.start, m.end, m.status, m.year) = (None, None, crate::plan::Status::Planned, i32::MAX);
    let number = m.number;
    let ics = render(&plan, &[], Format::Ics).unwrap();
    assert!(
        ics.skipped
            .iter()
            .any(|s| s.starts_with(&format!("{} meeting", crate::plan::ordinal(number)))),
        "{:?}",
        ics.skipped
    );
    assert!(!ics.text.contains(&format!("-meeting-{number}@")));
}

#[test]
fn undated_meetings_sharing_a_number_or_past_9999_keep_the_calendar_valid() {
    let mut plan = firearms();
    // A future meeting without dates, twice: tentative entries, but never one UID twice.
    let i = plan
        .meetings
        .iter()
        .position(|m| m.start.is_none() && !m.status.is_history())
        .expect("the shipped plan has planned meetings without dates");
    let twin = plan.meetings[i].clone();
    plan.meetings.insert(i + 1, twin);
    let text = render(&plan, &[], Format::Ics).unwrap().text;
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");

    // A year with five digits cannot be a DATE: left out and listed, never `100000101`.
    let last = plan.meetings.len() - 1;
    (plan.meetings[last].start, plan.meetings[last].end) = (None, None);
    plan.meetings[last].status = crate::plan::Status::Planned;
    plan.meetings[last].year = 10000;
    let export = render(&plan, &[], Format::Ics).unwrap();
    assert!(!export.text.contains(":10000"), "{}", export.text);
    assert!(!export.skipped.is_empty());
}

/// The one list of formats: the names and order the planner and the docs use (strum);
/// `--format` reads them too (`cli::choice`, tested there).
#[test]
fn the_format_list_has_one_source() {
    assert_eq!(
        Format::names("or"),
        "md, csv, json, ics, html, mermaid, yaml, docx or xlsx"
    );
}

/// A cluster's row names at most fifty fixed topics and counts the rest: 5,000 clusters
/// on one article, each reviewing the article of 5,000 topics, wrote 25 million ids
/// (192 MB of Markdown, 246 MB of Word from an 835 KB plan).
#[test]
fn a_cluster_row_names_at_most_fifty_topics_and_counts_the_rest() {
    let plan = crate::plan::synth::crowded(120);
    let findings = crate::check::check(&plan);
    let md = render(&plan, &findings, Format::Md).unwrap().text;
    let row = md
        .lines()
        .find(|l| l.starts_with("| C1 |"))
        .expect("C1's row");
    assert!(row.contains("T49, T50 and 70 more |"), "{row}");
    assert!(!row.contains("T51"), "{row}");
    let html = render(&plan, &findings, Format::Html).unwrap().text;
    assert!(html.contains("T49, T50 and 70 more</td>"));
    // A real plan's rows name every topic.
    let shipped = render(&firearms(), &[], Format::Md).unwrap().text;
    assert!(!shipped.contains(" more |"));
}

/// The Word document lists at most 1,000 findings, errors first, and says how many more
/// `check` lists: 60,000 rows took 1.5 GB and 7 s to write.
#[test]
fn the_word_document_lists_at_most_a_thousand_findings_errors_first() {
    let plan = crate::plan::synth::crowded(200);
    let findings = crate::check::check(&plan);
    assert!(findings.len() > 1000, "{}", findings.len());
    let (listed, more) = super::docx::findings_listed(&findings);
    assert_eq!(listed.len(), 1000);
    assert_eq!(more, findings.len() - 1000);
    assert!(listed.windows(2).all(|w| w[0].severity >= w[1].severity));
    let shipped = firearms();
    let few = crate::check::check(&shipped);
    assert_eq!(super::docx::findings_listed(&few).1, 0);
    // The document says so.
    let docx = render(&plan, &findings, Format::Docx).unwrap();
    assert!(docx.bytes().len() < 5_000_000, "{}", docx.bytes().len());
}

#[test]
fn a_topic_held_at_a_meeting_is_not_said_to_be_scheduled_for_it() {
    let mut plan = firearms();
    let tenth = MeetingNumber::new(10);
    let mut m = plan
        .meetings
        .iter()
        .find(|m| m.number == tenth)
        .cloned()
        .unwrap_or_else(|| panic!("the shipped plan has a 10th meeting"));
    let topic = m
        .fixed
        .clone()
        .unwrap_or_else(|| panic!("with a fixed topic"));
    m.status = Status::Held;
    plan.meetings.retain(|o| o.number != tenth);
    plan.meetings.push(m);
    let findings = crate::check::check(&plan);
    let lk = Lookup::new(&plan, &findings);
    let t = lk.fixed_topic(&topic).unwrap_or_else(|| panic!("defined"));
    // Under the topic's heading, the meeting as the annex heads it: nothing says a held
    // meeting is still to come.
    let line = super::topic_line(&lk, t);
    assert!(
        line.contains("Tenth meeting of the Working Group on Firearms (2023)"),
        "{line}"
    );
    assert!(!line.to_lowercase().contains("scheduled"), "{line}");
    let md = super::md::render(&lk);
    assert!(!md.contains("Scheduled for the 10th"), "{md}");
}
