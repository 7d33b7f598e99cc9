fn logistic(w: &[f64], x: &[f64], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -(sigmoid(y * z)).ln()
}
/// Intermediates of [`logistic`] saved by [`logistic_forward`] for [`logistic_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct LogisticCache<'a> {
    /// The parameter `w`.
    pub w: &'a [f64],
    /// The parameter `x`.
    pub x: &'a [f64],
    /// The parameter `y`.
    pub y: f64,
    /// `sigmoid_y_times_z = sigmoid(y_times_z)`
    pub sigmoid_y_times_z: f64,
}
/// Gradient of [`logistic`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct LogisticGrad {}
/// Staged forward pass of [`logistic`]: its value, and the [`LogisticCache`] that [`logistic_backward`] needs.
#[inline]
#[must_use]
fn logistic_forward<'a>(w: &'a [f64], x: &'a [f64], y: f64) -> (f64, LogisticCache<'a>) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    let sigmoid_y_times_z = ::backprop::sigmoid(y * z);
    let out = -sigmoid_y_times_z.ln();
    (
        out,
        LogisticCache {
            w,
            x,
            y,
            sigmoid_y_times_z,
        },
    )
}
/// Backward pass of [`logistic`]: the gradient of `d_out * logistic` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
fn logistic_backward(
    cache: &LogisticCache<'_>,
    d_out: f64,
    d_w: &mut [f64],
) -> LogisticGrad {
    let LogisticCache { w, x, y, sigmoid_y_times_z } = *cache;
    ::core::assert!(
        d_w.len() == w.len(),
        "`d_w` has length {} but the slice `w` has length {}: the gradient buffer of a slice parameter must have its length",
        d_w.len(), w.len()
    );
    let d_z = y
        * ((1.0 - sigmoid_y_times_z) * sigmoid_y_times_z * (-d_out / sigmoid_y_times_z));
    for i in (0..w.len()).rev() {
        d_w[i] += x[i] * d_z;
    }
    LogisticGrad {}
}
/// Value and gradient of [`logistic`] in one call (`d_out = 1`): the statements of
/// [`logistic_forward`] and then of [`logistic_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn logistic_grad(w: &[f64], x: &[f64], y: f64, d_w: &mut [f64]) -> (f64, LogisticGrad) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    let sigmoid_y_times_z = ::backprop::sigmoid(y * z);
    let out = -sigmoid_y_times_z.ln();
    let d_out: f64 = 1.0;
    (
        out,
        {
            ::core::assert!(
                d_w.len() == w.len(),
                "`d_w` has length {} but the slice `w` has length {}: the gradient buffer of a slice parameter must have its length",
                d_w.len(), w.len()
            );
            let d_z = y
                * ((1.0 - sigmoid_y_times_z) * sigmoid_y_times_z
                    * (-d_out / sigmoid_y_times_z));
            for i in (0..w.len()).rev() {
                d_w[i] += x[i] * d_z;
            }
            LogisticGrad {}
        },
    )
}
/// [`logistic_backward`] as a tuple with one entry per parameter of [`logistic`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `logistic` uses.
#[inline]
fn logistic_pullback(
    cache: &LogisticCache<'_>,
    d_out: f64,
    d_w: &mut [f64],
    _d_x: &mut [f64],
) -> ((), (), ()) {
    logistic_backward(cache, d_out, d_w);
    ((), (), ())
}
/// Which parameters of [`logistic`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const LOGISTIC_WRT: [bool; 3] = [true, false, false];
