//! Emission of the gradient struct and the value-and-gradient entry point.

use crate::emit::context::Context;
use crate::emit::forward::ForwardBody;
use crate::parse::signature::Role;
use crate::plan::adjoints::BackwardNames;
use proc_macro2::Ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `FGrad`: one field per differentiated parameter, `Default` all zeros.
pub(crate) fn grad_struct(cx: &Context) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let grad = &names.grad;
    let float = cx.float();
    let differentiated: Vec<_> = cx
        .sig
        .params
        .iter()
        .filter(|param| param.role == Role::Differentiated && !param.slice)
        .collect();
    let fields = differentiated.iter().map(|param| {
        let name = &param.name;
        let doc = format!(" `∂{function}/∂{name}`");
        let ty = gradient_type(param, &float);
        quote!(#[doc = #doc] pub #name: #ty)
    });
    let zeros = differentiated.iter().map(|param| {
        let name = &param.name;
        let zero = zero_of(param, &cx.krate);
        quote!(#name: #zero)
    });
    let doc = doc_attrs(&format!(
        " Gradient of [`{function}`]: one field per differentiated parameter, named after it.\n\n `Default` is all zeros."
    ));
    let attrs = &cx.struct_attrs;
    // Floats derive `Default` (0.0); arrays of any size need the impl (std derives
    // `Default` for arrays of up to 32 only).
    if differentiated.iter().all(|param| param.dims == 0) {
        return quote! {
            #doc
            #attrs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::default::Default)]
            #vis struct #grad { #(#fields,)* }
        };
    }
    quote! {
        #doc
        #attrs
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq)]
        #vis struct #grad { #(#fields,)* }

        #attrs
        impl ::core::default::Default for #grad {
            fn default() -> Self {
                #grad { #(#zeros),* }
            }
        }
    }
}

/// `f_grad`: the forward pass's statements, then the backward pass's, in one body
/// seeded with `d_out = 1`: the same code as `f_forward` + `f_backward`, but the
/// saved values stay local variables instead of moving through the cache struct, and
/// loops fuse with their reversals where that is safe (`fuse.rs`).
pub(crate) fn value_and_grad_fn(
    cx: &Context,
    forward: ForwardBody,
    backward: TokenStream,
    seed: &Ident,
    buffers: &[TokenStream],
    stacks: &[Ident],
) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let (value_and_grad, grad) = (&names.value_and_grad, &names.grad);
    let float = cx.float();
    // A callee's cache that borrows arguments names their lifetime in the body.
    let (generics, params) = if crate::ir::views::borrows(cx.tape) {
        (cx.cache_generics(), cx.forward_params())
    } else {
        (TokenStream::new(), cx.params())
    };
    let ForwardBody { statements, value } = forward;
    let receiver = cx.receiver();
    let self_binding = cx.self_binding();
    let carried = &cx.carried_attrs;
    // The buffers add arguments the user's function does not have.
    let allow = (!buffers.is_empty()).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let seed = quote!(let #seed: #float = 1.0;);
    // Loops whose reversal can run beside them become one sweep.
    let fused = crate::emit::fuse::fused_body(&statements, &seed, &backward, &value, stacks);
    let sweep = match fused {
        Some(_) => " A loop whose reversal only adds into gradients runs it in the same sweep.",
        None => "",
    };
    let doc = doc_attrs(&format!(
        " Value and gradient of [`{function}`] in one call (`d_out = 1`): the statements of\n [`{}`] and then of [`{}`], fused so the saved values never move.{sweep}",
        cx.doc(&names.forward), cx.doc(&names.backward)
    ));
    let body = match fused {
        Some(fused) => finish_backward(cx, fused),
        None => {
            let backward = finish_backward(cx, backward);
            quote!(#statements #seed (#value, { #backward }))
        }
    };
    quote! {
        #doc
        #[inline]
        #[must_use]
        #allow
        #carried
        #vis fn #value_and_grad #generics(#receiver #(#params,)* #(#buffers),*) -> (#float, #grad) {
            #self_binding
            #body
        }
    }
}

