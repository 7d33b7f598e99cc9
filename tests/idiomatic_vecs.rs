//! Functions written the way numeric crates write them with `Vec` locals: built by
//! `vec![..]`, `Vec::with_capacity` + `push`, or `collect()`, then indexed, assigned,
//! measured and iterated, with statement macros (`assert!`, `debug_assert_eq!`) where
//! such crates put them. Each is checked at several points against central finite
//! differences of itself and num-dual on a hand-written index-loop twin.
// `Vec` locals where an array would do are the point here (`clippy::useless_vec`).
#![allow(clippy::needless_range_loop, clippy::useless_vec)]

use backprop::differentiate;

mod common;
use common::{check, check_slice, cst};
use num_dual::{Dual64, DualNum};

const P4: &[f64] = &[0.4, -1.3, 0.9, 2.2];
const P5: &[f64] = &[1.1, 0.35, -0.6, 2.1, -1.4];
const P7: &[f64] = &[0.7, -0.3, 1.6, -2.2, 0.9, 0.25, 1.2];
const POSITIVE: &[f64] = &[0.4, 1.3, 0.9, 2.2, 0.6];

fn dsum(v: &[Dual64]) -> Dual64 {
    v.iter().fold(cst(0.0), |a, &b| a + b)
}

/// statrs-style sample variance: the deviations collected, checked by `assert!`.
#[differentiate]
fn variance(x: &[f64]) -> f64 {
    let n = x.len();
    assert!(n > 1, "variance needs at least two samples");
    let mean = x.iter().sum::<f64>() / n as f64;
    let dev: Vec<f64> = x.iter().map(|v| v - mean).collect();
    debug_assert_eq!(dev.len(), n);
    dev.iter().map(|d| d * d).sum::<f64>() / (n - 1) as f64
}

fn variance_twin(x: &[Dual64]) -> Dual64 {
    let n = x.len() as f64;
    let mean = dsum(x) / n;
    let mut s = cst(0.0);
    for v in x {
        s += (*v - mean) * (*v - mean);
    }
    s / (n - 1.0)
}

#[test]
fn sample_variance_with_assert() {
    check_slice(
        "variance",
        &[P4, P5, P7],
        variance_grad,
        variance,
        variance_twin,
    );
}

/// Softmax probabilities collected, then their entropy.
#[differentiate]
fn softmax_entropy(logits: &[f64]) -> f64 {
    let max = logits.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let exps: Vec<f64> = logits.iter().map(|v| (v - max).exp()).collect();
    let total: f64 = exps.iter().sum();
    let p: Vec<f64> = exps.iter().map(|e| e / total).collect();
    -p.iter().map(|q| q * q.ln()).sum::<f64>()
}

#[test]
fn normalisation_that_collects() {
    let twin = |x: &[Dual64]| {
        let mut max = x[0];
        for v in x {
            if v.re > max.re {
                max = *v;
            }
        }
        let exps: Vec<Dual64> = x.iter().map(|v| (*v - max).exp()).collect();
        let total = dsum(&exps);
        let mut h = cst(0.0);
        for e in &exps {
            let q = *e / total;
            h -= q * q.ln();
        }
        h
    };
    check_slice(
        "softmax_entropy",
        &[P4, P5, P7],
        softmax_entropy_grad,
        softmax_entropy,
        twin,
    );
}

/// A moving average of width 3 pushed into a `Vec`, then its energy.
#[differentiate]
fn moving_average_energy(x: &[f64]) -> f64 {
    let k = 3;
    let mut avg = Vec::with_capacity(x.len() - k + 1);
    for i in 0..x.len() - k + 1 {
        let mut s = 0.0;
        for j in 0..k {
            s += x[i + j];
        }
        avg.push(s / k as f64);
    }
    let mut energy = 0.0;
    for a in &avg {
        energy += a * a;
    }
    energy
}

#[test]
fn moving_average_into_a_vec() {
    let twin = |x: &[Dual64]| {
        let mut e = cst(0.0);
        for i in 0..x.len() - 2 {
            let a = (x[i] + x[i + 1] + x[i + 2]) / 3.0;
            e += a * a;
        }
        e
    };
    check_slice(
        "moving_average",
        &[P4, P5, P7],
        moving_average_energy_grad,
        moving_average_energy,
        twin,
    );
}

/// Cumulative sums into `vec![0.0; n]`, then a smooth function of them.
#[differentiate]
fn cumulative(x: &[f64]) -> f64 {
    let n = x.len();
    let mut c = vec![0.0; n];
    c[0] = x[0];
    for i in 1..n {
        c[i] = c[i - 1] + x[i];
    }
    c.iter().map(|v| v.sin()).sum()
}

