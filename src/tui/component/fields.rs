//! The components that take text: the filter, the flexible-topic picker, the one-line
//! prompts (dates, venue, note, a new flexible topic, paths), and the edit menu that
//! opens the meeting's prompts.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::super::app::{App, Mode, Picker, Prompt, PromptKind, search_fold};
use super::super::field::Field;
use super::super::msg::{Effect, Msg};
use super::{Outcome, apply, apply_saying, choose};
use crate::edit::{self, Edit, MeetingChange};
use crate::plan::{FlexibleTopic, MeetingNumber, Status, TopicId, TopicSource, ordinal};

/// Feeds a text-editing message to `field`; false for any other message.
fn edit_field(field: &mut Field, msg: Msg) -> Result<(), Msg> {
    match msg {
        Msg::Input(c) => field.type_char(c),
        Msg::Paste(text) => field.paste(&text),
        Msg::Backspace => field.backspace(),
        Msg::Edit(edit) => field.edit(edit),
        other => return Err(other),
    }
    Ok(())
}

pub fn filter(input: &mut Field, app: &mut App, msg: Msg) -> Outcome {
    let outcome = match edit_field(input, msg) {
        Ok(()) => Outcome::Stay,
        Err(Msg::Open) => {
            app.filter = (!input.value().is_empty()).then(|| input.value().to_string());
            app.refilter();
            return Outcome::Close;
        }
        Err(Msg::Cancel) => {
            app.filter = None;
            app.refilter();
            return Outcome::Close;
        }
        Err(_) => Outcome::Stay,
    };
    // Typing filters at once, so the table answers each key.
    app.filter = Some(input.value().to_string());
    app.refilter();
    outcome
}

/// Topics of the pool whose id or title contains the query (any case, any accents).
pub fn rematch(app: &App, p: &mut Picker) {
    let q = search_fold(p.query.value());
    p.matches = app
        .plan
        .flexible_topics
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            q.is_empty()
                || search_fold(t.id.as_str()).contains(&q)
                || search_fold(&t.title).contains(&q)
        })
        .map(|(i, _)| i)
        .collect();
    p.selected = p.selected.min(p.matches.len().saturating_sub(1));
}

pub fn picker(p: &mut Picker, app: &mut App, msg: Msg) -> Outcome {
    let typed = matches!(msg, Msg::Input(_) | Msg::Paste(_));
    let topic = match edit_field(&mut p.query, msg) {
        Ok(()) => {
            if typed {
                p.selected = 0;
            }
            rematch(app, p);
            return Outcome::Stay;
        }
        Err(msg @ (Msg::Up | Msg::ScrollUp | Msg::Down | Msg::ScrollDown)) => {
            p.selected = choose(p.selected, &msg, p.matches.len());
            return Outcome::Stay;
        }
        Err(Msg::Cancel) => return Outcome::Close,
        Err(Msg::Open) => {
            let Some(topic) = p
                .matches
                .get(p.selected)
                .and_then(|&i| app.plan.flexible_topics.get(i))
                .map(|t| t.id.clone())
            else {
                return Outcome::Stay;
            };
            Some(topic)
        }
        Err(Msg::ClearFlexible) => None,
        Err(_) => return Outcome::Stay,
    };
    let edit = Edit::AssignFlexible {
        meeting: p.meeting,
        topic,
    };
    apply(app, edit);
    Outcome::Close
}

/// The meeting editor: which of the meeting's fields to change.
pub fn edit_menu(meeting: MeetingNumber, app: &mut App, msg: &Msg) -> Outcome {
    let Some(m) = app.plan.meeting(meeting) else {
        return Outcome::Close;
    };
    let (kind, input) = match msg {
        Msg::EditDates => {
            let input = match (m.start, m.end) {
                (Some(s), Some(e)) => format!("{s} {e}"),
                (Some(s), None) => s.to_string(),
                _ => String::new(),
            };
            (PromptKind::Dates { meeting }, input)
        }
        Msg::EditVenue => (
            PromptKind::Venue { meeting },
            m.venue.clone().unwrap_or_default(),
        ),
        Msg::EditNote => (
            PromptKind::Note { meeting },
            m.note.clone().unwrap_or_default(),
        ),
        Msg::EditStatus => {
            let selected = Status::ALL.iter().position(|s| *s == m.status).unwrap_or(0);
            return Outcome::Open(Mode::Choice { meeting, selected });
        }
        Msg::Cancel => return Outcome::Close,
        _ => return Outcome::Stay,
    };
    let mut p = Prompt {
        kind,
        input: Field::prefilled(&input),
        error: None,
    };
    p.error = validate(&p);
    Outcome::Open(Mode::Prompt(p))
}

/// `2025-05-03` or `2025-05-03 2025-05-04` (also `..` or `to` between); empty: none.
pub fn parse_dates(input: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    let cleaned = input.replace("..", " ").replace(" to ", " ");
    let parts: Vec<&str> = cleaned.split_whitespace().collect();
    let date = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("“{s}” is not a date; write it as YYYY-MM-DD, e.g. 2025-05-14"))
    };
    let (start, end) = match parts.as_slice() {
        [] => (None, None),
        [s] => (Some(date(s)?), None),
        [s, e] => (Some(date(s)?), Some(date(e)?)),
        _ => return Err("give at most two dates: the first and the last day".into()),
    };
    edit::validate_dates(start, end).map_err(|e| e.to_string())?;
    Ok((start, end))
}

