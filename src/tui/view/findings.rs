//! The live findings list; Enter on one jumps to its meeting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::table::{position, severity_symbol, shown_offset};
use super::theme::Theme;
use super::{pane_block, put};
use crate::check::Severity;
use crate::plan::ordinal;
use crate::tui::app::{App, Pane};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let findings = &app.derived.findings;
    let rows = usize::from(area.height.saturating_sub(2));
    let offset = shown_offset(app.finding_offset, app.finding, rows, findings.len());
    let title = format!(
        "Findings ({}) — errors first; same checks as `workplan check`",
        position(offset, rows, findings.len())
    );
    pane_block(app, Pane::Findings, title, theme).render(area, buf);
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    if findings.is_empty() {
        if inner.height > 0 {
            put(
                buf,
                inner.x,
                inner.y,
                "✓ No findings: the plan checks clean.",
                usize::from(inner.width),
                theme.text,
            );
        }
        return;
    }
    for (k, f) in app.findings_listed().enumerate().skip(offset).take(rows) {
        let y = inner.y + (k - offset) as u16;
        let at = f.meeting.map(ordinal).unwrap_or_else(|| "plan".into());
        let text = format!(
            "{} {:>5} {}: {}",
            severity_symbol(f.severity),
            at,
            f.code,
            f.message
        );
        let mut style = match f.severity {
            _ if f.is_misalignment() => theme.misaligned,
            Severity::Error => theme.error,
            Severity::Warning => theme.warning,
            Severity::Info => theme.dim,
        };
        if k == app.finding && app.focus == Pane::Findings {
            style = style.patch(theme.selected);
        }
        put(buf, inner.x, y, &text, usize::from(inner.width), style);
    }
}
