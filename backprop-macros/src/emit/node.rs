//! The reversal of one node of the backward pass: a gate's contributions (a rule's
//! local gradients, a callee's pullback, an array helper), a slot's assignment, an
//! `if` replayed on its saved condition, a loop run backwards.

use crate::emit::backward::Backward;
use crate::emit::items::respan;
use crate::ir::flow::{Head, Node};
use crate::ir::sym::Sym;
use crate::ir::{GateOp, Operand, VarId};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};

impl Backward<'_> {
    pub(crate) fn node(&mut self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.live[gate.out] {
                    return TokenStream::new();
                }
                match &gate.op {
                    GateOp::Passive(..) | GateOp::Effect(..) => TokenStream::new(),
                    GateOp::Copy(slot) if tape.vars[*slot].dims > 0 => {
                        if self.plan.live[*slot] {
                            self.accumulate_array(*slot, gate.out, gate.span)
                        } else {
                            TokenStream::new() // a copy of a constant array
                        }
                    }
                    GateOp::Copy(slot) => self.contribute(*slot, &Sym::Adj(gate.out), gate.span),
                    GateOp::Store {
                        array,
                        indices,
                        mode,
                        ..
                    } => self.store_gate(*id, *array, indices, *mode),
                    GateOp::Diff(_) | GateOp::Pack(_) => {
                        let steps = self.plan.pullbacks.get(id).cloned().unwrap_or_default();
                        let mut out = self.shared_lets(*id);
                        for (target, value) in &steps {
                            out.extend(self.contribute(*target, value, gate.span));
                        }
                        out
                    }
                    GateOp::ArrayGate { gate: kind, args } => self.array_gate(*id, *kind, args),
                    GateOp::Index { array, indices } => self.index_gate(*id, *array, indices),
                    GateOp::Call(call) => {
                        let steps = self.plan.pullbacks.get(id).cloned().unwrap_or_default();
                        let mut out = self.pullback_call(call, gate.out, gate.span);
                        for (target, value) in &steps {
                            let direct = match value {
                                Sym::Part(out, index) => {
                                    self.names.parts.get(&(*out, *index))
                                        == Some(&self.names.adjoints[*target])
                                }
                                _ => false,
                            };
                            if direct {
                                self.seen[*target] = true;
                            } else {
                                out.extend(self.contribute(*target, value, gate.span));
                            }
                        }
                        out
                    }
                }
            }
            Node::Assign { slot, value } => {
                if !self.plan.live[*slot] {
                    return TokenStream::new();
                }
                let mut out = match *value {
                    Operand::Var(value) if self.plan.live[value] => {
                        self.contribute(value, &Sym::Adj(*slot), Span::call_site())
                    }
                    _ => TokenStream::new(),
                };
                // The carried value is overwritten here, even by a constant: what
                // flows back past this point starts again from zero.
                // (Unless the new value's adjoint is the slot's own: `plan/adjoints.rs`.)
                let adjoint = &self.names.adjoints[*slot];
                let passed_through =
                    matches!(*value, Operand::Var(value) if self.names.adjoints[value] == *adjoint);
                if tape.is_carry(*slot) && !passed_through {
                    out.extend(quote!(#adjoint = 0.0;));
                }
                out
            }
            Node::If(node) => {
                if !self.plan.has_work(tape, &node.then) && !self.plan.has_work(tape, &node.els) {
                    return TokenStream::new();
                }
                let cond = tape.operand_tokens(node.cond);
                let then = self.block(&node.then);
                let els = self.block(&node.els);
                if els.is_empty() {
                    quote!(if #cond { #then })
                } else {
                    quote!(if #cond { #then } else { #els })
                }
            }
            Node::Loop(node) => {
                let mut out = TokenStream::new();
                if self.plan.has_work(tape, &node.body) {
                    let body = self.block(&node.body);
                    let head = match &node.head {
                        Head::For {
                            index: Some(index),
                            range,
                            ..
                        } if self.plan.remat[*index] => {
                            let index = &tape.vars[*index].name;
                            quote!(for #index in (#range).rev())
                        }
                        _ => {
                            let trips = match &node.fixed_trips {
                                Some(count) => count.tokens(),
                                None => tape.vars[node.trips].name.to_token_stream(),
                            };
                            quote!(for _ in 0..#trips)
                        }
                    };
                    out.extend(quote!(#head { #body }));
                }
                for (slot, init) in &node.carried {
                    if let Operand::Var(init) = *init {
                        if self.plan.live[*slot] && self.plan.live[init] {
                            out.extend(self.contribute(init, &Sym::Adj(*slot), Span::call_site()));
                        }
                    }
                }
                out
            }
            Node::Break => TokenStream::new(),
        }
    }

    /// `let (d_h_x, _) = g_pullback(&h_cache, d_h);`: the called function's backward
    /// pass, each argument's share named.
    fn pullback_call(&self, call: &crate::ir::Call, out: VarId, span: Span) -> TokenStream {
        let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, self.cx.self_type())
        else {
            return TokenStream::new();
        };
        let pullback = callee.item(&callee.names.pullback);
        let parts = (0..call.args.len()).map(|index| match self.names.parts.get(&(out, index)) {
            Some(name) => quote!(#name),
            None => quote!(_),
        });
        let cache = &self.cx.tape.vars[call.cache].name;
        let adjoint = &self.names.adjoints[out];
        respan(
            quote!(let (#(#parts,)*) = #pullback(&#cache, #adjoint);),
            span,
        )
    }

    /// `d_target (+)= value;`
    pub(crate) fn contribute(&mut self, target: VarId, value: &Sym, span: Span) -> TokenStream {
        let adjoint = &self.names.adjoints[target];
        let first = !std::mem::replace(&mut self.seen[target], true);
        if matches!(value, Sym::Adj(source) if self.names.adjoints[*source] == *adjoint) {
            // A folded alias (`plan/adjoints.rs`): the adjoint already has this name.
            return TokenStream::new();
        }
        if first && self.plan.hoisted[target] {
            let value = self.render.tokens(value);
            // A slot passed through its loop unchanged gets nothing more than the
            // read after the loop and the one in the loop, which is its own name.
            let fixed =
                self.names.passed_through.contains(&target) && self.plan.contributions[target] <= 2;
            let mutable = (!fixed).then(|| quote!(mut));
            return respan(quote_spanned!(span=> let #mutable #adjoint = #value;), span);
        }
        let accumulate = !first;
        // `d_x += -(a * g)` and `d_x += -a * g` read better as `d_x -= ..`.
        let negated = match value {
            Sym::Neg(negated) => Some((**negated).clone()),
            Sym::Bin(crate::ir::sym::Arith::Mul, left, right) => match &**left {
                Sym::Neg(inner) => Some((**inner).clone() * &**right),
                _ => None,
            },
            _ => None,
        };
        if let (true, Some(negated)) = (accumulate, negated) {
            let value = self.render.tokens(&negated);
            return respan(quote_spanned!(span=> #adjoint -= #value;), span);
        }
        let value = self.render.tokens(value);
        let statement = if accumulate {
            quote_spanned!(span=> #adjoint += #value;)
        } else if self.plan.contributions[target] > 1 {
            quote_spanned!(span=> let mut #adjoint = #value;)
        } else {
            quote_spanned!(span=> let #adjoint = #value;)
        };
        respan(statement, span)
    }
}
