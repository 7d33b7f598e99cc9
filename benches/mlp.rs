//! A 2-16-2 network's softmax cross-entropy on one sample, built from calls and arrays
//! (`benches/shared/mlp.rs`: a `#[differentiate]`d `neuron` called in a loop over the 16
//! `tanh` hidden units, two logits, `backprop::softmax_cross_entropy`), its 82 weights
//! all differentiated. One criterion group, `mlp`, its methods measured in the same run,
//! one after the other:
//!
//! - `plain`: the loss as written (the floor);
//! - `generated`: `mlp_loss_grad` from `#[differentiate]`;
//! - `inline_generated`: `mlp_loss_inline_grad`, the same loss with the hidden unit
//!   written inline instead of called (what the call costs);
//! - `struct_generated`: `net_loss_grad`, the same network as a parameter struct and
//!   layer functions taking `&Hidden`, `&Logits` and arrays (the gradient in a `Net`);
//! - `hand_written`: the forward pass keeping the hidden activations, then one backward
//!   loop over the hidden layer;
//! - `num_dual`: forward mode, `num_dual::gradient` with an 82-wide dual;
//! - `tape_reverse`: a Wengert list at run time, the `reverse` crate, tape reused and
//!   cleared each call;
//! - `finite_diff`: central differences, 164 evaluations of `plain`.
//!
//! Before anything is timed, every method's value and gradient are checked against the
//! generated ones (to 1e-9 relative; 1e-6 for finite differences), so a wrong method
//! cannot be timed by mistake.
//!
//! Run: `cargo bench --bench mlp`, then `python3 benches/report.py` for a table.

use std::hint::black_box;

use backprop::Differentiable;
use criterion::{criterion_group, criterion_main, Criterion};
use nalgebra::SVector;
use num_dual::{DualNum, DualSVec64};
use reverse::{Gradient, Tape, Var};

// The loss, its callee `neuron` and the hand-written gradient are shared with
// `tools/icount`.
#[path = "shared/mlp.rs"]
mod shared;
use shared::{
    flatten, hand_written, inputs, mlp_loss, mlp_loss_grad, mlp_loss_inline, mlp_loss_inline_grad,
    net_loss, net_loss_grad, Hidden, Logits, Net, HIDDEN, PARAMS,
};

/// Agreement demanded of every exact method with the generated gradient, relative to
/// `max(1, |generated|)`.
const TOL: f64 = 1e-9;
/// The same for central differences.
const FD_TOL: f64 = 1e-6;

/// Offsets of `b1`, `w2` and `b2` in the flat parameter vector of [`flatten`].
const B1: usize = 2 * HIDDEN;
const W2: usize = B1 + HIDDEN;
const B2: usize = W2 + 2 * HIDDEN;

/// The network's weights, as `mlp_loss` takes them.
type Weights = ([[f64; 2]; 16], [f64; 16], [[f64; 16]; 2], [f64; 2]);

/// The weights from a flat vector in [`flatten`]'s order.
fn unflatten(p: &[f64]) -> Weights {
    (
        std::array::from_fn(|j| [p[2 * j], p[2 * j + 1]]),
        std::array::from_fn(|j| p[B1 + j]),
        std::array::from_fn(|k| std::array::from_fn(|j| p[W2 + HIDDEN * k + j])),
        [p[B2], p[B2 + 1]],
    )
}

/// Panics unless `got` agrees with `want` (the generated value and gradient) to `tol`.
fn assert_agrees(method: &str, tol: f64, got: (f64, &[f64]), want: (f64, &[f64])) {
    assert_eq!(got.1.len(), want.1.len(), "mlp/{method}: gradient length");
    let close = |a: f64, b: f64| (a - b).abs() <= tol * b.abs().max(1.0);
    assert!(
        close(got.0, want.0),
        "mlp/{method}: value {} but generated gives {}",
        got.0,
        want.0
    );
    for (i, (&g, &w)) in got.1.iter().zip(want.1).enumerate() {
        assert!(
            close(g, w),
            "mlp/{method}: d/d(weight {i}) = {g:e} but generated gives {w:e} (diff {:e})",
            (g - w).abs()
        );
    }
}

/// Central-difference step for an input of size `x`: `cbrt(ε)·max(1, |x|)`, which balances
/// the `O(h²)` truncation error against the `O(ε/h)` rounding error.
fn fd_step(x: f64) -> f64 {
    f64::EPSILON.cbrt() * x.abs().max(1.0)
}

/// Forward mode: one pass with an 82-wide dual number.
fn num_dual_grad(p: &[f64; PARAMS], x: [f64; 2], label: usize) -> (f64, Vec<f64>) {
    let (value, grad) = num_dual::gradient(
        |v: SVector<DualSVec64<PARAMS>, PARAMS>| {
            let mut o = [v[B2], v[B2 + 1]];
            for j in 0..HIDDEN {
                let h = (v[2 * j] * x[0] + v[2 * j + 1] * x[1] + v[B1 + j]).tanh();
                o[0] += v[W2 + j] * h;
                o[1] += v[W2 + HIDDEN + j] * h;
            }
            // logsumexp(o) - o[label], shifted by the larger logit as backprop's is
            let top = if o[0].re >= o[1].re { o[0] } else { o[1] };
            let lse = top + ((o[0] - top).exp() + (o[1] - top).exp()).ln();
            lse - o[label]
        },
        &SVector::from(*p),
    );
    (value, grad.iter().copied().collect())
}

