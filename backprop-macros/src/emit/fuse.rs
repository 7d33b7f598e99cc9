//! Loop fusion for `f_grad`: a loop of the forward pass and its reversal in the
//! backward pass become one loop when the reversal's iterations are independent of
//! each other, so each iteration's gradient is taken while its values are at hand
//! (one sweep over the data, nothing saved), as a person writes it.
//!
//! Input:  `let mut s = 0.0; for i in 0..n { let v = x[i]; s += v * v; }
//!          let d_out = 1.0; let d_s = d_out; for i in (0..n).rev() { let v = x[i]; d_x[i] += 2.0 * v * d_s; }`
//! Output: `let d_out = 1.0; let d_s = d_out; let mut s = 0.0;
//!          for i in 0..n { let v = x[i]; s += v * v; let v = x[i]; d_x[i] += 2.0 * v * d_s; }`
//!
//! The reversal may join its loop when (1) it only adds into adjoints declared outside
//! it (`d_w += ..`, `d_x[i] += ..`) and never reads them there, or leaves them as they
//! were (a sum's carried adjoint, `fuse_invariant.rs`), so its iterations commute (only
//! the order of the floating-point additions changes); (2) what it reads is the
//! index, its own values, values defined before the loop that the loop does not change,
//! and values this iteration computed and saved (`let v = v_saved[i];` becomes `v`
//! itself); and (3) every statement between the two loops can move before the forward
//! loop (it reads nothing the loop computes: the seed, most of the backward pass before
//! the reversal) or after the fused one (the rest of the forward pass, which the reversal
//! does not read). Statements that print stay in their order. Anything else is left as
//! it was: the two-pass form is always correct.

use crate::emit::fuse_names::Uses;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use std::collections::BTreeSet;
use syn::{Block, Expr, Pat, Stmt};

