//! Forward mode, `#[differentiate(jvp)]`: `f_jvp(args.., t_..) -> (value, tangent)`.
//!
//! Each function is written as numeric crates write it (a neuron from the notes,
//! Rosenbrock over a slice, Horner, a Newton iteration that stops when converged, a
//! softmax cross-entropy, an RK4 pendulum, polar coordinates returning a tuple, a
//! rotation returning an array, a layer calling a helper) and its tangent is checked,
//! along several directions at several points, against num-dual (one dual evaluation
//! seeded with the direction), central differences along the direction, and the
//! reverse mode's `f_grad` dotted with the direction.

mod common;

use backprop::differentiate;
use common::{assert_close, cst, RTOL_AD, RTOL_FD};
use num_dual::{Dual64, DualNum};

/// Checks a tangent `t` at `x` along `v` against num-dual on `twin` and central
/// differences of `f` along `v`.
fn check_jvp(
    name: &str,
    x: &[f64],
    v: &[f64],
    (value, t): (f64, f64),
    f: impl Fn(&[f64]) -> f64,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    let at = format!("{name} at {x:?} along {v:?}");
    assert_close(&format!("{at}: value"), value, f(x), 1e-12);
    let seeded: Vec<Dual64> = x.iter().zip(v).map(|(&x, &v)| Dual64::new(x, v)).collect();
    assert_close(&format!("{at}: vs num-dual"), t, twin(&seeded).eps, RTOL_AD);
    let h = 1e-5;
    let shifted = |s: f64| {
        x.iter()
            .zip(v)
            .map(|(&x, &v)| x + s * v)
            .collect::<Vec<_>>()
    };
    let fd = (f(&shifted(h)) - f(&shifted(-h))) / (2.0 * h);
    assert_close(&format!("{at}: vs finite differences"), t, fd, RTOL_FD);
}

/// `⟨g, v⟩`: the reverse mode's directional derivative.
fn along(gradient: &[f64], v: &[f64]) -> f64 {
    gradient.iter().zip(v).map(|(g, v)| g * v).sum()
}

const DIRECTIONS: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.3, -1.2, 0.7], [-0.5, 0.25, 2.0]];

/// The notes' sigmoid neuron, `σ(w0 x0 + w1 x1 + w2)`, with the exponential written out.
#[differentiate(jvp, wrt(w0, w1, w2))]
fn neuron(w0: f64, w1: f64, w2: f64, x0: f64, x1: f64) -> f64 {
    let dot = w0 * x0 + w1 * x1 + w2;
    1.0 / (1.0 + (-dot).exp())
}

#[test]
fn neuron_matches_the_notes() {
    let (value, t) = neuron_jvp(2.0, -3.0, -3.0, -1.0, -2.0, 1.0, 0.0, 0.0);
    assert!((value - 0.7310585786300049).abs() < 1e-12);
    assert!(
        (t - -0.19661193324148185).abs() < 1e-12,
        "d/dw0 = -0.20 in the notes: {t}"
    );
    for v in DIRECTIONS {
        let w = [2.0, -3.0, -3.0];
        let jvp = neuron_jvp(w[0], w[1], w[2], -1.0, -2.0, v[0], v[1], v[2]);
        let (_, g) = neuron_grad(w[0], w[1], w[2], -1.0, -2.0);
        assert_close(
            "neuron vs f_grad",
            jvp.1,
            along(&[g.w0, g.w1, g.w2], &v),
            1e-12,
        );
        check_jvp(
            "neuron",
            &w,
            &v,
            jvp,
            |w| neuron(w[0], w[1], w[2], -1.0, -2.0),
            |w| (cst(1.0) + (-(w[0] * -1.0 + w[1] * -2.0 + w[2])).exp()).recip(),
        );
    }
}

/// Rosenbrock's function over a slice, as optimisation crates write it.
#[differentiate(jvp)]
fn rosenbrock(x: &[f64]) -> f64 {
    x.windows(2)
        .map(|w| 100.0 * (w[1] - w[0] * w[0]).powi(2) + (1.0 - w[0]).powi(2))
        .sum()
}

