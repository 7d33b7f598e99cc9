//! User variables named like the generated ones: `d_x`, `cache`, `d_out`, `out`, `value`.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let d_x = x * y;
    let cache = d_x.exp();
    let d_out = cache + x;
    let out = d_out * y;
    let value = out - d_x;
    value
}

fn main() {
    let (x, y) = (0.3, -1.2);
    let (value, grad) = f_grad(x, y);
    // f = x*y*e^(xy)... written out: (e^(xy) + x) * y - x*y
    let e = (x * y).exp();
    let expected = (e + x) * y - x * y;
    assert!((value - expected).abs() < 1e-12);
    assert_eq!(value, f(x, y));
    let dx = (y * e + 1.0) * y - y;
    let dy = (x * e) * y + (e + x) - x;
    assert!((grad.x - dx).abs() < 1e-12, "{} vs {dx}", grad.x);
    assert!((grad.y - dy).abs() < 1e-12, "{} vs {dy}", grad.y);
}
