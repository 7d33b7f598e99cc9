//! What a gradient from `#[differentiate]` costs, next to the other ways of getting one.
//!
//! Two functions, each in one criterion group so that its methods are measured in the
//! same run, one after the other:
//!
//! - `notes_f`: the notes' staged example `f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)`;
//! - `mlp16`: a 3-3-1 network on one fixed sample (sigmoid, tanh and softplus hidden
//!   units, squared error), its 16 weights and biases all differentiated, written out
//!   as straight-line scalar code.
//!
//! Methods (criterion benchmark ids):
//!
//! - `plain`: the function's value only, as written (the floor);
//! - `generated`: `*_grad` from `#[differentiate]`;
//! - `hand_written`: a staged forward and backward pass written by hand, the notes'
//!   lines for `notes_f`, the same style for `mlp16`;
//! - `num_dual`: forward mode, `num_dual::gradient` (one pass with an N-wide dual);
//! - `tape_reverse`: a Wengert list at run time, the `reverse` crate (tape reused
//!   across calls, cleared each time);
//! - `finite_diff`: central differences, two evaluations of the plain function per input.
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones (to 1e-9), so a wrong method cannot be timed by mistake.
//!
//! Run: `cargo bench --bench circuit`, then `python3 benches/report.py` for a table.

// `mlp16` has 16 parameters, as have its generated `_forward` and `_grad`.
#![allow(clippy::too_many_arguments)]

use std::hint::black_box;

use backprop::{differentiate, sigmoid, softplus};
use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::SVector;
use num_dual::{DualNum, DualSVec64};
use reverse::{Gradient, Tape, Var};

/// The numerically stable sigmoid, as `backprop::sigmoid` computes it, for num-dual's numbers.
fn dual_sigmoid<const N: usize>(z: DualSVec64<N>) -> DualSVec64<N> {
    if z.re >= 0.0 {
        ((-z).exp() + 1.0).recip()
    } else {
        let e = z.exp();
        e / (e + 1.0)
    }
}

/// The numerically stable sigmoid, as `backprop::sigmoid` computes it, on a `reverse` tape.
/// `reverse` gets `f64 / Var` wrong (its local gradient is `-1/v` rather than `-c/v²`),
/// so only `Var / Var`, `Var * f64` and `recip` are used here and below.
fn tape_sigmoid(z: Var<'_>) -> Var<'_> {
    if z.val >= 0.0 {
        ((-z).exp() + 1.0).recip()
    } else {
        let e = z.exp();
        e / (e + 1.0)
    }
}

// ---------------------------------------------------------------------------------------
// notes_f: f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)
// ---------------------------------------------------------------------------------------

// `f` (differentiated) and `f_hand_written`, the notes' own backward pass, are shared
// with `tools/icount`.
#[path = "shared/notes.rs"]
mod notes;
use notes::{f, f_grad, f_hand_written};

#[path = "shared/agree.rs"]
mod agree;
use agree::{assert_agrees, fd_step, TOL};

/// Forward mode: one pass with a 2-wide dual number.
fn f_num_dual(x: f64, y: f64) -> (f64, [f64; 2]) {
    let (value, grad) = num_dual::gradient(
        |v: SVector<DualSVec64<2>, 2>| {
            let (x, y) = (v[0], v[1]);
            let xpy = x + y;
            (x + dual_sigmoid(y)) / (dual_sigmoid(x) + xpy * xpy)
        },
        &SVector::from([x, y]),
    );
    (value, [grad[0], grad[1]])
}

/// Reverse mode on a run-time tape (the `reverse` crate); `tape` is cleared and reused.
fn f_tape(tape: &Tape, x: f64, y: f64) -> (f64, [f64; 2]) {
    tape.clear();
    let (xv, yv) = (tape.add_var(x), tape.add_var(y));
    let num = xv + tape_sigmoid(yv);
    let den = tape_sigmoid(xv) + (xv + yv).powi(2);
    let out = num * den.recip();
    let grad = out.grad();
    (out.val, [grad.wrt(&xv), grad.wrt(&yv)])
}

/// Central differences: four evaluations of `f` (and one more for the value).
fn f_finite_diff(x: f64, y: f64) -> (f64, [f64; 2]) {
    let (hx, hy) = (fd_step(x), fd_step(y));
    let dx = (f(x + hx, y) - f(x - hx, y)) / (2.0 * hx);
    let dy = (f(x, y + hy) - f(x, y - hy)) / (2.0 * hy);
    (f(x, y), [dx, dy])
}

fn bench_notes_f(c: &mut Criterion) {
    // The notes' point: f = 1.5456448841066441, dx = 2.0595697955721652, dy = 1.5922327514838093.
    let (x, y) = (3.0, -4.0);
    let (value, grad) = f_grad(x, y);
    let want = (value, &[grad.x, grad.y][..]);
    assert!((value - 1.5456448841066441).abs() < 1e-15);
    assert!((grad.x - 2.0595697955721652).abs() < 1e-14);
    assert!((grad.y - 1.5922327514838093).abs() < 1e-14);
    assert_agrees("notes_f", "plain", TOL, (f(x, y), want.1), want);
    let tape = Tape::new();
    for (method, (v, g)) in [
        ("hand_written", f_hand_written(x, y)),
        ("num_dual", f_num_dual(x, y)),
        ("tape_reverse", f_tape(&tape, x, y)),
        ("finite_diff", f_finite_diff(x, y)),
    ] {
        assert_agrees("notes_f", method, TOL, (v, &g), want);
    }

    let mut group = c.benchmark_group("notes_f");
    group.bench_function("plain", |b| b.iter(|| f(black_box(x), black_box(y))));
    group.bench_function("generated", |b| {
        b.iter(|| f_grad(black_box(x), black_box(y)))
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| f_hand_written(black_box(x), black_box(y)))
    });
    group.bench_function("num_dual", |b| {
        b.iter(|| f_num_dual(black_box(x), black_box(y)))
    });
    group.bench_function("tape_reverse", |b| {
        b.iter(|| f_tape(&tape, black_box(x), black_box(y)))
    });
    group.bench_function("finite_diff", |b| {
        b.iter(|| f_finite_diff(black_box(x), black_box(y)))
    });
    group.finish();
}

