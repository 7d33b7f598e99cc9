//! Where an iterator chain starts: an array, a slice, a sub-slice, a range, windows
//! or chunks. Each becomes a range of indices and the element at index `i`.
//!
//! Input:  `x.iter()`, `x[1..n - 1].iter()`, `(0..n)`, `x.windows(2)`, `x.chunks(3)`
//! Output: `0..N` / `x[i]`, `1..n - 1` / `x[i]`, `0..n` / `i`,
//!         `0..x.len().saturating_sub(1)` / the view `x[i..i + 2]`,
//!         `(0..x.len()).step_by(3)` / the view `x[i..(i + 3).min(x.len())]`

use crate::lower::chain_bind::{Elem, Kind};
use crate::lower::chain_range::{self as ix, Range};
use crate::lower::scope::Fresh;
use proc_macro2::Ident;
use syn::{Expr, FnArg, Pat, Stmt, Type};

/// The shape of each array and slice parameter: its length per dimension (`None`
/// for a slice's), outermost first.
pub(crate) struct Shapes {
    params: Vec<(String, Vec<Option<Expr>>)>,
    /// The function's float type: `f32` if its signature names it, else `f64`.
    pub(crate) float: Ident,
}

impl Shapes {
    pub(crate) fn of(item: &syn::ItemFn) -> Shapes {
        let params = item
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                FnArg::Typed(typed) => match &*typed.pat {
                    Pat::Ident(pat) => Some((pat.ident.to_string(), lengths(&typed.ty))),
                    _ => None,
                },
                FnArg::Receiver(_) => None,
            })
            .filter(|(_, lengths)| !lengths.is_empty())
            .collect();
        let f32 = crate::lower::scope::idents(&item.sig).contains("f32");
        let float = Ident::new(
            if f32 { "f32" } else { "f64" },
            proc_macro2::Span::call_site(),
        );
        Shapes { params, float }
    }

    /// The lengths of an array expression's dimensions: a parameter, or a row of one.
    fn of_expr(&self, expr: &Expr) -> Option<&[Option<Expr>]> {
        match expr {
            Expr::Path(path) => {
                let ident = path.path.get_ident()?;
                self.params
                    .iter()
                    .find(|(name, _)| ident == name)
                    .map(|(_, lengths)| lengths.as_slice())
            }
            Expr::Index(index) if !matches!(&*index.index, Expr::Range(_)) => {
                self.of_expr(&index.expr)?.get(1..)
            }
            Expr::Paren(inner) => self.of_expr(&inner.expr),
            _ => None,
        }
    }

    /// `expr` itself if it is a row of a matrix parameter (`m[i]`).
    pub(crate) fn row(&self, expr: &Expr) -> Option<Expr> {
        let lengths = self
            .of_expr(expr)
            .filter(|_| matches!(expr, Expr::Index(_)))?;
        (!lengths.is_empty()).then(|| expr.clone())
    }

    /// The declared length of a row (`m[i]` of `m: &[[f64; 3]]`: `3`).
    pub(crate) fn row_len(&self, expr: &Expr) -> Option<Expr> {
        self.row(expr)?;
        self.of_expr(expr)?.first()?.clone()
    }

    /// How many dimensions an array expression has (1 when unknown: a float array).
    pub(crate) fn dims(&self, expr: &Expr) -> usize {
        self.of_expr(expr).map_or(1, |lengths| lengths.len().max(1))
    }

    /// The length of an array expression: its declared length, else `x.len()`.
    pub(crate) fn len(&self, expr: &Expr) -> Expr {
        match self
            .of_expr(expr)
            .and_then(|lengths| lengths.first()?.clone())
        {
            Some(len) => len,
            None => {
                let expr = crate::lower::scope::atom(expr.clone());
                syn::parse_quote!(#expr.len())
            }
        }
    }
}

fn lengths(ty: &Type) -> Vec<Option<Expr>> {
    match ty {
        Type::Array(array) => {
            let mut rest = lengths(&array.elem);
            rest.insert(0, Some(array.len.clone()));
            rest
        }
        Type::Slice(slice) => {
            let mut rest = lengths(&slice.elem);
            rest.insert(0, None);
            rest
        }
        Type::Reference(reference) => lengths(&reference.elem),
        Type::Paren(inner) => lengths(&inner.elem),
        _ => Vec::new(),
    }
}

/// A chain's elements so far: the loop's range and statements, and the element at
/// its index.
pub(crate) struct Seq {
    /// The loop index.
    pub(crate) index: Ident,
    pub(crate) range: Range,
    pub(crate) elem: Elem,
    /// Statements before the loop.
    pub(crate) pre: Vec<Stmt>,
    /// The loop body so far.
    pub(crate) body: Vec<Stmt>,
    /// After a `filter`: not every index gives an element.
    pub(crate) filtered: bool,
}

