//! `f_circuit` (`#[differentiate(circuit)]`): the forward pass once more, each gate
//! followed by its record in a `backprop::Circuit`: its label, its value, and a wire
//! from each varying input carrying the local gradient that the rule table
//! (`ir/rules.rs`) gives at `d_out = 1`, the same expressions the backward pass
//! multiplies by the upstream adjoint. Loops run as they run, so the circuit is
//! unrolled; the runtime adds the gradients up over the recorded wires in reverse.
//!
//! Input:  `fn f(x: f64, y: f64, z: f64) -> f64 { let q = x + y; q * z }`
//! Output: `fn f_circuit(x: f64, y: f64, z: f64) -> ::backprop::Circuit {
//!     let mut circuit = ::backprop::Circuit::new("f");
//!     let x_node = circuit.input("x", x); ..
//!     let q = x + y;
//!     let q_node = circuit.gate("+", q, &[(x_node, 1.0), (y_node, 1.0)]); ..
//!     circuit.finish(q_times_z_node) }`

use crate::emit::context::Context;
use crate::emit::forward::stage;
use crate::emit::items::doc_attrs;
use crate::emit::render::Render;
use crate::ir::flow::{Block, Head, Node};
use crate::ir::names::{plain, Namer};
use crate::ir::{GateOp, Operand, VarId};
use crate::parse::signature::Role;
use crate::plan::Plan;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

/// `f_circuit`, or errors spanned at what it cannot draw.
pub(crate) fn circuit_fn(
    cx: &Context,
    plan: &Plan,
    namer: &mut Namer,
    option: &Ident,
) -> Result<TokenStream, syn::Error> {
    let tape = cx.tape;
    if !cx.sig.is_scalar() {
        return Err(syn::Error::new(
            option.span(),
            "`circuit` draws a function returning one float; a function returning a tuple or an array has no single output to draw: leave out `circuit`, or draw each value with its own function",
        ));
    }
    let nodes: Vec<Option<Ident>> = (0..tape.vars.len())
        .map(|var| {
            plan.live[var].then(|| namer.fresh(&format!("{}_node", plain(&tape.vars[var].name))))
        })
        .collect();
    let circuit = namer.fresh("circuit");
    let shares = namer.fresh("shares");
    let parts = std::collections::BTreeMap::new();
    let mut recorder = Recorder {
        cx,
        plan,
        nodes,
        circuit,
        shares,
        render: Render {
            tape,
            adjoints: &[],
            parts: &parts,
            seed_parts: &[],
            shared: &[],
            float: cx.float(),
            krate: cx.krate.clone(),
        },
        errors: None,
    };
    let inputs = recorder.inputs();
    let body = recorder.block(&tape.body);
    if let Some(errors) = recorder.errors {
        return Err(errors);
    }
    let Recorder { circuit, .. } = &recorder;
    let krate = &cx.krate;
    let output = recorder.wire(tape.ret);
    let items = crate::emit::body_items::forward(cx);
    let unused = tape
        .params
        .iter()
        .filter(|&&param| !plan.needed[param])
        .map(|&param| &tape.vars[param].name);
    let name = &cx.function;
    let function = &cx.names.circuit;
    let doc = doc_attrs(&format!(
        " The circuit of [`{name}`] at these arguments, for pictures: one node per input and per\n gate run (loops unrolled), with its value and its gradient at `d_out = 1`. Draw it with\n [`Circuit::to_svg`]({krate_doc}::Circuit::to_svg) or [`Circuit::to_dot`]({krate_doc}::Circuit::to_dot).",
        krate_doc = krate.to_string().replace(' ', ""),
    ));
    let (vis, receiver, params, carried) = (cx.vis, cx.receiver(), cx.params(), &cx.carried_attrs);
    let self_binding = cx.self_binding();
    Ok(quote! {
        #doc
        #[must_use]
        #carried
        #vis fn #function(#receiver #(#params),*) -> #krate::Circuit {
            #self_binding
            #items
            #(let _ = #unused;)*
            let mut #circuit = #krate::Circuit::new(#name);
            #inputs
            #body
            #circuit.finish(#output)
        }
    })
}

/// Emits the recording forward pass (gates' records: `circuit_gate.rs`).
pub(crate) struct Recorder<'a> {
    pub(crate) cx: &'a Context<'a>,
    pub(crate) plan: &'a Plan,
    /// The name of each variable's node (or nodes, for an array), if it varies.
    pub(crate) nodes: Vec<Option<Ident>>,
    pub(crate) circuit: Ident,
    /// The tuple a called function's pullback returns.
    pub(crate) shares: Ident,
    pub(crate) render: Render<'a>,
    errors: Option<syn::Error>,
}

