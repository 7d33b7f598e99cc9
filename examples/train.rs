//! Training a classifier with generated gradients: logistic regression, then a 2-16-2
//! network, on two interleaved spirals, by minibatch SGD with momentum.
//!
//! ```sh
//! cargo run --release --example train
//! ```
//!
//! Both losses are plain functions of one point, `#[differentiate]`d with respect to
//! their weights, which are slices: views into the flat parameter vector the optimizer
//! updates. The gradient of a slice goes into a caller-provided buffer with `+=`, so a
//! minibatch gradient is the per-point calls adding into one buffer, and the network's
//! loop over its 16 hidden units (an integer-literal bound) saves its values in fixed
//! arrays: a gradient step allocates nothing. (A loss over the whole batch,
//! `xs: &[[f64; 2]]`, would loop up to the run-time `xs.len()` and keep each point's
//! logit in a `Vec`.)
//!
//! At the end it computes the network's full-batch gradient on one core and on all of them
//! with rayon (each worker adding into its own zeroed buffer, the buffers reduced with
//! `Differentiable::add_scaled`), prints both throughputs, and checks that the two
//! gradients agree within rounding.
//!
//! The example generates the data set itself (deterministic, no downloads), checks the
//! generated gradient against central differences once, trains both models with a
//! progress bar, prints their training accuracy (and fails if the network does not
//! clearly beat the linear model), and writes `target/train.svg` (under the crate root):
//! the decision regions of both models over the data, and the loss curves. It takes well
//! under a second in release mode.

// The network's loss indexes slices in a loop: the form `#[differentiate]` reads.
#![allow(clippy::needless_range_loop)]

use backprop::check::GradCheck;
use backprop::{differentiate, softplus, Differentiable};
use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use rayon::prelude::*;
use std::error::Error;
use std::f64::consts::PI;
use std::path::Path;
use std::time::Instant;

// `mlp_loss` spells the hidden size as a literal (`0..16`, `w2[16 + j]`): with an
// integer-literal loop bound the generated code keeps its per-unit values in fixed arrays,
// where a `const` bound (`0..HIDDEN`) would give it a `Vec` (README, "Control flow and
// loops").

/// Points per minibatch.
const BATCH: usize = 32;
/// Hidden units of the network (the loop bound `0..16` in `mlp_loss`).
const HIDDEN: usize = 16;
/// Points per spiral.
const PER_CLASS: usize = 1024;
/// Points in the data set: a whole number of minibatches.
const POINTS: usize = 2 * PER_CLASS;

// ---------------------------------------------------------------------------------------
// The models and their losses.

/// Logistic loss of a linear model `z = w[0] x[0] + w[1] x[1] + w[2]` at one point with
/// the label `y ∈ {0, 1}`: `-ln σ(z)` for `y = 1`, `-ln(1 - σ(z))` for `y = 0`.
#[differentiate(wrt(w))]
fn logistic_loss(w: &[f64], x: [f64; 2], y: f64) -> f64 {
    let z = w[0] * x[0] + w[1] * x[1] + w[2];
    if y > 0.5 {
        softplus(-z)
    } else {
        softplus(z)
    }
}

/// Softmax cross-entropy of a 2-16-2 network at one point: 16 `tanh` hidden units
/// (unit `j` has the input weights `w1[2 j]`, `w1[2 j + 1]` and the bias `b1[j]`), two
/// output logits `o0`, `o1` (weights `w2[j]` and `w2[16 + j]`, biases `b2`). For two
/// classes, `-ln softmax(o)[y]` is `softplus(o_other - o_y)`, finite for any logits.
/// (`mlp_loss_grad` also takes the four gradient buffers: ten arguments, which the
/// carried `allow` lets clippy accept.)
#[allow(clippy::too_many_arguments)]
#[differentiate(wrt(w1, b1, w2, b2))]
fn mlp_loss(w1: &[f64], b1: &[f64], w2: &[f64], b2: &[f64], x: [f64; 2], y: f64) -> f64 {
    let mut o0 = b2[0];
    let mut o1 = b2[1];
    for j in 0..16 {
        let h = (w1[2 * j] * x[0] + w1[2 * j + 1] * x[1] + b1[j]).tanh();
        o0 += w2[j] * h;
        o1 += w2[16 + j] * h;
    }
    if y > 0.5 {
        softplus(o0 - o1)
    } else {
        softplus(o1 - o0)
    }
}

