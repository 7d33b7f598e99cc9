//! Tuples and destructuring, desugared into scalars before lowering (the lowering has
//! no tuple locals): a tuple local becomes one local per component, read by field
//! (`t.0` is `t_0`); a destructuring `let` becomes one `let` per name
//! (`tuple_parts.rs`); a destructuring assignment becomes one assignment per place,
//! with a temporary only for a value that reads a place assigned before it; `*p` of a
//! reference to an array is `p`, read by element.
//!
//! Input:  `let (s, c) = theta.sin_cos(); let t = (r * c, r * s); (a, b) = (b, a + b); t.0 * t.1`
//! Output: `let s = theta.sin(); let c = theta.cos(); let t_0 = r * c; let t_1 = r * s;`
//!         `let next_b = a + b; a = b; b = next_b; t_0 * t_1`

use crate::error::Errors;
use crate::lower::scope::{self, Fresh, Replace, Replacement};
use crate::lower::tuple_parts::{self, Shape, Split};
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

/// Desugars the tuples and patterns of `body`. `refs` are the reference-to-array
/// parameters (whose `*p` is read as `p`), `lengths` the literal lengths of array
/// parameters.
pub(crate) fn rewrite(
    body: &mut Block,
    refs: &BTreeSet<String>,
    lengths: Vec<(String, usize)>,
    fresh: &mut Fresh,
    errors: &mut Errors,
) {
    Derefs { refs }.visit_block_mut(body);
    Tuples {
        fresh,
        errors,
        lengths,
    }
    .visit_block_mut(body);
}

/// `*p` -> `p` for a reference-to-array parameter `p`.
struct Derefs<'a> {
    refs: &'a BTreeSet<String>,
}

