//! The cache's layout: a value computed once is a plain field; a value computed inside
//! a loop or a branch is saved each time it is computed, in a fixed-size array with its
//! length when the number of runs is known at compile time (no allocation), else in a
//! `Vec`. The backward pass reads them back from the last to the first, with a cursor:
//! `v_saved[v_len] = v; v_len += 1;` forward, `v_at -= 1; let v = v_saved[v_at];` back.

use crate::ir::flow::Count;
use crate::ir::names::{plain, Namer};
use crate::ir::{Tape, VarId};
use crate::plan::saving::Saving;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// One value in the cache.
pub(crate) struct Field {
    pub(crate) var: VarId,
    /// The field's name: the variable's, or `<var>_saved` for saved runs.
    pub(crate) name: Ident,
    /// The field's type.
    pub(crate) ty: TokenStream,
    /// How the runs are saved, for a value computed inside a loop or branch.
    pub(crate) saved: Option<Saved>,
    /// Whether the value is read by reference (a called function's cache, which is not
    /// `Copy`); its runs are then saved in a `Vec`.
    pub(crate) by_ref: bool,
}

/// The bookkeeping of a value saved once per run.
pub(crate) struct Saved {
    /// The array's length field (`<var>_len`), or `None` for a `Vec`.
    pub(crate) len: Option<Ident>,
    /// The backward pass's read position (`<var>_at`).
    pub(crate) cursor: Ident,
    /// The array's size (the number of runs), for a fixed-size array; for a `Vec`,
    /// the capacity to reserve (0: none known).
    pub(crate) runs: Count,
}

impl Field {
    /// Forward: the declaration of the saved runs.
    pub(crate) fn declare(&self) -> TokenStream {
        let (name, ty) = (&self.name, &self.ty);
        match &self.saved {
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
            Some(Saved {
                len: None,
                runs: Count::Known(0),
                ..
            }) => quote!(let mut #name: #ty = ::std::vec::Vec::new();),
            Some(Saved {
                len: None, runs, ..
            }) => {
                let runs = runs.tokens();
                quote!(let mut #name: #ty = ::std::vec::Vec::with_capacity(#runs);)
            }
            None => TokenStream::new(),
        }
    }

    /// Forward: save this run's `value`.
    pub(crate) fn save(&self, value: &Ident) -> TokenStream {
        let name = &self.name;
        match &self.saved {
            Some(Saved { len: Some(len), .. }) if self.by_ref => {
                quote!(#name[#len] = ::core::option::Option::Some(#value); #len += 1;)
            }
            Some(Saved { len: Some(len), .. }) => quote!(#name[#len] = #value; #len += 1;),
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
            Some(Saved {
                cursor,
                len: Some(_),
                ..
            }) if self.by_ref => quote! {
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

/// Runs above this many (a literal count) are saved in a `Vec`, to keep the cache,
/// which lives on the stack, small.
const MAX_ARRAY_RUNS: usize = 16_384;
/// A block saving more values than this per run, a constant number of times
/// (`0..N`, whose size the macro cannot see), saves them in `Vec`s.
const MAX_CONST_ARRAYS: usize = 16;

/// The cache's values, in definition order.
pub(crate) fn layout(tape: &Tape, float: &Ident, saving: &Saving, namer: &mut Namer) -> Vec<Field> {
    let mut saved_per_block = vec![0usize; tape.blocks.len()];
    for &var in saving.cache.iter().filter(|&&var| !saving.remat[var]) {
        saved_per_block[tape.vars[var].block] += 1;
    }
    // One pass over the gates, not one per field.
    let powi_exponents = tape.powi_exponents();
    let mut callee_caches = vec![false; tape.vars.len()];
    for gate in &tape.gates {
        if let crate::ir::GateOp::Call(call) = &gate.op {
            callee_caches[call.cache] = true;
        }
    }
    saving
        .cache
        .iter()
        .filter(|&&var| !saving.remat[var])
        .map(|&var| {
            let value_ty = tape.value_type(var, float, powi_exponents[var]);
            let block = tape.vars[var].block;
            let name = tape.vars[var].name.clone();
            let by_ref = callee_caches[var];
            if block == 0 {
                return Field {
                    var,
                    name,
                    ty: value_ty,
                    saved: None,
                    by_ref,
                };
            }
            let base = plain(&name);
            let field = namer.fresh(&format!("{base}_saved"));
            let cursor = namer.fresh(&format!("{base}_at"));
            let bound = tape.blocks[block].runs.clone();
            let fits = match &bound {
                Some(Count::Known(runs)) => *runs <= MAX_ARRAY_RUNS,
                Some(Count::Const(_)) => saved_per_block[block] <= MAX_CONST_ARRAYS,
                None => false,
            };
            let runs = bound.clone().filter(|_| fits);
            let (ty, len, runs) = match runs {
                Some(runs) => (
                    {
                        let size = runs.tokens();
                        if by_ref {
                            quote!([::core::option::Option<#value_ty>; #size])
                        } else {
                            quote!([#value_ty; #size])
                        }
                    },
                    Some(namer.fresh(&format!("{base}_len"))),
                    runs,
                ),
                // A `Vec` reserving the bound, if there is one: one allocation.
                None => (
                    quote!(::std::vec::Vec<#value_ty>),
                    None,
                    bound.unwrap_or(Count::Known(0)),
                ),
            };
            Field {
                var,
                name: field,
                ty,
                saved: Some(Saved { len, cursor, runs }),
                by_ref,
            }
        })
        .collect()
}
