use backprop::differentiate;

#[differentiate]
fn f(x: f64) -> (f64, i32) {
    (x * x, 3)
}

fn main() {}
