//! The planner without a terminal: keys through the binding table into `update`, and
//! screens rendered on ratatui's TestBackend.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use super::Unsaved;
use super::app::{App, Mode, Origin, Pane, Recovered, RestoreOffer, Restoring};
use super::keys::{self, Key};
use super::msg::{Effect, Msg};
use super::update::update;
use super::{BUNDLED, bundled};
use crate::check::{Code, check};
use crate::plan::recovery::Store;
use crate::plan::{Limits, MeetingNumber, Plan, Status, TopicId, parse};

fn app() -> App {
    let mut app = bundled().expect("bundled plan");
    update(
        &mut app,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    app
}

fn original() -> Plan {
    parse(BUNDLED).expect("parses").plan
}

/// Presses keys as the terminal loop would; returns the effects of the last one. The
/// solver's effect is carried out at once, as the loop does.
fn press(app: &mut App, keys: &[Key]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for &k in keys {
        if let Some(msg) = keys::resolve(app, k) {
            let out = update(app, msg);
            effects = realign_now(app, out);
        }
    }
    effects
}

/// Runs the realignment effects among `effects` as the loop does; returns the others.
pub(super) fn realign_now(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut left = Vec::new();
    for e in effects {
        match e {
            Effect::Realign {
                allow_reorder,
                allow_second,
            } => {
                let msg = super::component::run_realign(&app.plan, allow_reorder, allow_second);
                left.extend(update(app, msg));
            }
            other => left.push(other),
        }
    }
    left
}

/// Draws a frame as the loop does, keeping where the panes went for mouse clicks.
fn draw(app: &mut App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    let mut drawn = None;
    terminal
        .draw(|f| drawn = super::view::draw(app, f))
        .expect("draws");
    app.drawn = drawn.map(Into::into);
}

/// What the planner says now: the notice's text, or nothing.
fn notice_text(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &[Key::Char(c)]);
    }
}

fn select(app: &mut App, number: u32) {
    assert!(
        app.select_number(MeetingNumber::new(number)),
        "meeting {number} shown"
    );
}

fn fixed_at(app: &App, number: u32) -> Option<&str> {
    app.plan
        .meeting(MeetingNumber::new(number))
        .and_then(|m| m.fixed.as_ref())
        .map(TopicId::as_str)
}

fn flexible_at(app: &App, number: u32) -> Option<&str> {
    app.plan
        .meeting(MeetingNumber::new(number))
        .and_then(|m| m.flexible.as_ref())
        .map(TopicId::as_str)
}

/// After every edit: each fixed topic on at most one meeting, meetings on record
/// untouched, the findings shown are those `workplan check` gives.
fn assert_invariants(app: &App) {
    let before = original();
    let mut seen = std::collections::HashSet::new();
    for m in &app.plan.meetings {
        if let Some(t) = &m.fixed {
            assert!(seen.insert(t.clone()), "{t} twice");
        }
    }
    for m in before.meetings.iter().filter(|m| m.status.is_history()) {
        assert_eq!(app.plan.meeting(m.number), Some(m));
    }
    assert_eq!(app.derived.findings, check(&app.plan), "findings are live");
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draws");
    terminal
}

/// Moves T3 (12th) onto the 15th meeting, shifting T6..T10 one meeting later.
fn shift_t3_to_15th(app: &mut App) {
    select(app, 12);
    press(
        app,
        &[Key::Char('m'), Key::Down, Key::Down, Key::Down, Key::Enter],
    );
    assert!(matches!(app.mode, Mode::Conflict { to, .. } if to == MeetingNumber::new(15)));
    press(app, &[Key::Char('s')]);
}

#[test]
fn opens_on_the_first_planned_meeting() {
    let app = app();
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(12));
    assert_eq!(app.origin, Origin::Bundled);
    assert!(!app.is_dirty());
}

#[test]
fn move_to_a_meeting_with_a_topic_asks_and_swap_trades() {
    let mut app = app();
    select(&mut app, 12);
    press(&mut app, &[Key::Char('m'), Key::Char('j'), Key::Enter]);
    assert_eq!(
        app.mode,
        Mode::Conflict {
            topic: "T3".into(),
            to: MeetingNumber::new(13),
            other: "T4".into()
        }
    );
    press(&mut app, &[Key::Char('w')]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        (fixed_at(&app, 12), fixed_at(&app, 13)),
        (Some("T4"), Some("T3"))
    );
    assert!(app.is_dirty());
    assert_invariants(&app);
}

#[test]
fn shift_pushes_later_topics_and_flags_misalignment() {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    assert_eq!(fixed_at(&app, 12), None);
    assert_eq!(fixed_at(&app, 15), Some("T3"));
    assert_eq!(fixed_at(&app, 20), Some("T10"));
    let misaligned: Vec<u32> = app
        .derived
        .findings
        .iter()
        .filter(|f| f.is_misalignment())
        .filter_map(|f| f.meeting.map(MeetingNumber::get))
        .collect();
    assert!(misaligned.contains(&15), "{misaligned:?}");
    assert_eq!(
        app.derived
            .marks(MeetingNumber::new(15))
            .and_then(|m| m.misaligned),
        Some(Code::MisalignedLate)
    );
    assert_invariants(&app);
}

#[test]
fn moving_onto_a_meeting_on_record_is_refused_with_a_reason() {
    let mut app = app();
    select(&mut app, 12);
    press(&mut app, &[Key::Char('m'), Key::Up, Key::Enter]);
    assert!(matches!(app.mode, Mode::Moving { .. }), "still choosing");
    let notice = app.notice.clone().expect("explained");
    assert!(
        notice.text.contains("11th meeting is held"),
        "{}",
        notice.text
    );
    press(&mut app, &[Key::Esc]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.plan, original());
}

#[test]
fn edits_to_held_meetings_are_refused() {
    let mut app = app();
    select(&mut app, 10);
    for key in ['m', 'p', 'f', 'x', 'e', 'D'] {
        press(&mut app, &[Key::Char(key)]);
        assert_eq!(app.mode, Mode::Normal, "{key}");
        let n = app.notice.clone().expect("explained");
        assert!(n.text.contains("history"), "{key}: {}", n.text);
    }
    assert_eq!(app.plan, original());
}

#[test]
fn postpone_then_undo_and_redo() {
    let mut app = app();
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    assert_eq!(fixed_at(&app, 13), None);
    assert_eq!(fixed_at(&app, 14), Some("T4"));
    assert_eq!(fixed_at(&app, 20), Some("T10"));
    assert_invariants(&app);
    let postponed = app.plan.clone();
    press(&mut app, &[Key::Char('u')]);
    assert_eq!(app.plan, original());
    assert!(!app.is_dirty());
    assert_invariants(&app);
    press(&mut app, &[Key::Ctrl('r')]);
    assert_eq!(app.plan, postponed);
    press(&mut app, &[Key::Char('u'), Key::Char('U')]);
    assert_eq!(app.plan, postponed);
}

#[test]
fn picker_filters_as_you_type_and_assigns() {
    let mut app = app();
    select(&mut app, 14);
    press(&mut app, &[Key::Char('f')]);
    let Mode::Picker(p) = &app.mode else {
        panic!("picker open")
    };
    assert_eq!(p.matches.len(), app.plan.flexible_topics.len());
    typed(&mut app, "focal");
    let Mode::Picker(p) = &app.mode else {
        panic!("picker open")
    };
    assert_eq!(p.matches.len(), 1, "one topic on focal points");
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(flexible_at(&app, 14), Some("F11"));
    assert_invariants(&app);
    press(&mut app, &[Key::Char('x')]);
    assert_eq!(app.plan, original(), "cleared again");
    press(&mut app, &[Key::Char('u'), Key::Char('u')]);
    assert_eq!(app.plan, original());
}

#[test]
fn additional_flexible_topic_joins_the_pool() {
    let mut app = app();
    let before = app.plan.flexible_topics.len();
    press(&mut app, &[Key::Char('F')]);
    press(&mut app, &[Key::Enter]);
    assert!(matches!(app.mode, Mode::Prompt(_)), "a title is required");
    typed(&mut app, "Illicit arms flows online");
    press(&mut app, &[Key::Enter]);
    typed(&mut app, "8, x");
    press(&mut app, &[Key::Enter]);
    assert!(matches!(app.mode, Mode::Prompt(_)), "x is not an article");
    press(
        &mut app,
        &[Key::Backspace, Key::Backspace, Key::Backspace, Key::Enter],
    );
    assert_eq!(app.plan.flexible_topics.len(), before + 1);
    let t = app.plan.flexible_topics.last().expect("added");
    assert_eq!(t.related_articles, [8]);
    assert_eq!(t.source, crate::plan::TopicSource::Additional);
    assert!(app.plan.fixed_topics.iter().all(|f| f.id != t.id));
}

#[test]
fn dates_are_validated_as_typed() {
    let mut app = app();
    select(&mut app, 12);
    press(&mut app, &[Key::Char('e'), Key::Char('d')]);
    typed(&mut app, "2025-05-14 2025-05-1");
    let Mode::Prompt(p) = &app.mode else {
        panic!("prompt")
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("before the start"))
    );
    typed(&mut app, "5");
    press(&mut app, &[Key::Enter]);
    let m = app.plan.meeting(MeetingNumber::new(12)).expect("12th");
    assert_eq!(
        m.start.map(|d| d.to_string()).as_deref(),
        Some("2025-05-14")
    );
    assert_eq!(m.end.map(|d| d.to_string()).as_deref(), Some("2025-05-15"));
}

#[test]
fn dates_in_another_year_say_the_meeting_moves() {
    let mut app = app();
    select(&mut app, 13);
    let from = app.plan.meeting(MeetingNumber::new(13)).expect("13th").year;
    let to = from + 1;
    press(&mut app, &[Key::Char('e'), Key::Char('d')]);
    typed(&mut app, &format!("{to}-06-02 {to}-06-03"));
    press(&mut app, &[Key::Enter]);
    assert_eq!(
        app.plan.meeting(MeetingNumber::new(13)).expect("13th").year,
        to
    );
    let text = app.notice.expect("told").text;
    assert!(
        text.contains(&format!("The 13th meeting moves from {from} to {to}.")),
        "{text}"
    );
    assert!(text.ends_with("(u undoes)"), "{text}");
}

#[test]
fn status_venue_and_window_edits() {
    let mut app = app();
    select(&mut app, 13);
    press(
        &mut app,
        &[
            Key::Char('e'),
            Key::Char('s'),
            Key::Down,
            Key::Down,
            Key::Enter,
        ],
    );
    assert_eq!(
        app.plan.meeting(MeetingNumber::new(13)).map(|m| m.status),
        Some(Status::Postponed)
    );
    press(&mut app, &[Key::Char('e'), Key::Char('v')]);
    typed(&mut app, "Vienna");
    press(&mut app, &[Key::Enter]);
    assert_eq!(
        app.plan
            .meeting(MeetingNumber::new(13))
            .and_then(|m| m.venue.clone())
            .as_deref(),
        Some("Vienna")
    );
    // Timeline: select C4 and push its window three years later.
    press(&mut app, &[Key::Tab, Key::Tab, Key::Tab]);
    assert_eq!(app.focus, Pane::Timeline);
    press(&mut app, &[Key::Down, Key::Down, Key::Down]);
    press(&mut app, &[Key::Char(']'), Key::Char(']'), Key::Char(']')]);
    let c4 = &app.plan.clusters[3];
    assert_eq!((c4.review.start, c4.review.end), (2026, 2029));
    assert!(app.derived.findings.iter().any(|f| f.is_misalignment()));
    for _ in 0..5 {
        press(&mut app, &[Key::Char('u')]);
    }
    assert_eq!(app.plan, original());
}

#[test]
fn findings_jump_to_their_meeting() {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    select(&mut app, 1);
    app.focus = Pane::Findings;
    let target = app
        .findings_listed()
        .position(|f| f.meeting == Some(MeetingNumber::new(15)));
    app.finding = target.expect("finding on the 15th");
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(15));
    assert_eq!(app.focus, Pane::Meetings);
}

#[test]
fn quit_asks_when_there_are_unsaved_changes() {
    let mut app = app();
    assert_eq!(press(&mut app, &[Key::Char('q')]), [Effect::Quit]);
    let mut app = super::tests::app();
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    assert!(press(&mut app, &[Key::Char('q')]).is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    press(&mut app, &[Key::Esc]);
    assert_eq!(app.mode, Mode::Normal);
    press(&mut app, &[Key::Char('q')]);
    assert_eq!(press(&mut app, &[Key::Char('d')]), [Effect::Quit]);
}

#[test]
fn saving_the_bundled_plan_asks_for_a_path() {
    let mut app = app();
    assert!(press(&mut app, &[Key::Ctrl('s')]).is_empty());
    assert!(matches!(app.mode, Mode::Prompt(_)));
    typed(&mut app, "copy.yaml");
    let effects = press(&mut app, &[Key::Enter]);
    assert_eq!(
        effects,
        [Effect::Save {
            path: "copy.yaml".into(),
            in_place: false
        }]
    );
    let mut file = App::new(original(), Origin::File("p.yaml".into()), None);
    assert_eq!(
        press(&mut file, &[Key::Char('w')]),
        [Effect::Save {
            path: "p.yaml".into(),
            in_place: true
        }]
    );
}

#[test]
fn mouse_click_selects_a_row() {
    let mut app = app();
    // No frame drawn yet: a click lands nowhere.
    update(&mut app, Msg::Click { column: 5, row: 12 });
    assert_eq!(app.focus, Pane::Meetings);
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(12));
    // Row layout at 120×40: header, timeline (9 rows), table border and header.
    draw(&mut app, 120, 40);
    update(&mut app, Msg::Click { column: 5, row: 12 });
    assert_eq!(app.focus, Pane::Meetings);
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(1));
    // The timeline's topic row, under 2023 (the 10th meeting).
    let screen = render(&app, 120, 40);
    let buf = screen.backend().buffer();
    let (x, y) = find(buf, " 2023").expect("year header");
    update(
        &mut app,
        Msg::Click {
            column: x + 1,
            row: y + 6,
        },
    );
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(10));
}

#[test]
fn a_click_chooses_the_target_while_moving() {
    let mut app = app();
    select(&mut app, 12);
    press(&mut app, &[Key::Char('m')]);
    draw(&mut app, 120, 40);
    // The table's first row is the 1st meeting at 120×40; the 16th is 14 rows down.
    update(
        &mut app,
        Msg::Click {
            column: 5,
            row: 12 + 14,
        },
    );
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(16));
    assert!(matches!(app.mode, Mode::Moving { .. }));
    press(&mut app, &[Key::Enter, Key::Char('w')]);
    assert_eq!(
        (fixed_at(&app, 12), fixed_at(&app, 16)),
        (Some("T7"), Some("T3"))
    );
}

#[test]
fn filter_narrows_the_table() {
    let mut app = app();
    press(&mut app, &[Key::Char('/')]);
    typed(&mut app, "vienna");
    press(&mut app, &[Key::Enter]);
    assert!(
        app.rows
            .iter()
            .all(|&i| app.plan.meetings[i].venue.is_some())
    );
    assert_eq!(app.rows.len(), 10);
    press(&mut app, &[Key::Esc]);
    assert_eq!(app.rows.len(), app.plan.meetings.len());
}

fn find(buf: &ratatui::buffer::Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let line: String = (area.left()..area.right())
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(byte) = line.find(text) {
            let col = line[..byte].chars().count() as u16;
            return Some((area.left() + col, y));
        }
    }
    None
}

#[test]
fn snapshot_main_screen() {
    let app = app();
    insta::assert_snapshot!("main_screen", render(&app, 120, 40).backend());
}

