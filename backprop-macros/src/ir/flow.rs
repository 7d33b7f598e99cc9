//! Control flow in the IR: blocks of nodes, where a node is a gate, a slot
//! assignment, an `if` or a loop. Lowering normalizes `break`, `continue` and early
//! `return` so that a jump only ever ends a path (the statements after a diverging
//! `if` move into its other branch); so every node of a block runs whenever the block
//! does, which is what lets the backward pass replay a block in reverse.

use crate::ir::{Gate, Operand, Tape, VarId};
use proc_macro2::TokenStream;
use std::fmt;

/// Index of a block in [`Tape::blocks`].
pub(crate) type BlockId = usize;
/// Index of a gate in [`Tape::gates`].
pub(crate) type GateId = usize;

/// A sequence of nodes run in order.
#[derive(Default)]
pub(crate) struct Block {
    pub(crate) id: BlockId,
    pub(crate) nodes: Vec<Node>,
}

/// Where a block sits: what the backward pass needs to replay its saved values.
pub(crate) struct BlockInfo {
    /// How many times the block can run per call: `Some(n)` when every enclosing loop
    /// has a trip count known at compile time, `None` when some loop's is not.
    pub(crate) runs: Option<Count>,
    /// The block it is nested in (`None` for the function body).
    pub(crate) parent: Option<BlockId>,
    /// Whether it is a loop's body.
    pub(crate) looped: bool,
}

impl Tape {
    /// Whether `inner` is `outer` or nested in it.
    pub(crate) fn within(&self, inner: BlockId, outer: BlockId) -> bool {
        let mut at = Some(inner);
        while let Some(current) = at {
            if current == outer {
                return true;
            }
            at = self.blocks[current].parent;
        }
        false
    }
}

/// A number known at compile time: a literal count, or a constant expression over
/// `const` items (`N`, `usize::saturating_sub(N, 1)`), fit for an array length.
#[derive(Clone, Debug)]
pub(crate) enum Count {
    Known(usize),
    Const(proc_macro2::TokenStream),
}

