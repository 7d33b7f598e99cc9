//! The walk that inlines local closures (`closures.rs`): it follows the scopes a
//! body opens, so a name resolves to its binding, and notes where the lowering keeps
//! code as written (conditions, ranges, indices), where inlined bindings are fresh.

use crate::lower::closures::{Inliner, TAKES_CLOSURE};
use crate::lower::scope;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

impl VisitMut for Inliner<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        self.scopes.push(Vec::new());
        let mut stmts = Vec::new();
        for mut stmt in std::mem::take(&mut block.stmts) {
            match &mut stmt {
                Stmt::Local(local) => {
                    if let (syn::Pat::Ident(pat), Some(init)) = (&local.pat, &local.init) {
                        if let (Expr::Closure(closure), None) =
                            (strip_parens(&init.expr), &init.diverge)
                        {
                            let copies = self.define(pat.ident.clone(), closure.clone());
                            stmts.extend(copies);
                            continue;
                        }
                    }
                    if let Some(init) = &mut local.init {
                        self.visit_expr_mut(&mut init.expr);
                        if let Some((_, diverge)) = &mut init.diverge {
                            self.visit_expr_mut(diverge);
                        }
                    }
                    for name in scope::pat_idents(&local.pat) {
                        self.bind(&crate::ir::names::plain(&name));
                    }
                }
                Stmt::Expr(expr, Some(_)) => {
                    if !self.call(expr, true) {
                        self.visit_expr_mut(expr);
                    }
                }
                Stmt::Item(_) => {}
                other => self.visit_stmt_mut(other),
            }
            stmts.push(stmt);
        }
        block.stmts = stmts;
        self.scopes.pop();
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if self.call(expr, false) {
            return;
        }
        if let Some(id) = self.closure_of(expr) {
            let name = self
                .closures
                .get(&id)
                .map(|def| def.name.to_string())
                .unwrap_or_default();
            self.errors.push(&*expr, format!("the closure `{name}` is used as a value here: `#[differentiate]` inlines closures where they are called (`{name}(x)`) or passed to an iterator adapter (`.map({name})`); it cannot be returned, stored or passed to other functions: call it here, or make it a `#[differentiate]` fn"));
            *expr = syn::parse_quote!(0.0);
            return;
        }
        match expr {
            Expr::Closure(closure) => {
                let params = closure.inputs.iter().flat_map(scope::pat_idents).collect();
                self.with_scope(params, |this| this.visit_expr_mut(&mut closure.body));
            }
            Expr::MethodCall(call) => {
                self.visit_expr_mut(&mut call.receiver);
                let takes = TAKES_CLOSURE.contains(&call.method.to_string().as_str());
                for arg in &mut call.args {
                    match self.closure_of(arg).filter(|_| takes) {
                        Some(id) => self.pass(id, arg),
                        None => self.visit_expr_mut(arg),
                    }
                }
            }
            Expr::ForLoop(node) => {
                let range = crate::lower::loop_scan::is_range(&node.expr);
                self.verbatim += usize::from(range);
                self.visit_expr_mut(&mut node.expr);
                self.verbatim -= usize::from(range);
                let names = scope::pat_idents(&node.pat);
                self.with_scope(names, |this| this.visit_block_mut(&mut node.body));
            }
            Expr::Match(node) => {
                self.verbatim += 1;
                self.visit_expr_mut(&mut node.expr);
                self.verbatim -= 1;
                for arm in &mut node.arms {
                    let names = scope::pat_idents(&arm.pat);
                    self.with_scope(names, |this| {
                        if let Some((_, guard)) = &mut arm.guard {
                            this.verbatim += 1;
                            this.visit_expr_mut(guard);
                            this.verbatim -= 1;
                        }
                        this.visit_expr_mut(&mut arm.body);
                    });
                }
            }
            Expr::If(node) => {
                self.verbatim += 1;
                self.visit_expr_mut(&mut node.cond);
                self.verbatim -= 1;
                self.visit_block_mut(&mut node.then_branch);
                if let Some((_, els)) = &mut node.else_branch {
                    self.visit_expr_mut(els);
                }
            }
            Expr::While(node) => {
                self.verbatim += 1;
                self.visit_expr_mut(&mut node.cond);
                self.verbatim -= 1;
                self.visit_block_mut(&mut node.body);
            }
            Expr::Index(node) => {
                self.visit_expr_mut(&mut node.expr);
                self.verbatim += 1;
                self.visit_expr_mut(&mut node.index);
                self.verbatim -= 1;
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

impl Inliner<'_> {
    /// A closure passed by name to an iterator adapter: the closure itself there.
    fn pass(&mut self, id: usize, arg: &mut Expr) {
        let Some(def) = self.closures.get(&id) else {
            return;
        };
        if def.poisoned {
            *arg = syn::parse_quote!(|_| 0.0);
            return;
        }
        if let Some(error) = self.moved_capture(id, arg.span()) {
            self.errors.add(error);
        }
        if let Some(def) = self.closures.get(&id) {
            *arg = Expr::Closure(def.closure.clone());
        }
    }
}

fn strip_parens(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip_parens(&inner.expr),
        other => other,
    }
}
