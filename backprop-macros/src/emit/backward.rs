//! Emission of the backward pass: the chain rule in reverse stage order, one
//! statement per contribution, `let d_v = ..` for the first and `d_v += ..` after
//! (CS231n: gradients add up at forks). Control flow is replayed in reverse: an `if`
//! takes the branch the forward pass took, a loop runs its iterations backwards,
//! popping the values each iteration saved.
//!
//! Output: `fn f_backward(cache: &FCache, d_out: f64) -> FGrad { let FCache { .. } =
//! *cache; let d_num = invden * d_out; ..; FGrad { x: d_x, y: d_y } }`

use crate::emit::context::Context;
use crate::emit::items::doc_attrs;
use crate::emit::render::Render;
use crate::ir::flow::{Block, Node};
use crate::ir::sym::Sym;
use crate::ir::{GateOp, Operand, VarId};
use crate::parse::signature::Role;
use crate::plan::adjoints::BackwardNames;
use crate::plan::indexing::At;
use crate::plan::layout::Field;
use crate::plan::Plan;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The statements of the backward pass after the cache is unpacked, shared by
/// `f_backward` and the fused `f_grad`: replays of the stacks, the reversed stages,
/// and the gradient struct as the final expression.
pub(crate) fn backward_body(
    cx: &Context,
    plan: &Plan,
    names: &BackwardNames,
    fields: &[Field],
) -> TokenStream {
    let carries = crate::emit::carry::Carries::find(cx.tape, plan, names);
    let names = &carries.rename(names);
    let grad_ty = &cx.names.grad;
    let seed = &names.seed;
    let replays = fields.iter().map(Field::cursor);
    let seed_unused = match cx.tape.ret {
        // An array's seed is its adjoint, added to and cleared element by element.
        Operand::Var(ret) if plan.live[ret] && cx.tape.vars[ret].dims > 0 => {
            Some(quote!(#[allow(unused_mut)] let mut #seed = #seed;))
        }
        Operand::Var(ret) if plan.live[ret] => None,
        _ if !plan.outputs.is_empty() => None,
        _ => Some(quote!(let _ = #seed;)),
    };
    let mut emitter = Backward {
        cx,
        plan,
        names,
        fields,
        render: Render {
            tape: cx.tape,
            adjoints: &names.adjoints,
            parts: &names.parts,
            seed_parts: &names.seed_parts,
            shared: &names.shared,
            float: cx.float(),
            krate: cx.krate.clone(),
        },
        seen: vec![false; cx.tape.vars.len()],
        carries,
    };
    if let Operand::Var(ret) = cx.tape.ret {
        // The seed is the returned array's adjoint, declared already.
        emitter.seen[ret] = cx.tape.vars[ret].dims > 0;
    }
    // A slice's adjoint is the caller's buffer, checked for length and added into (an
    // array's buffer has its length by type).
    let mut length_checks = TokenStream::new();
    for (var, buffer) in &names.buffers {
        emitter.seen[*var] = true;
        if cx.tape.is_array_ref(*var) || cx.tape.is_struct(*var) {
            continue;
        }
        let slice = &cx.tape.vars[*var].name;
        let message = format!(
            "`{buffer}` has length {{}} but the slice `{slice}` has length {{}}: the gradient buffer of a slice parameter must have its length"
        );
        length_checks.extend(quote! {
            ::core::assert!(#buffer.len() == #slice.len(), #message, #buffer.len(), #slice.len());
        });
    }
    // A tuple's seed: its parts, then each value's share.
    let mut seed_parts = TokenStream::new();
    if !plan.outputs.is_empty() {
        let patterns =
            names
                .seed_parts
                .iter()
                .zip(&plan.outputs)
                .map(|(name, output)| match output {
                    Some((var, true)) if plan.contributions[*var] > 0 => quote!(mut #name),
                    Some(_) => quote!(#name),
                    None => quote!(_),
                });
        match &cx.sig.struct_output {
            // `let d_out_x = seed_part(d_out.x);`: an integer field's part is zero.
            Some(_) => {
                let krate = &cx.krate;
                for (field, pattern) in cx.tape.output_fields.iter().zip(patterns) {
                    if pattern.to_string() != "_" {
                        seed_parts.extend(
                            quote!(let #pattern = #krate::__private::seed_part(#seed.#field);),
                        );
                    }
                }
            }
            None => seed_parts.extend(quote!(let (#(#patterns,)*) = #seed;)),
        }
        for (index, output) in plan.outputs.iter().enumerate() {
            if let Some((var, false)) = output {
                seed_parts.extend(emitter.contribute(
                    *var,
                    &Sym::SeedPart(index),
                    Span::call_site(),
                ));
            }
        }
    }
    let body = emitter.block(&cx.tape.body);
    let grad_fields = cx
        .sig
        .params
        .iter()
        .zip(&cx.tape.params)
        .filter(|(param, _)| param.role == Role::Differentiated && !param.slice)
        .map(|(param, &var)| {
            let field = &param.name;
            if plan.live[var] {
                let adjoint = &names.adjoints[var];
                quote!(#field: #adjoint)
            } else {
                let zero = crate::emit::items::zero_of(param, &cx.krate);
                quote!(#field: #zero)
            }
        });
    quote! {
        #length_checks
        #(#replays)*
        #seed_unused
        #seed_parts
        #body
        #grad_ty { #(#grad_fields),* }
    }
}

/// The backward pass.
pub(crate) fn backward_fn(
    cx: &Context,
    plan: &Plan,
    names: &BackwardNames,
    fields: &[Field],
    body: TokenStream,
) -> TokenStream {
    let vis = cx.vis;
    let (backward, cache_name, grad_ty) = (&cx.names.backward, &cx.names.cache, &cx.names.grad);
    let cache_ty = cx.cache_ref_type();
    let (cache, seed) = (&names.cache, &names.seed);
    let buffers = cx.buffer_params(names);
    // With buffers the gradient may be all in them, the struct empty.
    let must_use = if cx.sig.has_buffers() {
        // The buffers add arguments the user's function does not have.
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!(#[must_use])
    };
    let unpack = if fields.is_empty() {
        quote!(let _ = #cache;)
    } else {
        let patterns = fields.iter().map(Field::unpack);
        quote!(let #cache_name { #(#patterns),* } = *#cache;)
    };
    let doc = doc_attrs(&crate::emit::items::backward_doc(cx, plan));
    let receiver = cx.cache_receiver();
    let seed_ty = cx.sig.seed_type();
    let carried = &cx.carried_attrs;
    let items = crate::emit::body_items::backward(cx);
    quote! {
        #doc
        #[inline]
        #must_use
        #carried
        #vis fn #backward(#receiver #cache: &#cache_ty, #seed: #seed_ty #(, #buffers)*) -> #grad_ty {
            #items
            #unpack
            #body
        }
    }
}

/// Emits the reversal of blocks.
pub(crate) struct Backward<'a> {
    pub(crate) cx: &'a Context<'a>,
    pub(crate) plan: &'a Plan,
    pub(crate) names: &'a BackwardNames,
    pub(crate) fields: &'a [Field],
    pub(crate) render: Render<'a>,
    /// Adjoints already declared (by their first contribution).
    pub(crate) seen: Vec<bool>,
    /// Loop-carried adjoints updated in place.
    pub(crate) carries: crate::emit::carry::Carries,
}

impl Backward<'_> {
    /// The reversal of `block`: its saved values popped, then its nodes in reverse.
    /// An adjoint that nested blocks add to is declared `let mut d_v = 0.0;` just
    /// before the first construct that touches it (or by its first contribution).
    pub(crate) fn block(&mut self, block: &Block) -> TokenStream {
        let tape = self.cx.tape;
        let mut out = TokenStream::new();
        let mut loads = self
            .fields
            .iter()
            .filter(|field| field.saved.is_some() && tape.vars[field.var].block == block.id)
            .peekable();
        if loads.peek().is_some() {
            if let Some(Some(At::Counter { cursor, .. })) = self.plan.at.get(block.id) {
                out.extend(quote!(#cursor -= 1;));
            }
        }
        for field in loads {
            out.extend(field.load(&tape.vars[field.var].name));
        }
        for gate in &tape.gates {
            if self.plan.remat[gate.out] && tape.vars[gate.out].block == block.id {
                // Recomputed as the forward pass computed it.
                out.extend(crate::emit::forward::stage(self.cx, gate));
            }
        }
        for node in block.nodes.iter().rev() {
            if matches!(node, Node::If(_) | Node::Loop(_)) {
                let mut touched = Vec::new();
                self.touches(node, &mut touched);
                for var in touched {
                    let here = tape.vars[var].block == block.id;
                    if here && self.plan.hoisted[var] && !self.seen[var] {
                        self.seen[var] = true;
                        match self.carries.folded[var] {
                            Some(slot) => {
                                let adjoint = &self.names.adjoints[slot];
                                out.extend(quote!(#adjoint = 0.0;));
                            }
                            None => out.extend(self.zero(var, &self.names.adjoints[var])),
                        }
                    }
                }
            }
            let reversed = self.node(node);
            out.extend(reversed);
        }
        out
    }

    /// `let mut d_v = 0.0;` (all zeros for an array).
    pub(crate) fn zero(&self, var: VarId, adjoint: &Ident) -> TokenStream {
        match (&self.cx.tape.vars[var].ty, self.cx.tape.vars[var].dims) {
            // As long as the `Vec` the forward pass leaves (pushes pop it back).
            (Some(ty), _) if self.cx.tape.is_vec(var) => {
                let value = &self.cx.tape.vars[var].name;
                quote!(let mut #adjoint: #ty = ::std::vec![0.0; #value.len()];)
            }
            (Some(ty), dims) if dims > 0 => {
                let krate = &self.cx.krate;
                quote!(let mut #adjoint: #ty = #krate::__private::Zero::zero();)
            }
            _ => quote!(let mut #adjoint = 0.0;),
        }
    }

    /// The adjoints reversing `node` adds to or reads.
    fn touches(&self, node: &Node, into: &mut Vec<VarId>) {
        let tape = self.cx.tape;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.live[gate.out] {
                    return;
                }
                into.push(gate.out);
                match &gate.op {
                    GateOp::Copy(slot) => into.push(*slot),
                    GateOp::Store { array, .. } => {
                        into.push(*array);
                        if let Some(steps) = self.plan.pullbacks.get(id) {
                            into.extend(steps.iter().map(|(target, _)| *target));
                        }
                    }
                    GateOp::Diff(_)
                    | GateOp::Call(_)
                    | GateOp::Index { .. }
                    | GateOp::ArrayGate { .. }
                    | GateOp::Pack(_) => {
                        if let Some(steps) = self.plan.pullbacks.get(id) {
                            into.extend(steps.iter().map(|(target, _)| *target));
                        }
                    }
                    GateOp::Passive(..) | GateOp::Effect(..) => {}
                }
            }
            Node::Assign { slot, value } => {
                into.push(*slot);
                if let Operand::Var(value) = value {
                    into.push(*value);
                }
            }
            Node::If(node) => {
                for inner in node.then.nodes.iter().chain(&node.els.nodes) {
                    self.touches(inner, into);
                }
            }
            Node::Loop(node) => {
                for inner in &node.body.nodes {
                    self.touches(inner, into);
                }
                for (slot, init) in &node.carried {
                    into.push(*slot);
                    if let Operand::Var(init) = init {
                        into.push(*init);
                    }
                }
            }
            Node::Break => {}
        }
    }
}
