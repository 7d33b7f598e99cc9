//! Lowering, array arguments of calls of other `#[differentiate]` functions: the
//! whole array or a part of it (`&x[a..b]`, `&m[i]`, `m[i]`), by reference or by value
//! (`ir/views.rs`). A reference must view a reference parameter, which outlives the
//! cache that keeps the callee's cache.
//!
//! Input:  `g(&x[1..n], &m[i], w, *p)`
//! Output: views `x[1..n]` and `m[i]` by reference, `w` and `p` whole by value

use crate::ir::views::{Part, View};
use crate::ir::Operand;
use crate::lower::Lowerer;
use syn::{Expr, RangeLimits, UnOp};

/// What an argument of a call is.
pub(crate) enum Argument {
    /// Not an array: lowered as any expression.
    Value,
    /// An array or a part of one.
    Array(View),
    /// An array argument the call cannot take (reported).
    Failed,
}

impl Lowerer<'_> {
    /// Whether `arg` is an array argument, and which part of which array.
    pub(crate) fn array_argument(&mut self, arg: &Expr, hint: &str) -> Argument {
        let (inner, by_ref) = match strip(arg) {
            Expr::Reference(reference) if reference.mutability.is_none() => {
                (strip(&reference.expr), true)
            }
            Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => {
                // `*p` of a reference to an array: the array, by value.
                match self.as_variable(&unary.expr) {
                    Some(var) if self.tape.is_array_ref(var) => {
                        return Argument::Array(View {
                            array: var,
                            fields: Vec::new(),
                            part: Part::Whole,
                            by_ref: false,
                        })
                    }
                    _ => return Argument::Value,
                }
            }
            other => (other, false),
        };
        if self.owned_base(inner) {
            if by_ref {
                self.error(arg, "a struct parameter taken by value cannot be passed by reference to a `#[differentiate]` function (the callee's cache would borrow it from this function's cache); take the parameter by reference (`s: &State`)");
                return Argument::Failed;
            }
            if self.as_variable(inner).is_some() {
                self.error(arg, "a struct parameter taken by value cannot be passed on whole to a `#[differentiate]` function; take the parameter by reference (`s: &State`) and pass `s`");
                return Argument::Failed;
            }
        }
        if let Some(view) = self.field_view(inner, by_ref, hint) {
            return Argument::Array(view);
        }
        let Some((array, part)) = self.viewed(inner, hint) else {
            return Argument::Value;
        };
        if self.tape.is_struct(array) {
            // `g(p)` or `g(&p)` of a struct parameter: the struct, by reference.
            return Argument::Array(View {
                array,
                fields: Vec::new(),
                part,
                by_ref: true,
            });
        }
        if self.tape.is_vec(array) {
            self.error(arg, "a `Vec` cannot be passed to a `#[differentiate]` function yet; pass a part of a slice parameter (`&x[a..b]`) or an array by value");
            return Argument::Failed;
        }
        if self.tape.vars[array].dims == 0 {
            if by_ref {
                self.error(arg, "a reference to a float cannot be passed to a `#[differentiate]` function; pass the float by value");
                return Argument::Failed;
            }
            return Argument::Value;
        }
        let reference = self.tape.is_slice(array);
        // `x` of a slice parameter is passed as the reference it is.
        let by_ref = by_ref || (reference && part == Part::Whole);
        if by_ref && !reference {
            self.error(arg, "a reference to a local array cannot be passed to a `#[differentiate]` function (the callee's cache would borrow it); pass the array by value (a `[f64; N]` parameter), or a part of a reference parameter (`&x[a..b]`, `&m[i]`)");
            return Argument::Failed;
        }
        if !by_ref && matches!(part, Part::Range(..)) {
            return Argument::Value;
        }
        Argument::Array(View {
            array,
            fields: Vec::new(),
            part,
            by_ref,
        })
    }

    /// Whether `expr` is a struct parameter by value (`s: State`) or a part of one.
    fn owned_base(&self, expr: &Expr) -> bool {
        match strip(expr) {
            Expr::Index(index) => self.owned_base(&index.expr),
            Expr::Field(field) => self.owned_base(&field.base),
            other => self
                .as_variable(other)
                .is_some_and(|var| self.tape.is_owned(var)),
        }
    }

    /// `&p.l1`, `&p.l1.w[i]`, `&p.w[a..b]` or `p.w` (by value) of a struct parameter
    /// `p`. A float field (`p.scale`) is a value like any other.
    fn field_view(&mut self, expr: &Expr, by_ref: bool, hint: &str) -> Option<View> {
        let (expr, range) = match expr {
            Expr::Index(index) => match strip(&index.index) {
                Expr::Range(range) => (strip(&index.expr), Some(range)),
                _ => (expr, None),
            },
            _ => (expr, None),
        };
        if !by_ref {
            // `p.w`, `p.w[i]`: a float read, or an array by value (not known here).
            return None;
        }
        let place = self.field_place(expr)?;
        let part = match range {
            Some(range) => {
                if !place.indices.is_empty() {
                    return None;
                }
                self.range_part(range, hint)
            }
            None if place.indices.is_empty() => Part::Whole,
            None => {
                let indices: Vec<Operand> = place
                    .indices
                    .iter()
                    .map(|index| self.index(index, hint))
                    .collect();
                Part::Row(indices)
            }
        };
        Some(View {
            array: place.base,
            fields: place.fields,
            part,
            by_ref,
        })
    }

    /// `x`, `x[i][j]` (fewer indices than `x` has dimensions) or `x[a..b]`: the array
    /// variable and the part.
    fn viewed(&mut self, expr: &Expr, hint: &str) -> Option<(usize, Part)> {
        if let Some(var) = self.as_variable(expr) {
            return Some((var, Part::Whole));
        }
        let Expr::Index(index) = expr else {
            return None;
        };
        if let Expr::Range(range) = strip(&index.index) {
            let array = self.as_variable(&index.expr)?;
            if self.tape.vars[array].dims != 1 {
                return None;
            }
            return Some((array, self.range_part(range, hint)));
        }
        let mut indices = Vec::new();
        let mut base = expr;
        while let Expr::Index(index) = strip(base) {
            if matches!(strip(&index.index), Expr::Range(_)) {
                return None;
            }
            indices.push(&*index.index);
            base = &index.expr;
        }
        let array = self.as_variable(base)?;
        if indices.len() >= self.tape.vars[array].dims {
            return None;
        }
        indices.reverse();
        let indices: Vec<Operand> = indices
            .into_iter()
            .map(|index| self.index(index, hint))
            .collect();
        Some((array, Part::Row(indices)))
    }

    /// `*p` of a reference to an array (kept for calls by `tuples.rs`): the array.
    pub(crate) fn dereferenced_array(&self, expr: &Expr) -> Option<usize> {
        let Expr::Unary(unary) = expr else {
            return None;
        };
        if !matches!(unary.op, UnOp::Deref(_)) {
            return None;
        }
        self.as_variable(&unary.expr)
            .filter(|&var| self.tape.is_array_ref(var))
    }

    /// The bounds of a sub-slice `x[a..b]`, `x[a..=b]` (as `a..b + 1`), `x[a..]`, `x[..b]`.
    fn range_part(&mut self, range: &syn::ExprRange, hint: &str) -> Part {
        let lo = range.start.as_ref().map(|lo| self.index(lo, hint));
        let hi = range.end.as_ref().map(|hi| match range.limits {
            RangeLimits::HalfOpen(_) => self.index(hi, hint),
            RangeLimits::Closed(_) => {
                let end: Expr = syn::parse_quote!(#hi + 1);
                self.index(&end, hint)
            }
        });
        Part::Range(lo, hi)
    }

    /// An index or a range bound: a `usize` constant.
    fn index(&mut self, expr: &Expr, hint: &str) -> Operand {
        match self.as_variable(expr) {
            Some(var) => {
                self.tape.vars[var]
                    .ty
                    .get_or_insert_with(|| syn::parse_quote!(usize));
                Operand::Var(var)
            }
            None => self.passive_any(expr, hint, Some(syn::parse_quote!(usize))),
        }
    }
}

/// `expr` without parentheses and invisible groups.
fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(inner) => strip(&inner.expr),
        Expr::Group(inner) => strip(&inner.expr),
        other => other,
    }
}
