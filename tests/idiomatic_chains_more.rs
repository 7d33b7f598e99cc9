//! More functions in the style numeric crates write them: local closures (called,
//! called by closures, in loops, assigning to a captured `let mut`), `max_by` /
//! `min_by` / `reduce`, `for` loops over chains, rows of a matrix, nested chains, and
//! constant consumers (`count`, `all`, `any`). Each is checked at several points
//! against central finite differences and num-dual on a hand-written twin.
#![allow(clippy::needless_range_loop)]

use backprop::{differentiate, sigmoid};

mod common;
use common::{check, check_slice, check_wrt, cst, dsigmoid};
use num_dual::{Dual64, DualNum};

const P4: &[f64] = &[0.4, -1.3, 0.9, 2.2];
const P5: &[f64] = &[1.1, 0.35, -0.6, 2.1, -1.4];
const P7: &[f64] = &[0.7, -0.3, 1.6, -2.2, 0.9, 0.25, 1.2];

// ---------------------------------------------------------------------------------
// Local closures
// ---------------------------------------------------------------------------------

/// A closure called twice, and one calling it.
#[differentiate]
fn norms(x: f64, y: f64, z: f64) -> f64 {
    let sq = |t: f64| t * t;
    let norm = |a: f64, b: f64| (sq(a) + sq(b)).sqrt();
    norm(x, y) + norm(y, z) * sq(z)
}

#[test]
fn closure_calling_closure() {
    for p in [[0.5, -1.2, 2.0], [1.5, 0.3, -0.7]] {
        let (value, g) = norms_grad(p[0], p[1], p[2]);
        let twin = |p: &[Dual64]| {
            (p[0] * p[0] + p[1] * p[1]).sqrt() + (p[1] * p[1] + p[2] * p[2]).sqrt() * p[2] * p[2]
        };
        check(
            "norms",
            &p,
            value,
            &[g.x, g.y, g.z],
            |p| norms(p[0], p[1], p[2]),
            twin,
        );
    }
}

/// A closure capturing differentiated values, called in a loop, with its parameters
/// given in swapped order (`|b, a|` called with `(a, b)`).
#[differentiate(wrt(a, b))]
fn captured_in_loop(a: f64, b: f64, x: &[f64]) -> f64 {
    let line = |t: f64| a * t + b;
    let swap = |b: f64, a: f64| a - 2.0 * b;
    let mut s = 0.0;
    for i in 0..x.len() {
        s += sigmoid(line(x[i]));
    }
    s * swap(a, b)
}

#[test]
fn closure_in_loop_and_swapped_arguments() {
    let x = [0.3, -1.0, 2.0];
    for (a, b) in [(0.7, -0.2), (-1.1, 0.5)] {
        let (value, g) = captured_in_loop_grad(a, b, &x);
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for &t in &x {
                s += dsigmoid(p[0] * t + p[1]);
            }
            s * (p[1] - p[0] * 2.0)
        };
        let f = |p: &[f64]| captured_in_loop(p[0], p[1], &x);
        check("captured_in_loop", &[a, b], value, &[g.a, g.b], f, twin);
    }
}

/// A closure assigning to a captured `let mut`, called as a statement.
#[differentiate]
fn accumulate(x: f64, y: f64) -> f64 {
    let mut acc = 0.0;
    let mut add = |v: f64| acc += v * v;
    add(x);
    add(x * y);
    add(y.exp());
    acc
}

#[test]
fn closure_assigning_captured() {
    for p in [[0.5, -1.2], [1.5, 0.3]] {
        let (value, g) = accumulate_grad(p[0], p[1]);
        let twin = |p: &[Dual64]| p[0] * p[0] + (p[0] * p[1]).powi(2) + p[1].exp().powi(2);
        check(
            "accumulate",
            &p,
            value,
            &[g.x, g.y],
            |p| accumulate(p[0], p[1]),
            twin,
        );
    }
}

/// A closure passed by name to `map` and to `fold`.
#[differentiate]
fn passed_by_name(x: &[f64], k: f64) -> f64 {
    let soft = |v: &f64| (k * v).tanh();
    let add_sq = |acc: f64, v: f64| acc + v * v;
    x.iter().map(soft).fold(0.0, add_sq)
}

