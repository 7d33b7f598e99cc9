//! Arrays across calls: rows of a matrix and a vector by reference, sub-slices, rows
//! and whole arrays by value, calls in loops. Each caller's gradient is checked
//! against central differences and num-dual twins at several points, and buffers add.
// Index loops, as numeric code writes them over fixed sizes.
#![allow(clippy::needless_range_loop)]
use backprop::differentiate;

mod common;
use common::{check, cst};
use num_dual::{Dual64, DualNum};

mod layers {
    use backprop::differentiate;

    /// One unit: `tanh(w . x + b)`.
    #[differentiate]
    pub fn neuron(w: &[f64; 3], x: &[f64; 3], b: f64) -> f64 {
        let mut z = b;
        for i in 0..3 {
            z += w[i] * x[i];
        }
        z.tanh()
    }

    /// The squared norm of a slice.
    #[differentiate]
    pub fn sum_sq(x: &[f64]) -> f64 {
        x.iter().map(|v| v * v).sum::<f64>()
    }

    /// `w x`, one value per row of `w`.
    #[differentiate]
    pub fn affine(w: &[[f64; 3]; 2], x: &[f64; 3]) -> [f64; 2] {
        let mut y = [0.0; 2];
        for i in 0..2 {
            for j in 0..3 {
                y[i] += w[i][j] * x[j];
            }
        }
        y
    }

    /// A quadratic with coefficients `c`, at `t`.
    #[differentiate]
    pub fn poly(c: [f64; 3], t: f64) -> f64 {
        c[0] + t * (c[1] + t * c[2])
    }
}

/// Two units over the rows of `w`, then a quadratic over a row of `c`.
#[differentiate]
fn layer_loss(w: &[[f64; 3]; 2], x: &[f64; 3], c: [[f64; 3]; 2]) -> f64 {
    let mut s = 0.0;
    for i in 0..2 {
        s += layers::neuron(&w[i], x, 0.1 * i as f64).powi(2);
    }
    s + layers::poly(c[1], s) * layers::poly(c[0], 0.5)
}

/// The product of the squared norms of the two halves.
#[differentiate]
fn halves(x: &[f64]) -> f64 {
    let n = x.len() / 2;
    layers::sum_sq(&x[..n]) * layers::sum_sq(&x[n..]) + x[0]
}

/// A sliding window's norms, summed: a call per iteration, cutting a new window.
#[differentiate]
fn windows(x: &[f64], k: usize) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() - k + 1 {
        s += layers::sum_sq(&x[i..i + k]).sqrt();
    }
    s
}

/// Whole arrays by value, one of them twice.
#[differentiate]
fn by_value(c: [f64; 3], t: f64) -> f64 {
    (layers::poly(c, t) * layers::poly(c, -t)).sin()
}

/// A reference parameter passed on whole, and by value (`*w`).
#[differentiate]
fn pass_on(w: &[f64; 3], x: &[f64; 3]) -> f64 {
    layers::neuron(w, x, 0.3) + layers::poly(*w, 0.7)
}

/// A callee's array value read by element and passed on by value.
#[differentiate]
fn two_layer(w: &[[f64; 3]; 2], x: &[f64; 3]) -> f64 {
    let h: [f64; 3] = {
        let y: [f64; 2] = layers::affine(w, x);
        [y[0].tanh(), y[1].tanh(), y[0] * y[1]]
    };
    h[0] * h[1] + layers::poly(h, 0.5)
}

mod twin {
    use super::*;

    pub fn neuron(w: &[Dual64], x: &[Dual64], b: Dual64) -> Dual64 {
        let mut z = b;
        for i in 0..3 {
            z += w[i] * x[i];
        }
        z.tanh()
    }

    pub fn sum_sq(x: &[Dual64]) -> Dual64 {
        x.iter().map(|v| *v * *v).sum::<Dual64>()
    }

    pub fn poly(c: &[Dual64], t: Dual64) -> Dual64 {
        c[0] + t * (c[1] + t * c[2])
    }

    /// `p`: w (6), x (3), c (6).
    pub fn layer_loss(p: &[Dual64]) -> Dual64 {
        let mut s = cst(0.0);
        for i in 0..2 {
            s += neuron(&p[3 * i..3 * i + 3], &p[6..9], cst(0.1 * i as f64)).powi(2);
        }
        s + poly(&p[12..15], s) * poly(&p[9..12], cst(0.5))
    }

    pub fn halves(x: &[Dual64]) -> Dual64 {
        let n = x.len() / 2;
        sum_sq(&x[..n]) * sum_sq(&x[n..]) + x[0]
    }

    pub fn windows(x: &[Dual64], k: usize) -> Dual64 {
        let mut s = cst(0.0);
        for i in 0..x.len() - k + 1 {
            s += sum_sq(&x[i..i + k]).sqrt();
        }
        s
    }

    /// `p`: c (3), t.
    pub fn by_value(p: &[Dual64]) -> Dual64 {
        (poly(&p[..3], p[3]) * poly(&p[..3], -p[3])).sin()
    }

    /// `p`: w (6), x (3).
    pub fn two_layer(p: &[Dual64]) -> Dual64 {
        let y: Vec<Dual64> = (0..2)
            .map(|i| (0..3).map(|j| p[3 * i + j] * p[6 + j]).sum::<Dual64>())
            .collect();
        let h = [y[0].tanh(), y[1].tanh(), y[0] * y[1]];
        h[0] * h[1] + poly(&h, cst(0.5))
    }

