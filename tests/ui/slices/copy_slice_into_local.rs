use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let mut a = x;
    a[0] * 2.0
}

fn main() {}
