//! Iterator chains, desugared into one index loop each before lowering (after
//! `iterate.rs`, which keeps the simple forms it has always written): a source
//! (`chain_source.rs`), adapters (`chain_adapt.rs`) and a consumer (`chain_loop.rs`,
//! `chain_best.rs`), read from the method chain outermost first.
//!
//! Input:  `x.iter().zip(y).map(|(a, b)| (a - b).powi(2)).sum::<f64>()`
//! Output: `{ let mut sum = 0.0; for i in 0..x.len().min(y.len()) { let a = x[i];
//!            let b = y[i]; sum += (a - b).powi(2); } sum }`
//!
//! The rewrite runs outside in: a view (`windows`) or a row bound by a closure is
//! replaced in the closure's body before the chains inside it are read.

use crate::error::Errors;
use crate::lower::chain_adapt::{adapt, ADAPTERS};
use crate::lower::chain_loop::{finish, Consumer, Then};
use crate::lower::chain_source::{self, Seq, Shapes};
use crate::lower::scope::{self, Fresh};
use quote::ToTokens;
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Error, Expr, ExprMethodCall};

/// What the chain rewrites share.
pub(crate) struct Cx<'a> {
    pub(crate) shapes: &'a Shapes,
    pub(crate) fresh: &'a mut Fresh,
    /// Inside code the lowering keeps as written: bind fresh names only.
    pub(crate) hygienic: bool,
    /// The function's float type (`f64` or `f32`).
    pub(crate) float: &'a syn::Ident,
}

/// Iterator adapters `#[differentiate]` does not desugar, reported by name.
const UNSUPPORTED_ADAPTERS: &[&str] = &[
    "flat_map",
    "flatten",
    "filter_map",
    "scan",
    "take_while",
    "skip_while",
    "map_while",
    "chain",
    "peekable",
    "cycle",
    "fuse",
    "iter_mut",
    "map_windows",
];

/// Iterator consumers `#[differentiate]` does not desugar, reported by name (the
/// supported ones too, called with other arguments than they take).
const UNSUPPORTED_CONSUMERS: &[&str] = &[
    "collect",
    "last",
    "nth",
    "position",
    "find",
    "min",
    "max",
    "max_by_key",
    "min_by_key",
    "partition",
    "try_fold",
    "try_for_each",
    "rposition",
    "unzip",
    "max_by",
    "min_by",
    "reduce",
    "sum",
    "product",
    "fold",
    "for_each",
    "count",
    "all",
    "any",
];

/// A closure nothing inlines.
const LEFTOVER: &str = "a closure here is not supported: `#[differentiate]` inlines closures bound by `let` and called (`let f = |v| v * v; f(x)`), and closures passed to the iterator adapters it desugars over arrays, slices and ranges (`x.iter().map(|v| v * v).sum::<f64>()`); write the expression inline";

/// Rewrites the iterator chains in `body` into index loops.
pub(crate) fn rewrite(body: &mut Block, shapes: &Shapes, fresh: &mut Fresh, errors: &mut Errors) {
    Chains {
        shapes,
        fresh,
        errors,
        verbatim: 0,
    }
    .visit_block_mut(body);
}

struct Chains<'a> {
    shapes: &'a Shapes,
    fresh: &'a mut Fresh,
    errors: &'a mut Errors,
    verbatim: usize,
}

/// A source and its adapters: `None` if `expr` is not a chain, `Err` if it is one
/// that cannot be desugared. `later`: the names the rest of the chain mentions.
/// `bare`: an array by itself is a source (`for v in &x`, `.zip(y)`).
pub(crate) fn sequence(
    expr: &Expr,
    bare: bool,
    later: &BTreeSet<String>,
    cx: &mut Cx,
) -> Option<Result<Seq, Error>> {
    let mut calls: Vec<&ExprMethodCall> = Vec::new();
    let mut root = expr;
    while let Expr::MethodCall(call) = root {
        if !ADAPTERS.contains(&call.method.to_string().as_str()) {
            break;
        }
        calls.push(call);
        root = &call.receiver;
    }
    let mut seq = match chain_source::source(
        root,
        bare || !calls.is_empty() && is_array_like(root),
        cx.shapes,
        cx.fresh,
    ) {
        Some(Ok(seq)) => seq,
        Some(Err(error)) => return Some(Err(error)),
        None => {
            return match root {
                Expr::MethodCall(call)
                    if UNSUPPORTED_ADAPTERS.contains(&call.method.to_string().as_str())
                        && reaches_source(&call.receiver) =>
                {
                    Some(Err(unsupported(call)))
                }
                _ => None,
            }
        }
    };
    // Each adapter's `later`: what the adapters after it and the consumer mention.
    let mut laters = Vec::with_capacity(calls.len());
    let mut names = later.clone();
    for call in &calls {
        laters.push(names.clone());
        names.extend(call.args.iter().flat_map(scope::idents));
    }
    for (call, later) in calls.iter().zip(laters).rev() {
        seq = match adapt(seq, call, &later, cx) {
            Ok(seq) => seq,
            Err(error) => return Some(Err(error)),
        };
    }
    Some(Ok(seq))
}

