//! The names of the backward pass: each variable's adjoint (`d_<var>`, the seed
//! `d_out` for the returned value), the cache and seed parameters, and the named
//! shares of called functions' pullbacks and of a tuple's seed.

use crate::ir::names::{plain, Namer};
use crate::ir::sym::Sym;
use crate::ir::views::Part;
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::parse::signature::Signature;
use crate::plan::cse::Sharing;
use crate::plan::liveness::Liveness;
use proc_macro2::Ident;
use std::collections::BTreeMap;

/// The generated names the backward pass uses besides the tape's.
#[derive(Clone)]
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

/// Names every adjoint the plan needs, avoiding all other names.
pub(crate) fn name(
    tape: &Tape,
    sig: &Signature,
    liveness: &Liveness,
    sharing: &Sharing,
    namer: &mut Namer,
) -> BackwardNames {
    let cache = namer.fresh("cache");
    let seed = namer.fresh("d_out");
    let buffered: Vec<VarId> = sig
        .params
        .iter()
        .zip(&tape.params)
        .filter(|(param, _)| param.has_buffer())
        .map(|(_, &var)| var)
        .collect();
    let mut adjoints: Vec<Ident> = (0..tape.vars.len())
        .map(|var| {
            if sig.wrt_self && tape.params.first() == Some(&var) {
                namer.fresh("d_self")
            } else if buffered.contains(&var) {
                namer.fresh(&format!("d_{}", plain(&tape.vars[var].name)))
            } else if tape.ret == Operand::Var(var) || !liveness.live[var] {
                seed.clone() // the seed, or never rendered (no adjoint)
            } else {
                namer.fresh(&format!("d_{}", plain(&tape.vars[var].name)))
            }
        })
        .collect();
    let mut parts = BTreeMap::new();
    for (id, steps) in &sharing.pullbacks {
        for (target, value) in steps {
            if let Sym::Part(out, index) = value {
                let view = match &tape.gates[*id].op {
                    GateOp::Call(call) => call.views.get(*index).cloned().flatten(),
                    _ => None,
                };
                if view.as_ref().is_some_and(|view| view.by_ref) {
                    // Added into the buffer passed: no share in the tuple.
                    continue;
                }
                let whole = view.is_none_or(|view| view.part == Part::Whole);
                // An argument whose only contribution is this share takes it
                // directly: `let (d_z,) = g_pullback(..)`, no copy after.
                let name = if whole
                    && !buffered.contains(target)
                    && liveness.contributions[*target] == 1
                    && !liveness.hoisted[*target]
                {
                    adjoints[*target].clone()
                } else {
                    let base = format!(
                        "{}_{}",
                        plain(&adjoints[*out]),
                        plain(&tape.vars[*target].name)
                    );
                    namer.fresh(&base)
                };
                parts.insert((*out, *index), name);
            }
        }
    }
    let seed_parts = liveness
        .outputs
        .iter()
        .enumerate()
        .map(|(index, output)| match output {
            // The value's adjoint is this part itself.
            Some((var, true)) => adjoints[*var].clone(),
            // A struct's field by name (`d_out_v`), a tuple's by position (`d_out_1`).
            _ => match tape.output_fields.get(index) {
                Some(field) => namer.fresh(&format!("{}_{}", plain(&seed), plain(field))),
                None => namer.fresh(&format!("{}_{index}", plain(&seed))),
            },
        })
        .collect();
    for output in liveness.outputs.iter().flatten() {
        if let (var, true) = output {
            adjoints[*var] = adjoints[*var].clone();
        }
    }
    fold_aliases(tape, liveness, sharing, &mut adjoints);
    let buffers = buffered
        .iter()
        .map(|&var| (var, adjoints[var].clone()))
        .collect();
    let shared = sharing
        .shared
        .iter()
        .map(|shared| namer.fresh(&shared.hint))
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

/// Pure aliases folded away: a value whose adjoint is exactly another's (`v` in
/// `w = v + y`, with no other use) takes that adjoint's name, so the backward pass
/// reads `d_w` instead of copying it (`let d_v = d_w;`). Only where both adjoints are
/// plain locals of one block: `d_w` is final by the time `d_v` is read, and `d_v` gets
/// nothing else.
fn fold_aliases(tape: &Tape, liveness: &Liveness, sharing: &Sharing, adjoints: &mut [Ident]) {
    let plain_local = |var: VarId| {
        let info = &tape.vars[var];
        info.slot.is_none() && info.dims == 0 && !liveness.hoisted[var] && !tape.is_slice(var)
    };
    // Later gates first: a chain of aliases resolves to its last name.
    for (&gate, steps) in sharing.pullbacks.iter().rev() {
        let out = tape.gates[gate].out;
        for (target, value) in steps {
            if *value == Sym::Adj(out)
                && liveness.contributions[*target] == 1
                && plain_local(*target)
                && (plain_local(out) || tape.ret == Operand::Var(out))
                && tape.vars[*target].block == tape.vars[out].block
            {
                adjoints[*target] = adjoints[out].clone();
            }
        }
    }
}
