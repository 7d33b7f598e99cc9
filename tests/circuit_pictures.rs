//! The pictures of the circuit: the SVG of the notes' first circuit carries the notes'
//! numbers, every picture parses and renders (resvg) to a non-blank image, no two
//! labels overlap, a long loop is cut at `max_gates` with a note, and the SVG and DOT
//! texts match the committed copies in `docs/circuit/` (the README shows them):
//! `BLESS=1 cargo test --test circuit_pictures` rewrites those after a deliberate change.

use backprop::{differentiate, sigmoid, Circuit};
use std::path::Path;

/// `f = (x + y) * z`
#[differentiate(circuit)]
fn add_mul(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}

/// `σ(w0*x0 + w1*x1 + w2)`
#[differentiate(circuit)]
fn sigmoid_neuron(w0: f64, w1: f64, w2: f64, x0: f64, x1: f64) -> f64 {
    let dot = w0 * x0 + w1 * x1 + w2;
    sigmoid(dot)
}

/// The same neuron over arrays.
#[differentiate(circuit)]
fn neuron_arrays(w: [f64; 3], x: [f64; 2]) -> f64 {
    sigmoid(w[0] * x[0] + w[1] * x[1] + w[2])
}

/// `f = (x + σ(y)) / (σ(x) + (x + y)²)`, staged as the notes stage it.
#[differentiate(circuit)]
fn staged(x: f64, y: f64) -> f64 {
    let sigy = sigmoid(y);
    let num = x + sigy;
    let sigx = sigmoid(x);
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    num * invden
}

/// A multiply gate.
#[differentiate(circuit)]
fn mul_gate(x: f64, y: f64) -> f64 {
    x * y
}

/// A max gate.
#[differentiate(circuit)]
fn max_gate(x: f64, y: f64) -> f64 {
    x.max(y)
}

/// `2 * (x*y + max(z, w))`
#[differentiate(circuit)]
fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}

/// A small three-unit layer and a squared error: about 30 gates.
#[differentiate(circuit)]
fn layer(w: [[f64; 3]; 3], x: [f64; 3], target: f64) -> f64 {
    let mut out = 0.0;
    for row in w {
        let z: f64 = row.iter().zip(x).map(|(a, b)| a * b).sum();
        out += z.tanh();
    }
    let error = out - target;
    error * error
}

/// Horner's rule run long: more gates than a picture draws.
#[differentiate(circuit)]
fn long_horner(x: f64, c: f64) -> f64 {
    let mut acc = 1.0;
    for _ in 0..60 {
        acc = acc * x + c;
    }
    acc
}

/// The notes' worked examples at the notes' points, by file name.
fn notes_circuits() -> Vec<Circuit> {
    vec![
        add_mul_circuit(-2.0, 5.0, -4.0),
        sigmoid_neuron_circuit(2.0, -3.0, -3.0, -1.0, -2.0),
        neuron_arrays_circuit([2.0, -3.0, -3.0], [-1.0, -2.0]),
        staged_circuit(3.0, -4.0),
        mul_gate_circuit(3.0, -4.0),
        max_gate_circuit(4.0, 2.0),
        gate_figure_circuit(3.0, -4.0, 2.0, -1.0),
    ]
}

/// The texts of the SVG in `color`, in document order.
fn texts_in(svg: &str, color: &str) -> Vec<String> {
    texts(svg)
        .into_iter()
        .filter(|text| text.fill.as_deref() == Some(color))
        .map(|text| text.content)
        .collect()
}

/// A `<text>` element: its position, size, anchor, colour and content.
struct Text {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    fill: Option<String>,
    content: String,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(tag[start..end].to_owned())
}

fn texts(svg: &str) -> Vec<Text> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|rest| {
            let (tag, rest) = rest.split_once('>')?;
            let tag = format!(" {tag}");
            let number = |name| attribute(&tag, name)?.parse::<f64>().ok();
            Some(Text {
                x: number("x")?,
                y: number("y")?,
                size: number("font-size")?,
                anchor: attribute(&tag, "text-anchor").unwrap_or_else(|| "start".into()),
                fill: attribute(&tag, "fill"),
                content: rest.split_once("</text>")?.0.to_owned(),
            })
        })
        .collect()
}

#[test]
fn circuits_are_worth_what_the_functions_are() {
    let values: Vec<Option<f64>> = notes_circuits().iter().map(Circuit::value).collect();
    let expected = [
        add_mul(-2.0, 5.0, -4.0),
        sigmoid_neuron(2.0, -3.0, -3.0, -1.0, -2.0),
        neuron_arrays([2.0, -3.0, -3.0], [-1.0, -2.0]),
        staged(3.0, -4.0),
        mul_gate(3.0, -4.0),
        max_gate(4.0, 2.0),
        gate_figure(3.0, -4.0, 2.0, -1.0),
    ];
    assert_eq!(values, expected.map(Some));
}

