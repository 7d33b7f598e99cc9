//! Tuple parameters, `(a, b): (f64, f64)` or `p: (f64, f64)`: taken apart into one
//! parameter per component (`a: f64, b: f64`; `p_0: f64, p_1: f64`, with `let p =
//! (p_0, p_1);` first in the body) before anything else reads the signature, and put
//! back together wherever a generated function declares its parameters
//! (`Signature::grouped`), so the generated functions take a tuple where the user's
//! function does.

use quote::quote;
use std::ops::Range;
use syn::{FnArg, ItemFn, Pat, Type};

/// `item` with each tuple-pattern parameter replaced by its components, and where each
/// tuple was, as ranges of the new typed parameters. A tuple whose pattern is not a
/// flat list of names and `_` matching its type's arity is left as it is (the
/// signature check reports it).
pub(crate) fn flatten(item: &ItemFn) -> (ItemFn, Vec<Range<usize>>) {
    let mut flat = item.clone();
    let mut inputs = syn::punctuated::Punctuated::new();
    let mut groups = Vec::new();
    let mut typed_count = 0;
    let mut rebuilt: Vec<syn::Stmt> = Vec::new();
    for input in &item.sig.inputs {
        let parts = match input {
            FnArg::Typed(typed) => components(&typed.pat, &typed.ty).or_else(|| {
                let (pat, parts) = named(&typed.pat, &typed.ty)?;
                // `p: (f64, f64)` is taken as `(p_0, p_1)` and rebuilt first thing.
                let names = parts.iter().map(|(name, _)| name);
                rebuilt.push(syn::parse_quote!(let #pat = (#(#names,)*);));
                Some(parts)
            }),
            FnArg::Receiver(_) => None,
        };
        match parts {
            Some(parts) => {
                groups.push(typed_count..typed_count + parts.len());
                typed_count += parts.len();
                for (pat, ty) in parts {
                    inputs.push(syn::parse_quote!(#pat: #ty));
                }
            }
            None => {
                typed_count += usize::from(matches!(input, FnArg::Typed(_)));
                inputs.push(input.clone());
            }
        }
    }
    flat.sig.inputs = inputs;
    rebuilt.append(&mut flat.block.stmts);
    flat.block.stmts = rebuilt;
    (flat, groups)
}

/// A tuple parameter given a name, `p: (f64, f64)` (its components not tuples
/// themselves): the binding to rebuild it with (`mut p` if it is `mut`), and its
/// components as parameters `p_0: f64`, `p_1: f64`.
fn named(pat: &Pat, ty: &Type) -> Option<(syn::PatIdent, Vec<(Pat, Type)>)> {
    let (Pat::Ident(ident), Type::Tuple(types)) = (pat, ty) else {
        return None;
    };
    let plain = ident.by_ref.is_none() && ident.subpat.is_none();
    let flat = types.elems.iter().all(|ty| !matches!(ty, Type::Tuple(_)));
    if !plain || !flat || types.elems.is_empty() {
        return None;
    }
    let parts = types.elems.iter().enumerate().map(|(index, ty)| {
        let name = quote::format_ident!("{}_{index}", ident.ident, span = ident.ident.span());
        (syn::parse_quote!(#name), ty.clone())
    });
    Some((ident.clone(), parts.collect()))
}

/// The components of `(a, b): (f64, f64)`, as `(pattern, type)` pairs.
fn components(pat: &Pat, ty: &Type) -> Option<Vec<(Pat, Type)>> {
    let (Pat::Tuple(pats), Type::Tuple(types)) = (pat, ty) else {
        return None;
    };
    let flat = pats.elems.iter().all(|pat| match pat {
        Pat::Ident(ident) => ident.by_ref.is_none() && ident.subpat.is_none(),
        Pat::Wild(_) => true,
        _ => false,
    });
    (flat && !pats.elems.is_empty() && pats.elems.len() == types.elems.len()).then(|| {
        pats.elems
            .iter()
            .cloned()
            .zip(types.elems.iter().cloned())
            .collect()
    })
}

/// One item per parameter (`items`), with the components of each tuple parameter
/// (`groups`) joined into one by `join`.
pub(crate) fn join<T: Clone>(
    items: Vec<T>,
    groups: &[Range<usize>],
    join: impl Fn(&[T]) -> T,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < items.len() {
        match groups.iter().find(|group| group.start == index) {
            Some(group) if group.end <= items.len() => {
                out.push(join(&items[group.clone()]));
                index = group.end;
            }
            _ => {
                out.push(items[index].clone());
                index += 1;
            }
        }
    }
    out
}

impl crate::parse::signature::Signature {
    /// Parameter declarations, one `(pattern, type)` per parameter, as the generated
    /// functions write them: a tuple parameter's components joined back into one
    /// (`(a, b): (f64, f64)`).
    pub(crate) fn grouped(
        &self,
        declarations: Vec<(proc_macro2::TokenStream, proc_macro2::TokenStream)>,
    ) -> Vec<proc_macro2::TokenStream> {
        group(declarations, &self.tuple_params)
    }
}

/// Parameter declarations `pattern: Type`, one per parameter, with the components of
/// each tuple parameter (`groups`) joined back into one: `(a, b): (f64, f64)`.
fn group(
    declarations: Vec<(proc_macro2::TokenStream, proc_macro2::TokenStream)>,
    groups: &[Range<usize>],
) -> Vec<proc_macro2::TokenStream> {
    let declarations = declarations
        .into_iter()
        .map(|(pat, ty)| {
            let declaration = quote!(#pat: #ty);
            (pat, ty, declaration)
        })
        .collect();
    join(declarations, groups, |parts| {
        let pats = parts.iter().map(|(pat, _, _)| pat);
        let types = parts.iter().map(|(_, ty, _)| ty);
        let (pats, types) = (quote!((#(#pats,)*)), quote!((#(#types,)*)));
        (pats.clone(), types.clone(), quote!(#pats: #types))
    })
    .into_iter()
    .map(|(_, _, declaration)| declaration)
    .collect()
}
