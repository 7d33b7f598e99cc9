//! Functions returning a struct (`-> State`), ending with a struct literal of
//! differentiated values: `f_forward` returns the struct, `f_backward` takes the seed
//! `d_out: &State` (the adjoint of each field) and adds into the parameters' buffers.
//! A semi-implicit Euler step of a damped spring, driven by a hand-written loop that
//! chains the steps' backward passes (the adjoint method), is checked against
//! central differences and num-dual twins at several points.
use backprop::{differentiate, Differentiable};

mod common;
use common::{check, cst};
use num_dual::Dual64;

/// A particle on a line: position, velocity, and a constant tag.
#[derive(Clone, Copy, Debug, PartialEq, Differentiable)]
pub struct State {
    pub x: f64,
    pub v: f64,
    pub steps: usize,
}

/// One semi-implicit Euler step of `x'' = -k x - c v`; the step count is copied.
#[differentiate]
pub fn step(s: &State, dt: f64, k: f64, c: f64) -> State {
    let a = -k * s.x - c * s.v;
    let v = s.v + dt * a;
    State {
        x: s.x + dt * v,
        v,
        steps: s.steps + 1,
    }
}

/// A step that brakes when moving right, with a literal in each branch (fields in
/// another order in the second).
#[differentiate(wrt(s, k))]
pub fn braked(s: &State, dt: f64, k: f64) -> State {
    if s.v > 0.0 {
        State {
            x: s.x + dt * s.v,
            v: s.v * (1.0 - dt * k),
            steps: s.steps,
        }
    } else {
        State {
            steps: s.steps,
            v: s.v - dt * k * s.x,
            x: s.x + dt * s.v,
        }
    }
}

fn state(x: f64, v: f64) -> State {
    State { x, v, steps: 0 }
}

/// `n` steps forward (each state kept, as the adjoint method does), then the seed
/// `d_out` pulled back through the steps in reverse, each step's cache made again
/// from its saved input: the value and the gradient with respect to `(x0, v0, k, c)`.
fn simulate_grad(q: &[f64], dt: f64, n: usize, weight: f64) -> (f64, Vec<f64>) {
    let mut states = vec![state(q[0], q[1])];
    for i in 0..n {
        let (next, _) = step_forward(&states[i], dt, q[2], q[3]);
        states.push(next);
    }
    let s = states[n];
    let value = s.x * s.x + weight * s.v;
    let mut d_s = State {
        x: 2.0 * s.x,
        v: weight,
        steps: s.steps,
    };
    let (mut d_k, mut d_c) = (0.0, 0.0);
    for earlier in states[..n].iter().rev() {
        let (_, cache) = step_forward(earlier, dt, q[2], q[3]);
        let mut d_prev = d_s.zeros_like();
        let grad = step_backward(&cache, &d_s, &mut d_prev);
        d_k += grad.k;
        d_c += grad.c;
        let (_, dt_share, k_share, c_share) = step_pullback(&cache, &d_s, &mut d_s.zeros_like());
        assert_eq!((dt_share, k_share, c_share), (grad.dt, grad.k, grad.c));
        d_s = d_prev;
    }
    (value, vec![d_s.x, d_s.v, d_k, d_c])
}

fn simulate(q: &[f64], dt: f64, n: usize, weight: f64) -> f64 {
    let mut s = state(q[0], q[1]);
    for _ in 0..n {
        s = step(&s, dt, q[2], q[3]);
    }
    assert_eq!(s.steps, n);
    s.x * s.x + weight * s.v
}

fn twin_simulate(q: &[Dual64], dt: f64, n: usize, weight: f64) -> Dual64 {
    let (mut x, mut v) = (q[0], q[1]);
    for _ in 0..n {
        let a = -q[2] * x - q[3] * v;
        v += a * dt;
        x += v * dt;
    }
    x * x + v * weight
}

#[test]
fn chained_steps_pull_the_seed_struct_back() {
    let points = [
        [1.0, 0.0, 2.0, 0.3],
        [-0.4, 1.2, 0.7, 0.05],
        [0.25, -0.8, 4.5, 1.1],
    ];
    for q in &points {
        let (value, grad) = simulate_grad(q, 0.05, 40, 0.5);
        check(
            "simulate",
            q,
            value,
            &grad,
            |q| simulate(q, 0.05, 40, 0.5),
            |q| twin_simulate(q, 0.05, 40, 0.5),
        );
    }
}

#[test]
fn one_step_backward_adds_into_the_buffer() {
    let s = State {
        x: 0.3,
        v: -0.6,
        steps: 3,
    };
    let (next, cache) = step_forward(&s, 0.1, 2.0, 0.4);
    assert_eq!(next, step(&s, 0.1, 2.0, 0.4));
    // The seed's integer field is a constant: whatever it holds adds nothing.
    let seed = State {
        x: 1.0,
        v: 0.0,
        steps: 5,
    };
    let mut d_s = s.zeros_like();
    let first = step_backward(&cache, &seed, &mut d_s);
    let once = d_s;
    let second = step_backward(&cache, &seed, &mut d_s);
    assert_eq!(first, second);
    assert!((d_s.x - 2.0 * once.x).abs() < 1e-15 && (d_s.v - 2.0 * once.v).abs() < 1e-15);
    assert_eq!(d_s.steps, 3);
    // x' = x + dt (v + dt (-k x - c v)): d x'/d x = 1 - dt² k, d x'/d v = dt (1 - dt c).
    assert!((once.x - (1.0 - 0.01 * 2.0)).abs() < 1e-15);
    assert!((once.v - 0.1 * (1.0 - 0.1 * 0.4)).abs() < 1e-15);
    assert!((first.dt - (-0.6 + 2.0 * 0.1 * (-2.0 * 0.3 - 0.4 * -0.6))).abs() < 1e-12);
}

#[test]
fn branches_return_literals_with_their_fields_in_any_order() {
    for (x, v, k) in [
        (0.3, 0.8, 1.5),
        (-0.2, -0.5, 0.7),
        (1.1, 0.2, 2.5),
        (0.6, -1.0, 0.3),
    ] {
        let s = state(x, v);
        let dt = 0.1;
        // value x' + 2 v', with respect to (x, v, k)
        let f = |q: &[f64]| {
            let next = braked(&state(q[0], q[1]), dt, q[2]);
            next.x + 2.0 * next.v
        };
        let (next, cache) = braked_forward(&s, dt, k);
        let seed = State {
            x: 1.0,
            v: 2.0,
            steps: 0,
        };
        let mut d_s = s.zeros_like();
        let grad = braked_backward(&cache, &seed, &mut d_s);
        let twin = |q: &[Dual64]| {
            let (x, v, k) = (q[0], q[1], q[2]);
            if v.re > 0.0 {
                (x + v * dt) + (v * (cst(1.0) - k * dt)) * 2.0
            } else {
                (x + v * dt) + (v - k * x * dt) * 2.0
            }
        };
        check(
            "braked",
            &[x, v, k],
            next.x + 2.0 * next.v,
            &[d_s.x, d_s.v, grad.k],
            f,
            twin,
        );
    }
}
