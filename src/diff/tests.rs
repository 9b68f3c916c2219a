use super::*;
use crate::plan::parse;

fn firearms() -> Plan {
    parse(include_str!("../../plans/firearms.yaml"))
        .unwrap()
        .plan
}

fn meeting_mut(plan: &mut Plan, n: u32) -> &mut Meeting {
    plan.meetings
        .iter_mut()
        .find(|m| m.number == MeetingNumber::new(n))
        .unwrap()
}

#[test]
fn a_plan_against_itself_is_empty() {
    let p = firearms();
    let a = diff(&p, &p);
    assert!(a.is_empty(), "{a:?}");
    assert_eq!(a.render_text(), "The plans are equal.\n");
}

#[test]
fn reordering_meetings_in_the_file_is_no_change() {
    let old = firearms();
    let mut new = old.clone();
    new.meetings.reverse();
    new.clusters.reverse();
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn a_swap_of_fixed_topics_is_two_moves_in_meeting_order() {
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 13).fixed = Some("T5".into());
    meeting_mut(&mut new, 14).fixed = Some("T4".into());
    let a = diff(&old, &new);
    let moved: Vec<(&str, u32, u32)> = a
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::FixedMoved { topic, from, to } => Some((
                topic.id.as_str(),
                from[0].meeting.get(),
                to[0].meeting.get(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(moved, [("T4", 13, 14), ("T5", 14, 13)]);
    assert_eq!(a.agenda_table.len(), 2);
}

#[test]
fn flexible_assigned_changed_removed() {
    let mut old = firearms();
    meeting_mut(&mut old, 13).flexible = Some("F1".into());
    meeting_mut(&mut old, 14).flexible = Some("F2".into());
    let mut new = old.clone();
    meeting_mut(&mut new, 12).flexible = Some("F7".into());
    meeting_mut(&mut new, 13).flexible = Some("F3".into());
    meeting_mut(&mut new, 14).flexible = None;
    let kinds: Vec<&str> = diff(&old, &new)
        .changes
        .iter()
        .map(|c| match c {
            Change::FlexibleAssigned { .. } => "assigned",
            Change::FlexibleChanged { .. } => "changed",
            Change::FlexibleRemoved { .. } => "removed",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["assigned", "changed", "removed"]);
}

#[test]
fn findings_compare_by_identity_not_message() {
    let mut a = Finding::new(Code::MisalignedLate, "old wording").meeting(MeetingNumber::new(18));
    a.topic = Some("T9".into());
    let mut b = a.clone();
    b.message = "new wording".into();
    let (appeared, resolved) = findings(&[a.clone()], &[b]);
    assert!(appeared.is_empty() && resolved.is_empty());
    let (appeared, resolved) = findings(&[a.clone(), a.clone()], &[a]);
    assert_eq!((appeared.len(), resolved.len()), (0, 1));
}

#[test]
fn shifting_a_topic_late_makes_a_misalignment_appear() {
    let old = firearms();
    let mut new = old.clone();
    // T5 (article 13, cluster C4 ends 2026, grace 1) moved to 2029: too late.
    meeting_mut(&mut new, 14).fixed = Some("T7".into());
    meeting_mut(&mut new, 16).fixed = Some("T5".into());
    let a = diff(&old, &new);
    assert!(
        a.findings_appeared
            .iter()
            .any(|f| f.code == Code::MisalignedLate && f.topic == Some("T5".into())),
        "{a:#?}"
    );
    // In the text form, under its heading: severity, code, where, and the message.
    let text = a.render_text();
    let (_, appeared) = text.split_once("\nFindings that appear\n").expect("{text}");
    let line = appeared
        .lines()
        .find(|l| l.contains("T5"))
        .expect("{appeared}");
    assert!(
        line.starts_with(
            "  error[misaligned-late] (16th meeting, T5, C4): T5 is on the 16th meeting (2029)"
        ),
        "{line}"
    );
}

#[test]
fn window_changes_and_redating_are_listed() {
    let old = firearms();
    let mut new = old.clone();
    new.clusters[0].review = new.clusters[0].review.shifted(2);
    let m = meeting_mut(&mut new, 12);
    m.start = NaiveDate::from_ymd_opt(2025, 5, 6);
    m.end = NaiveDate::from_ymd_opt(2025, 5, 7);
    m.status = Status::Postponed;
    let text = diff(&old, &new).render_text();
    assert!(
        text.contains("The review of cluster C1 (criminalization and jurisdiction) is now expected from 2023 to 2026 (previously 2021–2024)."),
        "{text}"
    );
    assert!(
        text.contains("The twelfth meeting (2025) will be held on 6 and 7 May 2025.\n"),
        "{text}"
    );
    assert!(
        text.contains("The twelfth meeting (2025) is postponed (previously planned)."),
        "{text}"
    );
}

#[test]
fn md_cells_cannot_break_a_table() {
    assert_eq!(render::md_cell("a | b\nc"), "a \\| b<br>c");
    assert_eq!(render::md_cell("<b>"), "&lt;b>");
    // GitHub's strikethrough and maths would otherwise restyle plan text.
    assert_eq!(render::md_cell("~~x~~ $y$"), "\\~\\~x\\~\\~ \\$y\\$");
}

/// GitHub's autolinks (`scheme://`, `www.`, an e-mail address) find nothing to link;
/// `tests/it/markdown_links.rs` renders the outputs with a GFM renderer.
#[test]
fn md_cells_make_no_autolink() {
    assert_eq!(
        render::md_cell("see https://evil.example/x"),
        "see https\\://evil.example/x"
    );
    assert_eq!(render::md_cell("FTP://x"), "FTP\\://x");
    assert_eq!(render::md_cell("www.evil.example"), "www\\.evil.example");
    assert_eq!(render::md_cell("(WwW.e.x)"), "(WwW\\.e.x)");
    assert_eq!(
        render::md_cell("a.b+c@d.example"),
        "a.b+c<!-- -->@d.example"
    );
    assert_eq!(render::md_cell("x_y@d.e"), "x\\_y<!-- -->@d.e");
    // Nothing to link: left as written (never a comment at the start of a line, where
    // it would open an HTML block).
    for plain in [
        "@Tracing",
        "Room @ 3",
        "a@",
        "a@ b",
        "a: b",
        "Vienna. www",
        "w.w",
    ] {
        assert_eq!(render::md_cell(plain), plain);
    }
}

#[test]
fn date_labels() {
    let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day);
    assert_eq!(dates_label(2023, d(5, 3), d(5, 4)), "3 and 4 May 2023");
    assert_eq!(dates_label(2023, d(5, 8), d(5, 10)), "8 to 10 May 2023");
    assert_eq!(
        dates_label(2023, d(4, 30), d(5, 2)),
        "30 April to 2 May 2023"
    );
    assert_eq!(
        dates_label(2023, d(4, 30), d(5, 1)),
        "30 April and 1 May 2023"
    );
    assert_eq!(dates_label(2023, d(5, 3), d(5, 3)), "3 May 2023");
    assert_eq!(dates_label(2023, None, None), "2023, no dates set");
}

mod props {
    use proptest::prelude::*;

    use super::*;

    /// Edits a planner could make; `Reorder` changes only how the file lists things.
    #[derive(Clone, Debug)]
    enum Edit {
        SwapFixed(usize, usize),
        Flexible(usize, Option<usize>),
        Status(usize, usize),
        Year(usize, i32),
        ShiftWindow(usize, i32),
        Venue(usize, bool),
        Reorder,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (0..20usize, 0..20usize).prop_map(|(a, b)| Edit::SwapFixed(a, b)),
            (0..20usize, proptest::option::of(0..13usize)).prop_map(|(m, f)| Edit::Flexible(m, f)),
            (0..20usize, 0..4usize).prop_map(|(m, s)| Edit::Status(m, s)),
            (0..20usize, -2..3i32).prop_map(|(m, d)| Edit::Year(m, d)),
            (0..4usize, -2..3i32).prop_map(|(c, d)| Edit::ShiftWindow(c, d)),
            (0..20usize, any::<bool>()).prop_map(|(m, v)| Edit::Venue(m, v)),
            Just(Edit::Reorder),
        ]
    }

    fn apply(plan: &mut Plan, e: &Edit) {
        let n = plan.meetings.len();
        match *e {
            Edit::SwapFixed(a, b) => {
                let f = plan.meetings[a % n].fixed.clone();
                plan.meetings[a % n].fixed = plan.meetings[b % n].fixed.clone();
                plan.meetings[b % n].fixed = f;
            }
            Edit::Flexible(m, f) => {
                let id = f.map(|i| {
                    plan.flexible_topics[i % plan.flexible_topics.len()]
                        .id
                        .clone()
                });
                plan.meetings[m % n].flexible = id;
            }
            Edit::Status(m, s) => plan.meetings[m % n].status = Status::ALL[s % 4],
            Edit::Year(m, d) => plan.meetings[m % n].year += d,
            Edit::ShiftWindow(c, d) => {
                let c = c % plan.clusters.len();
                plan.clusters[c].review = plan.clusters[c].review.shifted(d);
            }
            Edit::Venue(m, v) => {
                plan.meetings[m % n].venue = v.then(|| "Geneva".to_owned());
            }
            Edit::Reorder => plan.meetings.rotate_left(3),
        }
    }

    fn normalized(p: &Plan) -> Plan {
        let mut p = p.clone();
        p.meetings.sort_by_key(|m| m.number);
        p
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The diff is empty exactly when the plans are equal (up to the order of the
        /// file), and reading it backwards swaps what appeared with what was resolved.
        #[test]
        fn empty_iff_equal_and_symmetric(edits in proptest::collection::vec(edit(), 0..6)) {
            let old = firearms();
            let mut new = old.clone();
            for e in &edits {
                apply(&mut new, e);
            }
            let forward = diff(&old, &new);
            let backward = diff(&new, &old);
            prop_assert_eq!(forward.is_empty(), normalized(&old) == normalized(&new));
            prop_assert_eq!(forward.changes.len(), backward.changes.len());
            prop_assert_eq!(&forward.findings_appeared, &backward.findings_resolved);
            prop_assert_eq!(&forward.findings_resolved, &backward.findings_appeared);
            prop_assert!(diff(&new, &new).is_empty());
            // Every form renders whatever the change.
            prop_assert!(!forward.render_text().is_empty());
            prop_assert!(!forward.render_md().is_empty());
        }
    }
}

#[test]
fn dates_given_cleared_and_year_moves_read_plainly() {
    let old = firearms();
    let mut new = old.clone();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    // 13th (2026, no dates) given dates a year later.
    let m = meeting_mut(&mut new, 13);
    (m.year, m.start, m.end) = (2027, d("2027-05-04"), d("2027-05-05"));
    // 10th (held, 3 and 4 May 2023) loses its dates.
    let m = meeting_mut(&mut new, 10);
    (m.start, m.end) = (None, None);
    // 19th (2032, no dates) moves to 2033 still without dates.
    meeting_mut(&mut new, 19).year = 2033;
    let text = diff(&old, &new).render_text();
    for line in [
        "The thirteenth meeting will be held on 4 and 5 May 2027 (previously planned for 2026).",
        "The dates of the tenth meeting (2023) are withdrawn (previously 3 and 4 May 2023).",
        "The nineteenth meeting is now planned for 2033 (previously 2032).",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(!text.contains("no dates set"), "{text}");
}

#[test]
fn scenarios_added_changed_and_removed_are_listed() {
    use crate::plan::{ClusterId, Scenario};
    let scenario = |name: &str, delays: &[(&str, i32)]| Scenario {
        name: name.into(),
        delays: delays
            .iter()
            .map(|&(c, y)| (ClusterId::from(c), y))
            .collect(),
    };
    let mut old = firearms();
    old.scenarios = vec![
        scenario("late", &[("C2", 2)]),
        scenario("gone", &[("C4", 1)]),
    ];
    let mut new = firearms();
    new.scenarios = vec![
        scenario("late", &[("C2", 3), ("C4", 1)]),
        scenario("new", &[("C1", -1)]),
    ];
    let text = diff(&old, &new).render_text();
    for line in [
        "The scenario “late” now reads: cluster C2 3 years later and cluster C4 1 year later (previously: cluster C2 2 years later).",
        "The scenario “new” is added: cluster C1 1 year earlier.",
        "The scenario “gone” is removed (it was: cluster C4 1 year later).",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(diff(&new, &new).is_empty());

    // A name the loader would refuse twice (a plan built in code may hold it) is one
    // scenario: listed once when it is removed, as when it is added.
    let mut twice = firearms();
    twice.scenarios = vec![scenario("gone", &[("C4", 1)]), scenario("gone", &[])];
    let removed = diff(&twice, &firearms());
    assert_eq!(removed.changes.len(), 1, "{:?}", removed.changes);
    assert_eq!(diff(&firearms(), &twice).changes.len(), 1);
}

#[test]
fn a_changed_format_version_is_a_change() {
    // The diff used to skip `version`, so two plans differing only there were "equal".
    let old = firearms();
    let mut new = old.clone();
    new.version = 2;
    let a = diff(&old, &new);
    assert_eq!(a.changes, [Change::VersionChanged { from: 1, to: 2 }]);
    assert!(
        a.render_text()
            .contains("The plan format version is now 2 (previously 1)."),
        "{}",
        a.render_text()
    );
    let json = serde_json::to_value(&a.changes[0]).unwrap();
    assert_eq!(json["kind"], "version-changed");
}

#[test]
fn a_change_to_the_second_of_two_meetings_with_one_number_is_listed() {
    // Meetings were looked up by number, first match only: a duplicated number (an
    // error `check` reports) hid every change to the second meeting, and the diff
    // called two different plans equal.
    let mut old = firearms();
    let dup = old.meetings[0].clone();
    let number = dup.number;
    old.meetings.push(dup);
    let mut new = old.clone();
    let last = new.meetings.len() - 1;
    new.meetings[last].venue = Some("Elsewhere".into());
    let a = diff(&old, &new);
    assert!(
        a.changes.iter().any(|c| matches!(
            c,
            Change::VenueChanged { meeting, to: Some(v), .. } if *meeting == number && v == "Elsewhere"
        )),
        "{a:?}"
    );
    // Dropping the duplicate is a meeting removed.
    let mut fewer = old.clone();
    fewer.meetings.pop();
    assert!(
        diff(&old, &fewer)
            .changes
            .contains(&Change::MeetingRemoved {
                meeting: number,
                year: old.meetings[0].year
            }),
        "{:?}",
        diff(&old, &fewer)
    );
}

#[test]
fn a_change_to_the_second_of_two_items_with_one_id_is_listed() {
    // Clusters and topics of both plans were matched to the old plan's first item with
    // their id: with two items of one id (an error `check` reports), the second made
    // like the first was no change, and a duplicate dropped was no removal.
    let mut old = firearms();
    old.clusters.push(old.clusters[0].clone());
    old.fixed_topics.push(old.fixed_topics[0].clone());
    old.flexible_topics.push(old.flexible_topics[0].clone());
    // The old plan's second items differ from its first ones...
    let (c, t, f) = (
        old.clusters[0].id.clone(),
        old.fixed_topics[0].id.clone(),
        old.flexible_topics[0].id.clone(),
    );
    old.clusters.last_mut().unwrap().review.end += 1;
    old.fixed_topics.last_mut().unwrap().title += " (second)";
    old.flexible_topics.last_mut().unwrap().recurring ^= true;
    // ... and the new plan makes them like the first ones.
    let mut new = old.clone();
    *new.clusters.last_mut().unwrap() = new.clusters[0].clone();
    *new.fixed_topics.last_mut().unwrap() = new.fixed_topics[0].clone();
    *new.flexible_topics.last_mut().unwrap() = new.flexible_topics[0].clone();
    let a = diff(&old, &new);
    assert!(
        a.changes
            .iter()
            .any(|ch| matches!(ch, Change::ClusterWindowChanged { cluster, .. } if *cluster == c)),
        "{a:?}"
    );
    assert!(
        a.changes.iter().any(|ch| matches!(
            ch,
            Change::TopicRetitled { item: Item::Fixed, topic, from, .. }
                if *topic == t && from.ends_with("(second)")
        )),
        "{a:?}"
    );
    assert!(
        a.changes.iter().any(|ch| matches!(
            ch,
            Change::TopicDetailsChanged { item: Item::Flexible, topic, .. } if *topic == f
        )),
        "{a:?}"
    );
    // Dropping a duplicate is an item removed; the first one stays unchanged.
    let mut fewer = old.clone();
    fewer.clusters.pop();
    let removed = old.clusters.last().unwrap().review;
    assert_eq!(
        diff(&old, &fewer).changes,
        [Change::ClusterRemoved {
            cluster: c,
            review: removed
        }]
    );
}

#[test]
fn plan_wide_changes_are_listed_and_the_order_of_cross_cutting_articles_is_not() {
    let mut old = firearms();
    old.cross_cutting_articles = vec![14, 2];
    let mut new = old.clone();
    new.cross_cutting_articles.reverse();
    assert!(
        diff(&old, &new).is_empty(),
        "reordered cross-cutting articles"
    );
    new.title = "Revised workplan".into();
    new.body = Some("Conference of the Parties".into());
    new.alignment.grace_years += 1;
    new.cross_cutting_articles.push(99);
    let a = diff(&old, &new);
    assert_eq!(
        a.changes,
        [
            Change::CrossCuttingChanged {
                from: old.cross_cutting_articles.clone(),
                to: new.cross_cutting_articles.clone(),
            },
            Change::GraceYearsChanged {
                from: old.alignment.grace_years,
                to: new.alignment.grace_years,
            },
            Change::TitleChanged {
                from: old.title.clone(),
                to: "Revised workplan".into(),
            },
            Change::BodyChanged {
                from: old.body.clone(),
                to: Some("Conference of the Parties".into()),
            },
        ]
    );
    // None of them belongs to a meeting, so none is in the agenda table.
    assert!(a.agenda_table.is_empty());
}

#[test]
fn the_agenda_table_shows_both_sides_of_each_meeting() {
    let old = firearms();
    let mut new = old.clone();
    // The 14th moves a year later with its topic; the 13th gets a flexible topic; a new
    // 20th meeting takes T10 from the 19th.
    meeting_mut(&mut new, 14).year = 2028;
    meeting_mut(&mut new, 13).flexible = Some("F7".into());
    meeting_mut(&mut new, 19).fixed = None;
    let mut m20 = Meeting::planned(MeetingNumber::new(20), 2033);
    m20.fixed = Some("T10".into());
    new.meetings.push(m20);
    let title = |p: &Plan, id: &str| {
        p.fixed_topic(&id.into())
            .map(|t| t.title.clone())
            .or_else(|| p.flexible_topic(&id.into()).map(|t| t.title.clone()))
    };
    let r = |id: &str| {
        Some(TopicRef {
            id: id.into(),
            title: title(&old, id),
        })
    };
    let fixed_13 = old
        .meeting(MeetingNumber::new(13))
        .unwrap()
        .fixed
        .as_ref()
        .unwrap()
        .as_str();
    let fixed_14 = old
        .meeting(MeetingNumber::new(14))
        .unwrap()
        .fixed
        .as_ref()
        .unwrap()
        .as_str();
    let a = diff(&old, &new);
    assert_eq!(
        a.agenda_table,
        [
            AgendaRow {
                meeting: MeetingNumber::new(13),
                old_year: Some(2026),
                new_year: Some(2026),
                old_fixed: r(fixed_13),
                new_fixed: r(fixed_13),
                old_flexible: None,
                new_flexible: r("F7"),
            },
            AgendaRow {
                meeting: MeetingNumber::new(14),
                old_year: Some(2027),
                new_year: Some(2028),
                old_fixed: r(fixed_14),
                new_fixed: r(fixed_14),
                old_flexible: None,
                new_flexible: None,
            },
            AgendaRow {
                meeting: MeetingNumber::new(19),
                old_year: Some(2032),
                new_year: Some(2032),
                old_fixed: r("T10"),
                new_fixed: None,
                old_flexible: None,
                new_flexible: None,
            },
            AgendaRow {
                meeting: MeetingNumber::new(20),
                old_year: None,
                new_year: Some(2033),
                old_fixed: None,
                new_fixed: r("T10"),
                old_flexible: None,
                new_flexible: None,
            },
        ]
    );
}

#[test]
fn the_markdown_amendment_is_the_table_then_the_other_changes_then_the_findings() {
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 13).fixed = Some("T5".into());
    meeting_mut(&mut new, 14).fixed = Some("T4".into());
    meeting_mut(&mut new, 14).flexible = Some("F7".into());
    meeting_mut(&mut new, 15).year = 2029;
    meeting_mut(&mut new, 12).venue = Some("Vienna".into());
    new.title = "Revised | workplan".into();
    let md = diff(&old, &new).render_md();
    let expected = "\
# Amendment of the timeline of the workplan

Compared: “Multi-year workplan of the Working Group on Firearms” as adopted and “Revised \\| workplan” as proposed.

7 changes; 2 findings appear, 0 resolved.

## Agenda items by meeting

| Meeting | Year | Agenda item 3 (fixed) as adopted | As proposed | Agenda item 2 (flexible) as adopted | As proposed |
|---|---|---|---|---|---|
| 13th meeting | 2026 | Topic 4: article 12 (Information) | Topic 5: article 13 (Cooperation) | — | unchanged |
| 14th meeting | 2027 | Topic 5: article 13 (Cooperation) | Topic 4: article 12 (Information) | — | F7: Establishing effective tracing mechanisms and ensuring the full traceability of firearms through the application of markings on firearms and their essential parts and components, where feasible and appropriate |
| 15th meeting | 2029 (previously 2028) | Topic 6: articles 7 (Record-keeping) and 8 (Marking) | unchanged | — | unchanged |

## Meetings: dates, status, venue and record

- The twelfth meeting (2025) will be held in Vienna.
- The fifteenth meeting is now planned for 2029 (previously 2028).

## Review clusters, topics and the plan

- The workplan is retitled “Revised \\| workplan” (previously “Multi-year workplan of the Working Group on Firearms”).

## Findings

| Status | Severity | Code | Meeting | Topic | Finding |
|---|---|---|---|---|---|
| New | info | flexible-overlaps-fixed | 14th | F7 | on the 14th meeting (2027) the flexible topic F7 and the fixed topic T4 both concern article 12; they can be discussed together |
| New | warning | two-meetings-in-year | 16th |  | the 15th and 16th meetings are both in 2029; the group meets once a year, so move one or mark it cancelled |
";
    assert_eq!(md, expected);
    // Two plans that are equal say so, in a document of its own.
    assert_eq!(
        diff(&old, &old).render_md(),
        "# Amendment of the timeline of the workplan\n\nNo change: the proposed plan is the plan as adopted.\n"
    );
}

#[test]
fn every_value_of_clusters_topics_and_meetings_is_compared() {
    use crate::plan::{ClusterId, ReviewWindow, TopicSource};
    let old = firearms();
    let mut new = old.clone();
    let m = meeting_mut(&mut new, 12);
    m.agenda.push("Adoption of the report".into());
    m.note = Some("Moved to Vienna".into());
    new.clusters[0].name = Some("Renamed".into());
    new.clusters[1].articles.push(99);
    new.clusters.push(Cluster {
        id: ClusterId::from("C9"),
        name: None,
        review: ReviewWindow {
            start: 2030,
            end: 2031,
        },
        articles: vec![99],
    });
    new.fixed_topics[0].articles.push(99);
    new.fixed_topics[1].questions.push("Which markings?".into());
    new.flexible_topics[0].source = match new.flexible_topics[0].source {
        TopicSource::List => TopicSource::Additional,
        TopicSource::Additional => TopicSource::List,
    };
    new.flexible_topics[1].related_articles.push(99);
    new.flexible_topics[2].recurring ^= true;
    new.flexible_topics[3].title = "Retitled".into();
    let gone = new.flexible_topics.pop().unwrap().id;
    let a = diff(&old, &new);
    let kinds: Vec<String> = a
        .changes
        .iter()
        .map(|c| {
            serde_json::to_value(c).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "agenda-changed",
            "note-changed",
            "cluster-renamed",
            "cluster-articles-changed",
            "cluster-added",
            "topic-articles-changed",
            "topic-details-changed",
            "topic-details-changed",
            "topic-details-changed",
            "topic-details-changed",
            "topic-retitled",
            "topic-removed",
        ]
    );
    let details: Vec<(Item, &str, Vec<String>)> = a
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::TopicDetailsChanged {
                item,
                topic,
                fields,
            } => Some((*item, topic.as_str(), fields.clone())),
            _ => None,
        })
        .collect();
    let ids = |i: usize| new.flexible_topics[i].id.as_str();
    assert_eq!(
        details,
        [
            (
                Item::Fixed,
                new.fixed_topics[1].id.as_str(),
                vec!["questions".into()]
            ),
            (Item::Flexible, ids(0), vec!["source".into()]),
            (Item::Flexible, ids(1), vec!["related_articles".into()]),
            (Item::Flexible, ids(2), vec!["recurring".into()]),
        ]
    );
    assert!(matches!(
        a.changes.last(),
        Some(Change::TopicRemoved { item: Item::Flexible, topic }) if topic.id == gone
    ));
    // Read backwards, the same values are compared.
    assert_eq!(diff(&new, &old).changes.len(), a.changes.len());
}

#[test]
fn the_amendment_is_written_in_the_form_asked_for() {
    use std::path::Path;
    for (path, format) in [
        ("amendment.md", Format::Md),
        ("AMENDMENT.MD", Format::Md),
        ("a.json", Format::Json),
        ("a.Docx", Format::Docx),
        ("a.txt", Format::Text),
        ("amendment", Format::Text),
    ] {
        assert_eq!(Format::for_path(Path::new(path)), format, "{path}");
    }
    let names: Vec<String> = [Format::Text, Format::Md, Format::Json, Format::Docx]
        .iter()
        .map(Format::to_string)
        .collect();
    assert_eq!(names, ["txt", "md", "json", "docx"]);
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 12).venue = Some("Vienna".into());
    let a = diff(&old, &new);
    assert_eq!(
        a.render(Format::Text).unwrap(),
        a.render_text().into_bytes()
    );
    assert_eq!(a.render(Format::Md).unwrap(), a.render_md().into_bytes());
    let json = String::from_utf8(a.render(Format::Json).unwrap()).unwrap();
    assert!(json.ends_with("}\n"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["changes"][0]["kind"], "venue-changed");
    // A Word document is a zip archive.
    let docx = a.render(Format::Docx).unwrap();
    assert!(
        docx.starts_with(b"PK\x03\x04"),
        "{:?}",
        &docx[..docx.len().min(8)]
    );
    assert_eq!(a.render_docx().unwrap(), docx);
}

#[test]
fn an_amendment_with_only_findings_is_not_empty() {
    let f = FindingChange::from(
        &Finding::new(Code::EmptyMeeting, "no topic").meeting(MeetingNumber::new(20)),
    );
    for a in [
        Amendment {
            findings_appeared: vec![f.clone()],
            ..Amendment::default()
        },
        Amendment {
            findings_resolved: vec![f.clone()],
            ..Amendment::default()
        },
    ] {
        assert!(!a.is_empty());
        assert_ne!(a.render_text(), "The plans are equal.\n");
    }
    assert!(Amendment::default().is_empty());
}

#[test]
fn a_meeting_with_no_agenda_items_that_moves_is_not_in_the_agenda_table() {
    let mut old = firearms();
    let n = 12;
    (
        meeting_mut(&mut old, n).fixed,
        meeting_mut(&mut old, n).flexible,
    ) = (None, None);
    let mut new = old.clone();
    meeting_mut(&mut new, n).year = 2026;
    let a = diff(&old, &new);
    assert!(a.agenda_table.is_empty(), "{:?}", a.agenda_table);
    assert!(
        a.render_text()
            .contains("The twelfth meeting is now planned for 2026 (previously 2025).")
    );
}

#[test]
fn more_date_labels() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    assert_eq!(
        dates_label(2023, d(2023, 12, 30), d(2024, 1, 2)),
        "30 December 2023 to 2 January 2024"
    );
    assert_eq!(
        dates_label(2023, d(2023, 5, 3), d(2024, 5, 4)),
        "3 May 2023 to 4 May 2024"
    );
    assert_eq!(dates_label(2023, d(2023, 5, 3), None), "from 3 May 2023");
    assert_eq!(dates_label(2023, None, d(2023, 5, 3)), "2023, no dates set");
}

/// The sentence each kind of change reads as, for the cases its wording depends on: a
/// topic the plan defines or not, one meeting or two, no articles, and each way a
/// meeting's dates can change.
#[test]
fn each_change_reads_as_its_sentence() {
    use crate::plan::{MeetingNumber, TopicId};
    let t = |id: &str, title: Option<&str>| TopicRef {
        id: TopicId::from(id),
        title: title.map(str::to_owned),
    };
    let slot = |n: u32, year| Slot {
        meeting: MeetingNumber::new(n),
        year,
    };
    let day = |s: &str| Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
    let when = |year, start: &str, end: &str| When {
        year,
        start: if start.is_empty() { None } else { day(start) },
        end: if end.is_empty() { None } else { day(end) },
    };
    let redated = |from, to| Change::MeetingRedated {
        meeting: MeetingNumber::new(14),
        from,
        to,
    };
    let cases = [
        (
            Change::FixedMoved {
                topic: t("T6", Some("Marking")),
                from: vec![],
                to: vec![slot(14, 2027), slot(15, 2028)],
            },
            "Topic T6 (“Marking”) is scheduled for the fourteenth meeting (2027) and the fifteenth meeting (2028).",
        ),
        (
            Change::FixedMoved {
                topic: t("T9", None),
                from: vec![slot(3, 2022)],
                to: vec![],
            },
            "Topic T9 (not defined in the plan) is taken off the third meeting (2022) and is no longer scheduled.",
        ),
        (
            Change::TopicAdded {
                item: Item::Fixed,
                topic: t("T7", Some("Brokering")),
            },
            "Topic T7 (“Brokering”) is added to the fixed topics (agenda item 3).",
        ),
        (
            Change::TopicRemoved {
                item: Item::Flexible,
                topic: t("F2", Some("Tracing")),
            },
            "Flexible topic F2, “Tracing”, is removed from the list of flexible topics (agenda item 2).",
        ),
        (
            Change::TopicArticlesChanged {
                topic: TopicId::from("T6"),
                from: vec![],
                to: vec![8, 12],
            },
            "Topic T6 now covers articles 8 and 12 (previously no article).",
        ),
        (
            redated(when(2027, "", ""), when(2027, "2027-05-03", "2027-05-05")),
            "The fourteenth meeting (2027) will be held from 3 to 5 May 2027.",
        ),
        (
            redated(when(2026, "", ""), when(2027, "2027-05-03", "2027-05-05")),
            "The fourteenth meeting will be held from 3 to 5 May 2027 (previously planned for 2026).",
        ),
        (
            redated(when(2027, "2027-05-03", ""), when(2027, "", "")),
            "The dates of the fourteenth meeting (2027) are withdrawn (previously from 3 May 2027).",
        ),
        (
            redated(when(2027, "2027-05-03", ""), when(2028, "", "")),
            "The fourteenth meeting is now planned for 2028, its dates not yet set (previously from 3 May 2027).",
        ),
        (
            redated(when(2027, "", ""), when(2028, "", "")),
            "The fourteenth meeting is now planned for 2028 (previously 2027).",
        ),
        (
            redated(
                when(2027, "2027-05-03", "2027-05-05"),
                when(2027, "2027-06-01", ""),
            ),
            "The fourteenth meeting will be held from 1 June 2027 (previously 3 to 5 May 2027).",
        ),
    ];
    for (change, sentence) in cases {
        assert_eq!(
            words::describe_in(&Wording::default(), &change),
            sentence,
            "{change:?}"
        );
    }
}

/// One change of every kind, for the tests of the wording. `kind_index` names every kind
/// (no `_`), so a new kind does not compile until it has an index, and
/// `every_kind_is_in_the_examples` fails until it has an example here.
fn one_of_each_kind() -> Vec<Change> {
    use crate::plan::{ClusterId, MeetingNumber, ReviewWindow, TopicId};
    let n = MeetingNumber::new(11);
    let t = |id: &str, title: &str| TopicRef {
        id: TopicId::from(id),
        title: Some(title.into()),
    };
    let slot = |m: u32, year| Slot {
        meeting: MeetingNumber::new(m),
        year,
    };
    let w = |start, end| ReviewWindow { start, end };
    let c = || ClusterId::from("C2");
    let when = |year, day: Option<u32>| When {
        year,
        start: day.and_then(|d| NaiveDate::from_ymd_opt(year, 5, d)),
        end: day.and_then(|d| NaiveDate::from_ymd_opt(year, 5, d + 1)),
    };
    let s = |s: &str| Some(s.to_owned());
    let delays = |d: &[(&str, i32)]| d.iter().map(|&(c, y)| (ClusterId::from(c), y)).collect();
    vec![
        Change::FixedMoved {
            topic: t("T4", "Information"),
            from: vec![slot(13, 2026)],
            to: vec![slot(14, 2027)],
        },
        Change::FlexibleAssigned {
            meeting: n,
            year: 2024,
            topic: t("F1", "Ghost guns"),
        },
        Change::FlexibleChanged {
            meeting: n,
            year: 2024,
            from: t("F1", "A"),
            to: t("F2", "B"),
        },
        Change::FlexibleRemoved {
            meeting: n,
            year: 2024,
            topic: t("F1", "A"),
        },
        Change::MeetingAdded {
            meeting: n,
            year: 2024,
        },
        Change::MeetingRemoved {
            meeting: n,
            year: 2024,
        },
        Change::MeetingRedated {
            meeting: n,
            from: when(2024, None),
            to: when(2025, Some(3)),
        },
        Change::MeetingRestatused {
            meeting: n,
            year: 2024,
            from: Status::Planned,
            to: Status::Postponed,
        },
        Change::VenueChanged {
            meeting: n,
            year: 2024,
            from: None,
            to: s("Vienna"),
        },
        Change::NoteChanged {
            meeting: n,
            year: 2024,
            from: None,
            to: s("Moved."),
        },
        Change::AgendaChanged {
            meeting: n,
            year: 2024,
            from: vec![],
            to: vec!["Opening".into()],
        },
        Change::FlexibleTextChanged {
            meeting: n,
            year: 2024,
            from: None,
            to: s("One topic\nor another"),
        },
        Change::ClusterAdded {
            cluster: c(),
            review: w(2027, 2030),
        },
        Change::ClusterRemoved {
            cluster: c(),
            review: w(2027, 2030),
        },
        Change::ClusterWindowChanged {
            cluster: c(),
            from: w(2027, 2030),
            to: w(2029, 2032),
        },
        Change::ClusterArticlesChanged {
            cluster: c(),
            from: vec![7],
            to: vec![7, 8],
        },
        Change::TopicAdded {
            item: Item::Fixed,
            topic: t("T4", "Information"),
        },
        Change::TopicRemoved {
            item: Item::Flexible,
            topic: t("F1", "A"),
        },
        Change::TopicRetitled {
            item: Item::Fixed,
            topic: TopicId::from("T4"),
            from: "A".into(),
            to: "B".into(),
        },
        Change::TopicArticlesChanged {
            topic: TopicId::from("T4"),
            from: vec![12],
            to: vec![12, 13],
        },
        Change::TopicDetailsChanged {
            item: Item::Fixed,
            topic: TopicId::from("T1"),
            fields: vec!["label".into(), "questions".into()],
        },
        Change::PlanDetailsChanged {
            fields: vec!["article headings".into(), "footnotes".into()],
        },
        Change::ClusterRenamed {
            cluster: c(),
            from: None,
            to: s("Prevention"),
        },
        Change::CrossCuttingChanged {
            from: vec![14],
            to: vec![],
        },
        Change::GraceYearsChanged { from: 1, to: 2 },
        Change::TitleChanged {
            from: "A".into(),
            to: "B".into(),
        },
        Change::BodyChanged {
            from: None,
            to: s("Working Group"),
        },
        Change::ScenarioChanged {
            name: "late".into(),
            from: BTreeMap::new(),
            to: delays(&[("C2", 2)]),
        },
        Change::VersionChanged { from: 1, to: 2 },
    ]
}

fn kind_index(c: &Change) -> usize {
    match c {
        Change::FixedMoved { .. } => 0,
        Change::FlexibleAssigned { .. } => 1,
        Change::FlexibleChanged { .. } => 2,
        Change::FlexibleRemoved { .. } => 3,
        Change::MeetingAdded { .. } => 4,
        Change::MeetingRemoved { .. } => 5,
        Change::MeetingRedated { .. } => 6,
        Change::MeetingRestatused { .. } => 7,
        Change::VenueChanged { .. } => 8,
        Change::NoteChanged { .. } => 9,
        Change::AgendaChanged { .. } => 10,
        Change::FlexibleTextChanged { .. } => 11,
        Change::ClusterAdded { .. } => 12,
        Change::ClusterRemoved { .. } => 13,
        Change::ClusterWindowChanged { .. } => 14,
        Change::ClusterArticlesChanged { .. } => 15,
        Change::TopicAdded { .. } => 16,
        Change::TopicRemoved { .. } => 17,
        Change::TopicRetitled { .. } => 18,
        Change::TopicArticlesChanged { .. } => 19,
        Change::TopicDetailsChanged { .. } => 20,
        Change::PlanDetailsChanged { .. } => 21,
        Change::ClusterRenamed { .. } => 22,
        Change::CrossCuttingChanged { .. } => 23,
        Change::GraceYearsChanged { .. } => 24,
        Change::TitleChanged { .. } => 25,
        Change::BodyChanged { .. } => 26,
        Change::ScenarioChanged { .. } => 27,
        Change::VersionChanged { .. } => 28,
    }
}

const KINDS: usize = 29;

#[test]
fn every_kind_is_in_the_examples() {
    let seen: BTreeSet<usize> = one_of_each_kind().iter().map(kind_index).collect();
    assert_eq!(seen, (0..KINDS).collect::<BTreeSet<_>>());
}

/// The amendment for people: each change one sentence, ended by a full stop and begun
/// with a capital; no engineer's arrow in the text, Markdown or Word forms, with or
/// without the plans' wording (headings, cluster names, versions).
#[test]
fn every_kind_reads_as_a_sentence_with_no_arrow() {
    let plan = firearms();
    let changes = one_of_each_kind();
    let mut wording = Wording::new(&plan, &plan, &changes, &[]);
    wording.old.name = Some("adopted.yaml".into());
    for w in [Wording::default(), wording.clone()] {
        for c in &changes {
            let s = words::describe_in(&w, c);
            assert!(s.ends_with('.') || s.ends_with(".”"), "{s}");
            assert!(!s.ends_with(".”."), "{s}");
            assert!(s.starts_with(char::is_uppercase), "{s}");
            assert!(!s.contains("->") && !s.contains(" - "), "{s}");
            assert!(s.len() > 20, "{s}");
        }
    }
    let a = Amendment {
        changes,
        wording,
        ..Amendment::default()
    };
    let docx = render::docx_document(&a).build();
    let document = String::from_utf8(docx.document).unwrap();
    for (form, out) in [
        ("text", a.render_text()),
        ("md", a.render_md()),
        ("docx", document),
    ] {
        assert!(
            !out.contains("->") && !out.contains("-&gt;"),
            "{form}: {out}"
        );
        assert!(out.contains("The review of cluster C2 (prevention) is now expected from 2029 to 2032 (previously 2027–2030)."), "{form}: {out}");
        assert!(
            out.contains("The eleventh meeting (2024) will be held in Vienna."),
            "{form}: {out}"
        );
        assert!(out.contains("adopted.yaml as adopted"), "{form}: {out}");
    }
}

/// A fixed topic is named by the annex's heading, its articles with their headings, in
/// the sentences and in the amendment table's cells.
#[test]
fn fixed_topics_read_with_their_articles_headings() {
    let old = firearms();
    let mut new = old.clone();
    new.article_headings.insert(12, "Information".into());
    new.article_headings.insert(13, "Cooperation".into());
    meeting_mut(&mut new, 13).fixed = Some("T5".into());
    meeting_mut(&mut new, 14).fixed = Some("T4".into());
    let a = diff(&old, &new);
    let text = a.render_text();
    assert!(
        text.contains("  Topic 4: article 12 (Information) moves from the thirteenth meeting (2026) to the fourteenth meeting (2027).\n"),
        "{text}"
    );
    let md = a.render_md();
    assert!(
        md.contains("| 13th meeting | 2026 | Topic 4: article 12 (Information) | Topic 5: article 13 (Cooperation) |"),
        "{md}"
    );
}

#[test]
fn an_amendment_names_its_versions_and_words_each_change_with_its_plans() {
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 13).fixed = Some("T5".into());
    meeting_mut(&mut new, 14).fixed = Some("T4".into());
    let a = diff(&old, &new).named("adopted.yaml", "proposed.yaml");
    let text = a.render_text();
    let top = text.lines().nth(1).unwrap();
    assert!(
        top.ends_with(", adopted.yaml as adopted and proposed.yaml as proposed."),
        "{top}"
    );
    // `describe` words a change as the rendered amendment does, with the plans' headings.
    let first = a.describe(&a.changes[0]);
    assert!(
        first.ends_with(
            "moves from the thirteenth meeting (2026) to the fourteenth meeting (2027)."
        ),
        "{first}"
    );
    assert!(text.contains(&first), "{text}");
}

