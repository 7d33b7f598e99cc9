//! Closure parameters bound to what a closure is called with, at desugar time: an
//! element of an iterator chain or the arguments of an inlined call. An element is a
//! tree (a value, or a tuple of elements from `zip` / `enumerate`), and a parameter
//! pattern is taken apart against it into plain `let`s, since the lowering has no
//! tuple locals. Views and rows are never bound: their name is replaced in the body.
//!
//! Input:  `|(i, &v)| v * i as f64` applied to `(i, x[i])`
//! Output: `let i = i; let v = x[i];` and the body `v * i as f64`

use crate::lower::scope::{self, Fresh, Replacement};
use std::collections::BTreeSet;
use syn::{Expr, Pat, Stmt, Type};

/// One element of a chain, or one argument of a call.
#[derive(Clone)]
pub(crate) enum Elem {
    /// A value, computed by this expression where it is bound.
    Value(Expr, Kind),
    /// A row `m[i]` or a view `x[a..b]`: its name is replaced by the expression.
    Alias(Expr),
    /// The elements of a tuple.
    Tuple(Vec<Elem>),
}

/// Whether a value is an integer (an index, a count) or a float.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Float,
    Int,
}

impl Elem {
    /// The tree of an argument expression: `(a, b)` is a tuple, `&a` is `a`.
    pub(crate) fn of_expr(expr: &Expr) -> Elem {
        match expr {
            Expr::Tuple(tuple) => Elem::Tuple(tuple.elems.iter().map(Elem::of_expr).collect()),
            Expr::Reference(reference) => Elem::of_expr(&reference.expr),
            Expr::Paren(inner) => Elem::of_expr(&inner.expr),
            other => Elem::Value(other.clone(), Kind::Float),
        }
    }
}

/// What binding parameter patterns produced: `let`s to run first, names replaced in
/// the body, and the names bound (whose `*v` the body may read).
#[derive(Default)]
pub(crate) struct Bound {
    pub(crate) lets: Vec<Stmt>,
    pub(crate) replace: Vec<(String, Replacement)>,
    pub(crate) names: BTreeSet<String>,
    /// Names bound to integers (for `sum` to start from `0`, not `0.0`).
    pub(crate) ints: BTreeSet<String>,
}

/// One planned `let name: ty = value;`.
struct Let {
    pat: syn::PatIdent,
    ty: Option<Type>,
    value: Expr,
}

