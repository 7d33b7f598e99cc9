pub fn stepper(x0: f64, k: f64) -> f64 {
    let mut state = [x0; 2];
    for _ in 0..4 {
        let next = [state[0] + 0.1 * state[1], state[1] - 0.1 * k * state[0]];
        state = next;
    }
    state[0] * state[1]
}
/// Intermediates of [`stepper`] saved by [`stepper_forward`] for [`stepper_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct StepperCache {
    /// `state = state[0]`, saved each time it is computed (read back in reverse by the backward pass)
    pub state_saved: [f64; 4],
    /// `next_t2 = 0.1 * k`
    pub next_t2: f64,
    /// `state = state[0]`
    pub state_0_1: f64,
    /// `state = state[1]`
    pub state_1_1: f64,
}
/// Gradient of [`stepper`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct StepperGrad {
    /// `∂stepper/∂x0`
    pub x0: f64,
    /// `∂stepper/∂k`
    pub k: f64,
}
/// Staged forward pass of [`stepper`]: its value, and the [`StepperCache`] that [`stepper_backward`] needs.
#[inline]
#[must_use]
pub fn stepper_forward(x0: f64, k: f64) -> (f64, StepperCache) {
    let mut state_saved: [f64; 4] = [0.0; 4];
    let mut state: [f64; 2] = [x0, x0];
    let next_t2 = 0.1 * k;
    for i_1 in 0..4 {
        let state_0 = state[0];
        state_saved[i_1] = state_0;
        let state_1 = state[1];
        let next: [f64; 2] = [state_0 + 0.1 * state_1, state_1 - next_t2 * state_0];
        for i in 0..2 {
            state[i] = next[i];
        }
    }
    let state_0_1 = state[0];
    let state_1_1 = state[1];
    let out = state_0_1 * state_1_1;
    (
        out,
        StepperCache {
            state_saved,
            next_t2,
            state_0_1,
            state_1_1,
        },
    )
}
/// Backward pass of [`stepper`]: the gradient of `d_out * stepper` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
pub fn stepper_backward(cache: &StepperCache, d_out: f64) -> StepperGrad {
    let StepperCache { ref state_saved, next_t2, state_0_1, state_1_1 } = *cache;
    let d_state_0_1 = state_1_1 * d_out;
    let d_state_1_1 = state_0_1 * d_out;
    let mut d_state: [f64; 2] = ::backprop::__private::Zero::zero();
    d_state[1] += d_state_1_1;
    d_state[0] += d_state_0_1;
    let mut d_next_t2 = 0.0;
    for i_1 in (0..4).rev() {
        let mut d_next: [f64; 2] = ::backprop::__private::Zero::zero();
        for i in (0..2).rev() {
            let d_next_i = d_state[i];
            d_state[i] = 0.0;
            d_next[i] += d_next_i;
        }
        let d_state_plus_next_t1 = d_next[0];
        let d_next_t4 = d_next[1];
        let mut d_state_1 = d_next_t4;
        let d_next_t3 = -d_next_t4;
        d_next_t2 += state_saved[i_1] * d_next_t3;
        let mut d_state_0 = next_t2 * d_next_t3;
        d_state_0 += d_state_plus_next_t1;
        d_state_1 += 0.1 * d_state_plus_next_t1;
        d_state[1] += d_state_1;
        d_state[0] += d_state_0;
    }
    let d_k = 0.1 * d_next_t2;
    let mut d_x0 = d_state[0];
    d_x0 += d_state[1];
    StepperGrad { x0: d_x0, k: d_k }
}
/// Value and gradient of [`stepper`] in one call (`d_out = 1`): the statements of
/// [`stepper_forward`] and then of [`stepper_backward`], fused so the saved values never move.
#[inline]
#[must_use]
pub fn stepper_grad(x0: f64, k: f64) -> (f64, StepperGrad) {
    let mut state_saved: [f64; 4] = [0.0; 4];
    let mut state: [f64; 2] = [x0, x0];
    let next_t2 = 0.1 * k;
    for i_1 in 0..4 {
        let state_0 = state[0];
        state_saved[i_1] = state_0;
        let state_1 = state[1];
        let next: [f64; 2] = [state_0 + 0.1 * state_1, state_1 - next_t2 * state_0];
        for i in 0..2 {
            state[i] = next[i];
        }
    }
    let state_0_1 = state[0];
    let state_1_1 = state[1];
    let out = state_0_1 * state_1_1;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_state_0_1 = state_1_1 * d_out;
            let d_state_1_1 = state_0_1 * d_out;
            let mut d_state: [f64; 2] = ::backprop::__private::Zero::zero();
            d_state[1] += d_state_1_1;
            d_state[0] += d_state_0_1;
            let mut d_next_t2 = 0.0;
            for i_1 in (0..4).rev() {
                let mut d_next: [f64; 2] = ::backprop::__private::Zero::zero();
                for i in (0..2).rev() {
                    let d_next_i = d_state[i];
                    d_state[i] = 0.0;
                    d_next[i] += d_next_i;
                }
                let d_state_plus_next_t1 = d_next[0];
                let d_next_t4 = d_next[1];
                let mut d_state_1 = d_next_t4;
                let d_next_t3 = -d_next_t4;
                d_next_t2 += state_saved[i_1] * d_next_t3;
                let mut d_state_0 = next_t2 * d_next_t3;
                d_state_0 += d_state_plus_next_t1;
                d_state_1 += 0.1 * d_state_plus_next_t1;
                d_state[1] += d_state_1;
                d_state[0] += d_state_0;
            }
            let d_k = 0.1 * d_next_t2;
            let mut d_x0 = d_state[0];
            d_x0 += d_state[1];
            StepperGrad { x0: d_x0, k: d_k }
        },
    )
}
/// [`stepper_backward`] as a tuple with one entry per parameter of [`stepper`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `stepper` uses.
#[inline]
#[must_use]
pub fn stepper_pullback(cache: &StepperCache, d_out: f64) -> (f64, f64) {
    let grad = stepper_backward(cache, d_out);
    (grad.x0, grad.k)
}
/// Which parameters of [`stepper`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const STEPPER_WRT: [bool; 2] = [true, true];
