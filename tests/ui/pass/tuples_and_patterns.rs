// Once errors, now tuples and patterns (issue 12): a destructuring `let` and its
// names updated, a tuple local read by field, a `mut` array parameter assigned by
// element, and an array pattern in a `for` over rows.
use backprop::differentiate;

#[differentiate]
fn destructured(x: f64) -> f64 {
    let (mut a, mut b) = (x, x * 2.0);
    a += b;
    b *= a;
    let c = a * b;
    a = c + b;
    a * b
}

#[differentiate]
fn tuple_local(x: f64, y: f64) -> f64 {
    let t = (x, y);
    t.0 * t.1
}

#[differentiate]
fn bump(mut w: [f64; 2]) -> f64 {
    w[0] = w[1] * 2.0;
    w[0]
}

#[differentiate]
fn row_products(m: [[f64; 2]; 3]) -> f64 {
    let mut s = 0.0;
    for [a, b] in m.iter() {
        s += a * b;
    }
    s
}

fn main() {
    // a = 3x, b = 6x², c = 18x³, a' = 18x³ + 6x²: a' b = 108x⁵ + 36x⁴.
    let (value, grad) = destructured_grad(0.5);
    assert!((value - (108.0 * 0.03125 + 36.0 * 0.0625)).abs() < 1e-12);
    assert!((grad.x - (540.0 * 0.0625 + 144.0 * 0.125)).abs() < 1e-12);
    let (value, grad) = tuple_local_grad(2.0, 3.0);
    assert!(value == 6.0 && grad.x == 3.0 && grad.y == 2.0);
    let (value, grad) = bump_grad([1.0, 4.0]);
    assert!(value == 8.0 && grad.w == [0.0, 2.0]);
    let (value, grad) = row_products_grad([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
    assert!(value == 44.0 && grad.m == [[2.0, 1.0], [4.0, 3.0], [6.0, 5.0]]);
}
