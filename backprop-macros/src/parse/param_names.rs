//! Names for parameters the user did not name plainly: `_` (`_unused`) and array
//! patterns (`[x, y]: [f64; 2]` -> `x_y`), never clashing with the function's names.

use crate::parse::signature::Param;
use proc_macro2::Ident;
use syn::{ItemFn, Pat};

/// A name for a `_` parameter in the generated functions: `_unused`, `_unused_2`, ..,
/// none of them an identifier of the function or an earlier parameter's name.
pub(crate) fn unused_name(item: &ItemFn, params: &[Param], span: proc_macro2::Span) -> Ident {
    let mut idents = std::collections::BTreeSet::new();
    collect_idents(quote::ToTokens::to_token_stream(item), &mut idents);
    idents.extend(params.iter().map(|param| param.name.to_string()));
    let name = (1..)
        .map(|n| match n {
            1 => "_unused".to_owned(),
            n => format!("_unused_{n}"),
        })
        .find(|name| !idents.contains(name))
        .unwrap_or_default();
    Ident::new(&name, span)
}

/// Whether a parameter's pattern takes an array apart: `[x, y]`, `&[x, y]`.
pub(crate) fn array_pattern(pat: &Pat) -> bool {
    match pat {
        Pat::Slice(slice) => slice
            .elems
            .iter()
            .all(|pat| matches!(pat, Pat::Ident(_) | Pat::Wild(_))),
        Pat::Reference(reference) => array_pattern(&reference.pat),
        _ => false,
    }
}

/// The name of a parameter given as an array pattern, for the generated functions and
/// its gradient field: its names joined (`[x, y]` -> `x_y`), unless the function uses
/// that name already (then `x_y_1`, ..).
pub(crate) fn pattern_name(item: &ItemFn, params: &[Param], pat: &Pat) -> Ident {
    let mut idents = std::collections::BTreeSet::new();
    collect_idents(quote::ToTokens::to_token_stream(item), &mut idents);
    idents.extend(params.iter().map(|param| param.name.to_string()));
    let base = pattern_idents(pat).join("_");
    let base = if base.is_empty() {
        "array".to_owned()
    } else {
        base
    };
    let name = (0..)
        .map(|n| match n {
            0 => base.clone(),
            n => format!("{base}_{n}"),
        })
        .find(|name| !idents.contains(name))
        .unwrap_or_default();
    Ident::new(&name, syn::spanned::Spanned::span(pat))
}

fn pattern_idents(pat: &Pat) -> Vec<String> {
    match pat {
        Pat::Slice(slice) => slice.elems.iter().flat_map(pattern_idents).collect(),
        Pat::Reference(reference) => pattern_idents(&reference.pat),
        Pat::Ident(ident) => vec![ident.ident.to_string()],
        _ => Vec::new(),
    }
}

fn collect_idents(tokens: proc_macro2::TokenStream, into: &mut std::collections::BTreeSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                into.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), into),
            _ => {}
        }
    }
}