fn rosenbrock_twin(x: &[Dual64]) -> Dual64 {
    x.windows(2)
        .map(|w| (w[1] - w[0] * w[0]).powi(2) * 100.0 + (cst(1.0) - w[0]).powi(2))
        .fold(cst(0.0), |a, b| a + b)
}

#[test]
fn rosenbrock_over_a_slice() {
    let x = [-1.2, 1.0, 0.8, 1.1];
    for v in [[1.0, 0.0, 0.0, 0.0], [0.1, -0.4, 0.9, 0.3]] {
        let jvp = rosenbrock_jvp(&x, &v);
        let mut d_x = [0.0; 4];
        let _ = rosenbrock_grad(&x, &mut d_x);
        assert_close("rosenbrock vs f_grad", jvp.1, along(&d_x, &v), 1e-12);
        check_jvp("rosenbrock", &x, &v, jvp, rosenbrock, rosenbrock_twin);
    }
}

#[test]
#[should_panic(expected = "must have the length of")]
fn rosenbrock_tangent_of_the_wrong_length() {
    let _ = rosenbrock_jvp(&[1.0, 2.0, 3.0], &[1.0, 0.0]);
}

/// Horner's rule, then a branch on the result.
#[differentiate(jvp)]
fn horner(x: f64, c: [f64; 4]) -> f64 {
    let mut acc = 0.0;
    for &ci in &c {
        acc = acc * x + ci;
    }
    if acc > 1.0 {
        acc.ln()
    } else {
        acc
    }
}

fn horner_twin(p: &[Dual64]) -> Dual64 {
    let mut acc = cst(0.0);
    for &ci in &p[1..] {
        acc = acc * p[0] + ci;
    }
    if acc.re > 1.0 {
        acc.ln()
    } else {
        acc
    }
}

#[test]
fn horner_with_a_branch() {
    for x in [1.2, 0.3, -0.8] {
        let c = [0.5, -1.0, 2.0, 0.3];
        let p = [x, c[0], c[1], c[2], c[3]];
        for v in [[1.0, 0.0, 0.0, 0.0, 0.0], [0.2, 1.0, -0.5, 0.3, 0.1]] {
            let jvp = horner_jvp(x, c, v[0], [v[1], v[2], v[3], v[4]]);
            check_jvp(
                "horner",
                &p,
                &v,
                jvp,
                |p| horner(p[0], [p[1], p[2], p[3], p[4]]),
                horner_twin,
            );
        }
    }
}

/// Newton's iteration for the square root, stopped when converged.
#[differentiate(jvp)]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a.max(1.0);
    let mut steps = 0;
    while steps < 50 {
        let next = 0.5 * (x + a / x);
        if (next - x).abs() < 1e-14 * x {
            break;
        }
        x = next;
        steps += 1;
    }
    x
}

#[test]
fn newton_converges_to_the_derivative_of_sqrt() {
    for a in [2.0, 0.5, 10.0] {
        let (value, t) = newton_sqrt_jvp(a, 1.0);
        assert_eq!(value, newton_sqrt(a));
        assert_close("newton value", value, a.sqrt(), 1e-12);
        // The iteration's own derivative converges to 1 / (2 sqrt(a)).
        assert_close("newton tangent", t, 0.5 / a.sqrt(), 1e-8);
    }
}

/// Softmax cross-entropy of a linear layer, with the array gates.
#[differentiate(jvp, wrt(w))]
fn linear_ce(w: [[f64; 2]; 3], x: [f64; 2], label: usize) -> f64 {
    let mut logits = [0.0; 3];
    for k in 0..3 {
        logits[k] = w[k][0] * x[0] + w[k][1] * x[1];
    }
    let penalty = 0.01 * backprop::dot(logits, logits);
    backprop::softmax_cross_entropy(logits, label) + 0.1 * backprop::logsumexp(logits) + penalty
}