impl Count {
    /// `self * other`, folded when both are literal.
    pub(crate) fn times(&self, other: &Count) -> Option<Count> {
        match (self, other) {
            (Count::Known(a), Count::Known(b)) => a.checked_mul(*b).map(Count::Known),
            (Count::Known(1), other) | (other, Count::Known(1)) => Some(other.clone()),
            (a, b) => {
                let (a, b) = (a.tokens(), b.tokens());
                Some(Count::Const(quote::quote!(#a * #b)))
            }
        }
    }

    /// The count as an expression.
    pub(crate) fn tokens(&self) -> proc_macro2::TokenStream {
        match self {
            Count::Known(count) => {
                quote::ToTokens::into_token_stream(proc_macro2::Literal::usize_unsuffixed(*count))
            }
            Count::Const(tokens) => tokens.clone(),
        }
    }
}

/// A variable assigned at control-flow joins (the only kind assigned more than once).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Slot {
    /// Joins the branches of an `if`: assigned once per run, on each path.
    Merge,
    /// A loop-carried variable: assigned before the loop and at the end of each
    /// iteration's path.
    Carry,
}

/// One step of a block.
pub(crate) enum Node {
    Gate(GateId),
    /// `slot = value;`
    Assign {
        slot: VarId,
        value: Operand,
    },
    If(Box<If>),
    Loop(Box<Loop>),
    /// `break;` out of the innermost loop, ending the path.
    Break,
}

/// `if cond { then } else { els }`; `merges` are declared before it.
pub(crate) struct If {
    pub(crate) cond: Operand,
    pub(crate) then: Block,
    pub(crate) els: Block,
    pub(crate) merges: Vec<VarId>,
}

/// A loop: `for pat in range { body }` or `loop { body }` (a `while` is a `loop`
/// whose body starts with `if cond {} else { break }`).
pub(crate) struct Loop {
    pub(crate) head: Head,
    pub(crate) body: Block,
    /// Loop-carried variables: their slots and initial values.
    pub(crate) carried: Vec<(VarId, Operand)>,
    /// Counts the iterations run, for the backward pass (defined after the loop).
    pub(crate) trips: VarId,
    /// The trip count, when it is a compile-time constant and nothing breaks out
    /// early: the backward pass then needs no counter.
    pub(crate) fixed_trips: Option<Count>,
}

impl Loop {
    /// Whether the backward pass can run the loop's range again, reversed: a `for`
    /// over a range that nothing breaks out of (`(a..=b).step_by(k)` cannot be
    /// reversed for `usize`, so it is excluded).
    pub(crate) fn replays_range(&self) -> bool {
        match &self.head {
            Head::For { range, .. } => {
                let text = range.to_string();
                let irreversible = text.contains("step_by") && text.contains("..=");
                !breaks(&self.body) && !irreversible
            }
            Head::Loop => false,
        }
    }
}

/// The initial value of the loop-carried `slot`, found in the loop that carries it.
pub(crate) fn carried_init(block: &Block, slot: VarId) -> Option<VarId> {
    block.nodes.iter().find_map(|node| match node {
        Node::Loop(looped) => looped
            .carried
            .iter()
            .find(|(carried, _)| *carried == slot)
            .and_then(|(_, init)| init.var())
            .or_else(|| carried_init(&looped.body, slot)),
        Node::If(branch) => {
            carried_init(&branch.then, slot).or_else(|| carried_init(&branch.els, slot))
        }
        Node::Gate(_) | Node::Assign { .. } | Node::Break => None,
    })
}

/// Whether `block` can `break` out of its loop (not counting nested loops' breaks).
pub(crate) fn breaks(block: &Block) -> bool {
    block.nodes.iter().any(|node| match node {
        Node::Break => true,
        Node::If(node) => breaks(&node.then) || breaks(&node.els),
        Node::Gate(_) | Node::Assign { .. } | Node::Loop(_) => false,
    })
}

/// How a loop iterates.
pub(crate) enum Head {
    /// `for index in range`; the index is a constant variable of the body.
    For {
        index: Option<VarId>,
        range: TokenStream,
        /// The variables the range reads.
        reads: Vec<VarId>,
    },
    /// `loop`
    Loop,
}

impl Tape {
    /// The gate defining `var`, if any. A binary search: each gate defines a new
    /// variable when it is pushed (`Lowerer::push_gate`), so `out` increases with
    /// the gate's index.
    pub(crate) fn defining_gate(&self, var: VarId) -> Option<&Gate> {
        let index = self
            .gates
            .binary_search_by_key(&var, |gate| gate.out)
            .ok()?;
        self.gates.get(index)
    }
}

/// Prints `block` as indented staged code.
pub(crate) fn write_block(
    tape: &Tape,
    block: &Block,
    depth: usize,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let pad = "    ".repeat(depth);
    let name = |var: VarId| tape.vars[var].name.to_string();
    for node in &block.nodes {
        match node {
            Node::Gate(id) => {
                let gate = &tape.gates[*id];
                let var = &tape.vars[gate.out];
                let mark = if var.active { "" } else { "  (constant)" };
                writeln!(f, "{pad}{} = {}{mark}", var.name, tape.describe(gate))?;
            }
            Node::Assign { slot, value } => {
                writeln!(f, "{pad}{} := {}", name(*slot), tape.operand_tokens(*value))?;
            }
            Node::If(node) => {
                writeln!(f, "{pad}if {} {{", tape.operand_tokens(node.cond))?;
                write_block(tape, &node.then, depth + 1, f)?;
                writeln!(f, "{pad}}} else {{")?;
                write_block(tape, &node.els, depth + 1, f)?;
                writeln!(f, "{pad}}}")?;
            }
            Node::Loop(node) => {
                for (slot, init) in &node.carried {
                    writeln!(f, "{pad}{} := {}", name(*slot), tape.operand_tokens(*init))?;
                }
                match &node.head {
                    Head::For { index, range, .. } => {
                        let index = index.map_or("_".to_owned(), name);
                        writeln!(f, "{pad}for {index} in {range} {{")?;
                    }
                    Head::Loop => writeln!(f, "{pad}loop {{")?,
                }
                write_block(tape, &node.body, depth + 1, f)?;
                writeln!(f, "{pad}}}")?;
            }
            Node::Break => writeln!(f, "{pad}break")?,
        }
    }
    Ok(())
}
