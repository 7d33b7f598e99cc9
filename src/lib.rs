//! `backprop`: compile-time reverse-mode differentiation of plain Rust functions.
//!
//! Put [`differentiate`] on a function over `f64`s (or `f32`s) and it keeps the function
//! as written and adds a staged forward pass, a cache of the intermediates, a backward
//! pass running the chain rule in reverse, and a value-and-gradient function:
//!
//! ```
//! use backprop::differentiate;
//!
//! /// `f = (x + y) * z`, the first circuit of the CS231n notes.
//! #[differentiate]
//! fn f(x: f64, y: f64, z: f64) -> f64 {
//!     let q = x + y;
//!     q * z
//! }
//!
//! let (value, grad) = f_grad(-2.0, 5.0, -4.0);
//! assert_eq!(value, -12.0);
//! assert_eq!((grad.x, grad.y, grad.z), (-4.0, -4.0, 3.0));
//! ```
//!
//! `#[differentiate(circuit)]` also adds `f_circuit(args..) -> `[`Circuit`]: the run as
//! the notes draw it, every gate with its value and gradient, as SVG or Graphviz DOT.
//!
//! See the README for what is supported, the conventions at kinks and the benchmarks.

#![warn(missing_docs)]

pub use backprop_core::check;
pub use backprop_core::Differentiable;
pub use backprop_core::{dot, logsumexp, softmax_cross_entropy};
pub use backprop_core::{
    elu, gelu, huber, leaky_relu, log1p_exp, log_sigmoid, relu, sigmoid, softplus, Float, Real,
};
pub use backprop_core::{Circuit, Node, NodeKind, Wire, Wires};
pub use backprop_macros::differentiate;
pub use backprop_macros::Differentiable;

/// Support for generated code; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use backprop_core::local::*;
    pub use backprop_core::vector_pullback::*;
    pub use backprop_core::{
        elu, gelu, huber, leaky_relu, log1p_exp, log_sigmoid, relu, sigmoid, softplus,
    };
    pub use backprop_core::{gate_check, inline_len, lit, seed_part, Accumulate, Runs, Zero};
    pub use backprop_core::{AccumulateOf, BlankOf, FloatsOf, ZeroOf};
}

/// The README's code blocks, compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
