//! Liveness, the second pass: which adjoints exist (a variable that varies and flows
//! into the result), each gate's contributions to them, and where those happen. Loops
//! make this a fixpoint: a loop-carried adjoint flows around.

use crate::ir::flow::{Block, BlockId, Node};
use crate::ir::rules;
use crate::ir::sym::{operand_sym, Sym};
use crate::ir::{GateOp, Operand, StoreMode, Tape, VarId};
use std::collections::BTreeMap;

/// Each live gate's contributions: what each of its inputs' adjoints gains, in input
/// order.
pub(crate) type Pullbacks = BTreeMap<usize, Vec<(VarId, Sym)>>;

/// Which adjoints exist and what flows into them.
pub(crate) struct Liveness {
    /// Whether each variable has an adjoint.
    pub(crate) live: Vec<bool>,
    /// For each live gate, what each of its inputs' adjoints gains, in input order.
    pub(crate) pullbacks: Pullbacks,
    /// How many contributions each adjoint receives.
    pub(crate) contributions: Vec<usize>,
    /// Adjoints declared `let mut d_v = 0.0;` at the top of their block's reversal,
    /// because a contribution comes from a nested block (or the variable is a slot).
    pub(crate) hoisted: Vec<bool>,
    /// For a function returning a tuple: each value's variable (if it has an
    /// adjoint), and whether that adjoint is the seed's part itself.
    pub(crate) outputs: Vec<Option<(VarId, bool)>>,
}

/// Whether reversing `block` does anything, given which variables have adjoints.
pub(crate) fn has_work(live: &[bool], tape: &Tape, block: &Block) -> bool {
    block.nodes.iter().any(|node| match node {
        Node::Gate(id) => {
            let gate = &tape.gates[*id];
            live[gate.out]
                && matches!(
                    gate.op,
                    GateOp::Diff(_) | GateOp::Copy(_) | GateOp::Store { .. }
                )
        }
        Node::Assign { slot, value } => {
            live[*slot] && (tape.is_active(*value) || tape.is_carry(*slot))
        }
        Node::If(node) => has_work(live, tape, &node.then) || has_work(live, tape, &node.els),
        Node::Loop(node) => has_work(live, tape, &node.body),
        Node::Break => false,
    })
}

/// Finds the adjoints of `tape`, given which variables vary (`activity.rs`).
pub(crate) fn adjoints(tape: &Tape, varies: &[bool]) -> Liveness {
    let count = tape.vars.len();
    let mut analysis = Analysis {
        tape,
        varies,
        live: vec![false; count],
        pullbacks: BTreeMap::new(),
        sites: vec![Vec::new(); count],
    };
    if let Operand::Var(ret) = tape.ret {
        analysis.live[ret] = analysis.varies[ret];
    }
    for output in &tape.outputs {
        if let Operand::Var(var) = *output {
            analysis.live[var] |= analysis.varies[var];
        }
    }
    loop {
        let before = analysis.live.clone();
        analysis.pullbacks.clear();
        analysis.sites.iter_mut().for_each(Vec::clear);
        analysis.reverse(&tape.body);
        if analysis.live == before {
            break;
        }
    }
    let outputs = output_seeds(tape, &analysis.live, &mut analysis.sites);
    let Analysis {
        live,
        pullbacks,
        sites,
        ..
    } = analysis;
    let contributions: Vec<usize> = sites.iter().map(Vec::len).collect();
    let hoisted = (0..count)
        .map(|var| {
            live[var]
                && tape.ret != Operand::Var(var)
                && (tape.vars[var].slot.is_some()
                    || tape.vars[var].dims > 0
                    || sites[var]
                        .iter()
                        .any(|&block| block != tape.vars[var].block))
        })
        .collect();
    Liveness {
        live,
        pullbacks,
        contributions,
        hoisted,
        outputs,
    }
}

struct Analysis<'a> {
    tape: &'a Tape,
    /// Which variables really vary with a differentiated parameter.
    varies: &'a [bool],
    live: Vec<bool>,
    pullbacks: Pullbacks,
    /// Blocks each adjoint's contributions come from.
    sites: Vec<Vec<BlockId>>,
}

