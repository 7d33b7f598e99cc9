//! Second order, `#[differentiate(hessian)]`: `f_hvp` (gradient and Hessian-vector
//! product) and `f_hessian` (dense Hessian), forward-over-reverse.
//!
//! Each function is written as numeric crates write it (Rosenbrock over an array and
//! over a slice, Himmelblau, Beale, a logistic loss, a small network with tanh, exp,
//! ln, sqrt, powi, powf and division, branches, a `while` that stops when converged,
//! element-assigned local arrays, matrices) and checked at several points away from
//! kinks: `f_hvp`'s value and gradient against `f_grad`, `H v` against central
//! differences of `f_grad` along `v` and against num-dual's hyper-dual numbers
//! (`eᵢᵀ H v` from one evaluation seeded with `eᵢ` and `v`), and `f_hessian` against
//! num-dual entry by entry, and for symmetry.

// The corpus writes index loops over arrays, as numeric code does.
#![allow(clippy::needless_range_loop)]

mod common;

use backprop::differentiate;
use common::assert_close;
use num_dual::{DualNum, HyperDual64};

type D = HyperDual64;

/// The tolerance against num-dual (both exact up to rounding).
const RTOL_AD: f64 = 1e-9;
/// The tolerance against central differences of the gradient.
const RTOL_FD: f64 = 1e-5;

/// `f_grad`, flat: the value and the gradient.
type GradFn<'a> = &'a dyn Fn(&[f64]) -> (f64, Vec<f64>);
/// `f_hvp`, flat: the value and the gradient, `H v` added into the buffer.
type HvpFn<'a> = &'a dyn Fn(&[f64], &[f64], &mut [f64]) -> (f64, Vec<f64>);
/// `f_hessian`, flat: the value and the gradient, `H` added into the buffer.
type HessianFn<'a> = &'a dyn Fn(&[f64], &mut [f64]) -> (f64, Vec<f64>);

/// A function under test, flat: `f_grad`, `f_hvp`, `f_hessian` and its num-dual twin.
struct Case<'a> {
    name: &'a str,
    f: &'a dyn Fn(&[f64]) -> f64,
    grad: GradFn<'a>,
    hvp: HvpFn<'a>,
    hessian: HessianFn<'a>,
    twin: &'a dyn Fn(&[HyperDual64]) -> HyperDual64,
}

impl Case<'_> {
    /// `eᵢᵀ H v` by num-dual: one hyper-dual evaluation.
    fn dual_entry(&self, x: &[f64], i: usize, v: &[f64]) -> f64 {
        let seeded: Vec<HyperDual64> = x
            .iter()
            .enumerate()
            .map(|(k, &x)| HyperDual64::new(x, f64::from(u8::from(k == i)), v[k], 0.0))
            .collect();
        (self.twin)(&seeded).eps1eps2
    }

    /// All the checks at `x` along every direction in `directions`.
    fn check(&self, x: &[f64], directions: &[Vec<f64>]) {
        let n = x.len();
        let (value, gradient) = (self.grad)(x);
        assert_eq!(value, (self.f)(x), "{}: f_grad's value", self.name);
        for v in directions {
            let at = format!("{} at {x:?} along {v:?}", self.name);
            let mut hv = vec![0.0; n];
            let (hvp_value, hvp_gradient) = (self.hvp)(x, v, &mut hv);
            assert_eq!(hvp_value, value, "{at}: value");
            for (a, b) in hvp_gradient.iter().zip(&gradient) {
                assert_close(&format!("{at}: gradient"), *a, *b, 1e-12);
            }
            let h = 1e-5;
            let shifted =
                |s: f64| -> Vec<f64> { x.iter().zip(v).map(|(x, v)| x + s * v).collect() };
            let (plus, minus) = ((self.grad)(&shifted(h)).1, (self.grad)(&shifted(-h)).1);
            for i in 0..n {
                let fd = (plus[i] - minus[i]) / (2.0 * h);
                assert_close(
                    &format!("{at}: (Hv)[{i}] vs finite differences"),
                    hv[i],
                    fd,
                    RTOL_FD,
                );
                let dual = self.dual_entry(x, i, v);
                assert_close(
                    &format!("{at}: (Hv)[{i}] vs num-dual"),
                    hv[i],
                    dual,
                    RTOL_AD,
                );
            }
        }
        let mut hessian = vec![0.0; n * n];
        let (hessian_value, hessian_gradient) = (self.hessian)(x, &mut hessian);
        assert_eq!(hessian_value, value, "{}: f_hessian's value", self.name);
        assert_eq!(hessian_gradient.len(), gradient.len());
        for i in 0..n {
            assert_close(
                &format!("{}: f_hessian's gradient", self.name),
                hessian_gradient[i],
                gradient[i],
                1e-12,
            );
            let e_i: Vec<f64> = (0..n).map(|k| f64::from(u8::from(k == i))).collect();
            for j in 0..n {
                let at = format!("{} at {x:?}: H[{i}][{j}]", self.name);
                assert_close(
                    &format!("{at} symmetric"),
                    hessian[i * n + j],
                    hessian[j * n + i],
                    1e-12,
                );
                let dual = self.dual_entry(x, j, &e_i);
                assert_close(
                    &format!("{at} vs num-dual"),
                    hessian[i * n + j],
                    dual,
                    RTOL_AD,
                );
            }
        }
    }
}

