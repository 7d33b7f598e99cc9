//! The generated items of a generic function (`fn f<T: Float, const N: usize>`) carry
//! its generics, and their constants are written in `T`.
//!
//! Input: `struct FCache { x: T }`, `fn f_forward(x: T) -> (T, FCache) { .. 2.0 * x .. }`
//! Output: `struct FCache<T: Float> { x: T }`,
//! `fn f_forward<T: Float>(x: T) -> (T, FCache<T>) { .. lit::<T>(2.0) * x .. }`
//!
//! The emitters write the items as for `f64`; this pass adds the generics to each item
//! and to each mention of the generated structs' types, and turns each float literal
//! the emitters wrote into the float type (`0.0` is `T::zero()`, `1.0` is `T::one()`,
//! others `lit::<T>(v)`, which is `v` after inlining at `f64`). Float literals of the
//! user's own code are suffixed before lowering (`lower/generic_consts.rs`), so every
//! unsuffixed one is the emitters'.

use crate::emit::context::Context;
use crate::emit::generic_params::{add_generics, own_generics, struct_generics, Both};
use crate::emit::Generated;
use crate::ir::names::ItemNames;
use crate::parse::signature::Signature;
use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::visit_mut::VisitMut;
use syn::{GenericArgument, GenericParam, Generics, PathArguments};

/// `generated` with the function's generics; unchanged for a function without any.
pub(crate) fn with_generics(cx: &Context, generated: Generated) -> Generated {
    let own = [cx.names.cache.clone(), cx.names.grad.clone()];
    let float = cx.sig.float.is_generic().then(|| cx.float());
    let own_generics = own_generics(cx.sig);
    let generics = Both {
        all: &cx.sig.generics,
        fns: &own_generics,
    };
    items(&generics, float, &own, &cx.krate, generated)
}

