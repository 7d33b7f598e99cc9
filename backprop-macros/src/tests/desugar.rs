//! Desugaring of closures and iterator chains, read as code: each case's body after
//! `lower::desugar`, pretty-printed.

use crate::error::Errors;
use crate::ir::names::Namer;
use quote::ToTokens;

/// The body of `source` (one `fn`) after desugaring, or its errors.
pub(crate) fn desugared(source: &str) -> String {
    let item: syn::ItemFn = syn::parse_str(source).unwrap();
    let namer = Namer::new(item.to_token_stream());
    let mut errors = Errors::default();
    let item = crate::lower::desugar::desugar(&item, &namer, &mut errors);
    if let Some(errors) = errors.into_compile_errors() {
        return errors.to_string();
    }
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Fn(item)],
    };
    prettyplease::unparse(&file)
}

#[test]
fn scratch() {
    for src in std::env::var("SCRATCH")
        .unwrap_or_default()
        .split("\n---\n")
        .filter(|s| !s.trim().is_empty())
    {
        println!("{}", desugared(src));
        if std::env::var_os("EXPAND").is_some() {
            let output =
                crate::expand::differentiate(proc_macro2::TokenStream::new(), src.parse().unwrap());
            match syn::parse2::<syn::File>(output.clone()) {
                Ok(file) => println!("{}", prettyplease::unparse(&file)),
                Err(_) => println!("{output}"),
            }
        }
    }
}
