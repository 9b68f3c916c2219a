use super::*;
use crate::check::check;
use crate::plan::parse;

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

#[test]
fn formats_parse_from_their_names() {
    for format in Format::ALL {
        assert_eq!(Format::from_str(format.as_str(), false), Ok(format));
    }
}

#[test]
fn csv_guard_neutralizes_formula_starts() {
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(csv::guard(bad), format!("'{bad}"));
    }
    for fine in ["Vienna", "T1", "3, 4", ""] {
        assert_eq!(csv::guard(fine), fine);
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

#[test]
fn mermaid_titles_cannot_break_the_chart() {
    assert_eq!(
        mermaid::sanitize("Use of terms; scope: #1 %%x\nend"),
        "Use of terms, scope - No.1 percent percentx end"
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

            // CSV: one record per meeting, twelve fields, no formula-looking cell.
            let csv_text = out(&plan, &findings, Format::Csv);
            let mut reader = ::csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
            let rows: Vec<_> = reader.records().collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(rows.len(), plan.meetings.len());
            for row in &rows {
                prop_assert_eq!(row.len(), 12);
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
        let _ = render(&plan, &findings, format);
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
