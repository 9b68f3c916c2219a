//! `update`: the only place the state changes. Each message is handled for the mode the
//! app is in; work outside the state (files, exiting) comes back as effects.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::layout::{Position, Rect};

use super::app::{
    App, Mode, Notice, NoticeKind, Origin, Pane, Picker, Prompt, PromptKind, RealignPreview,
    RealignRow,
};
use super::field::Field;
use super::msg::{Effect, Msg};
use super::view::{self, TimelineHit, layout, table::visible_offset};
use crate::diff::diff;
use crate::edit::{self, Conflict, Edit, EditError, MeetingChange};
use crate::export::Format;
use crate::plan::{FlexibleTopic, Meeting, Status, TopicId, TopicSource, ordinal};
use crate::realign::Options;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize { width, height } => {
            app.size = (width, height);
            keep_visible(app);
            return Vec::new();
        }
        Msg::Saved {
            path,
            text,
            comments_kept,
            fingerprint,
        } => {
            app.fingerprint = fingerprint;
            return saved(app, path, text, comments_kept);
        }
        Msg::IoFailed(message) => {
            notice(app, NoticeKind::Error, message);
            return Vec::new();
        }
        Msg::SaveFailed {
            message,
            changed_on_disk,
        } => {
            app.quit_after_save = false;
            if changed_on_disk {
                app.mode = Mode::Prompt(Prompt {
                    kind: PromptKind::SaveAs,
                    input: Field::default(),
                    error: None,
                });
                notice(
                    app,
                    NoticeKind::Error,
                    format!("{message} Save elsewhere, or Esc."),
                );
            } else {
                notice(app, NoticeKind::Error, message);
            }
            return Vec::new();
        }
        Msg::Exported { path, skipped } => {
            let mut text = format!("Exported to {}.", path.display());
            if !skipped.is_empty() {
                text.push_str(&format!(" Left out: {}.", skipped.join("; ")));
            }
            notice(app, NoticeKind::Info, text);
            return Vec::new();
        }
        Msg::ExportFailed(message) => {
            notice(app, NoticeKind::Error, message);
            return Vec::new();
        }
        _ => {}
    }
    let mode = std::mem::replace(&mut app.mode, Mode::Normal);
    let effects = match mode {
        Mode::Normal => normal(app, msg),
        Mode::Help { scroll } => {
            app.mode = match msg {
                Msg::Up | Msg::ScrollUp => Mode::Help {
                    scroll: scroll.saturating_sub(1),
                },
                Msg::Down | Msg::ScrollDown => Mode::Help {
                    scroll: scroll.saturating_add(1),
                },
                Msg::Cancel | Msg::Help | Msg::Quit => Mode::Normal,
                _ => Mode::Help { scroll },
            };
            Vec::new()
        }
        Mode::Filter { input } => filter(app, input, msg),
        Mode::Moving { topic, from } => moving(app, topic, from, msg),
        Mode::Conflict { topic, to, other } => {
            let conflict = match msg {
                Msg::Swap => Some(Conflict::Swap),
                Msg::Shift => Some(Conflict::Shift),
                Msg::Cancel => None,
                _ => {
                    app.mode = Mode::Conflict { topic, to, other };
                    return Vec::new();
                }
            };
            if let Some(conflict) = conflict {
                apply(
                    app,
                    Edit::MoveFixed {
                        topic,
                        to,
                        conflict,
                    },
                );
            }
            Vec::new()
        }
        Mode::Picker(p) => picker(app, p, msg),
        Mode::Prompt(p) => prompt(app, p, msg),
        Mode::EditMenu { meeting } => {
            edit_menu(app, meeting, msg);
            Vec::new()
        }
        Mode::Choice { meeting, selected } => {
            match msg {
                Msg::Up => {
                    app.mode = Mode::Choice {
                        meeting,
                        selected: selected.saturating_sub(1),
                    }
                }
                Msg::Down => {
                    app.mode = Mode::Choice {
                        meeting,
                        selected: (selected + 1).min(Status::ALL.len() - 1),
                    }
                }
                Msg::Open => {
                    let status = Status::ALL.get(selected).copied().unwrap_or_default();
                    apply(
                        app,
                        Edit::EditMeeting {
                            number: meeting,
                            change: MeetingChange::Status(status),
                        },
                    );
                }
                Msg::Cancel => {}
                _ => app.mode = Mode::Choice { meeting, selected },
            }
            Vec::new()
        }
        Mode::Export { selected } => {
            match msg {
                Msg::Up => {
                    app.mode = Mode::Export {
                        selected: selected.saturating_sub(1),
                    }
                }
                Msg::Down => {
                    app.mode = Mode::Export {
                        selected: (selected + 1).min(Format::ALL.len() - 1),
                    }
                }
                Msg::Open => {
                    let format = Format::ALL.get(selected).copied().unwrap_or(Format::Md);
                    let input = default_export_path(app, format);
                    app.mode = Mode::Prompt(Prompt {
                        kind: PromptKind::ExportPath { format },
                        error: path_error(&input),
                        input: Field::prefilled(&input),
                    });
                }
                Msg::Cancel => {}
                _ => app.mode = Mode::Export { selected },
            }
            Vec::new()
        }
        Mode::Diff { lines, scroll } => {
            let page = page(app);
            let last = view::diff_scroll_max(app.size, &lines);
            let scroll = match msg {
                Msg::Up | Msg::ScrollUp => scroll.saturating_sub(1),
                Msg::Down | Msg::ScrollDown => (scroll + 1).min(last),
                Msg::PageUp => scroll.saturating_sub(page),
                Msg::PageDown => (scroll + page).min(last),
                Msg::Cancel | Msg::Diff => return Vec::new(),
                Msg::Export => {
                    let input = default_amendment_path(app);
                    app.mode = Mode::Prompt(Prompt {
                        kind: PromptKind::AmendmentPath,
                        error: path_error(&input),
                        input: Field::prefilled(&input),
                    });
                    return Vec::new();
                }
                _ => scroll,
            };
            app.mode = Mode::Diff { lines, scroll };
            Vec::new()
        }
        Mode::Realign(mut preview) => {
            let page = page(app);
            let last = preview.rows.len().saturating_sub(1);
            match msg {
                Msg::Up | Msg::ScrollUp => preview.scroll = preview.scroll.saturating_sub(1),
                Msg::Down | Msg::ScrollDown => preview.scroll = (preview.scroll + 1).min(last),
                Msg::PageUp => preview.scroll = preview.scroll.saturating_sub(page),
                Msg::PageDown => preview.scroll = (preview.scroll + page).min(last),
                Msg::ToggleReorder | Msg::ToggleSecondMeeting => {
                    let (reorder, second) = match msg {
                        Msg::ToggleReorder => (!preview.allow_reorder, preview.allow_second),
                        _ => (preview.allow_reorder, !preview.allow_second),
                    };
                    open_realign(app, reorder, second);
                    if !matches!(app.mode, Mode::Realign(_)) {
                        // No proposal that way: stay on the one shown (the notice says why).
                        app.mode = Mode::Realign(preview);
                    }
                    return Vec::new();
                }
                Msg::Open => {
                    let moved = preview.proposal.moves.len();
                    let added = preview.proposal.added_meetings.len();
                    if apply(app, Edit::Replace(Box::new(preview.proposal.plan))) {
                        notice(
                            app,
                            NoticeKind::Info,
                            format!(
                                "Realigned: {moved} topic{} moved, {added} meeting{} added. Now {}. (u undoes)",
                                if moved == 1 { "" } else { "s" },
                                if added == 1 { "" } else { "s" },
                                app.derived.counts
                            ),
                        );
                    }
                    return Vec::new();
                }
                Msg::Cancel => return Vec::new(),
                _ => {}
            }
            app.mode = Mode::Realign(preview);
            Vec::new()
        }
        Mode::Restore { plan, path, when } => match msg {
            Msg::Restore => {
                if apply(app, Edit::Replace(plan)) {
                    notice(
                        app,
                        NoticeKind::Info,
                        format!(
                            "Restored the unsaved edits of {when}. Save (w) to keep them; u undoes."
                        ),
                    );
                }
                vec![Effect::DiscardRecovery { path }]
            }
            Msg::DiscardRecovery => {
                notice(
                    app,
                    NoticeKind::Info,
                    "Dropped the unsaved edits of the earlier session.",
                );
                vec![Effect::DiscardRecovery { path }]
            }
            Msg::Cancel => {
                notice(
                    app,
                    NoticeKind::Info,
                    format!(
                        "The unsaved edits stay in {} for the next start.",
                        path.display()
                    ),
                );
                Vec::new()
            }
            _ => {
                app.mode = Mode::Restore { plan, path, when };
                Vec::new()
            }
        },
        Mode::ConfirmQuit => match msg {
            Msg::SaveAndQuit => {
                app.quit_after_save = true;
                save(app)
            }
            Msg::Discard => vec![Effect::Quit],
            Msg::Cancel => Vec::new(),
            _ => {
                app.mode = Mode::ConfirmQuit;
                Vec::new()
            }
        },
    };
    keep_visible(app);
    effects
}

