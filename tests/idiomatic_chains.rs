//! Functions written the way numeric crates write them, with iterator chains and
//! closures (argmin's test functions, statrs-style statistics, numerical recipes):
//! each is `#[differentiate]`d unchanged and checked at several points against central
//! finite differences of itself and against num-dual on a hand-written index-loop twin.
//! More functions (closures, `max_by`, `for` over chains, rows, nested chains) are in
//! `idiomatic_chains_more.rs`.
#![allow(clippy::needless_range_loop)]

use backprop::differentiate;
use std::f64::consts::{E, PI};

mod common;
use common::{check, check_slice, cst, dabs};
use num_dual::{Dual64, DualNum};

const P3: &[f64] = &[0.3, -1.2, 0.8];
const P5: &[f64] = &[1.1, 0.4, -0.6, 2.1, -1.4];
const P6: &[f64] = &[0.7, -0.3, 1.6, -2.2, 0.9, 0.25];

fn sum(v: &[Dual64]) -> Dual64 {
    v.iter().fold(cst(0.0), |a, &b| a + b)
}

// ---------------------------------------------------------------------------------
// argmin's test functions, as chains over `param: &[f64]`
// ---------------------------------------------------------------------------------

/// Sphere: `Σ x²`.
#[differentiate]
fn sphere(param: &[f64]) -> f64 {
    param.iter().map(|x| x.powi(2)).sum()
}

#[test]
fn sphere_function() {
    let twin = |p: &[Dual64]| sum(&p.iter().map(|x| x.powi(2)).collect::<Vec<_>>());
    check_slice("sphere", &[P3, P5], sphere_grad, sphere, twin);
}

/// Rosenbrock: `Σ a(x_{i+1} - x_i²)² + (1 - x_i)²` over windows of two.
#[differentiate]
fn rosenbrock(param: &[f64]) -> f64 {
    let a = 1.0;
    let b = 100.0;
    param
        .windows(2)
        .map(|w| b * (w[1] - w[0].powi(2)).powi(2) + (a - w[0]).powi(2))
        .sum()
}

#[test]
fn rosenbrock_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 0..p.len() - 1 {
            s += (p[i + 1] - p[i].powi(2)).powi(2) * 100.0 + (cst(1.0) - p[i]).powi(2);
        }
        s
    };
    check_slice(
        "rosenbrock",
        &[P3, P5, P6],
        rosenbrock_grad,
        rosenbrock,
        twin,
    );
}

/// Rastrigin: `10 n + Σ x² - 10 cos(2π x)`.
#[differentiate]
fn rastrigin(param: &[f64]) -> f64 {
    let a = 10.0;
    a * param.len() as f64
        + param
            .iter()
            .map(|&x| x.powi(2) - a * (2.0 * PI * x).cos())
            .sum::<f64>()
}

#[test]
fn rastrigin_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(10.0 * p.len() as f64);
        for &x in p {
            s += x.powi(2) - (x * (2.0 * PI)).cos() * 10.0;
        }
        s
    };
    check_slice("rastrigin", &[P3, P5], rastrigin_grad, rastrigin, twin);
}

/// Ackley: `-a e^{-b √(Σx²/n)} - e^{Σ cos(cx)/n} + a + e`.
#[differentiate]
fn ackley(param: &[f64]) -> f64 {
    let a = 20.0;
    let b = 0.2;
    let c = 2.0 * PI;
    let n = param.len() as f64;
    let squares = param.iter().map(|x| x.powi(2)).sum::<f64>() / n;
    let cosines = param.iter().map(|x| (c * x).cos()).sum::<f64>() / n;
    -a * (-b * squares.sqrt()).exp() - cosines.exp() + a + E
}

#[test]
fn ackley_function() {
    let twin = |p: &[Dual64]| {
        let n = p.len() as f64;
        let (mut sq, mut co) = (cst(0.0), cst(0.0));
        for &x in p {
            sq += x.powi(2);
            co += (x * (2.0 * PI)).cos();
        }
        -((sq / n).sqrt() * -0.2).exp() * 20.0 - (co / n).exp() + 20.0 + E
    };
    check_slice("ackley", &[P3, P5, P6], ackley_grad, ackley, twin);
}

