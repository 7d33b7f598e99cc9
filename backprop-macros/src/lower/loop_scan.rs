//! Loop analysis before lowering: which variables a loop carries from one iteration
//! to the next, which of them can depend on a differentiated parameter, and the trip
//! count when it is known at compile time; and which gates of a loop body can move
//! before the loop.

use crate::ir::flow::Count;
use crate::ir::names::plain;
use crate::lower::Lowerer;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use std::collections::BTreeSet;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Local, RangeLimits, Stmt};

/// Names declared outside the loop and assigned (not shadowed by `let`) inside it, in
/// order of appearance.
pub(crate) fn carried_names(lowerer: &Lowerer, stmts: &[Stmt]) -> Vec<String> {
    let mut assigned = Assignments::default();
    for stmt in stmts {
        assigned.visit_stmt(stmt);
    }
    let mut names = Vec::new();
    for name in assigned.assigned {
        let ident = Ident::new(&name, proc_macro2::Span::call_site());
        if lowerer.lookup(&ident).is_some() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Arrays declared outside the loop whose elements it assigns (`a[i] = ..`,
/// `a[i][j] += ..`): they change in place, so a read of one is not loop-invariant.
pub(crate) fn stored_arrays(lowerer: &Lowerer, stmts: &[Stmt]) -> Vec<crate::ir::VarId> {
    let mut assigned = Assignments::default();
    for stmt in stmts {
        assigned.visit_stmt(stmt);
    }
    assigned
        .elements
        .iter()
        .filter_map(|name| lowerer.lookup(&Ident::new(name, proc_macro2::Span::call_site())))
        .collect()
}

/// Names that may hold a differentiated value somewhere in the loop: a fixpoint over
/// its assignments, flow-insensitive (so it can only over-approximate, which costs a
/// little work but never a wrong derivative).
pub(crate) fn active_names(
    lowerer: &Lowerer,
    stmts: &[Stmt],
    carried: &[String],
) -> BTreeSet<String> {
    let mut assigned = Assignments::default();
    for stmt in stmts {
        assigned.visit_stmt(stmt);
    }
    let mut active: BTreeSet<String> = BTreeSet::new();
    let is_active = |name: &str, set: &BTreeSet<String>| {
        set.contains(name) || {
            let ident = Ident::new(name, proc_macro2::Span::call_site());
            lowerer
                .lookup(&ident)
                .is_some_and(|var| lowerer.tape.vars[var].active)
        }
    };
    loop {
        let before = active.len();
        for (name, reads) in &assigned.pairs {
            if reads.iter().any(|read| is_active(read, &active)) {
                active.insert(name.clone());
            }
        }
        if active.len() == before {
            break;
        }
    }
    active.retain(|name| carried.contains(name));
    active
}

/// Every assignment (`let`, `=`, `op=`) in a loop body: the name and what it reads.
#[derive(Default)]
struct Assignments {
    pairs: Vec<(String, Vec<String>)>,
    /// Names assigned with `=` or `op=` (not declared with `let`).
    assigned: Vec<String>,
    /// Arrays assigned into element by element.
    elements: Vec<String>,
}

impl<'ast> Visit<'ast> for Assignments {
    fn visit_local(&mut self, local: &'ast Local) {
        if let (Some(ident), Some(init)) = (binding(&local.pat), &local.init) {
            self.pairs.push((plain(&ident), reads(&init.expr)));
        }
        visit::visit_local(self, local);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Assign(assign) => {
                if let Some(name) = target(&assign.left) {
                    self.assigned.push(name.clone());
                    self.pairs.push((name, reads(&assign.right)));
                } else if let Some(name) = element_target(&assign.left) {
                    // `a[i] = v` changes the array in place: not a carried name, but
                    // what it holds may be active.
                    self.elements.push(name.clone());
                    self.pairs.push((name, reads(&assign.right)));
                }
            }
            Expr::Binary(binary) if crate::lower::passive::is_compound_assignment(&binary.op) => {
                if let Some(name) = target(&binary.left) {
                    let mut read = reads(&binary.right);
                    read.push(name.clone());
                    self.assigned.push(name.clone());
                    self.pairs.push((name, read));
                } else if let Some(name) = element_target(&binary.left) {
                    self.elements.push(name.clone());
                    self.pairs.push((name, reads(&binary.right)));
                }
            }
            _ => {}
        }
        visit::visit_expr(self, expr);
    }
}

fn binding(pat: &syn::Pat) -> Option<Ident> {
    match pat {
        syn::Pat::Type(typed) => binding(&typed.pat),
        other => crate::lower::stmt::binding_ident(other),
    }
}

fn target(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(path) => path.path.get_ident().map(plain),
        _ => None,
    }
}

/// The array assigned into by `a[i]..[j] = ..`.
fn element_target(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Index(index) => element_target(&index.expr).or_else(|| target(&index.expr)),
        Expr::Paren(inner) => element_target(&inner.expr),
        _ => None,
    }
}

/// The single-segment names an expression reads.
fn reads(expr: &Expr) -> Vec<String> {
    struct Reads(Vec<String>);
    impl<'ast> Visit<'ast> for Reads {
        fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
            if let Some(ident) = path.path.get_ident() {
                self.0.push(plain(ident));
            }
        }
    }
    let mut reads = Reads(Vec::new());
    reads.visit_expr(expr);
    reads.0
}

