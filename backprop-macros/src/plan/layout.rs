//! The cache's layout: a value computed once is a plain field; a value computed inside
//! a loop or a branch is saved each time it is computed, in a fixed-size array when the
//! number of runs is known at compile time (no allocation), else in a `Vec`. The values
//! one block saves share one position per run (`indexing.rs`): `v_saved[i] = v;`
//! forward, `let v = v_saved[i];` back.

use crate::ir::flow::{Count, Head, Node};
use crate::ir::names::{plain, Namer};
use crate::ir::{Tape, VarId};
use crate::plan::const_bound::const_bound;
use crate::plan::indexing::{indexing, At};
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
    /// Whether the value is a float (its empty field is `0.0`).
    pub(crate) float: bool,
}

/// The bookkeeping of a value saved once per run.
pub(crate) struct Saved {
    /// Whether the runs are a fixed-size array, written at their position; else they
    /// are pushed (a `Vec` or a `Runs`).
    pub(crate) array: bool,
    /// The array's size (the number of runs), for a fixed-size array; for a `Vec`,
    /// the capacity to reserve (0: none known).
    pub(crate) runs: Count,
    /// Whether the runs are a `Runs`: an array if they fit a share of the stack budget,
    /// decided at compile time, else the heap. For a `const` bound, whose value the
    /// macro cannot see.
    pub(crate) budgeted: bool,
    /// For a `Vec`: the exact number of runs as an expression over the parameters,
    /// when the function can compute it before it starts (the body of a top-level
    /// `for` over a range of parameters, such as `0..x.len()`, that nothing breaks
    /// out of): reserved whole, so the runs are saved without growing the `Vec`.
    pub(crate) reserve_exact: Option<TokenStream>,
    /// How a run is indexed; `None`: the value runs at most once (a branch outside
    /// loops), a plain field assigned where it is computed.
    pub(crate) at: Option<At>,
    /// Whether this is the first saved value of its block, which declares the block's
    /// counter.
    pub(crate) first: bool,
}

impl Saved {
    /// Whether the value runs at most once: a plain field.
    pub(crate) fn once(&self) -> bool {
        self.at.is_none()
    }

