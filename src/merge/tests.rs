use super::*;
use crate::plan::parse;

const FIREARMS: &str = include_str!("../../plans/firearms.yaml");

fn firearms() -> Plan {
    parse(FIREARMS).unwrap().plan
}

fn meeting(plan: &mut Plan, n: u32) -> &mut Meeting {
    plan.meetings
        .iter_mut()
        .find(|m| m.number == MeetingNumber::new(n))
        .unwrap()
}

fn fields(m: &Merged) -> Vec<(Place, &'static str)> {
    m.conflicts
        .iter()
        .filter_map(|c| match &c.issue {
            Issue::Field { field, .. } => Some((c.place.clone(), *field)),
            Issue::Ambiguous(_) => None,
        })
        .collect()
}

#[test]
fn edits_of_different_meetings_and_fields_merge_cleanly() {
    let base = firearms();
    let mut ours = base.clone();
    meeting(&mut ours, 12).venue = Some("Vienna".into());
    // OURS swaps the fixed topics of the 13th and 14th meetings ...
    meeting(&mut ours, 13).fixed = Some("T5".into());
    meeting(&mut ours, 14).fixed = Some("T4".into());
    let mut theirs = base.clone();
    // ... while THEIRS re-dates the 13th: different fields of one meeting.
    let m = meeting(&mut theirs, 13);
    m.start = chrono::NaiveDate::from_ymd_opt(2026, 5, 5);
    m.end = chrono::NaiveDate::from_ymd_opt(2026, 5, 6);
    meeting(&mut theirs, 15).note = Some("a note".into());

    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let mut expected = ours.clone();
    let m = meeting(&mut expected, 13);
    m.start = chrono::NaiveDate::from_ymd_opt(2026, 5, 5);
    m.end = chrono::NaiveDate::from_ymd_opt(2026, 5, 6);
    meeting(&mut expected, 15).note = Some("a note".into());
    assert_eq!(merged.plan, expected);
}

#[test]
fn one_field_changed_differently_is_a_conflict_in_the_words_of_the_amendment() {
    let base = firearms();
    let mut ours = base.clone();
    meeting(&mut ours, 13).venue = Some("Vienna".into());
    let mut theirs = base.clone();
    meeting(&mut theirs, 13).venue = Some("New York".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&merged),
        [(Place::Meeting(MeetingNumber::new(13)), "venue")]
    );
    assert_eq!(merged.plan, ours, "OURS' value is kept");
    let c = &merged.conflicts[0];
    assert_eq!(
        c.headline(),
        "13th meeting, venue: base none, ours \"Vienna\", theirs \"New York\"; ours kept"
    );
    assert_eq!(
        c.ours_says,
        ["The thirteenth meeting (2026) will be held in Vienna."]
    );
    assert_eq!(
        c.theirs_says,
        ["The thirteenth meeting (2026) will be held in New York."]
    );
    assert!(
        c.comment().contains("theirs \"New York\""),
        "{}",
        c.comment()
    );
}

#[test]
fn a_topic_moved_to_two_meetings_is_a_conflict_and_stays_where_ours_put_it() {
    let base = firearms();
    let mut ours = base.clone();
    // OURS moves T10 from the 19th to a new 20th meeting; THEIRS to a new 21st.
    meeting(&mut ours, 19).fixed = None;
    let mut m20 = Meeting::planned(MeetingNumber::new(20), 2033);
    m20.fixed = Some("T10".into());
    ours.meetings.push(m20);
    let mut theirs = base.clone();
    meeting(&mut theirs, 19).fixed = None;
    let mut m21 = Meeting::planned(MeetingNumber::new(21), 2034);
    m21.fixed = Some("T10".into());
    theirs.meetings.push(m21);

    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&merged),
        [(Place::FixedTopic("T10".into()), "meetings")]
    );
    let holding: Vec<u32> = merged
        .plan
        .meetings
        .iter()
        .filter(|m| m.fixed.as_ref().is_some_and(|t| t.as_str() == "T10"))
        .map(|m| m.number.get())
        .collect();
    assert_eq!(holding, [20]);
    let c = &merged.conflicts[0];
    assert!(
        c.headline().contains(
            "base the 19th meeting (2032), ours the 20th meeting (2033), theirs the 21st meeting (2034)"
        ),
        "{}",
        c.headline()
    );
    assert_eq!(c.theirs_says.len(), 1, "{:?}", c.theirs_says);
    assert!(
        c.theirs_says[0].contains(
            "moves from the nineteenth meeting (2032) to the twenty-first meeting (2034)"
        )
    );
}

