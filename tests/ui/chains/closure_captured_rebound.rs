use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let k = x * 2.0;
    let scale = |t: f64| k * t;
    let k = y;
    scale(y) + k
}

fn main() {}
