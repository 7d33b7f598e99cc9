//! The cache's layout: a value computed once is a plain field; a value computed inside
//! a loop or a branch is saved each time in a stack (a fixed-size array when the
//! number of runs is known at compile time, no allocation; else a `Vec`), which the
//! backward pass pops in reverse.

use crate::activity::Plan;
use crate::expand::Context;
use crate::ir::VarId;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// One field of the cache.
pub(crate) struct Field {
    pub(crate) var: VarId,
    /// The field's name: the variable's, or `<var>_saved` for a stack.
    pub(crate) name: Ident,
    /// The field's type.
    pub(crate) ty: TokenStream,
    /// Whether the field is a stack of per-run values.
    pub(crate) stacked: bool,
}

/// The cache's fields, in definition order.
pub(crate) fn layout(cx: &mut Context, plan: &Plan) -> Vec<Field> {
    plan.cache
        .iter()
        .filter(|&&var| !plan.remat[var])
        .map(|&var| {
            let value_ty = cx.var_type(var);
            let block = cx.tape.vars[var].block;
            if block == 0 {
                return Field {
                    var,
                    name: cx.tape.vars[var].name.clone(),
                    ty: value_ty,
                    stacked: false,
                };
            }
            let name = cx.namer.fresh(&format!(
                "{}_saved",
                crate::names::plain(&cx.tape.vars[var].name)
            ));
            let ty = match cx.tape.blocks[block].runs {
                Some(runs) => quote!(::backprop::__private::ArrayStack<#value_ty, #runs>),
                None => quote!(::backprop::__private::Stack<#value_ty>),
            };
            Field {
                var,
                name,
                ty,
                stacked: true,
            }
        })
        .collect()
}

/// The stack field saving `var`, if it has one.
pub(crate) fn stack_of(fields: &[Field], var: VarId) -> Option<&Ident> {
    fields
        .iter()
        .find(|field| field.var == var && field.stacked)
        .map(|field| &field.name)
}
