//! The one index of a plan: what check, export, diff, realign and the planner look up
//! for every meeting and topic, built once per plan version.
//!
//! It owns its keys and holds positions, never references, so the planner keeps it
//! across edits and brings it up to date with [`PlanIndex::update`] for the meetings an
//! edit changed, instead of rebuilding it on every key.

use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use super::model::{
    Article, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan, Status, TopicId,
};

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
/// topic by one or two: inline, they cost no allocation.
pub type Clusters = SmallVec<[usize; 2]>;

/// Positions in one of the plan's lists, ascending (file order). Most keys (a meeting
/// number, a year, a topic id) have one or two.
pub type Positions = SmallVec<[usize; 2]>;

/// What a change to the plan did to its meetings, as the index must learn it.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The meeting at this position was replaced; `old` is the value it had. Past the
    /// end of the list now: it was removed from the end.
    Meeting { at: usize, old: Box<Meeting> },
    /// A meeting was appended at this position (the end of the list).
    Appended(usize),
    /// Anything else (topics, clusters, a meeting inserted or removed mid-list, a whole
    /// plan): rebuild.
    Other,
}

/// The meetings `changes` touched, each once, with the value it had before the first
/// change (None: appended); None when a change was not to single meetings. A position
/// past the end of the list now was removed from the end.
pub fn touched(changes: &[Change]) -> Option<Vec<(usize, Option<&Meeting>)>> {
    let mut out: Vec<(usize, Option<&Meeting>)> = Vec::with_capacity(changes.len());
    let mut seen = set_with_capacity(changes.len());
    for c in changes {
        let (at, old) = match c {
            Change::Meeting { at, old } => (*at, Some(old.as_ref())),
            Change::Appended(at) => (*at, None),
            Change::Other => return None,
        };
        // An edit may set one meeting twice (a swap): the index knows the first value.
        if seen.insert(at) {
            out.push((at, old));
        }
    }
    Some(out)
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanIndex {
    fixed: Map<TopicId, Positions>,
    flexible: Map<TopicId, Positions>,
    /// Clusters (by position) reviewing each article; cross-cutting articles are absent.
    reviewed_by: Map<Article, Clusters>,
    /// Meetings by number, and the distinct numbers ascending.
    by_number: Map<MeetingNumber, Positions>,
    numbers: Vec<MeetingNumber>,
    /// Meetings by year (all of them), and the distinct years ascending.
    by_year: Map<i32, Positions>,
    years: Vec<i32>,
    /// Meetings not cancelled: by year, by fixed topic, by flexible topic.
    active_in_year: Map<i32, Positions>,
    fixed_on: Map<TopicId, Positions>,
    flexible_on: Map<TopicId, Positions>,
    /// Active meetings whose fixed topic is a known one not made only of cross-cutting
    /// articles, as (year, number, position), sorted; and those whose topic is.
    others: Vec<(i32, MeetingNumber, usize)>,
    cross: Vec<usize>,
}

fn insert_sorted<T: Ord + Copy>(v: &mut Vec<T>, x: T) {
    if let Err(k) = v.binary_search(&x) {
        v.insert(k, x);
    }
}

fn remove_sorted<T: Ord + Copy>(v: &mut Vec<T>, x: T) {
    if let Ok(k) = v.binary_search(&x) {
        v.remove(k);
    }
}

/// Adds `at` to the positions of `key`; says whether the key is new.
fn list<K: std::hash::Hash + Eq>(map: &mut Map<K, Positions>, key: K, at: usize) -> bool {
    let v = map.entry(key).or_default();
    let k = v.partition_point(|&p| p < at);
    v.insert(k, at);
    v.len() == 1
}

/// Removes `at` from the positions of `key`; says whether the key is gone.
fn unlist<K: std::hash::Hash + Eq>(map: &mut Map<K, Positions>, key: &K, at: usize) -> bool {
    let Some(v) = map.get_mut(key) else {
        return false;
    };
    if let Some(k) = v.iter().position(|&p| p == at) {
        v.remove(k);
    }
    if v.is_empty() {
        map.remove(key);
        true
    } else {
        false
    }
}

fn positions<'a, K: std::hash::Hash + Eq>(map: &'a Map<K, Positions>, key: &K) -> &'a [usize] {
    map.get(key).map(|v| v.as_slice()).unwrap_or_default()
}

