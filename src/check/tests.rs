use super::*;
use crate::plan::{ClusterId, MeetingNumber, TopicId, parse};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/codes/", $name, ".yaml"))
    };
}

fn findings(text: &str) -> Vec<Finding> {
    let loaded = parse(text).expect("fixture parses");
    check_located(&loaded.plan, &loaded.source)
}

/// Each semantic code with the fixture that triggers it and the line it must name.
const CASES: &[(Code, &str, u32)] = &[
    (Code::UnknownTopic, fixture!("unknown-topic"), 42),
    (Code::DuplicateId, fixture!("duplicate-id"), 30),
    (Code::DuplicateMeeting, fixture!("duplicate-meeting"), 46),
    (Code::MeetingOrder, fixture!("meeting-order"), 41),
    (Code::InvalidDates, fixture!("invalid-dates"), 37),
    (Code::InvalidWindow, fixture!("invalid-window"), 10),
    (
        Code::FixedTopicRepeated,
        fixture!("fixed-topic-repeated"),
        48,
    ),
    (Code::MisalignedEarly, fixture!("misaligned-early"), 45),
    (Code::MisalignedLate, fixture!("misaligned-late"), 42),
    (
        Code::FixedTopicUnscheduled,
        fixture!("fixed-topic-unscheduled"),
        24,
    ),
    (
        Code::CrossCuttingNotLast,
        fixture!("cross-cutting-not-last"),
        45,
    ),
    (Code::FlexibleRepeated, fixture!("flexible-repeated"), 43),
    (Code::EmptyMeeting, fixture!("empty-meeting"), 49),
    (
        Code::TwoMeetingsInYear,
        fixture!("two-meetings-in-year"),
        47,
    ),
    (
        Code::ArticleNotReviewed,
        fixture!("article-not-reviewed"),
        18,
    ),
    (
        Code::FlexibleOverlapsFixed,
        fixture!("flexible-overlaps-fixed"),
        46,
    ),
    (Code::UnknownFootnote, fixture!("unknown-footnote"), 18),
    (Code::UnusedFootnote, fixture!("unused-footnote"), 28),
];

/// A plan of one scheduled topic whose texts are `topic` (YAML lines under the topic)
/// and the footnotes `notes` (YAML lines under `footnotes:`).
fn with_notes(topic: &str, notes: &str) -> Vec<Finding> {
    let text = format!(
        "version: 1\ntitle: t\nclusters:\n  - id: C1\n    review: {{ start: 2020, end: 2030 }}\n    articles: [1]\nfixed_topics:\n  - id: T1\n    title: t\n    articles: [1]\n{topic}footnotes:\n{notes}meetings:\n  - number: 1\n    year: 2021\n    fixed: T1\n"
    );
    findings(&text)
}

#[test]
fn footnote_references_count_from_every_annex_text_of_a_topic() {
    // Label, introduction, group heading, lead-in and issue all refer.
    let found = with_notes(
        "    label: \"l[^a]\"\n    introduction: \"i[^b]\"\n    questions:\n      - \"plain[^c]\"\n      - heading: \"h[^d]\"\n        lead_in: \"x[^e]:\"\n        issues: [\"y[^f]\"]\n",
        "  a: A\n  b: B\n  c: C\n  d: D\n  e: E\n  f: F\n",
    );
    assert_eq!(found, []);
}

#[test]
fn a_missing_footnote_is_named_once_per_topic_and_an_unused_one_by_its_line() {
    let found = with_notes(
        "    introduction: \"i[^gone][^gone][^b] and [^ not a reference]\"\n    questions: [\"q[^also-gone]\"]\n",
        "  b: B\n  spare: S\n",
    );
    let codes: Vec<(Code, Option<u32>)> = found.iter().map(|f| (f.code, f.line)).collect();
    assert_eq!(
        codes,
        [
            (Code::UnusedFootnote, Some(15)),
            (Code::UnknownFootnote, Some(8))
        ]
    );
    assert!(
        found[1].message.contains("[^gone], [^also-gone]"),
        "{}",
        found[1].message
    );
    assert!(
        found[0].message.contains("footnote spare"),
        "{}",
        found[0].message
    );
    assert_eq!(found[1].topic, Some(TopicId::from("T1")));
}

