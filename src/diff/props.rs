//! Property: the amendment lists every change. Each field of every struct of the shipped
//! plan is mutated in turn, and `crate::diff::diff` must report a change that names
//! the item changed (the meeting, cluster, topic or scenario, or the plan-wide field).
//!
//! `mutate` destructures every struct without `..`, so a new plan field does not compile
//! here until it is bound, and once bound it is an unused variable (a warning, which CI
//! denies) until a mutation of it is written; the list of mutations and the array the
//! tests draw from come from one macro, so neither can miss one.

use crate::diff::{Amendment, Change, diff};
use crate::plan::{
    Alignment, Cluster, ClusterId, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan,
    ReviewWindow, Scenario, Status, TopicId, TopicSource, parse,
};
use chrono::Duration;
use proptest::prelude::*;

/// The shipped Firearms plan with its named scenarios, so every struct has an instance.
const SHIPPED: &str = include_str!("../../plans/scenarios/all-scenarios.yaml");

macro_rules! fields {
    ($($field:ident),* $(,)?) => {
        /// One field of one struct of the plan model.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Field {
            $($field),*
        }
        const ALL: &[Field] = &[$(Field::$field),*];
    };
}

fields! {
    PlanVersion, PlanTitle, PlanBody, PlanCrossCutting, PlanClusters, PlanFixedTopics,
    PlanFlexibleTopics, PlanMeetings, PlanScenarios, PlanArticleHeadings, PlanFootnotes,
    AlignmentGraceYears,
    ClusterId, ClusterName, ReviewStart, ReviewEnd, ClusterArticles,
    FixedId, FixedTitle, FixedLabel, FixedArticles, FixedIntroduction, FixedQuestions,
    FlexibleId, FlexibleTitle, FlexibleSource, FlexibleRelatedArticles, FlexibleRecurring,
    MeetingNumber, MeetingYear, MeetingStart, MeetingEnd, MeetingVenue, MeetingStatus,
    MeetingFixed, MeetingFlexible, MeetingFlexibleText, MeetingAgenda, MeetingNote,
    ScenarioName, ScenarioDelays,
}

