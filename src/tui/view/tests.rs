//! Screens of every component at three terminal sizes, and the layout rules that hold at
//! every size. Each state is reached by keys sent through `update`, as a user would.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use unicode_width::UnicodeWidthStr as _;

use crate::plan::MeetingNumber;
use crate::tui::app::App;
use crate::tui::keys::{self, Key};
use crate::tui::msg::Msg;
use crate::tui::update::update;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn app_at(width: u16, height: u16) -> App {
    let mut app = crate::tui::bundled().expect("bundled plan");
    update(&mut app, Msg::Resize { width, height });
    app
}

fn press(app: &mut App, keys: &[Key]) {
    for &k in keys {
        if let Some(msg) = keys::resolve(app, k) {
            // The solver runs as the loop runs it: its report opens the preview.
            let effects = update(app, msg);
            crate::tui::tests::realign_now(app, effects);
        }
    }
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|f| {
            f.render_widget(app, f.area());
            if let Some(at) = super::cursor(app, f.area()) {
                f.set_cursor_position(at);
            }
        })
        .expect("draws");
    terminal
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
}

fn screen(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height).map(|y| row(buf, y)).collect()
}

/// 12th meeting's T3 moved onto the 15th with a shift: T6..T10 one meeting later, so
/// some of them leave their cluster's window.
const SHIFT: &[Key] = &[
    Key::Char('m'),
    Key::Down,
    Key::Down,
    Key::Down,
    Key::Enter,
    Key::Char('s'),
];

/// Every component, by the keys that open it from the start (on the 12th meeting).
const STATES: &[(&str, &[Key])] = &[
    ("meetings", &[]),
    ("details", &[Key::Tab]),
    ("findings", &[Key::Tab, Key::Tab]),
    ("timeline", &[Key::BackTab]),
    ("move", &[Key::Char('m'), Key::Down]),
    // Long verdicts ("✗ after C4's grace year 2027") in view.
    (
        "move_far",
        &[Key::Char('m'), Key::Down, Key::Down, Key::Down, Key::Down],
    ),
    ("conflict", &[Key::Char('m'), Key::Down, Key::Enter]),
    ("flexible_picker", &[Key::Char('f')]),
    ("edit_menu", &[Key::Char('e')]),
    ("edit_dates", &[Key::Char('e'), Key::Char('d')]),
    ("edit_venue", &[Key::Char('e'), Key::Char('v')]),
    ("edit_status", &[Key::Char('e'), Key::Char('s')]),
    ("edit_note", &[Key::Char('e'), Key::Char('n')]),
    ("add_flexible", &[Key::Char('F')]),
    ("save_as", &[Key::Char('W')]),
    ("export", &[Key::Char('E')]),
    ("export_path", &[Key::Char('E'), Key::Enter]),
    ("help", &[Key::Char('?')]),
    ("filter", &[Key::Char('/'), Key::Char('T'), Key::Char('1')]),
];

/// States that need an edit first: the shift above makes findings, an amendment and a
/// realignment to preview.
const AFTER_SHIFT: &[(&str, &[Key])] = &[
    ("shifted_findings", &[Key::Tab, Key::Tab]),
    ("realign_preview", &[Key::Char('R')]),
    ("amendment", &[Key::Char('d')]),
    ("quit_prompt", &[Key::Char('q')]),
];

#[test]
fn snapshots_of_every_component_at_three_sizes() {
    for &(w, h) in &SIZES {
        for (name, keys) in STATES {
            let mut app = app_at(w, h);
            press(&mut app, keys);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app, w, h).backend());
        }
        for (name, keys) in AFTER_SHIFT {
            let mut app = app_at(w, h);
            press(&mut app, SHIFT);
            press(&mut app, keys);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(&app, w, h).backend());
        }
    }
}

fn screen_of(app: &App, width: u16, height: u16) -> Vec<String> {
    screen(draw(app, width, height).backend().buffer())
}

