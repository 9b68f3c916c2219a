//! Dialogs drawn over the panes: help, the flexible-topic picker, prompts, choices.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::hang::hang_all;
use super::theme::Theme;
use super::{cell, put};
use crate::export::Format;
use crate::plan::{MeetingNumber, Status, TopicId, ordinal};
use crate::tui::app::{
    App, DiskChange, Mode, Picker, Prompt, PromptKind, RealignPreview, RestoreOffer, Restoring,
};
use crate::tui::keys::{Context, key_for, keys_label};
use crate::tui::msg::Msg;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    match &app.mode {
        Mode::Help { scroll } => help(app, area, buf, theme, *scroll),
        Mode::Picker(p) => picker(app, p, area, buf, theme),
        Mode::Prompt(p) => prompt(p, area, buf, theme),
        Mode::Conflict { topic, to, other } => conflict(app, topic, *to, other, area, buf, theme),
        Mode::EditMenu { meeting } => edit_menu(app, *meeting, area, buf, theme),
        Mode::Choice { meeting, selected } => choice(*meeting, *selected, area, buf, theme),
        Mode::ConfirmQuit => confirm_quit(app, area, buf, theme),
        Mode::Export { selected } => export(*selected, area, buf, theme),
        Mode::Diff { lines, scroll } => diff(app, lines, *scroll, area, buf, theme),
        Mode::Realign(preview) => realign(app, preview, area, buf, theme),
        Mode::Restore(_) | Mode::ChangedOnDisk(_) => {
            if let Some((title, text, _)) = offer_text(&app.mode, app, area, theme) {
                bounded_dialog(title, text, area, buf, theme);
            }
        }
        Mode::Normal | Mode::Filter { .. } | Mode::Moving { .. } => {}
    }
}

/// Moving a topic to a meeting that already has one: swap or shift?
fn conflict(
    app: &App,
    topic: &TopicId,
    to: MeetingNumber,
    other: &TopicId,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let from = app.fixed_at(topic).map(ordinal);
    let title = |id| {
        app.fixed_topic(id)
            .map(|t| t.title.clone())
            .unwrap_or_default()
    };
    let swap = match &from {
        Some(f) => format!(
            "{other} goes to the {f} meeting, {topic} to the {}",
            ordinal(to)
        ),
        None => format!(
            "{topic} takes the {} meeting; {other} is left unscheduled",
            ordinal(to)
        ),
    };
    let hint = |msg, text: &str| bound(app, Context::Conflict, msg, text, theme);
    let lines = vec![
        Line::from(format!(
            "The {} meeting already has {other} ({}).",
            ordinal(to),
            title(other)
        )),
        Line::from(""),
        hint(Msg::Swap, &format!("swap: {swap}")),
        hint(
            Msg::Shift,
            &format!(
                "shift: {topic} takes the slot; {other} and every later planned topic move one meeting later"
            ),
        ),
        hint(Msg::Cancel, "cancel"),
    ];
    dialog(&format!("Move {topic}"), lines, area, buf, theme, 70, 9);
}

/// The edits a meeting offers, with their keys.
fn edit_menu(app: &App, meeting: MeetingNumber, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = app
        .keymap
        .in_context(Context::EditMenu)
        .map(|(b, keys)| key_line(&keys_label(app, keys), b.help, theme))
        .collect();
    dialog(
        &format!("Edit the {} meeting", ordinal(meeting)),
        lines,
        area,
        buf,
        theme,
        50,
        8,
    );
}

/// A list line, marked and highlighted when it is the selected one.
fn choice_line<'a>(text: String, is_selected: bool, theme: &Theme) -> Line<'a> {
    let mark = if is_selected { "▶ " } else { "  " };
    let style = if is_selected {
        theme.selected
    } else {
        theme.text
    };
    Line::styled(format!("{mark}{text}"), style)
}

/// The statuses a meeting can take, one selected.
fn choice(meeting: MeetingNumber, selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| choice_line(s.to_string(), i == selected, theme))
        .collect();
    dialog(
        &format!("Status of the {} meeting", ordinal(meeting)),
        lines,
        area,
        buf,
        theme,
        40,
        7,
    );
}

/// Quitting with changes not saved.
fn confirm_quit(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let hint = |msg, text: &str| bound(app, Context::ConfirmQuit, msg, text, theme);
    let mut lines = vec![
        Line::from("The plan has changes that are not saved."),
        Line::from(""),
    ];
    lines.extend(QUIT_CHOICES.map(|(msg, text)| hint(msg, text)));
    dialog("Quit?", lines, area, buf, theme, QUIT_SIZE.0, QUIT_SIZE.1);
}

/// The quit dialog's choices, one a line under its two lines of text, in the order a
/// click finds them.
pub const QUIT_CHOICES: [(Msg, &str); 3] = [
    (Msg::SaveAndQuit, "save, then quit"),
    (Msg::Discard, "quit without saving"),
    (Msg::Cancel, "go back to the plan"),
];
const QUIT_SIZE: (u16, u16) = (50, 8);

