//! A loop-carried value's adjoint updated in place. Reversing an iteration of
//! `for .. { let acc_2 = acc_1; ..; acc_1 = acc_3; }` moves the carried adjoint out and
//! clears it (`let d_acc_3 = d_acc_1; d_acc_1 = 0.0;`), then adds back what the
//! iteration's start gets (`d_acc_1 += d_acc_2;`). Where nothing else in the body reads
//! or assigns the carried variable, the clearing is left out and the start's adjoint is
//! the carried adjoint itself (`d_acc_1 = x * d_acc_3;`), as a person writes it.

use crate::ir::flow::{Block, Node};
use crate::ir::{GateOp, Operand, Tape, VarId};
use crate::plan::adjoints::BackwardNames;
use crate::plan::Plan;

/// The carried adjoints updated in place.
#[derive(Default)]
pub(crate) struct Carries {
    /// By slot: its adjoint is not cleared when the iteration's assignment is reversed,
    /// because the iteration's start overwrites it.
    pub(crate) kept: Vec<bool>,
    /// By variable: whether it is a start-of-iteration copy whose reversal overwrites
    /// the slot's adjoint (`d_acc_1 = d_acc_2;`).
    pub(crate) overwrites: Vec<bool>,
    /// By variable: the slot whose start-of-iteration copy this is; the copy's adjoint
    /// is the slot's, assigned by its first contribution.
    pub(crate) folded: Vec<Option<VarId>>,
    /// Adjoints that are the carried adjoint itself, by name, and their slots.
    merged: Vec<(proc_macro2::Ident, VarId)>,
    /// By slot: the value its iteration assigns, if the slot's adjoint is all its
    /// adjoint gets (`let d_y_2 = d_y;`): a first contribution of exactly that to the
    /// folded copy (`d_y = d_y_2;`) changes nothing.
    pub(crate) passed: Vec<Option<VarId>>,
}

impl Carries {
    pub(crate) fn find(tape: &Tape, plan: &Plan, names: &BackwardNames) -> Carries {
        let mut carries = Carries {
            kept: vec![false; tape.vars.len()],
            overwrites: vec![false; tape.vars.len()],
            folded: vec![None; tape.vars.len()],
            merged: Vec::new(),
            passed: vec![None; tape.vars.len()],
        };
        carries.visit(tape, plan, names, &tape.body);
        carries
    }

    fn visit(&mut self, tape: &Tape, plan: &Plan, names: &BackwardNames, block: &Block) {
        for node in &block.nodes {
            match node {
                Node::If(node) => {
                    self.visit(tape, plan, names, &node.then);
                    self.visit(tape, plan, names, &node.els);
                }
                Node::Loop(node) => {
                    self.visit(tape, plan, names, &node.body);
                    for (slot, _) in &node.carried {
                        self.carry(tape, plan, names, &node.body, *slot);
                    }
                }
                Node::Gate(_) | Node::Assign { .. } | Node::Break => {}
            }
        }
    }