/// The Word and Markdown amendments have the agenda table and the findings only when
/// there are some.
#[test]
fn the_word_and_markdown_amendments_have_only_the_sections_they_need() {
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 13).fixed = Some("T5".into());
    meeting_mut(&mut new, 14).fixed = Some("T4".into());
    meeting_mut(&mut new, 14).flexible = Some("F7".into());
    let full = diff(&old, &new);
    assert!(!full.agenda_table.is_empty());
    assert!(!full.findings_appeared.is_empty() && full.findings_resolved.is_empty());
    let mut venue = old.clone();
    meeting_mut(&mut venue, 12).venue = Some("Vienna".into());
    let bare = diff(&old, &venue);
    assert!(bare.agenda_table.is_empty() && bare.findings_appeared.is_empty());
    assert!(bare.findings_resolved.is_empty() && !bare.is_empty());
    let word =
        |a: &Amendment| String::from_utf8(render::docx_document(a).build().document).unwrap();
    for (form, full, bare) in [
        ("docx", word(&full), word(&bare)),
        ("md", full.render_md(), bare.render_md()),
    ] {
        for section in [
            "Agenda items by meeting",
            "Findings",
            "flexible-overlaps-fixed",
        ] {
            assert!(full.contains(section), "{form}: {section}: {full}");
            assert!(!bare.contains(section), "{form}: {section}: {bare}");
        }
        assert!(bare.contains("will be held in Vienna"), "{form}: {bare}");
    }
}

