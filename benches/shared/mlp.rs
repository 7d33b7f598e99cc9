//! A 2-16-2 network's loss on one sample, built from calls and arrays, and its gradient
//! written by hand; shared by `benches/mlp.rs` and `tools/icount` (included with
//! `#[path]`, so that both measure the same code).
//!
//! Sixteen `tanh` hidden units, each a call of the `#[differentiate]`d [`neuron`] inside
//! a loop over the hidden layer; two output logits; the softmax cross-entropy
//! `backprop::softmax_cross_entropy([o0, o1], label)` (one gate). The weights are arrays,
//! `w1: [[f64; 2]; 16]`, `b1: [f64; 16]`, `w2: [[f64; 16]; 2]`, `b2: [f64; 2]`: 82
//! parameters, all differentiated; the sample `x` and its `label` are constants.

// The loss indexes its arrays in loops: the form `#[differentiate]` reads.
#![allow(clippy::needless_range_loop)]

use backprop::{differentiate, softmax_cross_entropy, Differentiable};

/// Hidden units.
pub const HIDDEN: usize = 16;
/// Parameters: `w1`, `b1`, `w2`, `b2`.
pub const PARAMS: usize = 2 * HIDDEN + HIDDEN + 2 * HIDDEN + 2;

/// One hidden unit with two inputs: `tanh(w0 x0 + w1 x1 + b)`.
#[differentiate(wrt(w0, w1, b))]
pub fn neuron(w0: f64, w1: f64, b: f64, x0: f64, x1: f64) -> f64 {
    (w0 * x0 + w1 * x1 + b).tanh()
}

/// The softmax cross-entropy of the network's two logits at `x` against `label`.
#[differentiate(wrt(w1, b1, w2, b2))]
pub fn mlp_loss(
    w1: [[f64; 2]; 16],
    b1: [f64; 16],
    w2: [[f64; 16]; 2],
    b2: [f64; 2],
    x: [f64; 2],
    label: usize,
) -> f64 {
    let mut o0 = b2[0];
    let mut o1 = b2[1];
    for j in 0..16 {
        let h = neuron(w1[j][0], w1[j][1], b1[j], x[0], x[1]);
        o0 += w2[0][j] * h;
        o1 += w2[1][j] * h;
    }
    softmax_cross_entropy([o0, o1], label)
}

/// [`mlp_loss`] with the hidden unit written inline instead of called: what the call to
/// [`neuron`] costs the generated gradient.
#[differentiate(wrt(w1, b1, w2, b2))]
pub fn mlp_loss_inline(
    w1: [[f64; 2]; 16],
    b1: [f64; 16],
    w2: [[f64; 16]; 2],
    b2: [f64; 2],
    x: [f64; 2],
    label: usize,
) -> f64 {
    let mut o0 = b2[0];
    let mut o1 = b2[1];
    for j in 0..16 {
        let h = (w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]).tanh();
        o0 += w2[0][j] * h;
        o1 += w2[1][j] * h;
    }
    softmax_cross_entropy([o0, o1], label)
}

/// The hidden layer's parameters, as a struct.
#[derive(Clone, Debug, Differentiable)]
pub struct Hidden {
    pub w: [[f64; 2]; 16],
    pub b: [f64; 16],
}

/// The output layer's parameters.
#[derive(Clone, Debug, Differentiable)]
pub struct Logits {
    pub w: [[f64; 16]; 2],
    pub b: [f64; 2],
}

/// The network's parameters: the same 82 as [`mlp_loss`] takes, in a struct.
#[derive(Clone, Debug, Differentiable)]
pub struct Net {
    pub hidden: Hidden,
    pub logits: Logits,
}

/// `tanh(w x + b)` for the 16 hidden units.
#[differentiate]
pub fn hidden_layer(l: &Hidden, x: &[f64; 2]) -> [f64; 16] {
    let mut h = [0.0; 16];
    for j in 0..16 {
        h[j] = (l.w[j][0] * x[0] + l.w[j][1] * x[1] + l.b[j]).tanh();
    }
    h
}

