fn gate(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}
/// Intermediates of [`gate`] saved by [`gate_forward`] for [`gate_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct GateCache {
    /// The parameter `z`.
    pub z: f64,
    /// `q = x + y`
    pub q: f64,
}
/// Gradient of [`gate`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct GateGrad {
    /// `∂gate/∂x`
    pub x: f64,
    /// `∂gate/∂y`
    pub y: f64,
    /// `∂gate/∂z`
    pub z: f64,
}
/// Staged forward pass of [`gate`]: its value, and the [`GateCache`] that [`gate_backward`] needs.
#[inline]
#[must_use]
fn gate_forward(x: f64, y: f64, z: f64) -> (f64, GateCache) {
    let q = x + y;
    let out = q * z;
    (out, GateCache { z, q })
}
/// Backward pass of [`gate`]: the gradient of `d_out * gate` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn gate_backward(cache: &GateCache, d_out: f64) -> GateGrad {
    let GateCache { z, q } = *cache;
    let d_q = z * d_out;
    let d_z = q * d_out;
    GateGrad { x: d_q, y: d_q, z: d_z }
}
/// Value and gradient of [`gate`] in one call (`d_out = 1`): the statements of
/// [`gate_forward`] and then of [`gate_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn gate_grad(x: f64, y: f64, z: f64) -> (f64, GateGrad) {
    let q = x + y;
    let out = q * z;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_q = z * d_out;
            let d_z = q * d_out;
            GateGrad { x: d_q, y: d_q, z: d_z }
        },
    )
}
/// [`gate_backward`] as a tuple with one entry per parameter of [`gate`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `gate` uses.
#[inline]
#[must_use]
fn gate_pullback(cache: &GateCache, d_out: f64) -> (f64, f64, f64) {
    let grad = gate_backward(cache, d_out);
    (grad.x, grad.y, grad.z)
}
/// Which parameters of [`gate`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const GATE_WRT: [bool; 3] = [true, true, true];
/// Forward mode of [`gate`]: its value, and its derivative along the tangents `t_..` of the differentiated parameters (a Jacobian-vector product).
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn gate_jvp(x: f64, y: f64, z: f64, t_x: f64, t_y: f64, t_z: f64) -> (f64, f64) {
    let q = x + y;
    let t_q = t_x + t_y;
    let out = q * z;
    let t_out = z * t_q + q * t_z;
    (out, t_out)
}
/// [`gate_jvp`] with a tangent for every parameter (`()` for a constant one): how differentiated functions that call [`gate`] run its forward mode.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn gate_tangent(x: f64, y: f64, z: f64, t_x: f64, t_y: f64, t_z: f64) -> (f64, f64) {
    gate_jvp(x, y, z, t_x, t_y, t_z)
}
fn horner(x: f64, c: [f64; 4]) -> f64 {
    let mut acc = 0.0;
    for i in 0..4 {
        acc = acc * x + c[i];
    }
    if acc > 1.0 { acc.ln() } else { acc / x }
}
/// Intermediates of [`horner`] saved by [`horner_forward`] for [`horner_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct HornerCache {
    /// The parameter `x`.
    pub x: f64,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub acc_saved: [f64; 4],
    /// `acc` after the loop
    pub acc_4: f64,
    /// `acc_gt_one = acc > 1.0`
    pub acc_gt_one: bool,
}
/// Gradient of [`horner`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct HornerGrad {
    /// `∂horner/∂x`
    pub x: f64,
}
/// Staged forward pass of [`horner`]: its value, and the [`HornerCache`] that [`horner_backward`] needs.
#[inline]
#[must_use]
fn horner_forward(x: f64, c: [f64; 4]) -> (f64, HornerCache) {
    let mut acc_saved: [f64; 4] = [0.0; 4];
    let mut acc = 0.0;
    for i in 0..4 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    let acc_gt_one: bool = acc > 1.0;
    let out = if acc_gt_one { acc.ln() } else { acc / x };
    (
        out,
        HornerCache {
            x,
            acc_saved,
            acc_4: acc,
            acc_gt_one,
        },
    )
}
/// Backward pass of [`horner`]: the gradient of `d_out * horner` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn horner_backward(cache: &HornerCache, d_out: f64) -> HornerGrad {
    let HornerCache { x, ref acc_saved, acc_4, acc_gt_one } = *cache;
    let mut d_acc = 0.0;
    let mut d_x = 0.0;
    if acc_gt_one {
        d_acc += d_out / acc_4;
    } else {
        let acc_over_x = acc_4 / x;
        let inv_x = 1.0 / x;
        d_acc += inv_x * d_out;
        d_x -= acc_over_x * inv_x * d_out;
    }
    for i in (0..4).rev() {
        d_x += acc_saved[i] * d_acc;
        d_acc *= x;
    }
    HornerGrad { x: d_x }
}
/// Value and gradient of [`horner`] in one call (`d_out = 1`): the statements of
/// [`horner_forward`] and then of [`horner_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn horner_grad(x: f64, c: [f64; 4]) -> (f64, HornerGrad) {
    let mut acc_saved: [f64; 4] = [0.0; 4];
    let mut acc = 0.0;
    for i in 0..4 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    let acc_gt_one: bool = acc > 1.0;
    let out = if acc_gt_one { acc.ln() } else { acc / x };
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_acc = 0.0;
            let mut d_x = 0.0;
            if acc_gt_one {
                d_acc += d_out / acc;
            } else {
                let acc_over_x = acc / x;
                let inv_x = 1.0 / x;
                d_acc += inv_x * d_out;
                d_x -= acc_over_x * inv_x * d_out;
            }
            for i in (0..4).rev() {
                d_x += acc_saved[i] * d_acc;
                d_acc *= x;
            }
            HornerGrad { x: d_x }
        },
    )
}
/// [`horner_backward`] as a tuple with one entry per parameter of [`horner`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `horner` uses.
#[inline]
#[must_use]
fn horner_pullback(cache: &HornerCache, d_out: f64) -> (f64, ()) {
    let grad = horner_backward(cache, d_out);
    (grad.x, ())
}
/// Which parameters of [`horner`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const HORNER_WRT: [bool; 2] = [true, false];
/// Forward mode of [`horner`]: its value, and its derivative along the tangents `t_..` of the differentiated parameters (a Jacobian-vector product).
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn horner_jvp(x: f64, c: [f64; 4], t_x: f64) -> (f64, f64) {
    let acc = 0.0;
    let mut acc_1 = acc;
    let mut t_acc_1 = 0.0;
    for i in 0..4 {
        let acc_2 = acc_1;
        let t_acc_2 = t_acc_1;
        let acc_times_x = acc_2 * x;
        let t_acc_times_x = x * t_acc_2 + acc_2 * t_x;
        let c_i = c[i];
        let acc_3 = acc_times_x + c_i;
        let t_acc_3 = t_acc_times_x;
        acc_1 = acc_3;
        t_acc_1 = t_acc_3;
    }
    let acc_4 = acc_1;
    let t_acc_4 = t_acc_1;
    let acc_gt_one: bool = acc_4 > 1.0;
    let out;
    let t_out;
    if acc_gt_one {
        let acc_ln = acc_4.ln();
        let t_acc_ln = t_acc_4 / acc_4;
        out = acc_ln;
        t_out = t_acc_ln;
    } else {
        let acc_over_x = acc_4 / x;
        let t_acc_over_x = t_acc_4 / x - acc_over_x / x * t_x;
        out = acc_over_x;
        t_out = t_acc_over_x;
    }
    (out, t_out)
}
/// [`horner_jvp`] with a tangent for every parameter (`()` for a constant one): how differentiated functions that call [`horner`] run its forward mode.
#[inline]
#[must_use]
#[allow(clippy::too_many_arguments)]
fn horner_tangent(x: f64, c: [f64; 4], t_x: f64, _: ()) -> (f64, f64) {
    horner_jvp(x, c, t_x)
}
