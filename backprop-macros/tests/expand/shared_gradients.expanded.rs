pub fn sin_cos(x: f64) -> f64 {
    let s = x.sin();
    let c = x.cos();
    s * c
}
/// Intermediates of [`sin_cos`] saved by [`sin_cos_forward`] for [`sin_cos_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct SinCosCache {
    /// `s = x.sin()`
    pub s: f64,
    /// `c = x.cos()`
    pub c: f64,
}
/// Gradient of [`sin_cos`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct SinCosGrad {
    /// `∂sin_cos/∂x`
    pub x: f64,
}
/// Staged forward pass of [`sin_cos`]: its value, and the [`SinCosCache`] that [`sin_cos_backward`] needs.
#[inline]
#[must_use]
pub fn sin_cos_forward(x: f64) -> (f64, SinCosCache) {
    let s = x.sin();
    let c = x.cos();
    let out = s * c;
    (out, SinCosCache { s, c })
}
/// Backward pass of [`sin_cos`]: the gradient of `d_out * sin_cos` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn sin_cos_backward(cache: &SinCosCache, d_out: f64) -> SinCosGrad {
    let SinCosCache { s, c } = *cache;
    let d_s = c * d_out;
    let d_c = s * d_out;
    let mut d_x = -s * d_c;
    d_x += c * d_s;
    SinCosGrad { x: d_x }
}
/// Value and gradient of [`sin_cos`] in one call (`d_out = 1`): the statements of
/// [`sin_cos_forward`] and then of [`sin_cos_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn sin_cos_grad(x: f64) -> (f64, SinCosGrad) {
    let s = x.sin();
    let c = x.cos();
    let out = s * c;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_s = c * d_out;
            let d_c = s * d_out;
            let mut d_x = -s * d_c;
            d_x += c * d_s;
            SinCosGrad { x: d_x }
        },
    )
}
/// [`sin_cos_backward`] as a tuple with one entry per parameter of [`sin_cos`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `sin_cos` uses.
#[inline]
#[must_use]
pub fn sin_cos_pullback(cache: &SinCosCache, d_out: f64) -> (f64,) {
    let grad = sin_cos_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`sin_cos`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SIN_COS_WRT: [bool; 1] = [true];
pub fn quotient(x: f64, y: f64) -> f64 {
    let q = x / y;
    q * x
}
/// Intermediates of [`quotient`] saved by [`quotient_forward`] for [`quotient_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct QuotientCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `y`.
    pub y: f64,
    /// `q = x / y`
    pub q: f64,
}
/// Gradient of [`quotient`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct QuotientGrad {
    /// `∂quotient/∂x`
    pub x: f64,
    /// `∂quotient/∂y`
    pub y: f64,
}
/// Staged forward pass of [`quotient`]: its value, and the [`QuotientCache`] that [`quotient_backward`] needs.
#[inline]
#[must_use]
pub fn quotient_forward(x: f64, y: f64) -> (f64, QuotientCache) {
    let q = x / y;
    let out = q * x;
    (out, QuotientCache { x, y, q })
}
/// Backward pass of [`quotient`]: the gradient of `d_out * quotient` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn quotient_backward(cache: &QuotientCache, d_out: f64) -> QuotientGrad {
    let QuotientCache { x, y, q } = *cache;
    let d_q = x * d_out;
    let mut d_x = q * d_out;
    let inv_y = 1.0 / y;
    d_x += inv_y * d_q;
    let d_y = -q * inv_y * d_q;
    QuotientGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`quotient`] in one call (`d_out = 1`): the statements of
