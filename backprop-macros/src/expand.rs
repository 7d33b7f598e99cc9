//! The pipeline, one line per stage: parse, check, lower, plan, emit.

use crate::emit::backward::backward_fn;
use crate::emit::fallback;
use crate::emit::forward::{cache_struct, forward_fn};
use crate::emit::items::{grad_struct, value_and_grad_fn};
use crate::error::Errors;
use crate::ir::names::{ItemNames, Namer};
use crate::ir::{Tape, VarId};
use crate::lower;
use crate::parse::args;
use crate::parse::signature::{self, Signature};
use crate::plan::adjoints::BackwardNames;
use crate::plan::liveness::{self, Plan};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};
use syn::{Item, ItemFn, Visibility};

/// `#[differentiate(args)] item` -> the item and its generated companions, or the
/// item, its errors and stubs. Never panics.
pub(crate) fn differentiate(args: TokenStream, item: TokenStream) -> TokenStream {
    let item_fn = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(item_fn)) => item_fn,
        Ok(Item::Impl(item_impl)) => return crate::methods::expand_impl(args, item_impl),
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
    match differentiate_fn(args, &item_fn, None) {
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

/// What differentiating one function generates: the structs (module level) and the
/// functions (beside the function: in its `impl` block for a method).
pub(crate) struct Generated {
    pub(crate) structs: TokenStream,
    pub(crate) fns: TokenStream,
}

/// Why a function could not be differentiated.
pub(crate) struct Failure {
    /// The errors, as `compile_error!`s.
    pub(crate) errors: TokenStream,
    /// The signature, when it could be read (for stubs).
    pub(crate) sig: Option<Signature>,
}

/// For a method: its type's name and its receiver (`&self`), if any.
pub(crate) struct Owner {
    pub(crate) name: String,
    pub(crate) receiver: Option<syn::Receiver>,
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
    let sig = signature::check(item_fn, &args, &mut errors);
    let Some(mut sig) = sig.filter(|_| errors.is_empty()) else {
        let errors = errors.into_compile_errors().unwrap_or_default();
        return Err(Box::new(Failure { errors, sig: None }));
    };
    if let Some(owner) = owner {
        sig.owner = Some(owner.name);
        sig.receiver = owner.receiver;
    }
    let namer = Namer::new(item_fn.to_token_stream());
    let mut body = item_fn.clone();
    let lengths: Vec<(String, syn::Expr)> = item_fn
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match (&*typed.pat, &*typed.ty) {
                (syn::Pat::Ident(pat), syn::Type::Array(array)) => {
                    Some((pat.ident.to_string(), array.len.clone()))
                }
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    crate::lower::iterate::rewrite(&mut body.block, &namer, &lengths);
    crate::lower::jumps::rewrite(&mut body.block, &namer);
    let (tape, namer) = lower::lower(&body, &sig, namer, &mut errors);
    if !errors.is_empty() {
        let errors = errors.into_compile_errors().unwrap_or_default();
        return Err(Box::new(Failure {
            errors,
            sig: Some(sig),
        }));
    }
    STAGES.with(|stages| stages.set(stages.get() + tape.gates.len()));
    let plan = liveness::plan(&tape);
    let mut cx = Context::new(item_fn, &sig, &tape, namer);
    Ok(emit(&mut cx, &plan))
}

fn emit(cx: &mut Context, plan: &Plan) -> Generated {
    let backward_names = BackwardNames::new(cx, plan);
    let fields = crate::plan::layout::layout(cx, plan);
    let cache = cache_struct(cx, &fields);
    let grad = grad_struct(cx);
    // Each body is built once: `f_grad` fuses the same statements.
    let forward_body = crate::emit::forward::forward_body(cx, plan, &fields);
    let backward_body = crate::emit::backward::backward_body(cx, plan, &backward_names, &fields);
    let forward = forward_fn(cx, forward_body.clone(), &fields);
    let backward = backward_fn(cx, plan, &backward_names, &fields, backward_body.clone());
    let value_and_grad = if cx.sig.is_scalar() {
        let buffers = backward_names.buffer_params(cx);
        value_and_grad_fn(
            cx,
            forward_body,
            backward_body,
            &backward_names.seed,
            &buffers,
        )
    } else if cx.sig.outputs > 1 && !cx.sig.has_buffers() {
        crate::emit::items::jacobian_fn(cx)
    } else {
        // An array's vector-Jacobian product is `f_backward` with any seed.
        TokenStream::new()
    };
    let protocol = crate::emit::items::call_protocol(cx);
    Generated {
        structs: quote!(#cache #grad),
        fns: quote!(#forward #backward #value_and_grad #protocol),
    }
}

/// Everything the emitters share.
pub(crate) struct Context<'a> {
    /// The function's lint, `cfg` and `deprecated` attributes, repeated on each
    /// generated function (an `#[allow(clippy::too_many_arguments)]` applies to
    /// `f_grad` as much as to `f`).
    pub(crate) carried_attrs: TokenStream,
    pub(crate) sig: &'a Signature,
    pub(crate) tape: &'a Tape,
    pub(crate) namer: Namer,
    pub(crate) vis: &'a Visibility,
    pub(crate) names: ItemNames,
    /// The user's function, as a doc link path (`loss`, or `Model::loss` for a method).
    pub(crate) function: String,
}

impl<'a> Context<'a> {
    fn new(item: &'a ItemFn, sig: &'a Signature, tape: &'a Tape, namer: Namer) -> Self {
        Context {
            sig,
            tape,
            namer,
            vis: &item.vis,
            carried_attrs: carried_attrs(&item.attrs),
            names: ItemNames::new_in(&item.sig.ident, sig.owner.as_deref()),
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
            Some(receiver) => quote!(#receiver,),
            None => TokenStream::new(),
        }
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
        self.sig
            .params
            .iter()
            .map(|param| {
                let (name, ty) = (&param.name, &param.ty);
                quote!(#name: #ty)
            })
            .collect()
    }

    /// The parameters as `name: Type`, slices borrowed for the cache's lifetime
    /// (`x: &'a [f64]`): the forward pass's.
    pub(crate) fn forward_params(&self) -> Vec<TokenStream> {
        self.sig
            .params
            .iter()
            .map(|param| {
                let name = &param.name;
                let ty = with_cache_lifetime(&param.ty);
                quote!(#name: #ty)
            })
            .collect()
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

    /// The type of a cached variable: declared, an `i32` `powi` exponent
    /// (`powi_exponent`, from [`Tape::powi_exponents`]), or the float.
    pub(crate) fn var_type(&self, var: VarId, powi_exponent: bool) -> TokenStream {
        match &self.tape.vars[var].ty {
            Some(ty) if self.tape.params.contains(&var) => with_cache_lifetime(ty),
            Some(ty) => ty.to_token_stream(),
            None if powi_exponent => quote!(i32),
            None => self.float().to_token_stream(),
        }
    }
}

/// `&[f64]` as `&'a [f64]`, the lifetime of the cache that borrows it; other types
/// unchanged.
fn with_cache_lifetime(ty: &syn::Type) -> TokenStream {
    match ty {
        syn::Type::Reference(reference) => {
            let elem = &reference.elem;
            quote!(&'a #elem)
        }
        other => other.to_token_stream(),
    }
}

/// The attributes of the user's function that generated functions repeat.
fn carried_attrs(attrs: &[syn::Attribute]) -> TokenStream {
    const CARRIED: &[&str] = &[
        "allow",
        "expect",
        "warn",
        "deny",
        "cfg",
        "cfg_attr",
        "deprecated",
    ];
    attrs
        .iter()
        .filter(|attr| CARRIED.iter().any(|name| attr.path().is_ident(name)))
        .map(ToTokens::to_token_stream)
        .collect()
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
