//! Iterator adapters applied to a chain's elements at desugar time: `map` binds the
//! element to the closure's parameters and makes its body the element, `filter`
//! skips to the next index, `enumerate` and `zip` make tuples, and `skip`, `take`,
//! `step_by`, `rev` change the index range (`chain_range.rs`).
//!
//! Input:  `x.iter().zip(y.iter()).map(|(a, b)| a - b)`
//! Output: range `0..x.len().min(y.len())`, body `let a = x[i]; let b = y[i];`,
//!         element `a - b`

use crate::lower::chain::Cx;
use crate::lower::chain_bind::{self, Bound, Elem, Kind};
use crate::lower::chain_source::Seq;
use crate::lower::scope::{self, Replace, Replacement};
use std::collections::BTreeSet;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Error, Expr, ExprClosure, ExprMethodCall, Stmt};

/// The adapters `#[differentiate]` applies (the others are reported).
pub(crate) const ADAPTERS: &[&str] = &[
    "inspect",
    "map",
    "filter",
    "enumerate",
    "zip",
    "skip",
    "take",
    "step_by",
    "rev",
    "copied",
    "cloned",
];

/// Applies one adapter. `later`: every name the rest of the chain mentions (a
/// parameter bound by a flat `let` must not hide one of them).
pub(crate) fn adapt(
    mut seq: Seq,
    call: &ExprMethodCall,
    later: &BTreeSet<String>,
    cx: &mut Cx,
) -> Result<Seq, Error> {
    let method = call.method.to_string();
    let arity = match method.as_str() {
        "enumerate" | "rev" | "copied" | "cloned" => 0,
        _ => 1,
    };
    if call.args.len() != arity {
        return Err(Error::new_spanned(
            &call.method,
            format!("`.{method}` takes {arity} argument(s)"),
        ));
    }
    if seq.filtered && ["skip", "take", "step_by", "rev"].contains(&method.as_str()) {
        let message = format!("`.{method}(..)` after `.filter(..)` is not supported: `#[differentiate]` applies it to the positions before filtering; put it before the filter if that is what you mean, or write a `for` loop that counts the kept elements");
        return Err(Error::new_spanned(&call.method, message));
    }
    let stepped = || {
        Error::new_spanned(&call.method, format!("`.{method}(..)` of a range that is both stepped and reversed is not supported; apply it before `.step_by(..)` or `.rev()`"))
    };
    match method.as_str() {
        "copied" | "cloned" => {}
        "rev" => seq.range.rev(),
        "skip" => seq.range.skip(&call.args[0]).map_err(|()| stepped())?,
        "take" => seq.range.take(&call.args[0]).map_err(|()| stepped())?,
        "step_by" => seq.range.step_by(&call.args[0]),
        "enumerate" => {
            let position = if seq.filtered {
                let counter = cx.fresh.name("kept");
                let index = cx.fresh.name("position");
                seq.pre
                    .push(syn::parse_quote!(let mut #counter: usize = 0;));
                seq.body.push(syn::parse_quote!(let #index = #counter;));
                seq.body.push(syn::parse_quote!(#counter += 1;));
                syn::parse_quote!(#index)
            } else {
                let i = &seq.index;
                seq.range
                    .position(&syn::parse_quote!(#i))
                    .ok_or_else(stepped)?
            };
            seq.elem = Elem::Tuple(vec![Elem::Value(position, Kind::Int), seq.elem]);
        }
        "map" => {
            let elem = seq.elem.clone();
            seq.elem = map(&mut seq.body, &call.args[0], elem, later, cx)?;
        }
        "filter" => {
            let Expr::Closure(closure) = strip(&call.args[0]) else {
                return Err(needs_closure(&call.args[0], "filter", false));
            };
            seq.elem = chain_bind::materialize(&seq.elem, "kept", cx.fresh, &mut seq.body);
            let (bound, cond) = open(closure, &[seq.elem.clone()], cx, true)?;
            seq.body.extend(bound.lets);
            seq.body
                .push(syn::parse_quote_spanned!(cond.span()=> if !(#cond) { continue; }));
            seq.filtered = true;
        }
        "inspect" => {
            let Expr::Closure(closure) = strip(&call.args[0]) else {
                return Err(needs_closure(&call.args[0], "inspect", false));
            };
            seq.elem = chain_bind::materialize(&seq.elem, "item", cx.fresh, &mut seq.body);
            let (bound, run) = open(closure, std::slice::from_ref(&seq.elem), cx, true)?;
            seq.body.extend(bound.lets);
            seq.body.extend(crate::lower::chain_loop::statements(
                run,
                call.method.span(),
            ));
        }
        "zip" if seq.filtered => {
            return Err(Error::new_spanned(&call.method, "`.zip(..)` after `.filter(..)` is not supported: `#[differentiate]` pairs elements by position; zip first, then filter the pairs"));
        }
        "zip" => seq = zip(seq, &call.args[0], later, cx)?,
        _ => {}
    }
    Ok(seq)
}

/// `.map(f)`: the element `f(elem)`, with `f`'s parameters bound in `body`, or in a
/// block of their own when one would hide a name the rest of the chain reads.
fn map(
    body: &mut Vec<Stmt>,
    f: &Expr,
    elem: Elem,
    later: &BTreeSet<String>,
    cx: &mut Cx,
) -> Result<Elem, Error> {
    let closure = match strip(f) {
        Expr::Closure(closure) => closure,
        Expr::Path(path) => {
            let Elem::Value(value, _) = elem else {
                return Err(Error::new_spanned(f, "this function takes one value, but the element here is a tuple or a view; map with a closure"));
            };
            return Ok(Elem::Value(syn::parse_quote!(#path(#value)), Kind::Float));
        }
        other => return Err(needs_closure(other, "map", true)),
    };
    let (bound, value) = open(closure, &[elem], cx, cx.hygienic)?;
    let kind = |value: &Expr| {
        if crate::lower::chain_body::is_integer(value, &bound.ints) {
            Kind::Int
        } else {
            Kind::Float
        }
    };
    let let_names: BTreeSet<String> = bound.lets.iter().flat_map(let_idents).collect();
    if !let_names.is_disjoint(later) {
        let lets = &bound.lets;
        let value = syn::parse_quote!({ #(#lets)* #value });
        let kind = kind(&value);
        return Ok(Elem::Value(value, kind));
    }
    body.extend(bound.lets.iter().cloned());
    Ok(match value {
        Expr::Tuple(tuple) => Elem::Tuple(
            tuple
                .elems
                .iter()
                .map(|item| Elem::Value(item.clone(), kind(item)))
                .collect(),
        ),
        value => {
            let kind = kind(&value);
            Elem::Value(value, kind)
        }
    })
}

/// `.zip(other)`: `other`'s element at the same position, the range cut to the
/// shorter of the two.
fn zip(mut seq: Seq, arg: &Expr, later: &BTreeSet<String>, cx: &mut Cx) -> Result<Seq, Error> {
    let other = crate::lower::chain::sequence(arg, true, later, cx).unwrap_or_else(|| {
        Err(Error::new_spanned(arg, "`.zip(..)` takes an array, a slice, a sub-slice, a range or an iterator chain over one"))
    })?;
    if other.filtered {
        return Err(Error::new_spanned(
            arg,
            "`.zip(..)` with a filtered iterator is not supported; filter after zipping",
        ));
    }
    let i = &seq.index;
    let uneven = || {
        Error::new_spanned(arg, "`.zip(..)` of ranges that are both stepped and reversed is not supported; write the index loop")
    };
    let position = seq
        .range
        .position(&syn::parse_quote!(#i))
        .ok_or_else(uneven)?;
    let at = other.range.index_at(&position).ok_or_else(uneven)?;
    let count = other.range.count().ok_or_else(uneven)?;
    seq.range.take(&count).map_err(|()| uneven())?;
    seq.elem = chain_bind::materialize(&seq.elem, "first", cx.fresh, &mut seq.body);
    let with = [(other.index.to_string(), Replacement::Expr(at))];
    let mut replace = Replace { with: &with };
    let mut stmts = other.body;
    for stmt in &mut stmts {
        replace.visit_stmt_mut(stmt);
    }
    let second = replace_elem(other.elem, &mut replace);
    seq.pre.extend(other.pre);
    seq.body.extend(stmts);
    seq.elem = Elem::Tuple(vec![seq.elem, second]);
    Ok(seq)
}

fn replace_elem(elem: Elem, replace: &mut Replace) -> Elem {
    match elem {
        Elem::Value(mut value, kind) => {
            replace.visit_expr_mut(&mut value);
            Elem::Value(value, kind)
        }
        Elem::Alias(mut value) => {
            replace.visit_expr_mut(&mut value);
            Elem::Alias(value)
        }
        Elem::Tuple(items) => Elem::Tuple(
            items
                .into_iter()
                .map(|item| replace_elem(item, replace))
                .collect(),
        ),
    }
}

/// Binds `closure`'s parameters to `elems`: the `let`s and the body to use them in.
pub(crate) fn open(
    closure: &ExprClosure,
    elems: &[Elem],
    cx: &mut Cx,
    hygienic: bool,
) -> Result<(Bound, Expr), Error> {
    if closure.inputs.len() != elems.len() {
        let message = format!("this closure takes {} parameter(s) here", elems.len());
        return Err(Error::new_spanned(&closure.inputs, message));
    }
    if let Some(ret) = scope::find_return(&closure.body) {
        return Err(Error::new_spanned(ret, "`return` inside a closure of an iterator chain: `#[differentiate]` inlines the closure into a loop, where `return` would leave the function; make the value the closure's last expression"));
    }
    let pats: Vec<&syn::Pat> = closure.inputs.iter().collect();
    let bound = chain_bind::bind(&pats, elems, cx.fresh, hygienic)?;
    let body = crate::lower::chain_body::rewrite_body(&closure.body, &bound)?;
    Ok((bound, body))
}

fn let_idents(stmt: &Stmt) -> Vec<String> {
    match stmt {
        Stmt::Local(local) => scope::pat_idents(&local.pat)
            .iter()
            .map(ToString::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The error for an argument that is not a closure (`functions`: a function such as
/// `f64::max` would do too).
pub(crate) fn needs_closure(arg: &Expr, method: &str, functions: bool) -> Error {
    let or = if functions {
        ", or a function such as `f64::max`"
    } else {
        ""
    };
    Error::new_spanned(
        arg,
        format!("`.{method}(..)` takes a closure here (`|v| ..`){or}; write the closure in place"),
    )
}

pub(crate) fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip(&inner.expr),
        other => other,
    }
}
