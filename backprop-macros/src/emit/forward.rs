//! Emission of the staged forward pass and of the cache struct it fills.
//!
//! Output: `fn f_forward(x: f64, y: f64) -> (f64, FCache) { let sigy = ..; ..;
//! (f, FCache { sigy, invden, .. }) }`

use crate::emit::context::Context;
use crate::emit::items::{doc_attrs, respan};
use crate::emit::saved::field_doc;
use crate::ir::flow::{Block, BlockId, Head, Loop, Node};
use crate::ir::{Gate, GateOp, Operand, StoreMode, VarId};
use crate::plan::indexing::At;
use crate::plan::layout::Field;
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};

/// The cache struct: one field per value the backward pass reads.
pub(crate) fn cache_struct(cx: &Context, fields: &[Field]) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let cache = cx.cache_type();
    let fields = fields.iter().flat_map(|field| {
        field
            .struct_fields()
            .into_iter()
            .map(move |(name, ty, is_len)| {
                let doc = if is_len {
                    format!(
                        " How many runs are saved of `{}` and of the values computed with it.",
                        cx.tape.vars[field.var].name
                    )
                } else {
                    field_doc(cx, field)
                };
                {
                    let doc = doc_attrs(&doc);
                    quote!(#doc pub #name: #ty)
                }
            })
    });
    let doc = doc_attrs(&format!(
        " Intermediates of [`{function}`] saved by [`{forward}`] for [`{backward}`]: the values its local gradients read.",
        forward = cx.doc(&names.forward),
        backward = cx.doc(&names.backward),
    ));
    let attrs = &cx.struct_attrs;
    quote! {
        #doc
        #attrs
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        #vis struct #cache { #(#fields,)* }
    }
}

/// The statements of the forward pass, shared by `f_forward` and the fused `f_grad`.
#[derive(Clone)]
pub(crate) struct ForwardBody {
    /// Items of the body, unused parameters, the stacks, then the staged code.
    pub(crate) statements: TokenStream,
    /// The function's value.
    pub(crate) value: TokenStream,
}