/// The export formats, one selected.
fn export(selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut lines = vec![
        Line::from("The plan as it stands, with its findings."),
        Line::from(""),
    ];
    lines.extend(Format::ALL.iter().enumerate().map(|(i, f)| {
        choice_line(
            format!("{:<8} {}", f.as_str(), format_help(*f)),
            i == selected,
            theme,
        )
    }));
    dialog(
        "Export",
        lines,
        area,
        buf,
        theme,
        76,
        Format::ALL.len() as u16 + 5,
    );
}

/// The amendment since the plan was opened, wrapped and scrolled.
fn diff(app: &App, lines: &[String], scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = area.height.saturating_sub(DIFF_MARGIN);
    let inner = frame(
        &format!(
            "Changes since the plan was opened — {} closes",
            key_for(app, Context::Diff, &Msg::Cancel)
        ),
        area,
        buf,
        theme,
        DIFF_WIDTH,
        height,
    );
    let rows = usize::from(inner.height);
    let wrapped = wrap_diff(lines, usize::from(inner.width));
    scroll_position(buf, inner, scroll, rows, wrapped.len(), theme);
    for (k, line) in wrapped.iter().skip(scroll).take(rows).enumerate() {
        put(
            buf,
            inner.x,
            inner.y + k as u16,
            line,
            usize::from(inner.width),
            theme.text,
        );
    }
}

/// Rows at most of the difference and of the conflicts in the recovery and "changed on
/// disk" dialogs; the changes view (`d`) shows them all.
const DIFFERENCE_ROWS: usize = 12;
const CONFLICT_ROWS: usize = 4;
const RESTORE_WIDTH: u16 = 100;

/// The dialogs drawn by [`bounded_dialog`] (the recovery offer, "changed on disk"): the
/// title, the text and the messages of the key lines that end it. Drawing and clicks
/// ([`key_line_hit`]) share it.
fn offer_text<'a>(
    mode: &'a Mode,
    app: &App,
    area: Rect,
    theme: &Theme,
) -> Option<(&'static str, Bounded<'a>, Vec<Msg>)> {
    let (title, (text, msgs)) = match mode {
        Mode::Restore(offer) => ("Unsaved edits found", restore_text(app, offer, area, theme)),
        Mode::ChangedOnDisk(change) => ("Changed on disk", on_disk_text(app, change, area, theme)),
        _ => return None,
    };
    Some((title, text, msgs))
}

/// Unsaved edits of an earlier session found on opening: when, where, whether the plan
/// changed since, and what restoring them would change. The recovery offer's text, and
/// the messages of its key lines (the last lines), in
/// order: drawing and clicks share it.
fn restore_text<'a>(
    app: &App,
    offer: &'a RestoreOffer,
    area: Rect,
    theme: &Theme,
) -> (Bounded<'a>, Vec<Msg>) {
    let hint = |msg, text: &str| bound(app, Context::Restore, msg, text, theme);
    let width = offer_width(area);
    let recovered = &offer.recovered;
    let mut top = vec![
        Line::from(format!(
            "Edits not saved when the planner was stopped ({}) are in",
            recovered.when()
        )),
        Line::from(recovered.path.display().to_string()),
        Line::from(""),
    ];
    restore_how(&offer.how, &mut top, theme, width);
    top.push(Line::from("Restoring them changes:"));
    let mut keys = Vec::new();
    if !offer.rest.is_empty() {
        keys.push(Line::from(""));
        keys.push(Line::from(format!(
            "Unsaved edits of {} more session(s) of this plan are offered next.",
            offer.rest.len()
        )));
    }
    keys.push(Line::from(""));
    keys.push(hint(Msg::Restore, "restore them (then save to keep them)"));
    keys.push(hint(Msg::DiscardRecovery, "drop them"));
    keys.push(hint(Msg::Cancel, "decide later: keep the file"));
    let after = format!(
        " lines: once restored, {} shows them all",
        key_for(app, Context::Global, &Msg::Diff)
    );
    let text = Bounded {
        top,
        difference: &offer.difference,
        after,
        keys,
    };
    (text, vec![Msg::Restore, Msg::DiscardRecovery, Msg::Cancel])
}

