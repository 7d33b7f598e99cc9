//! `#[differentiate(hessian)]`: `f_hvp` (the gradient and a Hessian-vector product)
//! and `f_hessian` (the dense Hessian, one `f_hvp` per column), by forward-over-reverse
//! source transformation: the tangent of the backward pass along `v`.
//!
//! Each value `q` gets a tangent `t_q` (its derivative along `v`), an adjoint `d_q` and
//! the adjoint's tangent `t_d_q`. The forward pass is `f_jvp`'s (`hvp_forward.rs`); the
//! reverse sweep (`hvp_sweep.rs`) is the backward pass with, beside each `d_a += P`,
//! its tangent `t_d_a += dP` (`ir/tangent_rules.rs`). Values the sweep reads from
//! inside a loop or a branch are pushed onto one stack per value and popped in reverse
//! (Tapenade's store-all), so every construct of the IR replays without a per-shape
//! layout. At the end `hv` gains `t_d` of each parameter, flat in parameter order.
//!
//! Output: `fn f_hvp(x: [f64; 2], v: &[f64], hv: &mut [f64]) -> (f64, FGrad)`.

use crate::emit::context::Context;
use crate::emit::items::doc_attrs;
use crate::emit::render::Render;
use crate::emit::tangent_terms::zero_of;
use crate::ir::names::{plain, Namer};
use crate::ir::sym::Sym;
use crate::ir::VarId;
use crate::parse::signature::{Param, Role};
use crate::plan::Plan;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;

/// What both passes of `f_hvp` read: the names of each value's tangent, adjoint and
/// adjoint tangent, the stacks of values saved in loops and branches, and errors found.
pub(crate) struct Second<'a> {
    pub(crate) cx: &'a Context<'a>,
    pub(crate) plan: &'a Plan,
    /// By [`Sym::Adj`] id: `t_q` at `q`, `d_q` at `n + q`, `t_d_q` at `2n + q`.
    pub(crate) table: Vec<Ident>,
    /// The stack of each value the sweep reads inside a loop or branch (`q_saved`).
    pub(crate) saved: Vec<Option<Ident>>,
    /// Whether the value's stack is an array indexed by its block's run (the number of
    /// runs known and small), rather than a `Vec`.
    pub(crate) fixed: Vec<bool>,
    /// The run counter of each block with values in arrays, and the current run's name.
    pub(crate) runs: std::collections::BTreeMap<usize, (Ident, Ident)>,
    /// The trip counter of each loop, by its body's block, and the stack of the counts
    /// of a loop nested in a loop or a branch.
    pub(crate) trips: std::collections::BTreeMap<usize, (Ident, Option<Ident>)>,
    pub(crate) errors: RefCell<Option<syn::Error>>,
    /// The seed of the sweep and its tangent, when they are parameters
    /// (`f_hvp_pullback`); `None` for `1.0` and `0.0`.
    pub(crate) seed: Option<(Ident, Ident)>,
}

impl Second<'_> {
    /// The number of variables: the stride of [`Second::table`].
    pub(crate) fn n(&self) -> usize {
        self.cx.tape.vars.len()
    }
    pub(crate) fn active(&self, var: VarId) -> bool {
        self.cx.tape.vars[var].active
    }
    pub(crate) fn t(&self, var: VarId) -> &Ident {
        &self.table[var]
    }
    pub(crate) fn d(&self, var: VarId) -> &Ident {
        &self.table[self.n() + var]
    }
    pub(crate) fn t_d(&self, var: VarId) -> &Ident {
        &self.table[2 * self.n() + var]
    }

    /// `sym` as tokens, its `Adj` ids read through [`Second::table`].
    pub(crate) fn render(&self, sym: &Sym) -> TokenStream {
        let render = Render {
            tape: self.cx.tape,
            adjoints: &self.table,
            parts: &Default::default(),
            seed_parts: &[],
            shared: &[],
            float: self.cx.float(),
            krate: self.cx.krate.clone(),
        };
        render.tokens(sym)
    }

    /// Records that `what` at `span` is not supported by `hessian` yet, and what to
    /// write instead.
    pub(crate) fn unsupported(&self, span: Span, what: &str, instead: &str) {
        let error = syn::Error::new(
            span,
            format!("`#[differentiate(hessian)]` does not support {what} yet; {instead}"),
        );
        let mut errors = self.errors.borrow_mut();
        match errors.as_mut() {
            Some(first) => first.combine(error),
            None => *errors = Some(error),
        }
    }

    /// The zero of `var`'s type (`0.0`, `[0.0; N]`).
    pub(crate) fn zero(&self, var: VarId) -> TokenStream {
        match &self.cx.tape.vars[var].ty {
            Some(syn::Type::Reference(reference)) => zero_of(&reference.elem),
            Some(ty) => zero_of(ty),
            None => quote!(0.0),
        }
    }
}

