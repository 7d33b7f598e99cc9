//! Analysis, forward-direction sets: which variables vary with a differentiated
//! parameter, which ones the forward pass must compute, which saved values are
//! recomputed instead, and how a tuple's seed reaches its values.

use crate::ir::flow::{Block, BlockId, Head, Node};
use crate::ir::ops::{Binary, Op};
use crate::ir::rules;
use crate::ir::sym::Sym;
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::plan::liveness::operand_sym;

/// Which variables really vary with a differentiated parameter: active, and reached
/// through an operation whose derivative is not zero (`x.floor()` is constant). A
/// fixpoint, since loop-carried values flow around.
pub(crate) fn varies(tape: &Tape) -> Vec<bool> {
    let mut varies: Vec<bool> = tape
        .vars
        .iter()
        .enumerate()
        .map(|(id, var)| var.active && tape.params.contains(&id))
        .collect();
    loop {
        let before = varies.clone();
        mark_varies(tape, &tape.body, &mut varies);
        if varies == before {
            return varies;
        }
    }
}

pub(crate) fn mark_varies(tape: &Tape, block: &Block, varies: &mut Vec<bool>) {
    let var_varies =
        |operand: &Operand, varies: &Vec<bool>| matches!(*operand, Operand::Var(id) if varies[id]);
    for node in &block.nodes {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                let now = match &gate.op {
                    GateOp::Passive(..) => false,
                    GateOp::Copy(slot) => varies[*slot],
                    GateOp::Call(call) => call.args.iter().any(|arg| var_varies(arg, varies)),
                    GateOp::Index { array, .. } => varies[*array],
                    GateOp::Store { array, value, .. } => {
                        // The array holds the value from here on (and, through a
                        // loop, before: hence the fixpoint).
                        if var_varies(value, varies) {
                            varies[*array] = true;
                        }
                        varies[*array]
                    }
                    GateOp::ArrayGate { args, .. } | GateOp::Pack(args) => {
                        args.iter().any(|arg| var_varies(arg, varies))
                    }
                    GateOp::Diff(op) => {
                        let symbolic = op.map(|input| operand_sym(tape, *input));
                        let pullback =
                            rules::pullback(&symbolic, &Sym::Var(gate.out), &Sym::Adj(gate.out));
                        op.inputs()
                            .into_iter()
                            .zip(&pullback)
                            .any(|(input, value)| value.is_some() && var_varies(input, varies))
                    }
                };
                varies[gate.out] |= now;
            }
            Node::Assign { slot, value } => {
                if var_varies(value, varies) {
                    varies[*slot] = true;
                }
            }
            Node::If(node) => {
                mark_varies(tape, &node.then, varies);
                mark_varies(tape, &node.els, varies);
            }
            Node::Loop(node) => {
                for (slot, init) in &node.carried {
                    if var_varies(init, varies) {
                        varies[*slot] = true;
                    }
                }
                mark_varies(tape, &node.body, varies);
            }
            Node::Break => {}
        }
    }
}

/// Variables the forward pass must compute: those the value, the cache or the control
/// flow depend on (a fixpoint: loops read what later iterations define).
pub(crate) fn needed(tape: &Tape, cache: &[VarId]) -> Vec<bool> {
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

pub(crate) fn mark_needed(tape: &Tape, block: &Block, needed: &mut Vec<bool>) {
    for node in block.nodes.iter().rev() {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                if let GateOp::Store { array, .. } = gate.op {
                    // An assignment is needed when its array is.
                    needed[gate.out] |= needed[array];
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
pub(crate) fn rematerialize(tape: &Tape, cache: &mut Vec<VarId>, remat: &mut [bool]) {
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

/// How each value of a tuple-returning function gets its adjoint: a value computed at
/// the top level, nowhere else used, and returned once simply *is* the seed's part
/// (`let (d_a, d_b) = d_out;`); the others receive the part as a contribution.
pub(crate) fn output_seeds(
    tape: &Tape,
    live: &[bool],
    sites: &mut [Vec<BlockId>],
) -> Vec<Option<(VarId, bool)>> {
    tape.outputs
        .iter()
        .map(|output| {
            let Operand::Var(var) = *output else {
                return None;
            };
            if !live[var] {
                return None;
            }
            let once = tape
                .outputs
                .iter()
                .filter(|other| **other == Operand::Var(var))
                .count()
                == 1;
            let plain = tape.vars[var].slot.is_none()
                && !tape.params.contains(&var)
                && tape.vars[var].block == 0;
            let aliased = once && plain && sites[var].is_empty();
            if !aliased {
                sites[var].push(0);
            }
            Some((var, aliased))
        })
        .collect()
}
