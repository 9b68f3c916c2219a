//! What the formats look up for each meeting and topic, built once per export: looking
//! them up in the plan's lists instead made exports quadratic (a 4,000-meeting plan took
//! seconds as Markdown or HTML).

use crate::check::{Anchor, Finding};
use crate::plan::index::{Map, map_with_capacity};
use crate::plan::{Cluster, FixedTopic, FlexibleTopic, Meeting, Plan, PlanIndex, TopicId};

pub(super) struct Lookup<'a> {
    pub plan: &'a Plan,
    pub findings: &'a [Finding],
    index: PlanIndex,
    /// Findings by the position of their meeting in `plan.meetings`. A finding names a
    /// meeting by number, and numbers may repeat (a `duplicate-meeting` error): keyed
    /// by number, every finding about the 7th was repeated on every row numbered 7, so
    /// 3,000 meetings numbered 7 made a 3 GB export. Each finding goes to one row: the
    /// meeting its anchor points at, else the first meeting with its number.
    findings_at: Vec<Vec<&'a Finding>>,
    /// Position in `plan.meetings` of each meeting, by address: rows are `&Meeting`.
    position: Map<*const Meeting, usize>,
    /// Meetings (in number order) that have each fixed topic.
    meetings_of: Map<&'a str, Vec<&'a Meeting>>,
    /// Meetings in number order, whatever the order of the file.
    pub meetings: Vec<&'a Meeting>,
}

impl<'a> Lookup<'a> {
    pub fn new(plan: &'a Plan, findings: &'a [Finding]) -> Self {
        let mut meetings: Vec<&Meeting> = plan.meetings.iter().collect();
        meetings.sort_by_key(|m| m.number);
        let index = PlanIndex::new(plan);
        let mut position = map_with_capacity(plan.meetings.len());
        for (i, m) in plan.meetings.iter().enumerate() {
            position.insert(std::ptr::from_ref(m), i);
        }
        let mut findings_at = vec![Vec::new(); plan.meetings.len()];
        for f in findings {
            let Some(n) = f.meeting else { continue };
            let anchored = match f.anchor {
                Some(Anchor::Meeting(i, _))
                    if plan.meetings.get(i).is_some_and(|m| m.number == n) =>
                {
                    Some(i)
                }
                _ => None,
            };
            let at = anchored.or_else(|| index.meeting_position(n));
            if let Some(row) = at.and_then(|i| findings_at.get_mut(i)) {
                row.push(f);
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
            index,
            findings_at,
            position,
            meetings_of,
            meetings,
        }
    }

    pub fn fixed_topic(&self, id: &TopicId) -> Option<&'a FixedTopic> {
        self.index.fixed_topic(self.plan, id)
    }

    pub fn flexible_topic(&self, id: &TopicId) -> Option<&'a FlexibleTopic> {
        self.index.flexible_topic(self.plan, id)
    }

    /// Findings shown on the row of `m` (a meeting of `plan`): each finding about a
    /// meeting is on exactly one row.
    pub fn for_meeting(&self, m: &Meeting) -> impl Iterator<Item = &'a Finding> + '_ {
        self.position
            .get(&std::ptr::from_ref(m))
            .and_then(|&i| self.findings_at.get(i))
            .into_iter()
            .flat_map(|v| v.iter().copied())
    }

    pub fn misaligned(&self, m: &Meeting) -> bool {
        self.for_meeting(m).any(Finding::is_misalignment)
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

    /// For each cluster (by position), the fixed topics it reviews an article of: the
    /// first [`TOPICS_NAMED`] by name, the others counted.
    pub fn topics_by_cluster(&self) -> Vec<ClusterTopics<'a>> {
        let mut out = vec![ClusterTopics::default(); self.plan.clusters.len()];
        for t in &self.plan.fixed_topics {
            for ci in self.index.clusters_for(&t.articles) {
                let c = &mut out[ci];
                if c.named.len() < TOPICS_NAMED {
                    c.named.push(t);
                } else {
                    c.more += 1;
                }
            }
        }
        out
    }
}

/// At most this many fixed topics are named in a cluster's row of the exports' cluster
/// tables; the rest are counted ("and 4950 more"). A real plan's clusters review far
/// fewer; a plan built to exhaust (5,000 clusters on one article, 5,000 topics on it)
/// would otherwise write 25 million ids, 200 MB of Markdown (issue 22).
pub const TOPICS_NAMED: usize = 50;

/// The fixed topics of one cluster's row: those named, and how many more.
#[derive(Clone, Debug, Default)]
pub struct ClusterTopics<'a> {
    pub named: Vec<&'a FixedTopic>,
    pub more: usize,
}

impl ClusterTopics<'_> {
    /// The ids, each through `cell` (the format's escaping), then "and N more".
    pub fn ids(&self, cell: impl Fn(&str) -> String) -> String {
        let mut out: Vec<String> = self.named.iter().map(|t| cell(t.id.as_str())).collect();
        if self.more > 0 {
            let last = out.pop().unwrap_or_default();
            out.push(format!("{last} and {} more", self.more));
        }
        out.join(", ")
    }
}
