//! The amendment in the Bureau's words: one sentence per change, the meetings named as
//! the Secretariat's background paper of 9 February 2022 names them ("the tenth meeting
//! (2023)"), the fixed topics by the annex's heading ("Topic 1: articles 3 (Use of terms)
//! and 4 (Scope of application)"), ranges with en dashes. The JSON amendment keeps its
//! own fields; these sentences are for people (text, Markdown, Word, merge conflicts).

use std::collections::{BTreeMap, BTreeSet};

use super::{AgendaRow, Change, Item, Slot, TopicRef, When, dates_label};
use crate::plan::annex::ordinal_words;
use crate::plan::{Article, ClusterId, MeetingNumber, Plan, ReviewWindow, TopicId};
use crate::textfmt::capitalized;

/// One version of the plan as the sentences name it: its title, the name it was given
/// on the command line, and the wording of the topics and clusters the changes concern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    pub title: String,
    /// The file name or git revision the version was read from, where the caller says.
    pub name: Option<String>,
    /// The annex's heading of each fixed topic a change concerns.
    headings: BTreeMap<TopicId, String>,
    /// Cluster names by id.
    clusters: BTreeMap<ClusterId, String>,
    article_headings: BTreeMap<Article, String>,
}

impl Version {
    /// The wording of `plan` for the fixed topics in `topics` (only those: a heading is
    /// numbered by the topic's place, found by a scan of the list).
    fn of(plan: &Plan, topics: &BTreeSet<&TopicId>) -> Self {
        let mut headings = BTreeMap::new();
        for t in &plan.fixed_topics {
            if topics.contains(&t.id)
                && !headings.contains_key(&t.id)
                && let Some(h) = plan.topic_heading(t)
            {
                headings.insert(t.id.clone(), h);
            }
        }
        Self {
            title: plan.title.clone(),
            name: None,
            headings,
            clusters: (plan.clusters.iter())
                .filter_map(|c| Some((c.id.clone(), c.name.clone()?)))
                .collect(),
            article_headings: plan.article_headings.clone(),
        }
    }
}

/// What the sentences read from the two plans compared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wording {
    pub old: Version,
    pub new: Version,
}

impl Wording {
    pub(super) fn new(old: &Plan, new: &Plan, changes: &[Change], rows: &[AgendaRow]) -> Self {
        let mut topics: BTreeSet<&TopicId> = changes.iter().filter_map(fixed_topic_of).collect();
        for r in rows {
            topics.extend(
                [&r.old_fixed, &r.new_fixed]
                    .into_iter()
                    .flatten()
                    .map(|t| &t.id),
            );
        }
        Self {
            old: Version::of(old, &topics),
            new: Version::of(new, &topics),
        }
    }

    /// "Topic 4: article 12 (Information)" as the new plan heads it (else the old);
    /// "topic T9 (“Title”)" for a topic neither plan heads.
    pub(crate) fn fixed(&self, t: &TopicRef) -> String {
        self.heading(&t.id)
            .map_or_else(|| unheaded(t), str::to_owned)
    }

    fn heading(&self, id: &TopicId) -> Option<&str> {
        (self.new.headings.get(id))
            .or_else(|| self.old.headings.get(id))
            .map(String::as_str)
    }

    /// "Topic 4", the heading's part before its label.
    fn topic_number(&self, id: &TopicId) -> String {
        match self.heading(id).and_then(|h| h.split_once(": ")) {
            Some((number, _)) => number.to_owned(),
            None => format!("topic {id}"),
        }
    }

    /// "cluster C2 (prevention)", "cluster C3".
    fn cluster(&self, id: &ClusterId) -> String {
        let name = (self.new.clusters.get(id)).or_else(|| self.old.clusters.get(id));
        match name {
            Some(name) => format!("cluster {id} ({})", lowered(name)),
            None => format!("cluster {id}"),
        }
    }

    /// "articles 3 (Use of terms) and 4 (Scope of application)", with the new plan's
    /// headings of the articles.
    fn articles(&self, articles: &[Article]) -> String {
        let mut plan = Plan::empty("");
        plan.article_headings = self.new.article_headings.clone();
        plan.articles_phrase(articles)
    }

