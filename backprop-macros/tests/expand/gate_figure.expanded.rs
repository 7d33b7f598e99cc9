fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}
/// Intermediates of [`gate_figure`] saved by [`gate_figure_forward`] for [`gate_figure_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct GateFigureCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// The parameter `z`.
    pub z: f64,
    /// The parameter `w`.
    pub w: f64,
}
/// Gradient of [`gate_figure`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct GateFigureGrad {
    /// `∂gate_figure/∂x`
    pub x: f64,
    /// `∂gate_figure/∂y`
    pub y: f64,
    /// `∂gate_figure/∂z`
    pub z: f64,
}
/// Staged forward pass of [`gate_figure`]: its value, and the [`GateFigureCache`] that [`gate_figure_backward`] needs.
#[inline]
#[must_use]
fn gate_figure_forward(x: f64, y: f64, z: f64, w: f64) -> (f64, GateFigureCache) {
    let out = 2.0 * (x * y + z.max(w));
    (out, GateFigureCache { x, y, z, w })
}
/// Backward pass of [`gate_figure`]: the gradient of `d_out * gate_figure` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn gate_figure_backward(cache: &GateFigureCache, d_out: f64) -> GateFigureGrad {
    let GateFigureCache { x, y, z, w } = *cache;
    let d_out_t1 = 2.0 * d_out;
    let d_z = ::backprop::__private::max_grad(z, w, d_out_t1);
    let d_x = y * d_out_t1;
    let d_y = x * d_out_t1;
    GateFigureGrad {
        x: d_x,
        y: d_y,
        z: d_z,
    }
}
/// Value and gradient of [`gate_figure`] in one call (`d_out = 1`): the statements of
/// [`gate_figure_forward`] and then of [`gate_figure_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn gate_figure_grad(x: f64, y: f64, z: f64, w: f64) -> (f64, GateFigureGrad) {
    let out = 2.0 * (x * y + z.max(w));
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_out_t1 = 2.0 * d_out;
            let d_z = ::backprop::__private::max_grad(z, w, d_out_t1);
            let d_x = y * d_out_t1;
            let d_y = x * d_out_t1;
            GateFigureGrad {
                x: d_x,
                y: d_y,
                z: d_z,
            }
        },
    )
}
/// [`gate_figure_backward`] as a tuple with one entry per parameter of [`gate_figure`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `gate_figure` uses.
#[inline]
#[must_use]
fn gate_figure_pullback(cache: &GateFigureCache, d_out: f64) -> (f64, f64, f64, ()) {
    let grad = gate_figure_backward(cache, d_out);
    (grad.x, grad.y, grad.z, ())
}
/// Which parameters of [`gate_figure`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const GATE_FIGURE_WRT: [bool; 4] = [true, true, true, false];