#[test]
fn narrow_tables_give_way_findings_text_then_dates_and_never_cut_ids() {
    use super::table::fitted_columns;
    // [number, year, dates, status, fixed, flexible, findings]
    let wide = fitted_columns(134, MeetingNumber::new(19), (4, 3), true);
    assert_eq!(wide[2], 11, "dates shown: {wide:?}");
    assert_eq!(wide[6], 26, "whole finding codes: {wide:?}");
    // At 80 columns (a 52-column table) the findings keep their symbol and the dates
    // go before the titles fall under a useful length; ids are whole.
    let narrow = fitted_columns(52, MeetingNumber::new(19), (4, 3), true);
    assert_eq!(narrow[2], 0, "{narrow:?}");
    assert!(narrow[6] <= 2, "{narrow:?}");
    assert!(narrow[4] >= 13 && narrow[5] >= 12, "{narrow:?}");
    let gaps = narrow.iter().filter(|&&w| w > 0).count() - 1;
    assert_eq!(narrow.iter().sum::<usize>() + gaps, 52, "{narrow:?}");
    // Even narrower than the planner allows: the ids still fit.
    let tiny = fitted_columns(30, MeetingNumber::new(19), (4, 3), true);
    assert!(tiny[4] >= 4 && tiny[5] >= 3, "{tiny:?}");

    let mut app = app_at(80, 24);
    press(&mut app, SHIFT);
    let text = screen_of(&app, 80, 24).join("\n");
    assert!(text.contains("!T3 Confiscat"), "{text}");
    assert!(text.contains("T4 Information"), "{text}");
    assert!(!text.contains("T…") && !text.contains("F…"), "{text}");
}

#[test]
fn the_realignment_preview_keeps_its_borders_at_80x24() {
    let mut app = app_at(80, 24);
    press(&mut app, SHIFT);
    press(&mut app, &[Key::Char('R')]);
    let lines = screen_of(&app, 80, 24);
    let top = lines
        .iter()
        .position(|l| l.contains("Realignment"))
        .expect("preview drawn");
    let bottom = top
        + lines[top..]
            .iter()
            .position(|l| l.starts_with('└'))
            .expect("bottom");
    // The title is whole at 80 columns (the keys are in the key bar below).
    assert!(
        lines[top].contains("— Enter applies ─") && lines[top].ends_with('┐'),
        "title whole: {}",
        lines[top]
    );
    for line in &lines[top + 1..bottom] {
        assert!(line.starts_with('│') && line.ends_with('│'), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("Proposed")), "{lines:#?}");
}

#[test]
fn cluster_names_and_the_timeline_use_the_width_there_is() {
    let app = app_at(200, 60);
    let lines = screen_of(&app, 200, 60);
    let text = lines.join("\n");
    assert!(text.contains("C1 Criminalization"), "{text}");
    assert!(!text.contains("Criminali…"), "{text}");
    // The bundled plan's years: the 1st meeting (2012) to the 19th (2032); no padding.
    assert!(lines[1].contains("Timeline 2012–2032"), "{}", lines[1]);
    assert!(!text.contains("2033") && !text.contains("2047"), "{text}");
}

#[test]
fn scrolling_overlays_say_where_they_are() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Char('?')]);
    let first = screen_of(&app, 80, 24).join("\n");
    assert!(first.contains(" 1-20 of "), "{first}");
    press(&mut app, &[Key::Down, Key::Down]);
    let scrolled = screen_of(&app, 80, 24).join("\n");
    assert!(scrolled.contains(" 3-22 of "), "{scrolled}");
}

#[test]
fn a_grown_window_fills_the_table_instead_of_staying_scrolled() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Char('G')]);
    update(
        &mut app,
        Msg::Resize {
            width: 200,
            height: 60,
        },
    );
    let lines = screen_of(&app, 200, 60);
    let header = lines
        .iter()
        .position(|l| l.contains("No.   Year"))
        .expect("table header");
    assert!(lines[header + 1].contains("│1st "), "{}", lines[header + 1]);
}

