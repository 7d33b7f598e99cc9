use backprop::differentiate;

#[differentiate]
fn f(x: [f64; 2]) -> f64 {
    x[0] * x[1]
}

fn main() {}
