//! `#[differentiate]` on an `impl` block: the methods marked `#[differentiate]`
//! inside it, each read as a free function of its type (`expand.rs` differentiates
//! them). Their fields (`self.w`) are constants, unless the method lists `self` in
//! `wrt(self, ..)`: then the receiver is read as a struct parameter named `self_` (its
//! buffer `d_self`, `emit/context.rs` declares it `&self`); the generated functions are methods
//! too (`model.loss_grad(x)`), in a second `impl` block, and the structs are named
//! after the type (`ModelLossCache`).
//!
//! Input:  `#[differentiate] impl Model { #[differentiate] fn loss(&self, x: f64) -> f64 {..} }`
//! Output: `impl Model { fn loss(..) } struct ModelLossCache {..} struct ModelLossGrad {..}
//!          impl Model { fn loss_forward(&self, x: f64) .. fn loss_grad(&self, x: f64) .. }`

pub(crate) use super::signature::SELF_PARAM;
use crate::error::Errors;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{FnArg, ImplItem, ItemFn, ItemImpl, Meta};

/// For a method: its type's name and its receiver (`&self`), if any.
#[derive(Clone)]
pub(crate) struct Owner {
    pub(crate) name: String,
    pub(crate) receiver: Option<syn::Receiver>,
    /// Whether `wrt(self)` was given: the receiver is the first parameter, named
    /// [`SELF_PARAM`].
    pub(crate) wrt_self: bool,
    /// The generics of the `impl` block (`impl<T: Float> Model<T>`): the method's
    /// free-function view carries them before its own, the generated methods do not
    /// (the second `impl` block declares them).
    pub(crate) impl_generics: syn::Generics,
}

