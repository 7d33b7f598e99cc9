//! Lowering, loops: a loop's carried variables become slots, read at the start of
//! each iteration and assigned at the end of each path through the body (the end of
//! the body, a `continue`, a `break`).
//!
//! Input:  `let mut acc = 1.0; for _ in 0..n { acc *= x; } acc`
//! Output: `acc = 1.0; acc_1 := acc; for _ in 0..n { acc_2 = copy acc_1;
//!          acc_3 = acc_2 * x; acc_1 := acc_3 }; acc_4 = copy acc_1; return acc_4`

use crate::ir::flow::{Head, Loop, Node, Slot};
use crate::ir::names::plain;
use crate::ir::{GateOp, Operand, VarId};
use crate::lower::flow::{End, Level};
use crate::lower::stmt::binding_ident;
use crate::lower::Lowerer;
use crate::parse::unsupported;
use syn::{Block, Expr};

/// A loop being lowered.
pub(crate) struct LoopCx {
    label: Option<String>,
    /// Loop-carried names and their slots.
    carried: Vec<(String, VarId)>,
    /// The loop body's block: variables of blocks numbered below it are defined
    /// before the loop.
    pub(crate) body_block: crate::ir::flow::BlockId,
    /// Arrays from before the loop that the body assigns into: never loop-invariant.
    pub(crate) stored: Vec<VarId>,
    /// How many scopes enclose the loop: the carried variables live in them, and a
    /// `let` in the body that shadows one does not change it.
    outer_scopes: usize,
}