/// A model as the optimizer sees it: a flat vector of `P` parameters.
trait Model<const P: usize> {
    /// The loss at the point `x` with the label `y`; its gradient is added into `grad`.
    fn loss_grad(p: &[f64; P], x: [f64; 2], y: f64, grad: &mut [f64; P]) -> f64;
    /// The loss at one point (what the gradient check differentiates).
    fn loss(p: &[f64; P], x: [f64; 2], y: f64) -> f64;
    /// The probability of class 1 at the point `x`.
    fn probability(p: &[f64; P], x: [f64; 2]) -> f64;
}

/// Logistic regression, parameters `[w0, w1, b]`: `logistic_loss` takes them as they are.
struct Logistic;

impl Model<3> for Logistic {
    fn loss_grad(p: &[f64; 3], x: [f64; 2], y: f64, grad: &mut [f64; 3]) -> f64 {
        logistic_loss_grad(p, x, y, grad).0
    }
    fn loss(p: &[f64; 3], x: [f64; 2], y: f64) -> f64 {
        logistic_loss(p, x, y)
    }
    fn probability(p: &[f64; 3], x: [f64; 2]) -> f64 {
        backprop::sigmoid(p[0] * x[0] + p[1] * x[1] + p[2])
    }
}

/// The 2-16-2 network, parameters `w1` (two per hidden unit), `b1`, `w2` (the weights
/// into `o0`, then into `o1`), `b2`, one after the other.
struct Mlp;

/// Offsets of `b1`, `w2`, `b2` in the flat parameter vector, and its length.
const B1: usize = 2 * HIDDEN;
const W2: usize = B1 + HIDDEN;
const B2: usize = W2 + 2 * HIDDEN;
const MLP_PARAMS: usize = B2 + 2;

/// The network's weights as `mlp_loss` takes them: four views into the flat vector.
fn parts(p: &[f64]) -> (&[f64], &[f64], &[f64], &[f64]) {
    let (w1, rest) = p.split_at(B1);
    let (b1, rest) = rest.split_at(HIDDEN);
    let (w2, b2) = rest.split_at(2 * HIDDEN);
    (w1, b1, w2, b2)
}

/// [`parts`] of a gradient buffer.
fn parts_mut(p: &mut [f64]) -> (&mut [f64], &mut [f64], &mut [f64], &mut [f64]) {
    let (w1, rest) = p.split_at_mut(B1);
    let (b1, rest) = rest.split_at_mut(HIDDEN);
    let (w2, b2) = rest.split_at_mut(2 * HIDDEN);
    (w1, b1, w2, b2)
}

impl Model<MLP_PARAMS> for Mlp {
    fn loss_grad(p: &[f64; MLP_PARAMS], x: [f64; 2], y: f64, grad: &mut [f64; MLP_PARAMS]) -> f64 {
        let (w1, b1, w2, b2) = parts(p);
        let (d_w1, d_b1, d_w2, d_b2) = parts_mut(grad);
        mlp_loss_grad(w1, b1, w2, b2, x, y, d_w1, d_b1, d_w2, d_b2).0
    }
    fn loss(p: &[f64; MLP_PARAMS], x: [f64; 2], y: f64) -> f64 {
        let (w1, b1, w2, b2) = parts(p);
        mlp_loss(w1, b1, w2, b2, x, y)
    }
    fn probability(p: &[f64; MLP_PARAMS], x: [f64; 2]) -> f64 {
        // The forward pass of `mlp_loss`, and the softmax of class 1.
        let (w1, b1, w2, b2) = parts(p);
        let (mut o0, mut o1) = (b2[0], b2[1]);
        for j in 0..HIDDEN {
            let h = (w1[2 * j] * x[0] + w1[2 * j + 1] * x[1] + b1[j]).tanh();
            o0 += w2[j] * h;
            o1 += w2[HIDDEN + j] * h;
        }
        backprop::sigmoid(o1 - o0)
    }
}

/// The mean loss over the points `data[i]` for the indices `i` in `batch`, and its
/// gradient, written into `grad`: the per-point gradients added into one buffer.
fn minibatch_grad<const P: usize, M: Model<P>>(
    p: &[f64; P],
    data: &[([f64; 2], f64)],
    batch: &[usize],
    grad: &mut [f64; P],
) -> f64 {
    grad.fill(0.0);
    let mut total = 0.0;
    for &i in batch {
        let (x, y) = data[i];
        total += M::loss_grad(p, x, y, grad);
    }
    let scale = 1.0 / batch.len() as f64;
    for g in grad.iter_mut() {
        *g *= scale;
    }
    total * scale
}

