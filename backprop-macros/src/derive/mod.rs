//! `#[derive(Differentiable)]`: the trait field by field. A float, an array or `Vec`,
//! or any other named type is a differentiated field (its own `Differentiable` impl);
//! integers, `usize` and `bool` (and arrays of them) are constants, copied by
//! `zeros_like` and skipped by the rest. Any other field type is a spanned error.
//!
//! Input:  `struct Dense { w: [[f64; 2]; 3], b: [f64; 3], n: usize }`
//! Output: `impl Differentiable for Dense { type Float = f64; fn zeros_like(&self) ->
//!          Self { Dense { w: self.w.zeros_like(), b: .., n: self.n } } .. }`
//!
//! A struct generic over its float type (`struct Dense<T: Float> { w: [[T; 2]; 3] }`)
//! has `type Float = T`; its fields of `T`, arrays and `Vec`s of it go through
//! `__private::FloatsOf` (`Differentiable` is implemented for `f32` and `f64` by name).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Type};

/// What a field is to the derive.
enum Kind {
    /// Differentiated: has floats.
    Floats,
    /// A constant: copied.
    Constant,
}

/// The derive's output, or its errors as `compile_error!`s.
pub(crate) fn derive(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input).and_then(|input| expand(&input)) {
        Ok(tokens) => tokens,
        Err(error) => error.to_compile_error(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`#[derive(Differentiable)]` applies to structs with named fields; write the parameters as a struct",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`#[derive(Differentiable)]` needs named fields (`struct P { w: [f64; 3] }`)",
        ));
    };
    let mut errors: Option<syn::Error> = None;
    let mut fields = Vec::new();
    for field in &named.named {
        let Some(name) = field.ident.clone() else {
            continue;
        };
        match kind(&field.ty) {
            Some(kind) => fields.push((name, kind, field.ty.clone())),
            None => {
                let error = syn::Error::new(
                    field.ty.span(),
                    "`#[derive(Differentiable)]` supports fields of floats (`f64`, `f32`), arrays and `Vec`s of them, other `Differentiable` structs, and constants (integers, `usize`, `bool`); make this field one of those, or keep it outside the parameter struct",
                );
                match &mut errors {
                    Some(errors) => errors.combine(error),
                    None => errors = Some(error),
                }
            }
        }
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let krate = crate::ir::names::backprop_crate();
    let trait_path = quote!(::#krate::Differentiable);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let generic = float_param(&input.generics);
    // A field's method: `FloatsOf::name_of` for `T`, `[T; N]` and `Vec<T>` of the
    // float type parameter `T`, `Differentiable::name` for the rest.
    let field_method = |ty: &Type, name: &str| match &generic {
        Some(float) if of_float(ty, float) => {
            let name = format_ident!("{name}_of");
            quote!(::#krate::__private::FloatsOf::#name)
        }
        _ => {
            let name = format_ident!("{name}");
            quote!(#trait_path::#name)
        }
    };
    let float = fields
        .iter()
        .find(|(_, kind, _)| matches!(kind, Kind::Floats))
        .map(|(_, _, ty)| match &generic {
            Some(float) => quote!(#float),
            None => quote!(<#ty as #trait_path>::Float),
        })
        .ok_or_else(|| {
            syn::Error::new(
                ident.span(),
                "`#[derive(Differentiable)]` needs at least one float field",
            )
        })?;
    let floats: Vec<&Ident> = fields
        .iter()
        .filter(|(_, kind, _)| matches!(kind, Kind::Floats))
        .map(|(name, _, _)| name)
        .collect();
    let float_types: Vec<&Type> = fields
        .iter()
        .filter(|(_, kind, _)| matches!(kind, Kind::Floats))
        .map(|(_, _, ty)| ty)
        .collect();
    let methods = |name: &str| -> Vec<TokenStream> {
        float_types
            .iter()
            .map(|ty| field_method(ty, name))
            .collect()
    };
    let zeros = fields.iter().map(|(name, kind, ty)| match kind {
        Kind::Floats => {
            let zeros_like = field_method(ty, "zeros_like");
            quote!(#name: #zeros_like(&self.#name))
        }
        Kind::Constant => quote!(#name: ::core::clone::Clone::clone(&self.#name)),
    });
    let add_scaled = methods("add_scaled");
    let float_count = methods("float_count");
    let write_floats = methods("write_floats");
    let read_floats = methods("read_floats");
    let (other, k, out, flat, at) = (
        format_ident!("other"),
        format_ident!("k"),
        format_ident!("out"),
        format_ident!("flat"),
        format_ident!("at"),
    );
    let doc = format!(
        " `{ident}`'s floats, field by field: the differentiated fields {}.",
        floats
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(quote! {
        #[doc = #doc]
        #[automatically_derived]
        impl #impl_generics #trait_path for #ident #ty_generics #where_clause {
            type Float = #float;
            #[inline]
            fn zeros_like(&self) -> Self {
                #ident { #(#zeros),* }
            }
            #[inline]
            fn add_scaled(&mut self, #k: Self::Float, #other: &Self) {
                #(#add_scaled(&mut self.#floats, #k, &#other.#floats);)*
            }
            #[inline]
            fn float_count(&self) -> usize {
                0 #(+ #float_count(&self.#floats))*
            }
            #[inline]
            fn write_floats(&self, #out: &mut [Self::Float], #at: usize) -> usize {
                #(let #at = #write_floats(&self.#floats, #out, #at);)*
                #at
            }
            #[inline]
            fn read_floats(&mut self, #flat: &[Self::Float], #at: usize) -> usize {
                #(let #at = #read_floats(&mut self.#floats, #flat, #at);)*
                #at
            }
        }
    })
}

/// The struct's type parameter bound by `Float` (`struct S<T: Float>`, or in its
/// `where` clause), if any.
fn float_param(generics: &syn::Generics) -> Option<Ident> {
    let is_float = |bound: &syn::TypeParamBound| {
        matches!(bound, syn::TypeParamBound::Trait(bound)
            if bound.path.segments.last().is_some_and(|last| last.ident == "Float"))
    };
    generics.type_params().find_map(|param| {
        let in_where = generics.where_clause.iter().any(|clause| {
            clause.predicates.iter().any(|predicate| {
                matches!(predicate, syn::WherePredicate::Type(predicate)
                    if matches!(&predicate.bounded_ty, Type::Path(path) if path.path.is_ident(&param.ident))
                        && predicate.bounds.iter().any(is_float))
            })
        });
        (param.bounds.iter().any(is_float) || in_where).then(|| param.ident.clone())
    })
}

/// Whether `ty` is `float`, or an array or `Vec` of such.
fn of_float(ty: &Type, float: &Ident) -> bool {
    match ty {
        Type::Paren(inner) => of_float(&inner.elem, float),
        Type::Group(inner) => of_float(&inner.elem, float),
        Type::Array(array) => of_float(&array.elem, float),
        Type::Path(path) if path.qself.is_none() => {
            if path.path.is_ident(float) {
                return true;
            }
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return false;
            };
            last.ident == "Vec"
                && matches!(args.args.first(), Some(syn::GenericArgument::Type(elem)) if of_float(elem, float))
        }
        _ => false,
    }
}

/// A field type's kind, or `None` for a type the derive does not support.
fn kind(ty: &Type) -> Option<Kind> {
    match ty {
        Type::Paren(inner) => kind(&inner.elem),
        Type::Group(inner) => kind(&inner.elem),
        Type::Array(array) => kind(&array.elem),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            if CONSTANTS.contains(&name.as_str()) && path.path.segments.len() == 1 {
                return Some(Kind::Constant);
            }
            if name == "Vec" {
                // `Vec<F>`, `Vec<[F; N]>`, `Vec<S>`: its elements' kind.
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                    return None;
                };
                return match args.args.first() {
                    Some(syn::GenericArgument::Type(elem)) => match kind(elem)? {
                        Kind::Floats => Some(Kind::Floats),
                        Kind::Constant => Some(Kind::Constant),
                    },
                    _ => None,
                };
            }
            if UNSUPPORTED.contains(&name.as_str()) {
                return None;
            }
            // A float, a type parameter or another `Differentiable` struct.
            Some(Kind::Floats)
        }
        _ => None,
    }
}

/// Types copied as constants.
const CONSTANTS: &[&str] = &[
    "usize", "isize", "u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128", "bool",
];

/// Named types that are neither floats nor parameter structs.
const UNSUPPORTED: &[&str] = &[
    "String", "str", "Option", "Box", "Rc", "Arc", "HashMap", "BTreeMap", "char", "Result",
];