/// Directions: the first basis vector, a spread one and an alternating one.
fn directions(n: usize) -> Vec<Vec<f64>> {
    vec![
        (0..n).map(|k| f64::from(u8::from(k == 0))).collect(),
        (0..n).map(|k| 0.3 - 0.45 * k as f64).collect(),
        (0..n)
            .map(|k| if k % 2 == 0 { 1.25 } else { -0.5 })
            .collect(),
    ]
}

fn array<const N: usize>(x: &[f64]) -> [f64; N] {
    std::array::from_fn(|k| x[k])
}

/// Rosenbrock over `[f64; 4]`, `Σ 100 (x[i+1] - x[i]²)² + (1 - x[i])²`, as an index loop.
#[differentiate(hessian)]
fn rosenbrock(x: [f64; 4]) -> f64 {
    let mut sum = 0.0;
    for i in 0..3 {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        sum += 100.0 * a * a + b * b;
    }
    sum
}

fn rosenbrock_twin(x: &[D]) -> D {
    let mut sum = D::from(0.0);
    for i in 0..x.len() - 1 {
        let a = x[i + 1] - x[i] * x[i];
        let b = -x[i] + 1.0;
        sum += a * a * 100.0 + b * b;
    }
    sum
}

#[test]
fn rosenbrock_array() {
    let case = Case {
        name: "rosenbrock",
        f: &|x| rosenbrock(array(x)),
        grad: &|x| {
            let (value, grad) = rosenbrock_grad(array(x));
            (value, grad.x.to_vec())
        },
        hvp: &|x, v, hv| {
            let (value, grad) = rosenbrock_hvp(array(x), v, hv);
            (value, grad.x.to_vec())
        },
        hessian: &|x, h| {
            let (value, grad) = rosenbrock_hessian(array(x), h);
            (value, grad.x.to_vec())
        },
        twin: &|x| rosenbrock_twin(x),
    };
    for x in [
        [-1.2, 1.0, 0.5, -0.3],
        [1.0, 1.0, 1.0, 1.0],
        [0.3, -0.7, 2.0, 1.1],
    ] {
        case.check(&x, &directions(4));
    }
}

