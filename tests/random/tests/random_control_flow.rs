//! 220 random programs with control flow, each
//! differentiated by `#[differentiate]` and checked against its num-dual twin. They are
//! generated into `OUT_DIR` by `build.rs` (`tools/gen-programs`, a fixed seed); a failure
//! names the program and its line there. Print them with
//! `cargo run -p gen-programs -- --stdout control_flow`.

// the programs write `return e;` (and index loops) on purpose
#![allow(clippy::needless_return)]

use random_programs::*;

include!(concat!(env!("OUT_DIR"), "/control_flow.rs"));
