use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let n = x as i32;
    y * n as f64
}

fn main() {}
