//! Generic floats over the constructs the `f64` corpora test: operations and gates,
//! control flow, arrays (const generic lengths, nested, returned), calls between
//! generic differentiated functions, methods, `wrt`, forward mode; at `f64`, `f32` and
//! `Fd` (num-dual's `Dual64` as a `num_traits::Float`), against central finite
//! differences and num-dual. Run at `Fd`, the generated reverse pass gives
//! second derivatives (`H v`), checked against differences of the `f64` gradient.

mod common;
#[path = "common/float_dual.rs"]
mod float_dual;

use backprop::{differentiate, Float};
use common::{assert_close, assert_close_f32, fd_grad, H, RTOL_AD, RTOL_F32, RTOL_FD};
use float_dual::Fd;
use num_traits::FromPrimitive;
use std::f64::consts::PI;
use std::iter::Sum;

/// `grad` against finite differences of `f` and num-dual on `f_dual` (the same generic
/// function at `Fd`).
fn check(
    name: &str,
    x: &[f64],
    grad: &[f64],
    f: impl Fn(&[f64]) -> f64,
    f_dual: impl Fn(&[Fd]) -> Fd,
) {
    let fd = fd_grad(&f, x, H);
    for i in 0..x.len() {
        let seeded: Vec<Fd> = (0..x.len())
            .map(|j| Fd::new(x[j], if i == j { 1.0 } else { 0.0 }))
            .collect();
        let dual = f_dual(&seeded);
        assert_close(&format!("{name} value at {x:?}"), dual.re(), f(x), 1e-12);
        assert_close(
            &format!("{name} d{i} vs FD at {x:?}"),
            grad[i],
            fd[i],
            RTOL_FD,
        );
        assert_close(
            &format!("{name} d{i} vs num-dual at {x:?}"),
            grad[i],
            dual.eps(),
            RTOL_AD,
        );
    }
}

fn check_f32(name: &str, grad32: &[f32], grad64: &[f64]) {
    for (i, (g32, g64)) in grad32.iter().zip(grad64).enumerate() {
        assert_close_f32(&format!("{name} f32 d{i}"), *g32, *g64 as f32, RTOL_F32);
    }
}

const P2: [[f64; 2]; 4] = [[0.3, 1.2], [1.1, 0.7], [2.5, 0.4], [0.9, 1.6]];

/// Checks `f(x, y)` and its generated `f_grad` at f64, f32 and `Fd`.
macro_rules! check_xy {
    ($f:ident, $grad:ident) => {
        for p in P2 {
            let (value, g) = $grad(p[0], p[1]);
            assert_eq!(value, $f(p[0], p[1]));
            check(
                stringify!($f),
                &p,
                &[g.x, g.y],
                |a| $f(a[0], a[1]),
                |a| $f(a[0], a[1]),
            );
            let (_, g32) = $grad(p[0] as f32, p[1] as f32);
            check_f32(stringify!($f), &[g32.x, g32.y], &[g.x, g.y]);
        }
    };
}

// ---------------------------------------------------------------- operations

/// Exponentials, logarithms and powers: `e^{x y} / 10 + ln(x) y + √(x + y) + ∛y x
/// + x^y + (x y)^3 + e^x - 1 + ln(1 + y) + 1/x`.
#[differentiate]
fn powers<T: Float>(x: T, y: T) -> T {
    let ten = T::from(10.0).unwrap();
    (x * y).exp() / ten
        + x.ln() * y
        + (x + y).sqrt()
        + y.cbrt() * x
        + x.powf(y)
        + (x * y).powi(3)
        + x.exp_m1()
        + y.ln_1p()
        + x.recip()
}

/// Trigonometry: `sin x cos y + tan(x / 3) + atan2(y, x) + hypot(x, y) + tanh(x y)
/// + sinh(y) / cosh(x) + asin(x / 4) + atan(y)`.
#[differentiate]
fn trigonometry<T: Float>(x: T, y: T) -> T {
    let (three, four) = (T::from(3).unwrap(), T::from(4.0).unwrap());
    x.sin() * y.cos()
        + (x / three).tan()
        + y.atan2(x)
        + x.hypot(y)
        + (x * y).tanh()
        + y.sinh() / x.cosh()
        + (x / four).asin()
        + y.atan()
}

