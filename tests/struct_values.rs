//! Struct parameters by value (`s: State`, gradient added into `d_s: &mut State`): a
//! particle's state read field by field (`s.x[i]`, `s.mass`), next to scalar
//! parameters, with a struct of constants by value beside it; checked against central
//! differences and num-dual twins at several points, and the buffer adds (a second
//! call doubles it).
// Index loops, as numeric code writes them over fixed sizes.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, Differentiable};

mod common;
use common::{assert_close, check, cst, RTOL_AD};
use num_dual::{Dual64, DualNum};

/// A particle in the plane: position, velocity, mass.
#[derive(Clone, Copy, Debug, PartialEq, Differentiable)]
pub struct State {
    pub x: [f64; 2],
    pub v: [f64; 2],
    pub mass: f64,
}

/// Integration settings: constants, never differentiated.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub steps: usize,
    pub dt: f64,
}

/// Kinetic plus spring energy, `m |v|² / 2 + k |x|² / 2`.
#[differentiate(jvp)]
pub fn energy(s: State, k: f64) -> f64 {
    let mut kinetic = 0.0;
    for i in 0..2 {
        kinetic += s.v[i] * s.v[i];
    }
    let potential = 0.5 * k * (s.x[0] * s.x[0] + s.x[1] * s.x[1]);
    0.5 * s.mass * kinetic + potential
}

/// The squared distance from `target` after a few explicit Euler steps of a damped
/// spring, the state's fields copied into locals first; `settings` is a struct by
/// value too, but only in `wrt`'s complement, so it stays constant data.
#[differentiate(wrt(s, k))]
pub fn miss(s: State, k: f64, settings: Settings, target: f64) -> f64 {
    let mut x = s.x[0];
    let mut v = s.v[0];
    for _ in 0..settings.steps {
        let a = -(k * x + 0.1 * v) / s.mass;
        x += settings.dt * v;
        v += settings.dt * a;
    }
    (x - target).powi(2)
}

/// The energy of the state's first coordinate only, through a differentiated helper
/// given its float fields by value.
#[differentiate]
pub fn spring(m: f64, x: f64, v: f64, k: f64) -> f64 {
    0.5 * m * v * v + 0.5 * k * x * x
}

/// Calls `spring` with fields of a struct by value.
#[differentiate(wrt(s))]
pub fn first_axis(s: State, k: f64) -> f64 {
    spring(s.mass, s.x[0], s.v[0], k).sqrt()
}

/// The speed `|v|` of a state behind a reference, copied first (`let s = *s0;`, as code
/// written for `Copy` states does): the copy is read as the parameter itself.
#[differentiate]
pub fn speed(s0: &State) -> f64 {
    let s = *s0;
    (s.v[0] * s.v[0] + s.v[1] * s.v[1]).sqrt()
}

/// The momentum along `x` of a state by value, rebound first (`let s = s0;`), with a
/// row of it passed by reference from a reference parameter's copy.
#[differentiate]
pub fn momentum(s0: State, p: &State) -> f64 {
    let s = s0;
    let q = *p;
    s.mass * s.v[0] + dot2(&q.x, &q.v)
}

