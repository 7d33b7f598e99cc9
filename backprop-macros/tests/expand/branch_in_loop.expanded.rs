pub fn root_sum(x: [f64; 4]) -> f64 {
    let mut s: f64 = 0.0;
    for i in 0..4 {
        if x[i] > 0.0 {
            s += x[i].sqrt() * s.sin();
        }
    }
    s
}
/// Intermediates of [`root_sum`] saved by [`root_sum_forward`] for [`root_sum_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct RootSumCache {
    /// `s` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub s_saved: [f64; 4],
    /// `cond_t1 = x[i] > 0.0`, saved each time it is computed (read back in reverse by the backward pass)
    pub cond_t1_saved: [bool; 4],
    /// `x_i_sqrt = x_i.sqrt()`, saved each time it is computed (read back in reverse by the backward pass)
    pub x_i_sqrt_saved: [f64; 4],
    /// How many runs are saved of `x_i_sqrt` and of the values computed with it.
    pub runs: usize,
    /// `s_sin = s.sin()`, saved each time it is computed (read back in reverse by the backward pass)
    pub s_sin_saved: [f64; 4],
}
/// Gradient of [`root_sum`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct RootSumGrad {
    /// `∂root_sum/∂x`
    pub x: [f64; 4],
}
impl ::core::default::Default for RootSumGrad {
    fn default() -> Self {
        RootSumGrad {
            x: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`root_sum`]: its value, and the [`RootSumCache`] that [`root_sum_backward`] needs.
#[inline]
#[must_use]
pub fn root_sum_forward(x: [f64; 4]) -> (f64, RootSumCache) {
    let mut s_saved: [f64; 4] = [0.0; 4];
    let mut cond_t1_saved: [bool; 4] = [::core::default::Default::default(); 4];
    let mut x_i_sqrt_saved: [f64; 4] = [0.0; 4];
    let mut runs: usize = 0;
    let mut s_sin_saved: [f64; 4] = [0.0; 4];
    let s: f64 = 0.0;
    let mut s_1 = s;
    for i in 0..4 {
        s_saved[i] = s_1;
        let cond_t1: bool = x[i] > 0.0;
        cond_t1_saved[i] = cond_t1;
        let s = if cond_t1 {
            let x_i_sqrt = x[i].sqrt();
            x_i_sqrt_saved[runs] = x_i_sqrt;
            let s_sin = s_1.sin();
            s_sin_saved[runs] = s_sin;
            runs += 1;
            s_1 + x_i_sqrt * s_sin
        } else {
            s_1
        };
        s_1 = s;
    }
    (
        s_1,
        RootSumCache {
            s_saved,
            cond_t1_saved,
            x_i_sqrt_saved,
            runs,
            s_sin_saved,
        },
    )
}
/// Backward pass of [`root_sum`]: the gradient of `d_out * root_sum` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn root_sum_backward(cache: &RootSumCache, d_out: f64) -> RootSumGrad {
    let RootSumCache {
        ref s_saved,
        ref cond_t1_saved,
        ref x_i_sqrt_saved,
        runs,
        ref s_sin_saved,
    } = *cache;
    let mut run = runs;
    let mut d_s = d_out;
    let mut d_x: [f64; 4] = ::backprop::__private::Zero::zero();
    for i in (0..4).rev() {
        let s = s_saved[i];
        let cond_t1 = cond_t1_saved[i];
        let d_s_4 = d_s;
        d_s = 0.0;
        if cond_t1 {
            run -= 1;
            let x_i_sqrt = x_i_sqrt_saved[run];
            d_s += d_s_4;
            let d_x_i_sqrt = s_sin_saved[run] * d_s_4;
            d_s += s.cos() * (x_i_sqrt * d_s_4);
            d_x[i] += ::backprop::__private::sqrt_slope(x_i_sqrt) * d_x_i_sqrt;
        } else {
            d_s += d_s_4;
        }
    }
    RootSumGrad { x: d_x }
}
/// Value and gradient of [`root_sum`] in one call (`d_out = 1`): the statements of
/// [`root_sum_forward`] and then of [`root_sum_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn root_sum_grad(x: [f64; 4]) -> (f64, RootSumGrad) {
    let mut s_saved: [f64; 4] = [0.0; 4];
    let mut cond_t1_saved: [bool; 4] = [::core::default::Default::default(); 4];
    let mut x_i_sqrt_saved: [f64; 4] = [0.0; 4];
    let mut runs: usize = 0;
    let mut s_sin_saved: [f64; 4] = [0.0; 4];
    let s: f64 = 0.0;
    let mut s_1 = s;
    for i in 0..4 {
        s_saved[i] = s_1;
        let cond_t1: bool = x[i] > 0.0;
        cond_t1_saved[i] = cond_t1;
        let s = if cond_t1 {
            let x_i_sqrt = x[i].sqrt();
            x_i_sqrt_saved[runs] = x_i_sqrt;
            let s_sin = s_1.sin();
            s_sin_saved[runs] = s_sin;
            runs += 1;
            s_1 + x_i_sqrt * s_sin
        } else {
            s_1
        };
        s_1 = s;
    }
    let d_out: f64 = 1.0;
    (
        s_1,
        {
            let mut run = runs;
            let mut d_s = d_out;
            let mut d_x: [f64; 4] = ::backprop::__private::Zero::zero();
            for i in (0..4).rev() {
                let s = s_saved[i];
                let cond_t1 = cond_t1_saved[i];
                let d_s_4 = d_s;
                d_s = 0.0;
                if cond_t1 {
                    run -= 1;
                    let x_i_sqrt = x_i_sqrt_saved[run];
                    d_s += d_s_4;
                    let d_x_i_sqrt = s_sin_saved[run] * d_s_4;
                    d_s += s.cos() * (x_i_sqrt * d_s_4);
                    d_x[i] += ::backprop::__private::sqrt_slope(x_i_sqrt) * d_x_i_sqrt;
                } else {
                    d_s += d_s_4;
                }
            }
            RootSumGrad { x: d_x }
        },
    )
}
/// [`root_sum_backward`] as a tuple with one entry per parameter of [`root_sum`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `root_sum` uses.
#[inline]
#[must_use]
pub fn root_sum_pullback(cache: &RootSumCache, d_out: f64) -> ([f64; 4],) {
    let grad = root_sum_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`root_sum`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const ROOT_SUM_WRT: [bool; 1] = [true];
