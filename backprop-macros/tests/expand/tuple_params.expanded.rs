use backprop::differentiate;
pub fn area((w, h): (f64, f64), scale: f64) -> f64 {
    w * h * scale
}
/// Intermediates of [`area`] saved by [`area_forward`] for [`area_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct AreaCache {
    /// The parameter `w`.
    pub w: f64,
    /// The parameter `h`.
    pub h: f64,
    /// The parameter `scale`.
    pub scale: f64,
    /// `w_times_h = w * h`
    pub w_times_h: f64,
}
/// Gradient of [`area`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct AreaGrad {
    /// `∂area/∂w`
    pub w: f64,
    /// `∂area/∂h`
    pub h: f64,
    /// `∂area/∂scale`
    pub scale: f64,
}
/// Staged forward pass of [`area`]: its value, and the [`AreaCache`] that [`area_backward`] needs.
#[inline]
#[must_use]
pub fn area_forward((w, h): (f64, f64), scale: f64) -> (f64, AreaCache) {
    let w_times_h = w * h;
    let out = w_times_h * scale;
    (
        out,
        AreaCache {
            w,
            h,
            scale,
            w_times_h,
        },
    )
}
/// Backward pass of [`area`]: the gradient of `d_out * area` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn area_backward(cache: &AreaCache, d_out: f64) -> AreaGrad {
    let AreaCache { w, h, scale, w_times_h } = *cache;
    let d_w_times_h = scale * d_out;
    let d_scale = w_times_h * d_out;
    let d_w = h * d_w_times_h;
    let d_h = w * d_w_times_h;
    AreaGrad {
        w: d_w,
        h: d_h,
        scale: d_scale,
    }
}
/// Value and gradient of [`area`] in one call (`d_out = 1`): the statements of
/// [`area_forward`] and then of [`area_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn area_grad((w, h): (f64, f64), scale: f64) -> (f64, AreaGrad) {
    let w_times_h = w * h;
    let out = w_times_h * scale;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_w_times_h = scale * d_out;
            let d_scale = w_times_h * d_out;
            let d_w = h * d_w_times_h;
            let d_h = w * d_w_times_h;
            AreaGrad {
                w: d_w,
                h: d_h,
                scale: d_scale,
            }
        },
    )
}
/// [`area_backward`] as a tuple with one entry per parameter of [`area`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `area` uses.
#[inline]
#[must_use]
pub fn area_pullback(cache: &AreaCache, d_out: f64) -> (f64, f64, f64) {
    let grad = area_backward(cache, d_out);
    (grad.w, grad.h, grad.scale)
}
/// Which parameters of [`area`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const AREA_WRT: [bool; 3] = [true, true, true];
/// Forward mode of [`area`]: its value, and its derivative along the tangents `t_..` of the differentiated parameters (a Jacobian-vector product).
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn area_jvp(
    (w, h): (f64, f64),
    scale: f64,
    t_w: f64,
    t_h: f64,
    t_scale: f64,
) -> (f64, f64) {
    let w_times_h = w * h;
    let t_w_times_h = h * t_w + w * t_h;
    let out = w_times_h * scale;
    let t_out = scale * t_w_times_h + w_times_h * t_scale;
    (out, t_out)
}
/// [`area_jvp`] with a tangent for every parameter (`()` for a constant one): how differentiated functions that call [`area`] run its forward mode.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn area_tangent(
    (w, h): (f64, f64),
    scale: f64,
    t_w: f64,
    t_h: f64,
    t_scale: f64,
) -> (f64, f64) {
    area_jvp((w, h), scale, t_w, t_h, t_scale)
}