    /// Checks one carried `slot` of the loop whose body is `body`.
    fn carry(
        &mut self,
        tape: &Tape,
        plan: &Plan,
        names: &BackwardNames,
        body: &Block,
        slot: VarId,
    ) {
        if !plan.live[slot] || tape.vars[slot].dims > 0 {
            return;
        }
        // The copy at the start and the one assignment, both direct nodes of the body.
        let copy = body.nodes.iter().position(|node| {
            matches!(node, Node::Gate(id) if matches!(tape.gates[*id].op, GateOp::Copy(s) if s == slot))
        });
        let assign = body
            .nodes
            .iter()
            .position(|node| matches!(node, Node::Assign { slot: s, .. } if *s == slot));
        let (Some(copy_at), Some(assign_at)) = (copy, assign) else {
            return;
        };
        let Node::Gate(copy_gate) = &body.nodes[copy_at] else {
            return;
        };
        let copy = tape.gates[*copy_gate].out;
        let Node::Assign { value, .. } = &body.nodes[assign_at] else {
            return;
        };
        if copy_at > assign_at || !plan.live[copy] || *value == Operand::Var(copy) {
            return;
        }
        // Nothing else reads or assigns the slot.
        let mut touches = 0;
        count_touches(tape, body, slot, &mut touches);
        if touches != 2 {
            return;
        }
        self.kept[slot] = true;
        self.overwrites[copy] = true;
        // The copy's adjoint may take the slot's name if nothing after the assignment
        // reads the copy (its contributions then all come after the slot's adjoint is
        // read) and the name is the copy's alone.
        let read_after = body.nodes[assign_at + 1..]
            .iter()
            .any(|node| reads_var(tape, node, copy));
        let name = &names.adjoints[copy];
        let shared = names.adjoints.iter().filter(|other| *other == name).count() > 1
            || names.parts.values().any(|part| part == name)
            || names.seed_parts.iter().any(|part| part == name);
        if !read_after && !shared {
            self.folded[copy] = Some(slot);
            if let Operand::Var(value) = *value {
                self.passed[slot] = (plan.contributions[value] == 1).then_some(value);
            }
        }
        // `acc_1 = acc_3` where `d_acc_3` is only the carried adjoint and the copy's is
        // an alias of it (`acc_3 = acc_2 + ..`): all three are one adjoint, `d_acc_1`.
        if let Operand::Var(value) = *value {
            let alias = &names.adjoints[value];
            if shared
                && *alias == *name
                && plan.contributions[value] == 1
                && !plan.hoisted[value]
                && tape.vars[value].dims == 0
                && !names.parts.values().any(|part| part == alias)
                && !names.seed_parts.iter().any(|part| part == alias)
            {
                self.merged.push((alias.clone(), slot));
            }
        }
    }

    /// Whether `slot`'s adjoint is merged with its iteration's: the loop leaves it as it
    /// is.
    pub(crate) fn is_merged(&self, slot: VarId) -> bool {
        self.merged.iter().any(|(_, merged)| *merged == slot)
    }

    /// `names` with each merged adjoint renamed to its slot's.
    pub(crate) fn rename(&self, names: &BackwardNames) -> BackwardNames {
        let mut renamed = names.clone();
        for (alias, slot) in &self.merged {
            let slot_name = names.adjoints[*slot].clone();
            for adjoint in &mut renamed.adjoints {
                if adjoint == alias {
                    *adjoint = slot_name.clone();
                }
            }
        }
        renamed
    }
}

/// Counts the nodes in `block` (nested ones included) that read or assign `slot`.
fn count_touches(tape: &Tape, block: &Block, slot: VarId, count: &mut usize) {
    for node in &block.nodes {
        match node {
            Node::Gate(id) if tape.reads(&tape.gates[*id]).contains(&slot) => *count += 1,
            Node::Assign { slot: s, value } if *s == slot || *value == Operand::Var(slot) => {
                *count += 1;
            }
            Node::If(node) => {
                if node.cond == Operand::Var(slot) {
                    *count += 1;
                }
                count_touches(tape, &node.then, slot, count);
                count_touches(tape, &node.els, slot, count);
            }
            Node::Loop(node) => {
                *count += node
                    .carried
                    .iter()
                    .filter(|(s, init)| *s == slot || *init == Operand::Var(slot))
                    .count();
                if let crate::ir::flow::Head::For { reads, .. } = &node.head {
                    *count += usize::from(reads.contains(&slot));
                }
                count_touches(tape, &node.body, slot, count);
            }
            Node::Gate(_) | Node::Assign { .. } | Node::Break => {}
        }
    }
}

/// Whether `node` (nested ones included) reads `var`.
fn reads_var(tape: &Tape, node: &Node, var: VarId) -> bool {
    let mut count = 0;
    match node {
        Node::Gate(id) => tape.reads(&tape.gates[*id]).contains(&var),
        Node::Assign { value, .. } => *value == Operand::Var(var),
        Node::If(node) => {
            count_touches(tape, &node.then, var, &mut count);
            count_touches(tape, &node.els, var, &mut count);
            node.cond == Operand::Var(var) || count > 0
        }
        Node::Loop(node) => {
            count_touches(tape, &node.body, var, &mut count);
            count > 0
                || node
                    .carried
                    .iter()
                    .any(|(_, init)| *init == Operand::Var(var))
        }
        Node::Break => false,
    }
}
