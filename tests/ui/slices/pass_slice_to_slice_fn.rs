use backprop::differentiate;

#[differentiate]
fn norm2(w: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..w.len() {
        s += w[i] * w[i];
    }
    s
}

#[differentiate]
fn outer(w: &[f64], x: f64) -> f64 {
    norm2(w) * x
}

fn main() {}
