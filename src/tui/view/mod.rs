//! The view: reads the app state and writes cells, nothing else. Each pane draws only
//! the rows that fit, so a frame costs the same for 20 meetings as for 100,000.

mod details;
mod findings;
mod hang;
mod overlay;
pub mod table;
pub mod theme;
mod timeline;

#[cfg(test)]
mod tests;

use ratatui::buffer::Buffer;
use ratatui::buffer::CellWidth;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::{App, Drawn, Mode, NoticeKind, Origin, Pane, Region};
use super::field::Field;
use super::keys;
use super::msg::Msg;
use theme::Theme;

pub use super::app::cluster_label_width;
pub use super::field::width;
pub use details::extent as details_extent;
pub use overlay::{QUIT_CHOICES, diff_scroll_max, help_rows, key_line_hit, list_hit};
pub use timeline::{TimelineHit, timeline_hit};

/// Below this the panes cannot show a useful row; the screen says so instead.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Whether a terminal of `size` (columns, rows) can show the planner's panes. Below it
/// the screen says so, and the update takes no key whose effect would go unseen.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_WIDTH && size.1 >= MIN_HEIGHT
}

/// At most this many lines of a message; a longer one is cut at the last.
pub const MAX_STATUS_LINES: u16 = 4;

/// At most this many cluster bars; more scroll with the cluster selection.
pub const MAX_CLUSTER_ROWS: usize = 6;

/// Where each pane is drawn, from the terminal size alone (the update uses it for
/// mouse clicks and page sizes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub timeline: Rect,
    pub table: Rect,
    pub details: Rect,
    pub findings: Rect,
    pub status: Rect,
    pub keybar: Rect,
}

impl From<Rect> for Region {
    fn from(r: Rect) -> Self {
        Region {
            x: r.x,
            y: r.y,
            width: r.width,
            height: r.height,
        }
    }
}

impl From<Region> for Rect {
    fn from(r: Region) -> Self {
        Rect::new(r.x, r.y, r.width, r.height)
    }
}

impl From<Areas> for Drawn {
    fn from(a: Areas) -> Self {
        Drawn {
            timeline: a.timeline.into(),
            table: a.table.into(),
            details: a.details.into(),
            findings: a.findings.into(),
        }
    }
}

/// `findings` is how many findings there are: a pane with fewer gives its empty rows to
/// the meetings table (it keeps one row, for "no findings").
pub fn layout(area: Rect, clusters: usize, findings: usize, status: u16) -> Areas {
    let timeline_height = (clusters.min(MAX_CLUSTER_ROWS) as u16) + 5;
    let most = if area.height >= 36 { 8 } else { 5 };
    let needed = u16::try_from(findings.max(1)).unwrap_or(u16::MAX);
    let findings_height = needed.saturating_add(2).min(most);
    let [header, timeline, middle, findings, status, keybar] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(timeline_height),
        Constraint::Min(5),
        Constraint::Length(findings_height),
        Constraint::Length(status.clamp(1, MAX_STATUS_LINES)),
        Constraint::Length(1),
    ])
    .areas(area);
    let [table, details] =
        Layout::horizontal([Constraint::Percentage(68), Constraint::Percentage(32)]).areas(middle);
    Areas {
        header,
        timeline,
        table,
        details,
        findings,
        status,
        keybar,
    }
}

/// Where each pane of `app` goes in `area`: [`layout`] with the message line as tall
/// as the message needs ([`status_lines`]).
pub fn layout_of(app: &App, area: Rect) -> Areas {
    let status = u16::try_from(status_lines(app, area.width).len()).unwrap_or(u16::MAX);
    layout(
        area,
        app.plan.clusters.len(),
        app.derived.findings.len(),
        status,
    )
}

/// Rows of meetings the table shows at the app's terminal size.
pub fn table_rows(app: &App) -> usize {
    let areas = layout_of(app, Rect::new(0, 0, app.size.0, app.size.1));
    usize::from(areas.table.height.saturating_sub(3))
}

