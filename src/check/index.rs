use std::collections::HashMap;

use crate::plan::{Article, Plan};

/// Lookups every rule needs, built once per check so the rules stay linear in plan size.
pub(crate) struct Index<'p> {
    pub fixed: HashMap<&'p str, usize>,
    pub flexible: HashMap<&'p str, usize>,
    /// Clusters (by position) reviewing each article; cross-cutting articles are absent.
    pub reviewed_by: HashMap<Article, Vec<usize>>,
}

impl<'p> Index<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut fixed = HashMap::with_capacity(plan.fixed_topics.len());
        for (i, t) in plan.fixed_topics.iter().enumerate() {
            fixed.entry(t.id.as_str()).or_insert(i);
        }
        let mut flexible = HashMap::with_capacity(plan.flexible_topics.len());
        for (i, t) in plan.flexible_topics.iter().enumerate() {
            flexible.entry(t.id.as_str()).or_insert(i);
        }
        let mut reviewed_by: HashMap<Article, Vec<usize>> = HashMap::new();
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
            fixed,
            flexible,
            reviewed_by,
        }
    }

    /// Clusters that review any of `articles`, each once, in plan order.
    pub fn clusters_for(&self, articles: &[Article]) -> Vec<usize> {
        let mut out: Vec<usize> = articles
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
