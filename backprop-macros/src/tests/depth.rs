//! Deep expressions: the transform must not overflow the compiler's stack (8 MiB on
//! rustc's main thread; rustc itself copes with about 5,000 levels of these shapes).
//! Each case runs on a thread with that stack, as the macro would in the compiler, and
//! must come back as tokens: the generated code, or a spanned error.

use proc_macro2::TokenStream;

/// The stack rustc gives the thread that runs proc macros.
const RUSTC_STACK: usize = 8 << 20;

/// Expands `#[differentiate] fn f(x: f64, y: f64) -> f64 { body }` on a thread with
/// rustc's stack; the output as text.
fn expand(body: String) -> String {
    std::thread::Builder::new()
        .stack_size(RUSTC_STACK)
        .spawn(move || {
            let item: TokenStream = format!("fn f(x: f64, y: f64) -> f64 {{ {body} }}")
                .parse()
                .unwrap();
            crate::expand::differentiate(TokenStream::new(), item).to_string()
        })
        .unwrap()
        .join()
        .expect("the expansion finished without overflowing its stack")
}

/// The shapes of the issue, at the sizes that crashed the compiler, and 5 times over.
fn too_deep() -> Vec<(&'static str, String)> {
    vec![
        ("3,000-term sum", vec!["x * y"; 3000].join(" + ")),
        (
            "500 nested parentheses",
            format!("{}x{}", "(".repeat(500), ")".repeat(500)),
        ),
        (
            "500 right-nested sums",
            format!("{}x{}", "(y + ".repeat(500), ")".repeat(500)),
        ),
        (
            "3,000-long method chain",
            format!("x{}", ".sin().cos()".repeat(1500)),
        ),
        ("3,000 unary minuses", format!("{}x", "- ".repeat(3000))),
        ("15,000-term sum", vec!["x * y"; 15000].join(" + ")),
        (
            "2,500 nested parentheses",
            format!("{}x{}", "(".repeat(2500), ")".repeat(2500)),
        ),
        ("15,000 unary minuses", format!("{}x", "- ".repeat(15000))),
    ]
}

/// Shapes just inside the bound: they are differentiated, on the compiler's stack.
fn deep_but_fine() -> Vec<(&'static str, String)> {
    vec![
        ("500-term sum", vec!["x * y"; 500].join(" + ")),
        (
            "200 nested parentheses",
            format!("{}x{}", "(".repeat(200), ")".repeat(200)),
        ),
        (
            "150 right-nested sums",
            format!("{}x{}", "(y + ".repeat(150), ")".repeat(150)),
        ),
        (
            "1,000-long method chain",
            format!("x{}", ".sin().cos()".repeat(500)),
        ),
        ("1,000 unary minuses", format!("{}x", "- ".repeat(1000))),
        (
            "100 nested blocks",
            format!("{}x{}", "{ let t = y; t * ".repeat(100), " }".repeat(100)),
        ),
        (
            "100 nested calls",
            format!("{}x{}", "x.max(y * ".repeat(100), ")".repeat(100)),
        ),
    ]
}

#[test]
fn too_deep_expressions_are_an_error_not_a_crash() {
    for (name, body) in too_deep() {
        let output = expand(body);
        assert!(
            output.contains("nests too deeply") && !output.contains("f_grad"),
            "{name}: {}",
            &output[..output.len().min(300)]
        );
    }
}

#[test]
fn deep_expressions_within_the_bound_are_differentiated() {
    for (name, body) in deep_but_fine() {
        let output = expand(body);
        assert!(
            output.contains("f_grad") && !output.contains("compile_error"),
            "{name}: {}",
            &output[..output.len().min(300)]
        );
    }
}

/// Measures the stack's capacity for one shape at one size, with the bound lifted by
/// nothing: it aborts the process when the stack overflows. The numbers in
/// `parse/depth.rs` came from `DEPTH_SHAPE=sum DEPTH_N=2000 cargo test -p
/// backprop-macros probe_depth -- --ignored --nocapture` (shapes `sum`, `parens`, `right`,
/// `chain`, `neg`), with `parse::depth::check` skipped.
#[test]
#[ignore = "a measurement; aborts the process when the stack overflows"]
fn probe_depth() {
    let n: usize = std::env::var("DEPTH_N").unwrap().parse().unwrap();
    let body = match std::env::var("DEPTH_SHAPE").unwrap().as_str() {
        "sum" => vec!["x * y"; n].join(" + "),
        "parens" => format!("{}x{}", "(".repeat(n), ")".repeat(n)),
        "right" => format!("{}x{}", "(y + ".repeat(n), ")".repeat(n)),
        "chain" => format!("x{}", ".sin()".repeat(n)),
        _ => format!("{}x", "- ".repeat(n)),
    };
    eprintln!("ok: {} bytes", expand(body).len());
}
