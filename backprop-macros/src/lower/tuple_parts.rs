//! The parts of a tuple- or array-valued expression (`tuples.rs`), and a pattern taken
//! apart against them into plain `let`s: one scalar per component.
//!
//! Input:  `let ((a, b), [c, _]) = (x.sin_cos(), *p);`
//! Output: `let a = x.sin(); let b = x.cos(); let c = p[0];`

use crate::lower::scope::{self, Fresh, Replacement};
use std::collections::BTreeSet;
use syn::{Expr, Pat, Stmt, Type};

/// What a pattern takes apart: a tuple, or an array of this many elements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Tuple,
    Array(usize),
}

/// The parts of `expr` seen as `shape`, with the statements to run before them, or
/// `None` if `expr` is not such a value the rewrite can see into. A tuple is a tuple
/// expression, `x.sin_cos()`, or an `if` whose branches end in tuples; an array is an
/// array literal, or any array value read by element (`*p` is `p`).
pub(crate) fn parts(
    expr: &Expr,
    shape: Shape,
    fresh: &mut Fresh,
) -> Option<(Vec<Stmt>, Vec<Expr>)> {
    match (expr, shape) {
        (Expr::Paren(inner), _) => parts(&inner.expr, shape, fresh),
        (Expr::Group(inner), _) => parts(&inner.expr, shape, fresh),
        (Expr::Tuple(tuple), Shape::Tuple) => {
            Some((Vec::new(), tuple.elems.iter().cloned().collect()))
        }
        (Expr::Array(array), Shape::Array(_)) => {
            Some((Vec::new(), array.elems.iter().cloned().collect()))
        }
        (Expr::MethodCall(call), Shape::Tuple)
            if call.method == "sin_cos" && call.args.is_empty() =>
        {
            let (pre, angle) = named(&call.receiver, "angle", fresh);
            Some((
                pre,
                vec![
                    syn::parse_quote!(#angle.sin()),
                    syn::parse_quote!(#angle.cos()),
                ],
            ))
        }
        (Expr::If(branch), Shape::Tuple) => {
            let then = tail_parts(&branch.then_branch, shape, fresh)?;
            let (_, otherwise) = branch.else_branch.as_ref()?;
            let (other_pre, otherwise) = parts(otherwise, shape, fresh)?;
            if !other_pre.is_empty() || otherwise.len() != then.len() {
                return None;
            }
            let (pre, cond) = named(&branch.cond, "cond", fresh);
            let parts = then
                .iter()
                .zip(&otherwise)
                .map(|(a, b)| syn::parse_quote!(if #cond { #a } else { #b }))
                .collect();
            Some((pre, parts))
        }
        (Expr::Block(block), _) if block.block.stmts.len() == 1 && block.label.is_none() => {
            tail_parts(&block.block, shape, fresh).map(|parts| (Vec::new(), parts))
        }
        (_, Shape::Array(len)) => {
            let base = match expr {
                Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => &*unary.expr,
                other => other,
            };
            let (pre, array) = if is_place(base) {
                (Vec::new(), base.clone())
            } else {
                named(base, "array", fresh)
            };
            let array = scope::atom(array);
            let parts = (0..len)
                .map(|k| {
                    let k = proc_macro2::Literal::usize_unsuffixed(k);
                    syn::parse_quote!(#array[#k])
                })
                .collect();
            Some((pre, parts))
        }
        _ => None,
    }
}

/// The parts of a block that is only a tail expression.
fn tail_parts(block: &syn::Block, shape: Shape, fresh: &mut Fresh) -> Option<Vec<Expr>> {
    match block.stmts.as_slice() {
        [Stmt::Expr(tail, None)] => match parts(tail, shape, fresh)? {
            (pre, parts) if pre.is_empty() => Some(parts),
            _ => None,
        },
        _ => None,
    }
}

/// `expr` itself if it is a name or a literal, else a fresh `base` bound to it first.
fn named(expr: &Expr, base: &str, fresh: &mut Fresh) -> (Vec<Stmt>, Expr) {
    if matches!(expr, Expr::Path(_) | Expr::Lit(_)) {
        return (Vec::new(), expr.clone());
    }
    let name = fresh.name(base);
    (
        vec![syn::parse_quote!(let #name = #expr;)],
        syn::parse_quote!(#name),
    )
}

/// A name, or a field or element of one: readable by element without a copy.
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(_) => true,
        Expr::Field(field) => is_place(&field.base),
        Expr::Index(index) => is_place(&index.expr),
        Expr::Paren(inner) => is_place(&inner.expr),
        _ => false,
    }
}

/// Where taking patterns apart puts its results.
#[derive(Default)]
pub(crate) struct Split {
    pub(crate) stmts: Vec<Stmt>,
    /// Names bound to tuples, replaced by their parts where read (`t.0` -> `t_0`).
    pub(crate) tuples: Vec<(String, Replacement)>,
    /// The literal lengths of the array parameters (for `let [a, .., z] = *p;`).
    pub(crate) lengths: Vec<(String, usize)>,
}

impl Split {
    fn len_of(&self, expr: &Expr) -> Option<usize> {
        match expr {
            Expr::Array(array) => Some(array.elems.len()),
            Expr::Paren(inner) => self.len_of(&inner.expr),
            Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Deref(_)) => {
                self.len_of(&unary.expr)
            }
            Expr::Path(path) => {
                let name = path.path.get_ident()?.to_string();
                self.lengths
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, len)| *len)
            }
            _ => None,
        }
    }
}

/// Whether `pat` takes a value apart (a tuple or an array pattern, under `&`, a type
/// or parentheses).
pub(crate) fn is_destructuring(pat: &Pat) -> bool {
    match pat {
        Pat::Tuple(_) | Pat::Slice(_) => true,
        Pat::Type(typed) => is_destructuring(&typed.pat),
        Pat::Reference(reference) => is_destructuring(&reference.pat),
        Pat::Paren(inner) => is_destructuring(&inner.pat),
        _ => false,
    }
}

/// Binds `pat` to `expr` as plain `let`s into `split`.
pub(crate) fn bind(
    pat: &Pat,
    ty: Option<&Type>,
    expr: &Expr,
    fresh: &mut Fresh,
    split: &mut Split,
) -> syn::Result<()> {
    match pat {
        Pat::Type(typed) => bind(&typed.pat, Some(&typed.ty), expr, fresh, split),
        Pat::Paren(inner) => bind(&inner.pat, ty, expr, fresh, split),
        Pat::Reference(reference) => bind(&reference.pat, ty.map(deref_type), expr, fresh, split),
        Pat::Wild(_) => Ok(()),
        Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
            let tuple = !matches!(ty, Some(ty) if !matches!(ty, Type::Tuple(_)));
            match parts(expr, Shape::Tuple, fresh).filter(|_| tuple) {
                Some((pre, parts)) => {
                    split.stmts.extend(pre);
                    let name = ident.ident.to_string();
                    let replacement = bind_leaves(&name, ident.mutability, ty, &parts, fresh, split)?;
                    split.tuples.push((name, replacement));
                }
                None => {
                    let ty = ty.map(|ty| quote::quote!(: #ty));
                    split.stmts.push(syn::parse_quote!(let #ident #ty = #expr;));
                }
            }
            Ok(())
        }
        Pat::Tuple(tuple) => {
            let Some((pre, parts)) = parts(expr, Shape::Tuple, fresh) else {
                let message = "`#[differentiate]` takes apart tuples written in place (`(x, y)`), `x.sin_cos()`, tuple locals, and `if`s ending in tuples; bind the parts one `let` each";
                return Err(syn::Error::new_spanned(expr, message));
            };
            let pats = spread(&tuple.elems, parts.len(), tuple)?;
            let types: Vec<Option<&Type>> = match ty {
                Some(Type::Tuple(types)) if types.elems.len() == parts.len() => types.elems.iter().map(Some).collect(),
                _ => vec![None; parts.len()],
            };
            split.stmts.extend(pre);
            bind_all(&pats, &types, &parts, fresh, split)
        }
        Pat::Slice(slice) => {
            let rest = slice.elems.iter().any(|pat| matches!(pat, Pat::Rest(_)));
            let len = match (rest, split.len_of(expr)) {
                (false, _) => slice.elems.len(),
                (true, Some(len)) => len,
                (true, None) => {
                    let message = "`..` in an array pattern needs an array of known length (written in place, or a parameter `[f64; 3]`); name every element (`let [a, b, c] = ..;`)";
                    return Err(syn::Error::new_spanned(slice, message));
                }
            };
            let (pre, parts) = parts(expr, Shape::Array(len), fresh).unwrap_or_default();
            let pats = spread(&slice.elems, parts.len(), slice)?;
            let elem = match ty.map(deref_type) {
                Some(Type::Array(array)) => Some(&*array.elem),
                _ => None,
            };
            split.stmts.extend(pre);
            bind_all(&pats, &vec![elem; parts.len()], &parts, fresh, split)
        }
        other => Err(syn::Error::new_spanned(
            other,
            "`#[differentiate]` takes apart tuples and arrays into names (`let (a, b) = ..;`, `let [x, y] = *p;`); bind a name and read its parts",
        )),
    }
}

/// Binds each pattern to its part; a part reading a name an earlier pattern binds is
/// computed into a temporary first (`let (a, b) = (b, a);` swaps).
fn bind_all(
    pats: &[Option<&Pat>],
    types: &[Option<&Type>],
    parts: &[Expr],
    fresh: &mut Fresh,
    split: &mut Split,
) -> syn::Result<()> {
    let mut bound = BTreeSet::new();
    let mut values = Vec::new();
    for (pat, part) in pats.iter().zip(parts) {
        let Some(pat) = pat else {
            values.push(None);
            continue;
        };
        let value = if scope::idents(part).is_disjoint(&bound) {
            part.clone()
        } else {
            let temp = fresh.name("part");
            split.stmts.push(syn::parse_quote!(let #temp = #part;));
            syn::parse_quote!(#temp)
        };
        bound.extend(scope::pat_idents(pat).iter().map(crate::ir::names::plain));
        values.push(Some(value));
    }
    for ((pat, ty), value) in pats.iter().zip(types).zip(values) {
        if let (Some(pat), Some(value)) = (pat, value) {
            bind(pat, *ty, &value, fresh, split)?;
        }
    }
    Ok(())
}

/// A tuple bound to one name: each part bound to `name_k` (parts that are tuples in
/// turn, to `name_k_j`).
fn bind_leaves(
    name: &str,
    mutability: Option<syn::token::Mut>,
    ty: Option<&Type>,
    parts: &[Expr],
    fresh: &mut Fresh,
    split: &mut Split,
) -> syn::Result<Replacement> {
    let mut leaves = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let ty = match ty {
            Some(Type::Tuple(types)) => types.elems.iter().nth(k),
            _ => None,
        };
        let tuple = !matches!(ty, Some(ty) if !matches!(ty, Type::Tuple(_)));
        let leaf = match parts_of(part, tuple, fresh) {
            Some((pre, inner)) => {
                split.stmts.extend(pre);
                bind_leaves(&format!("{name}_{k}"), mutability, ty, &inner, fresh, split)?
            }
            None => {
                let leaf = fresh.name(&format!("{name}_{k}"));
                let ty = ty.map(|ty| quote::quote!(: #ty));
                split
                    .stmts
                    .push(syn::parse_quote!(let #mutability #leaf #ty = #part;));
                Replacement::Expr(syn::parse_quote!(#leaf))
            }
        };
        leaves.push(leaf);
    }
    Ok(Replacement::Tuple(leaves))
}

fn parts_of(part: &Expr, tuple: bool, fresh: &mut Fresh) -> Option<(Vec<Stmt>, Vec<Expr>)> {
    tuple.then(|| parts(part, Shape::Tuple, fresh)).flatten()
}

/// One pattern per part: `..` stands for the parts between those named around it.
fn spread<'a>(
    pats: &'a syn::punctuated::Punctuated<Pat, syn::Token![,]>,
    len: usize,
    span: &impl quote::ToTokens,
) -> syn::Result<Vec<Option<&'a Pat>>> {
    let rest = pats.iter().position(|pat| matches!(pat, Pat::Rest(_)));
    let named = pats.len() - usize::from(rest.is_some());
    if named > len || (rest.is_none() && named != len) {
        let message = format!("this pattern has {named} parts but the value has {len}; write one name (or `_`) per part");
        return Err(syn::Error::new_spanned(span, message));
    }
    let mut out: Vec<Option<&Pat>> = Vec::new();
    for (position, pat) in pats.iter().enumerate() {
        if Some(position) == rest {
            out.extend(std::iter::repeat_n(None, len - named));
        } else {
            out.push(Some(pat).filter(|pat| !matches!(pat, Pat::Wild(_))));
        }
    }
    Ok(out)
}

fn deref_type(ty: &Type) -> &Type {
    match ty {
        Type::Reference(reference) => &reference.elem,
        other => other,
    }
}