    /// The versions compared, for the line at the top of each amendment for people:
    /// "Multi-year workplan …, a.yaml as adopted and b.yaml as proposed".
    pub(crate) fn versions(&self) -> String {
        let (o, n) = (&self.old, &self.new);
        if o.title == n.title {
            let name = |v: &Version| v.name.clone().unwrap_or_else(|| "the plan".into());
            format!(
                "{}, {} as adopted and {} as proposed",
                o.title,
                name(o),
                name(n)
            )
        } else {
            let named = |v: &Version| match (v.title.is_empty(), &v.name) {
                (false, Some(name)) => format!("“{}” ({name})", v.title),
                (false, None) => format!("“{}”", v.title),
                // The missing side of a plan added or deleted under git.
                (true, Some(name)) => name.clone(),
                (true, None) => "an untitled plan".to_owned(),
            };
            format!("{} as adopted and {} as proposed", named(o), named(n))
        }
    }
}

/// The fixed topic a change concerns, if any.
fn fixed_topic_of(c: &Change) -> Option<&TopicId> {
    match c {
        Change::FixedMoved { topic, .. } => Some(&topic.id),
        Change::TopicAdded { item, topic } | Change::TopicRemoved { item, topic } => {
            (*item == Item::Fixed).then_some(&topic.id)
        }
        Change::TopicRetitled { item, topic, .. }
        | Change::TopicDetailsChanged { item, topic, .. } => {
            (*item == Item::Fixed).then_some(topic)
        }
        Change::TopicArticlesChanged { topic, .. } => Some(topic),
        _ => None,
    }
}

fn unheaded(t: &TopicRef) -> String {
    match &t.title {
        Some(title) => format!("topic {} (“{title}”)", t.id),
        None => format!("topic {} (not defined in the plan)", t.id),
    }
}

/// "flexible topic F11, “Title”".
fn flexible(t: &TopicRef) -> String {
    match &t.title {
        Some(title) => format!("flexible topic {}, “{title}”", t.id),
        None => format!("flexible topic {} (not defined in the plan)", t.id),
    }
}

/// A flexible topic followed by more of the sentence: its title set off by commas.
fn flexible_set_off(t: &TopicRef) -> String {
    match &t.title {
        Some(_) => format!("{},", flexible(t)),
        None => flexible(t),
    }
}

/// A name inside a sentence: "Prevention" reads "prevention"; "UNODC …" stays.
fn lowered(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_owned(),
    }
}

/// "the tenth meeting (2023)".
fn meeting(n: MeetingNumber, year: i32) -> String {
    format!("the {} meeting ({year})", ordinal_words(n))
}

fn slots(s: &[Slot]) -> String {
    let parts: Vec<String> = s.iter().map(|s| meeting(s.meeting, s.year)).collect();
    and_list(&parts)
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "2027–2030".
fn window(w: ReviewWindow) -> String {
    format!("{}–{}", w.start, w.end)
}

/// " (previously X)", or "; previously X" where X has brackets of its own.
fn previously(x: &str) -> String {
    if x.contains('(') {
        format!("; previously {x}")
    } else {
        format!(" (previously {x})")
    }
}

fn quoted(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| format!("“{s}”"))
}

/// The sentence for one change, ended by a full stop.
pub(crate) fn describe_in(w: &Wording, change: &Change) -> String {
    let s = match change {
        Change::FixedMoved { .. }
        | Change::FlexibleAssigned { .. }
        | Change::FlexibleChanged { .. }
        | Change::FlexibleRemoved { .. } => agenda(w, change),
        Change::MeetingAdded { .. }
        | Change::MeetingRemoved { .. }
        | Change::MeetingRedated { .. }
        | Change::MeetingRestatused { .. } => meeting_change(change),
        Change::VenueChanged { .. }
        | Change::NoteChanged { .. }
        | Change::AgendaChanged { .. }
        | Change::FlexibleTextChanged { .. } => record(change),
        Change::ClusterAdded { .. }
        | Change::ClusterRemoved { .. }
        | Change::ClusterWindowChanged { .. }
        | Change::ClusterArticlesChanged { .. }
        | Change::ClusterRenamed { .. }
        | Change::CrossCuttingChanged { .. }
        | Change::GraceYearsChanged { .. } => review(w, change),
        Change::TopicAdded { .. }
        | Change::TopicRemoved { .. }
        | Change::TopicRetitled { .. }
        | Change::TopicArticlesChanged { .. }
        | Change::TopicDetailsChanged { .. } => topic(w, change),
        Change::PlanDetailsChanged { .. }
        | Change::TitleChanged { .. }
        | Change::BodyChanged { .. }
        | Change::ScenarioChanged { .. }
        | Change::VersionChanged { .. } => plan_wide(change),
    };
    // Each family words every change `match` above routes to it.
    let s = capitalized(&s.unwrap_or_default());
    // A quotation that ends the sentence with its own full stop ends it: no second one.
    if s.ends_with('.') || s.ends_with(".”") {
        s
    } else {
        format!("{s}.")
    }
}