/// The elements `expr` starts a chain with, if it is a source: `None` if it is not
/// one, `Err` if it is one `#[differentiate]` cannot iterate. `bare`: an array by
/// itself (`x`, `&x[1..]`) is one, as in `for v in &x` and `.zip(y)`.
pub(crate) fn source(
    expr: &Expr,
    bare: bool,
    shapes: &Shapes,
    fresh: &mut Fresh,
) -> Option<Result<Seq, syn::Error>> {
    let new = |range: Range, elem: Elem, index: Ident, pre: Vec<Stmt>| Seq {
        index,
        range,
        elem,
        pre,
        body: Vec::new(),
        filtered: false,
    };
    match expr {
        Expr::Paren(inner) => source(&inner.expr, bare, shapes, fresh),
        Expr::Group(inner) => source(&inner.expr, bare, shapes, fresh),
        Expr::Range(range) => {
            let (Some(lo), Some(hi)) = (&range.start, &range.end) else {
                return None;
            };
            let hi = match range.limits {
                syn::RangeLimits::HalfOpen(_) => (**hi).clone(),
                syn::RangeLimits::Closed(_) => ix::add(hi, &ix::lit(1)),
            };
            let index = fresh.index();
            let elem = Elem::Value(syn::parse_quote!(#index), Kind::Int);
            Some(Ok(new(
                Range::new((**lo).clone(), hi),
                elem,
                index,
                Vec::new(),
            )))
        }
        Expr::MethodCall(call)
            if call.args.is_empty() && (call.method == "iter" || call.method == "into_iter") =>
        {
            if let Some(range) = as_range(&call.receiver) {
                return source(range, true, shapes, fresh);
            }
            array(&call.receiver, shapes, fresh)
        }
        Expr::MethodCall(call)
            if call.args.len() == 1
                && ["windows", "chunks", "chunks_exact"]
                    .contains(&call.method.to_string().as_str()) =>
        {
            let size = &call.args[0];
            let seq = match array(&call.receiver, shapes, fresh)? {
                Ok(seq) => seq,
                Err(error) => return Some(Err(error)),
            };
            let (Elem::Value(first, _) | Elem::Alias(first)) = &seq.elem else {
                return None;
            };
            let Expr::Index(element) = first else {
                return None;
            };
            if shapes.dims(&element.expr) > 1 {
                let message = format!(
                    "`.{}(..)` of an array of rows is not supported; iterate over the rows",
                    call.method
                );
                return Some(Err(syn::Error::new_spanned(&call.method, message)));
            }
            let (base, index) = (&element.expr, &seq.index);
            let (lo, hi) = (&seq.range.lo, &seq.range.hi);
            let i: Expr = syn::parse_quote!(#index);
            let mut range = Range::new(lo.clone(), hi.clone());
            let end = match call.method.to_string().as_str() {
                "windows" => {
                    range.hi = ix::sat_sub(hi, &ix::sub(size, &ix::lit(1)));
                    ix::add(&i, size)
                }
                "chunks" => {
                    range.step_by(size);
                    ix::min(&ix::add(&i, size), hi)
                }
                _ => {
                    range.hi = ix::sat_sub(hi, &ix::sub(size, &ix::lit(1)));
                    range.step_by(size);
                    ix::add(&i, size)
                }
            };
            let view: Expr = syn::parse_quote!(#base[#i..#end]);
            Some(Ok(new(range, Elem::Alias(view), seq.index, seq.pre)))
        }
        _ if bare => array(expr, shapes, fresh),
        _ => None,
    }
}

/// `(a..b)` under `.iter()` / `.into_iter()`.
fn as_range(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Paren(inner) => as_range(&inner.expr),
        Expr::Range(_) => Some(expr),
        _ => None,
    }
}

/// The elements of an array expression: `x`, `&x`, `m[i]` (a row), `x[a..b]`, or an
/// array literal (bound to a local first).
pub(crate) fn array(
    expr: &Expr,
    shapes: &Shapes,
    fresh: &mut Fresh,
) -> Option<Result<Seq, syn::Error>> {
    let mut pre = Vec::new();
    let (base, lo, hi) = match expr {
        Expr::Paren(inner) => return array(&inner.expr, shapes, fresh),
        Expr::Reference(reference) if reference.mutability.is_none() => {
            return array(&reference.expr, shapes, fresh)
        }
        Expr::Index(index) => match &*index.index {
            Expr::Range(range) => {
                let base = (*index.expr).clone();
                let lo = range
                    .start
                    .as_deref()
                    .cloned()
                    .unwrap_or_else(|| ix::lit(0));
                let hi = match (&range.end, &range.limits) {
                    (None, _) => shapes.len(&base),
                    (Some(end), syn::RangeLimits::HalfOpen(_)) => (**end).clone(),
                    (Some(end), syn::RangeLimits::Closed(_)) => ix::add(end, &ix::lit(1)),
                };
                (base, lo, hi)
            }
            _ if is_place(&index.expr) => {
                let hi = shapes.len(expr);
                (expr.clone(), ix::lit(0), hi)
            }
            _ => return None,
        },
        Expr::Path(path)
            if path.qself.is_none()
                && (path.path.get_ident().is_some() || path.path.segments.len() > 1) =>
        {
            (expr.clone(), ix::lit(0), shapes.len(expr))
        }
        Expr::Array(literal) => {
            let items = fresh.name("items");
            pre.push(syn::parse_quote!(let #items = #literal;));
            let len = ix::lit(literal.elems.len() as u128);
            (syn::parse_quote!(#items), ix::lit(0), len)
        }
        _ => return None,
    };
    let index = fresh.index();
    let element: Expr = syn::parse_quote!(#base[#index]);
    let elem = if shapes.dims(&base) > 1 {
        Elem::Alias(element)
    } else {
        Elem::Value(element, Kind::Float)
    };
    Some(Ok(Seq {
        index,
        range: Range::new(lo, hi),
        elem,
        pre,
        body: Vec::new(),
        filtered: false,
    }))
}

/// A named array or a row of one (`x`, `m[i]`).
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.path.get_ident().is_some(),
        Expr::Index(index) => is_place(&index.expr) && !matches!(&*index.index, Expr::Range(_)),
        Expr::Paren(inner) => is_place(&inner.expr),
        _ => false,
    }
}
