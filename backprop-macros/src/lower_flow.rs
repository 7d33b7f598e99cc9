//! Lowering, control flow: blocks, `if`/`else`, `match`, loops and jumps.
//!
//! Jumps are normalized away: when an `if` may `break`, `continue` or `return`, the
//! statements after it move into its branches, so a jump always ends a path.
//! Input:  `for i in 0..n { if c { continue; } acc += x; }`
//! Output: `acc_1 := acc; for i in 0..n { acc_2 = copy acc_1; if c { acc_1 := acc_2 }
//!          else { acc_3 = acc_2 + x; acc_1 := acc_3 } }; acc_4 = copy acc_1`

use crate::flow::{Head, If, Loop, Node, Slot};
use crate::ir::{GateOp, Operand, VarId};
use crate::lower::{binding_ident, Lowerer, Scopes};
use crate::names::plain;
use crate::unsupported;
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
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum End {
    /// With a value (a tail expression, or `return` at function level).
    Value(Operand),
    /// Without a value, falling through to what follows.
    Fallthrough,
    /// Every path ended (a jump, or the end of a loop iteration).
    Ended,
}

/// A loop being lowered.
pub(crate) struct LoopCx {
    label: Option<String>,
    /// Loop-carried names and their slots.
    carried: Vec<(String, VarId)>,
    /// The loop body's block: variables of blocks numbered below it are defined
    /// before the loop.
    pub(crate) body_block: crate::flow::BlockId,
}