/// The closed-form Rosenbrock Hessian: `H[i][i] = 1200 x_i² - 400 x_{i+1} + 2` (+200
/// from the previous term), `H[i][i+1] = -400 x_i`.
#[test]
fn rosenbrock_matches_the_closed_form() {
    let x = [0.3, -0.7, 2.0, 1.1];
    let mut h = [0.0; 16];
    let _ = rosenbrock_hessian(x, &mut h);
    let mut expected = [[0.0; 4]; 4];
    for i in 0..3 {
        expected[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        expected[i + 1][i + 1] += 200.0;
        expected[i][i + 1] = -400.0 * x[i];
        expected[i + 1][i] = -400.0 * x[i];
    }
    for i in 0..4 {
        for j in 0..4 {
            assert_close(&format!("H[{i}][{j}]"), h[i * 4 + j], expected[i][j], 1e-12);
        }
    }
}

/// Rosenbrock over a slice, as an iterator chain over `windows(2)`; the gradient is
/// added into `d_x`.
#[differentiate(hessian)]
fn rosenbrock_slice(x: &[f64]) -> f64 {
    x.windows(2)
        .map(|w| 100.0 * (w[1] - w[0] * w[0]).powi(2) + (1.0 - w[0]).powi(2))
        .sum()
}

#[test]
fn rosenbrock_over_a_slice() {
    let case = Case {
        name: "rosenbrock_slice",
        f: &|x| rosenbrock_slice(x),
        grad: &|x| {
            let mut d_x = vec![0.0; x.len()];
            let (value, _) = rosenbrock_slice_grad(x, &mut d_x);
            (value, d_x)
        },
        hvp: &|x, v, hv| {
            let mut d_x = vec![0.0; x.len()];
            let (value, _) = rosenbrock_slice_hvp(x, &mut d_x, v, hv);
            (value, d_x)
        },
        hessian: &|x, h| {
            let mut d_x = vec![0.0; x.len()];
            let (value, _) = rosenbrock_slice_hessian(x, &mut d_x, h);
            (value, d_x)
        },
        twin: &|x| rosenbrock_twin(x),
    };
    for x in [vec![-1.2, 1.0, 0.5], vec![0.3, -0.7, 2.0, 1.1, 0.9]] {
        case.check(&x, &directions(x.len()));
    }
}

/// Himmelblau's function `(x² + y - 11)² + (x + y² - 7)²`.
#[differentiate(hessian)]
fn himmelblau(x: f64, y: f64) -> f64 {
    (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
}

/// Beale's function, with `powi` of the parameter.
#[differentiate(hessian)]
fn beale(x: f64, y: f64) -> f64 {
    (1.5 - x + x * y).powi(2)
        + (2.25 - x + x * y.powi(2)).powi(2)
        + (2.625 - x + x * y.powi(3)).powi(2)
}

fn scalar_case<'a>(
    name: &'a str,
    f: &'a dyn Fn(&[f64]) -> f64,
    grad: GradFn<'a>,
    hvp: HvpFn<'a>,
    hessian: HessianFn<'a>,
    twin: &'a dyn Fn(&[HyperDual64]) -> HyperDual64,
) -> Case<'a> {
    Case {
        name,
        f,
        grad,
        hvp,
        hessian,
        twin,
    }
}

#[test]
fn himmelblau_and_beale() {
    let himmelblau_case = scalar_case(
        "himmelblau",
        &|x| himmelblau(x[0], x[1]),
        &|x| himmelblau_grad(x[0], x[1]).map_grad(|g| vec![g.x, g.y]),
        &|x, v, hv| himmelblau_hvp(x[0], x[1], v, hv).map_grad(|g| vec![g.x, g.y]),
        &|x, h| himmelblau_hessian(x[0], x[1], h).map_grad(|g| vec![g.x, g.y]),
        &|x| (x[0] * x[0] + x[1] - 11.0).powi(2) + (x[0] + x[1] * x[1] - 7.0).powi(2),
    );
    let beale_case = scalar_case(
        "beale",
        &|x| beale(x[0], x[1]),
        &|x| beale_grad(x[0], x[1]).map_grad(|g| vec![g.x, g.y]),
        &|x, v, hv| beale_hvp(x[0], x[1], v, hv).map_grad(|g| vec![g.x, g.y]),
        &|x, h| beale_hessian(x[0], x[1], h).map_grad(|g| vec![g.x, g.y]),
        &|x| {
            let (a, b) = (x[0], x[1]);
            (-a + a * b + 1.5).powi(2)
                + (-a + a * b.powi(2) + 2.25).powi(2)
                + (-a + a * b.powi(3) + 2.625).powi(2)
        },
    );
    for x in [[3.0, 2.0], [-0.27, -0.92], [1.5, 0.4]] {
        himmelblau_case.check(&x, &directions(2));
        beale_case.check(&x, &directions(2));
    }
    // Himmelblau's Hessian in closed form at (1.5, 0.4).
    let (x, y) = (1.5, 0.4);
    let mut h = [0.0; 4];
    let _ = himmelblau_hessian(x, y, &mut h);
    let expected = [
        12.0 * x * x + 4.0 * y - 42.0,
        4.0 * (x + y),
        4.0 * (x + y),
        12.0 * y * y + 4.0 * x - 26.0,
    ];
    for (k, (a, b)) in h.iter().zip(expected).enumerate() {
        assert_close(&format!("himmelblau H entry {k}"), *a, b, 1e-12);
    }
}

