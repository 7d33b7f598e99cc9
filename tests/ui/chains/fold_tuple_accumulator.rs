use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    x.iter().fold((0.0, 0.0), |(s, q), v| (s + v, q + v * v)).1
}

fn main() {}
