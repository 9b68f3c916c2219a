//! Load, check, and load + check against a bare parse of the same YAML into a generic
//! value: the ratio is the overhead of the plan model and the rules.
//!
//! Sizes: the shipped Firearms plan (18 meetings) and synthetic plans of 1,000, 10,000
//! and 100,000 meetings (`workplan::plan::synth`); `check_crowded`, 150 and 1,000
//! clusters on one article (`synth::crowded`). `scripts/bench-report` turns the
//! medians into docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use workplan::check::check;
use workplan::plan::{self, Limits, canonical, load, synth};

pub fn sizes() -> Vec<(String, String)> {
    let mut out = vec![(
        "firearms".to_string(),
        include_str!("../plans/firearms.yaml").to_string(),
    )];
    for n in [1_000, 10_000, 100_000] {
        let plan = synth::generate(synth::Spec {
            meetings: n,
            topics: n - n / 10,
        });
        out.push((
            n.to_string(),
            canonical::to_yaml(&plan).expect("synthetic plan serializes"),
        ));
    }
    out
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g
}

fn bench_core(c: &mut Criterion) {
    let inputs = sizes();
    let limits = Limits::default();

    let mut g = configure(c, "parse_generic");
    for (size, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), text, |b, text| {
            b.iter(|| {
                let v: serde_json::Value = serde_saphyr::from_str_with_options(
                    black_box(text),
                    load::saphyr_options(limits),
                )
                .expect("valid YAML");
                v
            })
        });
    }
    g.finish();

    let mut g = configure(c, "load");
    for (size, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), text, |b, text| {
            b.iter(|| plan::load::parse_with(black_box(text), limits).expect("valid plan"))
        });
    }
    g.finish();

    let mut g = configure(c, "check");
    for (size, text) in &inputs {
        let loaded = plan::parse(text).expect("valid plan");
        g.bench_with_input(BenchmarkId::from_parameter(size), &loaded.plan, |b, p| {
            b.iter(|| check(black_box(p)))
        });
    }
    g.finish();

    let mut g = configure(c, "load_check");
    for (size, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), text, |b, text| {
            b.iter(|| {
                let loaded = plan::load::parse_with(black_box(text), limits).expect("valid plan");
                workplan::check::check_located(&loaded.plan, &loaded.source)
            })
        });
    }
    g.finish();

    // Many clusters on one article (issue 22): each meeting misses almost every
    // cluster's review. The check once named every cluster in every finding (cubic in
    // the plan); it must stay within the findings it reports.
    let mut g = configure(c, "check_crowded");
    for n in [150, 1_000] {
        let plan = synth::crowded(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &plan, |b, p| {
            b.iter(|| check(black_box(p)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_core);
criterion_main!(benches);
