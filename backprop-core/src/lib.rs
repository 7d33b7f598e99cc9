//! Runtime support for [`backprop`](https://docs.rs/backprop): the float trait the
//! grouped gates are written over, the grouped gates themselves, the local-gradient
//! helpers that generated backward passes call at kinks, a gradient checker, and the
//! [`Circuit`] that `#[differentiate(circuit)]` records and draws.
//!
//! Nothing here allocates except the gradient checker's report, a [`Runs`] whose runs
//! do not fit its stack budget, and a [`Circuit`] (a recorded run and its drawings).

#![warn(missing_docs)]

mod blank;
pub mod check;
mod circuit;
mod differentiable;
mod floats_of;
mod gate_names;
mod gates;
mod generic;
pub mod local;
mod real;
mod runs;
mod seed;
mod vector;

pub use blank::{BlankOf, Plain};
pub use circuit::{Circuit, Node, NodeKind, Wire, Wires};
pub use differentiable::Differentiable;
pub use floats_of::{FloatsOf, List};
#[doc(hidden)]
pub use gate_names::{gate_check, IsGate, NotAGate};
pub use gates::{elu, gelu, huber, leaky_relu, log1p_exp, log_sigmoid, relu, sigmoid, softplus};
pub use generic::{AccumulateOf, Array, Scalar, Unit, ZeroOf};
pub use num_traits::Float;
pub use real::{lit, Accumulate, Real, Zero};
pub use runs::{inline_len, Runs, STACK_BUDGET};
pub use seed::{seed_part, SeedPart};
pub use vector::{dot, logsumexp, softmax_cross_entropy};
/// Pullback and tangent helpers of the array gates, called by generated code.
pub mod vector_pullback {
    pub use crate::vector::{
        add_scaled, add_softmax, add_softmax_cross_entropy, scaled, softmax_cross_entropy_dot,
        softmax_dot,
    };
}