/// `(value, FGrad)` to `(value, Vec)`.
trait MapGrad<G> {
    fn map_grad(self, f: impl Fn(G) -> Vec<f64>) -> (f64, Vec<f64>);
}

impl<G> MapGrad<G> for (f64, G) {
    fn map_grad(self, f: impl Fn(G) -> Vec<f64>) -> (f64, Vec<f64>) {
        (self.0, f(self.1))
    }
}

/// Logistic loss of a linear model over a slice of weights, with fixed data:
/// `Σ ln(1 + exp(-y (w·x)))`, plus an L2 term.
#[differentiate(hessian, wrt(w))]
fn logistic(w: &[f64], xs: &[[f64; 3]; 4], ys: &[f64; 4]) -> f64 {
    let mut loss = 0.0;
    for k in 0..4 {
        let mut z = 0.0;
        for j in 0..3 {
            z += w[j] * xs[k][j];
        }
        loss += (1.0 + (-ys[k] * z).exp()).ln();
    }
    loss + 0.01 * w.iter().map(|v| v * v).sum::<f64>()
}

const XS: [[f64; 3]; 4] = [
    [1.0, 0.5, -0.3],
    [0.2, -1.1, 0.8],
    [-0.7, 0.4, 1.5],
    [1.3, 1.0, -0.6],
];
const YS: [f64; 4] = [1.0, -1.0, 1.0, -1.0];

#[test]
fn logistic_loss() {
    let twin = |w: &[D]| {
        let mut loss = D::from(0.0);
        for k in 0..4 {
            let mut z = D::from(0.0);
            for j in 0..3 {
                z += w[j] * XS[k][j];
            }
            loss += ((z * -YS[k]).exp() + 1.0).ln();
        }
        loss + w.iter().map(|&v| v * v).fold(D::from(0.0), |a, b| a + b) * 0.01
    };
    let case = Case {
        name: "logistic",
        f: &|w| logistic(w, &XS, &YS),
        grad: &|w| {
            let mut d_w = vec![0.0; w.len()];
            let (value, _) = logistic_grad(w, &XS, &YS, &mut d_w);
            (value, d_w)
        },
        hvp: &|w, v, hv| {
            let mut d_w = vec![0.0; w.len()];
            let (value, _) = logistic_hvp(w, &XS, &YS, &mut d_w, v, hv);
            (value, d_w)
        },
        hessian: &|w, h| {
            let mut d_w = vec![0.0; w.len()];
            let (value, _) = logistic_hessian(w, &XS, &YS, &mut d_w, h);
            (value, d_w)
        },
        twin: &twin,
    };
    for w in [[0.1, -0.2, 0.3], [1.5, 0.7, -2.0], [-0.4, 0.9, 0.05]] {
        case.check(&w, &directions(3));
    }
}

/// A two-unit network on one input: tanh and softplus-like units written out with
/// exp, ln, sqrt, powi, powf and division, weights in a `[f64; 6]` and a matrix.
#[differentiate(hessian, wrt(p, m))]
fn network(p: [f64; 6], m: [[f64; 2]; 2], input: f64) -> f64 {
    let h0 = (p[0] * input + p[1]).tanh();
    let h1 = (1.0 + (p[2] * input).exp()).ln();
    let z0 = m[0][0] * h0 + m[0][1] * h1;
    let z1 = m[1][0] * h0 + m[1][1] * h1 + p[3];
    let norm = (z0 * z0 + z1 * z1 + 1.0).sqrt();
    let ratio = z0 / norm;
    ratio.powi(3) + (p[4] * p[4] + 0.5).powf(1.5) - p[5] / (1.0 + z1 * z1)
}