/// A save found the plan's file changed on disk since it was read: what differs, what
/// reloading would do, and the four ways on. The "changed on disk" dialog's text, and the messages of its key lines (the last
/// lines), in order: drawing and clicks share it.
fn on_disk_text<'a>(
    app: &App,
    change: &'a DiskChange,
    area: Rect,
    theme: &Theme,
) -> (Bounded<'a>, Vec<Msg>) {
    let hint = |msg, text: &str| bound(app, Context::OnDisk, msg, text, theme);
    let width = offer_width(area);
    let mut top = vec![
        Line::styled(
            format!(
                "{} changed on disk since the planner opened or last saved it (another program or a git pull wrote it).",
                change.path.display()
            ),
            theme.warning,
        ),
        Line::from(""),
    ];
    let difference: &[String] = match &change.now {
        Ok(now) => {
            on_disk_merge(&now.merged, &mut top, width);
            top.push(Line::from(if now.difference.is_empty() {
                "The plan as edited is the same as the file now."
            } else {
                "The plan as edited, against the file now:"
            }));
            &now.difference
        }
        Err(why) => {
            top.push(Line::from(format!("It cannot be read now: {why}.")));
            &[]
        }
    };
    let keys = vec![
        Line::from(""),
        hint(
            Msg::Reload,
            "reload: the file as it is now, these edits merged onto it",
        ),
        hint(
            Msg::Overwrite,
            "overwrite: save over it, replacing its changes",
        ),
        hint(Msg::SaveAs, "save as another file"),
        hint(Msg::Cancel, "back to the plan: nothing written"),
    ];
    let after = format!(
        " lines: once reloaded, {} shows the edits against it",
        key_for(app, Context::Global, &Msg::Diff)
    );
    let text = Bounded {
        top,
        difference,
        after,
        keys,
    };
    let msgs = vec![Msg::Reload, Msg::Overwrite, Msg::SaveAs, Msg::Cancel];
    (text, msgs)
}

/// What reloading does with this session's edits: merged onto the file, the conflicts
/// listed; or why they cannot be.
fn on_disk_merge(
    merged: &Result<(crate::plan::Plan, Vec<String>), String>,
    lines: &mut Vec<Line<'static>>,
    width: usize,
) {
    match merged {
        Ok((_, conflicts)) => {
            lines.push(Line::from(
                "Reloading takes the file as it is now and merges this session's edits onto it.",
            ));
            if !conflicts.is_empty() {
                lines.push(Line::from(
                    "Where both changed the same thing, the file's value stays (ours: the file now; theirs: these edits):",
                ));
                shown(conflicts, lines, "", CONFLICT_ROWS, width);
            }
        }
        Err(why) => lines.push(Line::from(format!("It cannot be reloaded: {why}."))),
    }
    lines.push(Line::from(""));
}

/// A dialog's text around a difference that may be long: what it says first, the
/// difference, and its keys last.
struct Bounded<'a> {
    top: Vec<Line<'static>>,
    difference: &'a [String],
    /// Ends the line that counts the difference's lines left out.
    after: String,
    keys: Vec<Line<'static>>,
}

/// Columns inside a dialog of [`bounded_dialog`].
fn offer_width(area: Rect) -> usize {
    usize::from(RESTORE_WIDTH.min(area.width).saturating_sub(2)).max(1)
}

/// Draws `text`, the difference bounded to the rows the rest of the dialog and its
/// borders leave on the screen (and to [`DIFFERENCE_ROWS`]), so the keys are never cut
/// off.
fn bounded_dialog(title: &str, text: Bounded, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (lines, height) = bounded_lines(text, area);
    dialog(title, lines, area, buf, theme, RESTORE_WIDTH, height);
}

/// The lines of a [`bounded_dialog`] and its height, borders included.
fn bounded_lines(text: Bounded, area: Rect) -> (Vec<Line<'static>>, u16) {
    let width = offer_width(area);
    let Bounded {
        mut top,
        difference,
        after,
        keys,
    } = text;
    let room = usize::from(area.height).saturating_sub(2 + rows(&top, width) + rows(&keys, width));
    shown(
        difference,
        &mut top,
        &after,
        room.min(DIFFERENCE_ROWS),
        width,
    );
    top.extend(keys);
    let height = u16::try_from(rows(&top, width) + 2).unwrap_or(u16::MAX);
    (top, height)
}

/// The key a click at (`column`, `row`) names in the recovery offer or the "changed on
/// disk" dialog, `mode`: their key lines are the last rows inside the frame, laid out as
/// [`bounded_dialog`] draws them.
pub fn key_line_hit(mode: &Mode, app: &App, area: Rect, column: u16, row: u16) -> Option<Msg> {
    let theme = Theme::new(app.monochrome);
    let (_, text, msgs) = offer_text(mode, app, area, &theme)?;
    let (_, height) = bounded_lines(text, area);
    let inner = frame_inner(area, RESTORE_WIDTH, height);
    let count = u16::try_from(msgs.len()).ok()?;
    let first = inner.bottom().checked_sub(count)?;
    let inside = (inner.x..inner.right()).contains(&column);
    if !inside || row < first || row >= inner.bottom() {
        return None;
    }
    msgs.get(usize::from(row - first)).cloned()
}

/// Rows `lines` take once wrapped at `width` as [`dialog`] wraps them.
fn rows(lines: &[Line], width: usize) -> usize {
    hang_all(lines.to_vec(), width).len()
}

