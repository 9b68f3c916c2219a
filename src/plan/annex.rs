//! The annex's wording kept in the plan: a topic's label derived from the headings of its
//! articles, its issues for discussion grouped as the annex groups them, footnote
//! references in the annex's text, and meetings named as the Secretariat names them
//! ("Tenth meeting of the Working Group on Firearms").
//!
//! Every document that prints the annex (Word, Markdown, HTML, the amendment) reads these
//! definitions, so a label or a meeting's name is written one way everywhere.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::textfmt::capitalized;

use super::model::{Article, FixedTopic, MeetingNumber, Plan};

/// One entry of a topic's issues for discussion: a plain issue (the list of strings plan
/// files have always had) or issues grouped under a heading, as the annex sets them out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Question {
    /// One issue, outside any group.
    Issue(String),
    /// Issues under a heading ("Article 5, paragraph 1"), after an optional lead-in.
    Group(QuestionGroup),
}

/// Issues the annex lists under one heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionGroup {
    /// "General", "Article 3, paragraphs (a), (b) and (c)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A sentence the issues complete, printed before them with its colon, e.g.
    /// "National experiences in criminalizing, investigating, prosecuting and
    /// adjudicating:".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_in: Option<String>,
    #[serde(default)]
    pub issues: Vec<String>,
}

/// One issue for discussion with the group it sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Issue<'a> {
    pub heading: Option<&'a str>,
    pub lead_in: Option<&'a str>,
    pub text: &'a str,
}

impl Issue<'_> {
    /// The issue on one line, its heading and lead-in before it, for views with one line
    /// per issue (a spreadsheet row, a list in the planner):
    /// "Article 5, paragraph 1: National experiences in …: Illicit manufacturing".
    /// Footnote references are left out.
    pub fn one_line(&self) -> String {
        let mut out = String::new();
        for part in [self.heading, self.lead_in].into_iter().flatten() {
            out.push_str(part.trim_end_matches(':'));
            out.push_str(": ");
        }
        out.push_str(self.text);
        without_notes(&out).into_owned()
    }
}

impl Question {
    /// The issues of this entry with their group.
    pub fn issues(&self) -> Box<dyn Iterator<Item = Issue<'_>> + '_> {
        match self {
            Question::Issue(text) => Box::new(std::iter::once(Issue {
                heading: None,
                lead_in: None,
                text,
            })),
            Question::Group(g) => Box::new(g.issues.iter().map(|text| Issue {
                heading: g.heading.as_deref(),
                lead_in: g.lead_in.as_deref(),
                text,
            })),
        }
    }
}

impl fmt::Display for Question {
    /// The entry on one line, as a merge conflict or a diff quotes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Question::Issue(text) => f.write_str(text),
            Question::Group(g) => {
                let lines: Vec<String> = self.issues().map(|i| i.one_line()).collect();
                if lines.is_empty() {
                    f.write_str(g.heading.as_deref().unwrap_or_default())
                } else {
                    f.write_str(&lines.join("; "))
                }
            }
        }
    }
}

impl From<&str> for Question {
    fn from(s: &str) -> Self {
        Question::Issue(s.to_owned())
    }
}

impl FixedTopic {
    /// Every issue for discussion, in the annex's order, with its group.
    pub fn issues(&self) -> impl Iterator<Item = Issue<'_>> {
        self.questions.iter().flat_map(Question::issues)
    }

    /// How many issues the topic lists (groups counted by their issues).
    pub fn issue_count(&self) -> usize {
        self.issues().count()
    }

    /// Every piece of annex text the topic holds, in the annex's order: its own label,
    /// its introduction, then each group's heading, lead-in and issues. Where footnote
    /// references may stand.
    pub fn annex_texts(&self) -> impl Iterator<Item = &str> {
        let questions = self.questions.iter().flat_map(|q| -> Vec<&str> {
            match q {
                Question::Issue(text) => vec![text.as_str()],
                Question::Group(g) => [g.heading.as_deref(), g.lead_in.as_deref()]
                    .into_iter()
                    .flatten()
                    .chain(g.issues.iter().map(String::as_str))
                    .collect(),
            }
        });
        [self.label.as_deref(), self.introduction.as_deref()]
            .into_iter()
            .flatten()
            .chain(questions)
    }
}

impl Plan {
    /// "articles 3 (Use of terms) and 4 (Scope of application)", "article 12
    /// (Information)": the articles with the headings `article_headings` gives (an article
    /// without one is named by its number alone), joined as the annex joins them.
    pub fn articles_phrase(&self, articles: &[Article]) -> String {
        let named: Vec<String> = articles
            .iter()
            .map(|a| match self.article_headings.get(a) {
                Some(h) => format!("{a} ({h})"),
                None => a.to_string(),
            })
            .collect();
        match named.as_slice() {
            [] => "no article".into(),
            [one] => format!("article {one}"),
            [init @ .., last] => format!("articles {} and {last}", init.join(", ")),
        }
    }

