//! Small rewrites of the forward mode's tangent expressions, so they read as a person
//! writes them (`t_a / den`, `a - b * t`), and the zero of a type.

use crate::ir::sym::{Arith, Sym};
use proc_macro2::TokenStream;
use quote::quote;

/// `0.0` of a float type, `[0.0; N]` of an array type (nested for matrices).
pub(crate) fn zero_of(ty: &syn::Type) -> TokenStream {
    match ty {
        syn::Type::Array(array) => {
            let (element, len) = (zero_of(&array.elem), &array.len);
            quote!([#element; #len])
        }
        syn::Type::Paren(inner) => zero_of(&inner.elem),
        _ => quote!(0.0),
    }
}

/// `b / a` for `1.0 / a * b`, as a person writes it.
pub(crate) fn tidy(term: Sym) -> Sym {
    match term {
        Sym::Bin(Arith::Mul, left, right) => match *left {
            Sym::Bin(Arith::Div, one, den) if *one == Sym::Num(1.0) => *right / *den,
            left => Sym::Bin(Arith::Mul, Box::new(left), right),
        },
        term => term,
    }
}

/// `a * b` for a term `-a * b` (or `-a / b`, `-(a)`), so a sum can subtract it.
pub(crate) fn positive(term: &Sym) -> Option<Sym> {
    match term {
        Sym::Neg(inner) => Some((**inner).clone()),
        Sym::Num(value) if *value < 0.0 => Some(Sym::Num(-value)),
        Sym::Bin(op @ (Arith::Mul | Arith::Div), left, right) => {
            positive(left).map(|left| Sym::Bin(*op, Box::new(left), right.clone()))
        }
        _ => None,
    }
}