/// Whether the plan changed since the edits were kept, and what restoring does then.
fn restore_how(how: &Restoring, lines: &mut Vec<Line<'static>>, theme: &Theme, width: usize) {
    match how {
        Restoring::AsKept => {}
        Restoring::Merged {
            changed_on_disk,
            conflicts,
        } => {
            let text = match changed_on_disk {
                true => {
                    "The plan changed on disk since these edits were kept (another program or a git pull saved it): restoring merges them onto the plan as it is now and keeps its new content."
                }
                false => {
                    "Edits restored before these changed the plan: restoring merges these onto them."
                }
            };
            lines.push(Line::styled(text, theme.warning));
            if !conflicts.is_empty() {
                lines.push(Line::from(
                    "Where both changed the same thing, the plan's value stays (ours: the plan now; theirs: these edits):",
                ));
                shown(conflicts, lines, "", CONFLICT_ROWS, width);
            }
            lines.push(Line::from(""));
        }
        Restoring::Replacing { why } => {
            lines.push(Line::styled(
                format!(
                    "Restoring replaces the plan as it is now with these edits: {why}. Look at what it changes first."
                ),
                theme.warning,
            ));
            lines.push(Line::from(""));
        }
    }
}

/// As many of `all` as `room` rows take, then how many more (and `after` that).
fn shown(all: &[String], lines: &mut Vec<Line<'static>>, after: &str, room: usize, width: usize) {
    let mut used = 0;
    for (i, l) in all.iter().enumerate() {
        let line = Line::from(format!("  {l}"));
        let need = rows(std::slice::from_ref(&line), width);
        // A row is kept for the count of the others, if any follow.
        let count_row = usize::from(i + 1 < all.len());
        if used + need + count_row > room {
            let more = all.len() - i;
            lines.push(Line::from(format!("  … and {more} more{after}")));
            return;
        }
        used += need;
        lines.push(line);
    }
}

/// Width of the diff overlay, borders included, and the rows it leaves to the screen.
const DIFF_WIDTH: u16 = 110;
const DIFF_MARGIN: u16 = 4;

