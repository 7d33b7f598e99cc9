//! What the tidying pass (`tidy.rs`) asks of generated statements: which names a piece
//! of code mentions, binds and writes, and whether a copy `let a = b;` still equals `b`
//! at every read of `a`.
//!
//! Everything here is conservative: a macro, a closure or an item that mentions a
//! name counts as reading and writing it, a method call that may take `&mut self`
//! writes its receiver.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Expr, Pat, Stmt};

/// Whether `tokens` mention `name`: as an identifier, or inside a string literal (a
/// format string's `{name}`).
pub(crate) fn tokens_mention(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => tokens_mention(group.stream(), name),
        TokenTree::Literal(literal) => names_in_format(&literal.to_string(), name),
        TokenTree::Punct(_) => false,
    })
}

/// Whether the string literal `text` may name `name` as a format argument
/// (`"{name}"`, `"{name:.3}"`, a width `"{:name$}"`; raw strings too).
fn names_in_format(text: &str, name: &str) -> bool {
    (text.starts_with('"') || text.starts_with('r'))
        && (text.contains(&format!("{{{name}}}"))
            || text.contains(&format!("{{{name}:"))
            || text.contains(&format!("{name}$")))
}

/// Whether `node` mentions `name` anywhere.
pub(crate) fn mentions<T: ToTokens>(node: &T, name: &str) -> bool {
    tokens_mention(node.to_token_stream(), name)
}

/// How many times `tokens` mention `name` as an identifier (a string literal holding
/// it counts twice, so that it is never taken for a single plain use).
pub(crate) fn mention_count(tokens: TokenStream, name: &str) -> usize {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) => usize::from(ident == name),
            TokenTree::Group(group) => mention_count(group.stream(), name),
            TokenTree::Literal(literal) => {
                if names_in_format(&literal.to_string(), name) {
                    2
                } else {
                    0
                }
            }
            TokenTree::Punct(_) => 0,
        })
        .sum()
}

/// Methods that only read their receiver: a call of any other method may write it.
const READING_METHODS: &[&str] = &[
    "abs",
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "cbrt",
    "ceil",
    "clamp",
    "clone",
    "copysign",
    "cos",
    "cosh",
    "div_euclid",
    "exp",
    "exp2",
    "exp_m1",
    "floor",
    "fract",
    "hypot",
    "is_empty",
    "is_finite",
    "is_nan",
    "iter",
    "len",
    "ln",
    "ln_1p",
    "log",
    "log10",
    "log2",
    "max",
    "midpoint",
    "min",
    "mul_add",
    "partial_cmp",
    "powf",
    "powi",
    "recip",
    "rem_euclid",
    "round",
    "round_ties_even",
    "signum",
    "sin",
    "sin_cos",
    "sinh",
    "sqrt",
    "tan",
    "tanh",
    "to_degrees",
    "to_radians",
    "total_cmp",
    "trunc",
];

/// Whether a call of `method` only reads its receiver.
pub(crate) fn is_reading_method(method: &str) -> bool {
    READING_METHODS.contains(&method)
}

/// Whether `pat` binds `name`.
pub(crate) fn binds(pat: &Pat, name: &str) -> bool {
    struct Binds<'n>(&'n str, bool);
    impl<'ast> Visit<'ast> for Binds<'_> {
        fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
            self.1 |= pat.ident == self.0;
            visit::visit_pat_ident(self, pat);
        }
        fn visit_field_pat(&mut self, field: &'ast syn::FieldPat) {
            if field.colon_token.is_none() {
                if let syn::Member::Named(ident) = &field.member {
                    self.1 |= ident == self.0;
                }
            }
            visit::visit_field_pat(self, field);
        }
    }
    let mut binds = Binds(name, false);
    binds.visit_pat(pat);
    binds.1
}

/// Walks code in evaluation order for a copy `let a = b;`: fails when `a` is read
/// after `b` may have been written, or when `a` or `b` is bound again.
pub(crate) struct CopyCheck<'n> {
    /// The copy.
    pub(crate) copy: &'n str,
    /// The copied name.
    pub(crate) source: &'n str,
    /// Whether `source` may have been written so far.
    pub(crate) written: bool,
    /// Whether the copy still equals the source at every read seen so far.
    pub(crate) ok: bool,
    /// Whether the copy was written (a `let mut` copy assigned later).
    pub(crate) copy_written: bool,
}

impl<'n> CopyCheck<'n> {
    pub(crate) fn new(copy: &'n str, source: &'n str) -> Self {
        CopyCheck {
            copy,
            source,
            written: false,
            ok: true,
            copy_written: false,
        }
    }

