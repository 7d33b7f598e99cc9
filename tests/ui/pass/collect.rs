// A chain collected into a `Vec` local, read by element.
use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let v: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    v[0] * v[1]
}

fn main() {
    let mut d_x = [0.0; 2];
    let (value, _) = f_grad(&[1.5, 3.0], &mut d_x);
    assert_eq!(value, f(&[1.5, 3.0]));
    assert_eq!(d_x, [2.0 * 6.0, 3.0 * 2.0]);
}
