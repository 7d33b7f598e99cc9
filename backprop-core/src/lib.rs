//! Runtime support for [`backprop`](https://docs.rs/backprop): the float trait the
//! grouped gates are written over, the grouped gates themselves, the local-gradient
//! helpers that generated backward passes call at kinks, and a gradient checker.
//!
//! Nothing here allocates except the gradient checker's report.

#![warn(missing_docs)]

pub mod check;
mod gates;
pub mod local;
mod real;

pub use gates::{elu, gelu, huber, leaky_relu, log1p_exp, log_sigmoid, relu, sigmoid, softplus};
pub use real::{Real, Zero};