fn notice(app: &mut App, kind: NoticeKind, text: impl Into<String>) {
    app.notice = Some(Notice {
        kind,
        text: text.into(),
    });
}

/// Applies an edit through the history; says what happened either way.
fn apply(app: &mut App, edit: Edit) -> bool {
    apply_saying(app, edit, |_| None)
}

/// As [`apply`], with `also` adding a sentence about the plan after the edit.
fn apply_saying(app: &mut App, edit: Edit, also: impl FnOnce(&App) -> Option<String>) -> bool {
    let before = app.derived.counts;
    match app.history.apply(&mut app.plan, &edit) {
        Ok(()) => {
            app.refresh();
            let after = app.derived.counts;
            let delta = if after == before {
                String::new()
            } else {
                format!(" Now {after}.")
            };
            let mut text = edit.describe();
            if let Some(first) = text.get(..1) {
                text = first.to_uppercase() + &text[1..];
            }
            let also = also(app).map(|s| format!(" {s}")).unwrap_or_default();
            notice(
                app,
                NoticeKind::Info,
                format!("{text}.{delta}{also} (u undoes)"),
            );
            true
        }
        Err(e) => {
            notice(app, NoticeKind::Error, refusal(&e));
            false
        }
    }
}

fn refusal(e: &EditError) -> String {
    let mut s = e.to_string();
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s + "."
}