/// The agenda items: fixed topics moved, flexible topics chosen.
fn agenda(w: &Wording, change: &Change) -> Option<String> {
    Some(match change {
        Change::FixedMoved { topic, from, to } => match (from.is_empty(), to.is_empty()) {
            (true, _) => format!("{} is scheduled for {}", w.fixed(topic), slots(to)),
            (_, true) => format!(
                "{} is taken off {} and is no longer scheduled",
                w.fixed(topic),
                slots(from)
            ),
            _ => format!(
                "{} moves from {} to {}",
                w.fixed(topic),
                slots(from),
                slots(to)
            ),
        },
        Change::FlexibleAssigned {
            meeting: n,
            year,
            topic,
        } => format!(
            "at {}, agenda item 2 will take up {}",
            meeting(*n, *year),
            flexible(topic)
        ),
        Change::FlexibleChanged {
            meeting: n,
            year,
            from,
            to,
        } => format!(
            "at {}, agenda item 2 will take up {} instead of {}",
            meeting(*n, *year),
            flexible_set_off(to),
            flexible(from)
        ),
        Change::FlexibleRemoved {
            meeting: n,
            year,
            topic,
        } => format!(
            "at {}, agenda item 2 no longer takes up {}",
            meeting(*n, *year),
            flexible(topic)
        ),
        _ => return None,
    })
}

/// Meetings added, removed, re-dated or given another status.
fn meeting_change(change: &Change) -> Option<String> {
    Some(match change {
        Change::MeetingAdded { meeting: n, year } => {
            format!("{} is added to the workplan", meeting(*n, *year))
        }
        Change::MeetingRemoved { meeting: n, year } => {
            format!("{} is removed from the workplan", meeting(*n, *year))
        }
        Change::MeetingRedated {
            meeting: n,
            from,
            to,
        } => redated(*n, from, to),
        Change::MeetingRestatused {
            meeting: n,
            year,
            from,
            to,
        } => {
            use crate::plan::Status;
            let what = match to {
                Status::Planned => "is planned".to_owned(),
                Status::Postponed => "is postponed".to_owned(),
                Status::Cancelled => "is cancelled".to_owned(),
                Status::Held => "is recorded as held".to_owned(),
            };
            let was = match from {
                Status::Planned => "planned",
                Status::Postponed => "postponed",
                Status::Cancelled => "cancelled",
                Status::Held => "recorded as held",
            };
            format!("{} {what}{}", meeting(*n, *year), previously(was))
        }
        _ => return None,
    })
}

fn redated(n: MeetingNumber, from: &When, to: &When) -> String {
    let words = ordinal_words(n);
    let label = |w: &When| dates_label(w.year, w.start, w.end);
    // "re-dated from 2025, no dates set to ..." reads badly: a meeting that had only its
    // year is given dates, one that loses its dates has them withdrawn.
    match (from.start.is_some(), to.start.is_some()) {
        (false, true) if from.year == to.year => {
            format!("the {words} meeting ({}) will be held {}", to.year, on(to))
        }
        (false, true) => format!(
            "the {words} meeting will be held {}{}",
            on(to),
            previously(&format!("planned for {}", from.year))
        ),
        (true, false) if from.year == to.year => format!(
            "the dates of the {words} meeting ({}) are withdrawn{}",
            to.year,
            previously(&label(from))
        ),
        (true, false) => format!(
            "the {words} meeting is now planned for {}, its dates not yet set{}",
            to.year,
            previously(&label(from))
        ),
        (false, false) if from.year != to.year => format!(
            "the {words} meeting is now planned for {}{}",
            to.year,
            previously(&from.year.to_string())
        ),
        _ => format!(
            "the {words} meeting will be held {}{}",
            on(to),
            previously(&label(from))
        ),
    }
}

/// "on 4 and 5 November 2025", "from 8 to 10 May 2017", "from 1 June 2027".
fn on(w: &When) -> String {
    let label = dates_label(w.year, w.start, w.end);
    if label.starts_with("from ") {
        label
    } else if label.contains(" to ") {
        format!("from {label}")
    } else {
        format!("on {label}")
    }
}

