//! A derivative supplied by hand: the Lambert W function, computed by Newton's method
//! (differentiating the iterations would be wasteful and less accurate), given its
//! derivative `W'(x) = 1 / ((1 + W) e^W)` through the call protocol. A deliberately
//! wrong derivative is caught by the gradient checker.
use backprop::check::GradCheck;
use backprop::differentiate;

/// `W(x)`: the solution of `w e^w = x`, for `x > -1/e`, by Newton's method.
pub fn lambert_w(x: f64) -> f64 {
    let mut w = if x < 1.0 {
        x * (1.0 - x)
    } else {
        x.ln() - x.ln().ln().max(0.0)
    };
    for _ in 0..50 {
        let e = w.exp();
        let step = (w * e - x) / (e * (w + 1.0));
        w -= step;
        if step.abs() < 1e-15 * w.abs().max(1.0) {
            break;
        }
    }
    w
}

/// What `lambert_w_pullback` needs (`Debug` and `Clone`, like every cache).
#[derive(Debug, Clone)]
pub struct LambertWCache {
    w: f64,
}

/// Forward half of the protocol: the value and the cache.
pub fn lambert_w_forward(x: f64) -> (f64, LambertWCache) {
    let w = lambert_w(x);
    (w, LambertWCache { w })
}

/// Backward half: `d_out * W'(x)`, one entry per parameter.
pub fn lambert_w_pullback(cache: &LambertWCache, d_out: f64) -> (f64,) {
    let w = cache.w;
    (d_out / ((1.0 + w) * w.exp()),)
}

/// Which parameters the pullback differentiates.
pub const LAMBERT_W_WRT: [bool; 1] = [true];

/// A function using it: `f(x, y) = W(x y) + y²`.
#[differentiate]
fn uses_w(x: f64, y: f64) -> f64 {
    lambert_w(x * y) + y * y
}

mod wrong {
    /// The same function with a wrong derivative (forgets the `e^W` factor).
    pub fn w(x: f64) -> f64 {
        super::lambert_w(x)
    }
    #[derive(Debug, Clone)]
    pub struct WCache {
        w: f64,
    }
    pub fn w_forward(x: f64) -> (f64, WCache) {
        let w = w(x);
        (w, WCache { w })
    }
    pub fn w_pullback(cache: &WCache, d_out: f64) -> (f64,) {
        (d_out / (1.0 + cache.w),)
    }
    pub const W_WRT: [bool; 1] = [true];
}

#[differentiate]
fn uses_wrong(x: f64, y: f64) -> f64 {
    wrong::w(x * y) + y * y
}

#[test]
fn lambert_w_solves_its_equation() {
    for x in [-0.3, 0.0, 0.5, 1.0, 10.0] {
        let w = lambert_w(x);
        assert!((w * w.exp() - x).abs() < 1e-12, "W({x}) = {w}");
    }
}

#[test]
fn a_right_custom_derivative_passes_the_checker() {
    for (x, y) in [(0.5, 1.2), (2.0, 0.3), (-0.2, 1.1), (3.0, 2.5)] {
        let (value, g) = uses_w_grad(x, y);
        assert_eq!(value, uses_w(x, y));
        let report = GradCheck::default().run(|p| uses_w(p[0], p[1]), &[x, y], &[g.x, g.y]);
        assert!(report.passed(), "{report}");
    }
}

#[test]
fn a_wrong_custom_derivative_is_caught() {
    let (x, y) = (0.5, 1.2);
    let (_, g) = uses_wrong_grad(x, y);
    let report = GradCheck::default().run(|p| uses_wrong(p[0], p[1]), &[x, y], &[g.x, g.y]);
    assert!(
        !report.passed(),
        "the checker should reject the wrong derivative:\n{report}"
    );
    assert!(report.worst().error > 1e-2);
}

/// Forward mode of the Lambert W function by hand: `W'(x) = 1 / ((1 + W) e^W)`.
pub fn lambert_w_tangent(x: f64, t_x: f64) -> (f64, f64) {
    let w = lambert_w(x);
    (w, t_x / ((1.0 + w) * w.exp()))
}

#[differentiate(jvp)]
fn uses_w_along(x: f64, y: f64) -> f64 {
    lambert_w(x * y) + y
}

#[test]
fn a_custom_tangent_serves_forward_mode() {
    for (x, y) in [(0.5, 2.0), (1.5, 0.3)] {
        let (value, t) = uses_w_along_jvp(x, y, 0.7, -0.2);
        let (_, g) = uses_w_along_grad(x, y);
        assert_eq!(value, uses_w_along(x, y));
        let along = 0.7 * g.x - 0.2 * g.y;
        assert!(
            (t - along).abs() <= 1e-12 * along.abs().max(1.0),
            "{t} vs {along}"
        );
    }
}
