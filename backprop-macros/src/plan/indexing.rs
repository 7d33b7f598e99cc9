//! How the runs of values saved in a block are indexed: all the values a block saves
//! share one position per run, the loop's index where the loop counts from 0 (`saved[i]`),
//! its trip counter where it has one, else one counter for the block.

use crate::ir::flow::{Block, Head, Loop, Node};
use crate::ir::names::Namer;
use crate::ir::{GateOp, Operand, Tape, VarId};
use proc_macro2::{Ident, TokenStream};

/// The position of a block's run in the saved runs of its values.
#[derive(Clone)]
pub(crate) enum At {
    /// The body of a `for` over `0..` outside other loops: the loop's index (for a
    /// `for _`, a name the generated loops give it).
    Index { name: Ident },
    /// The body of a loop outside other loops that counts its trips: the forward pass
    /// counts a trip once the body's values are saved, the backward pass runs `trip`
    /// down from `trips`.
    Trips { trips: Ident, trip: Ident },
    /// A counter shared by the block's values: `len` counts the runs saved in fixed-size
    /// arrays (`None`: every value is pushed), `cursor` reads them back.
    Counter { len: Option<Ident>, cursor: Ident },
}

/// Whether the saved runs of a `for` loop's body can be indexed by its index (`index`;
/// `None`: a `for _`, indexed by an index the generated loops add): the range counts
/// from 0 by 1 (`0..n`, `0..=n`) and the index is a `usize`, because the body indexes
/// an array with it or the range ends at a `len()` (for an added index: at a literal).
pub(crate) fn indexes_by(tape: &Tape, index: Option<VarId>, range: &TokenStream) -> bool {
    let text = range.to_string().replace(' ', "");
    let Some(end) = text
        .strip_prefix("0..=")
        .or_else(|| text.strip_prefix("0.."))
    else {
        return false;
    };
    if end.contains("step_by") {
        return false;
    }
    let Some(index) = index else {
        return !end.is_empty() && end.chars().all(|c| c.is_ascii_digit() || c == '_');
    };
    let indexes = |indices: &[Operand]| indices.contains(&Operand::Var(index));
    end.ends_with(".len()")
        || tape.gates.iter().any(|gate| match &gate.op {
            GateOp::Index { indices, .. } | GateOp::Store { indices, .. } => indexes(indices),
            _ => false,
        })
}

/// The position of each block's runs (by block id); `arrays[block]`: whether some value
/// of the block is saved in a fixed-size array; `saves[block]`: whether it saves any.
pub(crate) fn indexing(
    tape: &Tape,
    cache: &[VarId],
    remat: &[bool],
    arrays: &[bool],
    saves: &[bool],
    namer: &mut Namer,
) -> Vec<Option<At>> {
    let mut loops = Vec::new();
    collect_loops(&tape.body, false, &mut loops);
    let mut at: Vec<Option<At>> = vec![None; tape.blocks.len()];
    for (id, position) in at.iter_mut().enumerate() {
        if !saves[id] {
            continue;
        }
        let outer = loops.iter().find(|(node, top)| *top && node.body.id == id);
        *position = Some(match outer.map(|(node, _)| *node) {
            Some(Loop {
                head: Head::For { index, range, .. },
                fixed_trips,
                ..
            }) if indexes_by(tape, *index, range)
                && is_replayed(outer, remat, fixed_trips.is_some()) =>
            {
                match index {
                    Some(index) => At::Index {
                        name: tape.vars[*index].name.clone(),
                    },
                    None => At::Index {
                        name: namer.fresh("i"),
                    },
                }
            }
            Some(node) if cache.contains(&node.trips) => At::Trips {
                trips: tape.vars[node.trips].name.clone(),
                trip: namer.fresh("trip"),
            },
            _ => At::Counter {
                len: arrays[id].then(|| namer.fresh("runs")),
                cursor: namer.fresh("run"),
            },
        });
    }
    at
}

/// Whether the backward pass runs the loop's range again: its index is recomputed, or
/// it has none and a trip count known at compile time.
fn is_replayed(outer: Option<&(&Loop, bool)>, remat: &[bool], fixed: bool) -> bool {
    let Some((node, _)) = outer else {
        return false;
    };
    node.replays_range()
        && match &node.head {
            Head::For {
                index: Some(index), ..
            } => remat[*index],
            Head::For { index: None, .. } => fixed,
            Head::Loop => false,
        }
}

/// Every loop, with whether it is outside all other loops.
fn collect_loops<'a>(block: &'a Block, looped: bool, into: &mut Vec<(&'a Loop, bool)>) {
    for node in &block.nodes {
        match node {
            Node::If(node) => {
                collect_loops(&node.then, looped, into);
                collect_loops(&node.els, looped, into);
            }
            Node::Loop(node) => {
                into.push((node, !looped));
                collect_loops(&node.body, true, into);
            }
            Node::Gate(_) | Node::Assign { .. } | Node::Break => {}
        }
    }
}
