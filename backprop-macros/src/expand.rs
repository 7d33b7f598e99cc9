//! The pipeline, one line per stage: parse, check, lower, plan, emit.

use crate::activity::{self, Plan};
use crate::emit_backward::{backward_fn, BackwardNames};
use crate::emit_forward::{cache_struct, forward_fn};
use crate::emit_items::{grad_struct, value_and_grad_fn};
use crate::error::Errors;
use crate::input::{self, Signature};
use crate::ir::{Tape, VarId};
use crate::names::{ItemNames, Namer};
use crate::{args, fallback, lower};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};
use syn::{Item, ItemFn, Visibility};

/// `#[differentiate(args)] item` -> the item and its generated companions, or the
/// item, its errors and stubs. Never panics.
pub(crate) fn differentiate(args: TokenStream, item: TokenStream) -> TokenStream {
    let item_fn = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(item_fn)) => item_fn,
        Ok(other) => {
            let error = syn::Error::new_spanned(
                item_kind_span(&other),
                "`#[differentiate]` applies to free functions (`fn f(x: f64) -> f64 { .. }`)",
            );
            let error = error.to_compile_error();
            return quote!(#error #other);
        }
        Err(error) => {
            let error = error.to_compile_error();
            return quote!(#error #item);
        }
    };
    let mut errors = Errors::default();
    let args = args::parse(args).unwrap_or_else(|error| {
        errors.add(error);
        args::Args::default()
    });
    let sig = input::check(&item_fn, &args, &mut errors);
    let Some(sig) = sig.filter(|_| errors.is_empty()) else {
        return fallback_output(&item_fn, None, errors);
    };
    let namer = Namer::new(item_fn.to_token_stream());
    let mut body = item_fn.clone();
    crate::jumps::rewrite(&mut body.block, &namer);
    let (tape, namer) = lower::lower(&body, &sig, namer, &mut errors);
    if !errors.is_empty() {
        return fallback_output(&item_fn, Some(&sig), errors);
    }
    let plan = activity::plan(&tape);
    let mut cx = Context::new(&item_fn, &sig, &tape, namer);
    emit(&mut cx, &plan)
}

fn fallback_output(item: &ItemFn, sig: Option<&Signature>, errors: Errors) -> TokenStream {
    fallback::expand(item, sig, errors.into_compile_errors().unwrap_or_default())
}

fn emit(cx: &mut Context, plan: &Plan) -> TokenStream {
    let backward_names = BackwardNames::new(cx, plan);
    let fields = crate::layout::layout(cx, plan);
    let item = cx.item;
    let cache = cache_struct(cx, &fields);
    let grad = grad_struct(cx);
    let forward = forward_fn(cx, plan, &fields);
    let backward = backward_fn(cx, plan, &backward_names, &fields);
    let fused_backward = crate::emit_backward::backward_body(cx, plan, &backward_names, &fields);
    let fused_forward = crate::emit_forward::forward_body(cx, plan, &fields);
    let value_and_grad = value_and_grad_fn(cx, fused_forward, fused_backward, &backward_names.seed);
    let protocol = crate::emit_items::call_protocol(cx);
    quote!(#item #cache #grad #forward #backward #value_and_grad #protocol)
}

/// Everything the emitters share.
pub(crate) struct Context<'a> {
    pub(crate) item: &'a ItemFn,
    pub(crate) sig: &'a Signature,
    pub(crate) tape: &'a Tape,
    pub(crate) namer: Namer,
    pub(crate) vis: &'a Visibility,
    pub(crate) names: ItemNames,
    /// The user's function name.
    pub(crate) function: Ident,
}

impl<'a> Context<'a> {
    fn new(item: &'a ItemFn, sig: &'a Signature, tape: &'a Tape, namer: Namer) -> Self {
        Context {
            item,
            sig,
            tape,
            namer,
            vis: &item.vis,
            names: ItemNames::new(&item.sig.ident),
            function: item.sig.ident.clone(),
        }
    }

    /// The function's float type.
    pub(crate) fn float(&self) -> Ident {
        self.sig.float.ident()
    }

    /// The parameters as `name: Type` (without the user's `mut`).
    pub(crate) fn params(&self) -> Vec<TokenStream> {
        self.sig
            .params
            .iter()
            .map(|param| {
                let (name, ty) = (&param.name, &param.ty);
                quote!(#name: #ty)
            })
            .collect()
    }

    /// The type of a cached variable: declared, an `i32` `powi` exponent, or the float.
    pub(crate) fn var_type(&self, var: VarId) -> TokenStream {
        match &self.tape.vars[var].ty {
            Some(ty) => ty.to_token_stream(),
            None if self.tape.is_powi_exponent(var) => quote!(i32),
            None => self.float().to_token_stream(),
        }
    }
}

fn item_kind_span(item: &Item) -> TokenStream {
    match item {
        Item::Struct(item) => item.struct_token.to_token_stream(),
        Item::Enum(item) => item.enum_token.to_token_stream(),
        Item::Impl(item) => item.impl_token.to_token_stream(),
        Item::Mod(item) => item.mod_token.to_token_stream(),
        Item::Trait(item) => item.trait_token.to_token_stream(),
        Item::Const(item) => item.const_token.to_token_stream(),
        Item::Static(item) => item.static_token.to_token_stream(),
        other => other.to_token_stream(),
    }
}
