//! Methods differentiated with respect to `self`: `#[differentiate(wrt(self, x))]` on a
//! `&self` method of a `Differentiable` type adds `d_self: &mut Self` as the first
//! buffer. Field reads (`self.l1.w[i][j]`, `self.a[i][j]`) and passing a field
//! (`&self.l1`) to a differentiated function behave as for a struct parameter `p: &S`;
//! checked against central differences and num-dual twins at several points.
// Index loops, as numeric code writes them over fixed sizes.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, Differentiable};

mod common;
use common::{assert_close, check, cst};
use num_dual::{Dual64, DualNum};

/// A linear layer: 2 outputs of 2 inputs.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Linear {
    pub w: [[f64; 2]; 2],
    pub b: [f64; 2],
}

/// A linear layer + tanh, an output row and a quadratic form's matrix.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Model {
    pub l1: Linear,
    pub v: [f64; 2],
    pub a: [[f64; 2]; 2],
    /// A constant: copied by `zeros_like`, never differentiated.
    pub inputs: usize,
}

/// `tanh(w x + b)`, one value per output.
#[differentiate]
pub fn linear_tanh(l: &Linear, x: &[f64; 2]) -> [f64; 2] {
    let mut h = [0.0; 2];
    for i in 0..2 {
        let mut z = l.b[i];
        for j in 0..2 {
            z += l.w[i][j] * x[j];
        }
        h[i] = z.tanh();
    }
    h
}

#[differentiate]
impl Model {
    /// The layer written inline, reading nested fields of `self`; `x` differentiated too.
    #[differentiate(wrt(self, x))]
    pub fn predict(&self, x: f64, y: f64) -> f64 {
        let mut out = 0.0;
        for i in 0..self.inputs {
            let z = self.l1.w[i][0] * x + self.l1.w[i][1] * y + self.l1.b[i];
            out += self.v[i] * z.tanh();
        }
        out
    }

    /// The squared error through the layer function, called with `&self.l1`.
    #[differentiate(wrt(self))]
    pub fn loss(&self, x: &[f64; 2], target: f64) -> f64 {
        let h: [f64; 2] = linear_tanh(&self.l1, x);
        let mut out = 0.0;
        for i in 0..2 {
            out += self.v[i] * h[i];
        }
        (out - target).powi(2)
    }

    /// A quadratic form `xᵀ A x`, with respect to the matrix field and to `x`.
    #[differentiate(wrt(self, x))]
    pub fn quadratic(&self, x: &[f64; 2]) -> f64 {
        let mut q = 0.0;
        for i in 0..2 {
            for j in 0..2 {
                q += x[i] * self.a[i][j] * x[j];
            }
        }
        q
    }

    /// `self` passed whole to a differentiated function taking `&Model`.
    #[differentiate(wrt(self))]
    pub fn through_free_fn(&self, x: f64, y: f64) -> f64 {
        let p = predict_free(self, x, y);
        p * p + self.a[1][0]
    }

    /// Another `wrt(self)` method called through `self`: its share of the gradient
    /// goes into the same `d_self`.
    #[differentiate(wrt(self, x))]
    pub fn through_method(&self, x: f64, y: f64) -> f64 {
        let p = self.predict(x, y);
        p * p * self.a[0][1] + self.predict(2.0 * x, 0.5)
    }

    /// Without `self` in `wrt`, the fields stay constants (as before).
    #[differentiate(wrt(x))]
    pub fn quadratic_in_x(&self, x: f64) -> f64 {
        self.a[0][0] * x * x + self.v[0] * x
    }
}

/// `Model::predict` as a free function of `&Model`.
#[differentiate(wrt(m))]
pub fn predict_free(m: &Model, x: f64, y: f64) -> f64 {
    let mut out = 0.0;
    for i in 0..2 {
        let z = m.l1.w[i][0] * x + m.l1.w[i][1] * y + m.l1.b[i];
        out += m.v[i] * z.tanh();
    }
    out
}

/// A `wrt(self)` method called from a free function by its path, the model first.
#[differentiate(wrt(m))]
pub fn batch(m: &Model, xs: &[f64; 3], y: f64) -> f64 {
    let mut total = 0.0;
    for k in 0..3 {
        total += Model::predict(m, xs[k], y);
    }
    total
}

const FLOATS: usize = 12;

fn unflat(flat: &[f64]) -> Model {
    let mut m = Model {
        l1: Linear {
            w: [[0.0; 2]; 2],
            b: [0.0; 2],
        },
        v: [0.0; 2],
        a: [[0.0; 2]; 2],
        inputs: 2,
    };
    m.copy_from(&flat[..FLOATS]);
    m
}

fn flat(m: &Model) -> Vec<f64> {
    let mut out = vec![0.0; m.float_count()];
    m.copy_to(&mut out);
    out
}

/// num-dual twin of the layer + tanh + output row, over the flat floats (field order:
/// l1.w, l1.b, v, a).
fn twin_out(q: &[Dual64], x: [Dual64; 2]) -> Dual64 {
    let mut out = cst(0.0);
    for i in 0..2 {
        let z = q[2 * i] * x[0] + q[2 * i + 1] * x[1] + q[4 + i];
        out += q[6 + i] * z.tanh();
    }
    out
}

const POINTS: [[f64; FLOATS]; 3] = [
    [
        0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.9, -0.3, 1.2, 0.4, -0.1, 0.8,
    ],
    [
        -0.7, 0.6, 0.1, 0.35, -0.45, 0.2, -0.1, 0.5, -0.6, 0.3, 0.7, 1.5,
    ],
    [
        0.05, 0.25, -0.35, 0.65, 0.15, -0.25, 0.4, 0.6, 0.9, -1.1, 0.2, -0.4,
    ],
];

