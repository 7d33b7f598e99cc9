pub fn f(x: f64, y: f64) -> f64 {
    let sigy = sigmoid(y);
    let num = x + sigy;
    let sigx = sigmoid(x);
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    num * invden
}
/// Intermediates of [`f`] saved by [`f_forward`] for [`f_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct FCache {
    /// `sigy = sigmoid(y)`
    pub sigy: f64,
    /// `num = x + sigy`
    pub num: f64,
    /// `sigx = sigmoid(x)`
    pub sigx: f64,
    /// `xpy = x + y`
    pub xpy: f64,
    /// `den = sigx + xpysqr`
    pub den: f64,
    /// `invden = 1.0 / den`
    pub invden: f64,
}
/// Gradient of [`f`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct FGrad {
    /// `∂f/∂x`
    pub x: f64,
    /// `∂f/∂y`
    pub y: f64,
}
/// Staged forward pass of [`f`]: its value, and the [`FCache`] that [`f_backward`] needs.
#[inline]
#[must_use]
pub fn f_forward(x: f64, y: f64) -> (f64, FCache) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let sigy = ::backprop::sigmoid(y);
    let num = x + sigy;
    let sigx = ::backprop::sigmoid(x);
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    let out = num * invden;
    (
        out,
        FCache {
            sigy,
            num,
            sigx,
            xpy,
            den,
            invden,
        },
    )
}
/// Backward pass of [`f`]: the gradient of `d_out * f` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn f_backward(cache: &FCache, d_out: f64) -> FGrad {
    let FCache { sigy, num, sigx, xpy, den, invden } = *cache;
    let d_num = invden * d_out;
    let d_invden = num * d_out;
    let d_den = -invden / den * d_invden;
    let d_xpy = 2.0 * xpy * d_den;
    let mut d_x = d_xpy;
    let mut d_y = d_xpy;
    d_x += (1.0 - sigx) * sigx * d_den;
    d_x += d_num;
    d_y += (1.0 - sigy) * sigy * d_num;
    FGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`f`] in one call (`d_out = 1`): the statements of
/// [`f_forward`] and then of [`f_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn f_grad(x: f64, y: f64) -> (f64, FGrad) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let sigy = ::backprop::sigmoid(y);
    let num = x + sigy;
    let sigx = ::backprop::sigmoid(x);
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    let out = num * invden;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_num = invden * d_out;
            let d_invden = num * d_out;
            let d_den = -invden / den * d_invden;
            let d_xpy = 2.0 * xpy * d_den;
            let mut d_x = d_xpy;
            let mut d_y = d_xpy;
            d_x += (1.0 - sigx) * sigx * d_den;
            d_x += d_num;
            d_y += (1.0 - sigy) * sigy * d_num;
            FGrad { x: d_x, y: d_y }
        },
    )
}
/// [`f_backward`] as a tuple with one entry per parameter of [`f`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `f` uses.
#[inline]
#[must_use]
pub fn f_pullback(cache: &FCache, d_out: f64) -> (f64, f64) {
    let grad = f_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`f`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const F_WRT: [bool; 2] = [true, true];