/// `&x[a..b]` or `(&x)`: an array by itself under adapters is unusual but clear.
fn is_array_like(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(inner) => is_array_like(&inner.expr),
        Expr::Reference(_) => true,
        _ => false,
    }
}

/// Whether a chain of method calls starts at an array or a range.
fn reaches_source(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(call) => {
            matches!(
                call.method.to_string().as_str(),
                "iter" | "into_iter" | "windows" | "chunks" | "chunks_exact"
            ) || reaches_source(&call.receiver)
        }
        Expr::Paren(inner) => reaches_source(&inner.expr),
        Expr::Range(_) => true,
        _ => false,
    }
}

fn unsupported(call: &ExprMethodCall) -> Error {
    let method = &call.method;
    let message = match method.to_string().as_str() {
        "collect" => "`#[differentiate]` collects a chain into a `Vec` only (`.collect::<Vec<_>>()`, or `let v: Vec<f64> = ..collect();`)".to_owned(),
        "max_by" | "min_by" | "reduce" => format!("`.{method}(..)` is supported unwrapped (`.{method}(..).unwrap()`)"),
        "min" | "max" => format!("`.{method}()` needs `Ord` elements; for floats write `.fold(f64::NEG_INFINITY, f64::max)` or `.max_by(|a, b| a.total_cmp(b)).unwrap()`"),
        name => format!("`.{name}(..)` is not supported in an iterator chain by `#[differentiate]`; it supports `map`, `filter`, `enumerate`, `zip`, `skip`, `take`, `step_by`, `rev`, `copied`, `cloned`, `inspect`, consumed by `sum`, `product`, `fold`, `for_each`, `count`, `all`, `any`, `max_by`/`min_by`/`reduce` with `.unwrap()`, or a `for` loop; write the loop by hand"),
    };
    Error::new_spanned(method, message)
}

impl Chains<'_> {
    fn cx(&mut self) -> Cx<'_> {
        Cx {
            shapes: self.shapes,
            fresh: self.fresh,
            hygienic: self.verbatim > 0,
            float: &self.shapes.float,
        }
    }

    /// The loop `expr` desugars to, if it is a consumed chain.
    fn desugar(&mut self, expr: &Expr) -> Option<Result<Expr, Error>> {
        if let Expr::ForLoop(node) = expr {
            let at = node.expr.to_token_stream();
            if crate::lower::loop_scan::is_range(&node.expr) {
                return None;
            }
            let later = scope::idents(&node.body);
            let mut cx = self.cx();
            let seq = sequence(&node.expr, true, &later, &mut cx)?;
            return Some(seq.and_then(|seq| finish(seq, Consumer::For(node), &mut cx, &at)));
        }
        let (call, then) = consumer_call(expr)?;
        let method = call.method.to_string();
        let args: Vec<&Expr> = call.args.iter().collect();
        let consumer = match (method.as_str(), args.as_slice()) {
            ("sum" | "product", []) => {
                let turbofish = call.turbofish.as_ref().and_then(|t| match t.args.first() {
                    Some(syn::GenericArgument::Type(ty)) => Some(ty),
                    _ => None,
                });
                Consumer::Sum(method == "product", turbofish)
            }
            ("fold", [init, f]) => Consumer::Fold(init, f),
            ("collect", []) if collects_vec(call) => Consumer::Collect,
            ("for_each", [f]) => Consumer::ForEach(f),
            ("count", []) => Consumer::Count,
            ("all", [f]) => Consumer::All(true, f),
            ("any", [f]) => Consumer::All(false, f),
            ("max_by" | "min_by" | "reduce", [f]) if then.is_some() => {
                let (then, unwrap) = then?;
                Consumer::Best(&call.method, f, unwrap, then)
            }
            _ => {
                let mut cx = self.cx();
                return match sequence(&call.receiver, false, &BTreeSet::new(), &mut cx)? {
                    Ok(_) if UNSUPPORTED_CONSUMERS.contains(&method.as_str()) => {
                        Some(Err(unsupported(call)))
                    }
                    Ok(_) => None,
                    Err(error) => Some(Err(error)),
                };
            }
        };
        let later: BTreeSet<String> = call.args.iter().flat_map(scope::idents).collect();
        let at = call.method.to_token_stream();
        let mut cx = self.cx();
        let seq = sequence(&call.receiver, false, &later, &mut cx)?;
        Some(seq.and_then(|seq| finish(seq, consumer, &mut cx, &at)))
    }
}

