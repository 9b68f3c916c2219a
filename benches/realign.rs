//! The realignment solver on synthetic plans (`workplan::realign::synth`).
//!
//! - `slipped`: shaped like the Firearms plan, n fixed topics on n yearly meetings,
//!   clusters of four topics, the later half of the clusters three years late (about
//!   half the topics move). Each topic has a handful of aligned years, so the dynamic
//!   programme's states grow linearly.
//! - `dense`: the worst case, n topics each free to take any of about n meetings of 2n:
//!   topics x meetings states.
//! - `reorder`: `--allow-reorder` (Hungarian algorithm) on `slipped`, small sizes only.
//! - `best_effort`: `--best-effort` on `crowded`, where no aligned plan exists: n topics
//!   each free to take about n of 2n meetings (the goal: 1,000 x 1,000 under 200 ms).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use workplan::realign::{Options, realign, synth};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("realign");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let ordered = Options::default();
    for n in [10, 100, 1_000, 10_000] {
        let plan = synth::slipped(n);
        g.bench_with_input(BenchmarkId::new("slipped", n), &plan, |b, plan| {
            b.iter(|| realign(black_box(plan), &ordered).expect("aligned"))
        });
    }
    for n in [10, 100, 1_000] {
        let plan = synth::dense(n);
        g.bench_with_input(BenchmarkId::new("dense", n), &plan, |b, plan| {
            b.iter(|| realign(black_box(plan), &ordered).expect("aligned"))
        });
    }
    let reorder = Options {
        allow_reorder: true,
        ..Options::default()
    };
    for n in [10, 50] {
        let plan = synth::slipped(n);
        g.bench_with_input(BenchmarkId::new("reorder", n), &plan, |b, plan| {
            b.iter(|| realign(black_box(plan), &reorder).expect("aligned"))
        });
    }
    let best = Options {
        best_effort: true,
        ..Options::default()
    };
    for n in [10, 100, 1_000] {
        let plan = synth::crowded(n);
        g.bench_with_input(BenchmarkId::new("best_effort", n), &plan, |b, plan| {
            b.iter(|| realign(black_box(plan), &best).expect("a best-effort plan"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
