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
use quote::{quote, ToTokens};

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
    /// Whether the runs are a `Runs` (`len` is `None`): an array if they fit a share of
    /// the stack budget, decided at compile time, else the heap. For a `const` bound,
    /// whose value the macro cannot see.
    pub(crate) budgeted: bool,
}

impl Saved {
    /// Where the runs are kept, for the cache field's doc (`None`: a fixed-size array);
    /// `bounded`: whether the number of runs is known at compile time.
    pub(crate) fn where_doc(&self, bounded: bool) -> Option<&'static str> {
        Some(match self {
            Saved { len: Some(_), .. } => return None,
            Saved { budgeted: true, .. } => "In a fixed-size array if the loop's `const` bound lets them fit the cache's stack\n budget, else on the heap.",
            _ if bounded => "Heap-allocated: as a fixed-size array, the runs would make the cache too large for\n the stack.",
            _ => "Heap-allocated: the number of runs is only known at run time. With constant loop\n bounds it would be a fixed-size array.",
        })
    }
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

/// Runs above this many (a literal count) are saved in a `Vec`, to keep the cache,
/// which lives on the stack, small.
const MAX_ARRAY_RUNS: usize = 16_384;
/// The bytes of fixed-size arrays one cache may hold (literal counts; a value of
/// unknown size, a called function's cache, counts as [`UNKNOWN_SIZE`] bytes): past
/// it, values are saved in `Vec`s. A cache lives on the stack, and a debug build may
/// hold several copies of it at once (a test thread has 2 MiB).
const MAX_ARRAY_BYTES: usize = 64 * 1024;
/// The size assumed for a saved value whose type the macro cannot measure.
const UNKNOWN_SIZE: usize = 256;
/// At most this many runs are reserved up front in a `Vec`: a loop's bound is not an
/// allocation size (a loop up to 10^12 may `break` after 10 iterations); past it the
/// `Vec` grows as runs are saved.
const MAX_RESERVE: usize = 4096;

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

/// The bytes of one saved value of type `ty` (`None`: the float), if the macro can
/// tell: a number, `bool`, or an array of them with a literal length.
fn value_size(ty: Option<&syn::Type>, float_size: usize) -> Option<usize> {
    let Some(ty) = ty else {
        return Some(float_size);
    };
    match ty {
        syn::Type::Array(array) => {
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(len),
                ..
            }) = &array.len
            else {
                return None;
            };
            let len = len.base10_parse::<usize>().ok()?;
            value_size(Some(&array.elem), float_size)?.checked_mul(len)
        }
        syn::Type::Paren(inner) => value_size(Some(&inner.elem), float_size),
        syn::Type::Path(path) => match path.path.get_ident()?.to_string().as_str() {
            "bool" | "u8" | "i8" => Some(1),
            "u16" | "i16" => Some(2),
            "f32" | "u32" | "i32" => Some(4),
            "f64" | "u64" | "i64" | "usize" | "isize" => Some(8),
            "u128" | "i128" => Some(16),
            _ => None,
        },
        _ => None,
    }
}
/// The cache's values, in definition order.
pub(crate) fn layout(tape: &Tape, float: &Ident, saving: &Saving, namer: &mut Namer) -> Vec<Field> {
    let float_size = if float == "f32" { 4 } else { 8 };
    // One pass over the gates, not one per field.
    let powi_exponents = tape.powi_exponents();
    let mut callee_caches = vec![false; tape.vars.len()];
    for gate in &tape.gates {
        if let crate::ir::GateOp::Call(call) = &gate.op {
            callee_caches[call.cache] = true;
        }
    }
    let cached: Vec<VarId> = saving
        .cache
        .iter()
        .copied()
        .filter(|&var| !saving.remat[var])
        .collect();
    // Literal counts take arrays in definition order while they fit the budget; what
    // is left of it is shared by the `const` counts, whose sizes only the compiler knows.
    let mut array_bytes = 0usize;
    let mut const_fields = 0usize;
    let in_array: Vec<bool> = cached
        .iter()
        .map(|&var| match &tape.blocks[tape.vars[var].block].runs {
            Some(Count::Known(runs)) if tape.vars[var].block != 0 => {
                let size = match (callee_caches[var], powi_exponents[var]) {
                    (true, _) => None,
                    (false, true) => Some(4),
                    (false, false) => value_size(tape.vars[var].ty.as_ref(), float_size),
                };
                let bytes = size.unwrap_or(UNKNOWN_SIZE).saturating_mul(*runs);
                let fits =
                    *runs <= MAX_ARRAY_RUNS && array_bytes.saturating_add(bytes) <= MAX_ARRAY_BYTES;
                if fits {
                    array_bytes += bytes;
                }
                fits
            }
            Some(Count::Const(_)) if tape.vars[var].block != 0 => {
                const_fields += 1;
                false
            }
            _ => false,
        })
        .collect();
    let krate = crate::ir::names::backprop_crate();
    let const_budget = proc_macro2::Literal::usize_unsuffixed(
        MAX_ARRAY_BYTES.saturating_sub(array_bytes) / const_fields.max(1),
    );
    cached
        .iter()
        .zip(in_array)
        .map(|(&var, in_array)| {
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
            let elem = if by_ref {
                quote!(::core::option::Option<#value_ty>)
            } else {
                value_ty.clone()
            };
            let (ty, len, runs, budgeted) = match bound {
                Some(Count::Known(runs)) if in_array => {
                    let size = proc_macro2::Literal::usize_unsuffixed(runs);
                    let len = namer.fresh(&format!("{base}_len"));
                    (quote!([#elem; #size]), Some(len), Count::Known(runs), false)
                }
                Some(Count::Const(runs)) => {
                    let inline =
                        quote!({ ::#krate::__private::inline_len::<#elem>(#runs, #const_budget) });
                    let ty = quote!(::#krate::__private::Runs<#elem, #inline>);
                    (ty, None, Count::Const(runs), true)
                }
                // A `Vec` reserving the bound, if there is one, up to `MAX_RESERVE`.
                bound => (
                    quote!(::std::vec::Vec<#value_ty>),
                    None,
                    bound.unwrap_or(Count::Known(0)),
                    false,
                ),
            };
            Field {
                var,
                name: field,
                ty,
                saved: Some(Saved {
                    len,
                    cursor,
                    runs,
                    budgeted,
                }),
                by_ref,
            }
        })
        .collect()
}