/// Reverse mode on a run-time tape (the `reverse` crate); `tape` is cleared and reused.
fn tape_grad(tape: &Tape, p: &[f64; PARAMS], x: [f64; 2], label: usize) -> (f64, Vec<f64>) {
    tape.clear();
    let v: Vec<Var<'_>> = tape.add_vars(p);
    let mut o = [v[B2], v[B2 + 1]];
    for j in 0..HIDDEN {
        let h = (v[2 * j] * x[0] + v[2 * j + 1] * x[1] + v[B1 + j]).tanh();
        o[0] = o[0] + v[W2 + j] * h;
        o[1] = o[1] + v[W2 + HIDDEN + j] * h;
    }
    let top = if o[0].val >= o[1].val { o[0] } else { o[1] };
    let lse = top + ((o[0] - top).exp() + (o[1] - top).exp()).ln();
    let out = lse - o[label];
    let grad = out.grad();
    (out.val, v.iter().map(|vi| grad.wrt(vi)).collect())
}

/// Central differences: 164 evaluations of the loss (and one more for the value).
fn finite_diff(p: &[f64; PARAMS], x: [f64; 2], label: usize) -> (f64, Vec<f64>) {
    let at = |q: &[f64; PARAMS]| {
        let (w1, b1, w2, b2) = unflatten(q);
        mlp_loss(w1, b1, w2, b2, x, label)
    };
    let mut g = vec![0.0; PARAMS];
    let mut q = *p;
    for (i, gi) in g.iter_mut().enumerate() {
        let h = fd_step(p[i]);
        q[i] = p[i] + h;
        let plus = at(&q);
        q[i] = p[i] - h;
        let minus = at(&q);
        q[i] = p[i];
        *gi = (plus - minus) / (2.0 * h);
    }
    (at(p), g)
}

/// Checks every method against the generated gradient, then times them all.
fn bench_mlp(c: &mut Criterion) {
    let (w1, b1, w2, b2, x, label) = inputs();
    let p: [f64; PARAMS] = flatten(w1, b1, w2, b2).try_into().expect("PARAMS weights");
    let (value, grad) = mlp_loss_grad(w1, b1, w2, b2, x, label);
    let grad = flatten(grad.w1, grad.b1, grad.w2, grad.b2);
    let want = (value, &grad[..]);
    let (v, g) = hand_written(w1, b1, w2, b2, x, label);
    assert_agrees(
        "hand_written",
        TOL,
        (v, &flatten(g.w1, g.b1, g.w2, g.b2)),
        want,
    );
    let (v, g) = mlp_loss_inline_grad(w1, b1, w2, b2, x, label);
    assert_agrees(
        "inline_generated",
        TOL,
        (v, &flatten(g.w1, g.b1, g.w2, g.b2)),
        want,
    );
    let net = Net {
        hidden: Hidden { w: w1, b: b1 },
        logits: Logits { w: w2, b: b2 },
    };
    let mut d_net = net.zeros_like();
    let (v, _) = net_loss_grad(&net, &x, label, &mut d_net);
    let mut g = vec![0.0; PARAMS];
    d_net.copy_to(&mut g);
    assert_agrees("struct_generated", TOL, (v, &g), want);
    let plain = net_loss(&net, &x, label);
    assert_agrees("struct_plain", TOL, (plain, want.1), want);
    let plain = mlp_loss(w1, b1, w2, b2, x, label);
    assert_agrees("plain", TOL, (plain, want.1), want);
    let plain = mlp_loss_inline(w1, b1, w2, b2, x, label);
    assert_agrees("inline_plain", TOL, (plain, want.1), want);
    let tape = Tape::new();
    for (method, tol, (v, g)) in [
        ("num_dual", TOL, num_dual_grad(&p, x, label)),
        ("tape_reverse", TOL, tape_grad(&tape, &p, x, label)),
        ("finite_diff", FD_TOL, finite_diff(&p, x, label)),
    ] {
        assert_agrees(method, tol, (v, &g), want);
    }

    let weights = (w1, b1, w2, b2);
    let mut group = c.benchmark_group("mlp");
    group.bench_function("plain", |b| {
        b.iter(|| {
            let (w1, b1, w2, b2) = *black_box(&weights);
            mlp_loss(w1, b1, w2, b2, black_box(x), black_box(label))
        })
    });
    group.bench_function("generated", |b| {
        b.iter(|| {
            let (w1, b1, w2, b2) = *black_box(&weights);
            mlp_loss_grad(w1, b1, w2, b2, black_box(x), black_box(label))
        })
    });
    group.bench_function("inline_generated", |b| {
        b.iter(|| {
            let (w1, b1, w2, b2) = *black_box(&weights);
            mlp_loss_inline_grad(w1, b1, w2, b2, black_box(x), black_box(label))
        })
    });
    group.bench_function("struct_generated", |b| {
        b.iter(|| {
            let net = black_box(&net);
            let mut d_net = net.zeros_like();
            let (value, _) = net_loss_grad(net, &black_box(x), black_box(label), &mut d_net);
            (value, d_net)
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            let (w1, b1, w2, b2) = *black_box(&weights);
            hand_written(w1, b1, w2, b2, black_box(x), black_box(label))
        })
    });
    group.bench_function("num_dual", |b| {
        b.iter(|| num_dual_grad(black_box(&p), black_box(x), black_box(label)))
    });
    group.bench_function("tape_reverse", |b| {
        b.iter(|| tape_grad(&tape, black_box(&p), black_box(x), black_box(label)))
    });
    group.bench_function("finite_diff", |b| {
        b.iter(|| finite_diff(black_box(&p), black_box(x), black_box(label)))
    });
    group.finish();
}

criterion_group!(benches, bench_mlp);
criterion_main!(benches);
