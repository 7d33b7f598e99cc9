pub fn piecewise(x: f64, y: f64) -> f64 {
    if x > 0.0 { x * y } else { x.exp() + y }
}
/// Intermediates of [`piecewise`] saved by [`piecewise_forward`] for [`piecewise_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct PiecewiseCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// `x_gt_zero = x > 0.0`
    pub x_gt_zero: bool,
    /// `x_exp = x.exp()`, computed in a branch (its default when the branch is not taken)
    pub x_exp_saved: f64,
}
/// Gradient of [`piecewise`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct PiecewiseGrad {
    /// `∂piecewise/∂x`
    pub x: f64,
    /// `∂piecewise/∂y`
    pub y: f64,
}
/// Staged forward pass of [`piecewise`]: its value, and the [`PiecewiseCache`] that [`piecewise_backward`] needs.
#[inline]
#[must_use]
pub fn piecewise_forward(x: f64, y: f64) -> (f64, PiecewiseCache) {
    let mut x_exp_saved: f64 = 0.0;
    let x_gt_zero: bool = x > 0.0;
    let out = if x_gt_zero {
        x * y
    } else {
        let x_exp = x.exp();
        x_exp_saved = x_exp;
        x_exp + y
    };
    (
        out,
        PiecewiseCache {
            x,
            y,
            x_gt_zero,
            x_exp_saved,
        },
    )
}
/// Backward pass of [`piecewise`]: the gradient of `d_out * piecewise` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn piecewise_backward(cache: &PiecewiseCache, d_out: f64) -> PiecewiseGrad {
    let PiecewiseCache { x, y, x_gt_zero, x_exp_saved } = *cache;
    let mut d_x = 0.0;
    let mut d_y = 0.0;
    if x_gt_zero {
        d_x += y * d_out;
        d_y += x * d_out;
    } else {
        d_y += d_out;
        d_x += x_exp_saved * d_out;
    }
    PiecewiseGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`piecewise`] in one call (`d_out = 1`): the statements of
