//! Loops: generated gradients against hand-written reverse sweeps (the physical limit
//! for this approach), and the plain functions, interleaved in one run.
//!
//! `cargo bench --bench control_flow`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

// The functions and their hand-written reverse sweeps are shared with `tools/icount`.
#[path = "shared/loops.rs"]
mod loops;
use loops::{horner, horner_by_hand, horner_grad, logistic, logistic_by_hand, logistic_grad};

fn check_agreement() {
    let (value, g) = horner_grad(0.7, 1.3);
    let (hand, d_x, d_s) = horner_by_hand(0.7, 1.3);
    assert!((value - hand).abs() < 1e-12 && (g.x - d_x).abs() < 1e-9 && (g.s - d_s).abs() < 1e-9);
    let (value, g) = logistic_grad(0.9, 12.0, 0.5);
    let (hand, d_r, d_cap) = logistic_by_hand(0.9, 12.0, 0.5);
    assert!((value - hand).abs() < 1e-12, "{value} {hand}");
    assert!(
        (g.r - d_r).abs() < 1e-9 * d_r.abs().max(1.0),
        "{} {d_r}",
        g.r
    );
    assert!(
        (g.cap - d_cap).abs() < 1e-9 * d_cap.abs().max(1.0),
        "{} {d_cap}",
        g.cap
    );
}

fn benches(c: &mut Criterion) {
    check_agreement();
    let mut group = c.benchmark_group("horner16");
    group.bench_function("function", |b| {
        b.iter(|| horner(black_box(0.7), black_box(1.3)))
    });
    group.bench_function("generated", |b| {
        b.iter(|| horner_grad(black_box(0.7), black_box(1.3)))
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| horner_by_hand(black_box(0.7), black_box(1.3)))
    });
    group.finish();
    let mut group = c.benchmark_group("euler100");
    let args = || (black_box(0.9), black_box(12.0), black_box(0.5));
    group.bench_function("function", |b| {
        b.iter(|| {
            let (r, c, y) = args();
            logistic(r, c, y)
        })
    });
    group.bench_function("generated", |b| {
        b.iter(|| {
            let (r, c, y) = args();
            logistic_grad(r, c, y)
        })
    });
    group.bench_function("hand-written", |b| {
        b.iter(|| {
            let (r, c, y) = args();
            logistic_by_hand(r, c, y)
        })
    });
    group.finish();
}

criterion_group!(control_flow, benches);
criterion_main!(control_flow);
