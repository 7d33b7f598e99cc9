//! Functions written the way numeric crates write them with references to arrays,
//! array and tuple patterns, tuple locals and swaps, `sin_cos`, matrices built from
//! values and array parameters taken apart: argmin's two-dimensional test functions
//! (`param: &[f64; 2]`, `let [x1, x2] = *param;`), polar coordinates, Box-Muller, a
//! quaternion rotation, recurrences by tuple swaps, a 2-body orbit, a Kalman update.
//! Each is `#[differentiate]`d unchanged and checked at several points against central
//! finite differences of itself and num-dual on a hand-written twin.
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;
use std::f64::consts::PI;

mod common;
use common::{check, cst, dabs};
use num_dual::{Dual64, DualNum};

/// Checks `f` at each point: `grad` gives the value and the gradient (in the order of
/// the point's coordinates), `f` is the plain function, `twin` its num-dual twin.
fn check_at<const N: usize>(
    name: &str,
    points: &[[f64; N]],
    grad: impl Fn(&[f64; N]) -> (f64, Vec<f64>),
    f: impl Fn(&[f64; N]) -> f64,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    for point in points {
        let (value, g) = grad(point);
        let plain = |x: &[f64]| f(&x.try_into().expect("one coordinate per input"));
        check(name, point, value, &g, plain, &twin);
    }
}

const P2: [[f64; 2]; 3] = [[0.3, -1.2], [1.1, 0.4], [-0.7, 2.1]];

// ---------------------------------------------------------------------------------
// argmin's test functions over `param: &[f64; 2]`, taken apart by `let [x1, x2] = *param;`
// ---------------------------------------------------------------------------------

/// Booth: `(x1 + 2 x2 - 7)² + (2 x1 + x2 - 5)²`.
#[differentiate]
pub fn booth(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    (x1 + 2.0 * x2 - 7.0).powi(2) + (2.0 * x1 + x2 - 5.0).powi(2)
}

fn ref2(grad: impl Fn(&[f64; 2], &mut [f64; 2]) -> f64) -> impl Fn(&[f64; 2]) -> (f64, Vec<f64>) {
    move |p| {
        let mut d = [0.0; 2];
        let value = grad(p, &mut d);
        (value, d.to_vec())
    }
}

#[test]
fn booth_function() {
    let twin = |p: &[Dual64]| (p[0] + p[1] * 2.0 - 7.0).powi(2) + (p[0] * 2.0 + p[1] - 5.0).powi(2);
    check_at("booth", &P2, ref2(|p, d| booth_grad(p, d).0), booth, twin);
}

/// Beale: `(1.5 - x1 + x1 x2)² + (2.25 - x1 + x1 x2²)² + (2.625 - x1 + x1 x2³)²`.
#[differentiate]
pub fn beale(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    (1.5 - x1 + x1 * x2).powi(2)
        + (2.25 - x1 + x1 * x2.powi(2)).powi(2)
        + (2.625 - x1 + x1 * x2.powi(3)).powi(2)
}

#[test]
fn beale_function() {
    let twin = |p: &[Dual64]| {
        let (x1, x2) = (p[0], p[1]);
        (cst(1.5) - x1 + x1 * x2).powi(2)
            + (cst(2.25) - x1 + x1 * x2.powi(2)).powi(2)
            + (cst(2.625) - x1 + x1 * x2.powi(3)).powi(2)
    };
    check_at("beale", &P2, ref2(|p, d| beale_grad(p, d).0), beale, twin);
}

/// Himmelblau: `(x1² + x2 - 11)² + (x1 + x2² - 7)²`.
#[differentiate]
pub fn himmelblau(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    (x1.powi(2) + x2 - 11.0).powi(2) + (x1 + x2.powi(2) - 7.0).powi(2)
}

#[test]
fn himmelblau_function() {
    let twin =
        |p: &[Dual64]| (p[0].powi(2) + p[1] - 11.0).powi(2) + (p[0] + p[1].powi(2) - 7.0).powi(2);
    let grad = ref2(|p, d| himmelblau_grad(p, d).0);
    check_at("himmelblau", &P2, grad, himmelblau, twin);
}

