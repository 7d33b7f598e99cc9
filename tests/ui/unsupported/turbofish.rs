use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    x.max::<f64>(y)
}

fn main() {}
