//! How the cost of a gradient from `#[differentiate]` grows with the number of inputs.
//!
//! The logistic loss of a linear model on one sample with label `y = 1`,
//! `loss(w, x) = softplus(-y · w·x)`, differentiated with respect to the weights
//! `w: [f64; N]` (the sample `x: [f64; N]` is a constant), for N = 10, 100, 1000, 10000.
//! One criterion group per N (`logistic_10`, ...), its methods measured in the same run,
//! one after the other:
//!
//! - `plain`: the loss as written, with the `dot` gate (the floor);
//! - `generated`: `*_grad` from `#[differentiate(wrt(w))]`;
//! - `hand_written`: `z = Σ w_i x_i; s = σ(-y z); d_w_i = -y s x_i`, the physical limit
//!   (one pass over `w` and `x`, one pass writing the gradient);
//! - `loop_generated`: `*_grad` of a second version that sums `w[i] * x[i]` in an index
//!   loop instead of calling `dot`;
//! - `num_dual`: forward mode, `num_dual::gradient` with an N-wide dual (`N <= 100`:
//!   its cost is O(N²));
//! - `tape_reverse`: a Wengert list at run time, the `reverse` crate, tape reused and
//!   cleared each call (`N <= 1000`);
//! - `finite_diff`: central differences, 2N evaluations of `plain` (`N <= 1000`).
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones (to 1e-9 relative), so a wrong method cannot be timed by mistake.
//!
//! The functions take their arrays by value, as `#[differentiate]` requires; every method
//! is called as `f(*black_box(&w), *black_box(&x))`, so all pay the same for the copies.
//!
//! Run: `cargo bench --bench logistic`, then `python3 benches/report.py` for tables.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::SVector;
use num_dual::{DualNum, DualSVec64};
use reverse::{Gradient, Tape, Var};

// `Y`, `inputs` and the `logistic_functions!` macro (the losses and the hand-written
// gradient) are shared with `tools/icount`.
#[macro_use]
#[path = "shared/logistic.rs"]
mod shared;
use shared::{inputs, Y};

#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, fd_step, TOL};

