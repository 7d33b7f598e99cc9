pub fn soft_clip(x: f64, y: f64) -> f64 {
    let z = if x > y {
        let gap = x - y;
        y + gap.sqrt()
    } else {
        let e = (x - y).exp();
        y - 1.0 + e
    };
    z * x
}
/// Intermediates of [`soft_clip`] saved by [`soft_clip_forward`] for [`soft_clip_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct SoftClipCache {
    /// The parameter `x`.
    pub x: f64,
    /// `x_gt_y = x > y`
    pub x_gt_y: bool,
    /// `gap_sqrt = gap.sqrt()`, computed in a branch (its default when the branch is not taken)
    pub gap_sqrt_saved: f64,
    /// `e = x_minus_y.exp()`, computed in a branch (its default when the branch is not taken)
    pub e_saved: f64,
    /// `z`, the value joining the branches of an `if`
    pub z: f64,
}
/// Gradient of [`soft_clip`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct SoftClipGrad {
    /// `∂soft_clip/∂x`
    pub x: f64,
    /// `∂soft_clip/∂y`
    pub y: f64,
}
/// Staged forward pass of [`soft_clip`]: its value, and the [`SoftClipCache`] that [`soft_clip_backward`] needs.
#[inline]
#[must_use]
pub fn soft_clip_forward(x: f64, y: f64) -> (f64, SoftClipCache) {
    let mut gap_sqrt_saved: f64 = 0.0;
    let mut e_saved: f64 = 0.0;
    let x_gt_y: bool = x > y;
    let z = if x_gt_y {
        let gap = x - y;
        let gap_sqrt = gap.sqrt();
        gap_sqrt_saved = gap_sqrt;
        y + gap_sqrt
    } else {
        let e = (x - y).exp();
        e_saved = e;
        y - 1.0 + e
    };
    let out = z * x;
    (
        out,
        SoftClipCache {
            x,
            x_gt_y,
            gap_sqrt_saved,
            e_saved,
            z,
        },
    )
}
/// Backward pass of [`soft_clip`]: the gradient of `d_out * soft_clip` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn soft_clip_backward(cache: &SoftClipCache, d_out: f64) -> SoftClipGrad {
    let SoftClipCache { x, x_gt_y, gap_sqrt_saved, e_saved, z } = *cache;
    let d_z = x * d_out;
    let mut d_x = z * d_out;
    let mut d_y = 0.0;
    if x_gt_y {
        d_y += d_z;
        let d_gap = ::backprop::__private::sqrt_slope(gap_sqrt_saved) * d_z;
        d_x += d_gap;
        d_y -= d_gap;
    } else {
        let e = e_saved;
        d_y += d_z;
        let d_x_minus_y = e * d_z;
        d_x += d_x_minus_y;
        d_y -= d_x_minus_y;
    }
    SoftClipGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`soft_clip`] in one call (`d_out = 1`): the statements of
/// [`soft_clip_forward`] and then of [`soft_clip_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn soft_clip_grad(x: f64, y: f64) -> (f64, SoftClipGrad) {
    let mut gap_sqrt_saved: f64 = 0.0;
    let mut e_saved: f64 = 0.0;
    let x_gt_y: bool = x > y;
    let z = if x_gt_y {
        let gap = x - y;
        let gap_sqrt = gap.sqrt();
        gap_sqrt_saved = gap_sqrt;
        y + gap_sqrt
    } else {
        let e = (x - y).exp();
        e_saved = e;
        y - 1.0 + e
    };
    let out = z * x;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_z = x * d_out;
            let mut d_x = z * d_out;
            let mut d_y = 0.0;
            if x_gt_y {
                d_y += d_z;
                let d_gap = ::backprop::__private::sqrt_slope(gap_sqrt_saved) * d_z;
                d_x += d_gap;
                d_y -= d_gap;
            } else {
                let e = e_saved;
                d_y += d_z;
                let d_x_minus_y = e * d_z;
                d_x += d_x_minus_y;
                d_y -= d_x_minus_y;
            }
            SoftClipGrad { x: d_x, y: d_y }
        },
    )
}
/// [`soft_clip_backward`] as a tuple with one entry per parameter of [`soft_clip`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `soft_clip` uses.
#[inline]
#[must_use]
pub fn soft_clip_pullback(cache: &SoftClipCache, d_out: f64) -> (f64, f64) {
    let grad = soft_clip_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`soft_clip`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SOFT_CLIP_WRT: [bool; 2] = [true, true];