/// Styblinski-Tang: `½ Σ x⁴ - 16x² + 5x`.
#[differentiate]
fn styblinski_tang(param: &[f64]) -> f64 {
    0.5 * param
        .iter()
        .map(|x| x.powi(4) - 16.0 * x.powi(2) + 5.0 * x)
        .sum::<f64>()
}

#[test]
fn styblinski_tang_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for &x in p {
            s += x.powi(4) - x.powi(2) * 16.0 + x * 5.0;
        }
        s * 0.5
    };
    check_slice(
        "styblinski_tang",
        &[P3, P6],
        styblinski_tang_grad,
        styblinski_tang,
        twin,
    );
}

/// Levy, with argmin's weight closure and a sub-slice for the middle terms.
#[differentiate]
fn levy(param: &[f64]) -> f64 {
    let n = param.len();
    let w = |x: f64| 1.0 + (x - 1.0) / 4.0;
    let w1 = w(param[0]);
    let wn = w(param[n - 1]);
    (PI * w1).sin().powi(2)
        + param[0..n - 1]
            .iter()
            .map(|&x| {
                let wi = w(x);
                (wi - 1.0).powi(2) * (1.0 + 10.0 * (PI * wi + 1.0).sin().powi(2))
            })
            .sum::<f64>()
        + (wn - 1.0).powi(2) * (1.0 + (2.0 * PI * wn).sin().powi(2))
}

#[test]
fn levy_function() {
    let twin = |p: &[Dual64]| {
        let w = |x: Dual64| (x - 1.0) / 4.0 + 1.0;
        let n = p.len();
        let mut s = (w(p[0]) * PI).sin().powi(2);
        for &x in &p[..n - 1] {
            let wi = w(x);
            s += (wi - 1.0).powi(2) * ((wi * PI + 1.0).sin().powi(2) * 10.0 + 1.0);
        }
        let wn = w(p[n - 1]);
        s + (wn - 1.0).powi(2) * ((wn * (2.0 * PI)).sin().powi(2) + 1.0)
    };
    check_slice("levy", &[P3, P5, P6], levy_grad, levy, twin);
}

/// Zakharov: `Σx² + (Σ ½ i x)² + (Σ ½ i x)⁴`, `i` from 1, by `enumerate`.
#[differentiate]
fn zakharov(param: &[f64]) -> f64 {
    let sum1 = param.iter().map(|x| x.powi(2)).sum::<f64>();
    let sum2 = param
        .iter()
        .enumerate()
        .map(|(i, x)| 0.5 * (i + 1) as f64 * x)
        .sum::<f64>();
    sum1 + sum2.powi(2) + sum2.powi(4)
}

#[test]
fn zakharov_function() {
    let twin = |p: &[Dual64]| {
        let (mut s1, mut s2) = (cst(0.0), cst(0.0));
        for (i, &x) in p.iter().enumerate() {
            s1 += x.powi(2);
            s2 += x * (0.5 * (i + 1) as f64);
        }
        s1 + s2.powi(2) + s2.powi(4)
    };
    check_slice("zakharov", &[P3, P5], zakharov_grad, zakharov, twin);
}

/// Griewank: `1 + Σ x²/4000 - Π cos(x / √i)`.
#[differentiate]
fn griewank(param: &[f64]) -> f64 {
    let sum = param.iter().map(|x| x.powi(2)).sum::<f64>() / 4000.0;
    let prod = param
        .iter()
        .enumerate()
        .map(|(i, x)| (x / ((i + 1) as f64).sqrt()).cos())
        .product::<f64>();
    1.0 + sum - prod
}

