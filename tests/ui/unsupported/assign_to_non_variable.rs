use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    s.abs() = y;
    s
}

fn main() {}
