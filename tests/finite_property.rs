//! A property of generated code: called wherever `f` is finite, `f_grad` does not panic,
//! returns `f`'s value, and returns no NaN where the true derivative is finite (except
//! at documented kinks, where it is the convention's number, still not NaN).
//!
//! A corpus of functions written the way numeric code is (polynomials with run-time
//! exponents, norms, clipped losses, fixed-point loops), each at a grid of points that
//! includes the special ones: zeros of both signs, ±1, tiny and huge magnitudes, and
//! points where arguments of `sqrt`, `max` or `powi` meet. Where central differences
//! with two steps agree (the function is smooth there) the gradient must match them;
//! elsewhere it must still be a number.

use backprop::{differentiate, huber, relu};

/// `Σ c_k x^k y^(3-k)` with run-time exponents.
#[differentiate]
fn homogeneous(x: f64, y: f64) -> f64 {
    let c = [1.0, -2.0, 0.5, 3.0];
    let mut p = 0.0;
    for (k, c_k) in c.iter().enumerate() {
        p += c_k * x.powi(k as i32) * y.powi(3 - k as i32);
    }
    p
}

/// The distance between two points, its square root, and the norm.
#[differentiate]
fn distance(x: f64, y: f64) -> f64 {
    let d = ((x - y) * (x - y)).sqrt();
    d + d.sqrt() * 0.5 + x.hypot(y)
}

/// A clipped, robust loss of a residual with a data-dependent threshold.
#[differentiate]
fn robust_loss(x: f64, y: f64) -> f64 {
    let r = x - 2.0 * y;
    let delta = y.abs() - 0.5;
    huber(r, delta) + relu(r + 0.25).max(x.min(y) - 1.3)
}

/// Powers with exponents that are zero for some arguments.
#[differentiate]
fn powers(x: f64, y: f64) -> f64 {
    let n = if y > 0.0 { 0 } else { 2 };
    x.powi(n) * y + x.powf(0.0) + (x * x).powf(0.5) + (x - y).cbrt() * (x - y)
}

/// A fixed-point iteration with an absurd bound, stopped after 30 steps (a stop on
/// convergence would differentiate a path that changes at some grid points).
#[differentiate]
fn fixed_point(x: f64, y: f64) -> f64 {
    let mut s = x.tanh();
    for step in 0..1_000_000_000_000usize {
        s = (s * y.tanh() + x.sin()) * 0.5;
        if step == 30 {
            break;
        }
    }
    s
}

/// `max` / `min` chains whose arguments meet.
#[differentiate]
fn envelope(x: f64, y: f64) -> f64 {
    let a = x.max(y).max(0.0);
    let b = x.min(y).min(x - y);
    a * b + (x * y).max(y * x)
}

/// A function of the corpus.
type Function = fn(f64, f64) -> f64;
/// Its `f_grad`, as `(value, ∂x, ∂y)`.
type Grad = fn(f64, f64) -> (f64, f64, f64);

/// The corpus: name, function, and `f_grad`.
fn corpus() -> Vec<(&'static str, Function, Grad)> {
    vec![
        ("homogeneous", homogeneous, |x, y| {
            let (v, g) = homogeneous_grad(x, y);
            (v, g.x, g.y)
        }),
        ("distance", distance, |x, y| {
            let (v, g) = distance_grad(x, y);
            (v, g.x, g.y)
        }),
        ("robust_loss", robust_loss, |x, y| {
            let (v, g) = robust_loss_grad(x, y);
            (v, g.x, g.y)
        }),
        ("powers", powers, |x, y| {
            let (v, g) = powers_grad(x, y);
            (v, g.x, g.y)
        }),
        ("fixed_point", fixed_point, |x, y| {
            let (v, g) = fixed_point_grad(x, y);
            (v, g.x, g.y)
        }),
        ("envelope", envelope, |x, y| {
            let (v, g) = envelope_grad(x, y);
            (v, g.x, g.y)
        }),
    ]
}

/// The partial derivative of `f` along `i` by central differences with step `h`.
fn central(f: impl Fn(f64, f64) -> f64, x: f64, y: f64, i: usize, h: f64) -> f64 {
    let (dx, dy) = if i == 0 { (h, 0.0) } else { (0.0, h) };
    (f(x + dx, y + dy) - f(x - dx, y - dy)) / (2.0 * h)
}

/// The one-sided slopes of `f` along `i`, left and right, with step `h`.
fn one_sided(f: impl Fn(f64, f64) -> f64, x: f64, y: f64, i: usize, h: f64) -> (f64, f64) {
    let (dx, dy) = if i == 0 { (h, 0.0) } else { (0.0, h) };
    let here = f(x, y);
    (
        (here - f(x - dx, y - dy)) / h,
        (f(x + dx, y + dy) - here) / h,
    )
}

#[test]
fn generated_gradients_are_numbers_wherever_the_function_is_and_match_where_smooth() {
    let special = [0.0, -0.0, 1.0, -1.0, 0.5, -2.0, 1e-8, -3e-7, 1e6, 2.0];
    let mut smooth_checks = 0;
    for (name, f, grad) in corpus() {
        for &x in &special {
            for &y in &special {
                let value = f(x, y);
                if !value.is_finite() {
                    continue;
                }
                let (v, dx, dy) = grad(x, y);
                assert!(
                    v == value || (v - value).abs() <= 1e-12 * value.abs(),
                    "{name}({x}, {y}): f_grad's value {v} vs {value}"
                );
                for (i, d) in [(0, dx), (1, dy)] {
                    assert!(!d.is_nan(), "{name}({x}, {y}): ∂{i} is NaN");
                    let scale = 1f64.max(x.abs()).max(y.abs());
                    let (coarse, fine) = (
                        central(f, x, y, i, 1e-4 * scale),
                        central(f, x, y, i, 1e-5 * scale),
                    );
                    // Smooth: the steps agree, and so do the one-sided slopes (a
                    // symmetric kink has agreeing central differences).
                    let (left, right) = one_sided(f, x, y, i, 1e-5 * scale);
                    let tolerance = 1f64.max(fine.abs());
                    let agree = (coarse - fine).abs() <= 1e-6 * tolerance
                        && (left - right).abs() <= 1e-3 * tolerance;
                    if coarse.is_finite() && fine.is_finite() && agree {
                        smooth_checks += 1;
                        assert!(
                            (d - fine).abs() <= 1e-4 * 1f64.max(fine.abs()),
                            "{name}({x}, {y}): ∂{i} = {d}, central differences {fine}"
                        );
                    }
                }
            }
        }
    }
    // Most points are smooth: the comparison is not vacuous.
    assert!(smooth_checks > 500, "only {smooth_checks} smooth checks");
}
