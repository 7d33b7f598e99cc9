//! The SVG picture, written by hand: a white page, the wires (curves into straight
//! runs), the gates (circles, or rounded boxes for long labels), the inputs' names,
//! then the numbers: each wire's value above its run in green, the gradient flowing
//! back along it below in red, with a white halo so a crossing wire never hides them.

use super::layout::{total, Layout, FONT, GATE, PORT, SMALL};
use super::number::short;
use super::{Circuit, NodeKind};
use std::fmt::Write;

const INK: &str = "#333333";
const VALUE: &str = "#008000";
const GRADIENT: &str = "#d00000";

/// `circuit` drawn with `layout`.
pub(super) fn render(circuit: &Circuit, layout: &Layout) -> String {
    let (width, height) = (layout.width.ceil(), layout.height.ceil());
    let mut svg = String::new();
    let title = match circuit.value() {
        Some(value) => format!("{}: value {}", circuit.name, short(value)),
        None => format!("{}: a constant", circuit.name),
    };
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&title));
    let _ = writeln!(
        svg,
        r#"<rect width="{width}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(svg, r#"<g fill="none" stroke="{INK}" stroke-width="1.5">"#);
    for path in &layout.paths {
        let (mut x, mut y) = path.start;
        let mut d = format!("M{} {}", n(x), n(y));
        // A curve to each straight stretch (lanes, then the run), then into the gate.
        for &(x0, x1, y1) in path.lanes.iter().chain([&path.run]) {
            let bend = (x0 - x) / 2.0;
            let _ = write!(
                d,
                " C{} {} {} {} {} {} L{} {}",
                n(x + bend),
                n(y),
                n(x0 - bend),
                n(y1),
                n(x0),
                n(y1),
                n(x1),
                n(y1)
            );
            (x, y) = (x1, y1);
        }
        let _ = writeln!(
            svg,
            r#"<path d="{d} L{} {}"/>"#,
            n(path.end.0),
            n(path.end.1)
        );
    }
    if let Some((x0, x1, y)) = layout.output {
        let _ = writeln!(
            svg,
            r#"<path d="M{} {} L{} {}"/>"#,
            n(x0),
            n(y),
            n(x1),
            n(y)
        );
    }
    let _ = writeln!(svg, "</g>");
    for (index, node) in circuit.nodes.iter().enumerate() {
        let Some(place) = layout.places[index] else {
            continue;
        };
        let label = escape(&node.label);
        let baseline = place.y + FONT * 0.35;
        match node.kind {
            NodeKind::Input => {
                let _ = writeln!(
                    svg,
                    r#"<text x="{}" y="{}" font-size="{FONT}" text-anchor="end">{label}</text>"#,
                    n(place.x),
                    n(baseline)
                );
            }
            NodeKind::Gate if place.half * 2.0 <= GATE + 0.5 => {
                let _ = writeln!(
                    svg,
                    r#"<circle cx="{}" cy="{}" r="{}" fill="white" stroke="{INK}" stroke-width="1.5"/>"#,
                    n(place.x),
                    n(place.y),
                    n(GATE / 2.0)
                );
            }
            NodeKind::Gate => {
                let _ = writeln!(
                    svg,
                    r#"<rect x="{}" y="{}" width="{}" height="{GATE}" rx="{}" fill="white" stroke="{INK}" stroke-width="1.5"/>"#,
                    n(place.x - place.half),
                    n(place.y - GATE / 2.0),
                    n(place.half * 2.0),
                    n(GATE / 2.0)
                );
            }
        }
        if node.kind == NodeKind::Gate {
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" font-size="{FONT}" text-anchor="middle">{label}</text>"#,
                n(place.x),
                n(baseline)
            );
        }
        // Where a value fans out, the wires' gradients add up: write the sum too.
        let total = total(circuit, &layout.fanout, index);
        if !total.is_empty() {
            let (x, anchor, y) = match node.kind {
                NodeKind::Input => (place.x, "end", place.y + FONT * 0.35 + SMALL + 3.0),
                NodeKind::Gate => (
                    place.x + place.half + 3.0,
                    "start",
                    place.y + GATE / 2.0 + SMALL,
                ),
            };
            number(&mut svg, x, y, anchor, GRADIENT, &total);
        }
    }
    for path in &layout.paths {
        let (x0, x1, y) = path.run;
        let from = circuit.nodes[path.to].inputs[path.k].from;
        let value = short(circuit.nodes[from].value);
        let gradient = short(circuit.wire_gradient(path.to, path.k));
        wire_numbers(&mut svg, (x0 + x1) / 2.0, y, &value, &gradient);
    }
    if let (Some((x0, x1, y)), Some(output)) = (layout.output, circuit.output) {
        let value = short(circuit.nodes[output].value);
        wire_numbers(&mut svg, (x0 + x1) / 2.0, y, &value, &short(1.0));
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" font-size="{FONT}">{}</text>"#,
            n(x1 + 6.0),
            n(y + FONT * 0.35),
            escape(&circuit.name)
        );
    }
    let (gates, inputs) = layout.hidden;
    if gates + inputs > 0 {
        let mut note = format!("... {gates} more gate{}", if gates == 1 { "" } else { "s" });
        if inputs > 0 {
            let _ = write!(
                note,
                ", {inputs} more input{}",
                if inputs == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(
            svg,
            r#"<text x="16" y="{}" font-size="{FONT}" fill="{INK}">{}</text>"#,
            n(layout.height - PORT / 2.0),
            escape(&note)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// A wire's value above its run and its gradient below, centred at `x`.
fn wire_numbers(svg: &mut String, x: f64, y: f64, value: &str, gradient: &str) {
    number(svg, x, y - 5.0, "middle", VALUE, value);
    number(svg, x, y + 4.0 + SMALL * 0.8, "middle", GRADIENT, gradient);
}

/// A number in `color`, with a white halo.
fn number(svg: &mut String, x: f64, y: f64, anchor: &str, color: &str, text: &str) {
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" font-size="{SMALL}" text-anchor="{anchor}" fill="{color}" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"#,
        n(x),
        n(y),
        escape(text)
    );
}

/// A coordinate with at most one decimal.
fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// `text` safe inside an XML element or attribute.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
