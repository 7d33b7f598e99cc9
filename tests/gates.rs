//! The grouped gates beyond the notes' sigmoid: each as one gate with its compact
//! local gradient, checked against finite differences and num-dual, and at its kink.
use backprop::{differentiate, elu, gelu, huber, leaky_relu, log1p_exp};

mod common;
use common::{check, cst, dabs};
use num_dual::{Dual64, DualNum};

/// gelu(x y) + log1p_exp(x - y)
#[differentiate]
fn smooth(x: f64, y: f64) -> f64 {
    gelu(x * y) + log1p_exp(x - y)
}

fn smooth_twin(p: &[Dual64]) -> Dual64 {
    let z = p[0] * p[1];
    let t = ((z + z.powi(3) * 0.044715) * (2.0 / std::f64::consts::PI).sqrt()).tanh();
    z * (t + 1.0) * 0.5 + ((p[0] - p[1]).exp() + 1.0).ln()
}

/// leaky_relu(x, s) + elu(y, a) + huber(x - y, d): every argument differentiated.
#[differentiate]
fn piecewise(x: f64, y: f64, s: f64, a: f64, d: f64) -> f64 {
    leaky_relu(x, s) + elu(y, a) + backprop::huber(x - y, d)
}

fn piecewise_twin(p: &[Dual64]) -> Dual64 {
    let (x, y, s, a, d) = (p[0], p[1], p[2], p[3], p[4]);
    let leaky = if x.re > 0.0 { x } else { s * x };
    let e = if y.re > 0.0 { y } else { a * (y.exp() - 1.0) };
    let r = x - y;
    let h = if dabs(r).re <= d.re {
        r * r * 0.5
    } else {
        d * (dabs(r) - d * 0.5)
    };
    leaky + e + h
}

#[test]
fn smooth_gates() {
    for (x, y) in [(0.3, 1.7), (-1.2, 0.4), (2.0, -0.8)] {
        let (v, g) = smooth_grad(x, y);
        assert_eq!(v, smooth(x, y));
        check(
            "smooth",
            &[x, y],
            v,
            &[g.x, g.y],
            |p| smooth(p[0], p[1]),
            smooth_twin,
        );
    }
    let _ = cst(0.0);
}

#[test]
fn piecewise_gates_away_from_kinks() {
    for p in [
        [0.7, -0.4, 0.1, 1.3, 0.5],
        [-0.9, 0.6, 0.2, 0.8, 2.0],
        [1.5, 2.5, 0.05, 1.0, 0.3],
    ] {
        let (v, g) = piecewise_grad(p[0], p[1], p[2], p[3], p[4]);
        assert_eq!(v, piecewise(p[0], p[1], p[2], p[3], p[4]));
        let f = |q: &[f64]| piecewise(q[0], q[1], q[2], q[3], q[4]);
        check(
            "piecewise",
            &p,
            v,
            &[g.x, g.y, g.s, g.a, g.d],
            f,
            piecewise_twin,
        );
    }
}

/// At 0, leaky_relu and elu take their negative side's slope (PyTorch), and Huber's
/// slope is continuous.
#[test]
fn piecewise_gates_at_their_kinks() {
    let (_, g) = piecewise_grad(0.0, 0.0, 0.1, 1.5, 1.0);
    assert_eq!(g.x, 0.1);
    assert_eq!(g.y, 1.5);
    assert_eq!((g.s, g.a, g.d), (0.0, 0.0, 0.0));
    let (_, g) = piecewise_grad(2.0, 1.0, 0.1, 1.5, 1.0); // |x - y| = delta exactly
    assert_eq!(g.d, 0.0);
    assert_eq!(g.x, 1.0 + 1.0);
    assert_eq!(huber(1.0_f64, 1.0), 0.5);
    assert_eq!(elu(0.0_f64, 2.0), 0.0);
    assert_eq!(leaky_relu(0.0_f64, 0.3), 0.0);
}
