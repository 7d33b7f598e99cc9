//! Emission of the forward-mode pass `f_jvp`: the staged function with each stage's
//! tangent beside it (`let q = x * y; let t_q = y * t_x + x * t_y;`), from the same
//! rule table as the backward pass (a tangent is the sum, over the inputs, of each
//! input's pullback applied to that input's tangent).
//!
//! Output: `fn f_jvp(x: f64, y: f64, t_x: f64, t_y: f64) -> (f64, f64)`.

use crate::emit::context::Context;
use crate::emit::forward::stage;
use crate::emit::items::{doc_attrs, respan};
use crate::emit::render::Render;
use crate::emit::tangent_terms::{tangent_sum, zero_of};
use crate::ir::flow::{Block, Head, Loop, Node};
use crate::ir::ops::{ArrayGate, Op};

use crate::ir::{Gate, GateOp, Operand, StoreMode, VarId};
use crate::parse::signature::Role;
use crate::plan::tangents::Tangents;
use crate::plan::Plan;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

/// `f_jvp`, when the function asks for `jvp`.
pub(crate) fn jvp_fn(cx: &Context, plan: &Plan) -> TokenStream {
    let Some(tangents) = &plan.tangents else {
        return TokenStream::new();
    };
    let tape = cx.tape;
    let names: Vec<Ident> = tangents
        .names
        .iter()
        .map(|name| name.clone().unwrap_or_else(|| quote::format_ident!("_")))
        .collect();
    let emitter = Tangent {
        cx,
        plan,
        tangents,
        render: Render {
            tape,
            adjoints: &names,
            parts: &Default::default(),
            seed_parts: &[],
            shared: &[],
            float: cx.float(),
            krate: cx.krate.clone(),
        },
    };
    let differentiated: Vec<(&crate::parse::signature::Param, VarId)> = cx
        .sig
        .params
        .iter()
        .zip(&tape.params)
        .filter(|(param, _)| param.role == Role::Differentiated)
        .map(|(param, &var)| (param, var))
        .collect();
    let tangent_params = differentiated.iter().map(|(param, var)| {
        let (name, ty) = (emitter.tangent(*var), &param.ty);
        quote!(#name: #ty)
    });
    let slice_checks = differentiated
        .iter()
        // A struct's tangent has its shape by type, as an array reference's has.
        .filter(|(param, var)| param.slice && !tape.is_struct(*var) && !tape.is_array_ref(*var))
        .map(|(param, var)| {
            let (name, tangent) = (&param.name, emitter.tangent(*var));
            let message = format!("`{tangent}` must have the length of `{name}`");
            quote!(assert_eq!(#tangent.len(), #name.len(), #message);)
        });
    let unused = tape
        .params
        .iter()
        .filter(|&&param| !plan.needed[param])
        .map(|&param| &tape.vars[param].name);
    let unused_tangents = differentiated
        .iter()
        .filter(|(_, var)| !tangents.live[*var])
        .map(|(_, var)| emitter.tangent(*var));
    let items = crate::emit::body_items::forward(cx);
    let body = emitter.block(&tape.body);
    let (value, tangent) = if tape.outputs.is_empty() {
        (tape.operand_tokens(tape.ret), emitter.operand(tape.ret))
    } else {
        let values = tape.outputs.iter().map(|value| tape.operand_tokens(*value));
        let tangents = tape.outputs.iter().map(|value| emitter.operand(*value));
        (quote!((#(#values,)*)), quote!((#(#tangents,)*)))
    };
    let jvp = &cx.names.jvp;
    let params = cx.params();
    let output = cx.sig.output_type();
    let (receiver, self_binding) = (cx.receiver(), cx.self_binding());
    let doc = doc_attrs(&format!(
        " Forward mode of [`{function}`]: its value, and its derivative along the tangents `t_..` of the differentiated parameters (a Jacobian-vector product).",
        function = cx.function,
    ));
    let (vis, carried) = (cx.vis, &cx.carried_attrs);
    let protocol = crate::emit::jvp_protocol::tangent_protocol_fn(cx, &emitter, &differentiated);
    quote! {
        #doc
        #[inline]
        #[must_use]
        #[allow(clippy::too_many_arguments)] // a tangent per parameter
        #carried
        #vis fn #jvp(#receiver #(#params,)* #(#tangent_params),*) -> (#output, #output) {
            #self_binding
            #items
            #(let _ = #unused;)*
            #(let _ = #unused_tangents;)*
            #(#slice_checks)*
            #body
            (#value, #tangent)
        }
        #protocol
    }
}

/// Emits blocks with their tangents.
pub(crate) struct Tangent<'a> {
    cx: &'a Context<'a>,
    plan: &'a Plan,
    tangents: &'a Tangents,
    render: Render<'a>,
}

impl Tangent<'_> {
    pub(crate) fn tangent(&self, var: VarId) -> &Ident {
        match &self.tangents.names[var] {
            Some(name) => name,
            None => &self.cx.tape.vars[var].name, // never asked for: only varying ones are
        }
    }

    /// The variable of `operand` if it has a tangent.
    fn live(&self, operand: Operand) -> Option<VarId> {
        operand.var().filter(|&var| self.tangents.live[var])
    }

    /// The tangent of `operand`: its name, or a typed zero for a constant.
    fn operand(&self, operand: Operand) -> TokenStream {
        match self.live(operand) {
            Some(var) => self.tangent(var).to_token_stream(),
            None => self.zero(operand.var()),
        }
    }

    /// Zero of `var`'s type: `0.0`, or `[0.0; N]` (nested) for an array.
    fn zero(&self, var: Option<VarId>) -> TokenStream {
        // A `Vec` local's tangent is as long as the `Vec` (pushes push onto both).
        if let Some(var) = var.filter(|&var| self.cx.tape.is_vec(var)) {
            let name = &self.cx.tape.vars[var].name;
            return quote!(::std::vec![0.0; #name.len()]);
        }
        match var.and_then(|var| self.cx.tape.vars[var].ty.as_ref()) {
            Some(ty) => zero_of(ty),
            None => quote!(0.0),
        }
    }

    fn block(&self, block: &Block) -> TokenStream {
        block.nodes.iter().map(|node| self.node(node)).collect()
    }

    fn node(&self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.needed[gate.out] {
                    return TokenStream::new();
                }
                let primal = match &gate.op {
                    GateOp::Call(call) => return self.call(gate, call),
                    _ => stage(self.cx, gate),
                };
                let tangent =
                    if self.tangents.live[gate.out] || matches!(gate.op, GateOp::Store { .. }) {
                        self.gate_tangent(gate)
                    } else {
                        TokenStream::new()
                    };
                quote!(#primal #tangent)
            }
            Node::Assign { slot, value } => {
                if !self.plan.needed[*slot] {
                    return TokenStream::new();
                }
                let name = &tape.vars[*slot].name;
                let primal = tape.operand_tokens(*value);
                let tangent = self.tangents.live[*slot].then(|| {
                    let (slot, value) = (self.tangent(*slot), self.operand(*value));
                    quote!(#slot = #value;)
                });
                quote!(#name = #primal; #tangent)
            }
            Node::Break => quote!(break;),
            Node::If(node) => {
                let needed = node.merges.iter().filter(|&&slot| self.plan.needed[slot]);
                let merges = needed.map(|&slot| {
                    let name = &tape.vars[slot].name;
                    let tangent = self.tangents.live[slot].then(|| {
                        let tangent = self.tangent(slot);
                        quote!(let #tangent;)
                    });
                    quote!(let #name; #tangent)
                });
                let cond = tape.operand_tokens(node.cond);
                let (then, els) = (self.block(&node.then), self.block(&node.els));
                let els = (!els.is_empty()).then(|| quote!(else { #els }));
                quote!(#(#merges)* if #cond { #then } #els)
            }
            Node::Loop(node) => self.loop_(node),
        }
    }

    fn loop_(&self, node: &Loop) -> TokenStream {
        let tape = self.cx.tape;
        let needed = node
            .carried
            .iter()
            .filter(|(slot, _)| self.plan.needed[*slot]);
        let carried = needed.map(|(slot, init)| {
            let name = &tape.vars[*slot].name;
            let value = tape.operand_tokens(*init);
            let tangent = self.tangents.live[*slot].then(|| {
                let (tangent, init) = (self.tangent(*slot), self.operand(*init));
                quote!(let mut #tangent = #init;)
            });
            quote!(let mut #name = #value; #tangent)
        });
        let body = self.block(&node.body);
        let head = match &node.head {
            Head::For { index, range, .. } => {
                let index = match index {
                    Some(index) => tape.vars[*index].name.to_token_stream(),
                    None => quote!(_),
                };
                quote!(for #index in #range { #body })
            }
            Head::Loop => quote!(loop { #body }),
        };
        quote!(#(#carried)* #head)
    }

    /// `let (h, t_h) = g_tangent(args.., tangents..);`: the callee's forward mode, a
    /// tangent for each argument (zero for a constant one); the plain call when the
    /// value has no tangent.
    fn call(&self, gate: &Gate, call: &crate::ir::Call) -> TokenStream {
        let tape = self.cx.tape;
        let name = &tape.vars[gate.out].name;
        let args = crate::emit::call_stage::call_arguments(self.cx, call);
        let path = &call.path;
        if !self.tangents.live[gate.out] {
            return respan(quote!(let #name = #path(#(#args),*);), gate.span);
        }
        let Some(callee) = crate::ir::names::ItemNames::of_path(path, self.cx.self_type()) else {
            return TokenStream::new();
        };
        let check = crate::emit::call_stage::wrt_check(self.cx, call);
        let tangent_fn = callee.item(&callee.names.tangent);
        let krate = &self.cx.krate;
        // A part of an array or struct passes the same part of its tangent
        // (`&t_p.l1`, `&t_x[a..b]`); a constant struct part, a zero struct, and a
        // constant array reference a reference to zeros (a constant slice given to a
        // parameter the callee differentiates is a compile error, `wrt_check`).
        let tangents =
            call.args
                .iter()
                .zip(&call.views)
                .map(|(arg, view)| match (self.live(*arg), view) {
                    (Some(var), Some(view)) => view.argument_of(tape, self.tangent(var)),
                    (Some(var), None) => self.tangent(var).to_token_stream(),
                    (None, Some(view)) if tape.is_struct(view.array) => {
                        let place = view.place(tape, &tape.vars[view.array].name.to_token_stream());
                        let zero = quote!(#krate::Differentiable::zeros_like(&#place));
                        if view.by_ref {
                            quote!(&#zero)
                        } else {
                            zero
                        }
                    }
                    (None, Some(view)) if view.by_ref => quote!(&#krate::__private::Zero::zero()),
                    (None, _) => quote!(#krate::__private::Zero::zero()),
                });
        let tangent = self.tangent(gate.out);
        respan(
            quote!(#check let (#name, #tangent) = #tangent_fn(#(#args,)* #(#tangents),*);),
            gate.span,
        )
    }

    /// `let t_out = ..;` for one gate (for a store, the tangent's element update).
    fn gate_tangent(&self, gate: &Gate) -> TokenStream {
        let tape = self.cx.tape;
        let var = &tape.vars[gate.out];
        let name = self.tangent(gate.out);
        let mutable = var.in_place.then(|| quote!(mut));
        let value = match &gate.op {
            GateOp::Diff(op) => self.diff_tangent(gate.out, op),
            GateOp::Copy(slot) => self.operand(Operand::Var(*slot)),
            GateOp::Passive(..) | GateOp::Call(_) => self.zero(Some(gate.out)),
            GateOp::Effect(..) => return TokenStream::new(),
            GateOp::Index {
                array,
                indices,
                fields,
            } => tape.field_element(self.tangent(*array), fields, indices),
            GateOp::Pack(items) => {
                let items = items.iter().map(|item| self.operand(*item));
                quote!([#(#items),*])
            }
            GateOp::ArrayGate {
                gate: array_gate,
                args,
            } => self.array_gate_tangent(*array_gate, gate.out, args),
            GateOp::Store {
                array,
                indices,
                value,
                mode,
            } => {
                if !self.tangents.live[*array] {
                    return TokenStream::new();
                }
                let element = tape.element(self.tangent(*array), indices);
                let tangent = self.operand(*value);
                let statement = match (mode, self.live(*value).is_some()) {
                    (StoreMode::Set, _) => quote!(#element = #tangent;),
                    (StoreMode::Push, _) => quote!(#element.push(#tangent);),
                    (_, false) => return TokenStream::new(),
                    (StoreMode::Add, true) => quote!(#element += #tangent;),
                    (StoreMode::Sub, true) => quote!(#element -= #tangent;),
                };
                return respan(statement, gate.span);
            }
        };
        respan(quote!(let #mutable #name = #value;), gate.span)
    }

    /// The sum over varying inputs of the input's pullback, seeded with its tangent.
    fn diff_tangent(&self, out: VarId, op: &Op<Operand>) -> TokenStream {
        match tangent_sum(self.cx.tape, out, op, |input| self.live(input)) {
            Some(sum) => self.render.tokens(&sum),
            None => self.zero(None),
        }
    }

    /// The tangent of an array gate: `dot` by the product rule, `logsumexp` and the
    /// cross-entropy as the softmax (minus the one-hot label) dotted with the tangent.
    fn array_gate_tangent(&self, gate: ArrayGate, out: VarId, args: &[Operand]) -> TokenStream {
        let tape = self.cx.tape;
        let krate = &self.cx.krate;
        let value = |operand: Operand| tape.operand_tokens(operand);
        let out = &tape.vars[out].name;
        match gate {
            ArrayGate::Dot => {
                let (a, b) = (args[0], args[1]);
                let terms: Vec<TokenStream> = [(a, b), (b, a)]
                    .into_iter()
                    .filter(|(side, _)| self.live(*side).is_some())
                    .map(|(side, other)| {
                        let (tangent, other) = (self.operand(side), value(other));
                        quote!(#krate::dot(#tangent, #other))
                    })
                    .collect();
                quote!(#(#terms)+*)
            }
            ArrayGate::LogSumExp => {
                let (x, tangent) = (value(args[0]), self.operand(args[0]));
                quote!(#krate::__private::softmax_dot(&#x, #out, &#tangent))
            }
            ArrayGate::SoftmaxCrossEntropy => {
                let (logits, label) = (value(args[0]), value(args[1]));
                let tangent = self.operand(args[0]);
                quote!(#krate::__private::softmax_cross_entropy_dot(&#logits, #label, #out, &#tangent))
            }
        }
    }
}