fn parse_articles(input: &str) -> Result<Vec<u32>, String> {
    input
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u32>()
                .map_err(|_| format!("“{s}” is not an article number"))
        })
        .collect()
}

fn path_error(input: &str) -> Option<String> {
    input
        .trim()
        .is_empty()
        .then(|| "a path is needed".to_string())
}

fn validate(p: &Prompt) -> Option<String> {
    match &p.kind {
        PromptKind::Dates { .. } => parse_dates(p.input.value()).err(),
        PromptKind::FlexibleTitle => p
            .input
            .value()
            .trim()
            .is_empty()
            .then(|| "a title is needed".to_string()),
        PromptKind::FlexibleArticles { .. } => parse_articles(p.input.value()).err(),
        PromptKind::SaveAs | PromptKind::ExportPath { .. } | PromptKind::AmendmentPath { .. } => {
            path_error(p.input.value())
        }
        PromptKind::Venue { .. } | PromptKind::Note { .. } => None,
    }
}

fn optional(input: &str) -> Option<String> {
    let t = input.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The next free id of the form `F<n>`.
fn next_flexible_id(app: &App) -> TopicId {
    let mut n = app.plan.flexible_topics.len() + 1;
    while app.plan.topic_id_taken(&TopicId(format!("F{n}"))) {
        n += 1;
    }
    TopicId(format!("F{n}"))
}

pub fn prompt(p: &mut Prompt, app: &mut App, msg: Msg) -> Outcome {
    match edit_field(&mut p.input, msg) {
        Ok(()) => {
            p.error = validate(p);
            Outcome::Stay
        }
        Err(Msg::Cancel) => {
            app.quit_after_save = false;
            match back_to(p) {
                Some(view) => Outcome::Open(view),
                None => Outcome::Close,
            }
        }
        // An empty field says what it needs only once Enter is pressed on it, not on
        // opening, before anything could be typed.
        Err(Msg::Open) => {
            p.error = validate(p);
            match p.error {
                None => accept(p, app),
                Some(_) => Outcome::Stay,
            }
        }
        Err(_) => Outcome::Stay,
    }
}

/// The view a prompt was opened from and goes back to: the amendment view, as it was
/// scrolled, so that a second form of the amendment is one `E` away.
fn back_to(p: &Prompt) -> Option<Mode> {
    match &p.kind {
        PromptKind::AmendmentPath { lines, scroll } => Some(Mode::Diff {
            lines: lines.clone(),
            scroll: *scroll,
        }),
        _ => None,
    }
}

fn accept(p: &mut Prompt, app: &mut App) -> Outcome {
    let path = || PathBuf::from(p.input.value().trim());
    let edit = match &p.kind {
        PromptKind::Dates { meeting } => match parse_dates(p.input.value()) {
            Ok((start, end)) => Edit::EditMeeting {
                number: *meeting,
                change: MeetingChange::Dates { start, end },
            },
            Err(error) => {
                p.error = Some(error);
                return Outcome::Stay;
            }
        },
        PromptKind::Venue { meeting } => Edit::EditMeeting {
            number: *meeting,
            change: MeetingChange::Venue(optional(p.input.value())),
        },
        PromptKind::Note { meeting } => Edit::EditMeeting {
            number: *meeting,
            change: MeetingChange::Note(optional(p.input.value())),
        },
        PromptKind::FlexibleTitle => {
            return Outcome::Open(Mode::Prompt(Prompt {
                kind: PromptKind::FlexibleArticles {
                    title: p.input.value().trim().to_string(),
                },
                input: Field::default(),
                error: None,
            }));
        }
        PromptKind::FlexibleArticles { title } => Edit::AddFlexible(FlexibleTopic {
            id: next_flexible_id(app),
            title: title.clone(),
            source: TopicSource::Additional,
            related_articles: parse_articles(p.input.value()).unwrap_or_default(),
            recurring: false,
        }),
        PromptKind::SaveAs => {
            let effect = Effect::Save {
                path: path(),
                in_place: false,
            };
            return Outcome::CloseAndRun(vec![effect]);
        }
        PromptKind::ExportPath { format } => {
            let effect = Effect::Export {
                format: *format,
                path: path(),
            };
            return Outcome::CloseAndRun(vec![effect]);
        }
        PromptKind::AmendmentPath { .. } => {
            let effects = vec![Effect::ExportAmendment { path: path() }];
            return match back_to(p) {
                Some(view) => Outcome::OpenAndRun(view, effects),
                None => Outcome::CloseAndRun(effects),
            };
        }
    };
    apply_edit(app, edit);
    Outcome::Close
}

/// Applies a prompt's edit; new dates that carry the meeting into another year must not
/// pass unnoticed, since that may misalign its topic.
fn apply_edit(app: &mut App, edit: Edit) {
    let number = match &edit {
        Edit::EditMeeting { number, .. } => Some(*number),
        _ => None,
    };
    let year = |app: &App| number.and_then(|n| app.plan.meeting(n)).map(|m| m.year);
    let before = year(app);
    apply_saying(app, edit, |app| match (number, before, year(app)) {
        (Some(n), Some(from), Some(to)) if from != to => Some(format!(
            "The {} meeting moves from {from} to {to}.",
            ordinal(n)
        )),
        _ => None,
    });
}
