pub fn blend(x: f64, y: f64, kind: u8) -> f64 {
    match kind {
        0 => x * y,
        1 => x.sin() + y,
        _ => (x - y).powi(2),
    }
}
/// Intermediates of [`blend`] saved by [`blend_forward`] for [`blend_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct BlendCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// `kind_eq_zero = kind == 0`
    pub kind_eq_zero: bool,
    /// `kind_eq_one = kind == 1`, computed in a branch (its default when the branch is not taken)
    pub kind_eq_one_saved: bool,
}
/// Gradient of [`blend`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct BlendGrad {
    /// `∂blend/∂x`
    pub x: f64,
    /// `∂blend/∂y`
    pub y: f64,
}
/// Staged forward pass of [`blend`]: its value, and the [`BlendCache`] that [`blend_backward`] needs.
#[inline]
#[must_use]
pub fn blend_forward(x: f64, y: f64, kind: u8) -> (f64, BlendCache) {
    let mut kind_eq_one_saved: bool = false;
    let kind_eq_zero: bool = kind == 0;
    let out = if kind_eq_zero {
        x * y
    } else {
        let kind_eq_one: bool = kind == 1;
        kind_eq_one_saved = kind_eq_one;
        if kind_eq_one { x.sin() + y } else { (x - y).powi(2) }
    };
    (
        out,
        BlendCache {
            x,
            y,
            kind_eq_zero,
            kind_eq_one_saved,
        },
    )
}
/// Backward pass of [`blend`]: the gradient of `d_out * blend` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn blend_backward(cache: &BlendCache, d_out: f64) -> BlendGrad {
    let BlendCache { x, y, kind_eq_zero, kind_eq_one_saved } = *cache;
    let mut d_x = 0.0;
    let mut d_y = 0.0;
    if kind_eq_zero {
        d_x += y * d_out;
        d_y += x * d_out;
    } else {
        if kind_eq_one_saved {
            d_y += d_out;
            d_x += x.cos() * d_out;
        } else {
            let d_x_minus_y = 2.0 * (x - y) * d_out;
            d_x += d_x_minus_y;
            d_y -= d_x_minus_y;
        }
    }
    BlendGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`blend`] in one call (`d_out = 1`): the statements of
/// [`blend_forward`] and then of [`blend_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn blend_grad(x: f64, y: f64, kind: u8) -> (f64, BlendGrad) {
    let mut kind_eq_one_saved: bool = false;
    let kind_eq_zero: bool = kind == 0;
    let out = if kind_eq_zero {
        x * y
    } else {
        let kind_eq_one: bool = kind == 1;
        kind_eq_one_saved = kind_eq_one;
        if kind_eq_one { x.sin() + y } else { (x - y).powi(2) }
    };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_x = 0.0;
            let mut d_y = 0.0;
            if kind_eq_zero {
                d_x += y * d_out;
                d_y += x * d_out;
            } else {
                if kind_eq_one_saved {
                    d_y += d_out;
                    d_x += x.cos() * d_out;
                } else {
                    let d_x_minus_y = 2.0 * (x - y) * d_out;
                    d_x += d_x_minus_y;
                    d_y -= d_x_minus_y;
                }
            }
            BlendGrad { x: d_x, y: d_y }
        },
    )
}
/// [`blend_backward`] as a tuple with one entry per parameter of [`blend`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `blend` uses.
#[inline]
#[must_use]
pub fn blend_pullback(cache: &BlendCache, d_out: f64) -> (f64, f64, ()) {
    let grad = blend_backward(cache, d_out);
    (grad.x, grad.y, ())
}
/// Which parameters of [`blend`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const BLEND_WRT: [bool; 3] = [true, true, false];
