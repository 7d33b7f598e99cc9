//! Tidying a generated function for the reader: the copies the staging makes are
//! folded into the variables they copy, and the versions of one variable go back to
//! the user's name.
//!
//! Input: `let acc = 0.0; let mut acc_1 = acc; for i in 0..5 { let acc_2 = acc_1;
//! let c_i = c[i]; let acc_3 = acc_2 * x + c_i; acc_1 = acc_3; }`
//! Output: `let mut acc = 0.0; for i in 0..5 { acc = acc * x + c[i]; }`
//!
//! Each edit keeps the meaning: a copy `let a = b;` is read as `b` only where `b` has
//! not been written since (`tidy_scan.rs`), a value is written at its use only when it
//! is used once, in the next statement, and reads plain values; a name is replaced
//! only where the new one is not in sight. Versions of one variable (`acc_2`) take its
//! name (`acc`) where no other variable of that name is in sight (`tidy_names.rs`).

use crate::emit::tidy_dead::{
    drop_dead_stores, drop_self_assignments, join_late_inits, return_values_directly,
};
use crate::emit::tidy_inline::{compound_assignments, inline_single_uses};
use crate::emit::tidy_rename::{is_plain, rename};
use crate::emit::tidy_scan::{mentions, unreachable_by_rename, CopyCheck};
use proc_macro2::TokenStream;
use quote::ToTokens;
use std::collections::HashSet;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Local, Pat, Stmt};

/// Edits one generated function (or an `impl` block of them) for the reader; the
/// tokens unchanged when they do not parse as one.
pub(crate) fn tidy(tokens: TokenStream, user_names: &HashSet<String>) -> TokenStream {
    if tokens.is_empty() {
        return tokens;
    }
    let Ok(mut item) = syn::parse2::<syn::ItemFn>(tokens.clone()) else {
        return tokens;
    };
    let mut tidy = Tidy { user_names };
    // Twice: a copy folded away can let an outer one go.
    for _ in 0..2 {
        tidy.visit_block_mut(&mut item.block);
    }
    crate::emit::tidy_names::restore_names(&mut item.block, user_names);
    item.into_token_stream()
}

/// Blocks longer than this are left as generated: the checks read the rest of the
/// block for each statement, and nobody reads such a block line by line.
pub(crate) const MAX_STMTS: usize = 200;

/// The pass over the blocks of one function, innermost first.
struct Tidy<'u> {
    /// Every identifier of the user's function: names never taken away.
    user_names: &'u HashSet<String>,
}

impl VisitMut for Tidy<'_> {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        visit_mut::visit_block_mut(self, block);
        if block.stmts.len() > MAX_STMTS {
            return;
        }
        let mut changed = true;
        let mut rounds = 0;
        while changed && rounds < 8 {
            rounds += 1;
            changed = self.fold_copies(&mut block.stmts)
                | inline_single_uses(&mut block.stmts, self.user_names);
        }
        drop_self_assignments(&mut block.stmts);
        join_late_inits(&mut block.stmts);
        return_values_directly(&mut block.stmts);
        drop_dead_stores(&mut block.stmts);
        compound_assignments(&mut block.stmts);
    }
}

/// Whether `name` is one of `user_names`, or the adjoint of one (`d_x`).
pub(crate) fn is_user_name(user_names: &HashSet<String>, name: &str) -> bool {
    user_names.contains(name)
        || name
            .strip_prefix("d_")
            .is_some_and(|base| user_names.contains(base))
}

/// `let name = init;` with a plain identifier pattern and no type, attribute or `else`.
pub(crate) fn simple_let(stmt: &Stmt) -> Option<(&Local, &syn::PatIdent, &Expr)> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let Pat::Ident(pat) = &local.pat else {
        return None;
    };
    let init = local.init.as_ref()?;
    if !local.attrs.is_empty()
        || init.diverge.is_some()
        || pat.by_ref.is_some()
        || pat.subpat.is_some()
    {
        return None;
    }
    Some((local, pat, &init.expr))
}

/// The identifier `expr` is, if it is a bare one.
fn bare_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) if path.qself.is_none() => path.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