/// Lévi N.13: `sin²(3πx1) + (x1 - 1)²(1 + sin²(3πx2)) + (x2 - 1)²(1 + sin²(2πx2))`,
/// its constants bound by a tuple `let`.
#[differentiate]
pub fn levy_n13(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    let (three_pi, two_pi) = (3.0 * PI, 2.0 * PI);
    (three_pi * x1).sin().powi(2)
        + (x1 - 1.0).powi(2) * (1.0 + (three_pi * x2).sin().powi(2))
        + (x2 - 1.0).powi(2) * (1.0 + (two_pi * x2).sin().powi(2))
}

#[test]
fn levy_n13_function() {
    let twin = |p: &[Dual64]| {
        let (x1, x2) = (p[0], p[1]);
        (x1 * (3.0 * PI)).sin().powi(2)
            + (x1 - 1.0).powi(2) * ((x2 * (3.0 * PI)).sin().powi(2) + 1.0)
            + (x2 - 1.0).powi(2) * ((x2 * (2.0 * PI)).sin().powi(2) + 1.0)
    };
    check_at(
        "levy_n13",
        &P2,
        ref2(|p, d| levy_n13_grad(p, d).0),
        levy_n13,
        twin,
    );
}

/// Rosenbrock in two dimensions, its parameters a tuple: `(a - x)² + b (y - x²)²`.
#[differentiate]
pub fn rosenbrock_2d(param: &[f64; 2]) -> f64 {
    let (a, b) = (1.0, 100.0);
    let [x, y] = *param;
    (a - x).powi(2) + b * (y - x.powi(2)).powi(2)
}

#[test]
fn rosenbrock_2d_function() {
    let twin = |p: &[Dual64]| (cst(1.0) - p[0]).powi(2) + (p[1] - p[0].powi(2)).powi(2) * 100.0;
    let grad = ref2(|p, d| rosenbrock_2d_grad(p, d).0);
    check_at("rosenbrock_2d", &P2, grad, rosenbrock_2d, twin);
}

/// Sphere over a reference to an array, as a chain: `Σ x²`.
#[differentiate]
pub fn sphere4(param: &[f64; 4]) -> f64 {
    param.iter().map(|x| x.powi(2)).sum::<f64>() + param[0] * param[param.len() - 1]
}

#[test]
fn sphere4_function() {
    let grad = |p: &[f64; 4]| {
        let mut d = [0.0; 4];
        let value = sphere4_grad(p, &mut d).0;
        (value, d.to_vec())
    };
    let twin = |p: &[Dual64]| p.iter().fold(cst(0.0), |s, x| s + x.powi(2)) + p[0] * p[3];
    let points = [[0.3, -1.2, 0.8, 2.0], [1.1, 0.4, -0.6, -0.1]];
    check_at("sphere4", &points, grad, sphere4, twin);
}

// ---------------------------------------------------------------------------------
// Tuples: `sin_cos`, tuple returns, tuple locals, swaps
// ---------------------------------------------------------------------------------

/// Polar to Cartesian coordinates.
#[differentiate]
pub fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    let (s, c) = theta.sin_cos();
    (r * c, r * s)
}

/// Checks a function returning a tuple through `weights · output`.
fn check_tuple<const N: usize, const M: usize>(
    name: &str,
    points: &[[f64; N]],
    weights: [f64; M],
    vjp: impl Fn(&[f64; N], [f64; M]) -> ([f64; M], Vec<f64>),
    twin: impl Fn(&[Dual64]) -> [Dual64; M],
) {
    for point in points {
        let (value, g) = vjp(point, weights);
        let dot = value.iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>();
        let f = |x: &[f64]| {
            let out = vjp(&x.try_into().expect("one coordinate per input"), weights).0;
            out.iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>()
        };
        let twin = |x: &[Dual64]| {
            let out = twin(x);
            out.iter()
                .zip(&weights)
                .fold(cst(0.0), |s, (v, &w)| s + *v * w)
        };
        check(name, point, dot, &g, f, twin);
    }
}

