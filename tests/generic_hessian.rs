//! `#[differentiate(hessian)]` on functions generic over their float type: `f_hvp` and
//! `f_hessian` carry the generics. At `f64`, every entry of `f_hessian` and of `H v`
//! is checked against num-dual's hyper-dual numbers (`eᵢᵀ H v` from one evaluation of
//! a twin) and against central differences of `f_grad`; at `f32`, against the `f64`
//! Hessian. Covers scalars, an array with a loop, a slice with an iterator chain, a
//! call of another generic `hessian` function, and a const generic length.

// Index loops over arrays, as numeric code writes them.
#![allow(clippy::needless_range_loop)]

mod common;

use backprop::{differentiate, Float};
use common::assert_close;
use num_dual::{DualNum, HyperDual64};
use num_traits::FromPrimitive;
use std::iter::Sum;

type D = HyperDual64;

/// `x² y + sin y`.
#[differentiate(hessian)]
pub fn energy<T: Float>(x: T, y: T) -> T {
    x * x * y + y.sin()
}

/// Rosenbrock over `[T; 4]` as an index loop.
#[differentiate(hessian)]
pub fn rosenbrock4<T: Float + FromPrimitive>(x: [T; 4]) -> T {
    let mut sum = T::zero();
    for i in 0..3 {
        let a = x[i + 1] - x[i] * x[i];
        let b = T::one() - x[i];
        sum = sum + T::from_f64(100.0).unwrap() * a * a + b * b;
    }
    sum
}

/// argmin's Rosenbrock over a slice, verbatim.
#[differentiate(hessian)]
pub fn rosenbrock<T: Float + FromPrimitive + Sum>(param: &[T]) -> T {
    param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(&xi, &xi1)| {
            (T::from_f64(1.0).unwrap() - xi).powi(2)
                + T::from_f64(100.0).unwrap() * (xi1 - xi.powi(2)).powi(2)
        })
        .sum()
}

/// A call of another generic `hessian` function, with `exp` and `ln` around it.
#[differentiate(hessian)]
pub fn softened<T: Float>(x: T, y: T) -> T {
    let e = energy(x, y);
    (T::one() + e.exp()).ln() * x
}

/// A loop over a const generic length: `Σ tanh(xᵢ xᵢ₊₁)`.
#[differentiate(hessian)]
pub fn chain<T: Float, const N: usize>(x: &[T; N]) -> T {
    let mut s = T::zero();
    for i in 0..N - 1 {
        s = s + (x[i] * x[i + 1]).tanh();
    }
    s
}

fn energy_twin(p: &[D]) -> D {
    p[0] * p[0] * p[1] + p[1].sin()
}

fn rosenbrock_twin(p: &[D]) -> D {
    let mut sum = D::from(0.0);
    for i in 0..p.len() - 1 {
        let a = p[i + 1] - p[i] * p[i];
        let b = -p[i] + 1.0;
        sum += a * a * 100.0 + b * b;
    }
    sum
}

fn softened_twin(p: &[D]) -> D {
    (energy_twin(p).exp() + 1.0).ln() * p[0]
}

fn chain_twin(p: &[D]) -> D {
    let mut s = D::from(0.0);
    for i in 0..p.len() - 1 {
        s += (p[i] * p[i + 1]).tanh();
    }
    s
}

/// `H[i][j]` by num-dual: one hyper-dual evaluation seeded with `eᵢ` and `eⱼ`.
fn dual_hessian(twin: &dyn Fn(&[D]) -> D, x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let seeded: Vec<D> = x
                .iter()
                .enumerate()
                .map(|(k, &v)| {
                    D::new(
                        v,
                        f64::from(u8::from(k == i)),
                        f64::from(u8::from(k == j)),
                        0.0,
                    )
                })
                .collect();
            h[i * n + j] = twin(&seeded).eps1eps2;
        }
    }
    h
}

/// Checks a generated Hessian (and `H v` along `v`) at `x` against num-dual and
/// central differences of the gradient; returns the Hessian.
fn check(
    name: &str,
    x: &[f64],
    hessian: &[f64],
    hv: &[f64],
    v: &[f64],
    grad: &dyn Fn(&[f64]) -> Vec<f64>,
    twin: &dyn Fn(&[D]) -> D,
) {
    let n = x.len();
    let dual = dual_hessian(twin, x);
    let step = 1e-5;
    for j in 0..n {
        let mut plus = x.to_vec();
        let mut minus = x.to_vec();
        plus[j] += step;
        minus[j] -= step;
        let (gp, gm) = (grad(&plus), grad(&minus));
        for i in 0..n {
            let at = format!("{name} at {x:?}: H[{i}][{j}]");
            assert_close(
                &format!("{at} vs num-dual"),
                hessian[i * n + j],
                dual[i * n + j],
                1e-9,
            );
            let fd = (gp[i] - gm[i]) / (2.0 * step);
            assert_close(
                &format!("{at} vs FD of the gradient"),
                hessian[i * n + j],
                fd,
                1e-5,
            );
        }
    }
    for i in 0..n {
        let expected: f64 = (0..n).map(|j| dual[i * n + j] * v[j]).sum();
        assert_close(
            &format!("{name} at {x:?}: (Hv)[{i}]"),
            hv[i],
            expected,
            1e-9,
        );
    }
}

