use backprop::differentiate;

#[differentiate(wrt(1.0))]
fn f(x: f64, y: f64) -> f64 {
    x * y
}

fn main() {}
