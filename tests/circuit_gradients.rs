//! `f_circuit` records the run `f_grad` differentiates: its value is the function's,
//! and the gradient it accumulates over its recorded wires at each input equals
//! `f_grad`'s, for the notes' functions and for loops, branches, arrays, slices,
//! element stores, calls, `wrt` subsets, `f32` and methods. Where the circuit is the
//! only gradient under test, it is also checked against central differences and
//! num-dual (`common::check`).

mod common;

use backprop::{differentiate, sigmoid, Circuit};
use common::{check, dmax, dsigmoid};
use num_dual::{Dual64, DualNum};

/// Every input's gradient in the circuit, by name, in parameter order.
fn input_gradients(circuit: &Circuit) -> Vec<(String, f64)> {
    circuit
        .input_nodes()
        .map(|node| (node.label.to_string(), node.gradient))
        .collect()
}

/// The circuit's inputs are `expected` (name, gradient), each gradient within 1e-12
/// relative of `f_grad`'s (the circuit adds the same terms, perhaps in another order).
fn assert_inputs(name: &str, circuit: &Circuit, expected: &[(&str, f64)]) {
    assert_inputs_within(name, circuit, expected, 1e-12);
}

fn assert_inputs_within(name: &str, circuit: &Circuit, expected: &[(&str, f64)], rtol: f64) {
    let got = input_gradients(circuit);
    let names: Vec<&str> = got.iter().map(|(name, _)| name.as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, wanted, "{name}: inputs");
    for ((input, gradient), (_, want)) in got.iter().zip(expected) {
        let tolerance = rtol * want.abs().max(1.0);
        assert!(
            (gradient - want).abs() <= tolerance,
            "{name}: d/d{input} is {gradient} in the circuit, {want} from f_grad"
        );
    }
}

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

/// `2 * (x*y + max(z, w))`
#[differentiate(circuit)]
fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}

#[test]
fn the_notes_functions_match_their_gradients() {
    for &(x, y, z) in &[(-2.0, 5.0, -4.0), (0.5, 1.5, 2.0), (3.0, -1.0, 0.25)] {
        let circuit = add_mul_circuit(x, y, z);
        let (value, g) = add_mul_grad(x, y, z);
        assert_eq!(circuit.value(), Some(value));
        assert_eq!(value, add_mul(x, y, z));
        assert_inputs("add_mul", &circuit, &[("x", g.x), ("y", g.y), ("z", g.z)]);
    }
    for &w in &[[2.0, -3.0, -3.0], [0.5, 0.25, -1.0]] {
        let (x0, x1) = (-1.0, -2.0);
        let circuit = sigmoid_neuron_circuit(w[0], w[1], w[2], x0, x1);
        let (value, g) = sigmoid_neuron_grad(w[0], w[1], w[2], x0, x1);
        assert_eq!(
            circuit.value(),
            Some(sigmoid_neuron(w[0], w[1], w[2], x0, x1))
        );
        assert_eq!(circuit.value(), Some(value));
        let expected = [
            ("w0", g.w0),
            ("w1", g.w1),
            ("w2", g.w2),
            ("x0", g.x0),
            ("x1", g.x1),
        ];
        assert_inputs("sigmoid_neuron", &circuit, &expected);
    }
    for &(x, y) in &[(3.0, -4.0), (0.3, 0.7), (-1.5, 2.5)] {
        let circuit = staged_circuit(x, y);
        let (value, g) = staged_grad(x, y);
        assert_eq!(circuit.value(), Some(value));
        assert_inputs("staged", &circuit, &[("x", g.x), ("y", g.y)]);
        // The circuit's gradients on their own, against FD and num-dual.
        let grads: Vec<f64> = input_gradients(&circuit).iter().map(|(_, g)| *g).collect();
        check(
            "staged_circuit",
            &[x, y],
            value,
            &grads,
            |v| staged(v[0], v[1]),
            |v| {
                let (x, y) = (v[0], v[1]);
                (x + dsigmoid(y)) / (dsigmoid(x) + (x + y).powi(2))
            },
        );
    }
    for &(x, y, z, w) in &[(3.0, -4.0, 2.0, -1.0), (1.0, 2.0, -3.0, 0.5)] {
        let circuit = gate_figure_circuit(x, y, z, w);
        let (value, g) = gate_figure_grad(x, y, z, w);
        assert_eq!(circuit.value(), Some(gate_figure(x, y, z, w)));
        assert_eq!(circuit.value(), Some(value));
        let expected = [("x", g.x), ("y", g.y), ("z", g.z), ("w", g.w)];
        assert_inputs("gate_figure", &circuit, &expected);
    }
}

/// A loop with a data-dependent branch and a `while` that breaks: unrolled as it ran.
#[differentiate(circuit)]
fn iterate(x: f64, a: f64) -> f64 {
    let mut y = x;
    let mut steps = 0;
    while steps < 6 {
        if y > 1.0 {
            y = (y * a).sqrt();
        } else {
            y = y * y + a.tanh();
        }
        steps += 1;
        if y > 50.0 {
            break;
        }
    }
    y.max(0.5 * x)
}

fn iterate_twin(v: &[Dual64]) -> Dual64 {
    let (x, a) = (v[0], v[1]);
    let mut y = x;
    for _ in 0..6 {
        y = if y.re > 1.0 {
            (y * a).sqrt()
        } else {
            y * y + a.tanh()
        };
        if y.re > 50.0 {
            break;
        }
    }
    dmax(y, x * 0.5)
}

