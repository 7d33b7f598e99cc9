//! Tests of `reuse.rs` and `cse.rs`: local gradients read forward stages, and common
//! subexpressions are computed once, in the generated backward pass.

use crate::tests::ir::planned;
use quote::quote;

/// The generated `f_backward`, pretty-printed.
fn backward(item: proc_macro2::TokenStream) -> String {
    let output = crate::expand::differentiate(quote!(), item);
    let file: syn::File = syn::parse2(output).unwrap();
    let text = prettyplease::unparse(&file);
    let start = text.find("fn f_backward").unwrap();
    let end = text[start..].find("\n}\n").unwrap();
    text[start..start + end].to_owned()
}

fn cache(item: proc_macro2::TokenStream) -> Vec<String> {
    let (tape, plan) = planned(quote!(), item);
    plan.cache
        .iter()
        .map(|&var| tape.vars[var].name.to_string())
        .collect()
}

#[test]
fn local_gradients_read_stages_and_the_cache_holds_them_instead() {
    let item = quote! {
        fn f(x: f64) -> f64 {
            let s = x.sin();
            let c = x.cos();
            s * c
        }
    };
    let text = backward(item.clone());
    assert!(text.contains("d_x += c * d_s;"), "{text}");
    assert!(text.contains("let mut d_x = -s * d_c;"), "{text}");
    assert!(
        !text.contains("x.cos()") && !text.contains("x.sin()"),
        "{text}"
    );
    assert_eq!(cache(item), ["s", "c"]);
}

#[test]
fn only_stages_of_enclosing_blocks_are_reused() {
    let text = backward(quote! {
        fn f(x: f64) -> f64 {
            let mut y = x.sin();
            if x > 0.0 {
                y += x.cos();
            }
            y
        }
    });
    // The cosine is computed only for positive `x`: recomputed outside the branch.
    assert!(text.contains("d_x += x.cos() * d_y;"), "{text}");
    // Inside the branch, the sine from before it (the cosine's adjoint is the new
    // `y`'s, `d_out`, a folded alias).
    assert!(text.contains("d_x -= y * d_out;"), "{text}");
}

#[test]
fn plain_arithmetic_is_reused_only_if_cached_anyway() {
    // `a * a` in atan's gradient: `a2` is not otherwise read, so not cached for it.
    let item = quote! {
        fn f(a: f64) -> f64 {
            let a2 = a * a;
            let t = a.atan();
            t + a2
        }
    };
    assert!(backward(item.clone()).contains("d_out / (1.0 + a * a)"));
    assert_eq!(cache(item), ["a"]);
    // `a2.sin()` reads `a2` anyway: atan's gradient uses it.
    let text = backward(quote! {
        fn f(a: f64) -> f64 {
            let a2 = a * a;
            let t = a.atan();
            t + a2.sin()
        }
    });
    assert!(text.contains("d_out / (1.0 + a2)"), "{text}");
}

#[test]
fn a_division_by_a_stage_reciprocal_multiplies() {
    let text = backward(quote! {
        fn f(x: f64, y: f64) -> f64 {
            let r = 1.0 / y;
            let q = x / y;
            q + r
        }
    });
    // (`d_q` and `d_r` are folded into `d_out`, their only contribution.)
    assert!(text.contains("-q * r * d_out"), "{text}");
    // The reciprocal's own gradient keeps the notes' form, subtracted.
    assert!(text.contains("d_y -= r / y * d_out;"), "{text}");
}

#[test]
fn common_subexpressions_are_computed_once_before_their_first_use() {
    let text = backward(quote! {
        fn f(x: f64, a: f64, w: f64) -> f64 {
            let u = x.sin() * w;
            let v = x.sin() + a.asin() * w;
            u * v
        }
    });
    assert_eq!(text.matches("x.cos()").count(), 1, "{text}");
    let declared = text.find("let cos_x = x.cos();").unwrap();
    let first_use = text.find("cos_x * ").unwrap();
    assert!(declared < first_use, "{text}");
}

#[test]
fn both_partials_of_a_division_share_the_reciprocal() {
    let text = backward(quote! {
        fn f(x: f64, y: f64) -> f64 {
            x / y
        }
    });
    assert!(text.contains("let inv_y = 1.0 / y;"), "{text}");
    assert!(text.contains("let d_x = inv_y * d_out;"), "{text}");
    assert!(text.contains("-out * inv_y * d_out"), "{text}");
}

#[test]
fn shared_names_avoid_user_names_and_long_ones_name_the_stage() {
    let text = backward(quote! {
        fn f(x: f64, y: f64) -> f64 {
            let cos_x = 2.0;
            let t = y.atan2(x);
            x.sin() * cos_x + x.sin() * t
        }
    });
    assert!(text.contains("let cos_x_1 = x.cos();"), "{text}");
    assert!(
        text.contains("let x_sq_plus_y_sq = x * x + y * y;"),
        "{text}"
    );
    let text = backward(quote! {
        fn f(a: f64) -> f64 {
            let p = a.acos();
            let q = a.acos() * p;
            q
        }
    });
    assert!(text.contains("let local_"), "{text}");
}
