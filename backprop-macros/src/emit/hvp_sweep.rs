//! The reverse sweep of `f_hvp`: the backward pass, and beside each contribution
//! `d_a += P` its tangent `t_d_a += dP` (`ir/tangent_rules.rs`). Each block declares
//! the adjoints of its values and pops the values it reads from their stacks, so a
//! loop's iterations and a branch's runs replay in reverse with fresh adjoints.
//!
//! Output, for `let q = x * y;`: `d_x += y * d_q; t_d_x += t_y * d_q + y * t_d_q;`

use crate::emit::hvp::Second;
use crate::ir::flow::{Block, Node};
use crate::ir::sym::Sym;
use crate::ir::tangent_rules::tangent;
use crate::ir::{GateOp, Operand, StoreMode, VarId};
use crate::parse::signature::Role;
use proc_macro2::TokenStream;
use quote::quote;

impl Second<'_> {
    /// The reverse of `block`: its values restored and adjoints declared, then its
    /// nodes in reverse.
    pub(crate) fn sweep_block(&self, block: &Block, top: bool) -> TokenStream {
        let tape = self.cx.tape;
        let mut tokens = TokenStream::new();
        if let Some((runs, run)) = self.runs.get(&block.id) {
            tokens.extend(quote!(#runs -= 1; let #run = #runs;));
        }
        for (var, value) in tape.vars.iter().enumerate() {
            if value.block != block.id {
                continue;
            }
            if let Some(stack) = &self.saved[var] {
                let name = &value.name;
                let read = match self.run(var) {
                    Some(run) => quote!(#stack[#run]),
                    None => quote!(#stack.pop().unwrap_or_default()),
                };
                tokens.extend(match value.active {
                    true => {
                        let t = self.t(var);
                        quote!(let (#name, #t) = #read;)
                    }
                    false => quote!(let #name = #read;),
                });
            }
            tokens.extend(self.declare(var, top));
        }
        // The trip counts of the loops of this run of the block.
        for node in &block.nodes {
            if let Node::Loop(node) = node {
                if let Some((trips, Some(saved))) = self.trips.get(&node.body.id) {
                    tokens.extend(quote!(let #trips = #saved.pop().unwrap_or_default();));
                }
            }
        }
        for node in block.nodes.iter().rev() {
            tokens.extend(self.sweep_node(node));
        }
        tokens
    }

    /// The gradient struct, `FGrad { x: d_x, .. }`, at the end of the sweep.
    pub(crate) fn grad_struct(&self) -> TokenStream {
        let tape = self.cx.tape;
        let grad = &self.cx.names.grad;
        let fields = self
            .cx
            .sig
            .params
            .iter()
            .zip(&tape.params)
            .filter(|(param, _)| param.role == Role::Differentiated && !param.slice)
            .map(|(param, &var)| {
                let name = &param.name;
                match self.active(var) {
                    true => {
                        let d = self.d(var);
                        quote!(#name: #d)
                    }
                    false => {
                        let zero = self.zero(var);
                        quote!(#name: #zero)
                    }
                }
            });
        quote!(#grad { #(#fields),* })
    }

    /// `let mut d_q = 0.0; let mut t_d_q = 0.0;` for an active value (the returned
    /// one seeded with 1); a slice parameter's adjoint is the caller's buffer, its
    /// adjoint's tangent a `Vec` as long.
    fn declare(&self, var: VarId, top: bool) -> TokenStream {
        let tape = self.cx.tape;
        if !self.active(var) {
            return TokenStream::new();
        }
        let (d, t_d) = (self.d(var), self.t_d(var));
        let zero = self.adjoint_zero(var);
        let is_param = tape.params.contains(&var);
        let t_d_zero = match is_param && tape.is_slice(var) && !tape.is_array_ref(var) {
            true => {
                let name = &tape.vars[var].name;
                quote!(::std::vec![0.0; #name.len()])
            }
            false => zero.clone(),
        };
        let buffer = self
            .plan
            .names
            .buffers
            .iter()
            .any(|(buffer, _)| *buffer == var);
        let seed = top && tape.ret == Operand::Var(var);
        let (d_value, t_d_value) = match (seed, &self.seed) {
            (true, Some((d_seed, t_d_seed))) => (quote!(#d_seed), quote!(#t_d_seed)),
            (true, None) => (quote!(1.0), t_d_zero),
            (false, _) => (zero, t_d_zero),
        };
        let d = (!buffer).then(|| quote!(let mut #d = #d_value;));
        quote!(#d let mut #t_d = #t_d_value;)
    }

    /// The zero of `var`'s adjoint: its type's, or `[0.0; k]` for an array of `k` values.
    fn adjoint_zero(&self, var: VarId) -> TokenStream {
        let tape = self.cx.tape;
        if tape.vars[var].ty.is_none() {
            let packed = tape.gates.iter().find_map(|gate| match &gate.op {
                GateOp::Pack(items) if gate.out == var => Some(items.len()),
                _ => None,
            });
            if let Some(len) = packed {
                let len = proc_macro2::Literal::usize_unsuffixed(len);
                return quote!([0.0; #len]);
            }
        }
        self.zero(var)
    }

    fn sweep_node(&self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.needed[gate.out] {
                    return TokenStream::new();
                }
                if let GateOp::Call(call) = &gate.op {
                    return self.call_sweep(gate, call);
                }
                crate::emit::items::respan(
                    self.sweep_gate(gate.out, &gate.op, gate.span),
                    gate.span,
                )
            }
            Node::Assign { slot, value } => {
                if !self.active(*slot) {
                    return TokenStream::new();
                }
                let (d_slot, t_d_slot) = (self.d(*slot), self.t_d(*slot));
                let flow = self.flow(*value, quote!(#d_slot), quote!(#t_d_slot), quote!(+=));
                let zero = self.adjoint_zero(*slot);
                quote!(#flow #d_slot = #zero; #t_d_slot = #zero;)
            }
            Node::Break => TokenStream::new(),
            Node::If(node) => {
                let cond = tape.operand_tokens(node.cond);
                let then = self.sweep_block(&node.then, false);
                let els = self.sweep_block(&node.els, false);
                quote!(if #cond { #then } else { #els })
            }
            Node::Loop(node) => {
                let body = self.sweep_block(&node.body, false);
                let trips = self.trips.get(&node.body.id).map(|(trips, _)| trips);
                let carried = node
                    .carried
                    .iter()
                    .rev()
                    .filter(|(slot, _)| self.active(*slot));
                let inits = carried.map(|(slot, init)| {
                    let (d_slot, t_d_slot) = (self.d(*slot), self.t_d(*slot));
                    self.flow(*init, quote!(#d_slot), quote!(#t_d_slot), quote!(+=))
                });
                quote!(for _ in 0..#trips { #body } #(#inits)*)
            }
        }
    }

    /// `d_v op d; t_d_v op t_d;` when `value` is an active variable.
    fn flow(
        &self,
        value: Operand,
        d: TokenStream,
        t_d: TokenStream,
        op: TokenStream,
    ) -> TokenStream {
        match value.var().filter(|&var| self.active(var)) {
            Some(var) => {
                let (d_v, t_d_v) = (self.d(var), self.t_d(var));
                quote!(#d_v #op #d; #t_d_v #op #t_d;)
            }
            None => TokenStream::new(),
        }
    }

    /// The reverse of one gate and its tangent.
    fn sweep_gate(&self, out: VarId, op: &GateOp, span: proc_macro2::Span) -> TokenStream {
        let tape = self.cx.tape;
        if !self.active(out) && !matches!(op, GateOp::Store { .. }) {
            return TokenStream::new();
        }
        let (d_out, t_d_out) = (self.d(out), self.t_d(out));
        match op {
            GateOp::Diff(op) => {
                let mut tokens = TokenStream::new();
                for (input, term) in op.inputs().into_iter().zip(self.pullback(out, op)) {
                    let (Some(var), Some(term)) = (input.var(), term) else {
                        continue;
                    };
                    let (d, t_d) = (self.d(var), self.t_d(var));
                    let value = self.render(&term);
                    tokens.extend(quote!(#d += #value;));
                    match tangent(&term, &|leaf| self.leaf(leaf)) {
                        Ok(Sym::Num(0.0)) => {}
                        Ok(dterm) => {
                            let dterm = self.render(&dterm);
                            tokens.extend(quote!(#t_d += #dterm;));
                        }
                        Err(what) => {
                            let op = what.trim_end_matches("_slope");
                            self.unsupported(
                                span,
                                &format!("the second derivative of `{op}`"),
                                "write it with `exp`, `ln`, `tanh`, `powi`, ... (whose second derivatives it has), or leave `hessian` off",
                            )
                        }
                    }
                }
                tokens
            }
            GateOp::Copy(slot) => self.flow(
                Operand::Var(*slot),
                quote!(#d_out),
                quote!(#t_d_out),
                quote!(+=),
            ),
            GateOp::Index {
                array,
                indices,
                fields,
            } if self.active(*array) => {
                let element = tape.field_element(self.d(*array), fields, indices);
                let t_element = tape.field_element(self.t_d(*array), fields, indices);
                quote!(#element += #d_out; #t_element += #t_d_out;)
            }
            GateOp::Store {
                array,
                indices,
                value,
                mode,
            } if self.active(*array) => {
                let element = tape.element(self.d(*array), indices);
                let t_element = tape.element(self.t_d(*array), indices);
                let op = match mode {
                    StoreMode::Sub => quote!(-=),
                    _ => quote!(+=),
                };
                let flow = self.flow(*value, element.clone(), t_element.clone(), op);
                let clear =
                    (*mode == StoreMode::Set).then(|| quote!(#element = 0.0; #t_element = 0.0;));
                quote!(#flow #clear)
            }
            GateOp::Pack(items) => items
                .iter()
                .enumerate()
                .map(|(k, item)| {
                    let k = proc_macro2::Literal::usize_unsuffixed(k);
                    self.flow(*item, quote!(#d_out[#k]), quote!(#t_d_out[#k]), quote!(+=))
                })
                .collect(),
            _ => TokenStream::new(),
        }
    }

    /// The tangent of a leaf of a local gradient: a value's `t_q`, an adjoint's `t_d_q`.
    fn leaf(&self, leaf: &Sym) -> Sym {
        let n = self.n();
        match *leaf {
            Sym::Var(var) if self.active(var) => Sym::Adj(var),
            Sym::Adj(id) if (n..2 * n).contains(&id) => Sym::Adj(id + n),
            _ => Sym::Num(0.0),
        }
    }
}