/// `f_hvp` and `f_hessian`, when the function asks for `hessian`.
pub(crate) fn hessian_fns(
    cx: &Context,
    plan: &Plan,
    namer: &mut Namer,
) -> syn::Result<TokenStream> {
    if !cx.sig.hessian {
        return Ok(TokenStream::new());
    }
    if !cx.sig.is_scalar() {
        return Err(syn::Error::new(
            Span::call_site(),
            "`hessian` needs a function returning one float; differentiate each output in its own function",
        ));
    }
    let tape = cx.tape;
    for value in &tape.vars {
        namer.take(&plain(&value.name));
    }
    let n = tape.vars.len();
    let mut table = vec![format_ident!("_"); 3 * n];
    let buffers: std::collections::BTreeMap<VarId, Ident> =
        plan.names.buffers.iter().cloned().collect();
    for (var, value) in tape
        .vars
        .iter()
        .enumerate()
        .filter(|(_, value)| value.active)
    {
        let name = plain(&value.name);
        table[var] = namer.fresh(&format!("t_{name}"));
        table[n + var] = match buffers.get(&var) {
            Some(buffer) => buffer.clone(),
            None => namer.fresh(&format!("d_{name}")),
        };
        table[2 * n + var] = namer.fresh(&format!("t_d_{name}"));
    }
    let mut second = Second {
        cx,
        plan,
        table,
        saved: vec![None; n],
        fixed: vec![false; n],
        runs: Default::default(),
        trips: Default::default(),
        errors: RefCell::new(None),
        seed: None,
    };
    crate::emit::hvp_forward::name_stacks(&mut second, namer);
    let layout = flat_layout(&second)?;
    let stacks = second.stacks();
    let forward = second.forward_block(&tape.body, None);
    let forward = quote!(#stacks #forward);
    let sweep = second.sweep_block(&tape.body, true);
    let seed = (namer.fresh("d_out"), namer.fresh("t_d_out"));
    second.seed = Some(seed.clone());
    let seeded_sweep = second.sweep_block(&tape.body, true);
    let protocol = second.protocol(&forward, &seeded_sweep, &seed);
    if let Some(error) = second.errors.take() {
        return Err(error);
    }
    let items = items(&second, &layout, forward, sweep, namer);
    Ok(quote!(#items #protocol))
}

/// A differentiated parameter's place in the flat `v`: its variable and its length.
struct Flat<'a> {
    param: &'a Param,
    var: VarId,
    len: TokenStream,
    /// The matrix's number of rows and row length.
    width: Option<(TokenStream, TokenStream)>,
}

/// The differentiated parameters in `v`'s order, with their lengths.
fn flat_layout<'a>(second: &Second<'a>) -> syn::Result<Vec<Flat<'a>>> {
    let cx = second.cx;
    let mut flat = Vec::new();
    for (param, &var) in cx.sig.params.iter().zip(&cx.tape.params) {
        if param.role != Role::Differentiated {
            continue;
        }
        let ty = match &param.ty {
            syn::Type::Reference(reference) => &*reference.elem,
            ty => ty,
        };
        let (len, width) = match ty {
            syn::Type::Slice(slice) if !matches!(*slice.elem, syn::Type::Array(_)) => {
                let name = &param.name;
                (quote!(#name.len()), None)
            }
            syn::Type::Array(array) => match &*array.elem {
                syn::Type::Array(row) if !matches!(*row.elem, syn::Type::Array(_)) => {
                    let (rows, cols) = (&array.len, &row.len);
                    (quote!(#rows * #cols), Some((quote!(#rows), quote!(#cols))))
                }
                syn::Type::Array(_) => return Err(unsupported_param(param)),
                _ => {
                    let len = &array.len;
                    (quote!(#len), None)
                }
            },
            syn::Type::Slice(_) => return Err(unsupported_param(param)),
            _ => (quote!(1), None),
        };
        flat.push(Flat {
            param,
            var,
            len,
            width,
        });
    }
    Ok(flat)
}

fn unsupported_param(param: &Param) -> syn::Error {
    syn::Error::new_spanned(
        &param.ty,
        "`#[differentiate(hessian)]` supports floats, arrays, matrices and slices of floats as differentiated parameters; pass the rows as one flat slice",
    )
}

/// The items: `f_hvp` with both passes, `f_hessian` calling it once per column.
fn items(
    second: &Second,
    layout: &[Flat],
    forward: TokenStream,
    sweep: TokenStream,
    namer: &mut Namer,
) -> TokenStream {
    let cx = second.cx;
    let float = cx.float();
    let (v, hv, h) = (namer.fresh("v"), namer.fresh("hv"), namer.fresh("h"));
    let (grad_value, value_name, n, basis, column, first) = (
        namer.fresh("grad"),
        namer.fresh("value"),
        namer.fresh("n"),
        namer.fresh("basis"),
        namer.fresh("column"),
        namer.fresh("first"),
    );
    // The offset of each parameter in `v`: a literal part and the lengths known only
    // by name (`N`, `x.len()`), so that `0 + 3` is written `3`.
    let (mut known, mut named): (usize, Vec<TokenStream>) = (0, Vec::new());
    let (mut seeds, mut outs) = (TokenStream::new(), TokenStream::new());
    for flat in layout {
        let (t, t_d, len) = (second.t(flat.var), second.t_d(flat.var), &flat.len);
        let at = sum(known, &named);
        let at_plus = (known != 0 || !named.is_empty()).then(|| quote!(#at +));
        let (seed, out) = match (&flat.width, flat.param.dims, flat.param.slice) {
            (_, 0, _) => (quote!(let #t = #v[#at];), quote!(#hv[#at] += #t_d;)),
            (Some((rows, width)), _, _) => (
                quote!(let #t: [[#float; #width]; #rows] = ::core::array::from_fn(|row| ::core::array::from_fn(|col| #v[#at_plus row * #width + col]));),
                quote!(for (entry, tangent) in #hv[#at..#at + #len].iter_mut().zip(#t_d.iter().flatten()) { *entry += *tangent; }),
            ),
            (None, _, true) if !cx.tape.is_array_ref(flat.var) => (
                quote!(let #t = &#v[#at..#at + #len];),
                quote!(for (entry, tangent) in #hv[#at..#at + #len].iter_mut().zip(&#t_d) { *entry += *tangent; }),
            ),
            (None, _, _) => (
                quote!(let #t: [#float; #len] = ::core::array::from_fn(|k| #v[#at_plus k]);),
                quote!(for (entry, tangent) in #hv[#at..#at + #len].iter_mut().zip(&#t_d) { *entry += *tangent; }),
            ),
        };
        seeds.extend(seed);
        outs.extend(out);
        match syn::parse2::<syn::LitInt>(len.clone()).map(|lit| lit.base10_parse::<usize>()) {
            Ok(Ok(len)) => known += len,
            _ => named.push(len.clone()),
        }
    }
    let size = sum(known, &named);
    let names = &cx.names;
    let (hvp, hessian, grad) = (&names.hvp, &names.hessian, &names.grad);
    let params = cx.params();
    let buffers = cx.buffer_params(&second.plan.names);
    let args = cx.all_args();
    let buffer_names: Vec<&Ident> = second
        .plan
        .names
        .buffers
        .iter()
        .map(|(_, name)| name)
        .collect();
    let scratch: Vec<TokenStream> = second
        .plan
        .names
        .buffers
        .iter()
        .map(|(var, name)| match cx.tape.is_array_ref(*var) {
            true => {
                let zero = second.zero(*var);
                quote!(let mut #name = #zero;)
            }
            false => {
                let slice = &cx.tape.vars[*var].name;
                quote!(let mut #name = ::std::vec![0.0; #slice.len()];)
            }
        })
        .collect();
    let items = crate::emit::body_items::forward(cx);
    let grad_struct = second.grad_struct();
    let value = cx.tape.operand_tokens(cx.tape.ret);
    let (vis, carried, receiver) = (cx.vis, &cx.carried_attrs, cx.receiver());
    let call = cx.call(hvp);
    let hvp_doc = doc_attrs(&format!(
        " Value, gradient and Hessian-vector product of [`{f}`]: [`{grad}`] with `H v` added into `{hv}`.\n\n `{v}` and `{hv}` are flat over the differentiated floats in parameter order (a float is one entry, an array its elements row-major, a slice its elements). Forward-over-reverse: the tangent along `{v}` of the backward pass.",
        f = cx.function,
        grad = cx.doc(&names.value_and_grad),
    ));
    let hessian_doc = doc_attrs(&format!(
        " Value, gradient and dense Hessian of [`{f}`]: [`{grad}`] with the Hessian added into `{h}` (n × n, row-major, over the differentiated floats in parameter order), one [`{hvp}`] per column.",
        f = cx.function,
        grad = cx.doc(&names.value_and_grad),
        hvp = cx.doc(hvp),
    ));
    let message = format!("`{v}` and `{hv}` must have one entry per differentiated float");
    let square = format!("`{h}` must have n × n entries, n the number of differentiated floats");
    quote! {
        #hvp_doc
        #[inline]
        #[allow(clippy::too_many_arguments)] // the direction and its product after the parameters
        // Adjoints are declared per block, whether or not anything flows into them.
        #[allow(unused_mut, unused_variables, unused_assignments, clippy::needless_late_init)]
        #carried
        #vis fn #hvp(#receiver #(#params,)* #(#buffers,)* #v: &[#float], #hv: &mut [#float]) -> (#float, #grad) {
            #items
            ::core::assert!(#v.len() == #size && #hv.len() == #size, #message);
            #seeds
            #forward
            let #grad_value = {
                #sweep
                #outs
                #grad_struct
            };
            (#value, #grad_value)
        }

        #hessian_doc
        #[allow(clippy::too_many_arguments)]
        #carried
        #vis fn #hessian(#receiver #(#params,)* #(#buffers,)* #h: &mut [#float]) -> (#float, #grad) {
            let #n = #size;
            ::core::assert!(#h.len() == #n * #n, #square);
            let mut #basis = ::std::vec![0.0; #n];
            if let Some(#first) = #basis.first_mut() {
                *#first = 1.0;
            }
            let (#value_name, #grad_value) = #call(#(#args,)* #(#buffer_names,)* &#basis, &mut #h[..#n]);
            // The gradient goes into the buffers once; later columns write scratch ones.
            #(#scratch)*
            for #column in 1..#n {
                #basis[#column - 1] = 0.0;
                #basis[#column] = 1.0;
                let _ = #call(#(#args,)* #(&mut #buffer_names,)* &#basis, &mut #h[#column * #n..(#column + 1) * #n]);
            }
            (#value_name, #grad_value)
        }
    }
}

/// `known + named[0] + ..`, without a `0 +`.
fn sum(known: usize, named: &[TokenStream]) -> TokenStream {
    let known = proc_macro2::Literal::usize_unsuffixed(known);
    match named {
        [] => quote!(#known),
        [first, rest @ ..] if known.to_string() == "0" => quote!(#first #(+ #rest)*),
        _ => quote!(#known #(+ #named)*),
    }
}