#[test]
fn cumulative_sums() {
    let twin = |x: &[Dual64]| {
        let mut s = cst(0.0);
        let mut total = cst(0.0);
        for v in x {
            s += *v;
            total += s.sin();
        }
        total
    };
    check_slice(
        "cumulative",
        &[P4, P5, P7],
        cumulative_grad,
        cumulative,
        twin,
    );
}

/// The 1-D finite-difference Laplacian (fixed ends) and its energy.
#[differentiate]
fn laplacian_energy(u: &[f64], h: f64) -> f64 {
    let n = u.len();
    let mut lap = vec![0.0; n];
    for i in 1..n - 1 {
        lap[i] = (u[i - 1] - 2.0 * u[i] + u[i + 1]) / (h * h);
    }
    0.5 * lap.iter().map(|l| l * l).sum::<f64>() * h
}

#[test]
fn finite_difference_laplacian() {
    let twin = |p: &[Dual64]| {
        let (u, h) = (&p[..p.len() - 1], p[p.len() - 1]);
        let mut e = cst(0.0);
        for i in 1..u.len() - 1 {
            let l = (u[i - 1] - u[i] * 2.0 + u[i + 1]) / (h * h);
            e += l * l;
        }
        e * 0.5 * h
    };
    for (u, h) in [(P5, 0.5), (P7, 0.8)] {
        let mut d_u = vec![0.0; u.len()];
        let (value, grad) = laplacian_energy_grad(u, h, &mut d_u);
        let mut point = u.to_vec();
        point.push(h);
        let mut g = d_u.clone();
        g.push(grad.h);
        let f = |p: &[f64]| laplacian_energy(&p[..p.len() - 1], p[p.len() - 1]);
        check("laplacian_energy", &point, value, &g, f, twin);
    }
}

/// Polynomial features pushed one power at a time, then a dot product.
#[differentiate]
fn polynomial(coeffs: &[f64], x: f64) -> f64 {
    let mut features = Vec::with_capacity(coeffs.len());
    let mut power = 1.0;
    for _ in 0..coeffs.len() {
        features.push(power);
        power *= x;
    }
    features.iter().zip(coeffs).map(|(f, c)| f * c).sum()
}

#[test]
fn polynomial_features() {
    let twin = |p: &[Dual64]| {
        let (c, x) = (&p[..p.len() - 1], p[p.len() - 1]);
        let mut s = cst(0.0);
        let mut power = cst(1.0);
        for ci in c {
            s += power * *ci;
            power *= x;
        }
        s
    };
    for (c, x) in [(P4, 0.7), (P5, -1.3)] {
        let mut d_c = vec![0.0; c.len()];
        let (value, grad) = polynomial_grad(c, x, &mut d_c);
        let mut point = c.to_vec();
        point.push(x);
        let mut g = d_c.clone();
        g.push(grad.x);
        let f = |p: &[f64]| polynomial(&p[..p.len() - 1], p[p.len() - 1]);
        check("polynomial", &point, value, &g, f, twin);
    }
}

/// A triangle's perimeter from `vec![a, b, c]` of computed sides.
#[differentiate]
fn perimeter(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let sides = vec![(ax - bx).hypot(ay - by), ax.hypot(ay), bx.hypot(by)];
    sides.iter().sum()
}

#[test]
fn vec_of_values() {
    let twin = |p: &[Dual64]| {
        let h = |a: Dual64, b: Dual64| (a * a + b * b).sqrt();
        h(p[0] - p[2], p[1] - p[3]) + h(p[0], p[1]) + h(p[2], p[3])
    };
    for p in [[1.0, 2.0, -0.5, 0.7], [0.3, -1.1, 2.2, 0.4]] {
        let (value, g) = perimeter_grad(p[0], p[1], p[2], p[3]);
        let f = |p: &[f64]| perimeter(p[0], p[1], p[2], p[3]);
        check("perimeter", &p, value, &[g.ax, g.ay, g.bx, g.by], f, twin);
    }
}

/// Cross-entropy of collected softmax probabilities at a label.
#[differentiate]
fn cross_entropy(logits: &[f64], label: usize) -> f64 {
    let z: f64 = logits.iter().map(|v| v.exp()).sum();
    let p = logits.iter().map(|v| v.exp() / z).collect::<Vec<_>>();
    -p[label].ln()
}

#[test]
fn cross_entropy_from_collected_probabilities() {
    for label in [0, 2] {
        let twin = |x: &[Dual64]| {
            let z = dsum(&x.iter().map(|v| v.exp()).collect::<Vec<_>>());
            -(x[label].exp() / z).ln()
        };
        check_slice(
            "cross_entropy",
            &[P4, P5],
            |x: &[f64], d: &mut [f64]| cross_entropy_grad(x, label, d),
            |x: &[f64]| cross_entropy(x, label),
            twin,
        );
    }
}

