//! Key-to-frame: one edit through the planner's `update`, the re-check it triggers, and
//! a render of the main screen into a 200x60 `TestBackend`, as the event loop does for
//! every key.
//!
//! Two edits per size: *swap* (move a fixed topic onto the next meeting and trade the
//! two: a constant-size edit) and *shift* (the moved topic takes the slot and every later
//! planned topic moves on: an edit whose size is the rest of the plan). The selected
//! meeting is the tenth planned meeting from the end (the first planned one in the
//! shipped plan), where a secretariat edits upcoming meetings.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use workplan::plan::{self, Plan, synth};
use workplan::tui::app::{App, Origin};
use workplan::tui::msg::Msg;
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
    let planned: Vec<u32> = plan
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
        let mut g = c.benchmark_group(name);
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
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

criterion_group!(benches, bench_key_to_frame);
criterion_main!(benches);
