//! Statement macros in differentiated bodies: `assert!`, `debug_assert!`, `println!`
//! and friends run where they are written in the forward pass (in `f`, `f_forward`
//! and `f_grad`) and never in the backward pass, reading differentiated values as
//! plain data; `panic!`, `unreachable!` and `todo!` end the branch they are on.

use backprop::differentiate;

mod common;
use common::{check, check_slice, cst};
use num_dual::{Dual64, DualNum};

/// statrs-style: checks its input, then the sample variance.
#[differentiate]
fn sample_variance(x: &[f64]) -> f64 {
    let n = x.len();
    assert!(n >= 2, "variance needs two samples, got {n}");
    let mean = x.iter().sum::<f64>() / n as f64;
    debug_assert!(mean.is_finite());
    let mut ss = 0.0;
    for v in x {
        let d = v - mean;
        ss += d * d;
    }
    assert!(ss >= 0.0, "ss = {ss}");
    ss / (n - 1) as f64
}

#[test]
fn asserts_read_differentiated_values() {
    let twin = |p: &[Dual64]| {
        let n = p.len() as f64;
        let mean = p.iter().fold(cst(0.0), |a, &b| a + b) / n;
        p.iter().fold(cst(0.0), |a, &b| a + (b - mean) * (b - mean)) / (n - 1.0)
    };
    check_slice(
        "sample_variance",
        &[&[0.3, -1.2, 0.8], &[1.0, 2.0, 4.0, 8.5]],
        sample_variance_grad,
        sample_variance,
        twin,
    );
}

#[test]
#[should_panic(expected = "variance needs two samples, got 1")]
fn assert_runs_in_grad() {
    let mut d = [0.0];
    let _ = sample_variance_grad(&[1.0], &mut d);
}

#[test]
#[should_panic(expected = "variance needs two samples, got 1")]
fn assert_runs_in_forward() {
    let _ = sample_variance_forward(&[1.0]);
}

/// A print of a value that the staged code renames (`s` is assigned twice).
#[differentiate]
fn traced(x: f64, y: f64) -> f64 {
    let mut s = x * y;
    s += x.sin();
    println!("s = {s}, x = {}", x);
    eprint!("{s:.3} ");
    assert_ne!(s, f64::INFINITY);
    assert_eq!(s.signum().abs(), 1.0, "s is not a number");
    s * s
}

#[test]
fn prints_see_the_current_value() {
    let twin = |p: &[Dual64]| {
        let s = p[0] * p[1] + p[0].sin();
        s * s
    };
    for point in [[0.5, 1.5], [-1.2, 0.3]] {
        let (value, grad) = traced_grad(point[0], point[1]);
        let f = |p: &[f64]| traced(p[0], p[1]);
        check("traced", &point, value, &[grad.x, grad.y], f, twin);
    }
}

/// A diverging branch: `panic!` on a bad input, `unreachable!` in a `match`.
#[differentiate]
fn guarded_log(x: f64, kind: u8) -> f64 {
    if x <= 0.0 {
        panic!("log of a non-positive number: {x}");
    }
    let y = match kind {
        0 => x.ln(),
        1 => x.log2(),
        _ => unreachable!("kind {kind}"),
    };
    let z = if y > -100.0 { y * x } else { todo!() };
    z * 2.0
}

#[test]
fn diverging_branches() {
    for (kind, scale) in [(0u8, 1.0), (1, std::f64::consts::LN_2.recip())] {
        let twin = |p: &[Dual64]| p[0].ln() * scale * p[0] * 2.0;
        for x in [0.5, 2.0, 3.7] {
            let (value, grad) = guarded_log_grad(x, kind);
            let f = |p: &[f64]| guarded_log(p[0], kind);
            check("guarded_log", &[x], value, &[grad.x], f, twin);
        }
    }
}

#[test]
#[should_panic(expected = "log of a non-positive number: -1")]
fn panic_runs_in_grad() {
    let _ = guarded_log_grad(-1.0, 0);
}

#[test]
#[should_panic(expected = "kind 7")]
fn unreachable_runs_in_forward() {
    let _ = guarded_log_forward(2.0, 7);
}
