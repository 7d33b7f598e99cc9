//! Constants of a function generic over its float type `T`, as the lowering reads
//! them: the ways generic numeric code writes a number become that number.
//!
//! Input: `T::from_f64(100.0).unwrap() * (y - x * x).powi(2) + T::one()`
//! Output: `100.0 * (y - x * x).powi(2) + 1.0`
//!
//! The emitters write every constant in `T` (`emit/generic.rs`), so the lowering sees
//! `100.0` as it does in an `f64` function: a constant, folded and named the same way.
//! The user's other float literals (arguments of `T::from_f64(k * 0.5)`, `f64` locals)
//! get an `f64` suffix, so the emitters' literals are the only unsuffixed ones.
//! An `f64` combined with a `T` (`x * 2.0`, `x * 2.0_f64`, `x * k` with `k: f64`) is
//! an error saying how to convert it (`generic_mixing.rs` tracks the locals).

use crate::error::Errors;
use crate::lower::generic_mixing::{bound_names, holds_float, primitive_float, suffixed_primitive};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprCall, ExprMethodCall, Lit, LitFloat};

/// `item`'s body with the constants of the float type `float` written as literals.
/// A bare float literal combined with a float parameter (`x * 2.0`: an `f64` with a
/// `T`) is an error saying how to write the constant.
pub(crate) fn constants(
    item: &syn::ItemFn,
    float: &Ident,
    floats: &[Ident],
    errors: &mut Errors,
) -> syn::ItemFn {
    let mut item = item.clone();
    let mut pass = Constants {
        float,
        floats: floats.to_vec(),
        primitives: Vec::new(),
        errors,
    };
    pass.visit_block_mut(&mut item.block);
    item
}

struct Constants<'a> {
    float: &'a Ident,
    /// The float parameters' names, and the locals holding a value of the float type
    /// (`generic_mixing.rs`).
    floats: Vec<Ident>,
    /// The locals holding an `f64` or `f32`, and which.
    primitives: Vec<(Ident, &'static str)>,
    errors: &'a mut Errors,
}

/// The conversions that make a number of the float type (`T::from_f64(0.5).unwrap()`).
const CONVERSIONS: &[&str] = &[
    "from",
    "from_f64",
    "from_f32",
    "from_i8",
    "from_i16",
    "from_i32",
    "from_i64",
    "from_isize",
    "from_u8",
    "from_u16",
    "from_u32",
    "from_u64",
    "from_usize",
];

