//! Analysis: which adjoints exist (a variable that depends on a differentiated
//! parameter and flows into the result), each adjoint's contributions and where they
//! happen, what the backward pass reads (the cache), and which forward stages are
//! needed at all. Loops make this a fixpoint: a loop-carried adjoint flows around.

use crate::flow::{Block, BlockId, Head, Node, Slot};
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::ops::{Binary, Op};
use crate::rules;
use crate::sym::Sym;
use std::collections::BTreeMap;

/// What the backward pass does and needs.
pub(crate) struct Plan {
    /// Whether each variable has an adjoint.
    pub(crate) live: Vec<bool>,
    /// For each live gate, what each of its inputs' adjoints gains, in input order.
    pub(crate) pullbacks: BTreeMap<usize, Vec<(VarId, Sym)>>,
    /// How many contributions each adjoint receives.
    pub(crate) contributions: Vec<usize>,
    /// Adjoints declared `let mut d_v = 0.0;` at the top of their block's reversal,
    /// because a contribution comes from a nested block (or the variable is a slot).
    pub(crate) hoisted: Vec<bool>,
    /// Variables the backward reads, in definition order: the cache.
    pub(crate) cache: Vec<VarId>,
    /// Whether the forward pass must compute each variable.
    pub(crate) needed: Vec<bool>,
    /// For a function returning a tuple: each value's variable (if it has an
    /// adjoint), and whether that adjoint is the seed's part itself.
    pub(crate) outputs: Vec<Option<(VarId, bool)>>,
    /// Values inside loops and branches that the backward pass recomputes from other
    /// saved values instead of saving them (cheap arithmetic, as a hand-written
    /// reverse sweep would).
    pub(crate) remat: Vec<bool>,
}

impl Plan {
    /// Whether reversing `block` does anything.
    pub(crate) fn has_work(&self, tape: &Tape, block: &Block) -> bool {
        block
            .nodes
            .iter()
            .any(|node| self.node_has_work(tape, node))
    }

    fn node_has_work(&self, tape: &Tape, node: &Node) -> bool {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                self.live[gate.out] && matches!(gate.op, GateOp::Diff(_) | GateOp::Copy(_))
            }
            Node::Assign { slot, value } => self.live[*slot] && tape.is_active(*value),
            Node::If(node) => self.has_work(tape, &node.then) || self.has_work(tape, &node.els),
            Node::Loop(node) => self.has_work(tape, &node.body),
            Node::Break => false,
        }
    }
}

struct Analysis<'a> {
    tape: &'a Tape,
    /// Which variables really vary with a differentiated parameter.
    varies: Vec<bool>,
    live: Vec<bool>,
    pullbacks: BTreeMap<usize, Vec<(VarId, Sym)>>,
    /// Blocks each adjoint's contributions come from.
    sites: Vec<Vec<BlockId>>,
}

