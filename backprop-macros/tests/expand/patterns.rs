/// argmin's Booth function over a reference to an array, taken apart by a pattern.
#[differentiate]
fn booth(param: &[f64; 2]) -> f64 {
    let [x1, x2] = *param;
    (x1 + 2.0 * x2 - 7.0).powi(2) + (2.0 * x1 + x2 - 5.0).powi(2)
}

/// Polar to Cartesian coordinates by `sin_cos`.
#[differentiate]
fn to_cartesian(r: f64, theta: f64) -> (f64, f64) {
    let (s, c) = theta.sin_cos();
    (r * c, r * s)
}

/// A recurrence by tuple swaps.
#[differentiate]
fn recurrence(x: f64) -> f64 {
    let (mut a, mut b) = (1.0, x);
    for _ in 0..4 {
        (a, b) = (b, a + x * b);
    }
    b
}

/// A 2×2 matrix built from values.
#[differentiate]
fn det_of_products(a: f64, b: f64) -> f64 {
    let m = [[a * b, b], [a, a + b]];
    m[0][0] * m[1][1] - m[0][1] * m[1][0]
}
