//! Where each part of the picture goes (a small Sugiyama layout). Inputs are a column
//! of names on the left; each gate sits in the column of its depth (one more than its
//! deepest input). A wire that skips columns passes each one in a lane of its own, so
//! it never runs through a gate. In each column, gates and lanes are ordered by the
//! average height of what feeds them and placed there unless that overlaps the one
//! above. A gate with `k` wires has `k` ports, [`PORT`] apart: each wire ends in a
//! straight run level with its port, its numbers above and below that run. Runs of a
//! column share their x range and every port and lane has its own height, so no two
//! labels overlap and no line crosses a gate, whatever the circuit.

use super::number::short;
use super::{Circuit, NodeKind};

/// Font size of names and operations.
pub(super) const FONT: f64 = 14.0;
/// Font size of values and gradients.
pub(super) const SMALL: f64 = 12.0;
/// Vertical distance between two ports (and two inputs, and two lanes).
pub(super) const PORT: f64 = 44.0;
/// Diameter of a gate's circle (labels wider than it fits get a rounded box).
pub(super) const GATE: f64 = 36.0;
/// Horizontal room for a wire's curve, from its source to its run.
const CURVE: f64 = 46.0;
/// Horizontal room between a run's end and the gate, where wires converge.
const STUB: f64 = 22.0;
/// Space around texts.
const PAD: f64 = 8.0;
const MARGIN: f64 = 16.0;

/// The width of `text` at font size `size`, estimated on the generous side (DejaVu
/// Sans digits are 0.64 em).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.64
}

/// The total gradient written beside a node where wires' gradients add up (a value
/// fanning out), or beside an input that nothing reads; empty elsewhere.
pub(super) fn total(circuit: &Circuit, fanout: &[usize], index: usize) -> String {
    let node = &circuit.nodes[index];
    if fanout[index] > 1 || (node.kind == NodeKind::Input && fanout[index] == 0) {
        format!("Σ {}", short(node.gradient))
    } else {
        String::new()
    }
}

/// A node's place: its centre (an input: the right end of its name).
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    pub(super) x: f64,
    pub(super) y: f64,
    /// Half the gate's width (0 for an input).
    pub(super) half: f64,
}

/// A drawn wire: wire `k` into node `to`.
pub(super) struct Path {
    pub(super) to: usize,
    pub(super) k: usize,
    /// Where it leaves its source.
    pub(super) start: (f64, f64),
    /// The lanes it passes through on the way: `(x0, x1, y)` each.
    pub(super) lanes: Vec<(f64, f64, f64)>,
    /// Its straight run, level with its port: from `run.0` to `run.1` at height `run.2`.
    pub(super) run: (f64, f64, f64),
    /// Where it enters the gate.
    pub(super) end: (f64, f64),
}

/// The whole picture's geometry.
pub(super) struct Layout {
    pub(super) width: f64,
    pub(super) height: f64,
    /// By node index; `None` for a node not drawn.
    pub(super) places: Vec<Option<Place>>,
    pub(super) paths: Vec<Path>,
    /// The output wire's run (`x0`, `x1`, `y`); its name goes after it.
    pub(super) output: Option<(f64, f64, f64)>,
    /// How many gates and inputs are not drawn.
    pub(super) hidden: (usize, usize),
    /// How many wires leave each node (all of them, drawn or not).
    pub(super) fanout: Vec<usize>,
}

/// What occupies a slot of a column: a node, or lane `lane` of drawn wire `wire`.
#[derive(Clone, Copy)]
enum Item {
    Node(usize),
    Lane { wire: usize, lane: usize },
}

