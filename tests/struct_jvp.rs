//! Forward mode with struct parameters, `#[differentiate(jvp)]` on `p: &Mlp`: the
//! tangent of a struct is a struct of the same type (`t_p: &Mlp`), a field read's
//! tangent is the same field of it (`t_p.l1.w[i][j]`), and passing a part to a callee
//! (`dense(&p.l1, x)`) passes the same part of the tangent (`&t_p.l1`), or a zero
//! struct when the part is constant. Checked along several directions at several points
//! against num-dual, central differences along the direction and the reverse mode's
//! gradient dotted with the direction.
// Index loops, as numeric code writes them over fixed sizes.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, Differentiable};

mod common;
use common::{assert_close, cst, RTOL_AD, RTOL_FD};
use num_dual::{Dual64, DualNum};

/// A dense layer: 3 outputs of 2 inputs.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Dense {
    pub w: [[f64; 2]; 3],
    pub b: [f64; 3],
}

/// A layer, an output row and an output scale.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Mlp {
    pub l1: Dense,
    pub l2: [f64; 3],
    pub scale: f64,
}

/// `tanh(w x + b)`, one value per output.
#[differentiate(jvp)]
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

/// The squared error through the layer function, called with a field (`&p.l1`).
#[differentiate(jvp, wrt(p))]
pub fn loss(p: &Mlp, x: &[f64; 2], y: f64) -> f64 {
    let h: [f64; 3] = dense(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    (p.scale * out - y).powi(2)
}

/// The network's output as a function of its input only: the struct is a constant, so
/// the layer call gets a zero tangent for `&p.l1`.
#[differentiate(jvp, wrt(x))]
pub fn predict(p: &Mlp, x: &[f64; 2]) -> f64 {
    let h: [f64; 3] = dense(&p.l1, x);
    let mut out = 0.0;
    for i in 0..3 {
        out += p.l2[i] * h[i];
    }
    p.scale * out
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

/// num-dual twin of `predict` over the flat parameters (field order: l1.w, l1.b, l2,
/// scale) and the input.
fn twin_predict(q: &[Dual64], x: &[Dual64; 2]) -> Dual64 {
    let mut out = cst(0.0);
    for i in 0..3 {
        let mut z = q[6 + i];
        for j in 0..2 {
            z += q[2 * i + j] * x[j];
        }
        out += q[9 + i] * z.tanh();
    }
    q[12] * out
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

/// A direction over the 13 parameters: the `k`-th of a few fixed patterns.
fn direction(k: usize) -> [f64; 13] {
    std::array::from_fn(|i| match k {
        0 => f64::from(u8::from(i == 4)),
        1 => ((i as f64) * 0.37).sin(),
        _ => 1.0 - 0.15 * i as f64,
    })
}

#[test]
fn tangent_of_a_struct_parameter_through_a_layer_call() {
    let (x, y) = ([0.4, -1.2], 0.3);
    for point in &POINTS {
        let p = unflat(point);
        for k in 0..3 {
            let v = direction(k);
            let t_p = unflat(&v);
            let (value, t) = loss_jvp(&p, &x, y, &t_p);
            let at = format!("loss at {point:?} along {v:?}");
            assert_close(&format!("{at}: value"), value, loss(&p, &x, y), 1e-12);
            let seeded: Vec<Dual64> = point
                .iter()
                .zip(&v)
                .map(|(&a, &b)| Dual64::new(a, b))
                .collect();
            let xd = [cst(x[0]), cst(x[1])];
            let twin = (twin_predict(&seeded, &xd) - y).powi(2);
            assert_close(&format!("{at}: vs num-dual"), t, twin.eps, RTOL_AD);
            let h = 1e-5;
            let shifted =
                |s: f64| -> Vec<f64> { point.iter().zip(&v).map(|(a, b)| a + s * b).collect() };
            let fd = (loss(&unflat(&shifted(h)), &x, y) - loss(&unflat(&shifted(-h)), &x, y))
                / (2.0 * h);
            assert_close(&format!("{at}: vs finite differences"), t, fd, RTOL_FD);
            let mut d_p = p.zeros_like();
            let _ = loss_grad(&p, &x, y, &mut d_p);
            let mut flat = [0.0; 13];
            d_p.copy_to(&mut flat);
            let along: f64 = flat.iter().zip(&v).map(|(g, v)| g * v).sum();
            assert_close(&format!("{at}: vs reverse mode"), t, along, RTOL_AD);
        }
    }
}

#[test]
fn a_constant_struct_part_gets_a_zero_tangent() {
    for point in &POINTS {
        let p = unflat(point);
        for (x, v) in [([0.4, -1.2], [1.0, 0.0]), ([-0.3, 0.9], [0.6, -1.1])] {
            let (value, t) = predict_jvp(&p, &x, &v);
            let at = format!("predict at {x:?} along {v:?}");
            assert_close(&format!("{at}: value"), value, predict(&p, &x), 1e-12);
            let q: Vec<Dual64> = point.iter().map(|&a| cst(a)).collect();
            let xd = [Dual64::new(x[0], v[0]), Dual64::new(x[1], v[1])];
            assert_close(
                &format!("{at}: vs num-dual"),
                t,
                twin_predict(&q, &xd).eps,
                RTOL_AD,
            );
            let h = 1e-5;
            let plus = [x[0] + h * v[0], x[1] + h * v[1]];
            let minus = [x[0] - h * v[0], x[1] - h * v[1]];
            let fd = (predict(&p, &plus) - predict(&p, &minus)) / (2.0 * h);
            assert_close(&format!("{at}: vs finite differences"), t, fd, RTOL_FD);
        }
    }
}

#[test]
fn the_layer_tangent_is_an_array() {
    let p = unflat(&POINTS[0]);
    let t_l = unflat(&direction(1)).l1;
    let x = [0.4, -1.2];
    let (h, t_h) = dense_jvp(&p.l1, &x, &t_l, &[0.0, 0.0]);
    let seeded: Vec<Dual64> = POINTS[0]
        .iter()
        .zip(&direction(1))
        .map(|(&a, &b)| Dual64::new(a, b))
        .collect();
    for i in 0..3 {
        let mut z = seeded[6 + i];
        for j in 0..2 {
            z += seeded[2 * i + j] * x[j];
        }
        let z = z.tanh();
        assert_close("dense value", h[i], z.re, 1e-12);
        assert_close("dense tangent", t_h[i], z.eps, RTOL_AD);
    }
}

/// Horner's rule over a slice of coefficients.
#[differentiate(jvp)]
pub fn horner(c: &[f64], t: f64) -> f64 {
    let mut acc = 0.0;
    for i in (0..c.len()).rev() {
        acc = acc * t + c[i];
    }
    acc
}

/// The polynomial of the coefficients after the first, times `t`, plus the first: the
/// call passes the same part of the tangent (`&t_c[1..]`).
#[differentiate(jvp)]
pub fn tail(c: &[f64], t: f64) -> f64 {
    c[0] + t * horner(&c[1..], t)
}

fn twin_tail(c: &[Dual64], t: Dual64) -> Dual64 {
    let mut acc = cst(0.0);
    for i in (1..c.len()).rev() {
        acc = acc * t + c[i];
    }
    c[0] + t * acc
}

#[test]
fn a_sub_slice_passes_the_same_part_of_its_tangent() {
    let c = [0.5, -1.0, 2.0, 0.25];
    for t in [-0.7, 0.3, 1.4] {
        let v = [0.3, -0.8, 1.1, 0.6];
        let (value, t_all) = tail_jvp(&c, t, &v, -0.4);
        assert_close("tail value", value, tail(&c, t), 1e-12);
        let cd: Vec<Dual64> = c.iter().zip(&v).map(|(&a, &b)| Dual64::new(a, b)).collect();
        let twin = twin_tail(&cd, Dual64::new(t, -0.4)).eps;
        assert_close("tail vs num-dual", t_all, twin, RTOL_AD);
        let h = 1e-5;
        let shifted = |s: f64| -> Vec<f64> { c.iter().zip(&v).map(|(a, b)| a + s * b).collect() };
        let fd = (tail(&shifted(h), t - 0.4 * h) - tail(&shifted(-h), t + 0.4 * h)) / (2.0 * h);
        assert_close("tail vs finite differences", t_all, fd, RTOL_FD);
    }
}
