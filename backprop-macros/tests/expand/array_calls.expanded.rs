pub fn layer_loss(w: &[[f64; 3]; 2], x: &[f64; 3], c: [[f64; 3]; 2]) -> f64 {
    let mut s = 0.0;
    for i in 0..2 {
        s += layers::neuron(&w[i], x, 0.1).powi(2);
    }
    s + layers::poly(c[1], s)
}
/// Intermediates of [`layer_loss`] saved by [`layer_loss_forward`] for [`layer_loss_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct LayerLossCache<'a> {
    /// The parameter `w`.
    pub w: &'a [[f64; 3]; 2],
    /// The parameter `x`.
    pub x: &'a [f64; 3],
    /// `s_cache`, saved each time it is computed (read back in reverse by the backward pass)
    pub s_cache_saved: [::core::option::Option<layers::NeuronCache<'a>>; 2],
    /// How many runs are saved of `s_cache` and of the values computed with it.
    pub runs: usize,
    /// `neuron_out = layers::neuron(w, x, 0.1)`, saved each time it is computed (read back in reverse by the backward pass)
    pub neuron_out_saved: [f64; 2],
    /// `out_cache`
    pub out_cache: layers::PolyCache,
}
/// Gradient of [`layer_loss`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct LayerLossGrad {
    /// `∂layer_loss/∂c`
    pub c: [[f64; 3]; 2],
}
impl ::core::default::Default for LayerLossGrad {
    fn default() -> Self {
        LayerLossGrad {
            c: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`layer_loss`]: its value, and the [`LayerLossCache`] that [`layer_loss_backward`] needs.
#[inline]
#[must_use]
pub fn layer_loss_forward<'a>(
    w: &'a [[f64; 3]; 2],
    x: &'a [f64; 3],
    c: [[f64; 3]; 2],
) -> (f64, LayerLossCache<'a>) {
    let mut s_cache_saved: [::core::option::Option<layers::NeuronCache<'a>>; 2] = [const {
        ::core::option::Option::None
    }; 2];
    let mut runs: usize = 0;
    let mut neuron_out_saved: [f64; 2] = [0.0; 2];
    let mut s = 0.0;
    for i in 0..2 {
        const _: () = ::core::assert!(
            layers::NEURON_WRT[0] && layers::NEURON_WRT[1],
            "`layers::neuron` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (neuron_out, s_cache) = layers::neuron_forward(&w[i], x, 0.1);
        neuron_out_saved[runs] = neuron_out;
        s_cache_saved[runs] = ::core::option::Option::Some(s_cache);
        runs += 1;
        s += neuron_out.powi(2);
    }
    const _: () = ::core::assert!(
        layers::POLY_WRT[0] && layers::POLY_WRT[1],
        "`layers::poly` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (poly_out, out_cache) = layers::poly_forward(c[1], s);
    let out = s + poly_out;
    (
        out,
        LayerLossCache {
            w,
            x,
            s_cache_saved,
            runs,
            neuron_out_saved,
            out_cache,
        },
    )
}
/// Backward pass of [`layer_loss`]: the gradient of `d_out * layer_loss` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn layer_loss_backward(
    cache: &LayerLossCache<'_>,
    d_out: f64,
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> LayerLossGrad {
    let LayerLossCache {
        w,
        x,
        ref s_cache_saved,
        runs,
        ref neuron_out_saved,
        ref out_cache,
    } = *cache;
    let mut run = runs;
    let mut d_s = d_out;
    let (d_poly_out_c, d_poly_out_s_4) = layers::poly_pullback(&out_cache, d_out);
    let mut d_c: [[f64; 3]; 2] = ::backprop::__private::Zero::zero();
    ::backprop::__private::Accumulate::accumulate(&mut d_c[1], &d_poly_out_c);
    d_s += d_poly_out_s_4;
    for i in (0..2).rev() {
        run -= 1;
        let ::core::option::Option::Some(s_cache) = &s_cache_saved[run] else {
            ::core::unreachable!("every run saved by the forward pass is read back once")
        };
        let d_neuron_out = 2.0 * neuron_out_saved[run] * d_s;
        layers::neuron_pullback(s_cache, d_neuron_out, &mut d_w[i], &mut *d_x);
    }
    LayerLossGrad { c: d_c }
}
/// Value and gradient of [`layer_loss`] in one call (`d_out = 1`): the statements of
/// [`layer_loss_forward`] and then of [`layer_loss_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn layer_loss_grad<'a>(
    w: &'a [[f64; 3]; 2],
    x: &'a [f64; 3],
    c: [[f64; 3]; 2],
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> (f64, LayerLossGrad) {
    let mut s_cache_saved: [::core::option::Option<layers::NeuronCache<'a>>; 2] = [const {
        ::core::option::Option::None
    }; 2];
    let mut runs: usize = 0;
    let mut neuron_out_saved: [f64; 2] = [0.0; 2];
    let mut s = 0.0;
    for i in 0..2 {
        const _: () = ::core::assert!(
            layers::NEURON_WRT[0] && layers::NEURON_WRT[1],
            "`layers::neuron` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
        );
        let (neuron_out, s_cache) = layers::neuron_forward(&w[i], x, 0.1);
        neuron_out_saved[runs] = neuron_out;
        s_cache_saved[runs] = ::core::option::Option::Some(s_cache);
        runs += 1;
        s += neuron_out.powi(2);
    }
    const _: () = ::core::assert!(
        layers::POLY_WRT[0] && layers::POLY_WRT[1],
        "`layers::poly` must be differentiated with respect to its parameter(s) 1, 2 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (poly_out, out_cache) = layers::poly_forward(c[1], s);
    let out = s + poly_out;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut run = runs;
            let mut d_s = d_out;
            let (d_poly_out_c, d_poly_out_s_4) = layers::poly_pullback(
                &out_cache,
                d_out,
            );
            let mut d_c: [[f64; 3]; 2] = ::backprop::__private::Zero::zero();
            ::backprop::__private::Accumulate::accumulate(&mut d_c[1], &d_poly_out_c);
            d_s += d_poly_out_s_4;
            for i in (0..2).rev() {
                run -= 1;
                let ::core::option::Option::Some(s_cache) = &s_cache_saved[run] else {
                    ::core::unreachable!(
                        "every run saved by the forward pass is read back once"
                    )
                };
                let d_neuron_out = 2.0 * neuron_out_saved[run] * d_s;
                layers::neuron_pullback(s_cache, d_neuron_out, &mut d_w[i], &mut *d_x);
            }
            LayerLossGrad { c: d_c }
        },
    )
}
/// [`layer_loss_backward`] as a tuple with one entry per parameter of [`layer_loss`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `layer_loss` uses.
#[inline]
pub fn layer_loss_pullback(
    cache: &LayerLossCache<'_>,
    d_out: f64,
    d_w: &mut [[f64; 3]; 2],
    d_x: &mut [f64; 3],
) -> ((), (), [[f64; 3]; 2]) {
    let grad = layer_loss_backward(cache, d_out, d_w, d_x);
    ((), (), grad.c)
}
/// Which parameters of [`layer_loss`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const LAYER_LOSS_WRT: [bool; 3] = [true, true, true];
pub fn halves(x: &[f64]) -> f64 {
    let n = x.len() / 2;
    layers::sum_sq(&x[..n]) * layers::sum_sq(&x[n..]) + x[0]
}
/// Intermediates of [`halves`] saved by [`halves_forward`] for [`halves_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct HalvesCache<'a> {
    /// The parameter `x`.
    pub x: &'a [f64],
    /// `n = x.len() / 2`
    pub n: usize,
    /// `out_cache`
    pub out_cache: layers::SumSqCache<'a>,
    /// `sum_sq_out = layers::sum_sq(x)`
    pub sum_sq_out: f64,
    /// `out_cache_1`
    pub out_cache_1: layers::SumSqCache<'a>,
    /// `sum_sq_out = layers::sum_sq(x)`
    pub sum_sq_out_1: f64,
}
/// Gradient of [`halves`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct HalvesGrad {}
/// Staged forward pass of [`halves`]: its value, and the [`HalvesCache`] that [`halves_backward`] needs.
#[inline]
#[must_use]
pub fn halves_forward<'a>(x: &'a [f64]) -> (f64, HalvesCache<'a>) {
    let n: usize = x.len() / 2;
    const _: () = ::core::assert!(
        layers::SUM_SQ_WRT[0],
        "`layers::sum_sq` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (sum_sq_out, out_cache) = layers::sum_sq_forward(&x[..n]);
    const _: () = ::core::assert!(
        layers::SUM_SQ_WRT[0],
        "`layers::sum_sq` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (sum_sq_out_1, out_cache_1) = layers::sum_sq_forward(&x[n..]);
    let out = sum_sq_out * sum_sq_out_1 + x[0];
    (
        out,
        HalvesCache {
            x,
            n,
            out_cache,
            sum_sq_out,
            out_cache_1,
            sum_sq_out_1,
        },
    )
}
/// Backward pass of [`halves`]: the gradient of `d_out * halves` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn halves_backward(
    cache: &HalvesCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
) -> HalvesGrad {
    let HalvesCache { x, n, ref out_cache, sum_sq_out, ref out_cache_1, sum_sq_out_1 } = *cache;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    d_x[0] += d_out;
    let d_sum_sq_out = sum_sq_out_1 * d_out;
    let d_sum_sq_out_1 = sum_sq_out * d_out;
    layers::sum_sq_pullback(&out_cache_1, d_sum_sq_out_1, &mut d_x[n..]);
    layers::sum_sq_pullback(&out_cache, d_sum_sq_out, &mut d_x[..n]);
    HalvesGrad {}
}
/// Value and gradient of [`halves`] in one call (`d_out = 1`): the statements of
/// [`halves_forward`] and then of [`halves_backward`], fused so the saved values never move.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn halves_grad<'a>(x: &'a [f64], d_x: &mut [f64]) -> (f64, HalvesGrad) {
    let n: usize = x.len() / 2;
    const _: () = ::core::assert!(
        layers::SUM_SQ_WRT[0],
        "`layers::sum_sq` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (sum_sq_out, out_cache) = layers::sum_sq_forward(&x[..n]);
    const _: () = ::core::assert!(
        layers::SUM_SQ_WRT[0],
        "`layers::sum_sq` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (sum_sq_out_1, out_cache_1) = layers::sum_sq_forward(&x[n..]);
    let out = sum_sq_out * sum_sq_out_1 + x[0];
    let d_out: f64 = 1.0;
    (
        out,
        {
            ::core::assert!(
                d_x.len() == x.len(),
                "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
                d_x.len(), x.len()
            );
            d_x[0] += d_out;
            let d_sum_sq_out = sum_sq_out_1 * d_out;
            let d_sum_sq_out_1 = sum_sq_out * d_out;
            layers::sum_sq_pullback(&out_cache_1, d_sum_sq_out_1, &mut d_x[n..]);
            layers::sum_sq_pullback(&out_cache, d_sum_sq_out, &mut d_x[..n]);
            HalvesGrad {}
        },
    )
}
/// [`halves_backward`] as a tuple with one entry per parameter of [`halves`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `halves` uses.
#[inline]
pub fn halves_pullback(cache: &HalvesCache<'_>, d_out: f64, d_x: &mut [f64]) -> ((),) {
    halves_backward(cache, d_out, d_x);
    ((),)
}
/// Which parameters of [`halves`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const HALVES_WRT: [bool; 1] = [true];