    /// Whether `expr`, the place of an assignment or a `&mut`, is rooted at `name`
    /// (`x[i] = ..` writes `x`, not `i`).
    fn writes(expr: &Expr, name: &str) -> bool {
        match expr {
            Expr::Path(path) => path.path.is_ident(name),
            Expr::Index(index) => Self::writes(&index.expr, name),
            Expr::Field(field) => Self::writes(&field.base, name),
            Expr::Paren(paren) => Self::writes(&paren.expr, name),
            Expr::Unary(unary) => Self::writes(&unary.expr, name),
            other => mentions(other, name),
        }
    }

    /// `place = ..`, `place += ..`, `&mut place`, `place.push(..)`: a write.
    fn write(&mut self, place: &Expr) {
        if Self::writes(place, self.source) {
            self.written = true;
        }
        if Self::writes(place, self.copy) {
            self.copy_written = true;
            self.ok = false;
        }
    }

    /// Whether `node` may write `source` anywhere.
    fn may_write_source<T: ToTokens>(
        &self,
        walk: impl FnOnce(&mut CopyCheck<'n>),
        node: &T,
    ) -> bool {
        if !mentions(node, self.source) {
            return false;
        }
        let mut inner = CopyCheck::new("", self.source);
        walk(&mut inner);
        inner.written
    }
}

impl<'ast> Visit<'ast> for CopyCheck<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if !self.ok {
            return;
        }
        match expr {
            Expr::Path(path) => {
                if path.path.is_ident(self.copy) && self.written {
                    self.ok = false;
                }
            }
            Expr::Assign(assign) => {
                self.visit_expr(&assign.right);
                self.visit_expr(&assign.left);
                self.write(&assign.left);
            }
            Expr::Binary(binary) if is_compound(&binary.op) => {
                self.visit_expr(&binary.right);
                self.visit_expr(&binary.left);
                self.write(&binary.left);
            }
            Expr::Reference(reference) if reference.mutability.is_some() => {
                self.visit_expr(&reference.expr);
                self.write(&reference.expr);
            }
            Expr::MethodCall(call) => {
                visit::visit_expr_method_call(self, call);
                if !is_reading_method(&call.method.to_string()) {
                    self.write(&call.receiver);
                }
            }
            Expr::Macro(_) | Expr::Closure(_) => self.opaque(expr),
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) if !self.copy.is_empty() => {
                // A later iteration reads the copy after an earlier one wrote the source.
                let writes = self.may_write_source(|inner| inner.visit_expr(expr), expr);
                if writes && mentions(expr, self.copy) {
                    self.ok = false;
                    return;
                }
                visit::visit_expr(self, expr);
            }
            _ => visit::visit_expr(self, expr),
        }
    }

    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        match stmt {
            Stmt::Item(_) | Stmt::Macro(_) => self.opaque(stmt),
            _ => visit::visit_stmt(self, stmt),
        }
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        if binds(pat, self.copy) {
            self.ok = false;
        }
        if binds(pat, self.source) {
            // Another variable of the same name: taken for a write.
            self.ok = false;
            self.written = true;
        }
    }
}

impl CopyCheck<'_> {
    /// A macro, closure or item: any mention of the copy fails, a mention of the
    /// source is a write.
    fn opaque<T: ToTokens>(&mut self, node: &T) {
        if !self.copy.is_empty() && mentions(node, self.copy) {
            self.ok = false;
        }
        if mentions(node, self.source) {
            self.written = true;
        }
    }
}

/// Whether `op` is a compound assignment (`+=`, `-=`, ..).
pub(crate) fn is_compound(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

/// Whether `stmts` may write `name` (an assignment, a compound assignment, `&mut`, a
/// method that may take `&mut self`, or a macro mentioning it).
pub(crate) fn may_write(stmts: &[Stmt], name: &str) -> bool {
    let mut check = CopyCheck::new("", name);
    for stmt in stmts {
        check.visit_stmt(stmt);
    }
    check.written
}

/// Whether a macro, an item, or a binding in `stmts` mentions `name`: places a
/// renaming cannot reach.
pub(crate) fn unreachable_by_rename(stmts: &[Stmt], name: &str) -> bool {
    struct Opaque<'n>(&'n str, bool);
    impl<'ast> Visit<'ast> for Opaque<'_> {
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            self.1 |= mentions(&mac.tokens, self.0);
        }
        fn visit_item(&mut self, item: &'ast syn::Item) {
            self.1 |= mentions(item, self.0);
        }
        fn visit_pat(&mut self, pat: &'ast syn::Pat) {
            self.1 |= binds(pat, self.0);
        }
    }
    let mut opaque = Opaque(name, false);
    for stmt in stmts {
        opaque.visit_stmt(stmt);
    }
    opaque.1
}
