fn sum_of_squares(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>()
}
/// Intermediates of [`sum_of_squares`] saved by [`sum_of_squares_forward`] for [`sum_of_squares_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct SumOfSquaresCache<'a> {
    /// The parameter `x`.
    pub x: &'a [f64],
}
/// Gradient of [`sum_of_squares`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct SumOfSquaresGrad {}
/// Staged forward pass of [`sum_of_squares`]: its value, and the [`SumOfSquaresCache`] that [`sum_of_squares_backward`] needs.
#[inline]
#[must_use]
fn sum_of_squares_forward<'a>(x: &'a [f64]) -> (f64, SumOfSquaresCache<'a>) {
    let mut sum = 0.0;
    for i in 0..x.len() {
        let v = x[i];
        sum += v * v;
    }
    (sum, SumOfSquaresCache { x })
}
/// Backward pass of [`sum_of_squares`]: the gradient of `d_out * sum_of_squares` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
fn sum_of_squares_backward(
    cache: &SumOfSquaresCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
) -> SumOfSquaresGrad {
    let SumOfSquaresCache { x } = *cache;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    for i in (0..x.len()).rev() {
        let v = x[i];
        let d_v = 2.0 * v * d_out;
        d_x[i] += d_v;
    }
    SumOfSquaresGrad {}
}
/// Value and gradient of [`sum_of_squares`] in one call (`d_out = 1`): the statements of
/// [`sum_of_squares_forward`] and then of [`sum_of_squares_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn sum_of_squares_grad(x: &[f64], d_x: &mut [f64]) -> (f64, SumOfSquaresGrad) {
    let mut sum = 0.0;
    let d_out: f64 = 1.0;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    for i in 0..x.len() {
        let v = x[i];
        sum += v * v;
        let d_v = 2.0 * v * d_out;
        d_x[i] += d_v;
    }
    (sum, SumOfSquaresGrad {})
}
/// [`sum_of_squares_backward`] as a tuple with one entry per parameter of [`sum_of_squares`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `sum_of_squares` uses.
#[inline]
fn sum_of_squares_pullback(
    cache: &SumOfSquaresCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
) -> ((),) {
    sum_of_squares_backward(cache, d_out, d_x);
    ((),)
}
/// Which parameters of [`sum_of_squares`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const SUM_OF_SQUARES_WRT: [bool; 1] = [true];
fn weighted(x: f64, y: f64) -> f64 {
    let w = |t: f64| 1.0 + (t - 1.0) / 4.0;
    w(x) * w(y)
}
/// Intermediates of [`weighted`] saved by [`weighted_forward`] for [`weighted_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct WeightedCache {
    /// `one_plus_out_t1 = 1.0 + out_t1`
    pub one_plus_out_t1: f64,
    /// `one_plus_out_t2 = 1.0 + out_t2`
    pub one_plus_out_t2: f64,
}
/// Gradient of [`weighted`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct WeightedGrad {
    /// `∂weighted/∂x`
    pub x: f64,
    /// `∂weighted/∂y`
    pub y: f64,
}
/// Staged forward pass of [`weighted`]: its value, and the [`WeightedCache`] that [`weighted_backward`] needs.
#[inline]
#[must_use]
fn weighted_forward(x: f64, y: f64) -> (f64, WeightedCache) {
    let one_plus_out_t1 = 1.0 + (x - 1.0) / 4.0;
    let one_plus_out_t2 = 1.0 + (y - 1.0) / 4.0;
    let out = one_plus_out_t1 * one_plus_out_t2;
    (
        out,
        WeightedCache {
            one_plus_out_t1,
            one_plus_out_t2,
        },
    )
}
/// Backward pass of [`weighted`]: the gradient of `d_out * weighted` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn weighted_backward(cache: &WeightedCache, d_out: f64) -> WeightedGrad {
    let WeightedCache { one_plus_out_t1, one_plus_out_t2 } = *cache;
    let d_one_plus_out_t1 = one_plus_out_t2 * d_out;
    let d_y_minus_one = one_plus_out_t1 * d_out / 4.0;
    let d_x_minus_one = d_one_plus_out_t1 / 4.0;
    WeightedGrad {
        x: d_x_minus_one,
        y: d_y_minus_one,
    }
}
/// Value and gradient of [`weighted`] in one call (`d_out = 1`): the statements of
/// [`weighted_forward`] and then of [`weighted_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn weighted_grad(x: f64, y: f64) -> (f64, WeightedGrad) {
    let one_plus_out_t1 = 1.0 + (x - 1.0) / 4.0;
    let one_plus_out_t2 = 1.0 + (y - 1.0) / 4.0;
    let out = one_plus_out_t1 * one_plus_out_t2;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_one_plus_out_t1 = one_plus_out_t2 * d_out;
            let d_y_minus_one = one_plus_out_t1 * d_out / 4.0;
            let d_x_minus_one = d_one_plus_out_t1 / 4.0;
            WeightedGrad {
                x: d_x_minus_one,
                y: d_y_minus_one,
            }
        },
    )
}
/// [`weighted_backward`] as a tuple with one entry per parameter of [`weighted`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `weighted` uses.
#[inline]
#[must_use]
fn weighted_pullback(cache: &WeightedCache, d_out: f64) -> (f64, f64) {
    let grad = weighted_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`weighted`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const WEIGHTED_WRT: [bool; 2] = [true, true];
