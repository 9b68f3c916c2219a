//! Synthetic plans of any size, for benchmarks and stress tests.
//!
//! The shape follows the Firearms plan: a run of held meetings before the workplan,
//! then one planned meeting a year with a fixed topic, clusters reviewing blocks of ten
//! topics, and a flexible pool. One more cluster, whose review is still to come, also
//! reviews an article of every seventh topic, so about one topic in seven is misaligned
//! (too early), as in a plan whose reviews slipped.

use chrono::NaiveDate;

use super::model::{
    Cluster, ClusterId, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan, ReviewWindow,
    Status, TopicId, TopicSource,
};

/// Size of a synthetic plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub meetings: usize,
    /// Fixed topics; at most `meetings` (extra ones are left unscheduled).
    pub topics: usize,
}

const FIRST_YEAR: i32 = 1900;
const TOPICS_PER_CLUSTER: usize = 10;

/// Builds a valid plan of the given size; the same spec always gives the same plan.
pub fn generate(spec: Spec) -> Plan {
    let scheduled = spec.topics.min(spec.meetings);
    let history = spec.meetings - scheduled;
    let fixed_topics: Vec<FixedTopic> = (0..spec.topics).map(fixed_topic).collect();
    let year_of_topic = |k: usize| FIRST_YEAR + (history + k.min(scheduled)) as i32;
    let clusters = clusters(spec, year_of_topic);
    let flexible_topics = flexible_topics(spec);
    let meetings = (0..spec.meetings)
        .map(|i| {
            let flexible = &flexible_topics[i % flexible_topics.len()].id;
            let fixed = i.checked_sub(history).map(|k| &fixed_topics[k].id);
            meeting(i, flexible, fixed)
        })
        .collect();
    Plan {
        body: Some("Synthetic Working Group".into()),
        clusters,
        fixed_topics,
        flexible_topics,
        meetings,
        ..Plan::empty(format!(
            "Synthetic workplan: {} meetings, {} fixed topics",
            spec.meetings, spec.topics
        ))
    }
}

/// Fixed topic `k`: two articles of its own, a question on every third.
fn fixed_topic(k: usize) -> FixedTopic {
    FixedTopic {
        questions: if k.is_multiple_of(3) {
            vec![super::Question::Issue(format!(
                "Article {}, paragraph 1: national measures and challenges",
                2 * k + 1
            ))]
        } else {
            Vec::new()
        },
        ..FixedTopic::new(
            format!("T{}", k + 1),
            format!(
                "Articles {} and {}: scope and implementation",
                2 * k + 1,
                2 * k + 2
            ),
            vec![2 * k as u32 + 1, 2 * k as u32 + 2],
        )
    }
}

/// A cluster per block of ten topics, reviewing them in their years, and the delayed
/// cluster (see the module documentation).
fn clusters(spec: Spec, year_of_topic: impl Fn(usize) -> i32) -> Vec<Cluster> {
    let clusters_n = spec.topics.div_ceil(TOPICS_PER_CLUSTER).max(1);
    let mut clusters: Vec<Cluster> = (0..clusters_n)
        .map(|c| {
            let first = c * TOPICS_PER_CLUSTER;
            let last = ((c + 1) * TOPICS_PER_CLUSTER).min(spec.topics.max(1)) - 1;
            Cluster {
                id: ClusterId(format!("C{}", c + 1)),
                name: (c % 2 == 0).then(|| format!("Thematic cluster {}", c + 1)),
                review: ReviewWindow {
                    start: year_of_topic(first) - 1,
                    end: year_of_topic(last),
                },
                articles: (2 * first as u32 + 1..=2 * last as u32 + 2).collect(),
            }
        })
        .collect();
    let after = year_of_topic(spec.topics) + 5;
    clusters.push(Cluster {
        id: ClusterId(format!("C{}", clusters_n + 1)),
        name: Some("Delayed cluster".into()),
        review: ReviewWindow {
            start: after,
            end: after + 3,
        },
        articles: (0..spec.topics)
            .filter(|k| k % 7 == 3)
            .map(|k| 2 * k as u32 + 2)
            .collect(),
    });
    clusters
}