#[test]
fn snapshot_after_shift_with_misalignment() {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    let terminal = render(&app, 120, 40);
    insta::assert_snapshot!("after_shift", terminal.backend());
    // The misaligned topic on the timeline is red and bold, and marked with `!`.
    let buf = terminal.backend().buffer();
    let (x, y) = find(buf, "!T3").expect("misaligned T3 on the timeline");
    let cell = &buf[(x + 1, y)];
    assert_eq!(cell.fg, Color::Red);
    assert!(cell.modifier.contains(Modifier::BOLD));
    let (x, y) = find(buf, "T4").expect("aligned T4");
    assert_ne!(buf[(x, y)].fg, Color::Red);
}

#[test]
fn monochrome_marks_misalignment_without_colour() {
    let mut app = app();
    app.monochrome = true;
    shift_t3_to_15th(&mut app);
    let terminal = render(&app, 120, 40);
    let buf = terminal.backend().buffer();
    for y in 0..40 {
        for x in 0..120 {
            let c = &buf[(x, y)];
            assert!(matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset));
        }
    }
    let (x, y) = find(buf, "!T3").expect("symbol marks it");
    assert!(buf[(x + 1, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn snapshot_flexible_picker() {
    let mut app = app();
    select(&mut app, 14);
    press(&mut app, &[Key::Char('f')]);
    insta::assert_snapshot!("flexible_picker", render(&app, 120, 40).backend());
}

#[test]
fn snapshot_help_overlay() {
    let mut app = app();
    press(&mut app, &[Key::Char('?')]);
    insta::assert_snapshot!("help_overlay", render(&app, 120, 40).backend());
}

#[test]
fn snapshot_tiny_terminal() {
    let app = app();
    insta::assert_snapshot!("tiny_terminal", render(&app, 60, 12).backend());
    insta::assert_snapshot!("very_small_terminal", render(&app, 24, 5).backend());
}

#[test]
fn long_titles_are_cut_with_an_ellipsis() {
    assert_eq!(super::view::fit("Confiscation, seizure", 8), "Confisc…");
    assert_eq!(super::view::fit("short", 8), "short");
    assert_eq!(super::view::cell("ab", 4), "ab  ");
    let app = app();
    let terminal = render(&app, 100, 30);
    let buf = terminal.backend().buffer();
    assert!(find(buf, "T3 Con").is_some());
    assert!(find(buf, "…").is_some());
}

#[test]
fn key_bar_follows_the_mode() {
    let mut app = app();
    let hints: Vec<_> = keys::hints(&app).into_iter().map(|(_, h)| h).collect();
    assert!(hints.contains(&"move") && hints.contains(&"help"));
    press(&mut app, &[Key::Char('m')]);
    let hints: Vec<_> = keys::hints(&app).into_iter().map(|(_, h)| h).collect();
    assert_eq!(hints, ["place here", "cancel"]);
}

#[test]
fn export_dialog_asks_format_then_path_and_writes_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("firearms.yaml");
    let mut app = App::new(original(), Origin::File(plan.clone()), None);
    press(&mut app, &[Key::Char('E'), Key::Down, Key::Enter]);
    let Mode::Prompt(p) = &app.mode else {
        panic!("path prompt")
    };
    assert_eq!(
        p.input.value(),
        plan.with_extension("csv").display().to_string()
    );
    let effects = press(&mut app, &[Key::Enter]);
    let [Effect::Export { format, path }] = effects.as_slice() else {
        panic!("export effect: {effects:?}")
    };
    let outcome = super::export(&app, *format, path);
    assert!(matches!(outcome, Msg::Exported { .. }), "{outcome:?}");
    update(&mut app, outcome);
    let csv = std::fs::read_to_string(plan.with_extension("csv")).expect("written");
    assert!(csv.contains("T3"));
    assert!(app.notice.expect("told").text.starts_with("Exported to"));
    // The yaml export never suggests the plan's own path.
    let mut app = App::new(original(), Origin::File(plan.clone()), None);
    let yaml = crate::export::Format::ALL
        .iter()
        .position(|f| *f == crate::export::Format::Yaml)
        .expect("yaml");
    press(&mut app, &[Key::Char('E')]);
    for _ in 0..yaml {
        press(&mut app, &[Key::Down]);
    }
    press(&mut app, &[Key::Enter]);
    let Mode::Prompt(p) = &app.mode else {
        panic!("path prompt")
    };
    assert!(
        p.input.value().ends_with("firearms-export.yaml"),
        "{}",
        p.input.value()
    );
}

#[test]
fn an_export_typed_onto_the_plan_itself_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("firearms.yaml");
    std::fs::write(&plan, include_str!("../../plans/firearms.yaml")).expect("written");
    let mut app = App::new(original(), Origin::File(plan.clone()), None);
    // The same file through another spelling of its path.
    let typed = dir.path().join(".").join("firearms.yaml");
    let outcome = super::export(&app, crate::export::Format::Md, &typed);
    let Msg::ExportFailed(error) = &outcome else {
        panic!("refused: {outcome:?}")
    };
    // The wording of `workplan export -o PLAN`: one guard for both.
    let text = error.to_string();
    assert!(text.contains("is the plan being exported"), "{text}");
    update(&mut app, outcome);
    let kept = std::fs::read_to_string(&plan).expect("still there");
    assert_eq!(kept, include_str!("../../plans/firearms.yaml"));
}

#[test]
fn diff_view_shows_the_amendment_since_opening() {
    let mut app = app();
    press(&mut app, &[Key::Char('d')]);
    assert_eq!(app.mode, Mode::Normal, "nothing to show yet");
    shift_t3_to_15th(&mut app);
    press(&mut app, &[Key::Char('d')]);
    let Mode::Diff { lines, .. } = &app.mode else {
        panic!("diff view")
    };
    let text = lines.join("\n");
    assert!(text.contains("Topic 3"), "{text}");
    assert!(text.contains("twentieth"), "{text}");
    press(&mut app, &[Key::Esc]);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn diff_view_wraps_long_lines_and_scrolls_to_the_last() {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    press(&mut app, &[Key::Char('d')]);
    let Mode::Diff { lines, .. } = &app.mode else {
        panic!("diff view")
    };
    let lines = lines.clone();
    // At 80 columns the move lines do not fit: every word must still be on screen.
    let (w, h) = (80, 24);
    update(
        &mut app,
        Msg::Resize {
            width: w,
            height: h,
        },
    );
    let max = crate::tui::view::diff_scroll_max(app.size, &lines);
    assert!(max > 0, "more than a screenful once wrapped");
    let mut seen = String::new();
    let mut last_top = None;
    for _ in 0..=max + 1 {
        let screen = render(&app, w, h).backend().to_string();
        // The overlay's rows: it spans the whole width, between its borders.
        for row in screen.lines().filter(|r| r.starts_with("\"│")) {
            seen.push_str(row);
            seen.push('\n');
        }
        let Mode::Diff { scroll, .. } = &app.mode else {
            panic!("still open")
        };
        if last_top == Some(*scroll) {
            break;
        }
        last_top = Some(*scroll);
        press(&mut app, &[Key::Down]);
    }
    let flat: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in &lines {
        for word in line.split_whitespace() {
            assert!(flat.contains(word), "{word:?} of {line:?} is never shown");
        }
    }
    assert!(!flat.contains('…'), "nothing is cut: {flat}");
    let Mode::Diff { scroll, .. } = &app.mode else {
        panic!("still open")
    };
    assert_eq!(*scroll, max, "stops with the last line at the bottom");
    let last_screen = render(&app, w, h).backend().to_string();
    let last_words = lines
        .last()
        .expect("lines")
        .split_whitespace()
        .last()
        .expect("words");
    assert!(last_screen.contains(last_words), "{last_screen}");
}

#[test]
fn realign_preview_applies_as_one_undoable_edit() {
    let mut app = app();
    press(&mut app, &[Key::Char('R')]);
    assert_eq!(app.mode, Mode::Normal, "the bundled plan is aligned");
    shift_t3_to_15th(&mut app);
    let shifted = app.plan.clone();
    assert!(app.derived.counts.error > 0);
    press(&mut app, &[Key::Char('R')]);
    let Mode::Realign(preview) = &app.mode else {
        panic!("preview: {:?}", app.notice)
    };
    assert!(preview.summary.rows.iter().any(|r| r.current != r.proposed));
    insta::assert_snapshot!("realign_preview", render(&app, 120, 40).backend());
    press(&mut app, &[Key::Char('o')]);
    assert!(matches!(&app.mode, Mode::Realign(p) if p.allow_reorder));
    press(&mut app, &[Key::Char('o'), Key::Enter]);
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        !app.derived.findings.iter().any(|f| f.is_misalignment()),
        "{:?}",
        app.derived.findings
    );
    assert_invariants(&app);
    press(&mut app, &[Key::Char('u')]);
    assert_eq!(
        app.plan, shifted,
        "one undo takes the whole realignment back"
    );
}

fn opened_copy(dir: &std::path::Path) -> (std::path::PathBuf, App) {
    let path = dir.join("firearms.yaml");
    std::fs::write(&path, BUNDLED).expect("write copy");
    let mut app = App::new(
        original(),
        Origin::File(path.clone()),
        Some(BUNDLED.to_string()),
    );
    app.fingerprint = crate::plan::save::fingerprint(&path).ok();
    update(
        &mut app,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    (path, app)
}

/// Carries out effects as the terminal loop does, with the real file I/O: the file
/// effects and what their reports ask for in turn; returns the others.
fn run_effects(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    run_effects_with(&super::FileSaver, app, effects)
}

/// [`run_effects`] through `saver`, which may stand in for the disk.
fn run_effects_with(saver: &dyn super::Saver, app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut left = Vec::new();
    let mut queue = effects;
    while let Some(e) = queue.pop() {
        let report = match e {
            Effect::Save { path, in_place } => saver.save(app, &path, in_place),
            Effect::Overwrite { path } => saver.overwrite(app, &path),
            Effect::ReadAgain { path, then } => saver.read_again(app, &path, then),
            other => {
                left.push(other);
                continue;
            }
        };
        queue.extend(update(app, report));
    }
    left
}

#[test]
fn save_in_place_keeps_comments_then_refuses_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    shift_t3_to_15th(&mut app);
    let effects = press(&mut app, &[Key::Char('w')]);
    assert!(run_effects(&mut app, effects).is_empty());
    assert!(!app.is_dirty());
    let notice = app.notice.clone().expect("told");
    assert!(notice.text.starts_with("Saved to"), "{}", notice.text);
    assert!(
        !notice.text.contains("comments"),
        "comments kept: {}",
        notice.text
    );
    let text = std::fs::read_to_string(&path).expect("saved");
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .map(String::from)
            .collect()
    };
    assert_eq!(
        comments(&text),
        comments(BUNDLED),
        "every comment line kept"
    );
    assert_eq!(parse(&text).expect("reads back").plan, app.plan);

    // Someone else writes the file; the next save must not overwrite it.
    std::fs::write(&path, format!("{text}# edited elsewhere\n")).expect("touch");
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert!(run_effects(&mut app, effects).is_empty());
    assert!(shows(&app, "changed on disk since"));
    // `a`: save as, the plan's path typed in.
    press(&mut app, &[Key::Char('a')]);
    assert!(
        matches!(&app.mode, Mode::Prompt(p) if p.kind == super::app::PromptKind::SaveAs
        && p.input.value() == path.display().to_string())
    );
    assert!(
        std::fs::read_to_string(&path)
            .expect("kept")
            .ends_with("# edited elsewhere\n")
    );
    let elsewhere = dir.path().join("mine.yaml");
    for _ in 0..200 {
        press(&mut app, &[Key::Backspace]);
    }
    typed(&mut app, &elsewhere.display().to_string());
    let effects = press(&mut app, &[Key::Enter]);
    assert!(run_effects(&mut app, effects).is_empty());
    assert_eq!(app.origin, Origin::File(elsewhere.clone()));
    assert!(!app.is_dirty());
    let mine = std::fs::read_to_string(&elsewhere).expect("saved elsewhere");
    assert_eq!(parse(&mine).expect("reads back").plan, app.plan);
}

/// The 12th meeting's venue, as another program writes it into the plan's file.
const MEETING_12: &str = "  - number: 12\n    year: 2025\n    status: planned\n";

/// The plan opened from a file, the 13th meeting postponed in the planner, and the
/// 12th meeting given a venue on disk by another program meanwhile.
fn postponed_while_the_venue_changed_on_disk(dir: &std::path::Path) -> (std::path::PathBuf, App) {
    let (path, mut app) = opened_copy(dir);
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    assert!(app.is_dirty());
    let venue = format!("{MEETING_12}    venue: Geneva\n");
    let changed = BUNDLED.replace(MEETING_12, &venue);
    assert_ne!(changed, BUNDLED);
    std::fs::write(&path, changed).expect("written by another program");
    (path, app)
}

fn venue_of(plan: &Plan, number: u32) -> Option<&str> {
    plan.meeting(MeetingNumber::new(number))
        .and_then(|m| m.venue.as_deref())
}

/// Saving after another program changed the file opens the "changed on disk" dialog,
/// not an empty "save as" marked as an error: it says so, shows what differs and
/// offers its keys; Esc goes back with nothing written.
#[test]
fn saving_over_a_file_changed_on_disk_opens_the_dialog_and_esc_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = postponed_while_the_venue_changed_on_disk(dir.path());
    let on_disk = std::fs::read_to_string(&path).expect("read");
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    let Mode::ChangedOnDisk(change) = &app.mode else {
        panic!("{:?}", app.mode);
    };
    let now = change.now.as_ref().expect("read again");
    assert_eq!(venue_of(&now.disk.plan, 12), Some("Geneva"));
    assert!(
        now.difference.iter().any(|l| l.contains("Geneva")),
        "{:?}",
        now.difference
    );
    assert!(shows(&app, "changed on disk since the planner opened"));
    for key in [
        "reload",
        "overwrite",
        "save as another file",
        "nothing written",
    ] {
        assert!(shows(&app, key), "{key}");
    }
    let edited = app.plan.clone();
    assert_eq!(press(&mut app, &[Key::Esc]), []);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.plan, edited, "the edits stay");
    assert!(app.is_dirty());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), on_disk);
}

/// `r` reads the file as it is now and merges the session's edits onto it (the venue
/// from disk, the postponement from the planner) as one undoable edit; the next save
/// writes in place over the new version, with both.
#[test]
fn reload_merges_the_edits_onto_the_file_changed_on_disk_and_saving_writes_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = postponed_while_the_venue_changed_on_disk(dir.path());
    let postponed = app.plan.clone();
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    let effects = press(&mut app, &[Key::Char('r')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.notice);
    let mut want = postponed.clone();
    if let Some(m) = want.meetings.iter_mut().find(|m| m.number.get() == 12) {
        m.venue = Some("Geneva".into());
    }
    assert_eq!(app.plan, want, "both the venue and the postponement");
    let notice = app.notice.clone().expect("told").text;
    assert!(notice.starts_with("Reloaded"), "{notice}");
    assert!(app.is_dirty(), "the postponement is not on disk yet");
    assert_invariants(&app);
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert!(!app.is_dirty(), "{:?}", app.notice);
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert_eq!(parse(&saved).expect("parses").plan, want);
    assert!(
        saved.contains("    venue: Geneva\n"),
        "the other's line kept"
    );
    press(&mut app, &[Key::Char('u')]);
    assert_eq!(app.plan, postponed, "the reload is one undoable edit");
}

