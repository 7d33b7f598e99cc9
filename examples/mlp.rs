//! A small neural network trained by gradient descent, written as plain functions that
//! call each other, each one `#[differentiate]`d: `activation` inside `neuron`, four
//! neurons inside `model`, `model` inside a loop over the data set in `loss`. The
//! gradient of the loss with respect to all 17 weights is the chain rule through those
//! calls, generated at compile time.
//!
//! The data are two interleaved half-moons (the classic not-linearly-separable toy
//! problem), 40 points computed deterministically from the loop index. The network is
//! 2-4-1: four `tanh` hidden neurons and a linear output read as a logit, trained on the
//! logistic loss with momentum. Arrays are not differentiable values yet, so every weight
//! is its own scalar parameter.
//!
//! Run with `cargo run --release --example mlp`.

// `model` and `loss` take every weight as a parameter (19 and 17 of them), and so do the
// `model_forward`, `loss_grad`, ... that `#[differentiate]` generates next to them. An
// `#[allow]` on the function is not copied to the generated items, so allow it here.
#![allow(clippy::too_many_arguments)]

use backprop::check::GradCheck;
use backprop::{differentiate, softplus};
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

/// The nonlinearity of the hidden layer.
#[differentiate]
fn activation(z: f64) -> f64 {
    z.tanh()
}

/// One hidden neuron with two inputs: `activation(w1 x1 + w2 x2 + b)`.
#[differentiate]
fn neuron(w1: f64, w2: f64, b: f64, x1: f64, x2: f64) -> f64 {
    activation(w1 * x1 + w2 * x2 + b)
}

/// The network: four hidden neurons on the input `(x1, x2)`, and their weighted sum as
/// the output, a logit (positive: upper moon).
#[differentiate]
fn model(
    w11: f64,
    w12: f64,
    b1: f64,
    w21: f64,
    w22: f64,
    b2: f64,
    w31: f64,
    w32: f64,
    b3: f64,
    w41: f64,
    w42: f64,
    b4: f64,
    v1: f64,
    v2: f64,
    v3: f64,
    v4: f64,
    c: f64,
    x1: f64,
    x2: f64,
) -> f64 {
    let h1 = neuron(w11, w12, b1, x1, x2);
    let h2 = neuron(w21, w22, b2, x1, x2);
    let h3 = neuron(w31, w32, b3, x1, x2);
    let h4 = neuron(w41, w42, b4, x1, x2);
    v1 * h1 + v2 * h2 + v3 * h3 + v4 * h4 + c
}

/// The mean logistic loss over the data set: `softplus(-label * logit)`, which is
/// `-ln σ(logit)` on the upper moon and `-ln(1 - σ(logit))` on the lower one.
#[differentiate]
fn loss(
    w11: f64,
    w12: f64,
    b1: f64,
    w21: f64,
    w22: f64,
    b2: f64,
    w31: f64,
    w32: f64,
    b3: f64,
    w41: f64,
    w42: f64,
    b4: f64,
    v1: f64,
    v2: f64,
    v3: f64,
    v4: f64,
    c: f64,
) -> f64 {
    let mut total = 0.0;
    for i in 0..POINTS {
        let point = moon_point(i);
        let logit = model(
            w11, w12, b1, w21, w22, b2, w31, w32, b3, w41, w42, b4, v1, v2, v3, v4, c, point[0],
            point[1],
        );
        total += softplus(-point[2] * logit);
    }
    total / POINTS as f64
}

/// The number of weights, in the order `model` and `loss` take them: `w11 w12 b1`, ...,
/// `w41 w42 b4` of the hidden neurons, then `v1 .. v4` and `c` of the output.
const WEIGHTS: usize = 17;

/// `loss` at the weights `p`.
fn loss_at(p: &[f64]) -> f64 {
    loss(
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13],
        p[14], p[15], p[16],
    )
}

/// `loss` and its gradient at the weights `p`, the gradient in the same order as `p`.
fn loss_and_gradient(p: &[f64; WEIGHTS]) -> (f64, [f64; WEIGHTS]) {
    let (value, g) = loss_grad(
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13],
        p[14], p[15], p[16],
    );
    let gradient = [
        g.w11, g.w12, g.b1, g.w21, g.w22, g.b2, g.w31, g.w32, g.b3, g.w41, g.w42, g.b4, g.v1, g.v2,
        g.v3, g.v4, g.c,
    ];
    (value, gradient)
}

/// The logit of the network with weights `p` at the point `(x1, x2)`.
fn predict(p: &[f64; WEIGHTS], x1: f64, x2: f64) -> f64 {
    model(
        p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13],
        p[14], p[15], p[16], x1, x2,
    )
}

/// The fraction of the data set on the right side of the decision boundary.
fn accuracy(p: &[f64; WEIGHTS]) -> f64 {
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
fn draw(p: &[f64; WEIGHTS]) {
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
    // Small deterministic starting weights, different for every neuron.
    let mut weights: [f64; WEIGHTS] = std::array::from_fn(|k| 0.5 * (1.0 + 2.3 * k as f64).sin());

    // Trust, but verify: the generated gradient against central differences.
    let (_, gradient) = loss_and_gradient(&weights);
    let report = GradCheck::default().run(loss_at, &weights, &gradient);
    report.assert_passed();
    println!(
        "gradient check passed on all {WEIGHTS} weights (worst error {:.1e})",
        report.worst().error
    );

    // Gradient descent with momentum, on the whole data set at every step.
    let (learning_rate, momentum, steps) = (0.1, 0.9, 2000);
    let mut velocity = [0.0; WEIGHTS];
    let mut value = f64::NAN;
    println!("training a 2-4-1 network on {POINTS} points of two half-moons");
    println!("{:>6}  {:>10}  {:>8}", "step", "loss", "accuracy");
    for step in 0..=steps {
        let gradient;
        (value, gradient) = loss_and_gradient(&weights);
        if step % 200 == 0 {
            let percent = 100.0 * accuracy(&weights);
            println!("{step:>6}  {value:>10.6}  {percent:>7.1}%");
        }
        for k in 0..WEIGHTS {
            velocity[k] = momentum * velocity[k] - learning_rate * gradient[k];
            weights[k] += velocity[k];
        }
    }
    println!("decision regions (`:` upper moon) and the data (`o` upper, `x` lower moon):");
    draw(&weights);
    let final_accuracy = accuracy(&weights);
    assert!(
        final_accuracy == 1.0 && value < 0.01,
        "training failed: loss {value}, accuracy {final_accuracy}"
    );
}
