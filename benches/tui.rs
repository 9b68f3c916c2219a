//! Key-to-frame: one edit through the planner's `update`, the re-check it triggers, and
//! a render of the main screen into a 200x60 `TestBackend`, as the event loop does for
//! every key.
//!
//! Two edits per size: *swap* (move a fixed topic onto the next meeting and trade the
//! two: a constant-size edit) and *shift* (the moved topic takes the slot and every later
//! planned topic moves on: an edit whose size is the rest of the plan). The selected
//! meeting is the tenth planned meeting from the end (the first planned one in the
//! shipped plan), where a secretariat edits upcoming meetings.
//!
//! Then text fields: a 100 KB paste (one message, as bracketed paste delivers it) and
//! one key typed into the filter of a 10,000-meeting plan holding a 100 KB value.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use workplan::plan::{self, MeetingNumber, Plan, synth};
use workplan::tui::app::{App, Mode, Origin};
use workplan::tui::msg::{Msg, TextEdit};
use workplan::tui::update::update;

fn plans() -> Vec<(String, Plan)> {
    let mut out = vec![(
        "firearms".to_string(),
        plan::parse(include_str!("../plans/firearms.yaml"))
            .expect("shipped plan parses")
            .plan,
    )];
    for n in [1_000, 10_000, 100_000] {
        out.push((
            n.to_string(),
            synth::generate(synth::Spec {
                meetings: n,
                topics: n - n / 10,
            }),
        ));
    }
    out
}

fn ready(plan: &Plan) -> App {
    let mut app = App::new(plan.clone(), Origin::Bundled, None);
    app.size = (200, 60);
    let planned: Vec<MeetingNumber> = plan
        .meetings
        .iter()
        .filter(|m| !m.status.is_history() && m.fixed.is_some())
        .map(|m| m.number)
        .collect();
    let target = planned[planned.len().saturating_sub(10)];
    assert!(
        app.select_number(target),
        "meeting {target} is in the table"
    );
    app
}

fn edit_and_draw(app: &mut App, conflict: Msg, terminal: &mut Terminal<TestBackend>) {
    for msg in [Msg::MoveFixed, Msg::Down, Msg::Open, conflict] {
        update(app, msg);
    }
    terminal
        .draw(|f| f.render_widget(&*app, f.area()))
        .expect("test backend draws");
}

fn bench_key_to_frame(c: &mut Criterion) {
    for (name, conflict) in [
        ("key_to_frame", Msg::Swap),
        ("key_to_frame_shift", Msg::Shift),
    ] {
        let mut g = group(c, name);
        for (size, plan) in plans() {
            let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
            // The keys must really edit the plan, or the benchmark measures nothing.
            let mut probe = ready(&plan);
            edit_and_draw(&mut probe, conflict.clone(), &mut terminal);
            assert!(probe.is_dirty(), "{name}/{size}: the keys made no edit");
            g.bench_function(BenchmarkId::from_parameter(&size), |b| {
                b.iter_batched_ref(
                    || ready(&plan),
                    |app| edit_and_draw(black_box(app), conflict.clone(), &mut terminal),
                    BatchSize::LargeInput,
                )
            });
        }
        g.finish();
    }
}

/// A paste of this many bytes, and the size of the long value in the filter's plan.
const LONG: usize = 100 * 1024;

/// Text of `bytes` bytes, words and spaces, as a pasted document would be.
fn long_text(bytes: usize) -> String {
    let mut s = "Report of the Working Group on Firearms, paragraph ".repeat(bytes / 51 + 1);
    s.truncate(bytes);
    s
}

/// The 10,000-meeting plan, its first planned meeting holding a 100 KB note: the
/// filter searches it on every keystroke.
fn plan_with_long_value() -> Plan {
    let mut plan = synth::generate(synth::Spec {
        meetings: 10_000,
        topics: 9_000,
    });
    if let Some(m) = plan.meetings.iter_mut().find(|m| !m.status.is_history()) {
        m.note = Some(long_text(LONG));
    }
    plan
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("test backend draws");
}

