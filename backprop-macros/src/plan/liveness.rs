//! Analysis: which adjoints exist (a variable that depends on a differentiated
//! parameter and flows into the result), each adjoint's contributions and where they
//! happen, what the backward pass reads (the cache), and which forward stages are
//! needed at all. Loops make this a fixpoint: a loop-carried adjoint flows around.

use crate::ir::flow::{Block, BlockId, Head, Node, Slot};
use crate::ir::rules;
use crate::ir::sym::Sym;
use crate::ir::{GateOp, Operand, StoreMode, Tape, VarId};
use crate::plan::saving::{needed, output_seeds, rematerialize, varies};
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
    /// Local-gradient subexpressions computed once (`cse.rs`), read as [`Sym::Shared`].
    pub(crate) shared: Vec<crate::plan::cse::Shared>,
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
                self.live[gate.out]
                    && matches!(
                        gate.op,
                        GateOp::Diff(_) | GateOp::Copy(_) | GateOp::Store { .. }
                    )
            }
            Node::Assign { slot, value } => {
                self.live[*slot] && (tape.is_active(*value) || is_carry(tape, *slot))
            }
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
        mut pullbacks,
        sites,
        ..
    } = analysis;
    crate::plan::reuse::reuse(tape, &mut pullbacks);
    let shared = crate::plan::cse::share(tape, &mut pullbacks);
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
        shared,
    };
    let mut cache = Vec::new();
    for pullback in plan.pullbacks.values() {
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
    for shared in &plan.shared {
        shared.value.reads(&mut cache);
    }
    for (id, steps) in &plan.pullbacks {
        match (&tape.gates[*id].op, steps.is_empty()) {
            (GateOp::Call(call), false) => cache.push(call.cache),
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
    rematerialize(tape, &mut cache, &mut plan.remat);
    let mut remat = std::mem::take(&mut plan.remat);
    let mut control = Vec::new();
    control_reads(tape, &plan, &mut remat, &tape.body, &cache, &mut control);
    plan.remat = remat;
    cache.extend(control);
    cache.sort_unstable();
    cache.dedup();
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
        if let GateOp::Store { array, .. } = gate.op {
            // An assignment has backward work (at least clearing the overwritten
            // element's adjoint) whenever its array has an adjoint.
            self.live[gate.out] = self.live[array];
        }
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

/// What reversing the control flow reads: the conditions of `if`s, and for loops
/// with backward work either the trip count or, for a `for` over a range with no
/// `break` whose index the backward pass reads, what the range reads: the backward
/// pass then runs the range again, reversed, instead of saving the index.
fn control_reads(
    tape: &Tape,
    plan: &Plan,
    remat: &mut [bool],
    block: &Block,
    cached: &[VarId],
    into: &mut Vec<VarId>,
) {
    for node in &block.nodes {
        match node {
            Node::If(node) if plan.has_work(tape, &node.then) || plan.has_work(tape, &node.els) => {
                if let Operand::Var(cond) = node.cond {
                    into.push(cond);
                }
                control_reads(tape, plan, remat, &node.then, cached, into);
                control_reads(tape, plan, remat, &node.els, cached, into);
            }
            Node::Loop(node) if plan.has_work(tape, &node.body) => {
                control_reads(tape, plan, remat, &node.body, cached, into);
                match &node.head {
                    Head::For {
                        index: Some(index),
                        reads,
                        ..
                    } if node.replays_range()
                        && (cached.contains(index) || into.contains(index)) =>
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

/// A gate's input as a symbol: plain numeric literals become numbers, so rules can
/// fold them (`x.powf(2.0)` -> `2.0 * x`).
pub(crate) fn operand_sym(tape: &Tape, operand: Operand) -> Sym {
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

/// Whether `var` is a carried slot (its adjoint is reset when it is overwritten).
pub(crate) fn is_carry(tape: &Tape, var: VarId) -> bool {
    tape.vars[var].slot == Some(Slot::Carry)
}