/// `a · b` over two entries.
#[differentiate]
pub fn dot2(a: &[f64; 2], b: &[f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

fn state(flat: &[f64]) -> State {
    let mut s = State {
        x: [0.0; 2],
        v: [0.0; 2],
        mass: 0.0,
    };
    s.copy_from(flat);
    s
}

const POINTS: [[f64; 5]; 3] = [
    [0.3, -0.2, 0.5, 1.1, 1.5],
    [-0.7, 0.6, -0.1, 0.35, 0.8],
    [1.2, 0.25, -0.35, -0.65, 2.3],
];

/// The flat state (x, v, mass) of a point, then `k` in the last entry.
fn point(p: &[f64; 5], k: f64) -> [f64; 6] {
    [p[0], p[1], p[2], p[3], p[4], k]
}

fn twin_energy(q: &[Dual64]) -> Dual64 {
    let kinetic = q[2] * q[2] + q[3] * q[3];
    q[4] * kinetic * 0.5 + q[5] * (q[0] * q[0] + q[1] * q[1]) * 0.5
}

#[test]
fn energy_of_a_state_by_value() {
    for (p, k) in POINTS.iter().zip([0.7, 1.9, 3.1]) {
        let q = point(p, k);
        let s = state(&q[..5]);
        let mut d_s = s.zeros_like();
        let (value, grad) = energy_grad(s, k, &mut d_s);
        let mut flat = vec![0.0; 6];
        d_s.copy_to(&mut flat[..5]);
        flat[5] = grad.k;
        check(
            "energy",
            &q,
            value,
            &flat,
            |q| energy(state(&q[..5]), q[5]),
            twin_energy,
        );
        // A second call adds into the buffer.
        let _ = energy_grad(s, k, &mut d_s);
        let mut twice = vec![0.0; 5];
        d_s.copy_to(&mut twice);
        for (a, b) in twice.iter().zip(&flat) {
            assert!((a - 2.0 * b).abs() <= 1e-12 * b.abs().max(1.0));
        }
        // The backward pass on its own, through the cache that owns the state.
        let (value_again, cache) = energy_forward(s, k);
        assert_eq!(value_again, value);
        let mut d_half = s.zeros_like();
        let half = energy_backward(&cache, 0.5, &mut d_half);
        assert!((half.k - 0.5 * grad.k).abs() <= 1e-12);
        assert!((d_half.mass - 0.5 * flat[4]).abs() <= 1e-12);
    }
}

fn twin_miss(q: &[Dual64], settings: Settings, target: f64) -> Dual64 {
    let (mut x, mut v) = (q[0], q[2]);
    for _ in 0..settings.steps {
        let a = -(q[5] * x + v * 0.1) / q[4];
        x += v * settings.dt;
        v += a * settings.dt;
    }
    (x - target).powi(2)
}

#[test]
fn euler_steps_read_the_state_and_a_constant_settings_struct() {
    let settings = Settings {
        steps: 25,
        dt: 0.05,
    };
    for (p, k) in POINTS.iter().zip([0.7, 1.9, 3.1]) {
        let q = point(p, k);
        let s = state(&q[..5]);
        let mut d_s = s.zeros_like();
        let (value, grad) = miss_grad(s, k, settings, 0.4, &mut d_s);
        let mut flat = vec![0.0; 6];
        d_s.copy_to(&mut flat[..5]);
        flat[5] = grad.k;
        check(
            "miss",
            &q,
            value,
            &flat,
            |q| miss(state(&q[..5]), q[5], settings, 0.4),
            |q| twin_miss(q, settings, 0.4),
        );
    }
}

#[test]
fn float_fields_passed_by_value_to_a_differentiated_function() {
    for (p, k) in POINTS.iter().zip([0.7, 1.9, 3.1]) {
        let s = state(&p[..5]);
        let mut d_s = s.zeros_like();
        let (value, _) = first_axis_grad(s, k, &mut d_s);
        let mut flat = vec![0.0; 5];
        d_s.copy_to(&mut flat);
        check(
            "first_axis",
            &p[..5],
            value,
            &flat,
            |q| first_axis(state(q), k),
            |q| (q[4] * q[2] * q[2] * 0.5 + cst(k) * q[0] * q[0] * 0.5).sqrt(),
        );
    }
}

#[test]
fn copies_of_a_struct_read_as_the_struct() {
    for p in &POINTS {
        let s = state(p);
        let mut d_s = s.zeros_like();
        let (value, _) = speed_grad(&s, &mut d_s);
        let mut flat = vec![0.0; 5];
        d_s.copy_to(&mut flat);
        check(
            "speed",
            p,
            value,
            &flat,
            |q| speed(&state(q)),
            |q| (q[2] * q[2] + q[3] * q[3]).sqrt(),
        );
        let other = state(&[0.4, -0.9, 1.3, 0.2, 2.0]);
        let (mut d_s, mut d_other) = (s.zeros_like(), other.zeros_like());
        let (value, _) = momentum_grad(s, &other, &mut d_s, &mut d_other);
        let mut flat = vec![0.0; 10];
        d_s.copy_to(&mut flat[..5]);
        d_other.copy_to(&mut flat[5..]);
        let both: Vec<f64> = p
            .iter()
            .chain(&[0.4, -0.9, 1.3, 0.2, 2.0])
            .copied()
            .collect();
        check(
            "momentum",
            &both,
            value,
            &flat,
            |q| momentum(state(&q[..5]), &state(&q[5..])),
            |q| q[4] * q[2] + q[5] * q[7] + q[6] * q[8],
        );
    }
}

#[test]
fn tangent_of_a_state_by_value() {
    for (p, k) in POINTS.iter().zip([0.7, 1.9, 3.1]) {
        let s = state(p);
        for direction in [
            [1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            [0.3, -0.7, 1.1, 0.4, -0.2, 0.9],
        ] {
            let t_s = state(&direction[..5]);
            let (value, t) = energy_jvp(s, k, t_s, direction[5]);
            assert_close("energy_jvp value", value, energy(s, k), 1e-12);
            let q = point(p, k);
            let seeded: Vec<Dual64> = q
                .iter()
                .zip(&direction)
                .map(|(&a, &b)| Dual64::new(a, b))
                .collect();
            assert_close(
                "energy_jvp vs num-dual",
                t,
                twin_energy(&seeded).eps,
                RTOL_AD,
            );
            let mut d_s = s.zeros_like();
            let (_, grad) = energy_grad(s, k, &mut d_s);
            let mut flat = [0.0; 6];
            d_s.copy_to(&mut flat[..5]);
            flat[5] = grad.k;
            let along: f64 = flat.iter().zip(&direction).map(|(g, v)| g * v).sum();
            assert_close("energy_jvp vs reverse mode", t, along, RTOL_AD);
        }
    }
}

/// Samples of a signal and a gain: a struct with a `Vec`, neither `Copy` nor cloned.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Trace {
    pub samples: Vec<f64>,
    pub gain: f64,
}

/// The mean square of the gained samples; `t` is moved into the cache, not cloned.
#[differentiate]
pub fn power(t: Trace) -> f64 {
    let mut total = 0.0;
    for i in 0..t.samples.len() {
        total += (t.gain * t.samples[i]).powi(2);
    }
    total / t.samples.len() as f64
}

#[test]
fn a_struct_with_a_vec_by_value() {
    for flat in [[0.3, -1.2, 0.8, 1.5], [2.0, 0.1, -0.4, 0.7]] {
        let trace = |q: &[f64]| Trace {
            samples: q[..3].to_vec(),
            gain: q[3],
        };
        let t = trace(&flat);
        let mut d_t = t.zeros_like();
        let (value, _) = power_grad(t.clone(), &mut d_t);
        let (_, cache) = power_forward(t);
        assert_eq!(cache.t.samples.len(), 3);
        let mut grad = vec![0.0; 4];
        d_t.copy_to(&mut grad);
        check(
            "power",
            &flat,
            value,
            &grad,
            |q| power(trace(q)),
            |q| (0..3).map(|i| (q[3] * q[i]).powi(2)).sum::<Dual64>() / 3.0,
        );
    }
}
