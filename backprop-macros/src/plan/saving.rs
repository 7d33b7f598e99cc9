//! Saving, the fifth pass: what the backward pass reads (the cache), which of those
//! values it recomputes instead of saving, and which forward stages are needed at all.

use crate::ir::flow::{Block, Head, Node};
use crate::ir::ops::{Binary, Op};
use crate::ir::views::View;
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::plan::cse::Sharing;
use crate::plan::liveness::{has_work, Liveness};

/// What the forward pass keeps for the backward pass.
pub(crate) struct Saving {
    /// Variables the backward reads, in definition order: the cache.
    pub(crate) cache: Vec<VarId>,
    /// Values inside loops and branches that the backward pass recomputes from other
    /// saved values instead of saving them (cheap arithmetic, as a hand-written
    /// reverse sweep would).
    pub(crate) remat: Vec<bool>,
    /// Whether the forward pass must compute each variable.
    pub(crate) needed: Vec<bool>,
}

/// Decides what the forward pass saves, from what the contributions and the shared
/// subexpressions read.
pub(crate) fn saving(tape: &Tape, liveness: &Liveness, sharing: &Sharing) -> Saving {
    let mut cache = Vec::new();
    for pullback in sharing.pullbacks.values() {
        for (_, value) in pullback {
            value.reads(&mut cache);
        }
    }
    // The cache borrows every slice (the backward pass checks its buffer's length).
    cache.extend(
        tape.params
            .iter()
            .copied()
            .filter(|&param| tape.is_slice(param)),
    );
    // A `Vec` local's adjoint is allocated as long as the `Vec`.
    cache.extend(
        (0..tape.vars.len())
            .filter(|&var| liveness.live[var] && tape.vars[var].in_place && tape.is_vec(var)),
    );
    for shared in &sharing.shared {
        shared.value.reads(&mut cache);
    }
    for (id, steps) in &sharing.pullbacks {
        match (&tape.gates[*id].op, steps.is_empty()) {
            (GateOp::Call(call), false) => {
                // And the parts of arrays whose shares it adds (`d_x[a..b]`).
                cache.push(call.cache);
                let operands = call.views.iter().flatten().flat_map(View::operands);
                cache.extend(operands.filter_map(|operand| operand.var()));
            }
            (GateOp::ArrayGate { args, .. }, false) => {
                // The helpers read every argument, and the output.
                cache.push(tape.gates[*id].out);
                cache.extend(args.iter().filter_map(|arg| arg.var()));
            }
            (GateOp::Index { indices, .. }, false) | (GateOp::Store { indices, .. }, _) => {
                cache.extend(indices.iter().filter_map(|index| index.var()));
            }
            _ => {}
        }
    }
    cache.sort_unstable();
    cache.dedup();
    let mut remat = vec![false; tape.vars.len()];
    rematerialize(tape, &mut cache, &mut remat);
    let mut control = Vec::new();
    control_reads(
        tape,
        liveness,
        &mut remat,
        &tape.body,
        (&cache, false),
        &mut control,
    );
    cache.extend(control);
    cache.sort_unstable();
    cache.dedup();
    let needed = needed(tape, &cache);
    Saving {
        cache,
        remat,
        needed,
    }
}

