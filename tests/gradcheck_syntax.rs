//! Gradient checks of the body constructs `#[differentiate]` supports (lets, shadowing,
//! mutation, compound assignment, blocks, `return`, constants, integer and bool
//! parameters, visibility, modules, user names that look like generated ones, and a long
//! composite), each against central finite differences and num-dual (see `common`).

mod common;

use backprop::{differentiate, sigmoid, softplus};
use common::{check, check_wrt, cst, dabs, dmax, dsigmoid, dsoftplus};
use num_dual::{Dual64, DualNum};
use std::f64::consts::E;

const P2: [[f64; 2]; 3] = [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4]];
const P3: [[f64; 3]; 3] = [[0.3, -1.2, 0.5], [1.1, 0.7, -2.0], [-2.0, 0.4, 1.5]];

/// A module-level constant used in bodies.
const K: f64 = 2.5;

/// Let with and without a type annotation:
/// a = 2x, b = a y, f = b + a^2 = 2xy + 4x^2, df/dx = 2y + 8x, df/dy = 2x
#[differentiate]
fn lets(x: f64, y: f64) -> f64 {
    let a: f64 = x * 2.0;
    let b = a * y;
    b + a * a
}

#[test]
fn let_with_and_without_type() {
    for p in P2 {
        let (v, g) = lets_grad(p[0], p[1]);
        check(
            "lets",
            &p,
            v,
            &[g.x, g.y],
            |a| lets(a[0], a[1]),
            |d| d[0] * d[1] * 2.0 + d[0] * d[0] * 4.0,
        );
    }
}

/// Shadowing: t = x y; t = sin t + t; t = t x.  f = (sin(xy) + xy) x,
/// df/dx = (cos(xy) y + y) x + sin(xy) + xy, df/dy = (cos(xy) x + x) x
#[differentiate]
fn shadowing(x: f64, y: f64) -> f64 {
    let t = x * y;
    let t = t.sin() + t;
    let t: f64 = t * x;
    t
}

#[test]
fn shadowed_lets() {
    for p in P2 {
        let (v, g) = shadowing_grad(p[0], p[1]);
        check(
            "shadowing",
            &p,
            v,
            &[g.x, g.y],
            |a| shadowing(a[0], a[1]),
            |d| {
                let t = d[0] * d[1];
                (t.sin() + t) * d[0]
            },
        );
    }
}

/// `let mut` and reassignment (the old value is read by the new one):
/// acc = x; acc = acc y + x; acc = exp(acc).  f = exp(xy + x),
/// df/dx = f (y + 1), df/dy = f x
#[differentiate]
fn reassign(x: f64, y: f64) -> f64 {
    let mut acc = x;
    acc = acc * y + x;
    acc = acc.exp();
    acc
}

#[test]
fn let_mut_and_reassignment() {
    for p in P2 {
        let (v, g) = reassign_grad(p[0], p[1]);
        check(
            "reassign",
            &p,
            v,
            &[g.x, g.y],
            |a| reassign(a[0], a[1]),
            |d| (d[0] * d[1] + d[0]).exp(),
        );
    }
}

/// Compound assignment: t = x; t += y; t -= 0.5 x; t *= y; t /= x + 3.
/// f = (0.5 x + y) y / (x + 3)
#[differentiate]
fn compound(x: f64, y: f64) -> f64 {
    let mut t = x;
    t += y;
    t -= 0.5 * x;
    t *= y;
    t /= x + 3.0;
    t
}

#[test]
fn compound_assignment() {
    for p in P2 {
        let (v, g) = compound_grad(p[0], p[1]);
        check(
            "compound",
            &p,
            v,
            &[g.x, g.y],
            |a| compound(a[0], a[1]),
            |d| (d[0] * 0.5 + d[1]) * d[1] / (d[0] + 3.0),
        );
        let (_, cache) = compound_forward(p[0], p[1]);
        let gb = compound_backward(&cache, -2.0);
        check(
            "compound backward(-2)",
            &p,
            v,
            &[gb.x / -2.0, gb.y / -2.0],
            |a| compound(a[0], a[1]),
            |d| (d[0] * 0.5 + d[1]) * d[1] / (d[0] + 3.0),
        );
    }
}

/// `mut` parameters, overwritten in the body; the gradient is with respect to the value
/// passed in: x <- x y; x += 1; y <- sin(x) y - 0.5; f = sin(x0 y + 1) y - 0.5,
/// df/dx0 = cos(x0 y + 1) y^2, df/dy = cos(x0 y + 1) x0 y + sin(x0 y + 1)
#[differentiate]
fn mut_param(mut x: f64, mut y: f64) -> f64 {
    x *= y;
    x += 1.0;
    y = x.sin() * y - 0.5;
    y
}