/// The trip count of `a..b`, `a..=b`, `(a..b).rev()`, `(a..b).step_by(k)` with
/// integer literals, or with bounds that `constant` turns into constant expressions
/// (`const` items, the length of an array); `None` when it is only known at run time.
pub(crate) fn trip_count(
    expr: &Expr,
    constant: &dyn Fn(&Expr) -> Option<TokenStream>,
) -> Option<Count> {
    match expr {
        Expr::Paren(inner) => trip_count(&inner.expr, constant),
        Expr::Group(inner) => trip_count(&inner.expr, constant),
        Expr::MethodCall(call) if call.method == "rev" && call.args.is_empty() => {
            trip_count(&call.receiver, constant)
        }
        Expr::MethodCall(call) if call.method == "step_by" && call.args.len() == 1 => {
            let step = integer(&call.args[0])?;
            if step <= 0 {
                return None;
            }
            match trip_count(&call.receiver, constant)? {
                Count::Known(len) => Some(Count::Known(len.div_ceil(step as usize))),
                Count::Const(len) => {
                    let step = proc_macro2::Literal::usize_unsuffixed(step as usize);
                    Some(Count::Const(quote!(usize::div_ceil(#len, #step))))
                }
            }
        }
        Expr::Range(range) => {
            let (start, end) = (range.start.as_deref()?, range.end.as_deref()?);
            let closed = matches!(range.limits, RangeLimits::Closed(_));
            if let (Some(from), Some(to)) = (integer(start), integer(end)) {
                let len = if closed { to - from + 1 } else { to - from };
                return Some(Count::Known(usize::try_from(len.max(0)).ok()?));
            }
            let from = integer(start).map_or_else(
                || constant(start),
                |from| {
                    Some(
                        proc_macro2::Literal::usize_unsuffixed(from.max(0) as usize)
                            .into_token_stream(),
                    )
                },
            )?;
            let to = integer(end).map_or_else(
                || constant(end),
                |to| {
                    Some(
                        proc_macro2::Literal::usize_unsuffixed(to.max(0) as usize)
                            .into_token_stream(),
                    )
                },
            )?;
            let to = if closed { quote!((#to + 1)) } else { to };
            Some(Count::Const(if integer(start) == Some(0) {
                to
            } else {
                quote!(usize::saturating_sub(#to, #from))
            }))
        }
        _ => None,
    }
}

/// At most how many times `start..end` runs when only its end is known at compile
/// time (`col + 1..D`: at most `D`, the start being a `usize`).
pub(crate) fn trip_bound(
    expr: &Expr,
    constant: &dyn Fn(&Expr) -> Option<TokenStream>,
) -> Option<Count> {
    match expr {
        Expr::Paren(inner) => trip_bound(&inner.expr, constant),
        Expr::Group(inner) => trip_bound(&inner.expr, constant),
        Expr::MethodCall(call) if call.method == "rev" && call.args.is_empty() => {
            trip_bound(&call.receiver, constant)
        }
        Expr::Range(range) => {
            let end = range.end.as_deref()?;
            let end = match integer(end) {
                Some(end) => {
                    proc_macro2::Literal::usize_unsuffixed(usize::try_from(end.max(0)).ok()?)
                        .into_token_stream()
                }
                None => constant(end)?,
            };
            Some(Count::Const(match range.limits {
                RangeLimits::HalfOpen(_) => end,
                RangeLimits::Closed(_) => quote!((#end + 1)),
            }))
        }
        _ => None,
    }
}

fn integer(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(lit),
            ..
        }) => lit.base10_parse().ok(),
        Expr::Paren(inner) => integer(&inner.expr),
        _ => None,
    }
}

/// Whether `expr` is a range the backward pass can replay (`a..b`, `a..=b`,
/// optionally `.rev()` / `.step_by(k)`).
pub(crate) fn is_range(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(inner) => is_range(&inner.expr),
        Expr::Group(inner) => is_range(&inner.expr),
        Expr::MethodCall(call) if matches!(call.method.to_string().as_str(), "rev" | "step_by") => {
            is_range(&call.receiver)
        }
        Expr::Range(range) => range.start.is_some() && range.end.is_some(),
        _ => false,
    }
}

impl Lowerer<'_> {
    /// Where a gate in a loop body that reads only values from before the loop can
    /// go instead: the index of the block enclosing the loop in `open`.
    pub(crate) fn loop_invariant(&self, op: &crate::ir::GateOp) -> Option<usize> {
        let innermost = self.loops.last()?;
        let body = innermost.body_block;
        if self.current_block() != body || self.open.len() < 2 {
            return None;
        }
        let reads = match op {
            crate::ir::GateOp::Diff(op) => op
                .inputs()
                .into_iter()
                .filter_map(|input| input.var())
                .collect(),
            crate::ir::GateOp::Passive(_, reads) => reads.clone(),
            crate::ir::GateOp::Effect(..)
            | crate::ir::GateOp::Copy(_)
            | crate::ir::GateOp::Call(_)
            | crate::ir::GateOp::Index { .. }
            | crate::ir::GateOp::Store { .. }
            | crate::ir::GateOp::ArrayGate { .. }
            | crate::ir::GateOp::Pack(_) => return None,
        };
        reads
            .iter()
            .all(|&var| self.tape.vars[var].block < body && !innermost.stored.contains(&var))
            .then(|| self.open.len() - 2)
    }
}