/// Each change between two plans in the Bureau's words, in the amendment's order.
fn sentences(old: &Plan, new: &Plan) -> Vec<String> {
    let a = diff(old, new);
    a.changes.iter().map(|c| a.describe(c)).collect()
}

/// A fixed topic a change concerns is named by its annex heading even when no agenda
/// row names it (its title, articles or details changed, or it was added or removed).
#[test]
fn fixed_topics_changed_off_the_agenda_are_named_by_their_headings() {
    let old = firearms();
    let mut new = old.clone();
    new.fixed_topics[3].title = "Information, retitled".into();
    new.fixed_topics[4].articles.push(5);
    new.fixed_topics[5].introduction = Some("A new introduction.".into());
    new.fixed_topics[7].questions.clear();
    new.fixed_topics[8].label = Some("A label".into());
    new.fixed_topics[8].introduction = Some("Another introduction.".into());
    let mut added = new.fixed_topics[6].clone();
    added.id = "T11".into();
    new.fixed_topics.push(added);
    assert!(diff(&old, &new).agenda_table.is_empty());
    assert_eq!(
        sentences(&old, &new),
        [
            "The title of Topic 4 (T4) now reads “Information, retitled” (previously “Information”).",
            "Topic 5 now covers articles 13 (Cooperation) and 5 (Criminalization); previously article 13 (Cooperation).",
            "The introduction of Topic 6 is revised.",
            "The issues for discussion of Topic 8 are revised.",
            "The label and introduction of Topic 9 are revised.",
            "Topic 11: article 10 (General requirements for export, import and transit licensing or authorization systems) is added to the fixed topics (agenda item 3).",
        ]
    );
}