#[test]
fn griewank_function() {
    let twin = |p: &[Dual64]| {
        let (mut s, mut pr) = (cst(0.0), cst(1.0));
        for (i, &x) in p.iter().enumerate() {
            s += x.powi(2);
            pr *= (x / ((i + 1) as f64).sqrt()).cos();
        }
        s / 4000.0 + 1.0 - pr
    };
    check_slice("griewank", &[P3, P6], griewank_grad, griewank, twin);
}

/// Dixon-Price: `(x₀ - 1)² + Σ_{i≥1} (i + 1)(2x_i² - x_{i-1})²`, windows enumerated.
#[differentiate]
fn dixon_price(param: &[f64]) -> f64 {
    (param[0] - 1.0).powi(2)
        + param
            .windows(2)
            .enumerate()
            .map(|(i, w)| (i + 2) as f64 * (2.0 * w[1].powi(2) - w[0]).powi(2))
            .sum::<f64>()
}

#[test]
fn dixon_price_function() {
    let twin = |p: &[Dual64]| {
        let mut s = (p[0] - 1.0).powi(2);
        for i in 1..p.len() {
            s += (p[i].powi(2) * 2.0 - p[i - 1]).powi(2) * ((i + 1) as f64);
        }
        s
    };
    check_slice(
        "dixon_price",
        &[P3, P5, P6],
        dixon_price_grad,
        dixon_price,
        twin,
    );
}

/// Sum of different powers: `Σ |x_i|^{i+2}`.
#[differentiate]
fn different_powers(param: &[f64]) -> f64 {
    param
        .iter()
        .enumerate()
        .map(|(i, x)| x.abs().powi(i as i32 + 2))
        .sum()
}

#[test]
fn different_powers_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for (i, &x) in p.iter().enumerate() {
            s += dabs(x).powi(i as i32 + 2);
        }
        s
    };
    check_slice(
        "different_powers",
        &[P3, P5],
        different_powers_grad,
        different_powers,
        twin,
    );
}

/// Trid: `Σ (x - 1)² - Σ x_i x_{i-1}`, neighbours by `zip` with `skip(1)`.
#[differentiate]
fn trid(param: &[f64]) -> f64 {
    let squares = param.iter().map(|x| (x - 1.0).powi(2)).sum::<f64>();
    let products = param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(a, b)| a * b)
        .sum::<f64>();
    squares - products
}

#[test]
fn trid_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 0..p.len() {
            s += (p[i] - 1.0).powi(2);
            if i > 0 {
                s -= p[i] * p[i - 1];
            }
        }
        s
    };
    check_slice("trid", &[P3, P5, P6], trid_grad, trid, twin);
}

/// Michalewicz: `-Σ sin(x) sin(i x²/π)^{2m}`.
#[differentiate]
fn michalewicz(param: &[f64]) -> f64 {
    let m = 10;
    -param
        .iter()
        .enumerate()
        .map(|(i, &x)| x.sin() * ((i + 1) as f64 * x.powi(2) / PI).sin().powi(2 * m))
        .sum::<f64>()
}

#[test]
fn michalewicz_function() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for (i, &x) in p.iter().enumerate() {
            s += x.sin() * (x.powi(2) * ((i + 1) as f64 / PI)).sin().powi(20);
        }
        -s
    };
    let points: &[&[f64]] = &[&[2.2, 1.57, 1.9], &[1.0, 2.5, 1.3, 0.8]];
    check_slice("michalewicz", points, michalewicz_grad, michalewicz, twin);
}

// ---------------------------------------------------------------------------------
// Statistics in statrs' style
// ---------------------------------------------------------------------------------

/// Sample variance around the mean, two passes.
#[differentiate]
fn variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

#[test]
fn sample_variance() {
    let twin = |p: &[Dual64]| {
        let n = p.len() as f64;
        let mean = sum(p) / n;
        sum(&p.iter().map(|v| (*v - mean).powi(2)).collect::<Vec<_>>()) / (n - 1.0)
    };
    check_slice("variance", &[P3, P5, P6], variance_grad, variance, twin);
}