#[test]
fn a_topic_with_many_missing_footnotes_is_one_short_finding() {
    let refs: String = (0..20_000).map(|i| format!("[^n{i}]")).collect();
    let found = with_notes(&format!("    introduction: \"{refs}\"\n"), "  {}\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.len() < 300, "{}", found[0].message);
}

#[test]
fn the_clean_plan_has_no_finding() {
    assert_eq!(findings(fixture!("clean")), vec![]);
}

#[test]
fn each_code_fires_on_its_fixture_at_its_line() {
    for &(code, text, line) in CASES {
        let got = findings(text);
        let hit = got.iter().find(|f| f.code == code);
        let hit = hit.unwrap_or_else(|| panic!("{code} did not fire; got {got:#?}"));
        assert_eq!(hit.line, Some(line), "{code}: {hit:?}");
        assert_eq!(hit.severity, code.severity());
        assert!(!hit.message.is_empty());
    }
}

#[test]
fn every_code_but_parse_has_a_fixture() {
    for code in Code::ALL.iter().filter(|c| **c != Code::Parse) {
        assert!(
            CASES.iter().any(|(c, ..)| c == code),
            "no fixture for {code}"
        );
    }
}

#[test]
fn misalignment_names_the_topic_meeting_and_cluster() {
    let got = findings(fixture!("misaligned-early"));
    let f = got
        .iter()
        .find(|f| f.code == Code::MisalignedEarly)
        .unwrap();
    assert_eq!(f.meeting, Some(MeetingNumber::new(3)));
    assert_eq!(f.topic, Some(TopicId::from("T3")));
    assert_eq!(f.cluster, Some(ClusterId::from("C2")));
}

#[test]
fn alignment_bounds_are_inclusive_with_grace() {
    let base = parse(fixture!("clean")).unwrap().plan;
    // T3 (articles 7, 8; cluster C2 2027-2030, grace 1) at meetings of each year.
    for (year, expect) in [
        (2026, Some(Code::MisalignedEarly)),
        (2027, None),
        (2030, None),
        (2031, None),
        (2032, Some(Code::MisalignedLate)),
    ] {
        let mut plan = base.clone();
        plan.meetings[2].year = year;
        plan.meetings[3].year = year + 1;
        let got: Vec<Code> = check(&plan)
            .into_iter()
            .filter(Finding::is_misalignment)
            .map(|f| f.code)
            .collect();
        assert_eq!(got, expect.into_iter().collect::<Vec<_>>(), "year {year}");
    }
}

#[test]
fn history_is_never_misaligned() {
    let mut plan = parse(fixture!("misaligned-early")).unwrap().plan;
    for status in [crate::plan::Status::Held, crate::plan::Status::Cancelled] {
        plan.meetings[2].status = status;
        assert!(!check(&plan).iter().any(Finding::is_misalignment));
    }
}

#[test]
fn recurring_flexible_topics_may_repeat() {
    let mut plan = parse(fixture!("flexible-repeated")).unwrap().plan;
    plan.flexible_topics[0].recurring = true;
    assert!(
        !check(&plan)
            .iter()
            .any(|f| f.code == Code::FlexibleRepeated)
    );
}

#[test]
fn cancelled_meetings_do_not_count_for_repeats_or_years() {
    let mut plan = parse(fixture!("two-meetings-in-year")).unwrap().plan;
    plan.meetings[3].status = crate::plan::Status::Cancelled;
    let codes: Vec<Code> = check(&plan).into_iter().map(|f| f.code).collect();
    // T4 stays on the cancelled meeting, so it now has no meeting at all.
    assert_eq!(codes, vec![Code::FixedTopicUnscheduled]);
}

#[test]
fn shipped_plans_have_no_error() {
    for text in [
        include_str!("../../plans/firearms.yaml"),
        include_str!("../../plans/firearms-2022-proposal.yaml"),
        include_str!("../../plans/example.yaml"),
    ] {
        let got = findings(text);
        assert_eq!(Counts::of(&got).error, 0, "{got:#?}");
        assert!(
            !got.iter().any(|f| f.severity == Severity::Warning),
            "{got:#?}"
        );
    }
}

#[test]
fn t6_a_year_before_c2_opens_is_misaligned_early() {
    let mut plan = parse(include_str!("../../plans/firearms.yaml"))
        .unwrap()
        .plan;
    let m = plan
        .meetings
        .iter_mut()
        .find(|m| m.fixed.as_ref().is_some_and(|t| t.as_str() == "T6"))
        .unwrap();
    m.year = 2026;
    let got = check(&plan);
    assert!(
        got.iter().any(|f| f.code == Code::MisalignedEarly
            && f.topic == Some(TopicId::from("T6"))
            && f.cluster == Some(ClusterId::from("C2"))),
        "{got:#?}"
    );
}

/// A topic whose articles two clusters review is aligned only in the years both allow.
const TWO_CLUSTERS: &str = "version: 1
title: T
clusters:
  - id: C1
    review: { start: 2021, end: 2024 }
    articles: [1]
  - id: C2
    review: { start: 2024, end: 2030 }
    articles: [3]
fixed_topics:
  - id: T1
    title: a
    articles: [1, 3]
meetings:
  - number: 1
    year: YEAR
    fixed: T1
";

fn messages_at(year: i32, text: &str) -> Vec<String> {
    findings(&text.replace("YEAR", &year.to_string()))
        .into_iter()
        .filter(|f| f.is_misalignment())
        .map(|f| f.message)
        .collect()
}

#[test]
fn advice_for_a_topic_of_two_clusters_names_the_years_both_allow() {
    // Aligned with C1 up to 2025 and with C2 from 2024: only 2024-2025 fit both, so
    // "from 2024 to 2031" (C2's own span) would send the topic into C1's misalignment.
    let early = messages_at(2022, TWO_CLUSTERS);
    assert_eq!(early.len(), 1, "{early:?}");
    assert!(
        early[0].ends_with("move it to a meeting from 2024 to 2025"),
        "{early:?}"
    );
    let late = messages_at(2027, TWO_CLUSTERS);
    assert_eq!(late.len(), 1, "{late:?}");
    assert!(
        late[0].ends_with("move it to a meeting from 2024 to 2025"),
        "{late:?}"
    );
    assert!(messages_at(2025, TWO_CLUSTERS).is_empty());
}

#[test]
fn a_topic_no_year_can_align_says_so_instead_of_advising_a_move() {
    let apart = TWO_CLUSTERS.replace("start: 2024, end: 2030", "start: 2027, end: 2030");
    let m = messages_at(2026, &apart);
    assert_eq!(m.len(), 2, "{m:?}");
    for m in &m {
        assert!(
            m.ends_with(
                "no year is aligned with every cluster that reviews its articles (C1: 2021-2025, C2: 2027-2031); split the topic or amend the windows"
            ),
            "{m}"
        );
    }
}

/// The codes `check` gives the clean plan with the 1st meeting (2023) dated so.
fn codes_with_dates(start: &str, end: &str) -> Vec<(Code, Option<u32>)> {
    let mut plan = parse(fixture!("clean")).unwrap().plan;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    (plan.meetings[0].start, plan.meetings[0].end) = (d(start), d(end));
    check(&plan)
        .into_iter()
        .map(|f| (f.code, f.meeting.map(MeetingNumber::get)))
        .collect()
}

#[test]
fn meeting_dates_are_checked_at_their_boundaries() {
    let bad = (Code::InvalidDates, Some(1));
    for (start, end, expect) in [
        ("2023-05-03", "2023-05-04", vec![]),
        ("2023-05-03", "2023-05-03", vec![]), // one day: ends as it starts
        ("2023-05-03", "", vec![]),           // last day not known yet
        ("", "", vec![]),
        ("2023-05-04", "2023-05-03", vec![bad]), // ends the day before it starts
        ("", "2023-05-04", vec![bad]),           // an end without a start
        ("2023-12-30", "2024-01-02", vec![bad]), // the end in another year
        ("2022-05-03", "2022-05-04", vec![bad, bad]), // both in another year
        ("2022-05-03", "", vec![bad]),
    ] {
        assert_eq!(codes_with_dates(start, end), expect, "{start}..{end}");
    }
}

#[test]
fn a_meeting_may_start_the_day_after_the_previous_one_ends_but_not_on_it() {
    let plan = parse(fixture!("clean")).unwrap().plan;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let order = |first: (&str, &str), second: &str| {
        let mut p = plan.clone();
        // Both in 2024 (which is also a two-meetings finding, not asserted here).
        p.meetings[0].year = 2024;
        (p.meetings[0].start, p.meetings[0].end) = (d(first.0), d(first.1));
        p.meetings[1].start = d(second);
        check(&p)
            .into_iter()
            .filter(|f| f.code == Code::MeetingOrder)
            .map(|f| f.meeting.map(MeetingNumber::get))
            .collect::<Vec<_>>()
    };
    assert_eq!(order(("2024-01-08", "2024-01-09"), "2024-01-10"), []);
    assert_eq!(order(("2024-01-08", "2024-01-10"), "2024-01-10"), [Some(2)]);
    // Without an end date, the first day counts.
    assert_eq!(order(("2024-01-09", ""), "2024-01-10"), []);
    assert_eq!(order(("2024-01-10", ""), "2024-01-10"), [Some(2)]);
}

/// One topic of one cluster, reviewed 2021-2024, on one meeting.
const ONE_CLUSTER: &str = "version: 1
title: T
alignment:
  grace_years: GRACE
clusters:
  - id: C1
    review: { start: 2021, end: END }
    articles: [1]
fixed_topics:
  - id: T1
    title: a
    articles: [1]
meetings:
  - number: 1
    year: YEAR
    fixed: T1
";

fn one_cluster(grace: u32, end: i32, year: i32) -> Vec<Finding> {
    findings(
        &ONE_CLUSTER
            .replace("GRACE", &grace.to_string())
            .replace("END", &end.to_string())
            .replace("YEAR", &year.to_string()),
    )
}

#[test]
fn misalignment_messages_name_the_meeting_the_years_and_the_way_back() {
    let message = |grace, year| {
        let got = one_cluster(grace, 2024, year);
        assert_eq!(got.len(), 1, "{got:#?}");
        got[0].message.clone()
    };
    assert_eq!(
        message(1, 2020),
        "T1 is on the 1st meeting (2020) but cluster C1 opens its review of article 1 only in 2021: no review findings yet; move it to a meeting from 2021 to 2025"
    );
    assert_eq!(
        message(1, 2026),
        "T1 is on the 1st meeting (2026) but cluster C1 closes its review of article 1 in 2024; 2 years past the window (1 year allowed) loses the synchronization: move it to a meeting from 2021 to 2025"
    );
    assert_eq!(
        message(0, 2025),
        "T1 is on the 1st meeting (2025) but cluster C1 closes its review of article 1 in 2024; 1 year past the window (0 years allowed) loses the synchronization: move it to a meeting from 2021 to 2024"
    );
}

#[test]
fn a_one_year_window_is_valid_and_a_reversed_one_is_not() {
    let invalid = |end| {
        one_cluster(1, end, 2021)
            .iter()
            .filter(|f| f.code == Code::InvalidWindow)
            .count()
    };
    assert_eq!(invalid(2021), 0, "reviewed in 2021 only");
    assert_eq!(invalid(2022), 0);
    assert_eq!(invalid(2020), 1, "ends before it starts");
}

#[test]
fn two_clusters_that_allow_a_single_common_year_advise_that_year() {
    // C1 allows 2021-2025 (grace 1), C2 from 2025: only 2025 suits both.
    let touching = TWO_CLUSTERS.replace("start: 2024, end: 2030", "start: 2025, end: 2030");
    let m = messages_at(2022, &touching);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].ends_with("move it to a meeting from 2025 to 2025"),
        "{m:?}"
    );
    assert!(messages_at(2025, &touching).is_empty());
}

