//! What the formats look up for each meeting and topic, built once per export: looking
//! them up in the plan's lists instead made exports quadratic (a 4,000-meeting plan took
//! seconds as Markdown or HTML).

use crate::check::Finding;
use crate::check::index::{Index, Map, map_with_capacity};
use crate::plan::{Cluster, FixedTopic, FlexibleTopic, Meeting, Plan, TopicId};

pub(super) struct Lookup<'a> {
    pub plan: &'a Plan,
    pub findings: &'a [Finding],
    index: Index<'a>,
    findings_of: Map<u32, Vec<&'a Finding>>,
    /// Meetings (in number order) that have each fixed topic.
    meetings_of: Map<&'a str, Vec<&'a Meeting>>,
    /// Meetings in number order, whatever the order of the file.
    pub meetings: Vec<&'a Meeting>,
}

impl<'a> Lookup<'a> {
    pub fn new(plan: &'a Plan, findings: &'a [Finding]) -> Self {
        let mut meetings: Vec<&Meeting> = plan.meetings.iter().collect();
        meetings.sort_by_key(|m| m.number);
        let mut findings_of: Map<u32, Vec<&Finding>> = map_with_capacity(findings.len());
        for f in findings {
            if let Some(n) = f.meeting {
                findings_of.entry(n).or_default().push(f);
            }
        }
        let mut meetings_of: Map<&str, Vec<&Meeting>> = map_with_capacity(meetings.len());
        for m in &meetings {
            if let Some(id) = &m.fixed {
                meetings_of.entry(id.as_str()).or_default().push(m);
            }
        }
        Self {
            plan,
            findings,
            index: Index::new(plan),
            findings_of,
            meetings_of,
            meetings,
        }
    }

    pub fn fixed_topic(&self, id: &TopicId) -> Option<&'a FixedTopic> {
        self.index.fixed_topic(id)
    }

    pub fn flexible_topic(&self, id: &TopicId) -> Option<&'a FlexibleTopic> {
        self.index.flexible_topic(id)
    }

    /// Findings about one meeting (by number).
    pub fn for_meeting(&self, number: u32) -> impl Iterator<Item = &'a Finding> + '_ {
        self.findings_of
            .get(&number)
            .into_iter()
            .flat_map(|v| v.iter().copied())
    }

    pub fn misaligned(&self, number: u32) -> bool {
        self.for_meeting(number).any(Finding::is_misalignment)
    }

    /// Meetings that have `id` as their fixed topic, in number order.
    pub fn meetings_with(&self, id: &TopicId) -> &[&'a Meeting] {
        self.meetings_of
            .get(id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Clusters (position and cluster) that review an article of `t`, cross-cutting
    /// articles aside, in plan order.
    pub fn reviewing(&self, t: &FixedTopic) -> Vec<(usize, &'a Cluster)> {
        let plan = self.plan;
        self.index
            .clusters_for(&t.articles)
            .into_iter()
            .map(|ci| (ci, &plan.clusters[ci]))
            .collect()
    }

    /// For each cluster (by position), the fixed topics it reviews an article of.
    pub fn topics_by_cluster(&self) -> Vec<Vec<&'a FixedTopic>> {
        let mut out = vec![Vec::new(); self.plan.clusters.len()];
        for t in &self.plan.fixed_topics {
            for ci in self.index.clusters_for(&t.articles) {
                out[ci].push(t);
            }
        }
        out
    }
}