/// What reversing the control flow reads: the conditions of `if`s, and for loops
/// with backward work either the trip count or, for a `for` over a range with no
/// `break` whose index the backward pass reads, what the range reads: the backward
/// pass then runs the range again, reversed, instead of saving the index.
fn control_reads(
    tape: &Tape,
    liveness: &Liveness,
    remat: &mut [bool],
    block: &Block,
    (cached, looped): (&[VarId], bool),
    into: &mut Vec<VarId>,
) {
    for node in &block.nodes {
        match node {
            Node::If(node)
                if has_work(&liveness.live, tape, &node.then)
                    || has_work(&liveness.live, tape, &node.els) =>
            {
                if let Operand::Var(cond) = node.cond {
                    into.push(cond);
                }
                control_reads(tape, liveness, remat, &node.then, (cached, looped), into);
                control_reads(tape, liveness, remat, &node.els, (cached, looped), into);
            }
            Node::Loop(node) if has_work(&liveness.live, tape, &node.body) => {
                control_reads(tape, liveness, remat, &node.body, (cached, true), into);
                // A loop outside loops over `0..` indexes what its body saves by its index.
                let saves_in_body = cached
                    .iter()
                    .chain(into.iter())
                    .any(|&var| !remat[var] && tape.vars[var].block == node.body.id);
                let indexes = |index: VarId, range: &proc_macro2::TokenStream| {
                    !looped
                        && saves_in_body
                        && crate::plan::indexing::indexes_by(tape, Some(index), range)
                };
                match &node.head {
                    Head::For {
                        index: Some(index),
                        reads,
                        range,
                    } if node.replays_range()
                        && (cached.contains(index)
                            || into.contains(index)
                            || indexes(*index, range)) =>
                    {
                        remat[*index] = true;
                        into.retain(|var| var != index);
                        into.extend(reads);
                    }
                    _ if node.fixed_trips.is_none() => into.push(node.trips),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// Variables the forward pass must compute: those the value, the cache or the control
/// flow depend on (a fixpoint: loops read what later iterations define).
fn needed(tape: &Tape, cache: &[VarId]) -> Vec<bool> {
    let mut needed = vec![false; tape.vars.len()];
    for value in std::iter::once(&tape.ret).chain(&tape.outputs) {
        if let Operand::Var(var) = *value {
            needed[var] = true;
        }
    }
    for &var in cache {
        needed[var] = true;
    }
    loop {
        let before = needed.clone();
        mark_needed(tape, &tape.body, &mut needed);
        if needed == before {
            return needed;
        }
    }
}

fn mark_needed(tape: &Tape, block: &Block, needed: &mut Vec<bool>) {
    for node in block.nodes.iter().rev() {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                match gate.op {
                    // An assignment is needed when its array is.
                    GateOp::Store { array, .. } => needed[gate.out] |= needed[array],
                    // A statement macro runs where it is written.
                    GateOp::Effect(..) => needed[gate.out] = true,
                    _ => {}
                }
                if needed[gate.out] {
                    for read in tape.reads(gate) {
                        needed[read] = true;
                    }
                }
            }
            Node::Assign { slot, value } => {
                if let (true, Operand::Var(value)) = (needed[*slot], *value) {
                    needed[value] = true;
                }
            }
            Node::If(node) => {
                if let Operand::Var(cond) = node.cond {
                    needed[cond] = true;
                }
                mark_needed(tape, &node.then, needed);
                mark_needed(tape, &node.els, needed);
            }
            Node::Loop(node) => {
                if let Head::For { reads, .. } = &node.head {
                    for &read in reads {
                        needed[read] = true;
                    }
                }
                mark_needed(tape, &node.body, needed);
                for (slot, init) in &node.carried {
                    if let (true, Operand::Var(init)) = (needed[*slot], *init) {
                        needed[init] = true;
                    }
                }
            }
            Node::Break => {}
        }
    }
}

/// Marks the cached values of loops and branches that are cheap to recompute from
/// other available values, and adds what they are recomputed from to the cache.
/// Later definitions go first, so that their inputs are considered in turn.
fn rematerialize(tape: &Tape, cache: &mut Vec<VarId>, remat: &mut [bool]) {
    let mut defining = vec![None; tape.vars.len()];
    let mut stores: Vec<Vec<usize>> = vec![Vec::new(); tape.vars.len()];
    for (id, gate) in tape.gates.iter().enumerate() {
        defining[gate.out] = Some((id, gate));
        if let GateOp::Store { array, .. } = gate.op {
            stores[array].push(id);
        }
    }
    let mut index = cache.len();
    while index > 0 {
        index -= 1;
        let var = cache[index];
        let block = tape.vars[var].block;
        let Some((id, gate)) = defining[var] else {
            continue;
        };
        let inputs: Vec<VarId> = match &gate.op {
            GateOp::Diff(op)
                if matches!(
                    op,
                    Op::Neg(_)
                        | Op::Binary(Binary::Add | Binary::Sub | Binary::Mul | Binary::Div, ..)
                ) =>
            {
                op.inputs()
                    .into_iter()
                    .filter_map(|input| input.var())
                    .collect()
            }
            // An element of an array that no longer changes (a parameter, or a local
            // array past its last assignment): read again, not saved.
            GateOp::Index { array, .. } if settled(tape, *array, id, &stores[*array]) => {
                tape.reads(gate)
            }
            // An index computed from other indices (`lower_index(d, row, col)`).
            GateOp::Passive(_, reads)
                if is_usize(tape, var)
                    && reads
                        .iter()
                        .all(|&read| tape.vars[read].dims == 0 || tape.is_slice(read)) =>
            {
                reads.clone()
            }
            _ => continue,
        };
        if block == 0 {
            continue;
        }
        remat[var] = true;
        for input in inputs {
            if let Err(position) = cache.binary_search(&input) {
                cache.insert(position, input);
                index += 1;
            }
        }
    }
}

/// Whether `array`, read by gate `read`, holds from then on the value it has when the
/// forward pass ends: it is defined in the function body, and if it is a local array
/// assigned in place, every assignment comes before the read and none runs again
/// after it in a loop around the read.
fn settled(tape: &Tape, array: VarId, read: usize, stores: &[usize]) -> bool {
    if tape.vars[array].block != 0 {
        return false;
    }
    if !tape.vars[array].in_place {
        return true;
    }
    let mut outermost = None;
    let mut at = Some(tape.vars[tape.gates[read].out].block);
    while let Some(block) = at {
        if tape.blocks[block].looped {
            outermost = Some(block);
        }
        at = tape.blocks[block].parent;
    }
    stores.iter().all(|&id| {
        let block = tape.vars[tape.gates[id].out].block;
        id < read && outermost.is_none_or(|looped| !tape.within(block, looped))
    })
}

fn is_usize(tape: &Tape, var: VarId) -> bool {
    matches!(&tape.vars[var].ty, Some(syn::Type::Path(path)) if path.path.is_ident("usize"))
}