/// Both changed one thing: the file's value stays, and the dialog and the notice say
/// which.
#[test]
fn where_the_edits_and_the_file_disagree_reloading_keeps_the_files_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    let title = "title: Multi-year workplan of the Working Group on Firearms";
    let mut mine = app.plan.clone();
    mine.title = "Mine".into();
    let edit = crate::edit::Edit::Replace(Box::new(mine));
    app.history.apply(&mut app.plan, &edit).expect("edited");
    app.refresh();
    std::fs::write(&path, BUNDLED.replace(title, PULLED)).expect("the pull");
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert!(shows(&app, "the file's value stays"));
    assert!(shows(&app, "theirs \"Mine\""), "the edits' value is shown");
    let effects = press(&mut app, &[Key::Char('r')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert_eq!(app.plan.title, "Multi-year workplan, as pulled");
    let notice = app.notice.clone().expect("told").text;
    assert!(notice.contains("the file's value stayed"), "{notice}");
    assert!(notice.contains("\"Mine\""), "{notice}");
    assert!(!app.is_dirty(), "the plan is the file's again");
}

/// `o` writes over the newer file on purpose (no fingerprint check) and says so.
#[test]
fn overwrite_saves_over_the_file_changed_on_disk_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = postponed_while_the_venue_changed_on_disk(dir.path());
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    let effects = press(&mut app, &[Key::Char('o')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert_eq!(app.mode, Mode::Normal);
    let notice = app.notice.clone().expect("told").text;
    assert!(
        notice.contains("Written over the version another program saved"),
        "{notice}"
    );
    assert!(!app.is_dirty());
    let saved = parse(&std::fs::read_to_string(&path).expect("saved")).expect("parses");
    assert_eq!(saved.plan, app.plan);
    assert_eq!(
        venue_of(&saved.plan, 12),
        None,
        "the other program's change replaced"
    );
    // The next save is in place again, checked against what was just written.
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert!(
        app.notice
            .clone()
            .expect("told")
            .text
            .starts_with("Saved to")
    );
}

/// Reading the file again goes through the loop's `Saver`: one that finds it gone
/// leaves only overwrite and save-as, and `r` says why it cannot reload.
#[test]
fn a_file_that_cannot_be_read_again_is_not_reloaded() {
    struct Gone;
    impl super::Saver for Gone {
        fn save(&self, _: &App, path: &std::path::Path, _: bool) -> Msg {
            let e = crate::plan::save::SaveError::ChangedOnDisk {
                path: path.to_owned(),
            };
            Msg::SaveFailed(super::msg::Failed::new(e))
        }
        fn overwrite(&self, app: &App, path: &std::path::Path) -> Msg {
            self.save(app, path, true)
        }
        fn read_again(&self, _: &App, path: &std::path::Path, then: super::msg::Reread) -> Msg {
            let e = crate::plan::LoadError::Io {
                path: path.to_owned(),
                error: std::io::ErrorKind::NotFound.into(),
            };
            Msg::ReadAgain {
                path: path.to_owned(),
                then,
                read: Err(super::msg::Failed::new(e)),
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, mut app) = postponed_while_the_venue_changed_on_disk(dir.path());
    let edited = app.plan.clone();
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects_with(&Gone, &mut app, effects), []);
    assert!(shows(&app, "It cannot be read now"));
    let effects = press(&mut app, &[Key::Char('r')]);
    assert_eq!(run_effects_with(&Gone, &mut app, effects), []);
    assert!(matches!(app.mode, Mode::ChangedOnDisk(_)), "still offered");
    let notice = app.notice.clone().expect("told").text;
    assert!(notice.starts_with("Not reloaded"), "{notice}");
    assert_eq!(app.plan, edited);
}

#[test]
fn bundled_plan_saved_to_a_path_keeps_its_comments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = app();
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p'), Key::Char('w')]);
    let copy = dir.path().join("copy.yaml");
    typed(&mut app, &copy.display().to_string());
    let effects = press(&mut app, &[Key::Enter]);
    assert!(run_effects(&mut app, effects).is_empty());
    let text = std::fs::read_to_string(&copy).expect("saved");
    assert!(text.starts_with("# Multi-year workplan of the Working Group on Firearms"));
    assert_eq!(parse(&text).expect("reads back").plan, app.plan);
    // Quitting after saving does not ask.
    assert_eq!(press(&mut app, &[Key::Char('q')]), [Effect::Quit]);
}

#[test]
fn save_and_quit_saves_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p'), Key::Char('q')]);
    let effects = press(&mut app, &[Key::Char('s')]);
    assert_eq!(run_effects(&mut app, effects), [Effect::Quit]);
    let saved = parse(&std::fs::read_to_string(&path).expect("saved")).expect("parses");
    assert_eq!(saved.plan, app.plan);
}

/// A store of recovery files of its own under `dir`, for the session `session`.
fn store(dir: &std::path::Path, session: &str) -> Store {
    Store::new(dir.join("state/workplan"), session)
}

/// The planner started on the plan file at `path` (read as `workplan PATH` reads it),
/// with what `store` holds for it offered.
fn started(path: &std::path::Path, store: &Store) -> App {
    let opened = crate::exit::open(path, Limits::default()).expect("opens");
    let mut app = App::new(
        opened.loaded.plan,
        Origin::File(path.to_owned()),
        Some(opened.text),
    );
    app.fingerprint = opened.fingerprint;
    update(
        &mut app,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    super::offer_recovery(&mut app, Some(path), Limits::default(), store);
    app
}

fn offer(app: &App) -> &RestoreOffer {
    match &app.mode {
        Mode::Restore(offer) => offer,
        other => panic!("no recovery offered: {other:?}"),
    }
}

fn shows(app: &App, text: &str) -> bool {
    find(render(app, 120, 40).backend().buffer(), text).is_some()
}

#[test]
fn recovery_file_is_offered_at_the_next_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    shift_t3_to_15th(&mut app);
    let edited = app.plan.clone();
    let store = store(dir.path(), "1");
    let written = super::write_recovery(&Unsaved::of(&app), &store)
        .expect("written")
        .path;
    assert_eq!(written, store.path_for(Some(&path)));

    let mut next = started(&path, &store);
    assert_eq!(offer(&next).how, Restoring::AsKept);
    let effects = press(&mut next, &[Key::Char('r')]);
    assert_eq!(effects, [Effect::DiscardRecovery { path: written }]);
    assert_eq!(next.mode, Mode::Normal);
    assert_eq!(next.plan, edited);
    assert!(next.is_dirty());
    press(&mut next, &[Key::Char('u')]);
    assert_eq!(next.plan, original(), "restoring is one undoable edit");
}

const PULLED: &str = "title: Multi-year workplan, as pulled";

/// Edits are kept, the plan changes on disk (a `git pull`), the next start offers the
/// edits: the offer says the plan changed and shows what restoring changes; restoring
/// merges the edits onto the new version, and saving writes both.
#[test]
fn edits_kept_before_the_plan_changed_on_disk_are_merged_onto_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    shift_t3_to_15th(&mut app);
    let store = store(dir.path(), "1");
    super::write_recovery(&Unsaved::of(&app), &store).expect("written");
    let title = "title: Multi-year workplan of the Working Group on Firearms";
    let pulled = BUNDLED.replace(title, PULLED);
    assert_ne!(pulled, BUNDLED);
    std::fs::write(&path, &pulled).expect("the pull");

    let mut next = started(&path, &store);
    let expected = Restoring::Merged {
        changed_on_disk: true,
        conflicts: Vec::new(),
    };
    assert_eq!(offer(&next).how, expected);
    assert!(!offer(&next).difference.is_empty());
    assert!(shows(&next, "The plan changed on disk since"));
    assert!(shows(&next, "Restoring them changes:"));
    press(&mut next, &[Key::Char('r')]);
    let mut want = app.plan.clone();
    want.title = "Multi-year workplan, as pulled".into();
    assert_eq!(next.plan, want, "the edits on the new version");
    let effects = press(&mut next, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut next, effects), []);
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert_eq!(parse(&saved).expect("parses").plan, want);
    assert!(saved.contains(PULLED), "the pulled line kept as it was");
}

/// Both changed the same thing: the plan's new value stays, and the offer says so.
#[test]
fn where_the_edits_and_the_change_on_disk_disagree_the_new_value_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    app.plan.title = "Mine".into();
    let store = store(dir.path(), "1");
    super::write_recovery(&Unsaved::of(&app), &store).expect("written");
    let title = "title: Multi-year workplan of the Working Group on Firearms";
    std::fs::write(&path, BUNDLED.replace(title, PULLED)).expect("the pull");
    let mut next = started(&path, &store);
    let Restoring::Merged { conflicts, .. } = &offer(&next).how else {
        panic!("{:?}", offer(&next).how);
    };
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(shows(&next, "the plan's value stays"));
    assert!(shows(&next, "theirs \"Mine\""), "the edits' value is shown");
    // Nothing else in the edits: offered all the same, for the conflict.
    assert_eq!(offer(&next).restored, next.plan);
    press(&mut next, &[Key::Char('r')]);
    assert_eq!(next.mode, Mode::Normal);
    assert_eq!(next.plan.title, "Multi-year workplan, as pulled");
}
/// Keeps `plan` as the edits of a session named `session`, stopped at `saved_at_unix`,
/// that started from the bundled plan's text.
fn kept_by(
    store_of: &Store,
    path: &std::path::Path,
    plan: &Plan,
    saved_at_unix: i64,
) -> std::path::PathBuf {
    let rec = crate::plan::recovery::Recovery {
        plan_text: crate::plan::canonical::to_yaml(plan).expect("yaml"),
        source: Some(path.to_owned()),
        saved_at_unix,
        base_text: Some(BUNDLED.into()),
    };
    store_of.keep(Some(path), &rec).expect("kept").path
}

/// Two planners on one plan, both stopped: each one's file survives, and the next
/// start offers the newest first, then the other; restoring both merges the second
/// onto the first.
#[test]
fn each_stopped_session_is_offered_newest_first_then_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = opened_copy(dir.path());
    let mut older = original();
    older.title = "Older session".into();
    let mut newer = original();
    newer.body = Some("Newer session".into());
    let first = kept_by(&store(dir.path(), "1-a"), &path, &older, 1_000);
    let second = kept_by(&store(dir.path(), "2-b"), &path, &newer, 2_000);
    assert_ne!(first, second);
    let mut next = started(&path, &store(dir.path(), "3-c"));
    assert_eq!(offer(&next).recovered.path, second, "the newest first");
    assert!(shows(&next, "1 more session(s)"));
    let effects = press(&mut next, &[Key::Char('r')]);
    assert_eq!(effects, [Effect::DiscardRecovery { path: second }]);
    assert_eq!(offer(&next).recovered.path, first, "then the other");
    let effects = press(&mut next, &[Key::Char('r')]);
    assert_eq!(
        effects,
        [Effect::DiscardRecovery {
            path: first.clone()
        }]
    );
    assert_eq!(next.mode, Mode::Normal);
    assert_eq!(
        (next.plan.title.as_str(), next.plan.body.as_deref()),
        ("Older session", Some("Newer session"))
    );
    assert!(first.exists(), "discarded by the loop, not by update");
}

/// Edits of another session that the plan already holds (saved since) are not
/// offered, and their file goes; Esc leaves a file for the next start and moves on.
#[test]
fn edits_already_in_the_plan_are_not_offered_and_esc_keeps_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = opened_copy(dir.path());
    let same = kept_by(&store(dir.path(), "1-a"), &path, &original(), 1_000);
    let mut edited = original();
    edited.title = "Edited".into();
    let other = kept_by(&store(dir.path(), "2-b"), &path, &edited, 500);
    let mut next = started(&path, &store(dir.path(), "3-c"));
    assert!(!same.exists(), "nothing in it that the plan does not hold");
    assert_eq!(offer(&next).recovered.path, other);
    assert_eq!(press(&mut next, &[Key::Esc]), []);
    assert_eq!(next.mode, Mode::Normal);
    assert!(other.exists());
    assert_eq!(next.plan, original());
}

/// A repository ships `.PLAN.wp-recover`, well-formed and dated by its author: it is
/// not offered as the user's edits, it is left as it is, and the notice says why.
#[test]
fn a_recovery_file_beside_the_plan_is_never_offered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = opened_copy(dir.path());
    let planted = dir.path().join(".firearms.yaml.wp-recover");
    let text = format!(
        "# workplan recovery file, format 1\n# source: {:?}\n# saved_at_unix: 1790000000\n{}",
        path.display().to_string(),
        BUNDLED.replacen("venue: Vienna", "venue: Elsewhere", 1)
    );
    std::fs::write(&planted, &text).expect("planted");
    let next = started(&path, &store(dir.path(), "1"));
    assert_eq!(next.mode, Mode::Normal);
    let notice = next.notice.as_ref().expect("a notice").text.clone();
    assert!(
        notice.starts_with("Not offered as your unsaved edits"),
        "{notice}"
    );
    assert_eq!(std::fs::read_to_string(&planted).expect("left alone"), text);
}

/// The file an earlier version left in the state folder (format 1, no base, no
/// session) is still offered; not knowing the base, the offer says restoring replaces
/// the plan and shows what it changes.
#[test]
fn a_recovery_file_of_the_earlier_format_in_the_state_folder_is_still_offered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = opened_copy(dir.path());
    let state = store(dir.path(), "1");
    std::fs::create_dir_all(state.dir()).expect("folder");
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for b in std::path::absolute(&path)
        .expect("absolute")
        .as_os_str()
        .as_encoded_bytes()
    {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let old = state
        .dir()
        .join(format!("firearms.yaml.{hash:016x}.wp-recover"));
    let edited = BUNDLED.replacen("venue: Vienna", "venue: Geneva", 1);
    let text = format!(
        "# workplan recovery file, format 1\n# source: {:?}\n# saved_at_unix: 1790000000\n{edited}",
        std::path::absolute(&path)
            .expect("absolute")
            .display()
            .to_string(),
    );
    crate::plan::recovery::write(
        &old,
        &crate::plan::recovery::from_text(&text).expect("reads"),
    )
    .expect("kept");
    let mut next = started(&path, &state);
    assert!(matches!(offer(&next).how, Restoring::Replacing { .. }));
    assert!(shows(&next, "Restoring replaces the plan as it is now"));
    assert!(shows(&next, "will be held in Geneva (previously Vienna)"));
    press(&mut next, &[Key::Char('r')]);
    assert_eq!(next.plan, parse(&edited).expect("parses").plan);
}

/// Saving as another name of the plan's own file (`./plan.yaml`, a link to it) writes
/// over the plan: it is checked as a save in place is, so a change made on disk since
/// is not overwritten.
#[test]
fn saving_as_another_name_of_the_plan_checks_it_changed_on_disk() {
    use super::Saver as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = opened_copy(dir.path());
    shift_t3_to_15th(&mut app);
    let elsewhere = format!("{BUNDLED}# edited elsewhere\n");
    std::fs::write(&path, &elsewhere).expect("the other save");
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&path, &link).expect("link");
    for other_name in [dir.path().join(".").join("firearms.yaml"), link] {
        match super::FileSaver.save(&app, &other_name, false) {
            Msg::SaveFailed(f) => assert!(
                matches!(*f, crate::plan::save::SaveError::ChangedOnDisk { .. }),
                "{f:?}"
            ),
            _ => panic!("{} written over the plan", other_name.display()),
        }
        assert_eq!(std::fs::read_to_string(&path).expect("read"), elsewhere);
    }
}

/// A long difference takes the rows the screen leaves and says how much more there is:
/// the keys of the dialog are never cut off.
#[test]
fn the_recovery_offer_keeps_its_keys_on_screen_whatever_the_difference() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, _) = opened_copy(dir.path());
    let mut edited = original();
    for (i, m) in edited.meetings.iter_mut().enumerate() {
        m.venue = Some(format!("Venue {i}"));
    }
    kept_by(&store(dir.path(), "1"), &path, &edited, 1_000);
    let mut next = started(&path, &store(dir.path(), "2"));
    assert!(offer(&next).difference.len() > 18);
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        update(
            &mut next,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        let screen = render(&next, w, h);
        let buf = screen.backend().buffer();
        for text in [
            "decide later: keep the file",
            "more lines: once restored, d",
        ] {
            assert!(find(buf, text).is_some(), "{w}x{h}: {text}");
        }
    }
}

