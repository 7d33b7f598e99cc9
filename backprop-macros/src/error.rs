//! Error collection: every unsupported construct is reported, not just the first
//! (serde_derive's `Ctxt`), each spanned at the user's code.

use proc_macro2::TokenStream;
use quote::ToTokens;
use std::fmt::Display;

/// Collects spanned errors while the stages run on.
#[derive(Default)]
pub(crate) struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    /// Records an error pointing at `node`.
    pub(crate) fn push(&mut self, node: impl ToTokens, message: impl Display) {
        self.add(syn::Error::new_spanned(node, message));
    }

    /// Records an already built error.
    pub(crate) fn add(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// How many errors were recorded so far.
    pub(crate) fn count(&self) -> usize {
        self.combined
            .as_ref()
            .map_or(0, |error| error.into_iter().count())
    }

    /// Whether nothing went wrong so far.
    pub(crate) fn is_empty(&self) -> bool {
        self.combined.is_none()
    }

    /// The errors as `compile_error!` invocations, or `None` if there were none.
    pub(crate) fn into_compile_errors(self) -> Option<TokenStream> {
        self.combined.map(|error| error.to_compile_error())
    }
}
