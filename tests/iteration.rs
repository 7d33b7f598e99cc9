//! Iterating over arrays: `for v in xs.iter()`, `for &v in &xs`, `.enumerate()`,
//! `.zip(..)`, `.iter().sum()` and `.iter().product()`, against index loops written
//! by hand, finite differences and num-dual.
use backprop::differentiate;

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

const DATA: [[f64; 2]; 4] = [[0.5, 1.0], [-1.0, 0.0], [1.5, 1.0], [-0.5, 0.0]];

/// `Σ_i w_i x_i` over a zip, plus the sum and the product of `w`.
#[differentiate(wrt(w))]
fn forms(w: [f64; 3], x: [f64; 3]) -> f64 {
    let mut dot = 0.0;
    for (a, b) in w.iter().zip(x.iter()) {
        dot += a * b;
    }
    let mut weighted = 0.0;
    for (i, &v) in w.iter().enumerate() {
        weighted += v * (i as f64 + 1.0);
    }
    let mut squares = 0.0;
    for &v in &w {
        squares += v * v;
    }
    dot + weighted + squares + w.iter().sum::<f64>() * w.iter().product::<f64>()
}

fn forms_twin(w: &[Dual64], x: [f64; 3]) -> Dual64 {
    let dot = w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
    let weighted = w[0] + w[1] * 2.0 + w[2] * 3.0;
    let squares = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
    dot + weighted + squares + (w[0] + w[1] + w[2]) * (w[0] * w[1] * w[2])
}

/// A logistic loss over a constant data set, iterated directly.
#[differentiate]
fn loss(a: f64, b: f64) -> f64 {
    let mut total = 0.0;
    for point in DATA.iter() {
        let z = a * point[0] + b;
        let label = point[1];
        total += backprop::softplus(z) - label * z;
    }
    total
}

#[test]
fn iteration_forms() {
    let x = [0.4, -1.1, 2.0];
    for w in [[0.3, -0.7, 1.2], [1.5, 0.2, -0.4]] {
        let (value, g) = forms_grad(w, x);
        assert_eq!(value, forms(w, x));
        let f = |p: &[f64]| forms([p[0], p[1], p[2]], x);
        check("forms", &w, value, &g.w, f, |p| forms_twin(p, x));
    }
}

#[test]
fn loop_over_constant_data() {
    for (a, b) in [(0.3, -0.2), (-1.2, 0.8)] {
        let (value, g) = loss_grad(a, b);
        assert_eq!(value, loss(a, b));
        let twin = |p: &[Dual64]| {
            let mut total = Dual64::from(0.0);
            for point in DATA {
                let z = p[0] * point[0] + p[1];
                total += z.exp().ln_1p() - z * point[1];
            }
            total
        };
        check(
            "loss",
            &[a, b],
            value,
            &[g.a, g.b],
            |p| loss(p[0], p[1]),
            twin,
        );
    }
}

/// Elements bound by reference, used as references: `*v`, `v > &0.0`.
#[differentiate]
fn positive_part(w: [f64; 4]) -> f64 {
    let mut s = 0.0;
    for v in w.iter() {
        if v > &0.0 {
            s += *v * *v;
        }
    }
    s
}

#[test]
fn elements_used_as_references() {
    let (value, g) = positive_part_grad([1.0, -2.0, 3.0, 0.5]);
    assert_eq!(value, positive_part([1.0, -2.0, 3.0, 0.5]));
    assert!((value - 10.25).abs() < 1e-12);
    assert_eq!(g.w, [2.0, 0.0, 6.0, 1.0]);
}