/// `softplus` as `backprop::softplus` computes it (`max(t, 0) + ln(1 + e^-|t|)`), for
/// num-dual's numbers.
fn dual_softplus<const N: usize>(t: DualSVec64<N>) -> DualSVec64<N> {
    if t.re >= 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// `softplus` as `backprop::softplus` computes it, on a `reverse` tape. (`reverse` gets
/// `f64 / Var` wrong, so no division by a `Var` appears here or below.)
fn tape_softplus(t: Var<'_>) -> Var<'_> {
    if t.val >= 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// Defines, in module `$module`, for one size `$n` (an integer literal, so that the loop's
/// bound is a literal for the macro): the loss with the `dot` gate (`loss`) and with an
/// index loop (`looped`), both `#[differentiate(wrt(w))]`, the hand-written gradient
/// (these three from `logistic_functions!`), central differences, and the benchmark
/// group (`bench`). `num_dual` and `tape` are
/// `yes` or `no`: whether those methods run at this size.
macro_rules! logistic {
    ($module:ident, $n:tt, num_dual: $dual:ident, tape: $tape:ident) => {
        pub mod $module {
            use super::*;

            logistic_functions!($n);

            /// Central differences: 2N evaluations of the loss (and one more for the value).
            #[allow(dead_code)] // not timed at the largest size
            fn finite_diff(w: [f64; $n], x: [f64; $n]) -> (f64, Vec<f64>) {
                let mut g = vec![0.0; $n];
                let mut p = w;
                for (i, gi) in g.iter_mut().enumerate() {
                    let h = fd_step(w[i]);
                    p[i] = w[i] + h;
                    let plus = loss(p, x);
                    p[i] = w[i] - h;
                    let minus = loss(p, x);
                    p[i] = w[i];
                    *gi = (plus - minus) / (2.0 * h);
                }
                (loss(w, x), g)
            }

            pub fn bench(c: &mut Criterion) {
                let name = concat!("logistic_", stringify!($n));
                let (w, x) = inputs::<$n>();
                let (value, grad) = loss_grad(w, x);
                let want = (value, &grad.w[..]);
                assert_agrees(name, "plain", TOL, (loss(w, x), want.1), want);
                assert_agrees(name, "loop_plain", TOL, (looped(w, x), want.1), want);
                let (v, g) = hand_written(w, x);
                assert_agrees(name, "hand_written", TOL, (v, &g), want);
                let (v, g) = looped_grad(w, x);
                assert_agrees(name, "loop_generated", TOL, (v, &g.w), want);
                logistic!(@check $dual, num_dual, num_dual_grad, name, w, x, want);
                logistic!(@check $tape, tape_reverse, tape_grad, name, w, x, want);
                let with_finite_diff = $n <= 1000;
                if with_finite_diff {
                    let (v, g) = finite_diff(w, x);
                    assert_agrees(name, "finite_diff", TOL, (v, &g), want);
                }

                let mut group = c.benchmark_group(name);
                if $n >= 1000 {
                    group.sample_size(20);
                    group.measurement_time(Duration::from_secs(2));
                }
                group.bench_function("plain", |b| {
                    b.iter(|| loss(*black_box(&w), *black_box(&x)))
                });
                group.bench_function("generated", |b| {
                    b.iter(|| loss_grad(*black_box(&w), *black_box(&x)))
                });
                group.bench_function("hand_written", |b| {
                    b.iter(|| hand_written(*black_box(&w), *black_box(&x)))
                });
                group.bench_function("loop_generated", |b| {
                    b.iter(|| looped_grad(*black_box(&w), *black_box(&x)))
                });
                logistic!(@bench $dual, num_dual, num_dual_grad, group, w, x);
                logistic!(@bench $tape, tape_reverse, tape_grad, group, w, x);
                if with_finite_diff {
                    group.bench_function("finite_diff", |b| {
                        b.iter(|| finite_diff(*black_box(&w), *black_box(&x)))
                    });
                }
                group.finish();
            }
        }
    };
    (@check no, $($rest:tt)*) => {};
    (@check yes, $method:ident, $f:ident, $name:ident, $w:ident, $x:ident, $want:ident) => {
        let (v, g) = $f($w, $x);
        assert_agrees($name, stringify!($method), TOL, (v, &g), $want);
    };
    (@bench no, $($rest:tt)*) => {};
    (@bench yes, $method:ident, $f:ident, $group:ident, $w:ident, $x:ident) => {
        $group.bench_function(stringify!($method), |b| {
            b.iter(|| $f(*black_box(&$w), *black_box(&$x)))
        });
    };
}

/// Forward mode: one pass with an N-wide dual number (the `N` derivative components ride
/// along every operation, so the cost is O(N²)).
fn num_dual_grad<const N: usize>(w: [f64; N], x: [f64; N]) -> (f64, Vec<f64>) {
    let (value, grad) = num_dual::gradient(
        |v: SVector<DualSVec64<N>, N>| {
            let mut z = DualSVec64::<N>::from_re(0.0);
            for i in 0..N {
                z += v[i] * x[i];
            }
            dual_softplus(-z * Y)
        },
        &SVector::from(w),
    );
    (value, grad.iter().copied().collect())
}

thread_local! {
    /// The tape `tape_grad` records on, cleared and reused across calls.
    static TAPE: Tape = Tape::new();
}

/// Reverse mode on a run-time tape (the `reverse` crate), the thread's [`TAPE`].
fn tape_grad<const N: usize>(w: [f64; N], x: [f64; N]) -> (f64, Vec<f64>) {
    TAPE.with(|tape| tape_grad_on(tape, w, x))
}

fn tape_grad_on<const N: usize>(tape: &Tape, w: [f64; N], x: [f64; N]) -> (f64, Vec<f64>) {
    tape.clear();
    let v: Vec<Var<'_>> = tape.add_vars(&w);
    let mut z = v[0] * x[0];
    for i in 1..N {
        z = z + v[i] * x[i];
    }
    let out = tape_softplus(-z * Y);
    let grad = out.grad();
    (out.val, v.iter().map(|vi| grad.wrt(vi)).collect())
}

logistic!(n10, 10, num_dual: yes, tape: yes);
logistic!(n100, 100, num_dual: yes, tape: yes);
logistic!(n1000, 1000, num_dual: no, tape: yes);
logistic!(n10000, 10000, num_dual: no, tape: no);

criterion_group!(
    benches,
    n10::bench,
    n100::bench,
    n1000::bench,
    n10000::bench
);
criterion_main!(benches);
