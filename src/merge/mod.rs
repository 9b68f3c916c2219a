//! Three-way merge of plans by meaning: what a git merge driver needs when two people
//! amend one workplan on two branches.
//!
//! Meetings are matched as the same meeting (by number, or across a renumbering: see
//! `meetings.rs`), topics and clusters by id, and each field (a meeting's number,
//! dates, venue, status, agenda items, note; a topic's title, articles...) is merged on
//! its own: a side that left a field as in BASE takes the other side's value.
//! Both sides changing one field differently is a [`Conflict`]; OURS' value is kept. A
//! merge that would leave the plan ambiguous (a topic defined twice, a meeting naming a
//! topic the other side removed, a fixed topic moved to two meetings) is a conflict too.
//!
//! [`merge`] is pure: plans in, plan and conflicts out. [`annotate`] writes the
//! conflicts into the merged text as YAML comments, so the file still loads.

mod annotate;
mod meetings;
#[cfg(test)]
mod tests;

pub use annotate::{Annotated, Placed, annotate, carry_comments};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;

use crate::check::{self, Code, Finding, Severity};
use crate::diff::{self, Change, dates_label};
use crate::plan::{
    Alignment, Cluster, ClusterId, FixedTopic, FlexibleTopic, Meeting, MeetingNumber, Plan,
    TopicId, articles_label, ordinal,
};

/// The part of a plan a conflict concerns.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Plan,
    Cluster(ClusterId),
    FixedTopic(TopicId),
    FlexibleTopic(TopicId),
    Meeting(MeetingNumber),
}

impl Place {
    fn label(&self) -> String {
        match self {
            Place::Plan => "the plan".into(),
            Place::Cluster(id) => format!("cluster {id}"),
            Place::FixedTopic(id) => format!("fixed topic {id} (agenda item 3)"),
            Place::FlexibleTopic(id) => format!("flexible topic {id} (agenda item 2)"),
            Place::Meeting(n) => format!("{} meeting", ordinal(*n)),
        }
    }
}

/// What both sides disagree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// Both sides changed this field of `place`, differently; OURS' value is kept.
    Field {
        field: &'static str,
        base: String,
        ours: String,
        theirs: String,
    },
    /// The merged plan has this error, which neither side had: combining the two
    /// changes leaves the plan ambiguous.
    Ambiguous(Finding),
}

/// One true conflict, in the words of the amendment diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub place: Place,
    pub issue: Issue,
    /// The amendment from BASE to OURS, for this field.
    pub ours_says: Vec<String>,
    /// The amendment from BASE to THEIRS, for this field.
    pub theirs_says: Vec<String>,
}

impl Conflict {
    /// One line: where, which field, and the three values.
    pub fn headline(&self) -> String {
        match &self.issue {
            Issue::Field {
                field,
                base,
                ours,
                theirs,
            } => format!(
                "{}, {field}: base {base}, ours {ours}, theirs {theirs}; ours kept",
                self.place.label()
            ),
            Issue::Ambiguous(f) => format!("the merge leaves the plan ambiguous: {f}"),
        }
    }

    /// The YAML comment left in the file (without `# `), on one line.
    pub fn comment(&self) -> String {
        let text = match &self.issue {
            Issue::Field {
                field,
                base,
                ours,
                theirs,
            } => format!(
                "workplan merge conflict: {}, {field}: ours {ours} kept here; theirs {theirs} (base {base})",
                self.place.label()
            ),
            Issue::Ambiguous(f) => {
                format!("workplan merge conflict: the merge leaves the plan ambiguous: {f}")
            }
        };
        comment_text(&text)
    }
}

/// A YAML comment ends at a line break and holds printable characters only: a value
/// with a control character (a line break, ESC, BEL) would end the comment or make the
/// file unreadable, and was left out. Control characters are written out as a terminal
/// shows them (`\u{1b}`), and so are the two non-characters YAML refuses, so the
/// comment is written and THEIRS' value can still be read in it.
fn comment_text(s: &str) -> String {
    let line = crate::text::visible_line(s);
    if !line.contains(['\u{fffe}', '\u{ffff}']) {
        return line.into_owned();
    }
    line.chars()
        .map(|c| match c {
            '\u{fffe}' | '\u{ffff}' => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// The merged plan and what it could not settle.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
    /// Findings of the merged plan that neither side had (a topic becomes misaligned):
    /// reported even when the merge is clean.
    pub introduced: Vec<Finding>,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// Which of the three plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Base,
    Ours,
    Theirs,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Base => "BASE",
            Side::Ours => "OURS",
            Side::Theirs => "THEIRS",
        })
    }
}

