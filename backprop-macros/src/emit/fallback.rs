//! Output after an error: the `compile_error!`s, the function exactly as written, and
//! stubs of every generated item with the right signatures, so that code calling
//! `f_grad` sees the real error and not a pile of "cannot find function" ones.

use crate::ir::names::ItemNames;
use crate::parse::signature::{Role, Signature};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::ItemFn;

/// The error output for `item`; stubs only if its signature could be read.
pub(crate) fn expand(item: &ItemFn, sig: Option<&Signature>, errors: TokenStream) -> TokenStream {
    let Some(sig) = sig else {
        return quote!(#errors #item);
    };
    let vis = &item.vis;
    let names = ItemNames::new(&item.sig.ident);
    let ItemNames {
        cache,
        grad,
        forward,
        backward,
        value_and_grad,
        pullback,
        wrt,
        jvp,
        tangent,
        hvp,
        hessian,
        circuit,
    } = &names;
    let (parts, differentiated) = crate::emit::items::pullback_parts(sig);
    let count = differentiated.len();
    let float = sig.float.ident();
    let output = sig.output_type();
    let seed = sig.seed_type();
    let params: Vec<TokenStream> = sig.grouped(
        sig.params
            .iter()
            .map(|param| (param.name.to_token_stream(), param.ty.to_token_stream()))
            .collect(),
    );
    let fields: Vec<TokenStream> = sig
        .params
        .iter()
        .filter(|param| param.role == Role::Differentiated && !param.slice)
        .map(|param| {
            let name = &param.name;
            let ty = crate::emit::items::gradient_type(param, &float);
            quote!(#name: #ty)
        })
        .collect();
    // A differentiated slice has no field: its gradient goes into a buffer `d_<name>`.
    let buffers: Vec<TokenStream> = sig
        .params
        .iter()
        .filter(|param| param.has_buffer())
        .map(|param| {
            let buffer = quote::format_ident!("d_{}", param.name);
            match &param.ty {
                syn::Type::Reference(reference) => {
                    let elem = &reference.elem;
                    quote!(#buffer: &mut #elem)
                }
                ty => quote!(#buffer: &mut #ty),
            }
        })
        .collect();
    let value_and_grad_stub = if sig.is_scalar() {
        quote! {
            #[allow(missing_docs, unused_variables)]
            #vis fn #value_and_grad(#(#params,)* #(#buffers),*) -> (#float, #grad) { ::core::unreachable!() }
        }
    } else if sig.array_output.is_some() || sig.struct_output.is_some() || sig.has_buffers() {
        proc_macro2::TokenStream::new()
    } else {
        let jacobian = quote::format_ident!("{}_jacobian", item.sig.ident);
        let size = proc_macro2::Literal::usize_unsuffixed(sig.outputs);
        quote! {
            #[allow(missing_docs, unused_variables)]
            #vis fn #jacobian(#(#params),*) -> (#output, [#grad; #size]) { ::core::unreachable!() }
        }
    };
    let call_protocol = quote! {
        #[allow(missing_docs, unused_variables)]
        #vis fn #pullback(cache: &#cache, d_out: #seed #(, #buffers)*) -> (#(#parts,)*) { ::core::unreachable!() }
        #[allow(missing_docs)]
        #vis const #wrt: [bool; #count] = [#(#differentiated),*];
    };
    // The forward mode's tangents: one per differentiated parameter, of its type.
    let jvp_stub = sig.jvp.then(|| {
        let tangents = sig
            .params
            .iter()
            .filter(|param| param.role == Role::Differentiated)
            .map(|param| {
                let (name, ty) = (quote::format_ident!("t_{}", param.name), &param.ty);
                quote!(#name: #ty)
            });
        let all = crate::emit::jvp_protocol::protocol_tangents(sig)
            .into_iter()
            .map(|ty| quote!(_: #ty));
        quote! {
            #[allow(missing_docs, unused_variables)]
            #vis fn #jvp(#(#params,)* #(#tangents),*) -> (#output, #output) { ::core::unreachable!() }
            #[allow(missing_docs, unused_variables)]
            #vis fn #tangent(#(#params,)* #(#all),*) -> (#output, #output) { ::core::unreachable!() }
        }
    });
    let hessian_stub = (sig.hessian && sig.is_scalar()).then(|| {
        quote! {
            #[allow(missing_docs, unused_variables, clippy::too_many_arguments)]
            #vis fn #hvp(#(#params,)* #(#buffers,)* v: &[#float], hv: &mut [#float]) -> (#float, #grad) { ::core::unreachable!() }
            #[allow(missing_docs, unused_variables, clippy::too_many_arguments)]
            #vis fn #hessian(#(#params,)* #(#buffers,)* h: &mut [#float]) -> (#float, #grad) { ::core::unreachable!() }
        }
    });
    let circuit_stub = sig.circuit.then(|| {
        let krate = crate::ir::names::backprop_crate();
        quote! {
            #[allow(missing_docs, unused_variables)]
            #vis fn #circuit(#(#params),*) -> ::#krate::Circuit { ::core::unreachable!() }
        }
    });
    let stubs = crate::emit::Generated {
        structs: quote! {
            #[allow(missing_docs)]
            #vis struct #cache {}
            #[allow(missing_docs)]
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq)]
            #vis struct #grad { #(pub #fields,)* }
        },
        fns: quote! {
            #[allow(missing_docs, unused_variables)]
            #vis fn #forward(#(#params),*) -> (#output, #cache) { ::core::unreachable!() }
            #[allow(missing_docs, unused_variables)]
            #vis fn #backward(cache: &#cache, d_out: #seed, #(#buffers),*) -> #grad { ::core::unreachable!() }
            #value_and_grad_stub
            #call_protocol
            #jvp_stub
            #hessian_stub
            #circuit_stub
        },
    };
    let crate::emit::Generated { structs, fns } = crate::emit::generic::stubs(sig, &names, stubs);
    quote! {
        #errors
        #item
        #structs
        #fns
    }
}
