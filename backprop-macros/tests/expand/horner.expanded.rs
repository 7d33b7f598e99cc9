pub fn horner(c: [f64; 5], x: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..5 {
        acc = acc * x + c[i];
    }
    acc
}
/// Intermediates of [`horner`] saved by [`horner_forward`] for [`horner_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct HornerCache {
    /// The parameter `x`.
    pub x: f64,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub acc_saved: [f64; 5],
}
/// Gradient of [`horner`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct HornerGrad {
    /// `∂horner/∂c`
    pub c: [f64; 5],
    /// `∂horner/∂x`
    pub x: f64,
}
impl ::core::default::Default for HornerGrad {
    fn default() -> Self {
        HornerGrad {
            c: ::backprop::__private::Zero::zero(),
            x: 0.0,
        }
    }
}
/// Staged forward pass of [`horner`]: its value, and the [`HornerCache`] that [`horner_backward`] needs.
#[inline]
#[must_use]
pub fn horner_forward(c: [f64; 5], x: f64) -> (f64, HornerCache) {
    let mut acc_saved: [f64; 5] = [0.0; 5];
    let mut acc = 0.0;
    for i in 0..5 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    (acc, HornerCache { x, acc_saved })
}
/// Backward pass of [`horner`]: the gradient of `d_out * horner` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn horner_backward(cache: &HornerCache, d_out: f64) -> HornerGrad {
    let HornerCache { x, ref acc_saved } = *cache;
    let mut d_acc = d_out;
    let mut d_x = 0.0;
    let mut d_c: [f64; 5] = ::backprop::__private::Zero::zero();
    for i in (0..5).rev() {
        d_c[i] += d_acc;
        d_x += acc_saved[i] * d_acc;
        d_acc *= x;
    }
    HornerGrad { c: d_c, x: d_x }
}
/// Value and gradient of [`horner`] in one call (`d_out = 1`): the statements of
/// [`horner_forward`] and then of [`horner_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn horner_grad(c: [f64; 5], x: f64) -> (f64, HornerGrad) {
    let mut acc_saved: [f64; 5] = [0.0; 5];
    let mut acc = 0.0;
    for i in 0..5 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    let d_out: f64 = 1.0;
    (
        acc,
        {
            let mut d_acc = d_out;
            let mut d_x = 0.0;
            let mut d_c: [f64; 5] = ::backprop::__private::Zero::zero();
            for i in (0..5).rev() {
                d_c[i] += d_acc;
                d_x += acc_saved[i] * d_acc;
                d_acc *= x;
            }
            HornerGrad { c: d_c, x: d_x }
        },
    )
}
/// [`horner_backward`] as a tuple with one entry per parameter of [`horner`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `horner` uses.
#[inline]
#[must_use]
pub fn horner_pullback(cache: &HornerCache, d_out: f64) -> ([f64; 5], f64) {
    let grad = horner_backward(cache, d_out);
    (grad.c, grad.x)
}
/// Which parameters of [`horner`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const HORNER_WRT: [bool; 2] = [true, true];