/// A plan whose parts cannot be matched by identity cannot be merged by meaning.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error(
        "{side} has {what}, so its parts cannot be matched by identity; correct it (workplan check names it) and merge again"
    )]
    NotKeyed { side: Side, what: String },
}

/// Merges THEIRS' changes since BASE into OURS.
pub fn merge(base: &Plan, ours: &Plan, theirs: &Plan) -> Result<Merged, MergeError> {
    for (side, plan) in [
        (Side::Base, base),
        (Side::Ours, ours),
        (Side::Theirs, theirs),
    ] {
        keyed(plan).map_err(|what| MergeError::NotKeyed { side, what })?;
    }
    let mut pending: Vec<(Place, Issue)> = Vec::new();
    let plans = [base, ours, theirs];
    let wide = plan_wide(&mut pending, plans);
    let clusters = clusters(&mut pending, plans);
    let fixed_topics = fixed_topics(&mut pending, plans);
    let flexible_topics = flexible_topics(&mut pending, plans);
    let meetings = meetings::merge_meetings(&mut pending, plans);

    // A struct literal, not `ours.clone()` with fields overwritten: a new plan field does
    // not compile until it is merged here. The format version is OURS' (every plan this
    // build reads is version 1).
    let mut out = Plan {
        version: ours.version,
        title: wide.title,
        body: wide.body,
        alignment: Alignment {
            grace_years: wide.grace_years,
        },
        clusters,
        cross_cutting_articles: wide.cross_cutting_articles,
        article_headings: wide.article_headings,
        fixed_topics,
        flexible_topics,
        footnotes: wide.footnotes,
        meetings: meetings.merged,
        scenarios: wide.scenarios,
    };

    meetings::settle_placements(plans, &meetings.ids, &mut out, &mut pending);
    let introduced = ambiguities(&mut pending, ours, theirs, &out);
    let conflicts = explain(pending, base, ours, theirs);
    Ok(Merged {
        plan: out,
        conflicts,
        introduced,
    })
}

/// The plan-wide fields, merged.
struct PlanWide {
    title: String,
    body: Option<String>,
    grace_years: u32,
    cross_cutting_articles: Vec<crate::plan::Article>,
    article_headings: BTreeMap<crate::plan::Article, String>,
    footnotes: BTreeMap<String, String>,
    scenarios: Vec<crate::plan::Scenario>,
}

fn plan_wide(pending: &mut Vec<(Place, Issue)>, [base, ours, theirs]: [&Plan; 3]) -> PlanWide {
    let mut f = Fields {
        pending,
        place: &Place::Plan,
        base: Some(base),
        ours,
        theirs,
    };
    let title = f.merge("title", |p| &p.title, quoted);
    let body = f.merge("body", |p| &p.body, opt_quoted);
    let grace_years = f.merge("grace years", |p| &p.alignment.grace_years, u32::to_string);
    let cross_cutting_articles = f.merge(
        "cross-cutting articles",
        |p| &p.cross_cutting_articles,
        |a| articles_label(a),
    );
    let scenarios = f.merge("scenarios", |p| &p.scenarios, |s| scenarios_label(s));
    let article_headings = by_key(
        f.pending,
        "article headings",
        [base, ours, theirs].map(|p| &p.article_headings),
    );
    let footnotes = by_key(
        f.pending,
        "footnotes",
        [base, ours, theirs].map(|p| &p.footnotes),
    );
    PlanWide {
        title,
        body,
        grace_years,
        cross_cutting_articles,
        article_headings,
        footnotes,
        scenarios,
    }
}

