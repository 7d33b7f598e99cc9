//! Shared helpers for the gradient-check tests.
//!
//! Every check compares the macro's analytic gradient with two independent references:
//! central finite differences of the *original* function, and forward-mode AD
//! (`num-dual`) of a hand-written twin of the same formula.
//!
//! Relative error is measured as in CS231n, but guarded for tiny values:
//! `|a - n| <= rtol * max(1, |a|, |n|)`.
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use num_dual::{Dual64, DualNum};

/// Step for central differences in f64: truncation `h^2 f'''/6 ~ 1e-10`,
/// round-off `eps |f| / h ~ 1e-11`, both far below [`RTOL_FD`].
pub const H: f64 = 1e-5;
/// Tolerance against finite differences (f64).
pub const RTOL_FD: f64 = 1e-6;
/// Tolerance against num-dual (f64): both are exact derivatives up to rounding.
pub const RTOL_AD: f64 = 1e-10;

/// f32 tolerance against the f64 references (f32 keeps ~7 digits; a composite of a few
/// ill-conditioned ops can lose two or three, while any wrong rule is off by O(1)).
pub const RTOL_F32: f32 = 1e-3;
/// Step for f32 central differences of the f32 function itself: round-off
/// `6e-8 |f| / h ~ 1e-5`, truncation `h^2 f'''/6 ~ 2e-5`.
pub const H_F32: f32 = 1e-2;
/// Tolerance against those f32 finite differences.
pub const RTOL_FD_F32: f32 = 1e-2;

/// Central finite differences: `(f(x + h e_i) - f(x - h e_i)) / 2h` for every `i`.
pub fn fd_grad(f: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let (mut hi, mut lo) = (x.to_vec(), x.to_vec());
            hi[i] += h;
            lo[i] -= h;
            (f(&hi) - f(&lo)) / (2.0 * h)
        })
        .collect()
}

/// [`fd_grad`] in f32 arithmetic.
pub fn fd_grad_f32(f: impl Fn(&[f32]) -> f32, x: &[f32], h: f32) -> Vec<f32> {
    (0..x.len())
        .map(|i| {
            let (mut hi, mut lo) = (x.to_vec(), x.to_vec());
            hi[i] += h;
            lo[i] -= h;
            (f(&hi) - f(&lo)) / (2.0 * h)
        })
        .collect()
}

/// Panics unless `|analytic - numeric| <= rtol * max(1, |analytic|, |numeric|)`
/// (and both are finite).
pub fn assert_close(name: &str, analytic: f64, numeric: f64, rtol: f64) {
    let scale = 1.0f64.max(analytic.abs()).max(numeric.abs());
    assert!(
        analytic.is_finite() && numeric.is_finite() && (analytic - numeric).abs() <= rtol * scale,
        "{name}: analytic {analytic:e} vs reference {numeric:e} (rel err {:e} > {rtol:e})",
        (analytic - numeric).abs() / scale
    );
}

/// [`assert_close`] for f32.
pub fn assert_close_f32(name: &str, analytic: f32, numeric: f32, rtol: f32) {
    let scale = 1.0f32.max(analytic.abs()).max(numeric.abs());
    assert!(
        analytic.is_finite() && numeric.is_finite() && (analytic - numeric).abs() <= rtol * scale,
        "{name}: analytic {analytic:e} vs reference {numeric:e} (rel err {:e} > {rtol:e})",
        (analytic - numeric).abs() / scale
    );
}

/// A num-dual constant (num-dual has no `f64 * Dual64`, so constants on the left use this).
pub fn cst(v: f64) -> Dual64 {
    Dual64::from_re(v)
}

/// Value and gradient of `f` at `x` by forward-mode AD, one seeded pass per input.
pub fn dual_grad(f: impl Fn(&[Dual64]) -> Dual64, x: &[f64]) -> (f64, Vec<f64>) {
    let value = f(&x.iter().map(|&v| cst(v)).collect::<Vec<_>>()).re;
    let grad = (0..x.len())
        .map(|i| {
            let seeded: Vec<Dual64> = x
                .iter()
                .enumerate()
                .map(|(j, &v)| if i == j { cst(v).derivative() } else { cst(v) })
                .collect();
            f(&seeded).eps
        })
        .collect();
    (value, grad)
}

/// Checks the macro's `value` and the partials `grad` (pairs `(input index, d/dx_i)`, so a
/// `wrt` subset can be checked) of `f` at `x`, against `f` itself, FD of `f`, and num-dual
/// on `twin` (the same formula over `Dual64`).
pub fn check_wrt(
    name: &str,
    x: &[f64],
    value: f64,
    grad: &[(usize, f64)],
    f: impl Fn(&[f64]) -> f64,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    let at = format!("{name} at {x:?}");
    assert_close(&format!("{at}: value vs fn"), value, f(x), 1e-12);
    let fd = fd_grad(&f, x, H);
    let (twin_value, ad) = dual_grad(&twin, x);
    assert_close(
        &format!("{at}: value vs num-dual twin"),
        value,
        twin_value,
        1e-12,
    );
    for &(i, g) in grad {
        assert_close(&format!("{at}: d/dx{i} vs FD"), g, fd[i], RTOL_FD);
        assert_close(&format!("{at}: d/dx{i} vs num-dual"), g, ad[i], RTOL_AD);
    }
}

