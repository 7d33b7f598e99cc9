//! Loops whose reversal `f_grad` runs in the same sweep (`emit/fuse.rs`): reductions as
//! numeric code writes them (sums of squares, an MSE, Rosenbrock, a quadratic form, a
//! Huber loss, a saved `tanh`, two reductions in a row) and shapes that must stay in
//! two passes (log-sum-exp, a carried adjoint). Each is checked three ways: against
//! num-dual on a hand-written twin, against central finite differences, and against
//! `f_forward` + `f_backward`, which never fuse, to 1e-12.
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// `f_grad`'s gradient against `f_backward(f_forward)`'s: the same sums, maybe added in
/// another order.
fn same(name: &str, fused: &[f64], two_pass: &[f64]) {
    assert_eq!(fused.len(), two_pass.len(), "{name}");
    for (k, (a, b)) in fused.iter().zip(two_pass).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0),
            "{name}: entry {k}: f_grad {a} but f_backward {b}"
        );
    }
}

const POINTS: [[f64; 6]; 3] = [
    [0.3, -1.2, 0.7, 1.9, -0.4, 0.05],
    [1.1, 0.4, -2.0, 0.6, 1.3, -0.8],
    [-0.5, 0.9, 0.25, -1.7, 0.35, 1.2],
];

/// Sum of squares as a chain.
#[differentiate]
pub fn sum_sq(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>()
}

/// Mean squared error against targets, by `zip`, divided by the length after the loop.
#[differentiate(wrt(pred))]
pub fn mse(pred: &[f64], target: &[f64]) -> f64 {
    pred.iter()
        .zip(target)
        .map(|(p, t)| (p - t).powi(2))
        .sum::<f64>()
        / pred.len() as f64
}

/// Rosenbrock's function by an index loop over a fixed-size array.
#[differentiate]
pub fn rosenbrock(x: [f64; 6]) -> f64 {
    let mut total = 0.0;
    for i in 0..5 {
        let xi = x[i];
        let a = x[i + 1] - xi * xi;
        let b = 1.0 - xi;
        total += 100.0 * a * a + b * b;
    }
    total
}

/// `Σ tanh(w x_i)²`: the backward pass reads each iteration's `tanh`.
#[differentiate]
pub fn saturation(x: &[f64], w: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        let t = (w * x[i]).tanh();
        s += t * t;
    }
    0.5 * s
}

/// The Huber loss of residuals, a branch in the loop.
#[differentiate(wrt(x))]
pub fn huber(x: &[f64], y: &[f64], delta: f64) -> f64 {
    let mut loss = 0.0;
    for i in 0..x.len() {
        let r = x[i] - y[i];
        if r.abs() <= delta {
            loss += 0.5 * r * r;
        } else {
            loss += delta * (r.abs() - 0.5 * delta);
        }
    }
    loss
}

/// A quadratic form `xᵀ A x` by nested loops.
#[differentiate(wrt(x))]
pub fn quadratic(a: [[f64; 3]; 3], x: [f64; 3]) -> f64 {
    let mut q = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            q += x[i] * a[i][j] * x[j];
        }
    }
    q
}

/// Two reductions, then their ratio: neither reversal may run before the ratio's
/// derivative is known, so both stay in two passes; the first loop's sum of logs does.
#[differentiate]
pub fn ratio(x: &[f64]) -> f64 {
    let mut logs = 0.0;
    for i in 0..x.len() {
        logs += (1.0 + x[i] * x[i]).ln();
    }
    let mut num = 0.0;
    let mut den = 0.0;
    for i in 0..x.len() {
        num += x[i].sin();
        den += 2.0 + x[i].cos();
    }
    logs + num / den
}

/// Log-sum-exp: the reversal needs the sum, known only after the loop (two passes).
#[differentiate]
pub fn lse(x: &[f64]) -> f64 {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let s = x.iter().map(|v| (v - m).exp()).sum::<f64>();
    m + s.ln()
}

/// A product by a loop: its adjoint is carried backwards (two passes).
#[differentiate]
pub fn product(x: &[f64]) -> f64 {
    let mut p = 1.0;
    for i in 0..x.len() {
        p *= 1.0 + 0.5 * x[i];
    }
    p
}

/// `f_grad`'s gradient of a one-slice function, and `f_backward`'s.
macro_rules! both {
    ($grad:ident, $forward:ident, $backward:ident, $x:expr) => {{
        let x: &[f64] = $x;
        let mut fused = vec![0.0; x.len()];
        let value = $grad(x, &mut fused).0;
        let (_, cache) = $forward(x);
        let mut two_pass = vec![0.0; x.len()];
        let _ = $backward(&cache, 1.0, &mut two_pass);
        (value, fused, two_pass)
    }};
}