impl Layout {
    pub(super) fn new(circuit: &Circuit) -> Layout {
        let nodes = &circuit.nodes;
        let drawn = circuit.drawn();
        let mut fanout = vec![0; nodes.len()];
        for node in nodes {
            for wire in &node.inputs {
                fanout[wire.from] += 1;
            }
        }
        // Columns by depth, and the wires drawn: (from, to, k).
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
        for (wire, &(from, to, _)) in wires.iter().enumerate() {
            for (lane, column) in (depth[from] + 1..depth[to]).enumerate() {
                columns[column].push(Item::Lane { wire, lane });
            }
        }
        let half = |index: usize| match nodes[index].kind {
            NodeKind::Input => 0.0,
            NodeKind::Gate => (text_width(&nodes[index].label, FONT) + 12.0).max(GATE) / 2.0,
        };
        // The widest label of the wires into each column.
        let mut labels = vec![0.0f64; count];
        for &(from, to, k) in &wires {
            let value = short(nodes[from].value);
            let gradient = short(circuit.wire_gradient(to, k));
            let width = text_width(&value, SMALL).max(text_width(&gradient, SMALL));
            labels[depth[to]] = labels[depth[to]].max(width);
        }
        // x: inputs' names end at `names`; each column after leaves room for the
        // curves, the runs and the stubs of the wires into it.
        let names = MARGIN
            + columns[0]
                .iter()
                .filter_map(|item| match item {
                    Item::Node(index) => Some(
                        text_width(&nodes[*index].label, FONT)
                            .max(text_width(&total(circuit, &fanout, *index), SMALL)),
                    ),
                    Item::Lane { .. } => None,
                })
                .fold(0.0, f64::max);
        let mut places: Vec<Option<Place>> = vec![None; nodes.len()];
        // Per column: the runs' x range, and its right edge (where wires leave).
        let mut runs = vec![(0.0, 0.0); count];
        let mut rights = vec![names + PAD / 2.0; count];
        for c in 1..count {
            let widest = columns[c]
                .iter()
                .filter_map(|item| match item {
                    Item::Node(index) => Some(half(*index)),
                    Item::Lane { .. } => None,
                })
                .fold(0.0, f64::max);
            let run_start = rights[c - 1] + CURVE;
            let run_end = run_start + labels[c] + 2.0 * PAD;
            runs[c] = (run_start, run_end);
            let x = run_end + STUB + widest;
            for item in &columns[c] {
                if let Item::Node(index) = *item {
                    places[index] = Some(Place {
                        x,
                        y: 0.0,
                        half: half(index),
                    });
                }
            }
            rights[c] = x + widest;
        }
        // y: inputs one per slot; then column by column, each item at the average
        // height of what feeds it, pushed down below the item above.
        let top = MARGIN + PORT / 2.0;
        let mut lane_y: Vec<Vec<f64>> = wires.iter().map(|_| Vec::new()).collect();
        let mut row = 0.0;
        for item in &columns[0] {
            if let Item::Node(index) = *item {
                places[index] = Some(Place {
                    x: names,
                    y: top + row * PORT,
                    half: 0.0,
                });
                row += 1.0;
            }
        }
        let mut bottom = top + PORT / 2.0 + (row - 1.0).max(0.0) * PORT;
        // Where wire `wire` is as it leaves the column before `lane`.
        let feed = |wire: usize, lane: usize, places: &[Option<Place>], lane_y: &[Vec<f64>]| {
            if lane == 0 {
                places[wires[wire].0].map_or(top, |place| place.y)
            } else {
                lane_y[wire][lane - 1]
            }
        };
        for column in columns.iter().skip(1) {
            let mut order: Vec<(f64, f64, Item)> = column
                .iter()
                .map(|&item| match item {
                    Item::Node(index) => {
                        let ys: Vec<f64> = ports[index]
                            .iter()
                            .map(|&wire| feed(wire, lane_y[wire].len(), &places, &lane_y))
                            .collect();
                        let wanted = if ys.is_empty() {
                            top
                        } else {
                            ys.iter().sum::<f64>() / ys.len() as f64
                        };
                        (wanted, ports[index].len().max(1) as f64 * PORT, item)
                    }
                    Item::Lane { wire, lane } => (feed(wire, lane, &places, &lane_y), PORT, item),
                })
                .collect();
            order.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut floor = MARGIN;
            for (wanted, span, item) in order {
                let y = wanted.max(floor + span / 2.0);
                floor = y + span / 2.0;
                bottom = bottom.max(floor);
                match item {
                    Item::Node(index) => {
                        if let Some(place) = &mut places[index] {
                            place.y = y;
                        }
                    }
                    Item::Lane { wire, .. } => lane_y[wire].push(y),
                }
            }
        }
        let mut paths = Vec::new();
        for (wire, &(from, to, k)) in wires.iter().enumerate() {
            let (Some(source), Some(target)) = (places[from], places[to]) else {
                continue;
            };
            let start = (source.x + source.half.max(PAD / 2.0), source.y);
            let lanes = lane_y[wire]
                .iter()
                .enumerate()
                .map(|(lane, &y)| {
                    let column = depth[from] + 1 + lane;
                    (runs[column].0, rights[column], y)
                })
                .collect();
            let port = ports[to].iter().position(|&w| w == wire).unwrap_or(0) as f64;
            let y = target.y + (port - (ports[to].len() as f64 - 1.0) / 2.0) * PORT;
            let (run_start, run_end) = runs[depth[to]];
            paths.push(Path {
                to,
                k,
                start,
                lanes,
                run: (run_start, run_end, y),
                end: (target.x - target.half, target.y),
            });
        }
        let right = rights[count - 1];
        let mut width = right + MARGIN;
        let output = circuit.output.and_then(|output| {
            let place = places[output]?;
            let value = short(nodes[output].value);
            let label = text_width(&value, SMALL).max(text_width("1", SMALL));
            let start = place.x + place.half;
            let end = start.max(right) + label + 2.0 * PAD + CURVE / 2.0;
            width = width.max(end + PAD + text_width(&circuit.name, FONT) + MARGIN);
            Some((start, end, place.y))
        });
        let hidden = |kind: NodeKind| {
            nodes
                .iter()
                .zip(&drawn)
                .filter(|(node, drawn)| node.kind == kind && !**drawn)
                .count()
        };
        let hidden = (hidden(NodeKind::Gate), hidden(NodeKind::Input));
        let note = if hidden.0 + hidden.1 > 0 { PORT } else { 0.0 };
        Layout {
            width,
            height: bottom + MARGIN + note,
            places,
            paths,
            output,
            hidden,
            fanout,
        }
    }
}
