use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use crate::plan::{Article, FixedTopic, FlexibleTopic, Plan, TopicId};

// Fx rather than the std SipHash: keys are the user's own ids and article numbers, so
// there is no hash flooding to defend against, and hashing dominated a check of a
// large plan (measured with `perf` on a 100,000-meeting synthetic plan).
pub(crate) type Map<K, V> = FxHashMap<K, V>;
pub(crate) type Set<K> = FxHashSet<K>;

pub(crate) fn map_with_capacity<K, V>(n: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(n, Default::default())
}

pub(crate) fn set_with_capacity<K>(n: usize) -> Set<K> {
    Set::with_capacity_and_hasher(n, Default::default())
}

/// Cluster positions. Almost every article is reviewed by one cluster and almost every
/// topic by one or two: inline, they cost no allocation (one per article of the plan
/// otherwise, on every check).
pub(crate) type Clusters = SmallVec<[usize; 2]>;

/// Lookups every rule needs, built once per check so the rules stay linear in plan size.
pub(crate) struct Index<'p> {
    plan: &'p Plan,
    pub fixed: Map<&'p str, usize>,
    pub flexible: Map<&'p str, usize>,
    /// Clusters (by position) reviewing each article; cross-cutting articles are absent.
    pub reviewed_by: Map<Article, Clusters>,
}

impl<'p> Index<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut fixed = map_with_capacity(plan.fixed_topics.len());
        for (i, t) in plan.fixed_topics.iter().enumerate() {
            fixed.entry(t.id.as_str()).or_insert(i);
        }
        let mut flexible = map_with_capacity(plan.flexible_topics.len());
        for (i, t) in plan.flexible_topics.iter().enumerate() {
            flexible.entry(t.id.as_str()).or_insert(i);
        }
        let mut reviewed_by: Map<Article, Clusters> =
            map_with_capacity(plan.clusters.iter().map(|c| c.articles.len()).sum());
        for (ci, c) in plan.clusters.iter().enumerate() {
            for &a in &c.articles {
                if !plan.is_cross_cutting(a) {
                    let v = reviewed_by.entry(a).or_default();
                    if !v.contains(&ci) {
                        v.push(ci);
                    }
                }
            }
        }
        Self {
            plan,
            fixed,
            flexible,
            reviewed_by,
        }
    }

    /// The first fixed topic with this id, as `Plan::fixed_topic` but without a search.
    pub fn fixed_topic(&self, id: &TopicId) -> Option<&'p FixedTopic> {
        let plan = self.plan;
        self.fixed.get(id.as_str()).map(|&i| &plan.fixed_topics[i])
    }

    pub fn flexible_topic(&self, id: &TopicId) -> Option<&'p FlexibleTopic> {
        let plan = self.plan;
        self.flexible
            .get(id.as_str())
            .map(|&i| &plan.flexible_topics[i])
    }

    /// Clusters that review any of `articles`, each once, in plan order.
    pub fn clusters_for(&self, articles: &[Article]) -> Clusters {
        let mut out: Clusters = articles
            .iter()
            .filter_map(|a| self.reviewed_by.get(a))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
