//! The items of the differentiated body (`const K: f64 = ..;`, `use ..;`, helper `fn`s),
//! repeated in every generated function that evaluates body code, so that a name there
//! finds the body's item and not an outer one of the same name (or none).

use crate::emit::context::Context;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// The items as the forward pass (and the fused `f_grad`) declares them, with the
/// checks of gate names. An import may name what only the user's function calls
/// (`use self::huber;` for `huber(..)`, which here is `huber_forward(..)`).
pub(crate) fn forward(cx: &Context) -> TokenStream {
    cx.tape
        .items
        .iter()
        .map(|item| match item {
            syn::Item::Use(_) => quote!(#[allow(unused_imports)] #item),
            item => item.to_token_stream(),
        })
        .collect()
}

/// The items as the backward pass declares them: local gradients and recomputed stages
/// may name them, but need not, hence the `allow`. The checks of gate names
/// (`lower/gate_names.rs`) are the forward pass's.
pub(crate) fn backward(cx: &Context) -> TokenStream {
    cx.tape
        .items
        .iter()
        .filter(|item| !matches!(item, syn::Item::Verbatim(_)))
        .map(|item| quote!(#[allow(unused_imports, unused_macros, dead_code)] #item))
        .collect()
}