#[test]
fn a_meeting_naming_a_topic_the_other_side_removed_is_ambiguous() {
    let base = firearms();
    let mut ours = base.clone();
    ours.flexible_topics.retain(|t| t.id.as_str() != "F5");
    let mut theirs = base.clone();
    meeting(&mut theirs, 12).flexible = Some("F5".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    let Issue::Ambiguous(f) = &merged.conflicts[0].issue else {
        panic!("{:?}", merged.conflicts);
    };
    assert_eq!(f.code, Code::UnknownTopic);
    assert!(!merged.conflicts[0].theirs_says.is_empty());
}

#[test]
fn one_id_added_as_a_fixed_and_a_flexible_topic_is_ambiguous() {
    let base = firearms();
    let mut ours = base.clone();
    let mut t = ours.fixed_topics[0].clone();
    t.id = "X1".into();
    ours.fixed_topics.push(t);
    let mut theirs = base.clone();
    let mut f = theirs.flexible_topics[0].clone();
    f.id = "X1".into();
    theirs.flexible_topics.push(f);
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| matches!(&c.issue, Issue::Ambiguous(f) if f.code == Code::DuplicateId)),
        "{:?}",
        merged.conflicts
    );
}

#[test]
fn both_adding_one_topic_differently_conflicts_field_by_field() {
    let base = firearms();
    let mut ours = base.clone();
    let mut t = ours.fixed_topics[0].clone();
    t.id = "T11".into();
    t.title = "Ours".into();
    ours.fixed_topics.push(t.clone());
    let mut theirs = base.clone();
    t.title = "Theirs".into();
    theirs.fixed_topics.push(t);
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&merged),
        [(Place::FixedTopic("T11".into()), "title")]
    );
    assert!(
        merged.conflicts[0]
            .headline()
            .contains("base absent (both added it)")
    );
}

#[test]
fn additions_of_both_sides_land_in_order() {
    let base = firearms();
    let mut ours = base.clone();
    ours.meetings
        .push(Meeting::planned(MeetingNumber::new(20), 2033));
    let mut t11 = ours.fixed_topics[0].clone();
    t11.id = "T11".into();
    ours.fixed_topics.push(t11);
    let mut theirs = base.clone();
    theirs
        .meetings
        .push(Meeting::planned(MeetingNumber::new(21), 2034));
    let mut t12 = theirs.fixed_topics[0].clone();
    t12.id = "T12".into();
    theirs.fixed_topics.push(t12);
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.is_clean());
    let numbers: Vec<u32> = merged
        .plan
        .meetings
        .iter()
        .map(|m| m.number.get())
        .collect();
    assert_eq!(&numbers[numbers.len() - 3..], [19, 20, 21]);
    let ids: Vec<&str> = merged
        .plan
        .fixed_topics
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(&ids[ids.len() - 3..], ["T10", "T11", "T12"]);
}

#[test]
fn removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let base = firearms();
    let mut ours = base.clone();
    ours.meetings.retain(|m| m.number != MeetingNumber::new(19));
    let mut theirs = base.clone();
    meeting(&mut theirs, 19).venue = Some("Vienna".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&merged),
        [(Place::Meeting(MeetingNumber::new(19)), "the whole item")]
    );
    assert!(
        merged.plan.meeting(MeetingNumber::new(19)).is_none(),
        "OURS' removal stands"
    );
    // Removed on both sides, or removed on one and untouched on the other: clean.
    let merged = merge(&base, &ours, &base).unwrap();
    assert!(merged.is_clean() && merged.plan.meeting(MeetingNumber::new(19)).is_none());
}

