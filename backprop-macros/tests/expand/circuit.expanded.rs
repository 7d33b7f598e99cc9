/// `f = (x + y) * z`, the notes' first circuit, with its picture.
fn add_mul(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}
/// Intermediates of [`add_mul`] saved by [`add_mul_forward`] for [`add_mul_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct AddMulCache {
    /// The parameter `z`.
    pub z: f64,
    /// `q = x + y`
    pub q: f64,
}
/// Gradient of [`add_mul`]: one field per differentiated parameter, named after it.
///
/// `Default` is all zeros.
#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::marker::Copy,
    ::core::cmp::PartialEq,
    ::core::default::Default
)]
struct AddMulGrad {
    /// `∂add_mul/∂x`
    pub x: f64,
    /// `∂add_mul/∂y`
    pub y: f64,
    /// `∂add_mul/∂z`
    pub z: f64,
}
/// Staged forward pass of [`add_mul`]: its value, and the [`AddMulCache`] that [`add_mul_backward`] needs.
#[inline]
#[must_use]
fn add_mul_forward(x: f64, y: f64, z: f64) -> (f64, AddMulCache) {
    let q = x + y;
    let out = q * z;
    (out, AddMulCache { z, q })
}
/// Backward pass of [`add_mul`]: the gradient of `d_out * add_mul` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn add_mul_backward(cache: &AddMulCache, d_out: f64) -> AddMulGrad {
    let AddMulCache { z, q } = *cache;
    let d_q = z * d_out;
    let d_z = q * d_out;
    AddMulGrad {
        x: d_q,
        y: d_q,
        z: d_z,
    }
}
/// Value and gradient of [`add_mul`] in one call (`d_out = 1`): the statements of
/// [`add_mul_forward`] and then of [`add_mul_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn add_mul_grad(x: f64, y: f64, z: f64) -> (f64, AddMulGrad) {
    let q = x + y;
    let out = q * z;
    let d_out: f64 = 1.0;
    (
        out,
        {
            let d_q = z * d_out;
            let d_z = q * d_out;
            AddMulGrad {
                x: d_q,
                y: d_q,
                z: d_z,
            }
        },
    )
}
/// [`add_mul_backward`] as a tuple with one entry per parameter of [`add_mul`] (`()` for one
/// that is not differentiated): what a `#[differentiate]` function calling `add_mul` uses.
#[inline]
#[must_use]
fn add_mul_pullback(cache: &AddMulCache, d_out: f64) -> (f64, f64, f64) {
    let grad = add_mul_backward(cache, d_out);
    (grad.x, grad.y, grad.z)
}
/// Which parameters of [`add_mul`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const ADD_MUL_WRT: [bool; 3] = [true, true, true];
/// The circuit of [`add_mul`] at these arguments, for pictures: one node per input and per
/// gate run (loops unrolled), with its value and its gradient at `d_out = 1`. Draw it with
/// [`Circuit::to_svg`](::backprop::Circuit::to_svg) or [`Circuit::to_dot`](::backprop::Circuit::to_dot).
#[must_use]
fn add_mul_circuit(x: f64, y: f64, z: f64) -> ::backprop::Circuit {
    let mut circuit = ::backprop::Circuit::new("add_mul");
    let x_node = circuit.input("x", x);
    let y_node = circuit.input("y", y);
    let z_node = circuit.input("z", z);
    let q = x + y;
    let q_node = circuit.gate("+", q, &[(x_node, 1.0), (y_node, 1.0)]);
    let out = q * z;
    let out_node = circuit.gate("*", out, &[(q_node, z), (z_node, q)]);
    circuit.finish(out_node)
}
/// Horner's rule over an array: a loop, unrolled in the circuit as it runs.
fn horner(c: [f64; 3], x: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..3 {
        acc = acc * x + c[i];
    }
    acc.max(0.0)
}
/// Intermediates of [`horner`] saved by [`horner_forward`] for [`horner_backward`]: the values its local gradients read.
#[derive(::core::fmt::Debug, ::core::clone::Clone)]
struct HornerCache {
    /// The parameter `x`.
    pub x: f64,
    /// `acc` at the start of each iteration, saved each time it is computed (read back in reverse by the backward pass)
    pub acc_saved: [f64; 3],
    /// `acc` after the loop
    pub acc_4: f64,
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
fn horner_forward(c: [f64; 3], x: f64) -> (f64, HornerCache) {
    let mut acc_saved: [f64; 3] = [0.0; 3];
    let mut acc = 0.0;
    for i in 0..3 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    let out = acc.max(0.0);
    (
        out,
        HornerCache {
            x,
            acc_saved,
            acc_4: acc,
        },
    )
}
/// Backward pass of [`horner`]: the gradient of `d_out * horner` at the point the cache was saved at
/// (a vector-Jacobian product), the chain rule over the forward stages in reverse.
#[inline]
#[must_use]
fn horner_backward(cache: &HornerCache, d_out: f64) -> HornerGrad {
    let HornerCache { x, ref acc_saved, acc_4 } = *cache;
    let mut d_acc = ::backprop::__private::max_grad(acc_4, 0.0, d_out);
    let mut d_x = 0.0;
    for i in (0..3).rev() {
        d_x += acc_saved[i] * d_acc;
        d_acc *= x;
    }
    HornerGrad { x: d_x }
}
/// Value and gradient of [`horner`] in one call (`d_out = 1`): the statements of
/// [`horner_forward`] and then of [`horner_backward`], fused so the saved values never move.
#[inline]
#[must_use]
fn horner_grad(c: [f64; 3], x: f64) -> (f64, HornerGrad) {
    let mut acc_saved: [f64; 3] = [0.0; 3];
    let mut acc = 0.0;
    for i in 0..3 {
        acc_saved[i] = acc;
        acc = acc * x + c[i];
    }
    let out = acc.max(0.0);
    let d_out: f64 = 1.0;
    (
        out,
        {
            let mut d_acc = ::backprop::__private::max_grad(acc, 0.0, d_out);
            let mut d_x = 0.0;
            for i in (0..3).rev() {
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
fn horner_pullback(cache: &HornerCache, d_out: f64) -> ((), f64) {
    let grad = horner_backward(cache, d_out);
    ((), grad.x)
}
/// Which parameters of [`horner`] are differentiated, in order: functions calling it check
/// at compile time that each argument they differentiate is.
const HORNER_WRT: [bool; 2] = [false, true];
/// The circuit of [`horner`] at these arguments, for pictures: one node per input and per
/// gate run (loops unrolled), with its value and its gradient at `d_out = 1`. Draw it with
/// [`Circuit::to_svg`](::backprop::Circuit::to_svg) or [`Circuit::to_dot`](::backprop::Circuit::to_dot).
#[must_use]
fn horner_circuit(c: [f64; 3], x: f64) -> ::backprop::Circuit {
    let mut circuit = ::backprop::Circuit::new("horner");
    let x_node = circuit.input("x", x);
    let acc = 0.0;
    let mut acc_1 = acc;
    let mut acc_1_node = ::backprop::Circuit::CONSTANT;
    for i in 0..3 {
        let acc_2 = acc_1;
        let acc_2_node = acc_1_node;
        let acc_times_x = acc_2 * x;
        let acc_times_x_node = circuit
            .gate("*", acc_times_x, &[(acc_2_node, x), (x_node, acc_2)]);
        let c_i = c[i];
        let acc_3 = acc_times_x + c_i;
        let acc_3_node = circuit.gate("+", acc_3, &[(acc_times_x_node, 1.0)]);
        acc_1 = acc_3;
        acc_1_node = acc_3_node;
    }
    let acc_4 = acc_1;
    let acc_4_node = acc_1_node;
    let out = acc_4.max(0.0);
    let out_node = circuit
        .gate(
            "max",
            out,
            &[(acc_4_node, ::backprop::__private::max_grad(acc_4, 0.0, 1.0))],
        );
    circuit.finish(out_node)
}