#[test]
fn a_topic_of_two_clusters_names_only_the_cluster_it_is_misaligned_with() {
    // C1 allows 2021-2025 (grace 1), C2 only from 2027: in 2021 and 2025, the edges of
    // C1's years, the topic is aligned with C1 and early for C2.
    let apart = TWO_CLUSTERS.replace("start: 2024, end: 2030", "start: 2027, end: 2030");
    for year in [2021, 2025] {
        let got: Vec<(Code, Option<ClusterId>)> =
            findings(&apart.replace("YEAR", &year.to_string()))
                .into_iter()
                .filter(Finding::is_misalignment)
                .map(|f| (f.code, f.cluster))
                .collect();
        assert_eq!(
            got,
            [(Code::MisalignedEarly, Some(ClusterId::from("C2")))],
            "{year}"
        );
    }
}

/// Findings are listed in the order of the file (clusters, fixed topics, flexible topics,
/// then each meeting field by field), not in the order the rules run: `invalid_windows`
/// runs after `duplicate_ids`, and `two_meetings_in_year` after `misaligned`.
#[test]
fn findings_follow_the_file_not_the_order_of_the_rules() {
    let text = "version: 1
title: T
clusters:
  - id: C1
    review: { start: 2021, end: 2024 }
    articles: [1]
  - id: C2
    review: { start: 2030, end: 2029 }
    articles: [2]
fixed_topics:
  - id: T1
    title: a
    articles: [1]
  - id: T1
    title: b
    articles: [2]
flexible_topics:
  - id: F1
    title: c
  - id: F1
    title: d
meetings:
  - number: 1
    year: 2040
    fixed: T1
  - number: 2
    year: 2040
";
    let found: Vec<_> = findings(text).iter().map(|f| (f.code, f.anchor)).collect();
    let at = |code| {
        found
            .iter()
            .position(|(c, _)| *c == code)
            .unwrap_or_else(|| panic!("{code:?} in {found:?}"))
    };
    assert!(at(Code::InvalidWindow) < at(Code::DuplicateId), "{found:?}");
    // Both duplicates: the fixed topic's before the flexible topic's.
    let duplicates: Vec<_> = found
        .iter()
        .filter(|(c, _)| *c == Code::DuplicateId)
        .map(|(_, a)| *a)
        .collect();
    assert_eq!(
        duplicates,
        [Some(Anchor::FixedTopic(1)), Some(Anchor::FlexibleTopic(1))]
    );
    // At the first meeting: its year (shared with the second) before its fixed topic.
    let first: Vec<_> = found
        .iter()
        .filter(|(_, a)| matches!(a, Some(Anchor::Meeting(0, _))))
        .map(|(c, _)| *c)
        .collect();
    assert!(
        first.iter().position(|c| *c == Code::TwoMeetingsInYear)
            < first.iter().position(|c| *c == Code::MisalignedLate),
        "{first:?}"
    );
    // Every plan-wide finding before every meeting's.
    let last_plan_wide = found
        .iter()
        .rposition(|(_, a)| !matches!(a, Some(Anchor::Meeting(..))))
        .unwrap();
    assert!(last_plan_wide < at(Code::TwoMeetingsInYear), "{found:?}");
}