/// `text` as doc attributes, one per line, so `cargo expand` shows `///` lines.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.split('\n');
    quote!(#(#[doc = #lines])*)
}

/// `tokens` located at `span`, so that a type error in generated code points at the
/// user's expression it came from, not at the attribute. They keep the macro's
/// hygiene, so lints still see generated code (and leave it alone).
pub(crate) fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    let span = proc_macro2::Span::call_site().located_at(span);
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

/// The types of `f_pullback`'s tuple: the float for a differentiated parameter, `()`
/// for the others; and whether each is differentiated.
pub(crate) fn pullback_parts(
    sig: &crate::parse::signature::Signature,
) -> (Vec<TokenStream>, Vec<bool>) {
    let float = sig.float.ident();
    sig.params
        .iter()
        .map(|param| {
            // A `_` float parameter takes differentiated arguments too: its share is 0.
            let differentiated = param.role == Role::Differentiated || zero_share(param);
            let ty = if differentiated && !param.has_buffer() {
                gradient_type(param, &float)
            } else {
                quote!(())
            };
            (ty, differentiated)
        })
        .unzip()
}

/// `f_pullback` and `F_WRT`: how a function calling `f` differentiates through it.
/// A reference parameter's share is added into the caller's buffer, passed after
/// `d_out` (`&mut d_x[a..b]`): its tuple entry is `()`.
pub(crate) fn call_protocol(cx: &Context, backward_names: &BackwardNames) -> TokenStream {
    // A buffer for every reference parameter, differentiated or not, so that callers
    // pass one per reference argument (a scratch for a constant).
    let buffer_names = backward_names.buffers.iter().map(|(_, name)| name);
    let buffered: Vec<_> = cx
        .sig
        .params
        .iter()
        .filter(|param| param.has_buffer())
        .collect();
    let buffers = cx
        .sig
        .params
        .iter()
        .filter(|param| param.slice)
        .map(|param| {
            let elem = match &param.ty {
                syn::Type::Reference(reference) => &*reference.elem,
                ty => ty,
            };
            let position = buffered
                .iter()
                .position(|buffered| buffered.name == param.name);
            match position.and_then(|position| backward_names.buffers.get(position)) {
                Some((_, buffer)) => quote!(#buffer: &mut #elem),
                None => {
                    let unused = quote::format_ident!("_d_{}", param.name);
                    quote!(#unused: &mut #elem)
                }
            }
        });
    let cache_ty = cx.cache_ref_type();
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let (pullback, backward, _, wrt) = (&names.pullback, &names.backward, &names.cache, &names.wrt);
    let (types, differentiated) = pullback_parts(cx.sig);
    let count = proc_macro2::Literal::usize_unsuffixed(differentiated.len());
    let parts = cx.sig.params.iter().map(|param| {
        let name = &param.name;
        if param.has_buffer() {
            quote!(())
        } else if param.role == Role::Differentiated {
            quote!(grad.#name)
        } else if zero_share(param) {
            zero_of(param, &cx.krate)
        } else {
            quote!(())
        }
    });
    let call_backward = cx.cache_call(backward);
    // All in buffers: the gradient struct is empty.
    let backward_call = if cx
        .sig
        .params
        .iter()
        .any(|param| param.role == Role::Differentiated && !param.has_buffer())
    {
        quote!(let grad = #call_backward(cache, d_out #(, #buffer_names)*);)
    } else {
        quote!(#call_backward(cache, d_out #(, #buffer_names)*);)
    };
    let backward_doc_name = cx.doc(backward);
    let receiver = cx.cache_receiver();
    let seed = cx.sig.seed_type();
    let pullback_doc = doc_attrs(&format!(
        " [`{backward_doc_name}`] as a tuple with one entry per parameter of [`{function}`] (`()` for one\n that is not differentiated): what a `#[differentiate]` function calling `{function}` uses."
    ));
    let wrt_doc = doc_attrs(&format!(
        " Which parameters of [`{function}`] are differentiated, in order: functions calling it check\n at compile time that each argument they differentiate is."
    ));
    let carried = &cx.carried_attrs;
    // With buffers the tuple may be all `()`: the caller need not use it.
    let must_use = (!cx.sig.has_buffers()).then(|| quote!(#[must_use]));
    quote! {
        #pullback_doc
        #[inline]
        #must_use
        #carried
        #vis fn #pullback(#receiver cache: &#cache_ty, d_out: #seed #(, #buffers)*) -> (#(#types,)*) {
            #backward_call
            (#(#parts,)*)
        }
        #wrt_doc
        #vis const #wrt: [bool; #count] = [#(#differentiated),*];
    }
}

/// `f_jacobian`, for a function returning a tuple of `n` values: the values and one
/// gradient per value (the rows of the Jacobian), by one forward pass and `n`
/// backward passes seeded with the unit tuples.
pub(crate) fn jacobian_fn(cx: &Context) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let (forward, backward, grad) = (
        cx.call(&names.forward),
        cx.cache_call(&names.backward),
        &names.grad,
    );
    let jacobian = quote::format_ident!(
        "{}_jacobian",
        names.forward.to_string().trim_end_matches("_forward")
    );
    let (output, params, receiver) = (cx.sig.output_type(), cx.params(), cx.receiver());
    let count = cx.sig.outputs;
    let args = cx.args();
    let seeds = (0..count).map(|row| {
        let parts = (0..count).map(|column| {
            proc_macro2::Literal::f64_unsuffixed(if row == column { 1.0 } else { 0.0 })
        });
        quote!(#backward(&cache, (#(#parts,)*)))
    });
    let size = proc_macro2::Literal::usize_unsuffixed(count);
    let doc = doc_attrs(&format!(
        " Values and Jacobian of [`{function}`]: row `i` is the gradient of its `i`-th value\n (one forward pass, {count} backward passes)."
    ));
    let carried = &cx.carried_attrs;
    quote! {
        #doc
        #[inline]
        #[must_use]
        #carried
        #vis fn #jacobian(#receiver #(#params),*) -> (#output, [#grad; #size]) {
            let (value, cache) = #forward(#(#args),*);
            (value, [#(#seeds),*])
        }
    }
}

/// The last rewrites of backward statements: adjoint arrays filled once
/// (`array_fill.rs`), and carried adjoints preaccumulated (`preaccumulate.rs`, for a
/// concrete float: its unit is written `1.0`).
pub(crate) fn finish_backward(cx: &Context, statements: TokenStream) -> TokenStream {
    let filled = crate::emit::array_fill::filled(statements);
    match cx.sig.float {
        crate::parse::signature::Float::Generic(_) => filled,
        _ => crate::emit::preaccumulate::carried(filled),
    }
}

/// The type of a parameter's gradient: the float, or the array parameter's own type.
pub(crate) fn gradient_type(param: &crate::parse::signature::Param, float: &Ident) -> TokenStream {
    if param.dims > 0 {
        let ty = &param.ty;
        quote!(#ty)
    } else {
        quote!(#float)
    }
}

/// Whether a parameter's share of a caller's gradient is zero though the caller may
/// differentiate its argument: a float `_` parameter, which the body cannot read.
fn zero_share(param: &crate::parse::signature::Param) -> bool {
    param.unnamed && param.role == Role::FloatConstant && !param.slice
}

/// A parameter's zero gradient: `0.0`, or an array of zeros of any size.
pub(crate) fn zero_of(param: &crate::parse::signature::Param, krate: &TokenStream) -> TokenStream {
    if param.dims > 0 {
        quote!(#krate::__private::Zero::zero())
    } else {
        quote!(0.0)
    }
}

/// The backward pass's doc: one line saying what it computes.
pub(crate) fn backward_doc(cx: &Context, plan: &crate::plan::Plan) -> String {
    let function = &cx.function;
    let zero = if plan.pullbacks.values().all(Vec::is_empty) {
        " No stage depends on a differentiated parameter: the gradient is zero."
    } else {
        ""
    };
    format!(
        " Backward pass of [`{function}`]: the gradient of `d_out * {function}` at the point the cache was saved at\n (a vector-Jacobian product), the chain rule over the forward stages in reverse.{zero}"
    )
}
