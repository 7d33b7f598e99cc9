//! `#[cfg]` and `#[cfg_attr]` inside a differentiated function: the generated functions
//! see exactly what the compiler keeps of it. The macro cannot evaluate a condition, so
//! it differentiates one copy per combination of the function's conditions (at most 3)
//! and puts each copy's items under `#[cfg(all(..))]`; the combination the compiler
//! takes is the one whose copy matches the function.
//!
//! `any()` is always false and `any(unix, not(unix))` always true; `debug_assertions` differs between
//! `cargo test` and `cargo test --release`, and both must pass.

mod common;

use backprop::differentiate;
use common::{check, check_wrt, cst};
use num_dual::{Dual64, DualNum};

/// A `let` the compiler removes: `a = 2x`, so `f = 2x²`.
#[differentiate]
fn removed_let(x: f64) -> f64 {
    let a = x * 2.0;
    #[cfg(any())]
    let a = x * 100.0;
    a * x
}

/// An early `return` the compiler removes.
#[differentiate]
fn removed_return(x: f64) -> f64 {
    #[cfg(any())]
    return x * 1000.0;
    x.sin() * x
}

/// A `match` arm the compiler removes: `n = 0` falls to `_`.
#[differentiate(wrt(x))]
fn removed_arm(n: i32, x: f64) -> f64 {
    match n {
        #[cfg(any())]
        0 => x * 1000.0,
        1 => x.exp(),
        _ => x * x,
    }
}

/// A parameter the compiler removes: the generated functions do not take it either.
#[differentiate]
fn removed_param(x: f64, #[cfg(any())] z: f64) -> f64 {
    #[cfg(any())]
    let x = x * z;
    x.tanh() * 3.0
}

/// `cfg_attr` whose condition holds removes; one whose condition fails keeps.
#[differentiate]
fn with_cfg_attr(x: f64, y: f64) -> f64 {
    let s = x * y;
    #[cfg_attr(any(unix, not(unix)), cfg(any()))]
    let s = s + 100.0 * x;
    #[cfg_attr(any(), cfg(any()))]
    let s = s + y.exp();
    s
}

/// One scale in debug builds, another in release: both copies are generated, and the
/// build's own one is compiled.
#[differentiate]
fn per_profile(x: f64, y: f64) -> f64 {
    #[cfg(debug_assertions)]
    let scale = 2.0;
    #[cfg(not(debug_assertions))]
    let scale = 3.0;
    let mut acc = 0.0;
    for k in 0..4 {
        #[cfg(debug_assertions)]
        let term = scale * x.powi(k) * y;
        #[cfg(not(debug_assertions))]
        let term = scale * y.powi(k) * x;
        acc += term;
        if acc > 10.0 {
            #[cfg(any())]
            return acc * 1e6;
            acc = acc.sqrt();
        }
    }
    acc
}

fn per_profile_twin(x: Dual64, y: Dual64) -> Dual64 {
    let scale = if cfg!(debug_assertions) { 2.0 } else { 3.0 };
    let mut acc = cst(0.0);
    for k in 0..4 {
        acc += if cfg!(debug_assertions) {
            x.powi(k) * y * scale
        } else {
            y.powi(k) * x * scale
        };
        if acc.re > 10.0 {
            acc = acc.sqrt();
        }
    }
    acc
}

/// Elements of an array and arguments of a call the compiler removes.
#[differentiate]
fn removed_elements(x: f64, y: f64) -> f64 {
    let v = [
        x * y,
        #[cfg(any())]
        1e9,
        y.sin(),
    ];
    v[0].mul_add(
        v[1],
        #[cfg(any(unix, not(unix)))]
        x,
    )
}

/// Methods with conditions inside.
struct Model {
    scale: f64,
}

#[differentiate]
impl Model {
    #[differentiate(wrt(w))]
    fn loss(&self, w: f64, x: f64) -> f64 {
        let z = w * x;
        #[cfg(any())]
        let z = z * 1000.0;
        (self.scale * z - 1.0).powi(2)
    }
}

#[test]
fn removed_statements_are_removed_from_the_generated_functions() {
    for x in [0.5, -1.25, 2.0] {
        let (value, grad) = removed_let_grad(x);
        check(
            "removed_let",
            &[x],
            value,
            &[grad.x],
            |v| removed_let(v[0]),
            |v| v[0] * v[0] * 2.0,
        );
        let (value, grad) = removed_return_grad(x);
        check(
            "removed_return",
            &[x],
            value,
            &[grad.x],
            |v| removed_return(v[0]),
            |v| v[0].sin() * v[0],
        );
        for n in [0, 1, 2] {
            let (value, grad) = removed_arm_grad(n, x);
            check_wrt(
                &format!("removed_arm({n})"),
                &[x],
                value,
                &[(0, grad.x)],
                |v| removed_arm(n, v[0]),
                |v| if n == 1 { v[0].exp() } else { v[0] * v[0] },
            );
        }
        let (value, grad) = removed_param_grad(x);
        let (_, cache) = removed_param_forward(x);
        assert_eq!(removed_param_backward(&cache, 1.0), grad);
        assert_eq!(removed_param_pullback(&cache, 1.0), (grad.x,));
        check(
            "removed_param",
            &[x],
            value,
            &[grad.x],
            |v| removed_param(v[0]),
            |v| v[0].tanh() * 3.0,
        );
    }
}

#[test]
fn cfg_attr_conditions_and_nested_conditions_are_honoured() {
    for (x, y) in [(0.5, 1.5), (-1.0, 0.25), (2.0, -0.5)] {
        let (value, grad) = with_cfg_attr_grad(x, y);
        check(
            "with_cfg_attr",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| with_cfg_attr(v[0], v[1]),
            |v| v[0] * v[1] + v[1].exp(),
        );
        let (value, grad) = per_profile_grad(x, y);
        check(
            "per_profile",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| per_profile(v[0], v[1]),
            |v| per_profile_twin(v[0], v[1]),
        );
        let (value, grad) = removed_elements_grad(x, y);
        check(
            "removed_elements",
            &[x, y],
            value,
            &[grad.x, grad.y],
            |v| removed_elements(v[0], v[1]),
            |v| (v[0] * v[1]) * v[1].sin() + v[0],
        );
        let model = Model { scale: 1.5 };
        let (value, grad) = model.loss_grad(x, y);
        check_wrt(
            "Model::loss",
            &[x, y],
            value,
            &[(0, grad.w)],
            |v| model.loss(v[0], v[1]),
            |v| (v[0] * v[1] * 1.5 - 1.0).powi(2),
        );
    }
}
