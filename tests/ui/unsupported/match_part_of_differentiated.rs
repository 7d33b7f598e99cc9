use backprop::differentiate;

#[differentiate]
fn f(x: f64, y: f64) -> f64 {
    match [x, y] {
        [a, _] if a > 0.0 => a * y,
        _ => y,
    }
}

fn main() {}
