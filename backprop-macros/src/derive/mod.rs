//! `#[derive(Differentiable)]`: the trait field by field. A float, an array or `Vec`,
//! or any other named type is a differentiated field (its own `Differentiable` impl);
//! integers, `usize` and `bool` (and arrays of them) are constants, copied by
//! `zeros_like` and skipped by the rest. Any other field type is a spanned error.
//!
//! Input:  `struct Dense { w: [[f64; 2]; 3], b: [f64; 3], n: usize }`
//! Output: `impl Differentiable for Dense { type Float = f64; fn zeros_like(&self) ->
//!          Self { Dense { w: self.w.zeros_like(), b: .., n: self.n } } .. }`

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
    let float = fields
        .iter()
        .find(|(_, kind, _)| matches!(kind, Kind::Floats))
        .map(|(_, _, ty)| quote!(<#ty as #trait_path>::Float))
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
    let zeros = fields.iter().map(|(name, kind, _)| match kind {
        Kind::Floats => quote!(#name: #trait_path::zeros_like(&self.#name)),
        Kind::Constant => quote!(#name: ::core::clone::Clone::clone(&self.#name)),
    });
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
                #(#trait_path::add_scaled(&mut self.#floats, #k, &#other.#floats);)*
            }
            #[inline]
            fn float_count(&self) -> usize {
                0 #(+ #trait_path::float_count(&self.#floats))*
            }
            #[inline]
            fn write_floats(&self, #out: &mut [Self::Float], #at: usize) -> usize {
                #(let #at = #trait_path::write_floats(&self.#floats, #out, #at);)*
                #at
            }
            #[inline]
            fn read_floats(&mut self, #flat: &[Self::Float], #at: usize) -> usize {
                #(let #at = #trait_path::read_floats(&mut self.#floats, #flat, #at);)*
                #at
            }
        }
    })
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