/// Gaussian log-likelihood of a data set, by the mean and the standard deviation.
#[differentiate(wrt(mu, sigma))]
fn gaussian_ll(data: &[f64], mu: f64, sigma: f64) -> f64 {
    let ln_norm = -0.5 * (2.0 * PI).ln() - sigma.ln();
    data.iter()
        .map(|x| ln_norm - 0.5 * ((x - mu) / sigma).powi(2))
        .sum()
}

#[test]
fn gaussian_log_likelihood() {
    let data = [0.3, 1.9, -0.4, 1.2, 0.8];
    for (mu, sigma) in [(0.5, 1.3), (-0.2, 0.7), (1.0, 2.2)] {
        let (value, g) = gaussian_ll_grad(&data, mu, sigma);
        let twin = |p: &[Dual64]| {
            let mut s = cst(0.0);
            for &x in &data {
                s += -p[1].ln() - 0.5 * (2.0 * PI).ln() - ((cst(x) - p[0]) / p[1]).powi(2) * 0.5;
            }
            s
        };
        let f = |p: &[f64]| gaussian_ll(&data, p[0], p[1]);
        check(
            "gaussian_ll",
            &[mu, sigma],
            value,
            &[g.mu, g.sigma],
            f,
            twin,
        );
    }
}

/// Mean squared error between predictions and targets, by `zip`.
#[differentiate]
fn mse(pred: [f64; 4], target: [f64; 4]) -> f64 {
    pred.iter()
        .zip(target.iter())
        .map(|(p, t)| (p - t).powi(2))
        .sum::<f64>()
        / pred.len() as f64
}

#[test]
fn mean_squared_error() {
    for (p, t) in [
        ([0.5, 1.5, -0.2, 0.0], [0.4, 1.0, 0.3, -0.8]),
        ([2.0, -1.0, 0.7, 0.1], [1.0, 1.0, 1.0, 1.0]),
    ] {
        let (value, g) = mse_grad(p, t);
        let x: Vec<f64> = p.iter().chain(&t).copied().collect();
        let grad: Vec<f64> = g.pred.iter().chain(&g.target).copied().collect();
        let f = |x: &[f64]| mse([x[0], x[1], x[2], x[3]], [x[4], x[5], x[6], x[7]]);
        let twin = |x: &[Dual64]| {
            let mut s = cst(0.0);
            for i in 0..4 {
                s += (x[i] - x[i + 4]).powi(2);
            }
            s / 4.0
        };
        check("mse", &x, value, &grad, f, twin);
    }
}

/// Weighted mean `Σ w x / Σ w`, zipping a slice with a slice given bare.
#[differentiate]
fn weighted_mean(w: &[f64], x: &[f64]) -> f64 {
    w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>() / w.iter().sum::<f64>()
}

#[test]
fn weighted_mean_of_slices() {
    for (w, x) in [
        ([0.5, 1.5, 0.2], [1.0, -2.0, 3.0]),
        ([2.0, 0.3, 0.9], [0.1, 0.4, -0.6]),
    ] {
        let (mut dw, mut dx) = ([0.0; 3], [0.0; 3]);
        let value = weighted_mean_grad(&w, &x, &mut dw, &mut dx).0;
        let p: Vec<f64> = w.iter().chain(&x).copied().collect();
        let grad: Vec<f64> = dw.iter().chain(&dx).copied().collect();
        let f = |p: &[f64]| weighted_mean(&p[..3], &p[3..]);
        let twin = |p: &[Dual64]| {
            let (mut num, mut den) = (cst(0.0), cst(0.0));
            for i in 0..3 {
                num += p[i] * p[i + 3];
                den += p[i];
            }
            num / den
        };
        check("weighted_mean", &p, value, &grad, f, twin);
    }
}

