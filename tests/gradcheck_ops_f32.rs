//! Gradient checks, one or more per supported operation, over `f32`: the same coverage
//! as `gradcheck_ops_f64.rs` (same formulas and points, except where noted), over `f32`.
//!
//! Tolerances (see `common::check_wrt_f32`): f32 keeps about 7 significant digits and an
//! f32 finite difference loses half of them, so the f32 analytic gradient is compared
//! against *f64* references computed on a `Dual64` twin of the same formula (num-dual AD,
//! and central FD of the twin's f64 value) at relative error 1e-3, and the twin is tied to
//! the f32 function by comparing values at 1e-5. The f32 function is also differenced
//! directly, in f32, with step 1e-2 (round-off ~1e-5, truncation ~2e-5 relative) at 1e-2.
//! A wrong derivative rule is off by O(1), so each of these genuinely fails on a bug.
//! Kinks are tested exactly in `kinks.rs`.

mod common;

use backprop::{differentiate, log_sigmoid, relu, sigmoid, softplus};
use common::{
    assert_close_f32, check_f32, check_wrt_f32, cst, dabs, dclamp, dconst, dmax, dmin, dsigmoid,
    dsoftplus,
};
use num_dual::DualNum;

/// Asserts that `backward(cache, d_out)` is `d_out` times the `_grad` gradient
/// (the contract's vector-Jacobian product), component by component.
fn assert_vjp(name: &str, d_out: f32, backward: &[f32], unit: &[f32]) {
    assert_eq!(backward.len(), unit.len());
    for (i, (b, u)) in backward.iter().zip(unit).enumerate() {
        assert_close_f32(
            &format!("{name}: backward(d_out={d_out})[{i}]"),
            *b,
            d_out * u,
            1e-6,
        );
    }
}

const P2: [[f32; 2]; 4] = [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4], [0.9, 1.6]];
const P2_POS: [[f32; 2]; 4] = [[0.3, 1.2], [1.1, 0.7], [2.5, 0.4], [0.9, 1.6]];

// ---------------------------------------------------------------- arithmetic

/// f = (x + y) * (x + 2), df/dx = (x + 2) + (x + y), df/dy = x + 2
#[differentiate]
fn add_op(x: f32, y: f32) -> f32 {
    (x + y) * (x + 2.0)
}

#[test]
fn add() {
    for p in P2 {
        let (v, g) = add_op_grad(p[0], p[1]);
        check_f32(
            "add",
            &p,
            v,
            &[g.x, g.y],
            |a| add_op(a[0], a[1]),
            |d| (d[0] + d[1]) * (d[0] + 2.0),
        );
    }
}

/// f = (x - y) * (y - 1.5) - x, df/dx = (y - 1.5) - 1, df/dy = -(y - 1.5) + (x - y)
#[differentiate]
fn sub_op(x: f32, y: f32) -> f32 {
    (x - y) * (y - 1.5) - x
}

#[test]
fn sub() {
    for p in P2 {
        let (v, g) = sub_op_grad(p[0], p[1]);
        check_f32(
            "sub",
            &p,
            v,
            &[g.x, g.y],
            |a| sub_op(a[0], a[1]),
            |d| (d[0] - d[1]) * (d[1] - 1.5) - d[0],
        );
        // backward with a non-unit upstream gradient
        let (fv, cache) = sub_op_forward(p[0], p[1]);
        assert_eq!(fv, v);
        let gb = sub_op_backward(&cache, -2.5);
        assert_vjp("sub", -2.5, &[gb.x, gb.y], &[g.x, g.y]);
    }
}

/// f = x * y * x (x fans out), df/dx = 2xy, df/dy = x^2
#[differentiate]
fn mul_op(x: f32, y: f32) -> f32 {
    x * y * x
}

#[test]
fn mul() {
    for p in P2 {
        let (v, g) = mul_op_grad(p[0], p[1]);
        check_f32(
            "mul",
            &p,
            v,
            &[g.x, g.y],
            |a| mul_op(a[0], a[1]),
            |d| d[0] * d[1] * d[0],
        );
        let (_, cache) = mul_op_forward(p[0], p[1]);
        let gb = mul_op_backward(&cache, 3.0);
        assert_vjp("mul", 3.0, &[gb.x, gb.y], &[g.x, g.y]);
    }
}

/// f = (x + 1) / y + 2 / x, df/dx = 1/y - 2/x^2, df/dy = -(x + 1)/y^2
#[differentiate]
fn div_op(x: f32, y: f32) -> f32 {
    (x + 1.0) / y + 2.0 / x
}

#[test]
fn div() {
    for p in P2 {
        let (v, g) = div_op_grad(p[0], p[1]);
        check_f32(
            "div",
            &p,
            v,
            &[g.x, g.y],
            |a| div_op(a[0], a[1]),
            |d| (d[0] + 1.0) / d[1] + cst(2.0) / d[0],
        );
    }
}

/// f = x / (y*y + 1) (variable divided by a variable expression),
/// df/dx = 1/(y^2+1), df/dy = -2xy/(y^2+1)^2
#[differentiate]
fn div_den(x: f32, y: f32) -> f32 {
    x / (y * y + 1.0)
}

#[test]
fn div_denominator() {
    for p in P2 {
        let (v, g) = div_den_grad(p[0], p[1]);
        check_f32(
            "div_den",
            &p,
            v,
            &[g.x, g.y],
            |a| div_den(a[0], a[1]),
            |d| d[0] / (d[1] * d[1] + 1.0),
        );
    }
}

/// f = -(x * y) + -x.exp() * y + (-x) (unary minus binds looser than the method call and
/// tighter than `*`: `-x.exp() * y` is `(-(e^x)) * y`),
/// df/dx = -y - e^x y - 1, df/dy = -x - e^x
#[differentiate]
fn neg_op(x: f32, y: f32) -> f32 {
    -(x * y) + -x.exp() * y + (-x)
}

#[test]
fn neg() {
    for p in P2 {
        let (v, g) = neg_op_grad(p[0], p[1]);
        check_f32(
            "neg",
            &p,
            v,
            &[g.x, g.y],
            |a| neg_op(a[0], a[1]),
            |d| -(d[0] * d[1]) + -(d[0].exp()) * d[1] + (-d[0]),
        );
    }
}

// ---------------------------------------------------------------- exp / log family

/// f = e^(x*y) + y, df/dx = y e^(xy), df/dy = x e^(xy) + 1
#[differentiate]
fn exp_m(x: f32, y: f32) -> f32 {
    (x * y).exp() + y
}

/// f = e^(x - y) * y (path form `f64::exp`), df/dx = y e^(x-y), df/dy = e^(x-y) (1 - y)
#[differentiate]
fn exp_p(x: f32, y: f32) -> f32 {
    f32::exp(x - y) * y
}

