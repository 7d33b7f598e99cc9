//! The generated items of one copy of a function with `#[cfg]`s inside
//! (`parse/cfg.rs`), each under `#[cfg(..)]` of the copy's combination of conditions.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `tokens` (items: structs, `impl`s, functions, constants, `compile_error!`s) each with
/// `#[cfg(predicate)]`; a function named `skip` is left out (the user's own function,
/// which the error output repeats and which is emitted once, as written).
pub(crate) fn under_cfg(
    tokens: TokenStream,
    predicate: &TokenStream,
    skip: Option<&Ident>,
) -> TokenStream {
    let file = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => file,
        // Not expected; without the condition the items would clash with another copy's.
        Err(error) => return error.to_compile_error(),
    };
    file.items
        .into_iter()
        .filter(|item| !matches!((item, skip), (syn::Item::Fn(item_fn), Some(skip)) if item_fn.sig.ident == *skip))
        .map(|item| quote!(#[cfg(#predicate)] #item))
        .collect()
}