fn linear_ce_twin(w: &[Dual64], x: [f64; 2], label: usize) -> Dual64 {
    let logits: Vec<Dual64> = (0..3)
        .map(|k| w[2 * k] * x[0] + w[2 * k + 1] * x[1])
        .collect();
    let lse = logits
        .iter()
        .map(|l| l.exp())
        .fold(cst(0.0), |a, b| a + b)
        .ln();
    let penalty = logits.iter().map(|l| *l * *l).fold(cst(0.0), |a, b| a + b) * 0.01;
    (lse - logits[label]) + lse * 0.1 + penalty
}

#[test]
fn linear_layer_cross_entropy() {
    let x = [0.7, -1.3];
    let w = [[0.2, -0.1], [0.5, 0.3], [-0.4, 0.8]];
    let flat: Vec<f64> = w.iter().flatten().copied().collect();
    let unflat = |p: &[f64]| [[p[0], p[1]], [p[2], p[3]], [p[4], p[5]]];
    for v in [
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.3, -0.2, 0.5, 1.0, -0.7, 0.1],
    ] {
        let jvp = linear_ce_jvp(w, x, 1, unflat(&v));
        check_jvp(
            "linear_ce",
            &flat,
            &v,
            jvp,
            |p| linear_ce(unflat(p), x, 1),
            |p| linear_ce_twin(p, x, 1),
        );
    }
}

/// One RK4 step of a pendulum, repeated: the energy after `n` steps.
#[differentiate(jvp)]
fn pendulum_energy(theta: f64, omega: f64, g_over_l: f64) -> f64 {
    let dt = 0.05;
    let mut th = theta;
    let mut om = omega;
    for _ in 0..20 {
        let k1t = om;
        let k1o = -g_over_l * th.sin();
        let k2t = om + 0.5 * dt * k1o;
        let k2o = -g_over_l * (th + 0.5 * dt * k1t).sin();
        let k3t = om + 0.5 * dt * k2o;
        let k3o = -g_over_l * (th + 0.5 * dt * k2t).sin();
        let k4t = om + dt * k3o;
        let k4o = -g_over_l * (th + dt * k3t).sin();
        th += dt / 6.0 * (k1t + 2.0 * k2t + 2.0 * k3t + k4t);
        om += dt / 6.0 * (k1o + 2.0 * k2o + 2.0 * k3o + k4o);
    }
    0.5 * om * om + g_over_l * (1.0 - th.cos())
}

fn pendulum_twin(p: &[Dual64]) -> Dual64 {
    let (dt, gl) = (0.05, p[2]);
    let (mut th, mut om) = (p[0], p[1]);
    for _ in 0..20 {
        let (k1t, k1o) = (om, -gl * th.sin());
        let (k2t, k2o) = (om + k1o * (0.5 * dt), -gl * (th + k1t * (0.5 * dt)).sin());
        let (k3t, k3o) = (om + k2o * (0.5 * dt), -gl * (th + k2t * (0.5 * dt)).sin());
        let (k4t, k4o) = (om + k3o * dt, -gl * (th + k3t * dt).sin());
        th += (k1t + k2t * 2.0 + k3t * 2.0 + k4t) * (dt / 6.0);
        om += (k1o + k2o * 2.0 + k3o * 2.0 + k4o) * (dt / 6.0);
    }
    om * om * 0.5 + gl * (cst(1.0) - th.cos())
}

#[test]
fn pendulum_rk4() {
    for p in [[0.4, 0.0, 9.81], [1.2, -0.5, 4.0]] {
        for v in DIRECTIONS {
            let jvp = pendulum_energy_jvp(p[0], p[1], p[2], v[0], v[1], v[2]);
            let (_, g) = pendulum_energy_grad(p[0], p[1], p[2]);
            assert_close(
                "pendulum vs f_grad",
                jvp.1,
                along(&[g.theta, g.omega, g.g_over_l], &v),
                1e-10,
            );
            check_jvp(
                "pendulum",
                &p,
                &v,
                jvp,
                |p| pendulum_energy(p[0], p[1], p[2]),
                pendulum_twin,
            );
        }
    }
}

