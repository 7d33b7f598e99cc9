//! The edits of the tidying pass (`tidy.rs`): a name read under another name, and a
//! single-use value written where it is used, with parentheses only where the
//! precedence needs them.

use syn::visit_mut::{self, VisitMut};
use syn::{BinOp, Expr, Ident, Stmt};

/// Reads `from` as `to` in `stmts` (paths, struct field shorthands, bindings of a
/// `for`); the caller made sure no macro mentions `from` and nothing binds it again.
pub(crate) fn rename(stmts: &mut [Stmt], from: &str, to: &str) {
    let mut rename = Rename { from, to };
    for stmt in stmts {
        rename.visit_stmt_mut(stmt);
    }
}

/// Renames one name's reads.
struct Rename<'n> {
    from: &'n str,
    to: &'n str,
}

impl VisitMut for Rename<'_> {
    fn visit_expr_path_mut(&mut self, path: &mut syn::ExprPath) {
        if path.qself.is_none() && path.path.is_ident(self.from) {
            path.path.segments[0].ident = named(self.to, path.path.segments[0].ident.span());
        }
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        visit_mut::visit_field_value_mut(self, field);
        // `S { x }` read under a new name is `S { x: y }`.
        if field.colon_token.is_none() {
            if let (syn::Member::Named(member), Expr::Path(path)) = (&field.member, &field.expr) {
                if !path.path.is_ident(member) {
                    field.colon_token = Some(Default::default());
                }
            }
        }
    }

    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        if pat.ident == self.from {
            pat.ident = named(self.to, pat.ident.span());
        }
        visit_mut::visit_pat_ident_mut(self, pat);
    }
}

/// The identifier `name` (raw if it is written `r#name`), never panicking.
pub(crate) fn named(name: &str, span: proc_macro2::Span) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, span),
        None => Ident::new(name, span),
    }
}

/// Binding strength of a binary operator (higher binds tighter).
pub(crate) fn precedence(op: &BinOp) -> u8 {
    use BinOp::*;
    match op {
        Mul(_) | Div(_) | Rem(_) => 10,
        Add(_) | Sub(_) => 9,
        Shl(_) | Shr(_) => 8,
        BitAnd(_) => 7,
        BitXor(_) => 6,
        BitOr(_) => 5,
        Eq(_) | Lt(_) | Le(_) | Ne(_) | Ge(_) | Gt(_) => 4,
        And(_) => 3,
        Or(_) => 2,
        _ => 0,
    }
}

/// Where a value is written: how tightly its place binds.
#[derive(Clone, Copy)]
enum Place {
    /// A whole operand (an argument, an index, the right side of `=`): no parentheses.
    Free,
    /// The left operand of a binary operator.
    Left(u8),
    /// The right operand of a binary operator.
    Right(u8),
    /// A method receiver, the operand of a unary operator or a cast: only atoms.
    Tight,
}

/// Whether `expr` needs no parentheses anywhere.
fn is_atom(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Path(_)
            | Expr::Index(_)
            | Expr::Field(_)
            | Expr::MethodCall(_)
            | Expr::Call(_)
            | Expr::Paren(_)
            | Expr::Array(_)
            | Expr::Tuple(_)
    )
}

/// `value` written at `place`.
fn placed(value: &Expr, place: Place) -> Expr {
    let bare = match (value, place) {
        (_, Place::Free) => true,
        (Expr::Binary(binary), Place::Left(parent)) => {
            let own = precedence(&binary.op);
            own > parent || (own == parent && parent != 4)
        }
        (Expr::Binary(binary), Place::Right(parent)) => precedence(&binary.op) > parent,
        (Expr::Unary(_), Place::Left(_) | Place::Right(_)) => true,
        (Expr::Lit(_), Place::Left(_) | Place::Right(_)) => true,
        (value, _) => is_atom(value),
    };
    if bare {
        value.clone()
    } else {
        Expr::Paren(syn::ExprParen {
            attrs: Vec::new(),
            paren_token: Default::default(),
            expr: Box::new(value.clone()),
        })
    }
}

