use backprop::differentiate;

fn rotate(a: f64, b: f64) -> (f64, f64) {
    (b, -a)
}

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let (mut a, mut b) = (x, y);
    (a, b) = rotate(a, b);
    a * b
}

fn main() {}