#[test]
fn reductions_over_one_slice() {
    for p in &POINTS {
        let (value, fused, two) = both!(sum_sq_grad, sum_sq_forward, sum_sq_backward, p);
        same("sum_sq", &fused, &two);
        check("sum_sq", p, value, &fused, sum_sq, |x: &[Dual64]| {
            x.iter().map(|v| v * v).sum()
        });

        let (value, fused, two) = both!(lse_grad, lse_forward, lse_backward, p);
        same("lse", &fused, &two);
        let lse_twin = |x: &[Dual64]| {
            let m = x.iter().map(|v| v.re).fold(f64::NEG_INFINITY, f64::max);
            let s: Dual64 = x.iter().map(|v| (*v - m).exp()).sum();
            s.ln() + m
        };
        check("lse", p, value, &fused, lse, lse_twin);

        let (value, fused, two) = both!(product_grad, product_forward, product_backward, p);
        same("product", &fused, &two);
        let product_twin = |x: &[Dual64]| {
            x.iter()
                .fold(Dual64::from(1.0), |p, v| p * (*v * 0.5 + 1.0))
        };
        check("product", p, value, &fused, product, product_twin);

        let (value, fused, two) = both!(ratio_grad, ratio_forward, ratio_backward, p);
        same("ratio", &fused, &two);
        let ratio_twin = |x: &[Dual64]| {
            let logs: Dual64 = x.iter().map(|v| (*v * *v + 1.0).ln()).sum();
            let num: Dual64 = x.iter().map(|v| v.sin()).sum();
            let den: Dual64 = x.iter().map(|v| v.cos() + 2.0).sum();
            logs + num / den
        };
        check("ratio", p, value, &fused, ratio, ratio_twin);
    }
}

#[test]
fn mse_divided_after_the_loop() {
    for p in &POINTS {
        let (pred, target) = (&p[..3], &p[3..]);
        let mut fused = [0.0; 3];
        let value = mse_grad(pred, target, &mut fused).0;
        let (_, cache) = mse_forward(pred, target);
        let mut two = [0.0; 3];
        let _ = mse_backward(&cache, 1.0, &mut two);
        same("mse", &fused, &two);
        let plain = |x: &[f64]| mse(x, target);
        let twin = |x: &[Dual64]| {
            let s: Dual64 = x.iter().zip(target).map(|(p, t)| (*p - *t).powi(2)).sum();
            s / 3.0
        };
        check("mse", &p[..3], value, &fused, plain, twin);
    }
}

#[test]
fn rosenbrock_one_sweep() {
    for p in &POINTS {
        let (value, g) = rosenbrock_grad(*p);
        let (_, cache) = rosenbrock_forward(*p);
        same("rosenbrock", &g.x, &rosenbrock_backward(&cache, 1.0).x);
        let plain = |x: &[f64]| rosenbrock(x.try_into().unwrap());
        let twin = |x: &[Dual64]| {
            (0..5)
                .map(|i| {
                    let a = x[i + 1] - x[i] * x[i];
                    let b = -x[i] + 1.0;
                    a * a * 100.0 + b * b
                })
                .sum()
        };
        check("rosenbrock", p, value, &g.x, plain, twin);
    }
}

#[test]
fn saved_tanh_read_in_the_same_sweep() {
    for p in &POINTS {
        let (x, w) = (&p[..5], p[5]);
        let mut fused = vec![0.0; 5];
        let (value, g) = saturation_grad(x, w, &mut fused);
        let (_, cache) = saturation_forward(x, w);
        let mut two = vec![0.0; 5];
        let g_two = saturation_backward(&cache, 1.0, &mut two);
        fused.push(g.w);
        two.push(g_two.w);
        same("saturation", &fused, &two);
        let plain = |v: &[f64]| saturation(&v[..5], v[5]);
        let twin = |v: &[Dual64]| {
            let s: Dual64 = v[..5].iter().map(|x| (v[5] * *x).tanh().powi(2)).sum();
            s * 0.5
        };
        check("saturation", p, value, &fused, plain, twin);
    }
}

