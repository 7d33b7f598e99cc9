//! Whole-array assignments (`state = next;`, `y = step(y, h);`) become element
//! assignments in an index loop, the form the lowering differentiates: the array stays
//! one variable assigned in place, and its adjoint one array.
//!
//! Input:  `let mut a = [0.0; 3]; .. a = b;`
//! Output: `let mut a = [0.0; 3]; .. for i in 0..3 { a[i] = b[i]; }`
//!
//! The length comes from where the array is bound: an array parameter, an annotated
//! `let` (`let mut a: [f64; 3] = ..`), an array written in place (`[0.0; N]`,
//! `[x, y, z]`), or a copy of one of those. A value that is not a plain name is
//! bound first (`let next_a = step(a, h);`), so it is computed once, before any
//! element of `a` changes.

use crate::lower::scope::Fresh;
use std::collections::HashMap;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, FnArg, ItemFn, Pat, Stmt, Type};

/// Rewrites the whole-array assignments of `item`'s body.
pub(crate) fn rewrite(item: &mut ItemFn, fresh: &mut Fresh) {
    let mut lengths = HashMap::new();
    for input in &item.sig.inputs {
        if let FnArg::Typed(typed) = input {
            if let (Pat::Ident(pat), Some(dims)) = (&*typed.pat, array_dims(&typed.ty)) {
                lengths.insert(pat.ident.to_string(), dims);
            }
        }
    }
    WholeArrays { lengths, fresh }.visit_block_mut(&mut item.block);
}

/// The lengths of each dimension of an array type (`[[f64; 3]; 2]` -> `[2, 3]`),
/// through a reference; `None` for any other type.
fn array_dims(ty: &Type) -> Option<Vec<Expr>> {
    match ty {
        Type::Array(array) => {
            let mut dims = vec![array.len.clone()];
            if let Some(inner) = array_dims(&array.elem) {
                dims.extend(inner);
            }
            Some(dims)
        }
        Type::Reference(reference) => array_dims(&reference.elem),
        Type::Paren(inner) => array_dims(&inner.elem),
        _ => None,
    }
}

struct WholeArrays<'a> {
    /// The dimensions of each array name bound so far, by the latest binding.
    lengths: HashMap<String, Vec<Expr>>,
    fresh: &'a mut Fresh,
}

impl WholeArrays<'_> {
    /// The dimensions of the array `expr` evaluates to, if the pass can see them.
    fn dims_of(&self, expr: &Expr) -> Option<Vec<Expr>> {
        match expr {
            Expr::Repeat(repeat) => {
                let mut dims = vec![(*repeat.len).clone()];
                if let Some(inner) = self.dims_of(&repeat.expr) {
                    dims.extend(inner);
                }
                Some(dims)
            }
            Expr::Array(array) => {
                let len = proc_macro2::Literal::usize_unsuffixed(array.elems.len());
                let mut dims = vec![syn::parse_quote!(#len)];
                if let Some(inner) = array.elems.first().and_then(|first| self.dims_of(first)) {
                    dims.extend(inner);
                }
                Some(dims)
            }
            Expr::Paren(inner) => self.dims_of(&inner.expr),
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => {
                self.dims_of(&unary.expr)
            }
            Expr::Path(path) => self
                .lengths
                .get(&path.path.get_ident()?.to_string())
                .cloned(),
            _ => None,
        }
    }

    /// Records the array a `let` binds (or forgets a name bound to something else).
    fn record(&mut self, local: &syn::Local) {
        let (pat, ty) = match &local.pat {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            pat => (pat, None),
        };
        let Pat::Ident(pat) = pat else { return };
        let dims = ty.and_then(array_dims).or_else(|| {
            local
                .init
                .as_ref()
                .and_then(|init| self.dims_of(&init.expr))
        });
        let name = pat.ident.to_string();
        match dims {
            Some(dims) => self.lengths.insert(name, dims),
            None => self.lengths.remove(&name),
        };
    }

    /// `a = value;` as element assignments, if `a` is an array of known length and
    /// `value` is not written in place (`a = [x, y];` is the tuple pass's).
    fn split(&mut self, stmt: &Stmt) -> Option<Vec<Stmt>> {
        let Stmt::Expr(Expr::Assign(assign), Some(_)) = stmt else {
            return None;
        };
        let Expr::Path(target) = &*assign.left else {
            return None;
        };
        let name = target.path.get_ident()?;
        let dims = self.lengths.get(&name.to_string())?.clone();
        if matches!(&*assign.right, Expr::Array(_) | Expr::Tuple(_)) {
            return None;
        }
        let mut stmts = Vec::new();
        let source: Expr = match &*assign.right {
            Expr::Path(path) if path.path.get_ident().is_some_and(|ident| ident != name) => {
                (*assign.right).clone()
            }
            value => {
                let next = self.fresh.name(&format!("next_{name}"));
                stmts.push(syn::parse_quote!(let #next = #value;));
                syn::parse_quote!(#next)
            }
        };
        let indices: Vec<syn::Ident> = dims.iter().map(|_| self.fresh.index()).collect();
        let mut body: Stmt = syn::parse_quote!(#name #([#indices])* = #source #([#indices])*;);
        for (index, len) in indices.iter().zip(&dims).rev() {
            body = syn::parse_quote!(for #index in 0..#len { #body });
        }
        stmts.push(body);
        Some(stmts)
    }
}

impl VisitMut for WholeArrays<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let outer = self.lengths.clone();
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for mut stmt in std::mem::take(&mut block.stmts) {
            match self.split(&stmt) {
                Some(split) => stmts.extend(split),
                None => {
                    self.visit_stmt_mut(&mut stmt);
                    if let Stmt::Local(local) = &stmt {
                        self.record(local);
                    }
                    stmts.push(stmt);
                }
            }
        }
        block.stmts = stmts;
        self.lengths = outer;
    }

    fn visit_expr_for_loop_mut(&mut self, node: &mut syn::ExprForLoop) {
        let outer = self.lengths.clone();
        for ident in crate::lower::scope::pat_idents(&node.pat) {
            self.lengths.remove(&ident.to_string());
        }
        visit_mut::visit_expr_for_loop_mut(self, node);
        self.lengths = outer;
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        // A closure's parameters shadow the arrays it could see.
        let outer = self.lengths.clone();
        for input in &closure.inputs {
            for ident in crate::lower::scope::pat_idents(input) {
                self.lengths.remove(&ident.to_string());
            }
        }
        visit_mut::visit_expr_closure_mut(self, closure);
        self.lengths = outer;
    }
}