/// [`piecewise_forward`] and then of [`piecewise_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn piecewise_grad(x: f64, y: f64) -> (f64, PiecewiseGrad) {
    let mut x_exp_saved: f64 = 0.0;
    let x_gt_zero: bool = x > 0.0;
    let out = if x_gt_zero {
        x * y
    } else {
        let x_exp = x.exp();
        x_exp_saved = x_exp;
        x_exp + y
    };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_x = 0.0;
            let mut d_y = 0.0;
            if x_gt_zero {
                d_x += y * d_out;
                d_y += x * d_out;
            } else {
                d_y += d_out;
                d_x += x_exp_saved * d_out;
            }
            PiecewiseGrad { x: d_x, y: d_y }
        },
    )
}
/// [`piecewise_backward`] as a tuple with one entry per parameter of [`piecewise`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `piecewise` uses.
#[inline]
#[must_use]
pub fn piecewise_pullback(cache: &PiecewiseCache, d_out: f64) -> (f64, f64) {
    let grad = piecewise_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`piecewise`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const PIECEWISE_WRT: [bool; 2] = [true, true];
pub fn power(x: f64, n: i32) -> f64 {
    let mut acc = 1.0;
    for _ in 0..n {
        acc *= x;
    }
    acc
}
/// Intermediates of [`power`] saved by [`power_forward`] for [`power_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct PowerCache {
    /// The parameter `x`.
    pub x: f64,
    /// `trips`
    pub trips: usize,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub acc_saved: ::std::vec::Vec<f64>,
}
/// Gradient of [`power`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct PowerGrad {
    /// `∂power/∂x`
    pub x: f64,
}
/// Staged forward pass of [`power`]: its value, and the [`PowerCache`] that [`power_backward`] needs.
#[inline]
#[must_use]
pub fn power_forward(x: f64, n: i32) -> (f64, PowerCache) {
    let mut acc_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(
        ::core::iter::Iterator::size_hint(&(0..n)).0,
    );
    let mut acc = 1.0;
    let mut trips: usize = 0;
    for _ in 0..n {
        acc_saved.push(acc);
        trips += 1;
        acc *= x;
    }
    (acc, PowerCache { x, trips, acc_saved })
}
/// Backward pass of [`power`]: the gradient of `d_out * power` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn power_backward(cache: &PowerCache, d_out: f64) -> PowerGrad {
    let PowerCache { x, trips, ref acc_saved } = *cache;
    let mut d_acc = d_out;
    let mut d_x = 0.0;
    for trip in (0..trips).rev() {
        d_x += acc_saved[trip] * d_acc;
        d_acc *= x;
    }
    PowerGrad { x: d_x }
}
/// Value and gradient of [`power`] in one call (`d_out = 1`): the statements of
/// [`power_forward`] and then of [`power_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn power_grad(x: f64, n: i32) -> (f64, PowerGrad) {
    let mut acc_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(
        ::core::iter::Iterator::size_hint(&(0..n)).0,
    );
    let mut acc = 1.0;
    let mut trips: usize = 0;
    for _ in 0..n {
        acc_saved.push(acc);
        trips += 1;
        acc *= x;
    }
    let d_out: f64 = 1.0;
    (
        acc,
        {
            let mut d_acc = d_out;
            let mut d_x = 0.0;
            for trip in (0..trips).rev() {
                d_x += acc_saved[trip] * d_acc;
                d_acc *= x;
            }
            PowerGrad { x: d_x }
        },
    )
}
/// [`power_backward`] as a tuple with one entry per parameter of [`power`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `power` uses.
#[inline]
#[must_use]
pub fn power_pullback(cache: &PowerCache, d_out: f64) -> (f64, ()) {
    let grad = power_backward(cache, d_out);
    (grad.x, ())
}
/// Which parameters of [`power`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const POWER_WRT: [bool; 2] = [true, false];
pub fn euler(k: f64, y0: f64) -> f64 {
    let mut y = y0;
    for _ in 0..100 {
        y += 0.01 * (-k * y);
    }
    y
}
/// Intermediates of [`euler`] saved by [`euler_forward`] for [`euler_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct EulerCache {
    /// `y` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub y_saved: [f64; 100],
    /// `neg_k = -k`
    pub neg_k: f64,
}
/// Gradient of [`euler`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct EulerGrad {
    /// `∂euler/∂k`
    pub k: f64,
    /// `∂euler/∂y0`
    pub y0: f64,
}
/// Staged forward pass of [`euler`]: its value, and the [`EulerCache`] that [`euler_backward`] needs.
#[inline]
#[must_use]
pub fn euler_forward(k: f64, y0: f64) -> (f64, EulerCache) {
    let mut y_saved: [f64; 100] = [0.0; 100];
    let neg_k = -k;
    let mut y = y0;
    for i in 0..100 {
        y_saved[i] = y;
        y += 0.01 * (neg_k * y);
    }
    (y, EulerCache { y_saved, neg_k })
}
/// Backward pass of [`euler`]: the gradient of `d_out * euler` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn euler_backward(cache: &EulerCache, d_out: f64) -> EulerGrad {
    let EulerCache { ref y_saved, neg_k } = *cache;
    let mut d_y = d_out;
    let mut d_neg_k = 0.0;
    for i in (0..100).rev() {
        let d_y_2 = 1.0;
        let mut d_y_gain = 1.0;
        let d_neg_k_times_y = 0.01 * d_y_2;
        d_neg_k += y_saved[i] * d_neg_k_times_y * d_y;
        d_y_gain += neg_k * d_neg_k_times_y;
        d_y *= d_y_gain;
    }
    let d_k = -d_neg_k;
    EulerGrad { k: d_k, y0: d_y }
}
/// Value and gradient of [`euler`] in one call (`d_out = 1`): the statements of
/// [`euler_forward`] and then of [`euler_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn euler_grad(k: f64, y0: f64) -> (f64, EulerGrad) {
    let mut y_saved: [f64; 100] = [0.0; 100];
    let neg_k = -k;
    let mut y = y0;
    for i in 0..100 {
        y_saved[i] = y;
        y += 0.01 * (neg_k * y);
    }
    let d_out: f64 = 1.0;
    (
        y,
        {
            let mut d_y = d_out;
            let mut d_neg_k = 0.0;
            for i in (0..100).rev() {
                let d_y_2 = 1.0;
                let mut d_y_gain = 1.0;
                let d_neg_k_times_y = 0.01 * d_y_2;
                d_neg_k += y_saved[i] * d_neg_k_times_y * d_y;
                d_y_gain += neg_k * d_neg_k_times_y;
                d_y *= d_y_gain;
            }
            let d_k = -d_neg_k;
            EulerGrad { k: d_k, y0: d_y }
        },
    )
}
/// [`euler_backward`] as a tuple with one entry per parameter of [`euler`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `euler` uses.
#[inline]
#[must_use]
pub fn euler_pullback(cache: &EulerCache, d_out: f64) -> (f64, f64) {
    let grad = euler_backward(cache, d_out);
    (grad.k, grad.y0)
}
/// Which parameters of [`euler`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const EULER_WRT: [bool; 2] = [true, true];
