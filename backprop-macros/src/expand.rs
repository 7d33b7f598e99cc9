//! The pipeline, one line per stage: parse, check, lower, plan, emit.

use crate::emit::context::Context;
use crate::emit::{self, fallback, Generated};
use crate::error::Errors;
use crate::ir::names::Namer;
use crate::lower;
use crate::parse::args;
use crate::parse::methods::{self, Owner};
use crate::parse::signature::{self, Signature};
use crate::plan;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::{Item, ItemFn, ItemImpl};

/// `#[differentiate(args)] item` -> the item and its generated companions, or the
/// item, its errors and stubs. Never panics.
pub(crate) fn differentiate(args: TokenStream, item: TokenStream) -> TokenStream {
    // Before syn builds a tree of the tokens: its passes are recursive.
    if let Err(error) = crate::parse::depth::check(&item) {
        let error = error.to_compile_error();
        return quote!(#error #item);
    }
    let item_fn = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(item_fn)) => item_fn,
        Ok(Item::Impl(item_impl)) => return expand_impl(args, item_impl),
        Ok(other) => {
            let error = syn::Error::new_spanned(
                item_kind_span(&other),
                "`#[differentiate]` applies to functions (`fn f(x: f64) -> f64 { .. }`) and to `impl` blocks whose methods are marked with it",
            );
            let error = error.to_compile_error();
            return quote!(#error #other);
        }
        Err(error) => {
            let error = error.to_compile_error();
            return quote!(#error #item);
        }
    };
    match differentiate_each_cfg(args, &item_fn, None) {
        Ok(Generated { structs, fns }) => quote!(#item_fn #structs #fns),
        Err(failure) => fallback::expand(&item_fn, failure.sig.as_ref(), failure.errors),
    }
}

/// [`differentiate`], timed: prints ``backprop: expanded `f` (N stages) in 1.234 ms``
/// to stderr (`lib.rs`, `BACKPROP_TIME_EXPANSION`).
pub(crate) fn differentiate_timed(args: TokenStream, item: TokenStream) -> TokenStream {
    let name = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(item_fn)) => item_fn.sig.ident.to_string(),
        Ok(Item::Impl(item_impl)) => item_impl.self_ty.to_token_stream().to_string(),
        _ => String::from("?"),
    };
    STAGES.with(|stages| stages.set(0));
    let start = std::time::Instant::now();
    let output = differentiate(args, item);
    let elapsed = start.elapsed().as_secs_f64() * 1e3;
    let stages = STAGES.with(std::cell::Cell::get);
    eprintln!("backprop: expanded `{name}` ({stages} stages) in {elapsed:.3} ms");
    output
}

