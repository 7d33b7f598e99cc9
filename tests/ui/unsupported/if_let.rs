use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    if let 1..=3 = n {
        x * x
    } else {
        x
    }
}

fn main() {}
