//! A row of a matrix parameter (as `iterate.rs` writes `for row in m.iter()`) or a
//! sub-slice (`let s = &x[1..n - 1];`) bound by `let`, replaced by its expression where
//! it is read, since the lowering reads arrays by element: `row[j]` becomes `m[i][j]`,
//! `s[j]` becomes `x[j + 1]` (`subslice.rs`), `s.iter()` a chain over it, and `.len()`
//! its length.
//!
//! Input:  `for i in 0..m.len() { let row = m[i]; s += row[0] * row.len() as f64; }`
//! Output: `for i in 0..m.len() { s += m[i][0] * 3 as f64; }`

use crate::lower::chain_source::Shapes;
use crate::lower::scope::{self, Replace, Replacement};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Pat, Stmt};

/// Replaces the rows bound by `let` in `body`.
pub(crate) fn rewrite(body: &mut Block, shapes: &Shapes) {
    Rows { shapes }.visit_block_mut(body);
}

struct Rows<'a> {
    shapes: &'a Shapes,
}

impl Rows<'_> {
    /// `let row = m[i];` of a matrix parameter, or `let s = &x[a..b];`: the name and
    /// what it views.
    fn row_binding(&self, stmt: &Stmt) -> Option<(String, Expr)> {
        let Stmt::Local(local) = stmt else {
            return None;
        };
        let pat = match &local.pat {
            Pat::Type(typed) => &*typed.pat,
            pat => pat,
        };
        let Pat::Ident(pat) = pat else {
            return None;
        };
        let init = local.init.as_ref().filter(|init| init.diverge.is_none())?;
        if let Expr::Reference(reference) = &*init.expr {
            let (base, _) = crate::lower::subslice::as_sub_slice(&reference.expr)?;
            let place = matches!(base, Expr::Path(_)) || self.shapes.row(base).is_some();
            let plain =
                pat.mutability.is_none() && pat.subpat.is_none() && reference.mutability.is_none();
            return (place && plain).then(|| (pat.ident.to_string(), (*reference.expr).clone()));
        }
        let Expr::Index(index) = &*init.expr else {
            return None;
        };
        let is_param = matches!(&*index.expr, Expr::Path(_) | Expr::Index(_));
        let row = self
            .shapes
            .row(&init.expr)
            .filter(|_| is_param && pat.mutability.is_none() && pat.subpat.is_none())?;
        Some((pat.ident.to_string(), row))
    }
}

impl VisitMut for Rows<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut stmts = std::mem::take(&mut block.stmts);
        let mut index = 0;
        while index < stmts.len() {
            let Some((name, row)) = self.row_binding(&stmts[index]) else {
                index += 1;
                continue;
            };
            let rest = &stmts[index + 1..];
            // The row must mean the same element wherever it is read, and no inner
            // scope may bind the name again.
            let stable = scope::idents(&row).is_disjoint(&scope::assigned(rest));
            let names = [name.clone()].into();
            let rebound = rest.iter().any(|stmt| match stmt {
                Stmt::Local(local) => {
                    scope::pat_idents(&local.pat)
                        .iter()
                        .any(|ident| *ident == name)
                        || local
                            .init
                            .as_ref()
                            .is_some_and(|init| scope::binds_any(&init.expr, &names))
                }
                Stmt::Expr(expr, _) => scope::binds_any(expr, &names),
                _ => false,
            });
            if !stable || rebound {
                index += 1;
                continue;
            }
            let with = [(name, Replacement::Expr(row))];
            let mut replace = Replace { with: &with };
            for stmt in &mut stmts[index + 1..] {
                replace.visit_stmt_mut(stmt);
            }
            stmts.remove(index);
        }
        block.stmts = stmts;
        visit_mut::visit_block_mut(self, block);
    }
}
