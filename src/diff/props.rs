//! Property: the amendment lists every change. Each field of every struct of the shipped
//! plan is mutated in turn, and `crate::diff::diff` must report a change that names
//! the item changed (the meeting, cluster, topic or scenario, or the plan-wide field).
//!
//! The mutation functions destructure every struct without `..`, so a new field does not compile
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

/// What one mutation writes: the value `v`, a step `delta` from it, the text appended,
/// and the ids a meeting's topic may take.
struct With {
    v: u32,
    delta: u32,
    text: String,
    fixed_ids: Vec<TopicId>,
    flexible_ids: Vec<TopicId>,
}

impl With {
    fn new(plan: &Plan, v: u32, s: &str) -> Self {
        With {
            v,
            delta: 1 + v % 3,
            text: format!(" (amended {s})"),
            fixed_ids: plan.fixed_topics.iter().map(|t| t.id.clone()).collect(),
            flexible_ids: plan.flexible_topics.iter().map(|t| t.id.clone()).collect(),
        }
    }

    fn edit_opt(&self, o: &mut Option<String>) {
        match o {
            Some(x) => x.push_str(&self.text),
            None => *o = Some(self.text.clone()),
        }
    }

    /// Another id than `current`: `None` when one is set, else one of `ids`.
    fn other_topic(&self, current: &Option<TopicId>, ids: &[TopicId]) -> Option<TopicId> {
        match current {
            Some(_) => None,
            None => Some(ids[self.v as usize % ids.len()].clone()),
        }
    }
}

/// Mutates one field of the item `pick` (modulo the list's length) with the value `v`
/// and the text `s`; every mutation makes the plan differ. Returns what changed.
fn mutate(plan: &mut Plan, field: Field, pick: usize, v: u32, s: &str) -> Named {
    let with = With::new(plan, v, s);
    if let Some(named) = mutate_plan_wide(plan, field, &with, s) {
        return named;
    }
    // Items' fields here, the plan's own in `mutate_plan_wide`; each pattern names all.
    let Plan {
        version: _,
        title: _,
        body: _,
        alignment: Alignment { grace_years: _ },
        clusters,
        cross_cutting_articles: _,
        article_headings: _,
        fixed_topics,
        flexible_topics,
        footnotes: _,
        meetings,
        scenarios,
    } = plan;
    match field {
        Field::PlanVersion
        | Field::PlanTitle
        | Field::PlanBody
        | Field::PlanArticleHeadings
        | Field::PlanFootnotes
        | Field::PlanCrossCutting
        | Field::AlignmentGraceYears => unreachable!("mutated by mutate_plan_wide"),
        Field::PlanClusters => Named::Cluster(clusters.remove(pick % clusters.len()).id),
        Field::PlanFixedTopics => Named::Topic(fixed_topics.remove(pick % fixed_topics.len()).id),
        Field::PlanFlexibleTopics => {
            Named::Topic(flexible_topics.remove(pick % flexible_topics.len()).id)
        }
        Field::PlanMeetings => Named::Meeting(meetings.remove(pick % meetings.len()).number),
        Field::PlanScenarios => Named::Scenario(scenarios.remove(pick % scenarios.len()).name),
        Field::ClusterId
        | Field::ClusterName
        | Field::ReviewStart
        | Field::ReviewEnd
        | Field::ClusterArticles => {
            let n = clusters.len();
            mutate_cluster(&mut clusters[pick % n], field, &with)
        }
        Field::FixedId
        | Field::FixedTitle
        | Field::FixedLabel
        | Field::FixedArticles
        | Field::FixedIntroduction
        | Field::FixedQuestions => {
            let n = fixed_topics.len();
            mutate_fixed(&mut fixed_topics[pick % n], field, &with)
        }
        Field::FlexibleId
        | Field::FlexibleTitle
        | Field::FlexibleSource
        | Field::FlexibleRelatedArticles
        | Field::FlexibleRecurring => {
            let n = flexible_topics.len();
            mutate_flexible(&mut flexible_topics[pick % n], field, &with)
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
            mutate_meeting(&mut meetings[pick % n], field, &with)
        }
        Field::ScenarioName | Field::ScenarioDelays => {
            let n = scenarios.len();
            mutate_scenario(&mut scenarios[pick % n], field, &with)
        }
    }
}