#[test]
fn exp() {
    for p in P2 {
        let (v, g) = exp_m_grad(p[0], p[1]);
        check_f32(
            "exp",
            &p,
            v,
            &[g.x, g.y],
            |a| exp_m(a[0], a[1]),
            |d| (d[0] * d[1]).exp() + d[1],
        );
        let (_, cache) = exp_m_forward(p[0], p[1]);
        let gb = exp_m_backward(&cache, 0.25);
        assert_vjp("exp", 0.25, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = exp_p_grad(p[0], p[1]);
        check_f32(
            "f32::exp",
            &p,
            v,
            &[g.x, g.y],
            |a| exp_p(a[0], a[1]),
            |d| (d[0] - d[1]).exp() * d[1],
        );
    }
}

/// f = 2^(x*y) - x, df/dx = ln2 y 2^(xy) - 1, df/dy = ln2 x 2^(xy)
#[differentiate]
fn exp2_m(x: f32, y: f32) -> f32 {
    (x * y).exp2() - x
}

/// f = 2^x * y (path form), df/dx = ln2 2^x y, df/dy = 2^x
#[differentiate]
fn exp2_p(x: f32, y: f32) -> f32 {
    f32::exp2(x) * y
}

#[test]
fn exp2() {
    for p in P2 {
        let (v, g) = exp2_m_grad(p[0], p[1]);
        check_f32(
            "exp2",
            &p,
            v,
            &[g.x, g.y],
            |a| exp2_m(a[0], a[1]),
            |d| (d[0] * d[1]).exp2() - d[0],
        );
        let (v, g) = exp2_p_grad(p[0], p[1]);
        check_f32(
            "f32::exp2",
            &p,
            v,
            &[g.x, g.y],
            |a| exp2_p(a[0], a[1]),
            |d| d[0].exp2() * d[1],
        );
    }
}

/// f = (e^(x*y) - 1) + x, df/dx = y e^(xy) + 1, df/dy = x e^(xy)
#[differentiate]
fn exp_m1_m(x: f32, y: f32) -> f32 {
    (x * y).exp_m1() + x
}

/// f = expm1(x) / y (path form), df/dx = e^x / y, df/dy = -(e^x - 1)/y^2
#[differentiate]
fn exp_m1_p(x: f32, y: f32) -> f32 {
    f32::exp_m1(x) / y
}

#[test]
fn exp_m1() {
    for p in P2 {
        let (v, g) = exp_m1_m_grad(p[0], p[1]);
        check_f32(
            "exp_m1",
            &p,
            v,
            &[g.x, g.y],
            |a| exp_m1_m(a[0], a[1]),
            |d| (d[0] * d[1]).exp_m1() + d[0],
        );
        let (v, g) = exp_m1_p_grad(p[0], p[1]);
        check_f32(
            "f32::exp_m1",
            &p,
            v,
            &[g.x, g.y],
            |a| exp_m1_p(a[0], a[1]),
            |d| d[0].exp_m1() / d[1],
        );
    }
}

/// f = ln(x^2 + y^2 + 0.5), df/dx = 2x/(x^2+y^2+0.5), df/dy = 2y/(x^2+y^2+0.5)
#[differentiate]
fn ln_m(x: f32, y: f32) -> f32 {
    (x * x + y * y + 0.5).ln()
}

/// f = ln(x) * y (path form, x > 0), df/dx = y/x, df/dy = ln x
#[differentiate]
fn ln_p(x: f32, y: f32) -> f32 {
    f32::ln(x) * y
}

#[test]
fn ln() {
    for p in P2 {
        let (v, g) = ln_m_grad(p[0], p[1]);
        check_f32(
            "ln",
            &p,
            v,
            &[g.x, g.y],
            |a| ln_m(a[0], a[1]),
            |d| (d[0] * d[0] + d[1] * d[1] + 0.5).ln(),
        );
    }
    for p in P2_POS {
        let (v, g) = ln_p_grad(p[0], p[1]);
        check_f32(
            "f32::ln",
            &p,
            v,
            &[g.x, g.y],
            |a| ln_p(a[0], a[1]),
            |d| d[0].ln() * d[1],
        );
        let (_, cache) = ln_p_forward(p[0], p[1]);
        let gb = ln_p_backward(&cache, -0.75);
        assert_vjp("f32::ln", -0.75, &[gb.x, gb.y], &[g.x, g.y]);
    }
}

/// f = ln(1 + x*y) * x (x*y > -1), df/dx = y x/(1+xy) + ln(1+xy), df/dy = x^2/(1+xy)
#[differentiate]
fn ln_1p_m(x: f32, y: f32) -> f32 {
    (x * y).ln_1p() * x
}

/// f = ln(1 + x) + y (path form), df/dx = 1/(1+x), df/dy = 1
#[differentiate]
fn ln_1p_p(x: f32, y: f32) -> f32 {
    f32::ln_1p(x) + y
}

#[test]
fn ln_1p() {
    for p in [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4], [0.5, 1e-3]] {
        let (v, g) = ln_1p_m_grad(p[0], p[1]);
        check_f32(
            "ln_1p",
            &p,
            v,
            &[g.x, g.y],
            |a| ln_1p_m(a[0], a[1]),
            |d| (d[0] * d[1]).ln_1p() * d[0],
        );
    }
    for p in [[0.3, -1.2], [1.1, 0.7], [-0.5, 0.4]] {
        let (v, g) = ln_1p_p_grad(p[0], p[1]);
        check_f32(
            "f32::ln_1p",
            &p,
            v,
            &[g.x, g.y],
            |a| ln_1p_p(a[0], a[1]),
            |d| d[0].ln_1p() + d[1],
        );
    }
}

/// f = log_3(x*y) (constant base, x*y > 0), df/dx = 1/(x ln 3), df/dy = 1/(y ln 3)
#[differentiate]
fn log_const_base(x: f32, y: f32) -> f32 {
    (x * y).log(3.0)
}

/// f = log_y(x) = ln x / ln y (differentiated base; path form),
/// df/dx = 1/(x ln y), df/dy = -ln x / (y (ln y)^2)
#[differentiate]
fn log_var_base(x: f32, y: f32) -> f32 {
    f32::log(x, y)
}

#[test]
fn log() {
    for p in P2_POS {
        let (v, g) = log_const_base_grad(p[0], p[1]);
        check_f32(
            "log(3)",
            &p,
            v,
            &[g.x, g.y],
            |a| log_const_base(a[0], a[1]),
            |d| (d[0] * d[1]).log(3.0),
        );
    }
    for p in [[0.3, 1.7], [1.1, 0.7], [2.5, 0.4], [4.0, 3.0]] {
        let (v, g) = log_var_base_grad(p[0], p[1]);
        check_f32(
            "f32::log(x, y)",
            &p,
            v,
            &[g.x, g.y],
            |a| log_var_base(a[0], a[1]),
            |d| d[0].ln() / d[1].ln(),
        );
    }
}

/// f = log10(x*y) + y (x*y > 0), df/dx = 1/(x ln 10), df/dy = 1/(y ln 10) + 1
#[differentiate]
fn log10_m(x: f32, y: f32) -> f32 {
    (x * y).log10() + y
}

/// f = log10(x) * y (path form), df/dx = y/(x ln 10), df/dy = log10 x
#[differentiate]
fn log10_p(x: f32, y: f32) -> f32 {
    f32::log10(x) * y
}

#[test]
fn log10() {
    for p in P2_POS {
        let (v, g) = log10_m_grad(p[0], p[1]);
        check_f32(
            "log10",
            &p,
            v,
            &[g.x, g.y],
            |a| log10_m(a[0], a[1]),
            |d| (d[0] * d[1]).log10() + d[1],
        );
        let (v, g) = log10_p_grad(p[0], p[1]);
        check_f32(
            "f32::log10",
            &p,
            v,
            &[g.x, g.y],
            |a| log10_p(a[0], a[1]),
            |d| d[0].log10() * d[1],
        );
    }
}

/// f = log2(x^2 + y), (x^2 + y > 0), df/dx = 2x/((x^2+y) ln 2), df/dy = 1/((x^2+y) ln 2)
#[differentiate]
fn log2_m(x: f32, y: f32) -> f32 {
    (x * x + y).log2()
}

/// f = log2(x) - y (path form), df/dx = 1/(x ln 2), df/dy = -1
#[differentiate]
fn log2_p(x: f32, y: f32) -> f32 {
    f32::log2(x) - y
}

