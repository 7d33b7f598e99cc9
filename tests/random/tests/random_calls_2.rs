//! The second half of the random call graphs, each
//! differentiated by `#[differentiate]` and checked against its num-dual twin. They are
//! generated into `OUT_DIR` by `build.rs` (`tools/gen-programs`, a fixed seed); a failure
//! names the program and its line there. Print them with
//! `cargo run -p gen-programs -- --stdout calls`.

// the programs write `return e;` (and index loops) on purpose
#![allow(clippy::needless_return)]

use random_programs::*;

include!(concat!(env!("OUT_DIR"), "/calls_2.rs"));
