use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s = x as f32;
    y * s as f64
}

fn main() {}
