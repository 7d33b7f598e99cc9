//! The `#[differentiate]` attribute of [`backprop`](https://docs.rs/backprop).
//!
//! The transform is a plain function over token streams ([`expand::differentiate`]):
//! a pipeline whose stages are folders, each returning what the next one reads.
//!
//! ```text
//! stage    folder   reads            returns
//! parse    parse/   the item         Args, Signature (methods: Method per marked fn)
//! lower    lower/   ItemFn, Signature  Tape (ir/): gates in blocks, with names
//! plan     plan/    Tape             Plan: adjoints, contributions (Sym), cache, Fields
//! emit     emit/    Tape, Plan       TokenStream: FCache, FGrad, f_forward, f_backward, ..
//! ```
//!
//! `expand.rs` runs the stages, one line each; `error.rs` collects errors. `ir/` is the
//! language the stages share: the tape (`mod.rs`, `flow.rs`), ops (`ops.rs`), symbolic
//! local gradients (`sym.rs`), the derivative table (`rules.rs`) and names
//! (`names.rs`). Dependencies point down the pipeline only: `parse` uses `error`;
//! `lower` and `plan` use `ir` (and read `parse`'s `Signature`); `emit` uses `plan` and
//! `ir`; `expand` uses all. `tests/architecture.rs` checks it.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod derive;
mod emit;
mod error;
mod expand;
mod ir;
mod lower;
mod parse;
mod plan;

use proc_macro::TokenStream;

/// Differentiates a function over `f64` (or `f32`) at compile time.
///
/// Keeps the function as written and adds, with the same visibility, for `fn loss`:
/// `LossCache`, `LossGrad`, `loss_forward`, `loss_backward` and `loss_grad`.
/// `#[differentiate(wrt(x, y))]` differentiates only the listed parameters;
/// `#[differentiate(circuit)]` also adds `loss_circuit`, the run as a `backprop::Circuit`
/// to draw (SVG, Graphviz DOT). Options combine: `#[differentiate(wrt(x), circuit)]`.
/// See the `backprop` crate documentation and README for the full contract.
///
/// Expansion time: with `BACKPROP_TIME_EXPANSION=1` in the compiler's environment
/// (`BACKPROP_TIME_EXPANSION=1 cargo build`), each expansion prints one line to stderr,
/// ``backprop: expanded `f` (N stages) in 1.234 ms`` (N: the gates of the staged IR).
/// Cargo does not track the variable: touch the source to re-expand. Unset, it costs
/// one `std::env::var_os` call (and a thread-local stage count) per expansion.
#[proc_macro_attribute]
pub fn differentiate(args: TokenStream, item: TokenStream) -> TokenStream {
    if std::env::var_os("BACKPROP_TIME_EXPANSION").is_some() {
        return expand::differentiate_timed(args.into(), item.into()).into();
    }
    expand::differentiate(args.into(), item.into()).into()
}

#[cfg(test)]
mod tests;

/// Implements `backprop::Differentiable` for a struct of parameters: `zeros_like`,
/// `add_scaled` (an SGD step is `p.add_scaled(-lr, &d_p)`), `float_count`, and flat
/// views `copy_to` / `copy_from` in field order.
///
/// Fields may be floats, arrays and `Vec`s of them, other `Differentiable` structs, or
/// constants (integers, `usize`, `bool`: copied by `zeros_like`, never differentiated).
#[proc_macro_derive(Differentiable)]
pub fn derive_differentiable(input: TokenStream) -> TokenStream {
    derive::derive(input.into()).into()
}
