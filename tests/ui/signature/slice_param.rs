use backprop::differentiate;

#[differentiate]
fn f(x: &[u8], y: f64) -> f64 {
    x[0] as f64 * y
}

fn main() {}