impl Tidy<'_> {
    /// Whether `name` is the user's, or the adjoint of a user's name (`d_x`).
    fn is_user(&self, name: &str) -> bool {
        is_user_name(self.user_names, name)
    }

    /// Folds each copy `let a = b;` into `b` (or `b` into `a`); whether any was.
    fn fold_copies(&self, stmts: &mut Vec<Stmt>) -> bool {
        let mut changed = false;
        let mut k = 0;
        while k < stmts.len() {
            if self.fold_copy(stmts, k) {
                changed = true;
            } else {
                k += 1;
            }
        }
        changed
    }

    /// Folds the copy at `stmts[k]` away, if it is one that can go.
    fn fold_copy(&self, stmts: &mut Vec<Stmt>, k: usize) -> bool {
        let Some((_, pat, init)) = simple_let(&stmts[k]) else {
            return false;
        };
        let Some(source) = bare_name(init) else {
            return false;
        };
        let copy = pat.ident.to_string();
        let copy_mut = pat.mutability.is_some();
        if copy == source {
            return false;
        }
        if self.coalesce(stmts, k, &copy, &source, copy_mut) {
            return true;
        }
        if self.is_user(&copy) && !self.is_user(&source) {
            return false;
        }
        let region = &stmts[k + 1..];
        if !self.copy_holds(region, &copy, &source)
            && (!sink_source_write(stmts, k, &copy, &source)
                || !self.copy_holds(&stmts[k + 1..], &copy, &source))
        {
            return false;
        }
        stmts.remove(k);
        rename(&mut stmts[k..], &copy, &source);
        true
    }

    /// Whether `copy` equals `source` wherever `region` reads it, and can be renamed.
    fn copy_holds(&self, region: &[Stmt], copy: &str, source: &str) -> bool {
        let mut check = CopyCheck::new(copy, source);
        for stmt in region {
            check.visit_stmt(stmt);
        }
        check.ok && !check.copy_written && !unreachable_by_rename(region, copy)
    }

    /// `let b = e; .. let a = b;` with `b` not read after the copy: one variable,
    /// under the user's name of the two. Whether it was done.
    fn coalesce(
        &self,
        stmts: &mut Vec<Stmt>,
        k: usize,
        copy: &str,
        source: &str,
        copy_mut: bool,
    ) -> bool {
        let Some(j) = (0..k)
            .rev()
            .find(|&j| simple_let(&stmts[j]).is_some_and(|(_, pat, _)| pat.ident == source))
        else {
            return false;
        };
        if stmts[k + 1..].iter().any(|stmt| mentions(stmt, source)) {
            return false;
        }
        let keep_copy_name = match (self.is_user(copy), self.is_user(source)) {
            (true, true) => return false,
            (true, false) => true,
            _ => false,
        };
        if keep_copy_name {
            // `b` becomes `a` from its `let` to the copy.
            if stmts[j..k].iter().any(|stmt| mentions(stmt, copy))
                || unreachable_by_rename(&stmts[j + 1..k], source)
            {
                return false;
            }
            rename(&mut stmts[j..k], source, copy);
        } else {
            if unreachable_by_rename(&stmts[k + 1..], copy) {
                return false;
            }
            rename(&mut stmts[k + 1..], copy, source);
        }
        if copy_mut {
            if let Stmt::Local(local) = &mut stmts[j] {
                if let Pat::Ident(pat) = &mut local.pat {
                    pat.mutability = Some(Default::default());
                }
            }
        }
        stmts.remove(k);
        true
    }
}

/// For a copy `let a = b;` at `stmts[k]` read after a later `b = e;` in the same
/// block: moves that assignment after the copy's last read, when the statements it
/// passes neither read nor write `b` nor write what `e` reads. Whether it moved.
fn sink_source_write(stmts: &mut [Stmt], k: usize, copy: &str, source: &str) -> bool {
    let Some(last) = (k + 1..stmts.len())
        .rev()
        .find(|&i| mentions(&stmts[i], copy))
    else {
        return false;
    };
    let Some(write) = (k + 1..last).find(|&i| is_write_of(&stmts[i], source)) else {
        return false;
    };
    let Stmt::Expr(Expr::Assign(assign), _) = &stmts[write] else {
        return false;
    };
    if !is_plain(&assign.right) {
        return false;
    }
    let reads = crate::emit::tidy_names::idents(assign.right.to_token_stream());
    // Calls keep their order (a user's function may print; the optimiser's schedule
    // of two calls follows it too).
    let calls = crate::emit::tidy_rename::has_call(&assign.right);
    for stmt in &stmts[write + 1..=last] {
        if mentions(stmt, source)
            || (calls && stmt.to_token_stream().to_string().contains('('))
            || reads
                .iter()
                .any(|read| crate::emit::tidy_scan::may_write(std::slice::from_ref(stmt), read))
        {
            return false;
        }
    }
    stmts[write..=last].rotate_left(1);
    true
}

/// Whether `stmt` is `name = ..;`.
fn is_write_of(stmt: &Stmt, name: &str) -> bool {
    matches!(stmt, Stmt::Expr(Expr::Assign(assign), Some(_)) if bare_name(&assign.left).as_deref() == Some(name))
}
