//! Generic floats: functions written once for every float type, as numeric crates
//! write them (`fn f<T: Float + FromPrimitive + Sum>(param: &[T]) -> T`, constants as
//! `T::from_f64(100.0).unwrap()`; most bodies are argmin's test functions verbatim),
//! differentiated at `f64`, `f32` and `Fd` (num-dual's `Dual64` as a `Float`).
//!
//! Every gradient is checked against central finite differences of the original
//! function at `f64`, and against forward-mode AD: the original generic function run
//! at `Fd` (num-dual), one seeded direction per parameter. At `f32` the gradient is
//! compared with the same `f64` references at 1e-3. Run at `Fd`, the generated
//! reverse pass gives Hessian-vector products, checked against finite differences of
//! the `f64` gradient.

mod common;
#[path = "common/float_dual.rs"]
mod float_dual;

use backprop::{differentiate, Float};
use common::{assert_close, assert_close_f32, fd_grad, H, RTOL_AD, RTOL_F32, RTOL_FD};
use float_dual::Fd;
use num_traits::FromPrimitive;
use std::f64::consts::PI;
use std::iter::Sum;

/// Checks `grad` (at `x`) against finite differences of `f` and forward-mode AD of
/// `f_dual`, the same generic function at `Fd`.
fn check(
    name: &str,
    x: &[f64],
    grad: &[f64],
    f: impl Fn(&[f64]) -> f64,
    f_dual: impl Fn(&[Fd]) -> Fd,
) {
    assert_eq!(grad.len(), x.len(), "{name}: gradient length");
    let fd = fd_grad(&f, x, H);
    for i in 0..x.len() {
        let seeded: Vec<Fd> = (0..x.len())
            .map(|j| Fd::new(x[j], if i == j { 1.0 } else { 0.0 }))
            .collect();
        let dual = f_dual(&seeded);
        assert_close(&format!("{name} value at {x:?}"), dual.re(), f(x), 1e-12);
        assert_close(
            &format!("{name} d/dx{i} vs FD at {x:?}"),
            grad[i],
            fd[i],
            RTOL_FD,
        );
        assert_close(
            &format!("{name} d/dx{i} vs num-dual at {x:?}"),
            grad[i],
            dual.eps(),
            RTOL_AD,
        );
    }
}

/// Checks an `f32` gradient against the `f64` one.
fn check_f32(name: &str, grad32: &[f32], grad64: &[f64]) {
    for (i, (g32, g64)) in grad32.iter().zip(grad64).enumerate() {
        assert_close_f32(&format!("{name} f32 d/dx{i}"), *g32, *g64 as f32, RTOL_F32);
    }
}

fn to_f32(x: &[f64]) -> Vec<f32> {
    x.iter().map(|&v| v as f32).collect()
}

// ------------------------------------------------- argmin's test functions, verbatim

/// Multidimensional Rosenbrock, `Σ (a - x_i)² + b (x_{i+1} - x_i²)²` (argmin's
/// `rosenbrock_ab` with `a = 1`, `b = 100` written in).
#[differentiate]
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

/// Beale: `(1.5 - x1 + x1 x2)² + (2.25 - x1 + x1 x2²)² + (2.625 - x1 + x1 x2³)²`.
#[differentiate]
pub fn beale<T>(param: &[T; 2]) -> T
where
    T: Float + FromPrimitive,
{
    let [x1, x2] = *param;
    (T::from_f64(1.5).unwrap() - x1 + x1 * x2).powi(2)
        + (T::from_f64(2.25).unwrap() - x1 + x1 * (x2.powi(2))).powi(2)
        + (T::from_f64(2.625).unwrap() - x1 + x1 * (x2.powi(3))).powi(2)
}

/// Himmelblau: `(x1² + x2 - 11)² + (x1 + x2² - 7)²`.
#[differentiate]
pub fn himmelblau<T>(param: &[T; 2]) -> T
where
    T: Float + FromPrimitive,
{
    let [x1, x2] = *param;
    let n7 = T::from_f64(7.0).unwrap();
    let n11 = T::from_f64(11.0).unwrap();
    (x1.powi(2) + x2 - n11).powi(2) + (x1 + x2.powi(2) - n7).powi(2)
}

/// Three-hump camel: `2 x1² - 1.05 x1⁴ + x1⁶ / 6 + x1 x2 + x2²`.
#[differentiate]
pub fn threehumpcamel<T>(param: &[T; 2]) -> T
where
    T: Float + FromPrimitive,
{
    let [x1, x2] = *param;

    T::from_f64(2.0).unwrap() * x1.powi(2) - T::from_f64(1.05).unwrap() * x1.powi(4)
        + x1.powi(6) / T::from_f64(6.0).unwrap()
        + x1 * x2
        + x2.powi(2)
}