/// [`check_wrt`] with every input differentiated, `grad` in parameter order.
pub fn check(
    name: &str,
    x: &[f64],
    value: f64,
    grad: &[f64],
    f: impl Fn(&[f64]) -> f64,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    assert_eq!(grad.len(), x.len(), "{name}: one partial per input");
    let pairs: Vec<(usize, f64)> = grad.iter().copied().enumerate().collect();
    check_wrt(name, x, value, &pairs, f, twin);
}

/// Checks a function of one slice at each point: its value and gradient from `grad`
/// (`f_grad`, which adds into the buffer), against FD of `f` and num-dual of `twin`.
pub fn check_slice<G>(
    name: &str,
    points: &[&[f64]],
    grad: impl Fn(&[f64], &mut [f64]) -> (f64, G),
    f: impl Fn(&[f64]) -> f64,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    for point in points {
        let mut d = vec![0.0; point.len()];
        let value = grad(point, &mut d).0;
        check(name, point, value, &d, &f, &twin);
    }
}

/// f32 version of [`check_wrt`]. References are computed in f64 on the `Dual64` twin
/// (num-dual AD, and central FD of the twin's value), compared at [`RTOL_F32`]; the twin is
/// tied to the f32 function by comparing values (rtol 1e-5), and the f32 function is also
/// differenced directly in f32 (step [`H_F32`], tolerance [`RTOL_FD_F32`]).
pub fn check_wrt_f32(
    name: &str,
    x: &[f32],
    value: f32,
    grad: &[(usize, f32)],
    f: impl Fn(&[f32]) -> f32,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    let at = format!("{name} at {x:?}");
    let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
    assert_close_f32(&format!("{at}: value vs fn"), value, f(x), 1e-6);
    let (twin_value, ad) = dual_grad(&twin, &x64);
    assert_close_f32(
        &format!("{at}: value vs f64 twin"),
        value,
        twin_value as f32,
        1e-5,
    );
    let fd64 = fd_grad(
        |v| twin(&v.iter().map(|&t| cst(t)).collect::<Vec<_>>()).re,
        &x64,
        H,
    );
    let fd32 = fd_grad_f32(&f, x, H_F32);
    for &(i, g) in grad {
        assert_close_f32(
            &format!("{at}: d/dx{i} vs num-dual f64"),
            g,
            ad[i] as f32,
            RTOL_F32,
        );
        assert_close_f32(
            &format!("{at}: d/dx{i} vs FD f64"),
            g,
            fd64[i] as f32,
            RTOL_F32,
        );
        assert_close_f32(&format!("{at}: d/dx{i} vs FD f32"), g, fd32[i], RTOL_FD_F32);
    }
}

/// [`check_wrt_f32`] with every input differentiated, `grad` in parameter order.
pub fn check_f32(
    name: &str,
    x: &[f32],
    value: f32,
    grad: &[f32],
    f: impl Fn(&[f32]) -> f32,
    twin: impl Fn(&[Dual64]) -> Dual64,
) {
    assert_eq!(grad.len(), x.len(), "{name}: one partial per input");
    let pairs: Vec<(usize, f32)> = grad.iter().copied().enumerate().collect();
    check_wrt_f32(name, x, value, &pairs, f, twin);
}

// num-dual twins of operations num-dual does not provide (or provides through
// `num_traits`, which is not a direct dependency). Test points never sit on a kink.

/// `|d|`.
pub fn dabs(d: Dual64) -> Dual64 {
    if d.re < 0.0 {
        -d
    } else {
        d
    }
}

/// `a.max(b)`: the larger input.
pub fn dmax(a: Dual64, b: Dual64) -> Dual64 {
    if a.re > b.re {
        a
    } else {
        b
    }
}

/// `a.min(b)`: the smaller input.
pub fn dmin(a: Dual64, b: Dual64) -> Dual64 {
    if a.re < b.re {
        a
    } else {
        b
    }
}

/// `v.clamp(lo, hi)`: whichever input is the result.
pub fn dclamp(v: Dual64, lo: Dual64, hi: Dual64) -> Dual64 {
    if v.re < lo.re {
        lo
    } else if v.re > hi.re {
        hi
    } else {
        v
    }
}

/// A piecewise-constant `f` (floor, round, signum, ...) of `d`: derivative 0.
pub fn dconst(d: Dual64, f: fn(f64) -> f64) -> Dual64 {
    cst(f(d.re))
}

/// `1 / (1 + e^-d)`.
pub fn dsigmoid(d: Dual64) -> Dual64 {
    (cst(1.0) + (-d).exp()).recip()
}

/// `ln(1 + e^d)`.
pub fn dsoftplus(d: Dual64) -> Dual64 {
    d.exp().ln_1p()
}
