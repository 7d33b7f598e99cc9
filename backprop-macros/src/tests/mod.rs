//! Unit tests of the transform: IR dumps, sharing, expansion snapshots, robustness.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod architecture;
mod cse;
mod depth;
pub(crate) mod ir;
mod robustness;
mod snapshots;