/// `collect()` or `collect::<Vec<_>>()` (a `let`'s type says what else it could be).
fn collects_vec(call: &ExprMethodCall) -> bool {
    match call
        .turbofish
        .as_ref()
        .and_then(|turbofish| turbofish.args.first())
    {
        None => true,
        Some(syn::GenericArgument::Type(syn::Type::Path(path))) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "Vec"),
        Some(_) => false,
    }
}

/// What follows `max_by(..)`, and its `.unwrap()` / `.expect(..)`.
type Unwrapped<'a> = (Vec<Then<'a>>, &'a ExprMethodCall);

/// The consumer call of `expr`, and for `max_by`/`min_by`/`reduce` what follows it
/// (`None` when it is not unwrapped).
fn consumer_call(expr: &Expr) -> Option<(&ExprMethodCall, Option<Unwrapped<'_>>)> {
    let mut then = Vec::new();
    let mut at = expr;
    if let Expr::Field(field) = at {
        if let syn::Member::Unnamed(index) = &field.member {
            then.push(Then::Field(index.index));
            at = &field.base;
        }
    }
    let Expr::MethodCall(call) = at else {
        return None;
    };
    if call.method != "unwrap" && call.method != "expect" {
        return then.is_empty().then_some((call, None));
    }
    let mut inner = &*call.receiver;
    let mut maps = Vec::new();
    while let Expr::MethodCall(map) = inner {
        if map.method != "map" || map.args.len() != 1 {
            break;
        }
        // `max_by(..).map(f)`: a map of the option, not of the iterator.
        let Expr::MethodCall(below) = &*map.receiver else {
            break;
        };
        if !["max_by", "min_by", "reduce", "map"].contains(&below.method.to_string().as_str()) {
            break;
        }
        maps.push(Then::Map(&map.args[0]));
        inner = &map.receiver;
    }
    let Expr::MethodCall(best) = inner else {
        return None;
    };
    if !["max_by", "min_by", "reduce"].contains(&best.method.to_string().as_str()) {
        return None;
    }
    maps.reverse();
    maps.extend(then);
    Some((best, Some((maps, call))))
}

impl VisitMut for Chains<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let names = self.fresh.snapshot();
        if let Some(result) = self.desugar(expr) {
            match result {
                Ok(rewritten) => {
                    *expr = rewritten;
                    self.visit_expr_mut(expr);
                    // The loop's names are scoped to it: a later chain may use them.
                    self.fresh.restore(names);
                }
                Err(error) => {
                    self.errors.add(error);
                    *expr = match expr {
                        Expr::ForLoop(_) => syn::parse_quote!({}),
                        _ => syn::parse_quote!(0.0),
                    };
                }
            }
            return;
        }
        // Not a chain: what reading it as one named is free again.
        self.fresh.restore(names);
        let verbatim = |this: &mut Self, inner: &mut Expr| {
            this.verbatim += 1;
            this.visit_expr_mut(inner);
            this.verbatim -= 1;
        };
        // A closure passed where no chain takes it: reported once, with the call.
        let args = match &*expr {
            Expr::MethodCall(call) => Some(&call.args),
            Expr::Call(call) => Some(&call.args),
            _ => None,
        };
        if let Some(closure) =
            args.and_then(|args| args.iter().find(|arg| matches!(arg, Expr::Closure(_))))
        {
            self.errors.push(closure, LEFTOVER);
            *expr = syn::parse_quote!(0.0);
            return;
        }
        match expr {
            Expr::Closure(closure) => {
                self.errors.push(&*closure, LEFTOVER);
                *expr = syn::parse_quote!(0.0);
            }
            Expr::If(node) => {
                verbatim(self, &mut node.cond);
                self.visit_block_mut(&mut node.then_branch);
                if let Some((_, els)) = &mut node.else_branch {
                    self.visit_expr_mut(els);
                }
            }
            Expr::While(node) => {
                verbatim(self, &mut node.cond);
                self.visit_block_mut(&mut node.body);
            }
            Expr::Match(node) => {
                verbatim(self, &mut node.expr);
                for arm in &mut node.arms {
                    if let Some((_, guard)) = &mut arm.guard {
                        verbatim(self, guard);
                    }
                    self.visit_expr_mut(&mut arm.body);
                }
            }
            Expr::Index(node) => {
                self.visit_expr_mut(&mut node.expr);
                verbatim(self, &mut node.index);
            }
            Expr::ForLoop(node) => {
                verbatim(self, &mut node.expr);
                self.visit_block_mut(&mut node.body);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}
