//! Attribute arguments: `#[differentiate]` or `#[differentiate(wrt(x, y))]`.

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

/// The parsed attribute arguments.
#[derive(Default)]
pub(crate) struct Args {
    /// The parameters listed in `wrt(..)`, or `None` to differentiate every float one.
    pub(crate) wrt: Option<Vec<Ident>>,
}

const USAGE: &str = "expected `#[differentiate]` or `#[differentiate(wrt(x, y))]`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Args::default());
        }
        let keyword: Ident = input
            .parse()
            .map_err(|error| syn::Error::new(error.span(), USAGE))?;
        if keyword != "wrt" {
            return Err(syn::Error::new(
                keyword.span(),
                format!("unknown option `{keyword}`; {USAGE}"),
            ));
        }
        if input.peek(Token![=]) {
            return Err(input.error(
                "write the parameters in parentheses: `wrt(x)` or `wrt(x, y)`, not `wrt = ..`",
            ));
        }
        let content = parenthesized(input).map_err(|error| {
            syn::Error::new(error.span(), format!("expected `(` after `wrt`: {USAGE}"))
        })?;
        let names =
            Punctuated::<Ident, Token![,]>::parse_terminated(&content).map_err(|error| {
                syn::Error::new(
                    error.span(),
                    "`wrt(..)` lists parameter names separated by commas, e.g. `wrt(x, y)`",
                )
            })?;
        if names.is_empty() {
            return Err(syn::Error::new(
                keyword.span(),
                "`wrt()` lists no parameter; name at least one, e.g. `wrt(x)`",
            ));
        }
        let _: Option<Token![,]> = input.parse()?;
        if !input.is_empty() {
            return Err(input.error(USAGE));
        }
        Ok(Args {
            wrt: Some(names.into_iter().collect()),
        })
    }
}

fn parenthesized(input: ParseStream) -> syn::Result<syn::parse::ParseBuffer> {
    let content;
    syn::parenthesized!(content in input);
    Ok(content)
}

/// Parses the attribute's token stream.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Args> {
    Args::parse.parse2(tokens)
}
