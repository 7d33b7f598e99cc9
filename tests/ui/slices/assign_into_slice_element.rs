use backprop::differentiate;

#[differentiate]
fn f(w: &[f64], x: f64) -> f64 {
    w[0] = x;
    w[0] * x
}

fn main() {}