#[test]
fn the_first_circuit_carries_the_notes_numbers() {
    let svg = add_mul_circuit(-2.0, 5.0, -4.0).to_svg();
    // Values above the wires: x, y, then q = 3 and z into `*`, then the output.
    let mut values = texts_in(&svg, "#008000");
    values.sort();
    assert_eq!(values, ["-12", "-2", "-4", "3", "5"]);
    // Gradients below: -4 to x, y and q, 3 to z, 1 at the output.
    let mut gradients = texts_in(&svg, "#d00000");
    gradients.sort();
    assert_eq!(gradients, ["-4", "-4", "-4", "1", "3"]);
    for name in ["x", "y", "z", "add_mul", "+", "*"] {
        assert!(
            texts(&svg).iter().any(|text| text.content == name),
            "label {name}"
        );
    }
}

/// Text boxes, estimated generously (0.62 em a character, the font size tall).
fn boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    texts(svg)
        .into_iter()
        .map(|text| {
            let width = text.content.chars().count() as f64 * text.size * 0.62;
            let left = match text.anchor.as_str() {
                "middle" => text.x - width / 2.0,
                "end" => text.x - width,
                _ => text.x,
            };
            let top = text.y - text.size * 0.8;
            (
                left,
                top,
                left + width,
                text.y + text.size * 0.2,
                text.content,
            )
        })
        .collect()
}

#[test]
fn labels_do_not_overlap() {
    let mut circuits = notes_circuits();
    let w = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.6], [-0.4, 0.2, 0.9]];
    let x = [1.0, 2.0, -1.5];
    let big = layer_circuit(w, x, 0.25);
    assert_eq!(big.value(), Some(layer(w, x, 0.25)));
    // Per unit: 3 products, 3 sums (from 0.0), tanh and the sum over units; then the
    // error and its square.
    assert_eq!(big.gate_count(), 26);
    circuits.push(big);
    for circuit in circuits {
        let svg = circuit.to_svg();
        let boxes = boxes(&svg);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap = a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3;
                assert!(!overlap, "{}: `{}` overlaps `{}`", circuit.name, a.4, b.4);
            }
        }
    }
}

#[test]
fn a_long_loop_is_cut_with_a_note() {
    let circuit = long_horner_circuit(0.9, 0.1);
    assert_eq!(circuit.gate_count(), 120);
    let (value, g) = long_horner_grad(0.9, 0.1);
    assert_eq!(circuit.value(), Some(long_horner(0.9, 0.1)));
    assert_eq!(circuit.value(), Some(value));
    let tolerance = |want: f64| 1e-12 * want.abs().max(1.0);
    assert!((circuit.gradient("x").unwrap_or(f64::NAN) - g.x).abs() <= tolerance(g.x));
    assert!((circuit.gradient("c").unwrap_or(f64::NAN) - g.c).abs() <= tolerance(g.c));
    let svg = circuit.to_svg();
    assert!(svg.contains("... 80 more gates"), "the note");
    assert_eq!(svg.matches("<circle").count(), 40, "max_gates gates drawn");
    let mut small = circuit.clone();
    small.max_gates = 10;
    assert!(small.to_svg().contains("... 110 more gates"));
    assert!(small.to_dot().contains("... 110 more nodes"));
}

/// resvg's options with the system's fonts, `sans-serif` being the first family found
/// (resvg's default, Arial, may be missing); and whether there is any font.
fn options() -> (resvg::usvg::Options<'static>, bool) {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let family = options
        .fontdb
        .faces()
        .find_map(|face| face.families.first().map(|(name, _)| name.clone()));
    let found = family.is_some();
    if let Some(family) = family {
        options.fontdb_mut().set_sans_serif_family(family);
    }
    (options, found)
}

/// Renders `svg` with resvg; returns (pixels not white, green pixels, red pixels).
fn render(svg: &str) -> (usize, usize, usize) {
    let (options, _) = options();
    let tree = resvg::usvg::Tree::from_str(svg, &options).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a non-empty image");
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    let mut counts = (0, 0, 0);
    for pixel in pixmap.pixels() {
        let (r, g, b) = (pixel.red(), pixel.green(), pixel.blue());
        counts.0 += usize::from((r, g, b) != (255, 255, 255));
        counts.1 += usize::from(g > 100 && r < 100 && b < 100);
        counts.2 += usize::from(r > 150 && g < 100 && b < 100);
    }
    counts
}

#[test]
fn pictures_render_non_blank() {
    for circuit in notes_circuits() {
        let (ink, green, red) = render(&circuit.to_svg());
        let (_, fonts) = options();
        // Wires and gates alone ink well over 500 pixels; numbers only with a font.
        assert!(ink > 500, "{}: {ink} pixels drawn", circuit.name);
        if fonts {
            assert!(green > 20 && red > 20, "{}: numbers drawn", circuit.name);
        }
    }
}

/// `actual` equals the committed `docs/circuit/<file>`; `BLESS=1` rewrites it.
fn snapshot(file: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/circuit")
        .join(file);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the picture drawn now; if the change is meant, re-bless with BLESS=1 cargo test --test circuit_pictures and look at the pictures",
        path.display()
    );
}

#[test]
fn svg_and_dot_match_the_committed_pictures() {
    for circuit in notes_circuits() {
        snapshot(&format!("{}.svg", circuit.name), &circuit.to_svg());
    }
    snapshot("add_mul.dot", &add_mul_circuit(-2.0, 5.0, -4.0).to_dot());
}
