pub fn two_layer(w: &[[f64; 3]; 2], x: &[f64; 3]) -> f64 {
    let h: [f64; 2] = layers::affine(w, x);
    h[0] * h[1] + layers::poly(h, 0.5)
}
/// Intermediates of [`two_layer`] saved by [`two_layer_forward`] for [`two_layer_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct TwoLayerCache<'a> {
    /// The parameter `w`.
    pub w: &'a [[f64; 3]; 2],
    /// The parameter `x`.
    pub x: &'a [f64; 3],
    /// `h_cache`
    pub h_cache: layers::AffineCache<'a>,
    /// `h = h[0]`
    pub h_0: f64,
    /// `h = h[1]`
    pub h_1: f64,
    /// `out_cache`
    pub out_cache: layers::PolyCache,
}
/// Gradient of [`two_layer`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct TwoLayerGrad {}
/// Staged forward pass of [`two_layer`]: its value, and the [`TwoLayerCache`] that [`two_layer_backward`] needs.
#[inline]
#[must_use]
pub fn two_layer_forward<'a>(
    w: &'a [[f64; 3]; 2],
    x: &'a [f64; 3],
) -> (f64, TwoLayerCache<'a>) {
    const _: () = ::core::assert!(
        layers::AFFINE_WRT[0] && layers::AFFINE_WRT[1],
        "`layers::affine` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (h, h_cache) = layers::affine_forward(w, x);
    let h_0 = h[0];
    let h_1 = h[1];
    let h_times_h = h_0 * h_1;
    const _: () = ::core::assert!(
        layers::POLY_WRT[0],
        "`layers::poly` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (poly_out, out_cache) = layers::poly_forward(h, 0.5);
    let out = h_times_h + poly_out;
    (
        out,
        TwoLayerCache {
            w,
            x,
            h_cache,
            h_0,
            h_1,
            out_cache,
        },
    )
}
/// Backward pass of [`two_layer`]: the gradient of `d_out * two_layer` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn two_layer_backward(
    cache: &TwoLayerCache<'_>,
    d_out: f64,
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> TwoLayerGrad {
    let TwoLayerCache { w, x, ref h_cache, h_0, h_1, ref out_cache } = *cache;
    let (d_poly_out_h, _) = layers::poly_pullback(&out_cache, d_out);
    let mut d_h = d_poly_out_h;
    let d_h_0 = h_1 * d_out;
    d_h[1] += h_0 * d_out;
    d_h[0] += d_h_0;
    layers::affine_pullback(&h_cache, d_h, &mut *d_w, &mut *d_x);
    TwoLayerGrad {}
}
/// Value and gradient of [`two_layer`] in one call (`d_out = 1`): the statements of
/// [`two_layer_forward`] and then of [`two_layer_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn two_layer_grad<'a>(
    w: &'a [[f64; 3]; 2],
    x: &'a [f64; 3],
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> (f64, TwoLayerGrad) {
    const _: () = ::core::assert!(
        layers::AFFINE_WRT[0] && layers::AFFINE_WRT[1],
        "`layers::affine` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (h, h_cache) = layers::affine_forward(w, x);
    let h_0 = h[0];
    let h_1 = h[1];
    let h_times_h = h_0 * h_1;
    const _: () = ::core::assert!(
        layers::POLY_WRT[0],
        "`layers::poly` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (poly_out, out_cache) = layers::poly_forward(h, 0.5);
    let out = h_times_h + poly_out;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let (d_poly_out_h, _) = layers::poly_pullback(&out_cache, d_out);
            let mut d_h = d_poly_out_h;
            let d_h_0 = h_1 * d_out;
            d_h[1] += h_0 * d_out;
            d_h[0] += d_h_0;
            layers::affine_pullback(&h_cache, d_h, &mut *d_w, &mut *d_x);
            TwoLayerGrad {}
        },
    )
}
/// [`two_layer_backward`] as a tuple with one entry per parameter of [`two_layer`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `two_layer` uses.
#[inline]
pub fn two_layer_pullback(
    cache: &TwoLayerCache<'_>,
    d_out: f64,
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> ((), ()) {
    two_layer_backward(cache, d_out, d_w, d_x);
    ((), ())
}
/// Which parameters of [`two_layer`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const TWO_LAYER_WRT: [bool; 2] = [true, true];
