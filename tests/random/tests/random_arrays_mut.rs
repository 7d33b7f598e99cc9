//! 220 random programs storing into local arrays, some over slices, each
//! differentiated by `#[differentiate]` and checked against its num-dual twin. They are
//! generated into `OUT_DIR` by `build.rs` (`tools/gen-programs`, a fixed seed); a failure
//! names the program and its line there. Print them with
//! `cargo run -p gen-programs -- --stdout arrays_mut`.

// the programs write `return e;` (and index loops) on purpose
// `vec![..]` locals are there on purpose (`Vec` locals), and a twin's branches may be
// identical where its program's differ only in a gate's form (`sigmoid` or
// `backprop::sigmoid`). A whole array reassigned (`hid = ys;`) may overwrite the
// stores written before it.
#![allow(
    unused_assignments,
    clippy::needless_return,
    clippy::needless_range_loop,
    clippy::useless_vec,
    clippy::if_same_then_else
)]

use random_programs::*;

include!(concat!(env!("OUT_DIR"), "/arrays_mut.rs"));
