//! A small neural network trained by gradient descent, written the way people write
//! models: a parameter struct (`Mlp { hidden: Hidden, out: Output }`, each with
//! `#[derive(Differentiable)]`), layers as functions taking `&Hidden` and arrays, `model`
//! calling them, and `loss` calling `model` over the data set. Each is
//! `#[differentiate]`d; the gradient of the loss with respect to the whole struct is
//! added into a `d_p: &mut Mlp` of the same shape, through the layer calls, with no
//! copies (`hidden_layer(&p.hidden, x)` pulls back into `&mut d_p.hidden`).
//!
//! The data are two interleaved half-moons (the classic not-linearly-separable toy
//! problem), 40 points computed deterministically from the loop index. The network is
//! 2-4-1: four `tanh` hidden neurons and a linear output read as a logit, trained on the
//! logistic loss with momentum, the optimiser working on the flat view of the struct.
//!
//! Run with `cargo run --release --example mlp`.

// The layers index their arrays in loops: the form people write over fixed sizes.
#![allow(clippy::needless_range_loop)]

use backprop::check::GradCheck;
use backprop::{differentiate, softplus, Differentiable};
use std::f64::consts::PI;

/// Points on each moon.
const PER_MOON: usize = 20;
/// Points in the data set.
const POINTS: usize = 2 * PER_MOON;

/// The `i`-th point of the data set: `[x, y, label]`, the label `+1` on the upper moon
/// and `-1` on the lower one, with a small deterministic jitter.
fn moon_point(i: usize) -> [f64; 3] {
    let k = i % PER_MOON;
    let t = PI * k as f64 / (PER_MOON - 1) as f64;
    let jitter = 0.1 * (12.9898 * i as f64).sin();
    if i < PER_MOON {
        [t.cos() - 0.5 + jitter, t.sin() - 0.25 - jitter, 1.0]
    } else {
        [0.5 - t.cos() + jitter, 0.25 - t.sin() + jitter, -1.0]
    }
}

/// The hidden layer: four neurons of two inputs.
#[derive(Clone, Debug, Differentiable)]
struct Hidden {
    w: [[f64; 2]; 4],
    b: [f64; 4],
}

/// The output: a weighted sum of the hidden values and a bias.
#[derive(Clone, Debug, Differentiable)]
struct Output {
    w: [f64; 4],
    c: f64,
}

/// The network's parameters.
#[derive(Clone, Debug, Differentiable)]
struct Mlp {
    hidden: Hidden,
    out: Output,
}

/// The nonlinearity of the hidden layer.
#[differentiate]
fn activation(z: f64) -> f64 {
    z.tanh()
}

/// `activation(w x + b)`, one value per hidden neuron.
#[differentiate]
fn hidden_layer(l: &Hidden, x: &[f64; 2]) -> [f64; 4] {
    let mut h = [0.0; 4];
    for i in 0..4 {
        h[i] = activation(l.w[i][0] * x[0] + l.w[i][1] * x[1] + l.b[i]);
    }
    h
}

/// `w . h + c`.
#[differentiate]
fn output(l: &Output, h: [f64; 4]) -> f64 {
    let mut logit = l.c;
    for i in 0..4 {
        logit += l.w[i] * h[i];
    }
    logit
}

/// The network on the input `x`: a logit (positive: upper moon).
#[differentiate]
fn model(p: &Mlp, x: &[f64; 2]) -> f64 {
    let h: [f64; 4] = hidden_layer(&p.hidden, x);
    output(&p.out, h)
}

/// The mean logistic loss over the data set: `softplus(-label * logit)`, which is
/// `-ln σ(logit)` on the upper moon and `-ln(1 - σ(logit))` on the lower one.
#[differentiate(wrt(p))]
fn loss(p: &Mlp, xs: &[[f64; 2]; POINTS], labels: &[f64; POINTS]) -> f64 {
    let mut total = 0.0;
    for i in 0..POINTS {
        total += softplus(-labels[i] * model(p, &xs[i]));
    }
    total / POINTS as f64
}

/// The data set: the inputs and the labels.
fn data() -> ([[f64; 2]; POINTS], [f64; POINTS]) {
    let points: [[f64; 3]; POINTS] = std::array::from_fn(moon_point);
    (
        points.map(|[x1, x2, _]| [x1, x2]),
        points.map(|[_, _, label]| label),
    )
}

