//! A call of another differentiated function in a forward pass: its `g_forward` (value
//! and cache), after a compile-time check that `g` differentiates every parameter
//! given a differentiated argument.

use crate::emit::context::Context;
use crate::emit::items::respan;
use crate::ir::Gate;
use proc_macro2::TokenStream;
use quote::quote;

/// `let (h, h_cache) = g_forward(args);`, after checking at compile time that `g`
/// differentiates every parameter given a differentiated argument here.
pub(crate) fn call_stage(cx: &Context, gate: &Gate, call: &crate::ir::Call) -> TokenStream {
    let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, cx.self_type()) else {
        return TokenStream::new();
    };
    let forward = callee.item(&callee.names.forward);
    let checks = wrt_check(cx, call);
    let name = &cx.tape.vars[gate.out].name;
    let cache = &cx.tape.vars[call.cache].name;
    let args = call_arguments(cx, call);
    respan(
        quote!(#checks let (#name, #cache) = #forward(#(#args),*);),
        gate.span,
    )
}

/// The arguments as the forward pass passes them: `a`, `&x[1..n]`, `*p`.
pub(crate) fn call_arguments(cx: &Context, call: &crate::ir::Call) -> Vec<TokenStream> {
    call.args
        .iter()
        .zip(&call.views)
        .map(|(arg, view)| match view {
            Some(view) => view.argument(cx.tape),
            None => cx.tape.operand_tokens(*arg),
        })
        .collect()
}

/// `const _: () = assert!(G_WRT[0] && ..);`: the callee of `call` differentiates
/// every parameter given a differentiated argument here (a compile error naming them
/// otherwise).
pub(crate) fn wrt_check(cx: &Context, call: &crate::ir::Call) -> TokenStream {
    let Some(callee) = crate::ir::names::ItemNames::of_path(&call.path, cx.self_type()) else {
        return TokenStream::new();
    };
    let mut wrt = callee.item(&callee.names.wrt);
    // A `const` item cannot name `Self`: name the type itself. In a generic `impl`
    // block the type needs its generics, which a `const` item cannot name either: there
    // the check is an inline `const { .. }` block, which can (checked when the method is
    // instantiated).
    let generic_owner = !cx.sig.impl_generics.params.is_empty();
    if let (Some(first), Some(owner), false) =
        (wrt.segments.first_mut(), cx.self_type(), generic_owner)
    {
        if first.ident == "Self" {
            first.ident = proc_macro2::Ident::new(owner, first.ident.span());
        }
    }
    let assert = |condition: TokenStream, message: &str| match generic_owner {
        true => quote!(const { ::core::assert!(#condition, #message) };),
        false => quote!(
            const _: () = ::core::assert!(#condition, #message);
        ),
    };
    let callee = &call.path;
    let shown = quote!(#callee).to_string().replace(' ', "");
    let positions: Vec<usize> = (0..call.args.len())
        .filter(|&index| cx.tape.is_active(call.args[index]))
        .collect();
    let numbers: Vec<String> = positions
        .iter()
        .map(|index| (index + 1).to_string())
        .collect();
    let message = format!(
        "`{shown}` must be differentiated with respect to its parameter(s) {} (differentiated arguments here): add them to its `#[differentiate(wrt(..))]`",
        numbers.join(", ")
    );
    let indices = positions
        .iter()
        .map(|&index| proc_macro2::Literal::usize_unsuffixed(index));
    let mut checks = if positions.is_empty() {
        TokenStream::new()
    } else {
        assert(quote!(#(#wrt[#indices])&&*), &message)
    };
    // A constant passed by reference gets no buffer: the callee must not want one.
    let constant: Vec<usize> = (0..call.args.len())
        .filter(|&index| {
            !cx.tape.is_active(call.args[index])
                && call.views[index]
                    .as_ref()
                    .is_some_and(|view| view.by_ref && view.is_slice(cx.tape))
        })
        .collect();
    if !constant.is_empty() {
        let numbers: Vec<String> = constant
            .iter()
            .map(|index| (index + 1).to_string())
            .collect();
        let message = format!(
            "`{shown}` differentiates its slice parameter(s) {}, given a constant here: leave them out of its `#[differentiate(wrt(..))]`, or take a fixed-size array (`&[f64; N]`)",
            numbers.join(", ")
        );
        let indices = constant
            .iter()
            .map(|&index| proc_macro2::Literal::usize_unsuffixed(index));
        checks.extend(assert(quote!(#(!#wrt[#indices])&&*), &message));
    }
    checks
}