#[test]
fn log2() {
    for p in P2_POS {
        let (v, g) = log2_m_grad(p[0], p[1]);
        check_f32(
            "log2",
            &p,
            v,
            &[g.x, g.y],
            |a| log2_m(a[0], a[1]),
            |d| (d[0] * d[0] + d[1]).log2(),
        );
        let (v, g) = log2_p_grad(p[0], p[1]);
        check_f32(
            "f32::log2",
            &p,
            v,
            &[g.x, g.y],
            |a| log2_p(a[0], a[1]),
            |d| d[0].log2() - d[1],
        );
    }
}

// ---------------------------------------------------------------- roots and powers

/// f = sqrt(x^2 + y^2) * y, df/dx = xy/r, df/dy = y^2/r + r  (r = sqrt(x^2+y^2))
#[differentiate]
fn sqrt_m(x: f32, y: f32) -> f32 {
    (x * x + y * y).sqrt() * y
}

/// f = sqrt(x) + x*y (path form, x > 0), df/dx = 1/(2 sqrt x) + y, df/dy = x
#[differentiate]
fn sqrt_p(x: f32, y: f32) -> f32 {
    f32::sqrt(x) + x * y
}

#[test]
fn sqrt() {
    for p in P2 {
        let (v, g) = sqrt_m_grad(p[0], p[1]);
        check_f32(
            "sqrt",
            &p,
            v,
            &[g.x, g.y],
            |a| sqrt_m(a[0], a[1]),
            |d| (d[0] * d[0] + d[1] * d[1]).sqrt() * d[1],
        );
    }
    for p in P2_POS {
        let (v, g) = sqrt_p_grad(p[0], p[1]);
        check_f32(
            "f32::sqrt",
            &p,
            v,
            &[g.x, g.y],
            |a| sqrt_p(a[0], a[1]),
            |d| d[0].sqrt() + d[0] * d[1],
        );
    }
}

/// f = cbrt(x*y) + x (also at negative x*y, where cbrt is real),
/// df/dx = y / (3 cbrt(xy)^2) + 1, df/dy = x / (3 cbrt(xy)^2)
#[differentiate]
fn cbrt_m(x: f32, y: f32) -> f32 {
    (x * y).cbrt() + x
}

/// f = cbrt(x) * y (path form), df/dx = y / (3 cbrt(x)^2), df/dy = cbrt x
#[differentiate]
fn cbrt_p(x: f32, y: f32) -> f32 {
    f32::cbrt(x) * y
}

#[test]
fn cbrt() {
    for p in P2 {
        let (v, g) = cbrt_m_grad(p[0], p[1]);
        check_f32(
            "cbrt",
            &p,
            v,
            &[g.x, g.y],
            |a| cbrt_m(a[0], a[1]),
            |d| (d[0] * d[1]).cbrt() + d[0],
        );
        let (v, g) = cbrt_p_grad(p[0], p[1]);
        check_f32(
            "f32::cbrt",
            &p,
            v,
            &[g.x, g.y],
            |a| cbrt_p(a[0], a[1]),
            |d| d[0].cbrt() * d[1],
        );
    }
}

/// f = (x + y)^3 + x^(-2) * y + y^0 * x + x^1,
/// df/dx = 3(x+y)^2 - 2 y x^-3 + 1 + 1, df/dy = 3(x+y)^2 + x^-2
#[differentiate]
fn powi_m(x: f32, y: f32) -> f32 {
    (x + y).powi(3) + x.powi(-2) * y + y.powi(0) * x + x.powi(1)
}

/// f = x^2 * y (path form), df/dx = 2xy, df/dy = x^2
#[differentiate]
fn powi_p(x: f32, y: f32) -> f32 {
    f32::powi(x, 2) * y
}

#[test]
fn powi() {
    for p in P2 {
        let (v, g) = powi_m_grad(p[0], p[1]);
        check_f32(
            "powi",
            &p,
            v,
            &[g.x, g.y],
            |a| powi_m(a[0], a[1]),
            |d| (d[0] + d[1]).powi(3) + d[0].powi(-2) * d[1] + d[1].powi(0) * d[0] + d[0].powi(1),
        );
        let (v, g) = powi_p_grad(p[0], p[1]);
        check_f32(
            "f32::powi",
            &p,
            v,
            &[g.x, g.y],
            |a| powi_p(a[0], a[1]),
            |d| d[0].powi(2) * d[1],
        );
    }
}

/// f = (x*y)^2.5 + x^0.5 (constant exponents, x, y > 0),
/// df/dx = 2.5 y (xy)^1.5 + 0.5 x^-0.5, df/dy = 2.5 x (xy)^1.5
#[differentiate]
fn powf_const(x: f32, y: f32) -> f32 {
    (x * y).powf(2.5) + x.powf(0.5)
}

/// f = x^y (both differentiated, x > 0), df/dx = y x^(y-1), df/dy = x^y ln x
#[differentiate]
fn powf_var(x: f32, y: f32) -> f32 {
    x.powf(y)
}

/// f = (x + 1)^(y*x) (path form), df/dx = f (y ln(x+1) + xy/(x+1)), df/dy = f x ln(x+1)
#[differentiate]
fn powf_p(x: f32, y: f32) -> f32 {
    f32::powf(x + 1.0, y * x)
}

/// f = x^y differentiated with respect to the exponent only
#[differentiate(wrt(y))]
fn powf_wrt_y(x: f32, y: f32) -> f32 {
    x.powf(y)
}

