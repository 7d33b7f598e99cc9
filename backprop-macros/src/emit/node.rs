//! The reversal of one node of the backward pass: a gate's contributions (a rule's
//! local gradients, a callee's pullback, an array helper), a slot's assignment, an
//! `if` replayed on its saved condition, a loop run backwards.

use crate::emit::backward::Backward;
use crate::emit::items::respan;
use crate::ir::flow::{Count, Head, Node};
use crate::ir::sym::Sym;
use crate::ir::{GateOp, Operand, VarId};
use crate::plan::indexing::At;
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
                    // The slot's adjoint was the copy's (`carry.rs`).
                    GateOp::Copy(_) if self.carries.folded[gate.out].is_some() => {
                        TokenStream::new()
                    }
                    // The slot's adjoint was left as it was: overwritten.
                    GateOp::Copy(slot) if self.carries.overwrites[gate.out] => {
                        let adjoint = &self.names.adjoints[*slot];
                        if *adjoint == self.names.adjoints[gate.out] {
                            // One adjoint throughout the iteration (`carry.rs`).
                            return TokenStream::new();
                        }
                        let value = self.render.tokens(&Sym::Adj(gate.out));
                        respan(quote_spanned!(gate.span=> #adjoint = #value;), gate.span)
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
                    GateOp::Index {
                        array,
                        fields,
                        indices,
                    } => self.index_gate(*id, *array, fields, indices),
                    GateOp::Call(call) => self.call_gate(*id, call),
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
                if tape.is_carry(*slot) && !self.carries.kept[*slot] {
                    let adjoint = &self.names.adjoints[*slot];
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
                } else if then.is_empty() {
                    let cond = match node.cond {
                        Operand::Var(_) => quote!(!#cond),
                        _ => quote!(!(#cond)),
                    };
                    quote!(if #cond { #els })
                } else {
                    quote!(if #cond { #then } else { #els })
                }
            }
            Node::Loop(node) => {
                let mut out = TokenStream::new();
                if self.plan.has_work(tape, &node.body) {
                    let body = self.block(&node.body);
                    let at = self.plan.at.get(node.body.id).and_then(Option::as_ref);
                    let head = match (&node.head, at) {
                        (
                            Head::For {
                                index: Some(index),
                                range,
                                ..
                            },
                            _,
                        ) if self.plan.remat[*index] => {
                            let index = &tape.vars[*index].name;
                            quote!(for #index in (#range).rev())
                        }
                        // A `for _` over `0..` with a trip count known at compile time.
                        (Head::For { .. }, Some(At::Index { name })) => {
                            let trips = node.fixed_trips.as_ref().map(Count::tokens);
                            quote!(for #name in (0..#trips).rev())
                        }
                        (_, Some(At::Trips { trips, trip })) => {
                            quote!(for #trip in (0..#trips).rev())
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

    /// `d_target (+)= value;`
    pub(crate) fn contribute(&mut self, target: VarId, value: &Sym, span: Span) -> TokenStream {
        let first = !std::mem::replace(&mut self.seen[target], true);
        if let Some(slot) = self.carries.folded[target] {
            // The carried adjoint, overwritten by the first contribution.
            let adjoint = &self.names.adjoints[slot];
            if first && matches!(value, Sym::Adj(v) if self.carries.passed[slot] == Some(*v)) {
                return TokenStream::new();
            }
            return match (first, without_sign(value)) {
                (true, _) => {
                    let value = self.render.tokens(value);
                    respan(quote_spanned!(span=> #adjoint = #value;), span)
                }
                (false, Some(negated)) => {
                    let value = self.render.tokens(&negated);
                    respan(quote_spanned!(span=> #adjoint -= #value;), span)
                }
                (false, None) => {
                    let value = self.render.tokens(value);
                    respan(quote_spanned!(span=> #adjoint += #value;), span)
                }
            };
        }
        let adjoint = &self.names.adjoints[target];
        if matches!(value, Sym::Adj(source) if self.names.adjoints[*source] == *adjoint) {
            // A folded alias (`plan/adjoints.rs`): the adjoint already has this name.
            return TokenStream::new();
        }
        if first && self.plan.hoisted[target] {
            let value = self.render.tokens(value);
            let tape = self.cx.tape;
            // Mutated if it gets more, is cleared (a carried value) or is an array.
            // (A carried value whose loop leaves its adjoint as it is gets only the
            // contributions of its two copies, in the loop and after it.)
            let kept = tape.is_carry(target)
                && self.carries.is_merged(target)
                && self.plan.contributions[target] == 2;
            let statement = if !kept
                && (self.plan.contributions[target] > 1
                    || tape.is_carry(target)
                    || tape.vars[target].dims > 0)
            {
                quote_spanned!(span=> let mut #adjoint = #value;)
            } else {
                quote_spanned!(span=> let #adjoint = #value;)
            };
            return respan(statement, span);
        }
        let accumulate = !first;
        // `d_x += -(a * g)` and `d_x += -a * g` read better as `d_x -= ..`.
        let negated = without_sign(value);
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

/// `value` without its leading minus sign, if it has one: `-(a * g)`, `-a * g`,
/// `-a * b * g` and `-a / b * g` give `d_x -= ..`.
fn without_sign(value: &Sym) -> Option<Sym> {
    use crate::ir::sym::Arith;
    match value {
        Sym::Neg(negated) => Some((**negated).clone()),
        Sym::Bin(Arith::Mul, left, right) => Some(without_sign(left)? * &**right),
        Sym::Bin(Arith::Div, left, right) => Some(without_sign(left)? / &**right),
        _ => None,
    }
}