impl Recorder<'_> {
    pub(crate) fn error(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// `let x_node = circuit.input("x", x);` for each differentiated parameter.
    fn inputs(&self) -> TokenStream {
        let (tape, circuit) = (self.cx.tape, &self.circuit);
        let mut out = TokenStream::new();
        for (param, &var) in self.cx.sig.params.iter().zip(&tape.params) {
            if param.role != Role::Differentiated || param.unnamed {
                continue;
            }
            let name = &param.name;
            let text = plain(name);
            let record = if param.dims == 0 && !param.slice {
                quote!(#circuit.input(#text, #name))
            } else if matches!(param.ty, syn::Type::Reference(_)) {
                quote!(#circuit.inputs(#text, #name))
            } else {
                quote!(#circuit.inputs(#text, &#name))
            };
            out.extend(match &self.nodes[var] {
                Some(node) if tape.vars[var].in_place => quote!(let mut #node = #record;),
                Some(node) => quote!(let #node = #record;),
                None => quote!(let _ = #record;),
            });
        }
        out
    }

    /// The node(s) of `operand`: its node's name, or the constants' in its shape.
    pub(crate) fn wire(&self, operand: Operand) -> TokenStream {
        let krate = &self.cx.krate;
        match operand {
            Operand::Var(var) => match &self.nodes[var] {
                Some(node) => node.to_token_stream(),
                None if self.scalar(var) => quote!(#krate::Circuit::CONSTANT),
                None => {
                    let value = &self.cx.tape.vars[var].name;
                    quote!(#krate::Circuit::constants(&#value))
                }
            },
            Operand::Lit(id) if self.cx.tape.numbers[id].is_some() => {
                quote!(#krate::Circuit::CONSTANT)
            }
            Operand::Lit(id) => {
                let value = &self.cx.tape.lits[id];
                quote!(#krate::Circuit::constants(&(#value)))
            }
        }
    }

    /// Whether `var` is known to be one float (computed by a differentiable
    /// operation, or a float parameter).
    pub(crate) fn scalar(&self, var: VarId) -> bool {
        let tape = self.cx.tape;
        if let Some(index) = tape.params.iter().position(|&param| param == var) {
            let param = &self.cx.sig.params[index];
            return param.dims == 0 && !param.slice;
        }
        match tape.defining_gate(var).map(|gate| &gate.op) {
            Some(GateOp::Diff(_)) => true,
            Some(GateOp::Copy(slot)) => self.scalar(*slot),
            // `let mut acc = 0.0;`, `let s: f64 = ..;`
            Some(GateOp::Passive(tokens, _)) => {
                crate::ir::sym::literal_number(tokens).is_some()
                    || matches!(&tape.vars[var].ty, Some(syn::Type::Path(path)) if path.path.is_ident("f64") || path.path.is_ident("f32"))
            }
            _ => false,
        }
    }

    fn block(&mut self, block: &Block) -> TokenStream {
        block.nodes.iter().map(|node| self.node(node)).collect()
    }

    fn node(&mut self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.needed[gate.out] && !self.plan.live[gate.out] {
                    return TokenStream::new();
                }
                let stage = stage(self.cx, gate);
                let record = self.record(gate);
                quote!(#stage #record)
            }
            Node::Assign { slot, value } => {
                if !self.plan.needed[*slot] {
                    return TokenStream::new();
                }
                let (name, value_tokens) = (&tape.vars[*slot].name, tape.operand_tokens(*value));
                let record = self.nodes[*slot].as_ref().map(|node| {
                    let wire = self.wire(*value);
                    quote!(#node = #wire;)
                });
                quote!(#name = #value_tokens; #record)
            }
            Node::Break => quote!(break;),
            Node::If(node) => {
                let mut merges = TokenStream::new();
                for &slot in node.merges.iter().filter(|&&slot| self.plan.needed[slot]) {
                    let name = &tape.vars[slot].name;
                    merges.extend(quote!(let #name;));
                    if let Some(node) = &self.nodes[slot] {
                        merges.extend(quote!(let #node;));
                    }
                }
                let cond = tape.operand_tokens(node.cond);
                let (then, els) = (self.block(&node.then), self.block(&node.els));
                if then.is_empty() && els.is_empty() {
                    return TokenStream::new();
                }
                let els = (!els.is_empty()).then(|| quote!(else { #els }));
                quote!(#merges if #cond { #then } #els)
            }
            Node::Loop(node) => {
                let mut carried = TokenStream::new();
                for (slot, init) in node
                    .carried
                    .iter()
                    .filter(|(slot, _)| self.plan.needed[*slot])
                {
                    let (name, value) = (&tape.vars[*slot].name, tape.operand_tokens(*init));
                    carried.extend(quote!(let mut #name = #value;));
                    if let Some(node) = &self.nodes[*slot] {
                        let wire = self.wire(*init);
                        carried.extend(quote!(let mut #node = #wire;));
                    }
                }
                let body = self.block(&node.body);
                match &node.head {
                    Head::For { index, range, .. } => {
                        let index = match index {
                            Some(index) => tape.vars[*index].name.to_token_stream(),
                            None => quote!(_),
                        };
                        quote!(#carried for #index in #range { #body })
                    }
                    Head::Loop => quote!(#carried loop { #body }),
                }
            }
        }
    }
}