#[test]
fn every_mode_renders_at_every_size_without_panicking() {
    let sizes = [
        (1, 1),
        (10, 3),
        (79, 24),
        (80, 23),
        (80, 24),
        (100, 30),
        (130, 45),
        (250, 70),
    ];
    let setups: &[&[Key]] = &[
        &[],
        &[Key::Char('?')],
        &[Key::Char('f')],
        &[Key::Char('m')],
        &[Key::Char('m'), Key::Down, Key::Enter],
        &[Key::Char('e')],
        &[Key::Char('e'), Key::Char('d')],
        &[Key::Char('e'), Key::Char('s')],
        &[Key::Char('E')],
        &[Key::Char('F')],
        &[Key::Char('/'), Key::Char('x')],
        &[Key::Char('p'), Key::Char('q')],
        &[Key::Char('p'), Key::Char('d')],
        &[Key::Char('p'), Key::Char('p'), Key::Char('R')],
        &[Key::Tab, Key::Tab, Key::Tab, Key::Down],
    ];
    for keys in setups {
        let mut app = app();
        press(&mut app, keys);
        for &(w, h) in &sizes {
            update(
                &mut app,
                Msg::Resize {
                    width: w,
                    height: h,
                },
            );
            render(&app, w, h);
            app.monochrome = !app.monochrome;
            render(&app, w, h);
        }
    }
}

fn any_key() -> impl proptest::strategy::Strategy<Value = Key> {
    use proptest::prelude::*;
    prop_oneof![
        proptest::sample::select(vec![
            Key::Up,
            Key::Down,
            Key::Left,
            Key::Right,
            Key::PageUp,
            Key::PageDown,
            Key::Home,
            Key::End,
            Key::Enter,
            Key::Esc,
            Key::Tab,
            Key::BackTab,
            Key::Backspace,
            Key::Delete,
            Key::Ctrl('r'),
            // Text-field editing.
            Key::CtrlLeft,
            Key::CtrlRight,
            Key::Alt('b'),
            Key::Alt('f'),
            Key::Ctrl('a'),
            Key::Ctrl('e'),
            Key::Ctrl('u'),
            Key::Ctrl('k'),
            Key::Ctrl('w'),
            Key::Ctrl('d'),
        ]),
        proptest::sample::select(
            "mpfxeaDFuU[]{}/?dRoEwsrvn 0123456789-jkhlgG"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(Key::Char),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any key sequence: no panic, and the findings shown are always those of the plan.
    #[test]
    fn any_keys_keep_the_state_consistent(
        keys in proptest::collection::vec(any_key(), 1..60),
        click in (0u16..130, 0u16..45),
    ) {
        let mut app = app();
        draw(&mut app, 120, 40);
        update(&mut app, Msg::Click { column: click.0, row: click.1 });
        for k in keys {
            press(&mut app, &[k]);
            render(&app, 100, 30);
            // The terminal cursor, where there is one, is on the screen.
            let area = Rect::new(0, 0, 100, 30);
            if let Some(at) = super::view::cursor(&app, area) {
                proptest::prop_assert!(area.contains(at), "{at:?}");
            }
        }
        proptest::prop_assert_eq!(&app.derived.findings, &check(&app.plan));
        proptest::prop_assert!(app.selected <= app.rows.len());
        let before = original();
        for m in before.meetings.iter().filter(|m| m.status.is_history()) {
            proptest::prop_assert_eq!(app.plan.meeting(m.number), Some(m));
        }
        while app.history.undo(&mut app.plan).is_some() {}
        proptest::prop_assert_eq!(app.plan, before);
    }
}

// ---- Hardening: terminal text, pastes, the filter, wide graphemes ----

/// The bundled plan with hostile text in its title, a topic title and a venue.
fn hostile_app() -> App {
    let text = BUNDLED
        .replacen(
            "title: Multi-year workplan of the Working Group on Firearms",
            "title: \"\\e]0;owned\\a\\x9b2J Multi-year workplan\"",
            1,
        )
        .replacen(
            "title: \"Use of terms",
            "title: \"\\e[2J\\e[HUse of terms",
            1,
        );
    assert_ne!(text, BUNDLED);
    let plan = parse(&text).expect("parses").plan;
    let mut app = App::new(plan, Origin::Bundled, None);
    update(
        &mut app,
        Msg::Resize {
            width: 160,
            height: 40,
        },
    );
    app
}

/// The planner's screen at 160x40 with the meeting of fixed topic T1 selected, so the
/// details pane shows its title.
fn screen_with_t1_selected(mut app: App) -> String {
    let t1 = app
        .plan
        .meetings
        .iter()
        .find(|m| m.fixed.as_ref().is_some_and(|t| t.as_str() == "T1"))
        .map(|m| m.number.get())
        .expect("T1 is scheduled");
    select(&mut app, t1);
    render(&app, 160, 40).backend().to_string()
}

#[test]
fn the_screen_writes_out_control_characters_instead_of_dropping_them() {
    let screen = screen_with_t1_selected(hostile_app());
    // The header (plan title), the table and the details pane (topic title).
    assert!(
        screen.contains("\\u{1b}]0;owned\\u{7}\\u{9b}2J"),
        "{screen}"
    );
    assert!(
        screen.contains("\\u{1b}[2J\\u{1b}[HUse of terms"),
        "{screen}"
    );
    assert!(
        !screen.contains("[2J[HUse"),
        "an escape was dropped: {screen}"
    );
}

/// A right-to-left override or a zero-width space in a title is written out in every
/// pane, as the control characters are: the table and the details pane (whose
/// paragraphs go through `view::visible_lines`).
#[test]
fn the_screen_writes_out_bidi_controls_and_invisible_characters() {
    let text = BUNDLED.replacen(
        "title: \"Use of terms",
        "title: \"\\u202E\\u2066Use of\\u200Bterms",
        1,
    );
    assert_ne!(text, BUNDLED);
    let app = App::new(parse(&text).expect("parses").plan, Origin::Bundled, None);
    let screen = screen_with_t1_selected(app);
    // The table's cell (cut to its column) and the details pane.
    assert!(
        screen.contains("T1 \\u{202e}\\u{2066}Use of\\u{200"),
        "{screen}"
    );
    assert!(
        screen.contains("  \\u{202e}\\u{2066}Use of\\u{200b}terms"),
        "{screen}"
    );
    assert!(
        !screen.contains(['\u{202e}', '\u{2066}', '\u{200b}']),
        "{screen}"
    );
}

#[test]
fn a_paste_is_one_message_into_the_field_that_has_the_focus() {
    use crossterm::event::Event;
    let mut app = app();
    let pasted = "Vienna\r\nRoom M3\t\u{1b}[2J".to_string();
    assert_eq!(
        super::terminal::to_msg(&app, Event::Paste(pasted.clone())),
        None,
        "no field takes text in the main screen"
    );
    press(&mut app, &[Key::Char('/')]);
    let msg = super::terminal::to_msg(&app, Event::Paste(pasted.clone()));
    assert_eq!(msg, Some(Msg::Paste(pasted.clone())));
    update(&mut app, msg.expect("a paste message"));
    // One line, no control characters: a line break or tab is a space, ESC is gone.
    assert_eq!(
        app.mode,
        Mode::Filter {
            input: "Vienna Room M3 [2J".into()
        }
    );

    // 100 KB into the venue of a meeting, in one step.
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('e')]);
    update(&mut app, Msg::EditVenue);
    let big = "Salle des Assemblées, ".repeat(100_000 / 24 + 1);
    update(&mut app, Msg::Paste(big.clone()));
    press(&mut app, &[Key::Enter]);
    let venue = app.selected_meeting().and_then(|m| m.venue.clone());
    assert_eq!(venue.as_deref(), Some(big.trim()));
}

fn app_with_planned_selected() -> App {
    let mut app = app();
    let n = app
        .plan
        .meetings
        .iter()
        .find(|m| !m.status.is_history())
        .map(|m| m.number.get())
        .expect("a planned meeting");
    select(&mut app, n);
    app
}

#[test]
fn the_prompt_and_filter_show_the_end_of_a_long_input_with_its_cursor() {
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('/')]);
    update(&mut app, Msg::Paste(format!("{}END", "工作".repeat(5_000))));
    let screen = render(&app, 120, 40).backend().to_string();
    assert!(screen.contains("END▏"), "{screen}");
    press(&mut app, &[Key::Esc]);
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('e')]);
    update(&mut app, Msg::EditNote);
    update(&mut app, Msg::Paste(format!("{}END", "👨‍👩‍👧".repeat(5_000))));
    let screen = render(&app, 120, 40).backend().to_string();
    assert!(screen.contains("END▏"), "{screen}");
}

/// The filter as it was before its search texts were kept: every field, lower-cased.
fn naive_rows(app: &App, query: &str) -> Vec<usize> {
    let q = query.to_lowercase();
    if q.is_empty() {
        return (0..app.plan.meetings.len()).collect();
    }
    (0..app.plan.meetings.len())
        .filter(|&i| {
            let m = &app.plan.meetings[i];
            let fixed = m.fixed.as_ref().and_then(|t| app.fixed_topic(t));
            let flexible = m.flexible.as_ref().and_then(|t| app.flexible_topic(t));
            [
                Some(m.number.to_string()),
                Some(m.year.to_string()),
                Some(m.status.as_str().to_string()),
                m.venue.clone(),
                m.note.clone(),
                m.fixed.as_ref().map(|t| t.0.clone()),
                m.flexible.as_ref().map(|t| t.0.clone()),
                fixed.map(|t| t.title.clone()),
                flexible.map(|t| t.title.clone()),
            ]
            .into_iter()
            .flatten()
            .any(|t| t.to_lowercase().contains(&q))
        })
        .collect()
}

#[test]
fn the_filter_answers_every_keystroke_as_a_fresh_search_would() {
    let mut app = app();
    press(&mut app, &[Key::Char('/')]);
    let mut query = String::new();
    // Typing on, deleting back past where it matched, a query across two fields, case.
    let steps: Vec<Option<char>> = "2026"
        .chars()
        .map(Some)
        .chain([None, None, None])
        .chain("3 VIE".chars().map(Some))
        .chain([None; 4])
        .chain("ienna".chars().map(Some))
        .chain([None; 9])
        .chain("T1".chars().map(Some))
        .collect();
    for step in steps {
        match step {
            Some(c) => {
                query.push(c);
                press(&mut app, &[Key::Char(c)]);
            }
            None => {
                query.pop();
                press(&mut app, &[Key::Backspace]);
            }
        }
        assert_eq!(app.rows, naive_rows(&app, &query), "after {query:?}");
    }
    // An edit changes what matches: the search follows the plan.
    press(&mut app, &[Key::Enter]);
    let n = app
        .plan
        .meetings
        .iter()
        .find(|m| !m.status.is_history())
        .map(|m| m.number.get())
        .expect("a planned meeting");
    press(&mut app, &[Key::Char('/'), Key::Esc]);
    select(&mut app, n);
    update(&mut app, Msg::EditMeeting);
    update(&mut app, Msg::EditVenue);
    update(&mut app, Msg::Paste("Quetzaltenango".into()));
    press(&mut app, &[Key::Enter]);
    let venue = app
        .plan
        .meeting(MeetingNumber::new(n))
        .and_then(|m| m.venue.clone());
    assert!(venue.is_some_and(|v| v.ends_with("Quetzaltenango")));
    press(&mut app, &[Key::Char('/')]);
    typed(&mut app, "quetzal");
    assert_eq!(app.rows, naive_rows(&app, "quetzal"));
    assert_eq!(app.rows.len(), 1);
}

/// Tricky graphemes: ZWJ families and professions, a flag sequence, VS16 hearts, skin
/// tones, CJK, combining accents.
const GRAPHEMES: [&str; 8] = ["👨‍👩‍👧‍👦", "🧑‍🤝‍🧑", "🏳️‍🌈", "❤️", "❤️‍🔥", "👩🏽‍💻", "工", "e\u{301}"];

#[test]
fn a_cell_is_exactly_as_wide_as_its_column_and_never_splits_a_grapheme() {
    use super::view::{cell, fit, fit_end, width};
    use unicode_segmentation::UnicodeSegmentation;
    for g in GRAPHEMES {
        let text = format!("Topic {} end", g.repeat(7));
        for w in 0..60 {
            let c = cell(&text, w);
            assert_eq!(width(&c), w, "{text:?} in {w} columns: {c:?}");
            let cut = fit(&text, w);
            let kept = cut.strip_suffix('…').unwrap_or(&cut);
            let whole: Vec<&str> = text.graphemes(true).collect();
            let got: Vec<&str> = kept.graphemes(true).collect();
            assert_eq!(got, whole[..got.len()], "{text:?} cut to {w}: {cut:?}");
            let end = fit_end(&text, w);
            assert!(width(&end) <= w, "{text:?} end in {w}: {end:?}");
            let kept = end.strip_prefix('…').unwrap_or(&end);
            let got: Vec<&str> = kept.graphemes(true).collect();
            assert_eq!(got, whole[whole.len() - got.len()..], "{text:?} end in {w}");
        }
    }
}

#[test]
fn emoji_sequences_keep_table_rows_inside_their_borders() {
    let mut text = BUNDLED.to_string();
    for (k, g) in GRAPHEMES.iter().enumerate() {
        text = text.replacen(
            "    title: \"",
            &format!("    title:  \"{}", g.repeat(9 + k)),
            1,
        );
    }
    let plan = parse(&text).expect("parses").plan;
    let mut app = App::new(plan, Origin::Bundled, None);
    for (w, h) in [(120u16, 40u16), (97, 30), (80, 24)] {
        update(
            &mut app,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        let terminal = render(&app, w, h);
        let buf = terminal.backend().buffer();
        let areas = super::view::layout_of(&app, buf.area);
        let t = areas.table;
        for y in t.top() + 1..t.bottom() - 1 {
            assert_eq!(
                buf[(t.left(), y)].symbol(),
                "│",
                "left border, row {y} at {w}×{h}"
            );
            assert_eq!(
                buf[(t.right() - 1, y)].symbol(),
                "│",
                "right border, row {y} at {w}×{h}"
            );
            // Walk the row as a terminal draws it, each symbol taking its width: it
            // ends exactly at the border, never past it.
            let mut x = t.left();
            let mut cols = 0;
            while x < t.right() {
                let w = super::view::width(buf[(x, y)].symbol()).max(1);
                cols += w;
                x = x.saturating_add(w as u16);
            }
            assert_eq!(cols, usize::from(t.width), "row {y} at {w}×{h}");
        }
    }
    // `show` pads by the same widths: every table line is as wide as its header.
    let out = super::show::render(app.plan.clone(), None);
    let table: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("No.")).collect();
    let findings_at = |l: &str| -> Option<usize> {
        let k = l.find(['✗', '▲', '·'])?;
        Some(super::view::width(&l[..k]))
    };
    let header = table[0];
    let col = super::view::width(&header[..header.find("Findings").expect("header")]);
    for line in &table[1..] {
        if let Some(at) = findings_at(line) {
            assert_eq!(at, col, "{line}");
        }
    }
}

/// What a key can change in the planner's state, to tell whether a key did anything.
fn observable(app: &App) -> String {
    format!(
        "{:?} {:?} {} {} {} {:?} {:?} {:?}",
        app.plan,
        app.focus,
        app.selected,
        app.cluster,
        app.finding,
        app.mode,
        app.notice,
        app.filter
    )
}

/// An app focused on `pane`, with a selection in the middle of each list so that every
/// direction has somewhere to go.
fn app_in_the_middle(pane: Pane) -> App {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    select(&mut app, 13);
    app.cluster = app.plan.clusters.len() / 2;
    app.finding = app.derived.findings.len() / 2;
    app.focus = pane;
    app
}