#[test]
fn mut_parameters() {
    for p in P2 {
        let (v, g) = mut_param_grad(p[0], p[1]);
        check(
            "mut_param",
            &p,
            v,
            &[g.x, g.y],
            |a| mut_param(a[0], a[1]),
            |d| (d[0] * d[1] + 1.0).sin() * d[1] - 0.5,
        );
    }
}

/// Block expressions, as a let initializer and as the tail:
/// b = { u = x y; sin u + 1 }; f = { v = b x; v - y } = (sin(xy) + 1) x - y
#[differentiate]
fn blocks(x: f64, y: f64) -> f64 {
    let b = {
        let u = x * y;
        u.sin() + 1.0
    };
    {
        let v = b * x;
        v - y
    }
}

#[test]
fn block_expressions() {
    for p in P2 {
        let (v, g) = blocks_grad(p[0], p[1]);
        check(
            "blocks",
            &p,
            v,
            &[g.x, g.y],
            |a| blocks(a[0], a[1]),
            |d| ((d[0] * d[1]).sin() + 1.0) * d[0] - d[1],
        );
    }
}

/// A final `return e;`: f = x y^2 + 1, df/dx = y^2, df/dy = 2xy
#[differentiate]
#[allow(clippy::needless_return)]
fn returns(x: f64, y: f64) -> f64 {
    let t = x * y;
    return t * y + 1.0;
}

#[test]
fn final_return() {
    for p in P2 {
        let (v, g) = returns_grad(p[0], p[1]);
        check(
            "returns",
            &p,
            v,
            &[g.x, g.y],
            |a| returns(a[0], a[1]),
            |d| d[0] * d[1] * d[1] + 1.0,
        );
    }
}

/// Constants: a module-level `const K`, `std::f64::consts::PI` by path and `E` imported:
/// f = K x + sin(PI x y) + E y, df/dx = K + PI y cos(PI xy), df/dy = PI x cos(PI xy) + E
#[differentiate]
fn constants(x: f64, y: f64) -> f64 {
    K * x + (std::f64::consts::PI * x * y).sin() + E * y
}

#[test]
fn const_items_and_std_consts() {
    let pi = std::f64::consts::PI;
    for p in P2 {
        let (v, g) = constants_grad(p[0], p[1]);
        check(
            "constants",
            &p,
            v,
            &[g.x, g.y],
            |a| constants(a[0], a[1]),
            |d| d[0] * K + (d[0] * d[1] * pi).sin() + d[1] * E,
        );
    }
}

/// Integer parameters as constants: f = x^n + (n as f64) x y + k y (k: usize),
/// df/dx = n x^(n-1) + n y, df/dy = n x + k; no gradient field for `n` or `k`
#[differentiate]
fn int_params(x: f64, n: i32, y: f64, k: usize) -> f64 {
    x.powi(n) + (n as f64) * x * y + k as f64 * y
}

#[test]
fn integer_parameters_are_constants() {
    for (n, k) in [(3, 2usize), (-2, 0), (5, 7)] {
        for p in P2 {
            let (v, g) = int_params_grad(p[0], n, p[1], k);
            let IntParamsGrad { x: gx, y: gy } = g; // exactly the float params
            check(
                &format!("int_params n={n} k={k}"),
                &p,
                v,
                &[gx, gy],
                |a| int_params(a[0], n, a[1], k),
                |d| d[0].powi(n) + d[0] * d[1] * f64::from(n) + d[1] * k as f64,
            );
        }
    }
}

/// bool and usize parameters present but unused: f = x y + x, df/dx = y + 1, df/dy = x
#[differentiate]
fn unused_flags(x: f64, _flag: bool, y: f64, _index: usize) -> f64 {
    x * y + x
}

#[test]
fn bool_and_usize_parameters() {
    for (flag, index) in [(true, 0usize), (false, 9)] {
        for p in P2 {
            let (v, g) = unused_flags_grad(p[0], flag, p[1], index);
            let UnusedFlagsGrad { x: gx, y: gy } = g;
            check(
                "unused_flags",
                &p,
                v,
                &[gx, gy],
                |a| unused_flags(a[0], flag, a[1], index),
                |d| d[0] * d[1] + d[0],
            );
        }
    }
}

/// A parameter that does not take part (`_unused`), one that cancels (`y - w` with
/// `w = y`) and one used only through a zero-derivative op (`z.floor()`):
/// f = x^2 + (y - y) x + floor(z), df/dx = 2x, df/dy = 0, df/dz = 0, d/d_unused = 0
#[differentiate]
fn zero_grads(x: f64, y: f64, z: f64, _unused: f64) -> f64 {
    let w = y;
    x * x + (y - w) * x + z.floor()
}

