//! The graph a picture draws: the nodes drawn, the wires between them, each node's
//! column (its depth: one more than its deepest input's), and what occupies each
//! column: its nodes, and a lane for each wire passing through it.

use super::{Circuit, NodeKind};

/// What occupies a slot of a column: a node, or lane `lane` of drawn wire `wire`.
#[derive(Clone, Copy)]
pub(super) enum Item {
    Node(usize),
    Lane { wire: usize, lane: usize },
}

/// The drawn graph.
pub(super) struct Graph {
    /// Each node's column (0 for inputs).
    pub(super) depth: Vec<usize>,
    /// The drawn wires: `(from, to, k)`, wire `k` into node `to`.
    pub(super) wires: Vec<(usize, usize, usize)>,
    /// For each node, the indices in `wires` of the wires drawn into it, top to bottom.
    pub(super) ports: Vec<Vec<usize>>,
    /// Each column's items; the inputs' column in the order they are drawn.
    pub(super) columns: Vec<Vec<Item>>,
}

impl Graph {
    /// The graph of the nodes `drawn`.
    pub(super) fn new(circuit: &Circuit, drawn: &[bool]) -> Graph {
        let nodes = &circuit.nodes;
        let mut depth = vec![0usize; nodes.len()];
        let mut ports: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut wires: Vec<(usize, usize, usize)> = Vec::new();
        for (index, node) in nodes.iter().enumerate() {
            if !drawn[index] || node.kind == NodeKind::Input {
                continue;
            }
            for (k, wire) in node.inputs.iter().enumerate() {
                if drawn[wire.from] {
                    ports[index].push(wires.len());
                    wires.push((wire.from, index, k));
                }
            }
            depth[index] = 1 + node
                .inputs
                .iter()
                .filter(|wire| drawn[wire.from])
                .map(|wire| depth[wire.from])
                .max()
                .unwrap_or(0);
        }
        let count = (0..nodes.len())
            .filter(|&i| drawn[i])
            .map(|i| depth[i] + 1)
            .max()
            .unwrap_or(1);
        let mut columns: Vec<Vec<Item>> = vec![Vec::new(); count];
        for index in (0..nodes.len()).filter(|&i| drawn[i]) {
            columns[depth[index]].push(Item::Node(index));
        }
        // Inputs in the order of the first gate reading them (then parameter order), so
        // that inputs meeting at a gate sit together, as the notes draw `w0, x0, w1, ..`.
        let first_reader = |index: usize| {
            wires
                .iter()
                .find(|wire| wire.0 == index)
                .map_or(usize::MAX, |wire| wire.1)
        };
        columns[0].sort_by_key(|item| match *item {
            Item::Node(index) => (first_reader(index), index),
            Item::Lane { .. } => (usize::MAX, usize::MAX),
        });
        for (wire, &(from, to, _)) in wires.iter().enumerate() {
            for (lane, column) in (depth[from] + 1..depth[to]).enumerate() {
                columns[column].push(Item::Lane { wire, lane });
            }
        }
        Graph {
            depth,
            wires,
            ports,
            columns,
        }
    }
}