fn network_twin(x: &[D], input: f64) -> D {
    let (p, m) = (&x[..6], &x[6..]);
    let h0 = (p[0] * input + p[1]).tanh();
    let h1 = ((p[2] * input).exp() + 1.0).ln();
    let z0 = m[0] * h0 + m[1] * h1;
    let z1 = m[2] * h0 + m[3] * h1 + p[3];
    let norm = (z0 * z0 + z1 * z1 + 1.0).sqrt();
    let ratio = z0 / norm;
    ratio.powi(3) + (p[4] * p[4] + 0.5).powf(1.5) - p[5] / (z1 * z1 + 1.0)
}

fn network_flat(grad: NetworkGrad) -> Vec<f64> {
    grad.p
        .iter()
        .chain(grad.m.iter().flatten())
        .copied()
        .collect()
}

fn split(x: &[f64]) -> ([f64; 6], [[f64; 2]; 2]) {
    (array(x), [[x[6], x[7]], [x[8], x[9]]])
}

#[test]
fn small_network() {
    for input in [0.7, -1.3] {
        let case = Case {
            name: "network",
            f: &|x| {
                let (p, m) = split(x);
                network(p, m, input)
            },
            grad: &|x| {
                let (p, m) = split(x);
                let (value, grad) = network_grad(p, m, input);
                (value, network_flat(grad))
            },
            hvp: &|x, v, hv| {
                let (p, m) = split(x);
                let (value, grad) = network_hvp(p, m, input, v, hv);
                (value, network_flat(grad))
            },
            hessian: &|x, h| {
                let (p, m) = split(x);
                let (value, grad) = network_hessian(p, m, input, h);
                (value, network_flat(grad))
            },
            twin: &|x| network_twin(x, input),
        };
        let x = [0.3, -0.2, 0.8, 0.1, -0.6, 1.2, 0.5, -1.1, 0.9, 0.4];
        let y = [-1.0, 0.4, -0.3, 0.7, 1.1, -0.2, 1.5, 0.3, -0.8, 0.6];
        case.check(&x, &directions(10));
        case.check(&y, &directions(10));
    }
}

/// Branches on the data, a `while` that runs until converged (Newton's square root of
/// `a`, scaled by `x`), and an element-assigned local array.
#[differentiate(hessian)]
fn control(x: f64, y: f64, a: f64) -> f64 {
    let mut r = a;
    let mut steps = 0;
    while steps < 30 && (r * r - a).abs() > 1e-12 * a {
        r = 0.5 * (r + a / r);
        steps += 1;
    }
    let mut parts = [0.0; 3];
    for i in 0..3 {
        parts[i] = if x * (i as f64) > y {
            (x - y).powi(2)
        } else {
            x.sin() * y
        };
    }
    parts[1] += r * x;
    let s = if x > 0.0 {
        x.exp() * y
    } else {
        (y * y + 1.0).ln() - x
    };
    parts[0] * parts[1] + parts[2] * s
}

fn control_twin(v: &[D]) -> D {
    let (x, y, a) = (v[0], v[1], v[2]);
    let r = a.sqrt();
    let mut parts = [D::from(0.0); 3];
    for (i, part) in parts.iter_mut().enumerate() {
        *part = if x.re * (i as f64) > y.re {
            (x - y).powi(2)
        } else {
            x.sin() * y
        };
    }
    parts[1] += r * x;
    let s = if x.re > 0.0 {
        x.exp() * y
    } else {
        (y * y + 1.0).ln() - x
    };
    parts[0] * parts[1] + parts[2] * s
}

#[test]
fn branches_loops_and_local_arrays() {
    let case = Case {
        name: "control",
        f: &|v| control(v[0], v[1], v[2]),
        grad: &|v| control_grad(v[0], v[1], v[2]).map_grad(|g| vec![g.x, g.y, g.a]),
        hvp: &|v, t, hv| control_hvp(v[0], v[1], v[2], t, hv).map_grad(|g| vec![g.x, g.y, g.a]),
        hessian: &|v, h| control_hessian(v[0], v[1], v[2], h).map_grad(|g| vec![g.x, g.y, g.a]),
        twin: &control_twin,
    };
    for v in [
        [0.8, 0.3, 2.0],
        [-0.5, 1.2, 0.7],
        [1.5, 2.5, 3.0],
        [0.9, -0.4, 5.0],
    ] {
        case.check(&v, &directions(3));
    }
}

