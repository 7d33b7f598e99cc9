//! Lowering, control flow: blocks, `if`/`else`, `match`, loops and jumps.
//!
//! Jumps are normalized away: when an `if` may `break`, `continue` or `return`, the
//! statements after it move into its branches, so a jump always ends a path.
//! Input:  `for i in 0..n { if c { continue; } acc += x; }`
//! Output: `acc_1 := acc; for i in 0..n { acc_2 = copy acc_1; if c { acc_1 := acc_2 }
//!          else { acc_3 = acc_2 + x; acc_1 := acc_3 } }; acc_4 = copy acc_1`

use crate::ir::flow::{If, Node, Slot};
use crate::ir::{Operand, VarId};
use crate::lower::{Lowerer, Scopes};
use crate::parse::unsupported;
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprIf, Stmt};

/// Where a statement list ends, which decides what its end means.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Level {
    /// The function body: a path ends with the function's value (`return` or tail).
    Function,
    /// A loop body: a path ends by starting the next iteration or leaving the loop.
    LoopBody,
    /// A block inside an expression or a non-diverging branch: it ends at its join.
    Join,
}

/// How a lowered statement list ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum End {
    /// With a value (a tail expression, or `return` at function level).
    Value(Operand),
    /// Without a value, falling through to what follows.
    Fallthrough,
    /// Every path ended (a jump, or the end of a loop iteration).
    Ended,
    /// With the function's tuple of values (`(a, b)` or `return (a, b)`).
    Tuple(Vec<Operand>),
}

impl Lowerer<'_> {
    /// Lowers a block's statements in a new scope; returns its value.
    pub(crate) fn lower_block(&mut self, block: &Block, hint: &str, level: Level) -> Operand {
        self.scopes.push(Default::default());
        let end = self.lower_stmts(&block.stmts, hint, level);
        self.scopes.pop();
        match end {
            End::Value(value) => value,
            End::Tuple(_) => {
                self.error(block, "a tuple is only supported as the function's result")
            }
            End::Fallthrough | End::Ended => {
                if let Some(Stmt::Expr(last, Some(_))) = block.stmts.last() {
                    if !matches!(
                        last,
                        Expr::Assign(_)
                            | Expr::Binary(_)
                            | Expr::Return(_)
                            | Expr::If(_)
                            | Expr::ForLoop(_)
                            | Expr::While(_)
                            | Expr::Loop(_)
                            | Expr::Match(_)
                    ) {
                        // Already reported as an unused value: the fix is to drop the `;`.
                        return self.lit_tokens(quote::quote!(0.0));
                    }
                }
                if !self.errors.is_empty() {
                    // Something in the block was reported already; that is the cause.
                    return self.lit_tokens(quote::quote!(0.0));
                }
                let brace = block.brace_token.span.close();
                self.errors.add(syn::Error::new(brace, "this block has no value; end it with the value it computes (an expression without `;`)"));
                self.lit_tokens(quote::quote!(0.0))
            }
        }
    }

    /// Lowers statements into the current block and scope.
    pub(crate) fn lower_stmts(&mut self, stmts: &[Stmt], hint: &str, level: Level) -> End {
        for (index, stmt) in stmts.iter().enumerate() {
            let last = index + 1 == stmts.len();
            let rest = &stmts[index + 1..];
            match stmt {
                Stmt::Local(local) => self.lower_let(local),
                Stmt::Item(item) => self.body_item(item),
                Stmt::Macro(mac) => {
                    self.error(mac, unsupported::MACRO);
                }
                Stmt::Expr(expr, semi) => match expr {
                    Expr::Return(ret) if level == Level::Function => {
                        if let Some(Expr::Tuple(tuple)) = ret.expr.as_deref() {
                            return self.lower_tuple(tuple, hint);
                        }
                        return match &ret.expr {
                            Some(value) => End::Value(self.lower_expr(value, hint)),
                            None => End::Value(
                                self.error(ret, "`return` needs a value here: `return value;`"),
                            ),
                        };
                    }
                    Expr::Break(_) | Expr::Continue(_) | Expr::Return(_) => {
                        return self.lower_jump(expr, level)
                    }
                    Expr::If(if_expr) if level != Level::Join && may_jump(expr) => {
                        return self.lower_if(if_expr, rest, hint, level);
                    }
                    Expr::If(if_expr) => {
                        let end = self.lower_if(if_expr, &[], hint, Level::Join);
                        if last && semi.is_none() {
                            return self.finish(end, level);
                        }
                    }
                    Expr::Match(_) => {
                        let desugared = crate::lower::matching::desugar(self, expr);
                        if let Some(if_expr) = desugared {
                            let as_expr = Expr::If(if_expr.clone());
                            if level != Level::Join && may_jump(&as_expr) {
                                return self.lower_if(&if_expr, rest, hint, level);
                            }
                            let end = self.lower_if(&if_expr, &[], hint, Level::Join);
                            if last && semi.is_none() {
                                return self.finish(end, level);
                            }
                        }
                    }
                    Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => self.lower_loop(expr),
                    Expr::Tuple(tuple) if last && semi.is_none() && self.outputs > 1 => {
                        return self.lower_tuple(tuple, hint);
                    }
                    _ if last && semi.is_none() && !is_assignment(expr) => {
                        let value = self.lower_expr(expr, hint);
                        return self.finish(End::Value(value), level);
                    }
                    _ => self.lower_statement(expr),
                },
            }
        }
        self.finish(End::Fallthrough, level)
    }

    /// The function's tuple of values.
    fn lower_tuple(&mut self, tuple: &syn::ExprTuple, hint: &str) -> End {
        if tuple.elems.len() != self.outputs {
            self.error(
                tuple,
                format!("the function returns {} values", self.outputs),
            );
        }
        End::Tuple(
            tuple
                .elems
                .iter()
                .map(|elem| self.lower_expr(elem, hint))
                .collect(),
        )
    }

    /// The function body: its statements, ending with the function's value(s).
    pub(crate) fn lower_function_body(&mut self, block: &Block) -> End {
        self.scopes.push(Default::default());
        let end = self.lower_stmts(&block.stmts, "out", Level::Function);
        self.scopes.pop();
        end
    }

    /// The end of a statement list: at a loop body's end, the iteration's path ends
    /// and the loop-carried variables take their new values.
    fn finish(&mut self, end: End, level: Level) -> End {
        match (level, end) {
            (Level::LoopBody, End::Fallthrough | End::Value(_) | End::Tuple(_)) => {
                self.assign_carried();
                End::Ended
            }
            (_, end) => end,
        }
    }

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
            (End::Ended, end) => {
                self.scopes = else_scopes;
                end
            }
            (end, End::Ended) => {
                self.scopes = then_scopes;
                end
            }
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

fn is_assignment(expr: &Expr) -> bool {
    matches!(expr, Expr::Assign(_))
        || matches!(expr, Expr::Binary(binary) if crate::lower::passive::is_compound_assignment(&binary.op))
}

/// Whether `expr` contains a `break`, `continue` or `return` that leaves it.
pub(crate) fn may_jump(expr: &Expr) -> bool {
    struct Jumps {
        depth: usize,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Jumps {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Return(_) => self.found = true,
                Expr::Break(node) if self.depth == 0 || node.label.is_some() => self.found = true,
                Expr::Continue(node) if self.depth == 0 || node.label.is_some() => {
                    self.found = true
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
    let mut jumps = Jumps {
        depth: 0,
        found: false,
    };
    jumps.visit_expr(expr);
    jumps.found
}