    /// `p`: w (3), x (3).
    pub fn pass_on(p: &[Dual64]) -> Dual64 {
        neuron(&p[..3], &p[3..], cst(0.3)) + poly(&p[..3], cst(0.7))
    }
}

fn arr3(p: &[f64]) -> [f64; 3] {
    [p[0], p[1], p[2]]
}

fn mat(p: &[f64]) -> [[f64; 3]; 2] {
    [arr3(&p[..3]), arr3(&p[3..6])]
}

const POINTS: [[f64; 15]; 3] = [
    [
        0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.9, -0.3, 0.2, 1.0, -0.5, 0.25, 0.3, 0.8, -0.4,
    ],
    [
        -0.7, 0.6, 0.1, 0.35, -0.45, 0.2, -0.1, 0.5, 0.7, 0.2, 0.9, -1.1, -0.6, 0.15, 0.45,
    ],
    [
        0.05, 0.25, -0.35, 0.65, 0.15, -0.25, 0.4, 0.6, -0.8, -0.3, 0.35, 0.5, 0.7, -0.2, 0.1,
    ],
];

#[test]
fn rows_and_vectors_by_reference() {
    let f = |p: &[f64]| {
        layer_loss(
            &mat(&p[..6]),
            &arr3(&p[6..9]),
            [arr3(&p[9..12]), arr3(&p[12..])],
        )
    };
    for point in &POINTS {
        let (w, x, c) = (
            mat(&point[..6]),
            arr3(&point[6..9]),
            [arr3(&point[9..12]), arr3(&point[12..])],
        );
        let (mut d_w, mut d_x) = ([[0.0; 3]; 2], [0.0; 3]);
        let (value, grad) = layer_loss_grad(&w, &x, c, &mut d_w, &mut d_x);
        let mut flat: Vec<f64> = d_w.iter().flatten().copied().collect();
        flat.extend(d_x);
        flat.extend(grad.c.iter().flatten());
        check("layer_loss", point, value, &flat, f, twin::layer_loss);
        // A second call adds into the buffers.
        let (mut d_w2, mut d_x2) = (d_w, d_x);
        let _ = layer_loss_grad(&w, &x, c, &mut d_w2, &mut d_x2);
        for i in 0..3 {
            assert!((d_x2[i] - 2.0 * d_x[i]).abs() <= 1e-12 * d_x[i].abs().max(1.0));
            assert!((d_w2[1][i] - 2.0 * d_w[1][i]).abs() <= 1e-12 * d_w[1][i].abs().max(1.0));
        }
        // The split passes give the same gradient.
        let (_, cache) = layer_loss_forward(&w, &x, c);
        let (mut e_w, mut e_x) = ([[0.0; 3]; 2], [0.0; 3]);
        let split = layer_loss_backward(&cache, 1.0, &mut e_w, &mut e_x);
        assert_eq!((e_w, e_x, split.c), (d_w, d_x, grad.c));
    }
}

#[test]
fn array_values_of_calls() {
    for point in &POINTS {
        let (w, x) = (mat(&point[..6]), arr3(&point[6..9]));
        let (mut d_w, mut d_x) = ([[0.0; 3]; 2], [0.0; 3]);
        let (value, _) = two_layer_grad(&w, &x, &mut d_w, &mut d_x);
        let flat: Vec<f64> = d_w.iter().flatten().chain(&d_x).copied().collect();
        let f = |p: &[f64]| two_layer(&mat(&p[..6]), &arr3(&p[6..9]));
        check("two_layer", &point[..9], value, &flat, f, twin::two_layer);
    }
}

#[test]
fn sub_slices() {
    for point in &POINTS {
        for len in [4, 7, 15] {
            let x = &point[..len];
            let mut d = vec![0.0; len];
            let (value, _) = halves_grad(x, &mut d);
            check("halves", x, value, &d, halves, twin::halves);
            for k in [1, 3] {
                let mut d = vec![0.0; len];
                let (value, _) = windows_grad(x, k, &mut d);
                check(
                    "windows",
                    x,
                    value,
                    &d,
                    |p| windows(p, k),
                    |p| twin::windows(p, k),
                );
            }
        }
    }
}

#[test]
fn whole_arrays_by_value_and_passed_on() {
    for point in &POINTS {
        let p = &point[..4];
        let (value, grad) = by_value_grad(arr3(p), p[3]);
        let flat = [grad.c[0], grad.c[1], grad.c[2], grad.t];
        check(
            "by_value",
            p,
            value,
            &flat,
            |p| by_value(arr3(p), p[3]),
            twin::by_value,
        );
        let p = &point[4..10];
        let (mut d_w, mut d_x) = ([0.0; 3], [0.0; 3]);
        let (value, _) = pass_on_grad(&arr3(p), &arr3(&p[3..]), &mut d_w, &mut d_x);
        let flat: Vec<f64> = d_w.iter().chain(&d_x).copied().collect();
        check(
            "pass_on",
            p,
            value,
            &flat,
            |p| pass_on(&arr3(p), &arr3(&p[3..])),
            twin::pass_on,
        );
    }
}

#[test]
#[should_panic(expected = "`d_x` has length 2 but the slice `x` has length 4")]
fn a_short_buffer_panics_naming_it() {
    let mut d = [0.0; 2];
    let _ = halves_grad(&[1.0, 2.0, 3.0, 4.0], &mut d);
}