#[test]
fn to_cartesian_function() {
    let vjp = |p: &[f64; 2], w: [f64; 2]| {
        let (out, cache) = to_cartesian_forward(p[0], p[1]);
        let g = to_cartesian_backward(&cache, (w[0], w[1]));
        ([out.0, out.1], vec![g.r, g.theta])
    };
    let twin = |p: &[Dual64]| [p[0] * p[1].cos(), p[0] * p[1].sin()];
    check_tuple("to_cartesian", &P2, [0.7, -1.3], vjp, twin);
}

/// Box-Muller: two standard normal samples from two uniform ones.
#[differentiate]
pub fn box_muller(u1: f64, u2: f64) -> (f64, f64) {
    let r = (-2.0 * u1.ln()).sqrt();
    let (s, c) = (2.0 * PI * u2).sin_cos();
    (r * c, r * s)
}

#[test]
fn box_muller_function() {
    let vjp = |p: &[f64; 2], w: [f64; 2]| {
        let (out, cache) = box_muller_forward(p[0], p[1]);
        let g = box_muller_backward(&cache, (w[0], w[1]));
        ([out.0, out.1], vec![g.u1, g.u2])
    };
    let twin = |p: &[Dual64]| {
        let r = (p[0].ln() * -2.0).sqrt();
        let angle = p[1] * (2.0 * PI);
        [r * angle.cos(), r * angle.sin()]
    };
    let points = [[0.3, 0.15], [0.72, 0.4], [0.05, 0.9]];
    check_tuple("box_muller", &points, [1.0, 0.5], vjp, twin);
}

/// A vector rotated by a unit quaternion `q = (w, x, y, z)`: `v + w t + q_v × t` with
/// `t = 2 q_v × v`, the cross products as tuples.
#[differentiate]
pub fn rotate(q: &[f64; 4], v: [f64; 3]) -> (f64, f64, f64) {
    let [w, x, y, z] = *q;
    let [vx, vy, vz] = v;
    let t = (
        2.0 * (y * vz - z * vy),
        2.0 * (z * vx - x * vz),
        2.0 * (x * vy - y * vx),
    );
    let cross = (y * t.2 - z * t.1, z * t.0 - x * t.2, x * t.1 - y * t.0);
    (
        vx + w * t.0 + cross.0,
        vy + w * t.1 + cross.1,
        vz + w * t.2 + cross.2,
    )
}

#[test]
fn rotate_function() {
    let vjp = |p: &[f64; 7], d: [f64; 3]| {
        let q = [p[0], p[1], p[2], p[3]];
        let (out, cache) = rotate_forward(&q, [p[4], p[5], p[6]]);
        let mut d_q = [0.0; 4];
        let g = rotate_backward(&cache, (d[0], d[1], d[2]), &mut d_q);
        let mut grad = d_q.to_vec();
        grad.extend(g.v);
        ([out.0, out.1, out.2], grad)
    };
    let twin = |p: &[Dual64]| {
        let (w, x, y, z) = (p[0], p[1], p[2], p[3]);
        let (vx, vy, vz) = (p[4], p[5], p[6]);
        let t = [
            (y * vz - z * vy) * 2.0,
            (z * vx - x * vz) * 2.0,
            (x * vy - y * vx) * 2.0,
        ];
        [
            vx + w * t[0] + (y * t[2] - z * t[1]),
            vy + w * t[1] + (z * t[0] - x * t[2]),
            vz + w * t[2] + (x * t[1] - y * t[0]),
        ]
    };
    let points = [
        [0.5, 0.5, -0.5, 0.5, 1.0, 2.0, -0.5],
        [0.9, 0.1, 0.3, -0.2, -0.3, 0.8, 1.4],
    ];
    check_tuple("rotate", &points, [0.3, -1.1, 0.6], vjp, twin);
}

/// Chebyshev polynomial `T_12(x)` by its recurrence, a tuple swap per step.
#[differentiate]
pub fn chebyshev(x: f64) -> f64 {
    let (mut prev, mut cur) = (1.0, x);
    for _ in 1..12 {
        (prev, cur) = (cur, 2.0 * x * cur - prev);
    }
    cur
}

