use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    if n == 0 {
        x
    } else {
        x * f(x, n - 1)
    }
}

fn main() {}