impl Lowerer<'_> {
    /// Lowers a block's statements in a new scope; returns its value.
    pub(crate) fn lower_block(&mut self, block: &Block, hint: &str, level: Level) -> Operand {
        self.scopes.push(Default::default());
        let end = self.lower_stmts(&block.stmts, hint, level);
        self.scopes.pop();
        match end {
            End::Value(value) => value,
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
                Stmt::Item(item) => self.tape.items.push(item.clone()),
                Stmt::Macro(mac) => {
                    self.error(mac, unsupported::MACRO);
                }
                Stmt::Expr(expr, semi) => match expr {
                    Expr::Return(ret) if level == Level::Function => {
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
                        let desugared = crate::lower_match::desugar(self, expr);
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

    /// The end of a statement list: at a loop body's end, the iteration's path ends
    /// and the loop-carried variables take their new values.
    fn finish(&mut self, end: End, level: Level) -> End {
        match (level, end) {
            (Level::LoopBody, End::Fallthrough | End::Value(_)) => {
                self.assign_carried();
                End::Ended
            }
            _ => end,
        }
    }

    /// `slot := current value` for each variable the innermost loop carries.
    fn assign_carried(&mut self) {
        let Some(cx) = self.loops.last() else { return };
        let assignments: Vec<(String, VarId)> = cx.carried.clone();
        for (name, slot) in assignments {
            let Some(current) = self
                .scopes
                .iter()
                .rev()
                .find_map(|scope| scope.get(&name).copied())
            else {
                continue;
            };
            let unchanged = matches!(self.tape.defining_gate(current), Some(gate) if matches!(gate.op, GateOp::Copy(s) if s == slot));
            if !unchanged {
                self.push_node(Node::Assign {
                    slot,
                    value: Operand::Var(current),
                });
            }
        }
    }

    fn lower_jump(&mut self, expr: &Expr, level: Level) -> End {
        if level != Level::LoopBody {
            let message = match expr {
                Expr::Return(_) => unsupported::RETURN_IN_LOOP,
                _ if self.loops.is_empty() => "`break`/`continue` outside a loop",
                _ => "`break` and `continue` are supported as statements of a loop body or of its `if` branches, not inside an expression",
            };
            self.error(expr, message);
            return End::Ended;
        }
        let label = match expr {
            Expr::Break(brk) => {
                if let Some(value) = &brk.expr {
                    self.error(value, "`break` with a value is not supported; assign the value to a variable declared before the loop, then `break`");
                }
                brk.label.as_ref()
            }
            Expr::Continue(cont) => cont.label.as_ref(),
            _ => {
                self.error(expr, unsupported::RETURN_IN_LOOP);
                return End::Ended;
            }
        };
        let innermost = self.loops.last().and_then(|cx| cx.label.clone());
        if let Some(label) = label {
            if innermost.as_deref() != Some(&label.ident.to_string()) {
                self.error(label, "`break`/`continue` to an outer loop is not supported yet; set a flag, `break` the inner loop, and test the flag after it");
                return End::Ended;
            }
        }
        self.assign_carried();
        if matches!(expr, Expr::Break(_)) {
            self.push_node(Node::Break);
        }
        End::Ended
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
    ) -> (crate::flow::Block, End, Scopes) {
        let runs = Some(1);
        self.open_block(runs);
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
        if let Some(var) = self.as_variable(cond) {
            // A flag: it is a `bool`, which its cache field needs to say.
            self.tape.vars[var]
                .ty
                .get_or_insert_with(|| syn::parse_quote!(bool));
            return Operand::Var(var);
        }
        self.passive_any(cond, "cond", Some(syn::parse_quote!(bool)))
    }

    fn lower_loop(&mut self, expr: &Expr) {
        let (label, body, head): (_, &Block, _) = match expr {
            Expr::ForLoop(node) => (&node.label, &node.body, Some(node)),
            Expr::While(node) => (&node.label, &node.body, None),
            Expr::Loop(node) => (&node.label, &node.body, None),
            _ => return,
        };
        let mut stmts = body.stmts.clone();
        if let Expr::While(node) = expr {
            let cond = &node.cond;
            stmts.insert(0, syn::parse_quote!(if !(#cond) { break; }));
        }
        let carried_names = crate::lower_loop::carried_names(self, &stmts);
        let active_names = crate::lower_loop::active_names(self, &stmts, &carried_names);
        let mut carried = Vec::new();
        for name in &carried_names {
            let Some(init) = self
                .scopes
                .iter()
                .rev()
                .find_map(|scope| scope.get(name).copied())
            else {
                continue;
            };
            let active = self.tape.vars[init].active || active_names.contains(name);
            let ident = self.namer.user(name);
            let slot = self.new_var(ident, active, Some(Slot::Carry));
            carried.push((name.clone(), slot, Operand::Var(init)));
        }
        let trips_name = self.namer.fresh("trips");
        let trips = self.new_var(trips_name, false, None);
        self.tape.vars[trips].ty = Some(syn::parse_quote!(usize));
        let (range, index_pat, runs) = match head {
            Some(node) => {
                if !crate::lower_loop::is_range(&node.expr) {
                    self.error(&node.expr, "`#[differentiate]` loops over integer ranges (`a..b`, `a..=b`, with `.rev()` or `.step_by(k)`); iterate over indices instead");
                }
                let range = self.passive_tokens(&node.expr);
                (
                    Some(range),
                    Some(&*node.pat),
                    crate::lower_loop::trip_count(&node.expr),
                )
            }
            None => (None, None, None),
        };
        self.open_block(runs);
        self.scopes.push(Default::default());
        let index = match index_pat {
            Some(syn::Pat::Wild(_)) | None => None,
            Some(pat) => match binding_ident(pat) {
                Some(ident) => {
                    let name = plain(&ident);
                    let var_name = self.namer.user(&name);
                    let var = self.new_var(var_name, false, None);
                    self.tape.vars[var].user_named = true;
                    self.bind(&name, var);
                    Some(var)
                }
                None => {
                    self.error(
                        pat,
                        "`#[differentiate]` supports `for i in a..b` and `for _ in a..b` loops",
                    );
                    None
                }
            },
        };
        for (name, slot, _) in &carried {
            let ident = self.namer.user(name);
            let active = self.tape.vars[*slot].active;
            let phi = self.push_gate(
                ident,
                GateOp::Copy(*slot),
                active,
                proc_macro2::Span::call_site(),
            );
            self.tape.vars[phi].user_named = true;
            self.rebind(name, phi);
        }
        self.loops.push(LoopCx {
            body_block: self.current_block(),
            label: label.as_ref().map(|label| label.name.ident.to_string()),
            carried: carried
                .iter()
                .map(|(name, slot, _)| (name.clone(), *slot))
                .collect(),
        });
        self.lower_stmts(&stmts, "t", Level::LoopBody);
        self.loops.pop();
        self.scopes.pop();
        let body = self.close_block();
        let head = match range {
            Some((range, reads)) => Head::For {
                index,
                range,
                reads,
            },
            None => Head::Loop,
        };
        let carried_slots: Vec<(VarId, Operand)> = carried
            .iter()
            .map(|(_, slot, init)| (*slot, *init))
            .collect();
        let fixed_trips = runs.filter(|_| !crate::flow::breaks(&body));
        self.push_node(Node::Loop(Box::new(Loop {
            head,
            body,
            carried: carried_slots,
            trips,
            fixed_trips,
        })));
        for (name, slot, _) in &carried {
            let ident = self.namer.user(name);
            let active = self.tape.vars[*slot].active;
            let after = self.push_gate(
                ident,
                GateOp::Copy(*slot),
                active,
                proc_macro2::Span::call_site(),
            );
            self.tape.vars[after].user_named = true;
            self.rebind(name, after);
        }
    }
}

fn is_assignment(expr: &Expr) -> bool {
    matches!(expr, Expr::Assign(_))
        || matches!(expr, Expr::Binary(binary) if crate::passive::is_compound_assignment(&binary.op))
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