#[test]
fn closures_passed_to_adapters() {
    for (x, k) in [(P4, 0.8), (P5, -1.3)] {
        let mut d = vec![0.0; x.len()];
        let (value, g) = passed_by_name_grad(x, k, &mut d);
        let point: Vec<f64> = x.iter().copied().chain([k]).collect();
        let grad: Vec<f64> = d.iter().copied().chain([g.k]).collect();
        let n = x.len();
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for i in 0..n {
                s += (p[n] * p[i]).tanh().powi(2);
            }
            s
        };
        check(
            "passed_by_name",
            &point,
            value,
            &grad,
            |p| passed_by_name(&p[..n], p[n]),
            twin,
        );
    }
}

// ---------------------------------------------------------------------------------
// Best elements and reductions
// ---------------------------------------------------------------------------------

/// The largest and the smallest element by `partial_cmp`, and `reduce(f64::max)`.
#[differentiate]
fn spread(x: &[f64]) -> f64 {
    let hi = x
        .iter()
        .copied()
        .max_by(|a, b| a.partial_cmp(b).unwrap())
        .unwrap();
    let lo = x.iter().copied().min_by(|a, b| a.total_cmp(b)).unwrap();
    let top = x.iter().map(|v| v.sin()).reduce(f64::max).unwrap();
    hi - lo + top
}

#[test]
fn max_min_reduce() {
    let twin = |p: &[Dual64]| {
        let (mut hi, mut lo, mut top) = (p[0], p[0], p[0].sin());
        for &v in p {
            if v.re > hi.re {
                hi = v;
            }
            if v.re < lo.re {
                lo = v;
            }
            if v.sin().re > top.re {
                top = v.sin();
            }
        }
        hi - lo + top
    };
    check_slice("spread", &[P4, P5, P7], spread_grad, spread, twin);
}

/// Ties: `max_by` returns the last maximum, `min_by` the first minimum; the whole
/// gradient goes to that element.
#[differentiate]
fn tie_breaks(x: [f64; 4]) -> f64 {
    let hi = x.iter().copied().max_by(|a, b| a.total_cmp(b)).unwrap();
    let lo = x
        .iter()
        .copied()
        .min_by(|a, b| a.partial_cmp(b).unwrap())
        .unwrap();
    2.0 * hi + lo
}

#[test]
fn ties_follow_rust() {
    let (value, g) = tie_breaks_grad([1.0, 3.0, -2.0, 3.0]);
    assert_eq!(value, tie_breaks([1.0, 3.0, -2.0, 3.0]));
    assert_eq!(value, 4.0);
    assert_eq!(g.x, [0.0, 0.0, 1.0, 2.0]);
    let (_, g) = tie_breaks_grad([-1.0, 0.5, -1.0, 0.2]);
    assert_eq!(g.x, [1.0, 2.0, 0.0, 0.0]);
}

/// The element with the largest score, weighted by its position: `enumerate`,
/// `max_by` on the tuple's second field, and a `map` of the option.
#[differentiate]
fn argmax_weighted(x: &[f64]) -> f64 {
    x.iter()
        .map(|v| v * v)
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, v)| v * (i + 1) as f64)
        .unwrap()
}

#[test]
fn argmax_by_field() {
    let twin = |p: &[Dual64]| {
        let mut best = 0;
        for i in 0..p.len() {
            if p[i].re * p[i].re >= p[best].re * p[best].re {
                best = i;
            }
        }
        p[best] * p[best] * (best + 1) as f64
    };
    check_slice(
        "argmax_weighted",
        &[P4, P5, P7],
        argmax_weighted_grad,
        argmax_weighted,
        twin,
    );
}

// ---------------------------------------------------------------------------------
// `for` loops over chains
// ---------------------------------------------------------------------------------

/// A finite-difference stencil in a `for` over `windows(3)`, and a `for` over a zip
/// of neighbours with a `filter`.
#[differentiate]
fn stencil(x: &[f64]) -> f64 {
    let mut energy = 0.0;
    for w in x.windows(3) {
        let lap = w[0] - 2.0 * w[1] + w[2];
        energy += lap * lap;
    }
    for (a, b) in x.iter().zip(x.iter().skip(1)).filter(|(a, _)| **a > 0.0) {
        energy += a * b.exp();
    }
    energy
}