fn keep_visible(app: &mut App) {
    let clusters = app.plan.clusters.len();
    let findings = app.derived.findings.len();
    let rows = view::table_rows(app.size, clusters, findings);
    app.table_offset = visible_offset(app.table_offset, app.selected, rows);
    let rows = view::findings_rows(app.size, clusters, findings);
    app.finding_offset = visible_offset(app.finding_offset, app.finding, rows);
}

fn page(app: &App) -> usize {
    view::table_rows(
        app.size,
        app.plan.clusters.len(),
        app.derived.findings.len(),
    )
    .max(1)
}

fn move_selection(app: &mut App, msg: &Msg) {
    let last = app.rows.len().saturating_sub(1);
    app.selected = match msg {
        Msg::Up | Msg::Left | Msg::ScrollUp => app.selected.saturating_sub(1),
        Msg::Down | Msg::Right | Msg::ScrollDown => (app.selected + 1).min(last),
        Msg::PageUp => app.selected.saturating_sub(page(app)),
        Msg::PageDown => (app.selected + page(app)).min(last),
        Msg::Home => 0,
        Msg::End => last,
        _ => app.selected,
    };
}

/// The selected meeting's number, if edits may touch it; otherwise says why not.
fn editable_selection(app: &mut App) -> Option<u32> {
    let m = app.selected_meeting()?;
    if m.status.is_history() {
        let e = EditError::History {
            number: m.number,
            status: m.status,
        };
        notice(app, NoticeKind::Error, refusal(&e));
        return None;
    }
    Some(m.number)
}

