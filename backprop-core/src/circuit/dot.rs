//! The circuit as a Graphviz graph, left to right: inputs as plain names, gates as
//! circles labelled with their operation, each edge with its value (green) over the
//! gradient flowing back along it (red), and an edge out to the function's name.

use super::number::{full, short};
use super::svg::escape;
use super::{Circuit, NodeKind};
use std::fmt::Write;

/// `circuit` in the DOT language.
pub(super) fn render(circuit: &Circuit) -> String {
    let drawn = circuit.drawn();
    let mut dot = String::new();
    let _ = writeln!(dot, "digraph \"{}\" {{", escape(&circuit.name));
    let _ = writeln!(dot, "  rankdir=LR;");
    let _ = writeln!(dot, "  node [fontname=\"sans-serif\"];");
    let _ = writeln!(
        dot,
        "  edge [fontname=\"sans-serif\", fontsize=10, arrowhead=none];"
    );
    for (index, node) in circuit.nodes.iter().enumerate() {
        if !drawn[index] {
            continue;
        }
        let shape = match node.kind {
            NodeKind::Input => "plaintext",
            NodeKind::Gate => "circle",
        };
        let _ = writeln!(
            dot,
            "  n{index} [label=\"{}\", shape={shape}, tooltip=\"value {}, gradient {}\"];",
            escape(&node.label),
            full(node.value),
            full(node.gradient)
        );
    }
    for (index, node) in circuit.nodes.iter().enumerate() {
        if !drawn[index] {
            continue;
        }
        for (k, wire) in node.inputs.iter().enumerate() {
            if drawn[wire.from] {
                let label = label(
                    circuit.nodes[wire.from].value,
                    circuit.wire_gradient(index, k),
                );
                let _ = writeln!(dot, "  n{} -> n{index} [label={label}];", wire.from);
            }
        }
    }
    if let Some(output) = circuit.output.filter(|&output| drawn[output]) {
        let _ = writeln!(
            dot,
            "  out [label=\"{}\", shape=plaintext];",
            escape(&circuit.name)
        );
        let label = label(circuit.nodes[output].value, 1.0);
        let _ = writeln!(dot, "  n{output} -> out [label={label}];");
    }
    let hidden = drawn.iter().filter(|&&drawn| !drawn).count();
    if hidden > 0 {
        let _ = writeln!(
            dot,
            "  more [label=\"... {hidden} more node{}\", shape=plaintext];",
            if hidden == 1 { "" } else { "s" }
        );
    }
    dot.push_str("}\n");
    dot
}

/// An edge's HTML label: the value in green over the gradient in red.
fn label(value: f64, gradient: f64) -> String {
    format!(
        "<<font color=\"#008000\">{}</font><br/><font color=\"#d00000\">{}</font>>",
        escape(&short(value)),
        escape(&short(gradient))
    )
}