#[test]
fn for_over_windows_and_filtered_zip() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 0..p.len() - 2 {
            let lap = p[i] - p[i + 1] * 2.0 + p[i + 2];
            s += lap * lap;
        }
        for i in 0..p.len() - 1 {
            if p[i].re > 0.0 {
                s += p[i] * p[i + 1].exp();
            }
        }
        s
    };
    check_slice("stencil", &[P4, P5, P7], stencil_grad, stencil, twin);
}

/// `for (i, v) in .. .enumerate().skip(1)` and `for v in x.iter().rev().step_by(2)`,
/// with a `break` out of the chain's loop.
#[differentiate]
fn enumerated_loops(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for (i, v) in x.iter().enumerate().skip(1) {
        s += v * i as f64;
    }
    for &v in x.iter().rev().step_by(2) {
        if v < -2.0 {
            break;
        }
        s += v.sin();
    }
    s
}

#[test]
fn for_with_enumerate_skip_rev_step() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 1..p.len() {
            s += p[i] * i as f64;
        }
        let mut i = p.len();
        while i > 0 {
            let v = p[i - 1];
            if v.re < -2.0 {
                break;
            }
            s += v.sin();
            i = i.saturating_sub(2);
        }
        s
    };
    check_slice(
        "enumerated_loops",
        &[P4, P5, P7],
        enumerated_loops_grad,
        enumerated_loops,
        twin,
    );
}

// ---------------------------------------------------------------------------------
// Rows, nested chains, constant consumers
// ---------------------------------------------------------------------------------

/// A one-hidden-layer network over the rows of a weight matrix: each row's dot product
/// with the input by a nested chain.
#[differentiate(wrt(w))]
fn layer(w: &[[f64; 3]], x: [f64; 3]) -> f64 {
    w.iter()
        .map(|row| {
            row.iter()
                .zip(x.iter())
                .map(|(a, b)| a * b)
                .sum::<f64>()
                .tanh()
        })
        .sum()
}

#[test]
fn rows_with_nested_chains() {
    let x = [0.5, -1.0, 0.25];
    for flat in [
        [0.1, 0.2, -0.3, 0.7, -0.5, 0.4],
        [1.0, -0.4, 0.6, 0.2, 0.9, -1.1],
    ] {
        let w = [[flat[0], flat[1], flat[2]], [flat[3], flat[4], flat[5]]];
        let mut d = [[0.0; 3]; 2];
        let value = layer_grad(&w, x, &mut d).0;
        let grad: Vec<f64> = d.iter().flatten().copied().collect();
        let f = |p: &[f64]| layer(&[[p[0], p[1], p[2]], [p[3], p[4], p[5]]], x);
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for r in 0..2 {
                let mut z = cst(0.0);
                for j in 0..3 {
                    z += p[3 * r + j] * x[j];
                }
                s += z.tanh();
            }
            s
        };
        check("layer", &flat, value, &grad, f, twin);
    }
}

/// Pairwise squared distances by a chain inside a chain's closure.
#[differentiate]
fn pairwise(x: &[f64]) -> f64 {
    x.iter()
        .map(|a| x.iter().map(|b| (a - b).powi(2)).sum::<f64>())
        .sum::<f64>()
        .sqrt()
}

#[test]
fn nested_chains() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for &a in p {
            for &b in p {
                s += (a - b).powi(2);
            }
        }
        s.sqrt()
    };
    check_slice("pairwise", &[P4, P5], pairwise_grad, pairwise, twin);
}

/// The mean log of the positive elements, if all are finite: `all`, `any`, `count`.
#[differentiate]
fn positive_log_mean(x: &[f64]) -> f64 {
    if !x.iter().all(|v| v.is_finite()) || !x.iter().any(|&v| v > 0.0) {
        return 0.0;
    }
    let n = x.iter().filter(|v| **v > 0.0).count();
    x.iter().filter(|v| **v > 0.0).map(|v| v.ln()).sum::<f64>() / n as f64
}

#[test]
fn constant_consumers() {
    let twin = |p: &[Dual64]| {
        let (mut s, mut n) = (cst(0.0), 0);
        for &v in p {
            if v.re > 0.0 {
                s += v.ln();
                n += 1;
            }
        }
        s / n as f64
    };
    check_slice(
        "positive_log_mean",
        &[P4, P5, P7],
        positive_log_mean_grad,
        positive_log_mean,
        twin,
    );
    let mut d = [0.0; 2];
    assert_eq!(positive_log_mean_grad(&[-1.0, -2.0], &mut d).0, 0.0);
    assert_eq!(d, [0.0, 0.0]);
}

