//! The names of the backward pass: each variable's adjoint (`d_<var>`, the seed
//! `d_out` for the returned value), the cache and seed parameters, and the named
//! shares of called functions' pullbacks and of a tuple's seed.

use crate::expand::Context;
use crate::ir::names::plain;
use crate::ir::sym::Sym;
use crate::ir::{Operand, VarId};
use crate::plan::liveness::Plan;
use proc_macro2::Ident;
use std::collections::BTreeMap;

/// The generated names the backward pass uses besides the tape's.
pub(crate) struct BackwardNames {
    /// The adjoint of each variable (`d_<var>`; the returned variable's is the seed).
    pub(crate) adjoints: Vec<Ident>,
    /// The cache parameter.
    pub(crate) cache: Ident,
    /// The seed parameter, `d_out`.
    pub(crate) seed: Ident,
    /// Each argument's share of a called function's pullback (`d_h_x`).
    pub(crate) parts: BTreeMap<(VarId, usize), Ident>,
    /// For a function returning a tuple: the parts of the seed `d_out`.
    pub(crate) seed_parts: Vec<Ident>,
    /// The differentiated slice parameters and their gradient buffers (`d_x`), which
    /// are their adjoints.
    pub(crate) buffers: Vec<(VarId, Ident)>,
    /// The shared local-gradient subexpressions (`cos_x`, `inv_y`).
    pub(crate) shared: Vec<Ident>,
}

impl BackwardNames {
    /// The buffer arguments of `f_backward` and `f_grad`: `d_x: &mut [f64]`.
    pub(crate) fn buffer_params(&self, cx: &Context) -> Vec<proc_macro2::TokenStream> {
        self.buffers
            .iter()
            .map(|(var, buffer)| match &cx.tape.vars[*var].ty {
                Some(syn::Type::Reference(reference)) => {
                    let elem = &reference.elem;
                    quote::quote!(#buffer: &mut #elem)
                }
                _ => quote::quote!(#buffer: &mut [()]),
            })
            .collect()
    }

    /// Names every adjoint the plan needs, avoiding all other names.
    pub(crate) fn new(cx: &mut Context, plan: &Plan) -> BackwardNames {
        let cache = cx.namer.fresh("cache");
        let seed = cx.namer.fresh("d_out");
        let buffered: Vec<VarId> = cx
            .sig
            .params
            .iter()
            .zip(&cx.tape.params)
            .filter(|(param, _)| param.has_buffer())
            .map(|(_, &var)| var)
            .collect();
        let mut adjoints: Vec<Ident> = (0..cx.tape.vars.len())
            .map(|var| {
                if buffered.contains(&var) {
                    cx.namer
                        .fresh(&format!("d_{}", plain(&cx.tape.vars[var].name)))
                } else if cx.tape.ret == Operand::Var(var) || !plan.live[var] {
                    seed.clone() // the seed, or never rendered (no adjoint)
                } else {
                    cx.namer
                        .fresh(&format!("d_{}", plain(&cx.tape.vars[var].name)))
                }
            })
            .collect();
        let mut parts = BTreeMap::new();
        for steps in plan.pullbacks.values() {
            for (target, value) in steps {
                if let Sym::Part(out, index) = value {
                    // An argument whose only contribution is this share takes it
                    // directly: `let (d_z,) = g_pullback(..)`, no copy after.
                    let name = if plan.contributions[*target] == 1 && !plan.hoisted[*target] {
                        adjoints[*target].clone()
                    } else {
                        let base = format!(
                            "{}_{}",
                            plain(&adjoints[*out]),
                            plain(&cx.tape.vars[*target].name)
                        );
                        cx.namer.fresh(&base)
                    };
                    parts.insert((*out, *index), name);
                }
            }
        }
        let seed_parts = plan
            .outputs
            .iter()
            .enumerate()
            .map(|(index, output)| match output {
                // The value's adjoint is this part itself.
                Some((var, true)) => adjoints[*var].clone(),
                _ => cx.namer.fresh(&format!("{}_{index}", plain(&seed))),
            })
            .collect();
        for output in plan.outputs.iter().flatten() {
            if let (var, true) = output {
                adjoints[*var] = adjoints[*var].clone();
            }
        }
        let buffers = buffered
            .iter()
            .map(|&var| (var, adjoints[var].clone()))
            .collect();
        let shared = plan
            .shared
            .iter()
            .map(|shared| cx.namer.fresh(&shared.hint))
            .collect();
        BackwardNames {
            buffers,
            shared,
            adjoints,
            cache,
            seed,
            parts,
            seed_parts,
        }
    }
}