/// Pasting 100 KB (bracketed paste: one message) into the venue field, into the
/// filter, then the frame drawn, as the event loop does.
fn bench_paste(c: &mut Criterion) {
    let mut g = group(c, "paste_100kb");
    let text = long_text(LONG);
    let plan = plan_with_long_value();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    for (field, open) in [
        ("venue", vec![Msg::EditMeeting, Msg::EditVenue]),
        ("filter", vec![Msg::Filter]),
    ] {
        let prepare = || {
            let mut app = ready(&plan);
            for msg in &open {
                update(&mut app, msg.clone());
            }
            app
        };
        let mut probe = prepare();
        update(&mut probe, Msg::Paste(text.clone()));
        let taken = match &probe.mode {
            Mode::Prompt(p) => p.input.value().len(),
            Mode::Filter { input } => input.value().len(),
            other => panic!("{field}: no field open: {other:?}"),
        };
        assert_eq!(taken, LONG, "{field}: the paste lands whole");
        g.bench_function(BenchmarkId::new(field, "10000"), |b| {
            b.iter_batched_ref(
                prepare,
                |app| {
                    update(app, Msg::Paste(black_box(text.clone())));
                    draw(app, &mut terminal);
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// One key typed into the filter of the 10,000-meeting plan that holds a 100 KB value,
/// then the frame: the next key of a query being typed (`warm`), the first key after
/// an edit (`first`: the search texts are built anew), and a key at the end of a 17 KB
/// query.
fn bench_filter_keystroke(c: &mut Criterion) {
    let mut g = group(c, "filter_keystroke");
    let plan = plan_with_long_value();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let long_query = long_text(17 * 1024);
    for (case, typed) in [
        ("warm", "1".to_string()),
        ("first", String::new()),
        ("after_17kb", long_query),
    ] {
        let prepare = || {
            let mut app = ready(&plan);
            update(&mut app, Msg::Filter);
            if !typed.is_empty() {
                update(&mut app, Msg::Paste(typed.clone()));
            }
            app
        };
        let mut probe = prepare();
        let before = probe.rows.len();
        update(&mut probe, Msg::Input('2'));
        assert!(
            probe.rows.len() <= before && matches!(probe.mode, Mode::Filter { .. }),
            "{case}: the key filters"
        );
        g.bench_function(BenchmarkId::new(case, "10000"), |b| {
            b.iter_batched_ref(
                prepare,
                |app| {
                    update(app, Msg::Input(black_box('2')));
                    draw(app, &mut terminal);
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Editing in the middle of a 100 KB venue (tui-input fields): a key typed at the start
/// of the value, and a word jump from there, each then drawn.
fn bench_field_edit(c: &mut Criterion) {
    let mut g = group(c, "field_edit_100kb");
    let text = long_text(LONG);
    let plan = plan_with_long_value();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test backend");
    let prepare = || {
        let mut app = ready(&plan);
        for msg in [Msg::EditMeeting, Msg::EditVenue, Msg::Paste(text.clone())] {
            update(&mut app, msg);
        }
        update(&mut app, Msg::Edit(TextEdit::Start));
        app
    };
    for (case, msg) in [
        ("type_at_start", Msg::Input('x')),
        ("word_right", Msg::Edit(TextEdit::WordRight)),
    ] {
        let mut probe = prepare();
        let before = format!("{:?}", probe.mode);
        update(&mut probe, msg.clone());
        assert_ne!(
            format!("{:?}", probe.mode),
            before,
            "{case} changes the field"
        );
        g.bench_function(BenchmarkId::new(case, "10000"), |b| {
            b.iter_batched_ref(
                prepare,
                |app| {
                    update(app, black_box(msg.clone()));
                    draw(app, &mut terminal);
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_key_to_frame,
    bench_paste,
    bench_filter_keystroke,
    bench_field_edit
);
criterion_main!(benches);

/// A benchmark group of 20 samples over about two seconds: each sample rebuilds a large
/// plan's planner, so criterion's defaults would take minutes.
fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g
}