/// An array by value iterated with `into_iter`, and an array literal as a source.
#[differentiate]
fn by_value(x: [f64; 3], s: f64) -> f64 {
    let weights = [0.2, 0.3, 0.5]
        .iter()
        .zip(x)
        .map(|(w, v)| w * v)
        .sum::<f64>();
    x.into_iter().map(|v| (v * s).exp()).sum::<f64>() + weights
}

#[test]
fn arrays_by_value() {
    for p in [[0.5, -1.0, 0.3, 0.7], [1.2, 0.1, -0.4, -0.2]] {
        let (value, g) = by_value_grad([p[0], p[1], p[2]], p[3]);
        let twin = |p: &[Dual64]| {
            let mut s = p[0] * 0.2 + p[1] * 0.3 + p[2] * 0.5;
            for i in 0..3 {
                s += (p[i] * p[3]).exp();
            }
            s
        };
        let grad = [g.x[0], g.x[1], g.x[2], g.s];
        check(
            "by_value",
            &p,
            value,
            &grad,
            |p| by_value([p[0], p[1], p[2]], p[3]),
            twin,
        );
    }
}

/// `chunks_exact(2)` as points of a polyline, and sub-slices indexed (`x[1..][0]`).
#[differentiate]
fn polyline(xy: &[f64]) -> f64 {
    let length = xy
        .chunks_exact(2)
        .zip(xy[2..].chunks_exact(2))
        .map(|(p, q)| ((q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2)).sqrt())
        .sum::<f64>();
    length + xy[1..][0] * xy[..2][1] + xy[2..].len() as f64
}

#[test]
fn chunks_exact_and_indexed_sub_slices() {
    let twin = |p: &[Dual64]| {
        let mut s = p[1] * p[1] + (p.len() - 2) as f64;
        for i in (0..p.len() - 3).step_by(2) {
            s += ((p[i + 2] - p[i]).powi(2) + (p[i + 3] - p[i + 1]).powi(2)).sqrt();
        }
        s
    };
    let points: &[&[f64]] = &[
        &[0.0, 0.5, 1.0, -0.5, 2.0, 1.5],
        &[0.3, 0.1, -0.7, 1.2, 0.4, 0.9, 2.0, 2.0],
    ];
    check_slice("polyline", points, polyline_grad, polyline, twin);
}

/// A chain with only some parameters differentiated (`wrt`).
#[differentiate(wrt(theta))]
fn regression(theta: [f64; 2], xs: &[f64], ys: &[f64]) -> f64 {
    xs.iter()
        .zip(ys)
        .map(|(x, y)| (theta[0] + theta[1] * x - y).powi(2))
        .sum::<f64>()
        / xs.len() as f64
}

#[test]
fn regression_wrt_theta() {
    let (xs, ys) = ([0.0, 1.0, 2.0, 3.0], [0.5, 1.4, 2.6, 3.3]);
    for theta in [[0.2, 0.9], [-1.0, 2.0]] {
        let (value, g) = regression_grad(theta, &xs, &ys);
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for i in 0..4 {
                s += (p[0] + p[1] * xs[i] - ys[i]).powi(2);
            }
            s / 4.0
        };
        let f = |p: &[f64]| regression([p[0], p[1]], &xs, &ys);
        check_wrt(
            "regression",
            &theta,
            value,
            &[(0, g.theta[0]), (1, g.theta[1])],
            f,
            twin,
        );
    }
}

/// A least-squares loss over a minibatch of rows: `for (row, y) in xs.iter().zip(ys)`
/// with a chain over each row, and a row bound by `let`.
#[differentiate(wrt(w, b))]
fn batch_loss(w: [f64; 3], b: f64, xs: &[[f64; 3]], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for (row, y) in xs.iter().zip(ys) {
        let z = row.iter().zip(w.iter()).map(|(x, w)| x * w).sum::<f64>() + b;
        total += (z - y).powi(2);
    }
    let first = xs[0];
    total / xs.len() as f64 + 0.1 * (first[0] * w[0]).tanh()
}