impl Analysis<'_> {
    fn contribute(&mut self, target: VarId, block: BlockId) {
        self.live[target] = true;
        self.sites[target].push(block);
    }

    /// Walks `block` in reverse, collecting contributions.
    fn reverse(&mut self, block: &Block) {
        for node in block.nodes.iter().rev() {
            match node {
                Node::Gate(id) => self.reverse_gate(*id, block.id),
                Node::Assign { slot, value } => {
                    if let (true, Operand::Var(value)) = (self.live[*slot], *value) {
                        if self.varies[value] {
                            self.contribute(value, block.id);
                        }
                    }
                }
                Node::If(node) => {
                    self.reverse(&node.then);
                    self.reverse(&node.els);
                }
                Node::Loop(node) => {
                    self.reverse(&node.body);
                    for (slot, init) in &node.carried {
                        if let (true, Operand::Var(init)) = (self.live[*slot], *init) {
                            if self.varies[init] {
                                self.contribute(init, block.id);
                            }
                        }
                    }
                }
                Node::Break => {}
            }
        }
    }

    fn reverse_gate(&mut self, id: usize, block: BlockId) {
        let tape = self.tape;
        let gate = &tape.gates[id];
        if let GateOp::Store { array, .. } = gate.op {
            // An assignment has backward work (at least clearing the overwritten
            // element's adjoint) whenever its array has an adjoint.
            self.live[gate.out] = self.live[array];
        }
        if !self.live[gate.out] {
            return;
        }
        match &gate.op {
            GateOp::Passive(..) | GateOp::Effect(..) => {}
            GateOp::Copy(slot) => {
                if self.varies[*slot] {
                    self.contribute(*slot, block);
                }
            }
            GateOp::Diff(op) => {
                let symbolic = op.map(|input| operand_sym(tape, *input));
                let pullback = rules::pullback(&symbolic, &Sym::Var(gate.out), &Sym::Adj(gate.out));
                let mut steps = Vec::new();
                for (input, value) in op.inputs().into_iter().zip(pullback) {
                    if let (Operand::Var(target), Some(value)) = (*input, value) {
                        if self.varies[target] {
                            self.contribute(target, block);
                            steps.push((target, value));
                        }
                    }
                }
                self.pullbacks.insert(id, steps);
            }
            GateOp::Pack(items) => {
                // `d_a += d_out[0]`, `d_b += d_out[1]`, ...
                let mut steps = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    if let Operand::Var(target) = *item {
                        if self.varies[target] {
                            self.contribute(target, block);
                            steps.push((target, Sym::Element(gate.out, index)));
                        }
                    }
                }
                self.pullbacks.insert(id, steps);
            }
            GateOp::ArrayGate { args, .. } => {
                // Each varying array argument gets an array's worth, through a helper.
                let mut steps = Vec::new();
                for (position, arg) in args.iter().enumerate() {
                    if let Operand::Var(target) = *arg {
                        if self.varies[target] {
                            self.contribute(target, block);
                            steps.push((target, Sym::Part(gate.out, position)));
                        }
                    }
                }
                self.pullbacks.insert(id, steps);
            }
            GateOp::Store {
                array,
                indices,
                value,
                mode,
            } => {
                // `d_value += d_array[i]`: the element's adjoint, taken from the array's.
                let mut steps = Vec::new();
                if let Operand::Var(target) = *value {
                    if self.varies[target] {
                        self.contribute(target, block);
                        let element = Sym::ElementAt(*array, indices.clone());
                        let share = match mode {
                            StoreMode::Sub => Sym::Neg(Box::new(element)),
                            StoreMode::Set | StoreMode::Add => element,
                            // Popped off `d_v` into the push's own adjoint (`emit/arrays.rs`).
                            StoreMode::Push => Sym::Adj(gate.out),
                        };
                        steps.push((target, share));
                    }
                }
                self.pullbacks.insert(id, steps);
            }
            GateOp::Index { array, .. } => {
                // `d_array[i] += d_out`: the element's adjoint, in the array's.
                if self.varies[*array] {
                    self.contribute(*array, block);
                    self.pullbacks
                        .insert(id, vec![(*array, Sym::Adj(gate.out))]);
                }
            }
            GateOp::Call(call) => {
                // The callee's pullback gives each argument's share: part `index`.
                let mut steps = Vec::new();
                for (index, arg) in call.args.iter().enumerate() {
                    if let Operand::Var(target) = *arg {
                        if self.varies[target] {
                            self.contribute(target, block);
                            steps.push((target, Sym::Part(gate.out, index)));
                        }
                    }
                }
                self.pullbacks.insert(id, steps);
            }
        }
    }
}

/// How each value of a tuple-returning function gets its adjoint: a value computed at
/// the top level, nowhere else used, and returned once simply *is* the seed's part
/// (`let (d_a, d_b) = d_out;`); the others receive the part as a contribution.
fn output_seeds(
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
