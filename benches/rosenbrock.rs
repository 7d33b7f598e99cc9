//! Rosenbrock's function in `n` dimensions, `Σ_{i < n-1} 100 (x_{i+1} - x_i²)² + (1 - x_i)²`,
//! written as an index loop over `x: [f64; n]`, for n = 2, 10, 100, 1000. One criterion
//! group per n (`rosenbrock_2`, ...), its methods measured in the same run, one after the
//! other:
//!
//! - `plain`: the function as written (the floor);
//! - `generated`: `rosenbrock_grad` from `#[differentiate]`;
//! - `hand_written`: value and gradient in one fused pass, each term's two partial
//!   derivatives added as it is computed (the physical limit);
//! - `hand_written_sweep`: a forward loop, then a reverse sweep that recomputes each
//!   term from `x` (the notes' style: a backward pass after the forward one);
//! - `num_dual`: forward mode, `num_dual::gradient` with an n-wide dual (`n <= 100`: its
//!   cost is O(n²));
//! - `tape_reverse`: a Wengert list at run time, the `reverse` crate, tape reused and
//!   cleared each call;
//! - `finite_diff`: central differences, 2n evaluations of `plain`.
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones (to 1e-9 relative; 1e-6 for finite differences, whose truncation and
//! rounding errors at `|∂f| ~ 10³` are above 1e-9), so a wrong method cannot be timed by
//! mistake.
//!
//! Every method is called as `f(*black_box(&x))`, so all pay the same for the copy of `x`.
//!
//! Run: `cargo bench --bench rosenbrock`, then `python3 benches/report.py` for tables.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::SVector;
use num_dual::DualSVec64;
use reverse::{Gradient, Tape, Var};

#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, fd_step, TOL};

// The `rosenbrock_functions!` macro (the function and its hand-written gradient) is
// shared with `tools/icount`.
#[macro_use]
#[path = "shared/rosenbrock.rs"]
mod shared;

/// Agreement demanded of central differences with the generated gradient (see [`TOL`]).
const FD_TOL: f64 = 1e-6;

/// A point in `N` dimensions away from the minimum at `(1, ..., 1)`, with every term of
/// the sum of order one to a hundred.
fn point<const N: usize>() -> [f64; N] {
    std::array::from_fn(|i| ((i * 7 % 11) as f64 - 5.0) / 4.0)
}

/// Forward mode: one pass with an N-wide dual number (the `N` derivative components ride
/// along every operation, so the cost is O(N²)).
fn num_dual_grad<const N: usize>(x: [f64; N]) -> (f64, Vec<f64>) {
    let (value, grad) = num_dual::gradient(
        |v: SVector<DualSVec64<N>, N>| {
            let mut total = DualSVec64::<N>::from_re(0.0);
            for i in 0..N - 1 {
                let xi = v[i];
                let a = v[i + 1] - xi * xi;
                let b = -xi + 1.0;
                total += a * a * 100.0 + b * b;
            }
            total
        },
        &SVector::from(x),
    );
    (value, grad.iter().copied().collect())
}

thread_local! {
    /// The tape `tape_grad` records on, cleared and reused across calls.
    static TAPE: Tape = Tape::new();
}

/// Reverse mode on a run-time tape (the `reverse` crate), the thread's [`TAPE`].
fn tape_grad<const N: usize>(x: [f64; N]) -> (f64, Vec<f64>) {
    TAPE.with(|tape| tape_grad_on(tape, x))
}

/// [`tape_grad`] on a given tape. (`reverse` gets `f64 / Var` wrong; there is no division
/// here.)
fn tape_grad_on<const N: usize>(tape: &Tape, x: [f64; N]) -> (f64, Vec<f64>) {
    tape.clear();
    let v: Vec<Var<'_>> = tape.add_vars(&x);
    let mut total: Option<Var<'_>> = None;
    for i in 0..N - 1 {
        let xi = v[i];
        let a = v[i + 1] - xi * xi;
        let b = 1.0 - xi;
        let term = a * a * 100.0 + b * b;
        total = Some(match total {
            Some(t) => t + term,
            None => term,
        });
    }
    let total = total.expect("n >= 2");
    let grad = total.grad();
    (total.val, v.iter().map(|vi| grad.wrt(vi)).collect())
}

/// Defines, in module `$module`, for `n = $n` (`$m = n - 1`; integer literals, so that
/// the loop's bound is a literal for the macro): the function and its hand-written
/// gradient (from `rosenbrock_functions!`), central differences, and the benchmark group
/// (`bench`). `num_dual` is `yes` or `no`: whether that method runs at this size.
macro_rules! rosenbrock_bench {
    ($module:ident, $n:tt, $m:tt, num_dual: $dual:ident) => {
        pub mod $module {
            use super::*;

            rosenbrock_functions!($n, $m);

            /// Central differences: 2n evaluations of the function (and one more for the
            /// value).
            fn finite_diff(x: [f64; $n]) -> (f64, Vec<f64>) {
                let mut g = vec![0.0; $n];
                let mut p = x;
                for (i, gi) in g.iter_mut().enumerate() {
                    let h = fd_step(x[i]);
                    p[i] = x[i] + h;
                    let plus = rosenbrock(p);
                    p[i] = x[i] - h;
                    let minus = rosenbrock(p);
                    p[i] = x[i];
                    *gi = (plus - minus) / (2.0 * h);
                }
                (rosenbrock(x), g)
            }

            /// Checks every method against the generated gradient, then times them all.
            pub fn bench(c: &mut Criterion) {
                let name = concat!("rosenbrock_", stringify!($n));
                let x = point::<$n>();
                let (value, grad) = rosenbrock_grad(x);
                let want = (value, &grad.x[..]);
                assert_agrees(name, "plain", TOL, (rosenbrock(x), want.1), want);
                let (v, g) = hand_written(x);
                assert_agrees(name, "hand_written", TOL, (v, &g), want);
                let (v, g) = hand_written_sweep(x);
                assert_agrees(name, "hand_written_sweep", TOL, (v, &g), want);
                rosenbrock_bench!(@check $dual, name, x, want);
                let (v, g) = tape_grad(x);
                assert_agrees(name, "tape_reverse", TOL, (v, &g), want);
                let (v, g) = finite_diff(x);
                assert_agrees(name, "finite_diff", FD_TOL, (v, &g), want);

                let mut group = c.benchmark_group(name);
                if $n >= 1000 {
                    group.sample_size(20);
                    group.measurement_time(Duration::from_secs(2));
                }
                group.bench_function("plain", |b| b.iter(|| rosenbrock(*black_box(&x))));
                group.bench_function("generated", |b| {
                    b.iter(|| rosenbrock_grad(*black_box(&x)))
                });
                group.bench_function("hand_written", |b| {
                    b.iter(|| hand_written(*black_box(&x)))
                });
                group.bench_function("hand_written_sweep", |b| {
                    b.iter(|| hand_written_sweep(*black_box(&x)))
                });
                rosenbrock_bench!(@bench $dual, group, x);
                group.bench_function("tape_reverse", |b| {
                    b.iter(|| tape_grad(*black_box(&x)))
                });
                group.bench_function("finite_diff", |b| {
                    b.iter(|| finite_diff(*black_box(&x)))
                });
                group.finish();
            }
        }
    };
    (@check no, $($rest:tt)*) => {};
    (@check yes, $name:ident, $x:ident, $want:ident) => {
        let (v, g) = num_dual_grad($x);
        assert_agrees($name, "num_dual", TOL, (v, &g), $want);
    };
    (@bench no, $($rest:tt)*) => {};
    (@bench yes, $group:ident, $x:ident) => {
        $group.bench_function("num_dual", |b| b.iter(|| num_dual_grad(*black_box(&$x))));
    };
}

rosenbrock_bench!(n2, 2, 1, num_dual: yes);
rosenbrock_bench!(n10, 10, 9, num_dual: yes);
rosenbrock_bench!(n100, 100, 99, num_dual: yes);
rosenbrock_bench!(n1000, 1000, 999, num_dual: no);

criterion_group!(benches, n2::bench, n10::bench, n100::bench, n1000::bench);
criterion_main!(benches);
