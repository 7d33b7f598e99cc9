//! How a cached value is kept (`plan/layout.rs` decides): declared and saved by the
//! forward pass, unpacked and read back by the backward pass.

use crate::emit::context::Context;
use crate::ir::flow::Count;
use crate::plan::layout::{Field, Saved, MAX_RESERVE};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

impl Field {
    /// Forward: the declaration of the saved runs.
    pub(crate) fn declare(&self) -> TokenStream {
        let (name, ty) = (&self.name, &self.ty);
        match &self.saved {
            Some(Saved { once: true, .. }) => {
                let zero = if self.by_ref {
                    quote!(::core::option::Option::None)
                } else if self.float {
                    quote!(0.0)
                } else {
                    quote!(::core::default::Default::default())
                };
                quote!(let mut #name: #ty = #zero;)
            }
            Some(Saved {
                len: Some(len),
                runs,
                ..
            }) => {
                let runs = runs.tokens();
                // A called function's cache is not `Copy`: its runs are `Option`s.
                let empty = if self.by_ref {
                    quote!([const { ::core::option::Option::None }; #runs])
                } else {
                    quote!([::core::default::Default::default(); #runs])
                };
                quote! {
                    let mut #name: #ty = #empty;
                    let mut #len: usize = 0;
                }
            }
            Some(Saved { budgeted: true, .. }) => {
                quote!(let mut #name: #ty = ::core::default::Default::default();)
            }
            Some(Saved {
                len: None,
                runs: Count::Known(0),
                ..
            }) => quote!(let mut #name: #ty = ::std::vec::Vec::new();),
            Some(Saved {
                len: None, runs, ..
            }) => {
                let reserve = reserve(runs);
                quote!(let mut #name: #ty = ::std::vec::Vec::with_capacity(#reserve);)
            }
            None => TokenStream::new(),
        }
    }

    /// Forward: save this run's `value`.
    pub(crate) fn save(&self, value: &Ident) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved { once: true, .. }) if self.by_ref => {
                quote!(#name = ::core::option::Option::Some(#value);)
            }
            Some(Saved { once: true, .. }) => quote!(#name = #value;),
            Some(Saved { len: Some(len), .. }) if self.by_ref => {
                quote!(#name[#len] = ::core::option::Option::Some(#value); #len += 1;)
            }
            Some(Saved { len: Some(len), .. }) => quote!(#name[#len] = #value; #len += 1;),
            Some(Saved { budgeted: true, .. }) if self.by_ref => {
                quote!(#name.push(::core::option::Option::Some(#value));)
            }
            Some(Saved { len: None, .. }) => quote!(#name.push(#value);),
            None => TokenStream::new(),
        }
    }

    /// The cache struct's fields for this value: name, type, and whether it is the
    /// length of an array of runs.
    pub(crate) fn struct_fields(&self) -> Vec<(&Ident, TokenStream, bool)> {
        let mut fields = vec![(&self.name, self.ty.clone(), false)];
        if let Some(Saved { len: Some(len), .. }) = &self.saved {
            fields.push((len, quote!(usize), true));
        }
        fields
    }

    /// Backward: the patterns unpacking this value from `*cache` (saved runs by
    /// reference, so nothing is copied).
    pub(crate) fn unpack(&self) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved { once: true, .. }) if !self.by_ref => quote!(#name),
            Some(Saved { len: Some(len), .. }) => quote!(ref #name, #len),
            Some(Saved { len: None, .. }) => quote!(ref #name),
            None if self.by_ref => quote!(ref #name),
            None => quote!(#name),
        }
    }

    /// Backward: the read position, starting after the last saved run.
    pub(crate) fn cursor(&self) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved { once: true, .. }) => TokenStream::new(),
            Some(Saved {
                len: Some(len),
                cursor,
                ..
            }) => quote!(let mut #cursor = #len;),
            Some(Saved {
                len: None, cursor, ..
            }) => quote!(let mut #cursor = #name.len();),
            None => TokenStream::new(),
        }
    }

    /// Backward: read back the run being reversed.
    pub(crate) fn load(&self, value: &Ident) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved { once: true, .. }) if self.by_ref => quote! {
                let ::core::option::Option::Some(#value) = &#name else {
                    ::core::unreachable!("a value computed in a branch is read back where it was saved")
                };
            },
            Some(Saved { once: true, .. }) => quote!(let #value = #name;),
            Some(Saved {
                cursor,
                len,
                budgeted,
                ..
            }) if self.by_ref && (len.is_some() || *budgeted) => quote! {
                #cursor -= 1;
                let ::core::option::Option::Some(#value) = &#name[#cursor] else {
                    ::core::unreachable!("every run saved by the forward pass is read back once")
                };
            },
            Some(Saved { cursor, .. }) if self.by_ref => {
                quote!(#cursor -= 1; let #value = &#name[#cursor];)
            }
            Some(Saved { cursor, .. }) => quote!(#cursor -= 1; let #value = #name[#cursor];),
            None => TokenStream::new(),
        }
    }
}

/// What a `Vec` reserves for a bound of `runs`: the bound, at most [`MAX_RESERVE`].
fn reserve(runs: &Count) -> TokenStream {
    match runs {
        Count::Known(runs) => {
            proc_macro2::Literal::usize_unsuffixed((*runs).min(MAX_RESERVE)).into_token_stream()
        }
        Count::Const(runs) => {
            let most = proc_macro2::Literal::usize_unsuffixed(MAX_RESERVE);
            quote!(::core::cmp::min(#runs, #most))
        }
    }
}

/// A cache field's doc: what it holds, in the user's terms, and where its runs are kept.
pub(crate) fn field_doc(cx: &Context, field: &Field) -> String {
    let tape = cx.tape;
    let var = &tape.vars[field.var];
    let name = &var.name;
    let what = match tape.defining_gate(field.var) {
        Some(_) if var.in_place => {
            format!("`{name}`, the local array as its last assignment leaves it")
        }
        Some(gate) => format!("`{name} = {}`", tape.describe(gate)),
        None if var.slot.is_some() => {
            format!("`{name}`, the value joining the branches of an `if`")
        }
        None if var.ty.is_some() && tape.params.contains(&field.var) => {
            format!("The parameter `{name}`.")
        }
        None => format!("`{name}`"),
    };
    let Some(runs) = &field.saved else {
        return format!(" {what}");
    };
    if runs.once {
        return format!(" {what}, computed in a branch (its default when the branch is not taken)");
    }
    let saved = " saved each time it is computed (read back in reverse by the backward pass)";
    match runs.where_doc(tape.blocks[var.block].runs.is_some()) {
        Some(place) => format!(" {what},{saved}.\n\n {place}"),
        None => format!(" {what},{saved}"),
    }
}
