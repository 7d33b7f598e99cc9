//! Rosenbrock's function written once for every float type, as argmin's test-function
//! crate writes it (`rosenbrock_ab` with `a = 1`, `b = 100`), and the same body written
//! for `f64`: shared by `benches/generic.rs` and `tools/icount` (included with
//! `#[path]`), so both measure the same code. At `T = f64` the generated code of the
//! generic function should be the generated code of the `f64` one.

use backprop::{differentiate, Float};
use num_traits::FromPrimitive;
use std::iter::Sum;

/// Rosenbrock's function, generic: `Σ (1 - x_i)² + 100 (x_{i+1} - x_i²)²`.
#[differentiate(hessian)]
pub fn rosenbrock_generic<T: Float + FromPrimitive + Sum>(param: &[T]) -> T {
    param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(&xi, &xi1)| {
            (T::from_f64(1.0).unwrap() - xi).powi(2)
                + T::from_f64(100.0).unwrap() * (xi1 - xi.powi(2)).powi(2)
        })
        .sum()
}

/// The same function written for `f64`.
#[differentiate(hessian)]
pub fn rosenbrock_f64(param: &[f64]) -> f64 {
    param
        .iter()
        .zip(param.iter().skip(1))
        .map(|(&xi, &xi1)| (1.0 - xi).powi(2) + 100.0 * (xi1 - xi.powi(2)).powi(2))
        .sum()
}

/// An `f64` function calling the generic one (its cache is `RosenbrockGenericCache<'a>`,
/// `f64` by default).
#[differentiate]
pub fn calls_generic(param: &[f64]) -> f64 {
    0.5 * rosenbrock_generic(param)
}

/// The same call of the `f64` version.
#[differentiate]
pub fn calls_f64(param: &[f64]) -> f64 {
    0.5 * rosenbrock_f64(param)
}

/// Rosenbrock's function over a fixed-size array, generic in the float type and the
/// length: an index loop, the terms written as argmin writes constants.
#[differentiate]
pub fn rosenbrock_array<T: Float + FromPrimitive, const N: usize>(x: &[T; N]) -> T {
    let mut total = T::zero();
    for i in 0..N - 1 {
        let a = x[i + 1] - x[i] * x[i];
        let b = T::one() - x[i];
        total = total + T::from_f64(100.0).unwrap() * a * a + b * b;
    }
    total
}

/// The same function written for `f64`.
#[differentiate]
pub fn rosenbrock_array_f64<const N: usize>(x: &[f64; N]) -> f64 {
    let mut total = 0.0;
    for i in 0..N - 1 {
        let a = x[i + 1] - x[i] * x[i];
        let b = 1.0 - x[i];
        total = total + 100.0 * a * a + b * b;
    }
    total
}

/// A point in `n` dimensions away from the minimum at `(1, ..., 1)` (the points of
/// `benches/rosenbrock.rs`).
pub const fn point<const N: usize>() -> [f64; N] {
    let mut x = [0.0; N];
    let mut i = 0;
    while i < N {
        x[i] = ((i * 7 % 11) as f64 - 5.0) / 4.0;
        i += 1;
    }
    x
}
