use backprop::differentiate;

#[differentiate]
fn norm2(w: &[f64; 2]) -> f64 {
    w[0] * w[0] + w[1] * w[1]
}

#[differentiate]
fn outer(a: f64, b: f64) -> f64 {
    let v = [a, b];
    norm2(&v) * a
}

fn main() {}
