//! Desugaring before lowering: conditions that run statements become statements and a
//! plain condition (`conditions.rs`), iteration over arrays becomes index loops
//! (`iterate.rs`), rows bound by `let` are read in place (`rows.rs`), local closures
//! are inlined (`closures.rs`), iterator chains become index loops (`chain.rs`),
//! sub-slices read by element become reads of their array (`subslice.rs`), `break`
//! with a value becomes an assignment (`values.rs`), and jumps out of nested loops
//! become flags (`jumps.rs`), the forms the rest of the lowering reads.

use crate::error::Errors;
use crate::ir::names::Namer;
use crate::lower::chain_source::Shapes;
use crate::lower::scope::Fresh;
use syn::{Expr, FnArg, ItemFn, Pat, Type};

/// `item` with its body desugared; what cannot be is reported to `errors`.
pub(crate) fn desugar(item: &ItemFn, namer: &mut Namer, errors: &mut Errors) -> ItemFn {
    let lengths = array_lengths(item);
    let mut item = item.clone();
    crate::lower::conditions::rewrite(&mut item.block);
    crate::lower::vecs::rewrite(&mut item.block);
    crate::lower::iterate::rewrite(&mut item.block, namer, &lengths);
    let shapes = Shapes::of(&item);
    crate::lower::rows::rewrite(&mut item.block, &shapes);
    let mut fresh = Fresh::new(&item);
    let params: Vec<_> = item
        .sig
        .inputs
        .iter()
        .flat_map(|input| match input {
            FnArg::Typed(typed) => crate::lower::scope::pat_idents(&typed.pat),
            FnArg::Receiver(_) => Vec::new(),
        })
        .collect();
    crate::lower::closures::rewrite(&mut item.block, &params, &mut fresh, errors);
    crate::lower::chain::rewrite(&mut item.block, &shapes, &mut fresh, errors);
    crate::lower::subslice::rewrite(&mut item.block, &shapes);
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