/// The amendment's lines wrapped to the overlay, continuation lines indented under
/// their text: a move names two meetings and must not lose the second to an ellipsis.
fn wrap_diff(lines: &[String], width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let indent = &line[..line.len() - line.trim_start().len()];
        let hanging = format!("{indent}    ");
        let options = textwrap::Options::new(width.max(hanging.len() + 8))
            .subsequent_indent(&hanging)
            .break_words(true);
        out.extend(
            textwrap::wrap(line, options)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

/// The furthest the diff overlay scrolls on a terminal of `size`: until its last
/// wrapped line is at the bottom.
pub fn diff_scroll_max(size: (u16, u16), lines: &[String]) -> usize {
    let width = DIFF_WIDTH.min(size.0).saturating_sub(2);
    let rows = size.1.saturating_sub(DIFF_MARGIN).saturating_sub(2);
    wrap_diff(lines, usize::from(width))
        .len()
        .saturating_sub(usize::from(rows))
}

fn format_help(f: Format) -> &'static str {
    match f {
        Format::Md => "Markdown: the annex table and the cluster windows",
        Format::Csv => "one row per meeting, for spreadsheets",
        Format::Json => "the normalized plan and its findings",
        Format::Ics => "calendar: every meeting, undated ones tentative",
        Format::Html => "one web page with the timeline, printable",
        Format::Mermaid => "Mermaid gantt chart",
        Format::Yaml => "the plan in canonical form",
        Format::Docx => "Word document of the annex, for the Bureau",
        Format::Xlsx => "spreadsheet: meetings, clusters, topics",
    }
}

fn realign(app: &App, preview: &RealignPreview, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let height = area.height.saturating_sub(4);
    let inner = frame(&realign_title(app, preview), area, buf, theme, 100, height);
    if inner.height < 4 {
        return;
    }
    let w = usize::from(inner.width);
    // The summary is wrapped, never cut (at 80 columns it takes two lines or three), up
    // to half the dialog; the rows take the rest.
    let summary = realign_summary(preview, w, theme);
    let top = summary.len().min(usize::from(inner.height) / 2) as u16;
    for (k, (text, style)) in summary.iter().take(usize::from(top)).enumerate() {
        put(buf, inner.x, inner.y + k as u16, text, w, *style);
    }
    // Meeting, year and arrow keep their width; the two topic columns share the rest.
    let topics = w.saturating_sub(7 + 5 + 2 + 4);
    let cols = [7usize, 5, topics.div_ceil(2), 2, topics / 2];
    let header = ["Meeting", "Year", "Now", "", "Proposed"];
    put_header(buf, inner.x, inner.y + top, &cols, &header, theme);
    let title_of = |t: &Option<TopicId>, misaligned: bool| {
        let mark = if misaligned { "!" } else { "" };
        match t {
            Some(id) => match app.fixed_topic(id) {
                Some(ft) => format!("{mark}{id} {}", ft.title),
                None => format!("{mark}{id}"),
            },
            None => "—".to_string(),
        }
    };
    let rows = usize::from(inner.height.saturating_sub(top + 1));
    let all = &preview.summary.rows;
    scroll_position(buf, inner, preview.scroll, rows, all.len(), theme);
    for (k, r) in all.iter().skip(preview.scroll).take(rows).enumerate() {
        let y = inner.y + top + 1 + k as u16;
        // Every change the plan makes shows: added, renumbered, emptied, moved.
        let now = match r.was {
            None if r.second => "(new, second in its year)".to_string(),
            None => "(new meeting)".to_string(),
            Some(was) if r.renumbered() => format!(
                "(was {}) {}",
                ordinal(was),
                title_of(&r.current, r.current_misaligned)
            ),
            Some(_) => title_of(&r.current, r.current_misaligned),
        };
        let proposed = if r.left_empty() {
            "— (left empty)".to_string()
        } else {
            title_of(&r.proposed, r.proposed_misaligned)
        };
        let cells = [
            ordinal(r.number),
            r.year.to_string(),
            now,
            if r.changed() {
                "→".into()
            } else {
                String::new()
            },
            proposed,
        ];
        let mut x = inner.x;
        for (j, (c, text)) in cols.iter().zip(cells).enumerate() {
            let style = match j {
                2 if r.current_misaligned => theme.misaligned,
                4 if r.proposed_misaligned => theme.misaligned,
                0 | 3 | 4 if r.changed() => theme.accent,
                _ => theme.text,
            };
            put(buf, x, y, &text, *c, style);
            x += *c as u16 + 1;
        }
    }
}

/// The realignment preview's title: its options and the keys that apply, toggle, cancel;
/// a proposal that is the plan as it stands offers nothing to apply.
fn realign_title(app: &App, preview: &RealignPreview) -> String {
    let order = if preview.allow_reorder {
        "order free"
    } else {
        "order kept"
    };
    // No aligned plan exists: the proposal is the least-misaligned one.
    let kind = if preview.proposal.misaligned.is_empty() {
        ""
    } else {
        ", best effort"
    };
    let second = if preview.allow_second {
        ", second meetings"
    } else {
        ""
    };
    let apply = if preview.summary.unchanged {
        "nothing to change".to_string()
    } else {
        format!("{} applies", key_for(app, Context::Realign, &Msg::Open))
    };
    // The other keys are in the key bar below: a title naming them all was cut at 80
    // columns.
    format!("Realignment ({order}{second}{kind}) — {apply}")
}

/// The realignment preview's summary, wrapped to `width`: what the proposal changes, the
/// other ways' costs, and the findings after it with what it leaves misaligned or empty.
fn realign_summary(
    preview: &RealignPreview,
    width: usize,
    theme: &Theme,
) -> Vec<(String, ratatui::style::Style)> {
    let p = &preview.proposal;
    let s = &preview.summary;
    let changes = if s.unchanged {
        "Nothing to change: the proposal is the plan as it stands.".to_string()
    } else {
        format!("{}.", s.counts_line(false))
    };
    let ways: Vec<String> = preview
        .alternatives
        .iter()
        .map(|(label, cost)| format!("{label}: {cost}"))
        .collect();
    let ways = format!("Moved/added/years: {}", ways.join(" · "));
    // The plan's findings after the proposal, what it leaves misaligned or empty.
    let mut after = vec![format!("After: {}.", s.findings)];
    if !p.misaligned.is_empty() {
        let topics: Vec<String> = p
            .misaligned
            .iter()
            .map(|m| format!("{} {:+}", m.topic, m.years_early_or_late))
            .collect();
        after.push(format!(
            "Still misaligned (years early or late): {}.",
            topics.join(", ")
        ));
    }
    if !s.left_empty.is_empty() {
        let meetings = s
            .left_empty
            .iter()
            .map(|&(n, y)| format!("{} ({y})", ordinal(n)));
        after.push(format!(
            "Left empty: {}.",
            crate::plan::short_list(meetings)
        ));
    }
    let warn = if p.misaligned.is_empty() && s.left_empty.is_empty() {
        theme.text
    } else {
        theme.error
    };
    [
        (changes, theme.accent),
        (ways, theme.text),
        (after.join(" "), warn),
    ]
    .into_iter()
    .flat_map(|(text, style)| {
        textwrap::wrap(&text, width.max(8))
            .into_iter()
            .map(|line| (line.into_owned(), style))
            .collect::<Vec<_>>()
    })
    .collect()
}

fn key_line<'a>(keys: &str, what: &str, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{keys:>10}  "), theme.key),
        Span::raw(what.to_string()),
    ])
}

/// A bordered box of at most `width`×`height`, centred, over a cleared area.
/// Width and height of the text-field dialog.
const PROMPT_SIZE: (u16, u16) = (76, 6);
const PICKER_LABEL: &str = "Filter: ";