#[test]
fn chebyshev_function() {
    let twin = |p: &[Dual64]| (p[0].acos() * 12.0).cos();
    let points = [[0.3], [-0.71], [0.93]];
    check_at(
        "chebyshev",
        &points,
        |p| (chebyshev_grad(p[0]).0, vec![chebyshev_grad(p[0]).1.x]),
        |p| chebyshev(p[0]),
        twin,
    );
}

/// A Fibonacci-like recurrence with run-time length: `a, b <- b, a + r b`.
#[differentiate]
pub fn recurrence(a0: f64, a1: f64, r: f64, n: usize) -> f64 {
    let (mut a, mut b) = (a0, a1);
    for _ in 0..n {
        (a, b) = (b, a + r * b);
    }
    a * b
}

#[test]
fn recurrence_function() {
    let twin = |p: &[Dual64]| {
        let (mut a, mut b) = (p[0], p[1]);
        for _ in 0..7 {
            (a, b) = (b, a + p[2] * b);
        }
        a * b
    };
    let grad = |p: &[f64; 3]| {
        let (value, g) = recurrence_grad(p[0], p[1], p[2], 7);
        (value, vec![g.a0, g.a1, g.r])
    };
    let points = [[0.3, 0.5, 0.9], [1.1, -0.4, 0.6]];
    check_at(
        "recurrence",
        &points,
        grad,
        |p| recurrence(p[0], p[1], p[2], 7),
        twin,
    );
}

/// Energy after 20 semi-implicit Euler steps of a 2-body (Kepler) orbit, positions and
/// velocities as tuples.
#[differentiate]
pub fn orbit_energy(x: f64, y: f64, vx: f64, vy: f64, dt: f64) -> f64 {
    let (mut pos, mut vel) = ((x, y), (vx, vy));
    for _ in 0..20 {
        let r3 = (pos.0 * pos.0 + pos.1 * pos.1).powf(1.5);
        let acc = (-pos.0 / r3, -pos.1 / r3);
        vel = (vel.0 + dt * acc.0, vel.1 + dt * acc.1);
        pos = (pos.0 + dt * vel.0, pos.1 + dt * vel.1);
    }
    0.5 * (vel.0.powi(2) + vel.1.powi(2)) - 1.0 / pos.0.hypot(pos.1)
}

#[test]
fn orbit_energy_function() {
    let twin = |p: &[Dual64]| {
        let (mut px, mut py, mut vx, mut vy, dt) = (p[0], p[1], p[2], p[3], p[4]);
        for _ in 0..20 {
            let r3 = (px * px + py * py).powf(1.5);
            vx += dt * (-px / r3);
            vy += dt * (-py / r3);
            px += dt * vx;
            py += dt * vy;
        }
        (vx.powi(2) + vy.powi(2)) * 0.5 - (px * px + py * py).sqrt().recip()
    };
    let grad = |p: &[f64; 5]| {
        let (value, g) = orbit_energy_grad(p[0], p[1], p[2], p[3], p[4]);
        (value, vec![g.x, g.y, g.vx, g.vy, g.dt])
    };
    let f = |p: &[f64; 5]| orbit_energy(p[0], p[1], p[2], p[3], p[4]);
    let points = [[1.0, 0.0, 0.0, 1.1, 0.05], [0.8, 0.3, -0.2, 0.9, 0.03]];
    check_at("orbit_energy", &points, grad, f, twin);
}

/// `|z w|` for complex numbers as tuples: tuple locals read by field.
#[differentiate]
pub fn complex_product_abs(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let z = (a, b);
    let w = (c, d);
    let p = (z.0 * w.0 - z.1 * w.1, z.0 * w.1 + z.1 * w.0);
    p.0.hypot(p.1)
}

#[test]
fn complex_product_abs_function() {
    let twin = |p: &[Dual64]| {
        let (re, im) = (p[0] * p[2] - p[1] * p[3], p[0] * p[3] + p[1] * p[2]);
        (re * re + im * im).sqrt()
    };
    let grad = |p: &[f64; 4]| {
        let (value, g) = complex_product_abs_grad(p[0], p[1], p[2], p[3]);
        (value, vec![g.a, g.b, g.c, g.d])
    };
    let f = |p: &[f64; 4]| complex_product_abs(p[0], p[1], p[2], p[3]);
    let points = [[0.3, -1.2, 0.8, 0.5], [1.1, 0.4, -0.6, 2.0]];
    check_at("complex_product_abs", &points, grad, f, twin);
}

