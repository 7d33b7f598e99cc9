//! The generics of a differentiated function: its float type parameter (the one bound
//! by `Float`, `fn f<T: Float>`), const parameters (`const N: usize`), and the type
//! parameters it may not differentiate (no `Float` bound).

use crate::error::Errors;
use syn::{GenericParam, Generics, Ident, TypeParamBound, WherePredicate};

/// What the generics of the function say about its float type.
pub(crate) struct FloatParam {
    /// The type parameter bound by `Float`, if any: the function's float type.
    pub(crate) float: Option<Ident>,
    /// The other type parameters: constants, never differentiated.
    pub(crate) others: Vec<Ident>,
}

/// Whether a bound names `Float` (`Float`, `num_traits::Float`, `backprop::Float`).
fn is_float_bound(bound: &TypeParamBound) -> bool {
    matches!(bound, TypeParamBound::Trait(bound)
        if bound.path.segments.last().is_some_and(|last| last.ident == "Float"))
}

/// Reads the function's generics: the float type parameter and the others. Lifetime
/// parameters and a second `Float` parameter are errors.
pub(crate) fn float_param(generics: &Generics, errors: &mut Errors) -> FloatParam {
    let mut floats = Vec::new();
    let mut others = Vec::new();
    for param in &generics.params {
        match param {
            GenericParam::Type(ty) => {
                let bounded = ty.bounds.iter().any(is_float_bound)
                    || generics.where_clause.iter().any(|clause| {
                        clause.predicates.iter().any(|predicate| {
                            matches!(predicate, WherePredicate::Type(predicate)
                                if matches!(&predicate.bounded_ty, syn::Type::Path(path) if path.path.is_ident(&ty.ident))
                                    && predicate.bounds.iter().any(is_float_bound))
                        })
                    });
                if bounded {
                    floats.push(ty.ident.clone());
                } else {
                    others.push(ty.ident.clone());
                }
            }
            GenericParam::Lifetime(lifetime) => errors.push(
                lifetime,
                "`#[differentiate]` does not support lifetime parameters; write the references without a named lifetime (`x: &[T]`)",
            ),
            GenericParam::Const(_) => {}
        }
    }
    if let Some(second) = floats.get(1) {
        errors.push(
            second,
            "a `#[differentiate]` function has one float type: one type parameter bound by `Float` (`fn f<T: Float>(x: T, y: T) -> T`)",
        );
    }
    FloatParam {
        float: floats.into_iter().next(),
        others,
    }
}

/// The message for a float parameter of another type than the function's.
pub(crate) fn mixed_message(generic: Option<&Ident>) -> String {
    match generic {
        Some(generic) => format!("this function is generic over the float type `{generic}`: its float parameters and return type are all `{generic}` (or arrays and slices of it); write `{generic}` here, and constants as `{generic}::from_f64(0.5).unwrap()`"),
        None => String::from("`#[differentiate]` functions use one float type: the return type and every float parameter must all be `f64` or all be `f32`"),
    }
}

/// Whether `ty` mentions a type parameter that is not bound by `Float`.
pub(crate) fn names_other(ty: &syn::Type, generics: &FloatParam) -> bool {
    let mut found = false;
    let tokens = quote::ToTokens::to_token_stream(ty);
    mentions(tokens, &generics.others, &mut found);
    found
}

fn mentions(tokens: proc_macro2::TokenStream, names: &[Ident], found: &mut bool) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) if names.contains(&ident) => *found = true,
            proc_macro2::TokenTree::Group(group) => mentions(group.stream(), names, found),
            _ => {}
        }
    }
}

/// The message for a parameter whose type is a type parameter without a `Float` bound.
pub(crate) fn unbounded_message(ty: &syn::Type) -> String {
    let name = quote::ToTokens::to_token_stream(ty).to_string();
    format!("`{name}` is not bound by `Float`: `#[differentiate]` differentiates values of a type parameter bound by `num_traits::Float` (`fn f<T: backprop::Float>(x: T) -> T`); add the bound, or write the function for `f64`")
}

/// The message for `circuit` on a generic function.
pub(crate) fn circuit_message(float: &Ident) -> String {
    format!("`circuit` records a run in `f64`, and this function is generic over `{float}`: draw the circuit of an `f64` version of the function")
}