/// Kinks away from the kink and the gates: `|x - y| + max(x, y) - min(x, 2y)
/// + σ(x - y) + softplus(y) + relu(x - 1) + log σ(x) + gelu(y)`, and `T::epsilon()`
/// and `T::one()` as constants.
#[differentiate]
fn gates<T: Float>(x: T, y: T) -> T {
    let two = T::one() + T::one();
    (x - y).abs() + x.max(y) - x.min(two * y)
        + backprop::sigmoid(x - y)
        + backprop::softplus(y)
        + backprop::relu(x - T::one())
        + backprop::log_sigmoid(x)
        + backprop::gelu(y)
        + (x * x + T::epsilon()).sqrt()
}

#[test]
fn operations() {
    check_xy!(powers, powers_grad);
    check_xy!(trigonometry, trigonometry_grad);
    check_xy!(gates, gates_grad);
}

// -------------------------------------------------------------- control flow

/// A piecewise function, a loop with a carried value, a `match` on a constant
/// parameter and an early `return`.
#[differentiate(wrt(x, y))]
fn control_flow<T: Float + FromPrimitive>(x: T, y: T, steps: usize, kind: u8) -> T {
    if x > T::from_f64(5.0).unwrap() {
        return x * y;
    }
    let mut acc = if x > y { x - y } else { (y - x).powi(2) };
    for i in 0..steps {
        let k = T::from_usize(i + 1).unwrap();
        acc = acc * T::from_f64(0.9).unwrap() + (x * k).sin() / k;
    }
    let mut n = 0;
    while n < 3 {
        acc = acc + y / T::from_i32(n + 2).unwrap();
        n += 1;
    }
    match kind {
        0 => acc * x,
        1 => acc + y.exp(),
        _ => acc,
    }
}

#[test]
fn control_flow_generic() {
    for p in P2.iter().chain(&[[6.0, 0.5]]) {
        for (steps, kind) in [(0, 0), (3, 1), (5, 2)] {
            let (value, g) = control_flow_grad(p[0], p[1], steps, kind);
            assert_eq!(value, control_flow(p[0], p[1], steps, kind));
            let f = |a: &[f64]| control_flow(a[0], a[1], steps, kind);
            let f_dual = |a: &[Fd]| control_flow(a[0], a[1], steps, kind);
            check("control_flow", p, &[g.x, g.y], f, f_dual);
            let (_, g32) = control_flow_grad(p[0] as f32, p[1] as f32, steps, kind);
            check_f32("control_flow", &[g32.x, g32.y], &[g.x, g.y]);
        }
    }
}

// -------------------------------------------------------------------- arrays

/// A const-generic length over `f64`: `Σ_i w_i x_i² + x_0 x_{N-1}`.
#[differentiate]
fn weighted<const N: usize>(x: [f64; N], w: [f64; N]) -> f64 {
    let mut s = x[0] * x[N - 1];
    for i in 0..N {
        s += w[i] * x[i] * x[i];
    }
    s
}

/// Generic float and length: the chained Rosenbrock over `&[T; N]`.
#[differentiate]
fn rosenbrock_n<T: Float + FromPrimitive, const N: usize>(x: &[T; N]) -> T {
    let mut sum = T::zero();
    for i in 0..N - 1 {
        let a = T::one() - x[i];
        let b = x[i + 1] - x[i] * x[i];
        sum = sum + a * a + T::from_f64(100.0).unwrap() * b * b;
    }
    sum
}

/// A nested array by value: `Σ_ij m_ij v_j tanh(m_ij)` over a 3×2 matrix.
#[allow(clippy::needless_range_loop)] // index loops, as numeric code writes them
#[differentiate]
fn bilinear<T: Float>(m: [[T; 2]; 3], v: [T; 2]) -> T {
    let mut s = T::zero();
    for row in 0..3 {
        for col in 0..2 {
            s = s + m[row][col] * v[col] * m[row][col].tanh();
        }
    }
    s
}