fn mutate_scenario(scenario: &mut Scenario, field: Field, with: &With) -> Named {
    let Scenario { name, delays } = scenario;
    let named = Named::Scenario(name.clone());
    match field {
        Field::ScenarioName => name.push_str(&with.text),
        _ => *delays.entry(ClusterId::from("C1")).or_insert(0) += with.delta as i32,
    }
    named
}

fn mutate_plan_wide(plan: &mut Plan, field: Field, with: &With, s: &str) -> Option<Named> {
    let (v, delta, text) = (with.v, with.delta, &with.text);
    let Plan {
        version,
        title,
        body,
        alignment: Alignment { grace_years },
        clusters: _,
        cross_cutting_articles,
        article_headings,
        fixed_topics: _,
        flexible_topics: _,
        footnotes,
        meetings: _,
        scenarios: _,
    } = plan;
    Some(match field {
        Field::PlanVersion => {
            *version += delta;
            Named::Plan("version-changed")
        }
        Field::PlanTitle => {
            title.push_str(text);
            Named::Plan("title-changed")
        }
        Field::PlanBody => {
            with.edit_opt(body);
            Named::Plan("body-changed")
        }
        Field::PlanArticleHeadings => {
            (article_headings.entry(30 + v % 10))
                .or_default()
                .push_str(text);
            Named::Plan("plan-details-changed")
        }
        Field::PlanFootnotes => {
            footnotes.entry(s.to_owned()).or_default().push_str(text);
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
        _ => return None,
    })
}

fn mutate_cluster(cluster: &mut Cluster, field: Field, with: &With) -> Named {
    let Cluster {
        id,
        name,
        review: ReviewWindow { start, end },
        articles,
    } = cluster;
    let named = Named::Cluster(id.clone());
    match field {
        Field::ClusterId => id.0.push_str("-new"),
        Field::ClusterName => with.edit_opt(name),
        Field::ReviewStart => *start -= with.delta as i32,
        Field::ReviewEnd => *end += with.delta as i32,
        _ => articles.push(30 + with.v % 10),
    }
    named
}

fn mutate_fixed(topic: &mut FixedTopic, field: Field, with: &With) -> Named {
    let FixedTopic {
        id,
        title,
        label,
        articles,
        introduction,
        questions,
    } = topic;
    let named = Named::Topic(id.clone());
    match field {
        Field::FixedId => id.0.push_str("-new"),
        Field::FixedTitle => title.push_str(&with.text),
        Field::FixedLabel => with.edit_opt(label),
        Field::FixedArticles => articles.push(30 + with.v % 10),
        Field::FixedIntroduction => with.edit_opt(introduction),
        _ => questions.push(with.text.as_str().into()),
    }
    named
}

fn mutate_flexible(topic: &mut FlexibleTopic, field: Field, with: &With) -> Named {
    let FlexibleTopic {
        id,
        title,
        source,
        related_articles,
        recurring,
    } = topic;
    let named = Named::Topic(id.clone());
    match field {
        Field::FlexibleId => id.0.push_str("-new"),
        Field::FlexibleTitle => title.push_str(&with.text),
        Field::FlexibleSource => {
            *source = match source {
                TopicSource::List => TopicSource::Additional,
                TopicSource::Additional => TopicSource::List,
            }
        }
        Field::FlexibleRelatedArticles => related_articles.push(30 + with.v % 10),
        _ => *recurring = !*recurring,
    }
    named
}

fn mutate_meeting(meeting: &mut Meeting, field: Field, with: &With) -> Named {
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
    } = meeting;
    let (v, delta) = (with.v, with.delta);
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
        Field::MeetingVenue => with.edit_opt(venue),
        Field::MeetingStatus => {
            let i = Status::ALL.iter().position(|x| x == status).unwrap_or(0);
            *status = Status::ALL[(i + delta as usize) % Status::ALL.len()];
        }
        Field::MeetingFixed => *fixed = with.other_topic(fixed, &with.fixed_ids),
        Field::MeetingFlexible => *flexible = with.other_topic(flexible, &with.flexible_ids),
        Field::MeetingFlexibleText => with.edit_opt(flexible_text),
        Field::MeetingAgenda => agenda.push(with.text.clone()),
        _ => with.edit_opt(note),
    }
    named
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