fn normal(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Up
        | Msg::Down
        | Msg::PageUp
        | Msg::PageDown
        | Msg::Home
        | Msg::End
        | Msg::ScrollUp
        | Msg::ScrollDown => match app.focus {
            Pane::Timeline => {
                let last = app.plan.clusters.len().saturating_sub(1);
                app.cluster = match msg {
                    Msg::Up | Msg::ScrollUp => app.cluster.saturating_sub(1),
                    Msg::PageUp => app.cluster.saturating_sub(5),
                    Msg::Home => 0,
                    Msg::End => last,
                    Msg::PageDown => (app.cluster + 5).min(last),
                    _ => (app.cluster + 1).min(last),
                };
            }
            Pane::Findings => {
                let last = app.derived.findings.len().saturating_sub(1);
                app.finding = match msg {
                    Msg::Up | Msg::ScrollUp => app.finding.saturating_sub(1),
                    Msg::PageUp => app.finding.saturating_sub(5),
                    Msg::Home => 0,
                    Msg::End => last,
                    Msg::PageDown => (app.finding + 5).min(last),
                    _ => (app.finding + 1).min(last),
                };
            }
            Pane::Meetings | Pane::Details => move_selection(app, &msg),
        },
        Msg::Left | Msg::Right => move_selection(app, &msg),
        Msg::NextPane | Msg::PrevPane => {
            let all = Pane::ALL;
            let i = all.iter().position(|p| *p == app.focus).unwrap_or(0);
            let step = if msg == Msg::NextPane {
                1
            } else {
                all.len() - 1
            };
            app.focus = all[(i + step) % all.len()];
        }
        Msg::Open => match app.focus {
            Pane::Meetings => app.focus = Pane::Details,
            Pane::Timeline => app.focus = Pane::Meetings,
            Pane::Findings => jump_to_finding(app),
            Pane::Details => {}
        },
        Msg::Cancel => {
            if app.filter.take().is_some() {
                app.refresh();
            }
            app.notice = None;
        }
        Msg::Help => app.mode = Mode::Help { scroll: 0 },
        Msg::Filter => {
            app.mode = Mode::Filter {
                input: Field::prefilled(app.filter.as_deref().unwrap_or_default()),
            }
        }
        Msg::Quit => {
            if app.is_dirty() {
                app.mode = Mode::ConfirmQuit;
            } else {
                return vec![Effect::Quit];
            }
        }
        Msg::MoveFixed => {
            let Some(m) = app.selected_meeting() else {
                return Vec::new();
            };
            let (number, fixed) = (m.number, m.fixed.clone());
            if editable_selection(app).is_none() {
                return Vec::new();
            }
            match fixed {
                Some(topic) => {
                    app.notice = None;
                    app.focus = Pane::Meetings;
                    app.mode = Mode::Moving {
                        topic,
                        from: Some(number),
                    };
                }
                None => notice(
                    app,
                    NoticeKind::Error,
                    format!(
                        "The {} meeting has no fixed topic to move.",
                        ordinal(number)
                    ),
                ),
            }
        }
        Msg::Postpone => {
            if let Some(from) = editable_selection(app) {
                apply(app, Edit::Postpone { from });
            }
        }
        Msg::PickFlexible => {
            if let Some(meeting) = editable_selection(app) {
                let mut p = Picker {
                    meeting,
                    query: Field::default(),
                    matches: Vec::new(),
                    selected: 0,
                };
                rematch(app, &mut p);
                let current = app.plan.meeting(meeting).and_then(|m| m.flexible.clone());
                if let Some(pos) = p
                    .matches
                    .iter()
                    .position(|&i| Some(&app.plan.flexible_topics[i].id) == current.as_ref())
                {
                    p.selected = pos;
                }
                app.mode = Mode::Picker(p);
            }
        }
        Msg::ClearFlexible => {
            if let Some(meeting) = editable_selection(app) {
                apply(
                    app,
                    Edit::AssignFlexible {
                        meeting,
                        topic: None,
                    },
                );
            }
        }
        Msg::AddFlexible => {
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::FlexibleTitle,
                input: Field::default(),
                error: Some("a title is needed".into()),
            })
        }
        Msg::EditMeeting => {
            if let Some(meeting) = editable_selection(app) {
                app.mode = Mode::EditMenu { meeting };
            }
        }
        Msg::AddMeeting => match edit::next_meeting(&app.plan) {
            Some(m) => {
                let number = m.number;
                if apply(app, Edit::AddMeeting(m)) {
                    app.select_number(number);
                }
            }
            None => notice(app, NoticeKind::Error, "No meeting number is left."),
        },
        Msg::RemoveMeeting => {
            if let Some(number) = editable_selection(app) {
                apply(app, Edit::RemoveMeeting { number });
            }
        }
        Msg::WindowEarlier | Msg::WindowLater | Msg::WindowEndEarlier | Msg::WindowEndLater => {
            let Some(c) = app.plan.clusters.get(app.cluster) else {
                notice(app, NoticeKind::Error, "The plan has no review cluster.");
                return Vec::new();
            };
            let (start_by, end_by) = match msg {
                Msg::WindowEarlier => (-1, -1),
                Msg::WindowLater => (1, 1),
                Msg::WindowEndEarlier => (0, -1),
                _ => (0, 1),
            };
            let cluster = c.id.clone();
            apply(
                app,
                Edit::ShiftWindow {
                    cluster,
                    start_by,
                    end_by,
                },
            );
        }
        Msg::Undo => match app.history.undo(&mut app.plan) {
            Some(label) => {
                app.refresh();
                notice(
                    app,
                    NoticeKind::Info,
                    format!("Undone: {label}. (U redoes)"),
                );
            }
            None => notice(app, NoticeKind::Info, "Nothing to undo."),
        },
        Msg::Redo => match app.history.redo(&mut app.plan) {
            Some(label) => {
                app.refresh();
                notice(app, NoticeKind::Info, format!("Redone: {label}."));
            }
            None => notice(app, NoticeKind::Info, "Nothing to redo."),
        },
        Msg::Save => return save(app),
        Msg::SaveAs => {
            let input = match &app.origin {
                Origin::File(p) => p.display().to_string(),
                Origin::Bundled => String::new(),
            };
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::SaveAs,
                error: path_error(&input),
                input: Field::prefilled(&input),
            });
        }
        Msg::Click { column, row } => click(app, column, row),
        Msg::Export => app.mode = Mode::Export { selected: 0 },
        Msg::Diff => {
            let amendment = diff(&app.opened, &app.plan);
            if amendment.is_empty() {
                notice(
                    app,
                    NoticeKind::Info,
                    "No changes since the plan was opened.",
                );
            } else {
                let lines = amendment.render_text().lines().map(String::from).collect();
                app.mode = Mode::Diff { lines, scroll: 0 };
            }
        }
        Msg::Realign => open_realign(app, false, false),
        _ => {}
    }
    Vec::new()
}

