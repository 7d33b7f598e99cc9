//! Which locals of a function generic over its float type `T` hold a `T` and which an
//! `f64` (or `f32`), read from their `let`s, so that the constants pass
//! (`generic_consts.rs`) can point at an `f64` combined with a `T`: rustc's own error
//! there ("expected type parameter `T`, found `f64`") does not say how to convert.
//!
//! Input: `let k: f64 = 0.5; let y = x * x; y * k` (`x: T`)
//! Output: `y` holds a `T`, `k` an `f64`: `y * k` mixes them.

use proc_macro2::Ident;
use syn::{BinOp, Expr, Lit, Pat, Type};

/// The float type a `let` gives its binding: `Some("f64")` for an `f64` or `f32`
/// (annotated, a suffixed literal, an `as` cast), `None` otherwise.
pub(crate) fn primitive_float(ty: Option<&Type>, init: Option<&Expr>) -> Option<&'static str> {
    if let Some(ty) = ty {
        return primitive(ty);
    }
    match strip(init?) {
        Expr::Lit(literal) => match &literal.lit {
            Lit::Float(value) => match value.suffix() {
                "f64" => Some("f64"),
                "f32" => Some("f32"),
                _ => None,
            },
            _ => None,
        },
        Expr::Cast(cast) => primitive(&cast.ty),
        _ => None,
    }
}

/// The primitive float type `ty` names, if it names one.
fn primitive(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Path(path) if path.path.is_ident("f64") => Some("f64"),
        Type::Path(path) if path.path.is_ident("f32") => Some("f32"),
        _ => None,
    }
}

/// A suffixed `f64`/`f32` literal: its type, its digits and its text (`2.0_f64`).
pub(crate) fn suffixed_primitive(expr: &Expr) -> Option<(&'static str, String, String)> {
    let Expr::Lit(literal) = strip(expr) else {
        return None;
    };
    let Lit::Float(value) = &literal.lit else {
        return None;
    };
    let suffix = match value.suffix() {
        "f64" => "f64",
        "f32" => "f32",
        _ => return None,
    };
    Some((suffix, value.base10_digits().to_owned(), value.to_string()))
}

/// Whether `expr` computes a value of the float type: it reads one of `floats` (the
/// float parameters and the locals holding a `T`) through arithmetic, indexing and
/// float methods, not through `len()`, conversions or comparisons.
pub(crate) fn holds_float(expr: &Expr, floats: &[Ident], float: &Ident) -> bool {
    match strip(expr) {
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| floats.contains(ident)),
        Expr::Index(index) => holds_float(&index.expr, floats, float),
        Expr::Unary(unary) => holds_float(&unary.expr, floats, float),
        Expr::Binary(binary) => {
            matches!(
                binary.op,
                BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Div(_) | BinOp::Rem(_)
            ) && (holds_float(&binary.left, floats, float)
                || holds_float(&binary.right, floats, float))
        }
        Expr::MethodCall(call) => {
            let method = call.method.to_string();
            !NOT_FLOAT.contains(&method.as_str())
                && !method.starts_with("to_")
                && !method.starts_with("is_")
                && holds_float(&call.receiver, floats, float)
        }
        Expr::Call(call) => matches!(&*call.func, Expr::Path(path)
            if path.path.segments.len() == 2 && path.path.segments[0].ident == *float),
        _ => false,
    }
}

/// Methods of a float (or of an array of them) whose result is not the float type.
const NOT_FLOAT: &[&str] = &[
    "len",
    "iter",
    "into_iter",
    "partial_cmp",
    "total_cmp",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "unwrap",
    "expect",
    "integer_decode",
];

/// The names a `let` pattern binds.
pub(crate) fn bound_names(pat: &Pat, names: &mut Vec<Ident>) {
    match pat {
        Pat::Ident(ident) => names.push(ident.ident.clone()),
        Pat::Type(typed) => bound_names(&typed.pat, names),
        Pat::Reference(reference) => bound_names(&reference.pat, names),
        Pat::Paren(inner) => bound_names(&inner.pat, names),
        Pat::Tuple(tuple) => tuple.elems.iter().for_each(|pat| bound_names(pat, names)),
        Pat::Slice(slice) => slice.elems.iter().for_each(|pat| bound_names(pat, names)),
        _ => {}
    }
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip(&inner.expr),
        Expr::Group(inner) => strip(&inner.expr),
        other => other,
    }
}
