//! An adjoint array the backward pass fills one element per iteration is built by
//! `core::array::from_fn` instead of being zeroed and then added into: each element is
//! written once, as a person writes `d_w[i] = x[i] * d_z`.
//!
//! Input:  `let mut d_w: [f64; 100] = Zero::zero();
//!          for i in (0..100).rev() { let x_i = x[i]; let d_w_i = x_i * d_z; d_w[i] += d_w_i; }`
//! Output: `let mut d_w: [f64; 100] = ::core::array::from_fn(|i| { let x_i = x[i]; x_i * d_z });`
//!
//! Only when the loop runs over the array's whole length, its body computes with `let`s
//! and ends by adding into element `[i]`, and nothing else reads or changes the array
//! between its declaration and the loop: then the elements are independent, and their
//! order does not matter.

use crate::emit::fuse_names::Uses;
use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{Expr, Pat, Stmt, Type};

/// `body` (statements ending in an expression) with such loops turned into `from_fn`s;
/// `body` itself if there is none.
pub(crate) fn filled(body: TokenStream) -> TokenStream {
    let mentions = |name: &str| {
        body.clone()
            .into_iter()
            .any(|token| matches!(token, TokenTree::Ident(ident) if ident == name))
    };
    if !mentions("Zero") || !mentions("for") {
        return body;
    }
    let Ok(block) = syn::parse2::<syn::Block>(quote!({ #body })) else {
        return body;
    };
    let mut stmts = block.stmts;
    let mut changed = false;
    let mut at = 0;
    while at < stmts.len() {
        if let Some(next) = fill_from(&mut stmts, at) {
            changed = true;
            at = next;
        } else {
            at += 1;
        }
    }
    if !changed {
        return body;
    }
    quote!(#(#stmts)*)
}

/// If `stmts[at]` declares a zeroed adjoint array that a later loop fills element by
/// element, replaces the pair by one `from_fn` declaration at the loop's place; the
/// index to go on from.
fn fill_from(stmts: &mut Vec<Stmt>, at: usize) -> Option<usize> {
    let (name, len) = zeroed_array(&stmts[at])?;
    let uses_name = |stmt: &Stmt| {
        let uses = Uses::of_stmts(std::slice::from_ref(stmt));
        uses.touches(&name) || uses.all_defs.contains(&name)
    };
    let looped = (at + 1..stmts.len()).find(|&k| uses_name(&stmts[k]))?;
    let Stmt::Expr(Expr::ForLoop(node), _) = &stmts[looped] else {
        return None;
    };
    let Pat::Ident(index) = &*node.pat else {
        return None;
    };
    let index = &index.ident;
    let whole = plain_text(quote!((0..#len).rev()));
    if node.label.is_some() || plain_text(node.expr.to_token_stream()) != whole {
        return None;
    }
    let (last, lets) = node.body.stmts.split_last()?;
    let element = added_into(last, &name, &index.to_string())?;
    let body_uses = Uses::of_stmts(&node.body.stmts);
    let only_lets = lets.iter().all(|stmt| matches!(stmt, Stmt::Local(_)));
    let element_uses = Uses::of_stmts(&[Stmt::Expr(element.clone(), None)]);
    let clean = only_lets
        && !body_uses.jumps
        && !body_uses.prints
        && body_uses.assigned.is_empty()
        && body_uses.accumulated.iter().all(|changed| *changed == name)
        && !Uses::of_stmts(lets).touches(&name)
        && !element_uses.touches(&name);
    if !clean {
        return None;
    }
    let Stmt::Local(decl) = &stmts[at] else {
        return None;
    };
    let mut pat = decl.pat.clone();
    let changed_later = stmts[looped + 1..].iter().any(|stmt| {
        let uses = Uses::of_stmts(std::slice::from_ref(stmt));
        uses.assigned.contains(&name) || uses.accumulated.contains(&name)
    });
    if let (Pat::Type(typed), false) = (&mut pat, changed_later) {
        if let Pat::Ident(ident) = &mut *typed.pat {
            ident.mutability = None;
        }
    }
    let filled: Stmt = syn::parse_quote! {
        let #pat = ::core::array::from_fn(|#index| { #(#lets)* #element });
    };
    stmts[looped] = filled;
    stmts.remove(at);
    Some(looped)
}

/// The text of `tokens` with invisible groups (a `macro_rules!` fragment such as `$n`)
/// opened, so that `0..$n` and `0..100` compare equal when `$n` is `100`.
fn plain_text(tokens: TokenStream) -> String {
    fn open(tokens: TokenStream, out: &mut Vec<String>) {
        for token in tokens {
            match token {
                TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::None => {
                    open(group.stream(), out)
                }
                TokenTree::Group(group) => {
                    let mut inner = Vec::new();
                    open(group.stream(), &mut inner);
                    let (left, right) = match group.delimiter() {
                        proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                        proc_macro2::Delimiter::Bracket => ("[", "]"),
                        _ => ("{", "}"),
                    };
                    out.push(format!("{left}{}{right}", inner.join(" ")));
                }
                other => out.push(other.to_string()),
            }
        }
    }
    let mut out = Vec::new();
    open(tokens, &mut out);
    out.join(" ")
}

/// `d_w` and `N` of `let mut d_w: [F; N] = ..Zero::zero();`.
fn zeroed_array(stmt: &Stmt) -> Option<(String, TokenStream)> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let Pat::Type(typed) = &local.pat else {
        return None;
    };
    let (Pat::Ident(pat), Type::Array(array)) = (&*typed.pat, &*typed.ty) else {
        return None;
    };
    if matches!(&*array.elem, Type::Array(_)) {
        return None;
    }
    let init = local.init.as_ref()?.expr.to_token_stream().to_string();
    if !init.replace(' ', "").ends_with("Zero::zero()") {
        return None;
    }
    Some((pat.ident.to_string(), array.len.to_token_stream()))
}

/// `e` of `name[index] += e;`.
fn added_into(stmt: &Stmt, name: &str, index: &str) -> Option<Expr> {
    let Stmt::Expr(Expr::Binary(binary), Some(_)) = stmt else {
        return None;
    };
    if !matches!(binary.op, syn::BinOp::AddAssign(_)) {
        return None;
    }
    let Expr::Index(place) = &*binary.left else {
        return None;
    };
    let names = |expr: &Expr, want: &str| matches!(expr, Expr::Path(path) if path.path.get_ident().is_some_and(|ident| ident == want));
    (names(&place.expr, name) && names(&place.index, index)).then(|| (*binary.right).clone())
}
