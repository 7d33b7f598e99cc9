//! Checks every bench runs before timing anything: each method must give the generated
//! value and gradient, so a wrong method cannot be timed by mistake.

/// Agreement demanded of every exact method with the generated gradient, relative to
/// `max(1, |generated|)`.
pub const TOL: f64 = 1e-9;

/// Panics unless `got` agrees with `want` (the generated value and gradient) to `tol`,
/// relative to `max(1, |want|)`, naming the function, the method and the input.
pub fn assert_agrees(
    function: &str,
    method: &str,
    tol: f64,
    got: (f64, &[f64]),
    want: (f64, &[f64]),
) {
    assert_eq!(
        got.1.len(),
        want.1.len(),
        "{function}/{method}: gradient length"
    );
    let close = |a: f64, b: f64| (a - b).abs() <= tol * b.abs().max(1.0);
    assert!(
        close(got.0, want.0),
        "{function}/{method}: value {} but generated gives {}",
        got.0,
        want.0
    );
    for (i, (&g, &w)) in got.1.iter().zip(want.1).enumerate() {
        assert!(
            close(g, w),
            "{function}/{method}: d/d(input {i}) = {g:e} but generated gives {w:e} (diff {:e})",
            (g - w).abs()
        );
    }
}

/// Central-difference step for an input of size `x`: `cbrt(ε)·max(1, |x|)`, which balances
/// the `O(h²)` truncation error against the `O(ε/h)` rounding error.
pub fn fd_step(x: f64) -> f64 {
    f64::EPSILON.cbrt() * x.abs().max(1.0)
}
