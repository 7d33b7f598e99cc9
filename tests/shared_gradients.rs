//! Gradient checks of functions where local gradients reuse forward stages or share a
//! subexpression (`cse.rs`): straight-line code, loops and branches, each checked at
//! several points against central finite differences and num-dual (`common/mod.rs`).
//! The expansions are in `backprop-macros/tests/expand/shared_gradients.expanded.rs`.

mod common;

use backprop::{differentiate, sigmoid, softplus};
use common::{check, cst, dsigmoid, dsoftplus};
use num_dual::{Dual64, DualNum};

const P2: [[f64; 2]; 4] = [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4], [0.9, 1.6]];
const P3: [[f64; 3]; 3] = [[0.3, -0.6, 1.2], [1.1, 0.4, -0.7], [-2.0, 0.8, 0.5]];

/// `sin(x) cos(x)`: sine's local gradient is the stage `c`, cosine's is `-s`.
#[differentiate]
fn sin_cos(x: f64) -> f64 {
    let s = x.sin();
    let c = x.cos();
    s * c
}

/// `(x / y) x`: both partials of the division share `1 / y`.
#[differentiate]
fn quotient(x: f64, y: f64) -> f64 {
    let q = x / y;
    q * x
}

/// Two sines of `x` share `cos x`; two arcsines of `a` share `1 / sqrt(1 - a²)`.
#[differentiate]
fn twice(x: f64, a: f64, w: f64) -> f64 {
    let u = x.sin() * w;
    let v = x.sin() + a.asin() * w;
    let z = a.asin() * u;
    u * v + z
}

/// `atan2` with both arguments varying shares `x² + y²`; the powers reuse `x2`.
#[differentiate]
fn polar(y: f64, x: f64) -> f64 {
    let x2 = x.powi(2);
    let x3 = x.powi(3);
    y.atan2(x) * x3 + x2 * y
}

/// Softplus's local gradient is the sigmoid stage; `sinh`/`cosh` use each other.
#[differentiate]
fn gates(x: f64, y: f64) -> f64 {
    let s = sigmoid(x);
    let p = softplus(x);
    let ch = y.cosh();
    let sh = y.sinh();
    s * p + ch * sh
}

/// A loop whose iterations reuse their own stages, and a branch after it that reuses
/// stages from before it and shares a reciprocal.
#[differentiate]
fn looped(x: [f64; 4], t: f64) -> f64 {
    let ct = t.cos();
    let mut sum = 0.0;
    for &xi in &x {
        let c = xi.cos();
        let s = xi.sin() * t.sin();
        sum += c * s;
    }
    if sum > 0.0 {
        let r = sum.sqrt();
        sum = r / t + ct;
    } else {
        sum = sum / t + t.cos() * ct;
    }
    sum
}

/// A stage inside a branch is not reused outside it.
#[differentiate]
fn scoped(x: f64) -> f64 {
    let mut y = x.sin();
    if x > 0.0 {
        y += x.cos();
    }
    y
}

/// A run-time trip count: each iteration divides by the carried value twice.
#[differentiate]
fn carried(x: f64, n: usize) -> f64 {
    let mut acc = x;
    for _ in 0..n {
        let e = acc.exp();
        let inv = 1.0 / (1.0 + acc * acc);
        acc = e * inv + acc.sin() / (1.0 + acc * acc) + acc.cos();
    }
    acc
}

#[test]
fn stages_are_reused() {
    for x in [-1.3, 0.2, 0.9, 2.5] {
        let (v, g) = sin_cos_grad(x);
        check(
            "sin_cos",
            &[x],
            v,
            &[g.x],
            |a| sin_cos(a[0]),
            |d| d[0].sin() * d[0].cos(),
        );
    }
    // The cache holds the two stages, not `x` as well.
    assert_eq!(std::mem::size_of::<SinCosCache>(), 2 * 8);
    for p in P2 {
        let (v, g) = quotient_grad(p[0], p[1]);
        check(
            "quotient",
            &p,
            v,
            &[g.x, g.y],
            |a| quotient(a[0], a[1]),
            |d| d[0] / d[1] * d[0],
        );
        let (v, g) = polar_grad(p[0], p[1]);
        check(
            "polar",
            &p,
            v,
            &[g.y, g.x],
            |a| polar(a[0], a[1]),
            |d| d[0].atan2(d[1]) * d[1].powi(3) + d[1].powi(2) * d[0],
        );
        let (v, g) = gates_grad(p[0], p[1]);
        check(
            "gates",
            &p,
            v,
            &[g.x, g.y],
            |a| gates(a[0], a[1]),
            |d| dsigmoid(d[0]) * dsoftplus(d[0]) + d[1].cosh() * d[1].sinh(),
        );
    }
}

#[test]
fn shared_subexpressions() {
    for p in P3 {
        let (x, a, w) = (p[0], p[1], p[2]);
        let (v, g) = twice_grad(x, a, w);
        check(
            "twice",
            &p,
            v,
            &[g.x, g.a, g.w],
            |q| twice(q[0], q[1], q[2]),
            |d| {
                let u = d[0].sin() * d[2];
                let v = d[0].sin() + d[1].asin() * d[2];
                u * v + d[1].asin() * u
            },
        );
    }
}

#[test]
fn in_loops_and_branches() {
    let points: [[f64; 5]; 4] = [
        [0.3, -1.2, 0.7, 0.1, 0.8],
        [1.1, 0.7, -0.4, 2.0, -1.3],
        [-0.2, 0.4, 0.9, -1.5, 1.7],
        [0.5, 0.5, 0.5, 0.5, 2.2],
    ];
    for p in points {
        let x = [p[0], p[1], p[2], p[3]];
        let (v, g) = looped_grad(x, p[4]);
        let twin = |d: &[Dual64]| {
            let t = d[4];
            let mut sum = cst(0.0);
            for xi in &d[..4] {
                sum += xi.cos() * (xi.sin() * t.sin());
            }
            if sum.re > 0.0 {
                sum.sqrt() / t + t.cos()
            } else {
                sum / t + t.cos() * t.cos()
            }
        };
        let grad = [g.x[0], g.x[1], g.x[2], g.x[3], g.t];
        check(
            "looped",
            &p,
            v,
            &grad,
            |a| looped([a[0], a[1], a[2], a[3]], a[4]),
            twin,
        );
    }
    for x in [-1.3, -0.2, 0.4, 2.5] {
        let (v, g) = scoped_grad(x);
        let twin = |d: &[Dual64]| {
            let y = d[0].sin();
            if d[0].re > 0.0 {
                y + d[0].cos()
            } else {
                y
            }
        };
        check("scoped", &[x], v, &[g.x], |a| scoped(a[0]), twin);
        for n in [0, 1, 3] {
            let (v, g) = carried_grad(x, n);
            let twin = |d: &[Dual64]| {
                let mut acc = d[0];
                for _ in 0..n {
                    let den = cst(1.0) + acc * acc;
                    acc = acc.exp() * den.recip() + acc.sin() / den + acc.cos();
                }
                acc
            };
            check("carried", &[x], v, &[g.x], |a| carried(a[0], n), twin);
        }
    }
}
