//! The Rust types of the tape's variables, as generated code declares them.

use crate::ir::{Tape, VarId};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

impl Tape {
    /// The type of a cached variable: declared, an `i32` `powi` exponent
    /// (`powi_exponent`, from [`Tape::powi_exponents`]), or the float.
    pub(crate) fn value_type(&self, var: VarId, float: &Ident, powi_exponent: bool) -> TokenStream {
        match &self.vars[var].ty {
            Some(ty) if self.params.contains(&var) => with_cache_lifetime(ty),
            Some(ty) => ty.to_token_stream(),
            None if powi_exponent => quote!(i32),
            None => float.to_token_stream(),
        }
    }
}

/// `&[f64]` as `&'a [f64]`, the lifetime of the cache that borrows it; other types
/// unchanged.
pub(crate) fn with_cache_lifetime(ty: &syn::Type) -> TokenStream {
    match ty {
        syn::Type::Reference(reference) => {
            let elem = &reference.elem;
            quote!(&'a #elem)
        }
        other => other.to_token_stream(),
    }
}
