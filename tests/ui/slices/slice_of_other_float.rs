use backprop::differentiate;

#[differentiate]
fn f(w: &[f32], y: f64) -> f64 {
    w[0] as f64 * y
}

fn main() {}
