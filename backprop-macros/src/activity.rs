//! Analysis: which adjoints exist (a variable that depends on a differentiated
//! parameter and flows into the result), each adjoint's contributions in reverse
//! stage order, what the backward pass reads (the cache), and which forward stages
//! are needed at all.

use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::rules;
use crate::sym::Sym;

/// One backward statement: `d_<target> (+)= value`.
pub(crate) struct Step {
    /// The gate being pulled back (its index in the tape).
    pub(crate) gate: usize,
    pub(crate) target: VarId,
    pub(crate) value: Sym,
}

/// What the backward pass does and needs.
pub(crate) struct Plan {
    /// Backward statements, in order (gates in reverse, inputs in source order).
    pub(crate) steps: Vec<Step>,
    /// How many contributions each variable's adjoint receives.
    pub(crate) contributions: Vec<usize>,
    /// Variables the backward reads, in forward order: the cache's fields.
    pub(crate) cache: Vec<VarId>,
    /// Whether the forward pass must compute each variable.
    pub(crate) needed: Vec<bool>,
}

impl Plan {
    /// Whether `var` has an adjoint (the seed counts for the returned variable).
    pub(crate) fn has_adjoint(&self, tape: &Tape, var: VarId) -> bool {
        self.contributions[var] > 0 || tape.ret == Operand::Var(var) && tape.vars[var].active
    }
}

/// Plans the backward pass of `tape`.
pub(crate) fn plan(tape: &Tape) -> Plan {
    let count = tape.vars.len();
    let mut contributions = vec![0; count];
    let mut live = vec![false; count];
    if let Operand::Var(ret) = tape.ret {
        live[ret] = tape.vars[ret].active;
    }
    let varies = varies(tape);
    let mut steps = Vec::new();
    for (index, gate) in tape.gates.iter().enumerate().rev() {
        let GateOp::Diff(op) = &gate.op else { continue };
        if !live[gate.out] {
            continue;
        }
        let symbolic = op.map(|input| operand_sym(tape, *input));
        let pullback = rules::pullback(&symbolic, &Sym::Var(gate.out), &Sym::Adj(gate.out));
        for (input, value) in op.inputs().into_iter().zip(pullback) {
            if let (Operand::Var(target), Some(value)) = (*input, value) {
                if varies[target] {
                    live[target] = true;
                    contributions[target] += 1;
                    steps.push(Step {
                        gate: index,
                        target,
                        value,
                    });
                }
            }
        }
    }
    let mut cache = Vec::new();
    for step in &steps {
        step.value.reads(&mut cache);
    }
    cache.sort_unstable();
    cache.dedup();
    let needed = needed(tape, &cache);
    Plan {
        steps,
        contributions,
        cache,
        needed,
    }
}

/// Which variables really vary with a differentiated parameter: active, and reached
/// through an operation whose derivative is not zero (`x.floor()` is constant).
fn varies(tape: &Tape) -> Vec<bool> {
    let mut varies: Vec<bool> = tape.vars.iter().map(|var| var.active).collect();
    for gate in &tape.gates {
        let GateOp::Diff(op) = &gate.op else { continue };
        let symbolic = op.map(|input| operand_sym(tape, *input));
        let pullback = rules::pullback(&symbolic, &Sym::Var(gate.out), &Sym::Adj(gate.out));
        varies[gate.out] = op
            .inputs()
            .into_iter()
            .zip(&pullback)
            .any(|(input, value)| {
                value.is_some() && matches!(*input, Operand::Var(id) if varies[id])
            });
    }
    varies
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

/// Variables the forward pass must compute: those the value or the cache depend on.
fn needed(tape: &Tape, cache: &[VarId]) -> Vec<bool> {
    let mut needed = vec![false; tape.vars.len()];
    if let Operand::Var(ret) = tape.ret {
        needed[ret] = true;
    }
    for &var in cache {
        needed[var] = true;
    }
    for gate in tape.gates.iter().rev() {
        if needed[gate.out] {
            for read in tape.reads(gate) {
                needed[read] = true;
            }
        }
    }
    needed
}
