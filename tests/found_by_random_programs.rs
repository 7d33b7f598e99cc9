//! Shapes the random-program generator found broken, each now checked against
//! num-dual and finite differences: a method of an adjoint before rustc knows its type
//! (`to_radians` in a loop), a local array of constants that a loop rebuilds and
//! stores into, a copy of a constant array parameter in a loop, and a folded `f32`
//! constant written with more digits than `f32` holds (a clippy error under `-D
//! warnings`, checked by CI's clippy run over this file).

#![deny(clippy::excessive_precision)]

mod common;

use backprop::differentiate;
use common::{check, check_f32, check_wrt};
use num_dual::{Dual64, DualNum};

/// A heading integrated in degrees, turned to radians each step.
#[differentiate]
fn heading(turn: f64, drift: f64) -> f64 {
    let mut angle = 0.0;
    let mut rate = turn;
    for _ in 0..4 {
        angle -= rate;
        rate += (angle + drift).to_radians();
    }
    angle
}

fn heading_twin(turn: Dual64, drift: Dual64) -> Dual64 {
    let mut angle = Dual64::from(0.0);
    let mut rate = turn;
    for _ in 0..4 {
        angle -= rate;
        rate += (angle + drift) * (std::f64::consts::PI / 180.0);
    }
    angle
}

/// A two-point stencil rebuilt each step from a constant weight that the loop
/// carries, then its second point overwritten.
#[differentiate]
fn stencil(x: f64, w: [f64; 3]) -> f64 {
    let mut weight = 0.5;
    let mut acc = 0.0;
    for &wi in &w {
        let mut pair = [weight, 1.0];
        pair[1] = x * wi;
        pair[0] += 0.25;
        acc += pair[0] * pair[1];
        weight += 0.1;
    }
    acc
}

fn stencil_twin(x: Dual64, w: [Dual64; 3]) -> Dual64 {
    let mut weight = 0.5;
    let mut acc = Dual64::from(0.0);
    for wi in w {
        acc += (x * wi) * (weight + 0.25);
        weight += 0.1;
    }
    acc
}

/// Each step starts from a fresh copy of the constant template `w` and overwrites
/// its first entry with a differentiated value.
#[differentiate(wrt(a))]
fn templated(a: f64, w: [f64; 3]) -> f64 {
    let mut first = w;
    first[2] = a;
    let mut acc = 0.0;
    for i in 0..3 {
        let mut t = w;
        t[0] = first[2];
        acc += t[0] * t[i];
    }
    acc
}

fn templated_twin(a: Dual64, w: [f64; 3]) -> Dual64 {
    let mut acc = Dual64::from(0.0);
    for (i, &wi) in w.iter().enumerate() {
        let ti = if i == 0 { a } else { Dual64::from(wi) };
        acc += a * ti;
    }
    acc
}

/// The bearing of a point seen from a fixed offset, in `f32`.
#[differentiate]
fn bearing(y: f32) -> f32 {
    y.atan2(0.1)
}

#[test]
fn adjoint_methods_in_loops() {
    for p in [[0.3, 0.1], [-0.7, 1.2], [1.5, -0.4]] {
        let (v, g) = heading_grad(p[0], p[1]);
        check(
            "heading",
            &p,
            v,
            &[g.turn, g.drift],
            |q| heading(q[0], q[1]),
            |d| heading_twin(d[0], d[1]),
        );
    }
}

#[test]
fn constant_arrays_rebuilt_in_loops() {
    for p in [[0.3, 1.0, 2.0, 3.0], [-1.1, 0.4, -0.2, 0.9]] {
        let (v, g) = stencil_grad(p[0], [p[1], p[2], p[3]]);
        check(
            "stencil",
            &p,
            v,
            &[g.x, g.w[0], g.w[1], g.w[2]],
            |q| stencil(q[0], [q[1], q[2], q[3]]),
            |d| stencil_twin(d[0], [d[1], d[2], d[3]]),
        );
    }
}

#[test]
fn copies_of_constant_arrays_in_loops() {
    for (a, w) in [(0.3, [1.0, 2.0, 3.0]), (-0.8, [0.5, -1.5, 2.5])] {
        let (v, g) = templated_grad(a, w);
        check_wrt(
            "templated",
            &[a],
            v,
            &[(0, g.a)],
            |q| templated(q[0], w),
            |d| templated_twin(d[0], w),
        );
    }
}

#[test]
fn folded_f32_constants() {
    for y in [0.3f32, -0.05, 2.0] {
        let (v, g) = bearing_grad(y);
        check_f32(
            "bearing",
            &[y],
            v,
            &[g.y],
            |q| bearing(q[0]),
            |d| d[0].atan2(Dual64::from(0.1)),
        );
    }
}
