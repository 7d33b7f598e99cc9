//! Desugaring before lowering: conditions that run statements become statements and a
//! plain condition (`conditions.rs`), iteration over arrays becomes index loops
//! (`iterate.rs`), `break` with a value an assignment (`values.rs`), and jumps out of
//! nested loops become flags (`jumps.rs`), the forms the rest of the lowering reads.

use crate::ir::names::Namer;
use syn::{Expr, FnArg, ItemFn, Pat, Type};

/// `item` with its body desugared.
pub(crate) fn desugar(item: &ItemFn, namer: &mut Namer) -> ItemFn {
    let lengths = array_lengths(item);
    let mut item = item.clone();
    crate::lower::conditions::rewrite(&mut item.block);
    crate::lower::iterate::rewrite(&mut item.block, namer, &lengths);
    crate::lower::values::rewrite(&mut item.block, namer);
    crate::lower::jumps::rewrite(&mut item.block, namer);
    item
}

/// The length of each array parameter (`w: [f64; 64]` -> `("w", 64)`).
fn array_lengths(item: &ItemFn) -> Vec<(String, Expr)> {
    item.sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match (&*typed.pat, &*typed.ty) {
                (Pat::Ident(pat), Type::Array(array)) => {
                    Some((pat.ident.to_string(), array.len.clone()))
                }
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}