/// The recovery offer, as the next start after a stopped session shows it: a plan file
/// in a temporary folder (named `<dir>` in the snapshots) and edits kept in the state
/// folder.
#[test]
fn snapshots_of_the_recovery_offer() {
    use crate::plan::recovery::{self, Recovery};
    use crate::tui::BUNDLED;
    use crate::tui::app::Origin;
    let dir = tempfile::tempdir().expect("temp dir");
    let plan_path = dir.path().join("firearms.yaml");
    std::fs::write(&plan_path, BUNDLED).expect("plan written");
    let edited = BUNDLED.replacen("venue: Vienna", "venue: Geneva", 1);
    assert_ne!(edited, BUNDLED);
    let rec = Recovery {
        plan_text: edited,
        source: Some(plan_path.clone()),
        // 2026-03-01 09:30 UTC, so the dialog's time is the same on every run.
        saved_at_unix: 1_772_357_400,
        base_text: Some(BUNDLED.into()),
    };
    let store = recovery::Store::new(dir.path().join("state"), "session");
    let kept = store.keep(Some(&plan_path), &rec).expect("kept").path;
    // Its name holds a hash of the folder's: the same width on every run.
    let kept_text = kept.display().to_string();
    let dir_text = dir.path().display().to_string();
    for &(w, h) in &SIZES {
        let plan = crate::plan::parse(BUNDLED).expect("parses").plan;
        let mut app = App::new(plan, Origin::File(plan_path.clone()), Some(BUNDLED.into()));
        update(
            &mut app,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        let limits = crate::plan::Limits::default();
        crate::tui::offer_recovery(&mut app, Some(&plan_path), limits, &store);
        let text = screen_of(&app, w, h).join("\n");
        // Same width as the names, so the borders stay where they were drawn.
        let shown = text
            .replace(
                &kept_text,
                &format!("{:<1$}", "<recovery file>", kept_text.len()),
            )
            .replace(&dir_text, &format!("{:<1$}", "<dir>", dir_text.len()));
        assert!(shown.contains("Unsaved edits found"), "{shown}");
        insta::assert_snapshot!(format!("recovery_offer_{w}x{h}"), shown);
    }
}

/// The "changed on disk" dialog at 80x24: the 13th meeting postponed in the planner,
/// the 12th given a venue on disk. Whole, with its four keys, at the smallest size.
#[test]
fn snapshot_of_the_changed_on_disk_dialog() {
    use crate::tui::BUNDLED;
    use crate::tui::msg::{OnDisk, Reread};
    let meeting_12 = "  - number: 12\n    year: 2025\n    status: planned\n";
    let text = BUNDLED.replace(meeting_12, &format!("{meeting_12}    venue: Geneva\n"));
    assert_ne!(text, BUNDLED);
    let disk = OnDisk {
        plan: crate::plan::parse(&text).expect("parses").plan,
        text,
        fingerprint: None,
    };
    let mut app = app_at(80, 24);
    assert!(app.select_number(MeetingNumber::new(13)));
    press(&mut app, &[Key::Char('p')]);
    let read = Msg::ReadAgain {
        path: "plans/firearms.yaml".into(),
        then: Reread::Offer,
        read: Ok(Box::new(disk)),
    };
    update(&mut app, read);
    let lines = screen_of(&app, 80, 24);
    let text = lines.join("\n");
    assert!(text.contains("Changed on disk"), "{text}");
    assert!(text.contains("changed on disk since"), "{text}");
    assert!(
        text.contains("venue Geneva") || text.contains("Geneva"),
        "{text}"
    );
    for (key, what) in [
        ("r", "reload"),
        ("o", "overwrite"),
        ("a", "save as another file"),
        ("Esc", "back to the plan: nothing written"),
    ] {
        let line = format!("{key:>10}  {what}");
        assert!(text.contains(&line), "{line} whole: {text}");
    }
    insta::assert_snapshot!("changed_on_disk_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn a_cluster_selected_in_the_timeline_shows_in_the_details_pane() {
    let mut app = app_at(200, 60);
    // Into the timeline, then C2 (the second cluster).
    press(&mut app, &[Key::BackTab, Key::Down]);
    let text = screen_of(&app, 200, 60).join("\n");
    assert!(text.contains("Cluster C2"), "{text}");
    assert!(text.contains("Window 2027–2030, grace year 2031"), "{text}");
    assert!(text.contains("Reviews articles 7, 8, 10, 11, 15"), "{text}");
    assert!(text.contains("T6 Record-keeping; marking"), "{text}");
    assert!(text.contains("15th meeting (2028): ✓ inside"), "{text}");
    assert!(
        text.contains("18th meeting (2031): ✓ in grace"),
        "T9: {text}"
    );
    // Back in the meetings, the details are the meeting's again.
    press(&mut app, &[Key::Tab]);
    let text = screen_of(&app, 200, 60).join("\n");
    assert!(
        !text.contains("Cluster C2") && text.contains("12th meeting"),
        "{text}"
    );
}

#[test]
fn moving_marks_the_meetings_where_the_topic_would_be_aligned_and_why_not() {
    for &(w, h) in &SIZES {
        let mut app = app_at(w, h);
        // T3 (articles 6, 9: cluster C4, 2023–2026, grace year 2027) from the 12th.
        press(&mut app, &[Key::Char('m'), Key::Down, Key::Down, Key::Down]);
        let lines = screen_of(&app, w, h);
        let row = |n: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(&format!("│{n} ")))
                .unwrap_or_else(|| panic!("{n} shown at {w}x{h}: {lines:#?}"))
                .clone()
        };
        assert!(
            row("13th").contains("✓ aligned"),
            "{w}x{h}: {}",
            row("13th")
        );
        // At 80 columns the verdict is cut after its reason, so the topics there keep
        // some title; the status line below gives it whole.
        assert!(
            row("15th").contains("✗ after C4's grace"),
            "{w}x{h}: {}",
            row("15th")
        );
        // The status line gives the whole verdict of the meeting under the cursor,
        // wrapped over as many lines as it needs (the key bar is the last line).
        let status = lines[..usize::from(h) - 1]
            .iter()
            .skip_while(|l| !l.contains("Moving T3"))
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            status.contains("Moving T3 to the 15th meeting: ✗ after C4's grace year 2027."),
            "{w}x{h}: {status}"
        );
        assert!(row("11th").contains("— held"), "{w}x{h}: {}", row("11th"));
    }
}

