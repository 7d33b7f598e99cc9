// An array built from differentiated values, read by element.
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let a = [x, y * y];
    x * a[1] + a[0]
}

fn main() {
    let (value, g) = f_grad(2.0, 3.0);
    assert_eq!(value, f(2.0, 3.0));
    assert_eq!((g.x, g.y), (9.0 + 1.0, 2.0 * 2.0 * 3.0));
}