/// The mean loss over the same points.
fn minibatch_loss<const P: usize, M: Model<P>>(
    p: &[f64; P],
    data: &[([f64; 2], f64)],
    batch: &[usize],
) -> f64 {
    let total: f64 = batch
        .iter()
        .map(|&i| M::loss(p, data[i].0, data[i].1))
        .sum();
    total / batch.len() as f64
}

// ---------------------------------------------------------------------------------------
// Data, initialisation, training.

/// A 64-bit linear congruential generator (Knuth's MMIX constants): enough randomness
/// for jitter, initial weights and shuffling, and the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }
    /// Uniform in `[0, 1)`, from the 53 high bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately normal, mean 0 and standard deviation 1 (a sum of 12 uniforms).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.uniform() * n as f64) as usize
    }
}

/// The data set: two spirals of 1.5 turns each, one the other turned by half a turn,
/// with a little Gaussian jitter. Points lie in about `[-1, 1]²`; labels are 0 and 1.
fn two_spirals(rng: &mut Lcg) -> Vec<([f64; 2], f64)> {
    let mut data = Vec::with_capacity(POINTS);
    for label in 0..2 {
        for i in 0..PER_CLASS {
            let t = (i as f64 + 0.5) / PER_CLASS as f64;
            let radius = 0.08 + 0.92 * t;
            let angle = 3.0 * PI * t + PI * label as f64;
            let x = radius * angle.cos() + 0.03 * rng.normal();
            let y = radius * angle.sin() + 0.03 * rng.normal();
            data.push(([x, y], label as f64));
        }
    }
    data
}

/// The fraction of points classified correctly (probability of class 1 above one half).
fn accuracy<const P: usize, M: Model<P>>(p: &[f64; P], data: &[([f64; 2], f64)]) -> f64 {
    let correct = data
        .iter()
        .filter(|(x, y)| (M::probability(p, *x) > 0.5) == (*y > 0.5))
        .count();
    correct as f64 / data.len() as f64
}

/// Hyperparameters of minibatch SGD with momentum.
struct Sgd {
    epochs: usize,
    learning_rate: f64,
    momentum: f64,
}