/// The ordered pair of two values by an `if` ending in tuples.
#[differentiate]
pub fn spread(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    (hi - lo) * hi.exp() + lo * lo
}

#[test]
fn spread_function() {
    let twin = |p: &[Dual64]| {
        let (lo, hi) = if p[0].re < p[1].re {
            (p[0], p[1])
        } else {
            (p[1], p[0])
        };
        (hi - lo) * hi.exp() + lo * lo
    };
    let grad = |p: &[f64; 2]| {
        let (value, g) = spread_grad(p[0], p[1]);
        (value, vec![g.a, g.b])
    };
    check_at("spread", &P2, grad, |p| spread(p[0], p[1]), twin);
}

/// Nested patterns and `_`: `let ((s, c), r) = ..;`, `let (_, c2) = ..;`.
#[differentiate]
pub fn nested_patterns(r0: f64, theta: f64) -> f64 {
    let ((s, c), r) = (theta.sin_cos(), r0 * 2.0);
    let (_, c2) = (2.0 * theta).sin_cos();
    let t = ((r * s, r * c), c2);
    t.0 .0 * t.0 .1 + t.1 * r
}

#[test]
fn nested_patterns_function() {
    let twin = |p: &[Dual64]| {
        let r = p[0] * 2.0;
        (r * p[1].sin()) * (r * p[1].cos()) + (p[1] * 2.0).cos() * r
    };
    let grad = |p: &[f64; 2]| {
        let (value, g) = nested_patterns_grad(p[0], p[1]);
        (value, vec![g.r0, g.theta])
    };
    check_at(
        "nested_patterns",
        &P2,
        grad,
        |p| nested_patterns(p[0], p[1]),
        twin,
    );
}

// ---------------------------------------------------------------------------------
// Arrays: matrices from values, mut and pattern parameters, integer arrays, rows
// ---------------------------------------------------------------------------------

/// One Kalman measurement update of a 2-state filter, covariance by reference:
/// `S = h P hᵀ + r`, `K = P hᵀ / S`, `x' = x + K (z - h x)`, `P' = (I - K h) P`;
/// returns `x'₀ + x'₁ + tr P'`.
#[differentiate]
pub fn kalman_update(p: &[[f64; 2]; 2], x: [f64; 2], h: [f64; 2], r: f64, z: f64) -> f64 {
    let [[p00, p01], [p10, p11]] = *p;
    let [h0, h1] = h;
    let ph = [p00 * h0 + p01 * h1, p10 * h0 + p11 * h1];
    let s = h0 * ph[0] + h1 * ph[1] + r;
    let k = [ph[0] / s, ph[1] / s];
    let innovation = z - (h0 * x[0] + h1 * x[1]);
    let x_new = [x[0] + k[0] * innovation, x[1] + k[1] * innovation];
    let i_kh = [[1.0 - k[0] * h0, -k[0] * h1], [-k[1] * h0, 1.0 - k[1] * h1]];
    let p_new = [
        [
            i_kh[0][0] * p00 + i_kh[0][1] * p10,
            i_kh[0][0] * p01 + i_kh[0][1] * p11,
        ],
        [
            i_kh[1][0] * p00 + i_kh[1][1] * p10,
            i_kh[1][0] * p01 + i_kh[1][1] * p11,
        ],
    ];
    x_new[0] + x_new[1] + p_new[0][0] + p_new[1][1]
}