/// Poisson negative log-likelihood of counts at rates (`copied` elements, `&k` pattern).
#[differentiate(wrt(rates))]
fn poisson_nll(counts: &[f64], rates: &[f64]) -> f64 {
    counts
        .iter()
        .copied()
        .zip(rates.iter())
        .map(|(k, &r)| r - k * r.ln())
        .sum()
}

#[test]
fn poisson_negative_log_likelihood() {
    let counts = [2.0, 0.0, 5.0, 1.0];
    for rates in [[1.5, 0.2, 4.0, 1.1], [2.5, 0.9, 6.0, 0.4]] {
        let mut d = [0.0; 4];
        let value = poisson_nll_grad(&counts, &rates, &mut d).0;
        let twin = |r: &[Dual64]| {
            let mut s = cst(0.0);
            for i in 0..4 {
                s += r[i] - r[i].ln() * counts[i];
            }
            s
        };
        check(
            "poisson_nll",
            &rates,
            value,
            &d,
            |r| poisson_nll(&counts, r),
            twin,
        );
    }
}

/// Log-sum-exp, stabilised by the maximum from `fold(f64::NEG_INFINITY, f64::max)`.
#[differentiate]
fn log_sum_exp(x: &[f64]) -> f64 {
    let m = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    x.iter().map(|v| (v - m).exp()).sum::<f64>().ln() + m
}

fn lse_twin(p: &[Dual64]) -> Dual64 {
    let mut m = p[0];
    for &v in p {
        if v.re > m.re {
            m = v;
        }
    }
    sum(&p.iter().map(|v| (*v - m).exp()).collect::<Vec<_>>()).ln() + m
}

#[test]
fn log_sum_exp_by_fold() {
    check_slice(
        "log_sum_exp",
        &[P3, P5, P6],
        log_sum_exp_grad,
        log_sum_exp,
        lse_twin,
    );
}

/// Softmax cross-entropy of logits against a label: log-sum-exp minus the label's logit.
#[differentiate(wrt(logits))]
fn softmax_xent(logits: &[f64], label: usize) -> f64 {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lse = logits.iter().map(|l| (l - max).exp()).sum::<f64>().ln() + max;
    lse - logits[label]
}

#[test]
fn softmax_cross_entropy() {
    for (point, label) in [(P3, 1), (P5, 3), (P6, 0)] {
        let mut d = vec![0.0; point.len()];
        let value = softmax_xent_grad(point, label, &mut d).0;
        let twin = |p: &[Dual64]| lse_twin(p) - p[label];
        check(
            "softmax_xent",
            point,
            value,
            &d,
            |p| softmax_xent(p, label),
            twin,
        );
    }
}

// ---------------------------------------------------------------------------------
// Numerical recipes
// ---------------------------------------------------------------------------------

/// Horner's rule as a reversed fold over the coefficients.
#[differentiate]
fn horner(coeffs: [f64; 5], x: f64) -> f64 {
    coeffs.iter().rev().fold(0.0, |acc, &c| acc * x + c)
}

#[test]
fn horner_as_reversed_fold() {
    for (c, x) in [
        ([1.0, -2.0, 0.5, 3.0, -1.0], 0.7),
        ([0.2, 0.4, -1.1, 2.0, 0.3], -1.3),
    ] {
        let (value, g) = horner_grad(c, x);
        let p: Vec<f64> = c.iter().copied().chain([x]).collect();
        let grad: Vec<f64> = g.coeffs.iter().copied().chain([g.x]).collect();
        let f = |p: &[f64]| horner([p[0], p[1], p[2], p[3], p[4]], p[5]);
        let twin = |p: &[Dual64]| {
            let mut acc = cst(0.0);
            for i in (0..5).rev() {
                acc = acc * p[5] + p[i];
            }
            acc
        };
        check("horner", &p, value, &grad, f, twin);
    }
}

/// Total variation `Σ |x_{i+1} - x_i|` over `windows(2)`.
#[differentiate]
fn total_variation(x: &[f64]) -> f64 {
    x.windows(2).map(|w| (w[1] - w[0]).abs()).sum()
}