#[test]
fn powf() {
    for p in P2_POS {
        let (v, g) = powf_const_grad(p[0], p[1]);
        check_f32(
            "powf(2.5)",
            &p,
            v,
            &[g.x, g.y],
            |a| powf_const(a[0], a[1]),
            |d| (d[0] * d[1]).powf(2.5) + d[0].powf(0.5),
        );
    }
    for p in [[0.3, -1.2], [1.1, 0.7], [2.5, 0.4], [0.9, 1.6]] {
        let (v, g) = powf_var_grad(p[0], p[1]);
        check_f32(
            "powf(x, y)",
            &p,
            v,
            &[g.x, g.y],
            |a| powf_var(a[0], a[1]),
            |d| d[0].powd(d[1]),
        );
        let (_, cache) = powf_var_forward(p[0], p[1]);
        let gb = powf_var_backward(&cache, 1.5);
        assert_vjp("powf(x, y)", 1.5, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = powf_p_grad(p[0], p[1]);
        check_f32(
            "f32::powf",
            &p,
            v,
            &[g.x, g.y],
            |a| powf_p(a[0], a[1]),
            |d| (d[0] + 1.0).powd(d[1] * d[0]),
        );

        let (v, g) = powf_wrt_y_grad(p[0], p[1]);
        let PowfWrtYGrad { y: gy } = g; // only the `wrt` field exists
        check_wrt_f32(
            "powf wrt(y)",
            &p,
            v,
            &[(1, gy)],
            |a| powf_wrt_y(a[0], a[1]),
            |d| d[0].powd(d[1]),
        );
    }
}

// ---------------------------------------------------------------- trigonometry

/// f = sin(x*y) + y, df/dx = y cos(xy), df/dy = x cos(xy) + 1
#[differentiate]
fn sin_m(x: f32, y: f32) -> f32 {
    (x * y).sin() + y
}

/// f = sin(x) * sin(y) (path form), df/dx = cos x sin y, df/dy = sin x cos y
#[differentiate]
fn sin_p(x: f32, y: f32) -> f32 {
    f32::sin(x) * f32::sin(y)
}

#[test]
fn sin() {
    for p in P2 {
        let (v, g) = sin_m_grad(p[0], p[1]);
        check_f32(
            "sin",
            &p,
            v,
            &[g.x, g.y],
            |a| sin_m(a[0], a[1]),
            |d| (d[0] * d[1]).sin() + d[1],
        );
        let (_, cache) = sin_m_forward(p[0], p[1]);
        let gb = sin_m_backward(&cache, -4.0);
        assert_vjp("sin", -4.0, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = sin_p_grad(p[0], p[1]);
        check_f32(
            "f32::sin",
            &p,
            v,
            &[g.x, g.y],
            |a| sin_p(a[0], a[1]),
            |d| d[0].sin() * d[1].sin(),
        );
    }
}

/// f = cos(x - y) * x, df/dx = -sin(x-y) x + cos(x-y), df/dy = sin(x-y) x
#[differentiate]
fn cos_m(x: f32, y: f32) -> f32 {
    (x - y).cos() * x
}

/// f = cos(x*y) (path form), df/dx = -y sin(xy), df/dy = -x sin(xy)
#[differentiate]
fn cos_p(x: f32, y: f32) -> f32 {
    f32::cos(x * y)
}

#[test]
fn cos() {
    for p in P2 {
        let (v, g) = cos_m_grad(p[0], p[1]);
        check_f32(
            "cos",
            &p,
            v,
            &[g.x, g.y],
            |a| cos_m(a[0], a[1]),
            |d| (d[0] - d[1]).cos() * d[0],
        );
        let (v, g) = cos_p_grad(p[0], p[1]);
        check_f32(
            "f32::cos",
            &p,
            v,
            &[g.x, g.y],
            |a| cos_p(a[0], a[1]),
            |d| (d[0] * d[1]).cos(),
        );
    }
}

/// f = tan(x*y) + x, df/dx = y / cos^2(xy) + 1, df/dy = x / cos^2(xy)
#[differentiate]
fn tan_m(x: f32, y: f32) -> f32 {
    (x * y).tan() + x
}

/// f = tan(x) * y (path form), df/dx = y (1 + tan^2 x), df/dy = tan x
#[differentiate]
fn tan_p(x: f32, y: f32) -> f32 {
    f32::tan(x) * y
}

#[test]
fn tan() {
    // |x*y| and |x| stay away from pi/2
    for p in [[0.3, -1.2], [1.1, 0.7], [-0.6, 0.4], [0.9, -1.3]] {
        let (v, g) = tan_m_grad(p[0], p[1]);
        check_f32(
            "tan",
            &p,
            v,
            &[g.x, g.y],
            |a| tan_m(a[0], a[1]),
            |d| (d[0] * d[1]).tan() + d[0],
        );
        let (v, g) = tan_p_grad(p[0], p[1]);
        check_f32(
            "f32::tan",
            &p,
            v,
            &[g.x, g.y],
            |a| tan_p(a[0], a[1]),
            |d| d[0].tan() * d[1],
        );
    }
}

/// Points with |x*y| < 1 and |x| < 1, for the inverse trig functions.
const P_UNIT: [[f32; 2]; 4] = [[0.3, -1.2], [0.5, 0.7], [-0.8, 0.4], [0.9, -0.95]];

/// f = asin(x*y) + y, df/dx = y / sqrt(1 - x^2 y^2), df/dy = x / sqrt(1 - x^2 y^2) + 1
#[differentiate]
fn asin_m(x: f32, y: f32) -> f32 {
    (x * y).asin() + y
}

/// f = asin(x) * y (path form), df/dx = y / sqrt(1 - x^2), df/dy = asin x
#[differentiate]
fn asin_p(x: f32, y: f32) -> f32 {
    f32::asin(x) * y
}

#[test]
fn asin() {
    for p in P_UNIT {
        let (v, g) = asin_m_grad(p[0], p[1]);
        check_f32(
            "asin",
            &p,
            v,
            &[g.x, g.y],
            |a| asin_m(a[0], a[1]),
            |d| (d[0] * d[1]).asin() + d[1],
        );
        let (v, g) = asin_p_grad(p[0], p[1]);
        check_f32(
            "f32::asin",
            &p,
            v,
            &[g.x, g.y],
            |a| asin_p(a[0], a[1]),
            |d| d[0].asin() * d[1],
        );
    }
}

/// f = acos(x*y) * x, df/dx = -xy / sqrt(1 - x^2 y^2) + acos(xy), df/dy = -x^2 / sqrt(1 - x^2 y^2)
#[differentiate]
fn acos_m(x: f32, y: f32) -> f32 {
    (x * y).acos() * x
}

/// f = acos(x) + y (path form), df/dx = -1 / sqrt(1 - x^2), df/dy = 1
#[differentiate]
fn acos_p(x: f32, y: f32) -> f32 {
    f32::acos(x) + y
}

#[test]
fn acos() {
    for p in P_UNIT {
        let (v, g) = acos_m_grad(p[0], p[1]);
        check_f32(
            "acos",
            &p,
            v,
            &[g.x, g.y],
            |a| acos_m(a[0], a[1]),
            |d| (d[0] * d[1]).acos() * d[0],
        );
        let (v, g) = acos_p_grad(p[0], p[1]);
        check_f32(
            "f32::acos",
            &p,
            v,
            &[g.x, g.y],
            |a| acos_p(a[0], a[1]),
            |d| d[0].acos() + d[1],
        );
    }
}

/// f = atan(x*y) + atan(y), df/dx = y / (1 + x^2 y^2), df/dy = x / (1 + x^2 y^2) + 1/(1+y^2)
#[differentiate]
fn atan_m(x: f32, y: f32) -> f32 {
    (x * y).atan() + y.atan()
}

/// f = atan(x / y) (path form), df/dx = y/(x^2+y^2), df/dy = -x/(x^2+y^2)
#[differentiate]
fn atan_p(x: f32, y: f32) -> f32 {
    f32::atan(x / y)
}

#[test]
fn atan() {
    for p in P2 {
        let (v, g) = atan_m_grad(p[0], p[1]);
        check_f32(
            "atan",
            &p,
            v,
            &[g.x, g.y],
            |a| atan_m(a[0], a[1]),
            |d| (d[0] * d[1]).atan() + d[1].atan(),
        );
        let (v, g) = atan_p_grad(p[0], p[1]);
        check_f32(
            "f32::atan",
            &p,
            v,
            &[g.x, g.y],
            |a| atan_p(a[0], a[1]),
            |d| (d[0] / d[1]).atan(),
        );
    }
}

/// f = atan2(y, x) * x (both arguments differentiated),
/// df/dx = -y x/(x^2+y^2) + atan2(y, x), df/dy = x^2/(x^2+y^2)
#[differentiate]
fn atan2_m(y: f32, x: f32) -> f32 {
    y.atan2(x) * x
}

/// f = atan2(y*y, x) (path form), df/dx = -y^2/(x^2+y^4), df/dy = 2xy/(x^2+y^4)
#[differentiate]
fn atan2_p(y: f32, x: f32) -> f32 {
    f32::atan2(y * y, x)
}

/// f = atan2(y, x) with respect to x only, df/dx = -y/(x^2+y^2)
#[differentiate(wrt(x))]
fn atan2_wrt_x(y: f32, x: f32) -> f32 {
    y.atan2(x)
}

#[test]
fn atan2() {
    // one point per quadrant (away from the branch cut on the negative x axis)
    for p in [[0.3, 1.2], [1.1, -0.7], [-2.0, -0.4], [-0.9, 1.6]] {
        let (v, g) = atan2_m_grad(p[0], p[1]);
        check_f32(
            "atan2",
            &p,
            v,
            &[g.y, g.x],
            |a| atan2_m(a[0], a[1]),
            |d| d[0].atan2(d[1]) * d[1],
        );
        let (v, g) = atan2_p_grad(p[0], p[1]);
        check_f32(
            "f32::atan2",
            &p,
            v,
            &[g.y, g.x],
            |a| atan2_p(a[0], a[1]),
            |d| (d[0] * d[0]).atan2(d[1]),
        );
        let (v, g) = atan2_wrt_x_grad(p[0], p[1]);
        let Atan2WrtXGrad { x: gx } = g;
        check_wrt_f32(
            "atan2 wrt(x)",
            &p,
            v,
            &[(1, gx)],
            |a| atan2_wrt_x(a[0], a[1]),
            |d| d[0].atan2(d[1]),
        );
        let (_, cache) = atan2_wrt_x_forward(p[0], p[1]);
        let Atan2WrtXGrad { x: gbx } = atan2_wrt_x_backward(&cache, 2.0);
        assert_vjp("atan2 wrt(x)", 2.0, &[gbx], &[gx]);
    }
}

// ---------------------------------------------------------------- hyperbolic

/// f = sinh(x*y) - y, df/dx = y cosh(xy), df/dy = x cosh(xy) - 1
#[differentiate]
fn sinh_m(x: f32, y: f32) -> f32 {
    (x * y).sinh() - y
}

/// f = sinh(x) * y (path form), df/dx = cosh(x) y, df/dy = sinh x
#[differentiate]
fn sinh_p(x: f32, y: f32) -> f32 {
    f32::sinh(x) * y
}

#[test]
fn sinh() {
    for p in P2 {
        let (v, g) = sinh_m_grad(p[0], p[1]);
        check_f32(
            "sinh",
            &p,
            v,
            &[g.x, g.y],
            |a| sinh_m(a[0], a[1]),
            |d| (d[0] * d[1]).sinh() - d[1],
        );
        let (v, g) = sinh_p_grad(p[0], p[1]);
        check_f32(
            "f32::sinh",
            &p,
            v,
            &[g.x, g.y],
            |a| sinh_p(a[0], a[1]),
            |d| d[0].sinh() * d[1],
        );
    }
}

/// f = cosh(x - y) * y, df/dx = sinh(x-y) y, df/dy = -sinh(x-y) y + cosh(x-y)
#[differentiate]
fn cosh_m(x: f32, y: f32) -> f32 {
    (x - y).cosh() * y
}

/// f = cosh(x*y) (path form), df/dx = y sinh(xy), df/dy = x sinh(xy)
#[differentiate]
fn cosh_p(x: f32, y: f32) -> f32 {
    f32::cosh(x * y)
}

#[test]
fn cosh() {
    for p in P2 {
        let (v, g) = cosh_m_grad(p[0], p[1]);
        check_f32(
            "cosh",
            &p,
            v,
            &[g.x, g.y],
            |a| cosh_m(a[0], a[1]),
            |d| (d[0] - d[1]).cosh() * d[1],
        );
        let (v, g) = cosh_p_grad(p[0], p[1]);
        check_f32(
            "f32::cosh",
            &p,
            v,
            &[g.x, g.y],
            |a| cosh_p(a[0], a[1]),
            |d| (d[0] * d[1]).cosh(),
        );
    }
}

/// f = tanh(x*y) + x, df/dx = y (1 - tanh^2(xy)) + 1, df/dy = x (1 - tanh^2(xy))
#[differentiate]
fn tanh_m(x: f32, y: f32) -> f32 {
    (x * y).tanh() + x
}

/// f = tanh(x) * tanh(y) (path form), df/dx = (1 - tanh^2 x) tanh y, df/dy = tanh x (1 - tanh^2 y)
#[differentiate]
fn tanh_p(x: f32, y: f32) -> f32 {
    f32::tanh(x) * f32::tanh(y)
}

#[test]
fn tanh() {
    for p in P2 {
        let (v, g) = tanh_m_grad(p[0], p[1]);
        check_f32(
            "tanh",
            &p,
            v,
            &[g.x, g.y],
            |a| tanh_m(a[0], a[1]),
            |d| (d[0] * d[1]).tanh() + d[0],
        );
        let (_, cache) = tanh_m_forward(p[0], p[1]);
        let gb = tanh_m_backward(&cache, 0.5);
        assert_vjp("tanh", 0.5, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = tanh_p_grad(p[0], p[1]);
        check_f32(
            "f32::tanh",
            &p,
            v,
            &[g.x, g.y],
            |a| tanh_p(a[0], a[1]),
            |d| d[0].tanh() * d[1].tanh(),
        );
    }
}

/// f = asinh(x*y) * y, df/dx = y^2 / sqrt(1 + x^2 y^2), df/dy = xy / sqrt(1 + x^2 y^2) + asinh(xy)
#[differentiate]
fn asinh_m(x: f32, y: f32) -> f32 {
    (x * y).asinh() * y
}

/// f = asinh(x) + y (path form), df/dx = 1/sqrt(1 + x^2), df/dy = 1
#[differentiate]
fn asinh_p(x: f32, y: f32) -> f32 {
    f32::asinh(x) + y
}

#[test]
fn asinh() {
    for p in P2 {
        let (v, g) = asinh_m_grad(p[0], p[1]);
        check_f32(
            "asinh",
            &p,
            v,
            &[g.x, g.y],
            |a| asinh_m(a[0], a[1]),
            |d| (d[0] * d[1]).asinh() * d[1],
        );
        let (v, g) = asinh_p_grad(p[0], p[1]);
        check_f32(
            "f32::asinh",
            &p,
            v,
            &[g.x, g.y],
            |a| asinh_p(a[0], a[1]),
            |d| d[0].asinh() + d[1],
        );
    }
}

/// f = acosh(x^2 + y^2 + 1.2) (argument > 1), with u = x^2 + y^2 + 1.2:
/// df/dx = 2x / sqrt(u^2 - 1), df/dy = 2y / sqrt(u^2 - 1)
#[differentiate]
fn acosh_m(x: f32, y: f32) -> f32 {
    (x * x + y * y + 1.2).acosh()
}

/// f = acosh(x) * y (path form, x > 1), df/dx = y / sqrt(x^2 - 1), df/dy = acosh x
#[differentiate]
fn acosh_p(x: f32, y: f32) -> f32 {
    f32::acosh(x) * y
}

#[test]
fn acosh() {
    for p in P2 {
        let (v, g) = acosh_m_grad(p[0], p[1]);
        check_f32(
            "acosh",
            &p,
            v,
            &[g.x, g.y],
            |a| acosh_m(a[0], a[1]),
            |d| (d[0] * d[0] + d[1] * d[1] + 1.2).acosh(),
        );
    }
    for p in [[1.3, -1.2], [2.1, 0.7], [5.0, 0.4]] {
        let (v, g) = acosh_p_grad(p[0], p[1]);
        check_f32(
            "f32::acosh",
            &p,
            v,
            &[g.x, g.y],
            |a| acosh_p(a[0], a[1]),
            |d| d[0].acosh() * d[1],
        );
    }
}

/// f = atanh(x*y) + x (|x*y| < 1), df/dx = y / (1 - x^2 y^2) + 1, df/dy = x / (1 - x^2 y^2)
#[differentiate]
fn atanh_m(x: f32, y: f32) -> f32 {
    (x * y).atanh() + x
}

/// f = atanh(x) * y (path form), df/dx = y / (1 - x^2), df/dy = atanh x
#[differentiate]
fn atanh_p(x: f32, y: f32) -> f32 {
    f32::atanh(x) * y
}

#[test]
fn atanh() {
    for p in P_UNIT {
        let (v, g) = atanh_m_grad(p[0], p[1]);
        check_f32(
            "atanh",
            &p,
            v,
            &[g.x, g.y],
            |a| atanh_m(a[0], a[1]),
            |d| (d[0] * d[1]).atanh() + d[0],
        );
        let (v, g) = atanh_p_grad(p[0], p[1]);
        check_f32(
            "f32::atanh",
            &p,
            v,
            &[g.x, g.y],
            |a| atanh_p(a[0], a[1]),
            |d| d[0].atanh() * d[1],
        );
    }
}

// ---------------------------------------------------------------- abs, max, min, clamp, hypot

/// f = |x - y| * x (x != y), df/dx = sign(x-y) x + |x-y|, df/dy = -sign(x-y) x
#[differentiate]
fn abs_m(x: f32, y: f32) -> f32 {
    (x - y).abs() * x
}

/// f = |x*y| + y (path form), df/dx = sign(xy) y, df/dy = sign(xy) x + 1
#[differentiate]
fn abs_p(x: f32, y: f32) -> f32 {
    f32::abs(x * y) + y
}

#[test]
fn abs() {
    for p in P2 {
        let (v, g) = abs_m_grad(p[0], p[1]);
        check_f32(
            "abs",
            &p,
            v,
            &[g.x, g.y],
            |a| abs_m(a[0], a[1]),
            |d| dabs(d[0] - d[1]) * d[0],
        );
        let (v, g) = abs_p_grad(p[0], p[1]);
        check_f32(
            "f32::abs",
            &p,
            v,
            &[g.x, g.y],
            |a| abs_p(a[0], a[1]),
            |d| dabs(d[0] * d[1]) + d[1],
        );
    }
}

/// Points on both sides of x = y, for max / min.
const P_CMP: [[f32; 2]; 4] = [[0.3, -1.2], [0.4, 0.7], [-2.0, 0.4], [1.9, 1.6]];

/// f = max(x, y) * y (both differentiated),
/// x > y: df/dx = y, df/dy = x; x < y: df/dx = 0, df/dy = 2y
#[differentiate]
fn max_m(x: f32, y: f32) -> f32 {
    x.max(y) * y
}

/// f = max(x*x, y) + max(x, 0) (path form; a constant second argument),
/// df/dx = 2x [x^2 > y] + [x > 0], df/dy = [y > x^2]
#[differentiate]
fn max_p(x: f32, y: f32) -> f32 {
    f32::max(x * x, y) + x.max(0.0)
}

/// f = max(x, y) with respect to y only
#[differentiate(wrt(y))]
fn max_wrt_y(x: f32, y: f32) -> f32 {
    x.max(y)
}

#[test]
fn max() {
    for p in P_CMP {
        let (v, g) = max_m_grad(p[0], p[1]);
        check_f32(
            "max",
            &p,
            v,
            &[g.x, g.y],
            |a| max_m(a[0], a[1]),
            |d| dmax(d[0], d[1]) * d[1],
        );
        let (v, g) = max_p_grad(p[0], p[1]);
        check_f32(
            "f32::max",
            &p,
            v,
            &[g.x, g.y],
            |a| max_p(a[0], a[1]),
            |d| dmax(d[0] * d[0], d[1]) + dmax(d[0], cst(0.0)),
        );
        let (v, g) = max_wrt_y_grad(p[0], p[1]);
        let MaxWrtYGrad { y: gy } = g;
        check_wrt_f32(
            "max wrt(y)",
            &p,
            v,
            &[(1, gy)],
            |a| max_wrt_y(a[0], a[1]),
            |d| dmax(d[0], d[1]),
        );
    }
}

/// f = min(x, y) * x (both differentiated),
/// x < y: df/dx = 2x, df/dy = 0; x > y: df/dx = y, df/dy = x
#[differentiate]
fn min_m(x: f32, y: f32) -> f32 {
    x.min(y) * x
}

/// f = min(x, y*y) - min(y, 1) (path form; a constant second argument),
/// df/dx = [x < y^2], df/dy = 2y [y^2 < x] - [y < 1]
#[differentiate]
fn min_p(x: f32, y: f32) -> f32 {
    f32::min(x, y * y) - y.min(1.0)
}

#[test]
fn min() {
    for p in P_CMP {
        let (v, g) = min_m_grad(p[0], p[1]);
        check_f32(
            "min",
            &p,
            v,
            &[g.x, g.y],
            |a| min_m(a[0], a[1]),
            |d| dmin(d[0], d[1]) * d[0],
        );
        let (_, cache) = min_m_forward(p[0], p[1]);
        let gb = min_m_backward(&cache, -1.25);
        assert_vjp("min", -1.25, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = min_p_grad(p[0], p[1]);
        check_f32(
            "f32::min",
            &p,
            v,
            &[g.x, g.y],
            |a| min_p(a[0], a[1]),
            |d| dmin(d[0], d[1] * d[1]) - dmin(d[1], cst(1.0)),
        );
    }
}

/// f = clamp(x*y, -1, 2) + x (constant bounds),
/// inside: df/dx = y + 1, df/dy = x; outside: df/dx = 1, df/dy = 0
#[differentiate]
fn clamp_const(x: f32, y: f32) -> f32 {
    (x * y).clamp(-1.0, 2.0) + x
}

/// f = clamp(x, lo, hi) * hi (all differentiated; lo < hi): the gradient of the clamp
/// goes to x inside the range, to lo below it, to hi above it.
#[differentiate]
fn clamp_var(x: f32, lo: f32, hi: f32) -> f32 {
    x.clamp(lo, hi) * hi
}

/// f = clamp(x, lo, hi) (path form)
#[differentiate]
fn clamp_p(x: f32, lo: f32, hi: f32) -> f32 {
    f32::clamp(x, lo, hi)
}

#[test]
fn clamp() {
    // inside, below and above the range
    for p in [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.8], [2.5, 1.6]] {
        let (v, g) = clamp_const_grad(p[0], p[1]);
        check_f32(
            "clamp(-1, 2)",
            &p,
            v,
            &[g.x, g.y],
            |a| clamp_const(a[0], a[1]),
            |d| dclamp(d[0] * d[1], cst(-1.0), cst(2.0)) + d[0],
        );
    }
    for p in [
        [0.3, -1.2, 0.7],
        [-2.0, -1.2, 0.7],
        [1.5, -1.2, 0.7],
        [0.1, 0.0, 2.0],
    ] {
        let (v, g) = clamp_var_grad(p[0], p[1], p[2]);
        check_f32(
            "clamp(x, lo, hi)",
            &p,
            v,
            &[g.x, g.lo, g.hi],
            |a| clamp_var(a[0], a[1], a[2]),
            |d| dclamp(d[0], d[1], d[2]) * d[2],
        );
        let (v, g) = clamp_p_grad(p[0], p[1], p[2]);
        check_f32(
            "f32::clamp",
            &p,
            v,
            &[g.x, g.lo, g.hi],
            |a| clamp_p(a[0], a[1], a[2]),
            |d| dclamp(d[0], d[1], d[2]),
        );
    }
}

/// f = hypot(x, y) * x, df/dx = x^2/r + r, df/dy = xy/r  (r = hypot(x, y))
#[differentiate]
fn hypot_m(x: f32, y: f32) -> f32 {
    x.hypot(y) * x
}

/// f = hypot(x*y, 1) (path form), df/dx = x y^2 / r, df/dy = x^2 y / r
#[differentiate]
fn hypot_p(x: f32, y: f32) -> f32 {
    f32::hypot(x * y, 1.0)
}

/// f = hypot(x, y) with respect to x only, df/dx = x / r
#[differentiate(wrt(x))]
fn hypot_wrt_x(x: f32, y: f32) -> f32 {
    x.hypot(y)
}

#[test]
fn hypot() {
    for p in P2 {
        let (v, g) = hypot_m_grad(p[0], p[1]);
        check_f32(
            "hypot",
            &p,
            v,
            &[g.x, g.y],
            |a| hypot_m(a[0], a[1]),
            |d| (d[0] * d[0] + d[1] * d[1]).sqrt() * d[0],
        );
        let (v, g) = hypot_p_grad(p[0], p[1]);
        check_f32(
            "f32::hypot",
            &p,
            v,
            &[g.x, g.y],
            |a| hypot_p(a[0], a[1]),
            |d| ((d[0] * d[1]).powi(2) + 1.0).sqrt(),
        );
        let (v, g) = hypot_wrt_x_grad(p[0], p[1]);
        let HypotWrtXGrad { x: gx } = g;
        check_wrt_f32(
            "hypot wrt(x)",
            &p,
            v,
            &[(0, gx)],
            |a| hypot_wrt_x(a[0], a[1]),
            |d| (d[0] * d[0] + d[1] * d[1]).sqrt(),
        );
    }
}

// ---------------------------------------------------------------- recip, mul_add, angle units

/// f = 1/(x*y) + x, df/dx = -1/(x^2 y) + 1, df/dy = -1/(x y^2)
#[differentiate]
fn recip_m(x: f32, y: f32) -> f32 {
    (x * y).recip() + x
}

/// f = recip(x) * y (path form), df/dx = -y/x^2, df/dy = 1/x
#[differentiate]
fn recip_p(x: f32, y: f32) -> f32 {
    f32::recip(x) * y
}

#[test]
fn recip() {
    for p in P2 {
        let (v, g) = recip_m_grad(p[0], p[1]);
        check_f32(
            "recip",
            &p,
            v,
            &[g.x, g.y],
            |a| recip_m(a[0], a[1]),
            |d| (d[0] * d[1]).recip() + d[0],
        );
        let (v, g) = recip_p_grad(p[0], p[1]);
        check_f32(
            "f32::recip",
            &p,
            v,
            &[g.x, g.y],
            |a| recip_p(a[0], a[1]),
            |d| d[0].recip() * d[1],
        );
    }
}

/// f = mul_add(x, y, z) * z = (x y + z) z (all three differentiated),
/// df/dx = yz, df/dy = xz, df/dz = xy + 2z
#[differentiate]
fn mul_add_m(x: f32, y: f32, z: f32) -> f32 {
    x.mul_add(y, z) * z
}

/// f = mul_add(x, x, y) (path form; x fans out), df/dx = 2x, df/dy = 1, df/dz = 1
#[differentiate]
fn mul_add_p(x: f32, y: f32, z: f32) -> f32 {
    f32::mul_add(x, x, y) + z
}

/// f = mul_add(x, y, z) with respect to y and z only
#[differentiate(wrt(y, z))]
fn mul_add_wrt(x: f32, y: f32, z: f32) -> f32 {
    x.mul_add(y, z)
}

#[test]
fn mul_add() {
    for p in [[0.3, -1.2, 0.5], [1.1, 0.7, -2.0], [-2.0, 0.4, 1.5]] {
        let (v, g) = mul_add_m_grad(p[0], p[1], p[2]);
        check_f32(
            "mul_add",
            &p,
            v,
            &[g.x, g.y, g.z],
            |a| mul_add_m(a[0], a[1], a[2]),
            |d| (d[0] * d[1] + d[2]) * d[2],
        );
        let (_, cache) = mul_add_m_forward(p[0], p[1], p[2]);
        let gb = mul_add_m_backward(&cache, 7.0);
        assert_vjp("mul_add", 7.0, &[gb.x, gb.y, gb.z], &[g.x, g.y, g.z]);

        let (v, g) = mul_add_p_grad(p[0], p[1], p[2]);
        check_f32(
            "f32::mul_add",
            &p,
            v,
            &[g.x, g.y, g.z],
            |a| mul_add_p(a[0], a[1], a[2]),
            |d| d[0] * d[0] + d[1] + d[2],
        );
        let (v, g) = mul_add_wrt_grad(p[0], p[1], p[2]);
        let MulAddWrtGrad { y: gy, z: gz } = g;
        check_wrt_f32(
            "mul_add wrt(y, z)",
            &p,
            v,
            &[(1, gy), (2, gz)],
            |a| mul_add_wrt(a[0], a[1], a[2]),
            |d| d[0] * d[1] + d[2],
        );
    }
}

/// f = to_degrees(x*y) + y, df/dx = (180/pi) y, df/dy = (180/pi) x + 1
#[differentiate]
fn to_degrees_m(x: f32, y: f32) -> f32 {
    (x * y).to_degrees() + y
}

/// f = sin(to_radians(x)) * y (path form), df/dx = (pi/180) cos(pi x/180) y, df/dy = sin(pi x/180)
#[differentiate]
fn to_radians_p(x: f32, y: f32) -> f32 {
    f32::to_radians(x).sin() * y
}

/// f = to_degrees(x) (path form) - to_radians(y), df/dx = 180/pi, df/dy = -pi/180
#[differentiate]
fn angle_units(x: f32, y: f32) -> f32 {
    f32::to_degrees(x) - y.to_radians()
}

#[test]
fn to_degrees_to_radians() {
    let deg = 180.0 / std::f64::consts::PI;
    // (smaller than the f64 file's points: at |f| ~ 1e3 an f32 difference quotient with
    // step 1e-2 has round-off ~1e-2)
    for p in [[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4], [0.9, 1.6]] {
        let (v, g) = to_degrees_m_grad(p[0], p[1]);
        check_f32(
            "to_degrees",
            &p,
            v,
            &[g.x, g.y],
            |a| to_degrees_m(a[0], a[1]),
            |d| d[0] * d[1] * deg + d[1],
        );
        let (v, g) = to_radians_p_grad(p[0], p[1]);
        check_f32(
            "f32::to_radians",
            &p,
            v,
            &[g.x, g.y],
            |a| to_radians_p(a[0], a[1]),
            |d| (d[0] / deg).sin() * d[1],
        );
        let (v, g) = angle_units_grad(p[0], p[1]);
        check_f32(
            "f32::to_degrees",
            &p,
            v,
            &[g.x, g.y],
            |a| angle_units(a[0], a[1]),
            |d| d[0] * deg - d[1] / deg,
        );
    }
}

// ---------------------------------------------------------------- piecewise constant and fract

/// Points well away from integers (and from .5, for `round`), FD step 1e-5 never crosses one.
const P_FRAC: [[f32; 2]; 4] = [[0.3, -1.2], [1.1, 0.7], [-2.2, 0.4], [3.7, -1.65]];

/// f = floor(x) * y + x + floor(y) (floor has derivative 0),
/// df/dx = 1, df/dy = floor(x)
#[differentiate]
fn floor_m(x: f32, y: f32) -> f32 {
    x.floor() * y + x + f32::floor(y)
}

/// f = ceil(x * y) * x + y (path form for one use), df/dx = ceil(xy), df/dy = 1
#[differentiate]
fn ceil_m(x: f32, y: f32) -> f32 {
    (x * y).ceil() * x + f32::ceil(y) + y
}

/// f = round(x) * y + sin(x), df/dx = cos x, df/dy = round(x)
#[differentiate]
fn round_m(x: f32, y: f32) -> f32 {
    x.round() * y + x.sin() + f32::round(y)
}

/// f = trunc(x) * y * y + y, df/dx = 0, df/dy = 2 trunc(x) y + 1
#[differentiate]
fn trunc_m(x: f32, y: f32) -> f32 {
    x.trunc() * y * y + y + f32::trunc(x * y)
}

/// f = signum(x) * x * y + signum(y) (path form for one use), df/dx = signum(x) y,
/// df/dy = signum(x) x
#[differentiate]
fn signum_m(x: f32, y: f32) -> f32 {
    x.signum() * x * y + f32::signum(y)
}

/// f = fract(x * y) + fract(x) (path form for one use; fract(v) = v - trunc(v)),
/// df/dx = y + 1, df/dy = x
#[differentiate]
fn fract_m(x: f32, y: f32) -> f32 {
    (x * y).fract() + f32::fract(x)
}

#[test]
fn floor_ceil_round_trunc() {
    for p in P_FRAC {
        let (v, g) = floor_m_grad(p[0], p[1]);
        check_f32(
            "floor",
            &p,
            v,
            &[g.x, g.y],
            |a| floor_m(a[0], a[1]),
            |d| dconst(d[0], f64::floor) * d[1] + d[0] + dconst(d[1], f64::floor),
        );
        let (v, g) = ceil_m_grad(p[0], p[1]);
        check_f32(
            "ceil",
            &p,
            v,
            &[g.x, g.y],
            |a| ceil_m(a[0], a[1]),
            |d| dconst(d[0] * d[1], f64::ceil) * d[0] + dconst(d[1], f64::ceil) + d[1],
        );
        let (v, g) = round_m_grad(p[0], p[1]);
        check_f32(
            "round",
            &p,
            v,
            &[g.x, g.y],
            |a| round_m(a[0], a[1]),
            |d| dconst(d[0], f64::round) * d[1] + d[0].sin() + dconst(d[1], f64::round),
        );
        let (v, g) = trunc_m_grad(p[0], p[1]);
        check_f32(
            "trunc",
            &p,
            v,
            &[g.x, g.y],
            |a| trunc_m(a[0], a[1]),
            |d| dconst(d[0], f64::trunc) * d[1] * d[1] + d[1] + dconst(d[0] * d[1], f64::trunc),
        );
    }
}

#[test]
fn signum() {
    for p in P_FRAC {
        let (v, g) = signum_m_grad(p[0], p[1]);
        check_f32(
            "signum",
            &p,
            v,
            &[g.x, g.y],
            |a| signum_m(a[0], a[1]),
            |d| dconst(d[0], f64::signum) * d[0] * d[1] + dconst(d[1], f64::signum),
        );
    }
}

#[test]
fn fract() {
    for p in P_FRAC {
        let (v, g) = fract_m_grad(p[0], p[1]);
        check_f32(
            "fract",
            &p,
            v,
            &[g.x, g.y],
            |a| fract_m(a[0], a[1]),
            |d| {
                let xy = d[0] * d[1];
                xy - dconst(xy, f64::trunc) + d[0] - dconst(d[0], f64::trunc)
            },
        );
    }
}

// ---------------------------------------------------------------- grouped gates

/// f = sigmoid(x*y) + x, df/dx = s(1-s) y + 1, df/dy = s(1-s) x  (s = sigmoid(xy))
#[differentiate]
fn sigmoid_m(x: f32, y: f32) -> f32 {
    sigmoid(x * y) + x
}

/// f = backprop::sigmoid(x) * y (path form), df/dx = s(1-s) y, df/dy = s
#[differentiate]
fn sigmoid_p(x: f32, y: f32) -> f32 {
    backprop::sigmoid(x) * y
}

#[test]
fn sigmoid_gate() {
    for p in [
        [0.3, -1.2],
        [1.1, 0.7],
        [-2.0, 0.4],
        [6.0, 3.0],
        [-6.0, 3.0],
    ] {
        let (v, g) = sigmoid_m_grad(p[0], p[1]);
        check_f32(
            "sigmoid",
            &p,
            v,
            &[g.x, g.y],
            |a| sigmoid_m(a[0], a[1]),
            |d| dsigmoid(d[0] * d[1]) + d[0],
        );
        let (_, cache) = sigmoid_m_forward(p[0], p[1]);
        let gb = sigmoid_m_backward(&cache, -3.0);
        assert_vjp("sigmoid", -3.0, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = sigmoid_p_grad(p[0], p[1]);
        check_f32(
            "backprop::sigmoid",
            &p,
            v,
            &[g.x, g.y],
            |a| sigmoid_p(a[0], a[1]),
            |d| dsigmoid(d[0]) * d[1],
        );
    }
}

/// f = relu(x*y) * y, df/dx = [xy > 0] y^2, df/dy = [xy > 0] 2xy
#[differentiate]
fn relu_m(x: f32, y: f32) -> f32 {
    relu(x * y) * y
}

/// f = backprop::relu(x - y) + y (path form), df/dx = [x > y], df/dy = 1 - [x > y]
#[differentiate]
fn relu_p(x: f32, y: f32) -> f32 {
    backprop::relu(x - y) + y
}

#[test]
fn relu_gate() {
    // both signs of the argument, never 0
    for p in P_CMP {
        let (v, g) = relu_m_grad(p[0], p[1]);
        check_f32(
            "relu",
            &p,
            v,
            &[g.x, g.y],
            |a| relu_m(a[0], a[1]),
            |d| dmax(d[0] * d[1], cst(0.0)) * d[1],
        );
        let (v, g) = relu_p_grad(p[0], p[1]);
        check_f32(
            "backprop::relu",
            &p,
            v,
            &[g.x, g.y],
            |a| relu_p(a[0], a[1]),
            |d| dmax(d[0] - d[1], cst(0.0)) + d[1],
        );
    }
}

/// f = softplus(x - y) * x, df/dx = sigmoid(x-y) x + softplus(x-y), df/dy = -sigmoid(x-y) x
#[differentiate]
fn softplus_m(x: f32, y: f32) -> f32 {
    softplus(x - y) * x
}

/// f = backprop::softplus(x*y) (path form), df/dx = sigmoid(xy) y, df/dy = sigmoid(xy) x
#[differentiate]
fn softplus_p(x: f32, y: f32) -> f32 {
    backprop::softplus(x * y)
}

#[test]
fn softplus_gate() {
    for p in [
        [0.3, -1.2],
        [1.1, 0.7],
        [-2.0, 0.4],
        [6.0, -3.0],
        [-6.0, 3.0],
    ] {
        let (v, g) = softplus_m_grad(p[0], p[1]);
        check_f32(
            "softplus",
            &p,
            v,
            &[g.x, g.y],
            |a| softplus_m(a[0], a[1]),
            |d| dsoftplus(d[0] - d[1]) * d[0],
        );
        let (v, g) = softplus_p_grad(p[0], p[1]);
        check_f32(
            "backprop::softplus",
            &p,
            v,
            &[g.x, g.y],
            |a| softplus_p(a[0], a[1]),
            |d| dsoftplus(d[0] * d[1]),
        );
    }
}

/// f = log_sigmoid(x*y) + y, df/dx = (1 - sigmoid(xy)) y, df/dy = (1 - sigmoid(xy)) x + 1
#[differentiate]
fn log_sigmoid_m(x: f32, y: f32) -> f32 {
    log_sigmoid(x * y) + y
}

/// f = backprop::log_sigmoid(x) * y (path form), df/dx = (1 - sigmoid(x)) y, df/dy = ln sigmoid(x)
#[differentiate]
fn log_sigmoid_p(x: f32, y: f32) -> f32 {
    backprop::log_sigmoid(x) * y
}

#[test]
fn log_sigmoid_gate() {
    for p in [
        [0.3, -1.2],
        [1.1, 0.7],
        [-2.0, 0.4],
        [6.0, 3.0],
        [-6.0, 3.0],
    ] {
        let (v, g) = log_sigmoid_m_grad(p[0], p[1]);
        check_f32(
            "log_sigmoid",
            &p,
            v,
            &[g.x, g.y],
            |a| log_sigmoid_m(a[0], a[1]),
            |d| -dsoftplus(-(d[0] * d[1])) + d[1],
        );
        let (_, cache) = log_sigmoid_m_forward(p[0], p[1]);
        let gb = log_sigmoid_m_backward(&cache, 0.1);
        assert_vjp("log_sigmoid", 0.1, &[gb.x, gb.y], &[g.x, g.y]);

        let (v, g) = log_sigmoid_p_grad(p[0], p[1]);
        check_f32(
            "backprop::log_sigmoid",
            &p,
            v,
            &[g.x, g.y],
            |a| log_sigmoid_p(a[0], a[1]),
            |d| -dsoftplus(-d[0]) * d[1],
        );
    }
}
