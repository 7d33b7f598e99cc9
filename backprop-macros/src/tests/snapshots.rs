//! Expansion snapshots: each `tests/expand/<case>.rs` is run through the transform,
//! pretty-printed with `prettyplease`, and compared with `<case>.expanded.rs`.
//! `BLESS=1 cargo test -p backprop-macros` rewrites the expected files; review the
//! diff like code, since it is what users read in `cargo expand`.

use std::fs;
use std::path::Path;

fn expand_file(source: &str) -> String {
    let file: syn::File = match syn::parse_str(source) {
        Ok(file) => file,
        Err(error) => return format!("// does not parse: {error}\n"),
    };
    let mut items = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Fn(mut item_fn) => {
                let position = item_fn
                    .attrs
                    .iter()
                    .position(|attr| attr.path().is_ident("differentiate"));
                let Some(position) = position else {
                    items.push(syn::Item::Fn(item_fn));
                    continue;
                };
                let attr = item_fn.attrs.remove(position);
                let args = match attr.meta {
                    syn::Meta::List(list) => list.tokens,
                    _ => proc_macro2::TokenStream::new(),
                };
                let output = crate::expand::differentiate(args, quote::quote!(#item_fn));
                let output: syn::File = match syn::parse2(output) {
                    Ok(file) => file,
                    Err(error) => return format!("// expansion does not parse: {error}\n"),
                };
                items.extend(output.items);
            }
            // `#[differentiate] impl Model { .. }`: methods.
            syn::Item::Impl(mut item_impl) => {
                let Some(position) = item_impl
                    .attrs
                    .iter()
                    .position(|attr| attr.path().is_ident("differentiate"))
                else {
                    items.push(syn::Item::Impl(item_impl));
                    continue;
                };
                item_impl.attrs.remove(position);
                let output = crate::expand::differentiate(
                    proc_macro2::TokenStream::new(),
                    quote::quote!(#item_impl),
                );
                match syn::parse2::<syn::File>(output) {
                    Ok(output) => items.extend(output.items),
                    Err(error) => return format!("// expansion does not parse: {error}\n"),
                }
            }
            other => items.push(other),
        }
    }
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    })
}

#[test]
fn expansions_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let bless = std::env::var_os("BLESS").is_some();
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default();
    cases.retain(|path| {
        path.extension().is_some_and(|ext| ext == "rs")
            && !path.to_string_lossy().ends_with(".expanded.rs")
    });
    cases.sort();
    assert!(!cases.is_empty(), "no expansion cases in {}", dir.display());
    let mut mismatches = Vec::new();
    for case in cases {
        let source = fs::read_to_string(&case).unwrap_or_default();
        let actual = expand_file(&source);
        let expected_path = case.with_extension("expanded.rs");
        if bless {
            fs::write(&expected_path, &actual)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", expected_path.display()));
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "--- {} (expected)\n{expected}\n+++ actual\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "expansion snapshots differ (rerun with BLESS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}
