//! The last step of tidying (`tidy.rs`): each version of a variable (`acc_2`, a
//! derived `acc_2_times_x`, an adjoint `d_out_1_1`) takes the name without the
//! version numbers where no other variable of that name is in sight, and a `let mut`
//! that is never written loses its `mut`.

use crate::emit::tidy_rename::rename;
use crate::emit::tidy_scan::{may_write, mentions, unreachable_by_rename};
use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Pat, Stmt};

/// Every identifier in `tokens`, once each, in order.
pub(crate) fn idents(tokens: TokenStream) -> Vec<String> {
    fn walk(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => {
                    let ident = ident.to_string();
                    if !out.contains(&ident) {
                        out.push(ident);
                    }
                }
                TokenTree::Group(group) => walk(group.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tokens, &mut out);
    out
}

/// Gives each generated version its unversioned name where it can, and drops the
/// `mut` of every `let mut` never written.
pub(crate) fn restore_names(block: &mut syn::Block, user_names: &HashSet<String>) {
    Restore { user_names }.visit_block_mut(block);
}

/// The renaming pass, outermost block first.
struct Restore<'u> {
    user_names: &'u HashSet<String>,
}

/// The binding of `pat` when it is one name: `x`, `mut x`, `x: f64`.
fn binding(pat: &mut Pat) -> Option<&mut syn::PatIdent> {
    match pat {
        Pat::Ident(ident) if ident.subpat.is_none() && ident.by_ref.is_none() => Some(ident),
        Pat::Type(typed) => binding(&mut typed.pat),
        _ => None,
    }
}

impl Restore<'_> {
    /// The new name of a binding whose reads are `region` (and whose value is `init`).
    fn new_name(&self, old: &str, init: Option<&Expr>, region: &[Stmt]) -> Option<String> {
        if self.user_names.contains(old) {
            return None;
        }
        let new = crate::ir::names::unversioned(old, |part| self.user_names.contains(part))?;
        let in_sight = region.iter().any(|stmt| mentions(stmt, &new))
            || init.is_some_and(|init| mentions(init, &new));
        if in_sight || unreachable_by_rename(region, old) {
            return None;
        }
        Some(new)
    }
}

impl VisitMut for Restore<'_> {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let len = block.stmts.len();
        for k in 0..len {
            if len > crate::emit::tidy::MAX_STMTS {
                break;
            }
            let (head, region) = block.stmts.split_at_mut(k + 1);
            let Stmt::Local(local) = &mut head[k] else {
                continue;
            };
            let init = local.init.as_ref().map(|init| &*init.expr);
            let Some(pat) = binding(&mut local.pat) else {
                continue;
            };
            let old = pat.ident.to_string();
            if let Some(new) = self.new_name(&old, init, region) {
                pat.ident = crate::emit::tidy_rename::named(&new, pat.ident.span());
                rename(region, &old, &new);
            }
            let name = pat.ident.to_string();
            if pat.mutability.is_some() && !may_write(region, &name) {
                pat.mutability = None;
            }
        }
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_for_loop_mut(&mut self, for_loop: &mut syn::ExprForLoop) {
        if let Some(pat) = binding(&mut for_loop.pat) {
            let old = pat.ident.to_string();
            if let Some(new) = self.new_name(&old, None, &for_loop.body.stmts) {
                pat.ident = crate::emit::tidy_rename::named(&new, pat.ident.span());
                rename(&mut for_loop.body.stmts, &old, &new);
            }
        }
        visit_mut::visit_expr_for_loop_mut(self, for_loop);
    }
}