/// Plans the backward pass of `tape`.
pub(crate) fn plan(tape: &Tape) -> Plan {
    let count = tape.vars.len();
    let mut analysis = Analysis {
        tape,
        varies: varies(tape),
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
    let mut plan = Plan {
        live,
        pullbacks,
        contributions,
        hoisted,
        cache: Vec::new(),
        needed: Vec::new(),
        remat: vec![false; count],
        outputs,
    };
    let mut cache = Vec::new();
    for pullback in plan.pullbacks.values() {
        for (_, value) in pullback {
            value.reads(&mut cache);
        }
    }
    control_reads(tape, &plan, &tape.body, &mut cache);
    for (id, steps) in &plan.pullbacks {
        match (&tape.gates[*id].op, steps.is_empty()) {
            (GateOp::Call(call), false) => cache.push(call.cache),
            (GateOp::ArrayGate { args, .. }, false) => {
                // The helpers read every argument, and the output.
                cache.push(tape.gates[*id].out);
                cache.extend(args.iter().filter_map(|arg| match arg {
                    Operand::Var(id) => Some(*id),
                    Operand::Lit(_) => None,
                }));
            }
            (GateOp::Index { indices, .. }, false) => {
                cache.extend(indices.iter().filter_map(|index| match index {
                    Operand::Var(id) => Some(*id),
                    Operand::Lit(_) => None,
                }));
            }
            _ => {}
        }
    }
    cache.sort_unstable();
    cache.dedup();
    rematerialize(tape, &mut cache, &mut plan.remat);
    plan.needed = needed(tape, &cache);
    plan.cache = cache;
    plan
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
        if !self.live[gate.out] {
            return;
        }
        match &gate.op {
            GateOp::Passive(..) => {}
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

/// Which variables really vary with a differentiated parameter: active, and reached
/// through an operation whose derivative is not zero (`x.floor()` is constant). A
/// fixpoint, since loop-carried values flow around.
fn varies(tape: &Tape) -> Vec<bool> {
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

fn mark_varies(tape: &Tape, block: &Block, varies: &mut Vec<bool>) {
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

/// Marks the cached values of loops and branches that are cheap to recompute from
/// other available values, and adds what they are recomputed from to the cache.
/// Later definitions go first, so that their inputs are considered in turn.
fn rematerialize(tape: &Tape, cache: &mut Vec<VarId>, remat: &mut [bool]) {
    let mut defining = vec![None; tape.vars.len()];
    for gate in &tape.gates {
        defining[gate.out] = Some(gate);
    }
    let mut index = cache.len();
    while index > 0 {
        index -= 1;
        let var = cache[index];
        let block = tape.vars[var].block;
        let Some(gate) = defining[var] else { continue };
        let GateOp::Diff(op) = &gate.op else { continue };
        let cheap = matches!(
            op,
            Op::Neg(_) | Op::Binary(Binary::Add | Binary::Sub | Binary::Mul | Binary::Div, ..)
        );
        if block == 0 || !cheap {
            continue;
        }
        remat[var] = true;
        for input in op.inputs() {
            if let Operand::Var(input) = *input {
                if let Err(position) = cache.binary_search(&input) {
                    cache.insert(position, input);
                    index += 1;
                }
            }
        }
    }
}

/// What reversing the control flow reads: the conditions of `if`s and the trip
/// counts of loops that have backward work.
fn control_reads(tape: &Tape, plan: &Plan, block: &Block, into: &mut Vec<VarId>) {
    for node in &block.nodes {
        match node {
            Node::If(node) if plan.has_work(tape, &node.then) || plan.has_work(tape, &node.els) => {
                if let Operand::Var(cond) = node.cond {
                    into.push(cond);
                }
                control_reads(tape, plan, &node.then, into);
                control_reads(tape, plan, &node.els, into);
            }
            Node::Loop(node) if plan.has_work(tape, &node.body) => {
                if node.fixed_trips.is_none() {
                    into.push(node.trips);
                }
                control_reads(tape, plan, &node.body, into);
            }
            _ => {}
        }
    }
}

/// A gate's input as a symbol: plain numeric literals become numbers, so rules can
/// fold them (`x.powf(2.0)` -> `2.0 * x`).
fn operand_sym(tape: &Tape, operand: Operand) -> Sym {
    match operand {
        Operand::Var(id) => Sym::Var(id),
        Operand::Lit(id) => match syn::parse2::<syn::Lit>(tape.lits[id].clone()) {
            Ok(syn::Lit::Float(lit)) => lit.base10_parse::<f64>().ok(),
            Ok(syn::Lit::Int(lit)) => lit.base10_parse::<i64>().ok().map(|n| n as f64),
            _ => None,
        }
        .filter(|value| value.is_finite() && value.abs() < 1e15)
        .map_or(Sym::Lit(id), Sym::Num),
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

/// Whether `var` is a carried slot (its adjoint is reset when it is overwritten).
pub(crate) fn is_carry(tape: &Tape, var: VarId) -> bool {
    tape.vars[var].slot == Some(Slot::Carry)
}
