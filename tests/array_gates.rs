//! The array gates `dot`, `logsumexp`, `softmax_cross_entropy`: one gate each, with an
//! array's worth of gradient, against finite differences and num-dual.
use backprop::{differentiate, dot, logsumexp, softmax_cross_entropy};

mod common;
use common::check;
use num_dual::{Dual64, DualNum};

/// A linear classifier over 3 classes and 4 features: `logits_k = w_k · x + b_k`,
/// then the cross-entropy against `label`, plus a small `logsumexp` regularizer.
#[differentiate(wrt(w0, w1, w2, b))]
fn classifier(
    w0: [f64; 4],
    w1: [f64; 4],
    w2: [f64; 4],
    b: [f64; 3],
    x: [f64; 4],
    label: usize,
) -> f64 {
    let l0 = dot(w0, x) + b[0];
    let l1 = dot(w1, x) + b[1];
    let l2 = backprop::dot(x, w2) + b[2];
    softmax_cross_entropy([l0, l1, l2], label) + 0.01 * logsumexp(b)
}

/// `dot(w, w)` (one array in both places) and a `logsumexp` of a parameter.
#[differentiate]
fn self_dot(w: [f64; 3]) -> f64 {
    dot(w, w) + logsumexp(w)
}

#[test]
fn self_dot_and_logsumexp() {
    for w in [[0.3, -1.2, 0.8], [2.0, 0.1, -0.5]] {
        let (value, g) = self_dot_grad(w);
        assert_eq!(value, self_dot(w));
        let twin = |p: &[Dual64]| {
            let lse = (p[0].exp() + p[1].exp() + p[2].exp()).ln();
            p[0] * p[0] + p[1] * p[1] + p[2] * p[2] + lse
        };
        check(
            "self_dot",
            &w,
            value,
            &g.w,
            |p| self_dot([p[0], p[1], p[2]]),
            twin,
        );
    }
}

#[test]
fn linear_classifier_cross_entropy() {
    let x = [0.5, -1.0, 2.0, 0.25];
    let w0 = [0.1, 0.2, -0.3, 0.4];
    let w1 = [-0.5, 0.3, 0.2, 0.0];
    let w2 = [0.05, -0.1, 0.15, -0.2];
    let b = [0.1, -0.2, 0.3];
    for label in 0..3 {
        let (value, g) = classifier_grad(w0, w1, w2, b, x, label);
        assert_eq!(value, classifier(w0, w1, w2, b, x, label));
        let flat: Vec<f64> = w0.iter().chain(&w1).chain(&w2).chain(&b).copied().collect();
        let grad: Vec<f64> =
            g.w0.iter()
                .chain(&g.w1)
                .chain(&g.w2)
                .chain(&g.b)
                .copied()
                .collect();
        let unflatten = |p: &[f64]| {
            let a = |k: usize| [p[k], p[k + 1], p[k + 2], p[k + 3]];
            (a(0), a(4), a(8), [p[12], p[13], p[14]])
        };
        let f = |p: &[f64]| {
            let (w0, w1, w2, b) = unflatten(p);
            classifier(w0, w1, w2, b, x, label)
        };
        let twin = |p: &[Dual64]| {
            let logit = |k: usize| {
                let mut z = p[12 + k];
                for i in 0..4 {
                    z += p[4 * k + i] * x[i];
                }
                z
            };
            let l = [logit(0), logit(1), logit(2)];
            let lse = (l[0].exp() + l[1].exp() + l[2].exp()).ln();
            let reg = (p[12].exp() + p[13].exp() + p[14].exp()).ln() * 0.01;
            lse - l[label] + reg
        };
        check("classifier", &flat, value, &grad, f, twin);
    }
}
