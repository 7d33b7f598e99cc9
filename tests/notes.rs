//! Every figure of the CS231n notes (shared/seed/NOTES.md), asserted to 1e-12 through
//! `_grad`, through `_forward` + `_backward` with a non-unit `d_out`, and with `wrt`
//! subsets.

use backprop::{differentiate, sigmoid};

const TOL: f64 = 1e-12;

#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= TOL,
        "got {actual}, the notes give {expected}"
    );
}

/// `f = (x + y) * z`
#[differentiate]
fn add_mul(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}

#[test]
fn add_mul_circuit() {
    let (value, g) = add_mul_grad(-2.0, 5.0, -4.0);
    close(value, -12.0);
    close(g.x, -4.0);
    close(g.y, -4.0);
    close(g.z, 3.0);
    assert_eq!(value, add_mul(-2.0, 5.0, -4.0));
}

/// `σ(w0*x0 + w1*x1 + w2)`
#[differentiate]
fn sigmoid_neuron(w0: f64, w1: f64, w2: f64, x0: f64, x1: f64) -> f64 {
    let dot = w0 * x0 + w1 * x1 + w2;
    sigmoid(dot)
}

#[test]
fn sigmoid_neuron_figures() {
    let (value, g) = sigmoid_neuron_grad(2.0, -3.0, -3.0, -1.0, -2.0);
    close(value, 0.7310585786300049);
    close(g.w0, -0.19661193324148185);
    close(g.w1, -0.3932238664829637);
    close(g.w2, 0.19661193324148185);
    close(g.x0, 0.3932238664829637);
    close(g.x1, -0.5898357997244456);
}

/// The neuron with the inputs as constants: only the weights are differentiated.
#[differentiate(wrt(w0, w1, w2))]
fn neuron_weights(w0: f64, w1: f64, w2: f64, x0: f64, x1: f64) -> f64 {
    sigmoid(w0 * x0 + w1 * x1 + w2)
}

#[test]
fn sigmoid_neuron_weights_only() {
    let (value, g) = neuron_weights_grad(2.0, -3.0, -3.0, -1.0, -2.0);
    close(value, 0.7310585786300049);
    let NeuronWeightsGrad { w0, w1, w2 } = g;
    close(w0, -0.19661193324148185);
    close(w1, -0.3932238664829637);
    close(w2, 0.19661193324148185);
}

/// The notes' staged example `f = (x + σ(y)) / (σ(x) + (x + y)²)`, as staged there.
#[differentiate]
fn staged(x: f64, y: f64) -> f64 {
    let sigy = 1.0 / (1.0 + (-y).exp());
    let num = x + sigy;
    let sigx = 1.0 / (1.0 + (-x).exp());
    let xpy = x + y;
    let xpysqr = xpy.powi(2);
    let den = sigx + xpysqr;
    let invden = 1.0 / den;
    num * invden
}

/// The same function with the grouped sigmoid gate, written as one expression.
#[differentiate]
fn grouped(x: f64, y: f64) -> f64 {
    (x + sigmoid(y)) / (sigmoid(x) + (x + y) * (x + y))
}

#[test]
fn staged_example_figures() {
    for (value, dx, dy) in [
        {
            let (v, g) = staged_grad(3.0, -4.0);
            (v, g.x, g.y)
        },
        {
            let (v, g) = grouped_grad(3.0, -4.0);
            (v, g.x, g.y)
        },
    ] {
        close(value, 1.5456448841066441);
        close(dx, 2.0595697955721652);
        close(dy, 1.5922327514838093);
    }
}

#[test]
fn staged_example_with_upstream_gradient() {
    let (value, cache) = staged_forward(3.0, -4.0);
    close(value, 1.5456448841066441);
    let g = staged_backward(&cache, -0.5);
    close(g.x, -0.5 * 2.0595697955721652);
    close(g.y, -0.5 * 1.5922327514838093);
}

#[differentiate(wrt(y))]
fn staged_y_only(x: f64, y: f64) -> f64 {
    (x + sigmoid(y)) / (sigmoid(x) + (x + y).powi(2))
}

#[test]
fn staged_example_one_parameter() {
    let (value, g) = staged_y_only_grad(3.0, -4.0);
    close(value, 1.5456448841066441);
    close(g.y, 1.5922327514838093);
}

#[differentiate]
fn mul_gate(x: f64, y: f64) -> f64 {
    x * y
}

#[test]
fn mul_gate_with_upstream_two() {
    let (value, cache) = mul_gate_forward(3.0, -4.0);
    close(value, -12.0);
    let g = mul_gate_backward(&cache, 2.0);
    close(g.x, -8.0);
    close(g.y, 6.0);
}

#[differentiate]
fn max_gate(x: f64, y: f64) -> f64 {
    x.max(y)
}

#[test]
fn max_gate_routes_to_the_larger() {
    let (value, g) = max_gate_grad(4.0, 2.0);
    close(value, 4.0);
    close(g.x, 1.0);
    close(g.y, 0.0);
}

#[differentiate]
fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}

#[test]
fn gate_figure_values() {
    let (value, g) = gate_figure_grad(3.0, -4.0, 2.0, -1.0);
    close(value, -20.0);
    close(g.x, -8.0);
    close(g.y, 6.0);
    close(g.z, 2.0);
    close(g.w, 0.0);
}

#[differentiate(wrt(z, w))]
fn gate_figure_max_inputs(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}

#[test]
fn gate_figure_constant_inputs() {
    let (value, cache) = gate_figure_max_inputs_forward(3.0, -4.0, 2.0, -1.0);
    close(value, -20.0);
    let g = gate_figure_max_inputs_backward(&cache, 3.0);
    close(g.z, 6.0);
    close(g.w, 0.0);
    assert_eq!(
        GateFigureMaxInputsGrad::default(),
        GateFigureMaxInputsGrad { z: 0.0, w: 0.0 }
    );
}

/// The staged forward pass computes bit for bit what the function as written computes.
#[test]
fn forward_values_equal_the_plain_functions() {
    let same = |staged: f64, plain: f64| assert_eq!(staged.to_bits(), plain.to_bits());
    same(add_mul_grad(-2.0, 5.0, -4.0).0, add_mul(-2.0, 5.0, -4.0));
    let w = (2.0, -3.0, -3.0, -1.0, -2.0);
    same(
        sigmoid_neuron_grad(w.0, w.1, w.2, w.3, w.4).0,
        sigmoid_neuron(w.0, w.1, w.2, w.3, w.4),
    );
    same(
        neuron_weights_grad(w.0, w.1, w.2, w.3, w.4).0,
        neuron_weights(w.0, w.1, w.2, w.3, w.4),
    );
    for (x, y) in [(3.0, -4.0), (0.5, 0.25), (-2.0, 1.5)] {
        same(staged_grad(x, y).0, staged(x, y));
        same(grouped_grad(x, y).0, grouped(x, y));
        same(staged_y_only_grad(x, y).0, staged_y_only(x, y));
        same(mul_gate_grad(x, y).0, mul_gate(x, y));
        same(max_gate_grad(x, y).0, max_gate(x, y));
    }
    same(
        gate_figure_grad(3.0, -4.0, 2.0, -1.0).0,
        gate_figure(3.0, -4.0, 2.0, -1.0),
    );
    same(
        gate_figure_max_inputs_grad(3.0, -4.0, 2.0, -1.0).0,
        gate_figure_max_inputs(3.0, -4.0, 2.0, -1.0),
    );
}