/// `wrt` with `hessian`: `k` is a constant, so `v` and the Hessian cover `x` and `z`.
#[differentiate(hessian, wrt(x, z))]
fn partial(x: f64, k: f64, z: f64) -> f64 {
    (x * k + z).sin() * x.cosh() + z.atan() * k
}

#[test]
fn wrt_selects_the_variables() {
    let k = 1.7;
    let case = Case {
        name: "partial",
        f: &|v| partial(v[0], k, v[1]),
        grad: &|v| partial_grad(v[0], k, v[1]).map_grad(|g| vec![g.x, g.z]),
        hvp: &|v, t, hv| partial_hvp(v[0], k, v[1], t, hv).map_grad(|g| vec![g.x, g.z]),
        hessian: &|v, h| partial_hessian(v[0], k, v[1], h).map_grad(|g| vec![g.x, g.z]),
        twin: &|v| (v[0] * k + v[1]).sin() * v[0].cosh() + v[1].atan() * k,
    };
    for v in [[0.3, -0.4], [1.1, 2.0], [-0.8, 0.25]] {
        case.check(&v, &directions(2));
    }
}

/// Kinks: `|x| y + max(x, y)` and `√z + z² + z³` (`powi`) at `x = 0`, `z = 0`.
#[differentiate(hessian)]
fn kinks(x: f64, y: f64, z: f64) -> f64 {
    x.abs() * y + x.max(y) + z.sqrt() + z.powi(2) + z.powi(3)
}

/// Second derivatives at kinks follow the first-derivative conventions: `abs` and `max`
/// have constant local gradients (0 at the kink, so their derivatives are 0), `sqrt`'s
/// slope is 0 at 0 and so is its derivative; away from the kinks the true values.
#[test]
fn second_derivatives_at_kinks() {
    let mut h = [0.0; 9];
    let (value, grad) = kinks_hessian(0.0, 1.0, 0.0, &mut h);
    assert_eq!(value, kinks(0.0, 1.0, 0.0));
    assert_eq!(grad, kinks_grad(0.0, 1.0, 0.0).1);
    // ∂²/∂x∂y = abs'(0) = 0; only z² contributes: 2.
    assert_eq!(h, [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]);
    let (x, y, z) = (-0.5, 1.5, 0.25);
    let mut h = [0.0; 9];
    let _ = kinks_hessian(x, y, z, &mut h);
    let zz = -0.25 * z.powf(-1.5) + 2.0 + 6.0 * z;
    let expected = [0.0, -1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, zz];
    for (k, (a, b)) in h.iter().zip(expected).enumerate() {
        assert_close(&format!("kinks H entry {k}"), *a, b, 1e-12);
    }
}

/// One unit of a network: `tanh(w x + b)`, with `hessian` so that callers can use it.
#[differentiate(hessian)]
fn unit(w: f64, b: f64, x: f64) -> f64 {
    (w * x + b).tanh()
}

/// Squared error of a prediction, with a penalty on the scale, called per sample.
#[differentiate(hessian, wrt(prediction, scale))]
fn squared_error(prediction: f64, scale: f64, target: f64) -> f64 {
    (prediction - target) * (prediction - target) + 0.1 * scale * scale
}

/// A two-unit network over four samples, calling `unit` and `squared_error` in a loop.
#[differentiate(hessian, wrt(w))]
fn fit(w: [f64; 4], xs: [f64; 4], ys: [f64; 4]) -> f64 {
    let mut loss = 0.0;
    for k in 0..4 {
        let h = unit(w[0], w[1], xs[k]);
        let out = unit(w[2], 0.1, h) * w[3];
        loss += squared_error(out, w[3], ys[k]);
    }
    loss
}