/// Rows of findings the findings pane shows at the app's terminal size.
pub fn findings_rows(app: &App) -> usize {
    let areas = layout_of(app, Rect::new(0, 0, app.size.0, app.size.1));
    usize::from(areas.findings.height.saturating_sub(2))
}

/// Draws the app on the whole frame; returns where the panes went (none while the
/// terminal is too small for them), for the loop to keep for mouse clicks.
pub fn draw(app: &App, frame: &mut ratatui::Frame) -> Option<Areas> {
    let area = frame.area();
    frame.render_widget(app, area);
    fits((area.width, area.height)).then(|| layout_of(app, area))
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::new(self.monochrome);
        if !fits((area.width, area.height)) {
            render_too_small(self, area, buf, &theme);
            if self.ascii_borders {
                theme::to_ascii(buf);
            }
            return;
        }
        let areas = layout_of(self, area);
        render_header(self, areas.header, buf, &theme);
        timeline::render(self, areas.timeline, buf, &theme);
        table::render(self, areas.table, buf, &theme);
        details::render(self, areas.details, buf, &theme);
        findings::render(self, areas.findings, buf, &theme);
        render_status(self, areas.status, buf, &theme);
        render_keybar(self, areas.keybar, buf, &theme);
        overlay::render(self, area, buf, &theme);
        if self.ascii_borders {
            theme::to_ascii(buf);
        }
    }
}

fn render_too_small(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (w, h) = (area.width, area.height);
    let (full, short) = if matches!(app.mode, Mode::ConfirmQuit) {
        too_small_quit(app)
    } else {
        let quit = keys::key_for(app, keys::Context::Global, &Msg::Quit);
        (
            [
                "The planner needs a larger terminal.".to_string(),
                format!("It needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {w}×{h}."),
                format!("Enlarge the window (or use a smaller font); {quit} quits."),
            ],
            // A cut sentence loses its point: on a very small terminal say it in fewer
            // words.
            [
                "Too small:".to_string(),
                format!("{w}×{h}, needs {MIN_WIDTH}×{MIN_HEIGHT}."),
                format!("Enlarge; {quit} quits."),
            ],
        )
    };
    let whole = full.iter().all(|l| l.width() <= usize::from(w));
    let lines = if whole { full } else { short };
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let text = fit(line, usize::from(area.width));
        let x = area.x + area.width.saturating_sub(text.width() as u16) / 2;
        buf.set_string(x, y, text, theme.text);
    }
}

/// The quit choice, drawn on a screen too small for its dialog: `q` with unsaved
/// changes must not open a question nobody can see.
fn too_small_quit(app: &App) -> ([String; 3], [String; 3]) {
    let key = |msg| keys::key_for(app, keys::Context::ConfirmQuit, &msg);
    let (save, discard, back) = (key(Msg::SaveAndQuit), key(Msg::Discard), key(Msg::Cancel));
    (
        [
            "The plan has changes that are not saved.".to_string(),
            format!("{save} save, then quit · {discard} quit without saving"),
            format!("{back} go back to the plan"),
        ],
        [
            "Unsaved changes.".to_string(),
            format!("{save} save+quit · {discard} discard"),
            format!("{back} back"),
        ],
    )
}

fn render_header(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let source = match &app.origin {
        Origin::Bundled => "bundled plan".to_string(),
        Origin::File(p) => p.display().to_string(),
    };
    let c = app.derived.counts;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    // Counts first: when the title is cut, what the checks say stays in view.
    let mut spans = vec![
        Span::styled(" workplan ", theme.title),
        Span::raw(" "),
        if c.error == 0 {
            Span::styled("✓ no errors".to_string(), theme.text)
        } else {
            Span::styled(format!("✗ {}", plural(c.error, "error")), theme.error)
        },
        Span::raw(" "),
        Span::styled(format!("▲ {}", plural(c.warning, "warning")), theme.warning),
        Span::raw(" "),
        Span::styled(format!("· {} info", c.info), theme.dim),
    ];
    // Read aloud, the counts need no symbols: words and commas.
    if app.ascii_borders {
        spans.truncate(2);
        let errors = match c.error {
            0 => "no errors".to_string(),
            n => plural(n, "error"),
        };
        let text = format!(
            "{errors}, {}, {} info",
            plural(c.warning, "warning"),
            c.info
        );
        let style = if c.error == 0 {
            theme.text
        } else {
            theme.error
        };
        spans.push(Span::styled(text, style));
    }
    if app.is_dirty() {
        spans.push(Span::styled("  ● modified", theme.warning));
    }
    if app.read_only {
        spans.push(Span::styled("  read-only", theme.warning));
    }
    if let Some(f) = &app.filter {
        spans.push(Span::styled(format!("  filter: {f}"), theme.accent));
    }
    spans.push(Span::styled(format!("  {source}: "), theme.text));
    spans.push(Span::styled(app.plan.title.clone(), theme.accent));
    let line = visible_spans(Line::from(spans));
    buf.set_line(area.x, area.y, &line, area.width);
    if line.width() > usize::from(area.width) && area.width > 0 {
        buf.set_string(area.right() - 1, area.y, "…", theme.text);
    }
}

