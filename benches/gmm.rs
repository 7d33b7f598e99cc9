//! The gradient of the ADBench Gaussian mixture model objective (Srajer, Baran, Fitzgibbon
//! 2018; `benches/adbench/gmm.rs` has the definition), six ways, at two of ADBench's sizes:
//! `gmm_d2_k5` (2 dimensions, 5 components, 100 points, 30 parameters) and `gmm_d10_k5`
//! (10 dimensions, 5 components, 20 points, 330 parameters). ADBench runs 1000 and 10000
//! points; every method's cost is linear in the points, so fewer keep the runs short
//! without changing the ratios.
//!
//! One criterion group per size, its methods measured in the same run, one after the
//! other:
//!
//! - `plain`: the objective as written (`objective`, the floor);
//! - `generated`: `objective_grad` from `#[differentiate(wrt(alphas, means, icf))]`;
//! - `hand_written`: a reverse sweep written by hand after ADBench's algorithm (the
//!   diagonals' `exp` computed once per component, then one forward and one backward pass
//!   per point): the physical limit;
//! - `num_dual`: forward mode, `num_dual::gradient` with one `P`-wide dual number (`P` = 30
//!   and 330 parameters; its cost grows as `P²`, so it is slow at `d = 10`, but feasible);
//! - `tape_reverse`: a Wengert list at run time, the `reverse` crate (tape reused and
//!   cleared each call);
//! - `finite_diff`: central differences, `2P` evaluations of `plain`.
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones (to 1e-9 relative for the exact methods, 1e-6 for finite differences),
//! so a wrong method cannot be timed by mistake.
//!
//! Every method reads the same `Instance` through `black_box` and copies the arrays it
//! takes by value (`#[differentiate]` takes arrays by value).
//!
//! Run: `cargo bench --bench gmm`, then `python3 benches/report.py` for tables.

#[path = "adbench/gmm.rs"]
mod gmm;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

/// Agreement demanded of the exact methods with the generated gradient, relative to
/// `max(1, |generated|)`.
const TOL: f64 = 1e-9;
/// The same for central differences (their rounding error grows with `|f|`).
const TOL_FINITE_DIFF: f64 = 1e-6;

/// Panics unless `got` agrees with `want` (the generated value and gradient, flattened in
/// ADBench's order) to `tolerance`.
fn assert_agrees(
    group: &str,
    method: &str,
    got: (f64, &[f64]),
    want: (f64, &[f64]),
    tolerance: f64,
) {
    assert_eq!(
        got.1.len(),
        want.1.len(),
        "{group}/{method}: gradient length"
    );
    let close = |a: f64, b: f64| (a - b).abs() <= tolerance * b.abs().max(1.0);
    assert!(
        close(got.0, want.0),
        "{group}/{method}: value {} but generated gives {}",
        got.0,
        want.0
    );
    for (i, (&g, &w)) in got.1.iter().zip(want.1).enumerate() {
        assert!(
            close(g, w),
            "{group}/{method}: gradient entry {i} = {g:e} but generated gives {w:e}"
        );
    }
}

/// Defines the benchmark function `$bench` for the size in module `gmm::$size`.
macro_rules! bench_size {
    ($bench:ident, $size:ident, $group:literal) => {
        fn $bench(c: &mut Criterion) {
            use gmm::$size::{flatten, Instance};
            let instance = Instance::random(2018, 1.0, 0);
            let tape = reverse::Tape::new();

            let (value, grad) = instance.generated();
            let want = flatten(&grad.alphas, &grad.means, &grad.icf);
            let want = (value, &want[..]);
            assert_agrees($group, "plain", (instance.objective(), want.1), want, TOL);
            for (method, (v, g), tolerance) in [
                ("generated_reference", instance.generated_reference(), TOL),
                ("hand_written", instance.hand_written(), TOL),
                ("num_dual", instance.num_dual(), TOL),
                ("tape_reverse", instance.tape(&tape), TOL),
                ("finite_diff", instance.finite_diff(), TOL_FINITE_DIFF),
            ] {
                let got = flatten(&g.alphas, &g.means, &g.icf);
                assert_agrees($group, method, (v, &got), want, tolerance);
            }

            let mut group = c.benchmark_group($group);
            group.sample_size(30);
            group.measurement_time(Duration::from_secs(3));
            group.bench_function("plain", |b| b.iter(|| black_box(&instance).objective()));
            group.bench_function("generated", |b| b.iter(|| black_box(&instance).generated()));
            group.bench_function("plain_reference", |b| {
                b.iter(|| black_box(&instance).objective_reference())
            });
            group.bench_function("generated_reference", |b| {
                b.iter(|| black_box(&instance).generated_reference())
            });
            group.bench_function("hand_written", |b| {
                b.iter(|| black_box(&instance).hand_written())
            });
            group.bench_function("num_dual", |b| b.iter(|| black_box(&instance).num_dual()));
            group.bench_function("tape_reverse", |b| {
                b.iter(|| black_box(&instance).tape(&tape))
            });
            group.bench_function("finite_diff", |b| {
                b.iter(|| black_box(&instance).finite_diff())
            });
            group.finish();
        }
    };
}

bench_size!(d2_k5, d2_k5, "gmm_d2_k5");
bench_size!(d10_k5, d10_k5, "gmm_d10_k5");

criterion_group!(benches, d2_k5, d10_k5);
criterion_main!(benches);
