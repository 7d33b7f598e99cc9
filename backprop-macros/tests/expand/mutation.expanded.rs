pub fn mixed(x: f64, y: f64, n: i32) -> f64 {
    let mut acc = x * x;
    acc += x.exp();
    let scale = n as f64 * std::f64::consts::PI;
    let x = {
        let t = acc.sin();
        t * scale
    };
    acc *= x.powi(n);
    acc.sqrt()
}
/// Intermediates of [`mixed`] saved by [`mixed_forward`] for [`mixed_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct MixedCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `n`.
    pub n: i32,
    /// `x_exp = x.exp()`
    pub x_exp: f64,
    /// `acc = acc + x_exp`
    pub acc_1: f64,
    /// `scale = n as f64 * std :: f64 :: consts :: PI`
    pub scale: f64,
    /// `x = t * scale`
    pub x_1: f64,
    /// `x_powi_n = x.powi(n)`
    pub x_powi_n: f64,
    /// `out = acc.sqrt()`
    pub out: f64,
}
/// Gradient of [`mixed`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct MixedGrad {
    /// `∂mixed/∂x`
    pub x: f64,
    /// `∂mixed/∂y`
    pub y: f64,
}
/// Staged forward pass of [`mixed`]: its value, and the [`MixedCache`] that [`mixed_backward`] needs.
#[inline]
#[must_use]
pub fn mixed_forward(x: f64, y: f64, n: i32) -> (f64, MixedCache) {
    let _ = y;
    let acc = x * x;
    let x_exp = x.exp();
    let acc_1 = acc + x_exp;
    let scale = n as f64 * std::f64::consts::PI;
    let t = acc_1.sin();
    let x_1 = t * scale;
    let x_powi_n = x_1.powi(n);
    let out = (acc_1 * x_powi_n).sqrt();
    (
        out,
        MixedCache {
            x,
            n,
            x_exp,
            acc_1,
            scale,
            x_1,
            x_powi_n,
            out,
        },
    )
}
/// Backward pass of [`mixed`]: the gradient of `d_out * mixed` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn mixed_backward(cache: &MixedCache, d_out: f64) -> MixedGrad {
    let MixedCache { x, n, x_exp, acc_1, scale, x_1, x_powi_n, out } = *cache;
    let d_acc = ::backprop::__private::sqrt_slope(out) * d_out;
    let mut d_acc_1 = x_powi_n * d_acc;
    let d_t = scale * (::backprop::__private::powi_slope(x_1, n) * (acc_1 * d_acc));
    d_acc_1 += acc_1.cos() * d_t;
    let mut d_x = x_exp * d_acc_1;
    d_x += 2.0 * x * d_acc_1;
    MixedGrad { x: d_x, y: 0.0 }
}
/// Value and gradient of [`mixed`] in one call (`d_out = 1`): the statements of
/// [`mixed_forward`] and then of [`mixed_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn mixed_grad(x: f64, y: f64, n: i32) -> (f64, MixedGrad) {
    let _ = y;
    let acc = x * x;
    let x_exp = x.exp();
    let acc_1 = acc + x_exp;
    let scale = n as f64 * std::f64::consts::PI;
    let t = acc_1.sin();
    let x_1 = t * scale;
    let x_powi_n = x_1.powi(n);
    let out = (acc_1 * x_powi_n).sqrt();
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_acc = ::backprop::__private::sqrt_slope(out) * d_out;
            let mut d_acc_1 = x_powi_n * d_acc;
            let d_t = scale
                * (::backprop::__private::powi_slope(x_1, n) * (acc_1 * d_acc));
            d_acc_1 += acc_1.cos() * d_t;
            let mut d_x = x_exp * d_acc_1;
            d_x += 2.0 * x * d_acc_1;
            MixedGrad { x: d_x, y: 0.0 }
        },
    )
}
/// [`mixed_backward`] as a tuple with one entry per parameter of [`mixed`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `mixed` uses.
#[inline]
#[must_use]
pub fn mixed_pullback(cache: &MixedCache, d_out: f64) -> (f64, f64, ()) {
    let grad = mixed_backward(cache, d_out);
    (grad.x, grad.y, ())
}
/// Which parameters of [`mixed`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const MIXED_WRT: [bool; 3] = [true, true, false];
