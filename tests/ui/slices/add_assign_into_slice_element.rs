use backprop::differentiate;

#[differentiate]
fn f(w: &[f64], x: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..w.len() {
        w[i] += x;
        s += w[i];
    }
    s
}

fn main() {}
