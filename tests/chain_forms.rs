//! Adapter orders, one chain each, over two slices of several lengths: the generated
//! value must be the chain's own (the function is the reference: Rust runs the real
//! iterator), and the gradient must match central finite differences of it. This
//! checks the index arithmetic of `skip`, `take`, `step_by`, `rev`, `enumerate`, `zip`,
//! `windows`, `chunks` and `filter` in every order `chain_range.rs` folds.

// Every form takes both slices, whether it reads `y` or not.
#![allow(unused_variables)]

use backprop::differentiate;

mod common;
use common::{assert_close, fd_grad, H, RTOL_FD};

type Form = fn(&[f64], &[f64]) -> f64;
type Grad = fn(&[f64], &[f64], &mut [f64], &mut [f64]) -> f64;

#[differentiate]
fn rev_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .rev()
        .enumerate()
        .map(|(i, v)| v * (i as f64 + 1.0))
        .sum()
}

#[differentiate]
fn enumerate_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .rev()
        .map(|(i, v)| v * (i as f64 + 1.0))
        .sum()
}

#[differentiate]
fn skip_step(x: &[f64], y: &[f64]) -> f64 {
    x.iter().skip(1).step_by(2).map(|v| v.sin()).sum()
}

#[differentiate]
fn step_skip(x: &[f64], y: &[f64]) -> f64 {
    x.iter().step_by(2).skip(1).map(|v| v.sin()).sum()
}

#[differentiate]
fn rev_skip_take(x: &[f64], y: &[f64]) -> f64 {
    x.iter().rev().skip(1).take(2).map(|v| v.exp()).sum()
}

#[differentiate]
fn take_rev_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .take(3)
        .rev()
        .enumerate()
        .map(|(i, v)| v * (i + 2) as f64)
        .sum()
}

#[differentiate]
fn rev_step_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .rev()
        .step_by(2)
        .enumerate()
        .map(|(i, v)| v.powi(2) * (i + 1) as f64)
        .sum()
}

#[differentiate]
fn step_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter().step_by(2).rev().fold(0.0, |acc, v| acc * 0.5 + v)
}

#[differentiate]
fn step_rev_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .step_by(2)
        .rev()
        .enumerate()
        .map(|(i, v)| v * (i + 1) as f64)
        .sum()
}

#[differentiate]
fn step_step(x: &[f64], y: &[f64]) -> f64 {
    x.iter().step_by(3).step_by(2).map(|v| v.cos()).sum()
}

#[differentiate]
fn rev_take_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .rev()
        .take(2)
        .rev()
        .fold(1.0, |acc, v| acc * 2.0 + v)
}

#[differentiate]
fn take_past_end(x: &[f64], y: &[f64]) -> f64 {
    x.iter().take(10).map(|v| v * v).sum()
}

#[differentiate]
fn skip_past_end(x: &[f64], y: &[f64]) -> f64 {
    x.iter().skip(10).map(|v| v * v).sum::<f64>() + y[0]
}

#[differentiate]
fn zip_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y.iter().rev()).map(|(a, b)| a * b).sum()
}

#[differentiate]
fn rev_zip_skip(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .rev()
        .zip(y.iter().skip(1))
        .map(|(a, b)| a * b.exp())
        .sum()
}

#[differentiate]
fn zip_step(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y.iter().step_by(2))
        .map(|(a, b)| a.sin() * b)
        .sum()
}

#[differentiate]
fn step_zip_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .step_by(2)
        .zip(y.iter().rev())
        .map(|(a, b)| a - b * b)
        .sum()
}

#[differentiate]
fn enumerate_skip_zip(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .skip(2)
        .zip(y)
        .map(|((i, a), b)| a * b * i as f64)
        .sum()
}

#[differentiate]
fn zip_enumerate_rev(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .enumerate()
        .rev()
        .map(|(i, (a, b))| (a + b) * (i + 1) as f64)
        .fold(0.0, |acc, t| acc * 0.5 + t)
}

#[differentiate]
fn windows_rev(x: &[f64], y: &[f64]) -> f64 {
    x.windows(3)
        .rev()
        .enumerate()
        .map(|(i, w)| (w[0] - w[2]) * w[1] * (i + 1) as f64)
        .sum()
}

#[differentiate]
fn chunks_rev(x: &[f64], y: &[f64]) -> f64 {
    x.chunks(2)
        .rev()
        .map(|c| c.iter().map(|v| v.tanh()).sum::<f64>() * c.len() as f64)
        .fold(0.0, |acc, t| acc * 0.9 + t)
}

#[differentiate]
fn chunks_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.chunks(3)
        .enumerate()
        .map(|(i, c)| c[0] * (i + 1) as f64)
        .sum()
}