    /// Where the runs are kept, for the cache field's doc (`None`: a fixed-size array);
    /// `bounded`: whether the number of runs is known at compile time.
    pub(crate) fn where_doc(&self, bounded: bool) -> Option<&'static str> {
        Some(match self {
            Saved { at: None, .. } | Saved { array: true, .. } => return None,
            Saved { budgeted: true, .. } => "In a fixed-size array if the loop's `const` bound lets them fit the cache's stack\n budget, else on the heap.",
            _ if bounded => "Heap-allocated: as a fixed-size array, the runs would make the cache too large for\n the stack.",
            _ => "Heap-allocated: the number of runs is only known at run time. With constant loop\n bounds it would be a fixed-size array.",
        })
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
pub(crate) const MAX_RESERVE: usize = 4096;

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
/// `consts`: the function's const generic parameters (`const N: usize`), whose
/// loops' runs are saved in arrays `[T; N]` (`const_bound.rs`).
pub(crate) fn layout(
    tape: &Tape,
    float: &Ident,
    consts: &[Ident],
    saving: &Saving,
    namer: &mut Namer,
) -> (Vec<Field>, Vec<Option<At>>) {
    let float_size = if float == "f32" { 4 } else { 8 };
    // One pass over the gates, not one per field.
    let powi_exponents = tape.powi_exponents();
    let mut callee_caches = vec![false; tape.vars.len()];
    for gate in &tape.gates {
        if let crate::ir::GateOp::Call(call) = &gate.op {
            callee_caches[call.cache] = true;
        }
        // Not `Copy` either: a `Vec` local is unpacked by reference.
        callee_caches[gate.out] |= tape.is_vec(gate.out);
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
            // At most `N` runs, `N` a const parameter: an array `[T; N]`, as the
            // parameter `[T; N]` itself (the budget cannot see `N`).
            Some(Count::Const(runs))
                if tape.vars[var].block != 0
                    && !callee_caches[var]
                    && const_bound(runs, consts).is_some() =>
            {
                true
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
    // Which blocks save runs, and whether in fixed-size arrays.
    let mut saves = vec![false; tape.blocks.len()];
    let mut arrays = vec![false; tape.blocks.len()];
    for (&var, &in_array) in cached.iter().zip(&in_array) {
        let block = tape.vars[var].block;
        if block != 0 && !is_once(tape, var) {
            saves[block] = true;
            arrays[block] |= in_array;
        }
    }
    let at = indexing(tape, &saving.cache, &saving.remat, &arrays, &saves, namer);
    let mut seen = vec![false; tape.blocks.len()];
    let user_names: std::collections::HashSet<String> = tape
        .vars
        .iter()
        .filter(|var| var.user_named)
        .flat_map(|var| {
            let name = plain(&var.name);
            let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
            [trimmed.to_owned(), name]
        })
        .collect();
    let fields = cached
        .iter()
        .zip(in_array)
        .map(|(&var, in_array)| {
            let value_ty = tape.value_type(var, float, powi_exponents[var]);
            let block = tape.vars[var].block;
            let name = tape.vars[var].name.clone();
            // A struct parameter by value is owned by the cache, and read through it.
            let by_ref = callee_caches[var] || tape.is_owned(var);
            let float = tape.vars[var].ty.is_none() && !powi_exponents[var];
            if block == 0 {
                return Field {
                    var,
                    name,
                    ty: value_ty,
                    saved: None,
                    by_ref,
                    float,
                };
            }
            let base = plain(&name);
            let base = crate::ir::names::unversioned(&base, |part| user_names.contains(part))
                .unwrap_or(base);
            let field = namer.fresh(&format!("{base}_saved"));
            let elem = if by_ref {
                quote!(::core::option::Option<#value_ty>)
            } else {
                value_ty.clone()
            };
            if is_once(tape, var) {
                // At most one run (a branch outside loops): a plain field.
                return Field {
                    var,
                    name: field,
                    ty: elem,
                    saved: Some(Saved {
                        array: false,
                        runs: Count::Known(1),
                        budgeted: false,
                        reserve_exact: None,
                        at: None,
                        first: false,
                    }),
                    by_ref,
                    float,
                };
            }
            let first = !std::mem::replace(&mut seen[block], true);
            let (ty, runs, budgeted) = match tape.blocks[block].runs.clone() {
                Some(Count::Known(runs)) if in_array => {
                    let size = proc_macro2::Literal::usize_unsuffixed(runs);
                    (quote!([#elem; #size]), Count::Known(runs), false)
                }
                Some(Count::Const(runs)) if in_array => {
                    let bound = const_bound(&runs, consts).map_or(runs, |n| quote!(#n));
                    (quote!([#elem; #bound]), Count::Const(bound), false)
                }
                Some(Count::Const(runs)) => {
                    // A const expression cannot name `'a`; the size does not depend on it.
                    let sized = crate::ir::types::static_lifetimes(elem.clone());
                    let inline =
                        quote!({ ::#krate::__private::inline_len::<#sized>(#runs, #const_budget) });
                    let ty = quote!(::#krate::__private::Runs<#elem, #inline>);
                    (ty, Count::Const(runs), true)
                }
                // A `Vec` reserving the bound, if there is one, up to `MAX_RESERVE`.
                bound => (
                    quote!(::std::vec::Vec<#value_ty>),
                    bound.unwrap_or(Count::Known(0)),
                    false,
                ),
            };
            Field {
                var,
                name: field,
                ty,
                saved: Some(Saved {
                    array: in_array,
                    runs,
                    budgeted,
                    reserve_exact: if in_array || budgeted {
                        None
                    } else {
                        exact_runs(tape, block)
                    },
                    at: at[block].clone(),
                    first,
                }),
                by_ref,
                float,
            }
        })
        .collect();
    (fields, at)
}

/// The number of times `block` runs, as an expression the function can evaluate on
/// entry: `block` is the body of a `for` loop at the top of the function, over a range
/// that reads only parameters, with no `break`.
fn exact_runs(tape: &Tape, block: usize) -> Option<TokenStream> {
    tape.body.nodes.iter().find_map(|node| match node {
        Node::Loop(looped) if looped.body.id == block && looped.replays_range() => {
            let Head::For { range, reads, .. } = &looped.head else {
                return None;
            };
            let known = reads.iter().all(|read| tape.params.contains(read));
            known.then(|| trip_count(tape, range))
        }
        _ => None,
    })
}

/// The length of `range` as an expression: `x.len()` for `0..x.len()`, `n` for `0..n`
/// of a `usize` parameter, else its iterator's size hint, exact for ranges of any
/// integer type and their `rev` and `step_by`.
fn trip_count(tape: &Tape, range: &TokenStream) -> TokenStream {
    if let Ok(syn::Expr::Range(syn::ExprRange {
        start: Some(start),
        limits: syn::RangeLimits::HalfOpen(_),
        end: Some(end),
        ..
    })) = syn::parse2(range.clone())
    {
        let zero = matches!(&*start, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }) if int.base10_digits() == "0");
        let usize_param = |name: &syn::Ident| {
            tape.params.iter().any(|&param| {
                let var = &tape.vars[param];
                var.name == *name
                    && matches!(&var.ty, Some(syn::Type::Path(ty)) if ty.path.is_ident("usize"))
            })
        };
        let length = match &*end {
            syn::Expr::MethodCall(call) => call.method == "len",
            syn::Expr::Path(path) => path.path.get_ident().is_some_and(usize_param),
            _ => false,
        };
        if zero && length {
            return quote!(#end);
        }
    }
    quote!(::core::iter::Iterator::size_hint(&(#range)).0)
}

/// Whether `var` is computed at most once per call (in a branch outside loops).
fn is_once(tape: &Tape, var: VarId) -> bool {
    matches!(
        tape.blocks[tape.vars[var].block].runs,
        Some(Count::Known(1))
    ) && tape.vars[var].dims == 0
}
