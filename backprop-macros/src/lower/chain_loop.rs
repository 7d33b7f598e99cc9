//! The loop a chain's consumer becomes, as a person writes it: an accumulator
//! declared before an index loop, the element computed in its body.
//!
//! Input:  `x.iter().map(|v| v * v).sum::<f64>()`
//! Output: `{ let mut sum = 0.0; for i in 0..x.len() { let v = x[i]; sum += v * v; } sum }`
//!
//! `fold(init, f)` keeps `f`'s accumulator as a `let mut`, `for_each` and `for` run
//! their body in the loop, `max_by`/`min_by`/`reduce` keep the best element so far
//! (Rust's ties: `max_by` the last maximum, `min_by` the first minimum), and `count`,
//! `all`, `any` give constants.

use crate::lower::chain::Cx;
use crate::lower::chain_adapt::{needs_closure, open, strip};
use crate::lower::chain_bind::{self, Elem, Kind};
use crate::lower::chain_source::Seq;
use crate::lower::scope;
use proc_macro2::TokenStream;
use std::collections::BTreeSet;
use syn::spanned::Spanned;
use syn::{Error, Expr, Stmt};

/// What consumes a chain.
pub(crate) enum Consumer<'a> {
    /// `sum` (or `product`), with the turbofish's type if any.
    Sum(bool, Option<&'a syn::Type>),
    Fold(&'a Expr, &'a Expr),
    ForEach(&'a Expr),
    /// `collect()` into a `Vec`: pushed in the loop, reserved for the range's length.
    Collect,
    Count,
    /// `all` (true) or `any` (false).
    All(bool, &'a Expr),
    /// `max_by`, `min_by` or `reduce`, unwrapped, then each option `map` / field.
    Best(
        &'a syn::Ident,
        &'a Expr,
        &'a syn::ExprMethodCall,
        Vec<Then<'a>>,
    ),
    For(&'a syn::ExprForLoop),
}

/// What follows `.max_by(..)` before or after its `.unwrap()`.
pub(crate) enum Then<'a> {
    Map(&'a Expr),
    Field(u32),
}

/// The expression (a block, or a `for` statement) that runs `seq` into `consumer`.
pub(crate) fn finish(
    mut seq: Seq,
    consumer: Consumer,
    cx: &mut Cx,
    at: &TokenStream,
) -> Result<Expr, Error> {
    let (pre, index, range) = (seq.pre.clone(), seq.index.clone(), seq.range.expr());
    let mut body = std::mem::take(&mut seq.body);
    let result = consume(&mut seq, consumer, &mut body, cx, at)?;
    let assigned = scope::assigned(&body);
    if let Some(name) = scope::idents(&range).intersection(&assigned).next() {
        let message = format!("this chain's range reads `{name}`, which its closures assign; compute the bound into a `let` before the chain");
        return Err(Error::new_spanned(at, message));
    }
    Ok(match result {
        Done::Statement(label) => statement(&pre, label.as_ref(), &index, &range, &body),
        Done::Value(before, after) => {
            let looped = looped(None, &index, &range, &body);
            let stmts = pre.iter().chain(&before);
            syn::parse_quote_spanned!(at.span()=> { #(#stmts)* #looped #after })
        }
    })
}

/// What the consumer adds around the loop.
enum Done {
    /// The loop is a statement (`for_each`, `for`), with its label.
    Statement(Option<syn::Label>),
    /// A value: the statements declaring the accumulators, and the value after it.
    Value(Vec<Stmt>, Expr),
}

fn consume(
    seq: &mut Seq,
    consumer: Consumer,
    body: &mut Vec<Stmt>,
    cx: &mut Cx,
    at: &TokenStream,
) -> Result<Done, Error> {
    let value = |elem: &Elem, what: &str| {
        match elem {
        Elem::Value(value, kind) => Ok((value.clone(), *kind)),
        _ => Err(Error::new_spanned(at, format!("`{what}` needs one value per element here, not a tuple, a row or a view; `.map(..)` the elements to values first"))),
    }
    };
    let (before, after): (Vec<Stmt>, Expr) = match consumer {
        Consumer::Sum(product, turbofish) => {
            let what = if product { "product" } else { "sum" };
            let (elem, kind) = value(&seq.elem, what)?;
            let float = match turbofish {
                Some(syn::Type::Path(path)) => {
                    path.path.is_ident("f64") || path.path.is_ident("f32")
                }
                Some(_) => true,
                None => kind == Kind::Float,
            };
            let start: Expr = match (product, float) {
                (false, true) => syn::parse_quote!(0.0),
                (true, true) => syn::parse_quote!(1.0),
                (false, false) => syn::parse_quote!(0),
                (true, false) => syn::parse_quote!(1),
            };
            let total = cx.fresh.name(what);
            body.push(if product {
                syn::parse_quote!(#total *= #elem;)
            } else {
                syn::parse_quote!(#total += #elem;)
            });
            (
                vec![syn::parse_quote!(let mut #total = #start;)],
                syn::parse_quote!(#total),
            )
        }
        Consumer::Fold(init, f) => fold(seq, init, f, body, cx, at)?,
        Consumer::Collect => {
            let (elem, _) = value(&seq.elem, "collect")?;
            let collected = cx.fresh.name("collected");
            body.push(syn::parse_quote!(#collected.push(#elem);));
            let make: Expr = match seq.range.count() {
                Some(count) => syn::parse_quote!(::std::vec::Vec::with_capacity(#count)),
                None => syn::parse_quote!(::std::vec::Vec::new()),
            };
            (
                vec![syn::parse_quote!(let mut #collected = #make;)],
                syn::parse_quote!(#collected),
            )
        }
        Consumer::ForEach(f) => {
            match strip(f) {
                Expr::Closure(closure) => {
                    let (bound, run) =
                        open(closure, std::slice::from_ref(&seq.elem), cx, cx.hygienic)?;
                    body.extend(bound.lets);
                    body.extend(statements(run, at.span()));
                }
                Expr::Path(path) => {
                    let (elem, _) = value(&seq.elem, "for_each")?;
                    body.push(syn::parse_quote!(#path(#elem);));
                }
                other => return Err(needs_closure(other, "for_each", true)),
            }
            return Ok(Done::Statement(None));
        }
        Consumer::For(node) => {
            let block = Expr::Block(syn::ExprBlock {
                attrs: Vec::new(),
                label: None,
                block: node.body.clone(),
            });
            let (bound, run) = open_pattern(&node.pat, &seq.elem, &block, cx)?;
            body.extend(bound);
            body.extend(statements(run, at.span()));
            return Ok(Done::Statement(node.label.clone()));
        }
        Consumer::Count => {
            if let Elem::Value(value, _) = &seq.elem {
                if chain_bind::has_effect(value) {
                    // Counting runs the closures before it, and what they assign.
                    body.push(syn::parse_quote!(let _ = #value;));
                }
            }
            let count = cx.fresh.name("count");
            body.push(syn::parse_quote!(#count += 1;));
            (
                vec![syn::parse_quote!(let mut #count: usize = 0;)],
                syn::parse_quote!(#count),
            )
        }
        Consumer::All(all, f) => {
            let Expr::Closure(closure) = strip(f) else {
                return Err(needs_closure(f, if all { "all" } else { "any" }, false));
            };
            let elem = chain_bind::materialize(&seq.elem, "item", cx.fresh, body);
            let (bound, cond) = open(closure, &[elem], cx, true)?;
            body.extend(bound.lets);
            let flag = cx.fresh.name(if all { "all" } else { "any" });
            body.push(if all {
                syn::parse_quote!(if !(#cond) { #flag = false; break; })
            } else {
                syn::parse_quote!(if #cond { #flag = true; break; })
            });
            (
                vec![syn::parse_quote!(let mut #flag = #all;)],
                syn::parse_quote!(#flag),
            )
        }
        Consumer::Best(method, f, unwrap, then) => {
            crate::lower::chain_best::best(seq, (method, f, unwrap), then, body, cx, at)?
        }
    };
    Ok(Done::Value(before, after))
}

/// `label: for index in range { body }`.
fn looped(label: Option<&syn::Label>, index: &syn::Ident, range: &Expr, body: &[Stmt]) -> Expr {
    syn::parse_quote!(#label for #index in #range { #(#body)* })
}

/// The loop as a statement, in a block with the statements it needs before it.
fn statement(
    pre: &[Stmt],
    label: Option<&syn::Label>,
    index: &syn::Ident,
    range: &Expr,
    body: &[Stmt],
) -> Expr {
    let looped = looped(label, index, range, body);
    if pre.is_empty() {
        looped
    } else {
        syn::parse_quote!({ #(#pre)* #looped })
    }
}

/// A closure's or a loop's body as statements of the loop body.
pub(crate) fn statements(run: Expr, span: proc_macro2::Span) -> Vec<Stmt> {
    match run {
        Expr::Block(block) if block.label.is_none() && block.attrs.is_empty() => {
            let mut stmts = block.block.stmts;
            if let Some(Stmt::Expr(expr, semi @ None)) = stmts.last_mut() {
                if !matches!(
                    expr,
                    Expr::ForLoop(_)
                        | Expr::While(_)
                        | Expr::Loop(_)
                        | Expr::If(_)
                        | Expr::Match(_)
                        | Expr::Block(_)
                ) {
                    *semi = Some(syn::Token![;](span));
                }
            }
            stmts
        }
        run => vec![Stmt::Expr(run, Some(syn::Token![;](span)))],
    }
}

/// A `for` pattern bound to the element, and the body it runs.
fn open_pattern(
    pat: &syn::Pat,
    elem: &Elem,
    body: &Expr,
    cx: &mut Cx,
) -> Result<(Vec<Stmt>, Expr), Error> {
    let bound = chain_bind::bind(&[pat], std::slice::from_ref(elem), cx.fresh, cx.hygienic)?;
    let run = crate::lower::chain_body::rewrite_body(body, &bound)?;
    Ok((bound.lets, run))
}

/// `fold(init, f)`: `let mut acc = init;` and `acc = f(acc, elem);` in the loop,
/// the accumulator named after `f`'s first parameter when that hides nothing.
fn fold(
    seq: &Seq,
    init: &Expr,
    f: &Expr,
    body: &mut Vec<Stmt>,
    cx: &mut Cx,
    at: &TokenStream,
) -> Result<(Vec<Stmt>, Expr), Error> {
    let closure = match strip(f) {
        Expr::Closure(closure) if closure.inputs.len() == 2 => closure,
        Expr::Path(path) => {
            let Elem::Value(elem, _) = &seq.elem else {
                return Err(Error::new_spanned(f, "this function takes one value per element, but the element here is a tuple or a view; fold with a closure"));
            };
            let acc = cx.fresh.name("acc");
            body.push(syn::parse_quote!(#acc = #path(#acc, #elem);));
            return Ok((
                vec![syn::parse_quote!(let mut #acc = #init;)],
                syn::parse_quote!(#acc),
            ));
        }
        Expr::Closure(closure) => {
            let message = format!(
                "the closure of `.fold(..)` takes two parameters here (`|acc, v| ..`), not {}",
                closure.inputs.len()
            );
            return Err(Error::new_spanned(&closure.inputs, message));
        }
        other => return Err(needs_closure(other, "fold", true)),
    };
    let mut outside = scope::idents(&seq.range.expr());
    for stmt in seq.pre.iter().chain(body.iter()) {
        outside.extend(scope::idents(stmt));
    }
    outside.extend(elem_idents(&seq.elem));
    outside.extend(scope::idents(init));
    if matches!(strip_pat(&closure.inputs[0]), syn::Pat::Tuple(_)) {
        return Err(Error::new_spanned(&closure.inputs[0], "a tuple accumulator is not supported yet; keep each part in a `let mut` and update them in a `for` loop over the same elements"));
    }
    let (acc_pat, ty) = match &closure.inputs[0] {
        syn::Pat::Type(typed) => (&*typed.pat, Some(chain_bind::strip_ref_type(&typed.ty))),
        pat => (pat, None),
    };
    let named = match acc_pat {
        syn::Pat::Ident(ident)
            if ident.subpat.is_none()
                && ident.by_ref.is_none()
                && !cx.hygienic
                && !outside.contains(&ident.ident.to_string()) =>
        {
            Some(ident.ident.clone())
        }
        _ => None,
    };
    let acc = named.clone().unwrap_or_else(|| cx.fresh.name("acc"));
    let (bound, next) = match &named {
        Some(_) => {
            let (bound, next) = open_one(closure, &seq.elem, cx)?;
            (bound, next)
        }
        None => open(
            closure,
            &[
                Elem::Value(syn::parse_quote!(#acc), Kind::Float),
                seq.elem.clone(),
            ],
            cx,
            cx.hygienic,
        )?,
    };
    body.extend(bound.lets);
    let names: BTreeSet<String> = [acc.to_string()].into();
    match next {
        Expr::Block(block)
            if block.label.is_none() && !scope::binds_any(&Expr::Block(block.clone()), &names) =>
        {
            let mut stmts = block.block.stmts;
            let Some(Stmt::Expr(tail, None)) = stmts.pop() else {
                return Err(Error::new_spanned(at, "the closure of `.fold(..)` must end with the next accumulator value (an expression without `;`)"));
            };
            body.extend(stmts);
            body.push(syn::parse_quote!(#acc = #tail;));
        }
        next => body.push(syn::parse_quote!(#acc = #next;)),
    }
    let declare: Stmt = match ty {
        Some(ty) => syn::parse_quote!(let mut #acc: #ty = #init;),
        None => syn::parse_quote!(let mut #acc = #init;),
    };
    Ok((vec![declare], syn::parse_quote!(#acc)))
}

/// `f`'s second parameter bound to the element, its first one left as it is (the
/// accumulator's own name).
fn open_one(
    closure: &syn::ExprClosure,
    elem: &Elem,
    cx: &mut Cx,
) -> Result<(chain_bind::Bound, Expr), Error> {
    if let Some(ret) = scope::find_return(&closure.body) {
        return Err(Error::new_spanned(ret, "`return` inside a closure of an iterator chain: `#[differentiate]` inlines the closure into a loop, where `return` would leave the function; make the value the closure's last expression"));
    }
    let bound = chain_bind::bind(
        &[&closure.inputs[1]],
        std::slice::from_ref(elem),
        cx.fresh,
        false,
    )?;
    let body = crate::lower::chain_body::rewrite_body(&closure.body, &bound)?;
    Ok((bound, body))
}

fn strip_pat(pat: &syn::Pat) -> &syn::Pat {
    match pat {
        syn::Pat::Type(typed) => strip_pat(&typed.pat),
        syn::Pat::Paren(inner) => strip_pat(&inner.pat),
        other => other,
    }
}

fn elem_idents(elem: &Elem) -> BTreeSet<String> {
    match elem {
        Elem::Value(expr, _) | Elem::Alias(expr) => scope::idents(expr),
        Elem::Tuple(items) => items.iter().flat_map(elem_idents).collect(),
    }
}