impl PlanIndex {
    pub fn new(plan: &Plan) -> Self {
        let mut fixed: Map<TopicId, Positions> = map_with_capacity(plan.fixed_topics.len());
        for (i, t) in plan.fixed_topics.iter().enumerate() {
            fixed.entry(t.id.clone()).or_default().push(i);
        }
        let mut flexible: Map<TopicId, Positions> = map_with_capacity(plan.flexible_topics.len());
        for (i, t) in plan.flexible_topics.iter().enumerate() {
            flexible.entry(t.id.clone()).or_default().push(i);
        }
        let mut reviewed_by: Map<Article, Clusters> =
            map_with_capacity(plan.clusters.iter().map(|c| c.articles.len()).sum());
        for (ci, c) in plan.clusters.iter().enumerate() {
            for &a in &c.articles {
                if !plan.is_cross_cutting(a) {
                    // Ascending, each cluster once: clusters come in order, so a repeat
                    // is the last one (a search of the list made a thousand clusters
                    // on one article cost a million steps).
                    let v = reviewed_by.entry(a).or_default();
                    if v.last() != Some(&ci) {
                        v.push(ci);
                    }
                }
            }
        }
        let n = plan.meetings.len();
        let mut index = Self {
            fixed,
            flexible,
            reviewed_by,
            by_number: map_with_capacity(n),
            by_year: map_with_capacity(n),
            active_in_year: map_with_capacity(n),
            fixed_on: map_with_capacity(n),
            flexible_on: map_with_capacity(n),
            ..Self::default()
        };
        // Positions ascend as they are pushed; the sorted lists are sorted once.
        for (i, m) in plan.meetings.iter().enumerate() {
            index.by_number.entry(m.number).or_default().push(i);
            index.by_year.entry(m.year).or_default().push(i);
            if m.status == Status::Cancelled {
                continue;
            }
            index.active_in_year.entry(m.year).or_default().push(i);
            if let Some(id) = &m.fixed {
                index.fixed_on.entry(id.clone()).or_default().push(i);
            }
            if let Some(id) = &m.flexible {
                index.flexible_on.entry(id.clone()).or_default().push(i);
            }
            match index.cross_cutting(plan, m) {
                Some(true) => index.cross.push(i),
                Some(false) => index.others.push((m.year, m.number, i)),
                None => {}
            }
        }
        index.numbers = index.by_number.keys().copied().collect();
        index.numbers.sort_unstable();
        index.years = index.by_year.keys().copied().collect();
        index.years.sort_unstable();
        index.others.sort_unstable();
        index
    }

    /// Whether an active meeting's fixed topic is made only of cross-cutting articles;
    /// None when it is not active or has no known fixed topic.
    fn cross_cutting(&self, plan: &Plan, m: &Meeting) -> Option<bool> {
        if m.status == Status::Cancelled {
            return None;
        }
        let topic = m.fixed.as_ref().and_then(|id| self.fixed_topic(plan, id))?;
        Some(plan.is_cross_cutting_topic(topic))
    }

    fn list_meeting(&mut self, plan: &Plan, m: &Meeting, i: usize) {
        if list(&mut self.by_number, m.number, i) {
            insert_sorted(&mut self.numbers, m.number);
        }
        if list(&mut self.by_year, m.year, i) {
            insert_sorted(&mut self.years, m.year);
        }
        if m.status == Status::Cancelled {
            return;
        }
        list(&mut self.active_in_year, m.year, i);
        if let Some(id) = &m.fixed {
            list(&mut self.fixed_on, id.clone(), i);
        }
        if let Some(id) = &m.flexible {
            list(&mut self.flexible_on, id.clone(), i);
        }
        match self.cross_cutting(plan, m) {
            Some(true) => insert_sorted(&mut self.cross, i),
            Some(false) => insert_sorted(&mut self.others, (m.year, m.number, i)),
            None => {}
        }
    }

