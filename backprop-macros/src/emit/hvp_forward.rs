//! The forward pass of `f_hvp`: each stage with its tangent beside it, as in `f_jvp`
//! (`let q = x * y; let t_q = y * t_x + x * t_y;`), and, inside loops and branches,
//! each value the reverse sweep reads pushed onto its stack (`q_saved.push((q, t_q));`).

use crate::emit::forward::stage;
use crate::emit::hvp::Second;
use crate::emit::items::respan;
use crate::emit::tangent_terms::tangent_sum;
use crate::ir::flow::{Block, Count, Head, Node};
use crate::ir::names::{plain, Namer};
use crate::ir::ops::Op;
use crate::ir::sym::{operand_sym, Sym};
use crate::ir::{rules, Gate, GateOp, Operand, StoreMode, VarId};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// Names the stacks of the values the sweep reads that are defined inside a loop or a
/// branch, and the trip counter of each loop.
pub(crate) fn name_stacks(second: &mut Second, namer: &mut Namer) {
    let tape = second.cx.tape;
    let mut read = vec![false; tape.vars.len()];
    for gate in &tape.gates {
        match &gate.op {
            GateOp::Diff(op) if tape.vars[gate.out].active => {
                for term in second.pullback(gate.out, op).into_iter().flatten() {
                    let mut reads = Vec::new();
                    term.reads(&mut reads);
                    reads.into_iter().for_each(|var| read[var] = true);
                }
            }
            GateOp::Call(call) => {
                call.args
                    .iter()
                    .filter_map(|arg| arg.var())
                    .for_each(|var| read[var] = true);
            }
            GateOp::Index { indices, .. } | GateOp::Store { indices, .. } => {
                indices
                    .iter()
                    .filter_map(|index| index.var())
                    .for_each(|var| read[var] = true);
            }
            _ => {}
        }
    }
    conditions(&tape.body, &mut read, second, namer);
    for (var, value) in tape.vars.iter().enumerate() {
        if read[var] && value.block != 0 {
            second.saved[var] = Some(namer.fresh(&format!("{}_saved", plain(&value.name))));
            if let Some(Count::Known(runs)) = tape.blocks[value.block].runs {
                if runs <= MAX_FIXED_RUNS {
                    second.fixed[var] = true;
                    second
                        .runs
                        .entry(value.block)
                        .or_insert_with(|| (namer.fresh("runs"), namer.fresh("run")));
                }
            }
        }
    }
}

/// The most runs of a block whose saved values go into arrays on the stack (16 bytes
/// a run for a value and its tangent); a block that can run more often saves into `Vec`s.
const MAX_FIXED_RUNS: usize = 4096;

/// Marks the conditions of `if`s as read, and names each loop's trip counter.
fn conditions(block: &Block, read: &mut [bool], second: &mut Second, namer: &mut Namer) {
    let nested = block.id != 0;
    for node in &block.nodes {
        match node {
            Node::If(node) => {
                if let Some(cond) = node.cond.var() {
                    read[cond] = true;
                }
                conditions(&node.then, read, second, namer);
                conditions(&node.els, read, second, namer);
            }
            Node::Loop(node) => {
                let trips = namer.fresh("trips");
                let saved = nested.then(|| namer.fresh(&format!("{trips}_saved")));
                second.trips.insert(node.body.id, (trips, saved));
                conditions(&node.body, read, second, namer);
            }
            Node::Gate(_) | Node::Assign { .. } | Node::Break => {}
        }
    }
}