/// `w h + b`: the two logits.
#[differentiate]
pub fn logits_layer(l: &Logits, h: [f64; 16]) -> [f64; 2] {
    let mut o = [l.b[0], l.b[1]];
    for k in 0..2 {
        for j in 0..16 {
            o[k] += l.w[k][j] * h[j];
        }
    }
    o
}

/// [`mlp_loss`] written as people write models: a parameter struct and layer functions
/// taking `&Hidden`, `&Logits` and arrays; the gradient goes into `d_p: &mut Net`.
#[differentiate(wrt(p))]
pub fn net_loss(p: &Net, x: &[f64; 2], label: usize) -> f64 {
    let h: [f64; 16] = hidden_layer(&p.hidden, x);
    let o: [f64; 2] = logits_layer(&p.logits, h);
    softmax_cross_entropy(o, label)
}

/// The value and gradient of [`mlp_loss`] by hand: the forward pass keeping the 16
/// hidden activations, the cross-entropy's gradient `softmax(o) - onehot(label)`, and one
/// backward loop over the hidden layer.
pub fn hand_written(
    w1: [[f64; 2]; 16],
    b1: [f64; 16],
    w2: [[f64; 16]; 2],
    b2: [f64; 2],
    x: [f64; 2],
    label: usize,
) -> (f64, MlpLossGrad) {
    // forward pass
    let mut h = [0.0; HIDDEN];
    let (mut o0, mut o1) = (b2[0], b2[1]);
    for j in 0..HIDDEN {
        h[j] = (w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]).tanh();
        o0 += w2[0][j] * h[j];
        o1 += w2[1][j] * h[j];
    }
    let out = softmax_cross_entropy([o0, o1], label);
    // backward pass: d_o = softmax(o) - onehot(label), softmax(o)_k = e^{o_k - lse}
    let lse = out + [o0, o1][label];
    let mut d_o = [(o0 - lse).exp(), (o1 - lse).exp()];
    d_o[label] -= 1.0;
    let mut g = MlpLossGrad {
        w1: [[0.0; 2]; HIDDEN],
        b1: [0.0; HIDDEN],
        w2: [[0.0; HIDDEN]; 2],
        b2: d_o,
    };
    for j in 0..HIDDEN {
        g.w2[0][j] = d_o[0] * h[j];
        g.w2[1][j] = d_o[1] * h[j];
        let d_h = w2[0][j] * d_o[0] + w2[1][j] * d_o[1];
        let d_z = (1.0 - h[j] * h[j]) * d_h;
        g.w1[j] = [d_z * x[0], d_z * x[1]];
        g.b1[j] = d_z;
    }
    (out, g)
}

/// The weights flattened in the order `w1` (row by row), `b1`, `w2` (row by row), `b2`.
pub fn flatten(w1: [[f64; 2]; 16], b1: [f64; 16], w2: [[f64; 16]; 2], b2: [f64; 2]) -> Vec<f64> {
    let mut p = Vec::with_capacity(PARAMS);
    p.extend(w1.as_flattened());
    p.extend(b1);
    p.extend(w2.as_flattened());
    p.extend(b2);
    p
}

/// Deterministic weights of order one and a sample: `(w1, b1, w2, b2, x, label)`.
#[allow(clippy::type_complexity)]
pub fn inputs() -> (
    [[f64; 2]; 16],
    [f64; 16],
    [[f64; 16]; 2],
    [f64; 2],
    [f64; 2],
    usize,
) {
    let u = |k: usize| ((k * 37 % 23) as f64 - 11.0) / 11.0;
    let w1 = std::array::from_fn(|j| [u(2 * j), u(2 * j + 1)]);
    let b1 = std::array::from_fn(|j| 0.1 * u(j + 50));
    let w2 = std::array::from_fn(|k| std::array::from_fn(|j| 0.5 * u(16 * k + j + 70)));
    (w1, b1, w2, [0.05, -0.05], [0.7, -0.4], 1)
}