#[test]
fn findings_the_merge_introduces_are_reported_on_a_clean_merge() {
    let base = firearms();
    // THEIRS opens cluster 2's review a year later; OURS holds the 15th meeting (T6,
    // articles 7 and 8, reviewed by cluster 2) a year earlier. Each alone is aligned.
    let mut theirs = base.clone();
    let c2 = theirs
        .clusters
        .iter_mut()
        .find(|c| c.id.as_str() == "C2")
        .unwrap();
    c2.review.start += 1;
    let mut ours = base.clone();
    meeting(&mut ours, 15).year = 2027;
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let codes: Vec<Code> = merged.introduced.iter().map(|f| f.code).collect();
    assert!(codes.contains(&Code::MisalignedEarly), "{codes:?}");
}

#[test]
fn a_side_with_two_meetings_of_one_number_cannot_be_merged_by_meaning() {
    let base = firearms();
    let mut theirs = base.clone();
    let copy = theirs.meetings[0].clone();
    theirs.meetings.push(copy);
    let err = merge(&base, &base, &theirs).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("THEIRS has two meetings numbered 1,"),
        "{err}"
    );
}

#[test]
fn conflicts_are_comments_above_their_meeting_and_the_text_still_loads() {
    let base = firearms();
    let mut ours = base.clone();
    meeting(&mut ours, 13).venue = Some("Vienna".into());
    ours.title = "Ours".into();
    let mut theirs = base.clone();
    meeting(&mut theirs, 13).venue = Some("New York\nsecond line".into());
    theirs.title = "Theirs".into();
    let merged = merge(&base, &ours, &theirs).unwrap();
    let text = crate::plan::save::render(Some(FIREARMS), &merged.plan)
        .unwrap()
        .text;
    for crlf in [false, true] {
        let text = if crlf {
            text.replace('\n', "\r\n")
        } else {
            text.clone()
        };
        let annotated = annotate(&text, &merged.conflicts);
        assert_eq!(annotated.placed, Placed::Beside);
        let annotated = annotated.text;
        assert_eq!(parse(&annotated).unwrap().plan, merged.plan);
        let lines: Vec<&str> = annotated.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_end() == "  - number: 13")
            .unwrap();
        assert_eq!(
            lines[at - 1].trim_end(),
            "  # workplan merge conflict: 13th meeting, venue: ours \"Vienna\" kept here; theirs \"New York\\nsecond line\" (base none)"
        );
        let title = lines.iter().position(|l| l.starts_with("title:")).unwrap();
        assert!(lines[title - 1].starts_with("# workplan merge conflict: the plan, title:"));
        assert_eq!(annotated.matches("\r\n").count() > 0, crlf);
        assert_eq!(annotated.lines().count(), text.lines().count() + 2);
    }
}

#[test]
fn two_topics_put_on_one_meeting_is_a_conflict_and_ours_schedule_stands() {
    let base = firearms();
    // OURS swaps the 12th and 13th meetings' topics, THEIRS the 12th and 14th: each
    // puts another topic on the 12th, and T3 would end up on two meetings.
    let mut ours = base.clone();
    meeting(&mut ours, 12).fixed = Some("T4".into());
    meeting(&mut ours, 13).fixed = Some("T3".into());
    let mut theirs = base.clone();
    meeting(&mut theirs, 12).fixed = Some("T5".into());
    meeting(&mut theirs, 14).fixed = Some("T3".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.plan, ours);
    assert_eq!(
        fields(&merged),
        [
            (Place::Meeting(MeetingNumber::new(12)), FIXED),
            (Place::FixedTopic("T3".into()), PLACEMENT)
        ]
    );
    assert!(
        merged.conflicts[0]
            .headline()
            .contains("agenda item 3 (fixed topic): base T3, ours T4, theirs T5"),
        "{}",
        merged.conflicts[0].headline()
    );
    assert!(
        check::check(&merged.plan)
            .iter()
            .all(|f| f.code != Code::FixedTopicRepeated)
    );
}