/// What the record of a meeting says: venue, note, agenda items, agenda item 2's text.
fn record(change: &Change) -> Option<String> {
    Some(match change {
        Change::VenueChanged {
            meeting: n,
            year,
            from,
            to,
        } => match (to, from) {
            (Some(to), None) => format!("{} will be held in {to}", meeting(*n, *year)),
            (Some(to), Some(from)) => format!(
                "{} will be held in {to}{}",
                meeting(*n, *year),
                previously(from)
            ),
            (None, from) => format!(
                "the venue of {} is no longer set{}",
                meeting(*n, *year),
                from.as_deref().map(previously).unwrap_or_default()
            ),
        },
        Change::NoteChanged {
            meeting: n,
            year,
            to,
            ..
        } => match quoted(to) {
            Some(note) => format!("the note on {} now reads {note}", meeting(*n, *year)),
            None => format!("the note on {} is removed", meeting(*n, *year)),
        },
        Change::FlexibleTextChanged {
            meeting: n,
            year,
            to,
            ..
        } => match to {
            Some(text) => format!(
                "for {}, agenda item 2 now reads “{}”",
                meeting(*n, *year),
                text.lines().collect::<Vec<_>>().join("”, or “")
            ),
            None => format!(
                "for {}, the text of agenda item 2 is removed",
                meeting(*n, *year)
            ),
        },
        Change::AgendaChanged {
            meeting: n,
            year,
            from,
            to,
        } => agenda_on_record(*n, *year, from, to),
        _ => return None,
    })
}

fn agenda_on_record(n: MeetingNumber, year: i32, from: &[String], to: &[String]) -> String {
    let was = previously(&from.len().to_string());
    if to.is_empty() {
        return format!(
            "the agenda items on record for {} are removed{was}",
            meeting(n, year)
        );
    }
    let items: Vec<String> = to.iter().map(|a| format!("“{a}”")).collect();
    format!(
        "the agenda of {} on record now has {} item{}{was}: {}",
        meeting(n, year),
        to.len(),
        if to.len() == 1 { "" } else { "s" },
        items.join("; ")
    )
}

/// The review clusters and the alignment with them.
fn review(w: &Wording, change: &Change) -> Option<String> {
    Some(match change {
        Change::ClusterAdded { cluster, review } => format!(
            "{} is added, its review expected from {} to {}",
            w.cluster(cluster),
            review.start,
            review.end
        ),
        Change::ClusterRemoved { cluster, review } => format!(
            "{} is removed (its review was expected in {})",
            w.cluster(cluster),
            window(*review)
        ),
        Change::ClusterWindowChanged { cluster, from, to } => format!(
            "the review of {} is now expected from {} to {} (previously {})",
            w.cluster(cluster),
            to.start,
            to.end,
            window(*from)
        ),
        Change::ClusterArticlesChanged { cluster, from, to } => format!(
            "{} now reviews {}{}",
            w.cluster(cluster),
            w.articles(to),
            previously(&w.articles(from))
        ),
        Change::ClusterRenamed { cluster, from, to } => renamed(
            (from, to),
            &format!("cluster {cluster} is now named"),
            &format!("cluster {cluster} is no longer named"),
            "unnamed",
        ),
        Change::CrossCuttingChanged { from, to } if to.is_empty() => format!(
            "no article is now reviewed in every cluster (cross-cutting){}",
            previously(&w.articles(from))
        ),
        Change::CrossCuttingChanged { from, to } => format!(
            "the articles reviewed in every cluster (cross-cutting) are now {}{}",
            w.articles(to),
            previously(&w.articles(from))
        ),
        Change::GraceYearsChanged { from, to } => format!(
            "a fixed topic may now follow its cluster's review by {}{}",
            years(*to),
            previously(&years(*from))
        ),
        _ => return None,
    })
}

/// "NOW “B” (previously “A”)", "GONE (previously “A”)": a name given, changed or
/// taken away; `unnamed` is what was where there was none.
fn renamed(
    (from, to): (&Option<String>, &Option<String>),
    now: &str,
    gone: &str,
    unnamed: &str,
) -> String {
    match (quoted(to), quoted(from)) {
        (Some(to), from) => format!(
            "{now} {to}{}",
            previously(&from.unwrap_or_else(|| unnamed.into()))
        ),
        (None, from) => format!("{gone}{}", previously(&from.unwrap_or_default())),
    }
}

