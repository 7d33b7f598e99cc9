//! Where each part of the picture goes (a small Sugiyama layout). Inputs are a column
//! of names on the left; each gate sits in the column of its depth (one more than its
//! deepest input). A wire that skips columns passes each one in a lane of its own, so
//! it never runs through a gate. In each column, gates and lanes are ordered by the
//! average height of what feeds them and placed there unless that overlaps the one
//! above. A gate with `k` wires has `k` ports, [`PORT`] apart: each wire ends in a
//! straight run level with its port, its numbers above and below that run. Runs of a
//! column share their x range and every port and lane has its own height, so no two
//! labels overlap and no line crosses a gate, whatever the circuit.

use super::graph::{Graph, Item};
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
        let graph = Graph::new(circuit, &drawn);
        let mut places: Vec<Option<Place>> = vec![None; nodes.len()];
        let columns = place_x(circuit, &graph, &fanout, &mut places);
        let (lanes, bottom) = place_y(&graph, &mut places);
        let paths = route(&graph, &places, &lanes, &columns);
        let right = columns.last().map_or(0.0, |column| column.right);
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

/// A column's x geometry: the runs of the wires into it, and its right edge (where
/// wires leave it).
#[derive(Clone, Copy)]
struct Column {
    runs: (f64, f64),
    right: f64,
}

/// x: inputs' names end at the same x; each column after leaves room for the curves,
/// the runs (as wide as the widest number on them) and the stubs of the wires into it.
/// Sets every node's `x` and `half`.
fn place_x(
    circuit: &Circuit,
    graph: &Graph,
    fanout: &[usize],
    places: &mut [Option<Place>],
) -> Vec<Column> {
    let nodes = &circuit.nodes;
    let count = graph.columns.len();
    let half = |index: usize| match nodes[index].kind {
        NodeKind::Input => 0.0,
        NodeKind::Gate => (text_width(&nodes[index].label, FONT) + 12.0).max(GATE) / 2.0,
    };
    let mut labels = vec![0.0f64; count];
    for &(from, to, k) in &graph.wires {
        let value = short(nodes[from].value);
        let gradient = short(circuit.wire_gradient(to, k));
        let width = text_width(&value, SMALL).max(text_width(&gradient, SMALL));
        labels[graph.depth[to]] = labels[graph.depth[to]].max(width);
    }
    let node_items = |column: &[Item]| -> Vec<usize> {
        column
            .iter()
            .filter_map(|item| match *item {
                Item::Node(index) => Some(index),
                Item::Lane { .. } => None,
            })
            .collect()
    };
    let names = MARGIN
        + node_items(&graph.columns[0])
            .into_iter()
            .map(|index| {
                text_width(&nodes[index].label, FONT)
                    .max(text_width(&total(circuit, fanout, index), SMALL))
            })
            .fold(0.0, f64::max);
    for index in node_items(&graph.columns[0]) {
        places[index] = Some(Place {
            x: names,
            y: 0.0,
            half: 0.0,
        });
    }
    let mut columns = vec![
        Column {
            runs: (0.0, 0.0),
            right: names + PAD / 2.0,
        };
        count
    ];
    for c in 1..count {
        let gates = node_items(&graph.columns[c]);
        let widest = gates.iter().map(|&index| half(index)).fold(0.0, f64::max);
        let run_start = columns[c - 1].right + CURVE;
        let run_end = run_start + labels[c] + 2.0 * PAD;
        let x = run_end + STUB + widest;
        for index in gates {
            places[index] = Some(Place {
                x,
                y: 0.0,
                half: half(index),
            });
        }
        columns[c] = Column {
            runs: (run_start, run_end),
            right: x + widest,
        };
    }
    columns
}

/// y: inputs one per slot; then column by column, each gate or lane at the average
/// height of what feeds it, pushed down below the one above. Sets every node's `y`;
/// returns the heights of each wire's lanes, and the lowest point drawn.
fn place_y(graph: &Graph, places: &mut [Option<Place>]) -> (Vec<Vec<f64>>, f64) {
    let top = MARGIN + PORT / 2.0;
    let mut lanes: Vec<Vec<f64>> = graph.wires.iter().map(|_| Vec::new()).collect();
    let mut row = 0.0;
    for item in &graph.columns[0] {
        if let Item::Node(index) = *item {
            if let Some(place) = &mut places[index] {
                place.y = top + row * PORT;
            }
            row += 1.0;
        }
    }
    let mut bottom = top + PORT / 2.0 + (row - 1.0).max(0.0) * PORT;
    // Where wire `wire` is as it leaves the column before its lane `lane`.
    let feed = |wire: usize, lane: usize, places: &[Option<Place>], lanes: &[Vec<f64>]| {
        if lane == 0 {
            places[graph.wires[wire].0].map_or(top, |place| place.y)
        } else {
            lanes[wire][lane - 1]
        }
    };
    for column in graph.columns.iter().skip(1) {
        let mut order: Vec<(f64, f64, Item)> = column
            .iter()
            .map(|&item| match item {
                Item::Node(index) => {
                    let ports = &graph.ports[index];
                    let ys: Vec<f64> = ports
                        .iter()
                        .map(|&wire| feed(wire, lanes[wire].len(), places, &lanes))
                        .collect();
                    let wanted = if ys.is_empty() {
                        top
                    } else {
                        ys.iter().sum::<f64>() / ys.len() as f64
                    };
                    (wanted, ports.len().max(1) as f64 * PORT, item)
                }
                Item::Lane { wire, lane } => (feed(wire, lane, places, &lanes), PORT, item),
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
                Item::Lane { wire, .. } => lanes[wire].push(y),
            }
        }
    }
    (lanes, bottom)
}

/// Each drawn wire: from its source's right edge, through its lanes, to the run
/// level with its port, and into the gate.
fn route(
    graph: &Graph,
    places: &[Option<Place>],
    lanes: &[Vec<f64>],
    columns: &[Column],
) -> Vec<Path> {
    let mut paths = Vec::new();
    for (wire, &(from, to, k)) in graph.wires.iter().enumerate() {
        let (Some(source), Some(target)) = (places[from], places[to]) else {
            continue;
        };
        let passes = lanes[wire]
            .iter()
            .enumerate()
            .map(|(lane, &y)| {
                let column = columns[graph.depth[from] + 1 + lane];
                (column.runs.0, column.right, y)
            })
            .collect();
        let ports = &graph.ports[to];
        let port = ports.iter().position(|&w| w == wire).unwrap_or(0) as f64;
        let y = target.y + (port - (ports.len() as f64 - 1.0) / 2.0) * PORT;
        let (run_start, run_end) = columns[graph.depth[to]].runs;
        paths.push(Path {
            to,
            k,
            start: (source.x + source.half.max(PAD / 2.0), source.y),
            lanes: passes,
            run: (run_start, run_end, y),
            end: (target.x - target.half, target.y),
        });
    }
    paths
}