/// "Comes before" is strict: a cross-cutting topic at the same number and year as the
/// last other topic (a duplicated meeting, flagged as such) is not before it.
#[test]
fn a_cross_cutting_topic_beside_the_last_other_one_is_not_before_it() {
    let text = fixture!("cross-cutting-not-last");
    let codes = |text: &str| -> Vec<Code> { findings(text).iter().map(|f| f.code).collect() };
    assert!(codes(text).contains(&Code::CrossCuttingNotLast));
    // T4 moves to the 4th meeting of 2028, beside T3: a duplicate, not out of order.
    let beside = text.replace(
        "  - number: 3\n    year: 2027\n    fixed: T4",
        "  - number: 4\n    year: 2028\n    fixed: T4",
    );
    assert_ne!(beside, text);
    let found = codes(&beside);
    assert!(found.contains(&Code::DuplicateMeeting), "{found:?}");
    assert!(!found.contains(&Code::CrossCuttingNotLast), "{found:?}");
}

#[test]
fn counts_add_take_back_merge_and_read_as_a_sentence() {
    let mut c = Counts::default();
    for s in [
        Severity::Error,
        Severity::Warning,
        Severity::Warning,
        Severity::Info,
        Severity::Info,
        Severity::Info,
    ] {
        c.add(s);
    }
    assert_eq!(
        c,
        Counts {
            error: 1,
            warning: 2,
            info: 3
        }
    );
    assert_eq!(c.to_string(), "1 error, 2 warnings, 3 infos");
    c.remove(Severity::Warning);
    c.remove(Severity::Error);
    c.remove(Severity::Error); // one too many: stays at zero
    assert_eq!(c.to_string(), "0 errors, 1 warning, 3 infos");
    let mut total = c;
    total.merge(Counts {
        error: 2,
        warning: 3,
        info: 4,
    });
    assert_eq!(
        total,
        Counts {
            error: 2,
            warning: 4,
            info: 7
        }
    );
    // Counted from findings: the fixture's one error.
    let found = findings(fixture!("duplicate-id"));
    let of = Counts::of(&found);
    assert_eq!(
        of.error,
        found
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    );
    assert!(of.error >= 1, "{found:?}");
}

