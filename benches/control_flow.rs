//! Loops: generated gradients against hand-written reverse sweeps (the physical limit
//! for this approach), and the plain functions, interleaved in one run.
//!
//! `cargo bench --bench control_flow`

use backprop::differentiate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const DEGREE: usize = 16;
const STEPS: usize = 100;
const DT: f64 = 0.05;

/// `p(x) = s Σ_k x^k / (k + 1)` for k = 0..16, by Horner's rule.
#[differentiate]
fn horner(x: f64, s: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..17 {
        acc = acc * x + s / (17 - i) as f64;
    }
    acc
}

/// Horner's rule and its reverse sweep, written by hand.
fn horner_by_hand(x: f64, s: f64) -> (f64, f64, f64) {
    let mut saved = [0.0; DEGREE + 1];
    let mut acc = 0.0;
    for (i, slot) in saved.iter_mut().enumerate() {
        *slot = acc;
        acc = acc * x + s / (17 - i) as f64;
    }
    let (mut d_acc, mut d_x, mut d_s) = (1.0, 0.0, 0.0);
    for i in (0..=DEGREE).rev() {
        d_x += saved[i] * d_acc;
        d_s += d_acc / (17 - i) as f64;
        d_acc *= x;
    }
    (acc, d_x, d_s)
}

/// 100 explicit Euler steps of the logistic ODE `dy/dt = r y (1 - y / cap)`.
#[differentiate(wrt(r, cap))]
fn logistic(r: f64, cap: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += DT * r * y * (1.0 - y / cap);
    }
    y
}

/// The Euler integration and its reverse sweep, written by hand.
fn logistic_by_hand(r: f64, cap: f64, y0: f64) -> (f64, f64, f64) {
    let mut saved = [0.0; STEPS];
    let mut y = y0;
    for slot in saved.iter_mut() {
        *slot = y;
        y += DT * r * y * (1.0 - y / cap);
    }
    let (mut d_y, mut d_r, mut d_cap) = (1.0, 0.0, 0.0);
    for &y in saved.iter().rev() {
        // y' = y + DT r y (1 - y / cap)
        let growth = 1.0 - y / cap;
        d_r += d_y * DT * y * growth;
        d_cap += d_y * DT * r * y * y / (cap * cap);
        d_y *= 1.0 + DT * r * (growth - y / cap);
    }
    (y, d_r, d_cap)
}

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