/// The body of `f_grad` with loops fused: `forward; seed; backward..; (value, grad)`,
/// or `None` if no loop fuses (the caller keeps the plain form). `stacks` are the
/// arrays the forward pass saves runs into by loop index.
pub(crate) fn fused_body(
    forward: &TokenStream,
    seed: &TokenStream,
    backward: &TokenStream,
    value: &TokenStream,
    stacks: &[Ident],
) -> Option<TokenStream> {
    let has_loop = |tokens: &TokenStream| {
        tokens
            .clone()
            .into_iter()
            .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "for"))
    };
    if !has_loop(forward) || !has_loop(backward) {
        return None;
    }
    let forward: Block = syn::parse2(quote!({ #forward })).ok()?;
    let seed: Block = syn::parse2(quote!({ #seed })).ok()?;
    let backward: Block = syn::parse2(quote!({ #backward })).ok()?;
    let mut stmts = forward.stmts;
    stmts.extend(seed.stmts);
    let mut backward = backward.stmts;
    let tail = match backward.pop()? {
        Stmt::Expr(tail, None) => tail,
        _ => return None,
    };
    // The value is read after the backward statements: none may shadow its names.
    let value_names = crate::emit::fuse_names::idents(value);
    let shadows = backward.iter().any(|stmt| match stmt {
        Stmt::Local(local) => Uses::pattern(&local.pat)
            .iter()
            .any(|name| value_names.contains(name)),
        _ => false,
    });
    if shadows {
        return None;
    }
    stmts.extend(backward);
    let stacks: BTreeSet<String> = stacks.iter().map(ToString::to_string).collect();
    let mut fused_any = false;
    let mut from = 0;
    while let Some((f, b)) = next_pair(&stmts, from) {
        match fuse(&stmts, f, b, &stacks) {
            Some(fused) => {
                stmts = fused;
                fused_any = true;
                from = 0;
            }
            None => from = f + 1,
        }
    }
    if !fused_any {
        return None;
    }
    drop_unread_stacks(&mut stmts, &stacks);

    Some(quote! {
        #(#stmts)*
        (#value, #tail)
    })
}

/// The first forward loop at or after `from` with a reversal later in `stmts`: the
/// same pattern over `(range).rev()`.
fn next_pair(stmts: &[Stmt], from: usize) -> Option<(usize, usize)> {
    (from..stmts.len()).find_map(|f| {
        let forward = as_for(&stmts[f])?;
        let range = &forward.expr;
        let wanted = quote!((#range).rev()).to_string();
        let pat = forward.pat.to_token_stream().to_string();
        let b = (f + 1..stmts.len()).find(|&b| {
            as_for(&stmts[b]).is_some_and(|back| {
                back.expr.to_token_stream().to_string() == wanted
                    && back.pat.to_token_stream().to_string() == pat
            })
        })?;
        Some((f, b))
    })
}

fn as_for(stmt: &Stmt) -> Option<&syn::ExprForLoop> {
    match stmt {
        Stmt::Expr(Expr::ForLoop(node), _) if node.label.is_none() => Some(node),
        _ => None,
    }
}

/// `stmts` with the loop at `f` and its reversal at `b` fused, or `None` if they may not be.
fn fuse(stmts: &[Stmt], f: usize, b: usize, stacks: &BTreeSet<String>) -> Option<Vec<Stmt>> {
    let (forward, backward) = (as_for(&stmts[f])?, as_for(&stmts[b])?);
    let index = Uses::pattern(&forward.pat);
    // This iteration's saved values, read back: the forward loop's own bindings.
    let bound_once = top_level_lets(&forward.body.stmts);
    let mut connected = BTreeSet::new();
    let mut reversal = Vec::new();
    for stmt in &backward.body.stmts {
        match saved_load(stmt, stacks, &index) {
            Some(Load { name, by_ref }) if bound_once.contains(&name.to_string()) => {
                // A called function's cache was read back by reference: borrow this
                // iteration's own.
                if by_ref {
                    reversal.push(syn::parse_quote!(let #name = &#name;));
                }
                connected.insert(name.to_string());
            }
            _ => reversal.push(stmt.clone()),
        }
    }
    let body_uses = Uses::of_stmts(&forward.body.stmts);
    let reversal_uses = Uses::of_stmts(&reversal);
    if body_uses.jumps || reversal_uses.jumps || reversal_uses.prints {
        return None;
    }
    // (1) Iterations commute: what is declared outside is only added into and not read
    // in the loop, or ends each iteration as it began (a sum's carried adjoint).
    let changed: BTreeSet<String> = reversal_uses
        .assigned
        .union(&reversal_uses.accumulated)
        .cloned()
        .collect();
    let unchanged = crate::emit::fuse_invariant::unchanged(&reversal, &changed);
    let outside_forward = |name: &String| {
        !body_uses.touches(name) && !body_uses.all_defs.contains(name) && !index.contains(name)
    };
    let commute = changed.iter().all(|name| {
        outside_forward(name)
            && (unchanged.contains(name)
                || (!reversal_uses.assigned.contains(name) && !reversal_uses.reads.contains(name)))
    });
    // (2) It reads the index, values from before the loop that the loop leaves alone,
    // and this iteration's saved values.
    let changed_in_loop = |name: &String| {
        (body_uses.all_defs.contains(name)
            || body_uses.assigned.contains(name)
            || body_uses.accumulated.contains(name))
            && !connected.contains(name)
    };
    if !commute || reversal_uses.reads.iter().any(changed_in_loop) {
        return None;
    }
    // (3) The statements between move before the forward loop or after the fused one.
    let forward_uses = Uses::of_stmts(std::slice::from_ref(&stmts[f]));
    let backward_uses = Uses::of_stmts(std::slice::from_ref(&stmts[b]));
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut after_uses: Vec<Uses> = Vec::new();
    for stmt in &stmts[f + 1..b] {
        let uses = Uses::of_stmts(std::slice::from_ref(stmt));
        let item = matches!(stmt, Stmt::Item(_));
        let before_ok = item
            || (!uses.prints
                && !uses.conflicts(&forward_uses)
                && after_uses.iter().all(|later| !uses.conflicts(later)));
        if before_ok {
            before.push(stmt.clone());
        } else if !uses.conflicts(&backward_uses) {
            after.push(stmt.clone());
            after_uses.push(uses);
        } else {
            return None;
        }
    }
    // Values the reversal recomputes as the forward loop computed them are read there.
    let computed: Vec<String> = forward
        .body
        .stmts
        .iter()
        .filter(|stmt| once_bound(stmt, &bound_once))
        .map(|stmt| stmt.to_token_stream().to_string())
        .collect();
    reversal.retain(|stmt| {
        !(once_bound(stmt, &bound_once) && computed.contains(&stmt.to_token_stream().to_string()))
    });
    let mut fused_loop = forward.clone();
    fused_loop.body.stmts.extend(reversal);
    let mut out = stmts[..f].to_vec();
    out.extend(before);
    out.push(Stmt::Expr(Expr::ForLoop(fused_loop), None));
    out.extend(after);
    out.extend(stmts[b + 1..].iter().cloned());
    Some(out)
}

/// The names bound exactly once by a top-level immutable `let name = ..;`.
fn top_level_lets(stmts: &[Stmt]) -> BTreeSet<String> {
    let mut once = BTreeSet::new();
    let mut again = BTreeSet::new();
    for stmt in stmts {
        if let Stmt::Local(local) = stmt {
            let pat = match &local.pat {
                Pat::Type(typed) => &*typed.pat,
                pat => pat,
            };
            match pat {
                Pat::Ident(pat) if pat.mutability.is_none() && pat.by_ref.is_none() => {
                    let name = pat.ident.to_string();
                    if !once.insert(name.clone()) {
                        again.insert(name);
                    }
                }
                // `let (out, cache) = g_forward(..);`
                Pat::Tuple(tuple) if tuple.elems.iter().all(plain_binding) => {
                    for name in Uses::pattern(pat) {
                        if !once.insert(name.clone()) {
                            again.insert(name);
                        }
                    }
                }
                pat => again.extend(Uses::pattern(pat)),
            }
        }
    }
    once.retain(|name| !again.contains(name));
    once
}

/// An immutable by-value name or `_`.
fn plain_binding(pat: &Pat) -> bool {
    match pat {
        Pat::Ident(pat) => pat.mutability.is_none() && pat.by_ref.is_none() && pat.subpat.is_none(),
        Pat::Wild(_) => true,
        _ => false,
    }
}

/// Whether `stmt` is a `let` of one of `names`.
fn once_bound(stmt: &Stmt, names: &BTreeSet<String>) -> bool {
    matches!(stmt, Stmt::Local(local) if Uses::pattern(&local.pat).iter().all(|name| names.contains(name)))
}

/// A run saved by the forward loop and read back: `let name = stack[index];`, or a
/// called function's cache, `let Some(name) = &stack[index] else { .. };` (`by_ref`).
struct Load {
    name: Ident,
    by_ref: bool,
}

fn saved_load(stmt: &Stmt, stacks: &BTreeSet<String>, index: &BTreeSet<String>) -> Option<Load> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let init = local.init.as_ref()?;
    let (name, read, by_ref) = match (&local.pat, &*init.expr, &init.diverge) {
        (Pat::Ident(pat), Expr::Index(read), None) => (pat.ident.clone(), read, false),
        (Pat::TupleStruct(some), Expr::Reference(borrow), Some(_)) if some.elems.len() == 1 => {
            let (Some(Pat::Ident(pat)), Expr::Index(read)) = (some.elems.first(), &*borrow.expr)
            else {
                return None;
            };
            let is_some = some
                .path
                .segments
                .last()
                .is_some_and(|last| last.ident == "Some");
            if !is_some || pat.by_ref.is_some() || pat.mutability.is_some() {
                return None;
            }
            (pat.ident.clone(), read, true)
        }
        _ => return None,
    };
    let stack = path_name(&read.expr)?;
    let at = path_name(&read.index)?;
    (stacks.contains(&stack) && index.contains(&at)).then_some(Load { name, by_ref })
}

fn path_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// Removes the stacks nothing reads any more: their declarations and the stores into them.
fn drop_unread_stacks(stmts: &mut Vec<Stmt>, stacks: &BTreeSet<String>) {
    let read = crate::emit::fuse_names::read_stacks(stmts, stacks);
    let unread: BTreeSet<String> = stacks.difference(&read).cloned().collect();
    if !unread.is_empty() {
        crate::emit::fuse_names::drop_stores(stmts, &unread);
    }
}
