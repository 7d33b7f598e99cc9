use backprop::differentiate;

#[differentiate]
fn f(x: &[[i32; 2]], y: f64) -> f64 {
    x[0][0] as f64 * y
}

fn main() {}
