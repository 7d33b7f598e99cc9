//! Data-parallel gradients: a minibatch split over rayon's workers, each adding into its
//! own zeroed `d_p` (the buffers add), the workers' gradients reduced with
//! `add_scaled`; the result equals the serial gradient within rounding.
// Index loops over fixed sizes, as numeric code writes them.
#![allow(clippy::needless_range_loop)]
use backprop::{differentiate, Differentiable};
use rayon::prelude::*;

/// A hidden layer of 8 units over 2 inputs.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Hidden {
    pub w: [[f64; 2]; 8],
    pub b: [f64; 8],
}

/// The network: a hidden layer and a linear read-out.
#[derive(Clone, Debug, PartialEq, Differentiable)]
pub struct Net {
    pub hidden: Hidden,
    pub out: [f64; 8],
}

/// `tanh(w x + b)`.
#[differentiate]
pub fn hidden_layer(l: &Hidden, x: &[f64; 2]) -> [f64; 8] {
    let mut h = [0.0; 8];
    for i in 0..8 {
        h[i] = (l.w[i][0] * x[0] + l.w[i][1] * x[1] + l.b[i]).tanh();
    }
    h
}

/// The squared error on one example.
#[differentiate(wrt(p))]
pub fn example_loss(p: &Net, x: &[f64; 2], y: f64) -> f64 {
    let h: [f64; 8] = hidden_layer(&p.hidden, x);
    let mut out = 0.0;
    for i in 0..8 {
        out += p.out[i] * h[i];
    }
    (out - y).powi(2)
}

fn net() -> Net {
    let u = |k: usize| ((k * 37 % 23) as f64 - 11.0) / 11.0;
    Net {
        hidden: Hidden {
            w: std::array::from_fn(|i| [u(2 * i), u(2 * i + 1)]),
            b: std::array::from_fn(|i| 0.1 * u(i + 40)),
        },
        out: std::array::from_fn(|i| 0.5 * u(i + 60)),
    }
}

fn batch(n: usize) -> Vec<([f64; 2], f64)> {
    (0..n)
        .map(|k| {
            let t = k as f64 * 0.37;
            ([t.sin(), (1.3 * t).cos()], (0.7 * t).sin())
        })
        .collect()
}

/// The batch's summed gradient, one example after another into one buffer.
fn serial(p: &Net, data: &[([f64; 2], f64)]) -> (f64, Net) {
    let mut d_p = p.zeros_like();
    let mut total = 0.0;
    for (x, y) in data {
        total += example_loss_grad(p, x, *y, &mut d_p).0;
    }
    (total, d_p)
}

/// The same on all cores: each worker adds into its own zeroed `d_p`, then the
/// workers' gradients are added together.
fn parallel(p: &Net, data: &[([f64; 2], f64)]) -> (f64, Net) {
    data.par_chunks(64).map(|chunk| serial(p, chunk)).reduce(
        || (0.0, p.zeros_like()),
        |(a, mut d_a), (b, d_b)| {
            d_a.add_scaled(1.0, &d_b);
            (a + b, d_a)
        },
    )
}

#[test]
fn the_parallel_gradient_is_the_serial_one() {
    let p = net();
    let data = batch(1000);
    let (value, d_serial) = serial(&p, &data);
    let (par_value, d_parallel) = parallel(&p, &data);
    assert!((value - par_value).abs() <= 1e-12 * value.abs().max(1.0));
    let (mut a, mut b) = (vec![0.0; p.float_count()], vec![0.0; p.float_count()]);
    d_serial.copy_to(&mut a);
    d_parallel.copy_to(&mut b);
    assert!(
        a.iter().any(|g| g.abs() > 1e-3),
        "a gradient that is not zero"
    );
    for (s, q) in a.iter().zip(&b) {
        assert!(
            (s - q).abs() <= 1e-12 * s.abs().max(1.0),
            "serial {s} vs parallel {q}"
        );
    }
}

#[test]
fn parallel_sgd_lowers_the_loss() {
    let mut p = net();
    let data = batch(512);
    let before = serial(&p, &data).0;
    for _ in 0..20 {
        let (_, d_p) = parallel(&p, &data);
        p.add_scaled(-0.05 / data.len() as f64, &d_p);
    }
    let after = serial(&p, &data).0;
    assert!(after < before, "loss {before} -> {after}");
}