/// Residuals of a line fit collected, then a robust loss over `for r in &res`.
#[differentiate]
fn line_fit(ab: &[f64], xs: &[f64], ys: &[f64]) -> f64 {
    let a = ab[0];
    let b = ab[1];
    let res: Vec<f64> = xs.iter().zip(ys).map(|(x, y)| a * x + b - y).collect();
    let mut loss = 0.0;
    for r in &res {
        loss += (1.0 + r * r).ln();
    }
    loss / res.len() as f64
}

#[test]
fn residuals_then_loss() {
    let (xs, ys) = ([0.0, 1.0, 2.0, 3.0], [0.9, 2.1, 2.8, 4.4]);
    let twin = |p: &[Dual64]| {
        let mut l = cst(0.0);
        for i in 0..4 {
            let r = p[0] * xs[i] + p[1] - ys[i];
            l += (r * r + 1.0).ln();
        }
        l / 4.0
    };
    let grad =
        |ab: &[f64], d: &mut [f64]| line_fit_grad(ab, &xs, &ys, d, &mut [0.0; 4], &mut [0.0; 4]);
    let f = |ab: &[f64]| line_fit(ab, &xs, &ys);
    check_slice("line_fit", &[&[1.0, 0.5], &[-0.3, 2.0]], grad, f, twin);
}

/// Products collected from a `zip`, weighted by position.
#[differentiate]
fn weighted_products(x: &[f64], y: &[f64]) -> f64 {
    let prod = x.iter().zip(y).map(|(a, b)| a * b).collect::<Vec<_>>();
    prod.iter()
        .enumerate()
        .map(|(i, p)| p * (i + 1) as f64)
        .sum()
}

#[test]
fn zip_collect_enumerate() {
    let twin = |p: &[Dual64]| {
        let n = p.len() / 2;
        let mut s = cst(0.0);
        for i in 0..n {
            s += p[i] * p[n + i] * (i + 1) as f64;
        }
        s
    };
    for (x, y) in [(P4, &P5[..4]), (&P7[..4], P4)] {
        let (mut dx, mut dy) = (vec![0.0; 4], vec![0.0; 4]);
        let (value, _) = weighted_products_grad(x, y, &mut dx, &mut dy);
        let point: Vec<f64> = x.iter().chain(y).copied().collect();
        dx.extend(dy);
        let f = |p: &[f64]| weighted_products(&p[..4], &p[4..]);
        check("weighted_products", &point, value, &dx, f, twin);
    }
}

/// Differences collected by `windows(2)`, then the curvature of the differences.
#[differentiate]
fn second_differences(x: &[f64]) -> f64 {
    let d: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    d.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum()
}

#[test]
fn windows_over_a_collected_vec() {
    let twin = |x: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 0..x.len() - 2 {
            let c = x[i + 2] - x[i + 1] * 2.0 + x[i];
            s += c * c;
        }
        s
    };
    check_slice(
        "second_differences",
        &[P4, P5, P7],
        second_differences_grad,
        second_differences,
        twin,
    );
}

/// Bins accumulated with `+=` at a computed index, then their norms.
#[differentiate]
fn binned_norms(x: &[f64]) -> f64 {
    let mut bins = vec![0.0; 3];
    for (i, v) in x.iter().enumerate() {
        bins[i % 3] += v * v;
    }
    bins.iter().map(|b| (b + 1.0).sqrt()).sum()
}

#[test]
fn accumulation_into_bins() {
    let twin = |x: &[Dual64]| {
        let mut bins = [cst(0.0); 3];
        for (i, v) in x.iter().enumerate() {
            bins[i % 3] += *v * *v;
        }
        bins.iter().fold(cst(0.0), |a, b| a + (*b + 1.0).sqrt())
    };
    check_slice(
        "binned_norms",
        &[P4, P5, P7],
        binned_norms_grad,
        binned_norms,
        twin,
    );
}

/// The interior of a collected `Vec`, as a sub-slice passed to a chain.
#[differentiate]
fn interior_mean(x: &[f64]) -> f64 {
    let scaled: Vec<f64> = x.iter().map(|v| v.tanh()).collect();
    let n = scaled.len();
    scaled[1..n - 1].iter().sum::<f64>() / (n - 2) as f64
}

#[test]
fn sub_slice_of_a_vec() {
    let twin = |x: &[Dual64]| {
        let n = x.len();
        let mut s = cst(0.0);
        for v in &x[1..n - 1] {
            s += v.tanh();
        }
        s / (n - 2) as f64
    };
    check_slice(
        "interior_mean",
        &[P4, P5, P7],
        interior_mean_grad,
        interior_mean,
        twin,
    );
}