thread_local! {
    /// Gates lowered by the current expansion, for [`differentiate_timed`].
    static STAGES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Why a function could not be differentiated.
pub(crate) struct Failure {
    /// The errors, as `compile_error!`s.
    pub(crate) errors: TokenStream,
    /// The signature, when it could be read (for stubs).
    pub(crate) sig: Option<Signature>,
}

/// `#[differentiate] impl T { .. }`: the block with each marked method's generated
/// structs after it and its generated functions in a second `impl T` block.
fn expand_impl(args: TokenStream, mut item: ItemImpl) -> TokenStream {
    let mut errors = Errors::default();
    let Some(methods) = methods::methods(&args, &mut item, &mut errors) else {
        let errors = errors.into_compile_errors();
        return quote!(#errors #item);
    };
    let mut generated = Vec::new();
    let mut method_errors = TokenStream::new();
    for method in methods {
        method_errors.extend(method.self_check);
        match differentiate_each_cfg(method.args, &method.item, Some(method.owner)) {
            Ok(items) => generated.push(items),
            Err(failure) => method_errors.extend(failure.errors),
        }
    }
    if generated.is_empty() && errors.is_empty() && method_errors.is_empty() {
        errors.push(
            &item.self_ty,
            "mark the methods to differentiate with `#[differentiate]` inside this `impl` block",
        );
    }
    let errors = errors.into_compile_errors();
    let self_ty = &item.self_ty;
    let (impl_generics, _, where_clause) = item.generics.split_for_impl();
    let structs = generated.iter().map(|items| &items.structs);
    let fns = generated.iter().map(|items: &Generated| &items.fns);
    quote! {
        #errors
        #method_errors
        #item
        #(#structs)*
        impl #impl_generics #self_ty #where_clause {
            #(#fns)*
        }
    }
}

/// [`differentiate_fn`] once per combination of the `#[cfg]` conditions inside
/// `item_fn` (`parse/cfg.rs`), each copy's items under its condition; a copy that fails
/// reports its errors under its condition too (with stubs, for a free function).
fn differentiate_each_cfg(
    args: TokenStream,
    item_fn: &ItemFn,
    owner: Option<Owner>,
) -> Result<Generated, Box<Failure>> {
    let variants = match crate::parse::cfg::variants(item_fn) {
        Ok(None) => return differentiate_fn(args, item_fn, owner),
        Ok(Some(variants)) => variants,
        Err(error) => {
            let errors = error.to_compile_error();
            return Err(Box::new(Failure { errors, sig: None }));
        }
    };
    let (mut structs, mut fns) = (TokenStream::new(), TokenStream::new());
    for variant in variants {
        let owner = owner.clone();
        let method = owner.is_some();
        let (ident, cfg) = (&variant.item.sig.ident, &variant.predicate);
        match differentiate_fn(args.clone(), &variant.item, owner) {
            Ok(generated) => {
                structs.extend(emit::variants::under_cfg(generated.structs, cfg, None));
                fns.extend(emit::variants::under_cfg(generated.fns, cfg, None));
            }
            Err(failure) if method => {
                structs.extend(emit::variants::under_cfg(failure.errors, cfg, None));
            }
            Err(failure) => {
                let stubs = fallback::expand(&variant.item, failure.sig.as_ref(), failure.errors);
                structs.extend(emit::variants::under_cfg(stubs, cfg, Some(ident)));
            }
        }
    }
    Ok(Generated { structs, fns })
}

/// Runs the stages on `item_fn` (a method without its receiver, given `owner`).
/// On error: the errors as `compile_error!`s, and the signature if it could be read.
pub(crate) fn differentiate_fn(
    args: TokenStream,
    item_fn: &ItemFn,
    owner: Option<Owner>,
) -> Result<Generated, Box<Failure>> {
    let mut errors = Errors::default();
    let args = args::parse(args).unwrap_or_else(|error| {
        errors.add(error);
        args::Args::default()
    });
    let (flat_fn, tuple_params) = crate::parse::tuple_params::flatten(item_fn);
    let item_fn = &flat_fn;
    let sig = signature::check(item_fn, &args, &mut errors).map(|mut sig| {
        sig.tuple_params = tuple_params;
        sig
    });
    let Some(mut sig) = sig.filter(|_| errors.is_empty()) else {
        let errors = errors.into_compile_errors().unwrap_or_default();
        return Err(Box::new(Failure { errors, sig: None }));
    };
    if let Some(owner) = owner {
        sig.owner = Some(owner.name);
        sig.receiver = owner.receiver;
        sig.wrt_self = owner.wrt_self;
        sig.impl_generics = owner.impl_generics;
    }
    let namer = Namer::new(item_fn.to_token_stream());
    let generic_body = match &sig.float {
        signature::Float::Generic(float) => {
            let floats: Vec<_> = sig
                .params
                .iter()
                .filter(|param| param.role != signature::Role::Constant)
                .map(|param| param.name.clone())
                .collect();
            Some(lower::generic_consts::constants(
                item_fn,
                float,
                &floats,
                &mut errors,
            ))
        }
        _ => None,
    };
    let item_fn = generic_body.as_ref().unwrap_or(item_fn);
    let (tape, mut namer) = lower::lower(item_fn, &sig, namer, &mut errors);
    if !errors.is_empty() {
        let errors = errors.into_compile_errors().unwrap_or_default();
        return Err(Box::new(Failure {
            errors,
            sig: Some(sig),
        }));
    }
    STAGES.with(|stages| stages.set(stages.get() + tape.gates.len()));
    let plan = plan::plan(&tape, &sig, &mut namer);
    let cx = Context::new(item_fn, &sig, &tape);
    let mut generated = emit::emit(&cx, &plan);
    // `f_hvp` is a function of its own: its names need only avoid the user's and the
    // staged values'.
    let mut hvp_namer = Namer::new(item_fn.to_token_stream());
    match emit::hvp::hessian_fns(&cx, &plan, &mut hvp_namer) {
        Ok(hessian) if sig.float.is_generic() => {
            let hessian = emit::generic_blank::blanks(hessian, &cx.krate);
            generated.fns.extend(hessian);
        }
        Ok(hessian) => generated.fns.extend(hessian),
        Err(error) => {
            return Err(Box::new(Failure {
                errors: error.to_compile_error(),
                sig: Some(sig),
            }))
        }
    }
    // The generics of a generic function on every item, its constants in `T`.
    let mut generated = emit::generic::with_generics(&cx, generated);
    let circuit = args
        .circuit
        .as_ref()
        .map(|option| emit::circuit::circuit_fn(&cx, &plan, &mut namer, option));
    match circuit {
        Some(Ok(circuit)) => generated.fns.extend(circuit),
        Some(Err(error)) => {
            return Err(Box::new(Failure {
                errors: error.to_compile_error(),
                sig: Some(sig),
            }))
        }
        None => {}
    }
    Ok(generated)
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
