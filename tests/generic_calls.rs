//! argmin's Rosenbrock verbatim: `rosenbrock` calling `rosenbrock_ab(param, a, b)` with
//! its slice and constants made by `T::from_f64(..).unwrap()`, both generic and both
//! `#[differentiate]`d; at `f64` and `f32`, against finite differences and num-dual.
//! Non-generic callers too: an `f64` function calls `rosenbrock(x)` as written (the
//! callee's cache defaults to `f64`) or `rosenbrock::<f64>(x)`, an `f32` one
//! `rosenbrock::<f32>(x)`.

mod common;

use backprop::{differentiate, Float};
use common::{check_slice, fd_grad_f32, H_F32, RTOL_FD_F32};
use num_dual::{Dual64, DualNum};
use num_traits::FromPrimitive;
use std::iter::Sum;

/// argmin's `rosenbrock_ab`: `Σ (a - x_i)² + b (x_{i+1} - x_i²)²`.
#[differentiate]
pub fn rosenbrock_ab<T>(param: &[T], a: T, b: T) -> T
where
    T: Float + FromPrimitive + Sum,
{
    param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(&xi, &xi1)| (a - xi).powi(2) + b * (xi1 - xi.powi(2)).powi(2))
        .sum()
}

/// argmin's `rosenbrock`: `rosenbrock_ab` with `a = 1`, `b = 100`.
#[differentiate]
pub fn rosenbrock<T>(param: &[T]) -> T
where
    T: Float + FromPrimitive + Sum,
{
    rosenbrock_ab(
        param,
        T::from_f64(1.0).unwrap(),
        T::from_f64(100.0).unwrap(),
    )
}

fn twin(x: &[Dual64]) -> Dual64 {
    x.windows(2)
        .map(|w| (-w[0] + 1.0).powi(2) + (w[1] - w[0] * w[0]).powi(2) * 100.0)
        .sum()
}

#[test]
fn rosenbrock_calls_rosenbrock_ab_at_f64() {
    let points: [&[f64]; 3] = [
        &[0.3, -1.2, 0.7, 1.1],
        &[1.5, 0.4, -0.8],
        &[-0.6, 0.9, 1.3, 0.2, -1.0],
    ];
    check_slice("rosenbrock", &points, rosenbrock_grad, rosenbrock, twin);
}

#[test]
fn rosenbrock_calls_rosenbrock_ab_at_f32() {
    let x = [0.3f32, -1.2, 0.7, 1.1];
    let mut d = [0.0f32; 4];
    let value = rosenbrock_grad(&x, &mut d).0;
    assert!((value - rosenbrock(&x)).abs() <= 1e-5 * value.abs().max(1.0));
    let fd = fd_grad_f32(rosenbrock, &x, H_F32);
    for i in 0..4 {
        let scale = d[i].abs().max(fd[i].abs()).max(1.0);
        assert!(
            (d[i] - fd[i]).abs() <= RTOL_FD_F32 * scale,
            "d/dx{i}: {} vs finite differences {}",
            d[i],
            fd[i]
        );
    }
}

/// An `f64` function calling the generic `rosenbrock` as written: `T` is `f64`.
#[differentiate]
pub fn scaled_rosenbrock(x: &[f64], k: f64) -> f64 {
    k * rosenbrock(x)
}

/// The same call with the float type named: `rosenbrock::<f64>(x)`.
#[differentiate]
pub fn turbofish_rosenbrock(x: &[f64]) -> f64 {
    let r = rosenbrock::<f64>(x);
    r.sqrt()
}

/// An `f32` function calls a generic one with its type named: `rosenbrock::<f32>(x)`.
#[differentiate]
pub fn rosenbrock_f32(x: &[f32]) -> f32 {
    rosenbrock::<f32>(x) * 0.5
}

fn points() -> [&'static [f64]; 3] {
    [
        &[0.3, -1.2, 0.7, 1.1],
        &[1.5, 0.4, -0.8],
        &[-0.6, 0.9, 1.3, 0.2, -1.0],
    ]
}

#[test]
fn f64_function_calls_generic_rosenbrock() {
    for x in points() {
        let k = 0.7;
        let mut d_x = vec![0.0; x.len()];
        let (value, grad) = scaled_rosenbrock_grad(x, k, &mut d_x);
        let mut all = x.to_vec();
        all.push(k);
        let mut analytic = d_x.clone();
        analytic.push(grad.k);
        let n = x.len();
        common::check(
            "scaled_rosenbrock",
            &all,
            value,
            &analytic,
            |p| scaled_rosenbrock(&p[..n], p[n]),
            |p| p[n] * twin(&p[..n]),
        );
    }
}

#[test]
fn f64_function_calls_generic_rosenbrock_with_turbofish() {
    check_slice(
        "turbofish_rosenbrock",
        &points(),
        turbofish_rosenbrock_grad,
        turbofish_rosenbrock,
        |x| twin(x).sqrt(),
    );
}

#[test]
fn f32_function_calls_generic_rosenbrock_with_turbofish() {
    for x in points() {
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let mut d = vec![0.0f32; x.len()];
        let value = rosenbrock_f32_grad(&x32, &mut d).0;
        assert!((value - rosenbrock_f32(&x32)).abs() <= 1e-5 * value.abs().max(1.0));
        let fd = fd_grad_f32(rosenbrock_f32, &x32, H_F32);
        let mut d64 = vec![0.0; x.len()];
        let _ = rosenbrock_grad(x, &mut d64);
        for i in 0..x.len() {
            let scale = d[i].abs().max(fd[i].abs()).max(1.0);
            assert!(
                (d[i] - fd[i]).abs() <= RTOL_FD_F32 * scale,
                "d/dx{i}: {} vs finite differences {}",
                d[i],
                fd[i]
            );
            let half = 0.5 * d64[i] as f32;
            assert!((d[i] - half).abs() <= 1e-3 * half.abs().max(1.0));
        }
    }
}
