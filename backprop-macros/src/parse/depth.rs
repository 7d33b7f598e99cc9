//! A bound on how deeply the function's expressions nest, checked on its tokens before
//! anything builds a tree of them: syn's parser, its `Clone` and `Drop`, and the passes
//! of the transform are recursive, and in a proc macro built without optimizations (as
//! cargo builds them) a nesting level costs them kilobytes of the compiler's 8 MiB stack.
//! Past the bound the function is an error saying how to split the expression, not a
//! crashed compiler.
//!
//! The cost of a point in the body is the cost of the path to it: each enclosing
//! bracket (`( [ {`) and each operator since the start of the current statement, element
//! or argument (`;` and `,` start afresh). Measured on the compiler's stack, a 2,300-term
//! sum, 2,400 chained method calls or unary minuses, 750 nested parentheses or 470
//! right-nested sums `(y + (y + ..))` still fit; the bound keeps about half of that.

use proc_macro2::{TokenStream, TokenTree};

/// The cost of an operator (a punctuation character, or `as`), in half-kilobytes of
/// stack: a link of an operator chain (`a + b + ..`, `x.f().g()`, `- - x`).
const OPERATOR: usize = 7;
/// The cost of a nesting bracket, in half-kilobytes of stack.
const BRACKET: usize = 32;
/// The most a path may cost: about half of the compiler's 8 MiB, in half-kilobytes.
const BUDGET: usize = 8192;

/// An error at the first token past the bound, if `tokens` nest deeper than it.
pub(crate) fn check(tokens: &TokenStream) -> syn::Result<()> {
    // The groups being read, innermost last: their tokens, the cost of the path to the
    // group, and the operators since the current statement or element began.
    let mut open = vec![(tokens.clone().into_iter(), 0usize, 0usize)];
    while let Some((tokens, base, operators)) = open.last_mut() {
        let Some(token) = tokens.next() else {
            open.pop();
            continue;
        };
        let cost = match &token {
            TokenTree::Punct(punct) if matches!(punct.as_char(), ';' | ',') => {
                *operators = 0;
                continue;
            }
            TokenTree::Punct(_) => {
                *operators += OPERATOR;
                *base + *operators
            }
            TokenTree::Ident(ident) if ident == "as" => {
                *operators += OPERATOR;
                *base + *operators
            }
            TokenTree::Group(group) => {
                let inner = *base + *operators + BRACKET;
                open.push((group.stream().into_iter(), inner, 0));
                inner
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => continue,
        };
        if cost > BUDGET {
            let span = match &token {
                TokenTree::Group(group) => group.span_open(),
                other => other.span(),
            };
            return Err(syn::Error::new(
                span,
                "this expression nests too deeply for `#[differentiate]` (a long chain of operators or method calls, or many nested brackets); split it with `let` bindings: `let s1 = a + b + ..; let s2 = s1 + ..;`",
            ));
        }
    }
    Ok(())
}
