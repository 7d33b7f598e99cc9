use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    helper(x) + y
}

fn helper(t: f64) -> f64 {
    t * t
}

fn main() {}
