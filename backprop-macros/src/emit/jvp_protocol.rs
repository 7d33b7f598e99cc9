//! `f_tangent`, the forward mode's calling protocol: `f_jvp` with a tangent for every
//! parameter (`()` for a constant one), so that a caller need not know which
//! parameters `f` differentiates.

use crate::emit::context::Context;
use crate::emit::items::doc_attrs;
use crate::emit::jvp::Tangent;
use crate::ir::VarId;
use crate::parse::signature::{Param, Role, Signature};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// The tangent types of `f_tangent`'s parameters: the parameter's type for a
/// differentiated one, `()` for a constant one.
pub(crate) fn protocol_tangents(sig: &Signature) -> Vec<TokenStream> {
    sig.params
        .iter()
        .map(|param| match param.role {
            Role::Differentiated => param.ty.to_token_stream(),
            _ => quote!(()),
        })
        .collect()
}

/// `f_tangent`: `f_jvp` with a tangent for every parameter, so that a caller need not
/// know which ones `f` differentiates (`wrt`'s check tells it at compile time).
pub(crate) fn tangent_protocol_fn(
    cx: &Context,
    emitter: &Tangent,
    differentiated: &[(&Param, VarId)],
) -> TokenStream {
    let (tangent, jvp) = (&cx.names.tangent, cx.call(&cx.names.jvp));
    let params = cx.params();
    let args = cx.args();
    let types = protocol_tangents(cx.sig);
    let tangents = cx.tape.params.iter().zip(types).map(|(&var, ty)| {
        match differentiated
            .iter()
            .any(|&(_, differentiated)| differentiated == var)
        {
            true => {
                let name = emitter.tangent(var);
                quote!(#name: #ty)
            }
            false => quote!(_: #ty),
        }
    });
    let forwarded = differentiated.iter().map(|&(_, var)| emitter.tangent(var));
    let (vis, carried, receiver) = (cx.vis, &cx.carried_attrs, cx.receiver());
    let output = cx.sig.output_type();
    let doc = doc_attrs(&format!(
        " [`{}`] with a tangent for every parameter (`()` for a constant one): how differentiated functions that call [`{}`] run its forward mode.",
        cx.doc(&cx.names.jvp),
        cx.function,
    ));
    quote! {
        #doc
        #[inline]
        #[must_use]
        #[allow(clippy::too_many_arguments)]
        #carried
        #vis fn #tangent(#receiver #(#params,)* #(#tangents),*) -> (#output, #output) {
            #jvp(#(#args,)* #(#forwarded),*)
        }
    }
}