#[test]
fn non_participating_parameters_get_zero() {
    for p in [
        [0.3, -1.2, 0.5, 4.0],
        [1.1, 0.7, -2.3, -1.0],
        [-2.0, 0.4, 1.5, 0.0],
    ] {
        let (v, g) = zero_grads_grad(p[0], p[1], p[2], p[3]);
        assert_eq!(g._unused, 0.0);
        assert_eq!(g.z, 0.0);
        check(
            "zero_grads",
            &p,
            v,
            &[g.x, g.y, g.z, g._unused],
            |a| zero_grads(a[0], a[1], a[2], a[3]),
            |d| {
                let w = d[1];
                d[0] * d[0] + (d[1] - w) * d[0] + cst(d[2].re.floor())
            },
        );
    }
}

/// `pub`: f = x / y + y, df/dx = 1/y, df/dy = -x/y^2 + 1
#[differentiate]
pub fn public_fn(x: f64, y: f64) -> f64 {
    x / y + y
}

/// `pub(crate)`: f = x y^2, df/dx = y^2, df/dy = 2xy
#[differentiate]
pub(crate) fn crate_fn(x: f64, y: f64) -> f64 {
    x * y * y
}

mod inner {
    //! A `#[differentiate]` function in a module: its generated items have its
    //! visibility (`pub` ones reachable from outside, private ones only here).
    use backprop::differentiate;

    /// f = cos(x) y (pub, in a module), df/dx = -sin(x) y, df/dy = cos x
    #[differentiate]
    pub fn in_module(x: f64, y: f64) -> f64 {
        x.cos() * y
    }

    /// f = x^3 - y (private, in a module), df/dx = 3x^2, df/dy = -1
    #[differentiate]
    fn private_in_module(x: f64, y: f64) -> f64 {
        x * x * x - y
    }

    #[test]
    fn private_function_in_a_module() {
        for p in super::P2 {
            let (v, g): (f64, PrivateInModuleGrad) = private_in_module_grad(p[0], p[1]);
            super::common::check(
                "private_in_module",
                &p,
                v,
                &[g.x, g.y],
                |a| private_in_module(a[0], a[1]),
                |d| d[0] * d[0] * d[0] - d[1],
            );
        }
    }
}

#[test]
fn visibility_and_modules() {
    for p in P2 {
        let (v, g): (f64, PublicFnGrad) = public_fn_grad(p[0], p[1]);
        check(
            "public_fn",
            &p,
            v,
            &[g.x, g.y],
            |a| public_fn(a[0], a[1]),
            |d| d[0] / d[1] + d[1],
        );
        let (v, g): (f64, CrateFnGrad) = crate_fn_grad(p[0], p[1]);
        check(
            "crate_fn",
            &p,
            v,
            &[g.x, g.y],
            |a| crate_fn(a[0], a[1]),
            |d| d[0] * d[1] * d[1],
        );
        let (v, cache): (f64, inner::InModuleCache) = inner::in_module_forward(p[0], p[1]);
        let g: inner::InModuleGrad = inner::in_module_backward(&cache, 1.0);
        assert_eq!(inner::in_module_grad(p[0], p[1]), (v, g));
        check(
            "inner::in_module",
            &p,
            v,
            &[g.x, g.y],
            |a| inner::in_module(a[0], a[1]),
            |d| d[0].cos() * d[1],
        );
    }
}

/// User locals named like generated ones (`d_x`, `cache`, `d_out`):
/// d_x = x y; cache = sin(d_x); d_out = cache + x; f = d_out d_x = (sin(xy) + x) xy
#[differentiate]
fn local_names(x: f64, y: f64) -> f64 {
    let d_x = x * y;
    let cache = d_x.sin();
    let d_out = cache + x;
    d_out * d_x
}

/// User parameters named like generated ones: `x` and `d_x` (the adjoint name of `x`),
/// `cache`, `d_out`: f = x d_x + cache^2 d_out + exp(x),
/// df/dx = d_x + e^x, df/dd_x = x, df/dcache = 2 cache d_out, df/dd_out = cache^2
#[differentiate]
fn param_names(x: f64, d_x: f64, cache: f64, d_out: f64) -> f64 {
    x * d_x + cache * cache * d_out + x.exp()
}

#[test]
fn names_that_look_generated_do_not_collide() {
    for p in P2 {
        let (v, g) = local_names_grad(p[0], p[1]);
        check(
            "local_names",
            &p,
            v,
            &[g.x, g.y],
            |a| local_names(a[0], a[1]),
            |d| {
                let dx = d[0] * d[1];
                (dx.sin() + d[0]) * dx
            },
        );
        let (_, c) = local_names_forward(p[0], p[1]);
        let gb = local_names_backward(&c, 0.5);
        assert_eq!((gb.x, gb.y), (0.5 * g.x, 0.5 * g.y));
    }
    for p in P3 {
        let q = [p[0], p[1], p[2], p[0] - p[1]];
        let (v, g) = param_names_grad(q[0], q[1], q[2], q[3]);
        check(
            "param_names",
            &q,
            v,
            &[g.x, g.d_x, g.cache, g.d_out],
            |a| param_names(a[0], a[1], a[2], a[3]),
            |d| d[0] * d[1] + d[2] * d[2] * d[3] + d[0].exp(),
        );
        let (_, c) = param_names_forward(q[0], q[1], q[2], q[3]);
        let gb = param_names_backward(&c, 3.0);
        assert_eq!(gb.d_out, 3.0 * g.d_out);
        assert_eq!(gb.d_x, 3.0 * g.d_x);
    }
}