/// How the message line is coloured.
enum Tone {
    Accent,
    Text,
    Error,
}

/// What the message line says, if anything but a text field: the move under way with
/// its verdict, or the last notice.
fn status_message(app: &App) -> Option<(String, Tone)> {
    match (&app.mode, &app.notice) {
        // The whole verdict for the meeting under the cursor: the table may cut it. The
        // keys named are the key map's, so a remapped key is named right.
        (Mode::Moving { topic, .. }, _) => Some((moving_message(app, topic), Tone::Accent)),
        (Mode::Filter { .. }, _) => None,
        (_, Some(n)) => Some((
            n.text.clone(),
            match n.kind {
                NoticeKind::Info => Tone::Text,
                NoticeKind::Error => Tone::Error,
            },
        )),
        _ => None,
    }
}

fn moving_message(app: &App, topic: &crate::plan::TopicId) -> String {
    let key = |context, msg| keys::key_for(app, context, &msg);
    let choose = format!(
        "{}/{}",
        key(keys::Context::Lists, Msg::Up),
        key(keys::Context::Lists, Msg::Down)
    );
    let (place, leave) = (
        key(keys::Context::Moving, Msg::Open),
        key(keys::Context::Moving, Msg::Cancel),
    );
    match (app.fixed_topic(topic), app.selected_meeting()) {
        (Some(t), Some(m)) => format!(
            "Moving {topic} to the {} meeting: {}. {choose} choose, {place} places it, {leave} leaves it where it was.",
            crate::plan::ordinal(m.number),
            super::report::move_verdict(&app.plan, app.index(), t, m.number)
        ),
        _ => format!(
            "Moving {topic}: choose its meeting with {choose} and press {place}; {leave} leaves it where it was."
        ),
    }
}

