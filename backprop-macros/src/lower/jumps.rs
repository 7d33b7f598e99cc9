//! Jumps out of nested loops, rewritten into flags before lowering, so that lowering
//! only ever sees a `break`/`continue` of the innermost loop and `return` outside
//! loops. This is the code one would write by hand:
//!
//! Input:  `for i in 0..n { for j in 0..m { if c { return e; } .. } .. } rest`
//! Output: `let mut returned = false; let mut return_value = 0.0;
//!          for i in 0..n { for j in 0..m { if c { return_value = e; returned = true;
//!          break; } .. } if returned { break; } .. } if returned { return return_value; }
//!          rest`

use crate::ir::names::Namer;
use proc_macro2::Ident;
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

/// Rewrites the jumps in `body` that leave more than the innermost loop.
pub(crate) fn rewrite(body: &mut Block, namer: &Namer) {
    let mut rewriter = Rewriter {
        namer,
        loops: Vec::new(),
        pending: Vec::new(),
        returned: None,
    };
    rewriter.visit_block_mut(body);
    if let Some((flag, value)) = rewriter.returned {
        let declarations: [Stmt; 2] = [
            syn::parse_quote!(let mut #flag = false;),
            syn::parse_quote!(let mut #value = 0.0;),
        ];
        body.stmts.splice(0..0, declarations);
    }
}

#[derive(Clone, PartialEq)]
enum Target {
    /// The loop at this depth (0: outermost).
    Loop(usize),
    Function,
}

/// A jump still travelling outwards: after each loop it leaves, a check of its flag.
#[derive(Clone)]
struct Escape {
    target: Target,
    /// `continue` of the target loop (else `break`, or `return` for the function).
    resume: bool,
    flag: Ident,
}

struct Rewriter<'a> {
    namer: &'a Namer,
    /// Labels of the enclosing loops, outermost first, with the flags declared for
    /// jumps to each (`break` flag, `continue` flag).
    loops: Vec<(Option<String>, Option<Ident>, Option<Ident>)>,
    pending: Vec<Escape>,
    /// The `return` flag and value, once a `return` inside a loop is seen.
    returned: Option<(Ident, Ident)>,
}

impl Rewriter<'_> {
    /// The escape for a jump statement, and the statements that replace it; `None`
    /// when the jump stays as it is.
    fn escape(&mut self, expr: &Expr) -> Option<Vec<Stmt>> {
        let depth = self.loops.len();
        if depth == 0 {
            return None;
        }
        let (label, resume) = match expr {
            Expr::Break(node) if node.expr.is_none() => (node.label.as_ref(), false),
            Expr::Continue(node) => (node.label.as_ref(), true),
            Expr::Return(node) => {
                let (flag, value) = self.returned.get_or_insert_with(|| {
                    (self.namer.free("returned"), self.namer.free("return_value"))
                });
                let (flag, value) = (flag.clone(), value.clone());
                self.pending.push(Escape {
                    target: Target::Function,
                    resume: false,
                    flag: flag.clone(),
                });
                let result = node
                    .expr
                    .clone()
                    .map_or_else(|| syn::parse_quote!(0.0), |e| *e);
                return Some(vec![
                    syn::parse_quote!(#value = #result;),
                    syn::parse_quote!(#flag = true;),
                    syn::parse_quote!(break;),
                ]);
            }
            _ => return None,
        };
        let name = label?.ident.to_string();
        let target = self
            .loops
            .iter()
            .rposition(|(loop_label, ..)| loop_label.as_deref() == Some(&name))?;
        if target + 1 == depth {
            return None;
        }
        let flag = {
            let (_, brk, cont) = &mut self.loops[target];
            let (slot, base) = if resume {
                (cont, "continue")
            } else {
                (brk, "break")
            };
            slot.get_or_insert_with(|| self.namer.free(&format!("{base}_{name}")))
                .clone()
        };
        self.pending.push(Escape {
            target: Target::Loop(target),
            resume,
            flag: flag.clone(),
        });
        Some(vec![
            syn::parse_quote!(#flag = true;),
            syn::parse_quote!(break;),
        ])
    }

    /// The checks to place after a loop at depth `depth` that jumps left; `only_jumps`
    /// for a `loop` with no `break` of its own, left only by those jumps.
    fn checks_after_loop(
        &mut self,
        depth: usize,
        escapes: Vec<Escape>,
        only_jumps: bool,
    ) -> Vec<Stmt> {
        let mut checks: Vec<Stmt> = Vec::new();
        let mut seen: Vec<Ident> = Vec::new();
        for escape in escapes {
            if seen.contains(&escape.flag) {
                continue;
            }
            seen.push(escape.flag.clone());
            let flag = &escape.flag;
            let arrived = match escape.target {
                Target::Loop(target) => depth > 0 && target == depth - 1,
                Target::Function => depth == 0,
            };
            let check: Stmt = match (&escape.target, arrived, escape.resume) {
                // A `loop` left only by `return` (the function's last statement, say):
                // after it, the function has returned.
                (Target::Function, true, _) if only_jumps => {
                    let value = self.returned.as_ref().map(|(_, value)| value.clone());
                    syn::parse_quote!(return #value;)
                }
                (Target::Function, true, _) => {
                    let value = self.returned.as_ref().map(|(_, value)| value.clone());
                    syn::parse_quote!(if #flag { return #value; })
                }
                (_, true, true) => syn::parse_quote!(if #flag { continue; }),
                _ => syn::parse_quote!(if #flag { break; }),
            };
            checks.push(check);
            if !arrived {
                self.pending.push(escape);
            }
        }
        checks
    }
}

/// Whether a `loop` has a `break` of its own (unlabeled, outside nested loops, or
/// naming its label).
fn breaks_itself(node: &syn::ExprLoop) -> bool {
    struct Breaks {
        label: Option<String>,
        depth: usize,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Breaks {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Break(node) => {
                    self.found |= match &node.label {
                        Some(label) => self.label.as_deref() == Some(&label.ident.to_string()),
                        None => self.depth == 0,
                    };
                    visit::visit_expr(self, expr);
                }
                Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
                    self.depth += 1;
                    visit::visit_expr(self, expr);
                    self.depth -= 1;
                }
                Expr::Closure(_) => {}
                _ => visit::visit_expr(self, expr),
            }
        }
    }
    let mut breaks = Breaks {
        label: node
            .label
            .as_ref()
            .map(|label| label.name.ident.to_string()),
        depth: 0,
        found: false,
    };
    breaks.visit_block(&node.body);
    breaks.found
}

fn loop_label(expr: &Expr) -> Option<Option<String>> {
    let label = match expr {
        Expr::ForLoop(node) => &node.label,
        Expr::While(node) => &node.label,
        Expr::Loop(node) => &node.label,
        _ => return None,
    };
    Some(label.as_ref().map(|label| label.name.ident.to_string()))
}

impl VisitMut for Rewriter<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut stmts = Vec::new();
        for mut stmt in std::mem::take(&mut block.stmts) {
            if let Stmt::Expr(expr, _) = &stmt {
                if let Some(replacement) = self.escape(expr) {
                    stmts.extend(replacement);
                    continue;
                }
            }
            let before = self.pending.len();
            let is_loop = matches!(&stmt, Stmt::Expr(expr, _) if loop_label(expr).is_some());
            let only_jumps =
                matches!(&stmt, Stmt::Expr(Expr::Loop(node), _) if !breaks_itself(node));
            self.visit_stmt_mut(&mut stmt);
            stmts.push(stmt);
            if is_loop && self.pending.len() > before {
                let escapes = self.pending.split_off(before);
                let checks = self.checks_after_loop(self.loops.len(), escapes, only_jumps);
                stmts.extend(checks);
            }
        }
        block.stmts = stmts;
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Match(node) = expr {
            // `1 => return a,`: make the jump a statement of a block, like any other.
            for arm in &mut node.arms {
                if matches!(
                    &*arm.body,
                    Expr::Return(_) | Expr::Break(_) | Expr::Continue(_)
                ) {
                    let body = &arm.body;
                    *arm.body = syn::parse_quote!({ #body; });
                }
            }
        }
        let Some(label) = loop_label(expr) else {
            if !matches!(expr, Expr::Closure(_)) {
                visit_mut::visit_expr_mut(self, expr);
            }
            return;
        };
        self.loops.push((label, None, None));
        visit_mut::visit_expr_mut(self, expr);
        let Some((_, brk, cont)) = self.loops.pop() else {
            return;
        };
        let body = match expr {
            Expr::ForLoop(node) => &mut node.body,
            Expr::While(node) => &mut node.body,
            Expr::Loop(node) => &mut node.body,
            _ => return,
        };
        for flag in [brk, cont].into_iter().flatten() {
            body.stmts
                .insert(0, syn::parse_quote!(let mut #flag = false;));
        }
    }
}
