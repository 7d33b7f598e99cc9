/// A particle in the plane.
pub struct State {
    pub x: [f64; 2],
    pub v: [f64; 2],
    pub mass: f64,
}
/// Kinetic plus spring energy of a state taken by value.
pub fn energy(s: State, k: f64) -> f64 {
    let mut kinetic = 0.0;
    for i in 0..2 {
        kinetic += s.v[i] * s.v[i];
    }
    let potential = 0.5 * k * (s.x[0] * s.x[0] + s.x[1] * s.x[1]);
    0.5 * s.mass * kinetic + potential
}
/// Intermediates of [`energy`] saved by [`energy_forward`] for [`energy_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
pub struct EnergyCache {
    /// The parameter `s`.
    pub s: State,
    /// `kinetic` after the loop
    pub kinetic_4: f64,
    /// `potential_t1 = 0.5 * k`
    pub potential_t1: f64,
    /// `s_x_0 = s.x[0]`
    pub s_x_0: f64,
    /// `s_x_0_1 = s.x[0]`
    pub s_x_0_1: f64,
    /// `s_x_1 = s.x[1]`
    pub s_x_1: f64,
    /// `s_x_1_1 = s.x[1]`
    pub s_x_1_1: f64,
    /// `potential_t2 = s_x_0_times_s_x_0_1 + s_x_1_times_s_x_1_1`
    pub potential_t2: f64,
    /// `out_t1 = 0.5 * s_mass`
    pub out_t1: f64,
}
/// Gradient of [`energy`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
pub struct EnergyGrad {
    /// `∂energy/∂k`
    pub k: f64,
}
/// Staged forward pass of [`energy`]: its value, and the [`EnergyCache`] that [`energy_backward`] needs.
#[inline]
#[must_use]
pub fn energy_forward(s: State, k: f64) -> (f64, EnergyCache) {
    let mut kinetic = 0.0;
    for i in 0..2 {
        kinetic += s.v[i] * s.v[i];
    }
    let potential_t1 = 0.5 * k;
    let s_x = s.x[0];
    let s_x_0_1 = s.x[0];
    let s_x_times_s_x = s_x * s_x_0_1;
    let s_x_1 = s.x[1];
    let s_x_1_1 = s.x[1];
    let potential_t2 = s_x_times_s_x + s_x_1 * s_x_1_1;
    let potential = potential_t1 * potential_t2;
    let out_t1 = 0.5 * s.mass;
    let out = out_t1 * kinetic + potential;
    (
        out,
        EnergyCache {
            s,
            kinetic_4: kinetic,
            potential_t1,
            s_x_0: s_x,
            s_x_0_1,
            s_x_1,
            s_x_1_1,
            potential_t2,
            out_t1,
        },
    )
}
/// Backward pass of [`energy`]: the gradient of `d_out * energy` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn energy_backward(cache: &EnergyCache, d_out: f64, d_s: &mut State) -> EnergyGrad {
    let EnergyCache {
        ref s,
        kinetic_4,
        potential_t1,
        s_x_0,
        s_x_0_1,
        s_x_1,
        s_x_1_1,
        potential_t2,
        out_t1,
    } = *cache;
    let d_out_t1 = kinetic_4 * d_out;
    let d_kinetic = out_t1 * d_out;
    d_s.mass += 0.5 * d_out_t1;
    let d_potential_t1 = potential_t2 * d_out;
    let d_potential_t2 = potential_t1 * d_out;
    let d_s_x = s_x_1_1 * d_potential_t2;
    d_s.x[1] += s_x_1 * d_potential_t2;
    d_s.x[1] += d_s_x;
    let d_s_x = s_x_0_1 * d_potential_t2;
    d_s.x[0] += s_x_0 * d_potential_t2;
    d_s.x[0] += d_s_x;
    let d_k = 0.5 * d_potential_t1;
    for i in (0..2).rev() {
        let s_v_i = s.v[i];
        let d_s_v_i = s.v[i] * d_kinetic;
        d_s.v[i] += s_v_i * d_kinetic;
        d_s.v[i] += d_s_v_i;
    }
    EnergyGrad { k: d_k }
}
/// Value and gradient of [`energy`] in one call (`d_out = 1`): the statements of
/// [`energy_forward`] and then of [`energy_backward`], fused so the saved values never move. A loop whose reversal only adds into gradients runs it in the same sweep.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn energy_grad(s: State, k: f64, d_s: &mut State) -> (f64, EnergyGrad) {
    let mut kinetic = 0.0;
    let potential_t1 = 0.5 * k;
    let s_x = s.x[0];
    let s_x_0_1 = s.x[0];
    let s_x_times_s_x = s_x * s_x_0_1;
    let s_x_1 = s.x[1];
    let s_x_1_1 = s.x[1];
    let potential_t2 = s_x_times_s_x + s_x_1 * s_x_1_1;
    let potential = potential_t1 * potential_t2;
    let out_t1 = 0.5 * s.mass;
    let d_out: f64 = 1.0;
    let d_kinetic = out_t1 * d_out;
    let d_potential_t1 = potential_t2 * d_out;
    let d_potential_t2 = potential_t1 * d_out;
    let d_s_x = s_x_1_1 * d_potential_t2;
    d_s.x[1] += s_x_1 * d_potential_t2;
    d_s.x[1] += d_s_x;
    let d_s_x = s_x_0_1 * d_potential_t2;
    d_s.x[0] += s_x * d_potential_t2;
    d_s.x[0] += d_s_x;
    let d_k = 0.5 * d_potential_t1;
    for i in 0..2 {
        let s_v_i = s.v[i];
        let s_v_i_1 = s.v[i];
        kinetic += s_v_i * s_v_i_1;
        let d_s_v_i = s_v_i_1 * d_kinetic;
        d_s.v[i] += s_v_i * d_kinetic;
        d_s.v[i] += d_s_v_i;
    }
    let out = out_t1 * kinetic + potential;
    d_s.mass += 0.5 * (kinetic * d_out);
    (out, EnergyGrad { k: d_k })
}
/// [`energy_backward`] as a tuple with one entry per parameter of [`energy`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `energy` uses.
#[inline]
pub fn energy_pullback(cache: &EnergyCache, d_out: f64, d_s: &mut State) -> ((), f64) {
    let grad = energy_backward(cache, d_out, d_s);
    ((), grad.k)
}
/// Which parameters of [`energy`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
pub const ENERGY_WRT: [bool; 2] = [true, true];