/// A map of texts (article headings, footnotes) merged entry by entry: each key is a
/// field of its own, so one side editing footnote `a` and the other footnote `b` merge
/// cleanly, and an entry one side added, changed or removed while the other left it is
/// taken. Both sides changing one entry differently is a conflict on it (named by its
/// key); OURS' text stays.
fn by_key<K: Ord + Clone + std::fmt::Display>(
    pending: &mut Vec<(Place, Issue)>,
    name: &'static str,
    [base, ours, theirs]: [&BTreeMap<K, String>; 3],
) -> BTreeMap<K, String> {
    let keys: BTreeSet<&K> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = BTreeMap::new();
    for key in keys {
        let [b, o, t] = [base, ours, theirs].map(|m| m.get(key).cloned());
        let show = |v: &Option<String>| match v {
            Some(text) => format!("{key}: {}", cut_quoted(text)),
            None => format!("{key}: none"),
        };
        if let Some(text) = field(pending, &Place::Plan, name, Some(&b), &o, &t, show) {
            out.insert(key.clone(), text);
        }
    }
    out
}

fn clusters(pending: &mut Vec<(Place, Issue)>, [base, ours, theirs]: [&Plan; 3]) -> Vec<Cluster> {
    list(
        pending,
        [&base.clusters, &ours.clusters, &theirs.clusters],
        |c| c.id.clone(),
        Place::Cluster,
        |f| Cluster {
            id: f.ours.id.clone(),
            name: f.merge("name", |x| &x.name, opt_quoted),
            review: f.merge(
                "review window",
                |x| &x.review,
                |w| format!("{}-{}", w.start, w.end),
            ),
            articles: f.merge("articles", |x| &x.articles, |a| articles_label(a)),
        },
    )
}

fn fixed_topics(
    pending: &mut Vec<(Place, Issue)>,
    [base, ours, theirs]: [&Plan; 3],
) -> Vec<FixedTopic> {
    list(
        pending,
        [&base.fixed_topics, &ours.fixed_topics, &theirs.fixed_topics],
        |t| t.id.clone(),
        Place::FixedTopic,
        |f| FixedTopic {
            id: f.ours.id.clone(),
            title: f.merge("title", |x| &x.title, quoted),
            label: f.merge("label", |x| &x.label, opt_quoted),
            articles: f.merge("articles", |x| &x.articles, |a| articles_label(a)),
            introduction: f.merge("introduction", |x| &x.introduction, opt_quoted),
            questions: f.merge("questions", |x| &x.questions, words_of("question")),
        },
    )
}

fn flexible_topics(
    pending: &mut Vec<(Place, Issue)>,
    [base, ours, theirs]: [&Plan; 3],
) -> Vec<FlexibleTopic> {
    list(
        pending,
        [
            &base.flexible_topics,
            &ours.flexible_topics,
            &theirs.flexible_topics,
        ],
        |t| t.id.clone(),
        Place::FlexibleTopic,
        |f| FlexibleTopic {
            id: f.ours.id.clone(),
            title: f.merge("title", |x| &x.title, quoted),
            source: f.merge("source", |x| &x.source, |s| format!("{s:?}").to_lowercase()),
            related_articles: f.merge(
                "related articles",
                |x| &x.related_articles,
                |a| articles_label(a),
            ),
            recurring: f.merge("recurring", |x| &x.recurring, bool::to_string),
        },
    )
}

/// Errors of the merged plan that neither side had are ambiguities (the plan no longer
/// says one thing), pushed as conflicts; the other findings neither side had are
/// returned, to be reported.
fn ambiguities(
    pending: &mut Vec<(Place, Issue)>,
    ours: &Plan,
    theirs: &Plan,
    out: &Plan,
) -> Vec<Finding> {
    let key = |f: &Finding| (f.code, f.meeting, f.topic.clone(), f.cluster.clone());
    let before: HashSet<_> = check::check(ours)
        .iter()
        .chain(&check::check(theirs))
        .map(key)
        .collect();
    let mut introduced = Vec::new();
    for f in check::check(out) {
        if before.contains(&key(&f)) {
            continue;
        }
        if f.severity == Severity::Error && is_ambiguity(f.code) {
            let place = f
                .meeting
                .map(Place::Meeting)
                .or_else(|| f.topic.clone().map(Place::FixedTopic))
                .unwrap_or(Place::Plan);
            pending.push((place, Issue::Ambiguous(f)));
        } else {
            introduced.push(f);
        }
    }

    introduced
}