#[test]
fn messages_state_the_result_of_an_edit_and_of_its_undo() {
    let mut app = app_at(120, 40);
    press(&mut app, &[Key::BackTab, Key::Down, Key::Char(']')]);
    let said = app.notice.clone().expect("told").text;
    assert!(
        said.starts_with("C2 now reviewed 2028–2031 (no topic changes alignment)."),
        "{said}"
    );
    press(&mut app, &[Key::Char(']')]);
    let said = app.notice.clone().expect("told").text;
    assert!(
        said.starts_with("C2 now reviewed 2029–2032 (T6 becomes misaligned). Now 1 error"),
        "{said}"
    );
    press(&mut app, &[Key::Char('u')]);
    let said = app.notice.clone().expect("told").text;
    assert_eq!(
        said,
        "Undone: shift the review window of C2 by +1/+1 years (T6 now aligned). (Ctrl+R redoes)"
    );
    press(&mut app, &[Key::Tab, Key::Char('p')]);
    let said = app.notice.clone().expect("told").text;
    assert!(
        said.starts_with("Fixed topics from the 12th meeting on postponed: 8 fixed topics moved ("),
        "{said}"
    );
}

/// The text from the terminal cursor to the end of its row.
fn at_cursor(terminal: &mut Terminal<TestBackend>) -> String {
    use ratatui::backend::Backend;
    let at = terminal
        .backend_mut()
        .get_cursor_position()
        .expect("cursor position");
    let buf = terminal.backend().buffer();
    (at.x..buf.area.width)
        .map(|x| buf[(x, at.y)].symbol())
        .collect()
}

#[test]
fn the_terminal_cursor_sits_on_the_selected_row_of_the_focused_list() {
    let cases: &[(&[Key], &[Key], &str)] = &[
        // (keys, then more keys, what the cursor's row starts with)
        (&[], &[], "12th  2025"),
        (&[], &[Key::Down], "13th  2026"),
        (&[Key::BackTab], &[], "C1 Criminali"),
        (&[Key::BackTab], &[Key::Down], "C2 Prevention"),
        (&[Key::Char('m')], &[Key::Down, Key::Down], "14th  2027"),
        (&[Key::Char('E')], &[Key::Down], "▶ csv "),
        (&[Key::Char('e'), Key::Char('s')], &[Key::Down], "▶ held"),
    ];
    for &(w, h) in &SIZES {
        for (open, then, row) in cases {
            let mut app = app_at(w, h);
            press(&mut app, open);
            press(&mut app, then);
            let mut terminal = draw(&app, w, h);
            let text = at_cursor(&mut terminal);
            assert!(text.starts_with(row), "{w}x{h} {open:?} {then:?}: {text:?}");
        }
        // The findings list, after an edit that makes findings: errors first (the 12th's
        // warning comes after the 15th's and 19th's errors).
        let mut app = app_at(w, h);
        press(&mut app, SHIFT);
        press(&mut app, &[Key::Tab, Key::Tab, Key::Down]);
        let text = at_cursor(&mut draw(&app, w, h));
        assert!(
            text.starts_with("✗  19th misaligned-late"),
            "{w}x{h}: {text:?}"
        );
    }
}

/// The monochrome theme with ASCII borders, as a config for a screen reader sets them.
fn ascii_app(keys: &[Key]) -> App {
    let mut app = app_at(80, 24);
    app.monochrome = true;
    app.ascii_borders = true;
    press(&mut app, keys);
    app
}

