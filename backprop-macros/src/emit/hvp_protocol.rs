//! The second-order calling protocol: how a function with `hessian` that calls `g`
//! runs `g`'s forward-over-reverse. `g_hvp_tangent(args.., t_args..) -> (value,
//! tangent)` is the forward pass (a tangent for every parameter, `()` for a constant
//! one, as in `g_tangent`); `g_hvp_pullback(args.., t_args.., d_out, t_d_out) ->
//! (shares, tangents of the shares)` reruns it and sweeps back from the seed `d_out`
//! and its tangent. The caller's sweep adds each share into its argument's adjoint.

use crate::emit::context::Context;
use crate::emit::hvp::Second;
use crate::emit::items::{doc_attrs, pullback_parts, respan};
use crate::emit::jvp_protocol::protocol_tangents;
use crate::ir::{Call, Gate, Operand};
use crate::parse::signature::Role;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

impl Second<'_> {
    /// The tangent parameters of the protocol: `t_x: f64` for a differentiated
    /// parameter, `_: ()` for a constant one.
    fn protocol_tangents(&self) -> Vec<TokenStream> {
        let cx = self.cx;
        cx.tape
            .params
            .iter()
            .zip(protocol_tangents(cx.sig))
            .zip(&cx.sig.params)
            .map(
                |((&var, ty), param)| match param.role == Role::Differentiated {
                    true => {
                        let t = self.t(var);
                        quote!(#t: #ty)
                    }
                    false => quote!(_: #ty),
                },
            )
            .collect()
    }

    /// `f_hvp_tangent` and `f_hvp_pullback`, for a function without buffers.
    pub(crate) fn protocol(
        &self,
        forward: &TokenStream,
        sweep: &TokenStream,
        seed: &(Ident, Ident),
    ) -> TokenStream {
        let cx = self.cx;
        if cx.sig.has_buffers() {
            return TokenStream::new();
        }
        let names = &cx.names;
        let (tangent_fn, pullback_fn) = protocol_names(cx);
        let float = cx.float();
        let params = cx.params();
        let tangents = self.protocol_tangents();
        let items = crate::emit::body_items::forward(cx);
        let value = cx.tape.operand_tokens(cx.tape.ret);
        let t_value = match cx.tape.ret.var().filter(|&var| self.active(var)) {
            Some(var) => self.t(var).to_token_stream(),
            None => quote!(0.0),
        };
        let (parts, _) = pullback_parts(cx.sig);
        let krate = &cx.krate;
        let (shares, t_shares): (Vec<TokenStream>, Vec<TokenStream>) = cx
            .sig
            .params
            .iter()
            .zip(&cx.tape.params)
            .zip(pullback_parts(cx.sig).1)
            .map(|((param, &var), part)| {
                if !part {
                    (quote!(()), quote!(()))
                } else if param.role == Role::Differentiated && self.active(var) {
                    (
                        self.d(var).to_token_stream(),
                        self.t_d(var).to_token_stream(),
                    )
                } else {
                    let zero = quote!(#krate::__private::Zero::zero());
                    (zero.clone(), zero)
                }
            })
            .unzip();
        let (d_seed, t_d_seed) = seed;
        let (vis, carried, receiver) = (cx.vis, &cx.carried_attrs, cx.receiver());
        let tangent_doc = doc_attrs(&format!(
            " The forward pass of [`{}`] with a tangent for every parameter (`()` for a constant one): how functions with `hessian` that call [`{}`] run it.",
            cx.doc(&names.hvp),
            cx.function,
        ));
        let pullback_doc = doc_attrs(&format!(
            " The reverse sweep of [`{}`] from the seed `{d_seed}` and its tangent `{t_d_seed}`: each parameter's share of the adjoint and that share's tangent (`()` for a constant parameter), for functions with `hessian` that call [`{}`].",
            cx.doc(&names.hvp),
            cx.function,
        ));
        quote! {
            #tangent_doc
            #[doc(hidden)]
            #[inline]
            #[allow(clippy::too_many_arguments, unused_mut, unused_variables, unused_assignments)]
            #carried
            #vis fn #tangent_fn(#receiver #(#params,)* #(#tangents),*) -> (#float, #float) {
                #items
                #forward
                (#value, #t_value)
            }

            #pullback_doc
            #[doc(hidden)]
            #[inline]
            #[allow(clippy::too_many_arguments, clippy::type_complexity, unused_mut, unused_variables, unused_assignments)]
            #carried
            #vis fn #pullback_fn(#receiver #(#params,)* #(#tangents,)* #d_seed: #float, #t_d_seed: #float) -> ((#(#parts,)*), (#(#parts,)*)) {
                #items
                #forward
                #sweep
                ((#(#shares,)*), (#(#t_shares,)*))
            }
        }
    }

    /// The forward statement of a call: `let (h, t_h) = g_hvp_tangent(args.., t_args..);`
    /// (after the check that `g` differentiates the arguments that vary).
    pub(crate) fn call_forward(&self, gate: &Gate, call: &Call) -> TokenStream {
        let tape = self.cx.tape;
        let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, self.cx.self_type())
        else {
            return TokenStream::new();
        };
        let check = crate::emit::call_stage::wrt_check(self.cx, call);
        let path = callee.item(&format_protocol(&callee.names.hvp, "tangent"));
        let args = call.args.iter().map(|arg| tape.operand_tokens(*arg));
        let tangents = call.args.iter().map(|arg| self.argument_tangent(*arg));
        let name = &tape.vars[gate.out].name;
        let t = self.t(gate.out);
        let statement = match self.active(gate.out) {
            true => quote!(#check let (#name, #t) = #path(#(#args,)* #(#tangents),*);),
            false => quote!(let (#name, _) = #path(#(#args,)* #(#tangents),*);),
        };
        respan(statement, gate.span)
    }

    /// The sweep of a call: `g_hvp_pullback` from `d_h` and `t_d_h`, each share added
    /// into its argument's adjoint (element by element for an array).
    pub(crate) fn call_sweep(&self, gate: &Gate, call: &Call) -> TokenStream {
        let tape = self.cx.tape;
        let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, self.cx.self_type())
        else {
            return TokenStream::new();
        };
        let path = callee.item(&format_protocol(&callee.names.hvp, "pullback"));
        let args = call.args.iter().map(|arg| tape.operand_tokens(*arg));
        let tangents = call.args.iter().map(|arg| self.argument_tangent(*arg));
        let (d_out, t_d_out) = (self.d(gate.out), self.t_d(gate.out));
        let krate = &self.cx.krate;
        let adds = call.args.iter().enumerate().filter_map(|(index, arg)| {
            let var = arg.var().filter(|&var| self.active(var))?;
            let index = syn::Index::from(index);
            let (d, t_d) = (self.d(var), self.t_d(var));
            Some(match tape.vars[var].dims {
                0 => quote!(#d += share.#index; #t_d += t_share.#index;),
                _ => quote! {
                    #krate::__private::Accumulate::accumulate(&mut #d, &share.#index);
                    #krate::__private::Accumulate::accumulate(&mut #t_d, &t_share.#index);
                },
            })
        });
        respan(
            quote! {{
                let (share, t_share) = #path(#(#args,)* #(#tangents,)* #d_out, #t_d_out);
                #(#adds)*
            }},
            gate.span,
        )
    }

    /// An argument's tangent: `t_a`, or zero of the parameter's tangent type.
    fn argument_tangent(&self, arg: Operand) -> TokenStream {
        match arg.var().filter(|&var| self.active(var)) {
            Some(var) => self.t(var).to_token_stream(),
            None => {
                let krate = &self.cx.krate;
                quote!(#krate::__private::Zero::zero())
            }
        }
    }
}

/// The protocol's names: `f_hvp_tangent`, `f_hvp_pullback`.
fn protocol_names(cx: &Context) -> (Ident, Ident) {
    (
        format_protocol(&cx.names.hvp, "tangent"),
        format_protocol(&cx.names.hvp, "pullback"),
    )
}

fn format_protocol(hvp: &Ident, suffix: &str) -> Ident {
    quote::format_ident!("{}_{}", hvp, suffix)
}