// ---------------------------------------------------------------------------------------
// mlp16: a 3-3-1 network on one sample, 16 parameters
// ---------------------------------------------------------------------------------------

/// The sample the network is evaluated on, and its target.
const X0: f64 = 0.5;
const X1: f64 = -1.5;
const X2: f64 = 2.0;
const TARGET: f64 = 0.25;

/// Squared error of a 3-3-1 network on (`X0`, `X1`, `X2`) -> `TARGET`: hidden units
/// `σ`, `tanh` and `softplus`, a linear output; all 16 weights and biases differentiated.
#[differentiate]
pub fn mlp(
    w00: f64,
    w01: f64,
    w02: f64,
    w10: f64,
    w11: f64,
    w12: f64,
    w20: f64,
    w21: f64,
    w22: f64,
    b0: f64,
    b1: f64,
    b2: f64,
    v0: f64,
    v1: f64,
    v2: f64,
    c: f64,
) -> f64 {
    let z0 = w00 * X0 + w01 * X1 + w02 * X2 + b0;
    let z1 = w10 * X0 + w11 * X1 + w12 * X2 + b1;
    let z2 = w20 * X0 + w21 * X1 + w22 * X2 + b2;
    let h0 = sigmoid(z0);
    let h1 = z1.tanh();
    let h2 = softplus(z2);
    let o = v0 * h0 + v1 * h1 + v2 * h2 + c;
    let e = o - TARGET;
    0.5 * e * e
}

/// The 16 parameters, in `mlp`'s order.
type P16 = [f64; 16];

fn mlp_plain(p: &P16) -> f64 {
    let [w00, w01, w02, w10, w11, w12, w20, w21, w22, b0, b1, b2, v0, v1, v2, c] = *p;
    mlp(
        w00, w01, w02, w10, w11, w12, w20, w21, w22, b0, b1, b2, v0, v1, v2, c,
    )
}

fn mlp_generated(p: &P16) -> (f64, MlpGrad) {
    let [w00, w01, w02, w10, w11, w12, w20, w21, w22, b0, b1, b2, v0, v1, v2, c] = *p;
    mlp_grad(
        w00, w01, w02, w10, w11, w12, w20, w21, w22, b0, b1, b2, v0, v1, v2, c,
    )
}

fn mlp_grad_array(g: &MlpGrad) -> P16 {
    [
        g.w00, g.w01, g.w02, g.w10, g.w11, g.w12, g.w20, g.w21, g.w22, g.b0, g.b1, g.b2, g.v0,
        g.v1, g.v2, g.c,
    ]
}

/// A staged forward and backward pass written by hand, in the notes' style.
fn mlp_hand_written(p: &P16) -> (f64, P16) {
    let [w00, w01, w02, w10, w11, w12, w20, w21, w22, b0, b1, b2, v0, v1, v2, c] = *p;
    // forward pass
    let z0 = w00 * X0 + w01 * X1 + w02 * X2 + b0;
    let z1 = w10 * X0 + w11 * X1 + w12 * X2 + b1;
    let z2 = w20 * X0 + w21 * X1 + w22 * X2 + b2;
    let h0 = sigmoid(z0);
    let h1 = z1.tanh();
    let h2 = softplus(z2);
    let o = v0 * h0 + v1 * h1 + v2 * h2 + c;
    let e = o - TARGET;
    let out = 0.5 * e * e;
    // backward pass
    let de = e;
    let d_o = de;
    let (dv0, dv1, dv2, dc) = (h0 * d_o, h1 * d_o, h2 * d_o, d_o);
    let (dh0, dh1, dh2) = (v0 * d_o, v1 * d_o, v2 * d_o);
    let dz0 = (1.0 - h0) * h0 * dh0;
    let dz1 = (1.0 - h1 * h1) * dh1;
    let dz2 = sigmoid(z2) * dh2; // softplus' = σ
    let grad = [
        X0 * dz0,
        X1 * dz0,
        X2 * dz0,
        X0 * dz1,
        X1 * dz1,
        X2 * dz1,
        X0 * dz2,
        X1 * dz2,
        X2 * dz2,
        dz0,
        dz1,
        dz2,
        dv0,
        dv1,
        dv2,
        dc,
    ];
    (out, grad)
}

