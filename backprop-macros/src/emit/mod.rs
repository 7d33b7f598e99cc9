//! Emit: the generated items, from the tape and its plan.
//!
//! `forward.rs` the forward pass and the cache (`operation.rs`: one operation as the
//! user writes it), `backward.rs` (with `node.rs`, `arrays.rs`, `shared.rs`,
//! `render.rs`) the backward pass, `items.rs` the gradient struct, value-and-gradient
//! and the call protocol (`fuse.rs`, with `fuse_names.rs` and `fuse_invariant.rs`: `f_grad`'s loops fused with
//! their reversals), `circuit.rs` (with `circuit_gate.rs`, `gate_label.rs`) the
//! picture of one run, `fallback.rs` stubs after errors. `tidy.rs` (with
//! `tidy_scan.rs`, `tidy_rename.rs`, `tidy_inline.rs`, `tidy_dead.rs`,
//! `tidy_names.rs`) edits the emitted `f_forward`, `f_backward` and `f_grad` for the
//! reader: copies folded away, the user's names back, nothing that does nothing.

pub(crate) mod array_fill;
pub(crate) mod arrays;
pub(crate) mod backward;
pub(crate) mod body_items;
pub(crate) mod call_pullback;
pub(crate) mod call_stage;
pub(crate) mod carry;
pub(crate) mod circuit;
pub(crate) mod circuit_gate;
pub(crate) mod context;
pub(crate) mod fallback;
pub(crate) mod forward;
pub(crate) mod fuse;
pub(crate) mod fuse_invariant;
pub(crate) mod fuse_names;
pub(crate) mod gate_label;
pub(crate) mod generic;
pub(crate) mod generic_blank;
pub(crate) mod generic_params;
pub(crate) mod hvp;
pub(crate) mod hvp_forward;
pub(crate) mod hvp_protocol;
pub(crate) mod hvp_sweep;
pub(crate) mod items;
pub(crate) mod jvp;
pub(crate) mod jvp_protocol;
pub(crate) mod node;
pub(crate) mod operation;
pub(crate) mod preaccumulate;
pub(crate) mod render;
pub(crate) mod saved;
pub(crate) mod shared;
pub(crate) mod tangent_terms;
pub(crate) mod tidy;
pub(crate) mod tidy_dead;
pub(crate) mod tidy_inline;
pub(crate) mod tidy_names;
pub(crate) mod tidy_rename;
pub(crate) mod tidy_scan;
pub(crate) mod variants;

use crate::plan::indexing::At;
use crate::plan::Plan;
use backward::backward_fn;
use context::Context;
use forward::{cache_struct, forward_fn};
use items::{grad_struct, value_and_grad_fn};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// What differentiating one function generates: the structs (module level) and the
/// functions (beside the function: in its `impl` block for a method).
pub(crate) struct Generated {
    pub(crate) structs: TokenStream,
    pub(crate) fns: TokenStream,
}

/// The generated items of the planned function.
pub(crate) fn emit(cx: &Context, plan: &Plan) -> Generated {
    let (backward_names, fields) = (&plan.names, &plan.fields);
    let cache = cache_struct(cx, fields);
    let grad = grad_struct(cx);
    // Each body is built once: `f_grad` fuses the same statements.
    let forward_body = forward::forward_body(cx, plan, fields);
    let backward_body = backward::backward_body(cx, plan, backward_names, fields);
    let forward = forward_fn(cx, forward_body.clone(), fields);
    let filled = items::finish_backward(cx, backward_body.clone());
    let backward = backward_fn(cx, plan, backward_names, fields, filled);
    let value_and_grad = if cx.sig.is_scalar() {
        let buffers = cx.buffer_params(backward_names);
        let stacks: Vec<Ident> = fields
            .iter()
            .filter(|field| {
                field
                    .saved
                    .as_ref()
                    .is_some_and(|saved| matches!(saved.at, Some(At::Index { .. })))
            })
            .map(|field| field.name.clone())
            .collect();
        value_and_grad_fn(
            cx,
            forward_body,
            backward_body,
            &backward_names.seed,
            &buffers,
            &stacks,
        )
    } else if cx.sig.tuple && cx.sig.struct_output.is_none() && !cx.sig.has_buffers() {
        items::jacobian_fn(cx)
    } else {
        // An array's vector-Jacobian product is `f_backward` with any seed.
        TokenStream::new()
    };
    let forward = tidy::tidy(forward, &cx.user_names);
    let backward = tidy::tidy(backward, &cx.user_names);
    let value_and_grad = tidy::tidy(value_and_grad, &cx.user_names);
    let protocol = items::call_protocol(cx, backward_names);
    let jvp = jvp::jvp_fn(cx, plan);
    // `expand.rs` adds the generics of a generic function (`generic.rs`) once the
    // `hessian` functions are in.
    Generated {
        structs: quote!(#cache #grad),
        fns: quote!(#forward #backward #value_and_grad #protocol #jvp),
    }
}