fn picker_size(area: Rect) -> (u16, u16) {
    (
        area.width.saturating_sub(4).min(120),
        area.height.saturating_sub(4),
    )
}

/// Inside the borders of a dialog of this size, centred in `area` (as [`frame`] draws it).
/// A dialog's line for the key the table binds to `msg` in `context`.
fn bound<'a>(app: &App, context: Context, msg: Msg, text: &str, theme: &Theme) -> Line<'a> {
    key_line(&key_for(app, context, &msg), text, theme)
}

fn frame_inner(area: Rect, width: u16, height: u16) -> Rect {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Block::default().borders(Borders::ALL).inner(rect)
}

/// Where the open dialog draws its list (export formats, statuses, the picker's
/// topics, the quit dialog's choices): the rows' rectangle, the item on its first row, and how many items there
/// are; `None` for dialogs without a list. Drawing and clicks share it.
fn list_rows(mode: &Mode, area: Rect) -> Option<(Rect, usize, usize)> {
    let below = |inner: Rect, lines: u16, height: u16| Rect {
        y: inner.y.saturating_add(lines),
        height: height.min(inner.height.saturating_sub(lines)),
        ..inner
    };
    match mode {
        Mode::Export { .. } => {
            let inner = frame_inner(area, 76, Format::ALL.len() as u16 + 5);
            Some((below(inner, 2, u16::MAX), 0, Format::ALL.len()))
        }
        Mode::Choice { .. } => Some((frame_inner(area, 40, 7), 0, Status::ALL.len())),
        Mode::ConfirmQuit => {
            let inner = frame_inner(area, QUIT_SIZE.0, QUIT_SIZE.1);
            Some((below(inner, 2, u16::MAX), 0, QUIT_CHOICES.len()))
        }
        Mode::Picker(p) => {
            let (width, height) = picker_size(area);
            let inner = frame_inner(area, width, height);
            let (rows, _) = picker_rows(inner);
            let offset = super::table::visible_offset(0, p.selected, rows);
            let rows = u16::try_from(rows).unwrap_or(u16::MAX);
            Some((below(inner, 3, rows), offset, p.matches.len()))
        }
        _ => None,
    }
}

/// The rows of topics the picker shows inside `inner`, and the lines under them for
/// the selected topic's whole title (none on a short screen).
fn picker_rows(inner: Rect) -> (usize, u16) {
    let detail = if inner.height >= 12 { 3 } else { 0 };
    (usize::from(inner.height.saturating_sub(3 + detail)), detail)
}

/// The selected row of a dialog's list (export formats, statuses), for the terminal
/// cursor; `None` for dialogs without a list (the picker's cursor is in its filter).
pub fn selected_row(app: &App, area: Rect) -> Option<ratatui::layout::Position> {
    let selected = match &app.mode {
        Mode::Export { selected } | Mode::Choice { selected, .. } => *selected,
        _ => return None,
    };
    let (rows, first, _) = list_rows(&app.mode, area)?;
    let y = rows
        .y
        .checked_add(u16::try_from(selected.checked_sub(first)?).ok()?)?;
    (y < rows.bottom()).then(|| ratatui::layout::Position::new(rows.x, y))
}

/// The item of the list of dialog `mode` that a click at (`column`, `row`) lands on.
pub fn list_hit(mode: &Mode, area: Rect, column: u16, row: u16) -> Option<usize> {
    let (rows, first, len) = list_rows(mode, area)?;
    if !rows.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    let item = first + usize::from(row - rows.y);
    (item < len).then_some(item)
}

/// The row of the text-field dialog where the text is typed.
pub fn prompt_field(area: Rect) -> Rect {
    let inner = frame_inner(area, PROMPT_SIZE.0, PROMPT_SIZE.1);
    Rect {
        height: 1.min(inner.height),
        ..inner
    }
}

/// Where the picker's filter text is typed, if the picker has room to show it.
pub fn picker_field(area: Rect) -> Option<Rect> {
    let (width, height) = picker_size(area);
    let inner = frame_inner(area, width, height);
    let label = PICKER_LABEL.len() as u16;
    (inner.height >= 4 && inner.width > label).then(|| Rect {
        x: inner.x + label,
        y: inner.y + 1,
        width: inner.width - label,
        height: 1,
    })
}