#[test]
fn every_key_the_help_lists_for_a_pane_changes_the_state_there() {
    for (pane, context) in [
        (Pane::Timeline, keys::Context::Timeline),
        (Pane::Findings, keys::Context::Findings),
        (Pane::Meetings, keys::Context::Meetings),
    ] {
        assert!(app_in_the_middle(pane).derived.findings.len() >= 3);
        every_binding_changes_the_state(context, || app_in_the_middle(pane));
    }
}

#[test]
fn findings_page_keys_move_through_the_findings() {
    let mut app = app_in_the_middle(Pane::Findings);
    let last = app.derived.findings.len() - 1;
    press(&mut app, &[Key::Char('G')]);
    assert_eq!(app.finding, last);
    press(&mut app, &[Key::Char('g')]);
    assert_eq!(app.finding, 0);
    press(&mut app, &[Key::End]);
    assert_eq!(app.finding, last);
    press(&mut app, &[Key::Home]);
    assert_eq!(app.finding, 0);
    press(&mut app, &[Key::PageDown]);
    assert_eq!(app.finding, 5.min(last));
    press(&mut app, &[Key::PageUp]);
    assert_eq!(app.finding, 0);
    // The meeting selection stays where it was.
    assert_eq!(app.selected_meeting().map(|m| m.number.get()), Some(13));
}

#[test]
fn timeline_home_and_end_go_to_the_first_and_last_cluster() {
    let mut app = app_in_the_middle(Pane::Timeline);
    let last = app.plan.clusters.len() - 1;
    let meeting = app.selected;
    press(&mut app, &[Key::Char('G')]);
    assert_eq!(app.cluster, last);
    press(&mut app, &[Key::Char('g')]);
    assert_eq!(app.cluster, 0);
    press(&mut app, &[Key::End]);
    assert_eq!(app.cluster, last);
    press(&mut app, &[Key::Home]);
    assert_eq!(app.cluster, 0);
    assert_eq!(app.selected, meeting);
}

#[test]
fn the_header_shows_a_tick_when_there_are_no_errors() {
    let app = app();
    assert_eq!(app.derived.counts.error, 0);
    let term = render(&app, 120, 40);
    let buf = term.backend().buffer();
    assert!(find(buf, "✓ no errors").is_some());
    assert!(find(buf, "0 errors").is_none());
}

#[test]
fn the_amendment_view_writes_the_amendment_in_the_form_its_extension_asks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("firearms.yaml");
    let mut app = App::new(original(), Origin::File(plan.clone()), None);
    update(
        &mut app,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p'), Key::Char('d')]);
    assert!(matches!(app.mode, Mode::Diff { .. }), "{:?}", app.mode);
    press(&mut app, &[Key::Char('E')]);
    let Mode::Prompt(p) = &app.mode else {
        panic!("path prompt: {:?}", app.mode)
    };
    let md = dir.path().join("firearms-amendment.md");
    assert_eq!(p.input.value(), md.display().to_string());
    let effects = press(&mut app, &[Key::Enter]);
    let [Effect::ExportAmendment { path }] = effects.as_slice() else {
        panic!("amendment effect: {effects:?}")
    };
    let outcome = super::export_amendment(&app, path);
    assert!(matches!(outcome, Msg::Exported { .. }), "{outcome:?}");
    let expected = crate::diff::diff(&original(), &app.plan).render_md();
    assert_eq!(std::fs::read_to_string(&md).expect("written"), expected);
    assert!(expected.contains("Topic 4"), "{expected}");

    // Other extensions, other forms; the plan itself is refused.
    let docx = dir.path().join("amendment.docx");
    super::export_amendment(&app, &docx);
    assert!(std::fs::read(&docx).expect("written").starts_with(b"PK"));
    let txt = dir.path().join("amendment.txt");
    super::export_amendment(&app, &txt);
    assert!(
        std::fs::read_to_string(&txt)
            .expect("written")
            .starts_with("Amendment:")
    );
    std::fs::write(&plan, "version: 1\n").expect("plan file");
    let refused = super::export_amendment(&app, &plan);
    assert!(matches!(refused, Msg::ExportFailed(_)), "{refused:?}");
    assert_eq!(
        std::fs::read_to_string(&plan).expect("kept"),
        "version: 1\n"
    );
}

/// The field of the open prompt, filter or picker.
fn field(app: &App) -> &super::field::Field {
    match &app.mode {
        Mode::Prompt(p) => &p.input,
        Mode::Filter { input } => input,
        Mode::Picker(p) => &p.query,
        other => panic!("no text field open: {other:?}"),
    }
}

#[test]
fn typing_into_prefilled_dates_replaces_them() {
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('e'), Key::Char('d')]);
    typed(&mut app, "2025-06-12");
    press(&mut app, &[Key::Enter]);
    press(&mut app, &[Key::Char('e'), Key::Char('d')]);
    assert_eq!(field(&app).value(), "2025-06-12");
    assert!(field(&app).is_selected());
    typed(&mut app, "2026-06-10");
    assert_eq!(field(&app).value(), "2026-06-10");
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.mode, Mode::Normal);
    let start = app.selected_meeting().and_then(|m| m.start);
    assert_eq!(start.map(|d| d.to_string()).as_deref(), Some("2026-06-10"));
}

#[test]
fn text_field_keys_edit_at_the_cursor() {
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('e'), Key::Char('d')]);
    press(&mut app, &[Key::Ctrl('u')]);
    typed(&mut app, "2025-06-12 2025-06-13");
    press(&mut app, &[Key::Home, Key::Delete]);
    typed(&mut app, "3");
    assert_eq!(field(&app).value(), "3025-06-12 2025-06-13");
    press(&mut app, &[Key::Ctrl('e'), Key::Ctrl('w')]);
    assert_eq!(field(&app).value(), "3025-06-12 2025-06-");
    press(&mut app, &[Key::Alt('b'), Key::Alt('b'), Key::Ctrl('k')]);
    assert_eq!(field(&app).value(), "3025-06-12 ");
    press(
        &mut app,
        &[Key::CtrlLeft, Key::Left, Key::Left, Key::Ctrl('u')],
    );
    assert_eq!(field(&app).value(), "6-12 ");
    press(
        &mut app,
        &[Key::Ctrl('a'), Key::Alt('f'), Key::Right, Key::Backspace],
    );
    assert_eq!(field(&app).value(), "6-2 ");
    // The field says what is wrong as it is edited, not only as it is typed.
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.error.is_some()));
    press(&mut app, &[Key::Ctrl('u'), Key::Ctrl('k')]);
    assert!(matches!(&app.mode, Mode::Prompt(p) if p.error.is_none()));
}

#[test]
fn filter_and_picker_edit_at_the_cursor_too() {
    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('/')]);
    typed(&mut app, "vienna");
    press(&mut app, &[Key::Home]);
    typed(&mut app, "x");
    assert_eq!(app.filter.as_deref(), Some("xvienna"));
    press(&mut app, &[Key::Home, Key::Delete]);
    assert_eq!(app.filter.as_deref(), Some("vienna"));
    press(&mut app, &[Key::Enter, Key::Char('/')]);
    // The filter in force is offered selected: typing starts a new one.
    typed(&mut app, "2030");
    assert_eq!(app.filter.as_deref(), Some("2030"));
    press(&mut app, &[Key::Esc]);

    let mut app = app_with_planned_selected();
    press(&mut app, &[Key::Char('f')]);
    typed(&mut app, "fa");
    press(&mut app, &[Key::Left]);
    typed(&mut app, "ir");
    assert_eq!(field(&app).value(), "fira");
    press(&mut app, &[Key::Ctrl('d'), Key::Ctrl('a'), Key::Ctrl('k')]);
    assert_eq!(field(&app).value(), "");
}

#[test]
fn the_terminal_cursor_sits_on_the_edit_position() {
    let mut app = app_with_planned_selected();
    // Without a text field the cursor is on the selected row (see view::tests).
    let on_row = super::view::cursor(&app, Rect::new(0, 0, 120, 40));
    assert!(on_row.is_some_and(|p| p.x == 1), "{on_row:?}");
    for open in [
        &[Key::Char('e'), Key::Char('n')][..],
        &[Key::Char('/')],
        &[Key::Char('f')],
    ] {
        let mut app = app_with_planned_selected();
        press(&mut app, open);
        typed(&mut app, "abc");
        press(&mut app, &[Key::Left]);
        for (w, h) in [(80, 24), (120, 40)] {
            let term = render(&app, w, h);
            let bar = find(term.backend().buffer(), "ab▏c").map(|(x, y)| (x + 2, y));
            let at = super::view::cursor(&app, Rect::new(0, 0, w, h)).map(|p| (p.x, p.y));
            assert_eq!(at, bar, "{:?} at {w}x{h}", app.mode);
        }
    }
    press(
        &mut app,
        &[Key::Char('e'), Key::Char('n'), Key::Esc, Key::Esc],
    );
    assert_eq!(super::view::cursor(&app, Rect::new(0, 0, 120, 40)), on_row);
}

/// An app with the field of `context` open, holding text with the cursor in the middle
/// (nothing selected), so that every editing key has something to do.
fn app_typing_in(context: keys::Context) -> App {
    let mut app = app_with_planned_selected();
    match context {
        keys::Context::Prompt => {
            press(&mut app, &[Key::Char('e'), Key::Char('n')]);
            typed(&mut app, "alpha beta gamma");
        }
        _ => {
            press(&mut app, &[Key::Char('f')]);
            typed(&mut app, "ation");
            press(&mut app, &[Key::Down]);
        }
    }
    press(&mut app, &[Key::Left, Key::Left]);
    app
}

#[test]
fn every_key_the_help_lists_for_a_text_field_changes_the_state_there() {
    for context in [keys::Context::Prompt, keys::Context::Picker] {
        if let Mode::Picker(p) = &app_typing_in(context).mode {
            assert!(p.matches.len() >= 3 && p.selected == 1, "{p:?}");
        }
        every_binding_changes_the_state(context, || app_typing_in(context));
    }
}

#[test]
fn at_80x24_the_key_bar_ends_with_help_in_every_pane() {
    for pane in Pane::ALL {
        let mut app = app_in_the_middle(pane);
        update(
            &mut app,
            Msg::Resize {
                width: 80,
                height: 24,
            },
        );
        let term = render(&app, 80, 24);
        let buf = term.backend().buffer();
        let bar: String = (0..80).map(|x| buf[(x, 23)].symbol().to_string()).collect();
        assert!(bar.trim_end().ends_with("? help"), "{pane:?}: {bar:?}");
        // Hints are left out whole, never cut.
        assert!(!bar.contains('…'), "{pane:?}: {bar:?}");
    }
}

#[test]
fn the_findings_pane_gives_rows_it_does_not_need_to_the_meetings() {
    let area = Rect::new(0, 0, 120, 40);
    let clusters = app().plan.clusters.len();
    let height = |findings| {
        super::view::layout(area, clusters, findings, 1)
            .findings
            .height
    };
    // Borders and one row ("no findings") when there are none; as many as there are
    // findings up to the usual 8 rows (6 findings) at this size.
    assert_eq!(height(0), 3);
    assert_eq!(height(1), 3);
    assert_eq!(height(3), 5);
    assert_eq!(height(6), 8);
    assert_eq!(height(1000), 8);
    let table = |findings| {
        let rows = super::view::layout(area, clusters, findings, 1)
            .table
            .height;
        usize::from(rows.saturating_sub(3))
    };
    assert_eq!(table(0), table(1000) + 5);

    // The clean bundled plan: the meetings table shows all 18 meetings, the last one too.
    let app = app();
    assert_eq!(app.derived.findings.len(), 0);
    let term = render(&app, 120, 40);
    assert!(find(term.backend().buffer(), "19th  2032").is_some());
}

#[test]
fn without_an_aligned_plan_the_preview_proposes_the_least_misaligned_one() {
    // Half the topics cannot be aligned, and moving the others helps.
    let app = preview_of(crate::realign::synth::crowded(4));
    let Mode::Realign(preview) = &app.mode else {
        panic!("a preview: {:?} {:?}", app.mode, app.notice)
    };
    let left = preview.proposal.misaligned.len();
    assert!(left > 0 && !preview.proposal.moves.is_empty());
    let notice = app.notice.clone().expect("says why");
    assert!(
        notice.text.starts_with("No aligned plan exists: "),
        "{}",
        notice.text
    );
    assert!(
        notice.text.ends_with("the least-misaligned plan."),
        "{}",
        notice.text
    );
    let term = render(&app, 120, 40);
    let buf = term.backend().buffer();
    assert!(find(buf, "best effort").is_some());
    assert!(find(buf, "Still misaligned (years early or late): ").is_some());

    // Cluster 2 reviewed two years early: no move helps with one meeting a year, and the
    // notice says so; the preview compares the other ways, and `s` takes the one that
    // aligns the plan with second meetings.
    let text = include_str!("../../plans/scenarios/cluster-2-early.yaml");
    let mut app = preview_of(parse(text).expect("parses").plan);
    let notice = app.notice.clone().expect("says why");
    assert!(
        notice.text.starts_with("No aligned plan exists: T8"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.ends_with("compares the other ways (o, s)."),
        "{}",
        notice.text
    );
    let Mode::Realign(preview) = &app.mode else {
        panic!("a preview: {:?}", app.mode)
    };
    assert!(preview.proposal.moves.is_empty());
    assert_eq!(
        preview.alternatives[2],
        ("second meetings", "3/2/4".to_owned()),
        "{:?}",
        preview.alternatives
    );
    assert!(
        preview.alternatives[0]
            .1
            .starts_with("best effort, 2 misaligned")
    );
    press(&mut app, &[Key::Char('s')]);
    let Mode::Realign(preview) = &app.mode else {
        panic!("still a preview: {:?}", app.mode)
    };
    assert!(preview.allow_second && preview.proposal.misaligned.is_empty());
    assert_eq!(preview.proposal.moves.len(), 3);
    let term = render(&app, 120, 40);
    assert!(
        find(
            term.backend().buffer(),
            "Realignment (order kept, second meetings)"
        )
        .is_some()
    );
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.derived.counts.error, 0, "{:?}", app.derived.findings);
}

/// Every key the table binds in `context` resolves to its message there and changes what
/// the user can see, starting each time from a fresh `app()`.
fn every_binding_changes_the_state(context: keys::Context, app: impl Fn() -> App) {
    for binding in keys::BINDINGS.iter().filter(|b| b.context == context) {
        for &key in binding.keys {
            let mut app = app();
            assert_eq!(keys::resolve(&app, key).as_ref(), Some(&binding.msg));
            let before = observable(&app);
            press(&mut app, &[key]);
            assert_ne!(
                observable(&app),
                before,
                "{context:?}: {} ({}) changed nothing",
                key.label(),
                binding.help
            );
        }
    }
}

/// Lines of each function in a Rust source: from its `fn` line to the `}` at the same
/// indentation (rustfmt's layout).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let body = body.strip_prefix("pub ").unwrap_or(body);
        let body = body.strip_prefix("pub(crate) ").unwrap_or(body);
        let Some(name) = body.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let end = format!("{indent}}}");
        if let Some(len) = lines[i..].iter().position(|l| *l == end) {
            out.push((name, len + 1));
        }
    }
    out
}

#[test]
fn no_function_of_the_planner_is_longer_than_80_lines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    let mut long = Vec::new();
    let mut longest = (String::new(), 0);
    for entry in std::fs::read_dir(&root).expect("src/tui") {
        files.push(entry.expect("entry").path());
    }
    while let Some(path) = files.pop() {
        if path.is_dir() {
            if path.ends_with("component") || path.ends_with("view") {
                for entry in std::fs::read_dir(&path).expect("component or view") {
                    files.push(entry.expect("entry").path());
                }
            }
            continue;
        }
        // The tests are lists of steps.
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        for (name, len) in function_lengths(&text) {
            let at = format!("{}::{name}", path.display());
            if len > longest.1 {
                longest = (at.clone(), len);
            }
            if len > 80 {
                long.push((at, len));
            }
        }
    }
    assert!(long.is_empty(), "{long:?}");
    assert!(longest.1 > 20, "measured {longest:?}");
    assert_eq!(function_lengths("fn a() {\n    x\n}\n"), [("a".into(), 3)]);
}

