use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let mut s = x;
    let t = (s = y);
    s * x
}

fn main() {}