/// Forward mode: one pass with a 16-wide dual number.
fn mlp_num_dual(p: &P16) -> (f64, P16) {
    let (value, grad) = num_dual::gradient(
        |v: SVector<DualSVec64<16>, 16>| {
            let z0 = v[0] * X0 + v[1] * X1 + v[2] * X2 + v[9];
            let z1 = v[3] * X0 + v[4] * X1 + v[5] * X2 + v[10];
            let z2 = v[6] * X0 + v[7] * X1 + v[8] * X2 + v[11];
            let h0 = dual_sigmoid(z0);
            let h1 = z1.tanh();
            // softplus(z) = max(z, 0) + ln(1 + e^-|z|), as backprop::softplus
            let h2 = if z2.re >= 0.0 {
                z2 + (-z2).exp().ln_1p()
            } else {
                z2.exp().ln_1p()
            };
            let o = v[12] * h0 + v[13] * h1 + v[14] * h2 + v[15];
            let e = o - TARGET;
            e * e * 0.5
        },
        &SVector::from(*p),
    );
    (value, grad.into())
}

/// Reverse mode on a run-time tape (the `reverse` crate); `tape` is cleared and reused.
fn mlp_tape(tape: &Tape, p: &P16) -> (f64, P16) {
    tape.clear();
    let v: Vec<Var<'_>> = tape.add_vars(p);
    let z0 = v[0] * X0 + v[1] * X1 + v[2] * X2 + v[9];
    let z1 = v[3] * X0 + v[4] * X1 + v[5] * X2 + v[10];
    let z2 = v[6] * X0 + v[7] * X1 + v[8] * X2 + v[11];
    let h0 = tape_sigmoid(z0);
    let h1 = z1.tanh();
    let h2 = if z2.val >= 0.0 {
        z2 + (-z2).exp().ln_1p()
    } else {
        z2.exp().ln_1p()
    };
    let o = v[12] * h0 + v[13] * h1 + v[14] * h2 + v[15];
    let e = o - TARGET;
    let out = e * e * 0.5;
    let grad = out.grad();
    let mut g = [0.0; 16];
    for (gi, vi) in g.iter_mut().zip(&v) {
        *gi = grad.wrt(vi);
    }
    (out.val, g)
}

/// Central differences: 32 evaluations of `mlp` (and one more for the value).
fn mlp_finite_diff(p: &P16) -> (f64, P16) {
    let mut g = [0.0; 16];
    for (i, gi) in g.iter_mut().enumerate() {
        let h = fd_step(p[i]);
        let (mut plus, mut minus) = (*p, *p);
        plus[i] += h;
        minus[i] -= h;
        *gi = (mlp_plain(&plus) - mlp_plain(&minus)) / (2.0 * h);
    }
    (mlp_plain(p), g)
}

fn bench_mlp16(c: &mut Criterion) {
    let p: P16 = [
        0.2, -0.4, 0.7, // w0.
        -0.3, 0.5, 0.1, // w1.
        0.6, 0.3, -0.2, // w2.
        0.1, -0.2, 0.05, // b
        0.8, -1.1, 0.4,  // v
        -0.3, // c
    ];
    let (value, grad) = mlp_generated(&p);
    let grad = mlp_grad_array(&grad);
    let want = (value, &grad[..]);
    assert_agrees("mlp16", "plain", TOL, (mlp_plain(&p), &grad[..]), want);
    let tape = Tape::new();
    for (method, (v, g)) in [
        ("hand_written", mlp_hand_written(&p)),
        ("num_dual", mlp_num_dual(&p)),
        ("tape_reverse", mlp_tape(&tape, &p)),
        ("finite_diff", mlp_finite_diff(&p)),
    ] {
        assert_agrees("mlp16", method, TOL, (v, &g), want);
    }

    let mut group = c.benchmark_group("mlp16");
    group.bench_function("plain", |b| b.iter(|| mlp_plain(black_box(&p))));
    group.bench_function("generated", |b| b.iter(|| mlp_generated(black_box(&p))));
    group.bench_function("hand_written", |b| {
        b.iter(|| mlp_hand_written(black_box(&p)))
    });
    group.bench_function("num_dual", |b| b.iter(|| mlp_num_dual(black_box(&p))));
    group.bench_function("tape_reverse", |b| {
        b.iter(|| mlp_tape(&tape, black_box(&p)))
    });
    group.bench_function("finite_diff", |b| b.iter(|| mlp_finite_diff(black_box(&p))));
    group.finish();
}

criterion_group!(benches, bench_notes_f, bench_mlp16);
criterion_main!(benches);
