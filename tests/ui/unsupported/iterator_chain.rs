use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: usize) -> f64 {
    (0..n).map(|i| x * i as f64).sum::<f64>()
}

fn main() {}
