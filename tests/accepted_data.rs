//! Gradient checks of values and data that numeric code writes and `#[differentiate]`
//! once rejected (issue 11, section 4): `bool` locals from comparisons of differentiated
//! values, table lookups at an index computed from one, the round trip through `f32`,
//! `_` parameters, one-tuple returns, `%`, `rem_euclid` and `copysign`, `match` arms
//! binding names, enum parameters, `#[backprop::differentiate]` in path form on an
//! `impl`, and a stray `;`.
//!
//! Each function is checked at several points away from its kinks against central
//! finite differences and against num-dual on a twin of the same formula (see
//! `common`); num-dual has no `%`, `rem_euclid` or `copysign`, so their twins hold the
//! quotient (a constant almost everywhere) or the sign as the float itself does.

mod common;

use backprop::{differentiate, sigmoid};
use common::{assert_close, check, check_wrt, cst, dabs, dsigmoid, fd_grad};
use num_dual::{Dual64, DualNum};
use std::f64::consts::TAU;

// ------------------------------------------------------------------ bool locals

/// A gated, leaky response: the gates are `bool` locals computed from the
/// differentiated inputs and a flag (`&&`, `||`, `!`), constants to the derivative.
#[differentiate]
fn gated(x: f64, y: f64, clip: bool) -> f64 {
    let pos = x > 0.0;
    let big = y.abs() > 1.0;
    let go = clip && pos;
    let neg = !(y > 0.0 && go);
    if go && !big {
        x * y
    } else if neg && pos {
        x - 0.1 * y * y
    } else {
        0.01 * x + y
    }
}

fn gated_twin(x: Dual64, y: Dual64, clip: bool) -> Dual64 {
    let pos = x.re > 0.0;
    let big = y.re.abs() > 1.0;
    let go = clip && pos;
    let neg = y.re <= 0.0 || !go;
    if go && !big {
        x * y
    } else if neg && pos {
        x - y * y * 0.1
    } else {
        x * 0.01 + y
    }
}

#[test]
fn bool_locals_from_comparisons() {
    for clip in [true, false] {
        for p in [
            [1.5, 0.5],
            [1.5, 2.0],
            [0.7, -0.4],
            [-0.5, 0.3],
            [-2.0, -1.5],
        ] {
            let (v, g) = gated_grad(p[0], p[1], clip);
            check(
                &format!("gated clip={clip}"),
                &p,
                v,
                &[g.x, g.y],
                |q| gated(q[0], q[1], clip),
                |d| gated_twin(d[0], d[1], clip),
            );
        }
    }
}

// ------------------------------------------------------------------ table lookup

/// A tabulated curve, sampled at 0, 1/8, .., 1.
const CURVE: [f64; 9] = [0.0, 0.1, 0.35, 0.5, 0.58, 0.7, 0.9, 0.96, 1.0];

/// Linear interpolation in `CURVE`, as numeric crates write it: the cell index is
/// computed from the differentiated input (`floor() as usize`, a constant), the
/// fraction inside the cell carries the derivative: 8 (CURVE[i+1] - CURVE[i]) scale.
#[differentiate]
fn interpolate(x: f64, scale: f64) -> f64 {
    let u = x.clamp(0.0, 1.0) * 8.0;
    let i = (u.floor() as usize).min(7);
    let frac = u - i as f64;
    scale * (CURVE[i] * (1.0 - frac) + CURVE[i + 1] * frac)
}

fn interpolate_twin(x: Dual64, scale: Dual64) -> Dual64 {
    let u = x * 8.0;
    let i = (u.re.floor() as usize).min(7);
    let frac = u - i as f64;
    scale * ((cst(1.0) - frac) * CURVE[i] + frac * CURVE[i + 1])
}

#[test]
fn table_lookup_at_a_computed_index() {
    for p in [[0.05, 1.0], [0.33, 2.0], [0.61, -0.5], [0.97, 1.5]] {
        let (v, g) = interpolate_grad(p[0], p[1]);
        check(
            "interpolate",
            &p,
            v,
            &[g.x, g.scale],
            |q| interpolate(q[0], q[1]),
            |d| interpolate_twin(d[0], d[1]),
        );
    }
}