#[test]
fn the_solver_runs_as_an_effect_whose_report_opens_the_preview() {
    let mut app = app();
    press(&mut app, &[Key::Char('p'), Key::Char('p')]);
    let msg = keys::resolve(&app, Key::Char('R')).expect("R is bound");
    let effects = update(&mut app, msg);
    assert_eq!(
        effects,
        [Effect::Realign {
            allow_reorder: false,
            allow_second: false
        }]
    );
    assert_eq!(app.mode, Mode::Normal, "nothing solved inside update");
    let report = super::component::run_realign(&app.plan, false, false);
    assert!(update(&mut app, report).is_empty());
    let Mode::Realign(preview) = &app.mode else {
        panic!("preview opened: {:?}", app.mode);
    };
    assert!(!preview.summary.rows.is_empty());
    // In the preview, o asks for the solver again; the preview stays until its report.
    let effects = press(&mut app, &[]);
    assert!(effects.is_empty());
    let msg = keys::resolve(&app, Key::Char('o')).expect("o is bound");
    assert_eq!(
        update(&mut app, msg),
        [Effect::Realign {
            allow_reorder: true,
            allow_second: false
        }]
    );
    assert!(matches!(app.mode, Mode::Realign(ref p) if !p.allow_reorder));
}

/// Issue 22: `R` froze the planner for two minutes and ignored Ctrl+C. The solver now
/// works while the planner reads keys: it says so, sets other keys aside (an edit would
/// make the answer stale), and Esc or Ctrl+C cancels it; an answer that comes after
/// that opens nothing.
#[test]
fn the_solver_at_work_can_be_cancelled_and_its_late_answer_opens_nothing() {
    for cancel in [Key::Esc, Key::Ctrl('c')] {
        let mut app = app();
        press(&mut app, &[Key::Char('p'), Key::Char('p')]);
        let before = app.plan.clone();
        let msg = keys::resolve(&app, Key::Char('R')).expect("R is bound");
        assert_eq!(
            update(&mut app, msg),
            [Effect::Realign {
                allow_reorder: false,
                allow_second: false
            }]
        );
        assert_eq!(
            app.notice.as_ref().map(|n| n.text.as_str()),
            Some(super::component::REALIGNING)
        );
        // Other keys wait: no edit, no dialog, no quitting.
        for k in [
            Key::Char('p'),
            Key::Char('m'),
            Key::Char('?'),
            Key::Char('u'),
        ] {
            let effects = keys::resolve(&app, k).map(|m| update(&mut app, m));
            assert_eq!(effects.unwrap_or_default(), []);
        }
        assert_eq!((&app.plan, &app.mode), (&before, &Mode::Normal));
        let msg = keys::resolve(&app, cancel).expect("cancel is bound");
        assert_eq!(update(&mut app, msg), [Effect::CancelRealign], "{cancel:?}");
        let told = app.notice.clone().expect("told").text;
        assert!(told.starts_with("Realignment cancelled"), "{told}");
        // The answer of the cancelled run, if it comes anyway, opens no preview.
        let late = super::component::run_realign(&app.plan, false, false);
        assert_eq!(update(&mut app, late), []);
        assert_eq!(app.mode, Mode::Normal);
        assert!(
            app.notice
                .clone()
                .expect("kept")
                .text
                .starts_with("Realignment cancelled")
        );
        // And the planner is itself again: u undoes, R realigns.
        press(&mut app, &[Key::Char('u'), Key::Char('R')]);
        assert!(matches!(app.mode, Mode::Realign(_)), "{:?}", app.mode);
    }
}

/// A raised stop ends the solver's run soon, with an answer that says so.
#[test]
fn the_solver_run_by_the_planner_stops_when_asked() {
    let raised = std::sync::atomic::AtomicBool::new(true);
    let mut app = app();
    press(&mut app, &[Key::Char('p'), Key::Char('p')]);
    let stop = crate::realign::Stop::on(&raised);
    let Msg::Realigned(answer) = super::component::run_realign_until(&app.plan, true, true, stop)
    else {
        panic!("the solver's answer");
    };
    assert_eq!(answer.proposal, Err("the realignment was cancelled".into()));
    assert!(answer.alternatives.is_empty());
}

/// An app with the component of `context` open, in a state where each of its keys has
/// somewhere to go (a selection in the middle of each list, text that scrolls).
fn app_in_context(context: keys::Context) -> App {
    use keys::Context as C;
    let mut app = app_in_the_middle(Pane::Meetings);
    let keys: &[Key] = match context {
        C::Global | C::Meetings | C::Lists => &[],
        C::Timeline => {
            app.focus = Pane::Timeline;
            &[]
        }
        C::Findings => {
            app.focus = Pane::Findings;
            &[]
        }
        C::Prompt | C::Picker | C::TextField => return app_typing_in(context),
        C::Moving => &[Key::Char('m')],
        C::Conflict => &[Key::Char('m'), Key::Down, Key::Down, Key::Enter],
        C::EditMenu => &[Key::Char('e')],
        C::Choice => &[Key::Char('e'), Key::Char('s'), Key::Down],
        C::ConfirmQuit => &[Key::Char('q')],
        C::Help => &[Key::Char('?'), Key::Down],
        C::Export => &[Key::Char('E'), Key::Down],
        C::Diff => {
            // Small enough that the amendment scrolls.
            update(
                &mut app,
                Msg::Resize {
                    width: 80,
                    height: 24,
                },
            );
            &[Key::Char('d'), Key::Down, Key::Down]
        }
        C::Realign => &[Key::Char('R'), Key::Down],
        C::Restore => {
            let mut plan = app.plan.clone();
            plan.title.push_str(" (recovered)");
            let recovered = Recovered {
                plan: plan.clone(),
                base: Some(app.plan.clone()),
                base_is_current: false,
                path: "recovery.yaml".into(),
                saved_at_unix: 1_767_261_600,
            };
            let (offer, _) = crate::tui::component::offer_recovered(&app, vec![recovered]);
            app.mode = Mode::Restore(Box::new(offer.expect("an offer")));
            &[]
        }
        C::OnDisk => {
            let mut plan = app.plan.clone();
            plan.title.push_str(" (on disk)");
            let disk = super::msg::OnDisk {
                text: crate::plan::canonical::to_yaml(&plan).expect("yaml"),
                plan,
                fingerprint: None,
            };
            let read = Msg::ReadAgain {
                path: "plan.yaml".into(),
                then: super::msg::Reread::Offer,
                read: Ok(Box::new(disk)),
            };
            update(&mut app, read);
            &[]
        }
    };
    press(&mut app, keys);
    assert!(
        keys::contexts(&app).contains(&context),
        "{context:?} open: {:?}",
        app.mode
    );
    app
}

/// Bindings that are documented to do nothing in a context, with why.
const NO_OPS: &[(keys::Context, Msg, &str)] = &[];

#[test]
fn every_binding_in_every_context_changes_the_state_or_is_a_documented_no_op() {
    // Every context a key can be pressed in, from the declaration.
    let all = super::keymap::contexts();
    for context in all {
        // Every context the component shares (the lists', everywhere's) is tried there.
        for shared in keys::contexts(&app_in_context(context)) {
            for binding in keys::BINDINGS.iter().filter(|b| b.context == shared) {
                for &key in binding.keys {
                    let mut app = app_in_context(context);
                    if keys::resolve(&app, key).as_ref() != Some(&binding.msg) {
                        continue; // a more specific binding of the key wins here
                    }
                    let documented = NO_OPS
                        .iter()
                        .any(|(c, m, _)| *c == context && *m == binding.msg);
                    let before = observable(&app);
                    let effects = press(&mut app, &[key]);
                    assert!(
                        observable(&app) != before || !effects.is_empty() || documented,
                        "{context:?}/{shared:?}: {} ({}) changed nothing",
                        key.label(),
                        binding.help
                    );
                }
            }
        }
    }
}

/// Where a message comes from: a key of the table, or elsewhere. Exhaustive, so a new
/// message must say how the user reaches it.
fn from_a_key(msg: &Msg) -> bool {
    match msg {
        Msg::Input(_) | Msg::Backspace | Msg::Edit(_) => true,
        // The terminal: the mouse, pastes, resizes.
        Msg::Click { .. }
        | Msg::ScrollUp
        | Msg::ScrollDown
        | Msg::Paste(_)
        | Msg::Resize { .. } => false,
        // The loop's reports of effects.
        Msg::Saved { .. }
        | Msg::SaveFailed { .. }
        | Msg::Exported { .. }
        | Msg::ExportFailed(_)
        | Msg::IoFailed(_)
        | Msg::ReadAgain { .. }
        | Msg::Realigned(_) => false,
        Msg::Up
        | Msg::Down
        | Msg::Left
        | Msg::Right
        | Msg::PageUp
        | Msg::PageDown
        | Msg::Home
        | Msg::End
        | Msg::NextPane
        | Msg::PrevPane
        | Msg::Open
        | Msg::Details
        | Msg::ToMeetings
        | Msg::JumpToFinding
        | Msg::WriteAmendment
        | Msg::Cancel
        | Msg::Help
        | Msg::Quit
        | Msg::Filter
        | Msg::MoveFixed
        | Msg::Swap
        | Msg::Shift
        | Msg::Postpone
        | Msg::PickFlexible
        | Msg::ClearFlexible
        | Msg::AddFlexible
        | Msg::EditMeeting
        | Msg::EditDates
        | Msg::EditVenue
        | Msg::EditStatus
        | Msg::EditNote
        | Msg::AddMeeting
        | Msg::RemoveMeeting
        | Msg::WindowEarlier
        | Msg::WindowLater
        | Msg::WindowEndEarlier
        | Msg::WindowEndLater
        | Msg::Undo
        | Msg::Redo
        | Msg::Save
        | Msg::SaveAs
        | Msg::SaveAndQuit
        | Msg::Discard
        | Msg::Export
        | Msg::Diff
        | Msg::Realign
        | Msg::ToggleReorder
        | Msg::ToggleSecondMeeting
        | Msg::Restore
        | Msg::DiscardRecovery
        | Msg::Reload
        | Msg::Overwrite => true,
    }
}

#[test]
fn every_message_a_component_handles_from_a_key_is_bound_to_one() {
    use super::msg::TextEdit as E;
    let intents = [
        Msg::Up,
        Msg::Down,
        Msg::Left,
        Msg::Right,
        Msg::PageUp,
        Msg::PageDown,
        Msg::Home,
        Msg::End,
        Msg::NextPane,
        Msg::PrevPane,
        Msg::Open,
        Msg::Details,
        Msg::ToMeetings,
        Msg::JumpToFinding,
        Msg::WriteAmendment,
        Msg::Cancel,
        Msg::Help,
        Msg::Quit,
        Msg::Filter,
        Msg::MoveFixed,
        Msg::Swap,
        Msg::Shift,
        Msg::Postpone,
        Msg::PickFlexible,
        Msg::ClearFlexible,
        Msg::AddFlexible,
        Msg::EditMeeting,
        Msg::EditDates,
        Msg::EditVenue,
        Msg::EditStatus,
        Msg::EditNote,
        Msg::AddMeeting,
        Msg::RemoveMeeting,
        Msg::WindowEarlier,
        Msg::WindowLater,
        Msg::WindowEndEarlier,
        Msg::WindowEndLater,
        Msg::Undo,
        Msg::Redo,
        Msg::Save,
        Msg::SaveAs,
        Msg::SaveAndQuit,
        Msg::Discard,
        Msg::Export,
        Msg::Diff,
        Msg::Realign,
        Msg::ToggleReorder,
        Msg::ToggleSecondMeeting,
        Msg::Restore,
        Msg::DiscardRecovery,
        Msg::Backspace,
        Msg::Edit(E::CharLeft),
        Msg::Edit(E::CharRight),
        Msg::Edit(E::WordLeft),
        Msg::Edit(E::WordRight),
        Msg::Edit(E::Start),
        Msg::Edit(E::End),
        Msg::Edit(E::DeleteNext),
        Msg::Edit(E::DeletePrevWord),
        Msg::Edit(E::DeleteToStart),
        Msg::Edit(E::DeleteToEnd),
    ];
    for msg in intents {
        assert!(from_a_key(&msg), "{msg:?}");
        assert!(
            keys::BINDINGS.iter().any(|b| b.msg == msg),
            "no key sends {msg:?}"
        );
    }
    // Typed characters reach every field that takes text.
    for context in [keys::Context::Prompt, keys::Context::Picker] {
        assert_eq!(
            keys::resolve(&app_typing_in(context), Key::Char('z')),
            Some(Msg::Input('z'))
        );
    }
}

/// The keys named in the first column of the `n`th table of a Markdown text: separated
/// by spaces, ` / `, commas and "or"; a key in backticks is taken as written; "↑↓" and
/// "jk" name two keys.
fn keys_of_table(text: &str, header: &str) -> std::collections::BTreeSet<String> {
    let labels: std::collections::BTreeSet<String> = keys::BINDINGS
        .iter()
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect();
    let mut out = std::collections::BTreeSet::new();
    let rows = text
        .lines()
        .skip_while(|l| !l.starts_with(header))
        .skip(2)
        .take_while(|l| l.starts_with('|'));
    for row in rows {
        let first = row.split(" | ").next().unwrap_or_default();
        for token in first.trim_start_matches("| ").split_whitespace() {
            if let Some(key) = token.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
                out.insert(key.to_string());
                continue;
            }
            let token = token.trim_matches(|c| matches!(c, '(' | ')' | ','));
            if token.is_empty() || token == "/" || token == "or" {
                continue;
            }
            if labels.contains(token) {
                out.insert(token.to_string());
            } else {
                out.extend(token.chars().map(String::from));
            }
        }
    }
    out
}

fn labels_in(contexts: &[keys::Context]) -> std::collections::BTreeSet<String> {
    keys::BINDINGS
        .iter()
        .filter(|b| contexts.contains(&b.context))
        .flat_map(|b| b.keys.iter().map(|k| k.label()))
        .collect()
}

#[test]
fn the_key_tables_of_the_guide_name_exactly_the_keys_of_the_table() {
    use keys::Context as C;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/planner.md")).expect("guide");
    assert_eq!(
        keys_of_table(&guide, "| key | does |"),
        labels_in(&[C::Meetings, C::Timeline, C::Findings, C::Lists, C::Global]),
        "docs/planner.md: the planner's keys"
    );
    assert_eq!(
        keys_of_table(&guide, "| key in a text field | does |"),
        labels_in(&[C::Prompt, C::Picker]),
        "docs/planner.md: the keys of a text field"
    );
}

