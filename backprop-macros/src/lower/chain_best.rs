//! `max_by`, `min_by` and `reduce`, unwrapped: the best element so far kept in
//! `let mut` variables, replaced as Rust's iterators replace it. `max_by` keeps the
//! last of equal maxima and `min_by` the first of equal minima, so the whole gradient
//! goes to the element Rust returns.
//!
//! Input:  `x.iter().copied().max_by(|a, b| a.total_cmp(b)).unwrap()`
//! Output: `{ let mut best = 0.0; let mut found = false;
//!            for i in 0..x.len() { if !found || best.total_cmp(&x[i]) != Greater {
//!            best = x[i]; found = true; } }
//!          let best = if found { best } else { None.unwrap() }; best }`

use crate::lower::chain::Cx;
use crate::lower::chain_adapt::{needs_closure, open, strip};
use crate::lower::chain_bind::{self, Elem, Kind};
use crate::lower::chain_loop::Then;
use crate::lower::chain_source::Seq;
use proc_macro2::TokenStream;
use syn::{Error, Expr, Stmt};

/// The accumulators and the loop body's update for `method(f)`; the value after the
/// loop, with `then` applied.
pub(crate) fn best(
    seq: &Seq,
    (method, f, unwrap): (&syn::Ident, &Expr, &syn::ExprMethodCall),
    then: Vec<Then>,
    body: &mut Vec<Stmt>,
    cx: &mut Cx,
    at: &TokenStream,
) -> Result<(Vec<Stmt>, Expr), Error> {
    let elem = chain_bind::materialize(&seq.elem, "item", cx.fresh, body);
    let found = cx.fresh.name("found");
    let mut declare: Vec<Stmt> = Vec::new();
    let best = slots(&elem, cx, &mut declare, at)?;
    declare.push(syn::parse_quote!(let mut #found = false;));
    let mut assign = Vec::new();
    assignments(&best, &elem, &mut assign);
    let compare = |cx: &mut Cx| -> Result<(Vec<Stmt>, Expr), Error> {
        match strip(f) {
            Expr::Closure(closure) => {
                let (bound, order) = open(closure, &[best.clone(), elem.clone()], cx, true)?;
                Ok((bound.lets, order))
            }
            Expr::Path(path) => {
                let (Elem::Value(a, _), Elem::Value(b, _)) = (&best, &elem) else {
                    return Err(Error::new_spanned(
                        f,
                        "compare tuples with a closure (`|a, b| a.1.total_cmp(&b.1)`)",
                    ));
                };
                Ok((Vec::new(), syn::parse_quote!(#path(&#a, &#b))))
            }
            other => Err(needs_closure(other, &method.to_string(), true)),
        }
    };
    match method.to_string().as_str() {
        "max_by" | "min_by" => {
            let (lets, order) = compare(cx)?;
            body.extend(lets);
            let greater = quote::quote!(::core::cmp::Ordering::Greater);
            // `max_by` replaces unless the best so far is greater (a later equal one
            // wins), `min_by` only when the best so far is greater.
            let replace: Expr = if method == "max_by" {
                syn::parse_quote!(!#found || #order != #greater)
            } else {
                syn::parse_quote!(!#found || #order == #greater)
            };
            body.push(syn::parse_quote!(if #replace { #(#assign)* #found = true; }));
        }
        _ => {
            let (Elem::Value(acc, _), Elem::Value(elem_value, _)) = (&best, &elem) else {
                return Err(Error::new_spanned(
                    method,
                    "`.reduce(..)` of tuples is not supported; reduce one value",
                ));
            };
            let (lets, next) = match strip(f) {
                Expr::Closure(closure) => {
                    let (bound, next) =
                        open(closure, &[best.clone(), elem.clone()], cx, cx.hygienic)?;
                    (bound.lets, next)
                }
                // `best` is a value, so the element is one too.
                Expr::Path(path) => (Vec::new(), syn::parse_quote!(#path(#acc, #elem_value))),
                other => return Err(needs_closure(other, "reduce", true)),
            };
            body.push(syn::parse_quote! {
                if #found { #(#lets)* #acc = #next; } else { #(#assign)* #found = true; }
            });
        }
    }
    // No element: Rust's `.unwrap()` (or `.expect(..)`) panics, and so does this.
    let mut after: Vec<Stmt> = Vec::new();
    if let Some(slot) = first_slot(&best) {
        let (name, args) = (&unwrap.method, &unwrap.args);
        after.push(syn::parse_quote! {
            let #slot = if #found { #slot } else { ::core::option::Option::None.#name(#args) };
        });
    }
    let mut result = best;
    for step in then {
        result = match step {
            Then::Field(index) => match result {
                Elem::Tuple(mut items) if (index as usize) < items.len() => {
                    items.swap_remove(index as usize)
                }
                _ => {
                    return Err(Error::new_spanned(
                        at,
                        "this field is not an element of the result",
                    ))
                }
            },
            Then::Map(f) => {
                let Expr::Closure(closure) = strip(f) else {
                    return Err(needs_closure(f, "map", false));
                };
                let (bound, value) = open(closure, &[result], cx, cx.hygienic)?;
                after.extend(bound.lets);
                Elem::Value(value, Kind::Float)
            }
        };
    }
    let Elem::Value(value, _) = result else {
        return Err(Error::new_spanned(at, "the result here is a tuple; select one value (`.unwrap().0`, or `.map(|(i, v)| v)` before `.unwrap()`)"));
    };
    let value: Expr = if after.is_empty() {
        value
    } else {
        syn::parse_quote!({ #(#after)* #value })
    };
    Ok((declare, value))
}

/// One `let mut best = 0.0;` per value of the element.
fn slots(
    elem: &Elem,
    cx: &mut Cx,
    declare: &mut Vec<Stmt>,
    at: &TokenStream,
) -> Result<Elem, Error> {
    match elem {
        Elem::Value(_, kind) => {
            let slot = cx.fresh.name("best");
            let float = cx.float;
            declare.push(match kind {
                Kind::Float => syn::parse_quote!(let mut #slot: #float = 0.0;),
                Kind::Int => syn::parse_quote!(let mut #slot = 0;),
            });
            Ok(Elem::Value(syn::parse_quote!(#slot), *kind))
        }
        Elem::Tuple(items) => Ok(Elem::Tuple(
            items
                .iter()
                .map(|item| slots(item, cx, declare, at))
                .collect::<Result<_, _>>()?,
        )),
        Elem::Alias(_) => Err(Error::new_spanned(
            at,
            "the best of rows or views is not supported; compare values",
        )),
    }
}

fn first_slot(best: &Elem) -> Option<&Expr> {
    match best {
        Elem::Value(slot, _) => Some(slot),
        Elem::Tuple(items) => items.iter().find_map(first_slot),
        Elem::Alias(_) => None,
    }
}

fn assignments(best: &Elem, elem: &Elem, into: &mut Vec<Stmt>) {
    match (best, elem) {
        (Elem::Value(slot, _), Elem::Value(value, _)) => {
            into.push(syn::parse_quote!(#slot = #value;))
        }
        (Elem::Tuple(slots), Elem::Tuple(values)) => {
            for (slot, value) in slots.iter().zip(values) {
                assignments(slot, value, into);
            }
        }
        _ => {}
    }
}
