//! Calls between `#[differentiate]` functions: chains, a helper called twice with its
//! arguments swapped, a helper inside a loop and a branch, results feeding calls.
use backprop::{differentiate, sigmoid};

mod common;
use common::{check, cst, dsigmoid};
use num_dual::{Dual64, DualNum};

/// num-dual twins of the functions below, for the independent check.
mod twin {
    use super::*;

    pub fn dense(w: Dual64, x: Dual64, b: Dual64) -> Dual64 {
        (w * x + b).tanh()
    }

    pub fn act(z: Dual64) -> Dual64 {
        z * dsigmoid(z)
    }

    pub fn model(w1: Dual64, w2: Dual64, x: Dual64) -> Dual64 {
        let h = dense(w1, x, cst(0.1));
        dense(w2, act(h), cst(-0.2))
    }

    pub fn loss(p: &[Dual64]) -> Dual64 {
        let a = model(p[0], p[1], cst(0.7));
        let b = model(p[1], p[0], cst(-0.3));
        (a - 0.5).powi(2) + (b + 0.25).powi(2)
    }

    pub fn swap(p: &[Dual64]) -> Dual64 {
        dense(p[0], p[1], cst(0.0)) - dense(p[1], p[0], cst(0.0))
    }

    pub fn recurrent(p: &[Dual64], n: usize) -> Dual64 {
        let mut h = p[1];
        for i in 0..n {
            h = dense(p[0], h, cst(0.05 * i as f64));
            if h.re > 0.0 {
                h = act(h) + dsigmoid(p[0]);
            }
        }
        h
    }

    pub fn uses_partial(p: &[Dual64]) -> Dual64 {
        p[0].exp() * 3.0 + (p[0] * p[0]).exp() * 0.5
    }
}

mod layers {
    use backprop::differentiate;

    /// `dense(w, x, b) = tanh(w x + b)`
    #[differentiate]
    pub fn dense(w: f64, x: f64, b: f64) -> f64 {
        (w * x + b).tanh()
    }

    /// `act(z) = z σ(z)` (SiLU)
    #[differentiate]
    pub fn act(z: f64) -> f64 {
        z * backprop::sigmoid(z)
    }
}

/// Depth 3: `loss -> model -> layers::dense, layers::act`.
#[differentiate]
fn model(w1: f64, w2: f64, x: f64) -> f64 {
    let h = layers::dense(w1, x, 0.1);
    let a = layers::act(h);
    layers::dense(w2, a, -0.2)
}

#[differentiate]
fn loss(w1: f64, w2: f64) -> f64 {
    let p = model(w1, w2, 0.7);
    let q = model(w2, w1, -0.3);
    (p - 0.5).powi(2) + (q + 0.25).powi(2)
}

/// A helper with two arguments called with them swapped.
#[differentiate]
fn swap(a: f64, b: f64) -> f64 {
    layers::dense(a, b, 0.0) - layers::dense(b, a, 0.0)
}

/// A helper in a loop and in a branch, its result feeding the next call.
#[differentiate]
fn recurrent(w: f64, x0: f64, n: usize) -> f64 {
    let mut h = x0;
    for i in 0..n {
        h = layers::dense(w, h, 0.05 * i as f64);
        if h > 0.0 {
            h = layers::act(h) + sigmoid(w);
        }
    }
    h
}

/// The callee differentiates only `x`; constants may be passed anywhere else.
#[differentiate(wrt(x))]
fn scaled(x: f64, k: f64) -> f64 {
    k * x.exp()
}

#[differentiate]
fn uses_partial(x: f64) -> f64 {
    scaled(x, 3.0) + scaled(x * x, 0.5)
}

#[test]
fn chains_of_calls() {
    for (w1, w2) in [(0.4, -0.9), (1.3, 0.2), (-0.7, 0.8)] {
        let (v, g) = loss_grad(w1, w2);
        assert_eq!(v, loss(w1, w2));
        check(
            "loss",
            &[w1, w2],
            v,
            &[g.w1, g.w2],
            |p| loss(p[0], p[1]),
            twin::loss,
        );
        let (v, g) = swap_grad(w1, w2);
        assert_eq!(v, swap(w1, w2));
        check(
            "swap",
            &[w1, w2],
            v,
            &[g.a, g.b],
            |p| swap(p[0], p[1]),
            twin::swap,
        );
    }
}

#[test]
fn calls_in_loops_and_branches() {
    for (w, x0) in [(0.9, 0.3), (-1.1, 0.8), (0.5, -0.6)] {
        for n in [0, 1, 4] {
            let (v, g) = recurrent_grad(w, x0, n);
            assert_eq!(v, recurrent(w, x0, n));
            let f = |p: &[f64]| recurrent(p[0], p[1], n);
            check("recurrent", &[w, x0], v, &[g.w, g.x0], f, |p| {
                twin::recurrent(p, n)
            });
        }
    }
}

#[test]
fn partial_callee() {
    let (v, g) = uses_partial_grad(0.4);
    assert_eq!(v, uses_partial(0.4));
    check(
        "partial",
        &[0.4],
        v,
        &[g.x],
        |p| uses_partial(p[0]),
        twin::uses_partial,
    );
    assert_eq!(SCALED_WRT, [true, false]);
    let (_, cache) = scaled_forward(0.4, 3.0);
    let (d_x, ()) = scaled_pullback(&cache, 2.0);
    assert!((d_x - 6.0 * 0.4f64.exp()).abs() < 1e-12);
}
