//! `#[differentiate]` on an `impl` block: each method marked `#[differentiate]` inside
//! it is differentiated like a free function. Its fields (`self.w`) are constants;
//! the generated functions are methods too (`model.loss_grad(x)`), in a second `impl`
//! block, and the structs are named after the type (`ModelLossCache`).
//!
//! Input:  `#[differentiate] impl Model { #[differentiate] fn loss(&self, x: f64) -> f64 {..} }`
//! Output: `impl Model { fn loss(..) } struct ModelLossCache {..} struct ModelLossGrad {..}
//!          impl Model { fn loss_forward(&self, x: f64) .. fn loss_grad(&self, x: f64) .. }`

use crate::error::Errors;
use crate::expand::{differentiate_fn, Generated, Owner};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{FnArg, ImplItem, ItemFn, ItemImpl, Meta};

/// Expands the `impl` block `item`.
pub(crate) fn expand_impl(args: TokenStream, mut item: ItemImpl) -> TokenStream {
    let mut errors = Errors::default();
    let mut method_errors = TokenStream::new();
    if !args.is_empty() {
        errors.push(
            &args,
            "put `wrt(..)` on each method: `#[differentiate(wrt(x))] fn f(&self, x: f64, ..)`",
        );
    }
    if item.trait_.is_some() || !item.generics.params.is_empty() {
        errors.push(
            item.impl_token,
            "`#[differentiate]` applies to inherent `impl` blocks of a type without generics",
        );
    }
    let owner = match &*item.self_ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string()),
        _ => None,
    };
    let Some(owner) = owner.filter(|_| errors.is_empty()) else {
        if errors.is_empty() {
            errors.push(
                &item.self_ty,
                "`#[differentiate]` applies to `impl` blocks of a named type",
            );
        }
        let errors = errors.into_compile_errors();
        return quote!(#errors #item);
    };
    let mut generated = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let Some(position) = method
            .attrs
            .iter()
            .position(|attr| attr.path().is_ident("differentiate"))
        else {
            continue;
        };
        let attr = method.attrs.remove(position);
        let args = match attr.meta {
            Meta::Path(_) => TokenStream::new(),
            Meta::List(list) => list.tokens,
            Meta::NameValue(value) => {
                errors.push(
                    value,
                    "expected `#[differentiate]` or `#[differentiate(wrt(x, y))]`",
                );
                continue;
            }
        };
        let receiver = method.sig.receiver().cloned();
        if let Some(receiver) = &receiver {
            if receiver.reference.is_none() || receiver.mutability.is_some() {
                errors.push(receiver, "a differentiated method takes `&self` (its fields are constants); `self` and `&mut self` are not supported");
                continue;
            }
        }
        let mut sig = method.sig.clone();
        sig.inputs = sig
            .inputs
            .into_iter()
            .filter(|input| !matches!(input, FnArg::Receiver(_)))
            .collect();
        let item_fn = ItemFn {
            attrs: Vec::new(),
            vis: method.vis.clone(),
            sig,
            block: Box::new(method.block.clone()),
        };
        let owner = Owner {
            name: owner.clone(),
            receiver,
        };
        match differentiate_fn(args, &item_fn, Some(owner)) {
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
    let structs = generated.iter().map(|items| &items.structs);
    let fns = generated.iter().map(|items: &Generated| &items.fns);
    quote! {
        #errors
        #method_errors
        #item
        #(#structs)*
        impl #self_ty {
            #(#fns)*
        }
    }
}
