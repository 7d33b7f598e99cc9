//! Attribute arguments: `#[differentiate]`, or options separated by commas:
//! `#[differentiate(wrt(x, y), jvp, hessian, circuit)]`.

use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

/// The parsed attribute arguments.
#[derive(Default)]
pub(crate) struct Args {
    /// The parameters listed in `wrt(..)`, or `None` to differentiate every float one.
    pub(crate) wrt: Option<Vec<Ident>>,
    /// `jvp`: also generate the forward-mode `f_jvp`.
    pub(crate) jvp: bool,
    /// `hessian`: also generate `f_hvp` and `f_hessian` (`emit/hvp.rs`).
    pub(crate) hessian: bool,
    /// `circuit`: also generate `f_circuit`, the picture of one run (`emit/circuit.rs`).
    pub(crate) circuit: Option<Ident>,
}

const USAGE: &str =
    "expected `#[differentiate]`, or options separated by commas: `wrt(x, y)`, `jvp`, `hessian`, `circuit`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut args = Args::default();
        while !input.is_empty() {
            let keyword: Ident = input
                .parse()
                .map_err(|error| syn::Error::new(error.span(), USAGE))?;
            match keyword.to_string().as_str() {
                "wrt" if args.wrt.is_some() => {
                    return Err(syn::Error::new(
                        keyword.span(),
                        "`wrt` is given twice; list every parameter in one `wrt(x, y)`",
                    ))
                }
                "wrt" => args.wrt = Some(wrt(input, &keyword)?),
                "jvp" | "hessian" | "circuit" => {
                    let given = match keyword.to_string().as_str() {
                        "jvp" => std::mem::replace(&mut args.jvp, true),
                        "hessian" => std::mem::replace(&mut args.hessian, true),
                        _ => args.circuit.replace(keyword.clone()).is_some(),
                    };
                    if given {
                        return Err(syn::Error::new(
                            keyword.span(),
                            format!("`{keyword}` is given twice"),
                        ));
                    }
                    if !input.is_empty() && !input.peek(Token![,]) {
                        return Err(input
                            .error(format!("`{keyword}` takes no arguments: write `{keyword}`")));
                    }
                }
                _ => {
                    return Err(syn::Error::new(
                        keyword.span(),
                        format!("unknown option `{keyword}`; {USAGE}"),
                    ))
                }
            }
            if input.is_empty() {
                break;
            }
            let _: Token![,] = input.parse().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    format!("separate options with commas; {USAGE}"),
                )
            })?;
        }
        Ok(args)
    }
}

/// The names in `wrt(x, y)`, after the keyword.
fn wrt(input: ParseStream, keyword: &Ident) -> syn::Result<Vec<Ident>> {
    if input.peek(Token![=]) {
        return Err(input.error(
            "write the parameters in parentheses: `wrt(x)` or `wrt(x, y)`, not `wrt = ..`",
        ));
    }
    let content = parenthesized(input).map_err(|error| {
        syn::Error::new(error.span(), format!("expected `(` after `wrt`: {USAGE}"))
    })?;
    // `Ident::parse_any`: `wrt(self, x)` names the receiver of a method too.
    let names = Punctuated::<Ident, Token![,]>::parse_terminated_with(&content, Ident::parse_any)
        .map_err(|error| {
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
    Ok(names.into_iter().collect())
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