/// A loop over a const generic length saving a value per run (a `Vec`: the length of
/// a fixed-size array of runs cannot depend on `T` or `N` on stable Rust):
/// `Σ σ(x_i) x_{i+1}` carried through `acc`.
#[differentiate]
fn chained<T: Float, const N: usize>(x: [T; N]) -> T {
    let mut acc = T::zero();
    for i in 0..N - 1 {
        acc = acc + backprop::sigmoid(x[i] + acc) * x[i + 1];
    }
    acc
}

#[test]
fn loops_over_const_generic_lengths() {
    for x in [[0.5, -1.0, 2.0, 0.25], [1.5, 0.3, -0.7, 1.1]] {
        let (value, g) = chained_grad(x);
        assert_eq!(value, chained(x));
        let f = |a: &[f64]| chained([a[0], a[1], a[2], a[3]]);
        let f_dual = |a: &[Fd]| chained([a[0], a[1], a[2], a[3]]);
        check("chained", &x, &g.x, f, f_dual);
        let (_, g32) = chained_grad(x.map(|v| v as f32));
        check_f32("chained", &g32.x, &g.x);
    }
}

/// An array returned: `[x y, x + y²]` (`f_backward` takes `d_out: [T; 2]`).
#[differentiate]
fn pair<T: Float>(x: T, y: T) -> [T; 2] {
    [x * y, x + y * y]
}

#[test]
fn arrays_generic() {
    let x = [0.5, -1.0, 2.0, 0.25];
    let w = [1.0, 2.0, 0.5, 3.0];
    let (value, g) = weighted_grad(x, w);
    assert_eq!(value, weighted(x, w));
    let f = |a: &[f64]| weighted([a[0], a[1], a[2], a[3]], w);
    let fd = fd_grad(f, &x, H);
    for i in 0..4 {
        assert_close("weighted d_x", g.x[i], fd[i], RTOL_FD);
        assert_close(
            "weighted d_x exact",
            g.x[i],
            2.0 * w[i] * x[i]
                + if i == 0 {
                    x[3]
                } else if i == 3 {
                    x[0]
                } else {
                    0.0
                },
            1e-15,
        );
    }

    for x in [[0.5, 1.5, -0.3], [-1.2, 1.0, 0.8]] {
        let mut d = [0.0; 3];
        let (value, _) = rosenbrock_n_grad(&x, &mut d);
        assert_eq!(value, rosenbrock_n(&x));
        let f = |a: &[f64]| rosenbrock_n(&[a[0], a[1], a[2]]);
        let f_dual = |a: &[Fd]| rosenbrock_n(&[a[0], a[1], a[2]]);
        check("rosenbrock_n", &x, &d, f, f_dual);
        let mut d32 = [0.0f32; 3];
        let _ = rosenbrock_n_grad(&x.map(|v| v as f32), &mut d32);
        check_f32("rosenbrock_n", &d32, &d);
    }

    let m = [[0.5, -0.2], [1.1, 0.3], [-0.7, 0.9]];
    let v = [0.4, -1.3];
    let (value, g) = bilinear_grad(m, v);
    assert_eq!(value, bilinear(m, v));
    let flat: Vec<f64> = m.iter().flatten().chain(&v).copied().collect();
    let unflat = |a: &[f64]| ([[a[0], a[1]], [a[2], a[3]], [a[4], a[5]]], [a[6], a[7]]);
    let analytic: Vec<f64> = g.m.iter().flatten().chain(&g.v).copied().collect();
    let f = |a: &[f64]| {
        let (m, v) = unflat(a);
        bilinear(m, v)
    };
    let f_dual = |a: &[Fd]| bilinear([[a[0], a[1]], [a[2], a[3]], [a[4], a[5]]], [a[6], a[7]]);
    check("bilinear", &flat, &analytic, f, f_dual);

    for p in P2 {
        for seed in [[1.0, 0.0], [0.0, 1.0], [0.5, -2.0]] {
            let (value, cache) = pair_forward(p[0], p[1]);
            assert_eq!(value, pair(p[0], p[1]));
            let g = pair_backward(&cache, seed);
            let f = |a: &[f64]| {
                let out = pair(a[0], a[1]);
                seed[0] * out[0] + seed[1] * out[1]
            };
            let f_dual = |a: &[Fd]| {
                let out = pair(a[0], a[1]);
                Fd::new(seed[0], 0.0) * out[0] + Fd::new(seed[1], 0.0) * out[1]
            };
            check("pair", &p, &[g.x, g.y], f, f_dual);
        }
    }
}