    fn unlist_meeting(&mut self, plan: &Plan, m: &Meeting, i: usize) {
        if unlist(&mut self.by_number, &m.number, i) {
            remove_sorted(&mut self.numbers, m.number);
        }
        if unlist(&mut self.by_year, &m.year, i) {
            remove_sorted(&mut self.years, m.year);
        }
        if m.status == Status::Cancelled {
            return;
        }
        unlist(&mut self.active_in_year, &m.year, i);
        if let Some(id) = &m.fixed {
            unlist(&mut self.fixed_on, id, i);
        }
        if let Some(id) = &m.flexible {
            unlist(&mut self.flexible_on, id, i);
        }
        match self.cross_cutting(plan, m) {
            Some(true) => remove_sorted(&mut self.cross, i),
            Some(false) => remove_sorted(&mut self.others, (m.year, m.number, i)),
            None => {}
        }
    }

    /// Brings the index up to date with `plan` after `changes`; says whether it had to
    /// be rebuilt (a change other than to single meetings).
    pub fn update(&mut self, plan: &Plan, changes: &[Change]) -> bool {
        let Some(touched) = touched(changes) else {
            *self = Self::new(plan);
            return true;
        };
        for (at, old) in touched {
            if let Some(old) = old {
                self.unlist_meeting(plan, old, at);
            }
            if let Some(m) = plan.meetings.get(at) {
                self.list_meeting(plan, m, at);
            }
        }
        false
    }

    /// Positions of the fixed topics with this id (more than one is a `duplicate-id`).
    pub fn fixed_positions(&self, id: &TopicId) -> &[usize] {
        positions(&self.fixed, id)
    }

