pub fn chain_n<T: Float, const N: usize>(x: [T; N]) -> T {
    let mut s = x[0];
    for i in 0..N - 1 {
        s = (s * x[i + 1]).tanh() + s;
    }
    s
}
/// Intermediates of [`chain_n`] saved by [`chain_n_forward`] for [`chain_n_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct ChainNCache<T: Float, const N: usize> {
    /// The parameter `x`.
    pub x: [T; N],
    /// `s` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub s_saved: [T; N],
    /// How many runs are saved of `s_2` and of the values computed with it.
    pub runs: usize,
    /// `s_t1_tanh = s_t1.tanh()`, saved each time it is computed (read back in reverse by the backward pass)
    pub s_t1_tanh_saved: [T; N],
}
/// Gradient of [`chain_n`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct ChainNGrad<T: Float, const N: usize> {
    /// `∂chain_n/∂x`
    pub x: [T; N],
}
impl<T: Float, const N: usize> ::core::default::Default for ChainNGrad<T, N> {
    fn default() -> Self {
        ChainNGrad {
            x: ::backprop::__private::ZeroOf::zero_of(),
        }
    }
}
/// Staged forward pass of [`chain_n`]: its value, and the [`ChainNCache`] that [`chain_n_backward`] needs.
#[inline]
#[must_use]
pub fn chain_n_forward<T: Float, const N: usize>(x: [T; N]) -> (T, ChainNCache<T, N>) {
    let mut s_saved: [T; N] = [T::zero(); N];
    let mut runs: usize = 0;
    let mut s_t1_tanh_saved: [T; N] = [T::zero(); N];
    let mut s = x[0];
    for i in 0..N - 1 {
        s_saved[runs] = s;
        let i_plus_one: usize = i + 1;
        let s_t1_tanh = (s * x[i_plus_one]).tanh();
        s_t1_tanh_saved[runs] = s_t1_tanh;
        runs += 1;
        s = s + s_t1_tanh;
    }
    (
        s,
        ChainNCache {
            x,
            s_saved,
            runs,
            s_t1_tanh_saved,
        },
    )
}
/// Backward pass of [`chain_n`]: the gradient of `d_out * chain_n` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn chain_n_backward<T: Float, const N: usize>(
    cache: &ChainNCache<T, N>,
    d_out: T,
) -> ChainNGrad<T, N> {
    let ChainNCache { x, ref s_saved, runs, ref s_t1_tanh_saved } = *cache;
    let mut run = runs;
    let mut d_s = d_out;
    let mut d_x: [T; N] = ::backprop::__private::ZeroOf::zero_of();
    for i in (0..N - 1).rev() {
        run -= 1;
        let s_t1_tanh = s_t1_tanh_saved[run];
        let i_plus_one: usize = i + 1;
        let x_i_plus_one = x[i_plus_one];
        let d_s_t1 = (T::one() - s_t1_tanh * s_t1_tanh) * d_s;
        d_s = d_s + x_i_plus_one * d_s_t1;
        d_x[i_plus_one] = d_x[i_plus_one] + s_saved[run] * d_s_t1;
    }
    d_x[0] = d_x[0] + d_s;
    ChainNGrad { x: d_x }
}
/// Value and gradient of [`chain_n`] in one call (`d_out = 1`): the statements of
/// [`chain_n_forward`] and then of [`chain_n_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn chain_n_grad<T: Float, const N: usize>(x: [T; N]) -> (T, ChainNGrad<T, N>) {
    let mut s_saved: [T; N] = [T::zero(); N];
    let mut runs: usize = 0;
    let mut s_t1_tanh_saved: [T; N] = [T::zero(); N];
    let mut s = x[0];
    for i in 0..N - 1 {
        s_saved[runs] = s;
        let i_plus_one: usize = i + 1;
        let s_t1_tanh = (s * x[i_plus_one]).tanh();
        s_t1_tanh_saved[runs] = s_t1_tanh;
        runs += 1;
        s = s + s_t1_tanh;
    }
    let d_out: T = T::one();
    (
        s,
        {
            let mut run = runs;
            let mut d_s = d_out;
            let mut d_x: [T; N] = ::backprop::__private::ZeroOf::zero_of();
            for i in (0..N - 1).rev() {
                run -= 1;
                let s_t1_tanh = s_t1_tanh_saved[run];
                let i_plus_one: usize = i + 1;
                let x_i_plus_one = x[i_plus_one];
                let d_s_t1 = (T::one() - s_t1_tanh * s_t1_tanh) * d_s;
                d_s = d_s + x_i_plus_one * d_s_t1;
                d_x[i_plus_one] = d_x[i_plus_one] + s_saved[run] * d_s_t1;
            }
            d_x[0] = d_x[0] + d_s;
            ChainNGrad { x: d_x }
        },
    )
}
/// [`chain_n_backward`] as a tuple with one entry per parameter of [`chain_n`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `chain_n` uses.
#[inline]
#[must_use]
pub fn chain_n_pullback<T: Float, const N: usize>(
    cache: &ChainNCache<T, N>,
    d_out: T,
) -> ([T; N],) {
    let grad = chain_n_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`chain_n`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const CHAIN_N_WRT: [bool; 1] = [true];
