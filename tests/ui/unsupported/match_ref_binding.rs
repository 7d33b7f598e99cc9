use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    match n {
        0 => x,
        ref k => x * *k as f64,
    }
}

fn main() {}
