//! Preaccumulation of a carried adjoint: in a backward loop whose iteration takes one
//! adjoint carried from the next iteration (`d_y`) through several operations, the
//! iteration's local derivative is accumulated first, per unit of that adjoint, and the
//! carried adjoint is then scaled once, as a person writes an Euler step's reversal
//! (`d_y *= 1.0 + dt * r * (1.0 - 2.0 * y / cap)`). The iterations' chain of dependent
//! operations shrinks to one multiplication; the other adjoints are unchanged, up to
//! the order of rounding.
//!
//! Input:  `for i in (0..n).rev() { let d_y_2 = d_y; let d_t = a * d_y_2; d_y += b * d_t;
//!          d_r += c * d_t; }`
//! Output: `for i in (0..n).rev() { let d_y_2 = 1.0; let mut d_y_gain = 1.0;
//!          let d_t = a * d_y_2; d_y_gain += b * d_t; d_r += c * d_t * d_y; d_y *= d_y_gain; }`
//!
//! Every backward statement is linear in the adjoints, so this holds whenever the body
//! is straight-line `let`s and additions, its only adjoint input is the carried one
//! (read once, first), and the adjoints it adds into are not read in it. Anything else,
//! or a carried adjoint already updated by one multiplication (Horner's
//! `d_acc = x * d_acc_2`), is left as it is.

use crate::emit::fuse_names::Uses;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use std::collections::BTreeSet;
use syn::{BinOp, Expr, Pat, Stmt};

/// `body` (statements, maybe ending in an expression) with every such loop rewritten;
/// `body` itself if there is none.
pub(crate) fn carried(body: TokenStream) -> TokenStream {
    let has_loop = body
        .clone()
        .into_iter()
        .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "for"));
    if !has_loop {
        return body;
    }
    let Ok(block) = syn::parse2::<syn::Block>(quote!({ #body })) else {
        return body;
    };
    let mut stmts = block.stmts;
    if !rewrite_loops(&mut stmts) {
        return body;
    }
    quote!(#(#stmts)*)
}

/// Rewrites the loops among `stmts` and inside them; whether any changed.
fn rewrite_loops(stmts: &mut [Stmt]) -> bool {
    let mut changed = false;
    for stmt in stmts.iter_mut() {
        let node = match stmt {
            Stmt::Expr(Expr::ForLoop(node), _) => node,
            Stmt::Expr(Expr::Block(block), _) => {
                changed |= rewrite_loops(&mut block.block.stmts);
                continue;
            }
            _ => continue,
        };
        changed |= rewrite_loops(&mut node.body.stmts);
        if let Some(body) = preaccumulated(&node.body.stmts) {
            node.body.stmts = body;
            changed = true;
        }
    }
    changed
}

/// An addition into an adjoint: `target op value;`.
struct Update<'a> {
    target: &'a Expr,
    /// The array or variable added into (`d_x` of `d_x[i]`).
    base: String,
    op: &'a BinOp,
    value: &'a Expr,
}

fn update(stmt: &Stmt) -> Option<Update<'_>> {
    let Stmt::Expr(expr, Some(_)) = stmt else {
        return None;
    };
    let (target, op, value) = match expr {
        Expr::Binary(binary) if matches!(binary.op, BinOp::AddAssign(_) | BinOp::SubAssign(_)) => {
            (&*binary.left, &binary.op, &*binary.right)
        }
        _ => return None,
    };
    let base = match target {
        Expr::Path(path) => path.path.get_ident()?.to_string(),
        Expr::Index(index) => match &*index.expr {
            Expr::Path(path) => path.path.get_ident()?.to_string(),
            _ => return None,
        },
        _ => return None,
    };
    Some(Update {
        target,
        base,
        op,
        value,
    })
}

/// `d_t = S;` of the carried adjoint `S`: the binding and `S`.
fn seed(stmt: &Stmt) -> Option<(Ident, Ident)> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let (Pat::Ident(pat), Some(init)) = (&local.pat, &local.init) else {
        return None;
    };
    match &*init.expr {
        Expr::Path(path) if init.diverge.is_none() && pat.mutability.is_none() => {
            Some((pat.ident.clone(), path.path.get_ident()?.clone()))
        }
        _ => None,
    }
}