#[differentiate]
fn windows_zip_chunks(x: &[f64], y: &[f64]) -> f64 {
    x.windows(2)
        .zip(y.chunks(2))
        .map(|(w, c)| (w[1] - w[0]) * c[0])
        .sum()
}

#[differentiate]
fn sub_slices_zip(x: &[f64], y: &[f64]) -> f64 {
    x[1..]
        .iter()
        .zip(&y[..y.len() - 1])
        .map(|(a, b)| a * b)
        .sum()
}

#[differentiate]
fn range_rev(x: &[f64], y: &[f64]) -> f64 {
    (0..x.len())
        .rev()
        .map(|i| x[i] * y[i % y.len()])
        .fold(0.0, |acc, t| acc * 0.5 + t)
}

#[differentiate]
fn inclusive_range(x: &[f64], y: &[f64]) -> f64 {
    (0..=1).map(|k| x[k] * y[k + 1] * k as f64).sum::<f64>() + x[0]
}

#[differentiate]
fn filter_enumerate(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .filter(|v| **v > 0.0)
        .enumerate()
        .map(|(i, v)| v * (i + 1) as f64)
        .sum()
}

#[differentiate]
fn enumerate_filter(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, v)| v.exp())
        .sum()
}

#[differentiate]
fn map_filter_map(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .map(|v| v * 2.0)
        .filter(|v| *v > 0.0)
        .map(|v| v.ln())
        .sum()
}

#[differentiate]
fn zip_filter(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .filter(|(a, b)| a > b)
        .map(|(a, b)| a - b)
        .sum()
}

#[differentiate]
fn min_plus_argmax(x: &[f64], y: &[f64]) -> f64 {
    let lo = x.iter().copied().min_by(|a, b| a.total_cmp(b)).unwrap();
    let hi = y
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, v)| v * (i + 1) as f64)
        .unwrap();
    lo + hi
}

#[differentiate]
fn fold_product(x: &[f64], y: &[f64]) -> f64 {
    x.iter().fold(1.0, |acc, v| acc * (1.0 + v.tanh()))
}

#[differentiate]
fn fold_zip_max(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .fold(f64::NEG_INFINITY, |acc, (a, b)| acc.max(a * b))
}

#[differentiate]
fn all_any(x: &[f64], y: &[f64]) -> f64 {
    let scale = if x.iter().all(|v| v.abs() < 3.0) {
        2.0
    } else {
        1.0
    };
    let shift = if y.iter().any(|&v| v > 1.0) { 1.0 } else { 0.0 };
    x.iter().map(|v| v * scale + shift).sum()
}

#[differentiate]
fn for_over_chain(x: &[f64], y: &[f64]) -> f64 {
    let mut s = 0.0;
    for (i, (a, b)) in x.iter().zip(y.iter().rev()).enumerate().skip(1) {
        s += a * b * i as f64;
    }
    s
}

