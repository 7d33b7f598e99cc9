//! Integer counters written without a type, as C ports write them: `let mut idx = 0;`
//! incremented in a loop and used as an index (a packed lower triangle read column by
//! column, ADBench's `Qtimesx`), and a count read after the loop. The macro saves such a
//! counter for the backward pass with the type the index gives it (`usize`), not as a
//! float. Each function is checked against num-dual and central finite differences.
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;

mod common;
use common::check;
use num_dual::Dual64;

/// `Q x` for a lower-triangular `Q` given as its diagonal and its strictly lower part
/// packed column by column, the packed position counted as it is read.
#[differentiate]
pub fn qtimesx(qdiag: [f64; 3], ltri: [f64; 3], x: [f64; 3]) -> f64 {
    let mut out = [0.0; 3];
    for i in 0..3 {
        out[i] = qdiag[i] * x[i];
    }
    let mut lparamsidx = 0;
    for i in 0..3 {
        for j in i + 1..3 {
            out[j] += ltri[lparamsidx] * x[i];
            lparamsidx += 1;
        }
    }
    out[0] * out[0] + out[1] * out[1] + out[2] * out[2]
}

fn qtimesx_twin(p: &[Dual64]) -> Dual64 {
    let (qdiag, ltri, x) = (&p[0..3], &p[3..6], &p[6..9]);
    let o0 = qdiag[0] * x[0];
    let o1 = qdiag[1] * x[1] + ltri[0] * x[0];
    let o2 = qdiag[2] * x[2] + ltri[1] * x[0] + ltri[2] * x[1];
    o0 * o0 + o1 * o1 + o2 * o2
}

/// The mean of the entries above a threshold, their count kept in an untyped counter.
#[differentiate]
pub fn mean_above(x: [f64; 5], threshold: f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    for i in 0..5 {
        if x[i] > threshold {
            total += x[i] * x[i];
            count += 1;
        }
    }
    total / (count as f64 + 1.0)
}

#[test]
fn packed_triangle_counter() {
    for p in [
        [0.5, -1.2, 2.0, 0.3, 0.7, -0.4, 1.1, -0.6, 0.9],
        [1.5, 0.2, -0.8, -1.3, 0.1, 0.6, 0.4, 2.2, -1.7],
    ] {
        let (value, g) = qtimesx_grad([p[0], p[1], p[2]], [p[3], p[4], p[5]], [p[6], p[7], p[8]]);
        let flat: Vec<f64> = g.qdiag.iter().chain(&g.ltri).chain(&g.x).copied().collect();
        let plain = |v: &[f64]| qtimesx([v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]);
        check("qtimesx", &p, value, &flat, plain, qtimesx_twin);
    }
}

#[test]
fn count_read_after_the_loop() {
    for p in [
        [0.4, -1.0, 2.0, 0.9, -0.2, 0.1],
        [1.3, 0.8, -0.5, 0.2, 1.9, 0.5],
    ] {
        let x = [p[0], p[1], p[2], p[3], p[4]];
        let (value, g) = mean_above_grad(x, p[5]);
        let mut flat = g.x.to_vec();
        flat.push(g.threshold);
        let plain = |v: &[f64]| mean_above([v[0], v[1], v[2], v[3], v[4]], v[5]);
        let twin = |v: &[Dual64]| {
            let above: Vec<&Dual64> = v[..5].iter().filter(|x| x.re > p[5]).collect();
            let total = above.iter().fold(Dual64::from(0.0), |s, x| s + **x * **x);
            total / (above.len() as f64 + 1.0)
        };
        check("mean_above", &p, value, &flat, plain, twin);
    }
}
