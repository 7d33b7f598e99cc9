const K: usize = 3;
fn prefix_products(x: [f64; K]) -> f64 {
    let mut p = [0.0; K];
    p[0] = x[0];
    for i in 1..K {
        p[i] = p[i - 1] * x[i];
    }
    let mut s = 0.0;
    for i in 0..K {
        s += p[i].sin();
    }
    s
}
/// Intermediates of [`prefix_products`] saved by [`prefix_products_forward`] for [`prefix_products_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct PrefixProductsCache {
    /// The parameter `x`.
    pub x: [f64; K],
    /// `p`, the local array as its last assignment leaves it
    pub p: [f64; K],
    /// `p_i_minus_one = p[i_minus_one]`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// In a fixed-size array if the loop's `const` bound lets them fit the cache's stack
    /// budget, else on the heap.
    pub p_i_minus_one_saved: ::backprop::__private::Runs<
        f64,
        { ::backprop::__private::inline_len::<f64>(usize::saturating_sub(K, 1), 65536) },
    >,
}
/// Gradient of [`prefix_products`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
struct PrefixProductsGrad {
    /// `∂prefix_products/∂x`
    pub x: [f64; K],
}
impl ::core::default::Default for PrefixProductsGrad {
    fn default() -> Self {
        PrefixProductsGrad {
            x: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`prefix_products`]: its value, and the [`PrefixProductsCache`] that [`prefix_products_backward`] needs.
#[inline]
#[must_use]
fn prefix_products_forward(x: [f64; K]) -> (f64, PrefixProductsCache) {
    let mut p_i_minus_one_saved: ::backprop::__private::Runs<
        f64,
        { ::backprop::__private::inline_len::<f64>(usize::saturating_sub(K, 1), 65536) },
    > = ::core::default::Default::default();
    let mut p: [f64; K] = [0.0; K];
    p[0] = x[0];
    for i in 1..K {
        let i_minus_one: usize = i - 1;
        let p_i_minus_one = p[i_minus_one];
        p_i_minus_one_saved.push(p_i_minus_one);
        p[i] = p_i_minus_one * x[i];
    }
    let mut s = 0.0;
    for i in 0..K {
        s += p[i].sin();
    }
    (
        s,
        PrefixProductsCache {
            x,
            p,
            p_i_minus_one_saved,
        },
    )
}
/// Backward pass of [`prefix_products`]: the gradient of `d_out * prefix_products` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn prefix_products_backward(
    cache: &PrefixProductsCache,
    d_out: f64,
) -> PrefixProductsGrad {
    let PrefixProductsCache { x, p, ref p_i_minus_one_saved } = *cache;
    let mut run = p_i_minus_one_saved.len();
    let d_s = d_out;
    let mut d_p: [f64; K] = ::core::array::from_fn(|i_1| { p[i_1].cos() * d_s });
    let mut d_x: [f64; K] = ::backprop::__private::Zero::zero();
    for i in (1..K).rev() {
        run -= 1;
        let i_minus_one: usize = i - 1;
        let x_i = x[i];
        let d_p_i_t1 = d_p[i];
        d_p[i] = 0.0;
        let d_p_i_minus_one = x_i * d_p_i_t1;
        d_x[i] += p_i_minus_one_saved[run] * d_p_i_t1;
        d_p[i_minus_one] += d_p_i_minus_one;
    }
    d_x[0] += d_p[0];
    PrefixProductsGrad { x: d_x }
}
/// Value and gradient of [`prefix_products`] in one call (`d_out = 1`): the statements of
/// [`prefix_products_forward`] and then of [`prefix_products_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
fn prefix_products_grad(x: [f64; K]) -> (f64, PrefixProductsGrad) {
    let mut p_i_minus_one_saved: ::backprop::__private::Runs<
        f64,
        { ::backprop::__private::inline_len::<f64>(usize::saturating_sub(K, 1), 65536) },
    > = ::core::default::Default::default();
    let mut p: [f64; K] = [0.0; K];
    p[0] = x[0];
    for i in 1..K {
        let i_minus_one: usize = i - 1;
        let p_i_minus_one = p[i_minus_one];
        p_i_minus_one_saved.push(p_i_minus_one);
        p[i] = p_i_minus_one * x[i];
    }
    let mut s = 0.0;
    let d_out: f64 = 1.0;
    let mut run = p_i_minus_one_saved.len();
    let mut d_p: [f64; K] = ::backprop::__private::Zero::zero();
    for i in 0..K {
        let p_i = p[i];
        s += p_i.sin();
        d_p[i] += p_i.cos() * d_out;
    }
    let mut d_x: [f64; K] = ::backprop::__private::Zero::zero();
    for i in (1..K).rev() {
        run -= 1;
        let i_minus_one: usize = i - 1;
        let x_i = x[i];
        let d_p_i_t1 = d_p[i];
        d_p[i] = 0.0;
        let d_p_i_minus_one = x_i * d_p_i_t1;
        d_x[i] += p_i_minus_one_saved[run] * d_p_i_t1;
        d_p[i_minus_one] += d_p_i_minus_one;
    }
    d_x[0] += d_p[0];
    (s, PrefixProductsGrad { x: d_x })
}
/// [`prefix_products_backward`] as a tuple with one entry per parameter of [`prefix_products`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `prefix_products` uses.
#[inline]
#[must_use]
fn prefix_products_pullback(cache: &PrefixProductsCache, d_out: f64) -> ([f64; K],) {
    let grad = prefix_products_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`prefix_products`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const PREFIX_PRODUCTS_WRT: [bool; 1] = [true];
