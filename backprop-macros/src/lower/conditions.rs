//! Conditions with statements in them, rewritten before lowering into the statements
//! followed by a plain condition, as one writes them by hand. A condition is a value
//! with no derivative, so the statements would otherwise be lost to the gradient.
//!
//! Input:  `while { s = s * y + 0.5; s < 3.0 } { n += 1; }`,
//!         `if { s = s * y; s > 0.0 } { a } else { b }`
//! Output: `loop { s = s * y + 0.5; if s < 3.0 {} else { break; } n += 1; }`,
//!         `{ s = s * y; if s > 0.0 { a } else { b } }`
//!
//! Only a condition block without `let`s or items is rewritten: its bindings would
//! otherwise become visible in the body. Lowering reports the others.

use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprBlock, Stmt};

/// Rewrites the conditions in `body` that run statements.
pub(crate) fn rewrite(body: &mut Block) {
    Conditions.visit_block_mut(body);
}

struct Conditions;

impl VisitMut for Conditions {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::While(node) => {
                let Some((stmts, cond)) = split(&node.cond) else {
                    return;
                };
                let (attrs, label, body) = (&node.attrs, &node.label, &node.body.stmts);
                let exit = match label {
                    Some(label) => {
                        let name = &label.name;
                        quote::quote!(break #name;)
                    }
                    None => quote::quote!(break;),
                };
                *expr = syn::parse_quote! {
                    #(#attrs)* #label loop {
                        #(#stmts)*
                        if #cond {} else { #exit }
                        #(#body)*
                    }
                };
            }
            Expr::If(node) => {
                let Some((stmts, cond)) = split(&node.cond) else {
                    return;
                };
                let mut plain = node.clone();
                *plain.cond = cond;
                plain.attrs.clear();
                let attrs = &node.attrs;
                *expr = syn::parse_quote!(#(#attrs)* { #(#stmts)* #plain });
            }
            _ => {}
        }
    }
}

/// A condition `{ stmts; cond }` whose statements declare nothing: the statements and
/// the plain condition.
fn split(cond: &Expr) -> Option<(Vec<Stmt>, Expr)> {
    let Expr::Block(ExprBlock {
        block, label: None, ..
    }) = cond
    else {
        return None;
    };
    let (last, stmts) = block.stmts.split_last()?;
    let Stmt::Expr(cond, None) = last else {
        return None;
    };
    if stmts.is_empty()
        || stmts
            .iter()
            .any(|stmt| matches!(stmt, Stmt::Local(_) | Stmt::Item(_)))
    {
        return None;
    }
    Some((stmts.to_vec(), cond.clone()))
}