#[test]
fn kalman_update_function() {
    let twin = |v: &[Dual64]| {
        let (p00, p01, p10, p11) = (v[0], v[1], v[2], v[3]);
        let (x0, x1, r) = (v[4], v[5], v[6]);
        let (h0, h1, z) = (cst(1.0), cst(0.5), cst(0.8));
        let ph = [p00 * h0 + p01 * h1, p10 * h0 + p11 * h1];
        let s = h0 * ph[0] + h1 * ph[1] + r;
        let k = [ph[0] / s, ph[1] / s];
        let inn = z - (h0 * x0 + h1 * x1);
        let xn = [x0 + k[0] * inn, x1 + k[1] * inn];
        let a = [
            [cst(1.0) - k[0] * h0, -k[0] * h1],
            [-k[1] * h0, cst(1.0) - k[1] * h1],
        ];
        xn[0] + xn[1] + (a[0][0] * p00 + a[0][1] * p10) + (a[1][0] * p01 + a[1][1] * p11)
    };
    let grad = |v: &[f64; 7]| {
        let p = [[v[0], v[1]], [v[2], v[3]]];
        let mut d_p = [[0.0; 2]; 2];
        let (value, g) = kalman_update_grad(&p, [v[4], v[5]], [1.0, 0.5], v[6], 0.8, &mut d_p);
        let mut grad: Vec<f64> = d_p.iter().flatten().copied().collect();
        grad.extend([g.x[0], g.x[1], g.r]);
        (value, grad)
    };
    let f = |v: &[f64; 7]| {
        kalman_update(
            &[[v[0], v[1]], [v[2], v[3]]],
            [v[4], v[5]],
            [1.0, 0.5],
            v[6],
            0.8,
        )
    };
    let points = [
        [2.0, 0.3, 0.3, 1.5, 0.1, -0.4, 0.5],
        [1.2, -0.2, 0.1, 0.9, 1.3, 0.7, 0.2],
    ];
    check_at("kalman_update", &points, grad, f, twin);
}

/// The trace of a 2×2 inverse and its off-diagonal product, the inverse built as
/// `[[d, -b], [-c, a]] / det` from `let [[a, b], [c, d]] = *m;`.
#[differentiate]
pub fn inverse_terms(m: &[[f64; 2]; 2]) -> f64 {
    let [[a, b], [c, d]] = *m;
    let det = a * d - b * c;
    let inv = [[d / det, -b / det], [-c / det, a / det]];
    inv[0][0] + inv[1][1] + inv[0][1] * inv[1][0]
}

#[test]
fn inverse_terms_function() {
    let twin = |v: &[Dual64]| {
        let det = v[0] * v[3] - v[1] * v[2];
        (v[3] + v[0]) / det + (v[1] * v[2]) / (det * det)
    };
    let grad = |v: &[f64; 4]| {
        let mut d = [[0.0; 2]; 2];
        let value = inverse_terms_grad(&[[v[0], v[1]], [v[2], v[3]]], &mut d).0;
        (value, d.iter().flatten().copied().collect())
    };
    let f = |v: &[f64; 4]| inverse_terms(&[[v[0], v[1]], [v[2], v[3]]]);
    let points = [[2.0, 0.3, -0.4, 1.5], [0.7, 1.2, 0.1, -0.9]];
    check_at("inverse_terms", &points, grad, f, twin);
}

/// Distance between two points given as array patterns: the gradient fields are named
/// after the pattern's names (`x_y`, `u_v`).
#[differentiate]
pub fn distance([x, y]: [f64; 2], [u, v]: [f64; 2]) -> f64 {
    (x - u).hypot(y - v)
}

#[test]
fn distance_function() {
    let twin = |p: &[Dual64]| ((p[0] - p[2]).powi(2) + (p[1] - p[3]).powi(2)).sqrt();
    let grad = |p: &[f64; 4]| {
        let (value, g) = distance_grad([p[0], p[1]], [p[2], p[3]]);
        (value, vec![g.x_y[0], g.x_y[1], g.u_v[0], g.u_v[1]])
    };
    let f = |p: &[f64; 4]| distance([p[0], p[1]], [p[2], p[3]]);
    let points = [[0.3, -1.2, 0.8, 0.5], [1.1, 0.4, -0.6, 2.0]];
    check_at("distance", &points, grad, f, twin);
}

/// Normalised weights, computed in the `mut` array parameter itself.
#[differentiate]
pub fn normalized(mut w: [f64; 3]) -> f64 {
    let total = w[0] + w[1] + w[2];
    for i in 0..3 {
        w[i] /= total;
    }
    w[0] * w[1] + w[2].powi(2)
}