/// Polar to Cartesian: a tuple, whose tangent is a tuple.
#[differentiate(jvp)]
fn to_cartesian(r: f64, phi: f64) -> (f64, f64) {
    (r * phi.cos(), r * phi.sin())
}

/// A 2-D rotation: an array, whose tangent is an array.
#[differentiate(jvp, wrt(angle))]
fn rotate(p: [f64; 2], angle: f64) -> [f64; 2] {
    let s = angle.sin();
    let c = angle.cos();
    [c * p[0] - s * p[1], s * p[0] + c * p[1]]
}

#[test]
fn tuple_and_array_tangents() {
    let ((x, y), (tx, ty)) = to_cartesian_jvp(2.0, 0.6, 0.5, -1.0);
    assert_eq!((x, y), to_cartesian(2.0, 0.6));
    assert_close("x", x, 2.0 * 0.6f64.cos(), 1e-12);
    assert_close("y", y, 2.0 * 0.6f64.sin(), 1e-12);
    assert_close("tx", tx, 0.5 * 0.6f64.cos() + 2.0 * 0.6f64.sin(), 1e-12);
    assert_close("ty", ty, 0.5 * 0.6f64.sin() - 2.0 * 0.6f64.cos(), 1e-12);
    let (p, t) = rotate_jvp([1.0, 2.0], 0.3, 1.0);
    // d/dθ R(θ) p = R(θ + π/2) p: the rotated point turned a quarter more.
    let quarter = rotate([1.0, 2.0], 0.3 + std::f64::consts::FRAC_PI_2);
    assert_close("rotation", p[0], rotate([1.0, 2.0], 0.3)[0], 1e-12);
    assert_close("rotation tangent 0", t[0], quarter[0], 1e-12);
    assert_close("rotation tangent 1", t[1], quarter[1], 1e-12);
}

/// A helper with `jvp`, called with differentiated and constant arguments.
#[differentiate(jvp)]
fn softplus_power(x: f64, n: i32) -> f64 {
    (1.0 + x.exp()).ln().powi(n)
}

/// A layer calling it in a loop.
#[differentiate(jvp, wrt(a, b))]
fn layer(a: f64, b: f64, scale: f64) -> f64 {
    let mut total = 0.0;
    for n in 1..4 {
        total += softplus_power(a * scale + b, n) + softplus_power(scale, 2);
    }
    total
}

fn layer_twin(p: &[Dual64], scale: f64) -> Dual64 {
    let softplus = |x: Dual64, n: i32| (cst(1.0) + x.exp()).ln().powi(n);
    (1..4)
        .map(|n| softplus(p[0] * scale + p[1], n) + softplus(cst(scale), 2))
        .fold(cst(0.0), |a, b| a + b)
}

#[test]
fn calls_to_functions_with_jvp() {
    for p in [[0.3, -0.2], [-1.0, 0.8]] {
        for v in [[1.0, 0.0], [0.4, -1.1]] {
            let jvp = layer_jvp(p[0], p[1], 0.7, v[0], v[1]);
            check_jvp(
                "layer",
                &p,
                &v,
                jvp,
                |p| layer(p[0], p[1], 0.7),
                |p| layer_twin(p, 0.7),
            );
        }
    }
}

/// In `f32`.
#[differentiate(jvp)]
fn gaussian_nll(x: f32, mu: f32, log_sigma: f32) -> f32 {
    let z = (x - mu) / log_sigma.exp();
    0.5 * z * z + log_sigma + 0.918_938_5
}

#[test]
fn f32_tangents() {
    let (value, t) = gaussian_nll_jvp(1.5, 0.2, -0.3, 0.0, 1.0, 0.0);
    assert_eq!(value, gaussian_nll(1.5, 0.2, -0.3));
    let (_, g) = gaussian_nll_grad(1.5, 0.2, -0.3);
    assert!(
        (t - g.mu).abs() <= 1e-5 * g.mu.abs().max(1.0),
        "{t} vs {}",
        g.mu
    );
}
