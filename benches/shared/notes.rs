//! The notes' staged example `f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)` and the notes'
//! own backward pass; shared by `benches/circuit.rs` and `tools/icount` (included with
//! `#[path]`, so that both measure the same code).

use backprop::{differentiate, sigmoid};

/// The notes' staged example, differentiated by the macro.
#[differentiate]
pub fn f(x: f64, y: f64) -> f64 {
    let sigy = sigmoid(y); // (1)
    let num = x + sigy; // (2)
    let sigx = sigmoid(x); // (3)
    let xpy = x + y; // (4)
    let xpysqr = xpy.powi(2); // (5)
    let den = sigx + xpysqr; // (6)
    let invden = 1.0 / den; // (7)
    num * invden // (8)
}

/// The notes' own forward and backward pass, line for line (with `backprop::sigmoid` for
/// the two sigmoids, so that both sides compute the same forward values the same way).
pub fn f_hand_written(x: f64, y: f64) -> (f64, [f64; 2]) {
    // forward pass
    let sigy = sigmoid(y); // (1)
    let num = x + sigy; // (2)
    let sigx = sigmoid(x); // (3)
    let xpy = x + y; // (4)
    let xpysqr = xpy.powi(2); // (5)
    let den = sigx + xpysqr; // (6)
    let invden = 1.0 / den; // (7)
    let f = num * invden; // (8)
                          // backward pass, (8) back to (1)
    let dnum = invden; // (8)
    let dinvden = num;
    let dden = (-1.0 / (den * den)) * dinvden; // (7)
    let dsigx = dden; // (6)
    let dxpysqr = dden;
    let dxpy = 2.0 * xpy * dxpysqr; // (5)
    let mut dx = dxpy; // (4)
    let mut dy = dxpy;
    dx += (1.0 - sigx) * sigx * dsigx; // (3)
    dx += dnum; // (2)
    let dsigy = dnum;
    dy += (1.0 - sigy) * sigy * dsigy; // (1)
    (f, [dx, dy])
}
