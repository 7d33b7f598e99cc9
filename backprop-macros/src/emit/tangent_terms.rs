//! Small rewrites of the forward mode's tangent expressions, so they read as a person
//! writes them (`t_a / den`, `a - b * t`), and the zero of a type.

use crate::ir::ops::Op;
use crate::ir::sym::{operand_sym, Arith, Sym};
use crate::ir::{rules, Operand, Tape, VarId};
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

/// The tangent of `out = op(..)`: over the inputs `varying` accepts, each input's
/// pullback from the rule table seeded with its tangent (`Sym::Adj(input)` stands for
/// the tangent), summed; `None` if no input varies. Forward mode (`jvp.rs`) and the
/// forward half of forward-over-reverse (`hvp_forward.rs`) share it, so both differentiate
/// by the one rule table.
pub(crate) fn tangent_sum(
    tape: &Tape,
    out: VarId,
    op: &Op<Operand>,
    varying: impl Fn(Operand) -> Option<VarId>,
) -> Option<Sym> {
    let symbolic = op.map(|input| operand_sym(tape, *input));
    let mut total: Option<Sym> = None;
    for (position, input) in op.inputs().into_iter().enumerate() {
        let Some(var) = varying(*input) else {
            continue;
        };
        let pullback = rules::pullback(&symbolic, &Sym::Var(out), &Sym::Adj(var));
        if let Some(Some(term)) = pullback.into_iter().nth(position) {
            let term = tidy(term);
            total = Some(match (total, positive(&term)) {
                (Some(sum), Some(magnitude)) => sum - magnitude,
                (Some(sum), None) => sum + term,
                (None, _) => term,
            });
        }
    }
    total
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
