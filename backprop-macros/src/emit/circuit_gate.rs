//! The record of one gate in `f_circuit` (`circuit.rs`): a new node for a computation
//! (`circuit.gate(label, value, &[(input_node, local_gradient), ..])`), or, for a gate
//! that only moves values (a copy, an element read, an array built or stored into),
//! the same move of their nodes.

use crate::emit::circuit::Recorder;
use crate::emit::gate_label::label;
use crate::ir::ops::Op;
use crate::ir::rules;
use crate::ir::sym::{operand_sym, Sym};
use crate::ir::{Call, Gate, GateOp, Operand, StoreMode};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

impl Recorder<'_> {
    /// What records `gate` (run after its stage), if its value varies.
    pub(crate) fn record(&mut self, gate: &Gate) -> TokenStream {
        let tape = self.cx.tape;
        let circuit = &self.circuit;
        if let GateOp::Store {
            array,
            indices,
            value,
            mode,
        } = &gate.op
        {
            let Some(node) = &self.nodes[*array] else {
                return TokenStream::new();
            };
            let element = tape.element(node, indices);
            let wire = self.wire(*value);
            return match mode {
                StoreMode::Set => quote!(#element = #wire;),
                StoreMode::Push => {
                    self.error(syn::Error::new(
                        gate.span,
                        "`circuit` cannot draw `Vec` locals yet: fill a local array (`let mut a = [0.0; N];`), or leave out `circuit`",
                    ));
                    TokenStream::new()
                }
                StoreMode::Add | StoreMode::Sub => {
                    let (label, sign) = match mode {
                        StoreMode::Add => ("+", quote!(1.0)),
                        _ => ("-", quote!(-1.0)),
                    };
                    let stored = tape.element(&tape.vars[*array].name, indices);
                    quote!(#element = #circuit.gate(#label, #stored, &[(#element, 1.0), (#wire, #sign)]);)
                }
            };
        }
        let Some(node) = self.nodes[gate.out].clone() else {
            return TokenStream::new();
        };
        let out = &tape.vars[gate.out].name;
        let mutable = tape.vars[gate.out].in_place.then(|| quote!(mut));
        let value = match &gate.op {
            GateOp::Diff(op) => self.operation(gate, op),
            GateOp::Copy(slot) => self.wire(Operand::Var(*slot)),
            GateOp::Passive(..) => {
                let krate = &self.cx.krate;
                quote!(#krate::Circuit::constants(&#out))
            }
            GateOp::Index { array, indices, .. } => match &self.nodes[*array] {
                Some(array) => tape.element(array, indices),
                None => {
                    let krate = &self.cx.krate;
                    quote!(#krate::Circuit::CONSTANT)
                }
            },
            GateOp::Pack(items) => {
                let wires = items.iter().map(|item| self.wire(*item));
                quote!([#(#wires),*])
            }
            GateOp::Call(call) => match self.call(gate, call) {
                Some(value) => value,
                None => return TokenStream::new(),
            },
            GateOp::ArrayGate { gate: kind, .. } => {
                self.error(syn::Error::new(
                    gate.span,
                    format!(
                        "`circuit` cannot draw the array gate `{}(..)` yet: write it as a loop over the elements (`for i in 0..n {{ s += a[i] * b[i]; }}` for `dot`), or leave out `circuit`",
                        kind.name()
                    ),
                ));
                return TokenStream::new();
            }
            GateOp::Store { .. } | GateOp::Effect(..) => return TokenStream::new(),
        };
        quote!(let #mutable #node = #value;)
    }

    /// `circuit.gate("+", q, &[(x_node, 1.0), (y_node, 1.0)])`: a wire from each
    /// varying input, with its local gradient from the rule table at `g = 1`.
    fn operation(&self, gate: &Gate, op: &Op<Operand>) -> TokenStream {
        let tape = self.cx.tape;
        let symbolic = op.map(|operand| operand_sym(tape, *operand));
        let pullback = rules::pullback(&symbolic, &Sym::Var(gate.out), &Sym::Num(1.0));
        let wires = op
            .inputs()
            .into_iter()
            .zip(pullback)
            .filter_map(|(input, local)| {
                let node = self.nodes[input.var()?].as_ref()?;
                let local = self.render.tokens(&local?);
                Some(quote!((#node, #local)))
            });
        let (circuit, label) = (&self.circuit, label(tape, op));
        let out = &tape.vars[gate.out].name;
        quote!(#circuit.gate(#label, #out, &[#(#wires),*]))
    }

    /// A call of another `#[differentiate]` function as one gate labelled with its
    /// name, the local gradients from its pullback at `d_out = 1`:
    /// `{ let shares = g_pullback(&h_cache, 1.0); circuit.gate("g", h, &[(a_node, shares.0)]) }`.
    /// Its arguments that vary must be floats (`None` and an error otherwise).
    fn call(&mut self, gate: &Gate, call: &Call) -> Option<TokenStream> {
        let tape = self.cx.tape;
        let callee = crate::ir::names::ItemNames::of_path(&call.path, self.cx.self_type())?;
        let mut wires = Vec::new();
        for (index, arg) in call.args.iter().enumerate() {
            let Operand::Var(var) = *arg else { continue };
            let Some(node) = &self.nodes[var] else {
                continue;
            };
            if !self.scalar(var) {
                let path = &call.path;
                let shown = quote!(#path).to_string().replace(' ', "");
                self.error(syn::Error::new(
                    gate.span,
                    format!("`circuit` draws a call of `{shown}` as one gate, which needs its varying arguments to be floats; argument {} is not: leave out `circuit`, or pass the elements one by one", index + 1),
                ));
                return None;
            }
            let index = Literal::usize_unsuffixed(index);
            let shares = &self.shares;
            wires.push(quote!((#node, #shares.#index)));
        }
        let pullback = callee.item(&callee.names.pullback);
        let label = plain_name(&call.path);
        let (circuit, shares) = (&self.circuit, &self.shares);
        let out = &tape.vars[gate.out].name;
        let cache = &tape.vars[call.cache].name;
        Some(quote!({
            let #shares = #pullback(&#cache, 1.0);
            #circuit.gate(#label, #out, &[#(#wires),*])
        }))
    }
}

/// The called function's own name (`dense` for `layers::dense`).
fn plain_name(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|segment| crate::ir::names::plain(&segment.ident))
        .unwrap_or_default()
}
