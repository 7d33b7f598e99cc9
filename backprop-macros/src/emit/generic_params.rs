//! Which generics each generated item of a generic function carries: the structs all
//! of them (a method's `impl` block's too), with the float type defaulting to `f64`
//! when it comes last (`RosenbrockCache<'a, T: Float = f64>`, so an `f64` function's
//! call of a generic one names the callee's cache as for an `f64` callee); the
//! generated methods only their own.
//!
//! Input: `impl<T: Float> Model<T> { fn f<const N: usize>(&self, x: &[T; N]) -> T }`
//! Output: `struct ModelFCache<'a, T: Float, const N: usize>`,
//! `impl<T: Float> Model<T> { fn f_forward<const N: usize>(&self, ..) }`

use crate::parse::signature::Signature;
use proc_macro2::Ident;
use syn::{GenericParam, Generics};

/// The generics the structs and the functions carry: for a method of `impl<T: Float>
/// Model<T>`, the structs carry the block's and the method's, the generated methods
/// only the method's (their `impl` block declares the rest).
pub(crate) struct Both<'a> {
    pub(crate) all: &'a Generics,
    pub(crate) fns: &'a Generics,
}

/// The function's generics without its `impl` block's.
pub(crate) fn own_generics(sig: &Signature) -> Generics {
    let block = &sig.impl_generics;
    if block.params.is_empty() && block.where_clause.is_none() {
        return sig.generics.clone();
    }
    let mut own = sig.generics.clone();
    own.params = own.params.into_iter().skip(block.params.len()).collect();
    let block_predicates = block
        .where_clause
        .as_ref()
        .map_or(0, |clause| clause.predicates.len());
    if let Some(clause) = own.where_clause.take() {
        let rest: syn::punctuated::Punctuated<_, syn::Token![,]> = clause
            .predicates
            .into_iter()
            .skip(block_predicates)
            .collect();
        if !rest.is_empty() {
            own.make_where_clause().predicates = rest;
        }
    }
    own
}

/// `generics` with the function's parameters after its own (a lifetime `'a` first)
/// and the function's `where` clause.
pub(crate) fn add_generics(generics: &mut Generics, function: &Generics) {
    generics.params.extend(function.params.iter().cloned());
    if let Some(clause) = &function.where_clause {
        let predicates = &mut generics.make_where_clause().predicates;
        predicates.extend(clause.predicates.iter().cloned());
    }
}

/// A generated struct's generics: its own (a lifetime `'a`) and the function's, with
/// `= f64` on the float type parameter when no parameter without a default follows it.
pub(crate) fn struct_generics(
    own: &Generics,
    function: &Generics,
    float: Option<&Ident>,
) -> Generics {
    let mut generics = own.clone();
    add_generics(&mut generics, function);
    let last = generics.params.iter_mut().last();
    if let (Some(GenericParam::Type(param)), Some(float)) = (last, float) {
        if param.ident == *float && param.default.is_none() {
            param.eq_token = Some(syn::Token![=](proc_macro2::Span::call_site()));
            param.default = Some(syn::parse_quote!(f64));
        }
    }
    generics
}
