pub fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    (r * theta.cos(), r * theta.sin())
}
/// Intermediates of [`to_cartesian`] saved by [`to_cartesian_forward`] for [`to_cartesian_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct ToCartesianCache {
    /// The parameter `r`.
    pub r: f64,
    /// `theta_cos = theta.cos()`
    pub theta_cos: f64,
    /// `theta_sin = theta.sin()`
    pub theta_sin: f64,
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
pub struct ToCartesianGrad {
    /// `∂to_cartesian/∂r`
    pub r: f64,
    /// `∂to_cartesian/∂theta`
    pub theta: f64,
}
/// Staged forward pass of [`to_cartesian`]: its value, and the [`ToCartesianCache`] that [`to_cartesian_backward`] needs.
#[inline]
#[must_use]
pub fn to_cartesian_forward(r: f64, theta: f64) -> ((f64, f64), ToCartesianCache) {
    let theta_cos = theta.cos();
    let out = r * theta_cos;
    let theta_sin = theta.sin();
    let out_1 = r * theta_sin;
    (
        (out, out_1),
        ToCartesianCache {
            r,
            theta_cos,
            theta_sin,
        },
    )
}
/// Backward pass of [`to_cartesian`]: the gradient of `d_out * to_cartesian` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn to_cartesian_backward(
    cache: &ToCartesianCache,
    d_out: (f64, f64),
) -> ToCartesianGrad {
    let ToCartesianCache { r, theta_cos, theta_sin } = *cache;
    let (d_out_1, d_out_1_1) = d_out;
    let mut d_r = theta_sin * d_out_1_1;
    let mut d_theta = theta_cos * (r * d_out_1_1);
    d_r += theta_cos * d_out_1;
    d_theta -= theta_sin * (r * d_out_1);
    ToCartesianGrad {
        r: d_r,
        theta: d_theta,
    }
}
/// Values and Jacobian of [`to_cartesian`]: row `i` is the gradient of its `i`-th value
/// (one forward pass, 2 backward passes).
#[inline]
#[must_use]
pub fn to_cartesian_jacobian(r: f64, theta: f64) -> ((f64, f64), [ToCartesianGrad; 2]) {
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
pub fn to_cartesian_pullback(cache: &ToCartesianCache, d_out: (f64, f64)) -> (f64, f64) {
    let grad = to_cartesian_backward(cache, d_out);
    (grad.r, grad.theta)
}
/// Which parameters of [`to_cartesian`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const TO_CARTESIAN_WRT: [bool; 2] = [true, true];