/// Computes the realignment and opens its preview; says so when there is nothing to do
/// or no aligned plan exists.
/// What each way of realigning costs: topics moved / meetings added / years of delay
/// ("5/1/5"), "best effort, 2 misaligned" where no aligned plan exists, or "none".
fn realign_alternatives(plan: &crate::plan::Plan) -> Vec<(&'static str, String)> {
    let ways = [
        ("order kept", false, false),
        ("order free", true, false),
        ("second meetings", false, true),
        ("both", true, true),
    ];
    ways.into_iter()
        .map(|(label, allow_reorder, allow_second_meeting)| {
            let options = Options {
                allow_reorder,
                allow_second_meeting,
                ..Options::default()
            };
            let text = match crate::realign::realign_with_fallback(plan, &options, true) {
                (Ok(p), _) => format!(
                    "{}/{}/{}",
                    p.cost.moved, p.cost.added, p.cost.total_delay_years
                ),
                (Err(_), Some(p)) => format!("best effort, {} misaligned", p.misaligned.len()),
                (Err(_), None) => "none".to_owned(),
            };
            (label, text)
        })
        .collect()
}

fn open_realign(app: &mut App, allow_reorder: bool, allow_second: bool) {
    let options = Options {
        allow_reorder,
        allow_second_meeting: allow_second,
        ..Options::default()
    };
    // Without an aligned plan, the preview shows the least-misaligned one, and says why.
    let (proposal, why) = match crate::realign::realign_with_fallback(&app.plan, &options, true) {
        (Ok(p), _) => (p, None),
        (Err(e), Some(p)) => (p, Some(e)),
        (Err(e), None) => {
            notice(app, NoticeKind::Error, format!("No realignment: {e}."));
            return;
        }
    };
    let moves_nothing = proposal.moves.is_empty() && proposal.added_meetings.is_empty();
    match why {
        None if moves_nothing => {
            notice(
                app,
                NoticeKind::Info,
                "The plan is aligned: the realignment moves nothing.",
            );
            return;
        }
        None => {}
        // Still previewed when nothing moves: its line of alternatives may show a way
        // (order free, second meetings) that does align the plan.
        Some(e) => {
            let tail = if moves_nothing {
                "No move leaves fewer topics misaligned; the preview compares the other ways (o, s)."
            } else {
                "The preview shows the least-misaligned plan."
            };
            notice(app, NoticeKind::Error, format!("{}. {tail}", sentence(&e)));
        }
    }
    let current: HashMap<u32, &Meeting> = app.plan.meetings.iter().map(|m| (m.number, m)).collect();
    let rows = proposal
        .plan
        .meetings
        .iter()
        .filter(|m| !m.status.is_history())
        .map(|m| {
            let now = current.get(&m.number);
            RealignRow {
                number: m.number,
                year: m.year,
                current: now.and_then(|c| c.fixed.clone()),
                current_misaligned: app
                    .derived
                    .marks(m.number)
                    .is_some_and(|k| k.misaligned.is_some()),
                proposed: m.fixed.clone(),
                added: now.is_none(),
            }
        })
        .collect();
    let alternatives = realign_alternatives(&app.plan);
    app.mode = Mode::Realign(RealignPreview {
        proposal: Box::new(proposal),
        allow_reorder,
        allow_second,
        alternatives,
        rows,
        scroll: 0,
    });
}

