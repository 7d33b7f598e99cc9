//! Replacing names in syntax by expressions (closure parameters bound to views, tuple
//! locals read by field), and `atom`, which parenthesizes an expression put in place
//! of a name.

use syn::visit_mut::{self, VisitMut};
use syn::Expr;

/// Replaces each path `name` in a node by an expression (parenthesized unless it is
/// atomic), and `name.0` by the tuple element's expression.
pub(crate) struct Replace<'a> {
    pub(crate) with: &'a [(String, Replacement)],
}

/// What a name stands for.
#[derive(Clone)]
pub(crate) enum Replacement {
    /// An expression: a view `x[a..b]`, a row `m[i]`, or a value already computed.
    Expr(Expr),
    /// A tuple of them, read by field (`p.0`).
    Tuple(Vec<Replacement>),
}

impl Replacement {
    /// The replacement as one expression (a tuple as a tuple expression).
    pub(crate) fn to_expr(&self) -> Expr {
        match self {
            Replacement::Expr(expr) => atom(expr.clone()),
            Replacement::Tuple(items) => {
                let items = items.iter().map(Replacement::to_expr);
                syn::parse_quote!((#(#items,)*))
            }
        }
    }
}

impl Replace<'_> {
    fn lookup(&self, expr: &Expr) -> Option<&Replacement> {
        let Expr::Path(path) = expr else { return None };
        let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
        let name = crate::ir::names::plain(ident);
        self.with
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, with)| with)
    }
}

impl VisitMut for Replace<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Field(field) = expr {
            if let (Some(Replacement::Tuple(items)), syn::Member::Unnamed(index)) =
                (self.lookup(&field.base), &field.member)
            {
                if let Some(Replacement::Expr(item)) = items.get(index.index as usize) {
                    *expr = atom(item.clone());
                    return;
                }
            }
        }
        match self.lookup(expr) {
            Some(Replacement::Expr(with)) => {
                *expr = atom(with.clone());
                return;
            }
            Some(tuple @ Replacement::Tuple(_)) => {
                *expr = tuple.to_expr();
                return;
            }
            None => {}
        }
        visit_mut::visit_expr_mut(self, expr);
        // `(a, b).1` (a tuple read by field once replaced): `b`.
        if let Expr::Field(field) = expr {
            if let (Expr::Tuple(tuple), syn::Member::Unnamed(index)) = (&*field.base, &field.member)
            {
                if let Some(item) = tuple.elems.iter().nth(index.index as usize) {
                    *expr = item.clone();
                    return;
                }
            }
        }
        // `x[(i + 1)]`: an index needs no parentheses.
        if let Expr::Index(index) = expr {
            if let Expr::Paren(inner) = &*index.index {
                index.index = inner.expr.clone();
            }
        }
    }

    fn visit_macro_mut(&mut self, _: &mut syn::Macro) {}
}

/// `expr` in parentheses unless it binds tighter than any operator (a name, a
/// literal, a call, an index, a block).
pub(crate) fn atom(expr: Expr) -> Expr {
    match expr {
        Expr::Path(_)
        | Expr::Lit(_)
        | Expr::Paren(_)
        | Expr::MethodCall(_)
        | Expr::Call(_)
        | Expr::Index(_)
        | Expr::Field(_)
        | Expr::Block(_)
        | Expr::Tuple(_)
        | Expr::Array(_) => expr,
        other => syn::parse_quote!((#other)),
    }
}
