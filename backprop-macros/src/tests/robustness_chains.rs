//! Robustness of the chain and closure rewrites: odd but parseable chains and closures
//! go through [`crate::expand::differentiate`] without a panic, and come back as tokens
//! that parse, with the function as written.

use proc_macro2::TokenStream;
use std::panic::{catch_unwind, AssertUnwindSafe};

const BODIES: &[&str] = &[
    "x.iter().step_by(0).sum()",
    "x.windows(0).map(|w| w[0]).sum()",
    "x.chunks(0).map(|c| c.len() as f64).sum()",
    "x.iter().rev().rev().rev().step_by(2).rev().step_by(3).skip(1).sum()",
    "x.iter().skip(usize::MAX).take(0).sum()",
    "(0..0).map(|i| x[i]).sum()",
    "(5..=2).rev().map(|i| x[i]).sum()",
    "(0..).zip(x.iter()).map(|(i, v)| v * i as f64).sum()",
    "x.iter().zip(x.iter().zip(x.iter().zip(x))).map(|(a, (b, (c, d)))| a * b * c * d).sum()",
    "x.iter().map(|_| 1.0).map(|v| v).map(|v| v).sum()",
    "x.iter().map(|(a, b)| a).sum()",
    "x.iter().map(|[a, b]| a).sum()",
    "x.iter().map(|ref v| *v).sum()",
    "x.iter().map(|v @ _| *v).sum()",
    "x.iter().map(|mut v| { v = v; v }).sum()",
    "x.iter().map().sum()",
    "x.iter().map(1.0).sum()",
    "x.iter().filter().sum()",
    "x.iter().fold().sum()",
    "x.iter().fold(0.0)",
    "x.iter().fold(0.0, |a, b, c| a)",
    "x.iter().fold(0.0, |(a, b), v| a)",
    "x.iter().max_by().unwrap()",
    "x.iter().max_by(|a| a).unwrap().0.1",
    "x.iter().copied().reduce(|a| a).unwrap()",
    "x.iter().copied().max_by(|a, b| a.total_cmp(b)).map(|v| v).map(|v| v).expect(\"x\")",
    "x.iter().sum::<>()",
    "x.iter().sum::<f64, f32>()",
    "x.iter().product::<(f64, f64)>()",
    "x.iter().count() as f64",
    "if x.iter().all(|v| { let v = 1.0; v > 0.0 }) { 1.0 } else { 0.0 }",
    "x[..][..][1..][..2].iter().sum()",
    "x[1..=2][0] + x[..].len() as f64",
    "x.iter().map(|v| x.iter().map(|w| x.iter().map(|u| u * v * w).sum::<f64>()).sum::<f64>()).sum()",
    "{ let f = |v: f64| v; let f = |v: f64| f(f(v)); f(x[0]) }",
    "{ let f = |v: f64| g(v); let g = |v: f64| v; f(x[0]) }",
    "{ let f = |v: f64| v; f }",
    "{ let f = |v: f64| v; let g = f; g(1.0) }",
    "{ let f = |v: f64| v; f(1.0, 2.0) + f() }",
    "{ let f = |v: f64| return v; f(1.0) }",
    "{ let mut acc = 0.0; let mut add = |v: f64| { acc += v; }; add(x[0]); add(x[1]); acc }",
    "(|v: f64| v * 2.0)(x[0])",
    "{ for (a, (b, c)) in x.iter().zip(x.iter().zip(x)) { let _ = (a, b, c); } 0.0 }",
    "{ for _ in x.iter().filter(|_| true).skip(1) {} 0.0 }",
    "{ 'outer: for v in x.iter().rev() { for w in x.windows(2) { if w[0] > *v { continue 'outer; } break 'outer; } } 0.0 }",
];

fn run(body: &str) -> Result<(), String> {
    let item = format!("fn f(x: &[f64]) -> f64 {{ {body} }}");
    let item: TokenStream = item.parse().map_err(|e| format!("does not lex: {e}"))?;
    let output = catch_unwind(AssertUnwindSafe(|| {
        crate::expand::differentiate(TokenStream::new(), item)
    }))
    .map_err(|_| "panicked".to_owned())?;
    let file: syn::File = syn::parse2(output).map_err(|e| format!("output does not parse: {e}"))?;
    let kept = file
        .items
        .iter()
        .any(|item| matches!(item, syn::Item::Fn(f) if f.sig.ident == "f"));
    if kept {
        Ok(())
    } else {
        Err("the function is gone".to_owned())
    }
}

#[test]
fn odd_chains_and_closures_never_panic() {
    let failures: Vec<String> = BODIES
        .iter()
        .filter_map(|body| run(body).err().map(|e| format!("{body}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
