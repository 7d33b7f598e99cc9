use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let _r = x..y;
    x * y
}

fn main() {}