fn years(n: u32) -> String {
    format!("{n} year{}", if n == 1 { "" } else { "s" })
}

/// The topics of agenda items 3 (fixed) and 2 (flexible).
fn topic(w: &Wording, change: &Change) -> Option<String> {
    // The subject of the sentence: a flexible topic's title is set off by commas.
    let named = |item: &Item, t: &TopicRef| match item {
        Item::Fixed => w.fixed(t),
        Item::Flexible => flexible_set_off(t),
    };
    let list = |item: &Item| match item {
        Item::Fixed => "the fixed topics (agenda item 3)",
        Item::Flexible => "the list of flexible topics (agenda item 2)",
    };
    Some(match change {
        Change::TopicAdded { item, topic } => {
            format!("{} is added to {}", named(item, topic), list(item))
        }
        Change::TopicRemoved { item, topic } => {
            format!("{} is removed from {}", named(item, topic), list(item))
        }
        Change::TopicRetitled {
            item,
            topic,
            from,
            to,
        } => {
            let which = match item {
                Item::Fixed => format!("{} ({topic})", w.topic_number(topic)),
                Item::Flexible => format!("flexible topic {topic}"),
            };
            format!("the title of {which} now reads “{to}” (previously “{from}”)")
        }
        Change::TopicArticlesChanged { topic, from, to } => format!(
            "{} now covers {}{}",
            w.topic_number(topic),
            w.articles(to),
            previously(&w.articles(from))
        ),
        Change::TopicDetailsChanged {
            item,
            topic,
            fields,
        } => {
            let which = match item {
                Item::Fixed => w.topic_number(topic),
                Item::Flexible => format!("flexible topic {topic}"),
            };
            format!("{} of {which} {}", fields_phrase(fields), verb(fields))
        }
        _ => return None,
    })
}

/// "The label, introduction and issues for discussion": the fields of a topic or of the
/// plan in words.
fn fields_phrase(fields: &[String]) -> String {
    let words: Vec<String> = (fields.iter())
        .map(|f| {
            match f.as_str() {
                "questions" => "issues for discussion",
                "related_articles" => "related articles",
                "recurring" => "recurrence",
                other => other,
            }
            .to_owned()
        })
        .collect();
    format!("the {}", and_list(&words))
}

/// "is revised" for one field named in the singular, "are revised" otherwise.
fn verb(fields: &[String]) -> &'static str {
    match fields {
        [one] if !one.ends_with('s') => "is revised",
        _ => "are revised",
    }
}

/// The plan as a whole.
fn plan_wide(change: &Change) -> Option<String> {
    Some(match change {
        Change::PlanDetailsChanged { fields } => {
            format!("{} of the annex {}", fields_phrase(fields), verb(fields))
        }
        Change::TitleChanged { from, to } => {
            format!("the workplan is retitled “{to}” (previously “{from}”)")
        }
        Change::BodyChanged { from, to } => renamed(
            (from, to),
            "the body is now named",
            "the plan no longer names its body",
            "not named",
        ),
        Change::VersionChanged { from, to } => {
            format!("the plan format version is now {to} (previously {from})")
        }
        Change::ScenarioChanged { name, from, to } => match (from.is_empty(), to.is_empty()) {
            (true, _) => format!("the scenario “{name}” is added: {}", delays(to)),
            (false, true) => format!(
                "the scenario “{name}” is removed (it was: {})",
                delays(from)
            ),
            (false, false) => format!(
                "the scenario “{name}” now reads: {} (previously: {})",
                delays(to),
                delays(from)
            ),
        },
        _ => return None,
    })
}

/// "cluster C2 two years later, cluster C4 one year earlier".
fn delays(d: &BTreeMap<ClusterId, i32>) -> String {
    if d.is_empty() {
        return "no delay".into();
    }
    let parts: Vec<String> = (d.iter())
        .map(|(c, y)| match y.signum() {
            1 => format!("cluster {c} {} later", years(y.unsigned_abs())),
            -1 => format!("cluster {c} {} earlier", years(y.unsigned_abs())),
            _ => format!("cluster {c} as planned"),
        })
        .collect();
    and_list(&parts)
}

/// A fixed topic's cell in a table: its annex heading where a plan heads it.
pub(crate) fn fixed_cell(w: &Wording, t: &Option<TopicRef>) -> Option<String> {
    t.as_ref().map(|t| w.fixed(t))
}