/// An explicit Euler trajectory pushed step by step, then its total.
#[differentiate]
fn euler_trajectory(y0: f64, k: f64) -> f64 {
    let steps = 20;
    let dt = 0.05;
    let mut traj = Vec::with_capacity(steps + 1);
    traj.push(y0);
    for i in 0..steps {
        let y = traj[i];
        traj.push(y + dt * (-k * y + y.sin()));
    }
    println!("final state {}", traj[steps]);
    traj.iter().sum::<f64>() * dt
}

#[test]
fn trajectory_pushed_in_a_loop() {
    let twin = |p: &[Dual64]| {
        let (mut y, k) = (p[0], p[1]);
        let mut s = y;
        for _ in 0..20 {
            y = y + (-k * y + y.sin()) * 0.05;
            s += y;
        }
        s * 0.05
    };
    for p in [[1.0, 0.5], [-0.4, 2.0], [2.5, -0.3]] {
        let (value, g) = euler_trajectory_grad(p[0], p[1]);
        let f = |p: &[f64]| euler_trajectory(p[0], p[1]);
        check("euler_trajectory", &p, value, &[g.y0, g.k], f, twin);
    }
}

/// A Gaussian log-likelihood: `assert!` on the scale, z-scores collected.
#[differentiate]
fn gaussian_ll(data: &[f64], mu: f64, sigma: f64) -> f64 {
    assert!(sigma > 0.0, "sigma must be positive, got {sigma}");
    let z: Vec<f64> = data.iter().map(|x| (x - mu) / sigma).collect();
    let n = z.len() as f64;
    -0.5 * z.iter().map(|v| v * v).sum::<f64>()
        - n * sigma.ln()
        - 0.5 * n * (2.0 * std::f64::consts::PI).ln()
}

#[test]
fn gaussian_log_likelihood_with_assert() {
    let data = [0.3, 1.9, -0.4, 1.1, 0.8];
    let twin = |p: &[Dual64]| {
        let (mu, sigma) = (p[0], p[1]);
        let mut s = cst(0.0);
        for x in data {
            let z = (cst(x) - mu) / sigma;
            s += z * z;
        }
        s * -0.5 - sigma.ln() * 5.0 - cst(0.5 * 5.0 * (2.0 * std::f64::consts::PI).ln())
    };
    for p in [[0.5, 1.2], [-0.2, 0.7]] {
        let mut d_data = [0.0; 5];
        let (value, g) = gaussian_ll_grad(&data, p[0], p[1], &mut d_data);
        let f = |p: &[f64]| gaussian_ll(&data, p[0], p[1]);
        check("gaussian_ll", &p, value, &[g.mu, g.sigma], f, twin);
    }
}

/// Log returns of the positive prices only, collected through a `filter`.
#[differentiate]
fn mean_log(prices: &[f64]) -> f64 {
    let logs: Vec<f64> = prices
        .iter()
        .filter(|p| **p > 0.5)
        .map(|p| p.ln())
        .collect();
    logs.iter().sum::<f64>() / logs.len() as f64
}

#[test]
fn filtered_collect() {
    let twin = |x: &[Dual64]| {
        let kept: Vec<Dual64> = x.iter().filter(|p| p.re > 0.5).map(|p| p.ln()).collect();
        dsum(&kept) / kept.len() as f64
    };
    check_slice(
        "mean_log",
        &[POSITIVE, &[0.6, 3.0, 0.2, 1.7]],
        mean_log_grad,
        mean_log,
        twin,
    );
}

/// Element updates `v[i] *= ..` style through `=` and `-=` on a collected `Vec`.
#[differentiate]
fn centred_energy(x: &[f64]) -> f64 {
    let mut v: Vec<f64> = x.iter().map(|a| a.exp()).collect();
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    for i in 0..v.len() {
        v[i] -= mean;
    }
    v[0] *= 2.0;
    v.iter().map(|d| d * d).sum()
}

#[test]
fn assignments_into_a_collected_vec() {
    let twin = |x: &[Dual64]| {
        let e: Vec<Dual64> = x.iter().map(|a| a.exp()).collect();
        let mean = dsum(&e) / x.len() as f64;
        let mut s = cst(0.0);
        for (i, v) in e.iter().enumerate() {
            let mut d = *v - mean;
            if i == 0 {
                d *= cst(2.0);
            }
            s += d * d;
        }
        s
    };
    check_slice(
        "centred_energy",
        &[P4, P5, P7],
        centred_energy_grad,
        centred_energy,
        twin,
    );
}
