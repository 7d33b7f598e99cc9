//! The stacks of a generic function's `f_hvp` (`fn f<T: Float>`) start from
//! `__private::BlankOf` placeholders: the `f64` code's `Default` is not a bound of
//! `Float`.
//!
//! Input: `let mut x_saved = [::core::default::Default::default(); 3];`,
//! `x_saved.pop().unwrap_or_default()`
//! Output: `let mut x_saved = [::backprop::__private::BlankOf::blank_of(); 3];`,
//! `x_saved.pop().unwrap_or_else(::backprop::__private::BlankOf::blank_of)`

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit_mut::VisitMut;

/// `fns` (the `hessian` functions of a generic function) with their placeholders in
/// `BlankOf`; unchanged if they do not parse as items.
pub(crate) fn blanks(fns: TokenStream, krate: &TokenStream) -> TokenStream {
    let Ok(mut items) = syn::parse2::<syn::File>(fns.clone()) else {
        return fns;
    };
    Blanks { krate }.visit_file_mut(&mut items);
    items.into_token_stream()
}

struct Blanks<'a> {
    krate: &'a TokenStream,
}

impl VisitMut for Blanks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let krate = self.krate;
        match expr {
            syn::Expr::Call(call) if call.args.is_empty() && is_default(&call.func) => {
                *expr = syn::parse_quote!(#krate::__private::BlankOf::blank_of());
            }
            syn::Expr::MethodCall(call)
                if call.method == "unwrap_or_default" && call.args.is_empty() =>
            {
                let receiver = &call.receiver;
                *expr = syn::parse_quote!(
                    #receiver.unwrap_or_else(#krate::__private::BlankOf::blank_of)
                );
            }
            _ => {}
        }
    }
}

/// Whether `func` is `::core::default::Default::default`.
fn is_default(func: &syn::Expr) -> bool {
    let syn::Expr::Path(path) = func else {
        return false;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    names == ["core", "default", "Default", "default"]
}
