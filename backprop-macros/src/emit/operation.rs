//! A differentiable operation as the forward pass writes it, the way the user would:
//! `a + b`, `a.exp()`, `f64::exp(2.0)`, `backprop::sigmoid(a)`, `(a as f32) as f64`.

use crate::emit::context::Context;
use crate::ir::ops::{Op, Unary};
use crate::ir::Operand;
use proc_macro2::TokenStream;
use quote::quote;

/// The operation as the user would write it: `a + b`, `a.exp()`, `sigmoid(a)`.
pub(crate) fn forward_expr(cx: &Context, op: &Op<Operand>) -> TokenStream {
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
            let krate = &cx.krate;
            quote!(#krate::#gate(#a))
        }
        Op::Unary(Unary::ViaF32, a) => {
            let a = tokens(a);
            quote!((#a as f32) as #float)
        }
        Op::Unary(unary, a) => method_call(unary.name(), a, Vec::new()),
        Op::Binary(binary, a, b) if binary.is_infix() => {
            let operator: TokenStream = binary.name().parse().unwrap_or_default();
            let (a, b) = (tokens(a), tokens(b));
            quote!(#a #operator #b)
        }
        Op::Binary(binary, a, b) if binary.is_gate() => {
            let gate = quote::format_ident!("{}", binary.name());
            let (a, b) = (tokens(a), tokens(b));
            let krate = &cx.krate;
            quote!(#krate::#gate(#a, #b))
        }
        Op::Binary(binary, a, b) => method_call(binary.name(), a, vec![tokens(b)]),
        Op::Ternary(ternary, a, b, c) => method_call(ternary.name(), a, vec![tokens(b), tokens(c)]),
    }
}