// ------------------------------------------------------------------ float casts

/// A value stored in `f32` and read back (`(e as f32) as f64`), as a simulation that
/// keeps its state in single precision does: the derivative passes through the casts
/// (rounding aside). f = s^2 + x y with s = f32(x y) + f32(x)·y.
#[differentiate]
fn stored_in_f32(x: f64, y: f64) -> f64 {
    let s = ((x * y) as f32) as f64 + x as f32 as f64 * y;
    s * s + x * y
}

#[test]
fn derivative_through_f32_round_trip() {
    for p in [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4]] {
        let (v, g) = stored_in_f32_grad(p[0], p[1]);
        assert_eq!(v, stored_in_f32(p[0], p[1]));
        // The exact derivative of the formula without rounding, at the rounding's
        // precision (f32 keeps about 7 digits).
        let (_, exact) = common::dual_grad(
            |d| {
                let s = d[0] * d[1] * 2.0;
                s * s + d[0] * d[1]
            },
            &p,
        );
        // f is quadratic in each input: no truncation error, and a wide step keeps the
        // f32 rounding's noise small.
        let fd = fd_grad(|q| stored_in_f32(q[0], q[1]), &p, 1e-2);
        for (i, analytic) in [g.x, g.y].into_iter().enumerate() {
            assert_close(
                &format!("stored_in_f32 {p:?} d{i} vs exact"),
                analytic,
                exact[i],
                1e-6,
            );
            assert_close(
                &format!("stored_in_f32 {p:?} d{i} vs FD"),
                analytic,
                fd[i],
                1e-4,
            );
        }
    }
}

// ------------------------------------------------------------------ `_` parameters

/// The right-hand side of dy/dt = -k y + sin(t) ... but this model ignores time:
/// the signature is the solver's, `rhs(t, y, k)`, with `_` for `t`.
#[differentiate]
fn decay_rhs(_: f64, y: f64, k: f64) -> f64 {
    -k * y
}

/// One explicit Euler step, calling the right-hand side with a differentiated time
/// (its share of the gradient is 0).
#[differentiate]
fn euler_step(t: f64, y: f64, k: f64, h: f64) -> f64 {
    y + h * decay_rhs(t + h, y, k) + 0.1 * t
}

#[test]
fn underscore_parameters() {
    let (v, g) = decay_rhs_grad(3.0, 2.0, 0.5);
    assert_eq!(v, -1.0);
    assert_eq!((g.y, g.k), (-0.5, -2.0));
    for p in [[0.0, 1.0, 0.5, 0.1], [2.0, -0.3, 1.5, 0.05]] {
        let (v, g) = euler_step_grad(p[0], p[1], p[2], p[3]);
        check(
            "euler_step",
            &p,
            v,
            &[g.t, g.y, g.k, g.h],
            |q| euler_step(q[0], q[1], q[2], q[3]),
            |d| d[1] - d[3] * d[2] * d[1] + d[0] * 0.1,
        );
    }
}

// ------------------------------------------------------------------ `(f64,)`

/// The energy of a pendulum as a one-value tuple (a signature shared with functions
/// returning several values): E = v^2 / 2 + (1 - cos x).
#[differentiate]
fn pendulum_energy(x: f64, v: f64) -> (f64,) {
    let kinetic = 0.5 * v * v;
    (kinetic + (1.0 - x.cos()),)
}

#[test]
fn one_tuple_return() {
    for p in [[0.3, -1.2], [2.5, 0.7]] {
        let ((value,), rows) = pendulum_energy_jacobian(p[0], p[1]);
        assert_eq!((value,), pendulum_energy(p[0], p[1]));
        check(
            "pendulum_energy",
            &p,
            value,
            &[rows[0].x, rows[0].v],
            |q| pendulum_energy(q[0], q[1]).0,
            |d| d[1] * d[1] * 0.5 + (cst(1.0) - d[0].cos()),
        );
        let (_, cache) = pendulum_energy_forward(p[0], p[1]);
        let scaled = pendulum_energy_backward(&cache, (2.0,));
        assert_eq!((scaled.x, scaled.v), (2.0 * rows[0].x, 2.0 * rows[0].v));
    }
}