fn check_f32(name: &str, h32: &[f32], h64: &[f64]) {
    for (k, (a, b)) in h32.iter().zip(h64).enumerate() {
        let scale = a.abs().max(b.abs() as f32).max(1.0);
        assert!(
            (a - *b as f32).abs() <= 2e-3 * scale,
            "{name} f32 H[{k}]: {a} vs f64 {b}"
        );
    }
}

#[test]
fn scalars_and_a_call() {
    for p in [[0.3, -1.2], [1.1, 0.7], [-0.8, 0.4]] {
        let v = [0.6, -1.1];
        let mut h = [0.0; 4];
        let (value, grad) = energy_hessian(p[0], p[1], &mut h);
        assert_eq!(value, energy(p[0], p[1]));
        assert_eq!((grad.x, grad.y), {
            let g = energy_grad(p[0], p[1]).1;
            (g.x, g.y)
        });
        let mut hv = [0.0; 2];
        let _ = energy_hvp(p[0], p[1], &v, &mut hv);
        let g = |q: &[f64]| {
            let g = energy_grad(q[0], q[1]).1;
            vec![g.x, g.y]
        };
        check("energy", &p, &h, &hv, &v, &g, &energy_twin);
        let mut h32 = [0.0f32; 4];
        let _ = energy_hessian(p[0] as f32, p[1] as f32, &mut h32);
        check_f32("energy", &h32, &h);

        let mut h = [0.0; 4];
        let _ = softened_hessian(p[0], p[1], &mut h);
        let mut hv = [0.0; 2];
        let _ = softened_hvp(p[0], p[1], &v, &mut hv);
        let g = |q: &[f64]| {
            let g = softened_grad(q[0], q[1]).1;
            vec![g.x, g.y]
        };
        check("softened", &p, &h, &hv, &v, &g, &softened_twin);
        let mut h32 = [0.0f32; 4];
        let _ = softened_hessian(p[0] as f32, p[1] as f32, &mut h32);
        check_f32("softened", &h32, &h);
    }
}

#[test]
fn arrays_slices_and_const_lengths() {
    let v = [0.5, -0.25, 1.0, 0.75];
    for x in [
        [-1.2, 1.0, 0.5, -0.3],
        [0.3, -0.7, 1.4, 1.1],
        [0.9, 0.8, -0.6, 0.2],
    ] {
        let mut h = [0.0; 16];
        let _ = rosenbrock4_hessian(x, &mut h);
        let mut hv = [0.0; 4];
        let _ = rosenbrock4_hvp(x, &v, &mut hv);
        let g = |q: &[f64]| rosenbrock4_grad([q[0], q[1], q[2], q[3]]).1.x.to_vec();
        check("rosenbrock4", &x, &h, &hv, &v, &g, &rosenbrock_twin);
        let mut h32 = [0.0f32; 16];
        let _ = rosenbrock4_hessian(x.map(|v| v as f32), &mut h32);
        check_f32("rosenbrock4", &h32, &h);

        let mut h = [0.0; 16];
        let mut d = [0.0; 4];
        let _ = rosenbrock_hessian(&x, &mut d, &mut h);
        let mut hv = [0.0; 4];
        let mut d = [0.0; 4];
        let _ = rosenbrock_hvp(&x, &mut d, &v, &mut hv);
        let g = |q: &[f64]| {
            let mut d = vec![0.0; q.len()];
            let _ = rosenbrock_grad(q, &mut d);
            d
        };
        check("rosenbrock", &x, &h, &hv, &v, &g, &rosenbrock_twin);

        let mut h = [0.0; 16];
        let mut d = [0.0; 4];
        let _ = chain_hessian(&x, &mut d, &mut h);
        let mut hv = [0.0; 4];
        let mut d = [0.0; 4];
        let _ = chain_hvp(&x, &mut d, &v, &mut hv);
        let g = |q: &[f64]| {
            let mut d = [0.0; 4];
            let _ = chain_grad(&[q[0], q[1], q[2], q[3]], &mut d);
            d.to_vec()
        };
        check("chain", &x, &h, &hv, &v, &g, &chain_twin);
        let mut h32 = [0.0f32; 16];
        let mut d32 = [0.0f32; 4];
        let _ = chain_hessian(&x.map(|v| v as f32), &mut d32, &mut h32);
        check_f32("chain", &h32, &h);
    }
}