impl VisitMut for Derefs<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Call(call) = expr {
            // `g(*p)` passes the array by value, `g(p)` by reference: both kept.
            self.visit_expr_mut(&mut call.func);
            for arg in &mut call.args {
                let by_value = matches!(arg, Expr::Unary(syn::ExprUnary { op: syn::UnOp::Deref(_), expr: inner, .. })
                    if matches!(&**inner, Expr::Path(path) if path.path.get_ident().is_some_and(|ident| self.refs.contains(&ident.to_string()))));
                if !by_value {
                    self.visit_expr_mut(arg);
                }
            }
            return;
        }
        if let Expr::Unary(unary) = expr {
            if let (syn::UnOp::Deref(_), Expr::Path(path)) = (&unary.op, &*unary.expr) {
                if path
                    .path
                    .get_ident()
                    .is_some_and(|ident| self.refs.contains(&ident.to_string()))
                {
                    *expr = (*unary.expr).clone();
                    return;
                }
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

struct Tuples<'a> {
    fresh: &'a mut Fresh,
    errors: &'a mut Errors,
    lengths: Vec<(String, usize)>,
}

impl Tuples<'_> {
    /// The statements `stmt` becomes, if it takes a tuple or an array apart or binds a
    /// tuple, with the tuples it binds by name.
    fn split(&mut self, stmt: &Stmt) -> Option<syn::Result<Split>> {
        match stmt {
            Stmt::Local(local) => {
                let init = local.init.as_ref().filter(|init| init.diverge.is_none())?;
                let (pat, ty) = match &local.pat {
                    syn::Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
                    pat => (pat, None),
                };
                let taken = self.fresh.snapshot();
                let tuple_valued = matches!(pat, syn::Pat::Ident(_))
                    && ty.is_none_or(|ty| matches!(ty, syn::Type::Tuple(_)))
                    && tuple_parts::parts(&init.expr, Shape::Tuple, self.fresh).is_some();
                self.fresh.restore(taken);
                if !tuple_parts::is_destructuring(&local.pat) && !tuple_valued {
                    return None;
                }
                let mut split = Split {
                    lengths: self.lengths.clone(),
                    ..Split::default()
                };
                Some(
                    tuple_parts::bind(&local.pat, None, &init.expr, self.fresh, &mut split)
                        .map(|()| split),
                )
            }
            Stmt::Expr(Expr::Assign(assign), Some(_))
                if matches!(&*assign.left, Expr::Tuple(_))
                    || matches!(&*assign.right, Expr::Array(_)) =>
            {
                Some(self.assign(&assign.left, &assign.right))
            }
            _ => None,
        }
    }

    /// `(a, b) = (b, a + b);` or `a = [x, y];`: one assignment per place, in order; a
    /// value that reads a place assigned before it is computed first
    /// (`let next_b = a + b;`).
    fn assign(&mut self, left: &Expr, right: &Expr) -> syn::Result<Split> {
        let mut split = Split::default();
        let mut pairs = Vec::new();
        self.pairs(left, right, &mut split, &mut pairs)?;
        let mut assigned = BTreeSet::new();
        let mut later = Vec::new();
        for (place, value) in pairs {
            let value = if scope::idents(&value).is_disjoint(&assigned) {
                value
            } else {
                let temp = self.fresh.name(&format!("next_{}", root(&place)));
                split.stmts.push(syn::parse_quote!(let #temp = #value;));
                syn::parse_quote!(#temp)
            };
            assigned.insert(root(&place));
            later.push(syn::parse_quote!(#place = #value;));
        }
        split.stmts.extend(later);
        Ok(split)
    }

    fn pairs(
        &mut self,
        left: &Expr,
        right: &Expr,
        split: &mut Split,
        pairs: &mut Vec<(Expr, Expr)>,
    ) -> syn::Result<()> {
        match left {
            Expr::Paren(inner) => self.pairs(&inner.expr, right, split, pairs),
            Expr::Tuple(places) => {
                let Some((pre, parts)) = tuple_parts::parts(right, Shape::Tuple, self.fresh) else {
                    let message = "`#[differentiate]` assigns to a tuple of places from a tuple written in place (`(a, b) = (b, a + b);`); assign each place";
                    return Err(syn::Error::new_spanned(right, message));
                };
                if parts.len() != places.elems.len() {
                    let message =
                        format!("{} places but {} values", places.elems.len(), parts.len());
                    return Err(syn::Error::new_spanned(left, message));
                }
                split.stmts.extend(pre);
                for (place, part) in places.elems.iter().zip(parts) {
                    self.pairs(place, &part, split, pairs)?;
                }
                Ok(())
            }
            Expr::Infer(_) => Ok(()),
            place if matches!(right, Expr::Array(_)) => {
                // `a = [x, y];` assigns each element.
                let Expr::Array(values) = right else {
                    return Ok(());
                };
                let place = scope::atom(place.clone());
                for (k, value) in values.elems.iter().enumerate() {
                    let k = proc_macro2::Literal::usize_unsuffixed(k);
                    self.pairs(&syn::parse_quote!(#place[#k]), value, split, pairs)?;
                }
                Ok(())
            }
            place => {
                pairs.push((place.clone(), right.clone()));
                Ok(())
            }
        }
    }
}

/// The name a place assigns to (`a[i]` -> `a`).
fn root(place: &Expr) -> String {
    match place {
        Expr::Index(index) => root(&index.expr),
        Expr::Field(field) => root(&field.base),
        Expr::Paren(inner) => root(&inner.expr),
        Expr::Path(path) => path
            .path
            .get_ident()
            .map(crate::ir::names::plain)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

impl VisitMut for Tuples<'_> {
    /// `x.sin_cos().1` is `x.cos()`; `(a, b).0` is `a`.
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let Expr::Field(field) = expr else { return };
        let syn::Member::Unnamed(index) = &field.member else {
            return;
        };
        let taken = self.fresh.snapshot();
        let part = match tuple_parts::parts(&field.base, Shape::Tuple, self.fresh) {
            Some((pre, parts)) if pre.is_empty() => parts.into_iter().nth(index.index as usize),
            Some((_, parts)) => match (&*field.base, parts.get(index.index as usize)) {
                // `(a * b).sin_cos().0`: read once, no temporary needed.
                (Expr::MethodCall(call), Some(_)) => {
                    let (receiver, method) =
                        (&call.receiver, ["sin", "cos"].get(index.index as usize));
                    method.map(|method| {
                        let method = syn::Ident::new(method, index.span);
                        syn::parse_quote!(#receiver.#method())
                    })
                }
                _ => None,
            },
            None => None,
        };
        self.fresh.restore(taken);
        if let Some(part) = part {
            *expr = part;
        }
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut stmts = std::mem::take(&mut block.stmts);
        let mut index = 0;
        while index < stmts.len() {
            let split = match self.split(&stmts[index]) {
                None => {
                    index += 1;
                    continue;
                }
                Some(Err(error)) => {
                    // Reported once: the statement goes, and the names it would bind
                    // are left unbound.
                    self.errors.add(error);
                    stmts.remove(index);
                    continue;
                }
                Some(Ok(split)) => split,
            };
            // The new statements may take apart what they bind in turn: not skipped.
            let rest = stmts.split_off(index + 1);
            stmts.pop();
            let added = split.stmts.len();
            stmts.extend(split.stmts);
            stmts.extend(rest);
            for (name, replacement) in split.tuples {
                self.replace_after(&mut stmts[index + added..], name, replacement);
            }
        }
        block.stmts = stmts;
        visit_mut::visit_block_mut(self, block);
    }
}

impl Tuples<'_> {
    /// Reads of the tuple `name` in `stmts` replaced by its parts, up to the `let`
    /// that binds `name` again.
    fn replace_after(&mut self, stmts: &mut [Stmt], name: String, replacement: Replacement) {
        let names: BTreeSet<String> = [name.clone()].into();
        let with = [(name.clone(), replacement)];
        let mut replace = Replace { with: &with };
        for stmt in stmts {
            let (rebinds, inner) = match stmt {
                Stmt::Local(local) => (
                    scope::pat_idents(&local.pat)
                        .iter()
                        .any(|ident| crate::ir::names::plain(ident) == name),
                    local
                        .init
                        .as_ref()
                        .is_some_and(|init| scope::binds_any(&init.expr, &names)),
                ),
                Stmt::Expr(expr, _) => (false, scope::binds_any(expr, &names)),
                _ => (false, false),
            };
            if inner {
                let message = format!("`{name}` is a tuple, taken apart into its parts, and is bound again inside this statement; rename one of them");
                self.errors.add(syn::Error::new_spanned(&*stmt, message));
                return;
            }
            if let (true, Stmt::Local(local)) = (rebinds, &mut *stmt) {
                if let Some(init) = &mut local.init {
                    replace.visit_expr_mut(&mut init.expr);
                }
                return;
            }
            replace.visit_stmt_mut(stmt);
        }
    }
}
