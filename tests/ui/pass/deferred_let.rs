// `let s;` with the value assigned later, on every path (as rustc requires).
use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s;
    if x > y {
        s = x * y;
    } else {
        s = x - y;
    }
    let t;
    t = s.exp();
    t + s
}

fn main() {
    let (value, g) = f_grad(2.0, 0.5);
    assert_eq!(value, f(2.0, 0.5));
    let s: f64 = 1.0;
    assert!((g.x - (s.exp() + 1.0) * 0.5).abs() < 1e-12);
    assert!((g.y - (s.exp() + 1.0) * 2.0).abs() < 1e-12);
    let (_, g) = f_grad(0.5, 2.0);
    assert!((g.x - (-1.5f64).exp() - 1.0).abs() < 1e-12);
}
