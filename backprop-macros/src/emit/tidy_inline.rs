//! Tidying (`tidy.rs`), the values written where they are used: a temporary read once
//! (`let c_i = c[i]; acc = acc_times_x + c_i;` is `acc = acc_times_x + c[i];`) and an
//! update written as one (`d_acc = x * d_acc;` is `d_acc *= x;`).

use crate::emit::tidy::{is_user_name, simple_let};
use crate::emit::tidy_rename::{has_call, is_plain, substitute};
use crate::emit::tidy_scan::mention_count;
use quote::ToTokens;
use std::collections::HashSet;
use syn::{Expr, Stmt};

/// Writes each single-use temporary `let t = e;` at its use in the next statement.
pub(crate) fn inline_single_uses(stmts: &mut Vec<Stmt>, user_names: &HashSet<String>) -> bool {
    let mut changed = false;
    let mut k = 0;
    while k + 1 < stmts.len() {
        if inline_at(stmts, k, user_names) {
            changed = true;
        } else {
            k += 1;
        }
    }
    changed
}

fn inline_at(stmts: &mut Vec<Stmt>, k: usize, user_names: &HashSet<String>) -> bool {
    let Some((local, pat, value)) = simple_let(&stmts[k]) else {
        return false;
    };
    let name = pat.ident.to_string();
    if (is_user_name(user_names, &name) && !is_saved_read(value))
        || !is_plain(value)
        || local.attrs.len() > 1
    {
        return false;
    }
    let uses: Vec<usize> = stmts[k + 1..]
        .iter()
        .map(|stmt| mention_count(stmt.to_token_stream(), &name))
        .collect();
    if uses.iter().sum::<usize>() != 1 {
        return false;
    }
    let Some(at) = uses.iter().position(|&count| count == 1).map(|i| k + 1 + i) else {
        return false;
    };
    let value = value.clone();
    if !can_move_past(&value, &stmts[k + 1..at]) {
        return false;
    }
    let Some(top) = top_expr(&mut stmts[at]) else {
        return false;
    };
    if !is_plain(top) || (has_call(&value) && has_call(top)) {
        return false;
    }
    if substitute(top, &name, &value) {
        stmts.remove(k);
        return true;
    }
    false
}

/// Whether the plain `value` has the same value after `stmts`: they write nothing it
/// reads, and call nothing when it calls something.
fn can_move_past(value: &Expr, stmts: &[Stmt]) -> bool {
    if stmts.is_empty() {
        return true;
    }
    // Only a saved value read back moves down to its use: everything else stays where
    // the staging put it (the optimiser's schedule, and so the instruction counts,
    // follow the source order).
    if !is_saved_read(value) {
        return false;
    }
    let calls = has_call(value);
    let reads = crate::emit::tidy_names::idents(value.to_token_stream());
    stmts.iter().all(|stmt| {
        !(calls && (has_call_stmt(stmt) || mentions_macro(stmt)))
            && reads
                .iter()
                .all(|read| !crate::emit::tidy_scan::may_write(std::slice::from_ref(stmt), read))
    })
}

/// Whether `stmt` calls a function or a method.
fn has_call_stmt(stmt: &Stmt) -> bool {
    let text = stmt.to_token_stream().to_string();
    text.contains('(')
}

/// Whether `stmt` holds a macro.
fn mentions_macro(stmt: &Stmt) -> bool {
    stmt.to_token_stream().to_string().contains('!')
}

/// The expression a statement evaluates first and whole: a `let`'s value, the right
/// side of an assignment, or an expression statement; not one holding a block.
fn top_expr(stmt: &mut Stmt) -> Option<&mut Expr> {
    match stmt {
        Stmt::Local(local) => {
            let init = local.init.as_mut()?;
            if init.diverge.is_some() {
                return None;
            }
            Some(&mut init.expr)
        }
        Stmt::Expr(expr, _) => {
            let assigns = match &*expr {
                Expr::Assign(assign) => Some(is_plain(&assign.left)),
                Expr::Binary(binary) if crate::emit::tidy_scan::is_compound(&binary.op) => {
                    Some(is_plain(&binary.left))
                }
                _ => None,
            };
            match (assigns, expr) {
                (Some(false), _) => None,
                (Some(true), Expr::Assign(assign)) => Some(&mut *assign.right),
                (Some(true), Expr::Binary(binary)) => Some(&mut *binary.right),
                (_, expr) => Some(expr),
            }
        }
        _ => None,
    }
}

/// `x = x + e` as `x += e` (and `-`, `*`, `/`; `x = e + x`, `x = e * x` too).
pub(crate) fn compound_assignments(stmts: &mut [Stmt]) {
    for stmt in stmts {
        let Stmt::Expr(expr @ Expr::Assign(_), Some(_)) = stmt else {
            continue;
        };
        let Expr::Assign(assign) = &*expr else {
            continue;
        };
        let (Expr::Binary(binary), place) = (&*assign.right, &assign.left) else {
            continue;
        };
        if !is_plain(place) || has_call(place) {
            continue;
        }
        let place_text = place.to_token_stream().to_string();
        let same = |operand: &Expr| operand.to_token_stream().to_string() == place_text;
        use syn::BinOp::*;
        let (op, operand) = match binary.op {
            Add(_) if same(&binary.left) => (AddAssign(Default::default()), &binary.right),
            Add(_) if same(&binary.right) => (AddAssign(Default::default()), &binary.left),
            Sub(_) if same(&binary.left) => (SubAssign(Default::default()), &binary.right),
            Mul(_) if same(&binary.left) => (MulAssign(Default::default()), &binary.right),
            Mul(_) if same(&binary.right) => (MulAssign(Default::default()), &binary.left),
            Div(_) if same(&binary.left) => (DivAssign(Default::default()), &binary.right),
            _ => continue,
        };
        let operand = match &**operand {
            Expr::Paren(paren) => &paren.expr,
            operand => operand,
        };
        let compound = Expr::Binary(syn::ExprBinary {
            attrs: Vec::new(),
            left: place.clone(),
            op,
            right: Box::new(operand.clone()),
        });
        *expr = compound;
    }
}

/// Whether `value` reads a saved value back (`acc_saved[i]`): written where it is
/// read, as a person reads `saved[i]`.
fn is_saved_read(value: &Expr) -> bool {
    match value {
        Expr::Index(index) => match &*index.expr {
            Expr::Path(path) => path
                .path
                .get_ident()
                .is_some_and(|ident| ident.to_string().ends_with("_saved")),
            _ => false,
        },
        _ => false,
    }
}
