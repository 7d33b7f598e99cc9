use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    let square = |t: f64| t * t;
    square(x) + y
}

fn main() {}