/// A method to differentiate: its attribute's arguments, the method as a free
/// function (without its receiver), and its owner.
pub(crate) struct Method {
    pub(crate) args: TokenStream,
    pub(crate) item: ItemFn,
    pub(crate) owner: Owner,
    /// With `wrt(self)`: a check that the type implements `backprop::Differentiable`,
    /// its error at `self` in `wrt(self)`.
    pub(crate) self_check: TokenStream,
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
    if item.trait_.is_some() {
        errors.push(
            item.impl_token,
            "`#[differentiate]` applies to inherent `impl` blocks (`impl Model { .. }`, `impl<T: Float> Model<T> { .. }`), not to trait impls; differentiate the method in an inherent `impl` and call it from the trait's",
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
    let wrt_self_methods = wrt_self_methods(item);
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
        let wrt_self = wrt_self(&args);
        if let Some(receiver) = &receiver {
            if receiver.reference.is_none() || receiver.mutability.is_some() {
                let message = match &wrt_self {
                    Some(_) => "`wrt(self)` needs a `&self` method: write `fn f(&self, ..)`; the gradient with respect to the fields is added into `d_self: &mut Self`",
                    None => "a differentiated method takes `&self` (its fields are constants); `self` and `&mut self` are not supported",
                };
                errors.push(receiver, message);
                continue;
            }
        }
        if let (None, Some(named)) = (&receiver, &wrt_self) {
            errors.push(named, "`wrt(self)` needs a `&self` method: write `fn f(&self, ..)`; this associated function has no `self`");
            continue;
        }
        let mut sig = method.sig.clone();
        sig.generics = with_impl_generics(&item.generics, &sig.generics);
        let mut self_check = TokenStream::new();
        let as_param = match (&receiver, &wrt_self) {
            (Some(receiver), Some(named)) => {
                // `&self` read as a struct parameter `self_: &Owner` (its buffer is
                // `d_self`); the generated methods take `&self` and bind `self_` to it.
                let self_ty = &item.self_ty;
                let token = receiver.self_token;
                self_check = needs_differentiable(&item.generics, self_ty, named.span());
                // Built by hand: `parse_quote!(self: &Model)` would read a receiver.
                let name = proc_macro2::Ident::new(SELF_PARAM, token.span);
                Some(FnArg::Typed(syn::PatType {
                    attrs: Vec::new(),
                    pat: Box::new(syn::parse_quote!(#name)),
                    colon_token: Default::default(),
                    ty: Box::new(syn::parse_quote!(&#self_ty)),
                }))
            }
            _ => None,
        };
        sig.inputs = sig
            .inputs
            .into_iter()
            .filter_map(|input| match input {
                FnArg::Receiver(_) => as_param.clone(),
                typed => Some(typed),
            })
            .collect();
        let item_fn = ItemFn {
            attrs: Vec::new(),
            vis: method.vis.clone(),
            sig,
            block: Box::new(method.block.clone()),
        };
        let (args, item_fn) = match wrt_self {
            Some(_) => match rename_self(&args, &item_fn, &wrt_self_methods) {
                Some(renamed) => renamed,
                None => continue,
            },
            None => (args, item_fn),
        };
        methods.push(Method {
            args,
            item: item_fn,
            owner: Owner {
                name: owner.clone(),
                receiver,
                wrt_self: wrt_self.is_some(),
                impl_generics: item.generics.clone(),
            },
            self_check,
        });
    }
    Some(methods)
}

/// A check that `self_ty` implements `backprop::Differentiable`, its error at `span`;
/// inside a function with the block's generics for a generic `impl` block.
fn needs_differentiable(
    generics: &syn::Generics,
    self_ty: &syn::Type,
    span: proc_macro2::Span,
) -> TokenStream {
    if generics.params.is_empty() {
        return quote::quote_spanned! {span=>
            const _: fn() = || {
                fn wrt_self_needs_derive_differentiable<T: ::backprop::Differentiable>() {}
                wrt_self_needs_derive_differentiable::<#self_ty>();
            };
        };
    }
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    quote::quote_spanned! {span=>
        const _: () = {
            fn wrt_self_needs_derive_differentiable<T: ::backprop::Differentiable>() {}
            #[allow(dead_code)]
            fn wrt_self_check #impl_generics () #where_clause {
                wrt_self_needs_derive_differentiable::<#self_ty>();
            }
        };
    }
}

/// The generics of a method of `impl<T: Float> Model<T>` read as a free function:
/// the block's parameters, then the method's, and both `where` clauses.
fn with_impl_generics(block: &syn::Generics, method: &syn::Generics) -> syn::Generics {
    let mut generics = block.clone();
    generics.params.extend(method.params.iter().cloned());
    if let Some(clause) = &method.where_clause {
        let predicates = &mut generics.make_where_clause().predicates;
        predicates.extend(clause.predicates.iter().cloned());
    }
    generics
}

/// `self` in `args` and in the body of `item` written [`SELF_PARAM`] (a struct
/// parameter can be a binding and a cache field; `self` cannot).
/// A call of another `wrt(self)` method of the block, `self.m(x)`, becomes a call of a
/// differentiated function with the receiver as its first argument, `Self::m(self_, x)`.
fn rename_self(
    args: &TokenStream,
    item: &ItemFn,
    wrt_self_methods: &[proc_macro2::Ident],
) -> Option<(TokenStream, ItemFn)> {
    let args = rename_tokens(args.clone());
    let block = rename_tokens(item.block.to_token_stream());
    let mut block = syn::parse2(block).ok()?;
    SelfCalls(wrt_self_methods).visit_block_mut(&mut block);
    let item = ItemFn {
        block: Box::new(block),
        ..item.clone()
    };
    Some((args, item))
}

struct SelfCalls<'a>(&'a [proc_macro2::Ident]);

impl VisitMut for SelfCalls<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::MethodCall(call) = expr else {
            return;
        };
        let receiver_is_self = matches!(&*call.receiver, syn::Expr::Path(path)
            if path.qself.is_none() && path.path.is_ident(SELF_PARAM));
        if !receiver_is_self || call.turbofish.is_some() || !self.0.contains(&call.method) {
            return;
        }
        let (method, receiver, args) = (&call.method, &call.receiver, &call.args);
        *expr = syn::parse_quote_spanned!(method.span()=> Self::#method(#receiver, #args));
    }
}

/// The methods of the block marked `#[differentiate(wrt(self, ..))]`.
fn wrt_self_methods(item: &ItemImpl) -> Vec<proc_macro2::Ident> {
    item.items
        .iter()
        .filter_map(|impl_item| match impl_item {
            ImplItem::Fn(method) => Some(method),
            _ => None,
        })
        .filter(|method| {
            method.attrs.iter().any(|attr| {
                is_differentiate(attr.path())
                    && matches!(&attr.meta, Meta::List(list) if wrt_self(&list.tokens).is_some())
            })
        })
        .map(|method| method.sig.ident.clone())
        .collect()
}

fn rename_tokens(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == "self" => {
                TokenTree::Ident(proc_macro2::Ident::new(SELF_PARAM, ident.span()))
            }
            TokenTree::Group(group) => {
                let mut renamed =
                    proc_macro2::Group::new(group.delimiter(), rename_tokens(group.stream()));
                renamed.set_span(group.span());
                TokenTree::Group(renamed)
            }
            other => other,
        })
        .collect()
}

/// The `self` in the method's `wrt(self, ..)`, if listed.
fn wrt_self(args: &TokenStream) -> Option<proc_macro2::Ident> {
    let args = super::args::parse(args.clone()).ok()?;
    args.wrt?.into_iter().find(|name| name == "self")
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