fn reads(stmt: &Stmt) -> BTreeSet<String> {
    Uses::of_stmts(std::slice::from_ref(stmt)).reads
}

/// The body rewritten, or `None` if it is not of the form described above or would not
/// gain.
fn preaccumulated(body: &[Stmt]) -> Option<Vec<Stmt>> {
    let updates: Vec<Option<Update>> = body.iter().map(update).collect();
    let targets: BTreeSet<String> = updates.iter().flatten().map(|u| u.base.clone()).collect();
    // Straight-line: immutable `let`s of one name, and additions.
    let straight = body.iter().zip(&updates).all(|(stmt, update)| {
        update.is_some()
            || matches!(stmt, Stmt::Local(local) if matches!(&local.pat, Pat::Ident(pat) if pat.mutability.is_none() && pat.by_ref.is_none()) && local.init.as_ref().is_some_and(|init| init.diverge.is_none()))
    });
    if !straight {
        return None;
    }
    // The one carried adjoint: read by a `let` copy, and added into here.
    let mut seeds = body
        .iter()
        .enumerate()
        .filter_map(|(at, stmt)| seed(stmt).map(|(unit, carried)| (at, unit, carried)))
        .filter(|(_, _, carried)| targets.contains(&carried.to_string()));
    let (seed_at, unit, carried) = seeds.next()?;
    if seeds.next().is_some() {
        return None;
    }
    let carried_name = carried.to_string();
    if Uses::of_stmts(body).all_defs.contains(&carried_name) {
        return None;
    }
    // What depends on the carried adjoint; nothing reads an adjoint added into here
    // (the seed aside), and every addition depends on the seed.
    let mut dependent = BTreeSet::from([unit.to_string()]);
    for (at, (stmt, update)) in body.iter().zip(&updates).enumerate() {
        let read = reads(stmt);
        if at != seed_at && read.iter().any(|name| targets.contains(name)) {
            return None;
        }
        match (stmt, update) {
            (Stmt::Local(local), None)
                if at != seed_at && read.iter().any(|name| dependent.contains(name)) =>
            {
                dependent.extend(Uses::pattern(&local.pat));
            }
            (_, Some(update)) => {
                let value = Uses::of_stmts(&[Stmt::Expr(update.value.clone(), None)]).reads;
                if !value.iter().any(|name| dependent.contains(name)) {
                    return None;
                }
            }
            _ => {}
        }
    }
    // Worth it only if the carried adjoint's update is more than one step from the seed.
    let carried_updates: Vec<&Update> = updates
        .iter()
        .flatten()
        .filter(|update| update.base == carried_name)
        .collect();
    let direct = |update: &Update| {
        let value = Uses::of_stmts(&[Stmt::Expr(update.value.clone(), None)]).reads;
        value.contains(&unit.to_string())
    };
    if carried_updates.len() == 1 && direct(carried_updates[0]) {
        return None;
    }
    if !matches!(carried_updates.first(), Some(update) if matches!(update.target, Expr::Path(_))) {
        return None;
    }
    let gain = format_ident!("{}_gain", carried);
    let all_names = Uses::of_stmts(body);
    if all_names.reads.contains(&gain.to_string()) || all_names.all_defs.contains(&gain.to_string())
    {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() + 2);
    for (at, (stmt, update)) in body.iter().zip(&updates).enumerate() {
        if at == seed_at {
            out.push(syn::parse_quote!(let #unit = 1.0;));
            out.push(syn::parse_quote!(let mut #gain = 1.0;));
            continue;
        }
        match update {
            Some(update) if update.base == carried_name => {
                let (op, value) = (update.op, update.value);
                out.push(syn::parse_quote!(#gain #op #value;));
            }
            Some(update) => {
                let (target, op, value) = (update.target, update.op, update.value);
                let value = match value {
                    Expr::Binary(sum) if matches!(sum.op, BinOp::Add(_) | BinOp::Sub(_)) => {
                        quote!((#value))
                    }
                    value => value.to_token_stream(),
                };
                out.push(syn::parse_quote!(#target #op #value * #carried;));
            }
            None => out.push(stmt.clone()),
        }
    }
    out.push(syn::parse_quote!(#carried *= #gain;));
    Some(out)
}