/// A message as the start of a sentence ("no aligned plan exists: ..." -> "No ...").
fn sentence(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `PLAN-amendment.md` beside the plan (in the working folder for the bundled plan).
fn default_amendment_path(app: &App) -> String {
    let plan = match &app.origin {
        Origin::File(p) => p.clone(),
        Origin::Bundled => PathBuf::from("firearms.yaml"),
    };
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    plan.with_file_name(format!("{stem}-amendment.md"))
        .display()
        .to_string()
}

/// `<plan>.<ext>` beside the plan (never the plan itself), or in the current folder.
fn default_export_path(app: &App, format: Format) -> String {
    let stem_path = match &app.origin {
        Origin::File(p) => p.clone(),
        Origin::Bundled => PathBuf::from("firearms.yaml"),
    };
    let mut path = stem_path.with_extension(format.extension());
    if path == stem_path {
        let stem = stem_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plan".into());
        path = stem_path.with_file_name(format!("{stem}-export.{}", format.extension()));
    }
    path.display().to_string()
}

fn save(app: &mut App) -> Vec<Effect> {
    match &app.origin {
        Origin::File(path) => vec![Effect::Save {
            path: path.clone(),
            in_place: true,
        }],
        Origin::Bundled => {
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::SaveAs,
                input: Field::default(),
                error: path_error(""),
            });
            notice(
                app,
                NoticeKind::Info,
                "The bundled plan is never overwritten: give a path to save a copy.",
            );
            Vec::new()
        }
    }
}

fn saved(app: &mut App, path: PathBuf, text: String, comments_kept: bool) -> Vec<Effect> {
    app.history.mark_saved();
    app.original_text = Some(text);
    let mut message = format!("Saved to {}.", path.display());
    if !comments_kept {
        message
            .push_str(" Written in canonical form: the file's comments and layout were not kept.");
    }
    app.origin = Origin::File(path);
    notice(app, NoticeKind::Info, message);
    if std::mem::take(&mut app.quit_after_save) {
        vec![Effect::Quit]
    } else {
        Vec::new()
    }
}

fn jump_to_finding(app: &mut App) {
    let Some(f) = app.derived.findings.get(app.finding) else {
        return;
    };
    let Some(n) = f.meeting else {
        notice(
            app,
            NoticeKind::Info,
            "This finding is about the plan, not one meeting.",
        );
        return;
    };
    if !app.select_number(n) && app.filter.take().is_some() {
        app.refresh();
        app.select_number(n);
    }
    app.focus = Pane::Meetings;
}

fn click(app: &mut App, column: u16, row: u16) {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    if area.width < view::MIN_WIDTH || area.height < view::MIN_HEIGHT {
        return;
    }
    let areas = layout(area, app.plan.clusters.len(), app.derived.findings.len());
    let at = Position::new(column, row);
    if areas.table.contains(at) {
        app.focus = Pane::Meetings;
        let first_row = areas.table.y + 2;
        if row >= first_row && row + 1 < areas.table.bottom() {
            let rows = view::table_rows(
                app.size,
                app.plan.clusters.len(),
                app.derived.findings.len(),
            );
            let offset = visible_offset(app.table_offset, app.selected, rows);
            let pos = offset + usize::from(row - first_row);
            if pos < app.rows.len() {
                app.selected = pos;
            }
        }
    } else if areas.findings.contains(at) {
        app.focus = Pane::Findings;
        let first_row = areas.findings.y + 1;
        if row >= first_row && row + 1 < areas.findings.bottom() {
            let rows = view::findings_rows(
                app.size,
                app.plan.clusters.len(),
                app.derived.findings.len(),
            );
            let offset = visible_offset(app.finding_offset, app.finding, rows);
            let pos = offset + usize::from(row - first_row);
            if pos < app.derived.findings.len() {
                app.finding = pos;
                jump_to_finding(app);
            }
        }
    } else if areas.timeline.contains(at) {
        app.focus = Pane::Timeline;
        match view::timeline_hit(app, areas.timeline, column, row) {
            Some(TimelineHit::Cluster(c)) if c < app.plan.clusters.len() => app.cluster = c,
            Some(TimelineHit::Year(y)) => {
                let number = app
                    .index()
                    .in_year(y)
                    .and_then(|v| v.first())
                    .map(|&i| app.plan.meetings[i].number);
                if let Some(n) = number {
                    app.select_number(n);
                }
            }
            _ => {}
        }
    } else if areas.details.contains(at) {
        app.focus = Pane::Details;
    }
}

