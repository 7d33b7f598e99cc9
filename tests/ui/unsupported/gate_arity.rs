use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    backprop::sigmoid(x, y)
}

fn main() {}
