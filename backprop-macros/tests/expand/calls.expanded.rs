pub fn swap(a: f64, b: f64) -> f64 {
    let p = layers::dense(a, b, 0.0);
    p - layers::dense(b, a, 0.0)
}
/// Intermediates of [`swap`] saved by [`swap_forward`] for [`swap_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct SwapCache {
    /// `p_cache`
    pub p_cache: layers::DenseCache,
    /// `out_cache`
    pub out_cache: layers::DenseCache,
}
/// Gradient of [`swap`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct SwapGrad {
    /// `∂swap/∂a`
    pub a: f64,
    /// `∂swap/∂b`
    pub b: f64,
}
/// Staged forward pass of [`swap`]: its value, and the [`SwapCache`] that [`swap_backward`] needs.
#[inline]
#[must_use]
pub fn swap_forward(a: f64, b: f64) -> (f64, SwapCache) {
    const _: () = ::core::assert!(
        layers::DENSE_WRT[0] && layers::DENSE_WRT[1],
        "`layers::dense` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (p, p_cache) = layers::dense_forward(a, b, 0.0);
    const _: () = ::core::assert!(
        layers::DENSE_WRT[0] && layers::DENSE_WRT[1],
        "`layers::dense` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (dense_out, out_cache) = layers::dense_forward(b, a, 0.0);
    let out = p - dense_out;
    (out, SwapCache { p_cache, out_cache })
}
/// Backward pass of [`swap`]: the gradient of `d_out * swap` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn swap_backward(cache: &SwapCache, d_out: f64) -> SwapGrad {
    let SwapCache { ref p_cache, ref out_cache } = *cache;
    let (d_dense_out_b, d_dense_out_a, _) = layers::dense_pullback(&out_cache, -d_out);
    let mut d_b = d_dense_out_b;
    let mut d_a = d_dense_out_a;
    let (d_p_a, d_p_b, _) = layers::dense_pullback(&p_cache, d_out);
    d_a += d_p_a;
    d_b += d_p_b;
    SwapGrad { a: d_a, b: d_b }
}
/// Value and gradient of [`swap`] in one call (`d_out = 1`): the statements of
/// [`swap_forward`] and then of [`swap_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn swap_grad(a: f64, b: f64) -> (f64, SwapGrad) {
    const _: () = ::core::assert!(
        layers::DENSE_WRT[0] && layers::DENSE_WRT[1],
        "`layers::dense` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (p, p_cache) = layers::dense_forward(a, b, 0.0);
    const _: () = ::core::assert!(
        layers::DENSE_WRT[0] && layers::DENSE_WRT[1],
        "`layers::dense` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (dense_out, out_cache) = layers::dense_forward(b, a, 0.0);
    let out = p - dense_out;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let (d_dense_out_b, d_dense_out_a, _) = layers::dense_pullback(
                &out_cache,
                -d_out,
            );
            let mut d_b = d_dense_out_b;
            let mut d_a = d_dense_out_a;
            let (d_p_a, d_p_b, _) = layers::dense_pullback(&p_cache, d_out);
            d_a += d_p_a;
            d_b += d_p_b;
            SwapGrad { a: d_a, b: d_b }
        },
    )
}
/// [`swap_backward`] as a tuple with one entry per parameter of [`swap`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `swap` uses.
#[inline]
#[must_use]
pub fn swap_pullback(cache: &SwapCache, d_out: f64) -> (f64, f64) {
    let grad = swap_backward(cache, d_out);
    (grad.a, grad.b)
}
/// Which parameters of [`swap`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SWAP_WRT: [bool; 2] = [true, true];
