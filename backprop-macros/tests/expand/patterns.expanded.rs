/// argmin's Booth function over a reference to an array, taken apart by a pattern.
fn booth(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    (x1 + 2.0 * x2 - 7.0).powi(2) + (2.0 * x1 + x2 - 5.0).powi(2)
}
/// Intermediates of [`booth`] saved by [`booth_forward`] for [`booth_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct BoothCache<'a> {
    /// The parameter `param`.
    pub param: &'a [f64; 2],
    /// `out_t1 = x1_plus_two_times_x2 - 7.0`
    pub out_t1: f64,
    /// `out_t2 = two_times_x1_plus_x2 - 5.0`
    pub out_t2: f64,
}
/// Gradient of [`booth`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct BoothGrad {}
/// Staged forward pass of [`booth`]: its value, and the [`BoothCache`] that [`booth_backward`] needs.
#[inline]
#[must_use]
fn booth_forward<'a>(param: &'a [f64; 2]) -> (f64, BoothCache<'a>) {
    let x1 = param[0];
    let x2 = param[1];
    let out_t1 = x1 + 2.0 * x2 - 7.0;
    let out_t1_powi_two = out_t1.powi(2);
    let out_t2 = 2.0 * x1 + x2 - 5.0;
    let out = out_t1_powi_two + out_t2.powi(2);
    (
        out,
        BoothCache {
            param,
            out_t1,
            out_t2,
        },
    )
}
/// Backward pass of [`booth`]: the gradient of `d_out * booth` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
fn booth_backward(
    cache: &BoothCache<'_>,
    d_out: f64,
    d_param: &mut [f64; 2],
) -> BoothGrad {
    let BoothCache { param, out_t1, out_t2 } = *cache;
    let d_out_t2 = 2.0 * out_t2 * d_out;
    let mut d_x2 = d_out_t2;
    let mut d_x1 = 2.0 * d_out_t2;
    let d_out_t1 = 2.0 * out_t1 * d_out;
    d_x1 += d_out_t1;
    d_x2 += 2.0 * d_out_t1;
    d_param[1] += d_x2;
    d_param[0] += d_x1;
    BoothGrad {}
}
/// Value and gradient of [`booth`] in one call (`d_out = 1`): the statements of
/// [`booth_forward`] and then of [`booth_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn booth_grad(param: &[f64; 2], d_param: &mut [f64; 2]) -> (f64, BoothGrad) {
    let x1 = param[0];
    let x2 = param[1];
    let out_t1 = x1 + 2.0 * x2 - 7.0;
    let out_t1_powi_two = out_t1.powi(2);
    let out_t2 = 2.0 * x1 + x2 - 5.0;
    let out = out_t1_powi_two + out_t2.powi(2);
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_out_t2 = 2.0 * out_t2 * d_out;
            let mut d_x2 = d_out_t2;
            let mut d_x1 = 2.0 * d_out_t2;
            let d_out_t1 = 2.0 * out_t1 * d_out;
            d_x1 += d_out_t1;
            d_x2 += 2.0 * d_out_t1;
            d_param[1] += d_x2;
            d_param[0] += d_x1;
            BoothGrad {}
        },
    )
}
/// [`booth_backward`] as a tuple with one entry per parameter of [`booth`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `booth` uses.
#[inline]
fn booth_pullback(cache: &BoothCache<'_>, d_out: f64, d_param: &mut [f64; 2]) -> ((),) {
    booth_backward(cache, d_out, d_param);
    ((),)
}
/// Which parameters of [`booth`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const BOOTH_WRT: [bool; 1] = [true];
/// Polar to Cartesian coordinates by `sin_cos`.
fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    let (s, c) = theta.sin_cos();
    (r * c, r * s)
}
/// Intermediates of [`to_cartesian`] saved by [`to_cartesian_forward`] for [`to_cartesian_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct ToCartesianCache {
    /// The parameter `r`.
    pub r: f64,
    /// `s = theta.sin()`
    pub s: f64,
    /// `c = theta.cos()`
    pub c: f64,
}
/// Gradient of [`to_cartesian`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct ToCartesianGrad {
    /// `∂to_cartesian/∂r`
    pub r: f64,
    /// `∂to_cartesian/∂theta`
    pub theta: f64,
}
/// Staged forward pass of [`to_cartesian`]: its value, and the [`ToCartesianCache`] that [`to_cartesian_backward`] needs.
#[inline]
#[must_use]
fn to_cartesian_forward(r: f64, theta: f64) -> ((f64, f64), ToCartesianCache) {
    let s = theta.sin();
    let c = theta.cos();
    let out = r * c;
    let out_1 = r * s;
    ((out, out_1), ToCartesianCache { r, s, c })
}
/// Backward pass of [`to_cartesian`]: the gradient of `d_out * to_cartesian` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn to_cartesian_backward(
    cache: &ToCartesianCache,
    d_out: (f64, f64),
) -> ToCartesianGrad {
    let ToCartesianCache { r, s, c } = *cache;
    let (d_out_1, d_out_1_1) = d_out;
    let mut d_r = s * d_out_1_1;
    let d_s = r * d_out_1_1;
    d_r += c * d_out_1;
    let d_c = r * d_out_1;
    let mut d_theta = -s * d_c;
    d_theta += c * d_s;
    ToCartesianGrad {
        r: d_r,
        theta: d_theta,
    }
}
/// Values and Jacobian of [`to_cartesian`]: row `i` is the gradient of its `i`-th value
/// (one forward pass, 2 backward passes).
#[inline]
#[must_use]
fn to_cartesian_jacobian(r: f64, theta: f64) -> ((f64, f64), [ToCartesianGrad; 2]) {
    let (value, cache) = to_cartesian_forward(r, theta);
    (
        value,
        [
            to_cartesian_backward(&cache, (1.0, 0.0)),
            to_cartesian_backward(&cache, (0.0, 1.0)),
        ],
    )
}
/// [`to_cartesian_backward`] as a tuple with one entry per parameter of [`to_cartesian`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `to_cartesian` uses.
#[inline]
#[must_use]
fn to_cartesian_pullback(cache: &ToCartesianCache, d_out: (f64, f64)) -> (f64, f64) {
    let grad = to_cartesian_backward(cache, d_out);
    (grad.r, grad.theta)
}
/// Which parameters of [`to_cartesian`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const TO_CARTESIAN_WRT: [bool; 2] = [true, true];
/// A recurrence by tuple swaps.
fn recurrence(x: f64) -> f64 {
    let (mut a, mut b) = (1.0, x);
    for _ in 0..4 {
        (a, b) = (b, a + x * b);
    }
    b
}
/// Intermediates of [`recurrence`] saved by [`recurrence_forward`] for [`recurrence_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct RecurrenceCache {
    /// The parameter `x`.
    pub x: f64,
    /// `b` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub b_saved: [f64; 4],
}
/// Gradient of [`recurrence`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct RecurrenceGrad {
    /// `∂recurrence/∂x`
    pub x: f64,
}
/// Staged forward pass of [`recurrence`]: its value, and the [`RecurrenceCache`] that [`recurrence_backward`] needs.
#[inline]
#[must_use]
fn recurrence_forward(x: f64) -> (f64, RecurrenceCache) {
    let mut b_saved: [f64; 4] = [0.0; 4];
    let mut a = 1.0;
    let mut b = x;
    for i in 0..4 {
        b_saved[i] = b;
        let next_b = a + x * b;
        a = b;
        b = next_b;
    }
    (b, RecurrenceCache { x, b_saved })
}
/// Backward pass of [`recurrence`]: the gradient of `d_out * recurrence` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn recurrence_backward(cache: &RecurrenceCache, d_out: f64) -> RecurrenceGrad {
    let RecurrenceCache { x, ref b_saved } = *cache;
    let mut d_b = d_out;
    let mut d_a = 0.0;
    let mut d_x = 0.0;
    for i in (0..4).rev() {
        let d_next_b = d_b;
        d_b = d_a;
        d_x += b_saved[i] * d_next_b;
        d_b += x * d_next_b;
        d_a = d_next_b;
    }
    d_x += d_b;
    RecurrenceGrad { x: d_x }
}
/// Value and gradient of [`recurrence`] in one call (`d_out = 1`): the statements of
/// [`recurrence_forward`] and then of [`recurrence_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn recurrence_grad(x: f64) -> (f64, RecurrenceGrad) {
    let mut b_saved: [f64; 4] = [0.0; 4];
    let mut a = 1.0;
    let mut b = x;
    for i in 0..4 {
        b_saved[i] = b;
        let next_b = a + x * b;
        a = b;
        b = next_b;
    }
    let d_out: f64 = 1.0;
    (
        b,
        {
            let mut d_b = d_out;
            let mut d_a = 0.0;
            let mut d_x = 0.0;
            for i in (0..4).rev() {
                let d_next_b = d_b;
                d_b = d_a;
                d_x += b_saved[i] * d_next_b;
                d_b += x * d_next_b;
                d_a = d_next_b;
            }
            d_x += d_b;
            RecurrenceGrad { x: d_x }
        },
    )
}
/// [`recurrence_backward`] as a tuple with one entry per parameter of [`recurrence`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `recurrence` uses.
#[inline]
#[must_use]
fn recurrence_pullback(cache: &RecurrenceCache, d_out: f64) -> (f64,) {
    let grad = recurrence_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`recurrence`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const RECURRENCE_WRT: [bool; 1] = [true];
/// A 2×2 matrix built from values.
fn det_of_products(a: f64, b: f64) -> f64 {
    let m = [[a * b, b], [a, a + b]];
    m[0][0] * m[1][1] - m[0][1] * m[1][0]
}
/// Intermediates of [`det_of_products`] saved by [`det_of_products_forward`] for [`det_of_products_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct DetOfProductsCache {
    /// The parameter `a`.
    pub a: f64,
    /// The parameter `b`.
    pub b: f64,
    /// `m = m[0][0]`
    pub m_0_0: f64,
    /// `m = m[1][1]`
    pub m_1_1: f64,
    /// `m = m[0][1]`
    pub m_0_1: f64,
    /// `m = m[1][0]`
    pub m_1_0: f64,
}
/// Gradient of [`det_of_products`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct DetOfProductsGrad {
    /// `∂det_of_products/∂a`
    pub a: f64,
    /// `∂det_of_products/∂b`
    pub b: f64,
}
/// Staged forward pass of [`det_of_products`]: its value, and the [`DetOfProductsCache`] that [`det_of_products_backward`] needs.
#[inline]
#[must_use]
fn det_of_products_forward(a: f64, b: f64) -> (f64, DetOfProductsCache) {
    let m: [[f64; 2]; 2] = [[a * b, b], [a, a + b]];
    let m_0_0 = m[0][0];
    let m_1_1 = m[1][1];
    let m_times_m = m_0_0 * m_1_1;
    let m_0_1 = m[0][1];
    let m_1_0 = m[1][0];
    let out = m_times_m - m_0_1 * m_1_0;
    (
        out,
        DetOfProductsCache {
            a,
            b,
            m_0_0,
            m_1_1,
            m_0_1,
            m_1_0,
        },
    )
}
/// Backward pass of [`det_of_products`]: the gradient of `d_out * det_of_products` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn det_of_products_backward(
    cache: &DetOfProductsCache,
    d_out: f64,
) -> DetOfProductsGrad {
    let DetOfProductsCache { a, b, m_0_0, m_1_1, m_0_1, m_1_0 } = *cache;
    let d_m_times_m = -d_out;
    let d_m_0_1 = m_1_0 * d_m_times_m;
    let d_m_1_0 = m_0_1 * d_m_times_m;
    let mut d_m: [[f64; 2]; 2] = ::backprop::__private::Zero::zero();
    d_m[1][0] += d_m_1_0;
    d_m[0][1] += d_m_0_1;
    let d_m_0_0 = m_1_1 * d_out;
    d_m[1][1] += m_0_0 * d_out;
    d_m[0][0] += d_m_0_0;
    let d_a_times_b = d_m[0][0];
    let mut d_b = d_m[0][1];
    let mut d_a = d_m[1][0];
    let d_a_plus_b = d_m[1][1];
    d_a += d_a_plus_b;
    d_b += d_a_plus_b;
    d_a += b * d_a_times_b;
    d_b += a * d_a_times_b;
    DetOfProductsGrad {
        a: d_a,
        b: d_b,
    }
}
/// Value and gradient of [`det_of_products`] in one call (`d_out = 1`): the statements of
/// [`det_of_products_forward`] and then of [`det_of_products_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn det_of_products_grad(a: f64, b: f64) -> (f64, DetOfProductsGrad) {
    let m: [[f64; 2]; 2] = [[a * b, b], [a, a + b]];
    let m_0_0 = m[0][0];
    let m_1_1 = m[1][1];
    let m_times_m = m_0_0 * m_1_1;
    let m_0_1 = m[0][1];
    let m_1_0 = m[1][0];
    let out = m_times_m - m_0_1 * m_1_0;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_m_times_m = -d_out;
            let d_m_0_1 = m_1_0 * d_m_times_m;
            let d_m_1_0 = m_0_1 * d_m_times_m;
            let mut d_m: [[f64; 2]; 2] = ::backprop::__private::Zero::zero();
            d_m[1][0] += d_m_1_0;
            d_m[0][1] += d_m_0_1;
            let d_m_0_0 = m_1_1 * d_out;
            d_m[1][1] += m_0_0 * d_out;
            d_m[0][0] += d_m_0_0;
            let d_a_times_b = d_m[0][0];
            let mut d_b = d_m[0][1];
            let mut d_a = d_m[1][0];
            let d_a_plus_b = d_m[1][1];
            d_a += d_a_plus_b;
            d_b += d_a_plus_b;
            d_a += b * d_a_times_b;
            d_b += a * d_a_times_b;
            DetOfProductsGrad {
                a: d_a,
                b: d_b,
            }
        },
    )
}
/// [`det_of_products_backward`] as a tuple with one entry per parameter of [`det_of_products`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `det_of_products` uses.
#[inline]
#[must_use]
fn det_of_products_pullback(cache: &DetOfProductsCache, d_out: f64) -> (f64, f64) {
    let grad = det_of_products_backward(cache, d_out);
    (grad.a, grad.b)
}
/// Which parameters of [`det_of_products`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const DET_OF_PRODUCTS_WRT: [bool; 2] = [true, true];