#[test]
fn enter_sends_its_own_message_in_each_pane_and_the_key_bar_names_that_one() {
    for (pane, msg) in [
        (Pane::Meetings, Msg::Details),
        (Pane::Timeline, Msg::ToMeetings),
        (Pane::Findings, Msg::JumpToFinding),
    ] {
        let app = app_in_the_middle(pane);
        assert_eq!(keys::resolve(&app, Key::Enter), Some(msg.clone()));
        let enter: Vec<_> = keys::hints(&app)
            .into_iter()
            .filter(|(k, _)| k == "Enter")
            .collect();
        let bound = keys::BINDINGS
            .iter()
            .find(|b| b.msg == msg)
            .map(|b| b.hint)
            .filter(|h| !h.is_empty());
        assert_eq!(enter.first().map(|(_, h)| *h), bound, "{pane:?}: {enter:?}");
    }
}
/// A failed save, export or recovery discard reaches `update` as the typed error and
/// is put into words only there: a file changed on disk (the kind, not a flag beside a
/// message) has the loop read it again, for the dialog; the others say what went wrong.
#[test]
fn failures_reach_the_notice_typed_and_keep_their_words() {
    use super::msg::{ExportFailure, Failed};
    use crate::plan::save::{OntoPlan, SaveError, Written};
    let mut app = App::new(original(), Origin::Bundled, None);
    let path = std::path::PathBuf::from("plan.yaml");
    let effects = update(
        &mut app,
        Msg::SaveFailed(Failed::new(SaveError::ChangedOnDisk { path: path.clone() })),
    );
    let then = super::msg::Reread::Offer;
    let read = Effect::ReadAgain {
        path: path.clone(),
        then,
    };
    assert_eq!(effects, [read]);
    assert_eq!(app.mode, Mode::Normal, "the dialog waits for the file");
    let mut app = App::new(original(), Origin::Bundled, None);
    let onto = OntoPlan {
        path,
        written: Written::Amendment,
    };
    update(
        &mut app,
        Msg::ExportFailed(Failed::new(ExportFailure::from(onto))),
    );
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    let text = notice_text(&app);
    assert_eq!(
        text,
        "cannot write plan.yaml: it is one of the plans being compared; give the amendment another name."
    );
}

#[test]
fn undoing_a_realignment_names_it_and_counts_the_topics_that_go_back() {
    let mut app = app();
    // Two postponements misalign later topics; the realignment puts them back.
    press(&mut app, &[Key::Char('p'), Key::Char('p')]);
    press(&mut app, &[Key::Char('R')]);
    let Mode::Realign(preview) = &app.mode else {
        panic!("preview opened: {:?}", app.mode);
    };
    let moves = preview.proposal.moves.len();
    assert!(moves > 0, "the realignment moves topics");
    press(&mut app, &[Key::Enter]);
    press(&mut app, &[Key::Char('u')]);
    let text = app.notice.as_ref().expect("a message").text.clone();
    assert!(
        text.starts_with("Undone: realignment ("),
        "named as the realignment: {text}"
    );
    // The topics that go back are those the realignment placed on other meetings.
    let back = text
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(" topic"))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .expect("a count of topics back");
    assert_eq!(back, moves, "{text}");
}

/// The timeline's name column is measured when the plan opens and again only when its
/// clusters may have changed (`Derived::cluster_label_width`): a replaced plan that
/// renames a cluster widens it, an edit of meetings leaves it.
#[test]
fn the_timeline_measures_cluster_names_again_when_the_clusters_change() {
    let mut app = app();
    let measured = crate::tui::view::cluster_label_width(&app.plan);
    assert_eq!(app.derived.cluster_label_width, measured);
    let mut renamed = app.plan.clone();
    renamed.clusters[0].name =
        Some("A cluster name longer than any in the shipped plan: ".repeat(3));
    app.history
        .apply(
            &mut app.plan,
            &crate::edit::Edit::Replace(Box::new(renamed)),
        )
        .expect("applies");
    app.refresh();
    let wider = crate::tui::view::cluster_label_width(&app.plan);
    assert!(wider > measured);
    assert_eq!(app.derived.cluster_label_width, wider);
    press(&mut app, &[Key::Char('u')]);
    assert_eq!(app.derived.cluster_label_width, measured);
}

/// `select_number` finds a meeting by the index and a search of the rows: the first of
/// its number in the file among the rows shown, as a walk of the rows found it.
#[test]
fn selecting_a_number_finds_the_first_shown_meeting_of_that_number() {
    let mut plan = original();
    let last = plan.meetings.len() - 1;
    let number = plan.meetings[last].number;
    let mut twin = plan.meetings[last].clone();
    twin.venue = Some("Quito".into());
    plan.meetings.push(twin);
    let mut app = App::new(plan, Origin::Bundled, None);
    assert!(app.select_number(number));
    assert_eq!(app.selected_index(), Some(last));
    app.filter = Some("quito".into());
    app.refilter();
    assert!(app.select_number(number));
    assert_eq!(app.selected_index(), Some(last + 1));
    // The first meeting is not in Quito: hidden, it is not selected.
    let first = app.plan.meetings[0].number;
    assert!(!app.select_number(first));
}

/// A screen too small for the panes takes no key whose effect nobody would see: `p` used
/// to postpone eight topics behind "The planner needs a larger terminal".
#[test]
fn a_screen_too_small_takes_no_edit_key() {
    let mut app = app();
    select(&mut app, 13);
    update(
        &mut app,
        Msg::Resize {
            width: 60,
            height: 20,
        },
    );
    for key in ['p', 'D', 'm', 'e', 'R', 'u'] {
        press(&mut app, &[Key::Char(key)]);
        assert_eq!(app.mode, Mode::Normal, "{key} opened a dialog unseen");
    }
    assert_eq!(app.plan, original(), "an edit was made unseen");
    assert!(!app.is_dirty());
    // Leaving still works.
    assert_eq!(press(&mut app, &[Key::Char('q')]), [Effect::Quit]);
}

/// `q` with unsaved changes on a small screen draws its choice there, and the choice's
/// keys are taken.
#[test]
fn the_quit_choice_is_drawn_on_a_small_screen() {
    let mut app = app();
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    update(
        &mut app,
        Msg::Resize {
            width: 60,
            height: 20,
        },
    );
    assert!(press(&mut app, &[Key::Char('q')]).is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    let screen = format!("{:?}", render(&app, 60, 20).backend());
    assert!(
        screen.contains("The plan has changes that are not saved."),
        "{screen}"
    );
    assert!(screen.contains("d quit without saving"), "{screen}");
    let tiny = format!("{:?}", render(&app, 30, 8).backend());
    assert!(tiny.contains("Unsaved changes."), "{tiny}");
    assert!(tiny.contains("d discard"), "{tiny}");
    assert_eq!(press(&mut app, &[Key::Char('d')]), [Effect::Quit]);
}

/// The messages name the keys of the user's key map, not the defaults.
#[test]
fn messages_name_the_remapped_keys() {
    use super::keymap::{Keymap, Override};
    let over = |name: &str, key: &str| Override {
        name: name.into(),
        name_span: 0..0,
        keys: vec![key.into()],
        keys_span: 0..0,
    };
    let mut app = app();
    app.keymap = Keymap::with_overrides(&[over("undo", "z"), over("redo", "Z")]).expect("accepted");
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    let said = notice_text(&app);
    assert!(said.ends_with("(z undoes; R realigns)"), "{said}");
    press(&mut app, &[Key::Char('z')]);
    let said = notice_text(&app);
    assert!(said.ends_with("(Z redoes)"), "{said}");
    assert!(!said.contains("(U "), "{said}");
}

/// `D` on a meeting holding a fixed topic says the topic is now on no meeting (and `u`
/// puts it back).
#[test]
fn removing_a_meeting_says_its_fixed_topic_is_left_unscheduled() {
    let mut app = app();
    let last = app
        .plan
        .meetings
        .last()
        .map(|m| m.number)
        .expect("meetings");
    let topic = app
        .plan
        .meeting(last)
        .and_then(|m| m.fixed.clone())
        .expect("the last meeting holds a fixed topic");
    select(&mut app, last.get());
    press(&mut app, &[Key::Char('D')]);
    assert!(app.plan.meeting(last).is_none(), "removed");
    let said = notice_text(&app);
    assert!(
        said.contains(&format!("{topic} is now on no meeting.")),
        "{said}"
    );
    press(&mut app, &[Key::Char('u')]);
    assert_eq!(app.plan, original());
}

/// The filter and the picker ignore accents and case: "geneve" finds "Genève", and
/// "GENEVE" too.
#[test]
fn the_filter_ignores_accents() {
    let mut app = app();
    select(&mut app, 15);
    press(&mut app, &[Key::Char('e'), Key::Char('v')]);
    press(&mut app, &[Key::Ctrl('u')]);
    typed(&mut app, "Genève");
    press(&mut app, &[Key::Enter]);
    assert_eq!(
        app.plan
            .meeting(MeetingNumber::new(15))
            .and_then(|m| m.venue.as_deref()),
        Some("Genève")
    );
    for query in ["geneve", "GENEVE", "genève"] {
        app.mode = Mode::Normal;
        press(&mut app, &[Key::Char('/')]);
        typed(&mut app, query);
        let numbers: Vec<u32> = app
            .rows
            .iter()
            .map(|&i| app.plan.meetings[i].number.get())
            .collect();
        assert_eq!(numbers, [15], "{query}");
        press(&mut app, &[Key::Esc]);
    }
    assert_eq!(super::app::search_fold("İstanbul Côte"), "istanbul cote");
}

/// The findings pane lists errors first, then warnings, then infos (each in file order),
/// and its title says which of them are in view: an error never hides below warnings.
#[test]
fn findings_list_errors_first_and_say_what_is_out_of_view() {
    let mut app = app();
    shift_t3_to_15th(&mut app);
    let listed: Vec<_> = app.findings_listed().map(|f| f.severity).collect();
    let mut sorted = listed.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(listed, sorted, "errors first");
    assert_eq!(listed.len(), app.derived.findings.len());
    assert_eq!(
        app.derived.findings[0].severity,
        crate::check::Severity::Warning
    );
    // Enter jumps to the finding shown, not to the one at that place in the file.
    app.focus = Pane::Findings;
    app.finding = 0;
    let first = app.listed_finding(0).and_then(|f| f.meeting);
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.selected_meeting().map(|m| m.number), first);
    // At 80x24 the meetings table shows some rows of 19, and says which.
    let screen = format!("{:?}", render(&app, 80, 24).backend());
    assert!(screen.contains(" of 19) "), "{screen}");
    assert!(screen.contains("Findings (3) — errors first"), "{screen}");
}

#[test]
fn a_list_title_tells_which_rows_are_in_view() {
    use super::view::table::position;
    assert_eq!(position(0, 10, 10), "10");
    assert_eq!(position(0, 12, 10), "10");
    assert_eq!(position(6, 6, 18), "7–12 of 18");
    assert_eq!(position(15, 6, 18), "16–18 of 18");
    assert_eq!(position(0, 0, 5), "0 of 5");
}

/// The key bar puts first what the situation calls for: at 80 columns, save, realign,
/// undo and the amendment are in view once there are edits that misalign a topic.
#[test]
fn the_key_bar_shows_what_the_situation_calls_for() {
    let mut app = app();
    let bar = |app: &App| -> Vec<&str> { keys::hints(app).into_iter().map(|(_, h)| h).collect() };
    let clean = bar(&app);
    assert_eq!(clean.last(), Some(&"help"));
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p')]);
    let said = notice_text(&app);
    assert!(said.ends_with("(u undoes; R realigns)"), "{said}");
    let after = bar(&app);
    assert_eq!(&after[..2], ["save", "realign"], "{after:?}");
    assert_eq!(&after[2..4], ["undo", "changes"], "{after:?}");
    assert_eq!(after.last(), Some(&"help"));
    let terminal = render(&app, 80, 24);
    let buf = terminal.backend().buffer();
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    for hint in ["save", "realign", "undo", "changes", "help"] {
        assert!(
            last.contains(hint),
            "{hint} in the bar at 80 columns: {last}"
        );
    }
}

/// At 80x24 the timeline shows some of the plan's years: its title names the whole span
/// and the year row marks the side with years out of view.
#[test]
fn the_timeline_marks_years_out_of_view() {
    let app = app();
    let (lo, hi) = app.derived.span.expect("a span");
    let terminal = render(&app, 80, 24);
    let buf = terminal.backend().buffer();
    let row = |y: u16| -> String { (0..80).map(|x| buf[(x, y)].symbol()).collect() };
    assert!(row(1).contains(&format!(" of {lo}–{hi}")), "{}", row(1));
    assert!(row(2).contains('◀') || row(2).contains('▶'), "{}", row(2));
    // Wide enough for every year: no marks.
    let terminal = render(&app, 200, 60);
    let buf = terminal.backend().buffer();
    let top: String = (0..200).map(|x| buf[(x, 1)].symbol()).collect();
    assert!(!top.contains(" of "), "{top}");
}

/// The ASCII display spells the arrows out and draws no Unicode in the help.
#[test]
fn ascii_help_spells_arrows_out() {
    let mut app = app();
    app.ascii_borders = true;
    press(&mut app, &[Key::Char('?')]);
    let terminal = render(&app, 120, 40);
    let buf = terminal.backend().buffer();
    let text: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains("Left or h"), "{text}");
}

/// Messages state results, not commands: "F1 assigned to the 12th meeting", not "Assign
/// F1 to the 12th meeting"; undo names the edit.
#[test]
fn messages_name_results_not_commands() {
    use super::report::result_of;
    use crate::edit::{Edit, MeetingChange};
    let n = MeetingNumber::new(12);
    let assign = Edit::AssignFlexible {
        meeting: n,
        topic: Some(TopicId("F1".into())),
    };
    assert_eq!(
        result_of(&assign).as_deref(),
        Some("F1 assigned to the 12th meeting")
    );
    let venue = Edit::EditMeeting {
        number: n,
        change: MeetingChange::Venue(Some("Vienna".into())),
    };
    assert_eq!(
        result_of(&venue).as_deref(),
        Some("Venue of the 12th meeting set to Vienna")
    );
    let mut app = app();
    select(&mut app, 15);
    press(&mut app, &[Key::Char('e'), Key::Char('v')]);
    press(&mut app, &[Key::Ctrl('u')]);
    typed(&mut app, "Geneva");
    press(&mut app, &[Key::Enter]);
    let said = notice_text(&app);
    assert!(
        said.starts_with("Venue of the 15th meeting set to Geneva."),
        "{said}"
    );
    press(&mut app, &[Key::Char('u')]);
    let said = notice_text(&app);
    assert!(
        said.starts_with("Undone: edit the venue of the 15th meeting"),
        "{said}"
    );
}

/// A plan the order-free solver declines (too much work) says so among the ways of
/// realigning, rather than "none" (which would mean no plan places every topic).
#[test]
fn the_preview_says_when_reordering_is_too_large_to_try() {
    let mut plan = crate::realign::synth::slipped(150);
    let last_year = plan.meetings.iter().map(|m| m.year).max().unwrap_or(2000);
    let number = plan.meetings.len() as u32;
    for k in 1..=1000 {
        plan.meetings.push(crate::plan::Meeting::planned(
            MeetingNumber::new(number + k),
            last_year + k as i32,
        ));
    }
    let Msg::Realigned(answer) = super::component::run_realign(&plan, false, false) else {
        panic!("the solver's answer");
    };
    let free = answer
        .alternatives
        .iter()
        .find(|(way, _)| *way == "order free");
    assert_eq!(
        free.map(|(_, text)| text.as_str()),
        Some("too large to reorder")
    );
}

