//! Every export format over the shipped plan and synthetic plans of 1,000, 10,000 and
//! 100,000 meetings. Findings are computed once outside the timed loop: exporting is
//! what is measured.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use workplan::check::check;
use workplan::export::{Format, render};
use workplan::plan::{self, Plan, synth};

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

fn bench_exports(c: &mut Criterion) {
    let plans = plans();
    for format in Format::ALL {
        let mut g = c.benchmark_group(format!("export_{}", format.as_str()));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
        for (size, plan) in &plans {
            // DOCX and XLSX are built whole in memory (docx-rs: about 335 MB for 10,000
            // meetings): 100,000 meetings would need gigabytes for no new information.
            if format.is_binary() && plan.meetings.len() > 10_000 {
                continue;
            }
            let findings = check(plan);
            g.bench_with_input(BenchmarkId::from_parameter(size), plan, |b, p| {
                b.iter(|| render(black_box(p), &findings, format).expect("exports"))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench_exports);
criterion_main!(benches);