/// Writes `value` for the one read of `name` in `expr`, outside any block, closure
/// or macro; `false` (and `expr` unchanged in meaning) when there was none.
pub(crate) fn substitute(expr: &mut Expr, name: &str, value: &Expr) -> bool {
    let mut substitute = Substitute {
        name,
        value,
        done: 0,
    };
    substitute.at(expr, Place::Free);
    substitute.done == 1
}

/// Writes a value for a name's read.
struct Substitute<'v> {
    name: &'v str,
    value: &'v Expr,
    done: usize,
}

impl Substitute<'_> {
    fn at(&mut self, expr: &mut Expr, place: Place) {
        if let Expr::Path(path) = expr {
            if path.qself.is_none() && path.path.is_ident(self.name) {
                *expr = placed(self.value, place);
                self.done += 1;
            }
            return;
        }
        match expr {
            Expr::Binary(binary) => {
                let own = precedence(&binary.op);
                if own == 0 {
                    return;
                }
                self.at(&mut binary.left, Place::Left(own));
                self.at(&mut binary.right, Place::Right(own));
            }
            Expr::Unary(unary) => self.at(&mut unary.expr, Place::Tight),
            Expr::Cast(cast) => self.at(&mut cast.expr, Place::Tight),
            Expr::Field(field) => self.at(&mut field.base, Place::Tight),
            Expr::Paren(paren) => self.at(&mut paren.expr, Place::Free),
            Expr::Index(index) => {
                self.at(&mut index.expr, Place::Tight);
                self.at(&mut index.index, Place::Free);
            }
            Expr::MethodCall(call) => {
                if matches!(*call.receiver, Expr::Path(_)) && matches!(self.value, Expr::Lit(_)) {
                    // `2.0.sqrt()` has no type to call it on.
                    return;
                }
                self.at(&mut call.receiver, Place::Tight);
                for arg in &mut call.args {
                    self.at(arg, Place::Free);
                }
            }
            Expr::Call(call) => {
                for arg in &mut call.args {
                    self.at(arg, Place::Free);
                }
            }
            Expr::Array(array) => {
                for elem in &mut array.elems {
                    self.at(elem, Place::Free);
                }
            }
            Expr::Tuple(tuple) => {
                for elem in &mut tuple.elems {
                    self.at(elem, Place::Free);
                }
            }
            _ => {}
        }
    }
}

/// Whether `expr` reads values only: no block, closure, macro, assignment, `&mut` or
/// loop inside; calls are allowed (the caller keeps their order).
pub(crate) fn is_plain(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) | Expr::Lit(_) => true,
        Expr::Binary(binary) => {
            precedence(&binary.op) > 0 && is_plain(&binary.left) && is_plain(&binary.right)
        }
        Expr::Unary(unary) => is_plain(&unary.expr),
        Expr::Cast(cast) => is_plain(&cast.expr),
        Expr::Field(field) => is_plain(&field.base),
        Expr::Paren(paren) => is_plain(&paren.expr),
        Expr::Index(index) => is_plain(&index.expr) && is_plain(&index.index),
        Expr::MethodCall(call) => {
            crate::emit::tidy_scan::is_reading_method(&call.method.to_string())
                && is_plain(&call.receiver)
                && call.args.iter().all(is_plain)
        }
        Expr::Call(call) => matches!(*call.func, Expr::Path(_)) && call.args.iter().all(is_plain),
        Expr::Array(array) => array.elems.iter().all(is_plain),
        Expr::Tuple(tuple) => tuple.elems.iter().all(is_plain),
        Expr::Reference(reference) => reference.mutability.is_none() && is_plain(&reference.expr),
        _ => false,
    }
}

/// Whether `expr` calls a function (whose order against other calls is kept).
pub(crate) fn has_call(expr: &Expr) -> bool {
    struct Calls(bool);
    impl<'ast> syn::visit::Visit<'ast> for Calls {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            self.0 = true;
            syn::visit::visit_expr_call(self, call);
        }
    }
    let mut calls = Calls(false);
    syn::visit::Visit::visit_expr(&mut calls, expr);
    calls.0
}
