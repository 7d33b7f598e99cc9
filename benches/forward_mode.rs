//! Forward mode: Rosenbrock's function at n = 10, 100 and 1000, its derivative along a
//! direction `v`. One criterion group per n (`forward_mode_10`, ...):
//!
//! - `plain`: the function as written (the floor);
//! - `generated_jvp`: `rosenbrock_jvp` from `#[differentiate(jvp)]`;
//! - `hand_written`: value and directional derivative in one pass, by hand;
//! - `num_dual`: the function over `num_dual::Dual64` (one dual number: the same single
//!   tangent, at run time);
//! - `finite_diff`: a central difference along `v`, two evaluations of `plain`.
//!
//! Every method's value and tangent are checked against the generated ones before
//! anything is timed. Run: `cargo bench --bench forward_mode`, then
//! `python3 benches/report.py` for tables.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, fd_step, TOL};

/// Defines `rosenbrock` (with `jvp`) and its hand-written forward mode for `$n`
/// dimensions in a module.
macro_rules! forward_functions {
    ($module:ident, $n:tt, $m:tt) => {
        #[allow(dead_code)] // the reverse-mode items are not benchmarked here
        mod $module {
            use num_dual::Dual64;

            /// `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`.
            #[backprop::differentiate(jvp)]
            pub fn rosenbrock(x: [f64; $n]) -> f64 {
                let mut total = 0.0;
                for i in 0..$m {
                    let xi = x[i];
                    let a = x[i + 1] - xi * xi;
                    let b = 1.0 - xi;
                    total += 100.0 * a * a + b * b;
                }
                total
            }

            /// The value and its derivative along `v`, by hand, in one pass.
            pub fn hand_written(x: [f64; $n], v: [f64; $n]) -> (f64, f64) {
                let (mut total, mut tangent) = (0.0, 0.0);
                for i in 0..$m {
                    let xi = x[i];
                    let a = x[i + 1] - xi * xi;
                    let b = 1.0 - xi;
                    total += 100.0 * a * a + b * b;
                    let t_a = v[i + 1] - 2.0 * xi * v[i];
                    tangent += 200.0 * a * t_a - 2.0 * b * v[i];
                }
                (total, tangent)
            }

            /// The function over one dual number.
            pub fn dual(x: [f64; $n], v: [f64; $n]) -> (f64, f64) {
                let mut total = Dual64::from(0.0);
                for i in 0..$m {
                    let xi = Dual64::new(x[i], v[i]);
                    let a = Dual64::new(x[i + 1], v[i + 1]) - xi * xi;
                    let b = -xi + 1.0;
                    total += a * a * 100.0 + b * b;
                }
                (total.re, total.eps)
            }
        }
    };
}

forward_functions!(n10, 10, 9);
forward_functions!(n100, 100, 99);
forward_functions!(n1000, 1000, 999);

fn point<const N: usize>() -> [f64; N] {
    std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0)
}

fn direction<const N: usize>() -> [f64; N] {
    std::array::from_fn(|i| ((i * 5 % 13) as f64 - 6.0) / 6.0)
}

macro_rules! bench_group {
    ($c:expr, $module:ident, $n:tt) => {{
        let (x, v) = (point::<$n>(), direction::<$n>());
        let plain = |x: [f64; $n]| $module::rosenbrock(x);
        let fd = |x: [f64; $n], v: [f64; $n]| {
            let h = fd_step(1.0);
            let shifted = |s: f64| std::array::from_fn::<f64, $n, _>(|i| x[i] + s * v[i]);
            (
                plain(x),
                (plain(shifted(h)) - plain(shifted(-h))) / (2.0 * h),
            )
        };
        let want = $module::rosenbrock_jvp(x, v);
        let check = |method: &str, got: (f64, f64), tol: f64| {
            assert_agrees(
                stringify!($module),
                method,
                tol,
                (got.0, &[got.1]),
                (want.0, &[want.1]),
            );
        };
        check("hand_written", $module::hand_written(x, v), TOL);
        check("num_dual", $module::dual(x, v), TOL);
        check("finite_diff", fd(x, v), 1e-5);
        let mut group = $c.benchmark_group(format!("forward_mode_{}", $n));
        group.bench_function("plain", |b| b.iter(|| plain(*black_box(&x))));
        group.bench_function("generated_jvp", |b| {
            b.iter(|| $module::rosenbrock_jvp(*black_box(&x), *black_box(&v)))
        });
        group.bench_function("hand_written", |b| {
            b.iter(|| $module::hand_written(*black_box(&x), *black_box(&v)))
        });
        group.bench_function("num_dual", |b| {
            b.iter(|| $module::dual(*black_box(&x), *black_box(&v)))
        });
        group.bench_function("finite_diff", |b| {
            b.iter(|| fd(*black_box(&x), *black_box(&v)))
        });
        group.finish();
    }};
}

fn forward_mode(c: &mut Criterion) {
    bench_group!(c, n10, 10);
    bench_group!(c, n100, 100);
    bench_group!(c, n1000, 1000);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = forward_mode
}
criterion_main!(benches);
