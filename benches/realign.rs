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
//! - Plans built to exhaust (issue 22): `far_off` (a review window ending in the year
//!   10000, with and without `--allow-reorder`: the order-free check once took a
//!   minute), `huge_delay` (`--delay C2=+100002` on the shipped plan, aligned and best
//!   effort) and `compare` (`--compare` of n scenarios of the shipped plan).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use workplan::plan::{ClusterId, Plan};
use workplan::realign::compare::{Scenario, compare};
use workplan::realign::{Options, apply_delays, realign, synth};

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

fn shipped() -> Plan {
    workplan::plan::parse(include_str!("../plans/firearms.yaml"))
        .expect("the shipped plan parses")
        .plan
}

/// The shipped plan with its empty third cluster reviewed up to the year 10000.
fn far_off() -> Plan {
    let mut plan = shipped();
    if let Some(c3) = plan.clusters.iter_mut().find(|c| c.id.as_str() == "C3") {
        c3.review.end = 10_000;
    }
    plan
}

/// The slow shapes of issue 22; none may take more than a few milliseconds.
fn exhausting(c: &mut Criterion) {
    let mut g = c.benchmark_group("realign_exhausting");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let far = far_off();
    for allow_reorder in [false, true] {
        let options = Options {
            allow_reorder,
            ..Options::default()
        };
        let name = if allow_reorder { "reorder" } else { "ordered" };
        g.bench_with_input(BenchmarkId::new("far_off", name), &far, |b, plan| {
            b.iter(|| realign(black_box(plan), &options))
        });
    }
    let delayed = apply_delays(&shipped(), &[(ClusterId::from("C2"), 100_002)])
        .expect("C2 is a cluster of the shipped plan");
    for best_effort in [false, true] {
        let options = Options {
            best_effort,
            ..Options::default()
        };
        let name = if best_effort {
            "best_effort"
        } else {
            "aligned"
        };
        g.bench_with_input(BenchmarkId::new("huge_delay", name), &delayed, |b, plan| {
            b.iter(|| realign(black_box(plan), &options))
        });
    }
    let plan = shipped();
    for n in [100, 2_000] {
        let scenarios: Vec<Scenario> = (0..n)
            .map(|i| Scenario {
                name: format!("s{i}"),
                delays: vec![
                    (ClusterId::from("C1"), i % 3),
                    (ClusterId::from("C2"), i % 5),
                    (ClusterId::from("C4"), i % 4),
                ],
            })
            .collect();
        g.bench_with_input(BenchmarkId::new("compare", n), &scenarios, |b, s| {
            b.iter(|| compare(black_box(&plan), s, &Options::default()).expect("compared"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, exhausting);
criterion_main!(benches);
