use backprop::differentiate;

#[differentiate]
fn f(x: f64, n: i32) -> f64 {
    let scale = if n > 0 { 2.0 } else { 0.5 };
    x * scale
}

fn main() {}