/// Many clusters on one article (issue 22): each meeting misses the review of almost
/// every cluster. A meeting has at most `LISTED` findings of each code one by one and
/// one for the rest, and no message names more than `LISTED` clusters: before, each of
/// the 149 findings of a meeting named all 150 windows.
#[test]
fn many_clusters_on_one_article_give_few_findings_of_bounded_length() {
    use crate::plan::{LISTED, synth};
    let n = 150;
    let plan = synth::crowded(n);
    let findings = check(&plan);
    assert!(
        findings.iter().all(Finding::is_misalignment),
        "{findings:#?}"
    );
    let mut per_meeting: std::collections::BTreeMap<_, Vec<&Finding>> = Default::default();
    for f in &findings {
        per_meeting.entry(f.meeting).or_default().push(f);
    }
    assert_eq!(per_meeting.len(), n);
    for (meeting, fs) in &per_meeting {
        assert!(fs.len() <= 2 * (LISTED + 1), "{meeting:?}: {}", fs.len());
        for code in [Code::MisalignedEarly, Code::MisalignedLate] {
            let named = fs.iter().filter(|f| f.code == code && f.cluster.is_some());
            assert!(named.count() <= LISTED + 1, "{meeting:?} {code}");
        }
    }
    // The first meeting: five clusters one by one, then the 144 others in one finding.
    let first = &per_meeting[&Some(MeetingNumber::new(1))];
    let ids: Vec<Option<&str>> = first
        .iter()
        .map(|f| f.cluster.as_ref().map(ClusterId::as_str))
        .collect();
    assert_eq!(
        ids,
        [
            Some("C2"),
            Some("C3"),
            Some("C4"),
            Some("C5"),
            Some("C6"),
            None
        ]
    );
    assert!(
        first[5].message.starts_with(
            "T1 is on the 1st meeting (1900) but 144 more clusters (C7, C8, C9, C10, C11 and 139 more) open their review of its articles only later"
        ),
        "{}",
        first[5].message
    );
    assert!(
        first[0].message.contains(
            "(C1: 1900-1901, C2: 1901-1902, C3: 1902-1903, C4: 1903-1904, C5: 1904-1905 and 145 more)"
        ),
        "{}",
        first[0].message
    );
    let longest = findings.iter().map(|f| f.message.len()).max();
    assert!(longest < Some(600), "{longest:?}");
    // What a mixed meeting sees past the first LISTED: one finding per code.
    let middle = &per_meeting[&Some(MeetingNumber::new(75))];
    let rest: Vec<&str> = middle
        .iter()
        .filter(|f| f.cluster.is_none())
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(rest, ["misaligned-early", "misaligned-late"]);
}

/// A meeting that misses six clusters of one code names all six, never "and 1 more".
#[test]
fn six_missed_clusters_are_named_one_by_one() {
    let plan = crate::plan::synth::crowded(7);
    let findings = check(&plan);
    let first: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.meeting == Some(MeetingNumber::new(1)))
        .collect();
    assert_eq!(first.len(), 6);
    assert!(first.iter().all(|f| f.cluster.is_some()));
    assert!(
        first[0].message.contains(
            "(C1: 1900-1901, C2: 1901-1902, C3: 1902-1903, C4: 1903-1904, C5: 1904-1905 and 2 more)"
        ),
        "{}",
        first[0].message
    );
}

#[test]
fn a_finding_reads_as_severity_code_and_message() {
    let f = Finding::new(Code::MisalignedLate, "Topic T6 comes late.");
    assert_eq!(
        f.to_string(),
        "error[misaligned-late]: Topic T6 comes late."
    );
    let words: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .map(|s| format!("{s}/{}", s.as_str()))
        .collect();
    assert_eq!(words, ["error/error", "warning/warning", "info/info"]);
    assert_eq!(Code::UnknownTopic.to_string(), "unknown-topic");
}
