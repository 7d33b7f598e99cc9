//! A closure's body (or a `for` loop's) rewritten for what its parameters are bound to
//! (`chain_bind.rs`): names of views, rows and tuples replaced, and uses written for a
//! reference (`*v`, `v > &0.0`) read as the value bound here.
//!
//! Input:  `|w| (*w)[1] - w[0]` bound to the view `x[i..i + 2]`, `|v| **v > 0.0`
//! Output: `x[i..i + 2][1] - x[i..i + 2][0]`, `v > 0.0`

use crate::lower::chain_bind::Bound;
use crate::lower::scope::{self, atom, Replace};
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};
use syn::Expr;

/// `body` with the bound names replaced and read as values: `*v` is `v`, `v > &0.0`
/// is `v > 0.0`, `a.partial_cmp(b)` is `a.partial_cmp(&b)`. Fails when the body binds
/// a replaced name again inside (replacing its uses would be wrong).
pub(crate) fn rewrite_body(body: &Expr, bound: &Bound) -> Result<Expr, syn::Error> {
    let replaced: BTreeSet<String> = bound.replace.iter().map(|(name, _)| name.clone()).collect();
    if scope::binds_any(body, &replaced) {
        return Err(syn::Error::new_spanned(
            body,
            "this closure binds a name again that `#[differentiate]` replaces in it (a view, a row or a tuple parameter); rename the inner binding",
        ));
    }
    let mut body = body.clone();
    Unref {
        names: &bound.names,
    }
    .visit_expr_mut(&mut body);
    Replace {
        with: &bound.replace,
    }
    .visit_expr_mut(&mut body);
    Ok(body)
}

/// Uses of a name bound to a reference in Rust, rewritten for the value it is bound
/// to here: in closure bodies, and in `for` loops over arrays (`iterate.rs`).
pub(crate) struct Unref<'a> {
    pub(crate) names: &'a BTreeSet<String>,
}

impl Unref<'_> {
    fn is_bound(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| self.names.contains(&ident.to_string())),
            Expr::Paren(inner) => self.is_bound(&inner.expr),
            _ => false,
        }
    }
}

impl VisitMut for Unref<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::Unary(unary)
                if matches!(unary.op, syn::UnOp::Deref(_)) && self.is_bound(&unary.expr) =>
            {
                *expr = (*unary.expr).clone();
            }
            Expr::Binary(binary) if is_comparison(&binary.op) => {
                let strip = |side: &mut Box<Expr>| {
                    if let Expr::Reference(reference) = &**side {
                        *side = reference.expr.clone();
                    }
                };
                if self.is_bound(&binary.left) {
                    strip(&mut binary.right);
                }
                if self.is_bound(&binary.right) {
                    strip(&mut binary.left);
                }
            }
            Expr::MethodCall(call)
                if (call.method == "partial_cmp" || call.method == "total_cmp")
                    && call.args.len() == 1 =>
            {
                let mut arg = call.args[0].clone();
                while let Expr::Reference(reference) = arg {
                    arg = *reference.expr;
                }
                let arg = atom(arg);
                call.args[0] = syn::parse_quote!(&#arg);
            }
            _ => {}
        }
    }
}

fn is_comparison(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(op, Lt(_) | Le(_) | Gt(_) | Ge(_) | Eq(_) | Ne(_))
}

/// Whether `expr` is an integer built from `ints` names and integer literals with
/// `+ - * / %` (an index sum is `usize`, not `f64`).
pub(crate) fn is_integer(expr: &Expr, ints: &BTreeSet<String>) -> bool {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(_),
            ..
        }) => true,
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| ints.contains(&ident.to_string())),
        Expr::Paren(inner) => is_integer(&inner.expr, ints),
        Expr::Binary(binary) => {
            use syn::BinOp::*;
            matches!(binary.op, Add(_) | Sub(_) | Mul(_) | Div(_) | Rem(_))
                && is_integer(&binary.left, ints)
                && is_integer(&binary.right, ints)
        }
        _ => false,
    }
}
