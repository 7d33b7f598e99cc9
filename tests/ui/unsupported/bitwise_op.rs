use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let s = x * y;
    s ^ x
}

fn main() {}