    /// The topic's label after "Topic N: ": its own where it gives one (the annex words
    /// topic 2 by its theme), else its articles with their headings.
    pub fn topic_label<'a>(&self, topic: &'a FixedTopic) -> Cow<'a, str> {
        match &topic.label {
            Some(label) => Cow::Borrowed(label),
            None => Cow::Owned(self.articles_phrase(&topic.articles)),
        }
    }

    /// "Topic 1: articles 3 (Use of terms) and 4 (Scope of application)": the topic as the
    /// annex heads it and its summary table names it, numbered by its place in the
    /// planned order. None for an id the plan does not have.
    pub fn topic_heading(&self, topic: &FixedTopic) -> Option<String> {
        let n = self.fixed_topics.iter().position(|t| t.id == topic.id)? + 1;
        Some(format!("Topic {n}: {}", self.topic_label(topic)))
    }

    /// "Articles 1 (Relation with …) and 5 (Criminalization)": the line under a topic the
    /// annex labels by its theme, naming its articles. None for a topic labelled by its
    /// articles (the label already names them).
    pub fn topic_articles_line(&self, topic: &FixedTopic) -> Option<String> {
        topic.label.as_ref()?;
        Some(capitalized(&self.articles_phrase(&topic.articles)))
    }

    /// The ids of the footnotes the fixed topics refer to, each once, in the order the
    /// annex first refers to them (topics in their planned order): the order a document
    /// numbers them in. An id with no footnote in `footnotes` is left out (`check`
    /// reports it).
    pub fn footnote_order(&self) -> Vec<&str> {
        self.first_references(self.fixed_topics.iter().flat_map(FixedTopic::annex_texts))
    }

    /// The ids of the footnotes one fixed topic refers to, each once, in the order it
    /// first refers to them; an id with no footnote is left out.
    pub fn topic_footnotes<'a>(&self, topic: &'a FixedTopic) -> Vec<&'a str> {
        self.first_references(topic.annex_texts())
    }

    fn first_references<'a>(&self, texts: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
        let mut seen = std::collections::BTreeSet::new();
        texts
            .flat_map(note_refs)
            .filter(|id| self.footnotes.contains_key(*id) && seen.insert(*id))
            .collect()
    }

    /// "Tenth meeting of the Working Group on Firearms" (or "Tenth meeting" for a plan
    /// that names no body): a meeting as the annex heads it.
    pub fn meeting_heading(&self, number: MeetingNumber) -> String {
        let name = format!("{} meeting", capitalized(&ordinal_words(number)));
        match &self.body {
            Some(body) => format!("{name} of the {body}"),
            None => name,
        }
    }
}

/// "tenth", "twenty-first": the ordinal in words, as UN documents name meetings up to the
/// ninety-ninth; from the hundredth on, the figure ("100th"), as they do.
pub fn ordinal_words(n: MeetingNumber) -> String {
    const UNITS: [&str; 20] = [
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    // The tens as cardinals (before a unit) and as ordinals (on their own).
    const TENS: [(&str, &str); 8] = [
        ("twenty", "twentieth"),
        ("thirty", "thirtieth"),
        ("forty", "fortieth"),
        ("fifty", "fiftieth"),
        ("sixty", "sixtieth"),
        ("seventy", "seventieth"),
        ("eighty", "eightieth"),
        ("ninety", "ninetieth"),
    ];
    let k = n.get() as usize;
    match k {
        0..20 => UNITS[k].to_owned(),
        20..100 => {
            let (cardinal, ordinal) = TENS[k / 10 - 2];
            match k % 10 {
                0 => ordinal.to_owned(),
                unit => format!("{cardinal}-{}", UNITS[unit]),
            }
        }
        _ => super::model::ordinal(n),
    }
}

/// A piece of annex text: words, or a reference to a footnote (`[^id]` in the plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span<'a> {
    Text(&'a str),
    Note(&'a str),
}

/// The text cut at its footnote references. A reference is `[^id]`, the id made of
/// letters, digits, `-` and `_` (as Markdown writes footnotes); anything else, a lone
/// `[^` included, is text.
pub fn spans(text: &str) -> Vec<Span<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut plain_from = 0;
    let mut at = 0;
    while let Some(found) = rest[at..].find("[^") {
        let open = at + found;
        let id_start = open + 2;
        let id_len = rest[id_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len() - id_start);
        let close = id_start + id_len;
        if id_len > 0 && rest[close..].starts_with(']') {
            if open > plain_from {
                out.push(Span::Text(&rest[plain_from..open]));
            }
            out.push(Span::Note(&rest[id_start..close]));
            rest = &rest[close + 1..];
            plain_from = 0;
            at = 0;
        } else {
            at = id_start;
        }
    }
    if plain_from < rest.len() {
        out.push(Span::Text(&rest[plain_from..]));
    }
    out
}

/// The ids of the footnotes `text` refers to, in order.
pub fn note_refs(text: &str) -> impl Iterator<Item = &str> {
    spans(text).into_iter().filter_map(|s| match s {
        Span::Note(id) => Some(id),
        Span::Text(_) => None,
    })
}

/// The text without its footnote references, for views that have no footnotes.
pub fn without_notes(text: &str) -> Cow<'_, str> {
    with_marks(text, |_| String::new())
}