/// The staged forward pass's statements.
pub(crate) fn forward_body(cx: &Context, plan: &Plan, fields: &[Field]) -> ForwardBody {
    let items = crate::emit::body_items::forward(cx);
    let stacks = fields.iter().map(Field::declare);
    debug_assert!(fields.windows(2).all(|pair| pair[0].var < pair[1].var));
    let emitter = Forward {
        cx,
        plan,
        fields,
        saved_in: std::cell::RefCell::new(Vec::new()),
    };
    let body = emitter.block(&cx.tape.body, TokenStream::new(), 0);
    // A parameter the value does not depend on is still a parameter: say it is unused.
    let unused = cx
        .tape
        .params
        .iter()
        .filter(|&&param| !plan.needed[param])
        .map(|&param| &cx.tape.vars[param].name);
    ForwardBody {
        statements: quote! {
            #items
            #(let _ = #unused;)*
            #(#stacks)*
            #body
        },
        value: if cx.tape.outputs.is_empty() {
            cx.tape.operand_tokens(cx.tape.ret)
        } else {
            let values = cx
                .tape
                .outputs
                .iter()
                .map(|value| cx.tape.operand_tokens(*value));
            match &cx.sig.struct_output {
                Some(ty) => {
                    // `State { x: out_x, v }`: shorthand where the value has the field's name.
                    let fields = cx
                        .tape
                        .output_fields
                        .iter()
                        .zip(values)
                        .map(|(field, value)| match *field == value.to_string() {
                            true => quote!(#field),
                            false => quote!(#field: #value),
                        });
                    quote!(#ty { #(#fields),* })
                }
                None => quote!((#(#values,)*)),
            }
        },
    }
}

/// The staged forward pass.
pub(crate) fn forward_fn(cx: &Context, body: ForwardBody, fields: &[Field]) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let (forward, cache) = (&names.forward, &names.cache);
    let params = cx.forward_params();
    let (generics, cache_ty) = (cx.cache_generics(), cx.cache_type());
    let ForwardBody { statements, value } = body;
    let (receiver, self_binding) = (cx.receiver(), cx.self_binding());
    let output = cx.sig.output_type();
    let field_names = fields
        .iter()
        .flat_map(Field::struct_fields)
        .map(|(name, ..)| name);
    let doc = doc_attrs(&format!(
        " Staged forward pass of [`{function}`]: its value, and the [`{cache}`] that [`{backward}`] needs.",
        backward = cx.doc(&names.backward),
    ));
    let carried = &cx.carried_attrs;
    quote! {
        #doc
        #[inline]
        #[must_use]
        #carried
        #vis fn #forward #generics(#receiver #(#params),*) -> (#output, #cache_ty) {
            #self_binding
            #statements
            (#value, #cache { #(#field_names),* })
        }
    }
}

/// Emits the forward pass of blocks.
struct Forward<'a> {
    cx: &'a Context<'a>,
    plan: &'a Plan,
    fields: &'a [Field],
    /// The blocks of the runs saved so far, in order: where a block's last save is.
    saved_in: std::cell::RefCell<Vec<BlockId>>,
}

impl Forward<'_> {
    /// `block`'s statements after `prefix`; saves recorded since `mark` count as the
    /// prefix's. A block that counts its saved runs counts one after its last save (every
    /// node of a block runs whenever the block does).
    fn block(&self, block: &Block, prefix: TokenStream, mark: usize) -> TokenStream {
        let saved_here = |since: usize| self.saved_in.borrow()[since..].contains(&block.id);
        let mut parts = vec![prefix];
        let mut last = saved_here(mark).then_some(0);
        for node in &block.nodes {
            let since = self.saved_in.borrow().len();
            parts.push(self.node(node));
            if saved_here(since) {
                last = Some(parts.len() - 1);
            }
        }
        let count = match self.plan.at.get(block.id) {
            Some(Some(At::Counter { len: Some(len), .. })) => quote!(#len += 1;),
            Some(Some(At::Trips { trips, .. })) => quote!(#trips += 1;),
            _ => TokenStream::new(),
        };
        if let Some(last) = last {
            parts.insert(last + 1, count);
        }
        parts.into_iter().collect()
    }

    /// Saves `var` when it is saved per run. `fields` are in definition order (sorted
    /// by variable, as `plan.cache`): a binary search.
    fn save(&self, var: VarId) -> TokenStream {
        match self.fields.binary_search_by_key(&var, |field| field.var) {
            Ok(index) => {
                let field = &self.fields[index];
                if field.saved.as_ref().is_some_and(|saved| !saved.once()) {
                    self.saved_in
                        .borrow_mut()
                        .push(self.cx.tape.vars[var].block);
                }
                field.save(&self.cx.tape.vars[var].name)
            }
            Err(_) => TokenStream::new(),
        }
    }

    fn node(&self, node: &Node) -> TokenStream {
        let tape = self.cx.tape;
        let name = |var: VarId| &tape.vars[var].name;
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if !self.plan.needed[gate.out] {
                    return TokenStream::new();
                }
                let stage = stage(self.cx, gate);
                let save = self.save(gate.out);
                let save_cache = match &gate.op {
                    GateOp::Call(call) => self.save(call.cache),
                    _ => TokenStream::new(),
                };
                quote!(#stage #save #save_cache)
            }
            Node::Assign { slot, value } => {
                if !self.plan.needed[*slot] {
                    return TokenStream::new();
                }
                let (slot, value) = (name(*slot), tape.operand_tokens(*value));
                quote!(#slot = #value;)
            }
            Node::Break => quote!(break;),
            Node::If(node) => {
                let merges = node
                    .merges
                    .iter()
                    .filter(|&&slot| self.plan.needed[slot])
                    .map(|&slot| {
                        let slot = name(slot);
                        quote!(let #slot;)
                    });
                let saves: TokenStream = node.merges.iter().map(|&slot| self.save(slot)).collect();
                let cond = tape.operand_tokens(node.cond);
                let mark = self.saved_in.borrow().len();
                let then = self.block(&node.then, TokenStream::new(), mark);
                let els = self.block(&node.els, TokenStream::new(), mark);
                if then.is_empty() && els.is_empty() {
                    return TokenStream::new();
                }
                let els = if els.is_empty() {
                    TokenStream::new()
                } else {
                    quote!(else { #els })
                };
                quote!(#(#merges)* if #cond { #then } #els #saves)
            }
            Node::Loop(node) => self.loop_(node),
        }
    }

    fn loop_(&self, node: &Loop) -> TokenStream {
        let tape = self.cx.tape;
        let carried = node
            .carried
            .iter()
            .filter(|(slot, _)| self.plan.needed[*slot])
            .map(|(slot, init)| {
                let slot = &tape.vars[*slot].name;
                let init = tape.operand_tokens(*init);
                quote!(let mut #slot = #init;)
            });
        let counted = self.plan.cache.contains(&node.trips);
        let trips = &tape.vars[node.trips].name;
        let at = self.plan.at.get(node.body.id).and_then(Option::as_ref);
        let (start, count) = match at {
            // Counted after the body's saves, which are written at `trips`.
            Some(At::Trips { .. }) => (quote!(let mut #trips: usize = 0;), TokenStream::new()),
            _ if counted => (quote!(let mut #trips: usize = 0;), quote!(#trips += 1;)),
            _ => (TokenStream::new(), TokenStream::new()),
        };
        let mark = self.saved_in.borrow().len();
        let head = match &node.head {
            Head::For { index, range, .. } => {
                let (index, save) = match (index, at) {
                    (Some(index), _) => {
                        (tape.vars[*index].name.to_token_stream(), self.save(*index))
                    }
                    (None, Some(At::Index { name, .. })) => {
                        (name.to_token_stream(), TokenStream::new())
                    }
                    (None, _) => (quote!(_), TokenStream::new()),
                };
                let body = self.block(&node.body, quote!(#count #save), mark);
                quote!(for #index in #range { #body })
            }
            Head::Loop => {
                let body = self.block(&node.body, count, mark);
                quote!(loop { #body })
            }
        };
        let save_trips = self.save(node.trips);
        quote!(#(#carried)* #start #head #save_trips)
    }
}

/// `let name = expr;` for one gate, spanned at the user's expression.
pub(crate) fn stage(cx: &Context, gate: &Gate) -> TokenStream {
    let var = &cx.tape.vars[gate.out];
    let name = &var.name;
    let value = match &gate.op {
        GateOp::Passive(tokens, _) => tokens.clone(),
        GateOp::Effect(tokens, _) => return respan(tokens.clone(), gate.span),
        GateOp::Copy(slot) => cx.tape.value_tokens(Operand::Var(*slot)),
        GateOp::Diff(op) => crate::emit::operation::forward_expr(cx, op),
        GateOp::Call(call) => return crate::emit::call_stage::call_stage(cx, gate, call),
        GateOp::Pack(items) => {
            let items: Vec<_> = items
                .iter()
                .map(|item| cx.tape.operand_tokens(*item))
                .collect();
            match cx.tape.row_width(gate.out) {
                Some(width) => {
                    let rows = items.chunks(width).map(|row| quote!([#(#row),*]));
                    quote!([#(#rows),*])
                }
                None => quote!([#(#items),*]),
            }
        }
        GateOp::ArrayGate { gate, args } => {
            let gate = quote::format_ident!("{}", gate.name());
            let args = args.iter().map(|arg| cx.tape.value_tokens(*arg));
            let krate = &cx.krate;
            quote!(#krate::#gate(#(#args),*))
        }
        GateOp::Index {
            array,
            fields,
            indices,
        } => cx
            .tape
            .field_element(&cx.tape.vars[*array].name, fields, indices),
        GateOp::Store {
            array,
            indices,
            value,
            mode,
        } => {
            let element = cx.tape.element(&cx.tape.vars[*array].name, indices);
            let value = cx.tape.operand_tokens(*value);
            let operator = match mode {
                StoreMode::Set => quote!(=),
                StoreMode::Add => quote!(+=),
                StoreMode::Sub => quote!(-=),
                StoreMode::Push => {
                    return respan(
                        quote_spanned!(gate.span=> #element.push(#value);),
                        gate.span,
                    )
                }
            };
            return respan(
                quote_spanned!(gate.span=> #element #operator #value;),
                gate.span,
            );
        }
    };
    let mutable = var.in_place.then(|| quote!(mut));
    let statement = match &var.ty {
        Some(ty) => quote_spanned!(gate.span=> let #mutable #name: #ty = #value;),
        None => quote_spanned!(gate.span=> let #mutable #name = #value;),
    };
    respan(statement, gate.span)
}