#[test]
fn ascii_borders_draw_no_box_drawing_and_plain_marks() {
    let states: &[&[Key]] = &[&[], SHIFT, &[Key::Char('?')], &[Key::Char('f')]];
    for keys in states {
        let app = ascii_app(keys);
        let text = screen_of(&app, 80, 24).join("\n");
        let odd: Vec<char> = text
            .chars()
            .filter(|c| ('\u{2500}'..='\u{259f}').contains(c) || "✓✗▲▶→·●".contains(*c))
            .collect();
        assert!(odd.is_empty(), "{keys:?}: {odd:?}\n{text}");
    }
    let app = ascii_app(SHIFT);
    let text = screen_of(&app, 80, 24).join("\n");
    assert!(text.contains("2 errors, 1 warning, 0 info"), "{text}");
    insta::assert_snapshot!("ascii_monochrome_80x24", draw(&app, 80, 24).backend());
    // Under 80x24 too.
    let text = screen_of(&ascii_app(&[]), 60, 12).join("\n");
    assert!(text.is_ascii() || !text.contains('─'), "{text}");
}

/// At 80x24 a result message is whole: it wraps onto more lines instead of losing its
/// key clause ("… Now 1 error, 0 warnings, 0 infos. (u undoes)") at the edge.
#[test]
fn messages_are_whole_at_80x24() {
    let mut app = app_at(80, 24);
    press(
        &mut app,
        &[Key::BackTab, Key::Down, Key::Char(']'), Key::Char(']')],
    );
    let said = app.notice.clone().expect("told").text;
    assert!(said.width() > 80, "a message longer than the line: {said}");
    let lines = screen_of(&app, 80, 24);
    let keybar = lines.len() - 1;
    let first = lines
        .iter()
        .position(|l| l.starts_with(" C2 now reviewed"))
        .unwrap_or_else(|| panic!("the message is shown: {lines:#?}"));
    let shown = lines[first..keybar]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(shown, said, "{lines:#?}");
    // The panes above keep their borders: the message took rows, not their frames.
    assert!(lines[first - 1].starts_with('└'), "{lines:#?}");
}

/// With the focus in the details pane, Up, Down, the page keys and the wheel scroll the
/// details instead of selecting another meeting, and the title says which lines are in
/// view; another meeting's details open at their top.
#[test]
fn the_details_pane_scrolls_at_80x24() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Enter]);
    assert_eq!(app.focus, crate::tui::app::Pane::Details);
    let meeting = app.selected_meeting().map(|m| m.number);
    let top = screen_of(&app, 80, 24);
    let title = |lines: &[String]| {
        lines
            .iter()
            .find(|l| l.contains(" · lines "))
            .cloned()
            .unwrap_or_else(|| panic!("a title with the lines in view: {lines:#?}"))
    };
    assert!(title(&top).contains("lines 1–"), "{}", title(&top));
    press(&mut app, &[Key::Down, Key::Down]);
    assert_eq!(
        app.selected_meeting().map(|m| m.number),
        meeting,
        "same meeting"
    );
    let scrolled = screen_of(&app, 80, 24);
    assert!(
        title(&scrolled).contains("lines 3–"),
        "{}",
        title(&scrolled)
    );
    assert_ne!(top, scrolled);
    // End shows the last line; the wheel goes back up.
    press(&mut app, &[Key::End]);
    let (last, page) = crate::tui::view::details_extent(&app);
    assert!(last > 0 && page > 0);
    assert_eq!(app.details_offset(), last);
    // Deep in long details (a meeting's annex runs to tens of lines) the title still
    // says where the view is and how many lines there are, uncut: it ends with its
    // space before the pane's corner, not with a digit cut off.
    let deep = screen_of(&app, 80, 24);
    let total = last + page;
    let corner = deep
        .iter()
        .find(|l| l.contains(&format!("/{total} ")))
        .unwrap_or_else(|| panic!("a title ending /{total}: {deep:#?}"));
    assert!(
        corner.contains(&format!("{}–{total}/{total}", last + 1)),
        "{corner}"
    );
    update(&mut app, Msg::ScrollUp);
    assert_eq!(app.details_offset(), last - 1);
    // Another meeting opens at its top.
    press(&mut app, &[Key::Tab, Key::Tab, Key::Tab, Key::Down]);
    assert_ne!(app.selected_meeting().map(|m| m.number), meeting);
    assert_eq!(app.details_offset(), 0);
}

