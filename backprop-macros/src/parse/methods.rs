//! `#[differentiate]` on an `impl` block: the methods marked `#[differentiate]`
//! inside it, each read as a free function of its type (`expand.rs` differentiates
//! them). Their fields (`self.w`) are constants; the generated functions are methods
//! too (`model.loss_grad(x)`), in a second `impl` block, and the structs are named
//! after the type (`ModelLossCache`).
//!
//! Input:  `#[differentiate] impl Model { #[differentiate] fn loss(&self, x: f64) -> f64 {..} }`
//! Output: `impl Model { fn loss(..) } struct ModelLossCache {..} struct ModelLossGrad {..}
//!          impl Model { fn loss_forward(&self, x: f64) .. fn loss_grad(&self, x: f64) .. }`

use crate::error::Errors;
use proc_macro2::TokenStream;
use syn::{FnArg, ImplItem, ItemFn, ItemImpl, Meta};

/// For a method: its type's name and its receiver (`&self`), if any.
pub(crate) struct Owner {
    pub(crate) name: String,
    pub(crate) receiver: Option<syn::Receiver>,
}

/// A method to differentiate: its attribute's arguments, the method as a free
/// function (without its receiver), and its owner.
pub(crate) struct Method {
    pub(crate) args: TokenStream,
    pub(crate) item: ItemFn,
    pub(crate) owner: Owner,
}

/// The methods of `item` marked `#[differentiate]`, their attributes removed from
/// `item`; `None` when the block itself cannot be differentiated (the errors say why).
pub(crate) fn methods(
    args: &TokenStream,
    item: &mut ItemImpl,
    errors: &mut Errors,
) -> Option<Vec<Method>> {
    if !args.is_empty() {
        errors.push(
            args,
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
        return None;
    };
    let mut methods = Vec::new();
    for impl_item in &mut item.items {
        let ImplItem::Fn(method) = impl_item else {
            continue;
        };
        let Some(position) = method
            .attrs
            .iter()
            .position(|attr| is_differentiate(attr.path()))
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
        methods.push(Method {
            args,
            item: item_fn,
            owner: Owner {
                name: owner.clone(),
                receiver,
            },
        });
    }
    Some(methods)
}

/// Whether `path` names the attribute: `differentiate`, `backprop::differentiate` or
/// `::backprop::differentiate`.
fn is_differentiate(path: &syn::Path) -> bool {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    match segments.as_slice() {
        [name] => path.leading_colon.is_none() && name == "differentiate",
        [krate, name] => krate == "backprop" && name == "differentiate",
        _ => false,
    }
}
