pub fn affine_loss(p: &Dense, x: &[f64; 2], y: f64) -> f64 {
    let mut z = p.b;
    for j in 0..p.w.len() {
        z += p.w[j] * x[j];
    }
    (z.tanh() - y).powi(2) * p.scale.l2
}
/// Intermediates of [`affine_loss`] saved by [`affine_loss_forward`] for [`affine_loss_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct AffineLossCache<'a> {
    /// The parameter `p`.
    pub p: &'a Dense,
    /// The parameter `x`.
    pub x: &'a [f64; 2],
    /// `z_tanh = z.tanh()`
    pub z_tanh: f64,
    /// `z_tanh_minus_y = z_tanh - y`
    pub z_tanh_minus_y: f64,
    /// `out_t1 = z_tanh_minus_y.powi(2)`
    pub out_t1: f64,
    /// `p_scale_l2 = p.scale.l2`
    pub p_scale_l2: f64,
}
/// Gradient of [`affine_loss`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct AffineLossGrad {}
/// Staged forward pass of [`affine_loss`]: its value, and the [`AffineLossCache`] that [`affine_loss_backward`] needs.
#[inline]
#[must_use]
pub fn affine_loss_forward<'a>(
    p: &'a Dense,
    x: &'a [f64; 2],
    y: f64,
) -> (f64, AffineLossCache<'a>) {
    let mut z = p.b;
    for j in 0..p.w.len() {
        z += p.w[j] * x[j];
    }
    let z_tanh = z.tanh();
    let z_tanh_minus_y = z_tanh - y;
    let out_t1 = z_tanh_minus_y.powi(2);
    let p_scale_l2 = p.scale.l2;
    let out = out_t1 * p_scale_l2;
    (
        out,
        AffineLossCache {
            p,
            x,
            z_tanh,
            z_tanh_minus_y,
            out_t1,
            p_scale_l2,
        },
    )
}
/// Backward pass of [`affine_loss`]: the gradient of `d_out * affine_loss` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn affine_loss_backward(
    cache: &AffineLossCache<'_>,
    d_out: f64,
    d_p: &mut Dense,
) -> AffineLossGrad {
    let AffineLossCache { p, x, z_tanh, z_tanh_minus_y, out_t1, p_scale_l2 } = *cache;
    let d_out_t1 = p_scale_l2 * d_out;
    d_p.scale.l2 += out_t1 * d_out;
    let d_z = (1.0 - z_tanh * z_tanh) * (2.0 * z_tanh_minus_y * d_out_t1);
    for j in (0..p.w.len()).rev() {
        d_p.w[j] += x[j] * d_z;
    }
    d_p.b += d_z;
    AffineLossGrad {}
}
/// Value and gradient of [`affine_loss`] in one call (`d_out = 1`): the statements of
/// [`affine_loss_forward`] and then of [`affine_loss_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn affine_loss_grad(
    p: &Dense,
    x: &[f64; 2],
    y: f64,
    d_p: &mut Dense,
) -> (f64, AffineLossGrad) {
    let mut z = p.b;
    for j in 0..p.w.len() {
        z += p.w[j] * x[j];
    }
    let z_tanh = z.tanh();
    let z_tanh_minus_y = z_tanh - y;
    let out_t1 = z_tanh_minus_y.powi(2);
    let p_scale_l2 = p.scale.l2;
    let out = out_t1 * p_scale_l2;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_out_t1 = p_scale_l2 * d_out;
            d_p.scale.l2 += out_t1 * d_out;
            let d_z = (1.0 - z_tanh * z_tanh) * (2.0 * z_tanh_minus_y * d_out_t1);
            for j in (0..p.w.len()).rev() {
                d_p.w[j] += x[j] * d_z;
            }
            d_p.b += d_z;
            AffineLossGrad {}
        },
    )
}
/// [`affine_loss_backward`] as a tuple with one entry per parameter of [`affine_loss`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `affine_loss` uses.
#[inline]
pub fn affine_loss_pullback(
    cache: &AffineLossCache<'_>,
    d_out: f64,
    d_p: &mut Dense,
    _d_x: &mut [f64; 2],
) -> ((), (), ()) {
    affine_loss_backward(cache, d_out, d_p);
    ((), (), ())
}
/// Which parameters of [`affine_loss`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const AFFINE_LOSS_WRT: [bool; 3] = [true, false, false];
pub fn loss(p: &Mlp, x: &[f64; 2], y: f64) -> f64 {
    let h: [f64; 3] = dense(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    (p.scale * out - y).powi(2)
}
/// Intermediates of [`loss`] saved by [`loss_forward`] for [`loss_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct LossCache<'a> {
    /// The parameter `p`.
    pub p: &'a Mlp,
    /// The parameter `x`.
    pub x: &'a [f64; 2],
    /// `h_cache`
    pub h_cache: DenseCache<'a>,
    /// `h = dense(p, x)`
    pub h: [f64; 3],
    /// `out` after the loop
    pub out_4: f64,
    /// `p_scale = p.scale`
    pub p_scale: f64,
    /// `out_t2 = p_scale_times_out - y`
    pub out_t2: f64,
}
/// Gradient of [`loss`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct LossGrad {}
/// Staged forward pass of [`loss`]: its value, and the [`LossCache`] that [`loss_backward`] needs.
#[inline]
#[must_use]
pub fn loss_forward<'a>(p: &'a Mlp, x: &'a [f64; 2], y: f64) -> (f64, LossCache<'a>) {
    const _: () = ::core::assert!(
        DENSE_WRT[0],
        "`dense` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (h, h_cache) = dense_forward(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    let p_scale = p.scale;
    let out_t2 = p_scale * out - y;
    let out_5 = out_t2.powi(2);
    (
        out_5,
        LossCache {
            p,
            x,
            h_cache,
            h,
            out_4: out,
            p_scale,
            out_t2,
        },
    )
}
/// Backward pass of [`loss`]: the gradient of `d_out * loss` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn loss_backward(cache: &LossCache<'_>, d_out: f64, d_p: &mut Mlp) -> LossGrad {
    let LossCache { p, x, ref h_cache, h, out_4, p_scale, out_t2 } = *cache;
    let d_out_t2 = 2.0 * out_t2 * d_out;
    let d_p_scale = out_4 * d_out_t2;
    let d_out = p_scale * d_out_t2;
    d_p.scale += d_p_scale;
    let mut d_h: [f64; 3] = ::backprop::__private::Zero::zero();
    for i in (0..p.l2.len()).rev() {
        let p_l2_i = p.l2[i];
        let d_p_l2_i = h[i] * d_out;
        d_h[i] += p_l2_i * d_out;
        d_p.l2[i] += d_p_l2_i;
    }
    dense_pullback(&h_cache, d_h, &mut d_p.l1, &mut ::backprop::__private::Zero::zero());
    LossGrad {}
}
/// Value and gradient of [`loss`] in one call (`d_out = 1`): the statements of
/// [`loss_forward`] and then of [`loss_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn loss_grad<'a>(
    p: &'a Mlp,
    x: &'a [f64; 2],
    y: f64,
    d_p: &mut Mlp,
) -> (f64, LossGrad) {
    const _: () = ::core::assert!(
        DENSE_WRT[0],
        "`dense` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (h, h_cache) = dense_forward(&p.l1, x);
    let mut out = 0.0;
    for i in 0..p.l2.len() {
        out += p.l2[i] * h[i];
    }
    let p_scale = p.scale;
    let out_t2 = p_scale * out - y;
    let out_5 = out_t2.powi(2);
    let d_out: f64 = 1.0;
    (
        out_5,
        {
            let d_out_t2 = 2.0 * out_t2 * d_out;
            let d_p_scale = out * d_out_t2;
            let d_out = p_scale * d_out_t2;
            d_p.scale += d_p_scale;
            let mut d_h: [f64; 3] = ::backprop::__private::Zero::zero();
            for i in (0..p.l2.len()).rev() {
                let p_l2_i = p.l2[i];
                let d_p_l2_i = h[i] * d_out;
                d_h[i] += p_l2_i * d_out;
                d_p.l2[i] += d_p_l2_i;
            }
            dense_pullback(
                &h_cache,
                d_h,
                &mut d_p.l1,
                &mut ::backprop::__private::Zero::zero(),
            );
            LossGrad {}
        },
    )
}
/// [`loss_backward`] as a tuple with one entry per parameter of [`loss`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `loss` uses.
#[inline]
pub fn loss_pullback(
    cache: &LossCache<'_>,
    d_out: f64,
    d_p: &mut Mlp,
    _d_x: &mut [f64; 2],
) -> ((), (), ()) {
    loss_backward(cache, d_out, d_p);
    ((), (), ())
}
/// Which parameters of [`loss`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const LOSS_WRT: [bool; 3] = [true, false, false];
