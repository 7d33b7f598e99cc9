//! Emission of the staged forward pass and of the cache struct it fills.
//!
//! Output: `fn f_forward(x: f64, y: f64) -> (f64, FCache) { let sigy = ..; ..;
//! (f, FCache { sigy, invden, .. }) }`

use crate::activity::Plan;
use crate::emit_items::{doc_attrs, respan};
use crate::expand::Context;
use crate::ir::{Gate, GateOp, Operand, VarId};
use crate::ops::Op;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

/// The cache struct: one field per value the backward pass reads.
pub(crate) fn cache_struct(cx: &Context, plan: &Plan) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let cache = &names.cache;
    let fields = plan.cache.iter().map(|&var| {
        let name = &cx.tape.vars[var].name;
        let ty = cx.var_type(var);
        let doc = field_doc(cx, var);
        quote!(#[doc = #doc] pub #name: #ty)
    });
    let doc = doc_attrs(&format!(
        " Intermediates of [`{function}`] saved by [`{forward}`] for [`{backward}`]: the values its local gradients read.",
        forward = names.forward,
        backward = names.backward,
    ));
    quote! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        #vis struct #cache { #(#fields,)* }
    }
}

fn field_doc(cx: &Context, var: VarId) -> String {
    let tape = cx.tape;
    let name = &tape.vars[var].name;
    match tape.gates.iter().find(|gate| gate.out == var) {
        Some(gate) => format!(" `{name} = {}`", tape.describe(gate)),
        None => format!(" The parameter `{name}`."),
    }
}

/// The staged forward pass.
pub(crate) fn forward_fn(cx: &Context, plan: &Plan) -> TokenStream {
    let Context {
        vis,
        names,
        function,
        ..
    } = cx;
    let (forward, cache) = (&names.forward, &names.cache);
    let params = cx.params();
    let float = cx.float();
    let items = &cx.tape.items;
    let stages = cx
        .tape
        .gates
        .iter()
        .filter(|gate| plan.needed[gate.out])
        .map(|gate| stage(cx, gate));
    let value = cx.tape.operand_tokens(cx.tape.ret);
    // A parameter the value does not depend on is still a parameter: say it is unused.
    let unused = cx
        .tape
        .params
        .iter()
        .filter(|&&param| !plan.needed[param])
        .map(|&param| &cx.tape.vars[param].name);
    let fields = plan.cache.iter().map(|&var| &cx.tape.vars[var].name);
    let doc = doc_attrs(&format!(
        " Staged forward pass of [`{function}`]: its value, and the [`{cache}`] that [`{backward}`] needs.",
        backward = names.backward,
    ));
    quote! {
        #doc
        #[inline]
        #[must_use]
        #vis fn #forward(#(#params),*) -> (#float, #cache) {
            #(#items)*
            #(let _ = #unused;)*
            #(#stages)*
            (#value, #cache { #(#fields),* })
        }
    }
}

/// `let name = expr;` for one gate, spanned at the user's expression.
fn stage(cx: &Context, gate: &Gate) -> TokenStream {
    let var = &cx.tape.vars[gate.out];
    let name = &var.name;
    let value = match &gate.op {
        GateOp::Passive(tokens, _) => tokens.clone(),
        GateOp::Diff(op) => forward_expr(cx, op),
    };
    let statement = match &var.ty {
        Some(ty) => quote_spanned!(gate.span=> let #name: #ty = #value;),
        None => quote_spanned!(gate.span=> let #name = #value;),
    };
    respan(statement, gate.span)
}

/// The operation as the user would write it: `a + b`, `a.exp()`, `sigmoid(a)`.
fn forward_expr(cx: &Context, op: &Op<Operand>) -> TokenStream {
    let tape = cx.tape;
    let float = cx.float();
    let tokens = |operand: &Operand| tape.operand_tokens(*operand);
    let method_call = |name: &str, receiver: &Operand, args: Vec<TokenStream>| {
        let method = quote::format_ident!("{}", name);
        let receiver_tokens = tokens(receiver);
        match receiver {
            Operand::Var(_) => quote!(#receiver_tokens.#method(#(#args),*)),
            Operand::Lit(_) => quote!(#float::#method(#receiver_tokens #(, #args)*)),
        }
    };
    match op {
        Op::Neg(a) => {
            let a = tokens(a);
            quote!(-#a)
        }
        Op::Unary(unary, a) if unary.is_gate() => {
            let gate = quote::format_ident!("{}", unary.name());
            let a = tokens(a);
            quote!(::backprop::#gate(#a))
        }
        Op::Unary(unary, a) => method_call(unary.name(), a, Vec::new()),
        Op::Binary(binary, a, b) if binary.is_infix() => {
            let operator: TokenStream = binary.name().parse().unwrap_or_default();
            let (a, b) = (tokens(a), tokens(b));
            quote!(#a #operator #b)
        }
        Op::Binary(binary, a, b) => method_call(binary.name(), a, vec![tokens(b)]),
        Op::Ternary(ternary, a, b, c) => method_call(ternary.name(), a, vec![tokens(b), tokens(c)]),
    }
}
