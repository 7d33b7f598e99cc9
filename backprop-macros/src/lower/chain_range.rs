//! The index range an iterator chain becomes, and the index arithmetic on it. A
//! chain's loop runs its index `i` over `lo..hi`, maybe reversed or stepped; every
//! element is an expression in `i`. `skip`, `take`, `step_by` and `rev` change the
//! range, not the elements, so they fold into its bounds as one writes them by hand.
//!
//! Input:  `x.iter().skip(1)`, `.rev()`, `.take(n)`, `.step_by(2)`
//! Output: `1..x.len()`, `(0..x.len()).rev()`, `0..x.len().min(n)`, `(0..x.len()).step_by(2)`

use quote::ToTokens;
use syn::{BinOp, Expr};

/// `lo..hi`, then each step in order.
#[derive(Clone)]
pub(crate) struct Range {
    pub(crate) lo: Expr,
    pub(crate) hi: Expr,
    pub(crate) steps: Vec<Step>,
}

#[derive(Clone)]
pub(crate) enum Step {
    Rev,
    By(Expr),
}

impl Range {
    pub(crate) fn new(lo: Expr, hi: Expr) -> Range {
        Range {
            lo,
            hi,
            steps: Vec::new(),
        }
    }

    /// The range as the `for` loop iterates it.
    pub(crate) fn expr(&self) -> Expr {
        let (lo, hi) = (&self.lo, &self.hi);
        let mut expr: Expr = syn::parse_quote!(#lo..#hi);
        if self.steps.is_empty() {
            return expr;
        }
        expr = syn::parse_quote!((#expr));
        for step in &self.steps {
            expr = match step {
                Step::Rev => syn::parse_quote!(#expr.rev()),
                Step::By(by) => syn::parse_quote!(#expr.step_by(#by)),
            };
        }
        expr
    }

    fn shape(&self) -> Option<(bool, Option<&Expr>, bool)> {
        // (reversed before the step, step, reversed after it)
        match self.steps.as_slice() {
            [] => Some((false, None, false)),
            [Step::Rev] => Some((true, None, false)),
            [Step::By(by)] => Some((false, Some(by), false)),
            [Step::Rev, Step::By(by)] => Some((true, Some(by), false)),
            [Step::By(by), Step::Rev] => Some((false, Some(by), true)),
            _ => None,
        }
    }

    /// How many elements the range has.
    pub(crate) fn count(&self) -> Option<Expr> {
        let len = sat_sub(&self.hi, &self.lo);
        Some(match self.shape()? {
            (_, Some(by), _) => div_ceil(&len, by),
            _ => len,
        })
    }

    /// The position (0, 1, ..) of the element at index `i`.
    pub(crate) fn position(&self, i: &Expr) -> Option<Expr> {
        let last = sub(&self.hi, &lit(1));
        Some(match self.shape()? {
            (false, None, _) => sub(i, &self.lo),
            (true, None, _) => sub(&last, i),
            (false, Some(by), false) => div(&sub(i, &self.lo), by),
            (true, Some(by), _) => div(&sub(&last, i), by),
            (false, Some(by), true) => {
                let count = self.count()?;
                sub(&sub(&count, &lit(1)), &div(&sub(i, &self.lo), by))
            }
        })
    }

    /// The index of the element at position `k`.
    pub(crate) fn index_at(&self, k: &Expr) -> Option<Expr> {
        let last = sub(&self.hi, &lit(1));
        Some(match self.shape()? {
            (false, None, _) => add(&self.lo, k),
            (true, None, _) => sub(&last, k),
            (false, Some(by), false) => add(&self.lo, &mul(k, by)),
            (true, Some(by), _) => sub(&last, &mul(k, by)),
            (false, Some(by), true) => {
                let count = self.count()?;
                add(&self.lo, &mul(&sub(&sub(&count, &lit(1)), k), by))
            }
        })
    }

    /// `.skip(n)`; `Err` when the range is stepped and reversed.
    pub(crate) fn skip(&mut self, n: &Expr) -> Result<(), ()> {
        match self.shape().ok_or(())? {
            (false, None, _) => self.lo = add(&self.lo, n),
            (true, None, _) => self.hi = sat_sub(&self.hi, n),
            (false, Some(by), false) => self.lo = add(&self.lo, &mul(n, by)),
            _ => return Err(()),
        }
        Ok(())
    }

    /// `.take(n)`; `Err` when the range is stepped and reversed.
    pub(crate) fn take(&mut self, n: &Expr) -> Result<(), ()> {
        match self.shape().ok_or(())? {
            (false, None, _) => self.hi = min(&self.hi, &add(&self.lo, n)),
            (true, None, _) => self.lo = max(&self.lo, &sat_sub(&self.hi, n)),
            (false, Some(by), false) => self.hi = min(&self.hi, &add(&self.lo, &mul(n, by))),
            _ => return Err(()),
        }
        Ok(())
    }

    pub(crate) fn step_by(&mut self, k: &Expr) {
        match self.steps.last_mut() {
            Some(Step::By(by)) => *by = mul(by, k),
            _ => self.steps.push(Step::By(k.clone())),
        }
    }

    pub(crate) fn rev(&mut self) {
        match self.steps.last() {
            Some(Step::Rev) => {
                self.steps.pop();
            }
            _ => self.steps.push(Step::Rev),
        }
    }
}

/// An integer literal.
pub(crate) fn lit(n: u128) -> Expr {
    let lit = proc_macro2::Literal::u128_unsuffixed(n);
    syn::parse_quote!(#lit)
}

/// The value of an integer literal (`3`, `3usize`).
pub(crate) fn int(expr: &Expr) -> Option<u128> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse().ok(),
        Expr::Paren(inner) => int(&inner.expr),
        _ => None,
    }
}

/// Whether two expressions are the same code.
pub(crate) fn same(a: &Expr, b: &Expr) -> bool {
    a.to_token_stream().to_string() == b.to_token_stream().to_string()
}

fn binary(a: &Expr, op: BinOp, b: &Expr) -> Expr {
    let strong = |e: &Expr, left: bool| -> Expr {
        let keep = match (e, &op) {
            (Expr::Binary(inner), BinOp::Add(_) | BinOp::Sub(_)) => {
                matches!(inner.op, BinOp::Mul(_) | BinOp::Div(_))
                    || (left && matches!(inner.op, BinOp::Add(_) | BinOp::Sub(_)))
            }
            (Expr::Binary(inner), _) => left && matches!(inner.op, BinOp::Mul(_) | BinOp::Div(_)),
            _ => false,
        };
        if keep {
            e.clone()
        } else {
            crate::lower::scope::atom(e.clone())
        }
    };
    let (a, b) = (strong(a, true), strong(b, false));
    syn::parse_quote!(#a #op #b)
}

pub(crate) fn add(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) => lit(x + y),
        (Some(0), _) => b.clone(),
        (_, Some(0)) => a.clone(),
        (Some(_), None) => binary(b, syn::parse_quote!(+), a),
        _ => binary(a, syn::parse_quote!(+), b),
    }
}

pub(crate) fn sub(a: &Expr, b: &Expr) -> Expr {
    if same(a, b) {
        return lit(0);
    }
    match (int(a), int(b)) {
        (Some(x), Some(y)) if x >= y => return lit(x - y),
        (_, Some(0)) => return a.clone(),
        _ => {}
    }
    // `(x + c) - x` is `c`.
    if let Expr::Binary(sum) = strip(a) {
        if matches!(sum.op, BinOp::Add(_)) {
            if same(&sum.left, b) {
                return (*sum.right).clone();
            }
            if same(&sum.right, b) {
                return (*sum.left).clone();
            }
            // `(x + 3) - 1` is `x + 2`.
            if let (Some(c), Some(d)) = (int(&sum.right), int(b)) {
                if c >= d {
                    return add(&sum.left, &lit(c - d));
                }
            }
        }
    }
    binary(a, syn::parse_quote!(-), b)
}

pub(crate) fn mul(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) => lit(x * y),
        (Some(0), _) | (_, Some(0)) => lit(0),
        (Some(1), _) => b.clone(),
        (_, Some(1)) => a.clone(),
        _ => binary(a, syn::parse_quote!(*), b),
    }
}

pub(crate) fn div(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) if y > 0 => lit(x / y),
        (_, Some(1)) => a.clone(),
        _ => binary(a, syn::parse_quote!(/), b),
    }
}

