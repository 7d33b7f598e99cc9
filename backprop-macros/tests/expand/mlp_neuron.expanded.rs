fn neuron(w1: f64, w2: f64, b: f64, x1: f64, x2: f64) -> f64 {
    activation(w1 * x1 + w2 * x2 + b)
}
/// Intermediates of [`neuron`] saved by [`neuron_forward`] for [`neuron_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct NeuronCache {
    /// The parameter `w1`.
    pub w1: f64,
    /// The parameter `w2`.
    pub w2: f64,
    /// The parameter `x1`.
    pub x1: f64,
    /// The parameter `x2`.
    pub x2: f64,
    /// `out_cache`
    pub out_cache: ActivationCache,
}
/// Gradient of [`neuron`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct NeuronGrad {
    /// `∂neuron/∂w1`
    pub w1: f64,
    /// `∂neuron/∂w2`
    pub w2: f64,
    /// `∂neuron/∂b`
    pub b: f64,
    /// `∂neuron/∂x1`
    pub x1: f64,
    /// `∂neuron/∂x2`
    pub x2: f64,
}
/// Staged forward pass of [`neuron`]: its value, and the [`NeuronCache`] that [`neuron_backward`] needs.
#[inline]
#[must_use]
fn neuron_forward(w1: f64, w2: f64, b: f64, x1: f64, x2: f64) -> (f64, NeuronCache) {
    let out_t1_plus_b = w1 * x1 + w2 * x2 + b;
    const _: () = ::core::assert!(
        ACTIVATION_WRT[0],
        "`activation` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (out, out_cache) = activation_forward(out_t1_plus_b);
    (
        out,
        NeuronCache {
            w1,
            w2,
            x1,
            x2,
            out_cache,
        },
    )
}
/// Backward pass of [`neuron`]: the gradient of `d_out * neuron` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn neuron_backward(cache: &NeuronCache, d_out: f64) -> NeuronGrad {
    let NeuronCache { w1, w2, x1, x2, ref out_cache } = *cache;
    let (d_out_t1_plus_b,) = activation_pullback(&out_cache, d_out);
    let d_w2 = x2 * d_out_t1_plus_b;
    let d_x2 = w2 * d_out_t1_plus_b;
    let d_w1 = x1 * d_out_t1_plus_b;
    let d_x1 = w1 * d_out_t1_plus_b;
    NeuronGrad {
        w1: d_w1,
        w2: d_w2,
        b: d_out_t1_plus_b,
        x1: d_x1,
        x2: d_x2,
    }
}
/// Value and gradient of [`neuron`] in one call (`d_out = 1`): the statements of
/// [`neuron_forward`] and then of [`neuron_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn neuron_grad(w1: f64, w2: f64, b: f64, x1: f64, x2: f64) -> (f64, NeuronGrad) {
    let out_t1_plus_b = w1 * x1 + w2 * x2 + b;
    const _: () = ::core::assert!(
        ACTIVATION_WRT[0],
        "`activation` must be differentiated with respect to its parameter(s) 1 (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`"
    );
    let (out, out_cache) = activation_forward(out_t1_plus_b);
    let d_out: f64 = 1.0;
    (
        out,
        {
            let (d_out_t1_plus_b,) = activation_pullback(&out_cache, d_out);
            let d_w2 = x2 * d_out_t1_plus_b;
            let d_x2 = w2 * d_out_t1_plus_b;
            let d_w1 = x1 * d_out_t1_plus_b;
            let d_x1 = w1 * d_out_t1_plus_b;
            NeuronGrad {
                w1: d_w1,
                w2: d_w2,
                b: d_out_t1_plus_b,
                x1: d_x1,
                x2: d_x2,
            }
        },
    )
}
/// [`neuron_backward`] as a tuple with one entry per parameter of [`neuron`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `neuron` uses.
#[inline]
#[must_use]
fn neuron_pullback(cache: &NeuronCache, d_out: f64) -> (f64, f64, f64, f64, f64) {
    let grad = neuron_backward(cache, d_out);
    (grad.w1, grad.w2, grad.b, grad.x1, grad.x2)
}
/// Which parameters of [`neuron`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const NEURON_WRT: [bool; 5] = [true, true, true, true, true];