/// What the amendment must name.
#[derive(Debug)]
enum Named {
    Meeting(MeetingNumber),
    Cluster(ClusterId),
    Topic(TopicId),
    Scenario(String),
    /// A plan-wide field, by the change's `kind`.
    Plan(&'static str),
}

/// Mutates one field of the item `pick` (modulo the list's length) with the value `v`
/// and the text `s`; every mutation makes the plan differ. Returns what changed.
fn mutate(plan: &mut Plan, field: Field, pick: usize, v: u32, s: &str) -> Named {
    let fixed_ids: Vec<TopicId> = plan.fixed_topics.iter().map(|t| t.id.clone()).collect();
    let flexible_ids: Vec<TopicId> = plan.flexible_topics.iter().map(|t| t.id.clone()).collect();
    let Plan {
        version,
        title,
        body,
        alignment: Alignment { grace_years },
        clusters,
        cross_cutting_articles,
        article_headings,
        fixed_topics,
        flexible_topics,
        footnotes,
        meetings,
        scenarios,
    } = plan;
    let delta = 1 + v % 3;
    let text = format!(" (amended {s})");
    let edit_opt = |o: &mut Option<String>| match o {
        Some(x) => x.push_str(&text),
        None => *o = Some(text.clone()),
    };
    // Another id than `current`: `None` when one is set, else one of `ids`.
    let other_topic = |current: &Option<TopicId>, ids: &[TopicId]| match current {
        Some(_) => None,
        None => Some(ids[v as usize % ids.len()].clone()),
    };
    match field {
        Field::PlanVersion => {
            *version += delta;
            Named::Plan("version-changed")
        }
        Field::PlanTitle => {
            title.push_str(&text);
            Named::Plan("title-changed")
        }
        Field::PlanBody => {
            edit_opt(body);
            Named::Plan("body-changed")
        }
        Field::PlanArticleHeadings => {
            article_headings
                .entry(30 + v % 10)
                .or_default()
                .push_str(&text);
            Named::Plan("plan-details-changed")
        }
        Field::PlanFootnotes => {
            footnotes.entry(s.to_owned()).or_default().push_str(&text);
            Named::Plan("plan-details-changed")
        }
        Field::PlanCrossCutting => {
            cross_cutting_articles.push(30 + v % 10);
            Named::Plan("cross-cutting-changed")
        }
        Field::AlignmentGraceYears => {
            *grace_years += delta;
            Named::Plan("grace-years-changed")
        }
        Field::PlanClusters => {
            let c = clusters.remove(pick % clusters.len());
            Named::Cluster(c.id)
        }
        Field::PlanFixedTopics => {
            let t = fixed_topics.remove(pick % fixed_topics.len());
            Named::Topic(t.id)
        }
        Field::PlanFlexibleTopics => {
            let t = flexible_topics.remove(pick % flexible_topics.len());
            Named::Topic(t.id)
        }
        Field::PlanMeetings => {
            let m = meetings.remove(pick % meetings.len());
            Named::Meeting(m.number)
        }
        Field::PlanScenarios => {
            let sc = scenarios.remove(pick % scenarios.len());
            Named::Scenario(sc.name)
        }
        Field::ClusterId
        | Field::ClusterName
        | Field::ReviewStart
        | Field::ReviewEnd
        | Field::ClusterArticles => {
            let n = clusters.len();
            let Cluster {
                id,
                name,
                review: ReviewWindow { start, end },
                articles,
            } = &mut clusters[pick % n];
            let named = Named::Cluster(id.clone());
            match field {
                Field::ClusterId => id.0.push_str("-new"),
                Field::ClusterName => edit_opt(name),
                Field::ReviewStart => *start -= delta as i32,
                Field::ReviewEnd => *end += delta as i32,
                _ => articles.push(30 + v % 10),
            }
            named
        }
        Field::FixedId
        | Field::FixedTitle
        | Field::FixedLabel
        | Field::FixedArticles
        | Field::FixedIntroduction
        | Field::FixedQuestions => {
            let n = fixed_topics.len();
            let FixedTopic {
                id,
                title,
                label,
                articles,
                introduction,
                questions,
            } = &mut fixed_topics[pick % n];
            let named = Named::Topic(id.clone());
            match field {
                Field::FixedId => id.0.push_str("-new"),
                Field::FixedTitle => title.push_str(&text),
                Field::FixedLabel => edit_opt(label),
                Field::FixedArticles => articles.push(30 + v % 10),
                Field::FixedIntroduction => edit_opt(introduction),
                _ => questions.push(text.as_str().into()),
            }
            named
        }
        Field::FlexibleId
        | Field::FlexibleTitle
        | Field::FlexibleSource
        | Field::FlexibleRelatedArticles
        | Field::FlexibleRecurring => {
            let n = flexible_topics.len();
            let FlexibleTopic {
                id,
                title,
                source,
                related_articles,
                recurring,
            } = &mut flexible_topics[pick % n];
            let named = Named::Topic(id.clone());
            match field {
                Field::FlexibleId => id.0.push_str("-new"),
                Field::FlexibleTitle => title.push_str(&text),
                Field::FlexibleSource => {
                    *source = match source {
                        TopicSource::List => TopicSource::Additional,
                        TopicSource::Additional => TopicSource::List,
                    }
                }
                Field::FlexibleRelatedArticles => related_articles.push(30 + v % 10),
                _ => *recurring = !*recurring,
            }
            named
        }
        Field::MeetingNumber
        | Field::MeetingYear
        | Field::MeetingStart
        | Field::MeetingEnd
        | Field::MeetingVenue
        | Field::MeetingStatus
        | Field::MeetingFixed
        | Field::MeetingFlexible
        | Field::MeetingFlexibleText
        | Field::MeetingAgenda
        | Field::MeetingNote => {
            let n = meetings.len();
            let Meeting {
                number,
                year,
                start,
                end,
                venue,
                status,
                fixed,
                flexible,
                flexible_text,
                agenda,
                note,
            } = &mut meetings[pick % n];
            let named = Named::Meeting(*number);
            let day = |y: i32| chrono::NaiveDate::from_ymd_opt(y, 6, 1 + v % 28);
            let shift = |d: &mut Option<chrono::NaiveDate>, y: i32| match d {
                Some(d) => *d += Duration::days(i64::from(delta)),
                None => *d = day(y),
            };
            match field {
                // A number no shipped meeting has: the old meeting is removed.
                Field::MeetingNumber => *number = MeetingNumber::new(number.get() + 1000 + v),
                Field::MeetingYear => *year += delta as i32,
                Field::MeetingStart => shift(start, *year),
                Field::MeetingEnd => shift(end, *year),
                Field::MeetingVenue => edit_opt(venue),
                Field::MeetingStatus => {
                    let i = Status::ALL.iter().position(|x| x == status).unwrap_or(0);
                    *status = Status::ALL[(i + delta as usize) % Status::ALL.len()];
                }
                Field::MeetingFixed => *fixed = other_topic(fixed, &fixed_ids),
                Field::MeetingFlexible => *flexible = other_topic(flexible, &flexible_ids),
                Field::MeetingFlexibleText => edit_opt(flexible_text),
                Field::MeetingAgenda => agenda.push(text.clone()),
                _ => edit_opt(note),
            }
            named
        }
        Field::ScenarioName | Field::ScenarioDelays => {
            let n = scenarios.len();
            let Scenario { name, delays } = &mut scenarios[pick % n];
            let named = Named::Scenario(name.clone());
            match field {
                Field::ScenarioName => name.push_str(&text),
                _ => *delays.entry(ClusterId::from("C1")).or_insert(0) += delta as i32,
            }
            named
        }
    }
}

/// Whether `change` names `what`.
fn names(change: &Change, what: &Named) -> bool {
    let kind = serde_json::to_value(change).expect("a change serializes")["kind"].clone();
    match what {
        Named::Plan(k) => kind == *k,
        Named::Meeting(n) => match change {
            Change::FixedMoved { from, to, .. } => from.iter().chain(to).any(|s| s.meeting == *n),
            _ => change.meeting() == Some(*n),
        },
        Named::Cluster(id) => match change {
            Change::ClusterAdded { cluster, .. }
            | Change::ClusterRemoved { cluster, .. }
            | Change::ClusterWindowChanged { cluster, .. }
            | Change::ClusterArticlesChanged { cluster, .. }
            | Change::ClusterRenamed { cluster, .. } => cluster == id,
            _ => false,
        },
        Named::Topic(id) => match change {
            Change::TopicAdded { topic, .. }
            | Change::TopicRemoved { topic, .. }
            | Change::FixedMoved { topic, .. } => &topic.id == id,
            Change::TopicRetitled { topic, .. }
            | Change::TopicArticlesChanged { topic, .. }
            | Change::TopicDetailsChanged { topic, .. } => topic == id,
            _ => false,
        },
        Named::Scenario(name) => {
            matches!(change, Change::ScenarioChanged { name: n, .. } if n == name)
        }
    }
}

fn shipped() -> Plan {
    parse(SHIPPED).expect("the shipped plan loads").plan
}

fn check(field: Field, pick: usize, v: u32, s: &str) -> Result<(), String> {
    let old = shipped();
    let mut new = old.clone();
    let what = mutate(&mut new, field, pick, v, s);
    if new == old {
        return Err(format!("{field:?}: the mutation left the plan as it was"));
    }
    let amendment: Amendment = diff(&old, &new);
    if amendment.changes.iter().any(|c| names(c, &what)) {
        Ok(())
    } else {
        Err(format!(
            "{field:?} of item {pick}: the amendment does not name {what:?}:\n{}",
            amendment.render_text()
        ))
    }
}

#[test]
fn every_field_of_the_shipped_plan_is_reported() {
    // Every field once, deterministically; the property below varies item and value.
    let plan = shipped();
    assert!(
        !plan.scenarios.is_empty() && plan.body.is_some(),
        "the fixture must have an instance of every struct"
    );
    let failures: Vec<String> = ALL
        .iter()
        .filter_map(|f| check(*f, 0, 0, "x").err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_unchanged_plan_has_an_empty_amendment() {
    let plan = shipped();
    assert!(diff(&plan, &plan.clone()).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_field_mutation_is_named(
        field in prop::sample::select(ALL),
        pick in 0usize..64,
        v in 0u32..1000,
        s in "[a-z]{1,8}",
    ) {
        if let Err(e) = check(field, pick, v, &s) {
            return Err(TestCaseError::fail(e));
        }
    }
}
