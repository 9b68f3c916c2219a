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
        assert!(!export.text.is_empty(), "{format}");
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