#[test]
fn minibatch_rows() {
    let xs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-0.3, 0.8, 0.1]];
    let ys = [1.0, -0.5, 0.3];
    for p in [[0.2, -0.4, 0.6, 0.1], [1.0, 0.5, -0.2, -0.3]] {
        let (value, g) = batch_loss_grad([p[0], p[1], p[2]], p[3], &xs, &ys);
        let twin = |p: &[Dual64]| {
            let mut total = cst(0.0);
            for (row, &y) in xs.iter().zip(&ys) {
                let z = p[0] * row[0] + p[1] * row[1] + p[2] * row[2] + p[3];
                total += (z - y).powi(2);
            }
            total / 3.0 + (p[0] * xs[0][0]).tanh() * 0.1
        };
        let f = |p: &[f64]| batch_loss([p[0], p[1], p[2]], p[3], &xs, &ys);
        let grad = [g.w[0], g.w[1], g.w[2], g.b];
        check("batch_loss", &p, value, &grad, f, twin);
    }
}

/// A closure and a chain inside an `if` condition (kept as written, without a
/// derivative), next to the same closure and names in differentiated code.
#[differentiate]
fn conditioned(x: &[f64], t: f64) -> f64 {
    let sq = |v: f64| v * v;
    let v = 2.0 * t;
    let norm = x.iter().map(|v| sq(*v)).sum::<f64>();
    if sq(t) > x.iter().map(|v| v.abs()).sum::<f64>() {
        norm * v
    } else {
        norm - v
    }
}

#[test]
fn closures_and_chains_in_conditions() {
    let x = [0.5, -1.0, 0.25];
    for t in [0.5, 2.0, -1.9] {
        let mut d = [0.0; 3];
        let (value, g) = conditioned_grad(&x, t, &mut d);
        let point = [x[0], x[1], x[2], t];
        let grad = [d[0], d[1], d[2], g.t];
        let twin = |p: &[Dual64]| {
            let norm = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
            let abs_sum: f64 = p[..3].iter().map(|v| v.re.abs()).sum();
            if p[3].re * p[3].re > abs_sum {
                norm * p[3] * 2.0
            } else {
                norm - p[3] * 2.0
            }
        };
        let f = |p: &[f64]| conditioned(&p[..3], p[3]);
        check("conditioned", &point, value, &grad, f, twin);
    }
}

/// Three slices zipped (a nested tuple pattern), with turbofish on the adapters.
#[differentiate]
fn triple(x: &[f64], y: &[f64], z: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .zip(z.iter())
        .map::<f64, _>(|((a, b), &c)| a * b + c.sin())
        .fold::<f64, _>(0.0, |acc, t| acc + t * t)
}

#[test]
fn nested_zip_patterns() {
    let p = [0.3, -1.1, 0.8, 1.4, 0.2, -0.6, 2.0, 0.5, -0.4];
    for point in [p, p.map(|v| 0.5 - v)] {
        let (mut dx, mut dy, mut dz) = ([0.0; 3], [0.0; 3], [0.0; 3]);
        let value = triple_grad(
            &point[..3],
            &point[3..6],
            &point[6..],
            &mut dx,
            &mut dy,
            &mut dz,
        )
        .0;
        let grad: Vec<f64> = dx.iter().chain(&dy).chain(&dz).copied().collect();
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for i in 0..3 {
                let t = p[i] * p[i + 3] + p[i + 6].sin();
                s += t * t;
            }
            s
        };
        let f = |p: &[f64]| triple(&p[..3], &p[3..6], &p[6..]);
        check("triple", &point, value, &grad, f, twin);
    }
}

/// An `f32` function: the best element and a sum over a chain, in `f32`.
#[differentiate]
fn peak_f32(x: &[f32]) -> f32 {
    let peak = x.iter().copied().max_by(|a, b| a.total_cmp(b)).unwrap();
    peak + x.iter().map(|v| (v - peak).exp()).sum::<f32>().ln()
}

#[test]
fn f32_chains() {
    for point in [[0.5f32, -1.0, 1.5, 0.25], [2.0, 0.1, -0.3, 1.2]] {
        let mut d = [0.0f32; 4];
        let value = peak_f32_grad(&point, &mut d).0;
        let twin = |p: &[Dual64]| {
            let mut m = p[0];
            for &v in p {
                if v.re > m.re {
                    m = v;
                }
            }
            let mut s = cst(0.0);
            for &v in p {
                s += (v - m).exp();
            }
            m + s.ln()
        };
        common::check_f32("peak_f32", &point, value, &d, peak_f32, twin);
    }
}