// --------------------------------------------------------------------- calls

/// One term of the Rosenbrock sum, generic: `(a - x)² + b (y - x²)²`.
#[differentiate]
fn rosenbrock_term<T: Float>(x: T, y: T, a: T, b: T) -> T {
    (a - x).powi(2) + b * (y - x.powi(2)).powi(2)
}

/// Rosenbrock calling the generic term, with argmin's constants.
#[differentiate]
fn rosenbrock_calls<T: Float + FromPrimitive>(param: &[T]) -> T {
    let mut total = T::zero();
    for i in 0..param.len() - 1 {
        total = total
            + rosenbrock_term(
                param[i],
                param[i + 1],
                T::from_f64(1.0).unwrap(),
                T::from_f64(100.0).unwrap(),
            );
    }
    total
}

/// Levy (argmin's, verbatim): a local closure, a sub-slice and `π`.
#[differentiate]
pub fn levy<T>(param: &[T]) -> T
where
    T: Float + FromPrimitive + Sum,
{
    let plen = param.len();
    assert!(plen >= 2);

    let n1 = T::from_f64(1.0).unwrap();
    let n2 = T::from_f64(2.0).unwrap();
    let n4 = T::from_f64(4.0).unwrap();
    let n10 = T::from_f64(10.0).unwrap();
    let pi = T::from_f64(PI).unwrap();

    let w = |x: T| n1 + (x - n1) / n4;

    (pi * w(param[0])).sin().powi(2)
        + param[1..(plen - 1)]
            .iter()
            .map(|x| w(*x))
            .map(|wi: T| (wi - n1).powi(2) * (n1 + n10 * (pi * wi + n1).sin().powi(2)))
            .sum()
        + (w(param[plen - 1]) - n1).powi(2) * (n1 + (n2 * pi * w(param[plen - 1])).sin().powi(2))
}

#[test]
fn calls_and_closures_generic() {
    for x in [vec![0.5, 1.5, -0.3], vec![-1.2, 1.0, 0.8, 0.45, 2.0]] {
        let mut d = vec![0.0; x.len()];
        let (value, _) = rosenbrock_calls_grad(&x, &mut d);
        assert_eq!(value, rosenbrock_calls(&x));
        check(
            "rosenbrock_calls",
            &x,
            &d,
            rosenbrock_calls,
            rosenbrock_calls,
        );
        let mut d32 = vec![0.0f32; x.len()];
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let _ = rosenbrock_calls_grad(&x32, &mut d32);
        check_f32("rosenbrock_calls", &d32, &d);

        let mut d = vec![0.0; x.len()];
        let (value, _) = levy_grad(&x, &mut d);
        assert_eq!(value, levy(&x));
        check("levy", &x, &d, levy, levy);
        let mut d32 = vec![0.0f32; x.len()];
        let _ = levy_grad(&x32, &mut d32);
        check_f32("levy", &d32, &d);
    }
}

// ------------------------------------------------------- methods, forward mode

/// A model whose parameters are integers (constants); the method is generic.
struct Polynomial {
    degree: i32,
}

#[differentiate]
impl Polynomial {
    /// `x^degree + x y`.
    #[differentiate]
    fn eval<T: Float>(&self, x: T, y: T) -> T {
        x.powi(self.degree) + x * y
    }
}

/// Forward mode of a generic function: `x² sin(y) + e^{x y}`.
#[differentiate(jvp)]
fn wave<T: Float>(x: T, y: T) -> T {
    x * x * y.sin() + (x * y).exp()
}