fn frame(
    title: &str,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    width: u16,
    height: u16,
) -> Rect {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(
                " {} ",
                super::fit(title, usize::from(rect.width.saturating_sub(4)))
            ),
            theme.focus_title,
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// "12-30 of 64" on the bottom border of a dialog whose `inner` area shows `shown` of
/// `total` lines from `first`: a list that scrolls says so, and where it is.
fn scroll_position(
    buf: &mut Buffer,
    inner: Rect,
    first: usize,
    shown: usize,
    total: usize,
    theme: &Theme,
) {
    if total <= shown || inner.width < 8 {
        return;
    }
    let last = (first + shown).min(total);
    let text = format!(" {}-{last} of {total} ", first + 1);
    let width = super::width(&text) as u16;
    if width + 2 > inner.width {
        return;
    }
    let x = inner.right().saturating_sub(width + 1);
    buf.set_string(x, inner.bottom(), text, theme.focus_title);
}

fn dialog(
    title: &str,
    lines: Vec<Line>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    width: u16,
    height: u16,
) {
    let inner = frame(title, area, buf, theme, width, height);
    let lines = hang_all(super::visible_lines(lines, inner), usize::from(inner.width));
    Paragraph::new(lines).render(inner, buf);
}

/// The help's lines: each context's keys, then the marks and the mouse.
fn help_text<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let order = crate::tui::keys::help_order();
    for ctx in order {
        lines.push(Line::styled(ctx.title().to_string(), theme.header));
        for (b, keys) in app.keymap.in_context(ctx) {
            lines.push(key_line(&keys_label(app, keys), b.help, theme));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(
        "Marks: ✗ error  ▲ warning  · info  ! misaligned fixed topic  █ review window  ░ grace years",
    ));
    lines.push(Line::from(
        "Mouse: click a row, a finding or a timeline cell to select it.",
    ));
    lines.push(Line::from(
        "In the export, status, flexible-topic and quit dialogs, a click chooses the line.",
    ));
    lines
}

/// Width of the help overlay, borders included.
const HELP_WIDTH: u16 = 96;

/// The help's rows at the app's size, once wrapped under their text: how far it scrolls.
pub fn help_rows(app: &App) -> usize {
    let width = HELP_WIDTH.min(app.size.0).saturating_sub(2);
    let theme = Theme::new(app.monochrome);
    hang_all(help_text(app, &theme), usize::from(width)).len()
}

fn help(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, scroll: u16) {
    let height = area.height.saturating_sub(2);
    let inner = frame(
        &format!(
            "Help — {} closes",
            key_for(app, Context::Help, &Msg::Cancel)
        ),
        area,
        buf,
        theme,
        HELP_WIDTH,
        height,
    );
    let lines = hang_all(help_text(app, theme), usize::from(inner.width));
    let rows = usize::from(inner.height);
    // Scrolled no further than the last line at the bottom.
    let first = usize::from(scroll).min(lines.len().saturating_sub(rows));
    scroll_position(buf, inner, first, rows, lines.len(), theme);
    Paragraph::new(lines)
        .scroll((u16::try_from(first).unwrap_or(u16::MAX), 0))
        .render(inner, buf);
}

fn prompt(p: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (title, hint) = match &p.kind {
        PromptKind::Dates { meeting } => (
            format!("Dates of the {} meeting", ordinal(*meeting)),
            "YYYY-MM-DD or YYYY-MM-DD YYYY-MM-DD (first and last day); empty clears",
        ),
        PromptKind::Venue { meeting } => (
            format!("Venue of the {} meeting", ordinal(*meeting)),
            "empty clears",
        ),
        PromptKind::Note { meeting } => (
            format!("Note on the {} meeting", ordinal(*meeting)),
            "empty clears",
        ),
        PromptKind::FlexibleTitle => (
            "New additional flexible topic".to_string(),
            "title of the topic the extended Bureau approved",
        ),
        PromptKind::FlexibleArticles { .. } => (
            "Related articles".to_string(),
            "article numbers separated by commas, e.g. 8, 12; may be empty",
        ),
        PromptKind::SaveAs => ("Save as".to_string(), "path of the plan file to write"),
        PromptKind::ExportPath { format } => (
            format!("Export as {format}"),
            "path of the file to write (replaced if it exists)",
        ),
        PromptKind::AmendmentPath { .. } => (
            "Write the amendment".to_string(),
            "path ending .md, .json or .docx for those forms, else plain text",
        ),
    };
    let inner = frame(&title, area, buf, theme, PROMPT_SIZE.0, PROMPT_SIZE.1);
    let width = usize::from(inner.width);
    let field = prompt_field(area);
    super::draw_field(buf, field.x, field.y, field.width, &p.input, theme.accent);
    if inner.height > 2 {
        match &p.error {
            Some(e) => put(
                buf,
                inner.x,
                inner.y + 2,
                &format!("✗ {e}"),
                width,
                theme.error,
            ),
            None => put(buf, inner.x, inner.y + 2, hint, width, theme.dim),
        }
    }
}

fn picker(app: &App, p: &Picker, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let plan = &app.plan;
    let meeting = plan.meeting(p.meeting);
    let current = meeting.and_then(|m| m.flexible.as_ref());
    let title = format!(
        "Flexible topic (item 2) for the {} meeting",
        ordinal(p.meeting)
    );
    let (width, height) = picker_size(area);
    let inner = frame(&title, area, buf, theme, width, height);
    if inner.height < 4 {
        return;
    }
    let w = usize::from(inner.width);
    let fixed = meeting
        .and_then(|m| m.fixed.as_ref())
        .and_then(|t| app.fixed_topic(t));
    put(buf, inner.x, inner.y, &fixed_line(fixed), w, theme.dim);
    put(buf, inner.x, inner.y + 1, PICKER_LABEL, w, theme.accent);
    if let Some(field) = picker_field(area) {
        super::draw_field(buf, field.x, field.y, field.width, &p.query, theme.accent);
    }
    let cols = [5usize, w.saturating_sub(5 + 14 + 12 + 22 + 4), 14, 12, 22];
    let header = [
        "Id",
        "Title",
        "Placed at",
        "Articles",
        "Fixed topic on them",
    ];
    put_header(buf, inner.x, inner.y + 2, &cols, &header, theme);
    // The selected topic's whole title under the list: the table cuts long titles.
    let (rows, detail) = picker_rows(inner);
    let offset = super::table::visible_offset(0, p.selected, rows);
    if let Some(t) = p
        .matches
        .get(p.selected)
        .and_then(|&ti| plan.flexible_topics.get(ti))
        && detail > 0
    {
        picker_detail(t, inner, detail, buf, theme);
    }
    if p.matches.is_empty() {
        put(
            buf,
            inner.x,
            inner.y + 3,
            "No topic matches the filter.",
            w,
            theme.dim,
        );
    }
    for (k, &ti) in p.matches.iter().enumerate().skip(offset).take(rows) {
        let Some(t) = plan.flexible_topics.get(ti) else {
            continue;
        };
        let y = inner.y + 3 + (k - offset) as u16;
        let cells = picker_cells(app, t, current);
        let style = if k == p.selected {
            theme.selected
        } else {
            theme.text
        };
        let mut x = inner.x;
        for (j, (c, text)) in cols.iter().zip(cells).enumerate() {
            let span = if j + 1 < cols.len() { *c + 1 } else { *c };
            buf.set_stringn(x, y, cell(&super::fit(&text, *c), span), span, style);
            x += *c as u16 + 1;
        }
    }
}

/// The picker's first line: the meeting's fixed topic and its articles.
fn fixed_line(fixed: Option<&crate::plan::FixedTopic>) -> String {
    match fixed {
        Some(t) => format!(
            "This meeting's fixed topic: {} {} ({})",
            t.id,
            t.title,
            crate::plan::articles_label(&t.articles)
        ),
        None => "This meeting has no fixed topic.".to_string(),
    }
}

/// A table's column headers on row `y`, from `x`, one space between columns.
fn put_header(buf: &mut Buffer, x: u16, y: u16, cols: &[usize], header: &[&str], theme: &Theme) {
    let mut x = x;
    for (c, h) in cols.iter().zip(header) {
        put(buf, x, y, h, *c, theme.header);
        x += *c as u16 + 1;
    }
}

/// The selected topic's whole title on the last `detail` rows of the picker.
fn picker_detail(
    t: &crate::plan::FlexibleTopic,
    inner: Rect,
    detail: u16,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let w = usize::from(inner.width);
    let text = format!("{} {}", t.id, t.title);
    let mut lines: Vec<String> = textwrap::wrap(&text, w.max(8))
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    // A title longer still ends its last line with an ellipsis (`put` cuts it).
    let keep = usize::from(detail);
    if lines.len() > keep {
        let rest = lines.split_off(keep - 1).join(" ");
        lines.push(rest);
    }
    let top = inner.bottom() - detail;
    for (k, line) in lines.iter().enumerate() {
        put(buf, inner.x, top + k as u16, line, w, theme.dim);
    }
}

/// The picker's cells for flexible topic `t`: id, title (● if it is the meeting's
/// current one), where it is placed, its articles and the fixed topics on them.
fn picker_cells(
    app: &App,
    t: &crate::plan::FlexibleTopic,
    current: Option<&TopicId>,
) -> [String; 5] {
    let placed = Some(app.flexible_at(&t.id))
        .filter(|v| !v.is_empty())
        .map(|v| v.into_iter().map(ordinal).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|| "—".into());
    let articles = if t.related_articles.is_empty() {
        "—".to_string()
    } else {
        t.related_articles
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let covering: Vec<String> = app
        .plan
        .fixed_topics
        .iter()
        .filter(|f| f.articles.iter().any(|a| t.related_articles.contains(a)))
        .map(|f| match app.fixed_at(&f.id) {
            Some(n) => format!("{} {}", ordinal(n), f.id),
            None => format!("{} unscheduled", f.id),
        })
        .collect();
    let mark = if current == Some(&t.id) { "● " } else { "" };
    let title = match t.source {
        crate::plan::TopicSource::Additional => format!("{mark}{} (additional)", t.title),
        crate::plan::TopicSource::List => format!("{mark}{}", t.title),
    };
    [
        t.id.to_string(),
        title,
        placed,
        articles,
        covering.join(", "),
    ]
}
