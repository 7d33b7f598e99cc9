// Once errors, now iterator chains (issue 12): a `map` over an array summed with a
// turbofish, and a `map` over a range.
use backprop::differentiate;

#[differentiate]
fn scaled_sum(w: [f64; 3], x: f64) -> f64 {
    w.iter().map(|v| v * x).sum::<f64>()
}

#[differentiate(wrt(x))]
fn ramp(x: f64, n: usize) -> f64 {
    (0..n).map(|i| x * i as f64).sum::<f64>()
}

fn main() {
    let (value, grad) = scaled_sum_grad([1.0, 2.0, 3.0], 0.5);
    assert!((value - 3.0).abs() < 1e-12);
    assert!((grad.x - 6.0).abs() < 1e-12);
    assert!(grad.w.iter().all(|g| (g - 0.5).abs() < 1e-12));
    let (value, grad) = ramp_grad(2.0, 4);
    assert!((value - 12.0).abs() < 1e-12 && (grad.x - 6.0).abs() < 1e-12);
}