/// Trains the parameters `p` of `M` on `data` and returns the mean minibatch loss of every
/// epoch, showing a progress bar with the current loss.
fn train<const P: usize, M: Model<P>>(
    name: &str,
    p: &mut [f64; P],
    data: &[([f64; 2], f64)],
    sgd: &Sgd,
    rng: &mut Lcg,
) -> Vec<f64> {
    let batches = data.len() / BATCH;
    let bar = ProgressBar::new((sgd.epochs * batches) as u64);
    bar.set_style(
        ProgressStyle::with_template("{prefix:<19} [{bar:28.cyan/blue}] {msg}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(name.to_string());
    bar.set_message(format!("epoch  0/{}", sgd.epochs));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut velocity = [0.0; P];
    let mut gradient = [0.0; P];
    let mut losses = Vec::with_capacity(sgd.epochs);
    for epoch in 0..sgd.epochs {
        // Fisher-Yates shuffle: a new order of the minibatches every epoch.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut total = 0.0;
        for chunk in order.chunks_exact(BATCH) {
            total += minibatch_grad::<P, M>(p, data, chunk, &mut gradient);
            for k in 0..P {
                velocity[k] = sgd.momentum * velocity[k] - sgd.learning_rate * gradient[k];
                p[k] += velocity[k];
            }
        }
        let mean = total / batches as f64;
        losses.push(mean);
        bar.set_message(format!(
            "epoch {:>2}/{}  loss {mean:.4}",
            epoch + 1,
            sgd.epochs
        ));
        bar.inc(batches as u64);
    }
    bar.finish();
    losses
}

/// Checks the generated gradient of `M`'s loss at `p`, on a minibatch of every 64th point
/// of `data` (both classes), against central differences, and returns the worst error.
fn check_gradient<const P: usize, M: Model<P>>(p: &[f64; P], data: &[([f64; 2], f64)]) -> f64 {
    let order: Vec<usize> = (0..BATCH).map(|s| s * data.len() / BATCH).collect();
    let mut gradient = [0.0; P];
    minibatch_grad::<P, M>(p, data, &order, &mut gradient);
    let report = GradCheck::default().run(
        |q| minibatch_loss::<P, M>(&std::array::from_fn(|k| q[k]), data, &order),
        p,
        &gradient,
    );
    report.assert_passed();
    report.worst().error
}

// ---------------------------------------------------------------------------------------
// The figure.

/// Region colors (light) and point colors (dark) of the two classes.
const REGION: [RGBColor; 2] = [RGBColor(198, 219, 239), RGBColor(253, 208, 162)];
const POINT: [RGBColor; 2] = [RGBColor(33, 102, 172), RGBColor(217, 72, 1)];

/// Mixes the two region colors by the probability of class 1.
fn region_color(probability: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * probability).round() as u8;
    let [a, b] = REGION;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws the decision regions of a model (a grid of cells shaded by the probability of
/// class 1) with the data set on top.
fn draw_regions(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    probability: impl Fn([f64; 2]) -> f64,
    data: &[([f64; 2], f64)],
) -> Result<(), Box<dyn Error>> {
    let extent = 1.25;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(-extent..extent, -extent..extent)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(6)
        .y_labels(6)
        .draw()?;
    let cells = 80;
    let size = 2.0 * extent / cells as f64;
    chart.draw_series((0..cells * cells).map(|c| {
        let x = -extent + size * (c % cells) as f64;
        let y = -extent + size * (c / cells) as f64;
        let p = probability([x + size / 2.0, y + size / 2.0]);
        Rectangle::new([(x, y), (x + size, y + size)], region_color(p).filled())
    }))?;
    chart.draw_series(
        data.iter()
            .map(|&([x, y], label)| Circle::new((x, y), 2, POINT[label as usize].filled())),
    )?;
    Ok(())
}

/// Draws the loss curves of both models, per epoch, on a log scale.
fn draw_losses(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    curves: &[(&str, &[f64], RGBColor)],
) -> Result<(), Box<dyn Error>> {
    let epochs = curves.iter().map(|c| c.1.len()).max().unwrap_or(1);
    let values = curves.iter().flat_map(|c| c.1.iter().copied());
    let (low, high) = values.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let mut chart = ChartBuilder::on(area)
        .caption("training loss (mean per epoch)", ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(1..epochs, (0.8 * low..1.25 * high).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("cross-entropy")
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    for &(name, losses, color) in curves {
        chart
            .draw_series(LineSeries::new(
                losses.iter().enumerate().map(|(e, &v)| (e + 1, v)),
                color.stroke_width(2),
            ))?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

/// The gradient of the summed loss over `points` (indices into `data`), added into a
/// zeroed buffer one point after another.
fn summed_grad(
    p: &[f64; MLP_PARAMS],
    data: &[([f64; 2], f64)],
    points: &[usize],
) -> (f64, [f64; MLP_PARAMS]) {
    let mut grad = p.zeros_like();
    let total = points
        .iter()
        .map(|&i| Mlp::loss_grad(p, data[i].0, data[i].1, &mut grad))
        .sum();
    (total, grad)
}

/// The whole data set's gradient on one core and on all of them (rayon): each worker
/// adds into its own zeroed buffer, the buffers are reduced with `add_scaled`. Prints
/// both throughputs and checks that the two gradients agree within rounding.
fn data_parallel_throughput(p: &[f64; MLP_PARAMS], data: &[([f64; 2], f64)]) {
    let points: Vec<usize> = (0..data.len()).collect();
    let rounds = 20;
    let timed = |f: &dyn Fn() -> (f64, [f64; MLP_PARAMS])| {
        let start = Instant::now();
        let mut out = f();
        for _ in 1..rounds {
            out = std::hint::black_box(f());
        }
        (
            out,
            (rounds * data.len()) as f64 / start.elapsed().as_secs_f64(),
        )
    };
    let ((serial_loss, serial), serial_rate) = timed(&|| summed_grad(p, data, &points));
    let ((parallel_loss, parallel), parallel_rate) = timed(&|| {
        points
            .par_chunks(data.len().div_ceil(4 * rayon::current_num_threads()))
            .map(|chunk| summed_grad(p, data, chunk))
            .reduce(
                || (0.0, p.zeros_like()),
                |(a, mut d_a), (b, d_b)| {
                    d_a.add_scaled(1.0, &d_b);
                    (a + b, d_a)
                },
            )
    });
    println!(
        "full-batch gradient of the network: {:.2} M points/s on one core, {:.2} M points/s on {} threads",
        serial_rate / 1e6,
        parallel_rate / 1e6,
        rayon::current_num_threads()
    );
    assert!((serial_loss - parallel_loss).abs() <= 1e-9 * serial_loss.abs());
    for (s, q) in serial.iter().zip(&parallel) {
        assert!(
            (s - q).abs() <= 1e-9 * s.abs().max(1.0),
            "serial {s} vs parallel {q}"
        );
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let start = Instant::now();
    let mut rng = Lcg(2024);
    let data = two_spirals(&mut rng);
    println!("data: {POINTS} points on two spirals, minibatches of {BATCH}");

    // Starting weights: zero for the linear model; for the network, first-layer weights
    // of standard deviation 2.5 (so the hidden units start out bending the plane at
    // different places and scales), small output weights.
    let mut linear = [0.0; 3];
    let mut mlp = [0.0; MLP_PARAMS];
    let (w1, b1, w2, _) = parts_mut(&mut mlp);
    w1.iter_mut().for_each(|w| *w = 2.5 * rng.normal());
    b1.iter_mut().for_each(|b| *b = 0.5 * rng.normal());
    w2.iter_mut().for_each(|w| *w = 0.1 * rng.normal());

    // Trust, but verify: the generated gradients against central differences.
    let linear_error = check_gradient::<3, Logistic>(&[0.3, -0.7, 0.1], &data);
    let mlp_error = check_gradient::<MLP_PARAMS, Mlp>(&mlp, &data);
    println!(
        "gradient check passed: worst error {linear_error:.1e} over the 3 parameters of \
         logistic regression, {mlp_error:.1e} over the {MLP_PARAMS} of the network"
    );

    // The same schedule for both models: 50 passes over the data, 64 steps each.
    let sgd = Sgd {
        epochs: 50,
        learning_rate: 0.1,
        momentum: 0.9,
    };
    let linear_losses =
        train::<3, Logistic>("logistic regression", &mut linear, &data, &sgd, &mut rng);
    let mlp_losses =
        train::<MLP_PARAMS, Mlp>("2-16-2 tanh network", &mut mlp, &data, &sgd, &mut rng);

    let linear_accuracy = accuracy::<3, Logistic>(&linear, &data);
    let mlp_accuracy = accuracy::<MLP_PARAMS, Mlp>(&mlp, &data);
    println!(
        "train accuracy: logistic regression {:.1}% (loss {:.4}), network {:.1}% (loss {:.4})",
        100.0 * linear_accuracy,
        linear_losses.last().unwrap(),
        100.0 * mlp_accuracy,
        mlp_losses.last().unwrap(),
    );

    // The figure: the decision regions of both models, and the loss curves.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/train.svg");
    std::fs::create_dir_all(path.parent().unwrap())?;
    {
        let root = SVGBackend::new(&path, (1500, 500)).into_drawing_area();
        root.fill(&WHITE)?;
        let panels = root.split_evenly((1, 3));
        let title = format!("logistic regression: {:.1}%", 100.0 * linear_accuracy);
        draw_regions(
            &panels[0],
            &title,
            |x| Logistic::probability(&linear, x),
            &data,
        )?;
        let title = format!("2-16-2 tanh network: {:.1}%", 100.0 * mlp_accuracy);
        draw_regions(&panels[1], &title, |x| Mlp::probability(&mlp, x), &data)?;
        draw_losses(
            &panels[2],
            &[
                ("logistic regression", &linear_losses, POINT[0]),
                ("2-16-2 tanh network", &mlp_losses, POINT[1]),
            ],
        )?;
        root.present()?;
    }
    println!("wrote {}", path.display());

    data_parallel_throughput(&mlp, &data);
    println!("done in {:.2?}", start.elapsed());

    assert!(
        mlp_accuracy >= 0.97 && mlp_accuracy >= linear_accuracy + 0.25,
        "training failed: the network reached {:.1}%, logistic regression {:.1}%",
        100.0 * mlp_accuracy,
        100.0 * linear_accuracy
    );
    Ok(())
}