/// Local energies of windows of three, each summed by a `for` loop over the window
/// (the window's name replaced inside the loop `iterate.rs` writes for it).
#[differentiate]
fn window_energy(x: &[f64]) -> f64 {
    x.windows(3)
        .map(|w| {
            let mut s = 0.0;
            for v in w.iter() {
                s += v * v;
            }
            s.sqrt() * w[1]
        })
        .sum()
}

#[test]
fn loops_over_windows() {
    let twin = |p: &[Dual64]| {
        let mut total = cst(0.0);
        for i in 0..p.len() - 2 {
            let s = p[i] * p[i] + p[i + 1] * p[i + 1] + p[i + 2] * p[i + 2];
            total += s.sqrt() * p[i + 1];
        }
        total
    };
    check_slice(
        "window_energy",
        &[P4, P5, P7],
        window_energy_grad,
        window_energy,
        twin,
    );
}

/// A `map` whose closure assigns to a captured `let mut`, consumed by `count`: the
/// closure runs for each element, as Rust runs it.
#[allow(clippy::manual_inspect)]
#[differentiate]
fn counted_energy(x: &[f64]) -> f64 {
    let mut energy = 0.0;
    let n = x
        .iter()
        .map(|v| {
            energy += v * v;
            v
        })
        .count();
    energy / n as f64
}

#[test]
fn closures_with_effects_run_when_counted() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for &v in p {
            s += v * v;
        }
        s / p.len() as f64
    };
    check_slice(
        "counted_energy",
        &[P4, P5],
        counted_energy_grad,
        counted_energy,
        twin,
    );
    check_slice(
        "inspected_energy",
        &[P4, P5],
        inspected_energy_grad,
        inspected_energy,
        twin,
    );
}

/// The same with `inspect`, the adapter for effects.
#[differentiate]
fn inspected_energy(x: &[f64]) -> f64 {
    let mut energy = 0.0;
    let n = x.iter().inspect(|v| energy += *v * *v).count();
    energy / n as f64
}

/// With no element, `.unwrap()` of `max_by` panics in the gradient as in the function.
#[test]
#[should_panic(expected = "called `Option::unwrap()` on a `None` value")]
fn best_of_nothing_panics_like_rust() {
    let _ = spread_grad(&[], &mut []);
}

/// A `move` closure copies what it captures where it is defined: `scale` keeps reading
/// the first `k` after `k` is updated (a closure borrowing `k` could not be called then).
#[differentiate]
fn moved_capture(x: f64, y: f64) -> f64 {
    let mut k = x * 2.0;
    let scale = move |t: f64| k * t;
    k += y;
    scale(y) + k * scale(1.0)
}

#[test]
fn move_closures_copy_their_captures() {
    for p in [[0.5, -1.2], [1.5, 0.3]] {
        let (value, g) = moved_capture_grad(p[0], p[1]);
        let twin = |p: &[Dual64]| {
            let k0 = p[0] * 2.0;
            let k = k0 + p[1];
            k0 * p[1] + k * k0
        };
        check(
            "moved_capture",
            &p,
            value,
            &[g.x, g.y],
            |p| moved_capture(p[0], p[1]),
            twin,
        );
    }
}

/// A `move` closure updating its own copy of a capture, call after call.
#[differentiate]
fn closure_state(x: f64) -> f64 {
    let acc = x;
    let step = move |v: f64| {
        let mut acc = acc;
        acc *= v;
        acc
    };
    let mut power = x;
    let mut times = move |v: f64| {
        power *= v;
        power
    };
    step(x) + step(2.0) + times(x) + times(3.0)
}

#[test]
fn move_closures_keep_their_state() {
    for x in [0.5, -1.3] {
        let (value, g) = closure_state_grad(x);
        // step: x·x, x·2 (a fresh copy each call); times: x·x, then x·x·3.
        let twin = |p: &[Dual64]| p[0] * p[0] + p[0] * 2.0 + p[0] * p[0] + p[0] * p[0] * 3.0;
        check(
            "closure_state",
            &[x],
            value,
            &[g.x],
            |p| closure_state(p[0]),
            twin,
        );
    }
}