#[test]
fn total_variation_by_windows() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 1..p.len() {
            s += dabs(p[i] - p[i - 1]);
        }
        s
    };
    check_slice(
        "total_variation",
        &[P3, P5, P6],
        total_variation_grad,
        total_variation,
        twin,
    );
}

/// Products of consecutive pairs, `chunks(2)` (the last chunk of an odd length is
/// one element).
#[differentiate]
fn pair_products(x: &[f64]) -> f64 {
    x.chunks(2).map(|c| c.iter().product::<f64>()).sum()
}

#[test]
fn pair_products_by_chunks() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for c in p.chunks(2) {
            let mut prod = cst(1.0);
            for &v in c {
                prod *= v;
            }
            s += prod;
        }
        s
    };
    check_slice(
        "pair_products",
        &[P3, P5, P6],
        pair_products_grad,
        pair_products,
        twin,
    );
}

/// The squared norm, accumulated by `for_each` into a captured `let mut`.
#[differentiate]
fn norm_sq_for_each(x: &[f64]) -> f64 {
    let mut acc = 0.0;
    x.iter().for_each(|v| acc += v * v);
    acc
}

#[test]
fn for_each_accumulation() {
    let twin = |p: &[Dual64]| sum(&p.iter().map(|v| *v * *v).collect::<Vec<_>>());
    check_slice(
        "norm_sq_for_each",
        &[P3, P6],
        norm_sq_for_each_grad,
        norm_sq_for_each,
        twin,
    );
}

/// A discounted return: rewards reversed and enumerated, `γ^k r`.
#[differentiate(wrt(rewards))]
fn discounted(rewards: &[f64], gamma: f64) -> f64 {
    rewards
        .iter()
        .rev()
        .enumerate()
        .map(|(k, r)| gamma.powi(k as i32) * r.tanh())
        .sum()
}

#[test]
fn discounted_return() {
    let gamma = 0.9;
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for (k, r) in p.iter().rev().enumerate() {
            s += r.tanh() * gamma.powi(k as i32);
        }
        s
    };
    let grad = |p: &[f64], d: &mut [f64]| discounted_grad(p, gamma, d);
    check_slice(
        "discounted",
        &[P3, P6],
        grad,
        |p| discounted(p, gamma),
        twin,
    );
}

/// Squared differences of neighbours by `skip(1)` zipped with `take(n - 1)`.
#[differentiate]
fn neighbour_differences(x: &[f64]) -> f64 {
    let n = x.len();
    x.iter()
        .skip(1)
        .zip(x.iter().take(n - 1))
        .map(|(a, b)| (a - b).powi(2))
        .sum()
}

#[test]
fn skip_take_differences() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        for i in 1..p.len() {
            s += (p[i] - p[i - 1]).powi(2);
        }
        s
    };
    check_slice(
        "neighbour_differences",
        &[P3, P5, P6],
        neighbour_differences_grad,
        neighbour_differences,
        twin,
    );
}

/// The trapezoid rule: half the ends plus the inner points, a sub-slice.
#[differentiate]
fn trapezoid(y: &[f64], h: f64) -> f64 {
    let n = y.len();
    h * (0.5 * y[0] + y[1..n - 1].iter().sum::<f64>() + 0.5 * y[n - 1])
}

#[test]
fn trapezoid_rule() {
    let twin = |p: &[Dual64]| {
        let n = p.len() - 1;
        let mut s = p[0] * 0.5 + p[n - 1] * 0.5;
        for &v in &p[1..n - 1] {
            s += v;
        }
        s * p[n]
    };
    for point in [
        [0.1, 0.5, 0.9, 1.3, 2.0, 0.25],
        [1.0, -1.0, 2.0, 0.5, 0.1, 0.1],
    ] {
        let (y, h) = (&point[..5], point[5]);
        let mut d = [0.0; 5];
        let (value, g) = trapezoid_grad(y, h, &mut d);
        let grad: Vec<f64> = d.iter().copied().chain([g.h]).collect();
        check(
            "trapezoid",
            &point,
            value,
            &grad,
            |p| trapezoid(&p[..5], p[5]),
            twin,
        );
    }
}