/// Binds `pats` to `elems` in order. `hygienic`: bind fresh names and replace the
/// parameters' names by them (for code kept as written, whose names the lowering
/// renames without knowing about inner scopes).
pub(crate) fn bind(
    pats: &[&Pat],
    elems: &[Elem],
    fresh: &mut Fresh,
    hygienic: bool,
) -> Result<Bound, syn::Error> {
    let mut bound = Bound::default();
    let mut lets = Vec::new();
    for (pat, elem) in pats.iter().zip(elems) {
        plan(pat, elem, None, fresh, &mut lets, &mut bound)?;
    }
    // A value naming a parameter bound before it (`|b, a|` called with `(a, b)`)
    // would read the new binding: evaluate them all into temporaries first.
    let mut earlier = BTreeSet::new();
    let mut clash = false;
    for planned in &lets {
        clash |= !scope::idents(&planned.value).is_disjoint(&earlier);
        earlier.insert(planned.pat.ident.to_string());
    }
    for (_, with) in &bound.replace {
        if let Replacement::Expr(expr) = with {
            let read = scope::idents(expr);
            if let Some(hiding) = lets
                .iter()
                .find(|planned| read.contains(&planned.pat.ident.to_string()))
            {
                let message = format!(
                    "the parameter `{}` hides a name this element reads; rename the parameter",
                    hiding.pat.ident
                );
                return Err(syn::Error::new_spanned(&hiding.pat, message));
            }
        }
    }
    let mut values = Vec::new();
    for planned in lets {
        let value = if hygienic && is_simple(&planned.value) && planned.pat.mutability.is_none() {
            planned.value
        } else if clash || hygienic {
            let temp = fresh.name(&planned.pat.ident.to_string());
            let (value, mutability) = (&planned.value, planned.pat.mutability);
            bound
                .lets
                .push(syn::parse_quote!(let #mutability #temp = #value;));
            syn::parse_quote!(#temp)
        } else {
            planned.value
        };
        values.push((planned.pat, planned.ty, value));
    }
    for (pat, ty, value) in values {
        bound.names.insert(pat.ident.to_string());
        if hygienic {
            bound
                .replace
                .push((pat.ident.to_string(), Replacement::Expr(value)));
            continue;
        }
        let stmt = match ty {
            Some(ty) => syn::parse_quote!(let #pat: #ty = #value;),
            None => syn::parse_quote!(let #pat = #value;),
        };
        bound.lets.push(stmt);
    }
    Ok(bound)
}

fn plan(
    pat: &Pat,
    elem: &Elem,
    ty: Option<&Type>,
    fresh: &mut Fresh,
    lets: &mut Vec<Let>,
    bound: &mut Bound,
) -> Result<(), syn::Error> {
    match (pat, elem) {
        (Pat::Wild(_), Elem::Value(value, _)) if has_effect(value) => {
            // `_` drops the value, but what computing it assigns still happens.
            lets.push(Let {
                pat: syn::PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: fresh.name("_unused"),
                    subpat: None,
                },
                ty: None,
                value: value.clone(),
            });
            Ok(())
        }
        (Pat::Wild(_), _) => Ok(()),
        (Pat::Reference(reference), _) => plan(&reference.pat, elem, ty, fresh, lets, bound),
        (Pat::Paren(inner), _) => plan(&inner.pat, elem, ty, fresh, lets, bound),
        (Pat::Type(typed), _) => plan(&typed.pat, elem, Some(&typed.ty), fresh, lets, bound),
        (Pat::Ident(ident), _) if ident.by_ref.is_none() && ident.subpat.is_none() => {
            let name = ident.ident.to_string();
            match elem {
                Elem::Value(value, kind) => {
                    if *kind == Kind::Int {
                        bound.ints.insert(name);
                    }
                    let ty = ty.map(strip_ref_type).filter(|ty| !matches!(ty, Type::Tuple(_)));
                    lets.push(Let {
                        pat: ident.clone(),
                        ty,
                        value: value.clone(),
                    });
                }
                Elem::Alias(expr) => {
                    bound.names.insert(name.clone());
                    bound.replace.push((name, Replacement::Expr(expr.clone())));
                }
                Elem::Tuple(_) => {
                    let replacement = leaves(elem, &name, fresh, lets, bound);
                    bound.names.insert(name.clone());
                    bound.replace.push((name, replacement));
                }
            }
            Ok(())
        }
        (Pat::Tuple(tuple), Elem::Tuple(items)) => {
            if tuple.elems.len() != items.len() || tuple.elems.iter().any(|p| matches!(p, Pat::Rest(_))) {
                let message = format!("this pattern takes apart a tuple of {} here; write one name or pattern per element", items.len());
                return Err(syn::Error::new_spanned(tuple, message));
            }
            for (pat, item) in tuple.elems.iter().zip(items) {
                plan(pat, item, None, fresh, lets, bound)?;
            }
            Ok(())
        }
        (Pat::Slice(slice), Elem::Alias(array) | Elem::Value(array, _))
            if matches!(array, Expr::Index(_) | Expr::Path(_))
                && !slice.elems.iter().any(|pat| matches!(pat, Pat::Rest(_))) =>
        {
            // `|&[a, b]|` over the rows of a matrix: `a` is `m[i][0]`.
            for (k, pat) in slice.elems.iter().enumerate() {
                let k = proc_macro2::Literal::usize_unsuffixed(k);
                let item = Elem::Value(syn::parse_quote!(#array[#k]), Kind::Float);
                plan(pat, &item, None, fresh, lets, bound)?;
            }
            Ok(())
        }
        (Pat::Tuple(tuple), _) => Err(syn::Error::new_spanned(
            tuple,
            "this pattern takes apart a tuple, but here it binds one value; bind it with a name",
        )),
        _ => Err(syn::Error::new_spanned(
            pat,
            "`#[differentiate]` binds closure parameters and `for` patterns that are names, `_`, `&` patterns, tuples of them, and arrays of names over rows (`|&[a, b]|`); bind a name and index it instead",
        )),
    }
}

/// A tuple bound to one name (read as `p.0`): each leaf computed once, by name.
fn leaves(
    elem: &Elem,
    name: &str,
    fresh: &mut Fresh,
    lets: &mut Vec<Let>,
    bound: &mut Bound,
) -> Replacement {
    match elem {
        Elem::Tuple(items) => Replacement::Tuple(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| leaves(item, &format!("{name}_{index}"), fresh, lets, bound))
                .collect(),
        ),
        Elem::Alias(expr) => Replacement::Expr(expr.clone()),
        Elem::Value(value, _) if is_simple(value) => Replacement::Expr(value.clone()),
        Elem::Value(value, kind) => {
            let temp = fresh.name(name);
            if *kind == Kind::Int {
                bound.ints.insert(temp.to_string());
            }
            lets.push(Let {
                pat: syn::PatIdent {
                    attrs: Vec::new(),
                    by_ref: None,
                    mutability: None,
                    ident: temp.clone(),
                    subpat: None,
                },
                ty: None,
                value: value.clone(),
            });
            Replacement::Expr(syn::parse_quote!(#temp))
        }
    }
}

/// `elem` with each leaf that is not [`is_simple`] computed once into a `let` of a
/// fresh name (pushed to `lets`): it can then be read more than once.
pub(crate) fn materialize(
    elem: &Elem,
    base: &str,
    fresh: &mut Fresh,
    lets: &mut Vec<Stmt>,
) -> Elem {
    match elem {
        Elem::Value(value, kind) if !is_simple(value) => {
            let temp = fresh.name(base);
            lets.push(syn::parse_quote!(let #temp = #value;));
            Elem::Value(syn::parse_quote!(#temp), *kind)
        }
        Elem::Tuple(items) => Elem::Tuple(
            items
                .iter()
                .map(|item| materialize(item, base, fresh, lets))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether computing `expr` assigns to something (a closure body like `{ acc += v; v }`).
pub(crate) fn has_effect(expr: &Expr) -> bool {
    !scope::assigned(&[Stmt::Expr(expr.clone(), None)]).is_empty()
}

/// `&f64` -> `f64`: a parameter bound to a value rather than to a reference.
pub(crate) fn strip_ref_type(ty: &Type) -> Type {
    match ty {
        Type::Reference(reference) => strip_ref_type(&reference.elem),
        Type::Paren(inner) => strip_ref_type(&inner.elem),
        other => other.clone(),
    }
}

/// An expression cheap and safe to evaluate again where it is used: a name, a
/// literal, or an element `x[i]` / `x[i + 1]` / `m[i][j]` of a named array.
pub(crate) fn is_simple(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.path.get_ident().is_some(),
        Expr::Lit(_) => true,
        Expr::Paren(inner) => is_simple(&inner.expr),
        Expr::Index(index) => is_simple(&index.expr) && is_index(&index.index),
        _ => false,
    }
}

fn is_index(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) | Expr::Lit(_) => true,
        Expr::Paren(inner) => is_index(&inner.expr),
        Expr::Binary(binary) => is_index(&binary.left) && is_index(&binary.right),
        _ => false,
    }
}
