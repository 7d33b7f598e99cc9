//! Compile-fail tests: every error `#[differentiate]` reports, with its `.stderr`
//! (`tests/ui/<category>/<mistake>.rs`), and edge cases that must compile and run
//! (`tests/ui/pass/`). Re-bless with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    // One glob per category: `tests/ui/*/*.rs` would also take `pass/`.
    for category in [
        "args",
        "arrays",
        "calls",
        "methods",
        "signature",
        "slices",
        "unsupported",
        "types",
        "chains",
        "patterns",
        "vecs",
        "jvp",
        "hessian",
        "circuit",
        "derive",
        "structs",
    ] {
        cases.compile_fail(format!("tests/ui/{category}/*.rs"));
    }
    cases.pass("tests/ui/pass/*.rs");
}