/// A composite of 40 operations mixing most of the above (lets, fan-out, gates, kinks
/// away from their kinks, constants):
/// a = xy + z; b = ln(sin a + 1.5); c = e^(x-z) / (1 + y^2); d = b^2 - sqrt(c);
/// e = sigmoid(d x) + tanh(y/3); f = max(e, c) cos(a) - |z|; g = hypot(f, b) + atan2(xz, y+2);
/// h = mul_add(g, 0.5, x^2.0) + softplus(y - x) + K; out = h cbrt(1/h) - asinh(0.1 e) + PI z
#[differentiate]
pub fn composite(x: f64, y: f64, z: f64) -> f64 {
    let a = x * y + z;
    let b = (a.sin() + 1.5).ln();
    let c = (x - z).exp() / (1.0 + y * y);
    let d = b.powi(2) - c.sqrt();
    let e = sigmoid(d * x) + (y / 3.0).tanh();
    let f = e.max(c) * a.cos() - z.abs();
    let g = f.hypot(b) + (x * z).atan2(y + 2.0);
    let h = g.mul_add(0.5, x.powf(2.0)) + softplus(y - x) + K;
    h * h.recip().cbrt() - (e * 0.1).asinh() + std::f64::consts::PI * z
}

/// The num-dual twin of [`composite`].
fn composite_twin(x: Dual64, y: Dual64, z: Dual64) -> Dual64 {
    let a = x * y + z;
    let b = (a.sin() + 1.5).ln();
    let c = (x - z).exp() / (cst(1.0) + y * y);
    let d = b.powi(2) - c.sqrt();
    let e = dsigmoid(d * x) + (y / 3.0).tanh();
    let f = dmax(e, c) * a.cos() - dabs(z);
    let g = (f * f + b * b).sqrt() + (x * z).atan2(y + 2.0);
    let h = g * 0.5 + x.powf(2.0) + dsoftplus(y - x) + K;
    h * h.recip().cbrt() - (e * 0.1).asinh() + z * std::f64::consts::PI
}

/// [`composite`] differentiated with respect to `x` and `z` only (`y` is a constant).
#[differentiate(wrt(x, z))]
fn composite_wrt_xz(x: f64, y: f64, z: f64) -> f64 {
    let a = x * y + z;
    let b = (a.sin() + 1.5).ln();
    let c = (x - z).exp() / (1.0 + y * y);
    let d = b.powi(2) - c.sqrt();
    let e = sigmoid(d * x) + (y / 3.0).tanh();
    let f = e.max(c) * a.cos() - z.abs();
    let g = f.hypot(b) + (x * z).atan2(y + 2.0);
    let h = g.mul_add(0.5, x.powf(2.0)) + softplus(y - x) + K;
    h * h.recip().cbrt() - (e * 0.1).asinh() + std::f64::consts::PI * z
}

#[test]
fn composite_of_forty_operations() {
    for p in P3.iter().chain(&[[0.8, 1.3, -0.6], [-0.4, -0.9, 2.2]]) {
        let (v, g) = composite_grad(p[0], p[1], p[2]);
        check(
            "composite",
            p,
            v,
            &[g.x, g.y, g.z],
            |a| composite(a[0], a[1], a[2]),
            |s| composite_twin(s[0], s[1], s[2]),
        );
        let (fv, cache) = composite_forward(p[0], p[1], p[2]);
        assert_eq!(fv, v);
        let gb = composite_backward(&cache, -0.5);
        check(
            "composite backward(-0.5) / -0.5",
            p,
            v,
            &[gb.x / -0.5, gb.y / -0.5, gb.z / -0.5],
            |a| composite(a[0], a[1], a[2]),
            |s| composite_twin(s[0], s[1], s[2]),
        );
        let (v, g) = composite_wrt_xz_grad(p[0], p[1], p[2]);
        let CompositeWrtXzGrad { x: gx, z: gz } = g;
        check_wrt(
            "composite wrt(x, z)",
            p,
            v,
            &[(0, gx), (2, gz)],
            |a| composite_wrt_xz(a[0], a[1], a[2]),
            |s| composite_twin(s[0], s[1], s[2]),
        );
    }
}
