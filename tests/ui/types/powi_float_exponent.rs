use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    x.powi(2.0) + y
}

fn main() {}