fn filter(app: &mut App, mut input: Field, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Input(c) => input.type_char(c),
        Msg::Paste(text) => input.paste(&text),
        Msg::Backspace => input.backspace(),
        Msg::Edit(edit) => input.edit(edit),
        Msg::Open => {
            app.filter = (!input.value().is_empty()).then(|| input.value().to_string());
            app.refilter();
            return Vec::new();
        }
        Msg::Cancel => {
            app.filter = None;
            app.refilter();
            return Vec::new();
        }
        _ => {}
    }
    // Typing filters at once, so the table answers each key.
    app.filter = Some(input.value().to_string());
    app.refilter();
    app.mode = Mode::Filter { input };
    Vec::new()
}

fn moving(app: &mut App, topic: TopicId, from: Option<u32>, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Up
        | Msg::Down
        | Msg::PageUp
        | Msg::PageDown
        | Msg::Home
        | Msg::End
        | Msg::ScrollUp
        | Msg::ScrollDown => move_selection(app, &msg),
        // A click picks the target row (or timeline year); Enter still confirms.
        Msg::Click { column, row } => {
            click(app, column, row);
            app.focus = Pane::Meetings;
        }
        Msg::Cancel => {
            notice(
                app,
                NoticeKind::Info,
                format!("{topic} stays where it was."),
            );
            return Vec::new();
        }
        Msg::Open => {
            let Some(target) = app.selected_meeting() else {
                return Vec::new();
            };
            let to = target.number;
            if Some(to) == from {
                notice(
                    app,
                    NoticeKind::Info,
                    format!("{topic} stays where it was."),
                );
                return Vec::new();
            }
            if target.status.is_history() {
                let e = EditError::History {
                    number: to,
                    status: target.status,
                };
                notice(
                    app,
                    NoticeKind::Error,
                    refusal(&e) + " Choose another meeting.",
                );
            } else if let Some(other) = target.fixed.clone() {
                app.mode = Mode::Conflict { topic, to, other };
                return Vec::new();
            } else {
                apply(
                    app,
                    Edit::MoveFixed {
                        topic,
                        to,
                        conflict: Conflict::Swap,
                    },
                );
                return Vec::new();
            }
        }
        _ => {}
    }
    app.mode = Mode::Moving { topic, from };
    Vec::new()
}

/// Topics of the pool whose id or title contains the query (any case).
fn rematch(app: &App, p: &mut Picker) {
    let q = p.query.value().to_lowercase();
    p.matches = app
        .plan
        .flexible_topics
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            q.is_empty()
                || t.id.as_str().to_lowercase().contains(&q)
                || t.title.to_lowercase().contains(&q)
        })
        .map(|(i, _)| i)
        .collect();
    p.selected = p.selected.min(p.matches.len().saturating_sub(1));
}

fn picker(app: &mut App, mut p: Picker, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Up | Msg::ScrollUp => p.selected = p.selected.saturating_sub(1),
        Msg::Down | Msg::ScrollDown => {
            p.selected = (p.selected + 1).min(p.matches.len().saturating_sub(1))
        }
        Msg::Input(c) => {
            p.query.type_char(c);
            p.selected = 0;
            rematch(app, &mut p);
        }
        Msg::Paste(text) => {
            p.query.paste(&text);
            p.selected = 0;
            rematch(app, &mut p);
        }
        Msg::Backspace => {
            p.query.backspace();
            rematch(app, &mut p);
        }
        Msg::Edit(edit) => {
            p.query.edit(edit);
            rematch(app, &mut p);
        }
        Msg::Cancel => return Vec::new(),
        Msg::Open => {
            let Some(topic) = p
                .matches
                .get(p.selected)
                .and_then(|&i| app.plan.flexible_topics.get(i))
                .map(|t| t.id.clone())
            else {
                app.mode = Mode::Picker(p);
                return Vec::new();
            };
            apply(
                app,
                Edit::AssignFlexible {
                    meeting: p.meeting,
                    topic: Some(topic),
                },
            );
            return Vec::new();
        }
        Msg::ClearFlexible => {
            apply(
                app,
                Edit::AssignFlexible {
                    meeting: p.meeting,
                    topic: None,
                },
            );
            return Vec::new();
        }
        _ => {}
    }
    app.mode = Mode::Picker(p);
    Vec::new()
}

