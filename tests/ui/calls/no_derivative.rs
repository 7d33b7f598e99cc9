use backprop::differentiate;

fn helper(x: f64) -> f64 {
    x.sin() * 2.0
}

#[differentiate]
fn f(x: f64) -> f64 {
    helper(x) + x
}

fn main() {}