/// The message line's text wrapped to `width` columns (after a leading space), whole up
/// to [`MAX_STATUS_LINES`] lines: a result's key clause comes last, and a line cut at 80
/// columns lost it. At least one line, empty when there is nothing to say.
pub fn status_lines(app: &App, width: u16) -> Vec<String> {
    let Some((text, _)) = status_message(app) else {
        return vec![String::new()];
    };
    let width = usize::from(width.saturating_sub(1)).max(1);
    let text = crate::text::visible_line(&text);
    let mut lines: Vec<String> = textwrap::wrap(&text, width)
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect();
    let most = usize::from(MAX_STATUS_LINES);
    if lines.len() > most {
        let rest = lines.split_off(most - 1).join(" ");
        lines.push(rest);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // The end of a long filter stays in view: that is where the typing happens.
    if let Mode::Filter { input } = &app.mode {
        buf.set_string(area.x, area.y, " /", theme.accent);
        let x = area.x.saturating_add(2);
        draw_field(
            buf,
            x,
            area.y,
            area.width.saturating_sub(2),
            input,
            theme.accent,
        );
        return;
    }
    let style = match status_message(app) {
        Some((_, Tone::Accent)) => theme.accent,
        Some((_, Tone::Error)) => theme.error,
        _ => theme.text,
    };
    let lines = status_lines(app, area.width);
    for (y, line) in (area.y..area.bottom()).zip(&lines) {
        buf.set_string(area.x, y, fit(line, usize::from(area.width)), style);
    }
}

/// The visible part of `field` in `width` columns with a bar at the cursor, and the
/// column of the bar. Widths by grapheme, as the buffer draws them; the text scrolls
/// only as far as needed to keep the cursor in view.
pub fn field_text(field: &Field, width: u16) -> (String, u16) {
    let Some(room) = usize::from(width).checked_sub(1) else {
        return (String::new(), 0);
    };
    let value = field.value();
    let at = value
        .char_indices()
        .nth(field.cursor())
        .map_or(value.len(), |(i, _)| i);
    let (before, after) = value.split_at(at);
    // Back from the cursor while it fits, then on from it while it fits.
    let mut start = before.len();
    let mut used = 0;
    for (i, g) in before.grapheme_indices(true).rev() {
        let w = usize::from(g.cell_width());
        if used + w > room {
            break;
        }
        used += w;
        start = i;
    }
    let col = used;
    let mut end = 0;
    for (i, g) in after.grapheme_indices(true) {
        let w = usize::from(g.cell_width());
        if used + w > room {
            break;
        }
        used += w;
        end = i + g.len();
    }
    let text = format!("{}▏{}", &before[start..], &after[..end]);
    (text, u16::try_from(col).unwrap_or(u16::MAX))
}

/// Draws `field` from (x, y) in `width` columns (a selected value reversed, so typing
/// visibly replaces it); the terminal cursor goes to the bar ([`cursor`]).
pub fn draw_field(buf: &mut Buffer, x: u16, y: u16, width: u16, field: &Field, style: Style) {
    let (text, _) = field_text(field, width);
    let style = if field.is_selected() {
        style.add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        style
    };
    buf.set_stringn(x, y, text, usize::from(width), style);
}

/// Where the terminal cursor goes: on the bar of the text field being typed into, so
/// the terminal (and a screen reader following it) shows the edit position.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let (field, x, y, width) = match &app.mode {
        Mode::Filter { input } => {
            let status = layout_of(app, area).status;
            (
                input,
                status.x + 2,
                status.y,
                status.width.saturating_sub(2),
            )
        }
        Mode::Prompt(p) => {
            let r = overlay::prompt_field(area);
            (&p.input, r.x, r.y, r.width)
        }
        Mode::Picker(p) => {
            let r = overlay::picker_field(area)?;
            (&p.query, r.x, r.y, r.width)
        }
        // No text field: the cursor sits on the selected row, for screen readers.
        Mode::Normal | Mode::Moving { .. } => return selected_row(app, area),
        _ => return overlay::selected_row(app, area),
    };
    let (_, col) = field_text(field, width);
    (width > 0).then(|| Position::new(x.saturating_add(col), y))
}

/// The start of the selected row of the focused pane (the meetings table while
/// moving), where the terminal cursor goes when no text field has it: screen readers
/// and braille displays follow the cursor, so they follow the selection.
fn selected_row(app: &App, area: Rect) -> Option<Position> {
    let areas = layout_of(app, area);
    let focus = match app.mode {
        Mode::Moving { .. } => Pane::Meetings,
        _ => app.focus,
    };
    let at = |r: Rect, first_row: u16, offset: usize, selected: usize| {
        let k = u16::try_from(selected.checked_sub(offset)?).ok()?;
        let y = r.y.checked_add(first_row)?.checked_add(k)?;
        (y + 1 < r.bottom()).then(|| Position::new(r.x + 1, y))
    };
    match focus {
        Pane::Meetings => {
            let rows = usize::from(areas.table.height.saturating_sub(3));
            let offset = table::shown_offset(app.table_offset, app.selected, rows, app.rows.len());
            at(areas.table, 2, offset, app.selected).filter(|_| !app.rows.is_empty())
        }
        Pane::Findings => {
            let rows = usize::from(areas.findings.height.saturating_sub(2));
            let offset = table::shown_offset(
                app.finding_offset,
                app.finding,
                rows,
                app.derived.findings.len(),
            );
            at(areas.findings, 1, offset, app.finding)
        }
        Pane::Timeline => timeline::selected_row(app, areas.timeline),
        Pane::Details => at(areas.details, 1, 0, 0),
    }
}

