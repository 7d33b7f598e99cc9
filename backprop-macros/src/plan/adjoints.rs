//! The names of the backward pass: each variable's adjoint (`d_<var>`, the seed
//! `d_out` for the returned value), the cache and seed parameters, and the named
//! shares of called functions' pullbacks and of a tuple's seed.

use crate::ir::names::{plain, Namer};
use crate::ir::sym::Sym;
use crate::ir::{Operand, Tape, VarId};
use crate::parse::signature::Signature;
use crate::plan::cse::Sharing;
use crate::plan::liveness::Liveness;
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
    /// Loop-carried slots whose adjoint passes through each iteration unchanged
    /// ([`fold_carries`]).
    pub(crate) passed_through: Vec<VarId>,
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
            if buffered.contains(&var) {
                namer.fresh(&format!("d_{}", plain(&tape.vars[var].name)))
            } else if tape.ret == Operand::Var(var) || !liveness.live[var] {
                seed.clone() // the seed, or never rendered (no adjoint)
            } else {
                namer.fresh(&format!("d_{}", plain(&tape.vars[var].name)))
            }
        })
        .collect();
    let mut parts = BTreeMap::new();
    for steps in sharing.pullbacks.values() {
        for (target, value) in steps {
            if let Sym::Part(out, index) = value {
                // An argument whose only contribution is this share takes it
                // directly: `let (d_z,) = g_pullback(..)`, no copy after.
                let name = if liveness.contributions[*target] == 1 && !liveness.hoisted[*target] {
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
            _ => namer.fresh(&format!("{}_{index}", plain(&seed))),
        })
        .collect();
    for output in liveness.outputs.iter().flatten() {
        if let (var, true) = output {
            adjoints[*var] = adjoints[*var].clone();
        }
    }
    fold_aliases(tape, liveness, sharing, &mut adjoints);
    let mut passed_through = Vec::new();
    fold_carries(
        tape,
        liveness,
        &tape.body,
        &mut adjoints,
        &mut passed_through,
    );
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
        passed_through,
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

/// A running sum carried through a loop (`s += v`) passes its adjoint through each
/// iteration unchanged: the carried value's new version takes the slot's adjoint name,
/// so the reversed loop reads `d_s` itself, with no per-iteration copy, reset and
/// add-back (`let d_s_3 = d_s_1; d_s_1 = 0.0; .. d_s_1 += d_s_3;`). Only where that is
/// exact: the new version is assigned to the slot at the body's top level of a loop
/// nothing breaks out of, its adjoint gets nothing else, and the body reads the slot
/// once, through a copy whose adjoint was already folded into the new version's.
fn fold_carries(
    tape: &Tape,
    liveness: &Liveness,
    block: &crate::ir::flow::Block,
    adjoints: &mut [Ident],
    passed: &mut Vec<VarId>,
) {
    use crate::ir::flow::Node;
    use crate::ir::GateOp;
    for node in &block.nodes {
        let node = match node {
            Node::If(branch) => {
                fold_carries(tape, liveness, &branch.then, adjoints, passed);
                fold_carries(tape, liveness, &branch.els, adjoints, passed);
                continue;
            }
            Node::Loop(node) => node,
            _ => continue,
        };
        fold_carries(tape, liveness, &node.body, adjoints, passed);
        if crate::ir::flow::breaks(&node.body) {
            continue;
        }
        for (slot, _) in &node.carried {
            let assigned = node.body.nodes.iter().rev().find_map(|inner| match inner {
                Node::Assign {
                    slot: assigned,
                    value: Operand::Var(value),
                } if assigned == slot => Some(*value),
                _ => None,
            });
            let copies: Vec<VarId> = node
                .body
                .nodes
                .iter()
                .filter_map(|inner| match inner {
                    Node::Gate(id) => match tape.gates[*id].op {
                        GateOp::Copy(copied) if copied == *slot => Some(tape.gates[*id].out),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            let (Some(value), [copy]) = (assigned, copies.as_slice()) else {
                continue;
            };
            let exact = liveness.live[*slot]
                && liveness.live[value]
                && liveness.contributions[value] == 1
                && tape.vars[value].slot.is_none()
                && tape.vars[value].block == node.body.id
                && adjoints[*copy] == adjoints[value];
            if exact {
                let (old, new) = (adjoints[value].clone(), adjoints[*slot].clone());
                for name in adjoints.iter_mut().filter(|name| **name == old) {
                    *name = new.clone();
                }
                passed.push(*slot);
            }
        }
    }
}