/// Each pending conflict with the changes of each side that bear on it, in the words
/// of the amendment.
fn explain(pending: Vec<(Place, Issue)>, base: &Plan, ours: &Plan, theirs: &Plan) -> Vec<Conflict> {
    if pending.is_empty() {
        return Vec::new();
    }
    let (to_ours, to_theirs) = (diff::diff(base, ours), diff::diff(base, theirs));
    pending
        .into_iter()
        .map(|(place, issue)| {
            let says = |side: &diff::Amendment| {
                (side.changes.iter())
                    .filter(|c| concerns(c, &place, &issue))
                    .map(|c| side.describe(c))
                    .collect()
            };
            Conflict {
                ours_says: says(&to_ours),
                theirs_says: says(&to_theirs),
                place,
                issue,
            }
        })
        .collect()
}

fn is_ambiguity(code: Code) -> bool {
    matches!(
        code,
        Code::DuplicateId | Code::DuplicateMeeting | Code::UnknownTopic | Code::FixedTopicRepeated
    )
}

/// Every list's items have distinct identities (meeting numbers, topic and cluster ids).
fn keyed(plan: &Plan) -> Result<(), String> {
    fn dup<K: Eq + Hash + Copy>(keys: impl Iterator<Item = K>) -> Option<K> {
        let mut seen = HashSet::new();
        keys.into_iter().find(|k| !seen.insert(*k))
    }
    if let Some(n) = dup(plan.meetings.iter().map(|m| m.number)) {
        return Err(format!("two meetings numbered {n}"));
    }
    if let Some(id) = dup(plan.fixed_topics.iter().map(|t| &t.id)) {
        return Err(format!("two fixed topics with id {id}"));
    }
    if let Some(id) = dup(plan.flexible_topics.iter().map(|t| &t.id)) {
        return Err(format!("two flexible topics with id {id}"));
    }
    if let Some(id) = dup(plan.clusters.iter().map(|c| &c.id)) {
        return Err(format!("two clusters with id {id}"));
    }
    Ok(())
}

fn quoted(s: &String) -> String {
    format!("\"{s}\"")
}

fn opt_quoted(s: &Option<String>) -> String {
    s.as_ref().map_or_else(|| "none".to_owned(), quoted)
}

/// Items of a list a conflict quotes in full; past them, "and N more".
const LISTED_ITEMS: usize = 12;
/// Characters of one item a conflict quotes; past them, "…".
const LISTED_CHARS: usize = 240;

