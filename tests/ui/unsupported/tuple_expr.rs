use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let t = (x, y);
    t.0 * t.1
}

fn main() {}
