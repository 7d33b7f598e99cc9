//! Desugaring of closures and iterator chains, read as code: each case's body after
//! `lower::desugar` is compared, token for token, with the loop one writes by hand.

use crate::error::Errors;
use crate::ir::names::Namer;
use quote::ToTokens;

/// `source` (one `fn`) after desugaring, as tokens, or its errors.
fn desugared(source: &str) -> String {
    let item: syn::ItemFn = syn::parse_str(source).unwrap();
    let mut namer = Namer::new(item.to_token_stream());
    let mut errors = Errors::default();
    let args = crate::parse::args::Args::default();
    let Some(sig) = crate::parse::signature::check(&item, &args, &mut errors) else {
        return errors.into_compile_errors().unwrap_or_default().to_string();
    };
    let item = crate::lower::desugar::desugar(&item, &sig, &mut namer, &mut errors);
    match errors.into_compile_errors() {
        Some(errors) => errors.to_string(),
        None => item.to_token_stream().to_string(),
    }
}

fn assert_desugars(source: &str, expected: &str) {
    let expected: syn::ItemFn = syn::parse_str(expected).unwrap();
    assert_eq!(
        desugared(source),
        expected.to_token_stream().to_string(),
        "{source}"
    );
}

#[test]
fn zip_map_sum_is_one_loop_over_the_shorter() {
    assert_desugars(
        "fn f(x: &[f64], y: &[f64]) -> f64 { x.iter().zip(y).map(|(a, b)| (a - b).powi(2)).sum::<f64>() }",
        "fn f(x: &[f64], y: &[f64]) -> f64 { {
            let mut sum = 0.0;
            for i in 0..x.len().min(y.len()) { let a = x[i]; let b = y[i]; sum += (a - b).powi(2); }
            sum
        } }",
    );
}

#[test]
fn positional_adapters_fold_into_the_range() {
    // Rust: x7, x6, .. enumerated 0, 1, ..; skip one; every second: k = 1, 3, 5, 7.
    assert_desugars(
        "fn f(x: [f64; 8]) -> f64 { x.iter().rev().enumerate().skip(1).step_by(2).map(|(k, v)| v * k as f64).sum::<f64>() }",
        "fn f(x: [f64; 8]) -> f64 { {
            let mut sum = 0.0;
            for i in (0..7).rev().step_by(2) { let k = 7 - i; let v = x[i]; sum += v * k as f64; }
            sum
        } }",
    );
    assert_desugars(
        "fn f(x: &[f64], n: usize) -> f64 { x.iter().skip(1).take(n).fold(1.0, |acc, v| acc * v + 1.0) }",
        "fn f(x: &[f64], n: usize) -> f64 { {
            let mut acc = 1.0;
            for i in 1..x.len().min(n + 1) { let v = x[i]; acc = acc * v + 1.0; }
            acc
        } }",
    );
}

#[test]
fn closures_are_inlined_where_called() {
    assert_desugars(
        "fn f(x: &[f64]) -> f64 { let s = |v: f64| v * v; let t = |a: f64, b: f64| s(a) - s(b); t(x[0], x[1]) }",
        "fn f(x: &[f64]) -> f64 { {
            let a: f64 = x[0];
            let b: f64 = x[1];
            ({ let v: f64 = a; v * v }) - { let v: f64 = b; v * v }
        } }",
    );
    // Parameters in swapped order read the arguments from temporaries.
    assert_desugars(
        "fn f(a: f64, b: f64) -> f64 { let g = |b: f64, a: f64| a - 2.0 * b; g(a, b) }",
        "fn f(a: f64, b: f64) -> f64 { { let b_1 = a; let a_1 = b; let b: f64 = b_1; let a: f64 = a_1; a - 2.0 * b } }",
    );
}

#[test]
fn filter_and_conditions() {
    // In a condition (kept as written) the chain binds no name of the user's; after a
    // filter, `enumerate` counts the kept elements.
    assert_desugars(
        "fn f(x: &[f64]) -> f64 { if x.iter().any(|v| *v < 0.0) { 0.0 } else { x.iter().filter(|&&v| v > 1.0).enumerate().map(|(i, v)| v * i as f64).sum() } }",
        "fn f(x: &[f64]) -> f64 { if {
            let mut any = false;
            for j in 0..x.len() { if x[j] < 0.0 { any = true; break; } }
            any
        } { 0.0 } else { {
            let mut kept: usize = 0;
            let mut sum = 0.0;
            for j in 0..x.len() {
                if !(x[j] > 1.0) { continue; }
                let position = kept;
                kept += 1;
                let i = position;
                let v = x[j];
                sum += v * i as f64;
            }
            sum
        } } }",
    );
}

#[test]
fn rows_and_views_are_read_in_place() {
    assert_desugars(
        "fn f(m: &[[f64; 3]], x: f64) -> f64 { let mut s = 0.0; for row in m.iter() { s += row.iter().map(|v| v * x).sum::<f64>(); } s }",
        "fn f(m: &[[f64; 3]], x: f64) -> f64 { let mut s = 0.0; for i in 0..m.len() { s += {
            let mut sum = 0.0;
            for j in 0..3 { let v = m[i][j]; sum += v * x; }
            sum
        }; } s }",
    );
    assert_desugars(
        "fn f(x: &[f64]) -> f64 { x.windows(2).map(|w| (w[1] - w[0]).abs()).sum() }",
        "fn f(x: &[f64]) -> f64 { {
            let mut sum = 0.0;
            for i in 0..x.len().saturating_sub(1) { sum += (x[i + 1] - x[i]).abs(); }
            sum
        } }",
    );
}

#[test]
fn iterate_forms_stay_as_iterate_writes_them() {
    // `iterate.rs` names its accumulator and index after the function's names.
    assert_desugars(
        "fn f(x: [f64; 3]) -> f64 { x.iter().sum::<f64>() }",
        "fn f(x: [f64; 3]) -> f64 { { let mut sum_1 = 0.0; for i_2 in 0..3 { sum_1 += x[i_2]; } sum_1 } }",
    );
}

#[test]
fn errors_are_reported_at_the_construct() {
    let errors =
        desugared("fn f(x: &[f64]) -> f64 { x.iter().filter(|v| **v > 0.0).skip(1).sum() }");
    assert!(errors.contains("after `.filter(..)`"), "{errors}");
    let errors = desugared("fn f(x: f64) -> f64 { let g = |t: f64| t; let h = g; h(x) }");
    assert!(errors.contains("used as a value"), "{errors}");
}

#[test]
fn tuple_swap_assigns_in_order_with_one_temporary() {
    assert_desugars(
        "fn f(x: f64) -> f64 { let (mut a, mut b) = (1.0, x); for _ in 0..3 { (a, b) = (b, a + x * b); } b }",
        "fn f(x: f64) -> f64 { let mut a = 1.0; let mut b = x; for _ in 0..3 { let next_b = a + x * b; a = b; b = next_b; } b }",
    );
}

#[test]
fn patterns_and_tuple_locals_become_scalars() {
    assert_desugars(
        "fn g(p: &[f64; 2]) -> f64 { let [x, y] = *p; let (s, c) = x.sin_cos(); let t = (y * s, c); t.0 + t.1 }",
        "fn g(p: &[f64; 2]) -> f64 { let x = p[0]; let y = p[1]; let s = x.sin(); let c = x.cos(); let t_0 = y * s; let t_1 = c; t_0 + t_1 }",
    );
}