#[test]
fn normalized_function() {
    let twin = |p: &[Dual64]| {
        let t = p[0] + p[1] + p[2];
        (p[0] / t) * (p[1] / t) + (p[2] / t).powi(2)
    };
    let grad = |p: &[f64; 3]| {
        let (value, g) = normalized_grad(*p);
        (value, g.w.to_vec())
    };
    let points = [[0.3, 1.2, 0.8], [1.1, 0.4, 2.6]];
    check_at("normalized", &points, grad, |p| normalized(*p), twin);
}

/// A masked sum of squares and a permuted product: integer arrays as constants (a
/// `[u8; 4]` parameter, a local `[usize; 3]` of indices).
#[differentiate]
pub fn masked(x: &[f64; 4], mask: [u8; 4]) -> f64 {
    let idx = [3usize, 0, 2];
    let mut s = 0.0;
    for i in 0..4 {
        if mask[i] == 1 {
            s += x[i].powi(2);
        }
    }
    s + x[idx[0]] * x[idx[1]] - x[idx[2]]
}

#[test]
fn masked_function() {
    let mask = [1, 0, 1, 1];
    let twin = |p: &[Dual64]| p[0].powi(2) + p[2].powi(2) + p[3].powi(2) + p[3] * p[0] - p[2];
    let grad = |p: &[f64; 4]| {
        let mut d = [0.0; 4];
        let value = masked_grad(p, mask, &mut d).0;
        (value, d.to_vec())
    };
    let points = [[0.3, -1.2, 0.8, 0.5], [1.1, 0.4, -0.6, 2.0]];
    check_at("masked", &points, grad, |p| masked(p, mask), twin);
}

/// Five rotations by an angle, the vector reassigned whole each step.
#[differentiate]
pub fn rotate_steps(x: f64, y: f64, angle: f64) -> f64 {
    let (s, c) = angle.sin_cos();
    let mut v = [x, y];
    for _ in 0..5 {
        v = [c * v[0] - s * v[1], s * v[0] + c * v[1]];
    }
    v[0] + 2.0 * v[1]
}

#[test]
fn rotate_steps_function() {
    let twin = |p: &[Dual64]| {
        let a = p[2] * 5.0;
        let (vx, vy) = (
            a.cos() * p[0] - a.sin() * p[1],
            a.sin() * p[0] + a.cos() * p[1],
        );
        vx + vy * 2.0
    };
    let grad = |p: &[f64; 3]| {
        let (value, g) = rotate_steps_grad(p[0], p[1], p[2]);
        (value, vec![g.x, g.y, g.angle])
    };
    let points = [[0.3, -1.2, 0.4], [1.1, 0.4, -0.25]];
    check_at(
        "rotate_steps",
        &points,
        grad,
        |p| rotate_steps(p[0], p[1], p[2]),
        twin,
    );
}

/// Products of the rows of a point set, with closure patterns over rows (`|&[x, y]|`)
/// and over zipped references to arrays (`|(p, t)|`).
#[differentiate]
pub fn row_patterns(points: &[[f64; 2]; 3], weights: &[f64; 3]) -> f64 {
    let products = points.iter().map(|&[x, y]| x * y).sum::<f64>();
    let weighted = weights
        .iter()
        .zip(points.iter())
        .map(|(w, row)| w * row[0])
        .sum::<f64>();
    products + weighted
}

#[test]
fn row_patterns_function() {
    let twin = |p: &[Dual64]| {
        let products = p[0] * p[1] + p[2] * p[3] + p[4] * p[5];
        products + p[6] * p[0] + p[7] * p[2] + p[8] * p[4]
    };
    let grad = |v: &[f64; 9]| {
        let points = [[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]];
        let weights = [v[6], v[7], v[8]];
        let (mut d_points, mut d_weights) = ([[0.0; 2]; 3], [0.0; 3]);
        let value = row_patterns_grad(&points, &weights, &mut d_points, &mut d_weights).0;
        let mut grad: Vec<f64> = d_points.iter().flatten().copied().collect();
        grad.extend(d_weights);
        (value, grad)
    };
    let f = |v: &[f64; 9]| {
        row_patterns(
            &[[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]],
            &[v[6], v[7], v[8]],
        )
    };
    let points = [[0.3, -1.2, 0.8, 0.5, 1.1, 0.4, -0.6, 2.0, 0.9]];
    check_at("row_patterns", &points, grad, f, twin);
}

