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
    /// `sigmoid_y_times_z_4 = sigmoid(y_times_z_4)`
    pub sigmoid_y_times_z_4: f64,
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
    let z = 0.0;
    let mut z_1 = z;
    for i in 0..w.len() {
        let z_2 = z_1;
        let w_i = w[i];
        let x_i = x[i];
        let w_i_times_x_i = w_i * x_i;
        let z_3 = z_2 + w_i_times_x_i;
        z_1 = z_3;
    }
    let z_4 = z_1;
    let y_times_z_4 = y * z_4;
    let sigmoid_y_times_z_4 = ::backprop::sigmoid(y_times_z_4);
    let out_t1 = sigmoid_y_times_z_4.ln();
    let out = -out_t1;
    (
        out,
        LogisticCache {
            w,
            x,
            y,
            sigmoid_y_times_z_4,
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
    let LogisticCache { w, x, y, sigmoid_y_times_z_4 } = *cache;
    ::core::assert!(
        d_w.len() == w.len(),
        "`d_w` has length {} but the slice `w` has length {}: the gradient buffer of a slice parameter must have its length",
        d_w.len(), w.len()
    );
    let d_out_t1 = -d_out;
    let d_sigmoid_y_times_z_4 = d_out_t1 / sigmoid_y_times_z_4;
    let d_y_times_z_4 = (1.0 - sigmoid_y_times_z_4) * sigmoid_y_times_z_4
        * d_sigmoid_y_times_z_4;
    let d_z_4 = y * d_y_times_z_4;
    let d_z_1 = d_z_4;
    for i in (0..w.len()).rev() {
        let x_i = x[i];
        let d_w_i = x_i * d_z_1;
        d_w[i] += d_w_i;
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
    let z = 0.0;
    let mut z_1 = z;
    for i in 0..w.len() {
        let z_2 = z_1;
        let w_i = w[i];
        let x_i = x[i];
        let w_i_times_x_i = w_i * x_i;
        let z_3 = z_2 + w_i_times_x_i;
        z_1 = z_3;
    }
    let z_4 = z_1;
    let y_times_z_4 = y * z_4;
    let sigmoid_y_times_z_4 = ::backprop::sigmoid(y_times_z_4);
    let out_t1 = sigmoid_y_times_z_4.ln();
    let out = -out_t1;
    let d_out: f64 = 1.0;
    (
        out,
        {
            ::core::assert!(
                d_w.len() == w.len(),
                "`d_w` has length {} but the slice `w` has length {}: the gradient buffer of a slice parameter must have its length",
                d_w.len(), w.len()
            );
            let d_out_t1 = -d_out;
            let d_sigmoid_y_times_z_4 = d_out_t1 / sigmoid_y_times_z_4;
            let d_y_times_z_4 = (1.0 - sigmoid_y_times_z_4) * sigmoid_y_times_z_4
                * d_sigmoid_y_times_z_4;
            let d_z_4 = y * d_y_times_z_4;
            let d_z_1 = d_z_4;
            for i in (0..w.len()).rev() {
                let x_i = x[i];
                let d_w_i = x_i * d_z_1;
                d_w[i] += d_w_i;
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