/// The screen's line `y`, as text.
fn screen_line(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    (buf.area.left()..buf.area.right())
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// The planner on `plan` at 120x40, after `R` (its realignment preview open, if any).
fn preview_of(plan: Plan) -> App {
    let mut app = App::new(plan, Origin::Bundled, None);
    update(
        &mut app,
        Msg::Resize {
            width: 120,
            height: 40,
        },
    );
    press(&mut app, &[Key::Char('R')]);
    app
}

/// The planner on cluster 2 reviewed two years early, its realignment preview open.
fn cluster_2_early_preview() -> App {
    let text = include_str!("../../plans/scenarios/cluster-2-early.yaml");
    preview_of(parse(text).expect("parses").plan)
}

/// Issue 24: with second meetings, the preview said "0 meetings added" and showed only
/// new years, while Enter added two meetings, renumbered four and left two empty. The
/// preview now shows the plan Enter applies (every meeting added, renumbered, emptied),
/// counts it so, gives the findings after, and drops the stale "No aligned plan" notice.
#[test]
fn the_second_meetings_preview_shows_every_meeting_enter_adds_renumbers_or_empties() {
    let mut app = cluster_2_early_preview();
    press(&mut app, &[Key::Char('s')]);
    assert!(matches!(&app.mode, Mode::Realign(p) if p.allow_second));
    let term = render(&app, 120, 40);
    let buf = term.backend().buffer();
    let screen: Vec<String> = (0..40).map(|y| screen_line(buf, y)).collect();
    let has = |text: &str| screen.iter().any(|l| l.contains(text));
    for text in [
        "3 topics moved, 2 meetings added, 4 years of delay; 2 second meetings, 4 renumbered, 2 left empty.",
        "After: 0 errors, 4 warnings",
        "Left empty: 19th (2030), 20th (2031).",
        "(was 16th)",
        "(new, second in its year)",
        "— (left empty)",
    ] {
        assert!(has(text), "{text:?} not on\n{}", screen.join("\n"));
    }
    assert!(!has("Now: "), "{}", screen.join("\n"));
    let Mode::Realign(preview) = &app.mode else {
        panic!("a preview: {:?}", app.mode)
    };
    assert_eq!(
        preview.alternatives[2].1, "3/2/4",
        "{:?}",
        preview.alternatives
    );
    // The aligned variant carries no notice of the best-effort one before it.
    assert!(
        app.notice
            .as_ref()
            .is_none_or(|n| !n.text.starts_with("No aligned plan exists")),
        "{:?}",
        app.notice
    );
    // The rows are the plan Enter applies, meeting by meeting.
    // The rows start under the header's first column.
    let (x, y) = find(buf, "Meeting Year  Now").expect("the rows' header");
    let shown: Vec<(MeetingNumber, i32, Option<TopicId>)> = screen[usize::from(y) + 1..]
        .iter()
        .map(|l| l.chars().skip(usize::from(x)).take(98).collect::<String>())
        .filter_map(|l| preview_row(&l, &app))
        .collect();
    press(&mut app, &[Key::Enter]);
    assert_eq!(shown, to_come(&app.plan));
    let said = app.notice.clone().expect("says what it did").text;
    assert!(
        said.starts_with(
            "Realigned: 3 topics moved, 2 meetings added, 4 years of delay; 2 second meetings, 4 renumbered, 2 left empty."
        ),
        "{said}"
    );
}

/// The meetings still to come of `plan` as the preview's rows show them: (meeting,
/// year, fixed topic).
fn to_come(plan: &Plan) -> Vec<(MeetingNumber, i32, Option<TopicId>)> {
    plan.meetings
        .iter()
        .filter(|m| !m.status.is_history())
        .map(|m| (m.number, m.year, m.fixed.clone()))
        .collect()
}

/// A preview row read back from the screen: (meeting, year, proposed fixed topic).
fn preview_row(body: &str, app: &App) -> Option<(MeetingNumber, i32, Option<TopicId>)> {
    let mut words = body.split_whitespace();
    let number: u32 = words
        .next()?
        .trim_end_matches(char::is_alphabetic)
        .parse()
        .ok()?;
    let year: i32 = words.next()?.parse().ok()?;
    let proposed = body.rsplit("  ").find(|s| !s.trim().is_empty())?.trim();
    let proposed = proposed
        .trim_start_matches('→')
        .trim()
        .trim_start_matches('!');
    let id = proposed.split(' ').next()?;
    let topic = app
        .plan
        .fixed_topics
        .iter()
        .find(|t| t.id.as_str() == id)
        .map(|t| t.id.clone());
    Some((MeetingNumber::new(number), year, topic))
}

/// Issue 24: the best-effort proposal that changes nothing still offered Enter, and its
/// Proposed column dropped the `!` of topics that stay misaligned.
#[test]
fn a_proposal_equal_to_the_plan_offers_nothing_and_keeps_its_misaligned_marks() {
    let mut app = cluster_2_early_preview();
    assert!(matches!(app.mode, Mode::Realign(_)), "{:?}", app.notice);
    let term = render(&app, 120, 40);
    let buf = term.backend().buffer();
    let screen: Vec<String> = (0..40).map(|y| screen_line(buf, y)).collect();
    assert!(
        screen.iter().any(|l| l.contains("— nothing to change ─")),
        "{}",
        screen.join("\n")
    );
    assert!(!screen.iter().any(|l| l.contains("Enter applies")));
    // Nor does the key bar offer Enter; at 80 columns the title is whole.
    assert!(!screen[39].contains("Enter apply"), "{}", screen[39]);
    let term = render(&app, 80, 24);
    let buf = term.backend().buffer();
    let title = (0..24)
        .map(|y| screen_line(buf, y))
        .find(|l| l.contains("┌ Realignment"))
        .expect("the preview's title");
    assert!(title.contains("— nothing to change ─"), "{title}");
    // T8 and T9 stay where they are, misaligned: marked now and proposed.
    for topic in ["!T8 ", "!T9 "] {
        let row = screen
            .iter()
            .filter_map(|l| l.split('│').nth(2))
            .find(|l| l.contains(topic))
            .unwrap_or_else(|| panic!("{topic} on\n{}", screen.join("\n")));
        assert_eq!(row.matches(topic).count(), 2, "{row}");
    }
    let before = app.plan.clone();
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.plan, before);
    assert!(!app.history.can_undo(), "nothing applied");
    let said = app.notice.clone().expect("says so").text;
    assert!(said.starts_with("Nothing to change"), "{said}");
}

/// The bundled plan with each cluster's review shifted by up to three years either way:
/// the slips (and early starts, as in `plans/scenarios/cluster-2-early.yaml`) that make
/// second meetings and renumbering worth proposing.
fn delayed_firearms() -> impl proptest::strategy::Strategy<Value = Plan> {
    use proptest::strategy::Strategy;
    proptest::collection::vec(-3i32..=3, 4).prop_map(|years| {
        let plan = original();
        let delays: Vec<_> = plan
            .clusters
            .iter()
            .zip(years)
            .map(|(c, y)| (c.id.clone(), y))
            .collect();
        crate::realign::apply_delays(&plan, &delays).expect("its own clusters")
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Issue 24: the preview is the edit. For random plans and the preview's toggles
    /// (order, second meetings), the rows the preview shows are the meetings still to
    /// come of the plan after Enter, that plan is the proposal's (or the plan as it was,
    /// when the proposal changes nothing), and the counts read from the plan agree with
    /// the solver's own account of its moves, additions and renumbering.
    #[test]
    fn the_preview_shows_the_plan_enter_applies(
        plan in proptest::prop_oneof![
            crate::realign::tests::horizon_props::plan(),
            delayed_firearms(),
        ],
        toggles in proptest::collection::vec(proptest::prelude::any::<bool>(), 0..3),
    ) {
        let mut app = preview_of(plan);
        for reorder in toggles {
            if matches!(app.mode, Mode::Realign(_)) {
                press(&mut app, &[Key::Char(if reorder { 'o' } else { 's' })]);
            }
        }
        let Mode::Realign(preview) = app.mode.clone() else {
            return Ok(());
        };
        let before = app.plan.clone();
        let s = &preview.summary;
        let p = &preview.proposal;
        let shown: Vec<_> = s.rows.iter().map(|r| (r.number, r.year, r.proposed.clone())).collect();
        press(&mut app, &[Key::Enter]);
        proptest::prop_assert_eq!(&app.mode, &Mode::Normal);
        proptest::prop_assert_eq!(shown, to_come(&app.plan));
        if s.unchanged {
            proptest::prop_assert_eq!(&app.plan, &before);
            proptest::prop_assert!(!app.history.can_undo());
        } else {
            proptest::prop_assert_eq!(&app.plan, &p.plan);
            proptest::prop_assert_eq!(s.findings, app.derived.counts);
        }
        proptest::prop_assert_eq!(s.moved, p.moves.len());
        proptest::prop_assert_eq!(s.added, p.added_meetings.len() + p.second_meetings.len());
        proptest::prop_assert_eq!(s.second, p.second_meetings.len());
        proptest::prop_assert_eq!(s.renumbered, p.renumbered.len());
        for r in &s.rows {
            let misaligned = p.misaligned.iter().any(|m| Some(&m.topic) == r.proposed.as_ref());
            proptest::prop_assert_eq!(r.proposed_misaligned, misaligned, "{:?}", r);
        }
    }
}
/// The planner resized to `size` (as the terminal reports it), drawn.
fn resized(app: &mut App, (width, height): (u16, u16)) -> Terminal<TestBackend> {
    update(app, Msg::Resize { width, height });
    render(app, width, height)
}

/// At 80x24 the second-meetings preview is whole: its summary wraps rather than losing
/// the renumbered and emptied meetings, and every row of the plan Enter applies shows.
#[test]
fn the_realignment_preview_at_80x24_wraps_its_summary() {
    let mut app = cluster_2_early_preview();
    press(&mut app, &[Key::Char('s')]);
    let term = resized(&mut app, (80, 24));
    assert!(find(term.backend().buffer(), "renumbered, 2 left empty.").is_some());
    insta::assert_snapshot!("realign_preview_second_meetings_80x24", term.backend());
}

/// A prompt opened empty shows its hint, not an error, until the user types or presses
/// Enter (issue 24): "✗ a title is needed" before anything is typed reads as a reproach.
#[test]
fn empty_prompts_show_a_hint_until_typed_or_entered() {
    for (keys, hint, error) in [
        (
            &[Key::Char('F')][..],
            "title of the topic",
            "✗ a title is needed",
        ),
        (
            &[Key::Ctrl('s')][..],
            "path of the plan",
            "✗ a path is needed",
        ),
    ] {
        let mut app = app();
        press(&mut app, keys);
        assert!(matches!(app.mode, Mode::Prompt(_)));
        let buf = render(&app, 80, 24).backend().buffer().clone();
        assert!(find(&buf, error).is_none(), "no error before typing");
        assert!(find(&buf, hint).is_some(), "the hint instead");
        press(&mut app, &[Key::Enter]);
        assert!(matches!(app.mode, Mode::Prompt(_)), "Enter is refused");
        let buf = render(&app, 80, 24).backend().buffer().clone();
        assert!(
            find(&buf, error).is_some(),
            "the error once Enter is pressed"
        );
        typed(&mut app, "x");
        press(&mut app, &[Key::Backspace]);
        let buf = render(&app, 80, 24).backend().buffer().clone();
        assert!(find(&buf, error).is_some(), "and once the field is emptied");
    }
}

/// The bundled plan's app on a terminal of 80x24, the size the planner is held to.
fn app_80x24() -> App {
    let mut app = app();
    update(
        &mut app,
        Msg::Resize {
            width: 80,
            height: 24,
        },
    );
    app
}

/// Writing the amendment from the amendment view goes back to the view, where it was
/// scrolled to, so writing a second form (.md then .docx) is one `E` more, not `d E`
/// again; Esc in the path prompt goes back to it too (issue 24).
#[test]
fn writing_the_amendment_keeps_the_amendment_view_open() {
    let mut app = app_80x24();
    shift_t3_to_15th(&mut app);
    press(&mut app, &[Key::Char('d'), Key::Down]);
    let view = app.mode.clone();
    assert!(matches!(view, Mode::Diff { scroll: 1, .. }), "{view:?}");
    press(&mut app, &[Key::Char('E'), Key::Esc]);
    assert_eq!(app.mode, view, "Esc goes back to the view");
    press(&mut app, &[Key::Char('E')]);
    let effects = press(&mut app, &[Key::Enter]);
    assert!(
        matches!(effects.as_slice(), [Effect::ExportAmendment { .. }]),
        "{effects:?}"
    );
    assert_eq!(app.mode, view, "back in the view, where it was");
    update(
        &mut app,
        Msg::Exported {
            path: "a.md".into(),
            skipped: Vec::new(),
        },
    );
    assert_eq!(app.mode, view, "the report leaves the view open");
    let buf = render(&app, 80, 24).backend().buffer().clone();
    assert!(
        find(&buf, "Exported to a.md").is_some(),
        "and is seen over it"
    );
    press(&mut app, &[Key::Char('E')]);
    assert!(
        matches!(app.mode, Mode::Prompt(_)),
        "one `E` for the next form"
    );
}

/// A click on a line of a dialog's list chooses it, as Enter on it would; a click
/// beside the list does nothing (issue 24). At 80x24, where the dialogs are tightest.
#[test]
fn a_click_on_a_dialog_list_line_chooses_it() {
    let small = app_80x24;
    let click_on = |app: &mut App, text: &str| {
        let buf = render(app, 80, 24).backend().buffer().clone();
        let (column, row) = find(&buf, text).unwrap_or_else(|| panic!("{text} shown"));
        update(app, Msg::Click { column, row });
    };
    // Export: the format clicked, then its path.
    let mut app = small();
    press(&mut app, &[Key::Char('E')]);
    click_on(&mut app, "The plan as it stands");
    assert!(
        matches!(app.mode, Mode::Export { selected: 0 }),
        "beside the list"
    );
    click_on(&mut app, "spreadsheet: meetings");
    let Mode::Prompt(p) = &app.mode else {
        panic!("path prompt: {:?}", app.mode)
    };
    assert_eq!(
        p.kind,
        super::app::PromptKind::ExportPath {
            format: crate::export::Format::Xlsx
        }
    );
    // Status: the status clicked is set.
    let mut app = small();
    select(&mut app, 14);
    press(&mut app, &[Key::Char('e'), Key::Char('s')]);
    click_on(&mut app, "postponed");
    assert_eq!(app.mode, Mode::Normal);
    let status = app.plan.meeting(MeetingNumber::new(14)).map(|m| m.status);
    assert_eq!(status, Some(crate::plan::Status::Postponed));
    // The flexible-topic picker: the topic clicked is assigned.
    let mut app = small();
    select(&mut app, 14);
    press(&mut app, &[Key::Char('f')]);
    click_on(&mut app, "F11 ");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(flexible_at(&app, 14), Some("F11"));
    // The quit dialog's key lines: a click on one is its key.
    let mut app = small();
    select(&mut app, 13);
    press(&mut app, &[Key::Char('p'), Key::Char('q')]);
    click_on(&mut app, "go back to the plan");
    assert_eq!(app.mode, Mode::Normal);
    press(&mut app, &[Key::Char('q')]);
    let buf = render(&app, 80, 24).backend().buffer().clone();
    let (column, row) = find(&buf, "quit without saving").expect("shown");
    assert_eq!(update(&mut app, Msg::Click { column, row }), [Effect::Quit]);
}

/// A click on a key line of the "changed on disk" dialog is that key, as in the other
/// dialogs: here "back to the plan: nothing written", at 80x24.
#[test]
fn a_click_on_a_key_line_of_the_changed_on_disk_dialog_is_that_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, mut app) = postponed_while_the_venue_changed_on_disk(dir.path());
    update(
        &mut app,
        Msg::Resize {
            width: 80,
            height: 24,
        },
    );
    let on_disk = std::fs::read_to_string(&path).expect("read");
    let effects = press(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(run_effects(&mut app, effects), []);
    assert!(matches!(app.mode, Mode::ChangedOnDisk(_)), "{:?}", app.mode);
    let term = render(&app, 80, 24);
    let (column, row) = find(term.backend().buffer(), "back to the plan").expect("key line");
    // A click beside the keys (on the dialog's first line) does nothing.
    let (c0, r0) = find(term.backend().buffer(), "changed on disk since").expect("text");
    update(
        &mut app,
        Msg::Click {
            column: c0,
            row: r0,
        },
    );
    assert!(matches!(app.mode, Mode::ChangedOnDisk(_)), "{:?}", app.mode);
    update(&mut app, Msg::Click { column, row });
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.is_dirty(), "the edits stay");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), on_disk);
}
