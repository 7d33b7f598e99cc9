use backprop::differentiate;

#[differentiate]
fn f(((x, y), z): ((f64, f64), f64)) -> f64 {
    x * y * z
}

fn main() {}