impl Second<'_> {
    /// The local pullback of `out = op(..)` seeded with `d_out`: each input's term.
    pub(crate) fn pullback(&self, out: VarId, op: &Op<Operand>) -> Vec<Option<Sym>> {
        let tape = self.cx.tape;
        let symbolic = op.map(|input| operand_sym(tape, *input));
        let terms = rules::pullback(&symbolic, &Sym::Var(out), &Sym::Adj(self.n() + out));
        op.inputs()
            .into_iter()
            .zip(terms)
            .map(|(input, term)| term.filter(|_| tape.is_active(*input)))
            .collect()
    }

    /// The tangent of an operand: `t_q`, or `0.0` for a constant.
    pub(crate) fn operand_tangent(&self, operand: Operand) -> TokenStream {
        match operand.var().filter(|&var| self.active(var)) {
            Some(var) => self.t(var).to_token_stream(),
            None => quote!(0.0),
        }
    }

    /// `q_saved.push((q, t_q));` if the sweep reads `q` from a stack.
    fn push(&self, var: VarId) -> TokenStream {
        let Some(stack) = &self.saved[var] else {
            return TokenStream::new();
        };
        let name = &self.cx.tape.vars[var].name;
        let value = match self.active(var) {
            true => {
                let t = self.t(var);
                quote!((#name, #t))
            }
            false => quote!(#name),
        };
        match self.run(var) {
            Some(run) => quote!(#stack[#run] = #value;),
            None => quote!(#stack.push(#value);),
        }
    }

    /// The current run of `var`'s block, if `var` is saved in an array.
    pub(crate) fn run(&self, var: VarId) -> Option<&proc_macro2::Ident> {
        let block = self.cx.tape.vars[var].block;
        self.runs
            .get(&block)
            .filter(|_| self.fixed[var])
            .map(|(_, run)| run)
    }

    /// The stack declarations, before the forward pass (with room for every run when
    /// the number of runs is known).
    pub(crate) fn stacks(&self) -> TokenStream {
        let tape = self.cx.tape;
        let mut tokens = TokenStream::new();
        for (var, stack) in self.saved.iter().enumerate() {
            let Some(stack) = stack else { continue };
            tokens.extend(match &tape.blocks[tape.vars[var].block].runs {
                Some(runs) if self.fixed[var] => {
                    let runs = runs.tokens();
                    quote!(let mut #stack = [::core::default::Default::default(); #runs];)
                }
                Some(runs) => {
                    let runs = runs.tokens();
                    quote!(let mut #stack = ::std::vec::Vec::with_capacity(#runs);)
                }
                None => quote!(let mut #stack = ::std::vec::Vec::new();),
            });
        }
        for (runs, _) in self.runs.values() {
            tokens.extend(quote!(let mut #runs = 0_usize;));
        }
        for (_, saved) in self.trips.values() {
            if let Some(saved) = saved {
                tokens.extend(quote!(let mut #saved = ::std::vec::Vec::new();));
            }
        }
        tokens
    }

    /// The forward statements of `block`, after its run's number (and the loop index,
    /// for a loop's body).
    pub(crate) fn forward_block(&self, block: &Block, index: Option<VarId>) -> TokenStream {
        let start = self
            .runs
            .get(&block.id)
            .map(|(runs, run)| quote!(let #run = #runs; #runs += 1;));
        let index = index.map(|index| self.push(index));
        let nodes = block.nodes.iter().map(|node| self.forward_node(node));
        quote!(#start #index #(#nodes)*)
    }

    fn forward_node(&self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.needed[gate.out] {
                    return TokenStream::new();
                }
                let (primal, tangent) = match &gate.op {
                    GateOp::Call(call) => (self.call_forward(gate, call), TokenStream::new()),
                    _ => (stage(self.cx, gate), self.gate_tangent(gate)),
                };
                let push = self.push(gate.out);
                quote!(#primal #tangent #push)
            }
            Node::Assign { slot, value } => {
                let name = &tape.vars[*slot].name;
                let primal = tape.operand_tokens(*value);
                let tangent = self.active(*slot).then(|| {
                    let (t, value) = (self.t(*slot), self.operand_tangent(*value));
                    quote!(#t = #value;)
                });
                quote!(#name = #primal; #tangent)
            }
            Node::Break => quote!(break;),
            Node::If(node) => {
                let merges = node.merges.iter().map(|&slot| {
                    let name = &tape.vars[slot].name;
                    let t = self.active(slot).then(|| self.t(slot));
                    let t = t.map(|t| quote!(let #t;));
                    quote!(let #name; #t)
                });
                let cond = tape.operand_tokens(node.cond);
                let (then, els) = (
                    self.forward_block(&node.then, None),
                    self.forward_block(&node.els, None),
                );
                let pushes = node.merges.iter().map(|&slot| self.push(slot));
                quote!(#(#merges)* if #cond { #then } else { #els } #(#pushes)*)
            }
            Node::Loop(node) => {
                let carried = node.carried.iter().map(|(slot, init)| {
                    let name = &tape.vars[*slot].name;
                    let value = tape.operand_tokens(*init);
                    let t = self.active(*slot).then(|| {
                        let (t, init) = (self.t(*slot), self.operand_tangent(*init));
                        quote!(let mut #t = #init;)
                    });
                    quote!(let mut #name = #value; #t)
                });
                let (trips, saved) = match self.trips.get(&node.body.id) {
                    Some((trips, saved)) => (Some(trips), saved.as_ref()),
                    None => (None, None),
                };
                let index = match &node.head {
                    Head::For { index, .. } => *index,
                    Head::Loop => None,
                };
                let body = self.forward_block(&node.body, index);
                let count = trips.map(|trips| quote!(#trips += 1;));
                let start = trips.map(|trips| quote!(let mut #trips = 0_usize;));
                let push = saved.map(|saved| quote!(#saved.push(#trips);));
                let head = match &node.head {
                    Head::For { index, range, .. } => {
                        let index = match index {
                            Some(index) => tape.vars[*index].name.to_token_stream(),
                            None => quote!(_),
                        };
                        quote!(for #index in #range { #count #body })
                    }
                    Head::Loop => quote!(loop { #count #body }),
                };
                quote!(#(#carried)* #start #head #push)
            }
        }
    }

    /// `let t_q = ..;` for one gate (for a store, the tangent's element update).
    fn gate_tangent(&self, gate: &Gate) -> TokenStream {
        let tape = self.cx.tape;
        if !self.active(gate.out) && !matches!(gate.op, GateOp::Store { .. }) {
            return TokenStream::new();
        }
        let t = self.t(gate.out);
        let mutable = tape.vars[gate.out].in_place.then(|| quote!(mut));
        let value = match &gate.op {
            GateOp::Diff(op) => self.diff_tangent(gate.out, op),
            GateOp::Copy(slot) => self.operand_tangent(Operand::Var(*slot)),
            GateOp::Passive(..) => self.zero(gate.out),
            GateOp::Effect(..) => return TokenStream::new(),
            GateOp::Index {
                array,
                indices,
                fields,
            } => match self.active(*array) {
                true => tape.field_element(self.t(*array), fields, indices),
                false => quote!(0.0),
            },
            GateOp::Pack(items) if tape.row_width(gate.out).is_none() => {
                let items = items.iter().map(|item| self.operand_tangent(*item));
                quote!([#(#items),*])
            }
            GateOp::Store {
                array,
                indices,
                value,
                mode,
            } => {
                if !self.active(*array) {
                    return TokenStream::new();
                }
                let element = tape.element(self.t(*array), indices);
                let tangent = self.operand_tangent(*value);
                let statement = match mode {
                    StoreMode::Set => quote!(#element = #tangent;),
                    StoreMode::Add => quote!(#element += #tangent;),
                    StoreMode::Sub => quote!(#element -= #tangent;),
                    StoreMode::Push => {
                        self.unsupported(gate.span, "`Vec` locals", "use a fixed-size array");
                        return TokenStream::new();
                    }
                };
                return respan(statement, gate.span);
            }
            GateOp::Pack(_) => {
                self.unsupported(
                    gate.span,
                    "matrices built from values",
                    "assign the matrix element by element",
                );
                return TokenStream::new();
            }
            GateOp::Call(_) => return TokenStream::new(), // `call_forward`
            GateOp::ArrayGate {
                gate: array_gate, ..
            } => {
                let what = format!("`{}`", array_gate.name());
                self.unsupported(gate.span, &what, "write it as a loop over the elements");
                return TokenStream::new();
            }
        };
        respan(quote!(let #mutable #t = #value;), gate.span)
    }

    /// The sum over the varying inputs of each input's pullback seeded with its tangent.
    fn diff_tangent(&self, out: VarId, op: &Op<Operand>) -> TokenStream {
        let varying = |input: Operand| input.var().filter(|&var| self.active(var));
        match tangent_sum(self.cx.tape, out, op, varying) {
            Some(sum) => self.render(&sum),
            None => quote!(0.0),
        }
    }
}
