//! A loop over a const generic length (`for i in 0..N`, `0..N - 1`, `(0..N).step_by(2)`
//! in `fn f<T: Float, const N: usize>`) saves its runs in a stack array `[T; N]`: its
//! number of runs is at most `N`, a length stable Rust accepts in a generic type (an
//! expression such as `N - 1` it does not).
//!
//! Input: the loop's count `N - 1`, with `N` a const parameter of the function.
//! Output: `Some(N)`, the length of the array its runs are saved in.

use proc_macro2::{Ident, TokenStream};
use syn::{BinOp, Expr};

/// The const parameter `count` is at most, when `count` is that parameter, or it less
/// something (`N - 1`, `usize::saturating_sub(N, k)`), or divided up
/// (`usize::div_ceil(N, 2)`, from `step_by`).
pub(crate) fn const_bound(count: &TokenStream, consts: &[Ident]) -> Option<Ident> {
    if consts.is_empty() {
        return None;
    }
    bound(&syn::parse2::<Expr>(count.clone()).ok()?, consts)
}

fn bound(expr: &Expr, consts: &[Ident]) -> Option<Ident> {
    match expr {
        Expr::Path(path) if path.qself.is_none() => {
            let ident = path.path.get_ident()?;
            consts.contains(ident).then(|| ident.clone())
        }
        Expr::Paren(inner) => bound(&inner.expr, consts),
        Expr::Group(inner) => bound(&inner.expr, consts),
        Expr::Binary(binary) if matches!(binary.op, BinOp::Sub(_)) => bound(&binary.left, consts),
        Expr::Call(call) => {
            let Expr::Path(function) = &*call.func else {
                return None;
            };
            let names: Vec<String> = function
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            let at_most_first = matches!(
                names
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["usize", "saturating_sub" | "div_ceil"]
            );
            if at_most_first {
                bound(call.args.first()?, consts)
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::const_bound;
    use quote::quote;

    #[test]
    fn counts_at_most_a_const_parameter() {
        let consts = [quote::format_ident!("N")];
        let n = Some(String::from("N"));
        let of = |count| const_bound(&count, &consts).map(|ident| ident.to_string());
        assert_eq!(of(quote!(N)), n);
        assert_eq!(of(quote!(N - 1)), n);
        assert_eq!(of(quote!((N - 2))), n);
        assert_eq!(of(quote!(usize::saturating_sub(N, 1))), n);
        assert_eq!(of(quote!(usize::div_ceil(N, 2))), n);
        assert_eq!(of(quote!(N + 1)), None);
        assert_eq!(of(quote!(N * N)), None);
        assert_eq!(of(quote!(M)), None);
        assert_eq!(of(quote!(LEN)), None);
        assert_eq!(const_bound(&quote!(N), &[]), None);
    }
}
