//! IR tests: the staged tape (printed as code) and the backward plan of small
//! functions, checked without compiling any user code.

use crate::error::Errors;
use crate::ir::names::Namer;
use crate::ir::Tape;
use crate::lower;
use crate::parse::args;
use crate::parse::signature;
use crate::plan::{self, Plan};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// The tape of `#[differentiate(args)] item`, and its plan.
pub(crate) fn planned(args: TokenStream, item: TokenStream) -> (Tape, Plan) {
    let item: syn::ItemFn = syn::parse2(item).unwrap();
    let args = args::parse(args).unwrap();
    let mut errors = Errors::default();
    let sig = signature::check(&item, &args, &mut errors).unwrap();
    let namer = Namer::new(item.to_token_stream());
    let (tape, mut namer) = lower::lower(&item, &sig, namer, &mut errors);
    assert!(errors.is_empty(), "unexpected errors");
    let plan = plan::plan(&tape, &sig, &mut namer);
    (tape, plan)
}

fn cache_names(tape: &Tape, plan: &Plan) -> Vec<String> {
    plan.cache
        .iter()
        .map(|&var| tape.vars[var].name.to_string())
        .collect()
}

#[test]
fn mutation_becomes_single_assignment() {
    let (tape, plan) = planned(
        quote!(),
        quote! {
            fn f(x: f64, y: f64) -> f64 {
                let mut s = x * y;
                s += x.exp();
                s
            }
        },
    );
    assert_eq!(
        tape.to_string(),
        "s = x * y\nx_exp = x.exp()\ns_1 = s + x_exp\nreturn s_1"
    );
    assert_eq!(cache_names(&tape, &plan), ["x", "y", "x_exp"]);
}

#[test]
fn nested_expressions_get_named_stages_and_the_value_is_out() {
    let (tape, _) = planned(
        quote!(),
        quote! {
            fn f(x: f64, y: f64) -> f64 {
                (x + sigmoid(y)) / (1.0 + x * x)
            }
        },
    );
    assert_eq!(
        tape.to_string(),
        "sigmoid_y = sigmoid(y)\nx_plus_sigmoid_y = x + sigmoid_y\nx_times_x = x * x\n\
         one_plus_x_times_x = 1.0 + x_times_x\nout = x_plus_sigmoid_y / one_plus_x_times_x\n\
         return out"
    );
}

#[test]
fn constant_code_is_kept_whole_and_only_what_the_backward_reads_is_cached() {
    let (tape, plan) = planned(
        quote!(wrt(x)),
        quote! {
            fn f(x: f64, c: f64, n: i32) -> f64 {
                let k = c * 2.0 + n as f64;
                x.sin() * k
            }
        },
    );
    assert_eq!(
        tape.to_string(),
        "k = c * 2.0 + n as f64  (constant)\nx_sin = x.sin()\nout = x_sin * k\nreturn out"
    );
    // d_x_sin = k * d_out; d_x = x.cos() * d_x_sin: nothing about `c` or `n` itself.
    assert_eq!(cache_names(&tape, &plan), ["x", "k"]);
}

#[test]
fn an_output_without_differentiated_inputs_has_no_backward_work() {
    let (tape, plan) = planned(
        quote!(wrt(x)),
        quote! {
            fn f(x: f64, y: f64) -> f64 {
                let unused = x * 3.0;
                y.exp()
            }
        },
    );
    assert!(plan.pullbacks.values().all(Vec::is_empty));
    assert!(plan.cache.is_empty());
    let unused = tape
        .vars
        .iter()
        .position(|var| var.name == "unused")
        .unwrap();
    assert!(!plan.needed[unused], "a dead stage is not replayed");
}