/// The text with each footnote reference written as `mark` writes its id ("[2]" in the
/// planner), for views that show footnotes their own way.
pub fn with_marks(text: &str, mark: impl Fn(&str) -> String) -> Cow<'_, str> {
    if !text.contains("[^") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for span in spans(text) {
        match span {
            Span::Text(t) => out.push_str(t),
            Span::Note(id) => out.push_str(&mark(id)),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_with_headings() -> Plan {
        let mut plan = crate::plan::parse("version: 1\ntitle: t\nbody: Working Group on Firearms\narticle_headings:\n  3: Use of terms\n  4: Scope of application\n  12: Information\n")
            .map(|l| l.plan)
            .unwrap_or_else(|e| panic!("{e:?}"));
        plan.fixed_topics.clear();
        plan
    }

    #[test]
    fn a_label_joins_the_articles_with_their_headings_as_the_annex_does() {
        let plan = plan_with_headings();
        assert_eq!(
            plan.articles_phrase(&[3, 4]),
            "articles 3 (Use of terms) and 4 (Scope of application)"
        );
        assert_eq!(plan.articles_phrase(&[12]), "article 12 (Information)");
        assert_eq!(
            plan.articles_phrase(&[3, 12, 5]),
            "articles 3 (Use of terms), 12 (Information) and 5"
        );
        assert_eq!(plan.articles_phrase(&[]), "no article");
    }

    #[test]
    fn meetings_are_named_in_words_up_to_the_ninety_ninth() {
        let words = |n| ordinal_words(MeetingNumber::new(n));
        assert_eq!(words(1), "first");
        assert_eq!(words(10), "tenth");
        assert_eq!(words(12), "twelfth");
        assert_eq!(words(19), "nineteenth");
        assert_eq!(words(20), "twentieth");
        assert_eq!(words(21), "twenty-first");
        assert_eq!(words(99), "ninety-ninth");
        assert_eq!(words(100), "100th");
        assert_eq!(words(u32::MAX), format!("{}th", u32::MAX));
        let plan = plan_with_headings();
        assert_eq!(
            plan.meeting_heading(MeetingNumber::new(10)),
            "Tenth meeting of the Working Group on Firearms"
        );
    }

    #[test]
    fn footnote_references_are_cut_out_and_anything_else_is_text() {
        assert_eq!(
            spans("the items[^items] covered"),
            [
                Span::Text("the items"),
                Span::Note("items"),
                Span::Text(" covered")
            ]
        );
        assert_eq!(spans("[^a][^b]"), [Span::Note("a"), Span::Note("b")]);
        for literal in ["a [^ b]", "a [^", "[^x", "[^]", "x [^é]", "[x]"] {
            assert_eq!(spans(literal), [Span::Text(literal)], "{literal}");
        }
        assert_eq!(spans(""), []);
        assert_eq!(without_notes("a[^1] b [^ c"), "a b [^ c");
        assert_eq!(
            with_marks("a[^1] b[^x] [^ c", |id| format!("[{id}]")),
            "a[1] b[x] [^ c"
        );
        assert_eq!(note_refs("a[^1] b[^two]").collect::<Vec<_>>(), ["1", "two"]);
    }

    /// The 2022 plan's annex as `tests/fixtures/annex-2022.txt` writes it, one element a
    /// line, read through this module's API only.
    fn annex_lines(plan: &Plan) -> Vec<String> {
        let mut out = Vec::new();
        for m in &plan.meetings {
            let Some(topic) = m.fixed.as_ref().and_then(|id| plan.fixed_topic(id)) else {
                continue;
            };
            out.push(format!("meeting: {}", plan.meeting_heading(m.number)));
            out.push(format!(
                "topic: {}",
                plan.topic_heading(topic).unwrap_or_default()
            ));
            out.extend(
                plan.topic_articles_line(topic)
                    .map(|l| format!("articles: {l}")),
            );
            out.extend(topic.introduction.as_ref().map(|i| format!("intro: {i}")));
            for q in &topic.questions {
                match q {
                    Question::Issue(text) => out.push(format!("issue: {text}")),
                    Question::Group(g) => {
                        out.extend(g.heading.as_ref().map(|h| format!("group: {h}")));
                        out.extend(g.lead_in.as_ref().map(|l| format!("lead-in: {l}")));
                        out.extend(g.issues.iter().map(|i| format!("issue: {i}")));
                    }
                }
            }
        }
        for id in plan.footnote_order() {
            out.push(format!("footnote: [^{id}]: {}", plan.footnotes[id]));
        }
        out.push(
            "header: Year and meeting | Agenda item 2 (flexible) | Agenda item 3 (fixed)".into(),
        );
        for m in &plan.meetings {
            let flexible: Vec<&str> = m.flexible_text.iter().flat_map(|t| t.lines()).collect();
            let fixed = m.fixed.as_ref().and_then(|id| plan.fixed_topic(id));
            out.push(format!(
                "row: {} {} meeting | {} | {}",
                m.year,
                super::super::model::ordinal(m.number),
                flexible.join(" or "),
                fixed
                    .and_then(|t| plan.topic_heading(t))
                    .unwrap_or_default()
            ));
        }
        out
    }

    #[test]
    fn the_2022_plan_reproduces_the_papers_annex_line_for_line() {
        let plan = crate::plan::parse(include_str!("../../plans/firearms-2022-proposal.yaml"))
            .map(|l| l.plan)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let expected: Vec<&str> = include_str!("../../tests/fixtures/annex-2022.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let got = annex_lines(&plan);
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g, e, "line {} of the annex's elements", i + 1);
        }
        assert_eq!(got.len(), expected.len());
        assert_eq!(plan.footnote_order(), ["2", "3", "4"]);
    }

    #[test]
    fn footnotes_are_ordered_by_first_reference_and_a_missing_one_is_left_out() {
        let plan = crate::plan::parse(
            "version: 1\ntitle: t\nfixed_topics:\n  - id: T1\n    title: a\n    label: l[^b]\n    articles: [1]\n    introduction: i[^a][^b][^gone]\n    questions:\n      - x[^c]\n      - heading: h[^c]\n        issues: [\"y[^d]\"]\nfootnotes:\n  a: A\n  b: B\n  c: C\n  d: D\n",
        )
        .map(|l| l.plan)
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(plan.footnote_order(), ["b", "a", "c", "d"]);
        let t = &plan.fixed_topics[0];
        assert_eq!(plan.topic_articles_line(t).as_deref(), Some("Article 1"));
        assert_eq!(t.annex_texts().count(), 5);
    }

    /// The example of docs/plan-format.md loads, as the text around it says.
    #[test]
    fn the_documented_example_of_a_group_and_a_footnote_loads() {
        let doc = include_str!("../../docs/plan-format.md");
        let after = doc
            .split("A grouped question with a lead-in and a footnote:")
            .nth(1)
            .and_then(|rest| rest.split("```yaml\n").nth(1))
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_else(|| panic!("the example in docs/plan-format.md"));
        let plan = crate::plan::parse(&format!("version: 1\ntitle: t\n{after}"))
            .map(|l| l.plan)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let t = &plan.fixed_topics[0];
        assert!(matches!(&t.questions[0], Question::Group(g) if g.lead_in.is_some()));
        assert!(matches!(&t.questions[1], Question::Issue(_)));
        assert_eq!(plan.footnote_order(), ["scope"]);
        assert_eq!(
            plan.topic_heading(t).as_deref(),
            Some("Topic 1: article 5 (Criminalization)")
        );
        // Every footnote referred to, every reference a footnote.
        let referred: Vec<&str> = t.annex_texts().flat_map(note_refs).collect();
        assert_eq!(referred, ["scope"]);
        assert!(plan.footnotes.keys().eq(["scope"].iter()));
    }

    #[test]
    fn a_grouped_issue_reads_on_one_line_with_its_heading_and_lead_in() {
        let q = Question::Group(QuestionGroup {
            heading: Some("Article 5, paragraph 1".into()),
            lead_in: Some("National experiences in adjudicating:".into()),
            issues: vec!["Illicit manufacturing[^n]".into()],
        });
        let lines: Vec<String> = q.issues().map(|i| i.one_line()).collect();
        assert_eq!(
            lines,
            ["Article 5, paragraph 1: National experiences in adjudicating: Illicit manufacturing"]
        );
        assert_eq!(Question::from("plain").issues().count(), 1);
    }
}