// ------------------------------------------------------- `%`, rem_euclid, copysign

/// The phase of an oscillator wrapped into [0, 2π) and a sawtooth of period `p`.
#[differentiate]
fn wrapped(theta: f64, omega: f64, t: f64, p: f64) -> f64 {
    let phase = (theta + omega * t).rem_euclid(TAU);
    let saw = (omega * t) % p / p;
    phase.sin() + saw * theta
}

fn wrapped_twin(theta: Dual64, omega: Dual64, t: Dual64, p: Dual64) -> Dual64 {
    let a = theta + omega * t;
    let phase = a - cst(a.re.div_euclid(TAU)) * TAU;
    let b = omega * t;
    let saw = (b - p * cst((b.re / p.re).trunc())) / p;
    phase.sin() + saw * theta
}

/// A signed magnitude: |x|-like growth with the sign of `y`, `x.copysign(y)`, and the
/// remainder's both inputs differentiated.
#[differentiate]
fn signed(x: f64, y: f64) -> f64 {
    (x * x + 1.0).ln().copysign(y) + x.copysign(y) * y + (x * 3.0) % y
}

fn signed_twin(x: Dual64, y: Dual64) -> Dual64 {
    let copysign = |a: Dual64, sign: f64| {
        if a.re.is_sign_negative() == sign.is_sign_negative() {
            a
        } else {
            -a
        }
    };
    let r = x * 3.0;
    copysign((x * x + 1.0).ln(), y.re)
        + copysign(x, y.re) * y
        + (r - y * cst((r.re / y.re).trunc()))
}

#[test]
fn remainders_and_copysign() {
    for p in [
        [0.4, 1.3, 2.2, 0.7],
        [-3.0, 2.1, 4.4, 1.9],
        [5.5, -0.9, 3.3, 2.3],
        [1.0, 0.37, -6.1, 1.1],
    ] {
        let (v, g) = wrapped_grad(p[0], p[1], p[2], p[3]);
        check(
            "wrapped",
            &p,
            v,
            &[g.theta, g.omega, g.t, g.p],
            |q| wrapped(q[0], q[1], q[2], q[3]),
            |d| wrapped_twin(d[0], d[1], d[2], d[3]),
        );
    }
    for p in [
        [3.7, 1.3],
        [-3.7, 1.3],
        [3.7, -1.3],
        [-2.2, -0.9],
        [0.4, 2.5],
    ] {
        let (v, g) = signed_grad(p[0], p[1]);
        check(
            "signed",
            &p,
            v,
            &[g.x, g.y],
            |q| signed(q[0], q[1]),
            |d| signed_twin(d[0], d[1]),
        );
    }
}

// ------------------------------------------------------------ `match` bindings

/// An activation chosen by a code: arms bind the matched value (`k @ 2..=3`, a guard
/// reading the binding, a `mut` binding), and a `match` on a differentiated value binds
/// it whole (`v if v > 1.0`).
#[differentiate]
fn activation(x: f64, code: u32, slope: f64) -> f64 {
    let a = match code {
        0 => x,
        1 => x.tanh(),
        k @ 2..=3 => x * sigmoid(k as f64 * x),
        k if k > 10 => slope * x * (k - 10) as f64,
        mut k => {
            k += 1;
            slope * k as f64 * x * x
        }
    };
    match a * slope {
        v if v > 1.0 => v.ln() + 1.0,
        v => v,
    }
}

fn activation_twin(x: Dual64, code: u32, slope: Dual64) -> Dual64 {
    let a = match code {
        0 => x,
        1 => x.tanh(),
        k @ 2..=3 => x * dsigmoid(x * k as f64),
        k if k > 10 => slope * x * (k - 10) as f64,
        k => slope * (k + 1) as f64 * x * x,
    };
    let v = a * slope;
    if v.re > 1.0 {
        v.ln() + 1.0
    } else {
        v
    }
}