fn render_keybar(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut hints = keys::hints(app);
    // Whole hints are left out, from the end but for the last (`? help`), until the rest
    // fit: a hint cut in the middle reads as another key.
    let width = |(k, h): &(String, &str)| k.width() + h.width() + 3;
    while hints.len() > 1 && hints.iter().map(width).sum::<usize>() > usize::from(area.width) {
        hints.remove(hints.len() - 2);
    }
    let mut spans = Vec::new();
    for (keys, hint) in hints {
        spans.push(Span::styled(format!(" {keys}"), theme.key));
        spans.push(Span::styled(format!(" {hint} "), theme.dim));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// A bordered block, highlighted when its pane has the focus.
fn pane_block<'a>(app: &App, pane: Pane, title: String, theme: &Theme) -> Block<'a> {
    let focused = app.focus == pane && matches!(app.mode, Mode::Normal | Mode::Moving { .. });
    let (border, title_style) = if focused {
        (theme.focus_border, theme.focus_title)
    } else {
        (theme.border, theme.text)
    };
    let marker = if focused { "▶ " } else { "" };
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {marker}{title} "), title_style))
}

/// The timeline alone, without colour (for `workplan show`).
pub fn render_timeline(app: &App, area: Rect, buf: &mut Buffer) {
    timeline::render(app, area, buf, &Theme::new(true));
}

/// `text` cut to `width` columns, ending in an ellipsis when it had to be cut. Control
/// characters are written out (`\u{1b}`, see [`crate::text`]) and the cut falls between
/// graphemes, never inside an emoji sequence. Reads no further than the cut: a 100 KB
/// value costs a cell what a short one does.
pub fn fit(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let text = crate::text::visible_line(text);
    let mut used = 0;
    // Where the text is cut when it does not fit: the graphemes before it take at most
    // `width - 1` columns, leaving one for the ellipsis.
    let mut cut = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = usize::from(g.cell_width());
        if used + w < width {
            cut = i + g.len();
        }
        used += w;
        if used > width {
            let mut out = text[..cut].to_string();
            out.push('…');
            return out;
        }
    }
    text.into_owned()
}

/// The end of `text` in `width` columns, after an ellipsis when it had to be cut: for
/// a field being typed into, whose end is where the cursor is.
pub fn fit_end(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let text = crate::text::visible_line(text);
    let mut used = 0;
    let mut cut = text.len();
    for (i, g) in text.grapheme_indices(true).rev() {
        let w = usize::from(g.cell_width());
        if used + w < width {
            cut = i;
        }
        used += w;
        if used > width {
            return format!("…{}", &text[cut..]);
        }
    }
    text.into_owned()
}

/// `fit` then padded with spaces to exactly `width` columns.
pub fn cell(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let pad = width.saturating_sub(self::width(&s));
    s.extend(std::iter::repeat_n(' ', pad));
    s
}

/// `lines` with control and invisible characters written out in every span (see
/// [`crate::text`]), for a paragraph of `area`: for text drawn by ratatui's widgets
/// rather than through [`fit`]. A span longer than the whole area can show is cut first, so a 100 KB value
/// is not wrapped anew for every frame.
pub fn visible_lines(lines: Vec<Line<'_>>, area: Rect) -> Vec<Line<'_>> {
    let room = usize::from(area.width) * usize::from(area.height);
    lines
        .into_iter()
        .map(|mut line| {
            for span in &mut line.spans {
                if span.content.len() > room {
                    span.content = fit(&span.content, room).into();
                }
            }
            visible_spans(line)
        })
        .collect()
}

fn visible_spans(mut line: Line<'_>) -> Line<'_> {
    for span in &mut line.spans {
        // Owned only when something was written out (a control or invisible character).
        if let std::borrow::Cow::Owned(shown) = crate::text::visible_line(&span.content) {
            span.content = shown.into();
        }
    }
    line
}

/// Writes `text` into one cell of a row, never past `width`.
fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: usize, style: Style) {
    buf.set_stringn(x, y, cell(text, width), width, style);
}