#[test]
fn wrt_self_and_a_scalar() {
    let y = 0.7;
    for (point, x) in POINTS.iter().zip([0.4, -1.2, 0.9]) {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        d_m.inputs = 0; // a constant: the gradient leaves it alone
        let (value, grad) = m.predict_grad(x, y, &mut d_m);
        assert_eq!(d_m.inputs, 0);
        let mut all = point.to_vec();
        all.push(x);
        let mut analytic = flat(&d_m);
        analytic.push(grad.x);
        check(
            "predict",
            &all,
            value,
            &analytic,
            |q| unflat(q).predict(q[FLOATS], y),
            |q| twin_out(q, [q[FLOATS], cst(y)]),
        );
    }
}

#[test]
fn wrt_self_through_a_field_passed_to_a_call() {
    let (x, target) = ([0.4, -1.2], 0.3);
    for point in &POINTS {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        let (value, _) = m.loss_grad(&x, target, &mut d_m);
        let analytic = flat(&d_m);
        check(
            "loss",
            point,
            value,
            &analytic,
            |q| unflat(q).loss(&x, target),
            |q| (twin_out(q, [cst(x[0]), cst(x[1])]) - target).powi(2),
        );
        // A second call adds into the buffer.
        let _ = m.loss_grad(&x, target, &mut d_m);
        for (twice, once) in flat(&d_m).iter().zip(&analytic) {
            assert_close("loss twice", *twice, 2.0 * once, 1e-12);
        }
    }
}

#[test]
fn quadratic_form_wrt_the_matrix_field_and_x() {
    for (point, x) in POINTS.iter().zip([[0.4, -1.2], [1.0, 0.5], [-0.3, 0.8]]) {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        let mut d_x = [0.0; 2];
        let (value, _) = m.quadratic_grad(&x, &mut d_m, &mut d_x);
        let mut all = point.to_vec();
        all.extend(x);
        let mut analytic = flat(&d_m);
        analytic.extend(d_x);
        // Only the matrix field enters: the other fields' gradients are exactly 0.
        assert!(analytic[..8].iter().all(|&d| d == 0.0));
        check(
            "quadratic",
            &all,
            value,
            &analytic,
            |q| unflat(q).quadratic(&[q[FLOATS], q[FLOATS + 1]]),
            |q| {
                let x = [q[FLOATS], q[FLOATS + 1]];
                let mut s = cst(0.0);
                for i in 0..2 {
                    for j in 0..2 {
                        s += x[i] * q[8 + 2 * i + j] * x[j];
                    }
                }
                s
            },
        );
    }
}

#[test]
fn without_self_in_wrt_fields_are_constants() {
    let m = unflat(&POINTS[0]);
    let x = 0.6;
    let (value, grad) = m.quadratic_in_x_grad(x);
    assert_close("value", value, m.quadratic_in_x(x), 1e-15);
    assert_close("d x", grad.x, 2.0 * m.a[0][0] * x + m.v[0], 1e-12);
}

#[test]
fn an_sgd_step_on_self_lowers_the_loss() {
    let (x, target) = ([0.4, -1.2], 0.3);
    let mut m = unflat(&POINTS[1]);
    let start = m.loss(&x, target);
    for _ in 0..20 {
        let mut d_m = m.zeros_like();
        let _ = m.loss_grad(&x, target, &mut d_m);
        m.add_scaled(-0.1, &d_m);
    }
    assert!(m.loss(&x, target) < 0.5 * start);
}

#[test]
fn self_passed_whole_to_a_free_function() {
    let (x, y) = (0.4, -0.8);
    for point in &POINTS {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        let (value, _) = m.through_free_fn_grad(x, y, &mut d_m);
        let analytic = flat(&d_m);
        check(
            "through_free_fn",
            point,
            value,
            &analytic,
            |q| unflat(q).through_free_fn(x, y),
            |q| {
                let p = twin_out(q, [cst(x), cst(y)]);
                p * p + q[10]
            },
        );
    }
}

#[test]
fn another_wrt_self_method_called_through_self() {
    let y = -0.3;
    for (point, x) in POINTS.iter().zip([0.4, -1.2, 0.9]) {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        let (value, grad) = m.through_method_grad(x, y, &mut d_m);
        let mut all = point.to_vec();
        all.push(x);
        let mut analytic = flat(&d_m);
        analytic.push(grad.x);
        check(
            "through_method",
            &all,
            value,
            &analytic,
            |q| unflat(q).through_method(q[FLOATS], y),
            |q| {
                let p = twin_out(q, [q[FLOATS], cst(y)]);
                p * p * q[9] + twin_out(q, [q[FLOATS] * 2.0, cst(0.5)])
            },
        );
    }
}

#[test]
fn a_wrt_self_method_called_by_path_from_a_free_function() {
    let (xs, y) = ([0.4, -1.2, 0.9], 0.25);
    for point in &POINTS {
        let m = unflat(point);
        let mut d_m = m.zeros_like();
        let (value, _) = batch_grad(&m, &xs, y, &mut d_m);
        let analytic = flat(&d_m);
        check(
            "batch",
            point,
            value,
            &analytic,
            |q| batch(&unflat(q), &xs, y),
            |q| {
                let mut total = cst(0.0);
                for x in xs {
                    total += twin_out(q, [cst(x), cst(y)]);
                }
                total
            },
        );
    }
}