/// A list of texts (a topic's questions, a meeting's agenda on record) as a conflict
/// shows it: the count and each item's words, so the person resolving it reads both
/// sides' wording, not only how many there are. Bounded (the first items, each cut
/// short): a huge list cannot flood the report or the comment line.
/// `"text"`, cut after [`LISTED_CHARS`] characters ("…"): one text as a conflict
/// quotes it, bounded.
fn cut_quoted(text: &str) -> String {
    let mut cut: String = text.chars().take(LISTED_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    format!("\"{cut}\"")
}

fn words_of<T: std::fmt::Display>(word: &'static str) -> impl Fn(&Vec<T>) -> String {
    move |items| {
        let count = match items.len() {
            0 => return format!("no {word}s"),
            1 => format!("1 {word}"),
            n => format!("{n} {word}s"),
        };
        let mut shown: Vec<String> = items
            .iter()
            .take(LISTED_ITEMS)
            .map(|item| cut_quoted(&item.to_string()))
            .collect();
        if items.len() > LISTED_ITEMS {
            shown.push(format!("and {} more", items.len() - LISTED_ITEMS));
        }
        format!("{count} ({})", shown.join("; "))
    }
}

/// One field, three ways: a side that kept BASE's value takes the other's; both
/// changing it differently is a conflict, and OURS' value stays. `base` is `None` for
/// an item both sides added.
/// The plan's named what-if scenarios, as a conflict line shows them: `C2 +2 (name)`.
fn scenarios_label(scenarios: &[crate::plan::Scenario]) -> String {
    if scenarios.is_empty() {
        return "none".to_owned();
    }
    scenarios
        .iter()
        .map(|s| {
            let delays: Vec<String> = s.delays.iter().map(|(c, y)| format!("{c} {y:+}")).collect();
            format!("{:?} ({})", s.name, delays.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn field<T: PartialEq + Clone>(
    pending: &mut Vec<(Place, Issue)>,
    place: &Place,
    name: &'static str,
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    show: impl Fn(&T) -> String,
) -> T {
    if ours == theirs || base == Some(theirs) {
        return ours.clone();
    }
    if base == Some(ours) {
        return theirs.clone();
    }
    pending.push((
        place.clone(),
        Issue::Field {
            field: name,
            base: base.map_or_else(|| "absent (both added it)".to_owned(), &show),
            ours: show(ours),
            theirs: show(theirs),
        },
    ));
    ours.clone()
}

/// One item (the plan, a cluster, a topic, a meeting) merged field by field: its three
/// versions (BASE's `None` for an item both sides added) and where conflicts go.
struct Fields<'a, T> {
    pending: &'a mut Vec<(Place, Issue)>,
    place: &'a Place,
    base: Option<&'a T>,
    ours: &'a T,
    theirs: &'a T,
}

impl<T> Fields<'_, T> {
    /// The field `get` reads, merged three ways ([`field`]), named `name` and shown by
    /// `show` in a conflict.
    fn merge<V: PartialEq + Clone>(
        &mut self,
        name: &'static str,
        get: impl Fn(&T) -> &V,
        show: impl Fn(&V) -> String,
    ) -> V {
        let base = self.base.map(&get);
        field(
            self.pending,
            self.place,
            name,
            base,
            get(self.ours),
            get(self.theirs),
            show,
        )
    }
}

/// Merges a list whose items have identities: OURS' order, THEIRS' additions placed
/// after the item that precedes them in THEIRS (past OURS' own additions there).
fn list<T: Clone + PartialEq, K: Eq + Hash + Clone>(
    pending: &mut Vec<(Place, Issue)>,
    [base, ours, theirs]: [&[T]; 3],
    key: impl Fn(&T) -> K,
    place_of: impl Fn(K) -> Place,
    merge_item: impl Fn(&mut Fields<'_, T>) -> T,
) -> Vec<T> {
    let index = |items: &[T]| -> HashMap<K, usize> {
        items.iter().enumerate().map(|(i, t)| (key(t), i)).collect()
    };
    let (in_base, in_ours, in_theirs) = (index(base), index(ours), index(theirs));
    let removed_changed = |ours_side: bool| Issue::Field {
        field: WHOLE_ITEM,
        base: "present".into(),
        ours: if ours_side { "changed" } else { "removed" }.into(),
        theirs: if ours_side { "removed" } else { "changed" }.into(),
    };
    let mut kept: Vec<T> = Vec::with_capacity(ours.len());
    for o in ours {
        let k = key(o);
        let b = in_base.get(&k).map(|&i| &base[i]);
        match (b, in_theirs.get(&k)) {
            (_, Some(&t)) => {
                let place = place_of(k.clone());
                kept.push(merge_item(&mut Fields {
                    pending,
                    place: &place,
                    base: b,
                    ours: o,
                    theirs: &theirs[t],
                }));
            }
            (None, None) => kept.push(o.clone()),
            (Some(b), None) if b == o => {}
            (Some(_), None) => {
                pending.push((place_of(k.clone()), removed_changed(true)));
                kept.push(o.clone());
            }
        }
    }
    // THEIRS' additions, grouped under the nearest earlier item of THEIRS that OURS
    // kept (`None`: before everything).
    let kept_keys: HashSet<K> = kept.iter().map(&key).collect();
    let mut groups: HashMap<Option<K>, Vec<T>> = HashMap::new();
    let mut anchor: Option<K> = None;
    for t in theirs {
        let k = key(t);
        if kept_keys.contains(&k) {
            anchor = Some(k);
            continue;
        }
        if in_ours.contains_key(&k) {
            continue;
        }
        match in_base.get(&k) {
            None => groups.entry(anchor.clone()).or_default().push(t.clone()),
            Some(&b) if base[b] == *t => {}
            Some(_) => pending.push((place_of(k), removed_changed(false))),
        }
    }
    let mut out = Vec::with_capacity(kept.len() + groups.values().map(Vec::len).sum::<usize>());
    let mut waiting = groups.remove(&None).unwrap_or_default();
    for item in kept {
        let k = key(&item);
        let ours_addition = !in_base.contains_key(&k) && !in_theirs.contains_key(&k);
        if !ours_addition {
            out.append(&mut waiting);
        }
        let group = groups.remove(&Some(k));
        out.push(item);
        if let Some(mut g) = group {
            waiting.append(&mut g);
        }
    }
    out.append(&mut waiting);
    out
}

fn merge_meeting(f: &mut Fields<'_, Meeting>) -> Meeting {
    let when = |m: &Meeting| (m.year, m.start, m.end);
    let (year, start, end) = field(
        f.pending,
        f.place,
        "dates",
        f.base.map(when).as_ref(),
        &when(f.ours),
        &when(f.theirs),
        |(y, s, e)| dates_label(*y, *s, *e),
    );
    let topic = |t: &Option<TopicId>| t.as_ref().map_or_else(|| "none".into(), |t| t.to_string());
    Meeting {
        // A side that renumbered the meetings (`meetings::identify` matched them across
        // it) gives the meeting its new number; both renumbering it differently is a
        // conflict.
        number: f.merge("number", |x| &x.number, |n| n.to_string()),
        year,
        start,
        end,
        venue: f.merge("venue", |x| &x.venue, opt_quoted),
        status: f.merge("status", |x| &x.status, |s| s.to_string()),
        fixed: f.merge(FIXED, |x| &x.fixed, topic),
        flexible: f.merge(FLEXIBLE, |x| &x.flexible, topic),
        flexible_text: f.merge("flexible text", |x| &x.flexible_text, opt_quoted),
        agenda: f.merge("agenda on record", |x| &x.agenda, words_of("item")),
        note: f.merge("note", |x| &x.note, opt_quoted),
    }
}

const FIXED: &str = "agenda item 3 (fixed topic)";
const PLACEMENT: &str = "meetings";
const FLEXIBLE: &str = "agenda item 2 (flexible topic)";
/// The field of a conflict where one side removed an item the other changed.
const WHOLE_ITEM: &str = "the whole item";

/// The amendment's changes that bear on one conflict. Every kind of change is named (no
/// `_`): a new kind must say which conflicts it bears on, or the compiler stops here.
fn concerns(change: &Change, place: &Place, issue: &Issue) -> bool {
    let field = match issue {
        Issue::Field { field, .. } => *field,
        Issue::Ambiguous(finding) => return bears_on_finding(change, finding),
    };
    // A conflict over "the whole item" (one side removed it, the other changed it) is
    // concerned by a change to any of its fields.
    let whole = field == WHOLE_ITEM;
    let plan = |name: &str| matches!(place, Place::Plan) && field == name;
    let cluster = |id: &ClusterId| matches!(place, Place::Cluster(c) if c == id);
    let topic =
        |id: &TopicId| matches!(place, Place::FixedTopic(t) | Place::FlexibleTopic(t) if t == id);
    let meeting = |n: MeetingNumber| matches!(place, Place::Meeting(m) if *m == n);
    let named = |name: &str| whole || field == name;
    match change {
        Change::TitleChanged { .. } => plan("title"),
        Change::BodyChanged { .. } => plan("body"),
        Change::PlanDetailsChanged { fields } => fields.iter().any(|f| plan(f)),
        Change::GraceYearsChanged { .. } => plan("grace years"),
        Change::CrossCuttingChanged { .. } => plan("cross-cutting articles"),
        Change::ScenarioChanged { .. } => plan("scenarios"),
        // Files read by this build are all version 1: no merge conflict names the version.
        Change::VersionChanged { .. } => false,
        Change::ClusterRenamed { cluster: id, .. } => cluster(id) && named("name"),
        Change::ClusterWindowChanged { cluster: id, .. } => cluster(id) && named("review window"),
        Change::ClusterArticlesChanged { cluster: id, .. } => cluster(id) && named("articles"),
        Change::ClusterAdded { cluster: id, .. } | Change::ClusterRemoved { cluster: id, .. } => {
            cluster(id)
        }
        Change::TopicRetitled { topic: id, .. } => topic(id) && named("title"),
        Change::TopicArticlesChanged { topic: id, .. } => topic(id) && named("articles"),
        Change::TopicDetailsChanged {
            topic: id, fields, ..
        } => {
            topic(id)
                && (whole
                    || fields
                        .iter()
                        .any(|f| f.replace('_', " ") == field || f == field))
        }
        Change::TopicAdded { topic: t, .. } | Change::TopicRemoved { topic: t, .. } => topic(&t.id),
        // A move bears on the topic's placement and on the fixed topic of every meeting
        // it leaves or joins.
        Change::FixedMoved { topic: t, from, to } => {
            (topic(&t.id) && field == PLACEMENT)
                || (named(FIXED) && from.iter().chain(to).any(|s| meeting(s.meeting)))
        }
        Change::FlexibleAssigned { meeting: n, .. }
        | Change::FlexibleChanged { meeting: n, .. }
        | Change::FlexibleRemoved { meeting: n, .. } => meeting(*n) && named(FLEXIBLE),
        Change::MeetingRedated { meeting: n, .. } => meeting(*n) && named("dates"),
        Change::MeetingRestatused { meeting: n, .. } => meeting(*n) && named("status"),
        Change::VenueChanged { meeting: n, .. } => meeting(*n) && named("venue"),
        Change::NoteChanged { meeting: n, .. } => meeting(*n) && named("note"),
        Change::FlexibleTextChanged { meeting: n, .. } => meeting(*n) && named("flexible text"),
        Change::AgendaChanged { meeting: n, .. } => meeting(*n) && named("agenda on record"),
        Change::MeetingAdded { meeting: n, .. } | Change::MeetingRemoved { meeting: n, .. } => {
            meeting(*n)
        }
    }
}

/// Whether `change` bears on an error of the merged plan that neither side had: it
/// moves, adds or removes the finding's topic, or sets a topic at the finding's meeting.
/// Every kind of change is named, as in [`concerns`].
fn bears_on_finding(change: &Change, finding: &Finding) -> bool {
    let topic = |id: &TopicId| finding.topic.as_ref() == Some(id);
    let meeting = |n: MeetingNumber| finding.meeting == Some(n);
    match change {
        Change::FixedMoved { topic: t, from, to } => {
            topic(&t.id) || from.iter().chain(to).any(|s| meeting(s.meeting))
        }
        Change::TopicAdded { topic: t, .. } | Change::TopicRemoved { topic: t, .. } => topic(&t.id),
        Change::FlexibleAssigned {
            topic: t,
            meeting: n,
            ..
        }
        | Change::FlexibleRemoved {
            topic: t,
            meeting: n,
            ..
        } => topic(&t.id) || meeting(*n),
        Change::FlexibleChanged {
            from,
            to,
            meeting: n,
            ..
        } => topic(&from.id) || topic(&to.id) || meeting(*n),
        // The ambiguities (`is_ambiguity`) are about topic ids and the topics meetings
        // hold. A meeting added or removed lists its topics as changes of their own
        // (above); these changes hold no topic.
        Change::MeetingAdded { .. }
        | Change::MeetingRemoved { .. }
        | Change::MeetingRedated { .. }
        | Change::MeetingRestatused { .. }
        | Change::VenueChanged { .. }
        | Change::NoteChanged { .. }
        | Change::FlexibleTextChanged { .. }
        | Change::AgendaChanged { .. }
        | Change::ClusterAdded { .. }
        | Change::ClusterRemoved { .. }
        | Change::ClusterWindowChanged { .. }
        | Change::ClusterArticlesChanged { .. }
        | Change::ClusterRenamed { .. }
        | Change::TopicRetitled { .. }
        | Change::TopicArticlesChanged { .. }
        | Change::TopicDetailsChanged { .. }
        | Change::CrossCuttingChanged { .. }
        | Change::GraceYearsChanged { .. }
        | Change::TitleChanged { .. }
        | Change::BodyChanged { .. }
        | Change::PlanDetailsChanged { .. }
        | Change::ScenarioChanged { .. }
        | Change::VersionChanged { .. } => false,
    }
}

/// Findings of the merged plan in the `PLAN:LINE: severity[code]: message` form of
/// `workplan check`, located in the merged text.
pub fn locate_introduced(merged: &Merged, text: &str) -> Vec<Finding> {
    let mut findings = merged.introduced.clone();
    if let Ok(loaded) = crate::plan::parse(text) {
        // The text reads back as the merged plan, so positions in its lists agree.
        check::locate(&mut findings, &loaded.source);
    }
    findings
}
