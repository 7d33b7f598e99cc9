//! 240 random straight-line programs (220 over f64, 20 over f32), each
//! differentiated by `#[differentiate]` and checked against its num-dual twin. They are
//! generated into `OUT_DIR` by `build.rs` (`tools/gen-programs`, a fixed seed); a failure
//! names the program and its line there. Print them with
//! `cargo run -p gen-programs -- --stdout straight_line`.

// the programs write `return e;` (and index loops) on purpose
#![allow(clippy::needless_return)]

use random_programs::*;

include!(concat!(env!("OUT_DIR"), "/straight_line.rs"));
