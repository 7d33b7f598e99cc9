//! Arrays passed to another `#[differentiate]` function: the whole array or a part of
//! it, by reference or by value. A reference's adjoint is the matching part of the
//! caller's adjoint, passed as the callee's buffer (`&mut d_x[a..b]`: no copy); a
//! value's comes back in the callee's tuple and is added in.
//!
//! Input:  `g(&x[1..n], &m[i], w)` with `x`, `m` reference parameters, `w` an array
//! Output: `g_forward(&x[1..n], &m[i], w)` .. `g_pullback(&g_cache, d_g_out, &mut
//!          d_x[1..n], &mut d_m[i])` and `d_w` gains the tuple's third entry

use crate::ir::{Operand, Tape, VarId};
use proc_macro2::TokenStream;
use quote::quote;

/// Which part of an array an argument is.
#[derive(Clone, PartialEq, Debug)]
pub(crate) enum Part {
    /// The array itself (`x`, `&x`).
    Whole,
    /// A row (`m[i]`, `&t[i][j]`): an array of lower rank.
    Row(Vec<Operand>),
    /// A sub-slice (`&x[a..b]`, `&x[a..]`, `&x[..b]`).
    Range(Option<Operand>, Option<Operand>),
}

/// An array argument of a call: `array` (the call's operand) seen through `part`.
#[derive(Clone, PartialEq, Debug)]
pub(crate) struct View {
    pub(crate) array: VarId,
    /// A struct parameter's field path before the part (`&p.l1`, `&p.l1.w[i]`).
    pub(crate) fields: Vec<proc_macro2::Ident>,
    pub(crate) part: Part,
    /// Passed by reference: the callee adds its share into a buffer.
    pub(crate) by_ref: bool,
}

impl View {
    /// The operands the part reads (row indices, range bounds).
    pub(crate) fn operands(&self) -> Vec<Operand> {
        match &self.part {
            Part::Whole => Vec::new(),
            Part::Row(indices) => indices.clone(),
            Part::Range(lo, hi) => lo.iter().chain(hi).copied().collect(),
        }
    }

    /// Whether the argument is a slice (`&x[a..b]`, `x` of a slice parameter), whose
    /// length its type does not give.
    pub(crate) fn is_slice(&self, tape: &Tape) -> bool {
        match self.part {
            Part::Range(..) => true,
            Part::Whole => {
                self.fields.is_empty()
                    && tape.is_slice(self.array)
                    && !tape.is_array_ref(self.array)
                    && !tape.is_struct(self.array)
            }
            Part::Row(_) => false,
        }
    }

    /// `base` seen through the part: `base`, `base[i]`, `base[a..b]`.
    pub(crate) fn place(&self, tape: &Tape, base: &TokenStream) -> TokenStream {
        let fields = &self.fields;
        let base = &quote!(#base #(.#fields)*);
        match &self.part {
            Part::Whole => base.clone(),
            Part::Row(indices) => {
                let indices = indices.iter().map(|index| tape.operand_tokens(*index));
                quote!(#base #([#indices])*)
            }
            Part::Range(lo, hi) => {
                let lo = lo.map(|lo| tape.operand_tokens(lo));
                let hi = hi.map(|hi| tape.operand_tokens(hi));
                quote!(#base[#lo..#hi])
            }
        }
    }

    /// The argument in the forward pass: `&x[a..b]`, `&m[i]`, `x`, `*p`.
    pub(crate) fn argument(&self, tape: &Tape) -> TokenStream {
        self.argument_of(tape, &tape.vars[self.array].name)
    }

    /// The same part of `name`, an array shaped as the argument's (its tangent
    /// `t_x`): `&t_x[a..b]`, `&t_p.l1`.
    pub(crate) fn argument_of(&self, tape: &Tape, name: &proc_macro2::Ident) -> TokenStream {
        let reference = tape.is_slice(self.array);
        match (&self.part, self.by_ref, reference) {
            (Part::Whole, true, true) if self.fields.is_empty() => quote!(#name),
            (Part::Whole, false, true) if self.fields.is_empty() => quote!(*#name),
            (_, true, _) => {
                let place = self.place(tape, &quote!(#name));
                quote!(&#place)
            }
            (_, false, _) => self.place(tape, &quote!(#name)),
        }
    }
}

/// Whether a call passes a reference argument, so that its cache borrows for `'a`.
pub(crate) fn borrows(tape: &Tape) -> bool {
    tape.gates.iter().any(|gate| match &gate.op {
        crate::ir::GateOp::Call(call) => call.views.iter().flatten().any(|view| view.by_ref),
        _ => false,
    })
}