/// While a topic is moved at exactly 80 columns, long verdicts ("✗ after C4's grace year
/// 2027") do not push the meetings table over its right border, and the topics there
/// keep their whole ids and some of their titles (issue 24).
#[test]
fn moving_at_80_columns_keeps_the_table_border_ids_and_titles() {
    for downs in 0..8 {
        let mut app = app_at(80, 24);
        press(&mut app, &[Key::Char('m')]);
        press(&mut app, &vec![Key::Down; downs]);
        let screen = screen_of(&app, 80, 24);
        let top = screen
            .iter()
            .position(|l| l.contains("Meetings ("))
            .expect("the meetings pane");
        let right = screen[top].chars().position(|c| c == '┐').expect("corner");
        for line in &screen[top + 1..] {
            let border = line.chars().nth(right);
            if border == Some('┘') {
                break;
            }
            assert_eq!(border, Some('│'), "border kept after {downs} down:\n{line}");
        }
        let table = screen[top..].join("\n");
        assert!(!table.contains("T1…"), "T10 is never cut to T1…:\n{table}");
        assert!(
            table.contains("Fixed"),
            "the column keeps its header:\n{table}"
        );
        for shown in ["T5 Cooper", "T6 Recor", "T9 Secur"] {
            let visible = table.contains(shown) || !table.contains(&shown[..3]);
            assert!(visible, "{shown} keeps some title:\n{table}");
        }
    }
}

/// Wrapped lines continue under their text, not at the left edge (issue 24): a details
/// line "  art. 12: C4 …: ✓ inside" under "art.", and in help every description whole,
/// its continuation rows under the description column.
#[test]
fn wrapped_lines_hang_under_their_text_in_details_and_help() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Down]);
    let details = screen_of(&app, 80, 24).join("\n");
    assert!(details.contains("│  ✓ inside"), "{details}");
    assert!(!details.contains("│✓ inside"), "{details}");

    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Char('?')]);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        for line in screen_of(&app, 80, 24) {
            let inner: String = line.chars().skip(1).take(78).collect();
            if line.starts_with('│') && !seen.contains(&inner) {
                seen.push(inner);
            }
        }
        press(&mut app, &[Key::PageDown]);
    }
    let flat = seen
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for ctx in keys::help_order() {
        for (b, _) in app.keymap.in_context(ctx) {
            let help = b.help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&help), "{help:?} whole in help");
        }
    }
    // The marks and the mouse, longer than 78 columns, are whole too.
    for line in ["░ grace years", "a click chooses the line."] {
        assert!(flat.contains(line), "{line:?} in help: {flat}");
    }
}

/// A cluster's details longer than the pane say so in its title at 80x24 (the topics on
/// its articles ran off the bottom unmarked); at 200x60 they fit, unmarked.
#[test]
fn cluster_details_cut_by_the_pane_are_marked() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::BackTab, Key::Down]);
    let lines = screen_of(&app, 80, 24);
    assert!(
        lines.iter().any(|l| l.contains("Cluster C2 · more ↓")),
        "{lines:#?}"
    );
    let mut app = app_at(200, 60);
    press(&mut app, &[Key::BackTab, Key::Down]);
    let lines = screen_of(&app, 200, 60);
    assert!(
        lines.iter().any(|l| l.contains("┌ Cluster C2 ─")),
        "{lines:#?}"
    );
}

/// The details of the 10th meeting (topic 1) at 80x24, page by page, as a snapshot to
/// read: the topic as the annex heads it, its introduction, its groups, the footnotes.
/// (What they say is tested in `details.rs`.)
#[test]
fn the_details_show_the_annex_of_the_fixed_topic_at_80x24() {
    let mut app = app_at(80, 24);
    press(&mut app, &[Key::Up, Key::Up, Key::Enter]);
    assert_eq!(
        app.selected_meeting().map(|m| m.number),
        Some(MeetingNumber::new(10))
    );
    let (last, _) = crate::tui::view::details_extent(&app);
    let mut pages = Vec::new();
    loop {
        pages.push(screen_of(&app, 80, 24).join("\n"));
        if app.details_offset() >= last {
            break;
        }
        press(&mut app, &[Key::PageDown]);
    }
    // The pages with the annex's heading, the start of the questions and the footnotes.
    let chosen: Vec<&String> = pages
        .iter()
        .filter(|p| {
            ["Topic 1:", "Questions", "General", "Footnotes"]
                .iter()
                .any(|w| p.contains(w))
        })
        .collect();
    assert!(chosen.len() >= 3, "{pages:#?}");
    insta::assert_snapshot!(
        "details_annex_80x24",
        chosen
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
