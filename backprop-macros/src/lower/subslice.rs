//! Sub-slices read by element or by length, rewritten into reads of the array they
//! view (iterating one is `chain.rs`'s): a view from `windows` or `chunks` replaced
//! in a closure's body reads the same way.
//!
//! Input:  `x[1..][j]`, `x[i..i + 2][1]`, `x[a..b].len()`, `x[1..][2..4]`
//! Output: `x[j + 1]`, `x[i + 1]`, `b - a`, `x[3..5]`

use crate::lower::chain_range as ix;
use crate::lower::chain_source::Shapes;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprRange, RangeLimits};

/// Rewrites the sub-slices in `body` that are indexed or measured.
pub(crate) fn rewrite(body: &mut Block, shapes: &Shapes) {
    SubSlices { shapes }.visit_block_mut(body);
}

struct SubSlices<'a> {
    shapes: &'a Shapes,
}

/// `x[a..b]` (under parentheses or `&`): the array and the range.
pub(crate) fn as_sub_slice(expr: &Expr) -> Option<(&Expr, &ExprRange)> {
    match expr {
        Expr::Paren(inner) => as_sub_slice(&inner.expr),
        Expr::Reference(reference) => as_sub_slice(&reference.expr),
        Expr::Index(index) => match &*index.index {
            Expr::Range(range) => Some((&index.expr, range)),
            _ => None,
        },
        _ => None,
    }
}

impl SubSlices<'_> {
    /// The first index and the end of a sub-slice of `base`.
    fn bounds(&self, base: &Expr, range: &ExprRange) -> (Expr, Expr) {
        let lo = range
            .start
            .as_deref()
            .cloned()
            .unwrap_or_else(|| ix::lit(0));
        let hi = match (&range.end, &range.limits) {
            (None, _) => self.shapes.len(base),
            (Some(end), RangeLimits::HalfOpen(_)) => (**end).clone(),
            (Some(end), RangeLimits::Closed(_)) => ix::add(end, &ix::lit(1)),
        };
        (lo, hi)
    }
}

impl VisitMut for SubSlices<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let rewritten: Option<Expr> = match &*expr {
            Expr::Index(outer) => as_sub_slice(&outer.expr).map(|(base, range)| {
                let (lo, hi) = self.bounds(base, range);
                match &*outer.index {
                    // `x[a..b][c..d]` is `x[a + c..a + d]`.
                    Expr::Range(inner) => {
                        let start = ix::add(
                            &lo,
                            &inner
                                .start
                                .as_deref()
                                .cloned()
                                .unwrap_or_else(|| ix::lit(0)),
                        );
                        let end = match (&inner.end, &inner.limits) {
                            (None, _) => hi,
                            (Some(end), RangeLimits::HalfOpen(_)) => ix::add(&lo, end),
                            (Some(end), RangeLimits::Closed(_)) => {
                                ix::add(&ix::add(&lo, end), &ix::lit(1))
                            }
                        };
                        syn::parse_quote!(#base[#start..#end])
                    }
                    index => {
                        let at = ix::add(index, &lo);
                        syn::parse_quote!(#base[#at])
                    }
                }
            }),
            Expr::MethodCall(call) if call.method == "len" && call.args.is_empty() => {
                match as_sub_slice(&call.receiver) {
                    Some((base, range)) => {
                        let (lo, hi) = self.bounds(base, range);
                        Some(ix::sub(&hi, &lo))
                    }
                    None => self.shapes.row_len(&call.receiver),
                }
            }
            _ => None,
        };
        if let Some(rewritten) = rewritten {
            *expr = rewritten;
        }
    }
}
