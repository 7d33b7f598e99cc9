use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let _s = async { x * y };
    x
}

fn main() {}