fn edit_menu(app: &mut App, meeting: u32, msg: Msg) {
    let Some(m) = app.plan.meeting(meeting) else {
        return;
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
            app.mode = Mode::Choice { meeting, selected };
            return;
        }
        Msg::Cancel => return,
        _ => {
            app.mode = Mode::EditMenu { meeting };
            return;
        }
    };
    let mut p = Prompt {
        kind,
        input: Field::prefilled(&input),
        error: None,
    };
    p.error = validate(&p);
    app.mode = Mode::Prompt(p);
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
        PromptKind::SaveAs | PromptKind::ExportPath { .. } | PromptKind::AmendmentPath => {
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

fn prompt(app: &mut App, mut p: Prompt, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Input(c) => {
            p.input.type_char(c);
            p.error = validate(&p);
        }
        Msg::Paste(text) => {
            p.input.paste(&text);
            p.error = validate(&p);
        }
        Msg::Backspace => {
            p.input.backspace();
            p.error = validate(&p);
        }
        Msg::Edit(edit) => {
            p.input.edit(edit);
            p.error = validate(&p);
        }
        Msg::Cancel => {
            app.quit_after_save = false;
            return Vec::new();
        }
        Msg::Open if p.error.is_none() => return accept(app, p),
        _ => {}
    }
    app.mode = Mode::Prompt(p);
    Vec::new()
}

fn accept(app: &mut App, p: Prompt) -> Vec<Effect> {
    let edit = match p.kind {
        PromptKind::Dates { meeting } => match parse_dates(p.input.value()) {
            Ok((start, end)) => Edit::EditMeeting {
                number: meeting,
                change: MeetingChange::Dates { start, end },
            },
            Err(error) => {
                app.mode = Mode::Prompt(Prompt {
                    error: Some(error),
                    ..p
                });
                return Vec::new();
            }
        },
        PromptKind::Venue { meeting } => Edit::EditMeeting {
            number: meeting,
            change: MeetingChange::Venue(optional(p.input.value())),
        },
        PromptKind::Note { meeting } => Edit::EditMeeting {
            number: meeting,
            change: MeetingChange::Note(optional(p.input.value())),
        },
        PromptKind::FlexibleTitle => {
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::FlexibleArticles {
                    title: p.input.value().trim().to_string(),
                },
                input: Field::default(),
                error: None,
            });
            return Vec::new();
        }
        PromptKind::FlexibleArticles { title } => {
            let related_articles = parse_articles(p.input.value()).unwrap_or_default();
            Edit::AddFlexible(FlexibleTopic {
                id: next_flexible_id(app),
                title,
                source: TopicSource::Additional,
                related_articles,
                recurring: false,
            })
        }
        PromptKind::SaveAs => {
            return vec![Effect::Save {
                path: PathBuf::from(p.input.value().trim()),
                in_place: false,
            }];
        }
        PromptKind::ExportPath { format } => {
            return vec![Effect::Export {
                format,
                path: PathBuf::from(p.input.value().trim()),
            }];
        }
        PromptKind::AmendmentPath => {
            return vec![Effect::ExportAmendment {
                path: PathBuf::from(p.input.value().trim()),
            }];
        }
    };
    let number = match &edit {
        Edit::EditMeeting { number, .. } => Some(*number),
        _ => None,
    };
    let year = |app: &App| number.and_then(|n| app.plan.meeting(n)).map(|m| m.year);
    let before = year(app);
    // New dates carry the meeting into their year: that must not pass unnoticed, since
    // it may misalign its topic.
    apply_saying(app, edit, |app| match (number, before, year(app)) {
        (Some(n), Some(from), Some(to)) if from != to => Some(format!(
            "The {} meeting moves from {from} to {to}.",
            ordinal(n)
        )),
        _ => None,
    });
    Vec::new()
}