/// Notes and names are quoted; a name is lowered inside a sentence unless it is an
/// acronym ("Prevention" reads "prevention", "UNODC review" stays).
#[test]
fn notes_and_names_read_quoted_and_acronyms_keep_their_capitals() {
    let old = firearms();
    let mut new = old.clone();
    meeting_mut(&mut new, 13).note = Some("Hybrid".into());
    new.clusters[1].name = Some("UNODC review".into());
    new.clusters[1].review.end += 1;
    let mut gone = new.clone();
    meeting_mut(&mut gone, 13).note = None;
    gone.clusters[1].name = None;
    assert_eq!(
        sentences(&old, &new),
        [
            "The note on the thirteenth meeting (2026) now reads “Hybrid”.",
            "The review of cluster C2 (UNODC review) is now expected from 2027 to 2031 (previously 2027–2030).",
            "Cluster C2 is now named “UNODC review” (previously “Prevention”).",
        ]
    );
    assert_eq!(
        sentences(&new, &gone),
        [
            "The note on the thirteenth meeting (2026) is removed.",
            "Cluster C2 is no longer named (previously “UNODC review”).",
        ]
    );
}

/// The cross-cutting articles, changed or cleared, in words.
#[test]
fn cross_cutting_articles_changed_or_cleared_read_plainly() {
    let old = firearms();
    let mut more = old.clone();
    more.cross_cutting_articles.push(5);
    let mut none = old.clone();
    none.cross_cutting_articles.clear();
    assert_eq!(
        sentences(&old, &more),
        [
            "The articles reviewed in every cluster (cross-cutting) are now articles 14 (Training and technical assistance) and 5 (Criminalization); previously article 14 (Training and technical assistance)."
        ]
    );
    assert_eq!(
        sentences(&old, &none),
        [
            "No article is now reviewed in every cluster (cross-cutting); previously article 14 (Training and technical assistance)."
        ]
    );
}
