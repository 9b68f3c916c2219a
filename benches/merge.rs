//! `workplan merge` without the process: the three-way merge by meaning (`merge`) and
//! the whole driver's work on text (parse the three plans, merge, write the merge onto
//! OURS' text with the lossless writer, annotate).
//!
//! Each side edits a tenth of the planned meetings (OURS venues, THEIRS notes), so the
//! merge is clean. Sizes: the shipped Firearms plan and synthetic plans of 1,000 and
//! 10,000 meetings (`workplan::plan::synth`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use workplan::merge::{annotate, merge};
use workplan::plan::{Plan, canonical, parse, save::render, synth};

fn sides(base: &Plan) -> (Plan, Plan) {
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let planned: Vec<usize> = (0..base.meetings.len())
        .filter(|&i| !base.meetings[i].status.is_history())
        .collect();
    let step = 10.min(planned.len().max(1));
    for (k, &i) in planned.iter().enumerate().step_by(step) {
        ours.meetings[i].venue = Some(format!("Venue {k}"));
        if let Some(&j) = planned.get(k + 1) {
            theirs.meetings[j].note = Some(format!("Note {k}"));
        }
    }
    (ours, theirs)
}

fn inputs() -> Vec<(String, String, String, String)> {
    let mut texts = vec![(
        "firearms".to_string(),
        include_str!("../plans/firearms.yaml").to_string(),
    )];
    for n in [1_000, 10_000] {
        let plan = synth::generate(synth::Spec {
            meetings: n,
            topics: n - n / 10,
        });
        texts.push((
            n.to_string(),
            canonical::to_yaml(&plan).expect("serializes"),
        ));
    }
    texts
        .into_iter()
        .map(|(name, base_text)| {
            let base = parse(&base_text).expect("loads").plan;
            let (ours, theirs) = sides(&base);
            let ours_text = render(Some(&base_text), &ours).expect("renders").text;
            let theirs_text = render(Some(&base_text), &theirs).expect("renders").text;
            (name, base_text, ours_text, theirs_text)
        })
        .collect()
}

fn bench_merge(c: &mut Criterion) {
    let inputs = inputs();
    let mut g = c.benchmark_group("merge");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (size, base, ours, theirs) in &inputs {
        let plans = [base, ours, theirs].map(|t| parse(t).expect("loads").plan);
        g.bench_with_input(BenchmarkId::new("plans", size), &plans, |b, [o, a, t]| {
            b.iter(|| merge(black_box(o), black_box(a), black_box(t)).expect("merges"))
        });
        g.bench_with_input(
            BenchmarkId::new("text", size),
            &(base, ours, theirs),
            |b, (base, ours, theirs)| {
                b.iter(|| {
                    let [o, a, t] = [base, ours, theirs].map(|t| parse(t).expect("loads").plan);
                    let merged = merge(&o, &a, &t).expect("merges");
                    assert!(merged.is_clean());
                    let text = render(Some(ours), &merged.plan).expect("renders");
                    annotate(&text.text, &merged.conflicts)
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench_merge);
criterion_main!(benches);