/// Welford's running mean and variance over a reference to an array, the state as a
/// tuple updated in the loop.
#[differentiate]
pub fn welford_variance(xs: &[f64; 5]) -> f64 {
    let mut state = (0.0, 0.0);
    for (i, &x) in xs.iter().enumerate() {
        let n = (i + 1) as f64;
        let delta = x - state.0;
        state.0 += delta / n;
        state.1 += delta * (x - state.0);
    }
    state.1 / (xs.len() - 1) as f64
}

#[test]
fn welford_variance_function() {
    let twin = |p: &[Dual64]| {
        let mean = p.iter().fold(cst(0.0), |s, &x| s + x) / 5.0;
        p.iter().fold(cst(0.0), |s, &x| s + (x - mean).powi(2)) / 4.0
    };
    let grad = |p: &[f64; 5]| {
        let mut d = [0.0; 5];
        let value = welford_variance_grad(p, &mut d).0;
        (value, d.to_vec())
    };
    let points = [[0.3, -1.2, 0.8, 0.5, 2.2], [1.1, 0.4, -0.6, 2.0, 0.05]];
    check_at("welford_variance", &points, grad, welford_variance, twin);
}

/// Heron's formula for the area of a triangle, its sides from a closure and bound by a
/// tuple `let`.
#[differentiate]
pub fn heron(p: &[[f64; 2]; 3]) -> f64 {
    let side = |i: usize, j: usize| (p[i][0] - p[j][0]).hypot(p[i][1] - p[j][1]);
    let (a, b, c) = (side(0, 1), side(1, 2), side(2, 0));
    let s = (a + b + c) / 2.0;
    (s * (s - a) * (s - b) * (s - c)).sqrt()
}

#[test]
fn heron_function() {
    let twin = |v: &[Dual64]| {
        let side = |i: usize, j: usize| {
            ((v[2 * i] - v[2 * j]).powi(2) + (v[2 * i + 1] - v[2 * j + 1]).powi(2)).sqrt()
        };
        let (a, b, c) = (side(0, 1), side(1, 2), side(2, 0));
        let s = (a + b + c) / 2.0;
        (s * (s - a) * (s - b) * (s - c)).sqrt()
    };
    let grad = |v: &[f64; 6]| {
        let mut d = [[0.0; 2]; 3];
        let value = heron_grad(&[[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]], &mut d).0;
        (value, d.iter().flatten().copied().collect())
    };
    let f = |v: &[f64; 6]| heron(&[[v[0], v[1]], [v[2], v[3]], [v[4], v[5]]]);
    let points = [
        [0.0, 0.0, 2.0, 0.1, 0.7, 1.6],
        [-1.0, 0.5, 1.3, -0.4, 0.2, 2.2],
    ];
    check_at("heron", &points, grad, f, twin);
}

/// `midpoint`, `copysign` and a `total_cmp` comparison choosing a branch
/// (`midpoint` is Rust 1.85, past the crate's MSRV; the attribute carries the `allow`
/// to the generated functions).
#[allow(clippy::incompatible_msrv)]
#[differentiate]
pub fn float_methods(x: f64, y: f64) -> f64 {
    let m = x.midpoint(y);
    let larger = if x.total_cmp(&y).is_gt() { x } else { y };
    m * larger + x.copysign(y) * f64::midpoint(x, 3.0 * y)
}

#[test]
#[allow(clippy::incompatible_msrv)]
fn float_methods_function() {
    let twin = |p: &[Dual64]| {
        let m = (p[0] + p[1]) * 0.5;
        let larger = if p[0].re > p[1].re { p[0] } else { p[1] };
        let sign = if p[1].re < 0.0 { -1.0 } else { 1.0 };
        m * larger + dabs(p[0]) * sign * ((p[0] + p[1] * 3.0) * 0.5)
    };
    let grad = |p: &[f64; 2]| {
        let (value, g) = float_methods_grad(p[0], p[1]);
        (value, vec![g.x, g.y])
    };
    check_at(
        "float_methods",
        &P2,
        grad,
        |p| float_methods(p[0], p[1]),
        twin,
    );
}