/// Simpson's rule: inner points weighted 4 and 2, by `step_by(2)` over sub-slices.
#[differentiate(wrt(y))]
fn simpson(y: &[f64], h: f64) -> f64 {
    let n = y.len();
    let odd = y[1..n - 1].iter().step_by(2).sum::<f64>();
    let even = y[2..n - 1].iter().step_by(2).sum::<f64>();
    h / 3.0 * (y[0] + 4.0 * odd + 2.0 * even + y[n - 1])
}

#[test]
fn simpson_rule() {
    let h = 0.25;
    let twin = |p: &[Dual64]| {
        let n = p.len();
        let mut s = p[0] + p[n - 1];
        for i in 1..n - 1 {
            s += p[i] * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * (h / 3.0)
    };
    let grad = |p: &[f64], d: &mut [f64]| simpson_grad(p, h, d);
    check_slice(
        "simpson",
        &[P5, &[0.3, 0.1, 0.4, 0.1, 0.5, 0.9, 0.2]],
        grad,
        |p| simpson(p, h),
        twin,
    );
}

/// A dot product over an index range: `(0..n).map(|i| ..)`.
#[differentiate]
fn range_dot(w: &[f64], x: &[f64]) -> f64 {
    (0..w.len()).map(|i| w[i] * x[i]).sum::<f64>().tanh()
}

#[test]
fn range_as_source() {
    let (w, x) = ([0.5, -0.4, 0.3], [1.0, 0.2, -0.7]);
    let (mut dw, mut dx) = ([0.0; 3], [0.0; 3]);
    let value = range_dot_grad(&w, &x, &mut dw, &mut dx).0;
    let p: Vec<f64> = w.iter().chain(&x).copied().collect();
    let grad: Vec<f64> = dw.iter().chain(&dx).copied().collect();
    let twin = |p: &[Dual64]| (p[0] * p[3] + p[1] * p[4] + p[2] * p[5]).tanh();
    check(
        "range_dot",
        &p,
        value,
        &grad,
        |p| range_dot(&p[..3], &p[3..]),
        twin,
    );
}

/// Products of pairs over an inclusive range stepped by two.
#[differentiate]
fn stepped_pairs(x: &[f64]) -> f64 {
    let n = x.len();
    (0..=n - 2).step_by(2).map(|i| x[i] * x[i + 1]).sum()
}

#[test]
fn stepped_range() {
    let twin = |p: &[Dual64]| {
        let mut s = cst(0.0);
        let mut i = 0;
        while i + 1 < p.len() {
            s += p[i] * p[i + 1];
            i += 2;
        }
        s
    };
    check_slice(
        "stepped_pairs",
        &[P3, P5, P6],
        stepped_pairs_grad,
        stepped_pairs,
        twin,
    );
}

/// The spread of the interior points around their mean, the interior bound as a
/// sub-slice (`let interior = &y[1..n - 1];`), indexed and measured.
#[differentiate]
fn interior_spread(y: &[f64]) -> f64 {
    let n = y.len();
    let interior = &y[1..n - 1];
    let mean = interior.iter().sum::<f64>() / interior.len() as f64;
    interior.iter().map(|v| (v - mean).powi(2)).sum::<f64>() + (interior[0] - y[0]).powi(2)
}

#[test]
fn sub_slice_bound_by_let() {
    let twin = |p: &[Dual64]| {
        let inner = &p[1..p.len() - 1];
        let mean = sum(inner) / inner.len() as f64;
        sum(&inner
            .iter()
            .map(|v| (*v - mean).powi(2))
            .collect::<Vec<_>>())
            + (p[1] - p[0]).powi(2)
    };
    check_slice(
        "interior_spread",
        &[P5, P6],
        interior_spread_grad,
        interior_spread,
        twin,
    );
}
