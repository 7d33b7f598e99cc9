use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let m = [x, y].map(|v| v * 2.0);
    m[0] + m[1]
}

fn main() {}
