//! Lowering, control flow: statement lists, blocks and jumps (`if`/`else` in
//! `branches.rs`, loops in `loops.rs`).
//!
//! Jumps are normalized away: when an `if` may `break`, `continue` or `return`, the
//! statements after it move into its branches, so a jump always ends a path.
//! Input:  `for i in 0..n { if c { continue; } acc += x; }`
//! Output: `acc_1 := acc; for i in 0..n { acc_2 = copy acc_1; if c { acc_1 := acc_2 }
//!          else { acc_3 = acc_2 + x; acc_1 := acc_3 } }; acc_4 = copy acc_1`

use crate::ir::Operand;
use crate::lower::Lowerer;
use syn::visit::{self, Visit};
use syn::{Block, Expr, Stmt};

/// Where a statement list ends, which decides what its end means.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Level {
    /// The function body: a path ends with the function's value (`return` or tail).
    Function,
    /// A loop body: a path ends by starting the next iteration or leaving the loop.
    LoopBody,
    /// A block inside an expression or a non-diverging branch: it ends at its join.
    Join,
    /// A labeled block (`'a: { .. }`): a path ends with its value, at the end or at a
    /// `break 'a value`.
    Labeled,
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
        // A block flattened into the list (`blocks.rs`) replaces its statement in a copy.
        let mut spliced: Option<Vec<Stmt>> = None;
        let mut index = 0;
        loop {
            let list = spliced.as_deref().unwrap_or(stmts);
            let Some(stmt) = list.get(index) else { break };
            let (last, rest) = (index + 1 == list.len(), &list[index + 1..]);
            if let Some(flat) = self.flatten(stmt, rest, last, level) {
                let mut owned = spliced.take().unwrap_or_else(|| stmts.to_vec());
                owned.splice(index..=index, flat);
                spliced = Some(owned);
                continue;
            }
            if let Some(end) = self.lower_stmt(stmt, rest, last, hint, level) {
                return end;
            }
            index += 1;
        }
        self.finish(End::Fallthrough, level)
    }

    /// Lowers one statement, followed by `rest`; `Some` when it ends the list.
    fn lower_stmt(
        &mut self,
        stmt: &Stmt,
        rest: &[Stmt],
        last: bool,
        hint: &str,
        level: Level,
    ) -> Option<End> {
        let (expr, semi) = match stmt {
            Stmt::Local(local) => {
                self.lower_let(local);
                return None;
            }
            Stmt::Item(item) => {
                self.body_item(item);
                return None;
            }
            Stmt::Macro(syn::StmtMacro { mac, .. })
            | Stmt::Expr(Expr::Macro(syn::ExprMacro { mac, .. }), _) => {
                return self
                    .lower_macro(mac)
                    .then(|| self.finish(End::Ended, level));
            }
            // A stray `;` (`let a = x;;`): an empty statement.
            Stmt::Expr(Expr::Verbatim(tokens), _) if tokens.is_empty() => return None,
            Stmt::Expr(expr, semi) => (expr, semi),
        };
        match expr {
            Expr::Return(ret) if level == Level::Function => {
                match ret.expr.as_deref() {
                    Some(Expr::Tuple(tuple)) if !self.struct_output => {
                        return Some(self.lower_tuple(tuple, hint));
                    }
                    Some(Expr::Struct(literal)) if self.struct_output => {
                        return Some(self.lower_struct_literal(literal, hint));
                    }
                    _ => {}
                }
                return Some(match &ret.expr {
                    Some(value) => End::Value(self.lower_expr(value, hint)),
                    None => {
                        End::Value(self.error(ret, "`return` needs a value here: `return value;`"))
                    }
                });
            }
            Expr::Break(brk) if level == Level::Labeled && self.breaks_labeled(brk) => {
                return Some(match &brk.expr {
                    Some(value) => End::Value(self.lower_expr(value, hint)),
                    None => End::Fallthrough,
                });
            }
            Expr::Break(_) | Expr::Continue(_) | Expr::Return(_) => {
                return Some(self.lower_jump(expr, level))
            }
            Expr::If(if_expr) if crate::lower::macros::is_guard(if_expr) => {
                self.lower_guard(if_expr);
            }
            Expr::If(if_expr) if level != Level::Join && may_jump(expr) => {
                return Some(self.lower_if(if_expr, rest, hint, level));
            }
            Expr::If(if_expr) => {
                let end = self.lower_if(if_expr, &[], hint, Level::Join);
                if last && semi.is_none() {
                    return Some(self.finish(end, level));
                }
            }
            Expr::Match(_) => {
                let desugared = crate::lower::matching::desugar(self, expr);
                if let Some(if_expr) = desugared {
                    let as_expr = Expr::If(if_expr.clone());
                    if level != Level::Join && may_jump(&as_expr) {
                        return Some(self.lower_if(&if_expr, rest, hint, level));
                    }
                    let end = self.lower_if(&if_expr, &[], hint, Level::Join);
                    if last && semi.is_none() {
                        return Some(self.finish(end, level));
                    }
                }
            }
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => self.lower_loop(expr),
            Expr::Tuple(tuple) if last && semi.is_none() && self.tuple && !self.struct_output => {
                return Some(self.lower_tuple(tuple, hint));
            }
            Expr::Struct(literal) if last && semi.is_none() && self.struct_output => {
                return Some(self.lower_struct_literal(literal, hint));
            }
            Expr::Block(block) if block.label.is_some() && (semi.is_some() || !last) => {
                // A labeled block as a statement: its paths meet after it.
                self.lower_labeled(block, hint);
            }
            _ if last && semi.is_none() && !is_assignment(expr) => {
                let value = self.lower_expr(expr, hint);
                return Some(self.finish(End::Value(value), level));
            }
            _ => self.lower_statement(expr),
        }
        None
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
        /// Labels of the labeled blocks inside `expr` around the current point.
        blocks: Vec<String>,
    }
    impl<'ast> Visit<'ast> for Jumps {
        fn visit_expr(&mut self, expr: &'ast Expr) {
            match expr {
                Expr::Return(_) => self.found = true,
                Expr::Break(node)
                    if node
                        .label
                        .as_ref()
                        .is_some_and(|label| self.blocks.contains(&label.ident.to_string())) => {}
                Expr::Break(node) if self.depth == 0 || node.label.is_some() => self.found = true,
                Expr::Continue(node) if self.depth == 0 || node.label.is_some() => {
                    self.found = true
                }
                Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => {
                    self.depth += 1;
                    visit::visit_expr(self, expr);
                    self.depth -= 1;
                }
                Expr::Block(block) if block.label.is_some() => {
                    let label = block
                        .label
                        .as_ref()
                        .map(|label| label.name.ident.to_string());
                    self.blocks.extend(label);
                    visit::visit_expr(self, expr);
                    self.blocks.pop();
                }
                Expr::Closure(_) => {}
                _ => visit::visit_expr(self, expr),
            }
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            // `panic!(..)` leaves the path it is on, as a `return` does; the
            // `::core::unreachable!()` arms `matching.rs` writes are not the user's.
            self.found |= mac.path.leading_colon.is_none() && crate::lower::macros::diverges(mac);
        }
    }
    let mut jumps = Jumps {
        depth: 0,
        found: false,
        blocks: Vec::new(),
    };
    jumps.visit_expr(expr);
    jumps.found
}
