//! Functions returning a tuple: `_forward` / `_backward` with a tuple `d_out`, and
//! `_jacobian` (one gradient per value), checked against finite differences and
//! num-dual, value by value.
use backprop::differentiate;

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// Polar to Cartesian: `(r cos θ, r sin θ)`.
#[differentiate]
fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    (r * theta.cos(), r * theta.sin())
}

/// Three values, sharing work, one of them reused by another, returned from a branch.
#[differentiate]
fn stats(x: f64, y: f64) -> (f64, f64, f64) {
    let s = x + y;
    let p = x * y;
    if s > 10.0 {
        return (s, p, 0.0);
    }
    let mut q = p;
    for _ in 0..3 {
        q = q.sin() + s;
    }
    (s, p * s, q)
}

fn stats_twin(p: &[Dual64], k: usize) -> Dual64 {
    let s = p[0] + p[1];
    let pr = p[0] * p[1];
    let mut q = pr;
    for _ in 0..3 {
        q = q.sin() + s;
    }
    [s, pr * s, q][k]
}

#[test]
fn cartesian_jacobian() {
    for (r, t) in [(1.5, 0.3), (0.7, 2.9), (2.0, -1.1)] {
        let ((x, y), rows) = to_cartesian_jacobian(r, t);
        assert_eq!((x, y), to_cartesian(r, t));
        check(
            "x",
            &[r, t],
            x,
            &[rows[0].r, rows[0].theta],
            |p| to_cartesian(p[0], p[1]).0,
            |p| p[0] * p[1].cos(),
        );
        check(
            "y",
            &[r, t],
            y,
            &[rows[1].r, rows[1].theta],
            |p| to_cartesian(p[0], p[1]).1,
            |p| p[0] * p[1].sin(),
        );
        // A vector-Jacobian product: d_out = (a, b) gives a row_0 + b row_1.
        let (_, cache) = to_cartesian_forward(r, t);
        let g = to_cartesian_backward(&cache, (2.0, -0.5));
        assert!((g.r - (2.0 * rows[0].r - 0.5 * rows[1].r)).abs() < 1e-12);
        assert!((g.theta - (2.0 * rows[0].theta - 0.5 * rows[1].theta)).abs() < 1e-12);
    }
}

#[test]
fn shared_values_and_branches() {
    for (x, y) in [(0.4, 1.3), (2.0, -0.6), (-1.2, 0.5)] {
        let (values, rows) = stats_jacobian(x, y);
        assert_eq!(values, stats(x, y));
        let all = [values.0, values.1, values.2];
        for k in 0..3 {
            let f = |p: &[f64]| {
                let v = stats(p[0], p[1]);
                [v.0, v.1, v.2][k]
            };
            check("stats", &[x, y], all[k], &[rows[k].x, rows[k].y], f, |p| {
                stats_twin(p, k)
            });
        }
    }
    let ((s, p, z), rows) = stats_jacobian(6.0, 5.0);
    assert_eq!((s, p, z), (11.0, 30.0, 0.0));
    assert_eq!((rows[1].x, rows[1].y, rows[2].x), (5.0, 6.0, 0.0));
}