#[test]
fn loops_and_branches_unroll_with_the_same_gradient() {
    for &(x, a) in &[(0.3, 0.8), (2.0, 1.7), (1.2, 0.4), (-0.7, 2.2)] {
        let circuit = iterate_circuit(x, a);
        let (value, g) = iterate_grad(x, a);
        assert_eq!(circuit.value(), Some(value));
        assert_inputs("iterate", &circuit, &[("x", g.x), ("a", g.a)]);
        let grads: Vec<f64> = input_gradients(&circuit).iter().map(|(_, g)| *g).collect();
        check(
            "iterate_circuit",
            &[x, a],
            value,
            &grads,
            |v| iterate(v[0], v[1]),
            iterate_twin,
        );
        assert!(circuit.gate_count() >= 6, "six iterations, unrolled");
    }
}

/// Arrays, an in-place local array (element stores), and a `wrt` subset.
#[differentiate(wrt(x), circuit)]
fn prefix_products(x: [f64; 4], scale: f64) -> f64 {
    let mut p = [0.0; 4];
    p[0] = x[0];
    for i in 1..4 {
        p[i] = p[i - 1] * x[i];
    }
    let mut s = 0.0;
    for v in p {
        s += (v * scale).sin();
    }
    s
}

/// Slices, as the notes' logistic loss over data: only `w` is differentiated.
#[differentiate(wrt(w), circuit)]
fn logistic(w: &[f64], x: &[f64], y: f64) -> f64 {
    let mut z = 0.0;
    for i in 0..w.len() {
        z += w[i] * x[i];
    }
    -(sigmoid(y * z)).ln()
}

#[test]
fn arrays_slices_and_stores_match() {
    let x = [0.7, -1.3, 0.4, 2.1];
    let circuit = prefix_products_circuit(x, 0.8);
    let (value, g) = prefix_products_grad(x, 0.8);
    assert_eq!(circuit.value(), Some(prefix_products(x, 0.8)));
    assert_eq!(circuit.value(), Some(value));
    let expected: Vec<(String, f64)> = (0..4).map(|i| (format!("x[{i}]"), g.x[i])).collect();
    let expected: Vec<(&str, f64)> = expected.iter().map(|(n, g)| (n.as_str(), *g)).collect();
    assert_inputs("prefix_products", &circuit, &expected);

    let (w, data) = ([0.5, -0.25, 1.5], [1.0, 2.0, -0.5]);
    let circuit = logistic_circuit(&w, &data, 1.0);
    let mut d_w = [0.0; 3];
    let (value, _) = logistic_grad(&w, &data, 1.0, &mut d_w);
    assert_eq!(circuit.value(), Some(logistic(&w, &data, 1.0)));
    assert_eq!(circuit.value(), Some(value));
    assert_inputs(
        "logistic",
        &circuit,
        &[("w[0]", d_w[0]), ("w[1]", d_w[1]), ("w[2]", d_w[2])],
    );
}

/// A differentiated function called by one with `circuit`: drawn as one gate.
#[differentiate]
fn inner(a: f64, b: f64) -> f64 {
    a * b.exp()
}

#[differentiate(circuit)]
fn outer(x: f64, y: f64) -> f64 {
    let h = inner(x, y * y);
    h + x
}

#[test]
fn calls_are_one_gate_named_after_the_callee() {
    let circuit = outer_circuit(0.5, -0.75);
    let (value, g) = outer_grad(0.5, -0.75);
    assert_eq!(circuit.value(), Some(outer(0.5, -0.75)));
    assert_eq!(circuit.value(), Some(value));
    assert_eq!(inner(1.0, 0.0), 1.0);
    assert_inputs("outer", &circuit, &[("x", g.x), ("y", g.y)]);
    assert!(circuit.nodes.iter().any(|node| node.label == "inner"));
}

/// `f32` functions record their `f32` values, widened.
#[differentiate(circuit)]
fn soft(x: f32, y: f32) -> f32 {
    (x * y).tanh() + (x - y).exp()
}

#[test]
fn f32_functions_match() {
    let circuit = soft_circuit(0.5, -0.25);
    let (value, g) = soft_grad(0.5, -0.25);
    assert_eq!(circuit.value(), Some(f64::from(soft(0.5, -0.25))));
    assert_eq!(circuit.value(), Some(f64::from(value)));
    // `f_grad` adds up in f32, the circuit in f64.
    let expected = [("x", f64::from(g.x)), ("y", f64::from(g.y))];
    assert_inputs_within("soft", &circuit, &expected, 1e-6);
}

/// A method: fields are constants.
struct Spring {
    k: f64,
}

#[differentiate]
impl Spring {
    #[differentiate(circuit)]
    fn energy(&self, x: f64) -> f64 {
        0.5 * self.k * x * x
    }
}

#[test]
fn methods_have_circuits() {
    let spring = Spring { k: 3.0 };
    let circuit = spring.energy_circuit(0.5);
    let (value, g) = spring.energy_grad(0.5);
    assert_eq!(circuit.value(), Some(spring.energy(0.5)));
    assert_eq!(circuit.value(), Some(value));
    assert_inputs("Spring::energy", &circuit, &[("x", g.x)]);
    assert_eq!(circuit.name, "Spring::energy");
}