/// The stubs of a generic function after an error (`fallback.rs`), with its generics.
pub(crate) fn stubs(sig: &Signature, names: &ItemNames, stubs: Generated) -> Generated {
    let own = [names.cache.clone(), names.grad.clone()];
    let float = sig.float.is_generic().then(|| sig.float.ident());
    let krate = crate::ir::names::backprop_crate();
    let own_generics = own_generics(sig);
    let generics = Both {
        all: &sig.generics,
        fns: &own_generics,
    };
    items(&generics, float, &own, &quote!(::#krate), stubs)
}

/// The generated structs and functions with `generics`, `own` (the generated
/// structs) written with their arguments, and float literals in `float`.
fn items(
    generics: &Both,
    float: Option<Ident>,
    own: &[Ident],
    krate: &TokenStream,
    generated: Generated,
) -> Generated {
    if generics.all.params.is_empty() && generics.all.where_clause.is_none() {
        return generated;
    }
    let structs = syn::parse2::<syn::File>(generated.structs.clone());
    let fns_tokens = &generated.fns;
    let fns = syn::parse2::<syn::ItemImpl>(quote!(impl __Generated { #fns_tokens }));
    let (Ok(mut structs), Ok(mut fns)) = (structs, fns) else {
        return generated;
    };
    let mut pass = Generic {
        generics: generics.all,
        own: own.to_vec(),
        float,
        krate: krate.clone(),
    };
    let unused: Vec<Ident> = structs
        .items
        .iter_mut()
        .filter_map(|item| pass.item(item))
        .collect();
    let mut structs_out = TokenStream::new();
    for item in &structs.items {
        item.to_tokens(&mut structs_out);
    }
    let mut fns_out = TokenStream::new();
    for item in &mut fns.items {
        if let syn::ImplItem::Fn(function) = item {
            add_generics(&mut function.sig.generics, generics.fns);
            pass.visit_impl_item_fn_mut(function);
            Marker { structs: &unused }.visit_impl_item_fn_mut(function);
        }
        item.to_tokens(&mut fns_out);
    }
    Generated {
        structs: structs_out,
        fns: fns_out,
    }
}

struct Generic<'a> {
    generics: &'a Generics,
    /// The generated structs, whose types take the generics.
    own: Vec<Ident>,
    /// The float type parameter, when the float type is one.
    float: Option<Ident>,
    krate: TokenStream,
}

impl Generic<'_> {
    /// Adds the generics to a struct or an impl; returns the name of a struct that
    /// mentions no type parameter of the function (it gets a marker field).
    fn item(&mut self, item: &mut syn::Item) -> Option<Ident> {
        match item {
            syn::Item::Struct(item) => {
                item.generics = struct_generics(&item.generics, self.generics, self.float.as_ref());
                self.visit_fields_mut(&mut item.fields);
                let types = self.type_params();
                if types.is_empty() || mentions(item.fields.to_token_stream(), &types) {
                    return None;
                }
                if let syn::Fields::Named(fields) = &mut item.fields {
                    let doc = " Marks the float type: no field holds one.";
                    fields.named.push(syn::parse_quote! {
                        #[doc = #doc]
                        pub _float: ::core::marker::PhantomData<(#(#types,)*)>
                    });
                }
                Some(item.ident.clone())
            }
            syn::Item::Impl(item) => {
                add_generics(&mut item.generics, self.generics);
                self.visit_item_impl_mut(item);
                None
            }
            _ => None,
        }
    }

    fn type_params(&self) -> Vec<Ident> {
        self.generics
            .type_params()
            .map(|param| param.ident.clone())
            .collect()
    }

    /// The arguments naming the function's generics: `T, N`.
    fn arguments(&self) -> Vec<GenericArgument> {
        self.generics
            .params
            .iter()
            .filter_map(|param| match param {
                GenericParam::Type(ty) => {
                    let ident = &ty.ident;
                    Some(syn::parse_quote!(#ident))
                }
                GenericParam::Const(constant) => {
                    let ident = &constant.ident;
                    Some(syn::parse_quote!(#ident))
                }
                GenericParam::Lifetime(_) => None,
            })
            .collect()
    }

    /// The element type of a `__private::Runs<E, { .. }>` whose element or length
    /// names a parameter of the function.
    fn generic_runs(&self, ty: &syn::TypePath) -> Option<syn::Type> {
        let last = ty.path.segments.last()?;
        let private = ty
            .path
            .segments
            .iter()
            .any(|segment| segment.ident == "__private");
        if !private || last.ident != "Runs" {
            return None;
        }
        let PathArguments::AngleBracketed(arguments) = &last.arguments else {
            return None;
        };
        let names: Vec<Ident> = self
            .generics
            .params
            .iter()
            .filter_map(|param| match param {
                GenericParam::Type(ty) => Some(ty.ident.clone()),
                GenericParam::Const(constant) => Some(constant.ident.clone()),
                GenericParam::Lifetime(_) => None,
            })
            .collect();
        if !mentions(arguments.to_token_stream(), &names) {
            return None;
        }
        match arguments.args.first()? {
            GenericArgument::Type(elem) => Some(elem.clone()),
            _ => None,
        }
    }

    /// A float literal in the float type.
    fn literal(&self, float: &Ident, value: &syn::LitFloat) -> syn::Expr {
        let krate = &self.krate;
        match value.base10_parse::<f64>() {
            Ok(0.0) => syn::parse_quote!(#float::zero()),
            Ok(1.0) => syn::parse_quote!(#float::one()),
            _ => syn::parse_quote!(#krate::__private::lit::<#float>(#value)),
        }
    }

    /// Float literals inside a macro's tokens (`vec![0.0; n]`).
    fn macro_tokens(&self, float: &Ident, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Literal(literal) => {
                    match syn::parse2::<syn::LitFloat>(literal.to_token_stream()) {
                        Ok(value) if value.suffix().is_empty() => {
                            self.literal(float, &value).to_token_stream()
                        }
                        _ => literal.to_token_stream(),
                    }
                }
                TokenTree::Group(group) => {
                    let mut inner = proc_macro2::Group::new(
                        group.delimiter(),
                        self.macro_tokens(float, group.stream()),
                    );
                    inner.set_span(group.span());
                    inner.to_token_stream()
                }
                other => other.to_token_stream(),
            })
            .collect()
    }
}

impl VisitMut for Generic<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, ty);
        // `Runs<T, { inline_len::<T>(N, ..) }>` sizes its array by a generic
        // expression, which stable Rust does not allow (and `Runs` needs `T: Default`,
        // which `Float` does not give): the runs of such a loop go in a `Vec`.
        if let Some(elem) = self.generic_runs(ty) {
            *ty = syn::parse_quote!(::std::vec::Vec<#elem>);
            return;
        }
        if ty.qself.is_some() || ty.path.segments.len() != 1 {
            return;
        }
        let Some(last) = ty.path.segments.last_mut() else {
            return;
        };
        if !self.own.contains(&last.ident) {
            return;
        }
        let mut arguments: Vec<GenericArgument> = match &last.arguments {
            PathArguments::AngleBracketed(existing) => existing.args.iter().cloned().collect(),
            _ => Vec::new(),
        };
        arguments.extend(self.arguments());
        last.arguments = PathArguments::AngleBracketed(syn::parse_quote!(<#(#arguments),*>));
    }

    // `Zero` and `Accumulate` are implemented for `f32` and `f64` by name: a generic
    // float's zeros and sums are `ZeroOf` and `AccumulateOf` (backprop-core's
    // `generic.rs` says why).
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        if self.float.is_none() {
            return;
        }
        let private = path
            .segments
            .iter()
            .position(|segment| segment.ident == "__private");
        let Some(at) = private else { return };
        let renames = [
            ("Zero", "ZeroOf", "zero_of"),
            ("Accumulate", "AccumulateOf", "accumulate_of"),
        ];
        let Some(&(_, trait_name, method)) = path
            .segments
            .get(at + 1)
            .and_then(|segment| renames.iter().find(|(old, ..)| segment.ident == old))
        else {
            return;
        };
        let span = path.segments[at + 1].ident.span();
        path.segments[at + 1].ident = Ident::new(trait_name, span);
        if let Some(function) = path.segments.get_mut(at + 2) {
            function.ident = Ident::new(method, span);
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        let Some(float) = self.float.clone() else {
            syn::visit_mut::visit_expr_mut(self, expr);
            return;
        };
        match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Float(value),
                ..
            }) if value.suffix().is_empty() => *expr = self.literal(&float, value),
            syn::Expr::Macro(call) => {
                call.mac.tokens = self.macro_tokens(&float, call.mac.tokens.clone());
            }
            // `Float` has no `AddAssign`: `d_x += g` is `d_x = d_x + g`; a count
            // (`n += 1`) keeps its `+=`.
            syn::Expr::Binary(binary)
                if compound(&binary.op).is_some() && !is_integer(&binary.right) =>
            {
                syn::visit_mut::visit_expr_binary_mut(self, binary);
                if let Some(op) = compound(&binary.op) {
                    let (left, right) = (&binary.left, &binary.right);
                    // `d_x -= a + b` is `d_x = d_x - (a + b)`.
                    let loose = match &**right {
                        syn::Expr::Binary(inner) => {
                            let outer: syn::BinOp = syn::parse_quote!(#op);
                            crate::emit::tidy_rename::precedence(&inner.op)
                                <= crate::emit::tidy_rename::precedence(&outer)
                        }
                        syn::Expr::Cast(_) | syn::Expr::Range(_) => true,
                        _ => false,
                    };
                    *expr = if loose {
                        syn::parse_quote!(#left = #left #op (#right))
                    } else {
                        syn::parse_quote!(#left = #left #op #right)
                    };
                }
            }
            _ => syn::visit_mut::visit_expr_mut(self, expr),
        }
    }
}

/// Whether `expr` is an integer literal.
fn is_integer(expr: &syn::Expr) -> bool {
    matches!(
        expr,
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(_),
            ..
        })
    )
}

/// The operator of a compound assignment: `+` of `+=`.
fn compound(op: &syn::BinOp) -> Option<TokenStream> {
    match op {
        syn::BinOp::AddAssign(_) => Some(quote!(+)),
        syn::BinOp::SubAssign(_) => Some(quote!(-)),
        syn::BinOp::MulAssign(_) => Some(quote!(*)),
        syn::BinOp::DivAssign(_) => Some(quote!(/)),
        _ => None,
    }
}

/// Gives each literal of a struct with a marker field the marker.
struct Marker<'a> {
    structs: &'a [Ident],
}

impl VisitMut for Marker<'_> {
    fn visit_expr_struct_mut(&mut self, literal: &mut syn::ExprStruct) {
        syn::visit_mut::visit_expr_struct_mut(self, literal);
        let named = literal
            .path
            .get_ident()
            .is_some_and(|ident| self.structs.contains(ident));
        if named && literal.rest.is_none() {
            literal
                .fields
                .push(syn::parse_quote!(_float: ::core::marker::PhantomData));
        }
    }

    fn visit_pat_struct_mut(&mut self, pattern: &mut syn::PatStruct) {
        syn::visit_mut::visit_pat_struct_mut(self, pattern);
        let named = pattern
            .path
            .get_ident()
            .is_some_and(|ident| self.structs.contains(ident));
        if named && pattern.rest.is_none() {
            pattern.rest = Some(syn::PatRest {
                attrs: Vec::new(),
                dot2_token: syn::Token![..](proc_macro2::Span::call_site()),
            });
        }
    }
}

/// Whether `tokens` mention one of `names`.
fn mentions(tokens: TokenStream, names: &[Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => names.contains(&ident),
        TokenTree::Group(group) => mentions(group.stream(), names),
        _ => false,
    })
}
