pub fn saturation(x: &[f64], w: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        let t = (w * x[i]).tanh();
        s += t * t;
    }
    0.5 * s
}
/// Intermediates of [`saturation`] saved by [`saturation_forward`] for [`saturation_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct SaturationCache<'a> {
    /// The parameter `x`.
    pub x: &'a [f64],
    /// The parameter `w`.
    pub w: f64,
    /// `t = w_times_x_i.tanh()`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub t_saved: ::std::vec::Vec<f64>,
}
/// Gradient of [`saturation`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct SaturationGrad {
    /// `∂saturation/∂w`
    pub w: f64,
}
/// Staged forward pass of [`saturation`]: its value, and the [`SaturationCache`] that [`saturation_backward`] needs.
#[inline]
#[must_use]
pub fn saturation_forward<'a>(x: &'a [f64], w: f64) -> (f64, SaturationCache<'a>) {
    let mut t_saved: ::std::vec::Vec<f64> = ::std::vec::Vec::with_capacity(x.len());
    let mut s = 0.0;
    for i in 0..x.len() {
        let t = (w * x[i]).tanh();
        t_saved.push(t);
        s += t * t;
    }
    let out = 0.5 * s;
    (out, SaturationCache { x, w, t_saved })
}
/// Backward pass of [`saturation`]: the gradient of `d_out * saturation` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn saturation_backward(
    cache: &SaturationCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
) -> SaturationGrad {
    let SaturationCache { x, w, ref t_saved } = *cache;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    let d_s = 0.5 * d_out;
    let mut d_w = 0.0;
    for i in (0..x.len()).rev() {
        let t = t_saved[i];
        let x_i = x[i];
        let d_t = 2.0 * t * d_s;
        let d_w_times_x_i = (1.0 - t * t) * d_t;
        d_w += x_i * d_w_times_x_i;
        d_x[i] += w * d_w_times_x_i;
    }
    SaturationGrad { w: d_w }
}
/// Value and gradient of [`saturation`] in one call (`d_out = 1`): the statements of
/// [`saturation_forward`] and then of [`saturation_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn saturation_grad(x: &[f64], w: f64, d_x: &mut [f64]) -> (f64, SaturationGrad) {
    let mut s = 0.0;
    let d_out: f64 = 1.0;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    let d_s = 0.5 * d_out;
    let mut d_w = 0.0;
    for i in 0..x.len() {
        let x_i = x[i];
        let t = (w * x_i).tanh();
        s += t * t;
        let d_t = 2.0 * t * d_s;
        let d_w_times_x_i = (1.0 - t * t) * d_t;
        d_w += x_i * d_w_times_x_i;
        d_x[i] += w * d_w_times_x_i;
    }
    let out = 0.5 * s;
    (out, SaturationGrad { w: d_w })
}
/// [`saturation_backward`] as a tuple with one entry per parameter of [`saturation`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `saturation` uses.
#[inline]
pub fn saturation_pullback(
    cache: &SaturationCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
) -> ((), f64) {
    let grad = saturation_backward(cache, d_out, d_x);
    ((), grad.w)
}
/// Which parameters of [`saturation`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const SATURATION_WRT: [bool; 2] = [true, true];
pub fn huber(x: &[f64], y: &[f64], delta: f64) -> f64 {
    let mut loss = 0.0;
    for i in 0..x.len() {
        let r = x[i] - y[i];
        if r.abs() <= delta {
            loss += 0.5 * r * r;
        } else {
            loss += delta * (r.abs() - 0.5 * delta);
        }
    }
    loss
}
/// Intermediates of [`huber`] saved by [`huber_forward`] for [`huber_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct HuberCache<'a> {
    /// The parameter `x`.
    pub x: &'a [f64],
    /// The parameter `y`.
    pub y: &'a [f64],
    /// The parameter `delta`.
    pub delta: f64,
    /// `cond_t1 = r.abs() <= delta`, saved each time it is computed (read back in reverse by the backward pass).
    ///
    /// Heap-allocated: the number of runs is only known at run time. With constant loop
    /// bounds it would be a fixed-size array.
    pub cond_t1_saved: ::std::vec::Vec<bool>,
}
/// Gradient of [`huber`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct HuberGrad {}
/// Staged forward pass of [`huber`]: its value, and the [`HuberCache`] that [`huber_backward`] needs.
#[inline]
#[must_use]
pub fn huber_forward<'a>(
    x: &'a [f64],
    y: &'a [f64],
    delta: f64,
) -> (f64, HuberCache<'a>) {
    let mut cond_t1_saved: ::std::vec::Vec<bool> = ::std::vec::Vec::with_capacity(
        x.len(),
    );
    let mut loss = 0.0;
    for i in 0..x.len() {
        let r = x[i] - y[i];
        let cond_t1: bool = r.abs() <= delta;
        cond_t1_saved.push(cond_t1);
        let loss_5 = if cond_t1 {
            loss + 0.5 * r * r
        } else {
            loss + delta * (r.abs() - 0.5 * delta)
        };
        loss = loss_5;
    }
    (
        loss,
        HuberCache {
            x,
            y,
            delta,
            cond_t1_saved,
        },
    )
}
/// Backward pass of [`huber`]: the gradient of `d_out * huber` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn huber_backward(cache: &HuberCache<'_>, d_out: f64, d_x: &mut [f64]) -> HuberGrad {
    let HuberCache { x, y, delta, ref cond_t1_saved } = *cache;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    let mut d_loss = d_out;
    for i in (0..x.len()).rev() {
        let cond_t1 = cond_t1_saved[i];
        let r = x[i] - y[i];
        let d_loss_5 = d_loss;
        let mut d_r = 0.0;
        d_loss = 0.0;
        if cond_t1 {
            let loss_t1 = 0.5 * r;
            d_loss += d_loss_5;
            let d_loss_t1 = r * d_loss_5;
            d_r += loss_t1 * d_loss_5;
            d_r += 0.5 * d_loss_t1;
        } else {
            d_loss += d_loss_5;
            d_r += ::backprop::__private::abs_slope(r) * (delta * d_loss_5);
        }
        d_x[i] += d_r;
    }
    HuberGrad {}
}
/// Value and gradient of [`huber`] in one call (`d_out = 1`): the statements of
/// [`huber_forward`] and then of [`huber_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn huber_grad(
    x: &[f64],
    y: &[f64],
    delta: f64,
    d_x: &mut [f64],
) -> (f64, HuberGrad) {
    let mut loss = 0.0;
    let d_out: f64 = 1.0;
    ::core::assert!(
        d_x.len() == x.len(),
        "`d_x` has length {} but the slice `x` has length {}: the gradient buffer of a slice parameter must have its length",
        d_x.len(), x.len()
    );
    let mut d_loss = d_out;
    for i in 0..x.len() {
        let r = x[i] - y[i];
        let cond_t1: bool = r.abs() <= delta;
        let loss_5 = if cond_t1 {
            loss + 0.5 * r * r
        } else {
            loss + delta * (r.abs() - 0.5 * delta)
        };
        loss = loss_5;
        let d_loss_5 = d_loss;
        let mut d_r = 0.0;
        d_loss = 0.0;
        if cond_t1 {
            let loss_t1 = 0.5 * r;
            d_loss += d_loss_5;
            let d_loss_t1 = r * d_loss_5;
            d_r += loss_t1 * d_loss_5;
            d_r += 0.5 * d_loss_t1;
        } else {
            d_loss += d_loss_5;
            d_r += ::backprop::__private::abs_slope(r) * (delta * d_loss_5);
        }
        d_x[i] += d_r;
    }
    (loss, HuberGrad {})
}
/// [`huber_backward`] as a tuple with one entry per parameter of [`huber`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `huber` uses.
#[inline]
pub fn huber_pullback(
    cache: &HuberCache<'_>,
    d_out: f64,
    d_x: &mut [f64],
    _d_y: &mut [f64],
) -> ((), (), ()) {
    huber_backward(cache, d_out, d_x);
    ((), (), ())
}
/// Which parameters of [`huber`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const HUBER_WRT: [bool; 3] = [true, false, false];
pub fn quadratic(a: [[f64; 3]; 3], x: [f64; 3]) -> f64 {
    let mut q = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            q += x[i] * a[i][j] * x[j];
        }
    }
    q
}
/// Intermediates of [`quadratic`] saved by [`quadratic_forward`] for [`quadratic_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct QuadraticCache {
    /// The parameter `a`.
    pub a: [[f64; 3]; 3],
    /// The parameter `x`.
    pub x: [f64; 3],
}
/// Gradient of [`quadratic`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq
)]
pub struct QuadraticGrad {
    /// `∂quadratic/∂x`
    pub x: [f64; 3],
}
impl ::core::default::Default for QuadraticGrad {
    fn default() -> Self {
        QuadraticGrad {
            x: ::backprop::__private::Zero::zero(),
        }
    }
}
/// Staged forward pass of [`quadratic`]: its value, and the [`QuadraticCache`] that [`quadratic_backward`] needs.
#[inline]
#[must_use]
pub fn quadratic_forward(a: [[f64; 3]; 3], x: [f64; 3]) -> (f64, QuadraticCache) {
    let mut q = 0.0;
    for i in 0..3 {
        let mut q_3 = q;
        for j in 0..3 {
            q_3 += x[i] * a[i][j] * x[j];
        }
        q = q_3;
    }
    (q, QuadraticCache { a, x })
}
/// Backward pass of [`quadratic`]: the gradient of `d_out * quadratic` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn quadratic_backward(cache: &QuadraticCache, d_out: f64) -> QuadraticGrad {
    let QuadraticCache { a, x } = *cache;
    let mut d_x: [f64; 3] = ::backprop::__private::Zero::zero();
    for i in (0..3).rev() {
        for j in (0..3).rev() {
            let x_i = x[i];
            let a_i_j = a[i][j];
            let x_i_times_a_i_j = x_i * a_i_j;
            let d_x_i_times_a_i_j = x[j] * d_out;
            d_x[j] += x_i_times_a_i_j * d_out;
            d_x[i] += a_i_j * d_x_i_times_a_i_j;
        }
    }
    QuadraticGrad { x: d_x }
}
/// Value and gradient of [`quadratic`] in one call (`d_out = 1`): the statements of
/// [`quadratic_forward`] and then of [`quadratic_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
pub fn quadratic_grad(a: [[f64; 3]; 3], x: [f64; 3]) -> (f64, QuadraticGrad) {
    let mut q = 0.0;
    let d_out: f64 = 1.0;
    let mut d_x: [f64; 3] = ::backprop::__private::Zero::zero();
    for i in 0..3 {
        let mut q_3 = q;
        for j in 0..3 {
            q_3 += x[i] * a[i][j] * x[j];
        }
        q = q_3;
        for j in (0..3).rev() {
            let x_i = x[i];
            let a_i_j = a[i][j];
            let x_i_times_a_i_j = x_i * a_i_j;
            let d_x_i_times_a_i_j = x[j] * d_out;
            d_x[j] += x_i_times_a_i_j * d_out;
            d_x[i] += a_i_j * d_x_i_times_a_i_j;
        }
    }
    (q, QuadraticGrad { x: d_x })
}
/// [`quadratic_backward`] as a tuple with one entry per parameter of [`quadratic`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `quadratic` uses.
#[inline]
#[must_use]
pub fn quadratic_pullback(cache: &QuadraticCache, d_out: f64) -> ((), [f64; 3]) {
    let grad = quadratic_backward(cache, d_out);
    ((), grad.x)
}
/// Which parameters of [`quadratic`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const QUADRATIC_WRT: [bool; 2] = [false, true];