impl Lowerer<'_> {
    /// `name = copy slot`: the carried variable's value at the start of an iteration,
    /// or after the loop.
    fn copy_slot(&mut self, name: &str, slot: VarId) {
        let ident = self.namer.user(name);
        let active = self.tape.vars[slot].active;
        let span = proc_macro2::Span::call_site();
        let copy = self.push_gate(ident, GateOp::Copy(slot), active, span);
        self.tape.vars[copy].user_named = true;
        self.rebind(name, copy);
    }

    pub(crate) fn lower_loop(&mut self, expr: &Expr) {
        let (label, body, head): (_, &Block, _) = match expr {
            Expr::ForLoop(node) => (&node.label, &node.body, Some(node)),
            Expr::While(node) => (&node.label, &node.body, None),
            Expr::Loop(node) => (&node.label, &node.body, None),
            _ => return,
        };
        let mut stmts = body.stmts.clone();
        if let Expr::While(node) = expr {
            let cond = &node.cond;
            if let Expr::Let(binding) = &**cond {
                self.error(binding, crate::parse::unsupported::message(cond));
                return;
            }
            stmts.insert(0, syn::parse_quote!(if #cond {} else { break; }));
        }
        let carried_names = crate::lower::loop_scan::carried_names(self, &stmts);
        let stored = crate::lower::loop_scan::stored_arrays(self, &stmts);
        let active_names = crate::lower::loop_scan::active_names(self, &stmts, &carried_names);
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
            self.slot_inits.insert(slot, init);
            carried.push((name.clone(), slot, Operand::Var(init)));
        }
        let trips_name = self.namer.fresh("trips");
        let trips = self.new_var(trips_name, false, None);
        self.tape.vars[trips].ty = Some(syn::parse_quote!(usize));
        let (range, index_pat, runs, most) = match head {
            Some(node) => {
                if !crate::lower::loop_scan::is_range(&node.expr) {
                    self.error(&node.expr, "`#[differentiate]` loops over integer ranges (`a..b`, `a..=b`, with `.rev()` or `.step_by(k)`); iterate over indices instead");
                }
                let range = self.passive_tokens(&node.expr);
                let constant = |bound: &Expr| self.constant_bound(bound);
                let runs = crate::lower::loop_scan::trip_count(&node.expr, &constant);
                // At most this many runs: the size of the arrays saving them.
                let most = runs
                    .clone()
                    .or_else(|| crate::lower::loop_scan::trip_bound(&node.expr, &constant));
                (Some(range), Some(&*node.pat), runs, most)
            }
            None => (None, None, None, None),
        };
        self.open_block(most, true);
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
            self.copy_slot(name, *slot);
        }
        self.loops.push(LoopCx {
            body_block: self.current_block(),
            stored,
            outer_scopes: self.scopes.len() - 1,
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
        let fixed_trips = runs.filter(|_| !crate::ir::flow::breaks(&body));
        self.push_node(Node::Loop(Box::new(Loop {
            head,
            body,
            carried: carried_slots,
            trips,
            fixed_trips,
        })));
        for (name, slot, _) in &carried {
            self.copy_slot(name, *slot);
        }
    }

    /// `slot := current value` for each variable the innermost loop carries.
    pub(crate) fn assign_carried(&mut self) {
        let Some(cx) = self.loops.last() else { return };
        let assignments: Vec<(String, VarId)> = cx.carried.clone();
        let outer = cx.outer_scopes;
        for (name, slot) in assignments {
            let Some(current) = self.scopes[..outer]
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

    pub(crate) fn lower_jump(&mut self, expr: &Expr, level: Level) -> End {
        if level != Level::LoopBody {
            let message = match (expr, level) {
                (Expr::Return(_), Level::Labeled) => "`return` inside a labeled block is not supported yet by `#[differentiate]`; `break` out of the block with a value (`break 'a value;`) and return after it",
                (Expr::Return(_), _) => unsupported::EARLY_RETURN,
                (Expr::Break(brk), Level::Labeled) if brk.label.is_some() => "`break` out of an outer labeled block is not supported yet by `#[differentiate]`; break out of the inner block with a value, then test it",
                (_, Level::Labeled) if !self.loops.is_empty() => "`break` and `continue` of a loop from inside a labeled block are not supported yet by `#[differentiate]`; set a flag, leave the block, and test the flag after it",
                _ if self.loops.is_empty() => "`break`/`continue` outside a loop",
                _ => "`break` and `continue` are supported as statements of a loop body or of its `if` branches, not inside an expression",
            };
            self.error(expr, message);
            return End::Ended;
        }
        let label = match expr {
            Expr::Break(brk) => {
                if let Some(value) = &brk.expr {
                    self.error(value, "`break` with a value is supported out of a `loop` that is a `let`'s value, an assignment's or the function's: `let v = loop { .. break value; };`");
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
            if self.labeled.contains(&label.ident.to_string()) {
                self.error(label, "`break` out of a loop to its labeled block is not supported yet by `#[differentiate]`; `break` the loop, then leave the block after it");
                return End::Ended;
            }
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

    /// A loop bound known at compile time though not a literal, as a constant
    /// expression: a `const` item (`N`, by the naming convention), the length of an
    /// array variable (`w.len()`: its declared length), or arithmetic on those.
    fn constant_bound(&self, bound: &Expr) -> Option<proc_macro2::TokenStream> {
        match bound {
            Expr::Paren(inner) => self.constant_bound(&inner.expr),
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(_),
                ..
            }) => Some(quote::ToTokens::to_token_stream(bound)),
            Expr::Path(path) => {
                let ident = path.path.get_ident()?;
                let name = ident.to_string();
                let is_const = name.chars().any(|c| c.is_ascii_uppercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                (is_const && self.lookup(ident).is_none())
                    .then(|| quote::ToTokens::to_token_stream(ident))
            }
            Expr::MethodCall(call) if call.method == "len" && call.args.is_empty() => {
                let array = self.as_variable(&call.receiver)?;
                match self.tape.vars[array].ty.as_ref()? {
                    syn::Type::Array(array) => {
                        let len = &array.len;
                        Some(quote::quote!(#len))
                    }
                    _ => None,
                }
            }
            Expr::Binary(binary)
                if matches!(
                    binary.op,
                    syn::BinOp::Add(_) | syn::BinOp::Sub(_) | syn::BinOp::Mul(_)
                ) =>
            {
                let (left, right) = (
                    self.constant_bound(&binary.left)?,
                    self.constant_bound(&binary.right)?,
                );
                let op = &binary.op;
                Some(quote::quote!((#left #op #right)))
            }
            _ => None,
        }
    }
}
