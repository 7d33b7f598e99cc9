use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: usize) -> f64 {
    let mut s = 0.0;
    for (i, _) in (0..n).enumerate() {
        s += x * (i as f64);
    }
    s
}

fn main() {}