/// Goldstein-Price, a product of two quartics.
#[differentiate]
pub fn goldsteinprice<T>(param: &[T; 2]) -> T
where
    T: Float + FromPrimitive,
{
    let [x1, x2] = *param;
    let n1 = T::from_f64(1.0).unwrap();
    let n2 = T::from_f64(2.0).unwrap();
    let n3 = T::from_f64(3.0).unwrap();
    let n6 = T::from_f64(6.0).unwrap();
    let n12 = T::from_f64(12.0).unwrap();
    let n14 = T::from_f64(14.0).unwrap();
    let n18 = T::from_f64(18.0).unwrap();
    let n19 = T::from_f64(19.0).unwrap();
    let n27 = T::from_f64(27.0).unwrap();
    let n30 = T::from_f64(30.0).unwrap();
    let n32 = T::from_f64(32.0).unwrap();
    let n36 = T::from_f64(36.0).unwrap();
    let n48 = T::from_f64(48.0).unwrap();
    (n1 + (x1 + x2 + n1).powi(2)
        * (n19 - n14 * (x1 + x2) + n3 * (x1.powi(2) + x2.powi(2)) + n6 * x1 * x2))
        * (n30
            + (n2 * x1 - n3 * x2).powi(2)
                * (n18 - n32 * x1 + n12 * x1.powi(2) + n48 * x2 - n36 * x1 * x2 + n27 * x2.powi(2)))
}

/// Ackley: `-a e^{-b √(Σx²/n)} - e^{Σcos(c x)/n} + a + e` (argmin's `ackley_abc`
/// with `a = 20`, `b = 0.2`, `c = 2π` written in).
#[differentiate]
pub fn ackley<T>(param: &[T]) -> T
where
    T: Float + FromPrimitive + Sum,
{
    let a = T::from_f64(20.0).unwrap();
    let b = T::from_f64(0.2).unwrap();
    let c = T::from_f64(2.0 * PI).unwrap();
    let num1 = T::from_f64(1.0).unwrap();
    let n = T::from_usize(param.len()).unwrap();
    -a * (-b * ((num1 / n) * param.iter().map(|x| x.powi(2)).sum()).sqrt()).exp()
        - ((num1 / n) * param.iter().map(|x| (c * *x).cos()).sum()).exp()
        + a
        + num1.exp()
}

/// Rastrigin: `a n + Σ (x² - a cos(2π x))` (argmin's `rastrigin_a`, `a = 10`).
#[differentiate]
pub fn rastrigin<T>(param: &[T]) -> T
where
    T: Float + FromPrimitive + Sum,
{
    let a = T::from_f64(10.0).unwrap();
    a * T::from_usize(param.len()).unwrap()
        + param
            .iter()
            .map(|&x| x.powi(2) - a * (T::from_f64(2.0 * PI).unwrap() * x).cos())
            .sum()
}

fn points2() -> Vec<[f64; 2]> {
    vec![[0.3, -1.2], [1.1, 0.7], [-2.0, 0.4], [0.9, 1.6]]
}

fn pointsn() -> Vec<Vec<f64>> {
    vec![
        vec![0.5, 1.5, -0.3],
        vec![-1.2, 1.0, 0.8, 0.45, 2.0],
        vec![0.1, -0.7],
    ]
}

/// Checks a function of a slice, generated as `f_grad(x, d_x)`, at f64, f32 and `Fd`.
macro_rules! check_slice {
    ($f:ident, $grad:ident, $points:expr) => {
        for x in $points {
            let mut d = vec![0.0; x.len()];
            let (value, _) = $grad(&x, &mut d);
            assert_eq!(value, $f(&x));
            check(stringify!($f), &x, &d, |p| $f(p), |p| $f(p));
            let mut d32 = vec![0.0f32; x.len()];
            let _ = $grad(&to_f32(&x), &mut d32);
            check_f32(stringify!($f), &d32, &d);
        }
    };
}

/// Checks a function of a `&[T; 2]` at f64, f32 (unless `f64_only`) and `Fd`.
macro_rules! check_pair {
    ($f:ident, $grad:ident, $check32:expr) => {
        for x in points2() {
            let mut d = [0.0; 2];
            let (value, _) = $grad(&x, &mut d);
            assert_eq!(value, $f(&x));
            check(
                stringify!($f),
                &x,
                &d,
                |p| $f(&[p[0], p[1]]),
                |p| $f(&[p[0], p[1]]),
            );
            let mut d32 = [0.0f32; 2];
            let _ = $grad(&[x[0] as f32, x[1] as f32], &mut d32);
            if $check32 {
                check_f32(stringify!($f), &d32, &d);
            }
        }
    };
}

#[test]
fn rosenbrock_at_f64_f32_and_duals() {
    check_slice!(rosenbrock, rosenbrock_grad, pointsn());
}

#[test]
fn slices_of_argmin_functions() {
    check_slice!(ackley, ackley_grad, pointsn());
    check_slice!(rastrigin, rastrigin_grad, pointsn());
}

#[test]
fn arrays_of_argmin_functions() {
    check_pair!(beale, beale_grad, true);
    check_pair!(himmelblau, himmelblau_grad, true);
    check_pair!(threehumpcamel, threehumpcamel_grad, true);
    // Goldstein-Price reaches 1e5 from terms of 1e3: f32 keeps too few digits.
    check_pair!(goldsteinprice, goldsteinprice_grad, false);
}