    /// The first fixed topic with this id, as the plan lists it.
    pub fn fixed_topic<'p>(&self, plan: &'p Plan, id: &TopicId) -> Option<&'p FixedTopic> {
        let &i = self.fixed_positions(id).first()?;
        plan.fixed_topics.get(i)
    }

    pub fn flexible_topic<'p>(&self, plan: &'p Plan, id: &TopicId) -> Option<&'p FlexibleTopic> {
        let &i = positions(&self.flexible, id).first()?;
        plan.flexible_topics.get(i)
    }

    pub fn is_fixed(&self, id: &TopicId) -> bool {
        self.fixed.contains_key(id)
    }

    pub fn is_flexible(&self, id: &TopicId) -> bool {
        self.flexible.contains_key(id)
    }

    /// Whether cluster `ci` reviews `article` (cross-cutting articles: no cluster).
    pub fn reviews(&self, ci: usize, article: Article) -> bool {
        self.reviewers(article).binary_search(&ci).is_ok()
    }

    /// Clusters (by position) that review any of `articles`, each once, in plan order;
    /// cross-cutting articles are reviewed by none.
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

    /// Years in which a topic on `articles` is aligned with every cluster reviewing
    /// them ([`super::model::aligned_years`]). None when no cluster reviews them (any
    /// year is aligned); empty (`lo > hi`) when no year is.
    pub fn aligned_years(&self, plan: &Plan, articles: &[Article]) -> Option<(i32, i32)> {
        super::model::aligned_years(
            &plan.alignment,
            self.clusters_for(articles)
                .into_iter()
                .filter_map(|ci| plan.clusters.get(ci)),
        )
    }

    /// Clusters (by position, ascending) reviewing `article`; none for a cross-cutting
    /// article.
    pub fn reviewers(&self, article: Article) -> &[usize] {
        self.reviewed_by
            .get(&article)
            .map(|v| v.as_slice())
            .unwrap_or_default()
    }

    /// Meetings with this number, in file order (more than one is a
    /// `duplicate-meeting`).
    pub fn numbered(&self, number: MeetingNumber) -> &[usize] {
        positions(&self.by_number, &number)
    }

    /// The first meeting with this number.
    pub fn meeting_position(&self, number: MeetingNumber) -> Option<usize> {
        self.numbered(number).first().copied()
    }

    /// The highest number below `number` that a meeting has.
    pub fn number_before(&self, number: MeetingNumber) -> Option<MeetingNumber> {
        let k = self.numbers.partition_point(|&n| n < number);
        k.checked_sub(1).map(|k| self.numbers[k])
    }

    /// The lowest number above `number` that a meeting has.
    pub fn number_after(&self, number: MeetingNumber) -> Option<MeetingNumber> {
        let k = self.numbers.partition_point(|&n| n <= number);
        self.numbers.get(k).copied()
    }

    pub fn last_number(&self) -> Option<MeetingNumber> {
        self.numbers.last().copied()
    }

    /// The meetings numbered `number` or higher, in number order and, among equal
    /// numbers, in file order: the order in which edits carry topics from meeting to
    /// meeting, whatever order the file lists them in. Read lazily, so an edit that
    /// stops after a few meetings reads only those.
    pub fn in_number_order_from(&self, number: MeetingNumber) -> impl Iterator<Item = usize> + '_ {
        let k = self.numbers.partition_point(|&n| n < number);
        self.numbers[k..]
            .iter()
            .flat_map(|&n| self.numbered(n).iter().copied())
    }

    /// Every meeting of `year`, cancelled ones too, in file order.
    pub fn in_year(&self, year: i32) -> Option<&[usize]> {
        self.by_year.get(&year).map(|v| v.as_slice())
    }

    /// First and last year a meeting is in.
    pub fn meeting_years(&self) -> Option<(i32, i32)> {
        Some((*self.years.first()?, *self.years.last()?))
    }

    /// Meetings of `year` that are not cancelled, in file order.
    pub fn active_in_year(&self, year: i32) -> &[usize] {
        positions(&self.active_in_year, &year)
    }

    /// Meetings not cancelled that have `id` as their fixed topic, in file order.
    pub fn fixed_on(&self, id: &TopicId) -> &[usize] {
        positions(&self.fixed_on, id)
    }

    /// Meetings not cancelled that have `id` as their flexible topic, in file order.
    pub fn flexible_on(&self, id: &TopicId) -> &[usize] {
        positions(&self.flexible_on, id)
    }

    /// The last meeting by (year, number) with a fixed topic not made only of
    /// cross-cutting articles (the first in the file of equals), not cancelled.
    pub fn last_other(&self) -> Option<usize> {
        let &(y, n, _) = self.others.last()?;
        let k = self.others.partition_point(|&(a, b, _)| (a, b) < (y, n));
        Some(self.others[k].2)
    }

    /// Active meetings whose fixed topic is made only of cross-cutting articles.
    pub fn cross_cutting_meetings(&self) -> &[usize] {
        &self.cross
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Cluster, ClusterId, ReviewWindow};

    fn plan() -> Plan {
        crate::plan::parse(include_str!("../../plans/firearms.yaml"))
            .expect("shipped plan parses")
            .plan
    }

    #[test]
    fn aligned_years_meet_every_reviewing_cluster_and_skip_cross_cutting_articles() {
        let mut p = plan();
        p.alignment.grace_years = 1;
        p.cross_cutting_articles = vec![99];
        p.clusters = vec![
            Cluster {
                id: ClusterId::from("A"),
                name: None,
                review: ReviewWindow {
                    start: 2020,
                    end: 2024,
                },
                articles: vec![1, 99],
            },
            Cluster {
                id: ClusterId::from("B"),
                name: None,
                review: ReviewWindow {
                    start: 2022,
                    end: 2026,
                },
                articles: vec![2, 1],
            },
        ];
        let index = PlanIndex::new(&p);
        assert_eq!(index.clusters_for(&[1]).as_slice(), &[0, 1]);
        assert_eq!(index.clusters_for(&[99]).as_slice(), &[] as &[usize]);
        assert_eq!(index.aligned_years(&p, &[1, 99]), Some((2022, 2025)));
        assert_eq!(index.aligned_years(&p, &[2]), Some((2022, 2027)));
        assert_eq!(index.aligned_years(&p, &[99]), None);
        assert!(index.reviews(1, 2) && !index.reviews(0, 2) && !index.reviews(0, 99));
    }

    #[test]
    fn updating_for_changed_meetings_gives_the_index_a_rebuild_gives() {
        let mut p = plan();
        let mut index = PlanIndex::new(&p);
        let at = p.meetings.len() - 1;
        let old = Box::new(p.meetings[at].clone());
        p.meetings[at].year += 3;
        p.meetings[at].number = MeetingNumber::new(1);
        p.meetings[at].fixed = p.meetings[0].fixed.clone();
        p.meetings
            .push(Meeting::planned(MeetingNumber::new(40), 2040));
        let rebuilt = index.update(
            &p,
            &[
                Change::Meeting { at, old },
                Change::Appended(p.meetings.len() - 1),
            ],
        );
        assert!(!rebuilt);
        assert_eq!(index, PlanIndex::new(&p));
    }
}
