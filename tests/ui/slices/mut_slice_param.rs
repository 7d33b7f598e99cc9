use backprop::differentiate;

#[differentiate]
fn f(w: &mut [f64], y: f64) -> f64 {
    w[0] * y
}

fn main() {}
