//! Iteration over arrays, rewritten into index loops before lowering (the form the
//! rest of the pipeline differentiates), as one would write it by hand:
//!
//! Input:  `for (i, &w) in ws.iter().enumerate() { .. }`, `xs.iter().sum()`
//! Output: `for i in 0..ws.len() { let w = ws[i]; .. }`,
//!         `{ let mut sum = 0.0; for i in 0..xs.len() { sum += xs[i]; } sum }`

use crate::ir::names::Namer;
use crate::lower::chain_body::Unref;
use proc_macro2::Ident;
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Pat};

/// Rewrites array iteration in `body` into index loops.
///
/// `lengths` gives the length of each array parameter (`w: [f64; 64]` -> `64`): a loop
/// over one then has that bound, so a literal length keeps its saved values in arrays.
pub(crate) fn rewrite(body: &mut Block, namer: &Namer, lengths: &[(String, Expr)]) {
    Iterations {
        namer,
        count: 0,
        lengths,
    }
    .visit_block_mut(body);
}

struct Iterations<'a> {
    namer: &'a Namer,
    count: usize,
    lengths: &'a [(String, Expr)],
}

impl Iterations<'_> {
    /// The length of `array`: its declared length for an array parameter, else
    /// `array.len()`.
    fn len(&self, array: &Expr) -> proc_macro2::TokenStream {
        if let Expr::Path(path) = array {
            if let Some(ident) = path.path.get_ident() {
                if let Some((_, len)) = self.lengths.iter().find(|(name, _)| ident == name) {
                    return quote::quote!(#len);
                }
            }
        }
        quote::quote!(#array.len())
    }

    /// A fresh name for an index or an accumulator.
    fn fresh(&mut self, base: &str) -> Ident {
        self.count += 1;
        let name = if self.count == 1 {
            base.to_owned()
        } else {
            format!("{base}_{}", self.count)
        };
        self.namer.free(&name)
    }
}

/// The array a `for` iterates over, by element: `xs`, `&xs`, `xs.iter()`,
/// `xs.iter().copied()`, `xs.into_iter()`.
fn elements(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Path(path) if path.path.get_ident().is_some() || path.path.segments.len() > 1 => {
            Some(expr)
        }
        Expr::Reference(reference) => elements(&reference.expr),
        Expr::Paren(inner) => elements(&inner.expr),
        Expr::MethodCall(call)
            if call.args.is_empty()
                && matches!(
                    call.method.to_string().as_str(),
                    "iter" | "into_iter" | "copied" | "cloned"
                ) =>
        {
            match &*call.receiver {
                Expr::MethodCall(_) => elements(&call.receiver),
                other => elements(other),
            }
        }
        _ => None,
    }
}

/// The names a loop pattern binds by reference (`v`, not `&v`), whose uses written for
/// a reference (`*v`, `v > &0.0`) are rewritten for the value the loop binds instead.
fn by_reference(pat: &Pat) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut add = |pat: &Pat| {
        if let Pat::Ident(ident) = pat {
            names.insert(ident.ident.to_string());
        }
    };
    match pat {
        Pat::Tuple(tuple) => tuple.elems.iter().skip(1).for_each(&mut add),
        other => add(other),
    }
    names
}

/// `v`, `&v`, `_` as a binding of one element.
fn element_binding(pat: &Pat) -> Option<Pat> {
    match pat {
        Pat::Ident(_) | Pat::Wild(_) => Some(pat.clone()),
        Pat::Reference(reference) => element_binding(&reference.pat),
        Pat::Paren(inner) => element_binding(&inner.pat),
        _ => None,
    }
}

impl VisitMut for Iterations<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let Some(rewritten) = self
            .rewrite_loop(expr)
            .or_else(|| self.rewrite_reduction(expr))
        {
            *expr = rewritten;
        }
    }
}

impl Iterations<'_> {
    fn rewrite_loop(&mut self, expr: &Expr) -> Option<Expr> {
        let Expr::ForLoop(node) = expr else {
            return None;
        };
        let label = &node.label;
        // Errors in the rewritten loop point at what it iterates over.
        let span = syn::spanned::Spanned::span(&node.expr);
        let mut block = node.body.clone();
        Unref {
            names: &by_reference(&node.pat),
        }
        .visit_block_mut(&mut block);
        let body = &block.stmts;
        // `for (i, v) in xs.iter().enumerate()`
        if let (Expr::MethodCall(call), Pat::Tuple(tuple)) = (&*node.expr, &*node.pat) {
            if call.method == "enumerate" && call.args.is_empty() && tuple.elems.len() == 2 {
                let array = elements(&call.receiver)?;
                let value = element_binding(&tuple.elems[1])?;
                let index = match &tuple.elems[0] {
                    Pat::Ident(ident) => ident.ident.clone(),
                    _ => self.fresh("i"),
                };
                let len = self.len(array);
                return Some(syn::parse_quote_spanned! {span=>
                    #label for #index in 0..#len { let #value = #array[#index]; #(#body)* }
                });
            }
            // `for (a, b) in xs.iter().zip(ys.iter())`
            if call.method == "zip" && call.args.len() == 1 && tuple.elems.len() == 2 {
                let first = elements(&call.receiver)?;
                let second = elements(&call.args[0])?;
                let (a, b) = (
                    element_binding(&tuple.elems[0])?,
                    element_binding(&tuple.elems[1])?,
                );
                let index = self.fresh("i");
                let (a_len, b_len) = (self.len(first), self.len(second));
                let len = if a_len.to_string() == b_len.to_string() {
                    a_len
                } else {
                    quote::quote!(#first.len().min(#second.len()))
                };
                return Some(syn::parse_quote_spanned! {span=>
                    #label for #index in 0..#len {
                        let #a = #first[#index];
                        let #b = #second[#index];
                        #(#body)*
                    }
                });
            }
            return None;
        }
        // `for v in xs.iter()`, `for &v in &xs`
        if matches!(&*node.expr, Expr::Range(_)) {
            return None;
        }
        let array = elements(&node.expr)?;
        let value = element_binding(&node.pat)?;
        let index = self.fresh("i");
        let len = self.len(array);
        Some(syn::parse_quote_spanned! {span=>
            #label for #index in 0..#len { let #value = #array[#index]; #(#body)* }
        })
    }

    /// `xs.iter().sum()` and `xs.iter().product()` (also with a turbofish).
    fn rewrite_reduction(&mut self, expr: &Expr) -> Option<Expr> {
        let Expr::MethodCall(call) = expr else {
            return None;
        };
        let (start, op): (Expr, proc_macro2::TokenStream) = match call.method.to_string().as_str() {
            "sum" => (syn::parse_quote!(0.0), quote::quote!(+=)),
            "product" => (syn::parse_quote!(1.0), quote::quote!(*=)),
            _ => return None,
        };
        if !call.args.is_empty() || !matches!(&*call.receiver, Expr::MethodCall(_)) {
            return None;
        }
        let array = elements(&call.receiver)?;
        let (total, index) = (self.fresh(&call.method.to_string()), self.fresh("i"));
        let len = self.len(array);
        Some(syn::parse_quote! {
            {
                let mut #total = #start;
                for #index in 0..#len { #total #op #array[#index]; }
                #total
            }
        })
    }
}
