//! Lowering, branches: `if`/`else` (and `match`, desugared into an `if` chain): each
//! branch in its own block, the variables the branches assign joined in merge slots
//! after it, and the statements after an `if` that may jump moved into its branches.
//!
//! Input:  `let y = if x > 0.0 { x * x } else { -x };`
//! Output: `cond = x > 0.0 (constant); if cond { x_times_x = x * x; y := x_times_x }
//!          else { neg_x = -x; y := neg_x }`

use crate::ir::flow::{If, Node, Slot};
use crate::ir::{Operand, VarId};
use crate::lower::flow::{End, Level};
use crate::lower::{Lowerer, Scopes};
use syn::{Expr, ExprIf, Stmt};

impl Lowerer<'_> {
    /// Lowers `if`; with `rest`, the statements after it go into both branches.
    pub(crate) fn lower_if(
        &mut self,
        node: &ExprIf,
        rest: &[Stmt],
        hint: &str,
        level: Level,
    ) -> End {
        let cond = self.lower_condition(&node.cond);
        let mut then_stmts = node.then_branch.stmts.clone();
        then_stmts.extend_from_slice(rest);
        let mut else_stmts: Vec<Stmt> = match &node.else_branch {
            Some((_, els)) => match &**els {
                Expr::Block(block) => block.block.stmts.clone(),
                other => vec![Stmt::Expr(other.clone(), None)],
            },
            None => Vec::new(),
        };
        else_stmts.extend_from_slice(rest);
        let before = self.scopes.clone();
        let (then, then_end, then_scopes) = self.lower_branch(&then_stmts, hint, level);
        self.scopes = before.clone();
        let (els, else_end, else_scopes) = self.lower_branch(&else_stmts, hint, level);
        let mut node = If {
            cond,
            then,
            els,
            merges: Vec::new(),
        };
        let end = self.join(
            &mut node,
            (then_end, then_scopes),
            (else_end, else_scopes),
            &before,
            hint,
        );
        self.push_node(Node::If(Box::new(node)));
        end
    }

    fn lower_branch(
        &mut self,
        stmts: &[Stmt],
        hint: &str,
        level: Level,
    ) -> (crate::ir::flow::Block, End, Scopes) {
        self.open_block(Some(crate::ir::flow::Count::Known(1)), false);
        self.scopes.push(Default::default());
        let end = self.lower_stmts(stmts, hint, level);
        self.scopes.pop();
        (self.close_block(), end, self.scopes.clone())
    }

    /// Joins two branches: merges the values and variables that differ.
    fn join(
        &mut self,
        node: &mut If,
        then: (End, Scopes),
        els: (End, Scopes),
        before: &Scopes,
        hint: &str,
    ) -> End {
        let ((then_end, then_scopes), (else_end, else_scopes)) = (then, els);
        match (then_end, else_end) {
            (End::Ended, End::Ended) => {
                self.scopes = before.clone();
                End::Ended
            }
            // One path ended: what the other changed is defined inside its branch,
            // so it reaches the code after the `if` through slots assigned there only.
            (End::Ended, end) => self.join_one(node, end, else_scopes, before, hint, false),
            (end, End::Ended) => self.join_one(node, end, then_scopes, before, hint, true),
            (then_end, else_end) => {
                let mut merged = before.clone();
                for (level, scope) in before.iter().enumerate() {
                    for name in scope.keys() {
                        let (a, b) = (then_scopes[level][name], else_scopes[level][name]);
                        if a != b {
                            let slot = self.merge(node, Operand::Var(a), Operand::Var(b), name);
                            merged[level].insert(name.clone(), slot);
                        }
                    }
                }
                self.scopes = merged;
                match (then_end, else_end) {
                    (End::Tuple(a), End::Tuple(b)) if a.len() == b.len() => End::Tuple(
                        a.into_iter()
                            .zip(b)
                            .map(|(a, b)| Operand::Var(self.merge(node, a, b, hint)))
                            .collect(),
                    ),
                    (End::Value(a), End::Value(b)) => {
                        End::Value(Operand::Var(self.merge(node, a, b, hint)))
                    }
                    _ => End::Fallthrough,
                }
            }
        }
    }

    /// Joins a branch with one whose paths all ended (`on_then`: the `then` branch
    /// goes on): a slot for each variable it changed and for its value.
    fn join_one(
        &mut self,
        node: &mut If,
        end: End,
        scopes: Scopes,
        before: &Scopes,
        hint: &str,
        on_then: bool,
    ) -> End {
        let mut merged = before.clone();
        for (level, scope) in before.iter().enumerate() {
            for (name, &old) in scope {
                let new = scopes[level][name];
                if new != old {
                    let slot = self.merge_one(node, Operand::Var(new), name, on_then);
                    merged[level].insert(name.clone(), slot);
                }
            }
        }
        self.scopes = merged;
        match end {
            End::Value(value @ Operand::Var(_)) => {
                End::Value(Operand::Var(self.merge_one(node, value, hint, on_then)))
            }
            End::Tuple(values) => End::Tuple(
                values
                    .into_iter()
                    .map(|value| match value {
                        Operand::Var(_) => Operand::Var(self.merge_one(node, value, hint, on_then)),
                        lit => lit,
                    })
                    .collect(),
            ),
            end => end,
        }
    }

    /// A merge slot assigned `value` on one path only (the other never gets past it).
    fn merge_one(&mut self, node: &mut If, value: Operand, name: &str, on_then: bool) -> VarId {
        let active = self.tape.is_active(value);
        let ident = self.namer.user(name);
        let slot = self.new_var(ident, active, Some(Slot::Merge));
        let branch = if on_then {
            &mut node.then
        } else {
            &mut node.els
        };
        branch.nodes.push(Node::Assign { slot, value });
        node.merges.push(slot);
        slot
    }

    /// A merge slot taking `a` on the `then` path and `b` on the other.
    fn merge(&mut self, node: &mut If, a: Operand, b: Operand, name: &str) -> VarId {
        let active = self.tape.is_active(a) || self.tape.is_active(b);
        let ident = self.namer.user(name);
        let slot = self.new_var(ident, active, Some(Slot::Merge));
        node.then.nodes.push(Node::Assign { slot, value: a });
        node.els.nodes.push(Node::Assign { slot, value: b });
        node.merges.push(slot);
        slot
    }

    /// A condition: any constant Rust expression, which may read differentiated
    /// values (comparisons) but has no derivative.
    pub(crate) fn lower_condition(&mut self, cond: &Expr) -> Operand {
        if let Expr::Let(node) = strip_not(cond) {
            return self.error(
                node,
                crate::parse::unsupported::message(&Expr::Let(node.clone())),
            );
        }
        if let Some(var) = self.as_variable(cond) {
            // A flag: it is a `bool`, which its cache field needs to say.
            self.tape.vars[var]
                .ty
                .get_or_insert_with(|| syn::parse_quote!(bool));
            return Operand::Var(var);
        }
        self.passive_any(cond, "cond", Some(syn::parse_quote!(bool)))
    }
}

/// `expr` without the `!(..)` and parentheses around it.
fn strip_not(expr: &Expr) -> &Expr {
    match expr {
        Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Not(_)) => strip_not(&unary.expr),
        Expr::Paren(inner) => strip_not(&inner.expr),
        other => other,
    }
}
