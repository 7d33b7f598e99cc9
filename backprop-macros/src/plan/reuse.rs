//! Local gradients that read forward stages instead of recomputing them: after
//! `let s = x.sin(); let c = x.cos();`, sine's pullback is `c * d_s`, not
//! `x.cos() * d_s`; a division by `y` where `r = 1.0 / y` is a stage multiplies by `r`.
//! Only a stage of the same block or an enclosing one is reused: it has then been
//! computed, with the value the gradient needs, whenever the gradient runs. The cache
//! holds the stage instead of its inputs once nothing else reads them. Plain arithmetic
//! (`a * b`) is reused only if the backward pass reads the stage anyway, so the cache
//! does not grow to save a product.
//!
//! Input: `d_x += x.cos() * d_s` Output: `d_x += c * d_s`

use crate::ir::flow::{Block, BlockId, Node};
use crate::ir::ops::{Binary, Op, Unary};
use crate::ir::sym::operand_sym;
use crate::ir::sym::{Arith, Sym};
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::plan::cse::cost;
use crate::plan::liveness::Pullbacks;
use std::collections::{BTreeMap, HashMap};

/// Rewrites local gradients to read forward stages that compute the same value.
pub(crate) fn reuse(tape: &Tape, mut pullbacks: Pullbacks) -> Pullbacks {
    let tree = Tree::new(tape);
    // By the value's text: a linear search would be quadratic in the function's size.
    let mut stages: HashMap<String, Vec<VarId>> = HashMap::new();
    for gate in &tape.gates {
        let GateOp::Diff(op) = &gate.op else { continue };
        let Some(value) = forward_sym(tape, op) else {
            continue;
        };
        let mut reads = Vec::new();
        value.reads(&mut reads);
        let plain_inputs = reads.iter().all(|&var| tape.vars[var].slot.is_none());
        if plain_inputs && value.has_variable() && tape.vars[gate.out].slot.is_none() {
            if let Sym::Bin(op @ (Arith::Add | Arith::Mul), a, b) = &value {
                let swapped = Sym::Bin(*op, b.clone(), a.clone());
                stages.entry(key(&swapped)).or_default().push(gate.out);
            }
            stages.entry(key(&value)).or_default().push(gate.out);
        }
    }
    if stages.is_empty() {
        return pullbacks;
    }
    // Costly subexpressions first; then plain arithmetic, where the stage is read anyway.
    for cheap in [false, true] {
        let mut read = vec![false; tape.vars.len()];
        if cheap {
            let mut reads = Vec::new();
            for (_, value) in pullbacks.values().flatten() {
                value.reads(&mut reads);
            }
            for var in reads {
                read[var] = true;
            }
        }
        for (&id, steps) in pullbacks.iter_mut() {
            let Some(gate) = tape.gates.get(id) else {
                continue;
            };
            if !matches!(gate.op, GateOp::Diff(_)) {
                continue;
            }
            let block = tape.vars[gate.out].block;
            let find = |sym: &Sym| {
                if !matches!(
                    sym,
                    Sym::Bin(..) | Sym::Method(..) | Sym::Helper(..) | Sym::Neg(_)
                ) {
                    return None;
                }
                let costly = cost(sym) >= 4;
                stages.get(&key(sym))?.iter().copied().find(|&stage| {
                    stage != gate.out
                        && tree.encloses(tape.vars[stage].block, block)
                        && (costly || (cheap && read[stage]))
                })
            };
            for (_, value) in steps.iter_mut() {
                *value = substitute(value, &find);
            }
        }
    }
    pullbacks
}

/// `sym` with the largest subexpressions `find` knows replaced by their stages;
/// `e / b` becomes `e * r` where `r = 1.0 / b` is a stage.
fn substitute(sym: &Sym, find: &impl Fn(&Sym) -> Option<VarId>) -> Sym {
    if let Some(stage) = find(sym) {
        return Sym::Var(stage);
    }
    if let Sym::Bin(Arith::Div, a, b) = sym {
        if let Some(stage) = find(&Sym::Bin(Arith::Div, Box::new(Sym::Num(1.0)), b.clone())) {
            return substitute(a, find) * Sym::Var(stage);
        }
    }
    sym.map_children(|child| substitute(child, find))
}

/// A value's identity for lookups: its structure as text (`Sym` holds floats, so it
/// is not `Hash`; equal text is equal structure).
pub(crate) fn key(sym: &Sym) -> String {
    format!("{sym:?}")
}

/// The blocks' gates in node order, and how blocks nest.
pub(crate) struct Tree {
    /// Each block's gates, in node order.
    pub(crate) gates: Vec<Vec<usize>>,
    parent: BTreeMap<BlockId, BlockId>,
}

impl Tree {
    pub(crate) fn new(tape: &Tape) -> Tree {
        let mut tree = Tree {
            gates: Vec::new(),
            parent: BTreeMap::new(),
        };
        tree.walk(&tape.body);
        tree
    }

    fn walk(&mut self, block: &Block) {
        let mut gates = Vec::new();
        for node in &block.nodes {
            let inner: Vec<&Block> = match node {
                Node::Gate(id) => {
                    gates.push(*id);
                    continue;
                }
                Node::If(node) => vec![&node.then, &node.els],
                Node::Loop(node) => vec![&node.body],
                Node::Assign { .. } | Node::Break => continue,
            };
            for inner in inner {
                self.parent.insert(inner.id, block.id);
                self.walk(inner);
            }
        }
        self.gates.push(gates);
    }

    /// Whether `outer` is `inner` or a block around it.
    fn encloses(&self, outer: BlockId, mut inner: BlockId) -> bool {
        loop {
            if inner == outer {
                return true;
            }
            match self.parent.get(&inner) {
                Some(&parent) if parent != inner => inner = parent,
                _ => return false,
            }
        }
    }
}

/// A stage's value as the rule table would write it (`x.cos()`, `sigmoid(x)`).
fn forward_sym(tape: &Tape, op: &Op<Operand>) -> Option<Sym> {
    let op = op.map(|input| operand_sym(tape, *input));
    Some(match op {
        Op::Neg(a) => Sym::Neg(Box::new(a)),
        Op::Unary(Unary::Sigmoid, a) => Sym::helper("sigmoid", &[&a]),
        Op::Unary(unary, _) if unary.is_gate() || unary.is_cast() => return None,
        Op::Unary(unary, a) => a.method(unary.name(), vec![]),
        Op::Binary(Binary::Rem, ..) => return None,
        Op::Binary(binary, a, b) if binary.is_infix() => {
            let arith = match binary {
                Binary::Add => Arith::Add,
                Binary::Sub => Arith::Sub,
                Binary::Mul => Arith::Mul,
                _ => Arith::Div,
            };
            Sym::Bin(arith, Box::new(a), Box::new(b))
        }
        Op::Binary(Binary::Powi, a, Sym::Num(n)) if n.fract() == 0.0 && n.abs() < 1e9 => {
            a.method("powi", vec![Sym::Int(n as i64)])
        }
        Op::Binary(binary, _, _) if binary.is_gate() => return None,
        Op::Binary(binary, a, b) => a.method(binary.name(), vec![b]),
        Op::Ternary(ternary, a, b, c) => a.method(ternary.name(), vec![b, c]),
    })
}
