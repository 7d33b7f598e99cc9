use backprop::differentiate;

#[differentiate]
fn f(w: &[f64]) -> f64 {
    let mut s = 0.0;
    for v in w.iter().map(|v| v * 2.0) {
        s += v;
    }
    s + w.first().copied().unwrap_or(0.0)
}

fn main() {}
