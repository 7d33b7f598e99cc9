//! Struct parameters by value (`s: State`): a parameter of a type of the user's, by
//! value, whose fields the body reads (`s.x`, `s.v[i]`) is a struct to differentiate,
//! its gradient added into a buffer `d_s: &mut State`; one whose fields it never reads
//! (an enum matched on) stays constant data. And structs returned (`-> State`).

use crate::error::Errors;
use crate::parse::args::Args;
use crate::parse::signature::Float;
use syn::visit::Visit;
use syn::{Expr, Ident, ItemFn, Type};

/// Whether `ty` names a struct of the user's (a path that is not a float, an integer
/// or a standard type), without generic arguments.
pub(crate) fn struct_type(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    path.qself.is_none()
        && last.arguments.is_empty()
        && !["f32", "f64", "String", "Vec", "Option", "Box", "Self"].contains(&name.as_str())
        && !crate::parse::param_types::CONSTANT_TYPES.contains(&name.as_str())
}

/// The float type of a function returning the struct `ty`: its parameters' (`f64`
/// when none is a float, as for `fn step(s: &State) -> State`). `jvp`, `hessian`
/// and `circuit` need a float return.
pub(crate) fn struct_output_float(
    item: &ItemFn,
    ty: &Type,
    args: &Args,
    generic: Option<&Ident>,
    errors: &mut Errors,
) -> Option<Float> {
    if args.jvp || args.hessian || args.circuit.is_some() {
        errors.push(ty, "`jvp`, `hessian` and `circuit` are not supported yet on a function returning a struct; leave them out, or return the floats as a tuple (`-> (f64, f64)`)");
    }
    let float = item.sig.inputs.iter().find_map(|input| match input {
        syn::FnArg::Typed(typed) => crate::parse::param_types::float_slice(&typed.ty, generic)
            .or_else(|| crate::parse::param_types::float_array(&typed.ty, generic))
            .map(|(float, _)| float),
        syn::FnArg::Receiver(_) => None,
    });
    Some(float.unwrap_or(match generic {
        Some(generic) => Float::Generic(generic.clone()),
        None => Float::F64,
    }))
}

/// Whether `ty`, the type of a parameter `name` of `item`, is a struct by value whose
/// fields the body reads.
pub(crate) fn struct_by_value(item: &ItemFn, name: &Ident, ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let builtin = ["f32", "f64", "String", "Vec", "Option", "Box"];
    if path.qself.is_some()
        || builtin.contains(&last.ident.to_string().as_str())
        || crate::parse::param_types::CONSTANT_TYPES.contains(&last.ident.to_string().as_str())
    {
        return false;
    }
    reads_fields(&item.block, name, 0)
}

/// Whether `block` reads a field of `name`, or of a copy of it (`let s = s0;`,
/// `let s = *s0;`).
fn reads_fields(block: &syn::Block, name: &Ident, depth: usize) -> bool {
    let mut reads = FieldReads {
        name,
        found: false,
        copies: Vec::new(),
    };
    reads.visit_block(block);
    reads.found
        || depth < 4
            && reads
                .copies
                .iter()
                .any(|copy| copy != name && reads_fields(block, copy, depth + 1))
}

/// Finds a named field read `name.field` in a body, and the names bound to copies.
struct FieldReads<'a> {
    name: &'a Ident,
    found: bool,
    copies: Vec<Ident>,
}

impl<'ast> Visit<'ast> for FieldReads<'_> {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        let pat = match &local.pat {
            syn::Pat::Type(typed) => &*typed.pat,
            pat => pat,
        };
        if let (syn::Pat::Ident(binding), Some(init)) = (pat, &local.init) {
            let source = match &*init.expr {
                Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => &*unary.expr,
                other => other,
            };
            if is_name(source, self.name) {
                self.copies.push(binding.ident.clone());
            }
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_field(&mut self, field: &'ast syn::ExprField) {
        if matches!(field.member, syn::Member::Named(_)) && is_name(&field.base, self.name) {
            self.found = true;
        }
        syn::visit::visit_expr_field(self, field);
    }
}

fn is_name(expr: &Expr, name: &Ident) -> bool {
    match expr {
        Expr::Path(path) => path.qself.is_none() && path.path.is_ident(name),
        Expr::Paren(inner) => is_name(&inner.expr, name),
        Expr::Group(inner) => is_name(&inner.expr, name),
        _ => false,
    }
}

/// `hessian` flattens arrays and slices into `v` and `hv`; a struct parameter (by
/// reference or by value) is not flattened yet: an error at its type.
pub(crate) fn check_hessian(
    params: &[crate::parse::signature::Param],
    args: &Args,
    errors: &mut Errors,
) {
    if !args.hessian {
        return;
    }
    for param in params {
        let structured = param.owned || crate::parse::param_types::struct_reference(&param.ty);
        if structured && param.role == crate::parse::signature::Role::Differentiated {
            errors.push(&param.ty, "`hessian` does not support struct parameters yet; leave the struct out of `wrt(..)`, or pass its floats as an array (`&[f64; N]`)");
        }
    }
}
