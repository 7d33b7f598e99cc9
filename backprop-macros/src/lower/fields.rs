//! Lowering, fields of struct parameters (`p: &Params`): a float read through a field
//! path, with indices for an array field, is one element read whose adjoint goes to
//! the same place in the buffer `d_p`; a field's length is a constant.
//!
//! Input:  `p.l1.w[i][j] * x[j] + p.scale`, `for i in 0..p.b.len()`
//! Output: `p_l1_w_i_j = p.l1.w[i][j]` (adjoint: `d_p.l1.w[i][j] += ..`), `p_scale = p.scale`

use crate::ir::names::plain;
use crate::ir::{GateOp, Operand, VarId};
use crate::lower::Lowerer;
use crate::parse::signature::SELF_PARAM;
use proc_macro2::Ident;
use syn::spanned::Spanned;
use syn::Expr;

/// A place inside a struct parameter: `p.l1.w[i][j]`.
pub(crate) struct FieldPlace<'e> {
    pub(crate) base: VarId,
    pub(crate) fields: Vec<Ident>,
    pub(crate) indices: Vec<&'e Expr>,
}

impl Lowerer<'_> {
    /// `expr` as a place in a struct parameter, if it is one.
    pub(crate) fn field_place<'e>(&self, expr: &'e Expr) -> Option<FieldPlace<'e>> {
        let mut indices = Vec::new();
        let mut at = strip(expr);
        while let Expr::Index(index) = at {
            indices.push(&*index.index);
            at = strip(&index.expr);
        }
        let mut fields = Vec::new();
        while let Expr::Field(field) = at {
            let syn::Member::Named(name) = &field.member else {
                return None;
            };
            fields.push(name.clone());
            at = strip(&field.base);
        }
        if fields.is_empty() {
            return None;
        }
        let base = self.as_variable(at)?;
        if !self.tape.is_struct(base) {
            return None;
        }
        fields.reverse();
        indices.reverse();
        Some(FieldPlace {
            base,
            fields,
            indices,
        })
    }

    /// A float read from a struct parameter, or a field's `len()`.
    pub(crate) fn lower_field(&mut self, expr: &Expr, hint: &str) -> Option<Operand> {
        if let Expr::MethodCall(call) = expr {
            if call.method == "len" && self.field_place(&call.receiver).is_some() {
                let ty = syn::parse_quote!(usize);
                return Some(self.passive_any(expr, hint, Some(ty)));
            }
        }
        let place = self.field_place(expr)?;
        if place
            .indices
            .iter()
            .any(|index| matches!(strip(index), Expr::Range(_)))
        {
            return Some(self.error(expr, "a sub-slice of a field is passed to a call (`g(&p.w[a..b])`); elsewhere read its elements (`p.w[i]`)"));
        }
        let mut words = vec![plain(&self.tape.vars[place.base].name)];
        if words[0] == SELF_PARAM {
            // `self.w[i]` is named `self_w_i`, not `self__w_i`.
            words[0] = String::from("self");
        }
        words.extend(place.fields.iter().map(plain));
        let mut indices = Vec::new();
        for index in &place.indices {
            let (operand, word) = match self.index_operand(index, hint) {
                Some(index) => index,
                None => return Some(self.lit_tokens(quote::quote!(0.0))),
            };
            words.push(word);
            indices.push(operand);
        }
        let name = self.element_name(&words, hint);
        let active = self.tape.vars[place.base].active;
        let op = GateOp::Index {
            array: place.base,
            fields: place.fields,
            indices,
        };
        Some(Operand::Var(self.push_gate(name, op, active, expr.span())))
    }
}

/// `expr` without parentheses and invisible groups.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip(&inner.expr),
        Expr::Group(inner) => strip(&inner.expr),
        other => other,
    }
}
