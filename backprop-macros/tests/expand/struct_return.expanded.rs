/// A particle on a line.
pub struct State {
    pub x: f64,
    pub v: f64,
    pub steps: usize,
}
/// One semi-implicit Euler step of `x'' = -k x - c v`, returning the next state.
pub fn step(s: &State, dt: f64, k: f64, c: f64) -> State {
    let a = -k * s.x - c * s.v;
    let v = s.v + dt * a;
    State {
        x: s.x + dt * v,
        v,
        steps: s.steps + 1,
    }
}
/// Intermediates of [`step`] saved by [`step_forward`] for [`step_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct StepCache<'a> {
    /// The parameter `s`.
    pub s: &'a State,
    /// The parameter `dt`.
    pub dt: f64,
    /// The parameter `c`.
    pub c: f64,
    /// `neg_k = -k`
    pub neg_k: f64,
    /// `s_x = s.x`
    pub s_x: f64,
    /// `s_v = s.v`
    pub s_v: f64,
    /// `a = neg_k_times_s_x - c_times_s_v`
    pub a: f64,
    /// `v = s_v + dt_times_a`
    pub v: f64,
}
/// Gradient of [`step`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct StepGrad {
    /// `∂step/∂dt`
    pub dt: f64,
    /// `∂step/∂k`
    pub k: f64,
    /// `∂step/∂c`
    pub c: f64,
}
/// Staged forward pass of [`step`]: its value, and the [`StepCache`] that [`step_backward`] needs.
#[inline]
#[must_use]
pub fn step_forward<'a>(
    s: &'a State,
    dt: f64,
    k: f64,
    c: f64,
) -> (State, StepCache<'a>) {
    let neg_k = -k;
    let s_x = s.x;
    let neg_k_times_s_x = neg_k * s_x;
    let s_v = s.v;
    let a = neg_k_times_s_x - c * s_v;
    let v = s.v + dt * a;
    let out_x = s.x + dt * v;
    let out_steps = s.steps + 1;
    (
        State {
            x: out_x,
            v,
            steps: out_steps,
        },
        StepCache {
            s,
            dt,
            c,
            neg_k,
            s_x,
            s_v,
            a,
            v,
        },
    )
}
/// Backward pass of [`step`]: the gradient of `d_out * step` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn step_backward(cache: &StepCache<'_>, d_out: &State, d_s: &mut State) -> StepGrad {
    let StepCache { s, dt, c, neg_k, s_x, s_v, a, v } = *cache;
    let d_out_x = ::backprop::__private::seed_part(d_out.x);
    let mut d_v = ::backprop::__private::seed_part(d_out.v);
    d_s.steps += ::backprop::__private::seed_part(d_out.steps);
    let mut d_dt = v * d_out_x;
    d_v += dt * d_out_x;
    d_s.x += d_out_x;
    d_dt += a * d_v;
    let d_a = dt * d_v;
    d_s.v += d_v;
    let d_c_times_s_v = -d_a;
    let d_c = s_v * d_c_times_s_v;
    d_s.v += c * d_c_times_s_v;
    let d_neg_k = s_x * d_a;
    d_s.x += neg_k * d_a;
    let d_k = -d_neg_k;
    StepGrad {
        dt: d_dt,
        k: d_k,
        c: d_c,
    }
}
/// [`step_backward`] as a tuple with one entry per parameter of [`step`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `step` uses.
#[inline]
pub fn step_pullback(
    cache: &StepCache<'_>,
    d_out: &State,
    d_s: &mut State,
) -> ((), f64, f64, f64) {
    let grad = step_backward(cache, d_out, d_s);
    ((), grad.dt, grad.k, grad.c)
}
/// Which parameters of [`step`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const STEP_WRT: [bool; 4] = [true, true, true, true];