#[test]
fn meetings_theirs_added_keep_the_comments_theirs_wrote() {
    let base = firearms();
    let mut ours = base.clone();
    meeting(&mut ours, 19).venue = Some("Vienna".into());
    let ours_text = crate::plan::save::render(Some(FIREARMS), &ours)
        .unwrap()
        .text;
    let theirs_text = format!(
        "{FIREARMS}\n  - number: 20    # proposed by the Bureau\n    year: 2033\n    # dates to be set\n    status: planned\n"
    );
    let theirs = parse(&theirs_text).unwrap().plan;
    let merged = merge(&base, &ours, &theirs).unwrap();
    let written = crate::plan::save::render(Some(&ours_text), &merged.plan).unwrap();
    assert!(!written.text.contains("# proposed by the Bureau"));
    let carried = carry_comments(&written.text, &ours, &theirs_text);
    assert!(
        carried.ends_with("extended Bureau\n\n  - number: 20    # proposed by the Bureau\n    year: 2033\n    # dates to be set\n    status: planned\n"),
        "{carried}"
    );
    assert_eq!(parse(&carried).unwrap().plan, merged.plan);
    // Written in another indentation, THEIRS' lines would not fit: left as written.
    let other = theirs_text.replace("  - number: 20", "  -   number: 20");
    assert_eq!(carry_comments(&written.text, &ours, &other), written.text);
}

#[test]
fn scenarios_merge_as_one_field_of_the_plan() {
    let base = firearms();
    let scenario = |name: &str, years: i32| crate::plan::Scenario {
        name: name.to_owned(),
        delays: [(crate::plan::ClusterId::from("C2"), years)]
            .into_iter()
            .collect(),
    };
    let mut ours = base.clone();
    ours.scenarios.push(scenario("C2 late", 2));
    let mut theirs = base.clone();
    meeting(&mut theirs, 13).venue = Some("Vienna".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    assert_eq!(merged.plan.scenarios, ours.scenarios, "OURS' scenario kept");
    let merged = merge(&base, &theirs, &ours).unwrap();
    assert_eq!(
        merged.plan.scenarios, ours.scenarios,
        "THEIRS' scenario taken"
    );

    let mut theirs = base.clone();
    theirs.scenarios.push(scenario("C2 later", 3));
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(fields(&merged), [(Place::Plan, "scenarios")]);
    assert_eq!(merged.plan.scenarios, ours.scenarios);
}

/// Every character YAML refuses in a comment (C0 and C1 controls, DEL, line breaks,
/// the non-characters U+FFFE and U+FFFF) in THEIRS' value: the comment is still
/// written beside the meeting, the value readable in it, and the file reads back as
/// the merged plan. The comment used to be left out (while the report said it was
/// there).
#[test]
fn a_value_with_any_character_yaml_refuses_in_a_comment_is_written_escaped() {
    let nasty = [
        '\u{0}', '\u{7}', '\u{1b}', '\r', '\n', '\t', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}',
        '\u{2029}', '\u{feff}', '\u{fffe}', '\u{ffff}',
    ];
    for c in nasty {
        let base = firearms();
        let mut ours = base.clone();
        meeting(&mut ours, 13).venue = Some("Vienna".into());
        let mut theirs = base.clone();
        meeting(&mut theirs, 13).venue = Some(format!("New{c}York"));
        let merged = merge(&base, &ours, &theirs).unwrap();
        let text = crate::plan::save::render(Some(FIREARMS), &merged.plan)
            .unwrap()
            .text;
        let annotated = annotate(&text, &merged.conflicts);
        assert_eq!(annotated.placed, Placed::Beside, "{c:?}");
        assert_eq!(parse(&annotated.text).unwrap().plan, merged.plan, "{c:?}");
        let comment = annotated
            .text
            .lines()
            .find(|l| l.contains("# workplan merge conflict"))
            .unwrap();
        assert!(comment.contains("theirs \"New"), "{c:?}: {comment}");
        assert!(comment.contains("York\""), "{c:?}: {comment}");
    }
}