const FORMS: &[(&str, Form, Grad)] = &[
    ("rev_enumerate", rev_enumerate, |x, y, dx, dy| {
        rev_enumerate_grad(x, y, dx, dy).0
    }),
    ("enumerate_rev", enumerate_rev, |x, y, dx, dy| {
        enumerate_rev_grad(x, y, dx, dy).0
    }),
    ("skip_step", skip_step, |x, y, dx, dy| {
        skip_step_grad(x, y, dx, dy).0
    }),
    ("step_skip", step_skip, |x, y, dx, dy| {
        step_skip_grad(x, y, dx, dy).0
    }),
    ("rev_skip_take", rev_skip_take, |x, y, dx, dy| {
        rev_skip_take_grad(x, y, dx, dy).0
    }),
    ("take_rev_enumerate", take_rev_enumerate, |x, y, dx, dy| {
        take_rev_enumerate_grad(x, y, dx, dy).0
    }),
    ("rev_step_enumerate", rev_step_enumerate, |x, y, dx, dy| {
        rev_step_enumerate_grad(x, y, dx, dy).0
    }),
    ("step_rev", step_rev, |x, y, dx, dy| {
        step_rev_grad(x, y, dx, dy).0
    }),
    ("step_rev_enumerate", step_rev_enumerate, |x, y, dx, dy| {
        step_rev_enumerate_grad(x, y, dx, dy).0
    }),
    ("step_step", step_step, |x, y, dx, dy| {
        step_step_grad(x, y, dx, dy).0
    }),
    ("rev_take_rev", rev_take_rev, |x, y, dx, dy| {
        rev_take_rev_grad(x, y, dx, dy).0
    }),
    ("take_past_end", take_past_end, |x, y, dx, dy| {
        take_past_end_grad(x, y, dx, dy).0
    }),
    ("skip_past_end", skip_past_end, |x, y, dx, dy| {
        skip_past_end_grad(x, y, dx, dy).0
    }),
    ("zip_rev", zip_rev, |x, y, dx, dy| {
        zip_rev_grad(x, y, dx, dy).0
    }),
    ("rev_zip_skip", rev_zip_skip, |x, y, dx, dy| {
        rev_zip_skip_grad(x, y, dx, dy).0
    }),
    ("zip_step", zip_step, |x, y, dx, dy| {
        zip_step_grad(x, y, dx, dy).0
    }),
    ("step_zip_rev", step_zip_rev, |x, y, dx, dy| {
        step_zip_rev_grad(x, y, dx, dy).0
    }),
    ("enumerate_skip_zip", enumerate_skip_zip, |x, y, dx, dy| {
        enumerate_skip_zip_grad(x, y, dx, dy).0
    }),
    ("zip_enumerate_rev", zip_enumerate_rev, |x, y, dx, dy| {
        zip_enumerate_rev_grad(x, y, dx, dy).0
    }),
    ("windows_rev", windows_rev, |x, y, dx, dy| {
        windows_rev_grad(x, y, dx, dy).0
    }),
    ("chunks_rev", chunks_rev, |x, y, dx, dy| {
        chunks_rev_grad(x, y, dx, dy).0
    }),
    ("chunks_enumerate", chunks_enumerate, |x, y, dx, dy| {
        chunks_enumerate_grad(x, y, dx, dy).0
    }),
    ("windows_zip_chunks", windows_zip_chunks, |x, y, dx, dy| {
        windows_zip_chunks_grad(x, y, dx, dy).0
    }),
    ("sub_slices_zip", sub_slices_zip, |x, y, dx, dy| {
        sub_slices_zip_grad(x, y, dx, dy).0
    }),
    ("range_rev", range_rev, |x, y, dx, dy| {
        range_rev_grad(x, y, dx, dy).0
    }),
    ("inclusive_range", inclusive_range, |x, y, dx, dy| {
        inclusive_range_grad(x, y, dx, dy).0
    }),
    ("filter_enumerate", filter_enumerate, |x, y, dx, dy| {
        filter_enumerate_grad(x, y, dx, dy).0
    }),
    ("enumerate_filter", enumerate_filter, |x, y, dx, dy| {
        enumerate_filter_grad(x, y, dx, dy).0
    }),
    ("map_filter_map", map_filter_map, |x, y, dx, dy| {
        map_filter_map_grad(x, y, dx, dy).0
    }),
    ("zip_filter", zip_filter, |x, y, dx, dy| {
        zip_filter_grad(x, y, dx, dy).0
    }),
    ("min_plus_argmax", min_plus_argmax, |x, y, dx, dy| {
        min_plus_argmax_grad(x, y, dx, dy).0
    }),
    ("fold_product", fold_product, |x, y, dx, dy| {
        fold_product_grad(x, y, dx, dy).0
    }),
    ("fold_zip_max", fold_zip_max, |x, y, dx, dy| {
        fold_zip_max_grad(x, y, dx, dy).0
    }),
    ("all_any", all_any, |x, y, dx, dy| {
        all_any_grad(x, y, dx, dy).0
    }),
    ("for_over_chain", for_over_chain, |x, y, dx, dy| {
        for_over_chain_grad(x, y, dx, dy).0
    }),
];

const POINTS: &[(&[f64], &[f64])] = &[
    (
        &[0.7, -0.3, 1.6, -2.2, 0.9],
        &[0.5, 1.2, -0.4, 0.8, 2.1, -1.3],
    ),
    (&[1.1, 0.4, -0.6, 2.1, -1.4, 0.3], &[0.2, 1.7, -0.9, 0.6]),
    (
        &[0.25, -1.2, 0.8, 1.9, -0.7, 0.45, 1.3],
        &[1.5, -0.2, 0.9, -1.1, 0.3, 1.4, -0.6],
    ),
    (&[0.6, -0.8], &[1.3, 0.2, -0.5]),
];

#[test]
fn every_order_matches_the_iterator_and_finite_differences() {
    for &(name, f, grad) in FORMS {
        for &(x, y) in POINTS {
            let (mut dx, mut dy) = (vec![0.0; x.len()], vec![0.0; y.len()]);
            let value = grad(x, y, &mut dx, &mut dy);
            let at = format!("{name} at {x:?}, {y:?}");
            assert_close(&format!("{at}: value"), value, f(x, y), 1e-12);
            let point: Vec<f64> = x.iter().chain(y).copied().collect();
            let n = x.len();
            let fd = fd_grad(|p| f(&p[..n], &p[n..]), &point, H);
            for (i, (&g, &d)) in dx.iter().chain(&dy).zip(&fd).enumerate() {
                assert_close(&format!("{at}: d/dp{i}"), g, d, RTOL_FD);
            }
        }
    }
}
