pub fn sq_err(p: f64, t: f64) -> f64 {
    let e = p - t;
    e * e
}
/// Intermediates of [`sq_err`] saved by [`sq_err_forward`] for [`sq_err_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct SqErrCache {
    /// `e = p - t`
    pub e: f64,
}
/// Gradient of [`sq_err`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct SqErrGrad {
    /// `∂sq_err/∂p`
    pub p: f64,
    /// `∂sq_err/∂t`
    pub t: f64,
}
/// Staged forward pass of [`sq_err`]: its value, and the [`SqErrCache`] that [`sq_err_backward`] needs.
#[inline]
#[must_use]
pub fn sq_err_forward(p: f64, t: f64) -> (f64, SqErrCache) {
    let e = p - t;
    let out = e * e;
    (out, SqErrCache { e })
}
/// Backward pass of [`sq_err`]: the gradient of `d_out * sq_err` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn sq_err_backward(cache: &SqErrCache, d_out: f64) -> SqErrGrad {
    let SqErrCache { e } = *cache;
    let d_e = 2.0 * e * d_out;
    let d_t = -d_e;
    SqErrGrad { p: d_e, t: d_t }
}
/// Value and gradient of [`sq_err`] in one call (`d_out = 1`): the statements of
/// [`sq_err_forward`] and then of [`sq_err_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn sq_err_grad(p: f64, t: f64) -> (f64, SqErrGrad) {
    let e = p - t;
    let out = e * e;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_e = 2.0 * e * d_out;
            let d_t = -d_e;
            SqErrGrad { p: d_e, t: d_t }
        },
    )
}
/// [`sq_err_backward`] as a tuple with one entry per parameter of [`sq_err`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `sq_err` uses.
#[inline]
#[must_use]
pub fn sq_err_pullback(cache: &SqErrCache, d_out: f64) -> (f64, f64) {
    let grad = sq_err_backward(cache, d_out);
    (grad.p, grad.t)
}
/// Which parameters of [`sq_err`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SQ_ERR_WRT: [bool; 2] = [true, true];
pub fn fit(w: f64, xs: [f64; 8], ys: [f64; 8]) -> f64 {
    let mut total = 0.0;
    for i in 0..8 {
        total += sq_err(w * xs[i], ys[i]);
    }
    total
}
/// Intermediates of [`fit`] saved by [`fit_forward`] for [`fit_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct FitCache {
    /// The parameter `w`.
    pub w: f64,
    /// The parameter `xs`.
    pub xs: [f64; 8],
    /// `total_cache`, saved each time it is computed (read back in reverse by the backward pass)
    pub total_cache_saved: [::core::option::Option<SqErrCache>; 8],
}
/// Gradient of [`fit`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct FitGrad {
    /// `∂fit/∂w`
    pub w: f64,
    /// `∂fit/∂xs`
    pub xs: [f64; 8],
    /// `∂fit/∂ys`
    pub ys: [f64; 8],
}
impl ::core::default::Default for FitGrad {
    fn default() -> Self {
        FitGrad {
            w: 0.0,
            xs: ::backprop::__private::Zero::zero(),
            ys: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`fit`]: its value, and the [`FitCache`] that [`fit_backward`] needs.
#[inline]
#[must_use]
pub fn fit_forward(w: f64, xs: [f64; 8], ys: [f64; 8]) -> (f64, FitCache) {
    let mut total_cache_saved: [::core::option::Option<SqErrCache>; 8] = [const {
        ::core::option::Option::None
    }; 8];
    let mut total = 0.0;
    for i in 0..8 {
        let w_times_xs_i = w * xs[i];
        let ys_i = ys[i];
        const _: () = ::core::assert!(
            SQ_ERR_WRT[0] && SQ_ERR_WRT[1],
            "`sq_err` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (sq_err_out, total_cache) = sq_err_forward(w_times_xs_i, ys_i);
        total_cache_saved[i] = ::core::option::Option::Some(total_cache);
        total += sq_err_out;
    }
    (
        total,
        FitCache {
            w,
            xs,
            total_cache_saved,
        },
    )
}
/// Backward pass of [`fit`]: the gradient of `d_out * fit` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn fit_backward(cache: &FitCache, d_out: f64) -> FitGrad {
    let FitCache { w, xs, ref total_cache_saved } = *cache;
    let mut d_xs: [f64; 8] = ::backprop::__private::Zero::zero();
    let mut d_w = 0.0;
    let mut d_ys: [f64; 8] = ::backprop::__private::Zero::zero();
    for i in (0..8).rev() {
        let ::core::option::Option::Some(total_cache) = &total_cache_saved[i] else {
            ::core::unreachable!("every run saved by the forward pass is read back once")
        };
        let xs_i = xs[i];
        let (d_w_times_xs_i, d_ys_i) = sq_err_pullback(total_cache, d_out);
        d_ys[i] += d_ys_i;
        d_w += xs_i * d_w_times_xs_i;
        d_xs[i] += w * d_w_times_xs_i;
    }
    FitGrad {
        w: d_w,
        xs: d_xs,
        ys: d_ys,
    }
}
/// Value and gradient of [`fit`] in one call (`d_out = 1`): the statements of
/// [`fit_forward`] and then of [`fit_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
pub fn fit_grad(w: f64, xs: [f64; 8], ys: [f64; 8]) -> (f64, FitGrad) {
    let mut total = 0.0;
    let d_out: f64 = 1.0;
    let mut d_xs: [f64; 8] = ::backprop::__private::Zero::zero();
    let mut d_w = 0.0;
    let mut d_ys: [f64; 8] = ::backprop::__private::Zero::zero();
    for i in 0..8 {
        let xs_i = xs[i];
        let w_times_xs_i = w * xs_i;
        let ys_i = ys[i];
        const _: () = ::core::assert!(
            SQ_ERR_WRT[0] && SQ_ERR_WRT[1],
            "`sq_err` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (sq_err_out, total_cache) = sq_err_forward(w_times_xs_i, ys_i);
        total += sq_err_out;
        let (d_w_times_xs_i, d_ys_i) = sq_err_pullback(&total_cache, d_out);
        d_ys[i] += d_ys_i;
        d_w += xs_i * d_w_times_xs_i;
        d_xs[i] += w * d_w_times_xs_i;
    }
    (
        total,
        FitGrad {
            w: d_w,
            xs: d_xs,
            ys: d_ys,
        },
    )
}
/// [`fit_backward`] as a tuple with one entry per parameter of [`fit`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `fit` uses.
#[inline]
#[must_use]
pub fn fit_pullback(cache: &FitCache, d_out: f64) -> (f64, [f64; 8], [f64; 8]) {
    let grad = fit_backward(cache, d_out);
    (grad.w, grad.xs, grad.ys)
}
/// Which parameters of [`fit`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const FIT_WRT: [bool; 3] = [true, true, true];