fn flexible_topics(spec: Spec) -> Vec<FlexibleTopic> {
    let flexible_n = (spec.meetings / 20).max(11);
    (0..flexible_n)
        .map(|f| FlexibleTopic {
            id: TopicId(format!("F{}", f + 1)),
            title: format!("Thematic priority {}", f + 1),
            source: if f % 5 == 4 {
                TopicSource::Additional
            } else {
                TopicSource::List
            },
            related_articles: if f % 4 == 0 {
                vec![((4 * f) % (2 * spec.topics.max(1))) as u32 + 1]
            } else {
                Vec::new()
            },
            recurring: true,
        })
        .collect()
}

/// Meeting `i` (from 0): held before the workplan (no `fixed`), else planned with it.
fn meeting(i: usize, flexible: &TopicId, fixed: Option<&TopicId>) -> Meeting {
    let year = FIRST_YEAR + i as i32;
    let mut m = Meeting::planned(MeetingNumber::new(i as u32 + 1), year);
    m.flexible = Some(flexible.clone());
    match fixed {
        None => {
            m.status = Status::Held;
            m.venue = Some("Vienna".into());
            // ISO 8601 dates stop at year 9999 without a sign; long synthetic
            // histories run past it, so those meetings have no dates.
            if year <= 9999 {
                m.start = NaiveDate::from_ymd_opt(year, 5, 3);
                m.end = NaiveDate::from_ymd_opt(year, 5, 4);
            }
            m.agenda = vec![format!("Item 2: thematic discussion {}", i + 1)];
        }
        Some(id) => {
            m.fixed = Some(id.clone());
            if i.is_multiple_of(10) {
                m.note = Some("Dates to be confirmed by the extended Bureau".into());
            }
        }
    }
    m
}

/// Many clusters on one article (issue 22): `n` clusters each review article 1 in a
/// year of its own, and `n` fixed topics on that article are held one a year over the
/// same years. No year is aligned with every cluster, so every meeting misses the review
/// of almost every cluster: the shape whose `check` output once grew with `n` cubed.
pub fn crowded(n: usize) -> Plan {
    let year = |k: usize| FIRST_YEAR.saturating_add(i32::try_from(k).unwrap_or(i32::MAX));
    let clusters = (0..n)
        .map(|k| Cluster {
            id: ClusterId(format!("C{}", k + 1)),
            name: None,
            review: ReviewWindow {
                start: year(k),
                end: year(k),
            },
            articles: vec![1],
        })
        .collect();
    let fixed_topics: Vec<FixedTopic> = (0..n)
        .map(|k| FixedTopic::new(format!("T{}", k + 1), format!("Topic {}", k + 1), vec![1]))
        .collect();
    let meetings = fixed_topics
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let number = MeetingNumber::new(u32::try_from(k + 1).unwrap_or(u32::MAX));
            let mut m = Meeting::planned(number, year(k));
            m.fixed = Some(t.id.clone());
            m
        })
        .collect();
    Plan {
        clusters,
        fixed_topics,
        meetings,
        ..Plan::empty(format!("Synthetic workplan: {n} clusters on one article"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Code, check};
    use crate::plan::{canonical::to_yaml, parse};

    #[test]
    fn synthetic_plans_load_back_and_have_only_misalignments() {
        for spec in [
            Spec {
                meetings: 20,
                topics: 10,
            },
            Spec {
                meetings: 300,
                topics: 200,
            },
        ] {
            let plan = generate(spec);
            let text = to_yaml(&plan).unwrap();
            assert_eq!(parse(&text).unwrap().plan, plan);
            let findings = check(&plan);
            assert!(
                findings.iter().all(|f| f.code == Code::MisalignedEarly),
                "{findings:#?}"
            );
            let misaligned = findings.len() as f64 / spec.topics as f64;
            assert!((0.05..0.3).contains(&misaligned), "{misaligned}");
        }
    }
}
