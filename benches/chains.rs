//! Iterator chains against the index loops they stand for and a hand-written gradient,
//! over 1,000 inputs in a slice. One criterion group per function (`chains_sum_sq_1000`,
//! `chains_mse_1000`, `chains_lse_1000`), its methods measured in the same run:
//!
//! - `plain`: the chain form as written (the floor);
//! - `generated`: `f_grad` of the chain form;
//! - `loop_generated`: `f_grad` of the same function written as an index loop;
//! - `hand_written`: value and gradient written by hand, as few passes as the formula
//!   needs (one for the sum of squares and the MSE; for log-sum-exp a max pass, a sum of
//!   exponentials, and a pass writing the softmax).
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones. Every gradient adds into a buffer zeroed before the call, as the
//! generated functions do (so all pay the same for it).
//!
//! Run: `cargo bench --bench chains`, then `python3 benches/report.py` for tables.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

// (`fd_step` is for the benches with finite differences.)
#[allow(dead_code)]
#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, TOL};

#[path = "shared/chains.rs"]
mod chains;
use chains::*;

/// Inputs of order one, all different (so the maximum is unique).
fn inputs(shift: f64) -> Vec<f64> {
    (0..N)
        .map(|i| ((i * 37 % 101) as f64 - 50.0) / 25.0 + shift + i as f64 * 1e-6)
        .collect()
}

/// `f` into a fresh zeroed buffer: its value and gradient.
fn run(f: impl Fn(&mut [f64]) -> f64) -> (f64, Vec<f64>) {
    let mut d = vec![0.0; N];
    let value = f(&mut d);
    (value, d)
}

fn bench(c: &mut Criterion) {
    let x = inputs(0.0);
    let t = inputs(0.3);
    let mut d = vec![0.0; N];

    let want = run(|d| sum_sq_grad(&x, d).0);
    let want = (want.0, &want.1[..]);
    let name = "chains_sum_sq_1000";
    assert_agrees(name, "plain", TOL, (sum_sq(&x), want.1), want);
    assert_agrees(name, "loop plain", TOL, (sum_sq_loop(&x), want.1), want);
    let got = run(|d| sum_sq_loop_grad(&x, d).0);
    assert_agrees(name, "loop_generated", TOL, (got.0, &got.1), want);
    let got = run(|d| sum_sq_hand(&x, d));
    assert_agrees(name, "hand_written", TOL, (got.0, &got.1), want);
    let mut group = c.benchmark_group(name);
    group.bench_function("plain", |b| b.iter(|| sum_sq(black_box(&x))));
    group.bench_function("generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            sum_sq_grad(black_box(&x), &mut d).0
        })
    });
    group.bench_function("loop_generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            sum_sq_loop_grad(black_box(&x), &mut d).0
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            d.fill(0.0);
            sum_sq_hand(black_box(&x), &mut d)
        })
    });
    group.finish();

    let want = run(|d| mse_grad(&x, &t, d).0);
    let want = (want.0, &want.1[..]);
    let name = "chains_mse_1000";
    assert_agrees(name, "plain", TOL, (mse(&x, &t), want.1), want);
    assert_agrees(name, "loop plain", TOL, (mse_loop(&x, &t), want.1), want);
    let got = run(|d| mse_loop_grad(&x, &t, d).0);
    assert_agrees(name, "loop_generated", TOL, (got.0, &got.1), want);
    let got = run(|d| mse_hand(&x, &t, d));
    assert_agrees(name, "hand_written", TOL, (got.0, &got.1), want);
    let mut group = c.benchmark_group(name);
    group.bench_function("plain", |b| b.iter(|| mse(black_box(&x), black_box(&t))));
    group.bench_function("generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            mse_grad(black_box(&x), black_box(&t), &mut d).0
        })
    });
    group.bench_function("loop_generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            mse_loop_grad(black_box(&x), black_box(&t), &mut d).0
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            d.fill(0.0);
            mse_hand(black_box(&x), black_box(&t), &mut d)
        })
    });
    group.finish();

    let want = run(|d| lse_grad(&x, d).0);
    let want = (want.0, &want.1[..]);
    let name = "chains_lse_1000";
    assert_agrees(name, "plain", TOL, (lse(&x), want.1), want);
    assert_agrees(name, "loop plain", TOL, (lse_loop(&x), want.1), want);
    let got = run(|d| lse_loop_grad(&x, d).0);
    assert_agrees(name, "loop_generated", TOL, (got.0, &got.1), want);
    let got = run(|d| lse_hand(&x, d));
    assert_agrees(name, "hand_written", TOL, (got.0, &got.1), want);
    let mut group = c.benchmark_group(name);
    group.bench_function("plain", |b| b.iter(|| lse(black_box(&x))));
    group.bench_function("generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            lse_grad(black_box(&x), &mut d).0
        })
    });
    group.bench_function("loop_generated", |b| {
        b.iter(|| {
            d.fill(0.0);
            lse_loop_grad(black_box(&x), &mut d).0
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            d.fill(0.0);
            lse_hand(black_box(&x), &mut d)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