impl Constants<'_> {
    /// `T::name` with `name` one of `names` (also `<T as Trait>::name`).
    fn float_function<'e>(&self, call: &'e ExprCall, names: &[&str]) -> Option<&'e Ident> {
        let Expr::Path(path) = &*call.func else {
            return None;
        };
        let segments = &path.path.segments;
        let on_float = match &path.qself {
            Some(qself) => {
                matches!(&*qself.ty, syn::Type::Path(ty) if ty.path.is_ident(self.float))
            }
            None => segments.len() == 2 && segments[0].ident == *self.float,
        };
        let last = &segments.last()?.ident;
        (on_float && names.iter().any(|name| last == name)).then_some(last)
    }

    /// Reports a bare float literal `literal` used with `other`, when `other` reads a
    /// float parameter: `x * 2.0` mixes `T` with `f64`. Also a suffixed literal
    /// (`2.0_f64`) or a local holding an `f64` (`let k: f64 = ..`) used with a value of
    /// the float type.
    fn mixed(&mut self, literal: &Expr, other: &Expr) {
        let float = self.float;
        if let Some((suffix, digits, text)) = suffixed_primitive(literal) {
            if holds_float(other, &self.floats, float) {
                self.errors.push(
                    literal,
                    format!("`{text}` is an `{suffix}` and this function computes in `{float}`: write the constant as `{float}::from({digits}).unwrap()` (or `{float}::from_f64({digits}).unwrap()` with `FromPrimitive`)"),
                );
            }
            return;
        }
        if let Expr::Path(path) = literal {
            let primitive = path.path.get_ident().and_then(|ident| {
                self.primitives
                    .iter()
                    .find(|(name, _)| name == ident)
                    .map(|(name, ty)| (name.clone(), *ty))
            });
            if let Some((name, ty)) = primitive {
                if holds_float(other, &self.floats, float) {
                    self.errors.push(
                        literal,
                        format!("`{name}` is an `{ty}` and this function computes in `{float}`: convert it where it is used, `{float}::from({name}).unwrap()`, or make it a `{float}` where it is defined"),
                    );
                }
            }
            return;
        }
        let Expr::Lit(syn::ExprLit {
            lit: Lit::Float(value),
            ..
        }) = literal
        else {
            return;
        };
        if value.suffix().is_empty() && reads_any(other.to_token_stream(), &self.floats) {
            let digits = value.base10_digits();
            self.errors.push(
                literal,
                format!("`{digits}` is an `f64` and this function computes in `{float}`: write the constant as `{float}::from({digits}).unwrap()` (or `{float}::from_f64({digits}).unwrap()` with `FromPrimitive`)"),
            );
        }
    }

    /// Records what a `let` binds: a value of the float type, an `f64`, or neither.
    fn bind(&mut self, local: &syn::Local) {
        let mut names = Vec::new();
        bound_names(&local.pat, &mut names);
        let ty = match &local.pat {
            syn::Pat::Type(typed) => Some(&*typed.ty),
            _ => None,
        };
        let init = local.init.as_ref().map(|init| &*init.expr);
        let primitive = primitive_float(ty, init);
        let of_float = match ty {
            Some(syn::Type::Path(path)) => path.path.is_ident(self.float),
            Some(_) => false,
            // After the visit, an unsuffixed literal is a constant of the float type
            // (`T::from_f64(7.0).unwrap()` written as a number; the user's own are
            // suffixed `f64`).
            None => init.is_some_and(|init| {
                matches!(init, Expr::Lit(syn::ExprLit { lit: Lit::Float(value), .. }) if value.suffix().is_empty())
                    || holds_float(init, &self.floats, self.float)
            }),
        };
        for name in names {
            self.floats.retain(|float| *float != name);
            self.primitives.retain(|(other, _)| *other != name);
            match primitive {
                Some(ty) => self.primitives.push((name, ty)),
                None if of_float => self.floats.push(name),
                None => {}
            }
        }
    }

    /// The number `expr` writes, if it is one: `T::one()`, `T::zero()`, or a literal
    /// converted (`T::from_f64(100.0).unwrap()`, `T::from(2).unwrap()`).
    fn number(&self, expr: &Expr) -> Option<LitFloat> {
        match expr {
            Expr::Call(call) if call.args.is_empty() => {
                let name = self.float_function(call, &["one", "zero"])?;
                let value = if name == "one" { "1.0" } else { "0.0" };
                Some(LitFloat::new(value, call.func_span()))
            }
            Expr::MethodCall(ExprMethodCall {
                receiver,
                method,
                args,
                ..
            }) if (method == "unwrap" && args.is_empty())
                || (method == "expect" && args.len() == 1) =>
            {
                let Expr::Call(call) = &**receiver else {
                    return None;
                };
                self.float_function(call, CONVERSIONS)?;
                match call.args.first().filter(|_| call.args.len() == 1)? {
                    Expr::Lit(literal) => match &literal.lit {
                        Lit::Float(value) => {
                            Some(LitFloat::new(value.base10_digits(), value.span()))
                        }
                        Lit::Int(value) => {
                            let digits = format!("{}.0", value.base10_digits());
                            Some(LitFloat::new(&digits, value.span()))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

trait CallSpan {
    fn func_span(&self) -> Span;
}

impl CallSpan for ExprCall {
    fn func_span(&self) -> Span {
        syn::spanned::Spanned::span(&self.func)
    }
}

impl VisitMut for Constants<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(number) = self.number(expr) {
            *expr = Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: Lit::Float(number),
            });
            return;
        }
        match expr {
            Expr::Binary(binary)
                if !matches!(binary.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) =>
            {
                self.mixed(&binary.left, &binary.right);
                self.mixed(&binary.right, &binary.left);
            }
            Expr::MethodCall(call) => {
                for arg in &call.args {
                    self.mixed(arg, &call.receiver);
                }
            }
            _ => {}
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        syn::visit_mut::visit_local_mut(self, local);
        self.bind(local);
    }

    fn visit_lit_float_mut(&mut self, literal: &mut LitFloat) {
        if literal.suffix().is_empty() {
            let digits = format!("{}f64", literal.base10_digits());
            *literal = LitFloat::new(&digits, literal.span());
        }
    }
}

/// Whether `tokens` read one of `names`.
fn reads_any(tokens: TokenStream, names: &[Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => names.contains(&ident),
        TokenTree::Group(group) => reads_any(group.stream(), names),
        _ => false,
    })
}
