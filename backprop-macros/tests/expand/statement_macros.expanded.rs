use backprop::differentiate;
/// A check and a print of a value the staged code renames, and a diverging branch.
fn checked(x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        panic!("x must be positive, got {x}");
    }
    let mut s = x.ln() * y;
    s += y;
    assert!(s.is_finite(), "s = {s}");
    println!("s = {s}");
    s * s
}
/// Intermediates of [`checked`] saved by [`checked_forward`] for [`checked_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct CheckedCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// `x_ln = x.ln()`
    pub x_ln: f64,
    /// `s = s + y`
    pub s_1: f64,
}
/// Gradient of [`checked`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct CheckedGrad {
    /// `∂checked/∂x`
    pub x: f64,
    /// `∂checked/∂y`
    pub y: f64,
}
/// Staged forward pass of [`checked`]: its value, and the [`CheckedCache`] that [`checked_backward`] needs.
#[inline]
#[must_use]
fn checked_forward(x: f64, y: f64) -> (f64, CheckedCache) {
    if x <= 0.0 {
        panic!("x must be positive, got {x}");
    }
    let x_ln = x.ln();
    let s = x_ln * y;
    let s_1 = s + y;
    {
        #[allow(unused_variables)]
        let s = s_1;
        assert!(s.is_finite(), "s = {s}");
    }
    {
        #[allow(unused_variables)]
        let s = s_1;
        println!("s = {s}");
    }
    let out = s_1 * s_1;
    (out, CheckedCache { x, y, x_ln, s_1 })
}
/// Backward pass of [`checked`]: the gradient of `d_out * checked` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn checked_backward(cache: &CheckedCache, d_out: f64) -> CheckedGrad {
    let CheckedCache { x, y, x_ln, s_1 } = *cache;
    let d_s = 2.0 * s_1 * d_out;
    let mut d_y = d_s;
    let d_x_ln = y * d_s;
    d_y += x_ln * d_s;
    let d_x = d_x_ln / x;
    CheckedGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`checked`] in one call (`d_out = 1`): the statements of
/// [`checked_forward`] and then of [`checked_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn checked_grad(x: f64, y: f64) -> (f64, CheckedGrad) {
    if x <= 0.0 {
        panic!("x must be positive, got {x}");
    }
    let x_ln = x.ln();
    let s = x_ln * y;
    let s_1 = s + y;
    {
        #[allow(unused_variables)]
        let s = s_1;
        assert!(s.is_finite(), "s = {s}");
    }
    {
        #[allow(unused_variables)]
        let s = s_1;
        println!("s = {s}");
    }
    let out = s_1 * s_1;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_s = 2.0 * s_1 * d_out;
            let mut d_y = d_s;
            let d_x_ln = y * d_s;
            d_y += x_ln * d_s;
            let d_x = d_x_ln / x;
            CheckedGrad { x: d_x, y: d_y }
        },
    )
}
/// [`checked_backward`] as a tuple with one entry per parameter of [`checked`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `checked` uses.
#[inline]
#[must_use]
fn checked_pullback(cache: &CheckedCache, d_out: f64) -> (f64, f64) {
    let grad = checked_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`checked`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const CHECKED_WRT: [bool; 2] = [true, true];
