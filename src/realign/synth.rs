//! Synthetic plans for benchmarks and tests; kept simple so anyone can reuse them.

use crate::plan::{
    Alignment, Cluster, ClusterId, FixedTopic, Meeting, MeetingNumber, Plan, ReviewWindow,
};

const FIRST_YEAR: i32 = 2000;

fn topic(i: usize, article: u32) -> FixedTopic {
    FixedTopic::new(
        format!("T{}", i + 1),
        format!("Topic {}", i + 1),
        vec![article],
    )
}

fn empty(title: &str) -> Plan {
    Plan {
        alignment: Alignment { grace_years: 1 },
        ..Plan::empty(title)
    }
}

/// A workplan shaped like the real one, `n` fixed topics long (n >= 2): topic i on
/// meeting i (year 2000 + i), clusters of four topics each reviewed over five years, the
/// last topic cross-cutting; the second half of the clusters slips three years, so about
/// half the topics must move and the plan grows by a few meetings.
pub fn slipped(n: usize) -> Plan {
    let mut plan = empty(&format!("synthetic plan of {n} topics"));
    let n = n.max(2);
    let cross = n as u32 + 1;
    plan.cross_cutting_articles = vec![cross];
    let clusters = (n - 1).div_ceil(4);
    for k in 0..clusters {
        let base = FIRST_YEAR + 4 * k as i32;
        let slip = if k >= clusters / 2 { 3 } else { 0 };
        plan.clusters.push(Cluster {
            id: ClusterId(format!("C{}", k + 1)),
            name: None,
            review: ReviewWindow {
                start: base - 2 + slip,
                end: base + 2 + slip,
            },
            articles: (4 * k..(4 * k + 4).min(n - 1))
                .map(|a| a as u32 + 1)
                .collect(),
        });
    }
    for i in 0..n {
        let article = if i == n - 1 { cross } else { i as u32 + 1 };
        plan.fixed_topics.push(topic(i, article));
        let mut m = Meeting::planned(MeetingNumber::new(i as u32 + 1), FIRST_YEAR + i as i32);
        m.fixed = Some(plan.fixed_topics[i].id.clone());
        plan.meetings.push(m);
    }
    plan
}

/// The dense worst case for the solver: `n` topics on the first n of 2n yearly
/// meetings, each topic aligned in any of those years but its current one wrong-footed
/// by one cluster slipping a year, so every topic has about n slots to choose from.
pub fn dense(n: usize) -> Plan {
    let title = format!("dense synthetic plan of {n} topics");
    let n = n.max(1);
    let review = ReviewWindow {
        start: FIRST_YEAR + 1,
        end: FIRST_YEAR + 2 * n as i32 - 1,
    };
    one_cluster(&title, n, review)
}

/// `n` topics on the first n of 2n yearly meetings, reviewed by one cluster in `review`.
fn one_cluster(title: &str, n: usize, review: ReviewWindow) -> Plan {
    let mut plan = empty(title);
    plan.clusters.push(Cluster {
        id: ClusterId("C1".into()),
        name: None,
        review,
        articles: (1..=n as u32).collect(),
    });
    for i in 0..n {
        plan.fixed_topics.push(topic(i, i as u32 + 1));
    }
    for y in 0..2 * n {
        let mut m = Meeting::planned(MeetingNumber::new(y as u32 + 1), FIRST_YEAR + y as i32);
        m.fixed = plan.fixed_topics.get(y).map(|t| t.id.clone());
        plan.meetings.push(m);
    }
    plan
}

/// No aligned plan, for best effort: `n` topics on the first n of 2n yearly meetings,
/// all reviewed by one cluster whose window (with grace) holds only n/2 of those years,
/// so every topic has about n meetings to choose from and half of them stay misaligned.
pub fn crowded(n: usize) -> Plan {
    let title = format!("crowded synthetic plan of {n} topics");
    let n = n.max(2);
    let start = FIRST_YEAR + n as i32 / 2;
    let review = ReviewWindow {
        start,
        end: start + (n as i32 / 2) - 2,
    };
    one_cluster(&title, n, review)
}