/// [`quotient_forward`] and then of [`quotient_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn quotient_grad(x: f64, y: f64) -> (f64, QuotientGrad) {
    let q = x / y;
    let out = q * x;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_q = x * d_out;
            let mut d_x = q * d_out;
            let inv_y = 1.0 / y;
            d_x += inv_y * d_q;
            let d_y = -q * inv_y * d_q;
            QuotientGrad { x: d_x, y: d_y }
        },
    )
}
/// [`quotient_backward`] as a tuple with one entry per parameter of [`quotient`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `quotient` uses.
#[inline]
#[must_use]
pub fn quotient_pullback(cache: &QuotientCache, d_out: f64) -> (f64, f64) {
    let grad = quotient_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`quotient`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const QUOTIENT_WRT: [bool; 2] = [true, true];
pub fn twice(x: f64, a: f64, w: f64) -> f64 {
    let u = x.sin() * w;
    let v = x.sin() + a.asin() * w;
    let z = a.asin() * u;
    u * v + z
}
/// Intermediates of [`twice`] saved by [`twice_forward`] for [`twice_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct TwiceCache {
    /// The parameter `x`.
    pub x: f64,
    /// The parameter `a`.
    pub a: f64,
    /// The parameter `w`.
    pub w: f64,
    /// `x_sin = x.sin()`
    pub x_sin: f64,
    /// `u = x_sin * w`
    pub u: f64,
    /// `a_asin = a.asin()`
    pub a_asin: f64,
    /// `v = x_sin_1 + a_asin_times_w`
    pub v: f64,
    /// `a_asin_1 = a.asin()`
    pub a_asin_1: f64,
}
/// Gradient of [`twice`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct TwiceGrad {
    /// `∂twice/∂x`
    pub x: f64,
    /// `∂twice/∂a`
    pub a: f64,
    /// `∂twice/∂w`
    pub w: f64,
}
/// Staged forward pass of [`twice`]: its value, and the [`TwiceCache`] that [`twice_backward`] needs.
#[inline]
#[must_use]
pub fn twice_forward(x: f64, a: f64, w: f64) -> (f64, TwiceCache) {
    let x_sin = x.sin();
    let u = x_sin * w;
    let x_sin_1 = x.sin();
    let a_asin = a.asin();
    let v = x_sin_1 + a_asin * w;
    let a_asin_1 = a.asin();
    let z = a_asin_1 * u;
    let out = u * v + z;
    (
        out,
        TwiceCache {
            x,
            a,
            w,
            x_sin,
            u,
            a_asin,
            v,
            a_asin_1,
        },
    )
}
/// Backward pass of [`twice`]: the gradient of `d_out * twice` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn twice_backward(cache: &TwiceCache, d_out: f64) -> TwiceGrad {
    let TwiceCache { x, a, w, x_sin, u, a_asin, v, a_asin_1 } = *cache;
    let mut d_u = v * d_out;
    let d_v = u * d_out;
    let d_a_asin_1 = u * d_out;
    d_u += a_asin_1 * d_out;
    let local_a_asin = 1.0 / (1.0 - a * a).sqrt();
    let mut d_a = local_a_asin * d_a_asin_1;
    let d_a_asin = w * d_v;
    let mut d_w = a_asin * d_v;
    d_a += local_a_asin * d_a_asin;
    let cos_x = x.cos();
    let mut d_x = cos_x * d_v;
    let d_x_sin = w * d_u;
    d_w += x_sin * d_u;
    d_x += cos_x * d_x_sin;
    TwiceGrad {
        x: d_x,
        a: d_a,
        w: d_w,
    }
}
/// Value and gradient of [`twice`] in one call (`d_out = 1`): the statements of
/// [`twice_forward`] and then of [`twice_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn twice_grad(x: f64, a: f64, w: f64) -> (f64, TwiceGrad) {
    let x_sin = x.sin();
    let u = x_sin * w;
    let x_sin_1 = x.sin();
    let a_asin = a.asin();
    let v = x_sin_1 + a_asin * w;
    let a_asin_1 = a.asin();
    let z = a_asin_1 * u;
    let out = u * v + z;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_u = v * d_out;
            let d_v = u * d_out;
            let d_a_asin_1 = u * d_out;
            d_u += a_asin_1 * d_out;
            let local_a_asin = 1.0 / (1.0 - a * a).sqrt();
            let mut d_a = local_a_asin * d_a_asin_1;
            let d_a_asin = w * d_v;
            let mut d_w = a_asin * d_v;
            d_a += local_a_asin * d_a_asin;
            let cos_x = x.cos();
            let mut d_x = cos_x * d_v;
            let d_x_sin = w * d_u;
            d_w += x_sin * d_u;
            d_x += cos_x * d_x_sin;
            TwiceGrad {
                x: d_x,
                a: d_a,
                w: d_w,
            }
        },
    )
}
/// [`twice_backward`] as a tuple with one entry per parameter of [`twice`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `twice` uses.
#[inline]
#[must_use]
pub fn twice_pullback(cache: &TwiceCache, d_out: f64) -> (f64, f64, f64) {
    let grad = twice_backward(cache, d_out);
    (grad.x, grad.a, grad.w)
}
/// Which parameters of [`twice`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const TWICE_WRT: [bool; 3] = [true, true, true];
pub fn looped(x: [f64; 4], t: f64) -> f64 {
    let ct = t.cos();
    let mut sum = 0.0;
    for &xi in &x {
        let c = xi.cos();
        let s = xi.sin() * t.sin();
        sum += c * s;
    }
    if sum > 0.0 {
        let r = sum.sqrt();
        sum = r / t + ct;
    } else {
        sum = sum / t + t.cos() * ct;
    }
    sum
}
/// Intermediates of [`looped`] saved by [`looped_forward`] for [`looped_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct LoopedCache {
    /// The parameter `t`.
    pub t: f64,
    /// `ct = t.cos()`
    pub ct: f64,
    /// `c = xi.cos()`, saved each time it is computed (read back in reverse by the backward pass)
    pub c_saved: [f64; 4],
    /// `xi_sin = xi.sin()`, saved each time it is computed (read back in reverse by the backward pass)
    pub xi_sin_saved: [f64; 4],
    /// `t_sin = t.sin()`
    pub t_sin: f64,
    /// `sum` after the loop
    pub sum_4: f64,
    /// `sum_gt_zero = sum > 0.0`
    pub sum_gt_zero: bool,
    /// `r = sum.sqrt()`, computed in a branch (its default when the branch is not taken)
    pub r_saved: f64,
    /// `t_cos = t.cos()`, computed in a branch (its default when the branch is not taken)
    pub t_cos_saved: f64,
}
/// Gradient of [`looped`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct LoopedGrad {
    /// `∂looped/∂x`
    pub x: [f64; 4],
    /// `∂looped/∂t`
    pub t: f64,
}
impl ::core::default::Default for LoopedGrad {
    fn default() -> Self {
        LoopedGrad {
            x: ::backprop::__private::Zero::zero(),
            t: 0.0,
        }
    }
}
/// Staged forward pass of [`looped`]: its value, and the [`LoopedCache`] that [`looped_backward`] needs.
#[inline]
#[must_use]
pub fn looped_forward(x: [f64; 4], t: f64) -> (f64, LoopedCache) {
    let mut c_saved: [f64; 4] = [0.0; 4];
    let mut xi_sin_saved: [f64; 4] = [0.0; 4];
    let mut r_saved: f64 = 0.0;
    let mut t_cos_saved: f64 = 0.0;
    let ct = t.cos();
    let mut sum = 0.0;
    let t_sin = t.sin();
    for i in 0..4 {
        let xi = x[i];
        let c = xi.cos();
        c_saved[i] = c;
        let xi_sin = xi.sin();
        xi_sin_saved[i] = xi_sin;
        let s = xi_sin * t_sin;
        sum += c * s;
    }
    let sum_gt_zero: bool = sum > 0.0;
    let out = if sum_gt_zero {
        let r = sum.sqrt();
        r_saved = r;
        r / t + ct
    } else {
        let sum_over_t = sum / t;
        let t_cos = t.cos();
        t_cos_saved = t_cos;
        sum_over_t + t_cos * ct
    };
    (
        out,
        LoopedCache {
            t,
            ct,
            c_saved,
            xi_sin_saved,
            t_sin,
            sum_4: sum,
            sum_gt_zero,
            r_saved,
            t_cos_saved,
        },
    )
}
/// Backward pass of [`looped`]: the gradient of `d_out * looped` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn looped_backward(cache: &LoopedCache, d_out: f64) -> LoopedGrad {
    let LoopedCache {
        t,
        ct,
        ref c_saved,
        ref xi_sin_saved,
        t_sin,
        sum_4,
        sum_gt_zero,
        r_saved,
        t_cos_saved,
    } = *cache;
    let mut d_sum = 0.0;
    let mut d_t = 0.0;
    let mut d_ct = 0.0;
    if sum_gt_zero {
        let r = r_saved;
        let r_over_t = r / t;
        d_ct += d_out;
        let inv_t = 1.0 / t;
        let d_r = inv_t * d_out;
        d_t -= r_over_t * inv_t * d_out;
        d_sum += ::backprop::__private::sqrt_slope(r) * d_r;
    } else {
        let sum_over_t = sum_4 / t;
        let d_t_cos = ct * d_out;
        d_ct += t_cos_saved * d_out;
        d_t -= t_sin * d_t_cos;
        let inv_t = 1.0 / t;
        d_sum += inv_t * d_out;
        d_t -= sum_over_t * inv_t * d_out;
    }
    let mut d_x: [f64; 4] = ::backprop::__private::Zero::zero();
    let mut d_t_sin = 0.0;
    for i in (0..4).rev() {
        let c = c_saved[i];
        let xi_sin = xi_sin_saved[i];
        let s = xi_sin * t_sin;
        let d_c = s * d_sum;
        let d_s = c * d_sum;
        let d_xi_sin = t_sin * d_s;
        d_t_sin += xi_sin * d_s;
        let mut d_xi = c * d_xi_sin;
        d_xi -= xi_sin * d_c;
        d_x[i] += d_xi;
    }
    d_t += ct * d_t_sin;
    d_t -= t_sin * d_ct;
    LoopedGrad { x: d_x, t: d_t }
}
/// Value and gradient of [`looped`] in one call (`d_out = 1`): the statements of
/// [`looped_forward`] and then of [`looped_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn looped_grad(x: [f64; 4], t: f64) -> (f64, LoopedGrad) {
    let mut c_saved: [f64; 4] = [0.0; 4];
    let mut xi_sin_saved: [f64; 4] = [0.0; 4];
    let mut r_saved: f64 = 0.0;
    let mut t_cos_saved: f64 = 0.0;
    let ct = t.cos();
    let mut sum = 0.0;
    let t_sin = t.sin();
    for i in 0..4 {
        let xi = x[i];
        let c = xi.cos();
        c_saved[i] = c;
        let xi_sin = xi.sin();
        xi_sin_saved[i] = xi_sin;
        let s = xi_sin * t_sin;
        sum += c * s;
    }
    let sum_gt_zero: bool = sum > 0.0;
    let out = if sum_gt_zero {
        let r = sum.sqrt();
        r_saved = r;
        r / t + ct
    } else {
        let sum_over_t = sum / t;
        let t_cos = t.cos();
        t_cos_saved = t_cos;
        sum_over_t + t_cos * ct
    };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_sum = 0.0;
            let mut d_t = 0.0;
            let mut d_ct = 0.0;
            if sum_gt_zero {
                let r = r_saved;
                let r_over_t = r / t;
                d_ct += d_out;
                let inv_t = 1.0 / t;
                let d_r = inv_t * d_out;
                d_t -= r_over_t * inv_t * d_out;
                d_sum += ::backprop::__private::sqrt_slope(r) * d_r;
            } else {
                let sum_over_t = sum / t;
                let d_t_cos = ct * d_out;
                d_ct += t_cos_saved * d_out;
                d_t -= t_sin * d_t_cos;
                let inv_t = 1.0 / t;
                d_sum += inv_t * d_out;
                d_t -= sum_over_t * inv_t * d_out;
            }
            let mut d_x: [f64; 4] = ::backprop::__private::Zero::zero();
            let mut d_t_sin = 0.0;
            for i in (0..4).rev() {
                let c = c_saved[i];
                let xi_sin = xi_sin_saved[i];
                let s = xi_sin * t_sin;
                let d_c = s * d_sum;
                let d_s = c * d_sum;
                let d_xi_sin = t_sin * d_s;
                d_t_sin += xi_sin * d_s;
                let mut d_xi = c * d_xi_sin;
                d_xi -= xi_sin * d_c;
                d_x[i] += d_xi;
            }
            d_t += ct * d_t_sin;
            d_t -= t_sin * d_ct;
            LoopedGrad { x: d_x, t: d_t }
        },
    )
}
/// [`looped_backward`] as a tuple with one entry per parameter of [`looped`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `looped` uses.
#[inline]
#[must_use]
pub fn looped_pullback(cache: &LoopedCache, d_out: f64) -> ([f64; 4], f64) {
    let grad = looped_backward(cache, d_out);
    (grad.x, grad.t)
}
/// Which parameters of [`looped`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const LOOPED_WRT: [bool; 2] = [true, true];
pub fn scoped(x: f64) -> f64 {
    let mut y = x.sin();
    if x > 0.0 {
        y += x.cos();
    }
    y
}
/// Intermediates of [`scoped`] saved by [`scoped_forward`] for [`scoped_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct ScopedCache {
    /// The parameter `x`.
    pub x: f64,
    /// `y = x.sin()`
    pub y: f64,
    /// `x_gt_zero = x > 0.0`
    pub x_gt_zero: bool,
}
/// Gradient of [`scoped`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct ScopedGrad {
    /// `∂scoped/∂x`
    pub x: f64,
}
/// Staged forward pass of [`scoped`]: its value, and the [`ScopedCache`] that [`scoped_backward`] needs.
#[inline]
#[must_use]
pub fn scoped_forward(x: f64) -> (f64, ScopedCache) {
    let y = x.sin();
    let x_gt_zero: bool = x > 0.0;
    let out = if x_gt_zero { y + x.cos() } else { y };
    (out, ScopedCache { x, y, x_gt_zero })
}
/// Backward pass of [`scoped`]: the gradient of `d_out * scoped` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn scoped_backward(cache: &ScopedCache, d_out: f64) -> ScopedGrad {
    let ScopedCache { x, y, x_gt_zero } = *cache;
    let mut d_x = 0.0;
    let mut d_y = 0.0;
    if x_gt_zero {
        d_y += d_out;
        d_x -= y * d_out;
    } else {
        d_y += d_out;
    }
    d_x += x.cos() * d_y;
    ScopedGrad { x: d_x }
}
/// Value and gradient of [`scoped`] in one call (`d_out = 1`): the statements of
/// [`scoped_forward`] and then of [`scoped_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn scoped_grad(x: f64) -> (f64, ScopedGrad) {
    let y = x.sin();
    let x_gt_zero: bool = x > 0.0;
    let out = if x_gt_zero { y + x.cos() } else { y };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_x = 0.0;
            let mut d_y = 0.0;
            if x_gt_zero {
                d_y += d_out;
                d_x -= y * d_out;
            } else {
                d_y += d_out;
            }
            d_x += x.cos() * d_y;
            ScopedGrad { x: d_x }
        },
    )
}
/// [`scoped_backward`] as a tuple with one entry per parameter of [`scoped`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `scoped` uses.
#[inline]
#[must_use]
pub fn scoped_pullback(cache: &ScopedCache, d_out: f64) -> (f64,) {
    let grad = scoped_backward(cache, d_out);
    (grad.x,)
}
/// Which parameters of [`scoped`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SCOPED_WRT: [bool; 1] = [true];
pub fn polar(y: f64, x: f64) -> f64 {
    let x2 = x.powi(2);
    let x3 = x.powi(3);
    y.atan2(x) * x3 + x2 * y
}
/// Intermediates of [`polar`] saved by [`polar_forward`] for [`polar_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct PolarCache {
    /// The parameter `y`.
    pub y: f64,
    /// The parameter `x`.
    pub x: f64,
    /// `x2 = x.powi(2)`
    pub x2: f64,
    /// `x3 = x.powi(3)`
    pub x3: f64,
    /// `y_atan2_x = y.atan2(x)`
    pub y_atan2_x: f64,
}
/// Gradient of [`polar`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct PolarGrad {
    /// `∂polar/∂y`
    pub y: f64,
    /// `∂polar/∂x`
    pub x: f64,
}
/// Staged forward pass of [`polar`]: its value, and the [`PolarCache`] that [`polar_backward`] needs.
#[inline]
#[must_use]
pub fn polar_forward(y: f64, x: f64) -> (f64, PolarCache) {
    let x2 = x.powi(2);
    let x3 = x.powi(3);
    let y_atan2_x = y.atan2(x);
    let out = y_atan2_x * x3 + x2 * y;
    (
        out,
        PolarCache {
            y,
            x,
            x2,
            x3,
            y_atan2_x,
        },
    )
}
/// Backward pass of [`polar`]: the gradient of `d_out * polar` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn polar_backward(cache: &PolarCache, d_out: f64) -> PolarGrad {
    let PolarCache { y, x, x2, x3, y_atan2_x } = *cache;
    let d_x2 = y * d_out;
    let mut d_y = x2 * d_out;
    let d_y_atan2_x = x3 * d_out;
    let d_x3 = y_atan2_x * d_out;
    let x_sq_plus_y_sq = x * x + y * y;
    d_y += x / x_sq_plus_y_sq * d_y_atan2_x;
    let mut d_x = -(y / x_sq_plus_y_sq) * d_y_atan2_x;
    d_x += 3.0 * x2 * d_x3;
    d_x += 2.0 * x * d_x2;
    PolarGrad { y: d_y, x: d_x }
}
/// Value and gradient of [`polar`] in one call (`d_out = 1`): the statements of
/// [`polar_forward`] and then of [`polar_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn polar_grad(y: f64, x: f64) -> (f64, PolarGrad) {
    let x2 = x.powi(2);
    let x3 = x.powi(3);
    let y_atan2_x = y.atan2(x);
    let out = y_atan2_x * x3 + x2 * y;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_x2 = y * d_out;
            let mut d_y = x2 * d_out;
            let d_y_atan2_x = x3 * d_out;
            let d_x3 = y_atan2_x * d_out;
            let x_sq_plus_y_sq = x * x + y * y;
            d_y += x / x_sq_plus_y_sq * d_y_atan2_x;
            let mut d_x = -(y / x_sq_plus_y_sq) * d_y_atan2_x;
            d_x += 3.0 * x2 * d_x3;
            d_x += 2.0 * x * d_x2;
            PolarGrad { y: d_y, x: d_x }
        },
    )
}
/// [`polar_backward`] as a tuple with one entry per parameter of [`polar`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `polar` uses.
#[inline]
#[must_use]
pub fn polar_pullback(cache: &PolarCache, d_out: f64) -> (f64, f64) {
    let grad = polar_backward(cache, d_out);
    (grad.y, grad.x)
}
/// Which parameters of [`polar`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const POLAR_WRT: [bool; 2] = [true, true];
pub fn gates(x: f64, y: f64) -> f64 {
    let s = sigmoid(x);
    let p = softplus(x);
    let ch = y.cosh();
    let sh = y.sinh();
    s * p + ch * sh
}
/// Intermediates of [`gates`] saved by [`gates_forward`] for [`gates_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct GatesCache {
    /// `s = sigmoid(x)`
    pub s: f64,
    /// `p = softplus(x)`
    pub p: f64,
    /// `ch = y.cosh()`
    pub ch: f64,
    /// `sh = y.sinh()`
    pub sh: f64,
}
/// Gradient of [`gates`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct GatesGrad {
    /// `∂gates/∂x`
    pub x: f64,
    /// `∂gates/∂y`
    pub y: f64,
}
/// Staged forward pass of [`gates`]: its value, and the [`GatesCache`] that [`gates_backward`] needs.
#[inline]
#[must_use]
pub fn gates_forward(x: f64, y: f64) -> (f64, GatesCache) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    const _: () = ::backprop::__private::gate_check(
        softplus,
        ::backprop::softplus::<f64>,
    );
    let s = ::backprop::sigmoid(x);
    let p = ::backprop::softplus(x);
    let ch = y.cosh();
    let sh = y.sinh();
    let out = s * p + ch * sh;
    (out, GatesCache { s, p, ch, sh })
}
/// Backward pass of [`gates`]: the gradient of `d_out * gates` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn gates_backward(cache: &GatesCache, d_out: f64) -> GatesGrad {
    let GatesCache { s, p, ch, sh } = *cache;
    let d_ch = sh * d_out;
    let d_sh = ch * d_out;
    let d_s = p * d_out;
    let d_p = s * d_out;
    let mut d_y = ch * d_sh;
    d_y += sh * d_ch;
    let mut d_x = s * d_p;
    d_x += (1.0 - s) * s * d_s;
    GatesGrad { x: d_x, y: d_y }
}
/// Value and gradient of [`gates`] in one call (`d_out = 1`): the statements of
/// [`gates_forward`] and then of [`gates_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn gates_grad(x: f64, y: f64) -> (f64, GatesGrad) {
    const _: () = ::backprop::__private::gate_check(sigmoid, ::backprop::sigmoid::<f64>);
    const _: () = ::backprop::__private::gate_check(
        softplus,
        ::backprop::softplus::<f64>,
    );
    let s = ::backprop::sigmoid(x);
    let p = ::backprop::softplus(x);
    let ch = y.cosh();
    let sh = y.sinh();
    let out = s * p + ch * sh;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_ch = sh * d_out;
            let d_sh = ch * d_out;
            let d_s = p * d_out;
            let d_p = s * d_out;
            let mut d_y = ch * d_sh;
            d_y += sh * d_ch;
            let mut d_x = s * d_p;
            d_x += (1.0 - s) * s * d_s;
            GatesGrad { x: d_x, y: d_y }
        },
    )
}
/// [`gates_backward`] as a tuple with one entry per parameter of [`gates`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `gates` uses.
#[inline]
#[must_use]
pub fn gates_pullback(cache: &GatesCache, d_out: f64) -> (f64, f64) {
    let grad = gates_backward(cache, d_out);
    (grad.x, grad.y)
}
/// Which parameters of [`gates`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const GATES_WRT: [bool; 2] = [true, true];
pub fn carried(x: f64, n: usize) -> f64 {
    let mut acc = x;
    for _ in 0..n {
        let e = acc.exp();
        let inv = 1.0 / (1.0 + acc * acc);
        acc = e * inv + acc.sin() / (1.0 + acc * acc) + acc.cos();
    }
    acc
}
/// Intermediates of [`carried`] saved by [`carried_forward`] for [`carried_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct CarriedCache {
    /// `trips`
    pub trips: usize,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub acc_saved: ::std::vec::Vec<f64>,
    /// `e = acc.exp()`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub e_saved: ::std::vec::Vec<f64>,
    /// `acc_sin = acc.sin()`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub acc_sin_saved: ::std::vec::Vec<f64>,
    /// `acc_cos = acc.cos()`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub acc_cos_saved: ::std::vec::Vec<f64>,
}
/// Gradient of [`carried`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct CarriedGrad {
    /// `∂carried/∂x`
    pub x: f64,
}
/// Staged forward pass of [`carried`]: its value, and the [`CarriedCache`] that [`carried_backward`] needs.
#[inline]
#[must_use]
pub fn carried_forward(x: f64, n: usize) -> (f64, CarriedCache) {
    let mut acc_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut e_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc_sin_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc_cos_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc = x;
    let mut trips: usize = 0;
    for _ in 0..n {
        acc_saved.push(acc);
        let e = acc.exp();
        e_saved.push(e);
        let inv = 1.0 / (1.0 + acc * acc);
        let e_times_inv = e * inv;
        let acc_sin = acc.sin();
        acc_sin_saved.push(acc_sin);
        let acc_t3 = e_times_inv + acc_sin / (1.0 + acc * acc);
        let acc_cos = acc.cos();
        acc_cos_saved.push(acc_cos);
        trips += 1;
        acc = acc_t3 + acc_cos;
    }
    (
        acc,
        CarriedCache {
            trips,
            acc_saved,
            e_saved,
            acc_sin_saved,
            acc_cos_saved,
        },
    )
}
/// Backward pass of [`carried`]: the gradient of `d_out * carried` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn carried_backward(cache: &CarriedCache, d_out: f64) -> CarriedGrad {
    let CarriedCache {
        trips,
        ref acc_saved,
        ref e_saved,
        ref acc_sin_saved,
        ref acc_cos_saved,
    } = *cache;
    let mut d_acc = d_out;
    for trip in (0..trips).rev() {
        let acc = acc_saved[trip];
        let e = e_saved[trip];
        let acc_sin = acc_sin_saved[trip];
        let inv_t1 = 1.0 + acc * acc;
        let inv = 1.0 / inv_t1;
        let acc_t1 = 1.0 + acc * acc;
        let acc_t2 = acc_sin / acc_t1;
        let d_acc_2 = d_acc;
        d_acc = -acc_sin * d_acc_2;
        let inv_acc_t1 = 1.0 / acc_t1;
        let d_acc_sin = inv_acc_t1 * d_acc_2;
        d_acc += 2.0 * acc * (-acc_t2 * inv_acc_t1 * d_acc_2);
        d_acc += acc_cos_saved[trip] * d_acc_sin;
        let d_e = inv * d_acc_2;
        let d_inv = e * d_acc_2;
        d_acc += 2.0 * acc * (-inv / inv_t1 * d_inv);
        d_acc += e * d_e;
    }
    CarriedGrad { x: d_acc }
}
/// Value and gradient of [`carried`] in one call (`d_out = 1`): the statements of
/// [`carried_forward`] and then of [`carried_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn carried_grad(x: f64, n: usize) -> (f64, CarriedGrad) {
    let mut acc_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut e_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc_sin_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc_cos_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(n);
    let mut acc = x;
    let mut trips: usize = 0;
    for _ in 0..n {
        acc_saved.push(acc);
        let e = acc.exp();
        e_saved.push(e);
        let inv = 1.0 / (1.0 + acc * acc);
        let e_times_inv = e * inv;
        let acc_sin = acc.sin();
        acc_sin_saved.push(acc_sin);
        let acc_t3 = e_times_inv + acc_sin / (1.0 + acc * acc);
        let acc_cos = acc.cos();
        acc_cos_saved.push(acc_cos);
        trips += 1;
        acc = acc_t3 + acc_cos;
    }
    let d_out: f64 = 1.0;
    (
        acc,
        {
            let mut d_acc = d_out;
            for trip in (0..trips).rev() {
                let acc = acc_saved[trip];
                let e = e_saved[trip];
                let acc_sin = acc_sin_saved[trip];
                let inv_t1 = 1.0 + acc * acc;
                let inv = 1.0 / inv_t1;
                let acc_t1 = 1.0 + acc * acc;
                let acc_t2 = acc_sin / acc_t1;
                let d_acc_2 = d_acc;
                d_acc = -acc_sin * d_acc_2;
                let inv_acc_t1 = 1.0 / acc_t1;
                let d_acc_sin = inv_acc_t1 * d_acc_2;
                d_acc += 2.0 * acc * (-acc_t2 * inv_acc_t1 * d_acc_2);
                d_acc += acc_cos_saved[trip] * d_acc_sin;
                let d_e = inv * d_acc_2;
                let d_inv = e * d_acc_2;
                d_acc += 2.0 * acc * (-inv / inv_t1 * d_inv);
                d_acc += e * d_e;
            }
            CarriedGrad { x: d_acc }
        },
    )
}
/// [`carried_backward`] as a tuple with one entry per parameter of [`carried`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `carried` uses.
#[inline]
#[must_use]
pub fn carried_pullback(cache: &CarriedCache, d_out: f64) -> (f64, ()) {
    let grad = carried_backward(cache, d_out);
    (grad.x, ())
}
/// Which parameters of [`carried`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const CARRIED_WRT: [bool; 2] = [true, false];
