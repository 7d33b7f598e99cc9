//! The logistic loss of a linear model over `N` weights and its gradient written by
//! hand; shared by `benches/logistic.rs` and `tools/icount` (included with `#[path]`, so
//! that both measure the same code).

/// The sample's label.
pub const Y: f64 = 1.0;

/// Defines, in the module it is invoked in, for `N = $n` weights (an integer literal, so
/// that the loop bound is a literal for the macro), with [`Y`] in scope there:
///
/// - `loss(w, x) = softplus(-Y · dot(w, x))`, `#[differentiate(wrt(w))]` (so also
///   `loss_grad`, ...), with the `dot` gate;
/// - `looped(w, x)`: the same loss, the dot product summed in an index loop, also
///   `#[differentiate(wrt(w))]`;
/// - `hand_written(w, x)`: its value and gradient by hand, the physical limit (one pass
///   over `w` and `x` for `z = w·x`, one pass writing `d_w = -Y σ(-Y z) x`).
macro_rules! logistic_functions {
    ($n:tt) => {
        /// The logistic loss with the `dot` gate.
        #[backprop::differentiate(wrt(w))]
        pub fn loss(w: [f64; $n], x: [f64; $n]) -> f64 {
            backprop::softplus(-Y * backprop::dot(w, x))
        }

        /// The same loss, the dot product summed in an index loop.
        #[backprop::differentiate(wrt(w))]
        pub fn looped(w: [f64; $n], x: [f64; $n]) -> f64 {
            let mut z = 0.0;
            for i in 0..$n {
                z += w[i] * x[i];
            }
            backprop::softplus(-Y * z)
        }

        /// One pass for `z = w·x`, one for `d_w = -y σ(-y z) x`.
        pub fn hand_written(w: [f64; $n], x: [f64; $n]) -> (f64, [f64; $n]) {
            let mut z = 0.0;
            for i in 0..$n {
                z += w[i] * x[i];
            }
            let t = -Y * z;
            let out = backprop::softplus(t);
            let d_z = -Y * backprop::sigmoid(t);
            let mut d_w = [0.0; $n];
            for i in 0..$n {
                d_w[i] = d_z * x[i];
            }
            (out, d_w)
        }
    };
}

/// The weights and the sample for size `N`: spread over a few units, so that `w·x` is of
/// order one and neither softplus branch dominates trivially.
pub fn inputs<const N: usize>() -> ([f64; N], [f64; N]) {
    let scale = 1.0 / (N as f64).sqrt();
    let w = std::array::from_fn(|i| ((i * 7 % 13) as f64 - 6.0) / 6.0 * scale);
    let x = std::array::from_fn(|i| ((i * 5 % 11) as f64 - 4.0) / 5.0);
    (w, x)
}