#[test]
fn huber_branch_in_the_sweep() {
    for p in &POINTS {
        let (x, y) = (&p[..3], &p[3..]);
        let delta = 0.75;
        let mut fused = [0.0; 3];
        let value = huber_grad(x, y, delta, &mut fused).0;
        let (_, cache) = huber_forward(x, y, delta);
        let mut two = [0.0; 3];
        let _ = huber_backward(&cache, 1.0, &mut two);
        same("huber", &fused, &two);
        let plain = |v: &[f64]| huber(v, y, delta);
        let twin = |v: &[Dual64]| {
            v.iter()
                .zip(y)
                .map(|(x, y)| {
                    let r = *x - *y;
                    if r.re.abs() <= delta {
                        r * r * 0.5
                    } else {
                        (common::dabs(r) - 0.5 * delta) * delta
                    }
                })
                .sum()
        };
        check("huber", x, value, &fused, plain, twin);
    }
}

#[test]
fn quadratic_form_nested_loops() {
    let a = [[2.0, 0.3, -0.5], [0.1, 1.5, 0.7], [-0.4, 0.2, 3.0]];
    for p in &POINTS {
        let x = [p[0], p[1], p[2]];
        let (value, g) = quadratic_grad(a, x);
        let (_, cache) = quadratic_forward(a, x);
        same("quadratic", &g.x, &quadratic_backward(&cache, 1.0).x);
        let plain = |v: &[f64]| quadratic(a, v.try_into().unwrap());
        let twin = |v: &[Dual64]| {
            let mut q = Dual64::from(0.0);
            for i in 0..3 {
                for j in 0..3 {
                    q += v[i] * a[i][j] * v[j];
                }
            }
            q
        };
        check("quadratic", &x, value, &g.x, plain, twin);
    }
}

/// The logistic loss with the dot product in an index loop: the gradient array is
/// filled once per element (`core::array::from_fn`), not zeroed and then added into.
#[differentiate(wrt(w))]
pub fn logistic_loop(w: [f64; 4], x: [f64; 4], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..4 {
        z += w[i] * x[i];
    }
    backprop::softplus(-y * z)
}

#[test]
fn gradient_array_filled_once() {
    let x = [0.5, -1.5, 2.0, 0.25];
    for p in &POINTS {
        let w = [p[0], p[1], p[2], p[3]];
        let y = if p[4] > 0.0 { 1.0 } else { -1.0 };
        let (value, g) = logistic_loop_grad(w, x, y);
        let (_, cache) = logistic_loop_forward(w, x, y);
        same(
            "logistic_loop",
            &g.w,
            &logistic_loop_backward(&cache, 1.0).w,
        );
        let plain = |v: &[f64]| logistic_loop(v.try_into().unwrap(), x, y);
        let twin = |v: &[Dual64]| {
            let z: Dual64 = v.iter().zip(&x).map(|(w, x)| *w * *x).sum();
            common::dsoftplus(-z * y)
        };
        check("logistic_loop", &w, value, &g.w, plain, twin);
    }
}

/// One hidden unit, called from the layer below.
#[differentiate]
pub fn unit(w0: f64, w1: f64, b: f64, x0: f64, x1: f64) -> f64 {
    (w0 * x0 + w1 * x1 + b).tanh()
}

/// A layer of three units and their sum, each unit a call in the loop: its cache is
/// this iteration's, and its pullback runs in the same sweep.
#[differentiate]
pub fn layer_sum(w: [[f64; 2]; 3], b: [f64; 3], x0: f64, x1: f64) -> f64 {
    let mut total = 0.0;
    for j in 0..3 {
        total += unit(w[j][0], w[j][1], b[j], x0, x1);
    }
    total
}

#[test]
fn calls_in_the_sweep() {
    for p in &POINTS {
        let w = [[p[0], p[1]], [p[2], p[3]], [p[4], p[5]]];
        let b = [p[1], -p[3], 0.5 * p[5]];
        let (x0, x1) = (0.7, -0.4);
        let (value, g) = layer_sum_grad(w, b, x0, x1);
        let (_, cache) = layer_sum_forward(w, b, x0, x1);
        let two = layer_sum_backward(&cache, 1.0);
        let flat = |w: [[f64; 2]; 3], b: [f64; 3], x0: f64, x1: f64| {
            let mut v: Vec<f64> = w.iter().flatten().copied().collect();
            v.extend(b);
            v.extend([x0, x1]);
            v
        };
        let fused = flat(g.w, g.b, g.x0, g.x1);
        same("layer_sum", &fused, &flat(two.w, two.b, two.x0, two.x1));
        let plain = |v: &[f64]| {
            layer_sum(
                [[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]],
                [v[6], v[7], v[8]],
                v[9],
                v[10],
            )
        };
        let twin = |v: &[Dual64]| {
            (0..3)
                .map(|j| (v[2 * j] * v[9] + v[2 * j + 1] * v[10] + v[6 + j]).tanh())
                .sum()
        };
        check("layer_sum", &flat(w, b, x0, x1), value, &fused, plain, twin);
    }
}
