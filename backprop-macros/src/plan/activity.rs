//! Activity, the first pass: which variables really vary with a differentiated
//! parameter. Only those can have an adjoint.

use crate::ir::flow::{Block, Node};
use crate::ir::rules;
use crate::ir::sym::{operand_sym, Sym};
use crate::ir::{GateOp, Operand, Tape};

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

fn mark_varies(tape: &Tape, block: &Block, varies: &mut Vec<bool>) {
    let var_varies =
        |operand: &Operand, varies: &Vec<bool>| matches!(*operand, Operand::Var(id) if varies[id]);
    for node in &block.nodes {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                let now = match &gate.op {
                    GateOp::Passive(..) | GateOp::Effect(..) => false,
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
