use backprop::differentiate;

#[differentiate]
fn f(x: &[f64]) -> f64 {
    let v: Vec<f64> = x.iter().map(|v| v * 2.0).collect();
    v[0]
}

fn main() {}