#[test]
fn calls_of_functions_with_hessian() {
    let (xs, ys) = ([0.5, -1.0, 1.5, 0.2], [0.3, -0.4, 0.6, 0.0]);
    let twin = |w: &[D]| {
        let mut loss = D::from(0.0);
        for k in 0..4 {
            let h = (w[0] * xs[k] + w[1]).tanh();
            let out = (w[2] * h + 0.1).tanh() * w[3];
            loss += (out - ys[k]) * (out - ys[k]) + w[3] * w[3] * 0.1;
        }
        loss
    };
    let case = Case {
        name: "fit",
        f: &|w| fit(array(w), xs, ys),
        grad: &|w| fit_grad(array(w), xs, ys).map_grad(|g| g.w.to_vec()),
        hvp: &|w, v, hv| fit_hvp(array(w), xs, ys, v, hv).map_grad(|g| g.w.to_vec()),
        hessian: &|w, h| fit_hessian(array(w), xs, ys, h).map_grad(|g| g.w.to_vec()),
        twin: &twin,
    };
    for w in [[0.3, -0.2, 0.8, 1.1], [-1.0, 0.5, 1.4, -0.6]] {
        case.check(&w, &directions(4));
    }
}

/// The rule table's operations, each reached by the second derivative: trigonometric,
/// hyperbolic and their inverses, exponentials and logarithms, roots and powers (a
/// varying exponent too), `atan2`, `hypot`, `log` in a base, `mul_add`, the `sigmoid`
/// and `softplus` gates, and `max`/`min`/`abs`/`clamp` away from their kinks.
#[differentiate(hessian)]
fn elementary(x: f64, y: f64, z: f64) -> f64 {
    let a = x.sin() * y.cos() + (x * y).tan() + x.asin() + y.acos() * z.atan();
    let b = x.sinh() + y.cosh() * z.tanh() + (z + 1.5).asinh() + (z + 2.0).acosh();
    let c = (x * 0.5).atanh() + x.exp2() + y.exp_m1() + (z + 1.0).log10() + (z + 1.0).log2();
    let d = y.ln_1p() + x.recip() + x.powf(y) + y.powf(2.5) + z.cbrt() + (x + y).sqrt();
    let e = y.atan2(x) + x.hypot(z) + x.log(y + 2.0) + x.mul_add(y, z) + (x / y).powi(3);
    let f = backprop::sigmoid(x * y) + backprop::softplus(z) * x.exp() / y.ln().abs();
    let g = x.max(y) * z.min(x) + (x - y).abs() * z + (x * 3.0).clamp(0.0, 2.0) * y;
    a + b + c + d * e + f + g
}

fn elementary_twin(v: &[D]) -> D {
    let (x, y, z) = (v[0], v[1], v[2]);
    let a = x.sin() * y.cos() + (x * y).tan() + x.asin() + y.acos() * z.atan();
    let b = x.sinh() + y.cosh() * z.tanh() + (z + 1.5).asinh() + (z + 2.0).acosh();
    let c = (x * 0.5).atanh() + x.exp2() + y.exp_m1() + (z + 1.0).log10() + (z + 1.0).log2();
    let d = y.ln_1p() + x.recip() + x.powd(y) + y.powf(2.5) + z.cbrt() + (x + y).sqrt();
    let e =
        y.atan2(x) + (x * x + z * z).sqrt() + x.ln() / (y + 2.0).ln() + x * y + z + (x / y).powi(3);
    let sigmoid = |t: D| ((-t).exp() + 1.0).recip();
    let f = sigmoid(x * y) + (z.exp() + 1.0).ln() * x.exp() / -y.ln();
    let max = if x.re > y.re { x } else { y };
    let min = if z.re < x.re { z } else { x };
    let abs = if x.re > y.re { x - y } else { y - x };
    let clamped = x * 3.0; // inside (0, 2) at every point below
    let g = max * min + abs * z + clamped * y;
    a + b + c + d * e + f + g
}

#[test]
fn elementary_operations() {
    let case = Case {
        name: "elementary",
        f: &|v| elementary(v[0], v[1], v[2]),
        grad: &|v| elementary_grad(v[0], v[1], v[2]).map_grad(|g| vec![g.x, g.y, g.z]),
        hvp: &|v, t, hv| elementary_hvp(v[0], v[1], v[2], t, hv).map_grad(|g| vec![g.x, g.y, g.z]),
        hessian: &|v, h| elementary_hessian(v[0], v[1], v[2], h).map_grad(|g| vec![g.x, g.y, g.z]),
        twin: &elementary_twin,
    };
    for v in [[0.3, 0.5, 0.4], [0.55, 0.35, 0.8], [0.25, 0.62, 0.15]] {
        case.check(&v, &directions(3));
    }
}
