//! Struct parameters by reference (`p: &Mlp`, gradient added into `d_p: &mut Mlp`):
//! field reads, nested structs, a field's length as a loop bound, and layers as
//! functions taking `&Dense` called with `&p.l1`, checked against central differences
//! and num-dual twins at several points.
// Index loops, as numeric code writes them over fixed sizes.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, Differentiable};

mod common;
use common::{check, cst};
use num_dual::{Dual64, DualNum};

/// A dense layer: 3 outputs of 2 inputs.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Dense {
    pub w: [[f64; 2]; 3],
    pub b: [f64; 3],
}

/// Two layers and an output scale.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Mlp {
    pub l1: Dense,
    pub l2: [f64; 3],
    pub scale: f64,
}

/// `tanh(w x + b)`, one value per output.
#[differentiate]
pub fn dense(l: &Dense, x: &[f64; 2]) -> [f64; 3] {
    let mut h = [0.0; 3];
    for i in 0..3 {
        let mut z = l.b[i];
        for j in 0..2 {
            z += l.w[i][j] * x[j];
        }
        h[i] = z.tanh();
    }
    h
}

/// The network's squared error on one example, through the layer function.
#[differentiate(wrt(p))]
pub fn loss(p: &Mlp, x: &[f64; 2], y: f64) -> f64 {
    let h: [f64; 3] = dense(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    (p.scale * out - y).powi(2)
}

/// The same loss with the layer written inline, reading nested fields.
#[differentiate(wrt(p))]
pub fn loss_inline(p: &Mlp, x: &[f64; 2], y: f64) -> f64 {
    let mut out = 0.0;
    for i in 0..3 {
        let mut z = p.l1.b[i];
        for j in 0..2 {
            z += p.l1.w[i][j] * x[j];
        }
        out += p.l2[i] * z.tanh();
    }
    (p.scale * out - y).powi(2)
}

/// A batch: the mean loss over the rows of `xs`, one call per row.
#[differentiate(wrt(p))]
pub fn batch_loss(p: &Mlp, xs: &[[f64; 2]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for k in 0..xs.len() {
        total += loss(p, &xs[k], ys[k]);
    }
    total / xs.len() as f64
}

fn unflat(flat: &[f64]) -> Mlp {
    let mut p = Mlp {
        l1: Dense {
            w: [[0.0; 2]; 3],
            b: [0.0; 3],
        },
        l2: [0.0; 3],
        scale: 0.0,
    };
    p.copy_from(flat);
    p
}

/// num-dual twin over the flat parameters (field order: l1.w, l1.b, l2, scale).
fn twin_loss(q: &[Dual64], x: &[f64; 2], y: f64) -> Dual64 {
    let mut out = cst(0.0);
    for i in 0..3 {
        let mut z = q[6 + i];
        for j in 0..2 {
            z += q[2 * i + j] * x[j];
        }
        out += q[9 + i] * z.tanh();
    }
    (q[12] * out - y).powi(2)
}

const POINTS: [[f64; 13]; 3] = [
    [
        0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.9, -0.3, 0.2, 1.0, -0.5, 0.25, 0.8,
    ],
    [
        -0.7, 0.6, 0.1, 0.35, -0.45, 0.2, -0.1, 0.5, 0.7, 0.2, 0.9, -1.1, 1.3,
    ],
    [
        0.05, 0.25, -0.35, 0.65, 0.15, -0.25, 0.4, 0.6, -0.8, -0.3, 0.35, 0.5, -0.6,
    ],
];

#[test]
fn field_reads_and_layer_calls() {
    let (x, y) = ([0.4, -1.2], 0.3);
    for point in &POINTS {
        let p = unflat(point);
        for (name, grad) in [(
            "loss",
            loss_grad as fn(&Mlp, &[f64; 2], f64, &mut Mlp) -> (f64, LossGrad),
        )] {
            let mut d_p = p.zeros_like();
            let (value, _) = grad(&p, &x, y, &mut d_p);
            let mut flat = vec![0.0; d_p.float_count()];
            d_p.copy_to(&mut flat);
            check(
                name,
                point,
                value,
                &flat,
                |q| loss(&unflat(q), &x, y),
                |q| twin_loss(q, &x, y),
            );
            // A second call adds into the buffer.
            let _ = grad(&p, &x, y, &mut d_p);
            let mut twice = vec![0.0; d_p.float_count()];
            d_p.copy_to(&mut twice);
            for (a, b) in twice.iter().zip(&flat) {
                assert!((a - 2.0 * b).abs() <= 1e-12 * b.abs().max(1.0));
            }
        }
        let mut d_p = p.zeros_like();
        let (value, _) = loss_inline_grad(&p, &x, y, &mut d_p);
        let mut flat = vec![0.0; d_p.float_count()];
        d_p.copy_to(&mut flat);
        check(
            "loss_inline",
            point,
            value,
            &flat,
            |q| loss_inline(&unflat(q), &x, y),
            |q| twin_loss(q, &x, y),
        );
    }
}

#[test]
fn a_batch_calls_the_loss_per_row() {
    let xs = [[0.4, -1.2], [1.0, 0.5], [-0.3, 0.8]];
    let ys = [0.3, -0.2, 0.9];
    for point in &POINTS {
        let p = unflat(point);
        let mut d_p = p.zeros_like();
        let (value, _) = batch_loss_grad(&p, &xs, &ys, &mut d_p);
        let mut flat = vec![0.0; d_p.float_count()];
        d_p.copy_to(&mut flat);
        let f = |q: &[f64]| batch_loss(&unflat(q), &xs, &ys);
        let twin = |q: &[Dual64]| {
            let mut total = cst(0.0);
            for k in 0..3 {
                total += twin_loss(q, &xs[k], ys[k]);
            }
            total / 3.0
        };
        check("batch_loss", point, value, &flat, f, twin);
    }
}
