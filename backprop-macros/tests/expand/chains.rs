// An iterator chain over a slice, desugared into the index loop one writes for it: the
// backward pass is one reversed loop adding `2.0 * v * d_sum` into `d_x[i]`.
#[differentiate]
fn sum_of_squares(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>()
}

// A local closure, inlined at each call (argmin's Levy weight).
#[differentiate]
fn weighted(x: f64, y: f64) -> f64 {
    let w = |t: f64| 1.0 + (t - 1.0) / 4.0;
    w(x) * w(y)
}