#[test]
fn match_arms_binding_names() {
    for code in [0, 1, 2, 3, 5, 12] {
        for p in [[0.7, 1.5], [-0.4, 0.8], [1.3, -0.6]] {
            let (v, g) = activation_grad(p[0], code, p[1]);
            check(
                &format!("activation code={code}"),
                &p,
                v,
                &[g.x, g.slope],
                |q| activation(q[0], code, q[1]),
                |d| activation_twin(d[0], code, d[1]),
            );
        }
    }
}

// ------------------------------------------------------------ enum parameters

/// How a regression residual is penalized: constant data, fieldless or with fields.
#[derive(Clone, Copy, Debug)]
enum Penalty {
    Squared,
    Huber { delta: f64 },
    Quantile(f64),
    LogCosh,
}

/// The penalty of the residual `pred - target` (Huber, pinball, log-cosh), matched on
/// an enum parameter whose fields are read as constants.
#[differentiate]
fn penalty(pred: f64, target: f64, kind: Penalty) -> f64 {
    let r = pred - target;
    match kind {
        Penalty::Squared => 0.5 * r * r,
        Penalty::Huber { delta } => {
            if r.abs() <= delta {
                0.5 * r * r
            } else {
                delta * (r.abs() - 0.5 * delta)
            }
        }
        Penalty::Quantile(tau) if r >= 0.0 => tau * r,
        Penalty::Quantile(tau) => (tau - 1.0) * r,
        Penalty::LogCosh => r.cosh().ln(),
    }
}

fn penalty_twin(pred: Dual64, target: Dual64, kind: Penalty) -> Dual64 {
    let r = pred - target;
    match kind {
        Penalty::Squared => r * r * 0.5,
        Penalty::Huber { delta } => {
            if r.re.abs() <= delta {
                r * r * 0.5
            } else {
                (dabs(r) - 0.5 * delta) * delta
            }
        }
        Penalty::Quantile(tau) if r.re >= 0.0 => r * tau,
        Penalty::Quantile(tau) => r * (tau - 1.0),
        Penalty::LogCosh => r.cosh().ln(),
    }
}

#[test]
fn enum_parameters() {
    let kinds = [
        Penalty::Squared,
        Penalty::Huber { delta: 0.5 },
        Penalty::Quantile(0.9),
        Penalty::LogCosh,
    ];
    for kind in kinds {
        for p in [[0.3, -0.1], [2.0, 0.5], [-1.2, 0.4]] {
            let (v, g) = penalty_grad(p[0], p[1], kind);
            check(
                &format!("penalty {kind:?}"),
                &p,
                v,
                &[g.pred, g.target],
                |q| penalty(q[0], q[1], kind),
                |d| penalty_twin(d[0], d[1], kind),
            );
        }
    }
}

// ------------------------------------------------- path form, a stray `;`

/// A spring of fixed stiffness and rest length.
struct Spring {
    stiffness: f64,
    rest: f64,
}

#[backprop::differentiate]
impl Spring {
    /// Elastic energy k (x - rest)^2 / 2, plus a damping term in v.
    #[backprop::differentiate(wrt(x))]
    #[allow(redundant_semicolons)] // the stray `;` under test
    fn energy(&self, x: f64, v: f64) -> f64 {
        let stretch = x - self.rest;
        0.5 * self.stiffness * stretch * stretch + 0.1 * v * x
    }
}

#[test]
fn path_form_attribute_and_stray_semicolon() {
    let spring = Spring {
        stiffness: 3.0,
        rest: 1.0,
    };
    for p in [[0.3, -1.2], [2.5, 0.7]] {
        let (value, g) = spring.energy_grad(p[0], p[1]);
        check_wrt(
            "Spring::energy",
            &p,
            value,
            &[(0, g.x)],
            |q| spring.energy(q[0], q[1]),
            |d| (d[0] - 1.0) * (d[0] - 1.0) * 1.5 + d[1] * d[0] * 0.1,
        );
    }
}
