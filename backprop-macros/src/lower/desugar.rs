//! Desugaring before lowering: conditions that run statements become statements and a
//! plain condition (`conditions.rs`), iteration over arrays becomes index loops
//! (`iterate.rs`), rows bound by `let` are read in place (`rows.rs`), tuples and
//! destructuring patterns become one scalar per component (`tuples.rs`), whole-array
//! assignments become element assignments (`array_assign.rs`), local closures
//! are inlined (`closures.rs`), iterator chains become index loops (`chain.rs`),
//! sub-slices read by element become reads of their array (`subslice.rs`), `break`
//! with a value becomes an assignment (`values.rs`), and jumps out of nested loops
//! become flags (`jumps.rs`), the forms the rest of the lowering reads.

use crate::error::Errors;
use crate::ir::names::Namer;
use crate::lower::chain_source::Shapes;
use crate::lower::scope::Fresh;
use crate::parse::signature::Signature;
use std::collections::BTreeSet;
use syn::{Expr, FnArg, ItemFn, Pat, Type};

/// `item` with its body desugared; what cannot be is reported to `errors`.
pub(crate) fn desugar(
    item: &ItemFn,
    sig: &Signature,
    namer: &mut Namer,
    errors: &mut Errors,
) -> ItemFn {
    let mut item = item.clone();
    pattern_params(&mut item, sig);
    let lengths = array_lengths(&item);
    crate::lower::conditions::rewrite(&mut item.block);
    crate::lower::vecs::rewrite(&mut item.block);
    crate::lower::iterate::rewrite(&mut item.block, namer, &lengths);
    let shapes = Shapes::of(&item);
    crate::lower::rows::rewrite(&mut item.block, &shapes);
    let mut fresh = Fresh::new(&item);
    let refs = array_refs(&item);
    let literal_lengths = lengths
        .iter()
        .filter_map(|(name, len)| match len {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(len),
                ..
            }) => Some((name.clone(), len.base10_parse().ok()?)),
            _ => None,
        })
        .collect();
    crate::lower::tuples::rewrite(&mut item.block, &refs, literal_lengths, &mut fresh, errors);
    crate::lower::array_assign::rewrite(&mut item, &mut fresh);
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
                (Pat::Ident(pat), Type::Reference(reference)) => match &*reference.elem {
                    Type::Array(array) => Some((pat.ident.to_string(), array.len.clone())),
                    _ => None,
                },
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The reference-to-array parameters (`p: &[f64; 2]`), whose `*p` is `p`.
fn array_refs(item: &ItemFn) -> BTreeSet<String> {
    item.sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match (&*typed.pat, &*typed.ty) {
                (Pat::Ident(pat), Type::Reference(reference))
                    if matches!(*reference.elem, Type::Array(_)) =>
                {
                    Some(pat.ident.to_string())
                }
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// A parameter given as an array pattern (`[x, y]: [f64; 2]`) named as the signature
/// names it (`x_y`), and taken apart by the body's first statement
/// (`let [x, y] = x_y;`); a `mut` array parameter copied into a local of its name
/// (`let mut x = x;`).
fn pattern_params(item: &mut ItemFn, sig: &Signature) {
    let typed = item.sig.inputs.iter_mut().filter_map(|input| match input {
        FnArg::Typed(typed) => Some(typed),
        FnArg::Receiver(_) => None,
    });
    let mut lets = Vec::new();
    for (typed, param) in typed.zip(&sig.params) {
        if crate::parse::param_names::array_pattern(&typed.pat) {
            let (pat, name) = (&typed.pat, &param.name);
            lets.push(syn::parse_quote!(let #pat = #name;));
            *typed.pat = syn::parse_quote!(#name);
        } else if let (Pat::Ident(pat), Type::Array(_)) = (&mut *typed.pat, &*typed.ty) {
            // `mut x: [f64; 3]`, assigned by element: a local copy, as Rust passes it.
            if pat.mutability.take().is_some() {
                let name = &pat.ident;
                lets.push(syn::parse_quote!(let mut #name = #name;));
            }
        }
    }
    lets.append(&mut item.block.stmts);
    item.block.stmts = lets;
}
