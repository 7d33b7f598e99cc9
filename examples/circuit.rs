//! Every worked example of the CS231n backpropagation notes, differentiated by
//! `#[differentiate]`, printed next to the figures the notes give, and drawn as the
//! notes draw them: `target/circuit/<name>.svg` (copies in `docs/circuit/`).
//!
//! Run with `cargo run --example circuit`.

use backprop::{differentiate, sigmoid, Circuit};
use std::fs;
use std::path::Path;

/// `f = (x + y) * z`: the first circuit of the notes.
#[differentiate(circuit)]
fn add_mul(x: f64, y: f64, z: f64) -> f64 {
    let q = x + y;
    q * z
}

/// The 2-d sigmoid neuron `σ(w0*x0 + w1*x1 + w2)`.
#[differentiate(circuit)]
fn sigmoid_neuron(w0: f64, w1: f64, w2: f64, x0: f64, x1: f64) -> f64 {
    let dot = w0 * x0 + w1 * x1 + w2;
    sigmoid(dot)
}

/// The same neuron with arrays: `σ(w · [x, 1])`, gradients as arrays.
#[differentiate(circuit)]
fn neuron_arrays(w: [f64; 3], x: [f64; 2]) -> f64 {
    sigmoid(w[0] * x[0] + w[1] * x[1] + w[2])
}

/// The notes' staged example `f = (x + σ(y)) / (σ(x) + (x + y)²)`.
#[differentiate(circuit)]
fn staged(x: f64, y: f64) -> f64 {
    let sigy = sigmoid(y); // (1)
    let num = x + sigy; // (2)
    let sigx = sigmoid(x); // (3)
    let xpy = x + y; // (4)
    let xpysqr = xpy.powi(2); // (5)
    let den = sigx + xpysqr; // (6)
    let invden = 1.0 / den; // (7)
    num * invden // (8)
}

/// A multiply gate on its own.
#[differentiate(circuit)]
fn mul_gate(x: f64, y: f64) -> f64 {
    x * y
}

/// A max gate on its own.
#[differentiate(circuit)]
fn max_gate(x: f64, y: f64) -> f64 {
    x.max(y)
}

/// The notes' gate figure `2 * (x*y + max(z, w))`.
#[differentiate(circuit)]
fn gate_figure(x: f64, y: f64, z: f64, w: f64) -> f64 {
    2.0 * (x * y + z.max(w))
}

/// Writes the picture of `circuit` to `target/circuit/<name>.svg` and prints its path.
fn draw(circuit: &Circuit) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/circuit");
    let path = dir.join(format!("{}.svg", circuit.name));
    let written = fs::create_dir_all(&dir).and_then(|()| fs::write(&path, circuit.to_svg()));
    match written {
        Ok(()) => println!("  picture: {}", path.display()),
        Err(error) => println!("  picture: cannot write {}: {error}", path.display()),
    }
}

/// The staged forward pass computes exactly what the plain function computes.
fn check_value(staged: f64, plain: f64) {
    assert_eq!(
        staged.to_bits(),
        plain.to_bits(),
        "forward pass differs from the function"
    );
}

fn main() {
    let (value, g) = add_mul_grad(-2.0, 5.0, -4.0);
    check_value(value, add_mul(-2.0, 5.0, -4.0));
    println!("f = (x + y) * z at x=-2, y=5, z=-4");
    println!("  value {value:>5}      notes: -12");
    println!(
        "  dx {} dy {} dz {}   notes: dx=-4, dy=-4, dz=3",
        g.x, g.y, g.z
    );
    draw(&add_mul_circuit(-2.0, 5.0, -4.0));
    println!();

    let (value, g) = sigmoid_neuron_grad(2.0, -3.0, -3.0, -1.0, -2.0);
    check_value(value, sigmoid_neuron(2.0, -3.0, -3.0, -1.0, -2.0));
    println!("sigmoid neuron at w=[2,-3,-3], x=[-1,-2]");
    println!("  value {value}      notes: 0.7310585786300049");
    println!("  dw = [{}, {}, {}]", g.w0, g.w1, g.w2);
    println!("  notes [-0.19661193324148185, -0.3932238664829637, 0.19661193324148185]");
    println!("  dx = [{}, {}]", g.x0, g.x1);
    println!("  notes [0.3932238664829637, -0.5898357997244456]");
    draw(&sigmoid_neuron_circuit(2.0, -3.0, -3.0, -1.0, -2.0));
    println!();

    let (value, g) = neuron_arrays_grad([2.0, -3.0, -3.0], [-1.0, -2.0]);
    check_value(value, neuron_arrays([2.0, -3.0, -3.0], [-1.0, -2.0]));
    println!("the same neuron with arrays, w: [f64; 3], x: [f64; 2]");
    println!("  value {value}   dw = {:?}   dx = {:?}", g.w, g.x);
    draw(&neuron_arrays_circuit([2.0, -3.0, -3.0], [-1.0, -2.0]));
    println!();

    let (value, g) = staged_grad(3.0, -4.0);
    check_value(value, staged(3.0, -4.0));
    println!("f = (x + σ(y)) / (σ(x) + (x+y)²) at x=3, y=-4");
    println!("  value {value}      notes: 1.5456448841066441");
    println!("  dx {} dy {}", g.x, g.y);
    println!("  notes dx=2.0595697955721652, dy=1.5922327514838093");
    draw(&staged_circuit(3.0, -4.0));
    println!();

    let (value, cache) = mul_gate_forward(3.0, -4.0);
    check_value(value, mul_gate(3.0, -4.0));
    let g = mul_gate_backward(&cache, 2.0);
    println!("mul gate x*y at x=3, y=-4 with upstream gradient 2");
    println!(
        "  value {value}   dx {} dy {}   notes: -12, dx=-8, dy=6",
        g.x, g.y
    );
    // The picture is at `d_out = 1`: the gradients above are twice its.
    draw(&mul_gate_circuit(3.0, -4.0));
    println!();

    let (value, g) = max_gate_grad(4.0, 2.0);
    check_value(value, max_gate(4.0, 2.0));
    println!("max gate at x=4, y=2");
    println!(
        "  value {value}   dx {} dy {}   notes: 4, dx=1, dy=0",
        g.x, g.y
    );
    draw(&max_gate_circuit(4.0, 2.0));
    println!();

    let (value, g) = gate_figure_grad(3.0, -4.0, 2.0, -1.0);
    check_value(value, gate_figure(3.0, -4.0, 2.0, -1.0));
    println!("2 * (x*y + max(z, w)) at x=3, y=-4, z=2, w=-1");
    println!(
        "  value {value}   dx {} dy {} dz {} dw {}   notes: -20, dx=-8, dy=6, dz=2, dw=0",
        g.x, g.y, g.z, g.w
    );
    draw(&gate_figure_circuit(3.0, -4.0, 2.0, -1.0));
}