/// Small deterministic starting weights, different for every neuron.
fn initial() -> Mlp {
    let k = |k: usize| 0.5 * (1.0 + 2.3 * k as f64).sin();
    Mlp {
        hidden: Hidden {
            w: std::array::from_fn(|i| [k(3 * i), k(3 * i + 1)]),
            b: std::array::from_fn(|i| k(3 * i + 2)),
        },
        out: Output {
            w: std::array::from_fn(|i| k(12 + i)),
            c: k(16),
        },
    }
}

/// The logit of the network with weights `p` at the point `(x1, x2)`.
fn predict(p: &Mlp, x1: f64, x2: f64) -> f64 {
    model(p, &[x1, x2])
}

/// The fraction of the data set on the right side of the decision boundary.
fn accuracy(p: &Mlp) -> f64 {
    let correct = (0..POINTS)
        .filter(|&i| {
            let [x1, x2, label] = moon_point(i);
            predict(p, x1, x2) * label > 0.0
        })
        .count();
    correct as f64 / POINTS as f64
}

/// Draws the data set (`o` upper moon, `x` lower moon) over the regions the network
/// assigns to the upper moon (`:`) and the lower one (blank).
fn draw(p: &Mlp) {
    let (columns, rows) = (64, 20);
    let (x_range, y_range) = ((-1.8, 1.8), (-1.2, 1.2));
    let mut canvas: Vec<Vec<char>> = (0..rows)
        .map(|row| {
            let y = y_range.1 - (y_range.1 - y_range.0) * (row as f64 + 0.5) / rows as f64;
            (0..columns)
                .map(|column| {
                    let x = x_range.0
                        + (x_range.1 - x_range.0) * (column as f64 + 0.5) / columns as f64;
                    if predict(p, x, y) > 0.0 {
                        ':'
                    } else {
                        ' '
                    }
                })
                .collect()
        })
        .collect();
    for i in 0..POINTS {
        let [x, y, label] = moon_point(i);
        let column = ((x - x_range.0) / (x_range.1 - x_range.0) * columns as f64) as usize;
        let row = ((y_range.1 - y) / (y_range.1 - y_range.0) * rows as f64) as usize;
        canvas[row.min(rows - 1)][column.min(columns - 1)] = if label > 0.0 { 'o' } else { 'x' };
    }
    for line in canvas {
        println!("  |{}|", line.into_iter().collect::<String>());
    }
}

fn main() {
    let (xs, labels) = data();
    let mut p = initial();
    let weights = p.float_count();

    // Trust, but verify: the generated gradient against central differences, on the
    // flat view of the struct.
    let mut d_p = p.zeros_like();
    let _ = loss_grad(&p, &xs, &labels, &mut d_p);
    let (mut flat, mut gradient) = (vec![0.0; weights], vec![0.0; weights]);
    p.copy_to(&mut flat);
    d_p.copy_to(&mut gradient);
    let loss_at = |q: &[f64]| {
        let mut probe = p.clone();
        probe.copy_from(q);
        loss(&probe, &xs, &labels)
    };
    let report = GradCheck::default().run(loss_at, &flat, &gradient);
    report.assert_passed();
    println!(
        "gradient check passed on all {weights} weights (worst error {:.1e})",
        report.worst().error
    );

    // Gradient descent with momentum, on the whole data set at every step: the gradient
    // added into a zeroed `d_p`, the velocity a struct of the same shape.
    let (learning_rate, momentum, steps) = (0.1, 0.9, 2000);
    let mut velocity = p.zeros_like();
    let mut value = f64::NAN;
    println!("training a 2-4-1 network on {POINTS} points of two half-moons");
    println!("{:>6}  {:>10}  {:>8}", "step", "loss", "accuracy");
    for step in 0..=steps {
        let mut d_p = p.zeros_like();
        (value, _) = loss_grad(&p, &xs, &labels, &mut d_p);
        if step % 200 == 0 {
            let percent = 100.0 * accuracy(&p);
            println!("{step:>6}  {value:>10.6}  {percent:>7.1}%");
        }
        // v = momentum v - lr g; p += v
        let mut decayed = velocity.zeros_like();
        decayed.add_scaled(momentum, &velocity);
        decayed.add_scaled(-learning_rate, &d_p);
        velocity = decayed;
        p.add_scaled(1.0, &velocity);
    }
    println!("decision regions (`:` upper moon) and the data (`o` upper, `x` lower moon):");
    draw(&p);
    let final_accuracy = accuracy(&p);
    assert!(
        final_accuracy == 1.0 && value < 0.01,
        "training failed: loss {value}, accuracy {final_accuracy}"
    );
}
