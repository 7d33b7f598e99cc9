//! Tidying (`tidy.rs`), statements that do nothing and declarations split from their
//! value: `x = x;` goes, a local's last write that nothing reads goes (`d_p[0] = 0.0;`
//! before the gradient is returned), and `let z; if c { z = a; } else { z = b; }` is
//! `let z = if c { a } else { b };` (clippy's `needless_late_init`).

use crate::emit::tidy_rename::is_plain;
use crate::emit::tidy_scan::mentions;
use quote::ToTokens;
use syn::{Expr, Pat, Stmt};

/// Drops every `x = x;`.
pub(crate) fn drop_self_assignments(stmts: &mut Vec<Stmt>) {
    stmts.retain(|stmt| {
        !matches!(stmt, Stmt::Expr(Expr::Assign(assign), Some(_))
            if matches!(&*assign.left, Expr::Path(_))
                && assign.left.to_token_stream().to_string()
                    == assign.right.to_token_stream().to_string())
    });
}

/// The name a `let` binds, when it binds one (`let x`, `let mut x: [f64; 3]`).
fn let_name(stmt: &Stmt) -> Option<String> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let mut pat = &local.pat;
    if let Pat::Type(typed) = pat {
        pat = &typed.pat;
    }
    match pat {
        Pat::Ident(ident) if ident.subpat.is_none() && ident.by_ref.is_none() => {
            Some(ident.ident.to_string())
        }
        _ => None,
    }
}

/// The name a plain store `x = v;` or `x[i] = v;` writes, if `stmt` is one.
fn stored_local(stmt: &Stmt) -> Option<String> {
    let Stmt::Expr(Expr::Assign(assign), Some(_)) = stmt else {
        return None;
    };
    if !is_plain(&assign.right) || !is_plain(&assign.left) {
        return None;
    }
    let mut place = &*assign.left;
    while let Expr::Index(index) = place {
        place = &index.expr;
    }
    match place {
        Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// Drops each store into a local of the block that no later statement of the block
/// reads (the local ends with the block).
pub(crate) fn drop_dead_stores(stmts: &mut Vec<Stmt>) {
    let mut k = stmts.len();
    while k > 0 {
        k -= 1;
        let Some(name) = stored_local(&stmts[k]) else {
            continue;
        };
        // An owned local of this block (not a `&mut` into a buffer): gone at its end.
        let local = stmts[..k].iter().any(|stmt| {
            let_name(stmt).as_deref() == Some(name.as_str())
                && !stmt.to_token_stream().to_string().contains('&')
        });
        if local && !stmts[k + 1..].iter().any(|stmt| mentions(stmt, &name)) {
            stmts.remove(k);
        }
    }
}

/// `let z; if c { ..; z = a; } else { ..; z = b; }` as `let z = if c { ..; a } else
/// { ..; b };` where every branch ends in its one write of `z`.
pub(crate) fn join_late_inits(stmts: &mut Vec<Stmt>) {
    let mut k = 0;
    while k + 1 < stmts.len() {
        let late = matches!(&stmts[k], Stmt::Local(local) if local.init.is_none() && local.attrs.is_empty());
        let Some(name) = let_name(&stmts[k]).filter(|_| late) else {
            k += 1;
            continue;
        };
        let Stmt::Expr(Expr::If(branches), _) = &stmts[k + 1] else {
            k += 1;
            continue;
        };
        let mut branches = branches.clone();
        if !valued(&mut branches, &name) {
            k += 1;
            continue;
        }
        let Stmt::Local(local) = &mut stmts[k] else {
            k += 1;
            continue;
        };
        local.init = Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(Expr::If(branches)),
            diverge: None,
        });
        local.semi_token = Default::default();
        stmts.remove(k + 1);
        k += 1;
    }
}

/// Turns each branch's last statement `name = v;` into its value `v`; `false` (and
/// `branches` half done, to be dropped) unless every branch ends so and reads or
/// writes `name` nowhere else.
fn valued(branches: &mut syn::ExprIf, name: &str) -> bool {
    if mentions(&*branches.cond, name) || !valued_block(&mut branches.then_branch, name) {
        return false;
    }
    match branches
        .else_branch
        .as_mut()
        .map(|(_, branch)| &mut **branch)
    {
        Some(Expr::Block(block)) if block.attrs.is_empty() && block.label.is_none() => {
            valued_block(&mut block.block, name)
        }
        Some(Expr::If(nested)) => valued(nested, name),
        _ => false,
    }
}

fn valued_block(block: &mut syn::Block, name: &str) -> bool {
    let Some((last, rest)) = block.stmts.split_last() else {
        return false;
    };
    if rest.iter().any(|stmt| mentions(stmt, name)) {
        return false;
    }
    let Stmt::Expr(Expr::Assign(assign), Some(_)) = last else {
        return false;
    };
    let writes_name = matches!(&*assign.left, Expr::Path(path) if path.path.is_ident(name));
    if !writes_name || mentions(&*assign.right, name) {
        return false;
    }
    let value = (*assign.right).clone();
    if let Some(last) = block.stmts.last_mut() {
        *last = Stmt::Expr(value, None);
    }
    true
}

/// `let v = e; v` at the end of a block as `e` (clippy's `let_and_return`).
pub(crate) fn return_values_directly(stmts: &mut Vec<Stmt>) {
    let [.., Stmt::Local(local), Stmt::Expr(Expr::Path(tail), None)] = stmts.as_slice() else {
        return;
    };
    let (Pat::Ident(pat), Some(init)) = (&local.pat, &local.init) else {
        return;
    };
    if !tail.path.is_ident(&pat.ident) || init.diverge.is_some() || !local.attrs.is_empty() {
        return;
    }
    let value = (*init.expr).clone();
    stmts.pop();
    if let Some(last) = stmts.last_mut() {
        *last = Stmt::Expr(value, None);
    }
}
