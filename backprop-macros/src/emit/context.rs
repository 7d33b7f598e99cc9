//! What every emitter reads: the signature, the tape, the generated items' names, and
//! how generated functions are declared and call each other.

use crate::ir::names::ItemNames;
use crate::ir::types::with_cache_lifetime;
use crate::ir::Tape;
use crate::parse::signature::{Signature, SELF_PARAM};
use crate::plan::adjoints::BackwardNames;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};
use syn::{ItemFn, Visibility};

/// Everything the emitters share.
pub(crate) struct Context<'a> {
    /// The function's lint, `cfg` and `deprecated` attributes, repeated on each
    /// generated function (an `#[allow(clippy::too_many_arguments)]` applies to
    /// `f_grad` as much as to `f`).
    pub(crate) carried_attrs: TokenStream,
    /// The function's lint and `cfg` attributes, repeated on the generated structs.
    pub(crate) struct_attrs: TokenStream,
    pub(crate) sig: &'a Signature,
    pub(crate) tape: &'a Tape,
    pub(crate) vis: &'a Visibility,
    pub(crate) names: ItemNames,
    /// The user's function, as a doc link path (`loss`, or `Model::loss` for a method).
    pub(crate) function: String,
    /// The path of the `backprop` crate in the user's crate: `::backprop`, or its
    /// name there when the dependency is renamed.
    pub(crate) krate: TokenStream,
    /// Every identifier of the user's function: tidying (`tidy.rs`) never takes
    /// these names away from the user's variables.
    pub(crate) user_names: std::collections::HashSet<String>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(item: &'a ItemFn, sig: &'a Signature, tape: &'a Tape) -> Self {
        Context {
            sig,
            tape,
            vis: &item.vis,
            carried_attrs: {
                let mut carried = carried_attrs(&item.attrs);
                // After a diverging `panic!(..)`, the join of its branch is unreachable.
                if tape.diverges() {
                    carried.extend(quote!(#[allow(unreachable_code)]));
                }
                carried
            },
            struct_attrs: struct_attrs(&item.attrs),
            names: ItemNames::new_in(&item.sig.ident, sig.owner.as_deref()),
            krate: {
                let krate = crate::ir::names::backprop_crate();
                quote!(::#krate)
            },
            user_names: crate::emit::tidy_names::idents(item.to_token_stream())
                .into_iter()
                .collect(),
            function: match &sig.owner {
                Some(owner) => format!("{owner}::{}", item.sig.ident),
                None => item.sig.ident.to_string(),
            },
        }
    }

    /// `ident` as a doc link path: `Model::ident` for an item of a method.
    pub(crate) fn doc(&self, ident: &Ident) -> String {
        match &self.sig.owner {
            Some(owner) => format!("{owner}::{ident}"),
            None => ident.to_string(),
        }
    }

    /// The type whose method this is, for `Self::f` paths.
    pub(crate) fn self_type(&self) -> Option<&str> {
        self.sig.owner.as_deref()
    }

    /// `&self,` before the parameters of a generated method, if the method has it.
    pub(crate) fn receiver(&self) -> TokenStream {
        match &self.sig.receiver {
            // Under `wrt(self)` the receiver is the first parameter (`params`).
            Some(_) if self.sig.wrt_self => TokenStream::new(),
            Some(receiver) => quote!(#receiver,),
            None => TokenStream::new(),
        }
    }

    /// `&self,` before the cache of `f_backward` and `f_pullback` of a method (its
    /// receiver read from the cache under `wrt(self)`, like a struct parameter).
    pub(crate) fn cache_receiver(&self) -> TokenStream {
        match &self.sig.receiver {
            // Under `wrt(self)` the receiver comes from the cache: callers (another
            // method's pullback) call `Self::f_pullback(cache, ..)`.
            Some(_) if self.sig.wrt_self => TokenStream::new(),
            Some(receiver) => quote!(#receiver,),
            None => TokenStream::new(),
        }
    }

    /// How a generated function calls one taking [`Context::cache_receiver`].
    pub(crate) fn cache_call(&self, ident: &Ident) -> TokenStream {
        match self.sig.wrt_self {
            true => quote!(Self::#ident),
            false => self.call(ident),
        }
    }

    /// Under `wrt(self)`: `let self_ = self;`, binding the name the body reads the
    /// receiver by, first in a generated method that runs the body.
    pub(crate) fn self_binding(&self) -> TokenStream {
        if self.sig.wrt_self {
            let name = Ident::new(SELF_PARAM, proc_macro2::Span::call_site());
            quote!(let #name = self;)
        } else {
            TokenStream::new()
        }
    }

    /// The parameters' names as a generated method passes them to another: without the
    /// receiver (`self.f_forward(x)`) under `wrt(self)`, a tuple parameter's
    /// components joined back into one (`(a, b)`).
    pub(crate) fn args(&self) -> Vec<TokenStream> {
        let mut args = self.all_args();
        if self.sig.wrt_self && !args.is_empty() {
            args.remove(0);
        }
        args
    }

    /// Every parameter's name as an argument, tuple parameters joined (`(a, b)`).
    pub(crate) fn all_args(&self) -> Vec<TokenStream> {
        let names = self
            .sig
            .params
            .iter()
            .map(|param| param.name.to_token_stream());
        crate::parse::tuple_params::join(
            names.collect(),
            &self.sig.tuple_params,
            |parts| quote!((#(#parts,)*)),
        )
    }

    /// How a generated function calls another generated one: `self.f`, `Self::f`, `f`.
    pub(crate) fn call(&self, ident: &Ident) -> TokenStream {
        match (&self.sig.receiver, &self.sig.owner) {
            (Some(_), _) => quote!(self.#ident),
            (None, Some(_)) => quote!(Self::#ident),
            (None, None) => quote!(#ident),
        }
    }

    /// The function's float type.
    pub(crate) fn float(&self) -> Ident {
        self.sig.float.ident()
    }

    /// The parameters as `name: Type` (without the user's `mut`).
    pub(crate) fn params(&self) -> Vec<TokenStream> {
        self.declare(|param| param.ty.to_token_stream(), quote!(&self))
    }

    /// The parameters as `name: Type`, slices borrowed for the cache's lifetime
    /// (`x: &'a [f64]`): the forward pass's.
    pub(crate) fn forward_params(&self) -> Vec<TokenStream> {
        self.declare(
            |param| with_cache_lifetime(&param.ty).to_token_stream(),
            quote!(&'a self),
        )
    }

    /// The parameters as `name: Type`, the type given by `ty`, tuple parameters joined
    /// back into one, and the receiver of a `wrt(self)` method as `receiver`.
    fn declare(
        &self,
        ty: impl Fn(&crate::parse::signature::Param) -> TokenStream,
        receiver: TokenStream,
    ) -> Vec<TokenStream> {
        let declarations = self
            .sig
            .params
            .iter()
            .map(|param| (param.name.to_token_stream(), ty(param)))
            .collect();
        let mut params = self.sig.grouped(declarations);
        if let (true, Some(first)) = (self.sig.wrt_self, params.first_mut()) {
            *first = receiver;
        }
        params
    }

    /// The cache type where it is declared and returned: `FCache`, or `FCache<'a>`
    /// when it borrows slices.
    pub(crate) fn cache_type(&self) -> TokenStream {
        let cache = &self.names.cache;
        if self.sig.has_slices() {
            quote!(#cache<'a>)
        } else {
            quote!(#cache)
        }
    }

    /// The cache type behind a reference: `FCache`, or `FCache<'_>`.
    pub(crate) fn cache_ref_type(&self) -> TokenStream {
        let cache = &self.names.cache;
        if self.sig.has_slices() {
            quote!(#cache<'_>)
        } else {
            quote!(#cache)
        }
    }

    /// `<'a>` on the forward pass when the cache borrows slices.
    pub(crate) fn cache_generics(&self) -> TokenStream {
        if self.sig.has_slices() {
            quote!(<'a>)
        } else {
            TokenStream::new()
        }
    }

    /// The buffer arguments of `f_backward` and `f_grad`: `d_x: &mut [f64]`.
    pub(crate) fn buffer_params(&self, names: &BackwardNames) -> Vec<TokenStream> {
        names
            .buffers
            .iter()
            .map(|(var, buffer)| match &self.tape.vars[*var].ty {
                Some(syn::Type::Reference(reference)) => {
                    let elem = &reference.elem;
                    quote!(#buffer: &mut #elem)
                }
                Some(ty) if self.tape.is_owned(*var) => quote!(#buffer: &mut #ty),
                _ => quote!(#buffer: &mut [()]),
            })
            .collect()
    }
}

/// The attributes of the user's function that generated functions repeat: lint
/// levels, `cfg`s and `deprecated` (with `allow(deprecated)`: the generated functions
/// call one another).
fn carried_attrs(attrs: &[syn::Attribute]) -> TokenStream {
    let mut carried = struct_attrs(attrs);
    if let Some(deprecated) = attrs.iter().find(|attr| attr.path().is_ident("deprecated")) {
        carried.extend(quote!(#deprecated #[allow(deprecated)]));
    }
    carried
}

/// The attributes of the user's function that the generated structs repeat: lint
/// levels (`#[allow(non_snake_case)]` covers the gradient's fields named after the
/// parameters) and `cfg`s. An `#[expect(..)]` becomes `#[allow(..)]`: a generated item
/// need not trigger the lint the function does.
fn struct_attrs(attrs: &[syn::Attribute]) -> TokenStream {
    const CARRIED: &[&str] = &["allow", "warn", "deny", "cfg", "cfg_attr"];
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            syn::Meta::List(list) if attr.path().is_ident("expect") => {
                let lints = &list.tokens;
                Some(quote!(#[allow(#lints)]))
            }
            _ if CARRIED.iter().any(|name| attr.path().is_ident(name)) => {
                Some(attr.to_token_stream())
            }
            _ => None,
        })
        .collect()
}