/// A conflict on a list of texts quotes each side's items (the person resolving it
/// must read THEIRS' wording), and a huge list is cut short, in the report line and
/// the comment alike.
#[test]
fn a_list_conflict_quotes_both_sides_and_stays_bounded() {
    let base = firearms();
    let mut ours = base.clone();
    ours.fixed_topics[0].questions.push("Ours asks this".into());
    let mut theirs = base.clone();
    theirs.fixed_topics[0]
        .questions
        .push("Theirs asks that".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    let c = &merged.conflicts[0];
    for shown in [c.headline(), c.comment()] {
        assert!(shown.contains("Ours asks this"), "{shown}");
        assert!(shown.contains("Theirs asks that"), "{shown}");
    }
    let mut huge = base.clone();
    huge.meetings[0].agenda = vec!["x".repeat(1_000); 1_000];
    let merged = merge(&base, &ours, &huge).unwrap();
    let c = &merged.conflicts;
    assert!(c.is_empty(), "{c:?}");
    let mut other = base.clone();
    other.meetings[0].agenda = vec!["y".into()];
    let merged = merge(&base, &other, &huge).unwrap();
    let c = &merged.conflicts[0];
    assert!(c.headline().contains("and 988 more"), "{}", c.headline());
    assert!(c.headline().len() < 10_000, "{}", c.headline().len());
    assert!(c.comment().len() < 10_000, "{}", c.comment().len());
}

/// Meetings postponed by a year each keep their number: matched by number, not by the
/// year they now share with another meeting's old one. THEIRS' venue of the 13th stays
/// on the 13th, now in 2027.
#[test]
fn meetings_moved_a_year_later_are_still_matched_by_number() {
    let base = firearms();
    let mut ours = base.clone();
    for m in ours.meetings.iter_mut().filter(|m| m.number.get() >= 12) {
        m.year += 1;
    }
    let mut theirs = base.clone();
    meeting(&mut theirs, 13).venue = Some("Geneva".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.is_clean(), "{:?}", merged.conflicts);
    let mut expected = ours.clone();
    meeting(&mut expected, 13).venue = Some("Geneva".into());
    assert_eq!(merged.plan, expected);
}

#[test]
fn footnotes_and_article_headings_merge_entry_by_entry() {
    let base = firearms();
    let mut ours = base.clone();
    ours.footnotes
        .insert("2".into(), "Ours rewords footnote 2.".into());
    ours.article_headings.insert(21, "Final provisions".into());
    let mut theirs = base.clone();
    theirs
        .footnotes
        .insert("4".into(), "Theirs rewords footnote 4.".into());
    theirs.footnotes.remove("3");
    theirs
        .article_headings
        .insert(12, "Information exchange".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.conflicts.is_empty(), "{:#?}", merged.conflicts);
    let notes = &merged.plan.footnotes;
    assert_eq!(notes["2"], "Ours rewords footnote 2.");
    assert_eq!(notes["4"], "Theirs rewords footnote 4.");
    assert!(!notes.contains_key("3"));
    let headings = &merged.plan.article_headings;
    assert_eq!(headings[&21], "Final provisions");
    assert_eq!(headings[&12], "Information exchange");
    assert_eq!(headings[&3], "Use of terms");
}

#[test]
fn one_footnote_changed_differently_is_a_conflict_on_that_footnote() {
    let base = firearms();
    let mut ours = base.clone();
    ours.footnotes.insert("3".into(), "Ours.".into());
    let mut theirs = base.clone();
    theirs.footnotes.insert("3".into(), "Theirs.".into());
    theirs.footnotes.insert("2".into(), "Theirs alone.".into());
    // Both adding one heading differently conflicts too; adding it alike does not.
    ours.article_headings.insert(20, "Signature".into());
    theirs
        .article_headings
        .insert(20, "Signature, ratification".into());
    ours.article_headings.insert(21, "Final".into());
    theirs.article_headings.insert(21, "Final".into());
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(
        fields(&merged),
        [
            (Place::Plan, "article headings"),
            (Place::Plan, "footnotes")
        ]
    );
    assert_eq!(merged.plan.footnotes["3"], "Ours.", "OURS' text is kept");
    assert_eq!(merged.plan.footnotes["2"], "Theirs alone.");
    assert_eq!(merged.plan.article_headings[&21], "Final");
    let headline = merged.conflicts[1].headline();
    assert!(
        headline.contains("ours 3: \"Ours.\", theirs 3: \"Theirs.\""),
        "{headline}"
    );
    assert!(
        merged.conflicts[0].headline().contains("base 20: none"),
        "{}",
        merged.conflicts[0].headline()
    );
    // A long footnote is quoted cut short.
    let mut ours = base.clone();
    ours.footnotes.insert("3".into(), "o".repeat(10_000));
    let mut theirs = base.clone();
    theirs.footnotes.insert("3".into(), "t".repeat(10_000));
    let merged = merge(&base, &ours, &theirs).unwrap();
    assert!(merged.conflicts[0].headline().len() < 1_500);
}