#[test]
fn methods_and_forward_mode_generic() {
    let model = Polynomial { degree: 3 };
    for p in P2 {
        let (value, g) = model.eval_grad(p[0], p[1]);
        assert_eq!(value, model.eval(p[0], p[1]));
        check(
            "eval",
            &p,
            &[g.x, g.y],
            |a| model.eval(a[0], a[1]),
            |a| model.eval(a[0], a[1]),
        );
        let (_, g32) = model.eval_grad(p[0] as f32, p[1] as f32);
        check_f32("eval", &[g32.x, g32.y], &[g.x, g.y]);

        let (_, g) = wave_grad(p[0], p[1]);
        for t in [[1.0, 0.0], [0.0, 1.0], [0.3, -0.8]] {
            let (value, tangent) = wave_jvp(p[0], p[1], t[0], t[1]);
            assert_eq!(value, wave(p[0], p[1]));
            let dual = wave(Fd::new(p[0], t[0]), Fd::new(p[1], t[1]));
            assert_close("wave jvp vs num-dual", tangent, dual.eps(), RTOL_AD);
            assert_close("wave jvp vs grad", tangent, g.x * t[0] + g.y * t[1], 1e-12);
            let (_, t32) = wave_jvp(p[0] as f32, p[1] as f32, t[0] as f32, t[1] as f32);
            assert_close_f32("wave jvp f32", t32, tangent as f32, RTOL_F32);
        }
    }
}

// ----------------------------------------------------- second order over duals

/// `H v` from the generated reverse pass run over duals seeded along `v`, against
/// central differences of the `f64` gradient along `v`.
fn check_hvp(
    name: &str,
    x: &[f64],
    v: &[f64],
    grad: impl Fn(&[f64]) -> Vec<f64>,
    grad_dual: impl Fn(&[Fd]) -> Vec<Fd>,
) {
    let seeded: Vec<Fd> = x.iter().zip(v).map(|(&xi, &vi)| Fd::new(xi, vi)).collect();
    let g_dual = grad_dual(&seeded);
    let g = grad(x);
    let h = 1e-5;
    let plus: Vec<f64> = x.iter().zip(v).map(|(xi, vi)| xi + h * vi).collect();
    let minus: Vec<f64> = x.iter().zip(v).map(|(xi, vi)| xi - h * vi).collect();
    let (gp, gm) = (grad(&plus), grad(&minus));
    for i in 0..x.len() {
        assert_close(
            &format!("{name} gradient over duals [{i}]"),
            g_dual[i].re(),
            g[i],
            1e-12,
        );
        let fd = (gp[i] - gm[i]) / (2.0 * h);
        assert_close(
            &format!("{name} (H v)[{i}] at {x:?}"),
            g_dual[i].eps(),
            fd,
            1e-5,
        );
    }
}

#[test]
fn second_derivatives_over_duals() {
    for (x, v) in [
        (vec![0.5, 1.5, -0.3], vec![1.0, 0.0, 0.0]),
        (vec![-1.2, 1.0, 0.8, 0.45], vec![0.3, -1.0, 0.5, 2.0]),
    ] {
        let grad = |p: &[f64]| {
            let mut d = vec![0.0; p.len()];
            let _ = rosenbrock_calls_grad(p, &mut d);
            d
        };
        let grad_dual = |p: &[Fd]| {
            let mut d = vec![Fd::new(0.0, 0.0); p.len()];
            let _ = rosenbrock_calls_grad(p, &mut d);
            d
        };
        check_hvp("rosenbrock_calls", &x, &v, grad, grad_dual);
        let grad = |p: &[f64]| {
            let mut d = vec![0.0; p.len()];
            let _ = levy_grad(p, &mut d);
            d
        };
        let grad_dual = |p: &[Fd]| {
            let mut d = vec![Fd::new(0.0, 0.0); p.len()];
            let _ = levy_grad(p, &mut d);
            d
        };
        check_hvp("levy", &x, &v, grad, grad_dual);
    }
    for p in P2 {
        for v in [[1.0, 0.0], [0.0, 1.0], [0.7, -0.4]] {
            let grad = |a: &[f64]| {
                let (_, g) = trigonometry_grad(a[0], a[1]);
                vec![g.x, g.y]
            };
            let grad_dual = |a: &[Fd]| {
                let (_, g) = trigonometry_grad(a[0], a[1]);
                vec![g.x, g.y]
            };
            check_hvp("trigonometry", &p, &v, grad, grad_dual);
        }
    }
}
