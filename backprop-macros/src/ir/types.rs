//! The Rust types of the tape's variables, as generated code declares them.

use crate::ir::{Tape, VarId};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

impl Tape {
    /// The type of a cached variable: declared, an `i32` `powi` exponent
    /// (`powi_exponent`, from [`Tape::powi_exponents`]), or the float.
    pub(crate) fn value_type(&self, var: VarId, float: &Ident, powi_exponent: bool) -> TokenStream {
        match &self.vars[var].ty {
            Some(ty) if self.params.contains(&var) => with_cache_lifetime(ty),
            Some(ty) => ty.to_token_stream(),
            None if powi_exponent => quote!(i32),
            None if !self.vars[var].active => match self.integer_type(var, 0) {
                Some(ty) => ty,
                None => float.to_token_stream(),
            },
            None => float.to_token_stream(),
        }
    }

    /// The integer type of a constant variable whose type is not written: an unsuffixed
    /// integer literal (`let mut k = 0;`: a count, in the ranges and indices it is used
    /// in, so `usize`), a copy or a loop-carried version of one, or integer arithmetic
    /// over one (`k + 1`). `None`: not an integer the macro can see.
    fn integer_type(&self, var: VarId, depth: usize) -> Option<TokenStream> {
        if depth > 64 {
            return None;
        }
        if let Some(ty) = &self.vars[var].ty {
            return Some(ty.to_token_stream());
        }
        if self.is_integer_literal(var) {
            return Some(quote!(usize));
        }
        if self.vars[var].slot.is_some() {
            let init = crate::ir::flow::carried_init(&self.body, var)?;
            return self.integer_type(init, depth + 1);
        }
        match &self.defining_gate(var)?.op {
            crate::ir::GateOp::Copy(slot) => self.integer_type(*slot, depth + 1),
            crate::ir::GateOp::Passive(tokens, reads) if integer_arithmetic(tokens) => reads
                .iter()
                .find_map(|&read| self.integer_type(read, depth + 1)),
            _ => None,
        }
    }

    /// Whether `var` is bound to an integer literal without a suffix (`let k = 3;`).
    fn is_integer_literal(&self, var: VarId) -> bool {
        let Some(crate::ir::Gate {
            op: crate::ir::GateOp::Passive(tokens, reads),
            ..
        }) = self.defining_gate(var)
        else {
            return false;
        };
        reads.is_empty()
            && matches!(syn::parse2::<syn::Lit>(tokens.clone()), Ok(syn::Lit::Int(int)) if int.suffix().is_empty())
    }
}

/// Whether `tokens` are `+`, `-`, `*`, `/`, `%` over names and integer literals
/// (`k + 1`), whose type is their operands'.
fn integer_arithmetic(tokens: &TokenStream) -> bool {
    fn plain(expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Binary(binary) => {
                use syn::BinOp::*;
                matches!(binary.op, Add(_) | Sub(_) | Mul(_) | Div(_) | Rem(_))
                    && plain(&binary.left)
                    && plain(&binary.right)
            }
            syn::Expr::Paren(inner) => plain(&inner.expr),
            syn::Expr::Group(inner) => plain(&inner.expr),
            syn::Expr::Path(path) => path.path.get_ident().is_some(),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(int),
                ..
            }) => int.suffix().is_empty(),
            _ => false,
        }
    }
    syn::parse2::<syn::Expr>(tokens.clone()).is_ok_and(|expr| plain(&expr))
}

/// Whether `ty` is `Vec<..>` (or `std::vec::Vec<..>`).
pub(crate) fn is_vec_type(ty: Option<&syn::Type>) -> bool {
    matches!(ty, Some(syn::Type::Path(path)) if path.path.segments.last().is_some_and(|last| last.ident == "Vec"))
}

/// `&[f64]` as `&'a [f64]`, the lifetime of the cache that borrows it; other types
/// unchanged.
pub(crate) fn with_cache_lifetime(ty: &syn::Type) -> TokenStream {
    match ty {
        syn::Type::Reference(reference) => {
            let elem = &reference.elem;
            quote!(&'a #elem)
        }
        other => other.to_token_stream(),
    }
}

/// How many array dimensions `ty` has: `[[f64; 3]; 2]` -> 2, `f64` -> 0.
pub(crate) fn array_depth(ty: &syn::Type) -> usize {
    match ty {
        syn::Type::Array(array) => 1 + array_depth(&array.elem),
        syn::Type::Paren(inner) => array_depth(&inner.elem),
        syn::Type::Group(inner) => array_depth(&inner.elem),
        _ => 0,
    }
}

/// `tokens` with every lifetime `'a` written `'static` (for a const expression, which
/// cannot name a generic lifetime: a type's size does not depend on it).
pub(crate) fn static_lifetimes(tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        match token {
            proc_macro2::TokenTree::Punct(punct) if punct.as_char() == '\'' => {
                out.extend(quote::quote!('static));
                iter.next();
            }
            proc_macro2::TokenTree::Group(group) => {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), static_lifetimes(group.stream()));
                inner.set_span(group.span());
                out.extend([proc_macro2::TokenTree::Group(inner)]);
            }
            other => out.extend([other]),
        }
    }
    out
}