fn method(a: &Expr, name: &str, b: &Expr) -> Expr {
    let a = crate::lower::scope::atom(a.clone());
    let name = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    syn::parse_quote!(#a.#name(#b))
}

pub(crate) fn min(a: &Expr, b: &Expr) -> Expr {
    if same(a, b) {
        return a.clone();
    }
    if let (Some(x), Some(y)) = (int(a), int(b)) {
        return lit(x.min(y));
    }
    // `a.min(a.saturating_sub(c))` is `a.saturating_sub(c)`.
    if let Expr::MethodCall(call) = strip(b) {
        if call.method == "saturating_sub" && same(&call.receiver, a) {
            return b.clone();
        }
    }
    method(a, "min", b)
}

pub(crate) fn max(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) => lit(x.max(y)),
        (Some(0), _) => b.clone(),
        (_, Some(0)) => a.clone(),
        _ if same(a, b) => a.clone(),
        _ => method(a, "max", b),
    }
}

/// `a - b`, or 0 when `b > a`.
pub(crate) fn sat_sub(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) => lit(x.saturating_sub(y)),
        (_, Some(0)) => a.clone(),
        _ if same(a, b) => lit(0),
        _ => method(a, "saturating_sub", b),
    }
}

pub(crate) fn div_ceil(a: &Expr, b: &Expr) -> Expr {
    match (int(a), int(b)) {
        (Some(x), Some(y)) if y > 0 => lit(x.div_ceil(y)),
        (_, Some(1)) => a.clone(),
        _ => method(a, "div_ceil", b),
    }
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip(&inner.expr),
        other => other,
    }
}
