//! Emission of the backward pass: the chain rule in reverse stage order, one
//! statement per contribution, `let d_v = ..` for the first and `d_v += ..` after
//! (CS231n: gradients add up at forks).
//!
//! Output: `fn f_backward(cache: &FCache, d_out: f64) -> FGrad { let FCache { .. } =
//! *cache; let d_num = invden * d_out; ..; FGrad { x: d_x, y: d_y } }`

use crate::activity::Plan;
use crate::emit_items::{doc_attrs, respan};
use crate::expand::Context;
use crate::input::Role;
use crate::ir::Operand;
use crate::names::plain;
use crate::render::Render;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};

/// The generated names the backward pass uses besides the tape's.
pub(crate) struct BackwardNames {
    /// The adjoint of each variable (`d_<var>`; the returned variable's is the seed).
    pub(crate) adjoints: Vec<Ident>,
    /// The cache parameter.
    pub(crate) cache: Ident,
    /// The seed parameter, `d_out`.
    pub(crate) seed: Ident,
}

impl BackwardNames {
    /// Names every adjoint the plan needs, avoiding all other names.
    pub(crate) fn new(cx: &mut Context, plan: &Plan) -> BackwardNames {
        let cache = cx.namer.fresh("cache");
        let seed = cx.namer.fresh("d_out");
        let adjoints = (0..cx.tape.vars.len())
            .map(|var| {
                if cx.tape.ret == Operand::Var(var) {
                    seed.clone()
                } else if plan.has_adjoint(cx.tape, var) {
                    cx.namer
                        .fresh(&format!("d_{}", plain(&cx.tape.vars[var].name)))
                } else {
                    seed.clone() // never rendered: the variable has no adjoint
                }
            })
            .collect();
        BackwardNames {
            adjoints,
            cache,
            seed,
        }
    }
}

/// The backward pass.
pub(crate) fn backward_fn(cx: &Context, plan: &Plan, names: &BackwardNames) -> TokenStream {
    let vis = cx.vis;
    let (backward, cache_ty, grad_ty) = (&cx.names.backward, &cx.names.cache, &cx.names.grad);
    let (cache, seed) = (&names.cache, &names.seed);
    let float = cx.float();
    let render = Render {
        tape: cx.tape,
        adjoints: &names.adjoints,
        float: float.clone(),
    };
    let fields = plan.cache.iter().map(|&var| &cx.tape.vars[var].name);
    let unpack = if plan.cache.is_empty() {
        quote!(let _ = #cache;)
    } else {
        quote!(let #cache_ty { #(#fields),* } = *#cache;)
    };
    let mut seen = vec![false; cx.tape.vars.len()];
    let statements: Vec<TokenStream> = plan
        .steps
        .iter()
        .map(|step| {
            let adjoint = &names.adjoints[step.target];
            let value = render.tokens(&step.value);
            let span = cx.tape.gates[step.gate].span;
            let statement = if std::mem::replace(&mut seen[step.target], true) {
                quote_spanned!(span=> #adjoint += #value;)
            } else if plan.contributions[step.target] > 1 {
                quote_spanned!(span=> let mut #adjoint = #value;)
            } else {
                quote_spanned!(span=> let #adjoint = #value;)
            };
            respan(statement, span)
        })
        .collect();
    let seed_unused = match cx.tape.ret {
        Operand::Var(ret) if cx.tape.vars[ret].active => None,
        _ => Some(quote!(let _ = #seed;)),
    };
    let grad_fields = cx
        .sig
        .params
        .iter()
        .zip(&cx.tape.params)
        .filter(|(param, _)| param.role == Role::Differentiated)
        .map(|(param, &var)| {
            let field = &param.name;
            if plan.has_adjoint(cx.tape, var) {
                let adjoint = &names.adjoints[var];
                quote!(#field: #adjoint)
            } else {
                quote!(#field: 0.0)
            }
        });
    let doc = doc_attrs(&backward_doc(cx, plan));
    quote! {
        #doc
        #[inline]
        #[must_use]
        #vis fn #backward(#cache: &#cache_ty, #seed: #float) -> #grad_ty {
            #unpack
            #seed_unused
            #(#statements)*
            #grad_ty { #(#grad_fields),* }
        }
    }
}

/// The backward pass's doc: what it computes, and the forward stages it pulls back,
/// in the order it visits them.
fn backward_doc(cx: &Context, plan: &Plan) -> String {
    let mut doc = format!(
        " Backward pass of [`{}`]: the gradient of `d_out * {}` at the point the cache was saved at\n (a vector-Jacobian product), by the chain rule over the forward stages in reverse:\n",
        cx.function, cx.function
    );
    let mut last_gate = None;
    for step in &plan.steps {
        if last_gate != Some(step.gate) {
            last_gate = Some(step.gate);
            let gate = &cx.tape.gates[step.gate];
            doc.push_str(&format!(
                "\n - `{} = {}`",
                cx.tape.vars[gate.out].name,
                cx.tape.describe(gate)
            ));
        }
    }
    if plan.steps.is_empty() {
        doc.push_str("\n (no stage depends on a differentiated parameter: the gradient is zero)");
    }
    doc
}
